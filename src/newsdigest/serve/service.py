"""What the API and the pages share: listing and ranking stories, reading one story (summarized on
first view; when its articles changed since, the previous digest is served while the next one is
made in the background) and adding articles.

The unfiltered listing is cached and rebuilt only when the store changes (a cheap version query:
story count, newest update, newest digest, stale count, article count); while one thread rebuilds it, the others
serve the previous copy, so readers never queue behind a rebuild.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from datetime import date
from typing import Any

import sqlalchemy as sa
from starlette.concurrency import run_in_threadpool

from newsdigest.serve.deps import KeyedLocks, Models
from newsdigest.stories.schema import articles as articles_t
from newsdigest.stories.schema import stories as stories_t
from newsdigest.stories.store import Store, StoreError


log = logging.getLogger("newsdigest.serve")


class NotFound(LookupError):
    pass


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def rank_stories(stories: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rank by independent publishers, discounted by age: ``score = independent / (1 + age_days)``,
    age counted from the newest story's last article date (so an archive replay ranks as it would
    have on its day); ties go to the most recently updated. A story's ``rank_score`` is set."""
    days = [d for d in (_day(s.get("last_date")) for s in stories) if d]
    ref = max(days) if days else None
    for s in stories:
        d = _day(s.get("last_date"))
        age = (ref - d).days if (ref and d) else 0
        s["rank_score"] = round(s.get("independent_publishers", s["publishers"]) / (1 + max(age, 0)), 4)
    # Two stable sorts: by update (newest first), then by score.
    out = sorted(stories, key=lambda s: (s.get("updated") or ""), reverse=True)
    return sorted(out, key=lambda s: s["rank_score"], reverse=True)


# Asked on every story read: built once (SQLAlchemy then reuses its compiled form).
_STORY_KEY = sa.select(stories_t.c.merged_into, stories_t.c.updated, stories_t.c.stale,
                       stories_t.c.digest_json.is_not(None), stories_t.c.digest_made
                       ).where(stories_t.c.id == sa.bindparam("sid"))


# Every write changes one of these (a digest made flips `stale`, `add` adds articles and stories).
_VERSION = sa.select(
    sa.func.count(), sa.func.max(stories_t.c.updated), sa.func.max(stories_t.c.digest_made),
    sa.func.sum(sa.case((stories_t.c.stale.is_(True), 1), else_=0)),
    sa.select(sa.func.count()).select_from(articles_t).scalar_subquery(),
).select_from(stories_t)


