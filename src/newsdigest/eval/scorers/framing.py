"""Framing scorers: gold loaded terms and the neutral summary on NeuS."""

from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable
from newsdigest.text import lexical
from newsdigest.summary.cite import cite
from newsdigest.model import Story
from newsdigest.summary.summarizers import Summarizer
from newsdigest.analysis.framing.compare import frame
from newsdigest.analysis.framing.loaded import loaded_rate, unquoted_text
from newsdigest.analysis.framing.neutral import NEUTRAL_PENALTY, neutral_summary


GOLD_WORDS = 60


def _gold_parts(gold_items: Any) -> tuple[list[dict[str, Any]], list[str]]:
    """Accepts the gold dict ``{"loaded_terms": [...], "ranking": [...]}`` or a flat list of
    ``{"source", "term"}`` items (with an optional ``{"ranking": [...]}`` item)."""
    if isinstance(gold_items, dict):
        return list(gold_items.get("loaded_terms") or []), list(gold_items.get("ranking") or [])
    terms, ranking = [], []
    for item in gold_items or []:
        if isinstance(item, dict) and "ranking" in item:
            ranking = list(item["ranking"])
        elif isinstance(item, dict) and "term" in item:
            terms.append(item)
    return terms, ranking


def _contains_term(text: str, term: str) -> bool:
    own = unquoted_text(text).lower()
    return re.search(r"(?<![a-z])" + re.escape(term.lower()) + r"(?![a-z])", own) is not None


def score_framing(story: Story, gold_items: Any) -> dict[str, int]:
    """Counts for one gold cluster: loaded terms per outlet as ``(source, term)`` pairs (case
    folded, each pair once) give tp/fp/fn; ``ranking_pairs``/``ranking_pairs_correct`` compare
    the outlets' scores with the gold order pair by pair (``ranking_exact``: all pairs right);
    ``neutral_loaded`` counts gold loaded terms left in the neutral summary's own wording
    (``neutral_clean`` is 1 when there are none). Uses ``story.framing`` and
    ``story.neutral_summary`` when filled, else computes them (the latter at ``GOLD_WORDS``)."""
    gold_terms, ranking = _gold_parts(gold_items)
    framing = story.framing or frame(story)
    predicted = {(f.source, t.term.lower()) for f in framing for t in f.loaded_terms}
    gold = {(str(g["source"]), str(g["term"]).lower()) for g in gold_terms}
    scores = {f.source: f.score for f in framing}
    ranked = [s for s in ranking if s in scores]
    pairs = [(a, b) for k, a in enumerate(ranked) for b in ranked[k + 1:]]
    correct = sum(1 for a, b in pairs if scores[a] > scores[b])
    summary = story.neutral_summary
    if not summary and story.articles:
        from newsdigest.text.embed import load_encoder
        from newsdigest.summary.align import build_table

        summary = neutral_summary(story, build_table(story, load_encoder()), GOLD_WORDS)
    terms = {t for _, t in gold}
    left = sum(1 for s in summary for t in terms if _contains_term(s.text, t))
    return {
        "tp": len(predicted & gold),
        "fp": len(predicted - gold),
        "fn": len(gold - predicted),
        "ranking_pairs": len(pairs),
        "ranking_pairs_correct": correct,
        "ranking_exact": int(bool(pairs) and correct == len(pairs)),
        "neutral_loaded": left,
        "neutral_clean": int(bool(summary) and left == 0),
    }


ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")


def _neus_story(line: dict[str, Any], k_line: int) -> tuple[Story, list[str | None]]:
    """A NeuS cluster as a prepared Story. Outlets are named by their AllSides leaning where the
    data recovered it ("left", "center", "right"), else "outlet 1".."outlet 3" (the release does
    not say which is which); the leanings come back in article order."""
    from newsdigest.io.ingest import InputError, article_from_record
    from newsdigest.model import Dropped
    from newsdigest.pipeline import prepare_articles

    meta = line.get("meta") or {}
    biases = list(meta.get("article_bias") or [])
    cid = str(line.get("id") or f"neus-{k_line}")
    articles, leanings = [], []
    for k, rec in enumerate(line.get("articles") or []):
        bias = biases[k] if k < len(biases) else None
        rec = dict(rec, source=bias or f"outlet {k + 1}", id=rec.get("id") or f"{cid}-{k}")
        try:
            articles.append(article_from_record(rec, f"{cid}#{k}", fallback_source=rec["source"], fallback_id=rec["id"]))
            leanings.append(bias)
        except InputError:
            continue
    dropped: list[Dropped] = []
    usable = prepare_articles(articles, dropped)
    keep = {a.id for a in usable}
    return Story(id=cid, articles=usable), [b for a, b in zip(articles, leanings) if a.id in keep]


