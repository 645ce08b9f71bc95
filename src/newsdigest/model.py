"""The data model every pipeline stage shares.

An ``Article`` is one outlet's report; ingest fills its metadata and text, clean rewrites its text,
segment fills ``sentences``, align sets ``duplicate_of``. A ``Story`` groups the articles about one
event and collects what the later stages derive from them (the cited summary, ...). ``Digest`` is
the whole result of one run, including the inputs that were dropped and why.

Everything here is a plain dataclass so that ``to_dict`` gives the JSON contract directly.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Sentence:
    """A sentence of an article; ``index`` is its position in the article (0-based)."""

    article_id: str
    index: int
    paragraph: int
    text: str


@dataclass
class Entity:
    """A named-entity mention; ``start``/``end`` are character offsets in the sentence's text.

    ``label`` is the NER model's label (spaCy's OntoNotes set: PERSON, ORG, GPE, LOC, NORP, DATE, ...).
    """

    article_id: str
    sentence_index: int
    start: int
    end: int
    text: str
    label: str


@dataclass
class Article:
    id: str
    source: str
    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    # A wire dateline split off the first paragraph ("LONDON (AP)"), kept as metadata.
    dateline: str | None = None
    # Where the article came from ("path" or "path:line"), for error messages and provenance.
    origin: str = ""
    # Set by align: the id of an earlier article this one is a copy of (e.g. the same wire story).
    duplicate_of: str | None = None
    sentences: list[Sentence] = field(default_factory=list)
    # Set by the ner stage (only when analysis runs): named-entity mentions, in reading order.
    entities: list[Entity] = field(default_factory=list)
    # What the pipeline did to the article that a reader should know (cut to the length cap);
    # copied into its story's notes.
    notes: list[str] = field(default_factory=list)

    def meta(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "date": self.date,
            "url": self.url,
            "dateline": self.dateline,
            "duplicate_of": self.duplicate_of,
        }


@dataclass
class Support:
    """A source sentence that states the fact of a summary sentence."""

    article_id: str
    source: str
    text: str
    sentence_index: int
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "source": self.source,
            "text": self.text,
            "sentence_index": self.sentence_index,
            "score": round(self.score, 3),
        }


@dataclass
class SummarySentence:
    text: str
    support: list[Support]

    @property
    def sources(self) -> list[str]:
        # Derived, never stored: the contract says sources is exactly the outlets of the support.
        seen: dict[str, None] = {}
        for s in self.support:
            seen.setdefault(s.source, None)
        return list(seen)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "sources": self.sources,
            "support": [s.to_dict() for s in self.support],
        }


def _sources_of(support: list[Support]) -> list[str]:
    return list(dict.fromkeys(s.source for s in support))


@dataclass
class Quote:
    """A direct quotation; ``text`` is verbatim from ``support[0]``'s article (without quote marks),
    except that the parts of a quote split by its attribution (`"A," she said, "B."`) are joined
    with " … " (each part verbatim) and a quote that runs over paragraphs with one space.

    ``support`` holds one entry per article that prints the quote (copies included); ``variants``
    lists the other wordings outlets printed when they differ by more than spelling/punctuation.
    """

    text: str
    speaker: str | None
    support: list[Support]
    variants: list[QuoteVariant] = field(default_factory=list)

    @property
    def sources(self) -> list[str]:
        return _sources_of(self.support)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "sources": self.sources,
            "support": [s.to_dict() for s in self.support],
            "variants": [v.to_dict() for v in self.variants],
        }


@dataclass
class QuoteVariant:
    text: str
    source: str
    article_id: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Fact:
    """A fact (one source sentence) and every sentence of every article that states it.

    Used for ``corroborated`` (two or more independent publishers) and ``unique_claims`` (one).
    ``count`` is the number of distinct publishers with an article that is not a copy of another.
    """

    text: str
    support: list[Support]
    count: int

    @property
    def sources(self) -> list[str]:
        return _sources_of(self.support)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "sources": self.sources,
            "count": self.count,
            "support": [s.to_dict() for s in self.support],
        }

    def to_unique_dict(self) -> dict[str, Any]:
        return {"text": self.text, "source": self.support[0].source, "support": [s.to_dict() for s in self.support]}


@dataclass
class Claim:
    """One outlet's version of a contested fact: the sentence and the value it gives."""

    source: str
    article_id: str
    sentence_index: int
    text: str
    value: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Contradiction:
    """The same fact reported with incompatible values; ``text`` says what is in dispute."""

    text: str
    kind: str  # number, date, time, tally, name, place, outcome
    claims: list[Claim]

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "kind": self.kind, "claims": [c.to_dict() for c in self.claims]}


