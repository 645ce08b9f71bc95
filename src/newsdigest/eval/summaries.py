"""Evaluate: ROUGE, speed and memory of newsdigest against standard extractive baselines.

``newsdigest eval DATASET.jsonl`` reads a benchmark file (one cluster per line: ``{"id",
"articles": [...], "references": [...]}``), summarizes every cluster with each system and scores
the result against the human references.

Fairness rules, because a comparison is only as good as its weakest one:
- every system sees the same sentences: the repo's own ingest, cleaning and segmentation run once
  per cluster and all systems select from those sentences (sumy's own NLTK-based tokenizer is
  never used, so a difference in scores is a difference in *selection*, not in splitting);
- every output is cut to its first N whitespace words before scoring, and the baselines are
  asked for enough sentences to reach N words, so no system loses recall by stopping short on
  purpose; newsdigest runs in the same mode (``CoverageSummarizer(overflow=True)``: one last
  sentence may cross N, chosen by the part of it the cut keeps), while the user-facing summary
  never exceeds its budget; the ``words`` column shows how much each system wrote;
- ingest/clean/segment time is the same for all systems and is reported once, not per system.

Output summaries are not written to the results files: they are the benchmark's own text, which
must not be copied into the repository.
"""

from __future__ import annotations

import platform
import random
import time
import tracemalloc
from pathlib import Path
from typing import Any, Callable
import numpy as np
from newsdigest.text import lexical
from newsdigest.model import Article
from newsdigest.pipeline import summarize
from newsdigest.io.progress import progress_iter
from newsdigest.eval.datasets import Dataset
from newsdigest.eval.rouge import _version, make_scorer, rouge_settings, score_summary


SCALING_SIZES = (10, 50, 200)


SCALING_REPEATS = 3


def _measure_memory(run: Callable, articles: list[Article], words: int) -> int:
    """Peak bytes the Python heap (numpy buffers included) grew by during one call."""
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    run(articles, words)
    return max(0, tracemalloc.get_traced_memory()[1] - before)


def evaluate(
    dataset: Dataset,
    systems: dict[str, Callable],
    words: int,
    measure_memory: bool = True,
    progress: bool = True,
) -> dict[str, Any]:
    scorer = make_scorer()
    clusters = dataset.clusters
    sizes = [sum(len(a.sentences) for a in c.articles) for c in clusters]
    # One untimed run per system first: imports and caches filled lazily on the first call (numpy
    # linear algebra, stemmer caches) are one-off costs, not per-cluster ones. The smallest
    # cluster is enough for that, and keeps the quadratic baselines (KL-Sum) from doubling up.
    smallest = clusters[int(np.argmin(sizes))]
    for run in systems.values():
        run(smallest.articles, words)
    per_cluster: dict[str, dict[str, dict[str, float]]] = {}
    times: dict[str, list[float]] = {name: [] for name in systems}
    for c in progress_iter(clusters, desc="evaluating", unit="cluster", enabled=progress):
        per_cluster[c.id] = {}
        for name, run in systems.items():
            start = time.perf_counter()
            text = run(c.articles, words)
            elapsed = time.perf_counter() - start
            times[name].append(elapsed)
            row = score_summary(scorer, text, c.references, words)
            row["words"] = lexical.word_count(text)
            row["ms"] = round(elapsed * 1000, 3)
            per_cluster[c.id][name] = row
    peaks: dict[str, int] = {}
    memory_cluster = clusters[int(np.argmax(sizes))]
    if measure_memory:
        # A separate pass: tracemalloc slows Python code several-fold (KL-Sum about 5x), so it
        # must not run while timing. Only the cluster with the most sentences is traced: every
        # system's working set grows with the sentence count, so that is where each one peaks.
        tracemalloc.start()
        try:
            for name, run in systems.items():
                peaks[name] = _measure_memory(run, memory_cluster.articles, words)
        finally:
            tracemalloc.stop()
    results = {}
    for name in systems:
        rows = [per_cluster[c.id][name] for c in clusters]
        ms = np.array(times[name]) * 1000
        results[name] = {
            **{k: float(np.mean([r[k] for r in rows])) for k in rows[0] if k not in ("words", "ms")},
            "words_mean": float(np.mean([r["words"] for r in rows])),
            "under_budget": sum(r["words"] < words for r in rows),
            "ms_median": float(np.median(ms)),
            "ms_p95": float(np.percentile(ms, 95)),
            "peak_mib": peaks[name] / 2**20 if name in peaks else None,
        }
    memory = {"cluster": memory_cluster.id, "sentences": max(sizes)} if measure_memory else None
    return {"results": results, "memory_cluster": memory, "per_cluster": per_cluster}


