"""The systems compared: newsdigest, lead, random and sumy's summarizers, all choosing from the same sentences."""

from __future__ import annotations

import random
from typing import Any, Callable
from newsdigest.eval.rouge import require_eval_extra
from newsdigest.text import lexical
from newsdigest.model import Article, Story
from newsdigest.pipeline import summarize_story
from newsdigest.summary.summarizers import CoverageSummarizer, Summarizer


SUMY_SYSTEMS = ("lexrank", "textrank", "lsa", "luhn", "sumbasic", "kl")


SYSTEMS = ("newsdigest", "lead", "random") + SUMY_SYSTEMS


def _fill(items: list, words: int, text_of: Callable[[Any], str] = str) -> list:
    """Take items in the given order until ``words`` is reached, skipping exact repeats.

    Repeats matter because wire reprints put the same sentence in several articles; a baseline
    that picks it twice only wastes budget, which would flatter our own duplicate handling."""
    out, seen, used = [], set(), 0
    for item in items:
        if used >= words:
            break
        text = text_of(item)
        if text in seen:
            continue
        seen.add(text)
        out.append(item)
        used += lexical.word_count(text)
    return out


def all_sentences(articles: list[Article]) -> list[str]:
    return [s.text for a in articles for s in a.sentences]


def newsdigest_system(encoder, method: str | Summarizer | None = None) -> Callable[[list[Article], int], str]:
    # The coverage summarizer in benchmark mode: like every peer here, it fills the N words the
    # scorer keeps (one last sentence may cross the budget and is judged by the part that counts).
    method = method or CoverageSummarizer(overflow=True)

    def run(articles: list[Article], words: int) -> str:
        # A fresh Story each time: summarize_story appends notes, and reruns must not accumulate.
        story = summarize_story(Story(id="eval", articles=articles), encoder, words=words, method=method)
        return " ".join(s.text for s in story.summary)

    return run


def lead_system(articles: list[Article], words: int) -> str:
    """Newest independent article's opening sentences, as ``summarize.LeadSummarizer`` picks it,
    but filled up to N words (LeadSummarizer stops below the budget) and with no embedding
    table, which lead does not need and would only add to its time."""
    from newsdigest.summary.align import mark_duplicates
    from newsdigest.summary.summarizers import independent_articles

    story = Story(id="eval", articles=articles)
    mark_duplicates(articles)
    keep = sorted(independent_articles(story), key=lambda k: (articles[k].date or "", k))
    newest = articles[keep[-1]] if keep else articles[-1]
    return " ".join(_fill([s.text for s in newest.sentences], words))


def random_system(seed: int) -> Callable[[list[Article], int], str]:
    def run(articles: list[Article], words: int) -> str:
        sentences = all_sentences(articles)
        # Seeded per cluster (by its first article id), so the output does not depend on the
        # order clusters are run in or on --limit.
        rng = random.Random(f"{seed}:{articles[0].id}")
        rng.shuffle(sentences)
        return " ".join(_fill(sentences, words))

    return run


class _Tokenizer:
    """What sumy's document model asks of a tokenizer, with the repo's word pattern (sumy's own
    tokenizer needs NLTK 'punkt' data, which is not installed and cannot be downloaded)."""

    language = "english"

    def to_words(self, text: str) -> tuple[str, ...]:
        return tuple(lexical.words(text))

    def to_sentences(self, text: str) -> tuple[str, ...]:
        from newsdigest.text.segment import split_sentences

        return tuple(split_sentences(text))


class _UntilWords:
    """A sumy ``sentences_count`` that takes sentences in rank order until N words.

    sumy calls it with every sentence sorted best-first, so one call of the summarizer is enough
    (asking for k sentences and growing k would rerun the whole algorithm each time)."""

    def __init__(self, words: int):
        self.words = words

    def __call__(self, infos):
        return _fill(infos, self.words, lambda info: str(info.sentence))


def sumy_system(name: str) -> Callable[[list[Article], int], str]:
    require_eval_extra("sumy")
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.kl import KLSummarizer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.sum_basic import SumBasicSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    classes = {
        "lexrank": LexRankSummarizer,
        "textrank": TextRankSummarizer,
        "lsa": LsaSummarizer,
        "luhn": LuhnSummarizer,
        "sumbasic": SumBasicSummarizer,
        "kl": KLSummarizer,
    }
    # sumy's documented English set-up: Snowball stemmer (NLTK's, which needs no data files)
    # and sumy's English stop-word list.
    summarizer = classes[name](Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    tokenizer = _Tokenizer()

    def run(articles: list[Article], words: int) -> str:
        # The document is rebuilt per call: sumy caches each sentence's words on the object, and
        # a reused document would make every run after the first look faster than it is.
        paragraphs = []
        for a in articles:
            by_paragraph: dict[int, list] = {}
            for s in a.sentences:
                by_paragraph.setdefault(s.paragraph, []).append(Sentence(s.text, tokenizer))
            paragraphs.extend(Paragraph(group) for group in by_paragraph.values())
        document = ObjectDocumentModel(paragraphs)
        # Returned in document order (sumy's convention); truncation may then cut into a
        # higher-ranked sentence, as it would for any user of sumy.
        return " ".join(str(s) for s in summarizer(document, _UntilWords(words)))

    return run


def build_systems(names: list[str], encoder_loader: Callable[[], Any], seed: int) -> dict[str, Callable]:
    systems: dict[str, Callable] = {}
    for name in names:
        if name == "newsdigest":
            systems[name] = newsdigest_system(encoder_loader())
        elif name == "lead":
            systems[name] = lead_system
        elif name == "random":
            systems[name] = random_system(seed)
        else:
            systems[name] = sumy_system(name)
    return systems
