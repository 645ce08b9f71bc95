"""ROUGE scoring (rouge-score, Porter stemmer on, each output cut to N words, recall and F1)."""

from __future__ import annotations

from importlib import metadata
from typing import Any


ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")


ROUGE_LABELS = {"rouge1": "R-1", "rouge2": "R-2", "rougeL": "R-L"}


def truncate_words(text: str, n: int) -> str:
    """The first ``n`` whitespace-separated words: the length limit every system is scored at."""
    return " ".join(text.split()[:n])


def require_eval_extra(module: str) -> None:
    """A clear error instead of a traceback when the benchmark dependencies are not installed."""
    from importlib.util import find_spec

    if find_spec(module) is None:
        raise RuntimeError(f"the benchmarks need {module!r}: pip install 'newsdigest[eval]'")


def make_scorer():
    require_eval_extra("rouge_score")
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
