"""Quotes: quotation marks read per paragraph into quote spans, and quotes cut by their attribution joined."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from newsdigest.analysis.quotes.attribution import _after_attribution, _verb_positions
from newsdigest.analysis.quotes.names import _Speaker, _bare, _words
from newsdigest.analysis.quotes.rules import MAX_ATTRIBUTION_WORDS, MAX_CONTINUATION_PARAGRAPHS, OMISSION, _CLAUSE_WORDS, _CLOSE_MARKS, _MARK, _OPEN_MARKS


@dataclass
class _Span:
    """One quotation in one article; offsets are in paragraphs of the article's text."""

    para: int
    start: int  # offset of the opening mark
    end_para: int
    end: int  # offset just past the closing mark (or the end of the quoted text when unclosed)
    text: str
    ends_sentence: bool  # the quoted text ends with . (so a capital after it starts a sentence)
    closes_clause: bool = True  # the quoted text ends with , ? ! or a dash
    trail: str = ""  # what cleaning cut off the end of the text (the comma of '"A," she said')
    closed: bool = True  # ends at its closing mark
    after: str = ""
    speaker: str | None = None
    speaker_kind: str | None = None
    attributed: bool = False  # an attribution pattern was found (its speaker may still be None)
    attributed_after: bool = False  # ... in the words after the quote
    adjacent: bool = False  # the attribution touches the quote: short quotes may be listed
    sentence_index: int = -1
    keep: bool = True


def _mark_kind(par: str, i: int, width: int = 1) -> str:
    c = par[i]
    if c in _OPEN_MARKS:
        return "open"
    if c in _CLOSE_MARKS:
        return "close"
    prev = par[i - 1] if i > 0 else " "
    nxt = par[i + width] if i + width < len(par) else " "
    left_open = prev.isspace() or prev in "([{\u2014\u2013-/"
    right_open = nxt.isspace() or nxt in ".,;:!?)]}\u2014\u2013-"
    if left_open and not right_open:
        return "open"
    if right_open and not left_open:
        return "close"
    return "either"


_MARK_OR_TWO = re.compile("''|" + _MARK.pattern)


def _opens_with_quote(par: str) -> bool:
    s = par.lstrip()
    return bool(s) and (s[0] in _OPEN_MARKS or s[0] == '"' or s.startswith("''"))


def _raw_quote_text(parts: list[str]) -> str:
    return " ".join(p.strip() for p in parts if p.strip()).strip()


def _clean_quote_text(parts: list[str]) -> str:
    return _raw_quote_text(parts).rstrip(",;:").rstrip()


def _scan_marks(paragraphs: list[str]) -> list[_Span]:
    """Every quotation delimited by double quote marks, in reading order."""
    spans: list[_Span] = []
    open_at: tuple[int, int] | None = None  # (paragraph, offset of the opening mark)
    parts: list[str] = []  # text of the paragraphs the open quote already ran through
    part_start = 0

    def emit(p: int, end: int, text_end: int, closed: bool) -> None:
        assert open_at is not None
        par = paragraphs[p]
        last = par[part_start:text_end]
        text = _clean_quote_text(parts + [last])
        if not re.search(r"\w", text):
            return
        tail = last.rstrip().rstrip("'\u2019")
        span = _Span(
            open_at[0], open_at[1], p, end, text,
            ends_sentence=tail.endswith("."),
            closes_clause=tail.endswith((",", "?", "!", "-", "\u2014", "\u2013", ".")),
            trail=_raw_quote_text(parts + [last])[len(text):],
            closed=closed,
        )
        spans.append(span if closed else _cut_unclosed(span, par, part_start, parts))

    for p, par in enumerate(paragraphs):
        # Two apostrophes stand for a double quote mark in some wire copy (''A,'' she said).
        marks = [(m.start(), len(m.group()), _mark_kind(par, m.start(), len(m.group()))) for m in _MARK_OR_TWO.finditer(par)]
        if open_at is not None and marks and _at_paragraph_start(par, marks[0][0]):
            # The continuation paragraph's own opening mark.
            part_start = marks[0][0] + marks[0][1]
            marks = marks[1:]
        skip = 0
        for n, (i, width, kind) in enumerate(marks):
            if skip:
                skip -= 1  # the closing mark of a quote inside the open quote
                continue
            if open_at is None:
                if kind != "close":
                    open_at, parts, part_start = (p, i), [], i + width
                continue
            if kind == "open" and open_at[0] == p and i > part_start and _nested(par, marks, n):
                # '"Reporting that the man shouted "Go home!" as he left."': a quote inside the
                # open quote (its closing mark, then the outer one's, come next) stays part of it.
                skip = 1
                continue
            if kind == "open" and (open_at[0] != p or i > part_start):
                # A new quote opens before the last one closed: that one was unbalanced.
                emit(p, i, i, closed=False)
                open_at, parts, part_start = (p, i), [], i + width
            elif kind != "open":
                emit(p, i + width, i, closed=True)
                open_at = None
        if open_at is not None:
            nxt = paragraphs[p + 1] if p + 1 < len(paragraphs) else ""
            if _opens_with_quote(nxt) and len(parts) < MAX_CONTINUATION_PARAGRAPHS:
                parts.append(par[part_start:])
                part_start = 0
                continue
            emit(p, len(par), len(par), closed=False)
            open_at = None
    return spans


