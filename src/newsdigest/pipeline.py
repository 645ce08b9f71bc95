"""The pipeline: ingest -> clean -> segment -> align -> summarize -> cite, one story at a time.

``summarize`` is the public entry point (the CLI is a thin layer over it). It accepts paths,
article dicts or ``Article`` objects and returns a ``Digest``.

Where stories are digested: a digest depends only on its story's articles and the settings, so a
day's stories are independent tasks. ``executor_for`` turns the CLI's ``--workers N`` / ``--dask
ADDRESS`` into a ``concurrent.futures.Executor``: a process pool on this machine, or a Dask
``distributed`` cluster (an existing scheduler by address, or ``local`` for a cluster of this
machine's cores); ``digest_stories`` sends each story there and gives the digested stories back
in input order. Each worker process loads the models once and keeps them for later tasks. The
result is the same story, field for field, as in one process (tested). Dask workers need
newsdigest installed (and the same model folders at the same paths when ``--model`` /
``--ner-model`` name folders); ``pip install 'newsdigest[dask]'`` adds the Dask client.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from newsdigest.summary.align import build_table, mark_duplicates
from newsdigest.summary.cite import cite
from newsdigest.text.clean import clean_article
from newsdigest.text.embed import Encoder, load_encoder
from newsdigest.io.ingest import DEFAULT_MAX_BYTES, IngestResult, articles_from_records, is_unnamed_source, read_paths
from newsdigest.model import Article, Digest, Dropped, Story
from newsdigest.io.progress import progress_iter
from newsdigest.text.segment import segment_article
from newsdigest.summary.summarizers import Summarizer, get_summarizer

DEFAULT_WORDS = 120
# Longest article text read (characters; --max-chars): the longest real news articles are about
# 60,000 characters, and every later stage then works in bounded time and memory.
DEFAULT_MAX_CHARS = 100_000


class NothingToSummarize(ValueError):
    """No input gave a usable article; the message says why (the dropped reasons)."""


def cap_article(article: Article, max_chars: int | None = DEFAULT_MAX_CHARS) -> Article:
    """Cut a text longer than ``max_chars`` at the last paragraph break (else space) before the
    cap, with a note on the article (its story shows it)."""
    if not max_chars or len(article.text) <= max_chars:
        return article
    total = len(article.text)
    text = article.text
    cut = text.rfind("\n\n", max_chars // 2, max_chars)
    if cut < 0:
        cut = text.rfind(" ", max_chars // 2, max_chars)
    article.text = text[:cut if cut > 0 else max_chars]
    article.notes.append(
        f"article {article.id!r} is {total:,} characters long: only its first {len(article.text):,} were read "
        f"(the cap is {max_chars:,}; --max-chars)"
    )
    return article


def prepare_articles(
    articles: list[Article], dropped: list[Dropped], max_chars: int | None = DEFAULT_MAX_CHARS
) -> list[Article]:
    """Cap, clean and segment; articles left with no sentence go to ``dropped`` with the reason."""
    usable = []
    for a in articles:
        cap_article(a, max_chars)
        clean_article(a)
        segment_article(a)
        if a.sentences:
            usable.append(a)
        else:
            dropped.append(Dropped(a.origin or a.id, f"article {a.id!r} has no usable sentences after cleaning"))
    return usable


def summarize_story(
    story: Story,
    encoder: Encoder,
    words: int = DEFAULT_WORDS,
    method: str | Summarizer = "coverage",
    nlp: Any = None,
    neutral: bool = False,
) -> Story:
    """Fill ``story.summary`` (and notes) for a story whose articles are cleaned and segmented.

    ``method`` names a summarizer (``summarize.SUMMARIZERS``) or is a configured instance. With
    an NER pipeline ``nlp`` (``ner.load_ner()``) the analysis fields are filled too, and
    ``neutral`` then makes the neutral summary the main one."""
    for a in story.articles:
        story.notes.extend(n for n in a.notes if n not in story.notes)
    mark_duplicates(story.articles)
    table = build_table(story, encoder)
    summarizer = get_summarizer(method) if isinstance(method, str) else method
    chosen = summarizer.select(story, table, words)
    story.summary = cite(story, table, chosen)
    if story.single_source:
        story.notes.append(f"single source: only {story.outlets[0]} reports this story; nothing is corroborated")
    elif len(story.independent_outlets) < 2:
        story.notes.append("all articles are copies of one report: no independent corroboration")
    unnamed = sum(1 for a in story.articles if is_unnamed_source(a.source))
    if unnamed:
        story.notes.append(
            f"{unnamed} article(s) name no publisher: each is counted as its own outlet "
            "(give a 'source' field to count an outlet's articles once)"
        )
    if nlp is not None:
        from newsdigest.analysis.analyze import analyze_story

        analyze_story(story, table, nlp, words, summarizer)
        if neutral and story.neutral_summary:
            story.summary = list(story.neutral_summary)
            story.notes.append("summary: the neutral summary (least loaded wording of each fact) was asked for")
    return story


def group_into_stories(articles: list[Article], story_id: str, encoder: Encoder | None = None) -> list[Story]:
    """Loose articles grouped into one story per event (``stories.cluster``), in publication order.

    One group keeps ``story_id``; several are ``story_id-1``, ``story_id-2``, ... in the order of
    their first article; an article that fits no other is its own single-source story."""
    from newsdigest.stories.cluster import cluster_articles

    groups = cluster_articles(articles, encoder)
    if len(groups) == 1:
        return [Story(id=story_id, articles=groups[0])]
    return [Story(id=f"{story_id}-{k}", articles=g) for k, g in enumerate(groups, 1)]


def stories_from_input(
    result: IngestResult,
    loose_story_id: str = "story",
    encoder: Encoder | None = None,
    one_story: bool = False,
    max_chars: int | None = DEFAULT_MAX_CHARS,
) -> tuple[list[Story], list[Dropped]]:
    """Each cluster of the input is a story; loose articles are grouped into stories (or, with
    ``one_story``, form one)."""
    dropped = list(result.dropped)
    stories = []
    for cluster in result.clusters:
        articles = prepare_articles(cluster.articles, dropped, max_chars)
        if articles:
            stories.append(Story(id=cluster.id, articles=articles))
        else:
            dropped.append(Dropped(cluster.origin, f"story {cluster.id!r} has no usable article"))
    loose = prepare_articles(result.articles, dropped, max_chars)
    if loose and (one_story or len(loose) == 1):
        stories.append(Story(id=loose_story_id, articles=loose))
    elif loose:
        stories.extend(group_into_stories(loose, loose_story_id, encoder))
    return stories, dropped


def summarize(
    inputs: Iterable[str | Path | dict[str, Any] | Article] | str | Path,
    words: int = DEFAULT_WORDS,
    model: str | None = None,
    method: str = "coverage",
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: bool = False,
    story_id: str | None = None,
    analysis: bool = True,
    neutral: bool = False,
    ner_model: str | None = None,
    fill: bool = False,
    one_story: bool = False,
    max_chars: int | None = DEFAULT_MAX_CHARS,
    executor: Executor | None = None,
) -> Digest:
    """Summarize articles given as paths (files or folders), dicts or ``Article`` objects.

    Loose articles are grouped into one story per event (``one_story`` keeps them as one story);
    each cluster in a JSONL/JSON file is its own story. With
    ``analysis`` (the default) each story also gets quotes, corroborated and unique facts,
    contradictions, framing, a neutral summary, a timeline and key players (analyze.py);
    ``neutral`` makes the neutral summary the main one. ``fill`` is the benchmark mode: one last
    sentence may cross ``words`` (by default a summary never does). An article longer than
    ``max_chars`` characters is cut to it, with a note (None: no cap). With an ``executor``
    (``executor_for``: local processes or a Dask cluster) the stories are digested
    there, one task each; the digest is the same. Raises ``NothingToSummarize`` if no input
    is usable and ``embed.ModelLoadError`` if a model is not.
    """
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    inputs = list(inputs)
    paths = [x for x in inputs if isinstance(x, (str, Path))]
    records = [x for x in inputs if not isinstance(x, (str, Path))]
    result = read_paths(paths, max_bytes=max_bytes, progress=progress) if paths else IngestResult()
    if records:
        extra = articles_from_records(records)
        result.articles.extend(extra.articles)
        result.dropped.extend(extra.dropped)
    if story_id is None:
        story_id = Path(paths[0]).stem if len(paths) == 1 and not records else "story"
    encoder = load_encoder(model)
    stories, dropped = stories_from_input(result, story_id, encoder, one_story=one_story, max_chars=max_chars)
    if not stories:
        reasons = "; ".join(f"{d.input}: {d.reason}" for d in dropped[:5]) or "no input given"
        raise NothingToSummarize(f"nothing to summarize ({reasons})")
    settings = DigestSettings(words=words, method=method, fill=fill, neutral=neutral, analysis=analysis,
                              model=model, ner_model=ner_model)
    stories = digest_stories(stories, settings, executor, progress=lambda it: progress_iter(
        it, desc="summarizing", unit="story", enabled=progress, total=len(stories)))
    return Digest(stories=stories, dropped=dropped)


# ---------------------------------------------------------------------------------------------
# Many stories at once: worker processes or a Dask cluster


class ExecutorError(RuntimeError):
    """The executor asked for cannot be made (Dask not installed, scheduler unreachable)."""


@dataclass(frozen=True)
class DigestSettings:
    """What a worker needs besides the story: plain values, so they travel to any process."""

    words: int
    method: str = "coverage"
    fill: bool = False
    neutral: bool = False
    analysis: bool = True
    model: str | None = None
    ner_model: str | None = None


def digest_story(story: Story, settings: DigestSettings) -> Story:
    """One story summarized (and analysed) with ``settings``: the task every worker runs. The
    models are loaded once per process (``load_encoder`` and ``load_ner`` keep them)."""
    encoder = load_encoder(settings.model)
    nlp = None
    if settings.analysis:
        from newsdigest.analysis.ner import load_ner

        nlp = load_ner(settings.ner_model)
    summarizer = get_summarizer(settings.method, fill=settings.fill)
    return summarize_story(story, encoder, words=settings.words, method=summarizer, nlp=nlp,
                           neutral=settings.neutral)


def _digest_pair(args: tuple[Story, DigestSettings]) -> Story:
    return digest_story(*args)


def digest_stories(stories: Iterable[Story], settings: DigestSettings, executor: Executor | None = None,
                   progress: Callable[[Iterator[Story]], Iterator[Story]] | None = None) -> list[Story]:
    """The stories digested, in input order: here when ``executor`` is None, else on it."""
    stories = list(stories)
    if executor is None:
        results: Iterator[Story] = (digest_story(s, settings) for s in stories)
    else:
        results = executor.map(_digest_pair, [(s, settings) for s in stories])
    if progress is not None:
        results = progress(results)
    return list(results)


def _dask_executor(address: str) -> tuple[Executor, Callable[[], None]]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ExecutorError("--dask needs Dask's distributed client: pip install 'newsdigest[dask]'") from exc
    cluster = None
    try:
        if address == "local":
            # One single-threaded worker process per core: the stages are CPU-bound Python.
            cluster = LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
        else:
            client = Client(address, timeout=10)
    except (OSError, TimeoutError, RuntimeError) as exc:
        # RuntimeError: a local cluster's worker processes did not start (e.g. a script run from
        # stdin, which spawned workers cannot re-import).
        if cluster is not None:
            cluster.close()
        what = "start a local Dask cluster" if address == "local" else f"reach the Dask scheduler at {address!r}"
        raise ExecutorError(f"cannot {what}: {exc}") from exc

    def close() -> None:
        client.close()
        if cluster is not None:
            cluster.close()

    return client.get_executor(pure=False), close


@contextmanager
def executor_for(workers: int | None = None, dask: str | None = None) -> Iterator[Executor | None]:
    """The executor ``--workers`` / ``--dask`` ask for (None: this process), closed on exit."""
    if dask:
        executor, close = _dask_executor(dask)
        try:
            yield executor
        finally:
            close()
    elif workers and workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            yield pool
    else:
        yield None
