"""The story store on its own: schema by migration, dedupe, merge and split, concurrent writers,
watch's source state. Every test runs on SQLite, and on PostgreSQL too when
NEWSDIGEST_TEST_PG_URL names a server (``.ci/run`` starts one; see the README)."""

import json
import multiprocessing
import os
import uuid

import pytest
import sqlalchemy as sa

from newsdigest.model import Article
from newsdigest.stories.store import StoreError, open_store

PG_URL = os.environ.get("NEWSDIGEST_TEST_PG_URL")
HEAD = "0003"


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path):
    """A store location: a SQLite file, or a fresh PostgreSQL database (dropped afterwards)."""
    if request.param == "sqlite":
        yield str(tmp_path / "s.db")
        return
    if not PG_URL:
        pytest.skip("PostgreSQL store tests skipped: NEWSDIGEST_TEST_PG_URL is not set "
                    "(.ci/run starts a server and sets it; see the README's PostgreSQL section)")
    pytest.importorskip("psycopg", reason="PostgreSQL store tests need psycopg: pip install 'newsdigest[postgres]'")
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"nd_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = sa.engine.make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _scalar(db, sql):
    """One value read with plain SQL, outside the store."""
    url = db if "://" in db else "sqlite:///" + db
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.exec_driver_sql(sql).scalar()
    finally:
        engine.dispose()


def _art(i, text=None, url=None, source="Outlet", date="2031-01-01"):
    return Article(id=f"a{i}", source=source, text=text or f"Article number {i} says something distinct {i}.",
                   title=f"Title {i}", date=date, url=url)


def _all_new(fresh, conn):
    return [None] * len(fresh)


def test_schema_comes_from_the_migrations(db):
    store = open_store(db)
    tables = set(sa.inspect(store.engine).get_table_names())
    assert {"articles", "stories", "runs", "sources", "alembic_version"} <= tables
    assert _scalar(db, "select version_num from alembic_version") == HEAD
    if store.is_sqlite:
        assert _scalar(db, "pragma journal_mode") == "wal"
    store.dispose()
    # Opening again is a no-op upgrade, not an error.
    open_store(db).dispose()


def test_a_store_made_by_an_older_version_is_upgraded_in_place(db):
    from alembic import command
    from alembic.config import Config
    from importlib.resources import files

    url = db if "://" in db else "sqlite:///" + db
    engine = sa.create_engine(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(files("newsdigest.stories") / "migrations"))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.exec_driver_sql("insert into stories (id, first_seen, updated, stale) values ('st-old', 't', 't', true)")
    engine.dispose()
    assert _scalar(db, "select version_num from alembic_version") == "0001"
    store = open_store(db)
    assert _scalar(db, "select version_num from alembic_version") == HEAD
    assert _scalar(db, "select count(*) from stories") == 1 and store.source_state("x") is None
    store.dispose()


def test_upgrade_fills_the_listing_columns_from_stored_digests(db):
    """0003 moves what the listing shows of a digest into columns; digests stored before it are read once."""
    import json

    from alembic import command
    from alembic.config import Config
    from importlib.resources import files

    url = db if "://" in db else "sqlite:///" + db
    engine = sa.create_engine(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(files("newsdigest.stories") / "migrations"))
    digest = {"summary": [{"text": "The bridge reopened on Monday."}],
              "articles": [{"source": "A"}, {"source": "B"}, {"source": "C", "duplicate_of": "x"}]}
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
        conn.execute(sa.text("insert into stories (id, first_seen, updated, stale, digest_json) "
                             "values ('st-old', 't', 't', false, :d), ('st-bad', 't', 't', false, '{not json')"),
                     {"d": json.dumps(digest)})
        for k, sid in enumerate(["st-old", "st-old", "st-old", "st-bad"]):
            conn.execute(sa.text("insert into articles (id, story_id, source, text, text_key, origin, added) "
                                 "values (:i, :s, :src, :t, :k, '', 't')"),
                         {"i": f"a{k}", "s": sid, "src": "ABCD"[k], "t": f"text {k}", "k": f"k{k}"})
    engine.dispose()
    store = open_store(db)
    listing = {s["id"]: s for s in store.list_stories()}
    assert listing["st-old"]["summary_first_sentence"] == "The bridge reopened on Monday."
    assert listing["st-old"]["independent_publishers"] == 2 and listing["st-old"]["publishers"] == 3
    # An unreadable digest leaves the columns empty: no first sentence, every outlet counted.
    assert listing["st-bad"]["summary_first_sentence"] is None and listing["st-bad"]["independent_publishers"] == 1
    store.dispose()


def test_same_article_by_url_or_text_is_stored_once(db):
    store = open_store(db)
    run = store.start_run(["x"])
    first = store.add_articles(run, [_art(1, url="https://e.example/a"), _art(2)], _all_new)
    assert first.added == ["a1", "a2"] and len(first.new_stories) == 2
    again = store.add_articles(run, [
        _art(3, text="Different words entirely.", url="https://www.e.example/a/"),  # same URL
        _art(4, text="ARTICLE number 2 says   something distinct 2!"),  # same text modulo case/punct
        _art(5, text="A genuinely new report."),
    ], _all_new)
    assert again.duplicates == ["a3", "a4"] and again.added == ["a5"]
    assert store.counts() == {"articles": 3, "stories": 3}


