"""Cite and verify: every summary sentence lists every outlet whose article states its fact.

The sentence itself comes verbatim from one article (its first support). For each other article,
the best sentence that states the same fact (``align.fact_score``) is added as support, so
``sources`` covers every outlet that reports it, copies of the same wire story included (they are
marked ``duplicate_of`` in the article list and not counted as independent confirmation).

``verify`` re-checks the promise before anything is output: the text occurs in its own source
article, and every support entry points at a real sentence of a cited article. A sentence that
fails is dropped, never shown.
"""

from __future__ import annotations

from newsdigest.summary.align import SentenceTable, supporting_sentences
from newsdigest.model import Story, SummarySentence, Support


def _support(story: Story, table: SentenceTable, i: int, score: float) -> Support:
    s = table.sentences[i]
    article = story.articles[int(table.article_of[i])]
    return Support(article_id=article.id, source=article.source, text=s.text, sentence_index=s.index, score=score)


def cite(story: Story, table: SentenceTable, chosen: list[int]) -> list[SummarySentence]:
    out = []
    for i in chosen:
        support = [_support(story, table, i, 1.0)]
        support += [_support(story, table, j, score) for j, score in supporting_sentences(table, i)]
        out.append(SummarySentence(text=table.sentences[i].text, support=support))
    return [s for s in out if verify(story, s)]


def verify(story: Story, sentence: SummarySentence) -> bool:
    if not sentence.support:
        return False
    own = sentence.support[0]
    if own.text != sentence.text:
        return False
    for sup in sentence.support:
        try:
            article = story.article(sup.article_id)
        except KeyError:
            return False
        if article.source != sup.source:
            return False
        if not (0 <= sup.sentence_index < len(article.sentences)):
            return False
        if article.sentences[sup.sentence_index].text != sup.text or sup.text not in article.text:
            return False
    return True
