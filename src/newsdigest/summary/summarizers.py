"""Summarize: choose which source sentences make the summary, within a word budget.

One interface, several algorithms (as in sumy): each ``Summarizer`` returns indices into the
story's ``SentenceTable``; ``cite`` turns them into cited summary sentences. The summary is
extractive on purpose: every sentence is a source's own words, so nothing can be said that no
source says, and the citation step only has to find *who else* says it.

``coverage`` (the default) is concept coverage in the manner of Gillick & Favre (2009): the
concepts are word bigrams, each weighted by how many independent articles use it, and the
summary is the set of sentences that covers the most concept weight within the budget (greedy
selection with the cost-scaled gain of Lin & Bilmes (2010), which is near-optimal for this
monotone submodular objective). Facts many outlets repeat carry many shared bigrams, so
corroborated content is preferred; covering a concept once means no repetition.
"""

from __future__ import annotations

import functools
import heapq
import math
import re
from collections import defaultdict
from typing import Protocol, Sequence

import numpy as np

from newsdigest.text import lexical
from newsdigest.summary.align import SUPPORT_THRESHOLD, SentenceTable, fact_score
from newsdigest.model import Story

MIN_WORDS = 6
MAX_WORDS = 60
# Two summary sentences closer than this in meaning say the same thing twice.
MAX_REDUNDANT_COSINE = 0.9
# Sentences that open with these depend on a previous sentence to be understood.
_DANGLING = re.compile(
    r"^(?:He|She|It|They|This|That|These|Those|His|Her|Its|Their|But|And|Also|However|Meanwhile|"
    r"Still|Yet|So|Then|Instead|Otherwise|Such|Moreover|Furthermore|Additionally|Likewise|Similarly|"
    r"Nevertheless|Nonetheless|Besides|At the same time|In addition|As a result|Even so|In turn|"
    r"By contrast|On the other hand|Until then|By then|After that|Before that|The other|The latter|The former)\b"
)
# The same links set off by commas after the subject ("The visit, though, has ..."): the sentence
# answers one before it.
# "The developer also reacts ...", "Police also said ...": "also" early in the sentence adds to
# something said before it.
_EARLY_ALSO = re.compile(r"^(?:\S+\s+){1,5}also\b")
_DANGLING_ASIDE = re.compile(r"^[^,.;]{1,60},\s*(?:though|however|too|also|meanwhile|instead|in turn|by contrast),",
                             re.I)
# A pronoun or demonstrative right after a short opening phrase ("By noon, their own allies had
# ...", "In particular, they pointed to ...", "On Sunday, he spoke ...") refers back as much as one
# opening the sentence. Not when the phrase names someone it can refer to ("In Mr. Ortiz's case,
# he ...", "In a note to Ana Ruiz, his ...").
_FRONTED_REFERENCE = re.compile(
    r"^(?P<front>(?:(?:In|On|At|By|For|After|Before|Since|During|As|Like|Unlike|Until|Over|Under|Within|"
    r"Without|With|Through|From|Across|Among|Despite|Following|Upon|Inside|Outside|Throughout|Once|Soon|"
    r"Now|Then|Later|Earlier|Last|Next|Today|Yesterday|Tonight|Here|There|Again|Together|Ultimately|"
    r"Eventually|Finally|Instead|Overall|Even|Only)\b|[A-Z][a-z]+ly\b)[^,;:\"\u201c\u201d]{0,40}),\s+"
    r"(?:he|she|it|they|his|her|its|their|this|that|these|those)\b"
)
_NAMED = re.compile(r"\b(?:Mr|Mrs|Ms|Dr)\.?\s+[A-Z]|\b[A-Z][\w.'\u2019-]+\s+[A-Z][\w'\u2019-]+|\b[A-Z][\w-]+['\u2019]s\b")


def _fronted_reference(text: str) -> bool:
    m = _FRONTED_REFERENCE.match(text)
    return bool(m) and not _NAMED.search(m.group("front"), 1)


