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

import json
import os
import platform
import random
import sys
import time
import tracemalloc
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

import click
import numpy as np

from . import lexical
from .ingest import read_paths
from .model import Article, Dropped, Story
from .pipeline import NothingToSummarize, prepare_articles, summarize, summarize_story
from .progress import progress_iter
from .summarize import CoverageSummarizer, Summarizer

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")
ROUGE_LABELS = {"rouge1": "R-1", "rouge2": "R-2", "rougeL": "R-L"}
SUMY_SYSTEMS = ("lexrank", "textrank", "lsa", "luhn", "sumbasic", "kl")
SYSTEMS = ("newsdigest", "lead", "random") + SUMY_SYSTEMS
# The summary length each benchmark's own protocol uses (see the data README); matched on the
# file name because the JSONL lines do not all say which benchmark they come from.
DATASET_WORDS = (("duc2003", 100), ("multiling", 250), ("neus", 70))
FALLBACK_WORDS = 100
SCALING_SIZES = (10, 50, 200)
SCALING_REPEATS = 3
# Benchmark files are trusted local data; the CLI's 50 MB guard is for user input.
MAX_BYTES = 1 << 31


def default_words(dataset: str | Path) -> int:
    name = Path(dataset).name.lower()
    for key, words in DATASET_WORDS:
        if key in name:
            return words
    return FALLBACK_WORDS


def truncate_words(text: str, n: int) -> str:
    """The first ``n`` whitespace-separated words: the length limit every system is scored at."""
    return " ".join(text.split()[:n])


# ---------------------------------------------------------------------------------------------
# Data


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


# ---------------------------------------------------------------------------------------------
# Systems: each maps a cluster's prepared articles to summary text of at least ~N words.


def _fill(items: list, words: int, text_of: Callable[[Any], str] = str) -> list:
    """Take items in the given order until ``words`` is reached, skipping exact repeats.

    Repeats matter because wire reprints put the same sentence in several articles; a baseline
    that picks it twice only wastes budget, which would flatter our own duplicate handling."""
    out, seen, used = [], set(), 0
    for item in items:
        if used >= words:
            break
        text = text_of(item)
        if text in seen:
            continue
        seen.add(text)
        out.append(item)
        used += lexical.word_count(text)
    return out


def all_sentences(articles: list[Article]) -> list[str]:
    return [s.text for a in articles for s in a.sentences]


def newsdigest_system(encoder, method: str | Summarizer | None = None) -> Callable[[list[Article], int], str]:
    # The coverage summarizer in benchmark mode: like every peer here, it fills the N words the
    # scorer keeps (one last sentence may cross the budget and is judged by the part that counts).
    method = method or CoverageSummarizer(overflow=True)

    def run(articles: list[Article], words: int) -> str:
        # A fresh Story each time: summarize_story appends notes, and reruns must not accumulate.
        story = summarize_story(Story(id="eval", articles=articles), encoder, words=words, method=method)
        return " ".join(s.text for s in story.summary)

    return run


def lead_system(articles: list[Article], words: int) -> str:
    """Newest independent article's opening sentences, as ``summarize.LeadSummarizer`` picks it,
    but filled up to N words (LeadSummarizer stops below the budget) and with no embedding
    table, which lead does not need and would only add to its time."""
    from .align import mark_duplicates
    from .summarize import independent_articles

    story = Story(id="eval", articles=articles)
    mark_duplicates(articles)
    keep = sorted(independent_articles(story), key=lambda k: (articles[k].date or "", k))
    newest = articles[keep[-1]] if keep else articles[-1]
    return " ".join(_fill([s.text for s in newest.sentences], words))


def random_system(seed: int) -> Callable[[list[Article], int], str]:
    def run(articles: list[Article], words: int) -> str:
        sentences = all_sentences(articles)
        # Seeded per cluster (by its first article id), so the output does not depend on the
        # order clusters are run in or on --limit.
        rng = random.Random(f"{seed}:{articles[0].id}")
        rng.shuffle(sentences)
        return " ".join(_fill(sentences, words))

    return run


