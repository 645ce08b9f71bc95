"""Word-level features shared by align, summarize and cite.

Tokens are lower-cased words; "content stems" are Snowball (Porter 2) stems of the tokens that
are not stop words (sumy's English list, shipped in ``text/data``). Numbers are normalised so that "3,197", "3197" and
"twelve"/"12" compare equal: a sentence that changes a number does not state the same fact.
"""

from __future__ import annotations

import calendar
import re
from functools import lru_cache
from importlib.resources import files

import Stemmer

_WORD = re.compile(r"[A-Za-z0-9]+(?:[’'.\-][A-Za-z0-9]+)*")
_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w])|(?<![\w.])\d+(?:\.\d+)?(?![\w])")
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "dozen": 12,
}
# Scale words multiply the number before them: "4.1 billion" == 4100000000.
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SCALED = re.compile(r"(\d+(?:[.,]\d+)*)\s*(thousand|million|billion|trillion)\b", re.I)

_stemmer = Stemmer.Stemmer("english")

# Month names, shared by the same-fact test (align) and the timeline.
MONTHS_FULL = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS_ABBR = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
MONTH_FULL_PATTERN = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
MONTH_ABBR_PATTERN = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)"


def month_number(name: str) -> int:
    """1-12 for a month name or abbreviation ("Sept.", "july")."""
    key = name.lower().rstrip(".")
    return MONTHS_FULL.get(key) or MONTHS_ABBR[key]


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    # sumy's English list, shipped in text/data (see its README): the benchmarks' peers use the same.
    text = (files("newsdigest.text") / "data" / "stopwords_en.txt").read_text(encoding="utf-8")
    words = {w.strip().lower() for w in text.split() if w.strip()}
    # Reporting verbs carry no fact; they would make any two "X said" sentences look alike.
    words |= {"said", "says", "say", "told", "according", "added", "mr", "mrs", "ms", "dr"}
    return frozenset(words)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def tokens(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return _stemmer.stemWord(word)


def stems(text: str) -> list[str]:
    """Stems of all tokens (stop words included), in order: for n-grams that span function words."""
    return [_stem(t) for t in tokens(text)]


def content_stems(text: str) -> list[str]:
    sw = stop_words()
    return [_stem(t) for t in tokens(text) if t not in sw and not t.isdigit() and len(t) > 1]


def numbers(text: str) -> set[float]:
    """The numeric values a sentence states (years and counts alike)."""
    values: set[float] = set()
    scaled_spans = []
    for m in _SCALED.finditer(text):
        try:
            values.add(round(float(m.group(1).replace(",", "")) * _SCALES[m.group(2).lower()], 3))
            scaled_spans.append(m.span(1))
        except ValueError:
            pass
    for m in _NUMBER.finditer(text):
        if any(a <= m.start() < b for a, b in scaled_spans):
            continue
        try:
            values.add(float(m.group(0).replace(",", "")))
        except ValueError:
            pass
    for t in tokens(text):
        if t in _NUMBER_WORDS:
            values.add(float(_NUMBER_WORDS[t]))
    return values


def names(text: str) -> set[str]:
    """Capitalised words not at the start of the sentence: a cheap proxy for named entities."""
    ws = words(text)
    sw = stop_words()
    out = set()
    for i, w in enumerate(ws):
        capitalised = i > 0 and w[:1].isupper() and w.lower() not in sw
        acronym = len(w) > 1 and w.isupper() and w.isalpha()
        if capitalised or acronym:
            out.add(w.lower())
    return out


def word_count(text: str) -> int:
    return len(text.split())


_WORDLIKE = re.compile(r"""^[("“‘'\[]*(?:[A-Za-z][a-z’'.\-]*|[A-Z]{2,6}s?|[A-Z](?:\.[A-Z])+\.?|\d[\d,.:%]*)[)"”’'\],.;:!?]*$""")
# A sentence in which fewer than this share of the tokens look like words or numbers is not prose
# (a data dump, a run of symbols): the model would spend seconds on it and find nothing real.
MIN_WORDLIKE_SHARE = 0.5


def looks_like_prose(text: str) -> bool:
    """Most tokens look like words or numbers, and lower-case letters make up a fair part of the
    text (English prose: most letters are lower case; a line of capitals, digits and marks is not)."""
    tokens = text.split()
    if not tokens:
        return False
    letters = sum(1 for c in text if c.isalpha())
    if letters and sum(1 for c in text if c.islower()) < 0.5 * letters:
        return False
    return sum(1 for t in tokens if _WORDLIKE.match(t)) >= MIN_WORDLIKE_SHARE * len(tokens)
