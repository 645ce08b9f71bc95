"""Quote scorers: gold sets and annotated real articles."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any
from newsdigest.model import Story
from newsdigest.analysis.quotes.merge import _matched, find_quotes, normalized_tokens
from newsdigest.analysis.quotes.rules import MIN_QUOTE_WORDS, OMISSION


def _speaker_norm(name: str | None) -> str | None:
    if name is None:
        return None
    n = re.sub(r"[’']s\b", "", name.lower())
    n = re.sub(r"[^\w\s]", " ", n)
    n = re.sub(r"^\s*(?:the|a|an|its|his|her|their)\s+", "", n)
    return " ".join(n.split()) or None


def _speaker_ok(predicted: str | None, gold: Any) -> bool:
    options = gold if isinstance(gold, list) else [gold]
    return _speaker_norm(predicted) in {_speaker_norm(g) for g in options}


def _text_match(gold: list[str], pred: list[str]) -> float:
    """How strongly two quotes overlap (0 when they do not match at all)."""
    if not gold or not pred:
        return 0.0
    m = _matched(gold, pred)
    dice = 2 * m / (len(gold) + len(pred))
    if dice >= 0.6 or (m >= MIN_QUOTE_WORDS and m / min(len(gold), len(pred)) >= 0.9):
        return dice
    return 0.0


def _pair(gold_texts: list[list[str]], pred_texts: list[list[str]]) -> list[tuple[int, int]]:
    scored = sorted(
        ((s, gi, pi) for gi, g in enumerate(gold_texts) for pi, p in enumerate(pred_texts) if (s := _text_match(g, p)) > 0),
        reverse=True,
    )
    used_g, used_p, pairs = set(), set(), []
    for _, gi, pi in scored:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


def _speaker_counts(counts: Counter, predicted: str | None, gold: Any) -> None:
    if predicted is not None:
        counts["speaker_total"] += 1
        counts["speaker_correct"] += int(_speaker_ok(predicted, gold))
    if gold is not None:
        counts["speaker_gold"] += 1
        counts["speaker_found"] += int(predicted is not None and _speaker_ok(predicted, gold))


def score_quotes(story: Story, gold_items: list[dict[str, Any]]) -> dict[str, int]:
    """Counts for one story against gold items {"text", "speaker", "sources", "variant"}.

    tp/fp/fn on quotes (matched by strong word overlap, one to one); among matched quotes:
    speaker_correct of speaker_total (predicted speaker not None: attribution precision),
    speaker_found of speaker_gold (gold speaker not None: attribution recall), sources_correct
    (same set of outlets) and variant_correct (variants listed iff the gold says so).
    """
    predicted = find_quotes(story)
    gold_texts = [normalized_tokens(g.get("text", "")) for g in gold_items]
    pairs = _pair(gold_texts, [normalized_tokens(q.text) for q in predicted])
    counts: Counter = Counter({k: 0 for k in ("tp", "fp", "fn", "speaker_correct", "speaker_total",
                                               "speaker_found", "speaker_gold", "sources_correct", "variant_correct")})
    counts["tp"] = len(pairs)
    counts["fp"] = len(predicted) - len(pairs)
    counts["fn"] = len(gold_items) - len(pairs)
    for gi, pi in pairs:
        g, q = gold_items[gi], predicted[pi]
        _speaker_counts(counts, q.speaker, g.get("speaker"))
        counts["sources_correct"] += int(set(q.sources) == set(g.get("sources", [])))
        counts["variant_correct"] += int(bool(q.variants) == bool(g.get("variant", False)))
    return dict(counts)


def _prepare(records: list[dict[str, Any]], story_id: str) -> Story | None:
    from newsdigest.summary.align import mark_duplicates
    from newsdigest.io.ingest import articles_from_records
    from newsdigest.pipeline import prepare_articles

    result = articles_from_records(records)
    articles = prepare_articles(result.articles, [])
    if not articles:
        return None
    mark_duplicates(articles)
    return Story(id=story_id, articles=articles)


def score_real_quotes(
    gold_path: str | Path, data_dir: str | Path, nlp: Any = None, split: str | None = None
) -> dict[str, Any]:
    """Quote recall/precision and speaker precision on annotated real articles.

    gold_path: JSONL of {"dataset", "cluster", "article", "char_start", "char_end", "speaker",
    "split"}: offsets into the article's ``text`` in ``data_dir/dataset``; every quote of each
    annotated article is listed (a row with null offsets marks an article with none). ``speaker``
    is a name, a list of accepted names, or null. ``split`` ("dev"/"heldout") picks rows. Each
    article is its own story; ``nlp`` (ner.load_ner()) adds entities first.
    """
    rows = [json.loads(line) for line in Path(gold_path).read_text(encoding="utf-8").splitlines() if line.strip()]
    wanted: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for r in rows:
        if split is None or r.get("split") == split:
            group = wanted.setdefault((r["dataset"], r["cluster"], r["article"]), [])
            if r.get("char_start") is not None:
                group.append(r)
    records: dict[tuple[str, str, str], dict[str, Any]] = {}
    for dataset in sorted({k[0] for k in wanted}):
        clusters = {k[1] for k in wanted if k[0] == dataset}
        with (Path(data_dir) / dataset).open(encoding="utf-8") as f:
            for line in f:
                c = json.loads(line)
                if c.get("id") in clusters:
                    for a in c.get("articles", []):
                        if (dataset, c["id"], a.get("id")) in wanted:
                            records[(dataset, c["id"], a["id"])] = a
    counts: Counter = Counter({k: 0 for k in ("tp", "fp", "fn", "speaker_correct", "speaker_total", "speaker_found", "speaker_gold")})
    counts["articles"] = 0
    for key, gold in wanted.items():
        record = records.get(key)
        if record is None:
            counts["fn"] += len(gold)
            continue
        gold_texts = [normalized_tokens(record["text"][g["char_start"]:g["char_end"]]) for g in gold]
        story = _prepare([dict(record, source=record.get("source") or key[0])], key[2])
        if story is not None and nlp is not None:
            from newsdigest.analysis.ner import annotate_entities

            annotate_entities(story.articles, nlp)
        # The gold marks each quoted span; a quote split by its attribution is one entry whose
        # parts are spans of their own, so each part is scored as a predicted span.
        predicted = [
            (part, q.speaker)
            for q in (find_quotes(story) if story is not None else [])
            for part in q.text.split(OMISSION)
            if part.strip()
        ]
        pairs = _pair(gold_texts, [normalized_tokens(text) for text, _ in predicted])
        counts["articles"] += 1
        counts["tp"] += len(pairs)
        counts["fp"] += len(predicted) - len(pairs)
        counts["fn"] += len(gold) - len(pairs)
        for gi, pi in pairs:
            _speaker_counts(counts, predicted[pi][1], gold[gi].get("speaker"))
    out: dict[str, Any] = dict(counts)
    out["quote_recall"] = round(counts["tp"] / max(1, counts["tp"] + counts["fn"]), 3)
    out["quote_precision"] = round(counts["tp"] / max(1, counts["tp"] + counts["fp"]), 3)
    out["speaker_precision"] = round(counts["speaker_correct"] / max(1, counts["speaker_total"]), 3)
    out["speaker_recall"] = round(counts["speaker_found"] / max(1, counts["speaker_gold"]), 3)
    return out


def score_gold_file(path: str | Path, nlp: Any = None) -> dict[str, int]:
    """score_quotes summed over the clusters of a gold JSONL file (each line: a cluster + "gold")."""
    total: Counter = Counter()
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        cluster = json.loads(line)
        story = _prepare(cluster["articles"], cluster["id"])
        if story is None:
            total["fn"] += len(cluster.get("gold", []))
            continue
        if nlp is not None:
            from newsdigest.analysis.ner import annotate_entities

            annotate_entities(story.articles, nlp)
        total.update(score_quotes(story, cluster.get("gold", [])))
    return dict(total)