# A quotation credited only to a pronoun ('"...," he said.') loses its speaker out of context.
_PRONOUN_ATTRIBUTION = re.compile(
    r"\b(?:he|she|they|it|we|I)\s+(?:said|says|added|told \w+)[.!]?$"
    # ... or right after the closing mark ('"...," she wrote above a picture of ...').
    r"|[\"\u201d],?\s+(?:he|she|they|we)\s+(?:said|says|added|wrote|writes|tweeted|posted|asked|continued|"
    r"told|explained|insisted|argued|noted|declared)\b"
    # ... or set off by commas mid-sentence ('Progressivism, he told the conference, is a ...').
    r"|,\s+(?:he|she|they|we)\s+(?:said|says|added|told|argued|insisted|warned|declared|explained|noted)\b[^,]{0,80},"
)
_QUOTED = re.compile(r'"[^"]*"|\u201c[^\u201d]*\u201d')


# An opening quote mark with no close after it: the rest of the sentence is quotation too.
_UNCLOSED = re.compile(r'["\u201c][^"\u201c\u201d]*$')
# A sentence of narration ends like one: a caption or a headline left in the text does not.
UNTERMINATED_MIN_WORDS = 20
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*$")


# "I" and "you" outside quotation marks: not the report's narration but someone's own words
# reproduced without quote marks (a post, a letter, a tweet) or a columnist addressing the reader.
# "I" after a capitalised word is a regnal or ordinal numeral ("World War I", "Charles I").
_FIRST_SECOND_PERSON = re.compile(
    r"\bI\b(?!\.)|\b(?:[Mm]e|[Mm]y|[Mm]yself|[Yy]ou|[Yy]our|[Yy]ours|[Yy]ourself|[Yy]ourselves)\b(?!\.\w)"
)
_REGNAL = re.compile(r"\b[A-Z][a-z]+ I\b")


def speaks_in_person(text: str) -> bool:
    """Whether ``text`` says "I" or "you" (a regnal or ordinal "I" aside)."""
    return bool(_FIRST_SECOND_PERSON.search(_REGNAL.sub(" ", text)))


def quote_balanced(text: str) -> bool:
    """Every quotation the sentence opens it closes, and it closes none it did not open."""
    opens, closes, straight = text.count("\u201c"), text.count("\u201d"), text.count('"')
    if opens == closes:
        return straight % 2 == 0
    # Scraped copy mixes styles: a curly opening mark closed by a straight one (“... it,").
    return opens == closes + straight


def stands_alone(text: str) -> bool:
    """Can a reader understand this sentence, and who says it, without its neighbours?
    Not a quote fragment (an unbalanced quote mark), not a bare quotation, not a sentence that
    opens a dangling reference (also right after a short opening phrase: "On Sunday, he ...") or
    credits a pronoun, not "I" or "you" outside quote marks (words
    reproduced without them, or a columnist's aside), and a sentence that ends like one."""
    # (A quotation that opens the sentence dangles the same way: '"Until then, he will ...," the
    # statement said.')
    opening = text.lstrip("\"\u201c\u2018'")
    if _DANGLING.match(opening) or _DANGLING_ASIDE.match(opening) or _EARLY_ALSO.match(opening) \
            or _fronted_reference(text) or _PRONOUN_ATTRIBUTION.search(text):
        return False
    # An opening single mark before a capital: a quotation in single marks (or a mismatched
    # pair, 'One party ... together."), never narration ("'90s" starts with a digit).
    if not quote_balanced(text) or re.match(r"^['\u2018][A-Z]", text):
        return False
    # A line with no sentence end is a caption or a label, unless it is long enough to be a
    # sentence that lost its final stop (excerpts cut by their publisher).
    if not _SENTENCE_END.search(text.rstrip()) and len(text.split()) < UNTERMINATED_MIN_WORDS:
        return False
    if text.rstrip().endswith(":"):
        return False  # it introduces what follows (a list, a block quotation)
    outside_quotes = _UNCLOSED.sub(" ", _QUOTED.sub(" ", text))
    if speaks_in_person(outside_quotes):
        return False
    # A bare quotation: nothing outside the quote marks says who is speaking.
    return len(outside_quotes.split()) >= 3


