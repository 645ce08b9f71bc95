"""Corroborate scorers against gold annotations."""

from __future__ import annotations

import json
from typing import Any
from newsdigest.text import lexical
from newsdigest.summary.align import (
    normalised,
)
from newsdigest.model import Story
from newsdigest.analysis.corroborate import corroborate


def _texts_match(gold: str, predicted: str) -> bool:
    g, p = normalised(gold), normalised(predicted)
    if not g or not p:
        return False
    if g == p or g in p or p in g:
        return True
    gs, ps = set(lexical.content_stems(gold)), set(lexical.content_stems(predicted))
    return bool(gs) and len(gs & ps) / len(gs | ps) >= 0.8 and lexical.numbers(gold) == lexical.numbers(predicted)


def score_corroborated(story: Story, gold_items: list[dict[str, Any]]) -> dict[str, int]:
    """Counts for ``story.corroborated`` against gold items {"text", "count", "alt"?: [...]}.

    A fact matches a gold item when the gold sentence (or one of its ``alt`` wordings) is among
    the fact's support; ``count_correct`` counts matches whose count is also right.
    """
    predicted = list(story.corroborated)
    used: set[int] = set()
    tp = count_correct = 0
    for g in gold_items:
        texts = [g["text"], *g.get("alt", [])]
        for k, f in enumerate(predicted):
            if k in used:
                continue
            if any(_texts_match(t, s.text) for t in texts for s in f.support) or any(_texts_match(t, f.text) for t in texts):
                used.add(k)
                tp += 1
                count_correct += int(f.count == g.get("count"))
                break
    return {"tp": tp, "fp": len(predicted) - len(used), "fn": len(gold_items) - tp, "count_correct": count_correct}


def score_unique_claims(story: Story, gold_items: list[dict[str, Any]]) -> dict[str, int]:
    """Counts for ``story.unique_claims`` against gold items {"text", "source"}."""
    predicted = list(story.unique_claims)
    used: set[int] = set()
    tp = 0
    for g in gold_items:
        for k, f in enumerate(predicted):
            if k in used or f.support[0].source != g.get("source"):
                continue
            if _texts_match(g["text"], f.text):
                used.add(k)
                tp += 1
                break
    return {"tp": tp, "fp": len(predicted) - len(used), "fn": len(gold_items) - tp}


def evaluate_gold(path: str) -> dict[str, dict[str, int]]:
    """Summed counts of the three scorers over a gold JSONL (clusters with a "gold" key)."""
    from newsdigest.summary.align import build_table
    from newsdigest.analysis.contradict.pairs import find_contradictions
    from newsdigest.eval.scorers.contradict import score_contradictions
    from newsdigest.text.embed import load_encoder
    from newsdigest.pipeline import summarize

    encoder = load_encoder()
    digest = summarize(path, analysis=False)
    gold = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                record = json.loads(line)
                gold[record["id"]] = record.get("gold", {})
    totals: dict[str, dict[str, int]] = {}
    for story in digest.stories:
        table = build_table(story, encoder)
        story.corroborated, story.unique_claims = corroborate(story, table)
        story.contradictions = find_contradictions(story, table)
        g = gold.get(story.id, {})
        for name, scorer in (("corroborated", score_corroborated), ("unique_claims", score_unique_claims),
                             ("contradictions", score_contradictions)):
            counts = scorer(story, g.get(name, []))
            for k, v in counts.items():
                totals.setdefault(name, {}).setdefault(k, 0)
                totals[name][k] += v
    return totals
