"""The story store on its own: schema by migration, dedupe, merge and split, concurrent writers."""

import json
import multiprocessing
import sqlite3

import pytest

from newsdigest.model import Article
from newsdigest.stories.store import StoreError, open_store


def _art(i, text=None, url=None, source="Outlet", date="2031-01-01"):
    return Article(id=f"a{i}", source=source, text=text or f"Article number {i} says something distinct {i}.",
                   title=f"Title {i}", date=date, url=url)


def _all_new(fresh, conn):
    return [None] * len(fresh)


def test_schema_comes_from_the_migrations(tmp_path):
    db = tmp_path / "s.db"
    open_store(db)
    con = sqlite3.connect(db)
    tables = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
    assert {"articles", "stories", "runs", "alembic_version"} <= tables
    assert con.execute("select version_num from alembic_version").fetchone()[0] == "0001"
    assert con.execute("pragma journal_mode").fetchone()[0] == "wal"
    # Opening again is a no-op upgrade, not an error.
    open_store(db)


def test_same_article_by_url_or_text_is_stored_once(tmp_path):
    store = open_store(tmp_path / "s.db")
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


def test_clashing_input_ids_are_kept_apart(tmp_path):
    store = open_store(tmp_path / "s.db")
    run = store.start_run([])
    store.add_articles(run, [_art(1)], _all_new)
    res = store.add_articles(run, [Article(id="a1", source="Other", text="Another text with the same id.")], _all_new)
    assert res.added == ["a1~2"]


def test_merge_and_split_keep_ids_traceable(tmp_path):
    store = open_store(tmp_path / "s.db")
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


def test_digest_is_not_saved_over_newer_articles(tmp_path):
    store = open_store(tmp_path / "s.db")
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


def test_two_writers_at_once_lose_nothing(tmp_path):
    db = str(tmp_path / "s.db")
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
    con = sqlite3.connect(db)
    assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert con.execute("select count(*) from articles").fetchone()[0] == 81