def inside_quotations(sentences: Sequence) -> set[int]:
    """Indices of an article's sentences that lie inside a quotation opened before them: a
    quotation that runs over several sentences or paragraphs (the convention: each paragraph of a
    long quote opens with a quote mark and only the last one closes). Such a sentence is a piece of
    someone's words out of its quote marks, never a fact stated by the report."""
    inside: set[int] = set()
    open_quote = False
    paragraph = None
    for k, s in enumerate(sentences):
        text = s.text
        if s.paragraph != paragraph:
            paragraph = s.paragraph
            # A new paragraph that opens with a quote mark continues (or starts) a quotation; one
            # that does not ends any quotation left open.
            reopens = text.lstrip().startswith(('"', "\u201c"))
            if reopens and open_quote:
                inside.add(k)
            text = text.lstrip()[1:] if reopens else text
            open_quote = reopens
        elif open_quote:
            inside.add(k)
        for ch in text:
            if ch == "\u201c":
                open_quote = True
            elif ch == "\u201d":
                open_quote = False
            elif ch == '"':
                open_quote = not open_quote
        if open_quote:
            inside.add(k)  # opens a quotation it does not close
    return inside


# Indirect speech closed by a pronoun's attribution ("But both parties are to blame, he said."):
# the sentences after it in the same paragraph go on giving that person's words, not the report's
# ("The Democrats tax and spend, while the Republicans just spend.").
_INDIRECT_TAIL = re.compile(
    r",\s+(?:he|she|they)\s+(?:said|says|added|argued|insisted|contended|maintained|warned|declared|"
    r"continued|explained|noted|posited|suggested)[.!]?[\"\u201d\u2019']*$"
)
_OWN_ATTRIBUTION = re.compile(
    r"\b(?:said|says|added|told|according to|reported|announced|stated|argued|insisted|wrote|noted)\b"
)


def continues_reported_speech(sentences: Sequence) -> set[int]:
    """Indices of an article's sentences that carry on someone's indirect speech: they follow, in
    the same paragraph, a sentence without quote marks that ends by crediting a pronoun (", he
    said."), and credit no one themselves. Such a sentence is a person's claim in the report's
    voice: a summary that repeats it would state as fact what only that person says."""
    out: set[int] = set()
    carrying = False
    paragraph = None
    for k, s in enumerate(sentences):
        text = s.text.strip()
        if s.paragraph != paragraph:
            paragraph, carrying = s.paragraph, False
        elif carrying and not _OWN_ATTRIBUTION.search(text) and not any(q in text for q in '"\u201c\u201d'):
            out.add(k)
            continue
        carrying = bool(_INDIRECT_TAIL.search(text)) and not any(q in text for q in '"\u201c\u201d')
    return out


class Summarizer(Protocol):
    name: str

    def select(self, story: Story, table: SentenceTable, words: int) -> list[int]:
        ...


def independent_articles(story: Story) -> set[int]:
    return {k for k, a in enumerate(story.articles) if a.duplicate_of is None}


def candidates(story: Story, table: SentenceTable) -> list[int]:
    """Sentences fit to stand alone in a summary; falls back to all sentences if none are."""
    keep = independent_articles(story)
    all_ids = [i for i in range(len(table)) if table.article_of[i] in keep]
    quoted: set[tuple[str, int]] = set()
    for k in keep:
        a = story.articles[k]
        quoted.update((a.id, j) for j in inside_quotations(a.sentences))
        quoted.update((a.id, j) for j in continues_reported_speech(a.sentences))
    good = []
    for i in all_ids:
        text = table.sentences[i].text
        if (table.sentences[i].article_id, table.sentences[i].index) in quoted:
            continue
        n = lexical.word_count(text)
        if n < MIN_WORDS or n > MAX_WORDS or text.rstrip().endswith("?"):
            continue
        if not stands_alone(text):
            continue
        good.append(i)
    return good or all_ids


def order_for_reading(story: Story, table: SentenceTable, chosen: list[int]) -> list[int]:
    """Earlier-in-article first (news puts the main facts first), then by article date."""
    lengths = {k: max(1, len(a.sentences)) for k, a in enumerate(story.articles)}

    def key(i: int) -> tuple[float, str, int]:
        s = table.sentences[i]
        art = int(table.article_of[i])
        return (s.index / lengths[art], story.articles[art].date or "", i)

    return sorted(chosen, key=key)