class StoryService:
    def __init__(self, store: Store, models: Models, words: int = 120, worker=None):
        from newsdigest.serve.worker import InProcessWorker

        self.store = store
        self.models = models
        self.words = words
        # Makes digests and adds articles: in this process, or in a worker process (serve.worker).
        self.worker = worker if worker is not None else InProcessWorker(store, models, words)
        self.locks = KeyedLocks()
        self.write_lock = threading.Lock()
        self._cache_lock = threading.Lock()
        self._cache: tuple[Any, list[dict[str, Any]]] | None = None
        # Stale stories whose next digest is to be made in the background (see refresh_later).
        self._refresh_queue: list[str] = []
        self._refresh_queued: set[str] = set()
        self._refresh_lock = threading.Lock()
        self._refresher: threading.Thread | None = None
        self._pages: dict[tuple, Any] = {}
        self._pages_lock = threading.Lock()
        # Pages that may lag the store by a moment (the front page): key -> (version, made, value).
        self._recent: dict[tuple, tuple[Any, float, Any]] = {}
        # Pages being made now (event loop only): key -> the future their readers wait on.
        self._inflight: dict[tuple, asyncio.Future] = {}

    # -- listing ---------------------------------------------------------------------------------

    def version(self) -> tuple:
        with self.store.reader.connect() as conn:
            row = conn.execute(_VERSION).first()
        return tuple(row)

    def _build(self, since=None, outlet=None, query=None) -> list[dict[str, Any]]:
        # The listing's rows without their articles: ranking needs only counts and dates, and a
        # page adds the articles of its own stories (``list``).
        return self.store.story_rows(since=since, outlet=outlet, query=query)

    def all_stories(self) -> list[dict[str, Any]]:
        current = self.version()
        cached = self._cache
        if cached is not None and cached[0] == current:
            return cached[1]
        if not self._cache_lock.acquire(blocking=cached is None):
            return cached[1]  # someone is rebuilding: the previous copy will do meanwhile
        try:
            if self._cache is not None and self._cache[0] == current:
                return self._cache[1]
            stories = rank_stories(self._build())
            self._cache = (current, stories)
            return stories
        finally:
            self._cache_lock.release()

    def list(self, since=None, outlet=None, query=None, limit=20, offset=0, order="rank") -> tuple[list[dict], int]:
        if since or outlet or query:
            stories = rank_stories(self._build(since, outlet, query))
        else:
            stories = self.all_stories()
        if order == "updated":
            stories = sorted(stories, key=lambda s: (s.get("updated") or ""), reverse=True)
        return self.store.with_members(stories[offset: offset + limit]), len(stories)

    # -- one story -------------------------------------------------------------------------------

    def resolve(self, story_id: str) -> str:
        try:
            return self.store.resolve(story_id)
        except StoreError as exc:
            raise NotFound(str(exc)) from None

    def digest_text(self, story_id: str, fmt: str = "json") -> tuple[str, str, bool]:
        """(live id, the digest as ``fmt``, whether it is stale).

        A story whose articles changed since its digest was made is served with that previous
        digest (stale: True) while the next one is made in the background, so no reader waits
        behind a summary; a story with no digest yet is summarized now, once even when many
        readers ask at the same time."""
        live = self.resolve(story_id)
        text, stale = self.store.last_digest(live, fmt)
        if text is not None:
            if stale:
                self.refresh_later(live)
            return live, text, stale
        with self.locks.get(live):
            text = self.store.digest(live, fmt)
            if text is None:
                self._summarize(live)
                text = self.store.digest(live, fmt)
        if text is None:
            raise NotFound(f"story {live!r} has no usable article to summarize")
        return live, text, False

    def _summarize(self, story_id: str) -> None:
        self.worker.summarize(story_id)

    def refresh_later(self, story_id: str) -> None:
        """Queue a stale story for its next digest, made by one background thread (one story at a
        time, so page reads keep most of the CPU). Skipped if another writer, such as a running
        ``add``, made it first."""
        with self._refresh_lock:
            if story_id in self._refresh_queued:
                return
            self._refresh_queued.add(story_id)
            self._refresh_queue.append(story_id)
            if self._refresher is None or not self._refresher.is_alive():
                self._refresher = threading.Thread(target=self._refresh_loop, daemon=True,
                                                   name="newsdigest-refresh")
                self._refresher.start()

    def _refresh_loop(self) -> None:
        while True:
            with self._refresh_lock:
                if not self._refresh_queue:
                    self._refresher = None
                    return
                story_id = self._refresh_queue.pop(0)
            try:
                with self.locks.get(story_id):
                    if self.store.last_digest(story_id)[1]:  # still stale: nobody made it meanwhile
                        self._summarize(story_id)
            except Exception:  # logged; the story stays stale and is queued again on its next read
                log.exception("summarizing story %s in the background failed", story_id)
            finally:
                with self._refresh_lock:
                    self._refresh_queued.discard(story_id)

    def wait_refreshed(self, timeout: float = 60.0) -> bool:
        """Wait until the background queue is empty (tests, shutdown); True if it emptied."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._refresh_lock:
                if not self._refresh_queued:
                    return True
            time.sleep(0.02)
        return False

    def story(self, story_id: str) -> tuple[str, dict[str, Any], bool]:
        live, text, stale = self.digest_text(story_id, "json")
        return live, json.loads(text), stale

    def story_meta(self, story_id: str) -> dict[str, Any] | None:
        """The listing entry of a story (title, dates, counts), read now."""
        found = self.store.story_rows(ids=[story_id])
        return found[0] if found else None

    # -- rendered pages, cached ------------------------------------------------------------------

    def story_key(self, story_id: str) -> tuple | None:
        """(id, updated, stale, digest time) of a live story with a digest, in one query; None when the id is
        unknown or merged or the story has no digest yet (the slow path then resolves it)."""
        with self.store.reader.connect() as conn:
            row = conn.execute(_STORY_KEY, {"sid": story_id}).first()
        if row is None or row[0] is not None or not row[3]:
            return None
        if row[2]:
            self.refresh_later(story_id)
        # `updated` has whole seconds: the digest's own time tells two digests of one second apart.
        return (story_id, row[1], bool(row[2]), row[4])

    def recent(self, key: tuple, max_age: float, version: Any = None) -> Any:
        """The page remembered under ``key`` by ``remember`` when it is fresh enough: made less
        than ``max_age`` seconds ago, or for the same store ``version``, or while the next one is
        being made (readers never queue behind a rebuild); else None."""
        with self._pages_lock:
            entry = self._recent.get(key)
        if entry is None:
            return None
        made_for, made_at, value = entry
        if (time.monotonic() - made_at < max_age or (version is not None and made_for == version)
                or ("build",) + key in self._inflight):
            return value
        return None

    def remember(self, key: tuple, version: Any, value: Any) -> None:
        with self._pages_lock:
            self._recent.pop(key, None)
            self._recent[key] = (version, time.monotonic(), value)
            while len(self._recent) > 256:
                self._recent.pop(next(iter(self._recent)))

    async def render_once(self, key: tuple, make) -> Any:
        """``make()`` in the thread pool, once for every request that asks for ``key`` while it
        runs: the others wait for that result instead of each making the same page (on the
        event loop only, so no lock)."""
        running = self._inflight.get(key)
        if running is not None:
            return await asyncio.shield(running)
        future = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        try:
            value = await run_in_threadpool(make)
        except asyncio.CancelledError:
            future.cancel()
            raise
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: the waiters re-raise it; no "never retrieved" warning
            raise
        else:
            future.set_result(value)
            return value
        finally:
            del self._inflight[key]

    def keep(self, key: tuple, value: Any) -> Any:
        """Remember ``value`` under ``key`` in the bounded LRU of rendered pages."""
        with self._pages_lock:
            self._pages.pop(key, None)
            self._pages[key] = value
            while len(self._pages) > 512:
                self._pages.pop(next(iter(self._pages)))
        return value

    def peek(self, key: tuple | None) -> Any:
        """The cached value under ``key``, or None (nothing is made)."""
        if key is None:
            return None
        with self._pages_lock:
            hit = self._pages.pop(key, None)
            if hit is not None:
                self._pages[key] = hit
            return hit

    # -- writing ---------------------------------------------------------------------------------

    def add(self, records: list[dict[str, Any]], summarize: bool = True) -> dict[str, Any]:
        started = time.monotonic()
        with self.write_lock:
            out = self.worker.add(records, summarize)
        with self._pages_lock:  # whoever added articles here sees them on the next front page
            self._recent.clear()
        out["seconds"] = round(time.monotonic() - started, 3)
        return out
