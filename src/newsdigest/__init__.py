"""newsdigest: many outlets' reports of the same news in, one cited, source-verified account out.

    >>> import newsdigest
    >>> digest = newsdigest.summarize(["articles/"], words=100)
    >>> for sentence in digest.stories[0].summary:
    ...     print(sentence.text, sentence.sources)
"""

from newsdigest.text.embed import ModelLoadError, load_encoder
from newsdigest.model import Article, Digest, Dropped, Sentence, Story, Support, SummarySentence
from newsdigest.pipeline import NothingToSummarize, summarize, summarize_story
from newsdigest.io.render import render

__all__ = [
    "Article", "Digest", "Dropped", "ModelLoadError", "NothingToSummarize", "Sentence", "Story",
    "Support", "SummarySentence", "load_encoder", "render", "summarize", "summarize_story",
]
__version__ = "0.1.0"
