"""Contradiction scorers: gold sets and judged real sentence pairs."""

from __future__ import annotations

import re
from typing import Any
from newsdigest.text import lexical
from newsdigest.model import Story
from newsdigest.analysis.contradict.pairs import _find, _norm_value


def _value_matches(gold: str, predicted: str) -> bool:
    g, p = _norm_value(gold), _norm_value(predicted)
    if not g or not p:
        return False
    if g == p or re.search(r"\b" + re.escape(g) + r"\b", p) or re.search(r"\b" + re.escape(p) + r"\b", g):
        return True
    gn, pn = lexical.numbers(gold), lexical.numbers(predicted)
    return bool(gn) and gn == pn


def score_contradictions(story: Story, gold_items: list[dict[str, Any]]) -> dict[str, int]:
    """Counts for ``story.contradictions`` against gold items {"kind", "values", "sources"}.

    A prediction matches a gold item when the kind is the same, it cites at least two of the gold
    sources, and its claims give at least two of the gold values (two distinct ones).
    """
    predicted = list(story.contradictions)
    used: set[int] = set()
    tp = 0
    for g in gold_items:
        for k, p in enumerate(predicted):
            if k in used or p.kind != g.get("kind"):
                continue
            sources = {c.source for c in p.claims}
            if len(sources & set(g.get("sources", []))) < 2:
                continue
            matched = {gv for gv in g.get("values", []) for c in p.claims if _value_matches(gv, c.value)}
            if len(matched) >= 2:
                used.add(k)
                tp += 1
                break
    return {"tp": tp, "fp": len(predicted) - len(used), "fn": len(gold_items) - tp}


def _sentence_spans(raw: str, sentences: list) -> list[tuple[int, int] | None]:
    """Where each (cleaned) sentence lies in the article's raw text: its words in order, with
    anything but word characters between them (cleaning rewrites quotes, dashes and spacing)."""
    spans: list[tuple[int, int] | None] = []
    pos = 0
    for s in sentences:
        words = re.findall(r"\w+", s.text)
        if not words:
            spans.append(None)
            continue
        pattern = re.compile(r"\W*".join(re.escape(w) for w in words))
        m = pattern.search(raw, pos) or pattern.search(raw)
        spans.append((m.start(), m.end()) if m else None)
        if m:
            pos = m.end()
    return spans


