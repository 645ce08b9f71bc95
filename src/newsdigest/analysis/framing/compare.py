"""Framing per outlet: loaded terms, a score to compare outlets, and facts told in differently loaded words."""

from __future__ import annotations

from typing import Any
from newsdigest.summary.align import SentenceTable, supporting_sentences
from newsdigest.model import Article, Framing, LoadedTerm, Story
from newsdigest.summary.summarizers import independent_articles
from newsdigest.analysis.framing.loaded import find_loaded, loaded_rate, loaded_terms, own_word_count, paragraph_quote_spans

# An outlet's score ranks it only with enough evidence: at least MIN_WORDS words of its own
# wording, MIN_FLAGS loaded terms, and a score at least MIN_MARGIN (relative) away from every
# other outlet's. Set a priori, not tuned on the benchmark (see benchmarks/results/framing.md).
MIN_WORDS = 150
MIN_FLAGS = 3
MIN_MARGIN = 0.25


def _scored_articles(story: Story, source: str) -> list[Article]:
    """The outlet's articles whose wording it is scored on: its originals, else its copies."""
    own = [a for a in story.articles if a.source == source]
    originals = [a for a in own if a.duplicate_of is None]
    return originals or own


def article_terms(article: Article) -> list[LoadedTerm]:
    """Every loaded term of an article's sentences, outside quotations (found on whole
    paragraphs, so a quotation over several sentences or paragraphs is skipped in full), in
    reading order. ``lexicon`` names the evidence ("model+vader+nrc")."""
    out = []
    skips = paragraph_quote_spans(article.sentences)
    for s, skip in zip(article.sentences, skips):
        for m in find_loaded(s.text, skip=skip):
            out.append(
                LoadedTerm(term=m.term, sentence=s.text, article_id=article.id, sentence_index=s.index, lexicon=m.lexicon)
            )
    return out


def _own_words(article: Article) -> int:
    """Words of the article's own wording: outside quotations, found on whole paragraphs."""
    return sum(own_word_count(s.text, skip) for s, skip in zip(article.sentences, paragraph_quote_spans(article.sentences)))


def frame(story: Story) -> list[Framing]:
    """One ``Framing`` per outlet, most loaded first (score: loaded terms per 100 own words),
    each saying whether it is sure enough to rank (``confidence``, ``note``)."""
    out = []
    words_of: dict[str, int] = {}
    for source in story.outlets:
        terms: list[LoadedTerm] = []
        words = 0
        for a in _scored_articles(story, source):
            terms += article_terms(a)
            words += _own_words(a)
        score = 100.0 * len(terms) / words if words else 0.0
        out.append(Framing(source=source, score=score, loaded_terms=terms))
        words_of[source] = words
    out.sort(key=lambda f: (-f.score, f.source))
    for f in out:
        why = []
        if words_of[f.source] < MIN_WORDS:
            why.append(f"only {words_of[f.source]} words of its own wording (fewer than {MIN_WORDS})")
        if len(f.loaded_terms) < MIN_FLAGS:
            n = len(f.loaded_terms)
            why.append("no loaded terms" if n == 0 else f"only {n} loaded term{'' if n == 1 else 's'} (fewer than {MIN_FLAGS})")
        close = [g.source for g in out if g is not f and abs(g.score - f.score) < MIN_MARGIN * max(f.score, g.score, 1e-9)]
        if close:
            why.append("score within {:.0%} of {}".format(MIN_MARGIN, ", ".join(close)))
        if why:
            f.confidence, f.note = "unsure", "; ".join(why) + ": not ranked against the others"
    return out


def most_loaded(framings: list[Framing]) -> str | None:
    """The most loaded outlet, or None when the top score is unsure (too few words or flags,
    or too close to the next outlet)."""
    if not framings or framings[0].confidence != "sure":
        return None
    return framings[0].source


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
