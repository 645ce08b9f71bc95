"""Benchmark files: clusters of articles with human reference summaries (JSONL)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
import click
from newsdigest.io.ingest import read_paths
from newsdigest.model import Article, Dropped
from newsdigest.pipeline import prepare_articles


# The summary length each benchmark's own protocol uses (see the data README); matched on the
# file name because the JSONL lines do not all say which benchmark they come from.
DATASET_WORDS = (("duc2003", 100), ("multiling", 250), ("neus", 70))


FALLBACK_WORDS = 100


# Benchmark files are trusted local data; the CLI's 50 MB guard is for user input.
MAX_BYTES = 1 << 31


def default_words(dataset: str | Path) -> int:
    name = Path(dataset).name.lower()
    for key, words in DATASET_WORDS:
        if key in name:
            return words
    return FALLBACK_WORDS


@dataclass
class EvalCluster:
    id: str
    articles: list[Article]  # cleaned and segmented, shared read-only by all systems
    references: list[str]


@dataclass
class Dataset:
    clusters: list[EvalCluster]
    dropped: list[Dropped] = field(default_factory=list)
    without_references: list[str] = field(default_factory=list)
    prep_seconds: float = 0.0
    raw: list[dict[str, Any]] = field(default_factory=list)  # the JSONL lines, for --scaling


def read_jsonl_lines(path: Path) -> list[dict[str, Any]]:
    """The cluster lines as JSON, with the id ingest gives a cluster that has none."""
    lines = []
    with path.open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError:
                continue  # ingest reports it as dropped; here it simply has no references
            if isinstance(value, dict) and isinstance(value.get("articles"), list):
                # Same fallback as ingest._records_to_articles, so the ids match.
                value.setdefault("id", None)
                value["_id"] = str(value["id"] or f"{path.stem}-{lineno}")
                lines.append(value)
    return lines


def load_dataset(path: Path, limit: int | None = None) -> Dataset:
    """Clusters through the repo's own ingest + clean + segment; references from the raw lines.

    Raises click.UsageError when the file holds no cluster with references: scoring would be
    meaningless, and a silent empty table looks like a result."""
    raw = read_jsonl_lines(path)
    references = {
        line["_id"]: [r for r in line.get("references") or [] if isinstance(r, str) and r.strip()] for line in raw
    }
    if not any(references.values()):
        raise click.UsageError(
            f"{path} has no cluster with references: eval needs JSONL lines like "
            '{"id": ..., "articles": [...], "references": ["human summary", ...]}'
        )
    start = time.perf_counter()
    result = read_paths([path], max_bytes=MAX_BYTES)
    dataset = Dataset(clusters=[], dropped=list(result.dropped), raw=raw)
    chosen = result.clusters[:limit] if limit else result.clusters
    for cluster in chosen:
        refs = references.get(cluster.id) or []
        if not refs:
            dataset.without_references.append(cluster.id)
            continue
        articles = prepare_articles(cluster.articles, dataset.dropped)
        if articles:
            dataset.clusters.append(EvalCluster(cluster.id, articles, refs))
        else:
            dataset.dropped.append(Dropped(cluster.origin, f"cluster {cluster.id!r} has no usable article"))
    dataset.prep_seconds = time.perf_counter() - start
    if not dataset.clusters:
        raise click.UsageError(f"{path}: no cluster has both usable articles and references")
    return dataset
