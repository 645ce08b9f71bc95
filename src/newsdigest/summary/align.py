"""Align: which articles are copies of each other, and which sentences state the same fact.

Duplicates: wire reprints are often trimmed or lightly edited, so an article is a copy when most
of *its* word 5-gram shingles occur in one earlier article (containment, not Jaccard, which a
trimmed copy would fail). An inverted index over shingles keeps this linear in the input size.

Facts: two sentences of different articles state the same fact when they mean the same
(embedding cosine) *and* share its substance (content words, numbers, names). The embedding finds
paraphrases that share few words; the lexical checks stop topically similar sentences with
different facts ("killed 12" vs "injured 12") from aligning. ``fact_score`` is the one place that
defines "states the same fact"; citation and selection both use it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np

from newsdigest.text import lexical
from newsdigest.text.embed import Encoder
from newsdigest.model import Article, Sentence, Story

SHINGLE = 5
DUPLICATE_CONTAINMENT = 0.8


def _shingles(text: str) -> set[int]:
    toks = lexical.tokens(text)
    if len(toks) < SHINGLE:
        return {hash(tuple(toks))} if toks else set()
    return {hash(tuple(toks[i:i + SHINGLE])) for i in range(len(toks) - SHINGLE + 1)}


def _canonical_order(articles: list[Article]) -> list[int]:
    # The original is the earliest dated, then the longest (a trimmed reprint is shorter), then
    # the first given.
    return sorted(
        range(len(articles)),
        key=lambda i: (articles[i].date or "9999", -len(articles[i].text), i),
    )


def mark_duplicates(articles: list[Article]) -> None:
    """Set ``duplicate_of`` on every article that is a (near) copy of an earlier one."""
    order = _canonical_order(articles)
    index: dict[int, list[int]] = defaultdict(list)  # shingle -> canonical articles holding it
    for i in order:
        a = articles[i]
        sh = _shingles(a.text)
        a.duplicate_of = None
        if sh:
            overlap: Counter[int] = Counter()
            for s in sh:
                for j in index.get(s, ()):
                    overlap[j] += 1
            if overlap:
                j, shared = overlap.most_common(1)[0]
                if shared / len(sh) >= DUPLICATE_CONTAINMENT:
                    a.duplicate_of = articles[j].id
                    continue  # copies do not become originals of further copies
        for s in sh:
            index[s].append(i)


# ---------------------------------------------------------------------------------------------


@dataclass
class SentenceTable:
    """All sentences of a story, flattened, with the features fact comparison needs."""

    sentences: list[Sentence]
    article_of: np.ndarray  # index into story.articles
    vectors: np.ndarray  # unit-length embeddings
    stems: list[frozenset[str]]
    numbers: list[frozenset[float]]
    names: list[frozenset[str]]
    # Stems of the words a negation governs ("denied supporting" -> "support").
    negated: list[frozenset[str]]
    # Months named (1-12): "In July" and "in August" date two different events.
    months: list[frozenset[int]]
    # Counts spelled as a word ("the two leaders"), which a paraphrase often drops.
    soft_numbers: list[frozenset[float]] = field(default_factory=list)
    # Stems of a group noun after "both" / "the two" ("Both leaders" -> "leader").
    groups: list[frozenset[str]] = field(default_factory=list)
    # Stems of the names joined by "and" ("Kim Jong Un and Donald Trump").
    coordinated: list[frozenset[str]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.sentences)


_WHEN = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|this week|last week)"
_SAY = r"(?:said|says|told (?:reporters|[A-Z][\w.]*(?: [A-Z][\w.]*)*)|added|stated|announced|confirmed|reported)"
_SAY_WORD = re.compile(r"\b(?:said|says|told|added|stated|announced|confirmed|reported|according)\b")
_TRAILING_ATTRIBUTION = re.compile(
    r",\s*(?:according to [^,.;]{2,80}|(?:[\w.'’-]+\s+){1,8}?" + _SAY
    + r"(?:\s+(?:(?:on|late|early)\s+)?" + _WHEN + r"|\s+in a statement)?)\s*[.!]?"
)
_LEADING_ATTRIBUTION = re.compile(
    r"^(?:[A-Z][\w.'’-]*\s+){1,6}" + _SAY + r"(?:\s+(?:(?:on|late|early)\s+)?" + _WHEN + r")?(?:\s+that)?\s+"
)


def fact_text(text: str) -> str:
    """The sentence without its attribution ("..., Fire Chief Maria Delgado said."): who said a
    fact is not part of the fact, and two outlets often credit it to different people."""
    if not _SAY_WORD.search(text):  # cheap test first: the patterns below backtrack
        return text
    # A trailing attribution is the last comma clause; matching only that keeps this linear.
    cut = text.rfind(",")
    stripped = text[:cut] if cut > 0 and _TRAILING_ATTRIBUTION.fullmatch(text, cut) else text
    stripped = _LEADING_ATTRIBUTION.sub("", stripped)
    return stripped if len(stripped.split()) >= 4 else text


def build_table(story: Story, encoder: Encoder) -> SentenceTable:
    sentences: list[Sentence] = []
    article_of: list[int] = []
    for k, a in enumerate(story.articles):
        sentences.extend(a.sentences)
        article_of.extend([k] * len(a.sentences))
    texts = [s.text for s in sentences]
    # Meaning and substance (words, names) are compared without attributions.
    facts = [fact_text(t) for t in texts]
    vectors = encoder.encode(facts) if facts else np.zeros((0, 1), dtype=np.float32)
    return features_table(sentences, article_of, texts, vectors)


def features_table(sentences: list[Sentence], article_of: list[int], texts: list[str], vectors: np.ndarray) -> SentenceTable:
    """A ``SentenceTable`` of ``texts`` (one per sentence; a caller may pass them edited, e.g.
    without their dates) with the given embeddings, for ``fact_score``."""
    facts = [fact_text(t) for t in texts]
    # Numbers keep the attributions, since a number in one ("..., police said on Jan. 5") still
    # counts. Words and numbers are read with clock times in one form ("1.25 p.m." = "1.25pm" =
    # "1:25 pm").
    texts = [normalise_times(t) for t in texts]
    facts = [normalise_times(t) for t in facts]
    return SentenceTable(
        sentences=sentences,
        article_of=np.asarray(article_of, dtype=np.int64),
        vectors=vectors,
        stems=[frozenset(lexical.content_stems(t)) for t in facts],
        numbers=[frozenset(lexical.numbers(t)) for t in texts],
        names=[frozenset(lexical.names(t)) for t in facts],
        negated=[negated_words(t) for t in facts],
        months=[months_named(t) for t in texts],
        soft_numbers=[spelled_counts(t) for t in texts],
        groups=[group_nouns(t) for t in facts],
        coordinated=[coordinated_names(t) for t in facts],
    )


# A clock time: "1.25 p.m.", "1:25pm", "1.25 PM", "3 a.m." (with "local time" after it), "07:15".
_TIME = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s?([AaPp])\.?\s?[Mm]\b\.?(?:,?\s+local time\b)?"
                   r"|\b(\d{1,2}):(\d{2})\b(?!:)")


def _clock(m: re.Match) -> str:
    if m.group(4):  # "07:15", "13:25"
        return f"{int(m.group(4))}.{m.group(5)}"
    hour = int(m.group(1)) % 12 + (12 if m.group(3).lower() == "p" else 0)
    return f"{hour}.{m.group(2) or '00'}"


def normalise_times(text: str) -> str:
    """Clock times in one form, 24-hour "H.MM" ("1.25 p.m." = "1:25pm" = "13:25" -> "13.25",
    "7:15 a.m." = "07:15" -> "7.15"), so the number read is the same in every spelling."""
    if not any(c in text for c in "mM:"):
        return text
    return _TIME.sub(_clock, text)


_DEFINITE_COUNT = re.compile(
    r"\b(?:[Tt]he|[Tt]heir|[Tt]hese|[Tt]hose|[Bb]oth)\s+(two|three|four|five|six|seven|eight|nine|ten)\b")


def spelled_counts(text: str) -> frozenset[float]:
    """Counts that refer back to known people or things ("the two leaders", "their three
    children"), which a paraphrase often drops; not quantities ("more than two years")."""
    return frozenset(float(lexical._NUMBER_WORDS[m.group(1)]) for m in _DEFINITE_COUNT.finditer(text))


_GROUP = re.compile(r"\b(?:[Bb]oth(?: the)?|[Tt]he two|[Tt]heir two)\s+([a-z][\w-]*s)\b")
_COORDINATED = re.compile(
    r"((?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w'’-]+)\s+and\s+((?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w'’-]+)"
)


def group_nouns(text: str) -> frozenset[str]:
    """Stems of the plural noun a pair is called by: "Both leaders", "the two presidents"."""
    return frozenset(lexical._stem(m.group(1).lower()) for m in _GROUP.finditer(text))


def coordinated_names(text: str) -> frozenset[str]:
    """Stems of two names joined by "and" ("Kim Jong Un and Donald Trump left ..."), which
    "both leaders" may stand for. Titles and the sentence's first word are part of the names."""
    out: set[str] = set()
    for m in _COORDINATED.finditer(text):
        out.update(lexical.content_stems(m.group(1) + " " + m.group(2)))
    return frozenset(out)


# A full month name, or an abbreviation with its period ("Jan" alone is as often a first name).
_MONTH = re.compile(rf"\b(?:{lexical.MONTH_FULL_PATTERN}|{lexical.MONTH_ABBR_PATTERN}\.)(?!\w)")


def months_named(text: str) -> frozenset[int]:
    """The months a sentence names ("Sept. 2", "in July"). Only capitalised names count, and "May"
    only before a day number or after "in", "of", "since" and the like (not "May I ...")."""
    out = set()
    for m in _MONTH.finditer(text):
        if m.group(0) == "May" and not re.match(r"\s+\d", text[m.end():]) and not re.search(
            r"\b(?:in|of|since|until|early|late|mid)\s+$", text[:m.start()]
        ):
            continue
        out.add(lexical.month_number(m.group(0)))
    return frozenset(out)


_NEGATION = frozenset({
    "not", "no", "never", "cannot", "neither", "nor", "denied", "denies", "deny", "refused",
    "refuses", "can't", "won't", "didn't", "doesn't", "don't", "isn't", "wasn't", "hasn't",
    # "failed to reach agreement" says what "No agreement was reached" says.
    "failed", "fails", "fail",
})


# A negation reads this many words after it within its clause, not counting function words ("failed to reach
# an agreement", "No party has a majority"), and at most NEGATION_REACH tokens in all.
NEGATION_WORDS = 2
NEGATION_REACH = 6


def negated_words(text: str) -> frozenset[str]:
    """Stems of the words a negation applies to (the next two, function words not counted):
    "has denied supporting", "failed to reach an agreement"."""
    stop = lexical.stop_words()
    out: set[str] = set()
    # Within its clause: "has not been determined, and the fire marshal ..." negates no "fire".
    for clause in _CLAUSE_BREAK.split(text):
        _negated_in(clause, stop, out)
    return frozenset(out)


_CLAUSE_BREAK = re.compile(r"[,;:()\u2013\u2014]|\s-\s|\b(?:and|but|while|because|although)\b")


def _negated_in(text: str, stop: frozenset[str] | set[str], out: set[str]) -> None:
    tokens = [t.replace("’", "'") for t in lexical.tokens(text)]
    for k, t in enumerate(tokens):
        if t in _NEGATION:
            taken = 0
            for w in tokens[k + 1:k + 1 + NEGATION_REACH]:
                if w in _NEGATION:
                    break
                out.add(lexical._stem(w))
                taken += w not in stop
                if taken == NEGATION_WORDS:
                    break


def opposite(table: SentenceTable, i: int, j: int) -> bool:
    """One sentence negates what the other affirms ("Syria denied supporting the rebels" /
    "Syria is supporting the rebels"); "has not been determined" vs "is under investigation"
    negate nothing the other says."""
    ni, nj = table.negated[i], table.negated[j]
    return bool((ni - nj) & table.stems[j]) or bool((nj - ni) & table.stems[i])


# A candidate must be this close in meaning before the (slower) lexical checks run.
MIN_COSINE = 0.5
# How much of the claim's content words, and of its names, the supporting sentence must share.
MIN_CONTENT_RECALL = 0.5
MIN_NAME_RECALL = 0.5
# Two sentences this close in meaning need share only this part of the claim's content words.
# Off (> 1): at 0.7 / 0.4 / 0.15 it found 2 more ClaimDiff dev pairs (no false one) but cited 3
# wrong sentences more on the DUC 2003 spot-check clusters.
HIGH_COSINE = 1.01
RELAXED_CONTENT_RECALL = 0.4
RELAXED_JACCARD = 0.15
# And this part of the content words of both together (Jaccard): without it a long sentence on
# the story's topic "states" a short claim by containing its few words ("The same can't be said
# for the Dominican Republic" / a paragraph on the Dominican Republic).
MIN_JACCARD = 0.2
# The score at which a sentence is taken to state the same fact.
SUPPORT_THRESHOLD = 0.6


def fact_score(table: SentenceTable, claim: int, other: int, cosine: float) -> float:
    """How well sentence ``other`` states the fact of sentence ``claim`` (0..1; 0 = not at all).

    Asymmetric on purpose: ``other`` may say more than ``claim``, but must not say less or
    differently. Numbers must agree, and months where both name one; most names and content
    words of the claim must be there, the two must share a fair part of all their content words,
    and neither may negate what the other affirms.
    """
    if cosine < MIN_COSINE:
        return 0.0
    claim_nums, other_nums = table.numbers[claim], table.numbers[other]
    missing = claim_nums - other_nums
    if missing:
        # A count spelled as a word may be left out ("The two leaders failed ..." / "No
        # agreement was ..."), but not given otherwise: the other states no small count.
        soft = _field(table, "soft_numbers", claim)
        if soft and any(v.is_integer() and 1 <= v <= 10 for v in other_nums):
            soft = frozenset()
        # (Letting a dropped date pass too, "approved ... on Nov. 19, 2021" / "authorized ...",
        # gained nothing on ClaimDiff and cited "fighting ... since 1984" without the year.)
        if not missing <= soft:
            return 0.0
    # Both date it by month, to different months: two events, or two outlets that disagree.
    if table.months[claim] and table.months[other] and not table.months[claim] & table.months[other]:
        return 0.0
    # "Both leaders" and "Kim and Trump" name the same people: each side's words for them
    # count as found in the other.
    stand_ins: frozenset[str] = frozenset()
    if _field(table, "groups", other) and _field(table, "coordinated", claim):
        stand_ins = table.coordinated[claim]
    elif _field(table, "groups", claim) and _field(table, "coordinated", other):
        stand_ins = table.groups[claim]
    claim_names = table.names[claim]
    if claim_names:
        name_recall = len(claim_names & (table.names[other] | stand_ins)) / len(claim_names)
        if name_recall < MIN_NAME_RECALL:
            return 0.0
    claim_stems = table.stems[claim]
    if not claim_stems:
        return 0.0
    other_stems = table.stems[other]
    shared = len(claim_stems & (other_stems | stand_ins))
    recall = shared / len(claim_stems)
    close = cosine >= HIGH_COSINE
    min_recall = RELAXED_CONTENT_RECALL if close else MIN_CONTENT_RECALL
    min_jaccard = RELAXED_JACCARD if close else MIN_JACCARD
    if recall < min_recall or shared < min_jaccard * len(claim_stems | other_stems):
        return 0.0
    if opposite(table, claim, other):
        return 0.0
    # Meaning this close vouches for the words the paraphrase changed.
    return 0.5 * cosine + 0.5 * (max(recall, MIN_CONTENT_RECALL) if close else recall)


def _field(table: SentenceTable, name: str, i: int) -> frozenset:
    values = getattr(table, name)
    return values[i] if i < len(values) else frozenset()


def _soft(table: SentenceTable, i: int) -> frozenset[float]:
    return _field(table, "soft_numbers", i)


def supporting_sentences(
    table: SentenceTable, claim: int, cosines: np.ndarray | None = None
) -> list[tuple[int, float]]:
    """For each other article, its best sentence that states the claim's fact (index, score).
    ``cosines``: the claim's row ``table.vectors @ table.vectors[claim]`` when already computed."""
    if len(table) == 0:
        return []
    if cosines is None:
        cosines = table.vectors @ table.vectors[claim]
    own_article = table.article_of[claim]
    best: dict[int, tuple[int, float]] = {}
    for j in np.flatnonzero(cosines >= MIN_COSINE):
        art = int(table.article_of[j])
        if art == own_article:
            continue
        score = fact_score(table, claim, int(j), float(cosines[j]))
        if score >= SUPPORT_THRESHOLD and (art not in best or score > best[art][1]):
            best[art] = (int(j), score)
    return sorted(best.values(), key=lambda x: (table.article_of[x[0]], x[0]))


_NORMALISE = re.compile(r"[^a-z0-9]+")


def normalised(text: str) -> str:
    return _NORMALISE.sub(" ", text.lower()).strip()
