"""Framing: loaded terms in a text, outside quotation marks (a quotation is the speaker's words).

The learned tagger (learned.py) decides by default; the lexicon rules are kept as evidence and as
the "rules" mode (NEWSDIGEST_FRAMING_MODE)."""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Sequence

from newsdigest.analysis.framing import learned
from newsdigest.analysis.framing.lexicons import MIN_LETTERS, PLAIN_IN_NEWS, _Lexicon, lexicon
from newsdigest.analysis.framing.lexicons import word_forms as _forms


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


def inside_any(spans: Sequence[tuple[int, int]]):
    """A test ``inside(a, b)``: whether [a, b) lies within one of ``spans``, in O(log n) per call
    (run-on text can hold thousands of quotations, and every word is tested)."""
    ordered = sorted(spans)
    starts = [a for a, _ in ordered]
    reach, best = [], -1
    for _, b in ordered:
        best = max(best, b)
        reach.append(best)  # the furthest end among spans starting at or before this one

    def inside(a: int, b: int) -> bool:
        k = bisect_right(starts, a) - 1
        return k >= 0 and reach[k] >= b

    return inside


def own_word_count(text: str, skip: Sequence[tuple[int, int]] | None = None) -> int:
    """Words outside quotation marks (and outside ``skip`` spans): the outlet's own wording."""
    if not skip:
        return len(_WORD.findall(unquoted_text(text)))
    inside = inside_any(skip)
    return sum(1 for m in _WORD.finditer(unquoted_text(text)) if not inside(m.start(), m.end()))


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


def article_quote_spans(text: str) -> list[tuple[int, int]]:
    """Quoted spans of a whole article, paragraph by paragraph (blank lines or line breaks
    separate paragraphs): a quotation that runs over several sentences or paragraphs (each
    paragraph reopening it, only the last closing it) is covered in full."""
    out: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\n]+", text):
        out += [(m.start() + s, m.start() + e) for s, e in quoted_spans(m.group(0))]
    return out


def paragraph_quote_spans(sentences: Sequence[Any]) -> list[list[tuple[int, int]]]:
    """Quoted spans of each sentence (offsets in its own text), found on its whole paragraph so
    that a sentence in the middle of a quotation (no mark of its own) counts as quoted.
    ``sentences``: objects with ``.text`` and ``.paragraph``, in reading order."""
    out: list[list[tuple[int, int]]] = [[] for _ in sentences]
    k = 0
    while k < len(sentences):
        j = k
        while j < len(sentences) and sentences[j].paragraph == sentences[k].paragraph:
            j += 1
        starts, pos = [], 0
        for s in sentences[k:j]:
            starts.append(pos)
            pos += len(s.text) + 1
        spans = quoted_spans(" ".join(s.text for s in sentences[k:j]))
        for i, st in enumerate(starts):
            n = len(sentences[k + i].text)
            out[k + i] = [(max(a - st, 0), min(b - st, n)) for a, b in spans if a < st + n and b > st]
        k = j
    return out


@dataclass(frozen=True)
class Match:
    term: str  # as written in the text
    start: int
    end: int
    # The evidence that flags it: "model" (the learned tagger) plus the lexicons that list the
    # word ("model+vader+nrc", "model+huliu+insult_label"); in "rules" mode the rule's lexicon.
    lexicon: str
    score: float = 0.0


# Which detector flags loaded terms: "model" (the learned tagger, default), "rules" (the lexicon
# rules above), "union" (either). Set by NEWSDIGEST_FRAMING_MODE; chosen on BABE and BASIL
# (benchmarks/results/framing.md).
MODES = ("model", "rules", "union")
DEFAULT_MODE = "model"


def framing_mode() -> str:
    mode = os.environ.get("NEWSDIGEST_FRAMING_MODE", DEFAULT_MODE).strip().lower() or DEFAULT_MODE
    if mode not in MODES:
        raise ValueError(f"NEWSDIGEST_FRAMING_MODE={mode!r}: choose one of {', '.join(MODES)}")
    return mode


def find_loaded(text: str, quotes: bool = False, skip: Sequence[tuple[int, int]] | None = None,
                mode: str | None = None) -> list[Match]:
    """Loaded terms in the outlet's own wording of ``text``, in order. Quotations are skipped
    unless ``quotes`` (for measuring how loaded a text reads as a whole); ``skip``: more spans
    to skip (a sentence inside a quotation that its paragraph opened)."""
    mode = mode or framing_mode()
    if mode == "rules":
        matches = _find_loaded(text, quotes, lexicon())
    else:
        matches = _find_learned(text, quotes, learned.model_dir().as_posix())
        if mode == "union":
            seen = [(m.start, m.end) for m in matches]
            extra = [m for m in _find_loaded(text, quotes, lexicon())
                     if not any(m.start < e and s < m.end for s, e in seen)]
            matches = tuple(sorted(matches + tuple(extra), key=lambda m: m.start))
    if skip:
        matches = tuple(m for m in matches if not any(a <= m.start and m.end <= b for a, b in skip))
    return list(matches)


@lru_cache(maxsize=65536)
def _find_learned(text: str, quotes: bool, folder: str) -> tuple[Match, ...]:
    if not text:
        return ()
    model = learned.load_model(folder)
    rules = {(m.start, m.end): m.lexicon for m in _find_loaded(text, quotes, lexicon())}
    skip = None if quotes else quoted_spans(text)
    out = []
    for t in learned.tag(model, text, skip=skip):
        ev = list(t["evidence"])
        rule = rules.get((t["start"], t["end"]))
        if rule and rule not in ev:
            ev.insert(0, rule)
        out.append(Match(t["word"], t["start"], t["end"], "+".join(["model"] + ev), round(t["score"], 3)))
    return tuple(out)


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


def loaded_count(text: str, quotes: bool = False) -> int:
    """Loaded terms in the text's own wording; with ``quotes``, inside quotations too."""
    return len(find_loaded(text, quotes=quotes))


def loaded_rate(text: str, quotes: bool = False) -> float:
    """Loaded terms per 100 words of the text's own wording (0.0 for no words); with ``quotes``,
    per 100 words of the whole text, quotations included."""
    n = len(_WORD.findall(text)) if quotes else own_word_count(text)
    return 100.0 * len(find_loaded(text, quotes=quotes)) / n if n else 0.0
