"""Segment: paragraphs into sentences.

nupunkt (a Punkt model trained on a large English corpus, shipped inside the package) does the
splitting; it knows "U.S.", "p.m.", "Mr.", "Feb. 28". Repairs on top: a piece that opens with a
closing bracket or a comma continues the one before ("(R-Tenn.), wrote"); an initialism before a
title stays in its sentence ("U.S. Secretary"), and one before a word in lower case ("the
N.C.A.A. president"); and two about quotation marks, which Punkt does
not model:
- a sentence that ends inside a closing quote and is followed by a capitalised word is split
  there ('... worked hard." Officials said'), which Punkt sometimes misses;
- a quotation that spans several sentences is kept as one unit, so that no output sentence opens
  a quote it does not close;
- a quotation ending in ? or ! keeps its attribution even when that opens with a capital ('"How
  about it?" Mr. Trump was quoted as saying.').
"""

from __future__ import annotations

import re

import nupunkt

from newsdigest.text.clean import paragraphs_of
from newsdigest.model import Article, Sentence

# A quotation longer than this many sentences is more likely an unbalanced mark than one quote.
MAX_QUOTE_SENTENCES = 5
# Sentences that need fewer letters than this are debris ("--", "2.", "(AP)").
MIN_LETTERS = 3
# No news sentence is this long (a quotation merged from five sentences rarely reaches 1,500
# characters); longer "sentences" are text without punctuation and are cut at a space before
# this length, so every later stage works on bounded pieces.
MAX_SENTENCE_CHARS = 3000

_LETTER = re.compile(r"[^\W\d_]")
_CLOSE_QUOTE_BOUNDARY = re.compile(r'(?<=[.!?]["\u201d])\s+(?=[A-Z\u201c"])')


def _quote_depth(text: str) -> int:
    """+1 for a quote opened and not closed in text, -1 for a close without an open, else 0."""
    opens = text.count("\u201c")
    closes = text.count("\u201d")
    if opens or closes:
        return (opens > closes) - (closes > opens)
    return text.count('"') % 2  # straight quotes: an odd count leaves one open


def _split_closing_quotes(sentence: str) -> list[str]:
    parts: list[str] = []
    start = 0
    for m in _CLOSE_QUOTE_BOUNDARY.finditer(sentence):
        head = sentence[start:m.start()]
        # Only a boundary if the quote that just closed was opened inside this sentence part
        # (or before it): an even count of straight quotes so far, or the curly ones balanced.
        if _quote_depth(head) == 0 or ("\u201d" in head and head.count("\u201c") <= head.count("\u201d")):
            parts.append(head)
            start = m.end()
    parts.append(sentence[start:])
    return [p for p in parts if p.strip()]