def test_clashing_input_ids_are_kept_apart(db):
    store = open_store(db)
    run = store.start_run([])
    store.add_articles(run, [_art(1)], _all_new)
    res = store.add_articles(run, [Article(id="a1", source="Other", text="Another text with the same id.")], _all_new)
    assert res.added == ["a1~2"]


def test_merge_and_split_keep_ids_traceable(db):
    store = open_store(db)
    run = store.start_run([])
    res = store.add_articles(run, [_art(1), _art(2), _art(3)], lambda fresh, conn: [None, 0, None])
    s1, s3 = res.new_stories
    assert [a.id for a in store.story_articles(s1)] == ["a1", "a2"]
    store.merge(s1, s3)
    assert store.resolve(s3) == s1
    assert [a.id for a in store.story_articles(s1)] == ["a1", "a2", "a3"]
    assert [s["id"] for s in store.list_stories()] == [s1]
    new = store.split(s1, ["a2"])
    listed = {s["id"]: s for s in store.list_stories()}
    assert set(listed) == {s1, new} and listed[new]["split_from"] == s1
    assert [a["id"] for a in listed[new]["articles"]] == ["a2"]
    with pytest.raises(StoreError):
        store.split(s1, ["a1", "a3"])  # would empty the story
    with pytest.raises(StoreError):
        store.resolve("st-nothing")


def test_digest_is_not_saved_over_newer_articles(db):
    store = open_store(db)
    run = store.start_run([])
    sid = store.add_articles(run, [_art(1)], _all_new).new_stories[0]
    assert store.digest(sid) is None  # stale until summarized
    assert store.save_digest(sid, ["a1"], {"id": sid}, "md", "<p>html</p>")
    assert json.loads(store.digest(sid)) == {"id": sid}
    store.add_articles(run, [_art(2)], lambda fresh, conn: [sid])
    assert store.digest(sid) is None
    assert not store.save_digest(sid, ["a1"], {"id": sid}, "md", "html")  # made before a2 arrived


def _writer(db, start, n, queue):
    store = open_store(db)
    run = store.start_run([f"writer {start}"])
    added = []
    for k in range(start, start + n, 5):
        res = store.add_articles(run, [_art(i) for i in range(k, k + 5)] + [_art(0)], _all_new)
        added += res.added
    queue.put(added)


def test_two_writers_at_once_lose_nothing(db):
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(db, start, 40, queue)) for start in (1, 41)]
    for p in procs:
        p.start()
    results = [queue.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=120)
        assert p.exitcode == 0
    stored = sorted(a for r in results for a in r)
    # 80 distinct articles plus the shared article a0, which only one writer may store.
    assert stored == sorted([f"a{i}" for i in range(0, 81)])
    if "://" not in db:
        assert _scalar(db, "pragma integrity_check") == "ok"
    assert _scalar(db, "select count(*) from articles") == 81
    assert _scalar(db, "select count(distinct story_id) from articles") == 81


def test_watch_source_state_round_trip(db):
    store = open_store(db)
    assert store.source_state("https://feeds.example/a.xml") is None
    store.save_source_state("https://feeds.example/a.xml", "feed", etag='"v1"', last_modified="Wed, 01 Jan 2031 00:00:00 GMT")
    store.save_source_state("https://feeds.example/a.xml", "feed", failures=2, retry_after=123.5, last_error="HTTP 500")
    state = store.source_state("https://feeds.example/a.xml")
    assert state["etag"] == '"v1"' and state["failures"] == 2 and state["retry_after"] == 123.5
    store.save_source_state("/data/folder", "folder", files={"a.txt": [1, 2]})
    assert store.source_state("/data/folder")["files"] == {"a.txt": [1, 2]}
    assert [s["source"] for s in store.list_sources()] == ["https://feeds.example/a.xml", "/data/folder"]
    with pytest.raises(ValueError):
        store.save_source_state("/data/folder", "folder", nonsense=1)
    store.dispose()


def test_long_ids_and_nul_characters_are_stored(db):
    store = open_store(db)
    run = store.start_run([])
    long_id = "https://news.example/" + "x" * 400
    res = store.add_articles(run, [Article(id=long_id, source="Out\x00let", text="Some text\x00 with a NUL.",
                                           url=long_id)], _all_new)
    assert res.added == [long_id[:240]]
    art = store.story_articles(res.new_stories[0])[0]
    assert art.text == "Some text with a NUL." and art.source == "Outlet"
    store.dispose()


def test_bare_postgres_urls_use_psycopg():
    from newsdigest.stories.store import database_url

    assert database_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    assert database_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
    assert database_url("postgresql+psycopg://u@h/d") == "postgresql+psycopg://u@h/d"


def test_a_password_never_shows_in_errors():
    with pytest.raises(StoreError) as err:
        open_store("postgresql+psycopg://me:s3cret@127.0.0.1:1/none?connect_timeout=2")
    assert "s3cret" not in str(err.value) and "***" in str(err.value)