class LeadSummarizer:
    """First sentences of the newest independent article: the classic news baseline."""

    name = "lead"

    def __init__(self, overflow: bool = False):
        # Fill mode: the sentence that crosses the budget is kept (the benchmark cut trims it).
        self.overflow = overflow

    def select(self, story: Story, table: SentenceTable, words: int) -> list[int]:
        keep = sorted(independent_articles(story), key=lambda k: (story.articles[k].date or "", k))
        if not keep:
            return []
        newest = keep[-1]
        out, used = [], 0
        for i in range(len(table)):
            if table.article_of[i] != newest:
                continue
            n = lexical.word_count(table.sentences[i].text)
            if used + n > words and out:
                if self.overflow and used < words:
                    out.append(i)
                break
            out.append(i)
            used += n
        return out


class CoverageSummarizer:
    name = "coverage"

    def __init__(
        self,
        cost_exponent: float = 1.0,
        position_weight: float = 3.0,
        overflow: bool = False,
        single_source_weight: float = 0.1,
        unigram_weight: float = 0.0,
        document_frequency: bool = True,
        fact_redundancy: bool = True,
    ):
        # Two wordings of one fact share few bigrams, so coverage alone can pick both (three
        # wordings of "the meteors are comet fragments" in one DUC summary): refuse a sentence
        # that states, or is stated by, a chosen one by the same test that makes citations.
        self.fact_redundancy = fact_redundancy
        # Content unigrams as extra concepts (0 = bigrams only): tried, and it lowers R-2.
        self.unigram_weight = unigram_weight
        # Weight a concept by how many independent articles use it (False: every concept 1).
        self.document_frequency = document_frequency
        self.cost_exponent = cost_exponent
        self.position_weight = position_weight
        # Concepts only one article uses still count, far below any shared one: they only decide
        # how to fill the budget once every corroborated concept is covered (short clusters).
        self.single_source_weight = single_source_weight
        # Let one last sentence cross the budget: for benchmarks that cut every summary at N
        # words, so that no system is scored on fewer than N words.
        self.overflow = overflow

    def grams(self, text: str) -> set[str]:
        """The concepts of a text: stemmed bigrams (not both stop words), plus content unigrams."""
        sw = lexical.stop_words()
        toks = lexical.tokens(text)
        stems = [lexical._stem(t) for t in toks]
        out = {f"{stems[j]} {stems[j + 1]}" for j in range(len(toks) - 1) if not (toks[j] in sw and toks[j + 1] in sw)}
        if self.unigram_weight:
            out |= {stems[j] for j in range(len(toks)) if toks[j] not in sw}
        return out

    def concepts(self, story: Story, table: SentenceTable) -> tuple[list[set[str]], dict[str, float]]:
        """The concepts of every sentence, and each concept's weight."""
        keep = independent_articles(story)
        sentence_concepts: list[set[str]] = []
        articles_with: dict[str, set[int]] = defaultdict(set)
        first_position: dict[str, float] = {}
        lengths = {k: max(1, len(a.sentences)) for k, a in enumerate(story.articles)}
        for i, s in enumerate(table.sentences):
            grams = self.grams(s.text)
            sentence_concepts.append(grams)
            art = int(table.article_of[i])
            if art in keep:
                rel = s.index / lengths[art]
                for g in grams:
                    articles_with[g].add(art)
                    first_position[g] = min(first_position.get(g, 1.0), rel)
        # With few articles, df >= 2 would leave nothing: then every concept counts in full.
        discount = self.single_source_weight if len(keep) >= 3 else 1.0
        weights = {
            g: (len(arts) if self.document_frequency else 1.0)
            * (1.0 + self.position_weight * (1.0 - first_position[g]))
            * (discount if len(arts) < 2 else 1.0)
            * (1.0 if " " in g else self.unigram_weight)
            for g, arts in articles_with.items()
        }
        return sentence_concepts, weights

    def select(
        self,
        story: Story,
        table: SentenceTable,
        words: int,
        cost: Sequence[float] | None = None,
        balance: float = 0.0,
    ) -> list[int]:
        """The chosen sentences in reading order. Two optional knobs serve the neutral summary
        (framing.py): ``cost[i]`` (>= 1) divides sentence ``i``'s gain, and ``balance`` divides
        a sentence's gain by ``1 + balance * n``, ``n`` being how many chosen sentences its
        publisher already has. Both only lower gains as selection goes on, so the lazy greedy
        stays exact."""
        pool = candidates(story, table)
        if not pool:
            return []
        sentence_concepts, weights = self.concepts(story, table)
        source_of = [story.articles[int(a)].source for a in table.article_of]
        per_source: dict[str, int] = defaultdict(int)

        def divisor(i: int) -> float:
            d = float(lengths[i]) ** self.cost_exponent
            if cost is not None:
                d *= cost[i]
            if balance:
                d *= 1.0 + balance * per_source[source_of[i]]
            return d

        covered: set[str] = set()
        chosen: list[int] = []
        used = 0
        remaining = set(pool)
        lengths = {i: lexical.word_count(table.sentences[i].text) for i in pool}

        def gain(concepts: set[str]) -> float:
            # fsum: exact, so equal concept sets give equal gains whatever order a set iterates in
            return math.fsum(weights.get(g, 0.0) for g in concepts - covered)

        # Lazy greedy (Minoux 1978): a sentence's gain can only shrink as more is covered, so a
        # stale gain is an upper bound and only the top of the heap needs recomputing.
        heap = [(-gain(sentence_concepts[i]) / divisor(i), i) for i in pool]
        heapq.heapify(heap)
        while heap:
            bound, i = heapq.heappop(heap)
            if used + lengths[i] > words or i not in remaining:
                continue  # too long for what is left of the budget: it never fits again
            scaled = gain(sentence_concepts[i]) / divisor(i)
            if heap and scaled < -heap[0][0]:
                heapq.heappush(heap, (-scaled, i))
                continue
            if scaled <= 0.0:
                break
            remaining.discard(i)
            if self._redundant(table, chosen, i):
                continue
            chosen.append(i)
            covered |= sentence_concepts[i]
            used += lengths[i]
            per_source[source_of[i]] += 1
        if not chosen:
            # Budget smaller than any sentence: give the single most central sentence anyway,
            # rather than an empty summary.
            best = max(pool, key=lambda i: math.fsum(weights.get(g, 0.0) for g in sentence_concepts[i]))
            chosen = [best]
        ordered = order_for_reading(story, table, chosen)
        if self.overflow and used < words:
            # The scorer keeps only the first (words - used) words of one more sentence: judge
            # each candidate by the concepts of that prefix, and put the winner last.
            room = words - used
            best, best_gain = None, 0.0
            for i in remaining:
                if self._redundant(table, chosen, i):
                    continue
                prefix = " ".join(table.sentences[i].text.split()[:room])
                g = gain(self.grams(prefix))
                if g > best_gain:
                    best, best_gain = i, g
            if best is not None:
                ordered.append(best)
        return ordered

    def _redundant(self, table: SentenceTable, chosen: list[int], i: int) -> bool:
        """Whether sentence ``i`` repeats a chosen one: nearly the same meaning, or (with
        ``fact_redundancy``) the same fact by the citation test, in either direction, or one's
        specific figure restated by the other (``restates_figure``), either way round."""
        if not chosen:
            return False
        cosines = table.vectors[chosen] @ table.vectors[i]
        if float(np.max(cosines)) > MAX_REDUNDANT_COSINE:
            return True
        if not self.fact_redundancy:
            return False
        # A figure restated either way round: a candidate that repeats a chosen sentence's figure
        # with a detail added ("Turnout was 61 percent, the highest in two decades." after "The
        # commission put turnout at 61 percent.") still says that fact twice.
        return any(
            fact_score(table, i, c, float(cos)) >= SUPPORT_THRESHOLD
            or restates_figure(table, i, c) or restates_figure(table, c, i) or shares_figures(table, i, c)
            or repeats_quotation(table.sentences[i].text, table.sentences[c].text)
            for c, cos in zip(chosen, cosines)
        )