def score_real_contradictions(data_dir: Any, gold_path: Any, encoder: Any = None) -> dict[str, Any]:
    """Precision and recall per split on judged sentence pairs of real clusters.

    ``gold_path``: JSONL (``benchmarks/gold/contradictions_real.jsonl``); each row names a
    ``dataset`` file in ``data_dir``, a ``cluster``, two sentences ``a`` and ``b`` (``article`` id
    and ``char_start``/``char_end`` offsets into that article's raw ``text``: no text is stored),
    the ``kind``, a ``label`` (true: a contradiction) and a ``split`` (dev / heldout). Rows
    without a ``cluster`` (the header comment) are skipped.

    Each annotated cluster is run through the pipeline's preparation (clean, segment, copies) and
    ``find_contradictions``; an article without a source (NeuS) counts as its own outlet. Every
    pair of sentences found in conflict behind a reported contradiction is a predicted pair
    (a contradiction cites one sentence per publisher, but a publisher may say it twice); it matches a row when both
    sentences overlap the row's spans and the kind is the same. Per split: ``tp`` true rows found,
    ``fn`` true rows missed, ``fp`` false rows flagged, ``unjudged`` predicted pairs no row
    judges (listed in ``unjudged_pairs``, in the annotation format); ``precision`` = tp / (tp + fp),
    ``strict_precision`` counts unjudged pairs as false alarms. Returns ``{"skipped": reason}`` when the gold file or every dataset is absent.
    """
    import json
    from pathlib import Path

    gold_path, data_dir = Path(gold_path), Path(data_dir)
    if not gold_path.exists():
        return {"skipped": f"no annotations at {gold_path}"}
    rows = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r.get("cluster")]
    wanted: dict[str, set[str]] = {}
    for r in rows:
        wanted.setdefault(r["dataset"], set()).add(r["cluster"])
    records: dict[tuple[str, str], dict[str, Any]] = {}
    for dataset, clusters in wanted.items():
        path = data_dir / dataset
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                c = json.loads(line)
                if c.get("id") in clusters:
                    records[(dataset, c["id"])] = c
    if not records:
        return {"skipped": f"none of the annotated datasets found in {data_dir}"}

    from newsdigest.summary.align import build_table, mark_duplicates
    from newsdigest.io.ingest import articles_from_records
    from newsdigest.pipeline import prepare_articles

    if encoder is None:
        from newsdigest.text.embed import load_encoder

        encoder = load_encoder()
    # (dataset, cluster) -> predicted pairs: {(article, span), (article, span)}, kind
    predicted: dict[tuple[str, str], list[tuple[str, tuple[str, tuple[int, int]], tuple[str, tuple[int, int]]]]] = {}
    for key, c in records.items():
        arts = [dict(a, source=a.get("source") or a.get("id")) for a in c.get("articles", [])]
        raw = {a.get("id"): a.get("text") or "" for a in c.get("articles", [])}
        articles = prepare_articles(articles_from_records(arts).articles, [])
        mark_duplicates(articles)
        story = Story(id=c["id"], articles=articles)
        table = build_table(story, encoder)
        spans = {a.id: _sentence_spans(raw.get(a.id, ""), a.sentences) for a in articles}

        def where(i: int) -> tuple[str, tuple[int, int] | None]:
            s = table.sentences[i]
            return s.article_id, spans[s.article_id][s.index]

        pairs = []
        for con, members in _find(story, table):
            for m in members:
                x, y = where(m.a[0]), where(m.b[0])
                if x[1] is not None and y[1] is not None:
                    pairs.append((con.kind, x, y))
        predicted[key] = pairs

    def overlaps(span: tuple[int, int], g: dict[str, Any]) -> bool:
        return span[0] < g["char_end"] and g["char_start"] < span[1]

    def matches(pair, r) -> bool:
        kind, (art_x, span_x), (art_y, span_y) = pair
        if kind != r["kind"]:
            return False
        a, b = r["a"], r["b"]
        return ((art_x == a["article"] and art_y == b["article"] and overlaps(span_x, a) and overlaps(span_y, b))
                or (art_x == b["article"] and art_y == a["article"] and overlaps(span_x, b) and overlaps(span_y, a)))

    out: dict[str, Any] = {}
    for split in sorted({r.get("split", "dev") for r in rows}):
        split_rows = [r for r in rows if r.get("split", "dev") == split and (r["dataset"], r["cluster"]) in records]
        counts: dict[str, Any] = {"tp": 0, "fp": 0, "fn": 0, "unjudged": 0, "judged_true": 0, "judged_false": 0}
        unjudged: list[dict[str, Any]] = []
        for r in split_rows:
            hit = any(matches(p, r) for p in predicted[(r["dataset"], r["cluster"])])
            counts["judged_true" if r["label"] else "judged_false"] += 1
            if r["label"]:
                counts["tp" if hit else "fn"] += 1
            elif hit:
                counts["fp"] += 1
        for key in {(r["dataset"], r["cluster"]) for r in split_rows}:
            same = [r for r in split_rows if (r["dataset"], r["cluster"]) == key]
            for kind, (art_x, span_x), (art_y, span_y) in predicted[key]:
                if not any(matches((kind, (art_x, span_x), (art_y, span_y)), r) for r in same):
                    unjudged.append({"dataset": key[0], "cluster": key[1], "kind": kind,
                                     "a": {"article": art_x, "char_start": span_x[0], "char_end": span_x[1]},
                                     "b": {"article": art_y, "char_start": span_y[0], "char_end": span_y[1]}})
        counts["unjudged"] = len(unjudged)
        tp, fp = counts["tp"], counts["fp"]
        counts["precision"] = round(tp / (tp + fp), 3) if tp + fp else 1.0
        counts["strict_precision"] = round(tp / (tp + fp + counts["unjudged"]), 3) if tp + fp + counts["unjudged"] else 1.0
        counts["recall"] = round(tp / (tp + counts["fn"]), 3) if tp + counts["fn"] else 1.0
        counts["clusters"] = len({(r["dataset"], r["cluster"]) for r in split_rows})
        counts["unjudged_pairs"] = unjudged  # in the annotation format, ready to be judged
        out[split] = counts
    return out