def run_scaling(
    raw: list[dict[str, Any]],
    words: int,
    model: str | None,
    sizes: tuple[int, ...] = SCALING_SIZES,
    repeats: int = SCALING_REPEATS,
    seed: int = 0,
    analysis: bool = True,
) -> dict[str, Any]:
    """Seconds for ``pipeline.summarize`` (ingest of records, clean, segment, align, select,
    cite) on synthetic stories of ``sizes`` articles sampled across the dataset's clusters.

    Mixing clusters makes the story incoherent, but the cost is driven by how many sentences
    must be compared, not by what they say. The model is loaded before timing starts."""
    from newsdigest.text.embed import load_encoder

    load_encoder(model)  # cached: summarize() below reuses it
    if analysis:
        from newsdigest.analysis.ner import load_ner

        load_ner()  # cached likewise
    pool = [
        {**a, "id": f"{line['_id']}/{a.get('id') or k}"}
        for line in raw
        for k, a in enumerate(line["articles"])
        if isinstance(a, dict)
    ]
    rng = random.Random(seed)
    rows = []
    for size in sizes:
        n = min(size, len(pool))
        seconds, analysis_seconds, sentences = [], [], []
        for _ in range(repeats):
            sample = rng.sample(pool, n)
            start = time.perf_counter()
            digest = summarize(sample, words=words, model=model, story_id="scaling", analysis=False)
            seconds.append(time.perf_counter() - start)
            sentences.append(sum(len(a.sentences) for s in digest.stories for a in s.articles))
            if analysis:
                start = time.perf_counter()
                summarize(sample, words=words, model=model, story_id="scaling", analysis=True)
                analysis_seconds.append(time.perf_counter() - start)
        rows.append({
            "articles_requested": size,
            "articles": n,
            "sentences_mean": float(np.mean(sentences)),
            "seconds_median": float(np.median(seconds)),
            "seconds_min": float(min(seconds)),
            "seconds_max": float(max(seconds)),
            "analysis_seconds_median": float(np.median(analysis_seconds)) if analysis_seconds else None,
        })
    base = rows[0]["seconds_median"] or 1e-9
    for r in rows:
        r["relative_to_smallest"] = r["seconds_median"] / base
    return {
        "sizes": rows,
        "repeats": repeats,
        "seed": seed,
        "pool_articles": len(pool),
        "method": "time.perf_counter around newsdigest.pipeline.summarize(article dicts), summary only "
                  "(analysis=False) and, separately, with the analysis (NER, quotes, corroboration, "
                  "contradictions, framing, timeline, players); models preloaded; "
                  "median of repeats, each a fresh random sample of articles across all clusters",
    }


def settings_for(dataset_path: Path, dataset: Dataset, words: int, systems: list[str], seed: int,
                 encoder_name: str | None, measure_memory: bool) -> dict[str, Any]:
    return {
        "dataset": dataset_path.name,
        "clusters": len(dataset.clusters),
        "references_per_cluster_mean": float(np.mean([len(c.references) for c in dataset.clusters])),
        "clusters_without_references_skipped": dataset.without_references,
        "dropped_inputs": [d.to_dict() for d in dataset.dropped],
        "words": words,
        "systems": systems,
        "rouge": rouge_settings(words),
        "sentences": "newsdigest ingest + clean + segment (nupunkt), shared by all systems",
        "prep_seconds_total": round(dataset.prep_seconds, 3),
        "prep_note": "ingest/clean/segment of the whole file, timed once and excluded from every system's time",
        "timing": "time.perf_counter around one system's summarization of one prepared cluster "
                  "(for newsdigest: embedding, alignment, selection, citation); one untimed warm-up "
                  "call per system on the smallest cluster; median and p95 (numpy linear "
                  "interpolation) over clusters; single process, systems interleaved per cluster",
        "memory": ("tracemalloc: peak growth of the Python heap (numpy buffers included) while "
                   "summarizing the cluster with the most sentences, in a separate pass from timing; "
                   "excludes the already-loaded embedding model and the interpreter")
                  if measure_memory else "not measured (--no-memory)",
        "sumy": f"sumy {_version('sumy')}: Snowball stemmer, sumy English stop words, repo sentence "
                "splitting and word pattern; sentences taken best-first until N words, output in "
                "document order",
        "baselines": "lead = newest independent article's first sentences up to N words; "
                     f"random = shuffled sentences up to N words (seed {seed}); all baselines skip "
                     "exact repeat sentences",
        "encoder": encoder_name,
        "seed": seed,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "newsdigest": _version("newsdigest"),
    }