# A short sentence that only restates a chosen one's specific figure ("The blaze started around
# 11:40 p.m. on Tuesday." after "The fire broke out at about 11:40 p.m. in a warehouse ...") adds
# at most this many content words of its own.
MAX_RESTATEMENT_EXTRA = 3
_NUMERIC = re.compile(r"^[\d.,:]+$")


def distinctive_figures(numbers: frozenset[float]) -> frozenset[float]:
    """Figures specific enough to name one fact: clock times and decimals ("23.40" for 11:40 p.m.,
    "3.5" percent) and whole numbers of 100 or more that are not years; small counts ("two
    firefighters", "23 people") are shared by different facts too often."""
    return frozenset(v for v in numbers if not float(v).is_integer() or (v >= 100 and not 1900 <= v <= 2100))


# A figure given as a percentage ("61 percent", "61%") names one fact even when it is small.
_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:%|per\s*cent\b|percent\b)", re.I)


def _percentages(text: str) -> frozenset[float]:
    return frozenset(float(m.group(1).replace(",", ".")) for m in _PERCENT.finditer(text))


def restates_figure(table: SentenceTable, i: int, c: int) -> bool:
    """Whether sentence ``i`` only restates the specific figure of sentence ``c``: every figure of
    ``i`` is in ``c``, one of them distinctive (or a percentage both give as one), and ``i`` adds at
    most MAX_RESTATEMENT_EXTRA content words. For the summary's repeat check only (a wrong call
    costs a sentence choice, not a false citation), where paraphrase defeats the citation test
    ("blaze started" / "fire broke out"; "put turnout at 61 percent" / "turnout was 61 percent")."""
    figures = table.numbers[i]
    if not figures or not figures <= table.numbers[c]:
        return False
    shared_percent = _percentages(table.sentences[i].text) & _percentages(table.sentences[c].text) & figures
    if not distinctive_figures(figures) and not shared_percent:
        return False
    extra = {w for w in table.stems[i] - table.stems[c] if not _NUMERIC.match(w)}
    return len(extra) <= MAX_RESTATEMENT_EXTRA


