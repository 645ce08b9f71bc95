"""Keeping the store current: ``add`` ingests articles, clusters the new ones into the stories
they belong to (or new ones), and summarizes again every story that changed.

The clusterer is online, but its state lives in the database, not in a process: each ``add``
replays the active stories' articles (the recent ones, bounded by ``ACTIVE_STORIES``) into a
fresh clusterer with their stored assignments, then lets it place the new articles. So separate
``add`` runs, or two processes one after the other, cluster as one stream would. Clustering runs
here; the digests of the stories that changed can run elsewhere (``executor``: local processes
or a Dask cluster, ``pipeline.executor_for``), and are written back to the store by this process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Callable, Iterable

from newsdigest.io.ingest import DEFAULT_MAX_BYTES, IngestResult, articles_from_records, read_paths
from newsdigest.io.render import render
from newsdigest.model import Article, Digest, Dropped, Story
from newsdigest.pipeline import DEFAULT_WORDS, digest_stories, prepare_articles, summarize_story
from newsdigest.stories.cluster import StoryClusterer, article_fields
from newsdigest.stories.store import AddResult, Store

# Stories replayed into the clusterer before new articles are placed: those updated most recently
# (and, for dated ones, whose last article is at most ACTIVE_DAYS older than the newest new one),
# each with its latest REPLAYED_MEMBERS articles (the clusterer compares a new article with a
# story's centroid and its latest few members; older members add little and cost a re-embedding).
ACTIVE_STORIES = 500
ACTIVE_DAYS = 14
REPLAYED_MEMBERS = 6


@dataclass
class AddReport:
    result: AddResult
    dropped: list[Dropped] = field(default_factory=list)
    summarized: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "run": self.result.run_id,
            "added": self.result.added,
            "already_stored": self.result.duplicates,
            "stories_touched": self.result.touched,
            "new_stories": self.result.new_stories,
            "summarized": self.summarized,
            "dropped": [d.to_dict() for d in self.dropped],
        }


def _newest_day(articles: Iterable[Article]) -> str | None:
    days = [a.date[:10] for a in articles if a.date and len(a.date) >= 10 and a.date[:4].isdigit()]
    return max(days) if days else None


def cluster_assigner(store: Store, make_clusterer: Callable[[], StoryClusterer]):
    """The ``assign`` step of ``Store.add_articles``: replay the active stories, place the new."""

    def assign(fresh: list[Article], conn) -> list[str | int | None]:
        newest = _newest_day(fresh)
        since = None
        if newest:
            try:
                since = (date.fromisoformat(newest) - timedelta(days=ACTIVE_DAYS)).isoformat()
            except ValueError:
                since = None
        clusterer = make_clusterer()
        sid_of_story: dict[int, str] = {}
        for story_id, members in store.active_stories(conn, since, ACTIVE_STORIES, REPLAYED_MEMBERS):
            sid = -1
            for prepared in clusterer.prepare([article_fields(a) for a in members]):
                sid = clusterer.add_prepared(*prepared, force=sid)
            sid_of_story[sid] = story_id
        out: list[str | int | None] = []
        first_fresh_of: dict[int, int] = {}
        for k, prepared in enumerate(clusterer.prepare([article_fields(a) for a in fresh])):
            sid = clusterer.add_prepared(*prepared)
            if sid in sid_of_story:
                out.append(sid_of_story[sid])
            elif sid in first_fresh_of:
                out.append(first_fresh_of[sid])  # joins a story another new article started
            else:
                first_fresh_of[sid] = k
                out.append(None)
        return out

    return assign


def _stored_story(store: Store, story_id: str) -> tuple[Story | None, list[str]]:
    """A stored story ready to summarize (None if no article is usable) and its article ids."""
    articles = store.story_articles(story_id)
    usable = prepare_articles(articles, [])
    return (Story(id=story_id, articles=usable) if usable else None), [a.id for a in articles]


def _save_digest(store: Store, story: Story, ids: list[str]) -> None:
    digest = Digest(stories=[story])
    store.save_digest(story.id, ids, story.to_dict(), render(digest, "md"), render(digest, "html"))


def summarize_stored(store: Store, story_id: str, encoder, nlp=None, words: int = DEFAULT_WORDS) -> Story | None:
    """Summarize one stored story from its articles and keep the digest (JSON, Markdown, HTML)."""
    story, ids = _stored_story(store, story_id)
    if story is None:
        return None
    summarize_story(story, encoder, words=words, nlp=nlp)
    _save_digest(store, story, ids)
    return story


def summarize_stored_on(store: Store, story_ids: list[str], executor, settings) -> list[str]:
    """Summarize stored stories on ``executor`` (``pipeline.executor_for``); the digests are
    kept here, by this process, as they come back. Returns the ids summarized."""
    pending = [_stored_story(store, sid) for sid in story_ids]
    pending = [(story, ids) for story, ids in pending if story is not None]
    done = digest_stories([story for story, _ in pending], settings, executor)
    for story, (_, ids) in zip(done, pending):
        _save_digest(store, story, ids)
    return [story.id for story in done]


def add_paths(
    store: Store,
    paths: Iterable[str | Path] = (),
    records: Iterable[dict[str, Any] | Article] = (),
    encoder=None,
    nlp=None,
    words: int = DEFAULT_WORDS,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: bool = False,
    summarize: bool = True,
    make_clusterer: Callable[[], StoryClusterer] | None = None,
    executor=None,
    digest_settings=None,
) -> AddReport:
    """Ingest ``paths`` and ``records`` into the store; see the module docstring."""
    paths = [str(p) for p in paths]
    result = read_paths(paths, max_bytes=max_bytes, progress=progress) if paths else IngestResult()
    records = list(records)
    if records:
        extra = articles_from_records(records)
        result.articles.extend(extra.articles)
        result.dropped.extend(extra.dropped)
    dropped = list(result.dropped)
    loose = prepare_articles(result.articles, dropped)
    if make_clusterer is None:
        make_clusterer = default_clusterer_factory(encoder)
    run_id = store.start_run(paths + [f"{len(records)} records"] if records else paths)
    added = store.add_articles(run_id, loose, cluster_assigner(store, make_clusterer))
    # A cluster line of a JSONL file is one story as given: its new articles go together.
    for cluster in result.clusters:
        members = prepare_articles(cluster.articles, dropped)
        part = store.add_articles(run_id, members, lambda fresh, conn: [None] + [0] * (len(fresh) - 1))
        added.added += part.added
        added.duplicates += part.duplicates
        added.new_stories += part.new_stories
        added.touched += [s for s in part.touched if s not in added.touched]
    report = AddReport(result=added, dropped=dropped)
    if summarize and executor is not None and digest_settings is not None:
        # Many changed stories: each one's digest is a task for local processes or a Dask cluster.
        report.summarized.extend(summarize_stored_on(store, list(added.touched), executor, digest_settings))
    elif summarize and encoder is not None:
        for sid in added.touched:
            if summarize_stored(store, sid, encoder, nlp=nlp, words=words) is not None:
                report.summarized.append(sid)
    store.finish_run(added, [d.to_dict() for d in dropped])
    return report


def default_clusterer_factory(encoder=None) -> Callable[[], StoryClusterer]:
    """A fresh clusterer with the default settings, embedding with the pipeline's encoder."""
    embed = None
    if encoder is not None:
        embed = encoder.encode

    def make() -> StoryClusterer:
        return StoryClusterer(embed=embed)

    return make