def _mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def evaluate_neus(
    path: str | Path,
    words: int = 70,
    limit: int | None = None,
    summarizer: Summarizer | None = None,
    penalty: float = NEUTRAL_PENALTY,
) -> dict[str, Any]:
    """ROUGE of the neutral and the plain summary against AllSides' neutral roundups, and the
    loaded-term rate of the neutral summary against each outlet's own text.

    ROUGE: rouge-score's ``RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)``, each
    summary cut to its first ``words`` words, recall and F averaged over references, then
    clusters (x100). Loaded-term rates are loaded terms per 100 own words (quotations left out,
    as for outlets), averaged over clusters; ``*_with_quotes`` counts quotations too. ``by_bias``
    covers only the clusters whose outlets' leanings are known. The plain summary is the
    ``summarizer``'s (default: the pipeline's "coverage") and the neutral one uses the same."""
    from rouge_score import rouge_scorer

    from newsdigest.summary.align import build_table, mark_duplicates
    from newsdigest.text.embed import load_encoder
    from newsdigest.eval.rouge import truncate_words
    from newsdigest.summary.summarizers import get_summarizer

    start = time.perf_counter()
    scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
    encoder = load_encoder()
    base = summarizer if summarizer is not None else get_summarizer("coverage")
    rouge: dict[str, dict[str, list[float]]] = {"neutral": defaultdict(list), "plain": defaultdict(list)}
    rates: dict[str, list[float]] = defaultdict(list)
    by_bias: dict[str, list[float]] = defaultdict(list)
    lengths: dict[str, list[int]] = defaultdict(list)
    below_every = changed = clusters = 0
    with open(path, encoding="utf-8") as f:
        lines = [json.loads(x) for x in f if x.strip()]
    for k_line, line in enumerate(lines[:limit] if limit else lines):
        refs = [r for r in line.get("references") or [] if isinstance(r, str) and r.strip()]
        story, leanings = _neus_story(line, k_line)
        if not refs or not story.articles:
            continue
        clusters += 1
        mark_duplicates(story.articles)
        table = build_table(story, encoder)
        plain = cite(story, table, base.select(story, table, words))
        neutral = neutral_summary(story, table, words, summarizer=base, penalty=penalty)
        texts = {"plain": " ".join(s.text for s in plain), "neutral": " ".join(s.text for s in neutral)}
        changed += texts["plain"] != texts["neutral"]
        for name, text in texts.items():
            lengths[name].append(lexical.word_count(text))
            cut = truncate_words(text, words)
            scores = [scorer.score(ref, cut) for ref in refs]
            for t in ROUGE_TYPES:
                rouge[name][f"{t}_r"].append(100 * _mean(s[t].recall for s in scores))
                rouge[name][f"{t}_f"].append(100 * _mean(s[t].fmeasure for s in scores))
            rates[f"{name}_summary"].append(loaded_rate(text))
            rates[f"{name}_summary_with_quotes"].append(loaded_rate(text, quotes=True))
        outlet_rates = []
        for a, leaning in zip(story.articles, leanings):
            body = " ".join(s.text for s in a.sentences)
            outlet_rates.append(loaded_rate(body))
            rates["outlet_with_quotes"].append(loaded_rate(body, quotes=True))
            if leaning:
                by_bias[leaning].append(outlet_rates[-1])
        rates["outlet"].extend(outlet_rates)
        rates["least_loaded_outlet"].append(min(outlet_rates))
        rates["most_loaded_outlet"].append(max(outlet_rates))
        below_every += rates["neutral_summary"][-1] <= min(outlet_rates)
        if leanings and all(leanings):
            by_bias["neutral_summary"].append(rates["neutral_summary"][-1])
            by_bias["plain_summary"].append(rates["plain_summary"][-1])
    r2 = lambda x: None if x is None else round(x, 2)  # noqa: E731
    delta = {}
    for key in sorted(rouge["plain"]):
        diffs = [n - p for n, p in zip(rouge["neutral"][key], rouge["plain"][key])]
        mean = _mean(diffs) or 0.0
        sd = (sum((d - mean) ** 2 for d in diffs) / max(1, len(diffs) - 1)) ** 0.5
        # Paired over clusters; 1.96 standard errors either side (normal approximation).
        half = 1.96 * sd / max(1, len(diffs)) ** 0.5
        delta[key] = {"mean": r2(mean), "ci95": [r2(mean - half), r2(mean + half)]}
    return {
        "dataset": str(path),
        "clusters": clusters,
        "words": words,
        "rouge": {name: {key: r2(_mean(v)) for key, v in sorted(d.items())} for name, d in rouge.items()},
        "rouge_neutral_minus_plain": delta,
        "loaded_per_100_words": {key: r2(_mean(v)) for key, v in sorted(rates.items())},
        "by_bias": {
            "clusters": len(by_bias.get("neutral_summary", [])),
            **{key: r2(_mean(v)) for key, v in sorted(by_bias.items())},
        },
        "neutral_at_or_below_least_loaded_outlet": r2(below_every / clusters if clusters else None),
        "neutral_differs_from_plain": changed,
        "summary_words": {name: r2(_mean(v)) for name, v in lengths.items()},
        "seconds": round(time.perf_counter() - start, 1),
    }