# Words in a row two quotations must share to be the same quotation: outlets transcribe one remark
# a little differently ("like he's run his business" / "like he's running his business?").
QUOTATION_RUN = 5
_WORD = re.compile(r"[a-z0-9]+")


@functools.lru_cache(maxsize=4096)
def _quotation_runs(text: str) -> frozenset[tuple[str, ...]]:
    runs: set[tuple[str, ...]] = set()
    for quoted in _QUOTED.findall(text):
        words = _WORD.findall(quoted.lower().replace("\u2019", "'").replace("'", ""))
        runs.update(tuple(words[k:k + QUOTATION_RUN]) for k in range(len(words) - QUOTATION_RUN + 1))
    return frozenset(runs)


def repeats_quotation(text: str, other: str) -> bool:
    """Whether two sentences quote the same remark (QUOTATION_RUN words in a row inside quote marks
    in both), whatever each says around it: a summary that gives one outlet's brief quotation and
    another's longer one states the remark twice. For the summary's repeat check only."""
    runs = _quotation_runs(text)
    return bool(runs) and not runs.isdisjoint(_quotation_runs(other))


def shares_figures(table: SentenceTable, i: int, c: int) -> bool:
    """Whether two sentences give two or more of the same specific figures (a vote tally "252-175"
    / "252 to 175", a count and a share): they report one fact, whatever else each adds. For the
    summary's repeat check only."""
    return len(distinctive_figures(table.numbers[i]) & distinctive_figures(table.numbers[c])) >= 2


SUMMARIZERS: dict[str, type] = {
    "coverage": CoverageSummarizer,
    "lead": LeadSummarizer,
}


def get_summarizer(name: str, fill: bool = False) -> Summarizer:
    """The summarizer called ``name``; ``fill`` lets one last sentence cross the word budget (the
    benchmark mode: scorers cut every output to N words, so a summary that stops short of N loses
    recall for nothing). The default never exceeds the budget."""
    try:
        return SUMMARIZERS[name](overflow=fill)
    except KeyError:
        raise ValueError(f"unknown summarizer {name!r}; choose from {', '.join(SUMMARIZERS)}") from None