class _Tokenizer:
    """What sumy's document model asks of a tokenizer, with the repo's word pattern (sumy's own
    tokenizer needs NLTK 'punkt' data, which is not installed and cannot be downloaded)."""

    language = "english"

    def to_words(self, text: str) -> tuple[str, ...]:
        return tuple(lexical.words(text))

    def to_sentences(self, text: str) -> tuple[str, ...]:
        from .segment import split_sentences

        return tuple(split_sentences(text))


class _UntilWords:
    """A sumy ``sentences_count`` that takes sentences in rank order until N words.

    sumy calls it with every sentence sorted best-first, so one call of the summarizer is enough
    (asking for k sentences and growing k would rerun the whole algorithm each time)."""

    def __init__(self, words: int):
        self.words = words

    def __call__(self, infos):
        return _fill(infos, self.words, lambda info: str(info.sentence))


def sumy_system(name: str) -> Callable[[list[Article], int], str]:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.kl import KLSummarizer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.sum_basic import SumBasicSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    classes = {
        "lexrank": LexRankSummarizer,
        "textrank": TextRankSummarizer,
        "lsa": LsaSummarizer,
        "luhn": LuhnSummarizer,
        "sumbasic": SumBasicSummarizer,
        "kl": KLSummarizer,
    }
    # sumy's documented English set-up: Snowball stemmer (NLTK's, which needs no data files)
    # and sumy's English stop-word list.
    summarizer = classes[name](Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    tokenizer = _Tokenizer()

    def run(articles: list[Article], words: int) -> str:
        # The document is rebuilt per call: sumy caches each sentence's words on the object, and
        # a reused document would make every run after the first look faster than it is.
        paragraphs = []
        for a in articles:
            by_paragraph: dict[int, list] = {}
            for s in a.sentences:
                by_paragraph.setdefault(s.paragraph, []).append(Sentence(s.text, tokenizer))
            paragraphs.extend(Paragraph(group) for group in by_paragraph.values())
        document = ObjectDocumentModel(paragraphs)
        # Returned in document order (sumy's convention); truncation may then cut into a
        # higher-ranked sentence, as it would for any user of sumy.
        return " ".join(str(s) for s in summarizer(document, _UntilWords(words)))

    return run


def build_systems(names: list[str], encoder_loader: Callable[[], Any], seed: int) -> dict[str, Callable]:
    systems: dict[str, Callable] = {}
    for name in names:
        if name == "newsdigest":
            systems[name] = newsdigest_system(encoder_loader())
        elif name == "lead":
            systems[name] = lead_system
        elif name == "random":
            systems[name] = random_system(seed)
        else:
            systems[name] = sumy_system(name)
    return systems


# ---------------------------------------------------------------------------------------------
# Scoring and measurement


def make_scorer():
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)


def score_summary(scorer, prediction: str, references: list[str], words: int) -> dict[str, float]:
    """Recall and F of each ROUGE type, averaged over the references (prediction cut to N words)."""
    prediction = truncate_words(prediction, words)
    totals = {f"{t}_{m}": 0.0 for t in ROUGE_TYPES for m in ("r", "f")}
    for ref in references:
        scores = scorer.score(ref, prediction)  # rouge-score's order: (target, prediction)
        for t in ROUGE_TYPES:
            totals[f"{t}_r"] += scores[t].recall
            totals[f"{t}_f"] += scores[t].fmeasure
    return {k: v / len(references) for k, v in totals.items()}


def rouge_settings(words: int) -> dict[str, Any]:
    return {
        "package": f"rouge-score {_version('rouge-score')}",
        "call": f"rouge_scorer.RougeScorer({list(ROUGE_TYPES)!r}, use_stemmer=True)",
        "truncation": f"prediction cut to its first {words} whitespace-separated words; references not cut",
        "aggregation": "recall and F-measure averaged over the cluster's references, then over clusters",
        "note": "rouge-score, not ROUGE-1.5.5: tokenization differs, so numbers are comparable only within this table",
    }


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


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


# ---------------------------------------------------------------------------------------------
# Scaling: cost of the whole pipeline as a story grows


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
    from .embed import load_encoder

    load_encoder(model)  # cached: summarize() below reuses it
    if analysis:
        from .ner import load_ner

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


