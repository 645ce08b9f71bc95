"""The story store: articles, stories and their digests in one database (SQLite by default).

Any SQLAlchemy URL works (``postgresql+psycopg://...``); a plain path means a SQLite file. The
schema is made and kept current by the Alembic migrations in ``migrations/``, run when the store
is opened. Functions take the ``Store`` and return model objects or plain dicts, so the CLI and
the API share them.

Concurrency: on SQLite every write transaction starts with ``BEGIN IMMEDIATE`` in WAL mode, so two
``add`` processes take turns instead of failing or overwriting each other (readers never wait);
the same article arriving in both is stored once (unique URL and text keys, checked inside the
transaction). On PostgreSQL every write transaction starts by taking one transaction-level
advisory lock (``pg_advisory_xact_lock``), the same one-writer-at-a-time rule, and reads go
through their own engine, which never takes it; a unique-key clash that still happens (a writer
outside this module) makes ``add_articles`` run its transaction again, and the second pass finds
the clashing article stored.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib.resources import files
from pathlib import Path
from typing import Any, Iterable

import sqlalchemy as sa

from newsdigest.model import Article, Story
from newsdigest.stories.schema import articles as articles_t
from newsdigest.stories.schema import runs as runs_t
from newsdigest.stories.schema import sources as sources_t
from newsdigest.stories.schema import stories as stories_t

DEFAULT_DB = "newsdigest.db"
ENV_DB = "NEWSDIGEST_DB"
# The key of the advisory lock every PostgreSQL write transaction takes (any constant bigint).
PG_WRITE_LOCK = 0x6E657773  # "news"
# Article ids are kept as given up to this length (the column holds 255; room for a "~N" suffix).
MAX_ID_CHARS = 240


class StoreError(ValueError):
    """A store that cannot be opened, or an id that names nothing; the message says which."""


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def database_url(db: str | os.PathLike | None) -> str:
    """``--db`` as given, else ``$NEWSDIGEST_DB``, else ``newsdigest.db`` here; a path -> SQLite."""
    value = str(db) if db else os.environ.get(ENV_DB) or DEFAULT_DB
    if "://" in value:
        # A bare postgres URL means the driver this package installs (psycopg 3), not psycopg2.
        return re.sub(r"^postgres(?:ql)?://", "postgresql+psycopg://", value)
    return "sqlite:///" + str(Path(value).expanduser().resolve())


def _text_key(text: str) -> str:
    # The same text modulo case, spacing and punctuation is the same article.
    norm = " ".join(re.findall(r"\w+", text.lower()))
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()


def _url_key(url: str | None) -> str | None:
    if not url or not re.match(r"(?i)^https?://", url.strip()):
        return None
    u = url.strip().lower().split("#", 1)[0].rstrip("/")
    u = re.sub(r"^https?://(www\.)?", "", u)
    return hashlib.sha1(u.encode("utf-8")).hexdigest()


def story_id_for(first_article_key: str) -> str:
    """A story's id comes from its first article's text key, so rerunning the same input in the
    same order gives the same ids."""
    return "st-" + first_article_key[:12]


@dataclass
class AddResult:
    run_id: int
    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    touched: list[str] = field(default_factory=list)
    new_stories: list[str] = field(default_factory=list)


class Store:
    def __init__(self, url: str):
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        self.is_postgres = url.startswith("postgres")
        kwargs: dict[str, Any] = {}
        if self.is_sqlite:
            path = url.split("///", 1)[-1]
            if path and path != ":memory:":
                parent = Path(path).parent
                if not parent.is_dir():
                    raise StoreError(f"cannot create the store {path}: folder {parent} does not exist")
            kwargs["connect_args"] = {"timeout": 120}
        try:
            self.engine = sa.create_engine(url, **kwargs)
        except Exception as exc:  # bad URL, missing driver
            hint = ""
            if self.is_postgres and isinstance(exc, (ImportError, sa.exc.NoSuchModuleError)):
                hint = " (PostgreSQL needs psycopg: pip install 'newsdigest[postgres]')"
            raise StoreError(f"cannot open the store {_safe_url(url)!r}: {exc}{hint}") from None
        # Reads go through their own engine: on SQLite in WAL mode they never wait for a writer,
        # and on PostgreSQL they never take the writers' advisory lock, while every write
        # transaction takes the write lock up front.
        self.reader = self.engine
        if self.is_sqlite:
            sa.event.listen(self.engine, "connect", _sqlite_connect)
            sa.event.listen(self.engine, "begin", _sqlite_begin)
            self.reader = sa.create_engine(url, **kwargs)
            sa.event.listen(self.reader, "connect", _sqlite_connect)
        elif self.is_postgres:
            sa.event.listen(self.engine, "begin", _pg_begin)
            self.reader = sa.create_engine(url, **kwargs)
        self._migrate()

    def _migrate(self) -> None:
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(files("newsdigest.stories") / "migrations"))
        try:
            with self.engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot open the store {_safe_url(self.url)!r}: "
                             f"{exc.orig if hasattr(exc, 'orig') else exc}") from None

    # -- writing ---------------------------------------------------------------------------------

    def start_run(self, inputs: list[str]) -> int:
        with self.engine.begin() as conn:
            return conn.execute(
                runs_t.insert().values(started=now(), inputs=json.dumps(inputs), added=0, duplicates=0,
                                       dropped="[]", stories_touched="[]")
            ).inserted_primary_key[0]

    def finish_run(self, result: AddResult, dropped: list[dict[str, str]]) -> None:
        with self.engine.begin() as conn:
            conn.execute(runs_t.update().where(runs_t.c.id == result.run_id).values(
                finished=now(), added=len(result.added), duplicates=len(result.duplicates),
                dropped=json.dumps(dropped, ensure_ascii=False), stories_touched=json.dumps(result.touched)))

    def add_articles(self, run_id: int, new: list[Article], assign) -> AddResult:
        """Store the articles not stored yet and put each in a story.

        ``assign(fresh_articles, conn)`` returns, for each fresh article, the id of an existing
        story or None for a new one; it runs inside the write transaction, so it sees every story
        another process stored before (the clusterer reads the active stories through ``conn``).
        """
        for attempt in range(3):
            try:
                return self._add_articles(run_id, new, assign)
            except sa.exc.IntegrityError:
                # A unique key (URL, text, id) taken by a writer that did not queue for the lock:
                # the next pass sees it stored and counts the article as a duplicate.
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _add_articles(self, run_id: int, new: list[Article], assign) -> AddResult:
        result = AddResult(run_id=run_id)
        with self.engine.begin() as conn:
            fresh: list[tuple[Article, str, str | None]] = []
            seen_text: set[str] = set()
            seen_url: set[str] = set()
            for a in new:
                tkey, ukey = _text_key(a.text), _url_key(a.url)
                clash = tkey in seen_text or (ukey is not None and ukey in seen_url)
                if not clash:
                    cond = articles_t.c.text_key == tkey
                    if ukey is not None:
                        cond = sa.or_(cond, articles_t.c.url_key == ukey)
                    clash = conn.execute(sa.select(articles_t.c.pk).where(cond).limit(1)).first() is not None
                if clash:
                    result.duplicates.append(a.id)
                    continue
                seen_text.add(tkey)
                if ukey:
                    seen_url.add(ukey)
                fresh.append((a, tkey, ukey))
            targets = assign([a for a, _, _ in fresh], conn) if fresh else []
            stamp = now()
            made: dict[int, str] = {}
            for (a, tkey, ukey), target in zip(fresh, targets):
                if isinstance(target, int):  # index of an earlier fresh article's new story
                    target = made.get(target)
                if target is None:
                    target = story_id_for(tkey)
                    while conn.execute(sa.select(stories_t.c.id).where(stories_t.c.id == target)).first():
                        target = story_id_for(hashlib.sha1((target + tkey).encode()).hexdigest())
                    conn.execute(stories_t.insert().values(
                        id=target, title=_nul(a.title), first_seen=stamp, updated=stamp, last_date=_day(a.date),
                        stale=True))
                    result.new_stories.append(target)
                made[len(made)] = target
                article_id = _free_id(conn, a.id)
                # PostgreSQL text cannot hold NUL characters; they carry nothing in an article.
                conn.execute(articles_t.insert().values(
                    id=article_id, story_id=target, source=_nul(a.source), title=_nul(a.title), date=_day(a.date),
                    url=_nul(a.url), url_key=ukey, dateline=_nul(a.dateline), text=_nul(a.text), text_key=tkey,
                    origin=_nul(a.origin or ""), run_id=run_id, added=stamp))
                result.added.append(article_id)
                if target not in result.touched:
                    result.touched.append(target)
            for sid in result.touched:
                _refresh_story_row(conn, sid, stamp)
        return result

    def save_digest(self, story_id: str, article_ids: list[str], payload: dict[str, Any], markdown: str,
                    html_page: str) -> bool:
        """Keep a story's digest unless its articles changed since it was made (then it stays stale
        and is made again on the next read or add)."""
        with self.engine.begin() as conn:
            current = [r[0] for r in conn.execute(
                sa.select(articles_t.c.id).where(articles_t.c.story_id == story_id).order_by(articles_t.c.pk))]
            if current != article_ids:
                return False
            summary = payload.get("summary") or []
            independent = {a.get("source") for a in payload.get("articles") or [] if not a.get("duplicate_of")}
            conn.execute(stories_t.update().where(stories_t.c.id == story_id).values(
                stale=False, digest_json=json.dumps(payload, ensure_ascii=False), digest_md=markdown,
                digest_html=html_page, summary_first=summary[0].get("text") if summary else None,
                independent=len(independent) or None,
                digest_made=datetime.now(timezone.utc).isoformat(timespec="microseconds")))
        return True

    def merge(self, into: str, other: str) -> None:
        """Move every article of ``other`` into ``into``; ``other`` then points at ``into``."""
        if into == other:
            raise StoreError("cannot merge a story with itself")
        with self.engine.begin() as conn:
            into, other = _live_id(conn, into), _live_id(conn, other)
            stamp = now()
            conn.execute(articles_t.update().where(articles_t.c.story_id == other).values(story_id=into))
            conn.execute(stories_t.update().where(stories_t.c.id == other).values(
                merged_into=into, updated=stamp, stale=False, digest_json=None, digest_md=None, digest_html=None))
            # Stories merged into `other` earlier now lead to `into` directly.
            conn.execute(stories_t.update().where(stories_t.c.merged_into == other).values(merged_into=into))
            _refresh_story_row(conn, into, stamp)

    def split(self, story_id: str, article_ids: list[str]) -> str:
        """Move the named articles of a story into a new story (``split_from`` the old one)."""
        with self.engine.begin() as conn:
            story_id = _live_id(conn, story_id)
            rows = conn.execute(sa.select(articles_t.c.id, articles_t.c.text_key, articles_t.c.title, articles_t.c.date)
                                .where(articles_t.c.story_id == story_id).order_by(articles_t.c.pk)).all()
            ids = {r.id for r in rows}
            unknown = [a for a in article_ids if a not in ids]
            if unknown:
                raise StoreError(f"story {story_id} has no article {', '.join(map(repr, unknown))}")
            if not article_ids or set(article_ids) == ids:
                raise StoreError("a split must leave at least one article in each story")
            moving = [r for r in rows if r.id in set(article_ids)]
            new_id = story_id_for(moving[0].text_key)
            while conn.execute(sa.select(stories_t.c.id).where(stories_t.c.id == new_id)).first():
                new_id = story_id_for(hashlib.sha1((new_id + story_id).encode()).hexdigest())
            stamp = now()
            conn.execute(stories_t.insert().values(id=new_id, title=moving[0].title, first_seen=stamp, updated=stamp,
                                                   last_date=None, split_from=story_id, stale=True))
            conn.execute(articles_t.update().where(articles_t.c.id.in_(article_ids)).values(story_id=new_id))
            _refresh_story_row(conn, story_id, stamp)
            _refresh_story_row(conn, new_id, stamp)
            return new_id

    # -- reading ---------------------------------------------------------------------------------

    def resolve(self, story_id: str) -> str:
        """The live id for a story id, following merges; StoreError if no story has it."""
        with self.reader.connect() as conn:
            return _live_id(conn, story_id)

    def story_articles(self, story_id: str) -> list[Article]:
        with self.reader.connect() as conn:
            rows = conn.execute(sa.select(articles_t).where(articles_t.c.story_id == story_id)
                                .order_by(articles_t.c.pk)).all()
        return [Article(id=r.id, source=r.source, text=r.text, title=r.title, date=r.date, url=r.url,
                        dateline=r.dateline, origin=r.origin) for r in rows]

    def stale_stories(self) -> list[str]:
        with self.reader.connect() as conn:
            return [r[0] for r in conn.execute(
                sa.select(stories_t.c.id).where(stories_t.c.stale.is_(True), stories_t.c.merged_into.is_(None)))]

    def digest(self, story_id: str, fmt: str = "json") -> str | None:
        """The story's current digest as ``fmt`` (json, md, html); None when there is none or its
        articles changed since it was made."""
        text, stale = self.last_digest(story_id, fmt)
        return None if stale else text

    def last_digest(self, story_id: str, fmt: str = "json") -> tuple[str | None, bool]:
        """(the last digest made, whether articles changed since): a reader may show the previous
        digest while the next one is made."""
        column = {"json": stories_t.c.digest_json, "md": stories_t.c.digest_md, "html": stories_t.c.digest_html}[fmt]
        with self.reader.connect() as conn:
            row = conn.execute(sa.select(column, stories_t.c.stale).where(stories_t.c.id == story_id)).first()
        if row is None:
            return None, True
        return row[0], bool(row[1])

    def list_stories(self, since: str | None = None, outlet: str | None = None, query: str | None = None,
                     limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Live stories, most recently updated first, in the ``stories`` listing's shape (each
        with its outlets and articles)."""
        rows = self.story_rows(since=since, outlet=outlet, query=query)
        return self.with_members(rows[offset: offset + limit if limit else None])

    def story_rows(self, since: str | None = None, outlet: str | None = None, query: str | None = None,
                   ids: list[str] | None = None) -> list[dict[str, Any]]:
        """Live stories with an article, most recently updated first: the listing's entries
        without their outlet and article lists (``with_members`` adds them). Counts are columns
        of the story, kept when its articles change, so a listing of all stories reads no
        article row.

        ``outlet``: only stories with an article from it (case-insensitive); ``query``: text in
        the title, the first summary sentence or an article's title (case-insensitive)."""
        # Not the digests, nor the articles: the listing's share of them has columns of its own.
        q = (sa.select(stories_t.c.id, stories_t.c.title, stories_t.c.first_seen, stories_t.c.updated,
                       stories_t.c.last_date, stories_t.c.split_from, stories_t.c.stale, stories_t.c.summary_first,
                       stories_t.c.independent, stories_t.c.article_count.label("n_articles"),
                       stories_t.c.publishers.label("n_outlets"))
             .where(stories_t.c.merged_into.is_(None), stories_t.c.article_count > 0))
        if ids is not None:
            q = q.where(stories_t.c.id.in_(list(ids)))
        if since:
            q = q.where(sa.or_(stories_t.c.last_date >= since, stories_t.c.updated >= since))
        if outlet:
            q = q.where(sa.exists().where(articles_t.c.story_id == stories_t.c.id,
                                          sa.func.lower(articles_t.c.source) == outlet.lower()))
        if query:
            needle = query.lower()
            q = q.where(sa.or_(
                sa.func.lower(stories_t.c.title).contains(needle, autoescape=True),
                sa.func.lower(stories_t.c.summary_first).contains(needle, autoescape=True),
                sa.exists().where(articles_t.c.story_id == stories_t.c.id,
                                  sa.func.lower(articles_t.c.title).contains(needle, autoescape=True))))
        q = q.order_by(stories_t.c.updated.desc(), stories_t.c.id)
        with self.reader.connect() as conn:
            rows = conn.execute(q).all()
        return [{
            "id": r.id, "title": r.title,
            "publishers": r.n_outlets,
            # Outlets the last digest counts as reporting on their own (copies of another's
            # article not counted); every outlet while the story has no digest.
            "independent_publishers": min(r.independent or r.n_outlets, r.n_outlets),
            "article_count": r.n_articles,
            "first_seen": r.first_seen, "updated": r.updated, "last_date": r.last_date,
            # A stale story shows its previous digest's first sentence until the next is made.
            "summary_first_sentence": r.summary_first,
            "split_from": r.split_from,
            "summary_stale": bool(r.stale),
        } for r in rows]

    def with_members(self, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """``entries`` of ``story_rows`` with their ``outlets`` and ``articles`` (in the order they
        were stored), and a title from the first titled article where the story has none."""
        members: dict[str, list[Any]] = {}
        ids = [e["id"] for e in entries]
        with self.reader.connect() as conn:
            for start in range(0, len(ids), 500):  # bounded IN lists
                for r in conn.execute(sa.select(articles_t.c.id, articles_t.c.story_id, articles_t.c.source,
                                                articles_t.c.title, articles_t.c.date, articles_t.c.url)
                                      .where(articles_t.c.story_id.in_(ids[start:start + 500]))
                                      .order_by(articles_t.c.pk)):
                    members.setdefault(r.story_id, []).append(r)
        out = []
        for e in entries:
            rows = members.get(e["id"], [])
            e = dict(e)
            e["title"] = e.get("title") or next((m.title for m in rows if m.title), None)
            e["outlets"] = list(dict.fromkeys(m.source for m in rows))
            e["articles"] = [{"id": m.id, "source": m.source, "title": m.title, "date": m.date, "url": m.url}
                             for m in rows]
            out.append(e)
        return out

    def active_stories(self, conn, since_date: str | None, limit: int,
                       members: int | None = None) -> list[tuple[str, list[Article]]]:
        """The most recent live stories (by last article date, then update), with their articles
        (only the latest ``members`` of each when given): what a new article may join."""
        q = sa.select(stories_t.c.id).where(stories_t.c.merged_into.is_(None))
        if since_date:
            q = q.where(sa.or_(stories_t.c.last_date.is_(None), stories_t.c.last_date >= since_date))
        q = q.order_by(stories_t.c.updated.desc()).limit(limit)
        ids = [r[0] for r in conn.execute(q)]
        if not ids:
            return []
        rows = conn.execute(sa.select(articles_t).where(articles_t.c.story_id.in_(ids)).order_by(articles_t.c.pk)).all()
        by_story: dict[str, list[Article]] = {i: [] for i in ids}
        for r in rows:
            by_story[r.story_id].append(Article(id=r.id, source=r.source, text=r.text, title=r.title, date=r.date,
                                                url=r.url, dateline=r.dateline, origin=r.origin))
        if members:
            by_story = {k: v[-members:] for k, v in by_story.items()}
        # Oldest first, as they were published: the clusterer replays them in order.
        return sorted(by_story.items(), key=lambda kv: min((a.date or "") for a in kv[1]) if kv[1] else "")

    # -- sources polled by ``watch`` -------------------------------------------------------------

    def source_state(self, source: str) -> dict[str, Any] | None:
        """What ``watch`` remembers of a source (a feed URL or a folder path), or None."""
        with self.reader.connect() as conn:
            row = conn.execute(sa.select(sources_t).where(sources_t.c.source == source)).first()
        if row is None:
            return None
        state = dict(row._mapping)
        state["files"] = json.loads(state["files"]) if state.get("files") else {}
        return state

    def save_source_state(self, source: str, kind: str, **values: Any) -> None:
        """Insert or update a source's row; ``files`` (a dict) is kept as JSON."""
        if "files" in values and values["files"] is not None:
            values["files"] = json.dumps(values["files"], ensure_ascii=False, sort_keys=True)
        unknown = set(values) - set(sources_t.c.keys())
        if unknown:
            raise ValueError(f"no source field {', '.join(sorted(unknown))}")
        with self.engine.begin() as conn:
            exists = conn.execute(sa.select(sources_t.c.id).where(sources_t.c.source == source)).first()
            if exists:
                conn.execute(sources_t.update().where(sources_t.c.id == exists[0]).values(kind=kind, **values))
            else:
                row = {"failures": 0, "added": 0, **values}
                conn.execute(sources_t.insert().values(source=source, kind=kind, **row))

    def list_sources(self) -> list[dict[str, Any]]:
        with self.reader.connect() as conn:
            rows = conn.execute(sa.select(sources_t).order_by(sources_t.c.id)).all()
        out = []
        for r in rows:
            d = dict(r._mapping)
            d["files"] = len(json.loads(d["files"])) if d.get("files") else 0
            out.append(d)
        return out

    def dispose(self) -> None:
        """Close the pooled connections (a test dropping its database, a process that is done)."""
        self.engine.dispose()
        if self.reader is not self.engine:
            self.reader.dispose()

    def counts(self) -> dict[str, int]:
        with self.reader.connect() as conn:
            n_articles = conn.execute(sa.select(sa.func.count()).select_from(articles_t)).scalar_one()
            n_stories = conn.execute(sa.select(sa.func.count()).select_from(stories_t)
                                     .where(stories_t.c.merged_into.is_(None))).scalar_one()
        return {"articles": n_articles, "stories": n_stories}


def _sqlite_connect(dbapi_conn, _record) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite would defer it).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=120000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _sqlite_begin(conn) -> None:
    # Take the write lock at the start, so two writers queue instead of deadlocking on upgrade.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _pg_begin(conn) -> None:
    # The same rule on PostgreSQL: one writer at a time, queued on an advisory lock that the
    # transaction's end releases. Writers then never see each other's half-done work (a story row
    # without its articles) and the dedupe check inside the transaction is final.
    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")


