"""Contradictions in a story: candidate sentence pairs, judged, grouped into entries."""

from __future__ import annotations

import re
import numpy as np
from newsdigest.summary.align import SentenceTable
from newsdigest.model import Claim, Contradiction, Story
from newsdigest.analysis.contradict.judge import Analyzer, _Conflict
from newsdigest.analysis.contradict.rules import ANCHOR_COSINE, NEIGHBOURS, PAIR_COSINE


def independent_indices(story: Story, table: SentenceTable) -> list[int]:
    """Sentences of articles that are not copies of another."""
    keep = {k for k, a in enumerate(story.articles) if a.duplicate_of is None}
    return [i for i in range(len(table)) if int(table.article_of[i]) in keep]


def candidate_pairs(story: Story, table: SentenceTable, min_cosine: float = PAIR_COSINE,
                    neighbours: int = NEIGHBOURS) -> list[tuple[int, int, float]]:
    """Pairs (i < j, cosine) of sentences of different independent publishers, each sentence with
    its ``neighbours`` nearest such sentences above ``min_cosine``."""
    idx = independent_indices(story, table)
    if len(idx) < 2 or table.vectors.ndim != 2 or table.vectors.shape[0] != len(table):
        return []
    source = np.array([hash(story.articles[int(table.article_of[i])].source) for i in idx])
    vectors = table.vectors[idx]
    pairs: dict[tuple[int, int], float] = {}
    block = 512  # rows at a time: memory stays O(block * n)
    for start in range(0, len(idx), block):
        sims = vectors[start:start + block] @ vectors.T
        for r in range(sims.shape[0]):
            row = sims[r]
            row[source == source[start + r]] = -1.0
            k = min(neighbours, len(idx) - 1)
            if k <= 0:
                continue
            top = np.argpartition(-row, k - 1)[:k]
            for c in top:
                c = int(c)
                if row[c] < min_cosine:
                    continue
                a, b = idx[start + r], idx[c]
                key = (a, b) if a < b else (b, a)
                pairs[key] = float(row[c])
    return sorted((a, b, s) for (a, b), s in pairs.items())


def find_contradictions(story: Story, table: SentenceTable) -> list[Contradiction]:
    """Facts that two or more independent publishers report with incompatible values.

    Degrades to ``[]`` for a single outlet, a story of copies, or an empty table.
    """
    if len(story.independent_outlets) < 2 or len(table) == 0:
        return []
    return [c for c, _ in _find(story, table)]


def _find(story: Story, table: SentenceTable) -> list[tuple[Contradiction, list[_Conflict]]]:
    """The contradictions, each with the sentence pairs found in conflict behind it (a
    contradiction cites one sentence per publisher; a publisher may have said it twice)."""
    if len(story.independent_outlets) < 2 or len(table) == 0:
        return []
    analyzer = Analyzer(story, table)
    conflicts: list[_Conflict] = []
    for i, j, cosine in candidate_pairs(story, table, min_cosine=min(PAIR_COSINE, ANCHOR_COSINE)):
        conflicts.extend(analyzer.conflicts(i, j, cosine))
    return _group(story, table, analyzer, conflicts)


def _group(story: Story, table: SentenceTable, analyzer: Analyzer,
           conflicts: list[_Conflict]) -> list[tuple[Contradiction, list[_Conflict]]]:
    parent: dict[tuple[str, int, int], tuple[str, int, int]] = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    values: dict[tuple[str, int, int], str] = {}
    for c in conflicts:
        na, nb = (c.kind, *c.a), (c.kind, *c.b)
        values[na], values[nb] = c.value_a, c.value_b
        parent[find(na)] = find(nb)
    groups: dict[tuple[str, int, int], list[_Conflict]] = {}
    for c in conflicts:
        groups.setdefault(find((c.kind, *c.a)), []).append(c)
    out = []
    for members in groups.values():
        nodes = sorted({(c.kind, *c.a) for c in members} | {(c.kind, *c.b) for c in members}, key=lambda n: n[1])
        claims: list[Claim] = []
        seen_sources: set[str] = set()
        arts = set()
        for kind, i, _ in nodes:
            art = int(table.article_of[i])
            a = story.articles[art]
            if a.source in seen_sources:
                continue
            seen_sources.add(a.source)
            arts.add(art)
            s = table.sentences[i]
            claims.append(Claim(source=a.source, article_id=a.id, sentence_index=s.index, text=s.text, value=values[(kind, i, _)]))
        if len({_norm_value(c.value) for c in claims}) < 2 or len(claims) < 2:
            continue
        # Only when no two outlets of the same day disagree can the dispute be an update.
        across_days = all(
            analyzer.day(int(table.article_of[c.a[0]])) != analyzer.day(int(table.article_of[c.b[0]])) for c in members
        )
        out.append((Contradiction(text=_describe(members[0], claims, across_days), kind=members[0].kind, claims=claims), members))
    out.sort(key=lambda cm: min((_position(story, cl) for cl in cm[0].claims)))
    return out


def _position(story: Story, claim: Claim) -> tuple[int, int]:
    for k, a in enumerate(story.articles):
        if a.id == claim.article_id:
            return claim.sentence_index, k
    return claim.sentence_index, len(story.articles)


def _describe(conflict: _Conflict, claims: list[Claim], different_days: bool) -> str:
    by_value: dict[str, list[str]] = {}
    for c in claims:
        by_value.setdefault(c.value, []).append(c.source)
    parts = [f"{v} ({', '.join(srcs)})" for v, srcs in by_value.items()]
    text = f"{conflict.slot}: " + " vs ".join(parts)
    if different_days:
        text += " (reported on different days: the later report may be an update or a correction)"
    return text


def _norm_value(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", value.lower()).strip()
