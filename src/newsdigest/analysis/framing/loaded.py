"""Framing: loaded terms in a text, outside quotation marks (a quotation is the speaker's words)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from newsdigest.analysis.framing.lexicons import MIN_LETTERS, PLAIN_IN_NEWS, _Lexicon, lexicon


_WORD = re.compile(r"[A-Za-z]+(?:['’\-][A-Za-z]+)*")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quoted speech (marks included). An unclosed opening quote runs to the
    end of the text; a closing mark with no opening one covers the text before it: a quotation
    continued from the previous sentence or paragraph, as news writing does."""
    spans: list[tuple[int, int]] = []
    # Curly doubles and guillemets: explicit open/close marks.
    for open_mark, close_mark in (("\u201c", "\u201d"), ("\u00ab", "\u00bb")):
        i, n = 0, len(text)
        while i < n:
            o = text.find(open_mark, i)
            c = text.find(close_mark, i)
            if o == -1 and c == -1:
                break
            if o == -1 or (c != -1 and c < o):
                spans.append((i, c + 1))  # closing mark without an opening one
                i = c + 1
                continue
            c = text.find(close_mark, o + 1)
            end = n if c == -1 else c + 1
            spans.append((o, end))
            i = end
    # Straight doubles: paired in order; an odd last mark opens (or, at a word's end, closes).
    marks = [m.start() for m in re.finditer('"', text)]
    for k in range(0, len(marks) - 1, 2):
        spans.append((marks[k], marks[k + 1] + 1))
    if len(marks) % 2:
        last = marks[-1]
        closes = last > 0 and not text[last - 1].isspace() and (last + 1 == len(text) or not text[last + 1].isalnum())
        spans.append((0, last + 1) if closes else (last, len(text)))
    # Curly singles, only where clearly quotation marks: an opening mark at a word's start and a
    # closing one not followed by a letter (which would make it an apostrophe, "I’ve").
    for m in re.finditer(r"(?:(?<=^)|(?<=[\s(\[]))\u2018", text):
        close = re.compile(r"\u2019(?![A-Za-z])").search(text, m.end())
        if close:
            spans.append((m.start(), close.end()))
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def unquoted_text(text: str) -> str:
    """The text with quoted speech blanked out (same length, so offsets stay valid)."""
    chars = list(text)
    for s, e in quoted_spans(text):
        chars[s:e] = " " * (e - s)
    return "".join(chars)


def own_word_count(text: str) -> int:
    """Words outside quotation marks: the outlet's own wording."""
    return len(_WORD.findall(unquoted_text(text)))


def _forms(word: str) -> list[str]:
    """The word and the base forms it may be an inflection of (checked against the lexicons)."""
    out = [word]
    if word.endswith("ies") or word.endswith("ied"):
        out.append(word[:-3] + "y")
    if word.endswith("es"):
        out.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        out.append(word[:-1])
    for suffix in ("ed", "ing"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            out += [stem, stem + "e"]
            if stem[-1] == stem[-2]:  # "slammed" -> "slam"
                out.append(stem[:-1])
    return out


def _adjective_of(word: str) -> list[str]:
    """The adjectives an -ly adverb may come from ("absurdly" -> "absurd", "horribly" -> "horrible")."""
    if len(word) <= 5 or not word.endswith("ly"):
        return []
    stem = word[:-2]
    out = [stem, stem + "e"]
    if word.endswith("ily"):
        out.append(word[:-3] + "y")
    if word.endswith("ally"):
        out.append(word[:-4])
    if word.endswith("bly"):
        out.append(word[:-1] + "e")
    return out


def _lookup(word: str, lex: _Lexicon) -> str | None:
    """Which lexicon flags a lower-cased word, or None. Curated terms match any inflection; the
    published lexicons list their own inflections, so only their exact forms count (plus the
    -ly adverbs of their adjectives)."""
    if len(word) < MIN_LETTERS or word in PLAIN_IN_NEWS:
        return None
    if any(form in lex.curated for form in _forms(word)):
        return "curated"
    adjectives = _adjective_of(word)
    if word in lex.vader:
        return "vader"
    if word in lex.pattern or any(a in lex.pattern or a in lex.vader for a in adjectives):
        return "pattern" if word in lex.pattern or any(a in lex.pattern for a in adjectives) else "vader"
    if word in lex.boosters:
        return "vader-booster"
    return None


@dataclass(frozen=True)
class Match:
    term: str  # as written in the text
    start: int
    end: int
    lexicon: str


def find_loaded(text: str, quotes: bool = False) -> list[Match]:
    """Loaded terms in the outlet's own wording of ``text``, in order; quotations are skipped
    unless ``quotes`` (for measuring how loaded a text reads as a whole)."""
    return list(_find_loaded(text, quotes, lexicon()))


# The same sentence is scored for the outlet's framing, the wording comparison and the neutral
# summary, and wire copies repeat sentences: remember recent answers.
@lru_cache(maxsize=65536)
def _find_loaded(text: str, quotes: bool, lex: _Lexicon) -> tuple[Match, ...]:
    if not text:
        return ()
    masked = text if quotes else unquoted_text(text)
    toks = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(masked)]
    first_word = _WORD.search(text)
    first_start = first_word.start() if first_word else -1
    # Possessives are the noun ("the regime's" -> "regime").
    lowered = [re.sub(r"'s?$", "", t.lower().replace("’", "'")) for t, _, _ in toks]
    forms = [set(_forms(w)) for w in lowered]
    out: list[Match] = []
    i = 0
    while i < len(toks):
        starting = sorted(
            {p for w in forms[i] for p in lex.phrases_by_first.get(w, ())}, key=lex.phrases.index
        ) if any(w in lex.phrases_by_first for w in forms[i]) else ()
        phrase = next(
            (p for p in starting if i + len(p) <= len(toks) and all(w in forms[i + j] for j, w in enumerate(p))),
            None,
        )
        if phrase:
            start, end = toks[i][1], toks[i + len(phrase) - 1][2]
            end = toks[i + len(phrase) - 1][1] + len(lowered[i + len(phrase) - 1])
            out.append(Match(text[start:end], start, end, "curated"))
            i += len(phrase)
            continue
        word, start, end = toks[i]
        end = start + len(lowered[i]) if lowered[i] else end  # the term without its possessive
        word = text[start:end]
        # Capitalised inside the sentence: a name ("Supreme Court"), not the outlet's judgement.
        is_name = word[0].isupper() and start != first_start and not word.isupper()
        if not is_name:
            source = _lookup(lowered[i], lex)
            if source:
                out.append(Match(word, start, end, source))
        i += 1
    return tuple(out)


def loaded_terms(text: str) -> list[str]:
    """The loaded terms of a text in its own wording (not inside quotes), as written."""
    return [m.term for m in find_loaded(text)]


def loaded_count(text: str) -> int:
    return len(find_loaded(text))


def loaded_rate(text: str, quotes: bool = False) -> float:
    """Loaded terms per 100 words of the text's own wording (0.0 for no words); with ``quotes``,
    per 100 words of the whole text, quotations included."""
    n = len(_WORD.findall(text)) if quotes else own_word_count(text)
    return 100.0 * len(find_loaded(text, quotes=quotes)) / n if n else 0.0
