"""Contradictions: the values a sentence states (numbers with unit and hedge, clock times, dates), read as intervals."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date as Date
from newsdigest.text import lexical
from newsdigest.analysis.contradict.rules import _ACTION_AFTER, _ACTION_OF, _CHANGES, _FRAME, _FRAME_REL, _CUMULATIVE, _HEDGES_BEFORE, _MODAL, _MONTHS, _PEOPLE_UNITS, _PREDICATE_OF, _QUALIFIERS, _RUNNING, _SCALES, _SCALE_SUFFIXES, _SUBSET_BEFORE, _TALLY_BODIES, _TALLY_NOT_AFTER, _TALLY_NOT_BEFORE, _TALLY_NOUNS, _TALLY_PROCEDURE, _TALLY_SCORE, _TALLY_STRONG, _TALLY_WEAK, _TENS_WORDS, _TOKEN, _UNITS_WORDS, _UNIT_SKIP, _UPDATE, _VAGUE, _WEEKDAYS


@dataclass
class _Tok:
    text: str
    kind: str  # num, word, sym, punct, dash
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower()


def _tokens(text: str) -> list[_Tok]:
    return [_Tok(m.group(0), m.lastgroup or "", m.start(), m.end()) for m in _TOKEN.finditer(text)]


@dataclass
class _Mention:
    kind: str  # number, time, date
    value: str  # as written, hedge included
    start: int
    end: int
    key: str = ""  # what is counted: the unit's stem, "$", "%", or the date granularity
    lo: float = 0.0
    hi: float = 0.0
    exact: bool = False  # no hedge: compared as a rounding when precisions differ
    point: float = 0.0
    step: float = 1.0  # the precision of the figure (its rounding step)
    predicates: frozenset[str] = frozenset()
    context: frozenset[str] = frozenset()
    modal: bool = False
    qualified: bool = False  # "excluding food and energy": a variant of the headline measure
    update: bool = False
    unit_text: str = ""
    topic: str = ""  # the nearest content word before the figure ("winds of 110 mph")
    # dates: (year, month, day) with None for what is not given, or a weekday
    ymd: tuple[int | None, int | None, int | None] = (None, None, None)
    weekday: int | None = None
    part: str = ""  # late / early / night / morning qualifiers of a weekday
    options: tuple[tuple[float, float], ...] = ()  # times: interpretations (12 h ambiguity)
    people: bool = False  # counts the people a disaster hit ("people", "victims", "shoppers")
    nearest: str = ""  # the predicate class of the predicate word nearest the figure
    subset: bool = False  # "including 12 Americans": a part of another figure
    origin: str = ""  # a nationality right after the figure ("$60bn of American goods")
    # tallies: the two counts as written in order, the bodies named near the tally (House, Senate,
    # committee ...) and the kinds of vote the sentence names (amendment, procedural ...)
    votes: tuple[int, int] = ()
    body: str = ""  # the body named nearest the tally
    procedure: frozenset[str] = frozenset()
    others: int = 0  # other pairs of counts in the sentence that may be tallies too
    # numbers: what was done with the counted things (hold, win, gain, loss; "" when not said),
    # who holds them (lower-case stems of the capitalised words before the figure; the
    # sentence's first word, capitalised anyway, apart in ``holder_first``) and the time frames
    # the sentence gives ("next year", "past 6 years")
    action: str = ""
    holder: frozenset[str] = frozenset()
    holder_first: str = ""
    frame: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()  # lower-case stems of the sentence's words
    known: frozenset[str] = frozenset()  # stems of the names its article writes (set by the judge)


def _step_of(raw: str, value: float, scale: float) -> float:
    """The rounding step a figure is given to: "4.1 billion" -> 1e8, "300" -> 100, "14" -> 1."""
    digits = raw.replace(",", "")
    if "." in digits:
        return 10 ** -len(digits.split(".")[1]) * scale
    if scale > 1:
        return scale
    n = int(digits) if digits.isdigit() else 0
    if n < 100:
        return 1.0
    zeros = len(digits) - len(digits.rstrip("0"))
    return float(10 ** zeros)


def _hedge_before(toks: list[_Tok], k: int) -> tuple[str, int]:
    """The hedge ending right before token k: (kind, index of its first token) or ("", k)."""
    words = [t.low for t in toks[max(0, k - 3):k]]
    for phrase, kind in _HEDGES_BEFORE:
        n = len(phrase)
        if len(words) >= n and tuple(words[-n:]) == phrase:
            # "some" and "over" are hedges only right before a number.
            return kind, k - n
    return "", k


def _interval(value: float, step: float, hedge: str) -> tuple[float, float]:
    """The values a figure allows: a bound is open on one side; "about" allows 20% either way,
    "nearly" 20% below; a round figure of 100 or more allows half its rounding step."""
    half = step / 2 if step > 1 else 0.0
    spread = 0.2 * abs(value)
    if hedge == "min":
        return value, math.inf
    if hedge == "max":
        return -math.inf, value + half
    if hedge == "almost":
        return value - spread - half, value + half
    if hedge == "about":
        return value - spread - half, value + spread + half
    return value - half, value + half


def _context(toks: list[_Tok], a: int, b: int) -> list[_Tok]:
    """Tokens of the clause around tokens a..b: 6 words each way, not crossing ';' or a quote."""
    lo = a
    while lo > 0 and a - lo < 6 and toks[lo - 1].text not in {";", "\"", "“", "”"}:
        lo -= 1
    hi = b
    while hi < len(toks) - 1 and hi - b < 6 and toks[hi + 1].text not in {";", "\"", "“", "”"}:
        hi += 1
    return toks[lo:a] + toks[b + 1:hi + 1]


def _content(words: list[_Tok]) -> frozenset[str]:
    sw = lexical.stop_words()
    return frozenset(lexical._stem(t.low) for t in words if t.kind == "word" and t.low not in sw and len(t.low) > 1)


def _number_at(toks: list[_Tok], k: int) -> tuple[float, str, int] | None:
    """The number starting at token k: (value, raw text, index of its last token)."""
    t = toks[k]
    if t.kind == "num":
        try:
            return float(t.text.replace(",", "")), t.text, k
        except ValueError:
            return None
    low = t.low
    if low in _TENS_WORDS:
        if k + 2 < len(toks) and toks[k + 1].kind == "dash" and toks[k + 2].low in _UNITS_WORDS:
            return float(_TENS_WORDS[low] + _UNITS_WORDS[toks[k + 2].low]), f"{t.text}-{toks[k + 2].text}", k + 2
        return float(_TENS_WORDS[low]), t.text, k
    if low in _UNITS_WORDS:
        return float(_UNITS_WORDS[low]), t.text, k
    if low == "dozen" and k > 0 and toks[k - 1].low == "a":
        return 12.0, t.text, k
    return None


def _numbers(text: str, taken: list[tuple[int, int]]) -> list[_Mention]:
    toks = _tokens(text)
    out: list[_Mention] = []
    k = 0
    while k < len(toks):
        t = toks[k]
        if any(a <= t.start < b for a, b in taken):
            k += 1
            continue
        parsed = _number_at(toks, k)
        if parsed is None:
            k += 1
            continue
        value, raw, last = parsed
        m = _read_number(text, toks, k, last, value, raw)
        if m is not None:
            out.append(m)
        k = last + 1
    return out


_HEDGE_WORDS = {w for phrase, _ in _HEDGES_BEFORE for w in phrase}


_NOT_A_COUNT_BEFORE = {"no", "number", "page", "chapter", "article", "section", "room", "route", "flight"}


def _not_a_count(text: str, toks: list[_Tok], k: int, last: int, value: float, raw: str) -> bool:
    """Ordinals ("1st"), identifiers ("Pier 4", "MD-11"), fractions ("1/2") and years."""
    t, prev = toks[k], toks[k - 1] if k > 0 else None
    nxt = toks[last + 1] if last + 1 < len(toks) else None
    if nxt is not None and nxt.start == toks[last].end and nxt.kind == "word" and nxt.low in {"st", "nd", "rd", "th", "s"}:
        return True
    if text[t.end:t.end + 1] == "/" or text[max(0, t.start - 1):t.start] == "/":
        return True
    if t.kind == "num" and text[max(0, t.start - 2):t.start][:1].isdigit() and text[t.start - 1:t.start] == ":":
        return True  # the seconds of a clock time ("08:32:22")
    if prev is not None and t.kind == "num":
        # "Pier 4", "Flight 800" (not the capitalised first word of the sentence: "About 300").
        if prev.kind == "word" and prev.text[:1].isupper() and k > 1 and prev.low not in _HEDGE_WORDS | set(_PREDICATE_OF):
            return True
        # "MD-11", "COVID-19", "F-16".
        if prev.kind == "dash" and prev.start == t.start - 1 and k > 1 and toks[k - 2].end == prev.start and toks[k - 2].text[:1].isupper():
            return True
    if prev is not None and prev.low in _NOT_A_COUNT_BEFORE:
        return True
    if t.low == "one" and nxt is not None and nxt.low in {"of", "another", "who", "that", "which"}:
        return True
    return t.kind == "num" and "." not in raw and "," not in raw and 1800 <= value <= 2100  # a year


_NATIONALITY = re.compile(r"^(?:East|West|North|South|[A-Z][a-z]+(?:an|ese|ish|i|ch))$")


def _unit_after(toks: list[_Tok], end: int) -> tuple[str, str, int]:
    """The noun a number counts: (stem, as written, index) or ("", "", end).

    Skips modifiers ("12 more people") and nationalities ("19 American airmen" counts airmen)."""
    sw = lexical.stop_words()
    j = end + 1
    while j < len(toks) and toks[j].kind == "dash":
        j += 1
    skipped = 0
    while j < len(toks) and toks[j].low in _UNIT_SKIP and skipped < 3:
        j += 1
        skipped += 1
    if j >= len(toks) or toks[j].kind != "word" or toks[j].low in sw or toks[j].low in _VAGUE:
        return "", "", end
    # A nationality qualifies the noun after it ("19 American airmen", "six East Timorese
    # asylum-seekers"); "67 Republicans voted" counts Republicans.
    k = j
    while k < len(toks) - 1 and k - j < 2 and _NATIONALITY.match(toks[k].text) and toks[k + 1].kind == "word":
        k += 1
    if toks[k].text[:1].isupper() and not _NATIONALITY.match(toks[j].text) or toks[k].low in sw:
        k = j
    # A verb is not a unit ("120 voted against it", "30 injured").
    if toks[k].low in _PREDICATE_OF or toks[k].low.endswith("ed"):
        return "", "", end
    unit = lexical._stem(toks[k].low)
    if unit in {"person", "peopl"}:
        unit = "people"
    return unit, toks[k].text, k


def _read_number(text: str, toks: list[_Tok], k: int, last: int, value: float, raw: str) -> _Mention | None:
    t = toks[k]
    prev = toks[k - 1] if k > 0 else None
    nxt = toks[last + 1] if last + 1 < len(toks) else None
    if _not_a_count(text, toks, k, last, value, raw):
        return None
    if prev is not None and prev.low in {"from", "versus", "vs"}:
        return None  # the earlier value of a change ("rose to 15 from 12")
    if prev is not None and prev.low == "minus":
        value = -value  # temperatures
    scale, end = 1.0, last
    unit = unit_text = ""
    if nxt is not None and nxt.low in _SCALES:
        scale = _SCALES[nxt.low]
        end = last + 1
    elif (nxt is not None and nxt.low in _SCALE_SUFFIXES and nxt.start == toks[last].end
          and prev is not None and prev.kind == "sym" and prev.text in "$€£"):
        scale = _SCALE_SUFFIXES[nxt.low]
        end = last + 1
    if prev is not None and prev.kind == "sym" and prev.text in "$€£":
        unit, unit_text = prev.text, prev.text
    after = toks[end + 1:end + 3]
    if after and (after[0].text == "%" or after[0].low in {"percent", "pct"}):
        unit, unit_text = "%", after[0].text
        end += 1
    elif len(after) > 1 and after[0].low == "per" and after[1].low == "cent":
        unit, unit_text = "%", "per cent"
        end += 2
    if not unit:
        unit, unit_text, end = _unit_after(toks, end)
    if not unit:
        return None  # nothing says what is counted: too easy to align with the wrong figure
    hedge, first = _hedge_before(toks, k - 1 if prev is not None and (prev.kind == "sym" or prev.low == "minus") else k)
    following = [x.low for x in toks[end + 1:end + 3]]
    if not hedge and following == ["or", "more"]:
        hedge = "min"
    elif not hedge and following == ["or", "so"]:
        hedge = "about"
    v = value * scale
    step = _step_of(raw, value, scale) if t.kind == "num" else 1.0
    lo, hi = _interval(v, step, hedge)
    ctx = _context(toks, first, end)
    words = {x.low for x in ctx}
    predicates = frozenset(_PREDICATE_OF[w] for w in words if w in _PREDICATE_OF)
    # The predicate nearest the figure says what it counts: "killed the two assailants, injured
    # 21 shoppers" (21 were injured).
    near = [(min(abs(k2 - first), abs(k2 - end)), _PREDICATE_OF[x.low]) for k2, x in enumerate(toks)
            if x.low in _PREDICATE_OF and x in ctx]
    nearest = min(near)[1] if near else ""
    # "The death toll rose to four": a running count that was updated, not a rival figure.
    running = bool(predicates & _CUMULATIVE) or bool(_RUNNING & words)
    update = running and bool(_UPDATE & words) and "to" in [x.low for x in toks[max(0, first - 2):first]]
    start = toks[first].start
    sw = lexical.stop_words()
    holder, holder_first = _holder(toks, first)
    topic = next((x.text for x in reversed(toks[max(0, first - 6):first])
                  if x.kind == "word" and x.low not in sw and x.text[:1].islower() and x.low not in _UPDATE), "")
    return _Mention(
        kind="number",
        topic=topic,
        value=text[start:toks[end].end],
        start=start,
        end=toks[end].end,
        key=unit,
        lo=lo,
        hi=hi,
        exact=not hedge,
        point=v,
        step=step,
        predicates=predicates,
        context=frozenset(x for x in _content(ctx) if x != unit),
        # A forecast word anywhere before the figure in its sentence, or right after it.
        modal=bool(_MODAL & {x.low for x in toks[max(0, first - 15):first] + toks[end + 1:end + 4]}),
        update=update,
        qualified=bool(_QUALIFIERS & {x.low for x in toks}),
        unit_text=unit_text,
        people=unit in _PEOPLE_UNITS,
        nearest=nearest,
        subset=bool(first > 0 and toks[first - 1].low in _SUBSET_BEFORE),
        origin=next((x.text for x in toks[end - (1 if unit == "$" else 0):end + 4]
                     if x.kind == "word" and x.text[:1].isupper() and _NATIONALITY.match(x.text)), ""),
        action=_action(toks, first, end),
        holder=holder,
        holder_first=holder_first,
        frame=_frames(text),
        words=frozenset(lexical._stem(x.low) for x in toks if x.kind == "word"),
    )


def _action(toks: list[_Tok], first: int, end: int) -> str:
    """What was done with what a figure counts: the action word nearest before it in its clause
    ("hold at least 250 seats": hold; "lost nearly 50 seats": loss; "picked up six seats": gain),
    else a participle or noun of change right after it ("50 seats lost", "a 36% increase"). "with"
    ("in the minority with 190 seats") gives way to a verb further back ("won with 52%"). A rise
    or fall to a figure gives its level: no action. "" when none is said."""
    found = ""
    for j in range(first - 1, max(-1, first - 7), -1):
        t = toks[j]
        if t.kind in {"punct", "num"}:
            break
        cls = _ACTION_OF.get(t.low)
        if cls is None:
            continue
        if t.low == "with":
            found = found or cls
            continue
        if cls in _CHANGES and first > 0 and toks[first - 1].low == "to":
            return ""  # "rose to 250 seats": the new level
        return cls
    if found:
        return found
    for t in toks[end + 1:end + 3]:
        if t.kind != "word":
            break
        if t.low in _ACTION_AFTER:
            return _ACTION_AFTER[t.low]
    return ""


_NOT_HOLDER = set(_MONTHS) | set(_WEEKDAYS) | {"i"}


def _holder(toks: list[_Tok], first: int) -> tuple[frozenset[str], str]:
    """Who a figure belongs to: the run of capitalised words nearest before it in its sentence
    ("The Assembly Tories have lost 50 seats": assembl, tori; "In the assembly, the Whigs will hold
    250 seats": whig), not crossing ';' or ':', skipping dates. The sentence's first
    word is capitalised anyway ("Revenue rose 3%"), so it is returned apart, for the caller to
    keep only when its article writes it capitalised inside a sentence too."""
    sw = lexical.stop_words()
    lo = first
    while lo > 0 and toks[lo - 1].text not in {";", ":"}:
        lo -= 1
    names, lead = set(), ""
    for j in range(first - 1, lo - 1, -1):
        t = toks[j]
        name = (t.kind == "word" and t.text[:1].isupper() and t.low not in sw and t.low not in _NOT_HOLDER
                and t.low not in _HEDGE_WORDS)
        if not name:
            if names or lead:
                break  # the run ended
            continue
        stem = lexical._stem(t.low)
        if (j == 0 or j == 1 and toks[0].text in {"\"", "“", "("}) and not t.text.isupper():
            lead = stem
        else:
            names.add(stem)
    return frozenset(names), lead


def _frames(text: str) -> frozenset[str]:
    """The time frames a sentence gives its figures: "next year" -> next:1:year, "over the past
    six years" -> past:6:year, "since 2012", "in 2019", "two years ago"."""
    out = set()
    for m in _FRAME.finditer(text):
        if m.group("rel"):
            rel = m.group("rel").lower()
            rel = _FRAME_REL.get(rel, rel)
            n = (m.group("n") or "1").lower()
            n = str(_UNITS_WORDS.get(n, n))
            unit = m.group("unit").lower()
            unit = "century" if unit.startswith("centur") else unit.rstrip("s")
            out.add(f"{rel}:{n}:{unit}")
        elif m.group("year"):
            out.add(f"{m.group('since').lower()}:{m.group('year')}")
        else:
            n = m.group("ago_n").lower()
            n = str(_UNITS_WORDS.get(n, 1 if n in {"a", "an"} else n))
            out.add(f"ago:{n}:{m.group('ago_unit').lower().rstrip('s')}")
    return frozenset(out)


def _numbers_conflict(a: _Mention, b: _Mention) -> bool:
    if a.exact and b.exact:
        # The less precise figure is a rounding of the other: compare at its precision.
        step = max(a.step, b.step)
        return math.floor(a.point / step + 0.5) != math.floor(b.point / step + 0.5)
    return a.hi < b.lo or b.hi < a.lo


_TIME = re.compile(
    r"(?<![\w:.])(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<m>[0-5]\d))?\s*(?P<ap>[ap])\.?\s?m\b\.?"
    r"|(?<![\w:.])(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)(?![\w:])"
    r"|\b(?P<word>noon|midnight)\b",
    re.I,
)


_TIME_HEDGES = [
    ("shortly after", (0, 60)), ("just after", (0, 30)), ("soon after", (0, 60)), ("a little after", (0, 30)),
    ("shortly before", (-60, 0)), ("just before", (-30, 0)), ("a little before", (-30, 0)),
    ("about", (-30, 30)), ("around", (-30, 30)), ("approximately", (-30, 30)), ("roughly", (-30, 30)),
    ("some time around", (-30, 30)), ("at about", (-30, 30)), ("at around", (-30, 30)),
]


# Bounds, not values: "before 6 a.m." does not say when.
_TIME_BOUNDS = {"before", "after", "by", "until", "till", "since", "between", "from", "as", "past"}


# A reading of a clock time is trusted to this many minutes.
TIME_SLACK = 10


def _times(text: str) -> list[_Mention]:
    out = []
    for m in _TIME.finditer(text):
        if m.group("word"):
            base = [720.0] if m.group("word").lower() == "noon" else [0.0]
            whole_hour = False
        elif m.group("h"):
            h = int(m.group("h")) % 12 + (12 if m.group("ap").lower() == "p" else 0)
            base = [h * 60.0 + int(m.group("m") or 0)]
            whole_hour = m.group("m") is None
        else:
            h, mi = int(m.group("h24")), int(m.group("m24"))
            if h >= 13 or m.group("h24").startswith("0") or h == 0:
                base = [h * 60.0 + mi]
            else:
                base = [h * 60.0 + mi, (h + 12) * 60.0 + mi]  # "at 7:15": morning or evening
            whole_hour = False
        before = text[max(0, m.start() - 24):m.start()].lower()
        words = re.findall(r"[a-z]+", before)
        span: tuple[int, int] | None = None
        hedge_text = ""
        for phrase, rng in _TIME_HEDGES:
            if before.rstrip().endswith(phrase):
                span, hedge_text = rng, phrase
                break
        if span is None and words and words[-1] in _TIME_BOUNDS:
            continue
        lo_off, hi_off = span if span else (-TIME_SLACK, TIME_SLACK)
        if whole_hour:
            # "8 a.m." is often a rounded hour.
            lo_off, hi_off = lo_off - 20, hi_off + 20
        start = text.lower().rfind(hedge_text, max(0, m.start() - 24), m.start()) if hedge_text else m.start()
        out.append(
            _Mention(
                kind="time",
                value=text[start:m.end()].strip(),
                start=m.start(),
                end=m.end(),
                key="time",
                options=tuple((t + lo_off, t + hi_off) for t in base),
            )
        )
    return out


def _times_conflict(a: _Mention, b: _Mention) -> bool:
    for alo, ahi in a.options:
        for blo, bhi in b.options:
            for shift in (-1440, 0, 1440):
                if not (ahi < blo + shift or bhi + shift < alo):
                    return False
    return True


_MON = r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"


_DATE = re.compile(
    r"\b" + _MON + r"\s+(?P<day>[12]?\d|3[01])(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:18|19|20)\d\d)\b)?"
    r"|\b(?P<day2>[12]?\d|3[01])(?:st|nd|rd|th)?\s+" + _MON.replace("mon>", "mon2>") + r"(?:,?\s+(?P<year2>(?:18|19|20)\d\d)\b)?"
    r"|\b(?:in|early|late|mid|since|during)\s+" + _MON.replace("mon>", "mon3>") + r"(?:,?\s+(?P<year3>(?:18|19|20)\d\d))?\b"
    r"|\b(?:in|since|during|of)\s+(?P<year4>(?:18|19|20)\d\d)\b"
)


_WEEKDAY = re.compile(
    r"\b(?:(?P<q>late|early|overnight)\s+(?:on\s+)?)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:\s+(?P<part>night|morning|evening|afternoon))?\b"
)


_DATE_BOUNDS = {"by", "before", "after", "until", "till", "since", "from", "through", "between", "end", "late", "early", "mid", "as", "than"}


def _month(name: str) -> int:
    n = name.lower().rstrip(".")
    return _MONTHS.get(n) or _MONTHS[n[:3]]


def _dates(text: str) -> list[_Mention]:
    out = []
    for m in _DATE.finditer(text):
        before = re.findall(r"[a-z]+", text[max(0, m.start() - 16):m.start()].lower())
        if before and (before[-1] in _DATE_BOUNDS or _said_before(before)):
            continue
        g = m.groupdict()
        if g["mon"]:
            ymd = (int(g["year"]) if g["year"] else None, _month(g["mon"]), int(g["day"]))
        elif g["mon2"]:
            ymd = (int(g["year2"]) if g["year2"] else None, _month(g["mon2"]), int(g["day2"]))
        elif g["mon3"]:
            lead = m.group(0).split()[0].lower()
            if lead in _DATE_BOUNDS:
                continue
            ymd = (int(g["year3"]) if g["year3"] else None, _month(g["mon3"]), None)
        else:
            lead = m.group(0).split()[0].lower()
            if lead == "since":
                continue
            ymd = (int(g["year4"]), None, None)
        value = m.group(0)
        if value.split()[0].lower() in {"in", "during", "of"}:
            value = value.split(None, 1)[1]
        out.append(_Mention(kind="date", value=value, start=m.start(), end=m.end(), key="date", ymd=ymd))
    for m in _WEEKDAY.finditer(text):
        before = re.findall(r"[a-z]+", text[max(0, m.start() - 16):m.start()].lower())
        if before and (before[-1] in _DATE_BOUNDS - {"late", "early"} or _said_before(before)):
            continue
        if before and before[-1] in {"last", "next", "this"}:
            continue  # relative to the article's date, which may differ between outlets
        part = (m.group("q") or m.group("part") or "").lower()
        out.append(
            _Mention(kind="date", value=m.group(0), start=m.start(), end=m.end(), key="date",
                     weekday=_WEEKDAYS[m.group("wd").lower()], part=part)
        )
    return out


_SAID = {"said", "says", "announced", "told", "reported", "stated", "added", "confirmed", "declared"}


def _said_before(words: list[str]) -> bool:
    """ "police said Wednesday": the date of a statement, not of the fact."""
    return bool(words) and (words[-1] in _SAID or (len(words) > 1 and words[-1] == "on" and words[-2] in _SAID))


def _clause_words(text: str, m: _Mention) -> frozenset[str]:
    """Lower-case content words of the clause around a mention (up to 6 words before it, 3 after),
    not crossing a comma: the verb and noun a date or time belongs to."""
    before = re.split(r"[,;:()\"“”]", text[:m.start])[-1]
    after = re.split(r"[,;:()\"“”]|\b(?:and|but|while|which|who|after|before|when|as)\b", text[m.end:])[0]
    words = lexical.words(before)[-6:] + lexical.words(after)[:3]
    sw = lexical.stop_words()
    return frozenset(
        lexical._stem(w.lower()) for w in words
        if w[:1].islower() and w.lower() not in sw and w.lower() not in _SAID and len(w) > 2
        and w.lower() not in _WEEKDAYS and w.lower() not in {"late", "early", "night", "morning", "evening", "afternoon"}
    )


def _weekday_of(ymd: tuple[int | None, int | None, int | None], year: int | None) -> int | None:
    y, mo, d = ymd
    y = y or year
    if y is None or mo is None or d is None:
        return None
    try:
        return Date(y, mo, d).weekday()
    except ValueError:
        return None


def _weekdays_conflict(a: int, a_part: str, b: int, b_part: str) -> bool:
    if a == b:
        return False
    late, early = {"late", "night", "evening", "overnight"}, {"early", "overnight", "morning"}
    # "late Tuesday" and "early Wednesday" can be the same night.
    if (b - a) % 7 == 1 and (a_part in late or b_part in early):
        return False
    if (a - b) % 7 == 1 and (b_part in late or a_part in early):
        return False
    return True


def _dates_conflict(a: _Mention, b: _Mention, year_a: int | None, year_b: int | None) -> bool:
    if a.weekday is not None or b.weekday is not None:
        wa = a.weekday if a.weekday is not None else _weekday_of(a.ymd, year_a)
        wb = b.weekday if b.weekday is not None else _weekday_of(b.ymd, year_b)
        if wa is None or wb is None:
            return False
        return _weekdays_conflict(wa, a.part, wb, b.part)
    (ya, ma, da), (yb, mb, db) = a.ymd, b.ymd
    if ya is not None and yb is not None and ya != yb:
        return True
    if ma is None or mb is None:
        return False
    if ma != mb:
        return True
    return da is not None and db is not None and da != db


_TALLY = re.compile(
    r"(?<![\w$€£.,:/–—-])(?P<a>\d{1,3}(?:,\d{3})+|\d{1,4})"
    r"(?:\s*[-–—]\s*(?:to\s*[-–—]\s*)?|\s+(?:votes?\s+)?to\s+)"
    r"(?P<b>\d{1,3}(?:,\d{3})+|\d{1,4})(?![\w$%€£]|[.,:/–—-]\d)"
)


_ALPHA = re.compile(r"[A-Za-z]+")


_TALLY_WINDOW = (8, 6)  # words before and after a tally where vote wording is looked for


def _tally_pairs(text: str) -> list[tuple[re.Match, bool]]:
    """Pairs of counts shaped like a tally, each with whether vote wording is near (see
    ``_tallies``); pairs that cannot be tallies whatever is near (a date range ...) are left out."""
    out = []
    for m in _TALLY.finditer(text):
        a, b = int(m.group("a").replace(",", "")), int(m.group("b").replace(",", ""))
        if 1800 <= a <= 2100:
            continue  # a year range ("2020-21", "1998-2001")
        before = _ALPHA.findall(re.split(r"[;()\"“”]", text[:m.start()])[-1])
        after_text = re.split(r"[;()\"“”]", text[m.end():])[0]
        after = _ALPHA.findall(after_text)
        low_before = [w.lower() for w in before]
        low_after = [w.lower() for w in after]
        prev = low_before[-1] if low_before else ""
        if prev in _TALLY_NOT_BEFORE or prev in _MONTHS or "split" in low_before[-2:] or "divided" in low_before[-2:]:
            continue
        if any(len(low_before) >= len(h) and tuple(low_before[-len(h):]) == h for h, _ in _HEDGES_BEFORE):
            continue
        nxt = low_after[0] if low_after else ""
        if re.match(r"\s*(?:%|[ap]\.?m\b)", after_text, re.I) or nxt in _TALLY_NOT_AFTER:
            continue
        if nxt in {"senate", "house", "chamber"} and (len(low_after) < 2 or low_after[1] not in _TALLY_STRONG | {"tie"}):
            continue  # "the 50-50 Senate": the chamber's make-up
        if nxt == "margin" and b == 1:
            continue  # "by a 2-to-1 margin": a ratio
        if prev in {"the", "a", "an", "its", "their", "this", "that"} and not set(low_after[:3]) & _TALLY_NOUNS:
            continue  # "the 9-11 memorial": a name; "the 222-190 vote", "a 5-4 unsigned ruling" are tallies
        near = before[-_TALLY_WINDOW[0]:] + after[:_TALLY_WINDOW[1]]
        low = {w.lower() for w in near}
        # "House" only as a capitalised name, and not the White House.
        house = any(w == "House" and not (k > 0 and near[k - 1] == "White") for k, w in enumerate(near))
        weak = {w for w in low & _TALLY_WEAK if w != "house"} | ({"house"} if house else set())
        out.append((m, bool(low & _TALLY_STRONG or (weak and not low & _TALLY_SCORE))))
    return out


def _nearest_body(before: list[str], after: list[str]) -> str:
    """The body (House, Senate, committee ...) named nearest a tally, the one before it on a tie."""
    found = []
    for k, w in enumerate(before):
        if w.lower() in _TALLY_BODIES and (w != "house") and not (w == "House" and k > 0 and before[k - 1] == "White"):
            found.append((len(before) - 1 - k, 0, _TALLY_BODIES[w.lower()]))
    for k, w in enumerate(after):
        if w.lower() in _TALLY_BODIES and (w != "house"):
            found.append((k, 1, _TALLY_BODIES[w.lower()]))
    return min(found)[2] if found else ""


def _tallies(text: str) -> list[_Mention]:
    """Vote tallies: two counts given together ("voted 222-190", "220-to-190", "by a vote of 222 to
    190", "222–190", "by 222 votes to 190"), one value each. Read only with vote wording near (a
    strong word such as "vote" or "ballot"; or a weak one such as "passed", "Senate", "House" with
    no word of a game near: "won 3-1" is a score), and never as a date range ("May 7-10"), year
    range, page or age range, a range "from 10 to 20", a percentage, hours, a body's make-up
    ("split 50-50", "a 6-3 conservative majority", "the 50-50 Senate"), a ratio ("a 2-to-1
    margin") or a hedged pair ("nearly 2-to-1")."""
    pairs = _tally_pairs(text)
    words = [w.lower() for w in _ALPHA.findall(text)]
    procedure = frozenset(_TALLY_PROCEDURE[w] for w in words if w in _TALLY_PROCEDURE)
    out = []
    for m, voted in pairs:
        if not voted:
            continue
        before = _ALPHA.findall(re.split(r"[;()\"“”]", text[:m.start()])[-1])
        after = _ALPHA.findall(re.split(r"[;()\"“”]", text[m.end():])[0])
        out.append(_Mention(
            kind="tally",
            # One spelling for all ("220-to-190", "220 to 190", "220–190" are "220-190"), so that
            # outlets giving the same tally are grouped under one value.
            value=f"{m.group('a')}-{m.group('b')}",
            start=m.start(),
            end=m.end(),
            key="tally",
            votes=(int(m.group("a").replace(",", "")), int(m.group("b").replace(",", ""))),
            body=_nearest_body(before[-_TALLY_WINDOW[0]:], after[:_TALLY_WINDOW[1]]),
            procedure=procedure,
            modal=bool(_MODAL & {w.lower() for w in before[-15:] + after[:4]}),
            others=len(pairs) - 1,
        ))
    return out


def _tallies_conflict(a: _Mention, b: _Mention) -> bool:
    """Two tallies of one vote disagree unless they give the same two counts (in either order:
    "passed 222-190" / "190 against, 222 for" is one tally)."""
    return sorted(a.votes) != sorted(b.votes)


def _tallies_close(a: _Mention, b: _Mention) -> bool:
    """Two tallies near enough to be one vote miscounted ("222-190" / "220-190"): each count within
    2 or 5% of the other, on a vote of at least 20 (small bodies, courts and boards, often vote
    several times in one story with tallies one apart: "6-3" / "5-4")."""
    (a_lo, a_hi), (b_lo, b_hi) = sorted(a.votes), sorted(b.votes)
    if a_lo + a_hi < 20 or b_lo + b_hi < 20:
        return False
    slack = max(2.0, 0.05 * max(a_hi, b_hi))
    return abs(a_hi - b_hi) <= slack and abs(a_lo - b_lo) <= slack
