"""Quotes: quotation marks read per paragraph into quote spans, and quotes cut by their attribution joined."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from newsdigest.analysis.quotes.attribution import _after_attribution, _verb_positions
from newsdigest.analysis.quotes.names import _Speaker, _bare, _words
from newsdigest.analysis.quotes.rules import MAX_ATTRIBUTION_TAIL_WORDS, MAX_ATTRIBUTION_WORDS, MAX_CONTINUATION_PARAGRAPHS, OMISSION, _CLAUSE_WORDS, _CLOSE_MARKS, _CUE_BEFORE, _MARK, _OPEN_MARKS, _VERBS


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
    prev = par[i - 1] if i > 0 else " "
    nxt = par[i + width] if i + width < len(par) else " "
    # A curly mark typed the wrong way round reads by the spaces around it: one glued to the word
    # before it with a space after it closes ('called it “abhorrent“ in a tweet'), one after a
    # space and glued to the word after it opens ('a plan to ”get close to”').
    if c == "\u201c" and (prev.isalnum() or prev in ".,;:!?\u2019") and (nxt.isspace() or nxt in ".,;:!?)"):
        return "close"
    if c == "\u201d" and prev.isspace() and nxt.isalnum():
        return "open"
    if c in _OPEN_MARKS:
        return "open"
    if c in _CLOSE_MARKS:
        return "close"
    left_open = prev.isspace() or prev in "([{\u2014\u2013-/"
    right_open = nxt.isspace() or nxt in ".,;:!?)]}\u2014\u2013-"
    if left_open and not right_open:
        return "open"
    if right_open and not left_open:
        return "close"
    return "either"


_MARK_OR_TWO = re.compile("''|" + _MARK.pattern)


# Feet and inches ('he\u2019s like 6\u20192\u201d'): the double prime is no quote mark.
_INCHES = re.compile(r"\d[\u2019']\d{1,2}$")


def _marks(par: str) -> list[tuple[int, int, str]]:
    """The quote marks of a paragraph: (offset, width, 'open' / 'close' / 'either')."""
    return [(m.start(), len(m.group()), _mark_kind(par, m.start(), len(m.group())))
            for m in _MARK_OR_TWO.finditer(par)
            if not (m.group() in '"\u201d' and _INCHES.search(par, max(0, m.start() - 4), m.start()))]


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
        marks = _marks(par)
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
    # Curly marks say which way they face: an opening one followed by two closing ones holds a
    # quoted clause of any length ('the claim that the deal \u201chas to do with ... things\u201d makes
    # clear ...,\u201d'); straight marks only a short one.
    curly = par[i] == "\u201c" and par[marks[n + 1][0]] == par[marks[n + 2][0]] == "\u201d"
    return len(par[i + width:marks[n + 1][0]].split()) <= (40 if curly else 6)


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
        elif out and _omitted_between(out[-1], span, paragraphs[span.para]):
            out[-1] = _joined_with_speaker(out[-1], span)
        else:
            out.append(span)
    return out


# Between two quotes listed as one thing said: 'chanting "We are Orlando" and "Disarm hate."'.
_LIST_GAP = re.compile(r"\s*,?\s+(?:and|or)\s+")


def _join_listed(spans: list[_Span], paragraphs: list[str]) -> list[_Span]:
    """Quotes kept on their own and listed with 'and' / 'or' ('the crowd chanted back, "Send them
    home," and "Build the wall."') are one quote, joined by OMISSION, unless they name different
    speakers. (Run after the short quotes are sorted out: two scare quotes listed so stay dropped.)"""
    out: list[_Span] = []
    for span in spans:
        prev = out[-1] if out else None
        if prev is not None and prev.keep and span.keep and prev.closed and span.closed \
                and prev.end_para == span.para and _LIST_GAP.fullmatch(paragraphs[span.para][prev.end:span.start]) \
                and not (prev.speaker and span.speaker and prev.speaker != span.speaker):
            out[-1] = _joined_with_speaker(prev, span)
        else:
            out.append(span)
    return out


# Between two parts of one quote: the writer's ellipsis ('"A?" . . . "B?"'), or a dash aside
# that breaks the sentence ('"I don't think the conventional wisdom" -- that X is seen as Y --
# "is going to last," he says').
_ELLIPSIS_GAP = re.compile(r"\s*(?:\.\s*){3,4}|\s*\u2026\s*")
_DASH_ASIDE_GAP = re.compile(r"\s+(?:--|\u2014|\u2013)\s*[^\"\u201c\u201d]{1,200}?\s*(?:--|\u2014|\u2013)\s+")


def _omitted_between(first: _Span, second: _Span, par: str) -> bool:
    """Whether ``second`` goes on with ``first`` past an ellipsis or a dash aside (nothing else
    between them, same paragraph, neither with an attribution of its own in between)."""
    if not (first.closed and second.closed and first.end_para == second.para):
        return False
    if first.attributed_after or (first.speaker and second.speaker and first.speaker != second.speaker):
        return False
    gap = par[first.end:second.start]
    if _ELLIPSIS_GAP.fullmatch(gap):
        return True
    # A dash aside cuts a sentence: the first part stops without punctuation, the second goes on
    # in lower case.
    return bool(_DASH_ASIDE_GAP.fullmatch(gap)) and not first.closes_clause and second.text[:1].islower()


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
    clause or sentence of their own. A comma may add who the speaker is ('said X, research and
    policy director of ...') and, last, how or when they spoke: a participle or a when/while/as
    clause ('X said, referring to the resorts', 'she said, when asked about Y', 'said X, who ...'),
    with no reporting verb of its own ('X said, adding that ...' is more than an attribution); a
    lone participle ('X said, smiling.') tells something else."""
    # The attribution ends where the second part starts ('..., "B."' or '... . "B."'); else the
    # second quote is inside it ('she told ABC's "This Week."').
    if not re.search(r"[,.:]\s*$", gap):
        return False
    body = re.sub(r"^[\s,\u2014\u2013-]+|[\s,.:]+$", "", gap)
    words = _words(body)
    if not words or words[-1][1] != len(body):
        return False
    # Only spaces and commas between the words: a period, colon or dash starts something else.
    if any(not re.fullmatch(r"[\s,]*", body[a[1]:b[0]]) for a, b in zip(words, words[1:])):
        return False
    # Comma-separated chunks, as word ranges: the verb's chunk, appositives, then a tail clause.
    chunks, start = [], 0
    for k in range(1, len(words) + 1):
        if k == len(words) or "," in body[words[k - 1][1]:words[k][0]]:
            chunks.append((start, k))
            start = k
    verbs = _verb_positions(words, weak=False)
    if not verbs:
        return False
    head = next(n for n, (a, b) in enumerate(chunks) if a <= verbs[0] < b)
    tail = len(chunks)
    for n in range(head + 1, len(chunks)):
        first = words[chunks[n][0]][2]
        if _bare(first) in _TAIL_WORDS:
            tail = n
            break
        if first.endswith("ing") and first[:1].islower():
            # A participle phrase says how or when ('referring to the resorts', 'speaking by
            # phone'); a lone participle ('X said, smiling.') or a reporting one ('adding that')
            # says something else.
            if _reporting(first) or chunks[n][1] - chunks[n][0] < 2:
                return False
            tail = n
            break
    core = words[:chunks[tail - 1][1]]
    if chunks[head][1] > MAX_ATTRIBUTION_WORDS or len(words) - chunks[head][1] > MAX_ATTRIBUTION_TAIL_WORDS:
        return False
    # One reporting verb; in the tail only 'when asked' and the like (another verb there brings in
    # another speaker: 'X said, as Y told reporters').
    if any(k >= len(core) and not (words[k][2].lower() == "asked" and _bare(words[k - 1][2]) in _TAIL_WORDS)
           for k in verbs[1:]) or sum(k < len(core) for k in verbs) != 1:
        return False
    # Clause words in the verb's own chunk (or before it) join a second subject or clause ('Ortiz
    # and Reyes said', 'she said after the meeting that'); in an appositive after it they are part
    # of the speaker's description ('X, research and policy director of ...').
    if any(_bare(w) in _BEYOND_ATTRIBUTION for _, _, w in words[:chunks[head][1]]):
        return False
    return not any(_bare(w) in _RELATIVE for _, _, w in core[chunks[head][1]:])


def _reporting(participle: str) -> bool:
    """'adding', 'noting', 'arguing': a reporting verb's participle (its past or present form is one)."""
    stem = participle.lower()[:-3]
    return participle.lower() in _VERBS or any(stem + end in _VERBS for end in ("ed", "d", "s", "es"))


# Words that open the last part of an attribution, saying how or when the speaker spoke or who
# they are ('she said, when asked about it', 'said X, who chairs the panel').
_TAIL_WORDS = frozenset("when while as after before who whose which because during".split())


# In an appositive, these start a clause about someone else ('X, whom Y named').
_RELATIVE = frozenset("whom that".split())


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


def _joined_with_speaker(first: _Span, second: _Span) -> _Span:
    """``_joined``, for two parts each read on its own: the speaker is the first's, else the
    second's, and the quote is attributed when either part was."""
    joined = _joined(first, second)
    if joined.speaker is None:
        joined.speaker, joined.speaker_kind = second.speaker, second.speaker_kind
    joined.attributed = first.attributed or second.attributed
    return joined


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


def _cued(par: str, start: int) -> bool:
    """Whether the words right before the quote opening at ``start`` name or cry out what follows
    ('an ad titled "Scam."', 'what he calls "the cartel"', 'the term "kitchen sink"'; see
    rules._CUE_BEFORE): a short or Title Case quote there is something said or a title, not a
    scare quote."""
    return bool(_CUE_BEFORE.search(par[max(0, start - 70):start]))
