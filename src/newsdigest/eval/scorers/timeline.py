"""Timeline scorers against gold annotations."""

from __future__ import annotations

from typing import Any
from newsdigest.text import lexical
from newsdigest.summary.align import SentenceTable
from newsdigest.model import Story, TimelineEvent
from newsdigest.analysis.timeline import extract_timeline


def _norm(text: str) -> str:
    return " ".join(lexical.tokens(text))


def _text_matches(gold: str, event: TimelineEvent) -> bool:
    g = _norm(gold)
    gt = set(g.split())
    for s in event.support:
        t = _norm(s.text)
        if g in t or t in g:
            return True
        tt = set(t.split())
        if gt and tt and len(gt & tt) / len(gt | tt) >= 0.6:
            return True
    return False


def score_timeline(
    story: Story,
    gold_items: list[dict[str, Any]],
    unresolved_gold: list[dict[str, Any]] | None = None,
    table: SentenceTable | None = None,
) -> dict[str, int]:
    """Counts for precision/recall of ``build_timeline`` against gold events.

    A predicted event is a true positive when its date equals a gold event's date and one of its
    sentences contains (or is contained in, or mostly overlaps) the gold sentence; matching is
    one-to-one, so merging two gold events costs a false negative and splitting one costs a false
    positive. Extra counts: ``sources_exact`` (tp whose outlets equal the gold's), and, with
    ``unresolved_gold`` ([{"source", "expression"}]), ``unresolved_tp``/``unresolved_gold``.
    """
    result = extract_timeline(story, table)
    predicted = result.events
    used: set[int] = set()
    tp = sources_exact = 0
    for gold in gold_items:
        for i, event in enumerate(predicted):
            if i in used or event.date != gold.get("date"):
                continue
            if _text_matches(str(gold.get("text", "")), event):
                used.add(i)
                tp += 1
                if set(event.sources) == set(gold.get("sources", event.sources)):
                    sources_exact += 1
                break
    counts = {"tp": tp, "fp": len(predicted) - tp, "fn": len(gold_items) - tp, "sources_exact": sources_exact}
    if unresolved_gold is not None:
        found = {(u.source, u.expression.lower()) for u in result.unresolved}
        counts["unresolved_gold"] = len(unresolved_gold)
        counts["unresolved_tp"] = sum((u["source"], u["expression"].lower()) in found for u in unresolved_gold)
        counts["unresolved_found"] = len(found)
    return counts
