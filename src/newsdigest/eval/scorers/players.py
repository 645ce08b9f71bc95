"""Players scorers against gold annotations."""

from __future__ import annotations

from typing import Any
from newsdigest.model import Story
from newsdigest.analysis.players import DEFAULT_LIMIT, _key, key_players


def _norm_name(name: str) -> str:
    return " ".join(_key(name))


def score_key_players(story: Story, gold_items: list[dict[str, Any]], limit: int = DEFAULT_LIMIT) -> dict[str, int]:
    """Counts for precision/recall of ``key_players`` against gold players.

    tp: a predicted player whose name equals a gold name (case and punctuation aside) and whose
    kind matches. Extra counts: ``name_tp`` (name matches, any kind), ``kind_correct`` (of those,
    the kind is right) and ``sources_exact`` (tp whose outlets equal the gold's). If no article
    has entities, NER is run first (it loads the spaCy model).
    """
    if not any(a.entities for a in story.articles):
        from newsdigest.analysis.ner import annotate_entities, load_ner

        annotate_entities(story.articles, load_ner())
    predicted = key_players(story, limit)
    by_name = {_norm_name(p.name): p for p in predicted}
    tp = name_tp = kind_correct = sources_exact = 0
    for gold in gold_items:
        p = by_name.get(_norm_name(str(gold.get("name", ""))))
        if p is None:
            continue
        name_tp += 1
        if p.kind == gold.get("kind"):
            kind_correct += 1
            tp += 1
            if "sources" in gold and set(p.sources) == set(gold["sources"]):
                sources_exact += 1
    return {
        "tp": tp,
        "fp": len(predicted) - tp,
        "fn": len(gold_items) - tp,
        "name_tp": name_tp,
        "kind_correct": kind_correct,
        "sources_exact": sources_exact,
    }