def _nul(value: str | None) -> str | None:
    return value.replace("\x00", "") if value and "\x00" in value else value


def _safe_url(url: str) -> str:
    """A URL for messages: any password replaced by ***."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except Exception:
        return re.sub(r"://([^:/@]*):[^@]*@", r"://\1:***@", url)


def _day(value: str | None) -> str | None:
    return value[:10] if value and re.match(r"^\d{4}-\d{2}-\d{2}", value) else None


def _free_id(conn, wanted: str) -> str:
    """Article ids are kept as given (up to MAX_ID_CHARS); a clash with a different stored article
    gets a suffix."""
    wanted = (_nul(wanted) or "article")[:MAX_ID_CHARS]
    candidate, n = wanted, 1
    while conn.execute(sa.select(articles_t.c.pk).where(articles_t.c.id == candidate)).first():
        n += 1
        candidate = f"{wanted}~{n}"
    return candidate


def _live_id(conn, story_id: str) -> str:
    seen = set()
    current = story_id
    while current not in seen:
        seen.add(current)
        row = conn.execute(sa.select(stories_t.c.merged_into).where(stories_t.c.id == current)).first()
        if row is None:
            raise StoreError(f"no story {story_id!r} in the store")
        if row[0] is None:
            return current
        current = row[0]
    raise StoreError(f"story {story_id!r} is merged in a loop")


def _refresh_story_row(conn, story_id: str, stamp: str) -> None:
    """A story's articles changed: its latest date and its counts, read again; stale until its
    next digest."""
    n_articles, n_outlets, last_date = conn.execute(
        sa.select(sa.func.count(), sa.func.count(sa.distinct(articles_t.c.source)), sa.func.max(articles_t.c.date))
        .where(articles_t.c.story_id == story_id)).one()
    conn.execute(stories_t.update().where(stories_t.c.id == story_id).values(
        updated=stamp, stale=True, last_date=last_date, article_count=n_articles, publishers=n_outlets))


def open_store(db: str | os.PathLike | None = None) -> Store:
    return Store(database_url(db))


def iter_ids(values: Iterable[str]) -> list[str]:
    return [v.strip() for v in values if v and v.strip()]
