"""Corroboration: which facts two or more independent publishers state, and which only one does.

Corroborated facts. Every substantive sentence of an independent article (not a wire copy) is a
candidate claim. Its support is, for each other article, the best sentence that states the same
fact (``align.supporting_sentences``, i.e. ``align.fact_score``: close in meaning, the claim's
numbers, most of its names and content words), minus any sentence that reports the same fact with
an incompatible value (``contradict.Analyzer``): a disputed figure is not a confirmed one.
``count`` is the number of distinct publishers with a non-copy article among the claim and its
support, so a reprinted wire story counts once; copies still appear in ``support``.

Claims with count >= 2 are clustered greedily: the most-supported claim first, then the shortest
(a short sentence is the one most others can state in full, and says the fact with the least
else), then the earliest position. Each chosen fact covers its claim and every sentence that
states it; a covered sentence does not become a fact of its own. Facts are listed by count, then
by position (sentence index, then article order).

Unique claims. A substantive sentence of an independent article is unique when no other
independent publisher states its fact, contradicts it, or covers it in other words: half or more
of its content words and numbers (numbers weigh double; a figure the other outlet gives rounded
or hedged counts as found) occur in one or two of that publisher's nearest sentences (nearest in
meaning or in shared words), which catches background told differently or split over two
sentences. They are listed in reading order (article, then position); a long story has many.

Substantive excludes questions, fragments (< 4 words or < 2 content words), quote-only sentences
(nothing outside the quotation but its attribution, even a described speaker: '..., said Dr.
Nair, the city's health officer.'), captions and page furniture ("Reporting by ...",
"Listen to ...").

Single-outlet stories (or all articles copies of one) have nothing to compare: both lists are
empty by design (the pipeline's story note says "single source"); an unconfirmed story is not a
list of unique claims.

Limits: "states the same fact" is ``fact_score``'s judgement, which requires the same numbers, so
"about 200 passengers" does not corroborate "212 passengers"; unique claims depend on lexical
overlap and can miss background paraphrased with entirely different words.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import combinations

import numpy as np

from newsdigest.text import lexical
from newsdigest.summary.align import (
    MIN_COSINE,
    SUPPORT_THRESHOLD,
    SentenceTable,
    fact_score,
    fact_text,
    supporting_sentences,
)
from newsdigest.summary.summarizers import inside_quotations, stands_alone
from newsdigest.analysis.contradict import Analyzer
from newsdigest.model import Fact, Story, Support

# A sentence whose content words (and numbers) are found this much in another publisher's most
# similar sentences is background that outlet also reports.
BACKGROUND_RECALL = 0.5
# How many of another publisher's most similar sentences count as "its version" of a sentence.
BACKGROUND_NEIGHBOURS = 3
# A sentence this close in meaning to another publisher's sentence is not unique, whatever
# the words.
BACKGROUND_COSINE = 0.85
# A number is a fact's most specific part: it weighs as much as this many words.
NUMBER_WEIGHT = 2
MIN_WORDS = 4
# Claims whose rows of cosines are computed together (64 rows of a 5,000-sentence story: 1.3 MB).
_BLOCK = 64
MIN_CONTENT = 2

_FURNITURE = re.compile(
    r"^\(?(?:Reporting|Additional reporting|Writing|Editing|Compiled|Contributing) by\b"
    r"|^(?:Listen|Watch|Read|Click|Tap|Follow|Subscribe|Sign up|Contact|Email|Call|Download|Share|Visit)\b"
    r"|contributed (?:to )?(?:this )?report|\bcan be reached at\b|\bAll rights reserved\b|^Copyright\b|©"
    r"|https?://|www\.|\S+@\S+\.\w+|\b(?:staff|wire) (?:writer|reporter)\b|^This (?:story|article) (?:has been|was)\b"
    r"|\bAssociated Press (?:writer|reporter)\b",
    re.I,
)
_CAPTION = re.compile(
    r"^\(?(?:Photo|Photograph|Image|Picture|Pictured|Video|Graphic|Caption|Credit|FILE)\b\s*[:(/-]"
    r"|\((?:AP|AFP|Reuters|EPA|Getty)\s*(?:Photo|Images)[^)]*\)|/\s*(?:Getty Images|Reuters|AP)\s*\)?\s*$",
    re.I,
)
# Quoted spans, also one left open or closed without its other mark (unbalanced quotes).
# A lone straight mark closes a quotation only after punctuation ('... deal," he said'); after
# 'He said: ' it opens one that runs to the end.
_QUOTED = re.compile(r'"[^"]*"?|\u201c[^\u201d]*\u201d?|^[^"\u201c\u201d]*\u201d|^[^"]*[.,!?]"(?=[^"]*$)')
_SAY = re.compile(r"\b(?:said|says|say|told|tells|added|adds|asked|stated|explained|wrote|declared|insisted|"
                  r"recalled|according|continued|noted|warned)\b", re.I)
# Words that open a second clause: an attribution that has one says more than who spoke.
_CLAUSE_WORDS = {"that", "and", "but", "because", "after", "while", "when", "adding", "as", "which", "where", "if", "before"}


def is_substantive(text: str) -> bool:
    """Could this sentence be a fact on its own (not a question, fragment, quote, caption, furniture)?"""
    t = text.strip()
    if not t or t.endswith("?") or t.rstrip("\"'”’ ").endswith("?"):
        return False
    # A sentence that starts in lower case is the tail of a badly split one ("lounge to see ...").
    first = next((c for c in t if c.isalnum()), "")
    if first.islower():
        return False
    if lexical.word_count(t) < MIN_WORDS or len(lexical.content_stems(t)) < MIN_CONTENT:
        return False
    if _FURNITURE.search(t) or _CAPTION.search(t):
        return False
    return not quote_only(t)


def quote_only(text: str) -> bool:
    """A quotation and its attribution, nothing else ('"...," Delgado told reporters.')."""
    if not any(q in text for q in '"\u201c\u201d'):
        return False
    outside = _QUOTED.sub(" ", text)
    # What remains lower-case outside the quote, beyond the reporting verb, is content.
    lower = [w for w in lexical.words(_SAY.sub(" ", outside)) if w[:1].islower() and w.lower() not in lexical.stop_words()]
    if len(lower) < 2:
        return True
    if not _SAY.search(outside):
        return False
    # A speaker described in words ('..., said Dr. Nair, the city's health officer.') is still
    # only an attribution: short, and no second clause ("..., he said, adding that ...").
    rest = lexical.words(_SAY.sub(" ", outside))
    if len(rest) <= 10 and not {w.lower() for w in rest} & _CLAUSE_WORDS:
        return True
    return lexical.word_count(outside) <= lexical.word_count(text) / 2


def _support(story: Story, table: SentenceTable, i: int, score: float) -> Support:
    s = table.sentences[i]
    a = story.articles[int(table.article_of[i])]
    return Support(article_id=a.id, source=a.source, text=s.text, sentence_index=s.index, score=score)


def corroborate(story: Story, table: SentenceTable) -> tuple[list[Fact], list[Fact]]:
    """(corroborated, unique_claims) for a story whose sentence table is built.

    Both are empty when fewer than two independent publishers report the story.
    """
    if len(story.independent_outlets) < 2 or len(table) == 0:
        return [], []
    analyzer = Analyzer(story, table)
    independent = {k for k, a in enumerate(story.articles) if a.duplicate_of is None}
    # A sentence inside a quotation that runs over several sentences is someone's words out of
    # their quote marks, never a fact the outlet states (as for the summary's candidates).
    quoted = {(story.articles[k].id, j) for k in independent for j in inside_quotations(story.articles[k].sentences)}
    claims = [i for i in range(len(table))
              if int(table.article_of[i]) in independent and is_substantive(table.sentences[i].text)
              and (table.sentences[i].article_id, table.sentences[i].index) not in quoted]
    context = _Elsewhere(story, table, analyzer)
    # One pass over the claims, each claim's cosines to every sentence computed once (the same
    # product ``align.supporting_sentences`` computes) and used for its support, for the
    # sentences that state it (``_stating``, kept only for candidate facts: rows at or above
    # MIN_COSINE) and for whether another publisher tells it (asked only of single-publisher
    # claims; the answer is used when no chosen fact covers the claim).
    supports: dict[int, list[tuple[int, float]]] = {}
    counts: dict[int, int] = {}
    near: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    elsewhere: dict[int, bool] = {}
    # The products are made a block of claims at a time, back to back: interleaved with the
    # Python work below, each one waits for BLAS's worker threads to wake up again (tens of times
    # slower on a busy machine). Each is still its own matrix-vector product, so the values are
    # exactly those ``supporting_sentences`` computes.
    for start in range(0, len(claims), _BLOCK):
        block = claims[start:start + _BLOCK]
        for i, cosines in zip(block, [table.vectors @ table.vectors[i] for i in block]):
            supports[i] = _confirmed_support(analyzer, table, i, cosines)
            counts[i] = _count(story, table, i, supports[i])
            if counts[i] >= 2:
                rows = np.flatnonzero(cosines >= MIN_COSINE)
                near[i] = (rows, cosines[rows])
            elif counts[i] == 1:
                elsewhere[i] = context.told_elsewhere(i, cosines)

    corroborated, covered = _choose_facts(story, table, claims, supports, counts, near)
    unique = _unique_claims(story, table, claims, supports, counts, covered, elsewhere)
    return corroborated, unique


def _confirmed_support(
    analyzer: Analyzer, table: SentenceTable, i: int, cosines: np.ndarray | None = None
) -> list[tuple[int, float]]:
    """supporting_sentences, without sentences that contradict it (a number, date or name of the
    same fact told otherwise). ``cosines``: the claim's row of cosines,
    when the caller has it."""
    articles = analyzer.story.articles
    out = []
    found = supporting_sentences(table, i, cosines)
    for j, score in found:
        same_publisher = articles[int(table.article_of[j])].source == articles[int(table.article_of[i])].source
        cosine = float(table.vectors[i] @ table.vectors[j])
        # A dispute about who said it (the attribution) does not undo the fact.
        if not same_publisher and any(c.in_fact for c in analyzer.conflicts(i, j, cosine)):
            continue
        out.append((j, score))
    return out


def _count(story: Story, table: SentenceTable, i: int, support: list[tuple[int, float]]) -> int:
    publishers = {story.articles[int(table.article_of[i])].source}
    for j, _ in support:
        a = story.articles[int(table.article_of[j])]
        if a.duplicate_of is None:
            publishers.add(a.source)
    return len(publishers)


def _choose_facts(story, table, claims, supports, counts, near=None) -> tuple[list[Fact], set[int]]:
    # Most publishers first, then a sentence a reader understands without its neighbours ("He
    # said Grassley, though, would ..." names nobody), then the shortest fact text (it states the
    # fact with the least else), then the earliest position.
    def preference(i: int) -> tuple[int, bool, int, int, int]:
        text = table.sentences[i].text
        words = lexical.word_count(fact_text(text))
        return (-counts[i], not stands_alone(text), words, table.sentences[i].index, int(table.article_of[i]))

    covered: set[int] = set()
    chosen: list[int] = []
    for i in sorted((i for i in claims if counts[i] >= 2), key=preference):
        if i in covered:
            continue
        chosen.append(i)
        covered.add(i)
        covered.update(_stating(table, i, *(near[i] if near and i in near else ())))
    facts = []
    for i in sorted(chosen, key=lambda i: (-counts[i], table.sentences[i].index, int(table.article_of[i]))):
        support = [_support(story, table, i, 1.0)] + [_support(story, table, j, s) for j, s in supports[i]]
        facts.append(Fact(text=table.sentences[i].text, support=support, count=counts[i]))
    return facts, covered


def _stating(
    table: SentenceTable, i: int, rows: np.ndarray | None = None, row_cosines: np.ndarray | None = None
) -> list[int]:
    """Every sentence (any article but i's) that states the fact of sentence i. ``rows`` and
    ``row_cosines``: the sentences whose cosine to i is at least MIN_COSINE, and those cosines,
    when the caller has them."""
    if rows is None:
        cosines = table.vectors @ table.vectors[i]
        rows = np.flatnonzero(cosines >= MIN_COSINE)
        row_cosines = cosines[rows]
    own = table.article_of[i]
    out = []
    for j, cosine in zip(rows, row_cosines):
        if table.article_of[j] != own and fact_score(table, i, int(j), float(cosine)) >= SUPPORT_THRESHOLD:
            out.append(int(j))
    return out


def _unique_claims(story, table, claims, supports, counts, covered, elsewhere) -> list[Fact]:
    facts = []
    for i in claims:
        if counts[i] != 1 or i in covered or elsewhere[i]:
            continue
        # Copies of the article (same wire text elsewhere) are support, not confirmation.
        support = [_support(story, table, i, 1.0)] + [_support(story, table, j, s) for j, s in supports[i]]
        facts.append(Fact(text=table.sentences[i].text, support=support, count=1))
    # Facts a reader can take on their own come first ("It did not offer further details." needs
    # the sentence before it); none is dropped, and the order within each group is the articles'.
    facts.sort(key=lambda f: not stands_alone(f.text))
    return facts


def _num(value: float) -> str:
    return f"#{value:g}"


def _weight(word: str) -> int:
    return NUMBER_WEIGHT if word.startswith("#") else 1


def _top(values: np.ndarray, k: int) -> np.ndarray:
    """``np.argsort(values, kind="stable")[:k]`` without sorting all of a long array: the k
    smallest values, ties in position order."""
    if len(values) <= 4 * k:
        return np.argsort(values, kind="stable")[:k]
    kth = np.partition(values, k - 1)[k - 1]
    candidates = np.flatnonzero(values <= kth)  # every position that can be among the first k
    return candidates[np.argsort(values[candidates], kind="stable")[:k]]


class _Elsewhere:
    """Does another independent publisher state, dispute, or cover in other words a sentence?"""

    def __init__(self, story: Story, table: SentenceTable, analyzer: Analyzer):
        self.table = table
        self.analyzer = analyzer
        source_of = [story.articles[int(k)].source for k in table.article_of]
        independent = [story.articles[int(k)].duplicate_of is None for k in table.article_of]
        # Each publisher's sentences from independent articles (copies repeat their original).
        self.by_source: dict[str, np.ndarray] = {}
        for src in dict.fromkeys(source_of):
            rows = [j for j in range(len(table)) if source_of[j] == src and independent[j]]
            if rows:
                self.by_source[src] = np.asarray(rows, dtype=np.int64)
        self.source_of = source_of
        self.independent = independent
        # The same, as arrays, to pick each publisher's sentences among those sharing words.
        code = {src: k for k, src in enumerate(dict.fromkeys(source_of))}
        self.code = code
        self.source_codes = np.asarray([code[src] for src in source_of], dtype=np.int64)
        self.independent_rows = np.asarray(independent, dtype=bool)
        # Other outlets' words include their attributions: "Lindqvist said ..." tells who is
        # involved. Numbers are words too ("#12"); an inverted index finds shared words fast.
        self.words = [frozenset(lexical.content_stems(s.text)) | {_num(n) for n in table.numbers[j]}
                      for j, s in enumerate(table.sentences)]
        self.postings: dict[str, list[int]] = {}
        for j, ws in enumerate(self.words):
            for w in ws:
                self.postings.setdefault(w, []).append(j)

    def told_elsewhere(self, i: int, cosines: np.ndarray | None = None) -> bool:
        """``cosines``: sentence i's cosines to every sentence, when the caller has them."""
        table, analyzer = self.table, self.analyzer
        if cosines is None:
            cosines = table.vectors @ table.vectors[i]
        # The sentence's own fact, without its attribution.
        mine = set(table.stems[i]) | {_num(n) for n in table.numbers[i]}
        total = sum(_weight(w) for w in mine)
        if not total:
            return False
        shared: Counter[int] = Counter()
        for w in mine:
            shared.update(self.postings.get(w, ()))
        # The sentences sharing words, in the order they were first met (ties keep it), with how
        # many words each shares; only independent articles' sentences count.
        sharing = np.fromiter(shared.keys(), dtype=np.int64, count=len(shared))
        counts = np.fromiter(shared.values(), dtype=np.int64, count=len(shared))
        keep = self.independent_rows[sharing]
        sharing, counts = sharing[keep], counts[keep]
        sharing_codes = self.source_codes[sharing]
        for src, rows in self.by_source.items():
            if src == self.source_of[i]:
                continue
            # Its version: the sentences nearest in meaning, and (the embedding misses some
            # paraphrases) those sharing the most words.
            top = rows[_top(-cosines[rows], BACKGROUND_NEIGHBOURS)]
            by_meaning = [int(j) for j in top if cosines[j] >= 0.3]
            theirs_sharing = self.code[src] == sharing_codes
            rows_sharing = sharing[theirs_sharing]
            # Most shared words first, then nearest in meaning (a stable sort, like sorted()).
            order = np.lexsort((-cosines[rows_sharing], -counts[theirs_sharing]))[:BACKGROUND_NEIGHBOURS]
            by_words = [int(j) for j in rows_sharing[order]]
            near = list(dict.fromkeys(by_meaning + by_words))
            if not near:
                continue
            if any(cosines[j] >= BACKGROUND_COSINE for j in near):
                return True
            if any(c.in_fact for j in near for c in analyzer.conflicts(i, j, float(cosines[j]))):
                return True
            # Figures they give rounded or hedged ("about 200" for "212") count as found. They
            # are i's own figures, so they can only count when i has numbers (``mine`` holds
            # no other "#" word).
            agreed = {
                j: {_num(v) for v in analyzer.agreements(i, j, float(cosines[j]))} if table.numbers[i] else set()
                for j in near
            }
            # Covered by one sentence of theirs, or split over two (not scattered over many).
            for group in [(j,) for j in near] + list(combinations(near, 2)):
                theirs = set().union(*(self.words[j] | agreed[j] for j in group))
                if sum(_weight(w) for w in mine & theirs) / total >= BACKGROUND_RECALL:
                    return True
        return False