@dataclass
class LoadedTerm:
    term: str
    sentence: str
    article_id: str
    sentence_index: int
    # Why it counts as loaded: the lexicon (or rule) that flags it.
    lexicon: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Framing:
    """How loaded one outlet's wording is; ``score`` (expected loaded narration sentences per
    article, see analysis/framing/compare.py) is comparable across outlets of one story."""

    source: str
    score: float
    loaded_terms: list[LoadedTerm]
    # How far the score can be trusted to rank this outlet: "sure" or "unsure" (few sentences of
    # its own wording, or an order against another outlet that does not hold under resampling),
    # with the reason in ``note``.
    confidence: str = "sure"
    note: str = ""
    # How many sentences of its own wording the score sums over (all its articles): a count
    # score grows with length, and this says how much text lies behind it.
    sentences: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "score": round(self.score, 4),
            "sentences": self.sentences,
            "confidence": self.confidence,
            "note": self.note,
            "loaded_terms": [t.to_dict() for t in self.loaded_terms],
        }


@dataclass
class TimelineEvent:
    """A dated event; ``date`` is YYYY-MM-DD or YYYY-MM (or YYYY), resolved against the article date."""

    date: str
    text: str
    support: list[Support]
    # The date expression as written ("on Thursday", "last month") and whether it was relative.
    expression: str = ""
    relative: bool = False
    # Dated after every article that reports it: planned, scheduled or forecast when written
    # ("growth of 3% in 2011" in a December 2010 report), not something that had happened.
    expected: bool = False

    @property
    def sources(self) -> list[str]:
        return _sources_of(self.support)

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "text": self.text,
            "sources": self.sources,
            "expression": self.expression,
            "relative": self.relative,
            "expected": self.expected,
            "support": [s.to_dict() for s in self.support],
        }


@dataclass
class Player:
    """A person, organisation or place; ``aliases`` are the surface forms merged into ``name``."""

    name: str
    kind: str  # person, organization, place
    mentions: int
    sources: list[str]
    aliases: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Story:
    id: str
    articles: list[Article]
    summary: list[SummarySentence] = field(default_factory=list)
    # Filled by the analysis stages (analyze.py); empty when analysis is switched off.
    neutral_summary: list[SummarySentence] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    corroborated: list[Fact] = field(default_factory=list)
    unique_claims: list[Fact] = field(default_factory=list)
    contradictions: list[Contradiction] = field(default_factory=list)
    framing: list[Framing] = field(default_factory=list)
    # Facts several outlets state in differently loaded words (framing.wording_comparison):
    # [{"fact", "wordings": [{"source", "article_id", "sentence_index", "sentence", "loaded_terms", "score"}]}]
    framing_comparison: list[dict[str, Any]] = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)
    key_players: list[Player] = field(default_factory=list)
    analyzed: bool = False
    # Human-readable caveats about this story (single source, all copies of one wire story, ...).
    notes: list[str] = field(default_factory=list)

    @property
    def outlets(self) -> list[str]:
        """Distinct publishers, in order of first appearance."""
        return list(dict.fromkeys(a.source for a in self.articles))

    @property
    def independent_outlets(self) -> list[str]:
        """Publishers with at least one article that is not a copy of another."""
        return list(dict.fromkeys(a.source for a in self.articles if a.duplicate_of is None))

    @property
    def single_source(self) -> bool:
        return len(self.outlets) < 2

    def article(self, article_id: str) -> Article:
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "outlets": self.outlets,
            "single_source": self.single_source,
            "notes": list(self.notes),
            "articles": [a.meta() for a in self.articles],
            "summary": [s.to_dict() for s in self.summary],
            "analyzed": self.analyzed,
            "neutral_summary": [s.to_dict() for s in self.neutral_summary],
            "quotes": [q.to_dict() for q in self.quotes],
            "corroborated": [f.to_dict() for f in self.corroborated],
            "unique_claims": [f.to_unique_dict() for f in self.unique_claims],
            "contradictions": [c.to_dict() for c in self.contradictions],
            "framing": [f.to_dict() for f in self.framing],
            "framing_comparison": list(self.framing_comparison),
            "timeline": [e.to_dict() for e in self.timeline],
            "key_players": [p.to_dict() for p in self.key_players],
        }


@dataclass
class Dropped:
    """An input (file, line or article) that was skipped, and why."""

    input: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"input": self.input, "reason": self.reason}


@dataclass
class Digest:
    stories: list[Story]
    dropped: list[Dropped] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "stories": [s.to_dict() for s in self.stories],
            "dropped": [d.to_dict() for d in self.dropped],
        }
