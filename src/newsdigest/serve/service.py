"""What the API and the pages share: listing and ranking stories, reading one story (summarized on
first view when its digest is stale) and adding articles.

The unfiltered listing is cached and rebuilt only when the store changes (a cheap version query:
story count, newest update, stale count, article count); while one thread rebuilds it, the others
serve the previous copy, so readers never queue behind a rebuild.
"""

from __future__ import annotations

import json
import threading
import time
from datetime import date
from typing import Any

import sqlalchemy as sa

from newsdigest.serve.deps import KeyedLocks, Models
from newsdigest.stories.schema import articles as articles_t
from newsdigest.stories.schema import stories as stories_t
from newsdigest.stories.store import Store, StoreError


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


class StoryService:
    def __init__(self, store: Store, models: Models, words: int = 120):
        self.store = store
        self.models = models
        self.words = words
        self.locks = KeyedLocks()
        self.write_lock = threading.Lock()
        self._cache_lock = threading.Lock()
        self._cache: tuple[Any, list[dict[str, Any]]] | None = None
        self._independent: dict[tuple[str, Any], int] = {}
        self._pages: dict[tuple, Any] = {}
        self._pages_lock = threading.Lock()

    # -- listing ---------------------------------------------------------------------------------

    def version(self) -> tuple:
        with self.store.reader.connect() as conn:
            row = conn.execute(sa.select(
                sa.func.count(), sa.func.max(stories_t.c.updated),
                sa.func.sum(sa.case((stories_t.c.stale.is_(True), 1), else_=0)),
            ).select_from(stories_t)).first()
            n_articles = conn.execute(sa.select(sa.func.count()).select_from(articles_t)).scalar_one()
        return tuple(row) + (n_articles,)

    def _independent_counts(self) -> dict[str, int]:
        """Outlets with an article of their own (not marked a copy of another's), per summarized story.

        Remembered per (story, update time): only digests made since the last call are read and
        parsed, so a listing during a long `add` does not re-read every story's digest."""
        out: dict[str, int] = {}
        with self.store.reader.connect() as conn:
            rows = conn.execute(sa.select(stories_t.c.id, stories_t.c.updated).where(
                stories_t.c.stale.is_(False), stories_t.c.merged_into.is_(None),
                stories_t.c.digest_json.is_not(None))).all()
            memo: dict[tuple[str, Any], int] = {}
            for sid, updated in rows:
                key = (sid, updated)
                n = self._independent.get(key)
                if n is None:
                    text = conn.execute(sa.select(stories_t.c.digest_json).where(stories_t.c.id == sid)).scalar()
                    try:
                        arts = json.loads(text).get("articles", [])
                        n = len({a["source"] for a in arts if not a.get("duplicate_of")})
                    except (ValueError, KeyError, TypeError, AttributeError):
                        n = 0
                memo[key] = n
                if n:
                    out[sid] = n
        self._independent = memo
        return out

    def _build(self, since=None, outlet=None, query=None) -> list[dict[str, Any]]:
        stories = self.store.list_stories(since=since, outlet=outlet, query=query)
        independent = self._independent_counts()
        for s in stories:
            s["independent_publishers"] = min(independent.get(s["id"], s["publishers"]), s["publishers"])
        return stories

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
        return [dict(s) for s in stories[offset: offset + limit]], len(stories)

    # -- one story -------------------------------------------------------------------------------

    def resolve(self, story_id: str) -> str:
        try:
            return self.store.resolve(story_id)
        except StoreError as exc:
            raise NotFound(str(exc)) from None

    def digest_text(self, story_id: str, fmt: str = "json") -> tuple[str, str]:
        """(live id, the stored digest as ``fmt``); a stale story is summarized first, once even
        when many readers ask at the same time."""
        live = self.resolve(story_id)
        text = self.store.digest(live, fmt)
        if text is None:
            with self.locks.get(live):
                text = self.store.digest(live, fmt)
                if text is None:
                    from newsdigest.stories.update import summarize_stored

                    summarize_stored(self.store, live, self.models.encoder(), nlp=self.models.nlp(), words=self.words)
                    text = self.store.digest(live, fmt)
        if text is None:
            raise NotFound(f"story {live!r} has no usable article to summarize")
        return live, text

    def story(self, story_id: str) -> tuple[str, dict[str, Any]]:
        live, text = self.digest_text(story_id, "json")
        return live, json.loads(text)

    def story_meta(self, story_id: str) -> dict[str, Any] | None:
        """The listing entry of a story (title, dates), from the cached listing when it has it."""
        for s in self._cache[1] if self._cache else []:
            if s["id"] == story_id:
                return s
        found = [s for s in self.store.list_stories() if s["id"] == story_id]
        return found[0] if found else None

    # -- rendered pages, cached ------------------------------------------------------------------

    def story_key(self, story_id: str) -> tuple | None:
        """(updated, stale) of a live story in one query; None when the id is unknown or merged
        (the slow path then resolves it)."""
        with self.store.reader.connect() as conn:
            row = conn.execute(sa.select(stories_t.c.merged_into, stories_t.c.updated, stories_t.c.stale)
                               .where(stories_t.c.id == story_id)).first()
        if row is None or row[0] is not None or row[2]:
            return None
        return (story_id, row[1])

    def cached(self, key: tuple | None, make) -> Any:
        """``make()``, remembered under ``key`` (a bounded LRU of rendered pages); no key: no cache."""
        if key is None:
            return make()
        with self._pages_lock:
            hit = self._pages.pop(key, None)
            if hit is not None:
                self._pages[key] = hit
                return hit
        value = make()
        with self._pages_lock:
            self._pages[key] = value
            while len(self._pages) > 512:
                self._pages.pop(next(iter(self._pages)))
        return value

    # -- writing ---------------------------------------------------------------------------------

    def add(self, records: list[dict[str, Any]], summarize: bool = True) -> dict[str, Any]:
        from newsdigest.stories.update import add_paths

        encoder = self.models.encoder()
        nlp = self.models.nlp() if summarize else None
        started = time.monotonic()
        with self.write_lock:
            report = add_paths(self.store, records=records, encoder=encoder, nlp=nlp, words=self.words,
                               summarize=summarize)
        out = report.to_dict()
        out["seconds"] = round(time.monotonic() - started, 3)
        return out
