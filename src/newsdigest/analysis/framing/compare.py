"""Framing per outlet: loaded terms, a score to compare outlets, and facts told in differently loaded words."""

from __future__ import annotations

from typing import Any
from newsdigest.summary.align import SentenceTable, supporting_sentences
from newsdigest.model import Article, Framing, LoadedTerm, Story
from newsdigest.summary.summarizers import independent_articles
from newsdigest.analysis.framing.loaded import find_loaded, loaded_rate, loaded_terms, own_word_count


def _scored_articles(story: Story, source: str) -> list[Article]:
    """The outlet's articles whose wording it is scored on: its originals, else its copies."""
    own = [a for a in story.articles if a.source == source]
    originals = [a for a in own if a.duplicate_of is None]
    return originals or own


def article_terms(article: Article) -> list[LoadedTerm]:
    """Every loaded term of an article's sentences, outside quotations, in reading order."""
    out = []
    for s in article.sentences:
        for m in find_loaded(s.text):
            out.append(
                LoadedTerm(term=m.term, sentence=s.text, article_id=article.id, sentence_index=s.index, lexicon=m.lexicon)
            )
    return out


def frame(story: Story) -> list[Framing]:
    """One ``Framing`` per outlet, most loaded first (score: loaded terms per 100 own words)."""
    out = []
    for source in story.outlets:
        terms: list[LoadedTerm] = []
        words = 0
        for a in _scored_articles(story, source):
            terms += article_terms(a)
            words += sum(own_word_count(s.text) for s in a.sentences)
        score = 100.0 * len(terms) / words if words else 0.0
        out.append(Framing(source=source, score=score, loaded_terms=terms))
    return sorted(out, key=lambda f: (-f.score, f.source))


def wording_comparison(story: Story, table: SentenceTable, min_outlets: int = 2) -> list[dict[str, Any]]:
    """Facts stated by several outlets, with each outlet's wording and its loaded terms.

    Only facts where the outlets' wordings differ in how many loaded terms they carry are listed
    (the others show nothing about framing), most contrasting first. Each entry: ``{"fact": text,
    "wordings": [{"source", "article_id", "sentence_index", "sentence", "loaded_terms", "score"}]}``
    with ``score`` = loaded terms per 100 own words of that sentence."""
    keep = independent_articles(story)
    listed: set[int] = set()  # a sentence already shown in one fact's wordings opens no other
    out = []
    for i in range(len(table)):
        if int(table.article_of[i]) not in keep or i in listed:
            continue
        group = [i] + [
            j for j, _ in supporting_sentences(table, i) if int(table.article_of[j]) in keep and j not in listed
        ]
        sources = {story.articles[int(table.article_of[j])].source for j in group}
        if len(sources) < min_outlets:
            continue
        listed.update(group)
        wordings = []
        for j in group:
            s = table.sentences[j]
            article = story.articles[int(table.article_of[j])]
            wordings.append({
                "source": article.source,
                "article_id": article.id,
                "sentence_index": s.index,
                "sentence": s.text,
                "loaded_terms": loaded_terms(s.text),
                "score": round(loaded_rate(s.text), 2),
            })
        counts = [len(w["loaded_terms"]) for w in wordings]
        if max(counts) == min(counts):
            continue
        wordings.sort(key=lambda w: (-w["score"], w["source"]))
        out.append({"fact": table.sentences[i].text, "wordings": wordings, "_spread": max(counts) - min(counts)})
    out.sort(key=lambda f: -f.pop("_spread"))
    return out