def _merge_open_quotes(sentences: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(sentences):
        current = sentences[i]
        j = i + 1
        if _quote_depth(current) == 1:
            # Look ahead for the sentence that closes the quote.
            for k in range(i + 1, min(len(sentences), i + MAX_QUOTE_SENTENCES)):
                if _quote_depth(sentences[k]) != 0:
                    if _quote_depth(sentences[k]) == -1 or sentences[k].count('"') % 2 == 1:
                        current = " ".join(sentences[i:k + 1])
                        j = k + 1
                    break
        out.append(current)
        i = j
    return out


def _cut_long(sentence: str, limit: int = MAX_SENTENCE_CHARS) -> list[str]:
    """A run-on "sentence" over ``limit`` characters in pieces of at most ``limit``, cut at the
    last space before the limit where there is one."""
    if len(sentence) <= limit:
        return [sentence]
    pieces = []
    start = 0
    while len(sentence) - start > limit:
        cut = sentence.rfind(" ", start + limit // 2, start + limit)
        end = cut if cut > start else start + limit
        pieces.append(sentence[start:end])
        start = end
    pieces.append(sentence[start:])
    return pieces


# Punkt splits after an initialism before some title words ("with U.S. | Secretary of State C"):
# a piece ending in an initialism and followed by a title or an institution is one sentence.
_INITIALISM_END = re.compile(r"\b(?:U\.S|U\.K|U\.N|E\.U|U\.S\.A)\.$")
_TITLE_WORD = re.compile(
    r"^(?:Secretary|President|Vice|Ambassador|Senator|Sen\.|Rep\.|Representative|Congress|Congressman|"
    r"Congresswoman|Senate|House|State|Defense|Defence|Treasury|Justice|Army|Navy|Air|Marine|Coast|"
    r"Embassy|Consulate|Envoy|Special|Attorney|Trade|Commerce|Supreme|Federal|District|Foreign|Prime|"
    r"Minister|Ministry|Department|Government|Security|General|Assembly|Council|Commission|Central|"
    r"National|Forces|Military|Intelligence|Border|Customs|Olympic|Open|Chamber|Health|Food|Post|"
    r"Office|Agency|Court|Navy|Parliament|Labour|Labor|Conservative|Democratic|Republican)\b"
)


def _merge_initialisms(pieces: list[str]) -> list[str]:
    out: list[str] = []
    for piece in pieces:
        if out and _INITIALISM_END.search(out[-1]) and _TITLE_WORD.match(piece):
            out[-1] = out[-1] + " " + piece
        else:
            out.append(piece)
    return out


# No sentence opens with a closing bracket or with the punctuation that continues a clause: Punkt
# split after an abbreviation there ("Fincher (R-Tenn. | ), wrote ...").
_CONTINUATION = re.compile(r"^[)\],;:]")


def _merge_continuations(pieces: list[str]) -> list[str]:
    out: list[str] = []
    for piece in pieces:
        if out and _CONTINUATION.match(piece):
            out[-1] = out[-1] + piece
        else:
            out.append(piece)
    return out


# Punkt splits after an initialism or an abbreviation it does not know before a word in lower
# case ("the N.C.A.A. | president, Mark Emmert, said", "F.W. | de Klerk", "Durbin, D-Ill. | said"):
# no sentence opens with a lower-case word, so the piece continues the one before. (A word with a
# capital inside, "iPhone", may open one; "da Silva." ending a sentence is no abbreviation.)
_ABBREVIATION_END = re.compile(
    r"(?:\b[A-Za-z]\.){2,}$|-[A-Z][a-z]{1,4}\.$"
    r"|\b(?:Jr|Sr|Inc|Corp|Co|Ltd|Gov|Sen|Rep|Gen|Lt|Col|Sgt|Capt|Cmdr|Adm|Gov|Dept|Univ|Assn|Bros|St|Mt|Ft|Ave|Blvd|No|Nos|Vol|approx|est)\.$"
)
_LOWER_WORD_START = re.compile(r"^[a-z][a-z'\u2019-]*\b(?![A-Z])")


def _merge_lowercase_continuations(pieces: list[str]) -> list[str]:
    out: list[str] = []
    for piece in pieces:
        if out and _ABBREVIATION_END.search(out[-1]) and _LOWER_WORD_START.match(piece):
            out[-1] = out[-1] + " " + piece
        else:
            out.append(piece)
    return out


# A quotation ending in ? or ! is followed by its attribution, which may open with a capital
# ('"How about the mayor starts?" Mr. Trump was quoted as saying, ...'): one sentence, or the
# attribution would stand alone as a fragment. (After a period the quote ends its own sentence:
# '"... worked hard." Officials said the plan ...'.)
_QUESTION_QUOTE_END = re.compile(r'[?!]["\u201d]$')
_ATTRIBUTION_START = re.compile(
    r"^(?:(?:[A-Z][\w.\u2019'\-]*|the|of)\s+){1,5}(?:(?:also|then|later)\s+)?"
    r"(?:said|says|asked|asks|added|adds|told|wrote|writes|replied|recalled|quipped|shouted|yelled|"
    r"exclaimed|tweeted|joked|wondered|demanded|was\s+quoted\s+as\s+saying)\b")


def _merge_attributions(pieces: list[str]) -> list[str]:
    out: list[str] = []
    for piece in pieces:
        if out and _QUESTION_QUOTE_END.search(out[-1]) and _ATTRIBUTION_START.match(piece):
            out[-1] = out[-1] + " " + piece
        else:
            out.append(piece)
    return out


def split_sentences(paragraph: str) -> list[str]:
    pieces = _merge_lowercase_continuations(
        _merge_continuations(_merge_initialisms([s.strip() for s in nupunkt.sent_tokenize(paragraph)])))
    merged = _merge_open_quotes(pieces)
    pieces = [cut for s in merged for part in _split_closing_quotes(s) for cut in _cut_long(part)]
    pieces = _merge_attributions([p.strip() for p in pieces])
    return [s.strip() for s in pieces if len(_LETTER.findall(s, 0, 200)) >= MIN_LETTERS]


def segment_article(article: Article) -> Article:
    sentences: list[Sentence] = []
    for p_index, paragraph in enumerate(paragraphs_of(article.text)):
        for text in split_sentences(paragraph):
            sentences.append(Sentence(article.id, len(sentences), p_index, text))
    article.sentences = sentences
    return article