def _nested(par: str, marks: list[tuple[int, int, str]], n: int) -> bool:
    """Whether the opening mark marks[n], met while a quote is open, opens a short quote inside it
    ('shouted "Go home!" as he'): mid-sentence, at most six words, and the next two marks both
    close (the inner quote's, then the outer one's). A quote opening a sentence ('... Ortiz said.
    "B," she said') means the one before was left unclosed."""
    if not (n + 2 < len(marks) and marks[n + 1][2] != "open" and marks[n + 2][2] != "open"):
        return False
    if n + 3 < len(marks) and marks[n + 3][2] == "close":
        return False
    i, width, _ = marks[n]
    if re.search(r"[.!?:]\s*$", par[max(0, i - 3):i]):
        return False
    return len(par[i + width:marks[n + 1][0]].split()) <= 6


def _cut_unclosed(span: _Span, par: str, body_start: int, earlier: list[str]) -> _Span:
    """An unclosed quote that contains its own attribution ('..., X said on Friday.') ends there."""
    body = par[body_start:span.end]
    for m in re.finditer(r"[,?!]\s+", body):
        rest = body[m.end():]
        if isinstance(_after_attribution(rest, tight=True), _Speaker):
            text = _clean_quote_text(earlier + [body[:m.start() + 1]])
            return _Span(span.para, span.start, span.end_para, body_start + m.start() + 1, text, False,
                         closed=False, after=" " + rest)
    return span


def _at_paragraph_start(par: str, offset: int) -> bool:
    return offset == len(par) - len(par.lstrip())


# Words that open a clause of their own: between two quotes they say more than who spoke ('she
# said after the meeting, adding that costs rose', 'said Reyes, who ...', 'Ortiz and Reyes said').
_BEYOND_ATTRIBUTION = _CLAUSE_WORDS | {"whose"}


def _join_split_quotes(spans: list[_Span], paragraphs: list[str]) -> list[_Span]:
    """One span for each quote its attribution cuts in two ('"A," she said, "B."' or '"A," she
    said. "B."'): both parts stay verbatim, joined by OMISSION."""
    out: list[_Span] = []
    for span in spans:
        if out and _continues(out[-1], span, paragraphs[span.para]):
            out[-1] = _joined(out[-1], span)
        else:
            out.append(span)
    return out


def _continues(first: _Span, second: _Span, par: str) -> bool:
    """Whether ``second`` is the rest of ``first``, past nothing but the attribution of ``first``."""
    if not (first.closed and second.closed and first.end_para == second.para and first.attributed_after):
        return False
    gap = par[first.end:second.start]
    # The first part stops mid-sentence for its attribution ('"A," X said', British '"A", X said').
    if (first.ends_sentence or not first.closes_clause) and not gap.lstrip().startswith(","):
        return False
    # The second part must end its sentence with no attribution of its own: '"B," he added' is
    # a quote of its own, and '"B" for the city' a phrase quoted inside the reporter's sentence.
    ends = re.search(r"[.?!]['\u2019]?$", second.text) or second.after.lstrip()[:1] in (".", "?", "!")
    if second.attributed_after or not ends:
        return False
    return first.speaker == second.speaker and _only_attribution(gap)


def _only_attribution(gap: str) -> bool:
    """Whether the words between two quotes only say who spoke: 'X said', 'said X', 'she told
    reporters', 'X, the mayor, said', 'X said in a statement': one reporting verb, a few words, no
    clause or sentence of their own."""
    # The attribution ends where the second part starts ('..., "B."' or '... . "B."'); else the
    # second quote is inside it ('she told ABC's "This Week."').
    if not re.search(r"[,.:]\s*$", gap):
        return False
    body = re.sub(r"^[\s,\u2014\u2013-]+|[\s,.:]+$", "", gap)
    words = _words(body)
    if not words or len(words) > MAX_ATTRIBUTION_WORDS or words[-1][1] != len(body):
        return False
    # Only spaces and commas between the words: a period, colon or dash starts something else.
    if any(not re.fullmatch(r"[\s,]*", body[a[1]:b[0]]) for a, b in zip(words, words[1:])):
        return False
    if len(_verb_positions(words, weak=False)) != 1 or any(_bare(w) in _BEYOND_ATTRIBUTION for _, _, w in words):
        return False
    # A part after a comma names or describes the speaker ('X, 44, said'); a participle ('...,
    # smiling') tells something else.
    later = [c.split() for c in body.split(",")[1:]]
    return not any(c and c[0][:1].islower() and c[0].endswith("ing") for c in later)


def _joined(first: _Span, second: _Span) -> _Span:
    # The first part keeps the comma it had inside the marks: 'During the storm, ... most ...'.
    return replace(
        first,
        end_para=second.end_para,
        end=second.end,
        text=first.text + first.trail + OMISSION + second.text,
        trail=second.trail,
        ends_sentence=second.ends_sentence,
        closes_clause=second.closes_clause,
        attributed_after=second.attributed_after,
        after=second.after,
        adjacent=first.adjacent or second.adjacent,
    )


# Small words Title Case leaves in lower case; any other lower-case word ('Ortiz: Bad for the
# city, bad for you') makes a sentence, not a title.
_TITLE_SMALL = frozenset("a an the and but or nor for of in on at to by from with as vs via into over up per".split())


def _looks_like_title(text: str) -> bool:
    text = text.rstrip(".")
    words = [w for _, _, w in _words(text)]
    long_words = [w for w in words if len(w) > 3]
    if any(w[:1].islower() and w.isalpha() and w.lower() not in _TITLE_SMALL for w in words):
        return False
    return bool(long_words) and all(w[:1].isupper() for w in long_words) and len(words) >= 2 and not re.search(r"[.!?]$", text)
