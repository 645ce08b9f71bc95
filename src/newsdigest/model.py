"""The data model every pipeline stage shares.

An ``Article`` is one outlet's report; ingest fills its metadata and text, clean rewrites its text,
segment fills ``sentences``, align sets ``duplicate_of``. A ``Story`` groups the articles about one
event and collects what the later stages derive from them (the cited summary, ...). ``Digest`` is
the whole result of one run, including the inputs that were dropped and why.

Everything here is a plain dataclass so that ``to_dict`` gives the JSON contract directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Sentence:
    """A sentence of an article; ``index`` is its position in the article (0-based)."""

    article_id: str
    index: int
    paragraph: int
    text: str


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


@dataclass
class Story:
    id: str
    articles: list[Article]
    summary: list[SummarySentence] = field(default_factory=list)
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
