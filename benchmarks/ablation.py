"""Ablation: what each component of the coverage summarizer contributes to ROUGE.

Each row switches one component off (or one alternative on) and rescores the same clusters with
the same scorer as ``newsdigest eval`` (rouge-score, stemming, prediction cut to N words, recall
averaged over references, then clusters). Usage, from the repo root after ./setup.sh:

    .venv/bin/python benchmarks/ablation.py ../shared/data --out benchmarks/results/ablation.md

DATA is the folder with duc2003.jsonl, multiling2011_en.jsonl and neus_val.jsonl (any missing
file is skipped with a note).
"""

from __future__ import annotations

import argparse
import copy
import importlib
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator
from unittest import mock

from newsdigest.eval.summaries import evaluate as ev
from newsdigest.text.embed import load_encoder
from newsdigest.model import Story
from newsdigest.pipeline import summarize_story
from newsdigest.summary.summarizers import CoverageSummarizer

# The module (``newsdigest.summarize`` the attribute is the pipeline function of that name).
summarize_module = importlib.import_module("newsdigest.summary.summarizers")

DATASETS = {"duc2003.jsonl": 100, "multiling2011_en.jsonl": 250, "neus_val.jsonl": 70}


@contextmanager
def nothing() -> Iterator[None]:
    yield


# (row label, summarizer settings, context that switches a pipeline component off)
VARIANTS: list[tuple[str, dict[str, Any], Callable[[], Any]]] = [
    ("full (defaults, as in the eval tables)", {}, nothing),
    ("no document-frequency weighting (every concept 1)", {"document_frequency": False}, nothing),
    ("no position weighting", {"position_weight": 0.0}, nothing),
    ("no single-source fill (df-1 concepts weigh 0)", {"single_source_weight": 0.0}, nothing),
    ("no length scaling of the gain (cost exponent 0)", {"cost_exponent": 0.0}, nothing),
    ("budget kept strictly (no cut-aware last sentence)", {"overflow": False}, nothing),
    ("no redundancy check (cosine)", {}, lambda: mock.patch.object(summarize_module, "MAX_REDUNDANT_COSINE", 2.0)),
    ("no same-fact redundancy check", {"fact_redundancy": False}, nothing),
    ("no stand-alone filter", {}, lambda: mock.patch.object(summarize_module, "stands_alone", lambda text: True)),
    ("no wire-copy detection", {}, lambda: mock.patch("newsdigest.pipeline.mark_duplicates", lambda articles: None)),
    ("+ content unigrams as concepts (weight 0.5)", {"unigram_weight": 0.5}, nothing),
]


def score(clusters, words: int, settings: dict[str, Any], context, encoder, scorer) -> tuple[float, float]:
    summarizer = CoverageSummarizer(**{"overflow": True, **settings})
    r1 = r2 = 0.0
    with ExitStack() as stack:
        stack.enter_context(context())
        for cluster in clusters:
            articles = copy.deepcopy(cluster.articles)
            for a in articles:
                a.duplicate_of = None  # marked afresh by summarize_story (or not, when ablated)
            story = summarize_story(Story("ablation", articles), encoder, words, summarizer)
            sc = ev.score_summary(scorer, " ".join(s.text for s in story.summary), cluster.references, words)
            r1 += sc["rouge1_r"]
            r2 += sc["rouge2_r"]
    return 100 * r1 / len(clusters), 100 * r2 / len(clusters)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="folder with the benchmark JSONL files")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/ablation.md"))
    args = parser.parse_args()
    encoder, scorer = load_encoder(), ev.make_scorer()
    table: dict[str, dict[str, tuple[float, float]]] = {label: {} for label, _, _ in VARIANTS}
    used, notes = [], []
    for name, words in DATASETS.items():
        path = args.data / name
        if not path.exists():
            notes.append(f"{name}: not found, skipped")
            continue
        clusters = ev.load_dataset(path).clusters
        used.append((Path(name).stem, words, len(clusters)))
        for label, settings, context in VARIANTS:
            table[label][Path(name).stem] = score(clusters, words, settings, context, encoder, scorer)
            print(name, label, table[label][Path(name).stem], flush=True)
    head = " | ".join(f"{d} R-1 | {d} R-2" for d, _, _ in used)
    lines = [
        "# Ablation of the coverage summarizer (ROUGE recall x 100; change vs full in brackets)",
        "",
        f"| variant | {head} |",
        "|---|" + "---:|" * (2 * len(used)),
    ]
    full = table[VARIANTS[0][0]]
    for label, _, _ in VARIANTS:
        cells = []
        for d, _, _ in used:
            (r1, r2), (f1, f2) = table[label][d], full[d]
            cells += [f"{r1:.2f}", f"{r2:.2f}"] if label == VARIANTS[0][0] else [
                f"{r1:.2f} ({r1 - f1:+.2f})", f"{r2:.2f} ({r2 - f2:+.2f})"]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Clusters: " + ", ".join(f"{d} {n} at {w} words" for d, w, n in used) + ". "
        "Scorer: rouge-score `RougeScorer(['rouge1','rouge2','rougeL'], use_stemmer=True)`, prediction cut to "
        "N words, recall averaged over references then clusters. Every row fills the N words the scorer keeps "
        "(cut-aware last sentence) except the strict-budget row.",
    ] + notes
    text = "\n".join(lines) + "\n"
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