def scaling_markdown(title: str, scaling: dict[str, Any], words: int) -> str:
    lines = [
        f"## {title}: pipeline cost by story size ({words} words)",
        "",
        "| articles | sentences | s/cluster (median) | min | max | x smallest | with analysis s/cluster |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in scaling["sizes"]:
        note = "" if r["articles"] == r["articles_requested"] else f" (of {r['articles_requested']} asked; pool too small)"
        lines.append(
            f"| {r['articles']}{note} | {r['sentences_mean']:.0f} | {r['seconds_median']:.3f} | "
            f"{r['seconds_min']:.3f} | {r['seconds_max']:.3f} | {r['relative_to_smallest']:.1f} | "
            + (f"{r['analysis_seconds_median']:.2f} |" if r.get("analysis_seconds_median") is not None else "n/a |")
        )
    lines += ["", f"Timing: {scaling['method']}; {scaling['repeats']} repeats, seed {scaling['seed']}.", ""]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Reporting


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


def results_markdown(title: str, report: dict[str, Any]) -> str:
    s = report["settings"]
    words = s["words"]
    head = ["system"] + [f"{ROUGE_LABELS[t]} R" for t in ROUGE_TYPES] + [f"{ROUGE_LABELS[t]} F" for t in ROUGE_TYPES]
    head += ["words", "< N", "ms median", "ms p95", "peak MiB"]
    lines = [
        f"## {title}: {s['clusters']} clusters, {words} words",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" + "---:|" * (len(head) - 1),
    ]
    for name, r in report["results"].items():
        cells = [name] + [f"{100 * r[f'{t}_r']:.2f}" for t in ROUGE_TYPES] + [f"{100 * r[f'{t}_f']:.2f}" for t in ROUGE_TYPES]
        peak = "-" if r["peak_mib"] is None else f"{r['peak_mib']:.1f}"
        cells += [f"{r['words_mean']:.0f}", str(r["under_budget"]), f"{r['ms_median']:.1f}", f"{r['ms_p95']:.1f}", peak]
        lines.append("| " + " | ".join(cells) + " |")
    rouge = s["rouge"]
    lines += [
        "",
        f"ROUGE x 100. {rouge['package']}: `{rouge['call']}`; {rouge['truncation']}; {rouge['aggregation']}. "
        f"{rouge['note']}.",
        f"`words`: mean length before the cut; `< N`: clusters where the output was shorter than {words} words.",
        f"Time: {s['timing']}. Ingest/clean/segment, shared by all systems and excluded: "
        f"{s['prep_seconds_total']:.2f} s for the file.",
        f"Memory: {s['memory']}"
        + (f" ({report['memory_cluster']['cluster']}, {report['memory_cluster']['sentences']} sentences)."
           if report.get("memory_cluster") else "."),
        f"Sentences: {s['sentences']}. sumy: {s['sumy']}. Baselines: {s['baselines']}.",
        f"Encoder: {s['encoder']}. Python {s['python']} on {s['platform']}.",
        "",
    ]
    return "\n".join(lines)


def plot_recall(path: Path, title: str, results: dict[str, Any]) -> None:
    import matplotlib

    matplotlib.use("Agg")  # files only: no display on servers and CI
    import matplotlib.pyplot as plt

    names = list(results)
    x = np.arange(len(names))
    fig, ax = plt.subplots(figsize=(max(6, 0.9 * len(names) + 2), 4))
    for offset, t in ((-0.2, "rouge1"), (0.2, "rouge2")):
        values = [100 * results[n][f"{t}_r"] for n in names]
        bars = ax.bar(x + offset, values, width=0.4, label=f"{ROUGE_LABELS[t]} recall")
        ax.bar_label(bars, fmt="%.1f", fontsize=7)
    ax.set_xticks(x, names, rotation=30, ha="right")
    ax.set_ylabel("ROUGE recall x 100")
    ax.set_title(title)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def _parse_systems(value: str) -> list[str]:
    names = [n.strip().lower() for n in value.split(",") if n.strip()]
    unknown = [n for n in names if n not in SYSTEMS]
    if unknown or not names:
        raise click.BadParameter(
            f"unknown system(s) {', '.join(unknown) or '(none given)'}; choose from {', '.join(SYSTEMS)}",
            param_hint="--systems",
        )
    return list(dict.fromkeys(names))


@click.command("eval")
@click.argument("dataset", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--words", "-w", type=click.IntRange(min=10), default=None,
              help="Summary length in words [default: duc2003 100, multiling 250, neus 70, else 100].")
@click.option("--systems", "systems_arg", default=",".join(SYSTEMS), show_default=True,
              help="Comma-separated systems to compare.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("benchmarks/results"),
              show_default=True, help="Folder for the .md, .json and .png results.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Only the first K clusters.")
@click.option("--model", "-m", default=None, help="Embedding model folder [default: $NEWSDIGEST_MODEL, else bundled].")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the random baseline and of --scaling.")
@click.option("--memory/--no-memory", default=True, show_default=True,
              help="Measure peak Python-heap memory per system (tracemalloc, untimed, on the cluster "
                   "with the most sentences).")
@click.option("--scaling", is_flag=True,
              help=f"Instead of ROUGE: time the whole pipeline on synthetic stories of "
                   f"{', '.join(map(str, SCALING_SIZES))} articles sampled from DATASET.")
@click.option("--speed", is_flag=True,
              help="Instead of ROUGE: time whole `newsdigest summarize` processes against a sumy LexRank "
                   "process on the first 20 clusters of 10 articles (start-up included).")
def eval_cmd(dataset: Path, words, systems_arg, out: Path, limit, model, seed, memory, scaling, speed) -> None:
    """Score summarizers on a benchmark JSONL file with ROUGE, and time them.

    DATASET has one cluster per line: {"id", "articles": [...], "references": [...]}.
    Writes <stem>_<N>w.md, .json and .png to --out and prints the table.
    """
    from .embed import ModelLoadError, load_encoder

    words = words or default_words(dataset)
    names = _parse_systems(systems_arg)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{dataset.stem}_{words}w"
    try:
        if speed:
            from .speed import compare_processes, speed_markdown

            report = compare_processes(read_jsonl_lines(dataset), words)
            report["settings"] = {"dataset": dataset.name, "words": words, "python": platform.python_version(),
                                  "platform": platform.platform(), "cpus": os.cpu_count()}
            text = speed_markdown(dataset.stem, report, words)
            md_path, json_path = out / f"{dataset.stem}_speed.md", out / f"{dataset.stem}_speed.json"
        elif scaling:
            raw = read_jsonl_lines(dataset)
            if not raw:
                raise click.UsageError(f"{dataset} has no cluster lines to sample articles from")
            report = run_scaling(raw, words, model, seed=seed)
            report["settings"] = {"dataset": dataset.name, "words": words, "encoder": load_encoder(model).name,
                                  "python": platform.python_version(), "platform": platform.platform()}
            text = scaling_markdown(dataset.stem, report, words)
            md_path, json_path = out / f"{dataset.stem}_scaling.md", out / f"{dataset.stem}_scaling.json"
        else:
            data = load_dataset(dataset, limit)
            systems = build_systems(names, lambda: load_encoder(model), seed)
            encoder_name = load_encoder(model).name if "newsdigest" in names else None
            report = evaluate(data, systems, words, measure_memory=memory, progress=True)
            report = {"settings": settings_for(dataset, data, words, names, seed, encoder_name, memory), **report}
            text = results_markdown(dataset.stem, report)
            md_path, json_path = out / f"{stem}.md", out / f"{stem}.json"
            plot_recall(out / f"{stem}.png", f"{dataset.stem}, {words} words, {len(data.clusters)} clusters",
                        report["results"])
    except (ModelLoadError, NothingToSummarize, RuntimeError, ValueError) as exc:
        click.echo(f"newsdigest: error: {exc}", err=True)
        sys.exit(2)
    md_path.write_text(text, encoding="utf-8")
    json_path.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    click.echo(text)
    written = [md_path, json_path] + ([] if scaling or speed else [out / f"{stem}.png"])
    click.echo("newsdigest: wrote " + ", ".join(map(str, written)), err=True)
