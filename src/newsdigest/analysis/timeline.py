"""Timeline: dated events of a story, relative dates resolved against each article's date.

Method
------
1. Find date expressions in every sentence with a small grammar of regular expressions (below),
   not with spaCy's DATE entities alone: the sm model tags "Pier 4" or "54" as DATE and misses
   "Tuesday night" (TIME), and its spans would still need parsing. spaCy's entities are used as a
   veto: an expression inside a PERSON/ORG/place/work-of-art entity ("USA Today", "Sunday Mirror",
   "Friday Harbor") is not a date. A general date parser (dateparser's ``search_dates``) was
   judged too slow and too eager (it reads "May" or "second" as dates).
2. Resolve each expression to a *range of days* [first, last] and write it at the finest
   precision that covers the whole range: one day -> YYYY-MM-DD, one month -> YYYY-MM, one year
   -> YYYY (also allowed in ``TimelineEvent.date``), more than a year -> not placed. So
   "last month" is YYYY-MM, "in 2019" and "two years ago" are YYYY, and "last week" is YYYY-MM
   only when that Monday-to-Sunday week lies in one month. Precision is never invented.
   Rules (after HeidelTime): a weekday without "last"/"next" is the most recent such day on or
   before the article date (within six days back, or the same day), or, in a future-tense
   clause, the first on or after it; "last Tuesday" is strictly before, "next Tuesday" strictly
   after, "this Tuesday" follows the tense and without a cue is the nearer one. A month without
   a year ("in March") is the most recent March up to the article's month (future tense: the
   next from it); "last/next March" is the first strictly before/after the article's month. A
   month with "last/this/next year" ("September last year", "Nov. 17 next year", "June and
   August this year") is one expression in that year. A month and day without a year ("on April
   2") is the occurrence nearest the article date, unless that lies more than 90 days on the
   wrong side for the tense ("will peak on April 2" written in October is next April); "next/last
   April 2" is strictly after/before. Fixed holidays ("New Year's Day") resolve like a month and day.
   Tense is read from simple cues in the expression's own clause (between its neighbouring date
   expressions, without a trailing/leading attribution): the nearest strong cue wins, future
   ("will, 'll, shall, would, might, may, should, going to, is to, is due, to be, scheduled, set
   to, expected to, plans, upcoming, ...") or past ("said, was, had, did, ago", a modal perfect
   "could have hit"); a forecasting word counts as a strong future cue only when attached to the
   date ("the storm predicted for Tuesday", "Tuesday's expected storm", "this coming Tuesday":
   expected, predicted, forecast, anticipated, planned, slated, awaited, due, coming); "could"
   (often past ability: "I could see") and plain past verbs ("closed", "broke") count only when
   no strong cue is there; no cue means past, which is what news mostly reports.
3. Which date is an event: every resolved expression in a sentence is one (a sentence can hold
   two: "opened in 1974 ... repaired two years ago"), except that a date attached to the
   attribution ("..., police said Wednesday") is dropped when the sentence has another date: then
   it dates the statement, not the event. A date inside a quotation ('"We will decide by March
   3," she said'; also a sentence inside a quotation that runs over several sentences) is the
   speaker's: it dates no event and is not reported as unplaced; the sentence is an event only
   when a date outside the quotation dates it (the attribution's, '..., she said Tuesday',
   dates the statement). Not events: spans ("from 1973 to 1990", "between
   Sept. 11, 1973, ... and Dec. 31, 1983"; a span within one month or year is placed at that
   precision), recurring days ("every Tuesday"), sentences that are only a date ("Sunday, Oct.
   4."), publication furniture ("Published March 3"). The event's text is the sentence that
   contains the expression.
4. The same event reported by several outlets is one entry: events with the same date string
   whose names and numbers do not differ and whose facts overlap (IDF-weighted overlap of
   content stems, date words and attributions removed; with a ``SentenceTable`` a smaller
   overlap plus a close embedding also counts, but not for a date taken from an attribution;
   so does the summary's same-fact test, ``align.fact_score`` in either direction, on the two
   sentences with their dates blanked out: "Indonesia invaded East Timor in 1975" / "East Timor
   was invaded by Indonesia in 1975") are merged, never two sentences of the same article. Copies of a wire story merge with
   their original, whose sentence is the event's text.

Unresolved dates
----------------
An article without a date cannot anchor "on Thursday" or "last month"; those expressions are
kept off the timeline and reported: ``extract_timeline`` returns them (``TimelineResult.unresolved``)
with one human-readable note per article (``TimelineResult.notes``); ``build_timeline``
returns ``(events, notes)`` and the caller (analyze.py) adds the notes to ``story.notes``. A date
that is not ISO (ingest normalises every parseable one) counts as no date. Absolute dates of
an undated article ("on October 16, 2025") are still placed.

Limits: English only; expressions relative to another event ("two days later", "the next
day") and seasons/decades are not placed; approximate ones ("about two years ago") are skipped;
the tense cues are lexical, so "the Thursday meeting, which will..." or "the meteors could be
seen Tuesday" can be misread, and a reported statement's future ("said the vote would be on
Thursday", written on Friday) is read as the article's; a local date told by a wire from
another time zone ("1 a.m. Wednesday" in Asia, from a US Tuesday) is not shifted; an event
reported at different precisions ("last month" vs "on Feb. 12") stays two entries; paraphrases
that share few words ("a dam collapsed" / "a tailings pond wall gave way") stay apart; a sentence
that mentions an earlier event in passing ("after the Aug. 7 bombings") is dated by it; a fact the
report tells in a speaker's words ('officials said the repairs ended "late last month"')
is not dated, and a quotation in single quote marks is not recognised.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

from dateutil.relativedelta import relativedelta

from newsdigest.text import lexical
from newsdigest.summary.align import SUPPORT_THRESHOLD, SentenceTable, fact_score, fact_text, features_table
from newsdigest.summary.summarizers import inside_quotations
from newsdigest.model import Article, Story, Support, TimelineEvent

# --- vocabulary ----------------------------------------------------------------------------------

_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
# Fixed-date holidays only (movable ones such as Easter would need a calendar library).
_HOLIDAYS = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "christmas day": (12, 25),
    "christmas eve": (12, 24), "boxing day": (12, 26), "valentine's day": (2, 14),
    "halloween": (10, 31),
}

_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MFULL = lexical.MONTH_FULL_PATTERN
_MABBR = rf"{lexical.MONTH_ABBR_PATTERN}\.?"
_MON = rf"(?:{_MFULL}|{_MABBR})"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_NUM = r"(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
# Words that introduce a bare month or year as a point in time ("in March", "since 2019").
_CUE = r"(?:[Ii]n|[Ss]ince|[Dd]uring|[Uu]ntil|[Ff]rom|[Tt]hrough|[Bb]efore|[Aa]fter|[Ee]arly|[Ll]ate|[Mm]id|[Oo]f)"

# Each pattern's name says how its groups are resolved. All are tried; the longest
# non-overlapping matches win (so "Tuesday, March 10" is one expression, not two).
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(rf"\b(?P<y>{_YEAR})-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    ("mdy", re.compile(
        rf"(?:\b[Oo]n\s+)?(?:\b{_WD},?\s+)?(?:\b(?P<mod>[Nn]ext|[Ll]ast)\s+)?\b(?P<mon>{_MON})\s+(?P<d>{_DAY})\b(?!:\d)(?:,?\s+(?P<y>{_YEAR})\b)?"
        r"(?!\s*(?:percent|per cent|%|p\.m|a\.m))"
    )),
    ("dmy", re.compile(
        rf"(?:\b[Oo]n\s+)?(?:\b{_WD},?\s+)?\b(?:the\s+)?(?P<d>{_DAY})\s+(?:of\s+)?(?P<mon>{_MON})\b(?:,?\s+(?P<y>{_YEAR})\b)?"
    )),
    ("month_year", re.compile(rf"(?:\b{_CUE}[\s-]+)?\b(?P<mon>{_MON})(?:\s+of)?,?\s+(?P<y>{_YEAR})\b")),
    ("month_rel_year", re.compile(
        rf"(?:\b{_CUE}[\s-]+)?(?:\b(?P<mon1>{_MFULL})\s*(?:and|to|through|until|-|–)\s*)?"
        rf"\b(?P<mon>{_MON})(?:\s+(?P<d>{_DAY}))?,?\s+(?:of\s+)?(?P<rel>[Ll]ast|[Nn]ext|[Tt]his)\s+year\b"
    )),
    ("month", re.compile(
        rf"\b(?P<mod>{_CUE}|[Ll]ast|[Nn]ext|[Tt]his|[Ee]arlier this|[Ll]ater this)[\s-]+(?P<mon>{_MFULL})\b(?![\s,]*\d)"
    )),
    ("year", re.compile(
        rf"\b(?P<mod>{_CUE}|[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)[\s-]+(?:of\s+)?(?P<y>{_YEAR})\b(?![.,]?\d)"
    )),
    ("holiday", re.compile(
        r"(?:\b[Oo]n\s+)?\b(?P<hol>New Year['’]s (?:Day|Eve)|Christmas (?:Day|Eve)|Boxing Day|Valentine['’]s Day|Halloween)\b"
    )),
    ("day_word", re.compile(
        r"\b(?P<w>(?:the day before |the day after )?(?:[Yy]esterday|[Tt]omorrow)|[Tt]oday|[Tt]onight|"
        r"(?:[Ee]arlier|[Ll]ater) today|[Ll]ast night|[Tt]his (?:morning|afternoon|evening))\b"
    )),
    ("ago", re.compile(
        rf"\b(?P<n>{_NUM})\s+(?P<unit>day|week|month|year)s?\s+ago\b", re.I
    )),
    ("rel_period", re.compile(
        r"\b(?P<mod>[Ll]ast|[Nn]ext|[Tt]his|[Ee]arlier this|[Ll]ater this)\s+(?P<unit>week(?:end)?|month|year)\b"
    )),
    ("weekday", re.compile(
        rf"(?:\b(?P<mod>[Ll]ast|[Nn]ext|[Tt]his|[Oo]n|[Ll]ate|[Ee]arly|[Ss]ince|[Uu]ntil|[Ff]rom|[Bb]efore|[Aa]fter|[Bb]y)\s+)?"
        rf"\b(?P<wd>{_WD})(?:['’]s)?(?:\s+(?:morning|afternoon|evening|night))?\b"
    )),
]
# Which words a sentence must contain for a pattern to be worth trying (most sentences have no
# date at all, and the patterns are costly to run on every sentence).
_MONTH_WORDS = frozenset(lexical.MONTHS_FULL) | frozenset(lexical.MONTHS_ABBR)
_GATES: dict[str, tuple[frozenset[str], ...]] = {
    "iso": (frozenset({"#year"}),),
    "mdy": (_MONTH_WORDS, frozenset({"#digit"})),
    "dmy": (_MONTH_WORDS, frozenset({"#digit"})),
    "month_year": (_MONTH_WORDS, frozenset({"#year"})),
    "month": (_MONTH_WORDS,),
    "month_rel_year": (_MONTH_WORDS, frozenset({"year"})),
    "year": (frozenset({"#year"}),),
    "holiday": (frozenset({"christmas", "year", "valentine", "halloween", "boxing"}),),
    "day_word": (frozenset({"today", "tonight", "yesterday", "tomorrow", "night", "morning", "afternoon", "evening"}),),
    "ago": (frozenset({"ago"}),),
    "rel_period": (frozenset({"last", "next", "this"}), frozenset({"week", "weekend", "month", "year"})),
    "weekday": (frozenset(_WEEKDAYS),),
}
_GATE_WORD = re.compile(r"[a-z]+")
_HAS_DIGIT = re.compile(r"\d")
_HAS_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")


def _gate_words(sentence: str) -> set[str]:
    words = set(_GATE_WORD.findall(sentence.lower()))
    if _HAS_DIGIT.search(sentence):
        words.add("#digit")
        if _HAS_YEAR.search(sentence):
            words.add("#year")
    return words


# A number this vague makes "ago" imprecise: skip ("about two years ago" is not two years ago).
_APPROX_BEFORE = re.compile(r"(?:about|around|nearly|almost|roughly|some|more than|over|less than|under|at least)\s+$", re.I)
# "every Tuesday" / "each March": a recurring time, not an event.
_RECURRING_BEFORE = re.compile(r"\b(?:every|each)\s+$", re.I)
# A date right after an attribution verb dates the statement ("..., police said Wednesday").
_ATTRIBUTION_BEFORE = re.compile(
    r"\b(?:said|says|told(?:\s+(?:reporters|[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}))?|added|stated)\s+$"
)
# Page furniture that only repeats the publication date.
_FURNITURE = re.compile(r"^\s*(?:published|updated|posted|last updated|first published)\b", re.I)

# Tense cues. Auxiliaries and modals carry the tense ("would be cancelled" is future although
# "cancelled" looks past), so they are "strong"; other past-tense verbs count only when no strong
# cue is in the clause. A modal with a perfect ("could have hit", not "would have a response")
# looks back, not ahead. "due to" alone is causal ("closed due to flooding"); "is due" looks ahead.
_PARTICIPLE = (
    r"(?:been|[a-z]+(?:ed|en|wn)|hit|put|cut|set|let|shut|made|done|gone|won|lost|left|met|held|kept|"
    r"told|sold|found|got|sent|struck|come|become|begun|brought|caught|thought|fought)\b"
)
_MODAL_PERFECT = rf"(?:would|could|might|should|must|may)(?:n['’]t|\s+not)?\s+have\s+{_PARTICIPLE}"
_FUTURE_CUE = re.compile(
    r"\b(?:will|won['’]t|shall|going to|scheduled|set to|expected to|plans?|planning|intends?|"
    r"intending|prepares? to|preparing to|is to|are to|to be|upcoming|(?:is|are|be|was|were)\s+due|"
    r"(?:is|are)\s+up\s+for)\b|['’]ll\b"
    rf"|\b(?!{_MODAL_PERFECT})(?:would|wouldn['’]t|might|should|(?-i:may))\b",
    re.I,
)
# "could" is as often past ability ("I could see the lights", "could not stop the bullet") as a
# forecast ("the effects could be daunting"): it counts only in a clause without strong cues.
_WEAK_FUTURE_CUE = re.compile(rf"\b(?!{_MODAL_PERFECT})could\b(?!n['’]t|\s+not\b)", re.I)
# Forecasting words that make a date future only when attached to it ("the storm predicted for
# Tuesday", "Tuesday night's expected storm", "this coming Tuesday"): further away they often
# describe something else ("the much-anticipated storm swept over on Tuesday"), and with a
# determiner between they are verbs whose object holds the date ("the warning forecast the Aug. 7
# bombing").
_FUTURE_NEAR_CUE = re.compile(
    r"\b(?:expected|predicted|forecast|anticipated|planned|slated|awaited|due(?!\s+to\b)|(?:the|this)\s+coming|"
    r"as\s+(?:early|soon)\s+as)\b",
    re.I,
)
NEAR_CUE_WORDS = 3
_DETERMINER = re.compile(r"\b(?:the|a|an|this|that|these|those|its|his|her|their)\b", re.I)
_STRONG_PAST_CUE = re.compile(
    rf"\b(?:said|says|was|were|had|did|has been|have been|told|ago)\b|\b{_MODAL_PERFECT}", re.I
)
_WEAK_PAST_CUE = re.compile(
    r"\b(?:began|broke|came|fell|found|fought|gave|got|held|hit|kept|left|lost|made|met|ran|rose|sent|"
    r"spoke|stood|struck|took|went|won|led|fled|paid|sought|bought|brought|spent|built|chose|drove|flew|"
    r"grew|knew|threw|wrote|saw|shot|swore|wore|sat|sold|told|thought|felt|heard|[a-z]{3,}ed)\b",
)
# A reported clause: the reporting verb's tense is the report's, not the event's ("told reporters
# that a bill could be on the floor as early as Thursday"): cues before "that" do not count when
# the expression is after it.
_REPORTED_THAT = re.compile(
    r"\b(?:said|says|told|tells|announced|predicted|warned|added|stated|insisted|argued|claimed|"
    r"suggested|indicated|noted|acknowledged)\b(?:\s+[\w.'’-]+){0,4}?\s+that\b",
    re.I,
)
# Quoted words speak in the speaker's tense: a cue inside a quotation that does not hold the
# date expression says nothing about the date ("... the gavel on Wednesday (“... shall be vested
# ...”)").
_QUOTED = re.compile(r"“[^“”]*”|\"[^\"]*\"")
# Past-looking words that announce a future event.
_NOT_PAST = frozenset({"scheduled", "expected", "planned", "intended", "proposed", "slated", "predicted", "anticipated", "awaited"})
_ENTITY_VETO = {"PERSON", "ORG", "GPE", "LOC", "FAC", "WORK_OF_ART", "PRODUCT", "EVENT", "NORP", "LAW"}


# --- records -------------------------------------------------------------------------------------


@dataclass
class DateMention:
    """One date expression in a sentence, resolved (``date``) or not (``None``)."""

    article_id: str
    sentence_index: int
    start: int
    end: int
    expression: str
    date: str | None
    relative: bool
    attribution: bool = False
    # Inside a quotation (also one that runs over several sentences): the speaker's date.
    quoted: bool = False


@dataclass
class Unresolved:
    """A relative date that could not be placed because its article has no date."""

    article_id: str
    source: str
    sentence_index: int
    expression: str


@dataclass
class TimelineResult:
    events: list[TimelineEvent]
    unresolved: list[Unresolved] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# --- resolution ----------------------------------------------------------------------------------


def _parse_article_date(value: str | None) -> dt.date | None:
    """The article's date as a day, or None. Ingest already turns every date it can parse into
    ISO; anything else ("spring", "2026-03") cannot anchor a weekday and counts as no date."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _week_range(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def format_range(first: dt.date, last: dt.date) -> str | None:
    """The finest of YYYY-MM-DD / YYYY-MM / YYYY that covers the whole range (None if wider)."""
    if first == last:
        return first.isoformat()
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.year:04d}-{first.month:02d}"
    if first.year == last.year:
        return f"{first.year:04d}"
    return None


def _nearest_cue(
    sentence: str,
    start: int,
    end: int,
    lo: int,
    hi: int,
    pattern: re.Pattern[str],
    skip: frozenset[str] = frozenset(),
    max_words: int | None = None,
) -> int | None:
    """Distance in characters from the expression [start, end) to the nearest cue in [lo, hi)."""
    best = None
    for m in pattern.finditer(sentence, lo, hi):
        if start <= m.start() < end:
            continue  # the expression's own words ("last", "next") are handled by its rule
        if m.group(0).lower() in skip:
            continue
        gap = sentence[m.end():start] if m.end() <= start else sentence[end:m.start()]
        if max_words is not None and (len(gap.split()) > max_words or _DETERMINER.search(gap)):
            continue
        best = len(gap) if best is None else min(best, len(gap))
    return best


def _core_span(sentence: str) -> tuple[int, int] | None:
    """Where the sentence's fact lies once a leading/trailing attribution is cut off (None: all)."""
    core = fact_text(sentence)
    pos = sentence.find(core) if core != sentence else -1
    return (pos, pos + len(core)) if pos >= 0 else None


def _tense(
    sentence: str, start: int, end: int, lo: int = 0, hi: int | None = None, core: tuple[int, int] | None = None
) -> bool | None:
    """Whether the clause [lo, hi) around the expression [start, end) speaks of the future (True),
    the past (False), or gives no cue (None).

    The nearest strong cue decides (a tie goes to the past); a forecasting word counts as a strong
    future cue only within ``NEAR_CUE_WORDS`` words of the expression; a weak future cue
    ("could") counts only when there is no strong cue, a weak past cue only when there is no
    strong past one. A trailing or leading attribution ("..., his office said") is
    left out of the clause: its tense is the report's, not the event's."""
    hi = len(sentence) if hi is None else hi
    if core and core[0] <= start and end <= core[1]:
        lo, hi = max(lo, core[0]), min(hi, core[1])
    for m in _REPORTED_THAT.finditer(sentence, lo, start):
        lo = max(lo, m.end())
    if "“" in sentence or '"' in sentence:
        quoted = [q.span() for q in _QUOTED.finditer(sentence) if not (q.start() <= start and end <= q.end())]
        if quoted:
            # Blank the quotations out (same length, so the offsets hold) and read the rest.
            chars = list(sentence)
            for a, b in quoted:
                chars[a:b] = " " * (b - a)
            sentence = "".join(chars)
    cues = [
        _nearest_cue(sentence, start, end, lo, hi, _FUTURE_CUE),
        _nearest_cue(sentence, start, end, lo, hi, _FUTURE_NEAR_CUE, max_words=NEAR_CUE_WORDS),
    ]
    future = min((c for c in cues if c is not None), default=None)
    past = _nearest_cue(sentence, start, end, lo, hi, _STRONG_PAST_CUE)
    if future is None and past is None:
        future = _nearest_cue(sentence, start, end, lo, hi, _WEAK_FUTURE_CUE)
    if past is None:
        past = _nearest_cue(sentence, start, end, lo, hi, _WEAK_PAST_CUE, skip=_NOT_PAST)
    if future is None:
        return None if past is None else False
    return past is None or future < past


def _nearest_weekday(anchor: dt.date, weekday: int, mode: str) -> dt.date:
    """mode: 'on_or_before', 'before', 'on_or_after', 'after', or 'nearest' (of on_or_before and
    on_or_after; a week has an odd number of days, so there is no tie)."""
    if mode == "nearest":
        back = _nearest_weekday(anchor, weekday, "on_or_before")
        ahead = _nearest_weekday(anchor, weekday, "on_or_after")
        return back if anchor - back <= ahead - anchor else ahead
    if mode in ("on_or_before", "before"):
        delta = (anchor.weekday() - weekday) % 7
        if delta == 0 and mode == "before":
            delta = 7
        return anchor - dt.timedelta(days=delta)
    delta = (weekday - anchor.weekday()) % 7
    if delta == 0 and mode == "after":
        delta = 7
    return anchor + dt.timedelta(days=delta)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# How far a month and day without a year may lie on the "wrong" side of the article date for its
# tense. News mostly writes the current year's dates without the year, and the tense is a weak
# guide that close: a future is often a reported statement's ("said the package could be announced
# by Oct. 20", written Oct. 25), a past may announce a date ("a reopening date of Dec. 20 has been
# set", written Oct. 20), and lexical cues misread. So only beyond this does the tense move a
# date a year.
TENSE_SLACK_DAYS = 90


def _month_day(anchor: dt.date, month: int, day: int, tense: bool | None, strict: bool = False) -> dt.date | None:
    """A month and day without a year: the occurrence nearest to the article date, but on the
    tense's side of it beyond ``TENSE_SLACK_DAYS``: "will peak on April 2" written in October is
    next April, "the February 27 earthquake hit" written in October is this February. ``strict``
    ("next March 11", "last March 11"): strictly on that side, with no slack."""
    options = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := _safe_date(y, month, day))]
    slack = dt.timedelta(days=TENSE_SLACK_DAYS)
    one_day = dt.timedelta(days=1)
    if tense is True:
        earliest = anchor + one_day if strict else anchor - slack
        options = [d for d in options if d >= earliest] or options
    elif tense is False:
        latest = anchor - one_day if strict else anchor + slack
        options = [d for d in options if d <= latest] or options
    return min(options, key=lambda d: (abs((d - anchor).days), d > anchor)) if options else None


def _month_of_relative_year(anchor: dt.date, g: dict[str, Any]) -> tuple[dt.date, dt.date] | None:
    """"September last year", "Nov. 17 next year", "June and August this year": the article's
    year, shifted, with that month, day or span of months. One expression, so the month is not
    placed a second time on its own."""
    year = anchor.year + {"last": -1, "next": 1}.get(g["rel"].lower(), 0)
    month = lexical.month_number(g["mon"])
    if g.get("d"):
        day = _safe_date(year, month, int(re.sub(r"\D", "", g["d"])))
        if day is None:
            return None
        first, last = day, day
    else:
        first, last = _month_range(year, month)
    if g.get("mon1"):
        start = lexical.month_number(g["mon1"])
        # "December to February next year" starts the year before (and is then wider than a year).
        first = _month_range(year - (start > month), start)[0]
    return first, last


def _resolve_match(
    kind: str, m: re.Match[str], anchor: dt.date | None, tense: bool | None
) -> tuple[tuple[dt.date, dt.date] | None, bool]:
    """The day range a matched expression denotes, and whether it needed the article date.

    ``tense`` is ``_tense``'s reading of the clause (None: no cue, which counts as past except
    for "this <weekday>"). Returns (None, True) when the expression needs an anchor and there is
    none, and (None, False) when it cannot be placed at all (an impossible date)."""
    g = m.groupdict()
    future = tense is True
    if kind == "iso" or (kind in ("mdy", "dmy") and g.get("y")):
        month = int(g["m"]) if kind == "iso" else lexical.month_number(g["mon"])
        day = _safe_date(int(g["y"]), month, int(re.sub(r"\D", "", g["d"])))
        return ((day, day) if day else None), False
    if kind == "month_year":
        return _month_range(int(g["y"]), lexical.month_number(g["mon"])), False
    if kind == "year":
        return _year_range(int(g["y"])), False
    if anchor is None:
        return None, True
    if kind in ("mdy", "dmy"):
        # "next March 11" / "last March 11": the first such day after / before the article date.
        mod = (g.get("mod") or "").lower()
        side = {"next": True, "last": False}.get(mod, tense)
        day = _month_day(anchor, lexical.month_number(g["mon"]), int(re.sub(r"\D", "", g["d"])), side, strict=bool(mod))
        return ((day, day) if day else None), True
    if kind == "month_rel_year":
        return _month_of_relative_year(anchor, g), True
    if kind == "holiday":
        month, dom = _HOLIDAYS[g["hol"].lower().replace("’", "'")]
        day = _month_day(anchor, month, dom, tense)
        return ((day, day) if day else None), True
    if kind == "month":
        month = lexical.month_number(g["mon"])
        mod = g["mod"].lower()
        year = anchor.year
        if mod == "last":
            year -= month >= anchor.month
        elif mod == "next":
            year += month <= anchor.month
        elif mod == "this" or mod.endswith(" this"):
            pass
        elif future:
            year += month < anchor.month
        else:
            year -= month > anchor.month
        return _month_range(year, month), True
    if kind == "day_word":
        w = g["w"].lower()
        offset = (-2 if "before" in w else -1) if "yesterday" in w else (2 if "after" in w else 1) if "tomorrow" in w else 0
        day = anchor + dt.timedelta(days=offset)
        return (day, day), True
    if kind == "ago":
        n = int(g["n"]) if g["n"].isdigit() else _NUMBER_WORDS[g["n"].lower()]
        unit = g["unit"].lower()
        if unit == "day":
            day = anchor - dt.timedelta(days=n)
            return (day, day), True
        if unit == "week":
            return _week_range(anchor - dt.timedelta(weeks=n)), True
        if unit == "month":
            back = anchor - relativedelta(months=n)
            return _month_range(back.year, back.month), True
        return _year_range(anchor.year - n), True
    if kind == "rel_period":
        mod, unit = g["mod"].lower(), g["unit"].lower()
        future = {"earlier this": False, "later this": True}.get(mod, future)
        step = -1 if mod == "last" else 1 if mod == "next" else 0
        if unit == "year":
            return _year_range(anchor.year + step), True
        if unit == "month":
            other = anchor + relativedelta(months=step)
            return _month_range(other.year, other.month), True
        first, last = _week_range(anchor + dt.timedelta(weeks=step))
        if unit == "weekend":
            first = first + dt.timedelta(days=5)
        if step == 0:  # "this week": the part of the week the clause talks about
            first, last = (max(first, anchor), last) if future else (first, min(last, anchor))
        return (first, last), True
    if kind == "weekday":
        weekday = _WEEKDAYS[g["wd"].lower()]
        mod = (g.get("mod") or "").lower()
        if mod == "last":
            mode = "before"
        elif mod == "next":
            mode = "after"
        elif mod == "since":
            mode = "on_or_before"
        elif mod == "this" and tense is None:
            mode = "nearest"
        else:
            mode = "on_or_after" if future else "on_or_before"
        day = _nearest_weekday(anchor, weekday, mode)
        return (day, day), True
    return None, False


def _candidates(sentence: str) -> list[tuple[str, re.Match[str]]]:
    """Longest non-overlapping date expressions in the sentence, in reading order."""
    words = _gate_words(sentence)
    found = [
        (kind, m)
        for kind, pattern in _PATTERNS
        if all(not words.isdisjoint(gate) for gate in _GATES[kind])
        for m in pattern.finditer(sentence)
    ]
    found.sort(key=lambda km: (-(km[1].end() - km[1].start()), km[1].start()))
    taken: list[tuple[str, re.Match[str]]] = []
    for kind, m in found:
        if all(m.end() <= t.start() or m.start() >= t.end() for _, t in taken):
            taken.append((kind, m))
    return sorted(taken, key=lambda km: km[1].start())


def _acceptable(kind: str, m: re.Match[str], sentence: str) -> bool:
    before = sentence[: m.start()]
    if _RECURRING_BEFORE.search(before):
        return False
    if kind == "ago" and _APPROX_BEFORE.search(before):
        return False
    if kind == "day_word":
        word = m.group("w")
        # "USA Today", "the Today show": a capitalised "Today" inside a sentence is a name.
        if word[:1].isupper() and m.start() > 0 and not re.search(r'(?:^|[.!?:;]\s*|["“(]\s*)$', before):
            return False
    return True


def _vetoed(kind: str, m: re.Match[str], vetoes: list[tuple[int, int]]) -> bool:
    """Whether the expression's key word lies inside a named entity ("the Sunday Mirror")."""
    if kind == "holiday":
        return False  # spaCy tags "New Year's Day" as an EVENT entity
    group = {"weekday": "wd", "month": "mon", "mdy": "mon", "dmy": "mon", "day_word": "w"}.get(kind)
    start, end = m.span(group) if group else m.span()
    return any(s < end and start < e for s, e in vetoes)


_RANGE_OPEN = re.compile(r"^(?:between|from)\b|\b(?:between|from)\s+$", re.I)
# The join may step over an apposition: "between Sept. 11, 1973, the year he seized power, and ...".
_JOIN = r"\s*(?:,[^,;]{1,60},\s*)?(?:and|to|through|until|till|-|–|—)\s*"
_RANGE_JOIN = re.compile(_JOIN, re.I)
_RANGE_END = re.compile(rf"{_JOIN}(?:\d|{_MON}|{_WD})", re.I)


def _mentions_in(
    sentence: str, article_id: str, index: int, anchor: dt.date | None, vetoes: list[tuple[int, int]],
    quotes: list[tuple[int, int]] | None = None,
) -> list[DateMention]:
    cands = [
        (k, m) for k, m in _candidates(sentence)
        if _acceptable(k, m, sentence) and not _vetoed(k, m, vetoes)
    ]
    resolved = []
    core = _core_span(sentence) if cands else None
    for n, (kind, m) in enumerate(cands):
        # The clause of this expression ends where the neighbouring expressions begin.
        lo = cands[n - 1][1].end() if n > 0 else 0
        hi = cands[n + 1][1].start() if n + 1 < len(cands) else len(sentence)
        tense = _tense(sentence, m.start(), m.end(), lo, hi, core)
        try:
            rng, relative = _resolve_match(kind, m, anchor, tense)
        except (ValueError, OverflowError):  # a date beyond year 9999 (an article dated 9999-12-31)
            continue
        if rng is None and not relative:
            continue
        resolved.append((m.start(), m.end(), rng, relative))
    out = []
    n = 0
    while n < len(resolved):
        start, end, rng, relative = resolved[n]
        n += 1
        # "between Sept. 11, 1973 and Dec. 31, 1983", "from 1973 to 1990": a span, not two events.
        opens = _RANGE_OPEN.search(sentence[start:end]) or _RANGE_OPEN.search(sentence[max(0, start - 9):start])
        if opens and _RANGE_END.match(sentence, end):
            nxt = resolved[n] if n < len(resolved) else None
            if nxt is None or not _RANGE_JOIN.fullmatch(sentence, end, nxt[0]):
                continue  # the other end is not a date we read: the span is unknown
            n += 1
            end, relative = nxt[1], relative or nxt[3]
            rng = (rng[0], nxt[2][1]) if rng and nxt[2] else None
            if rng is None and not relative:
                continue
        date = format_range(*rng) if rng else None
        if date is None and not (relative and anchor is None):
            continue  # wider than a year: not a point on the timeline
        out.append(
            DateMention(
                article_id=article_id,
                sentence_index=index,
                start=start,
                end=end,
                expression=sentence[start:end].strip(),
                date=date,
                relative=relative,
                attribution=bool(_ATTRIBUTION_BEFORE.search(sentence[:start])),
                quoted=any(a <= start and end <= b for a, b in quotes or ()),
            )
        )
    return out


def resolve_date(expression: str, article_date: str | None, sentence: str = "") -> tuple[str | None, bool]:
    """Resolve one date expression against an article date (ISO string or None).

    Returns (date, relative): date is YYYY-MM-DD, YYYY-MM or YYYY, or None when it cannot be
    placed (no article date for a relative expression, or not a date this grammar knows);
    relative says whether the article date was needed. ``sentence`` (containing the expression)
    supplies the tense cues; without it the expression alone is read (past by default).
    """
    text = sentence if sentence and expression and expression in sentence else expression
    offset = text.find(expression) if expression else 0
    anchor = _parse_article_date(article_date)
    mentions = [
        m for m in _mentions_in(text, "", 0, anchor, [])
        if m.start < offset + len(expression) and m.end > offset
    ]
    if not mentions:
        return None, False
    best = max(mentions, key=lambda m: m.end - m.start)
    return best.date, best.relative


def date_mentions(article: Article) -> list[DateMention]:
    """Every date expression of an article, resolved against its date where possible."""
    anchor = _parse_article_date(article.date)
    vetoes: dict[int, list[tuple[int, int]]] = {}
    for e in article.entities:
        if e.label in _ENTITY_VETO:
            vetoes.setdefault(e.sentence_index, []).append((e.start, e.end))
    out: list[DateMention] = []
    inside = None
    for k, s in enumerate(article.sentences):
        if _FURNITURE.match(s.text):
            continue
        quotes = _sentence_quotes(s.text)
        if not quotes and ('"' in article.text or "“" in article.text):
            if inside is None:
                inside = inside_quotations(article.sentences)
            if k in inside:
                quotes = [(0, len(s.text))]
        out.extend(_mentions_in(s.text, article.id, s.index, anchor, vetoes.get(s.index, []), quotes))
    return out


_QUOTE_MARK = re.compile(r'["“”]')


def _sentence_quotes(text: str) -> list[tuple[int, int]]:
    """Quoted spans of a sentence, read on its own double quote marks, straight and curly alike
    (outlets mix them: 'the "decision on hold.”'): a straight mark opens after a space or at the
    start and closes after a word; nested quotations stay inside the outer one. An opening mark
    left open runs to the sentence's end (the quotation goes on in the next sentence), and a
    closing mark before any opening one covers the text before it (the quotation began in an
    earlier sentence). A sentence without marks of its own is quoted when it lies inside a
    quotation opened before it (``inside_quotations``), not by pairing the marks of its whole
    paragraph: one odd mark further on would make the whole paragraph quoted."""
    spans: list[tuple[int, int]] = []
    depth, start = 0, 0
    for m in _QUOTE_MARK.finditer(text):
        i, mark = m.start(), m.group(0)
        if mark == '"':
            before = text[i - 1] if i > 0 else " "
            opens = before.isspace() or before in "([{—–-/" or (not before.isalnum() and before not in ".,;:!?'’" and depth == 0)
        else:
            opens = mark == "“"
        if opens:
            if depth == 0:
                start = i
            depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
        elif not spans:
            spans.append((0, i + 1))  # closes a quotation begun in an earlier sentence
    if depth > 0:
        spans.append((start, len(text)))
    return spans


# --- events and merging --------------------------------------------------------------------------

# Two events with the same date are one when their facts overlap this much (IDF-weighted share
# of the smaller sentence's content stems) ...
MERGE_OVERLAP = 0.5
# ... or, with a SentenceTable, when they overlap less but also mean much the same (cosine of
# the sentence embeddings). Set by reading same-date pairs of DUC 2003 clusters: paraphrases of
# one event ("was indicted Wednesday" / "returned an indictment Wednesday") sit around
# overlap 0.35-0.45 and cosine 0.5-0.8; different events of a busy day mostly below.
MERGE_TABLE_OVERLAP = 0.35
MERGE_COSINE = 0.45
# The sentence with fewer names must share at least this share of them with the other.
MIN_NAME_SHARE = 0.5


@dataclass
class _Event:
    date: str
    article: int  # index in story.articles
    sentence_index: int
    expression: str
    relative: bool
    stems: frozenset[str]
    names: frozenset[str]
    numbers: frozenset[float]
    row: int | None  # row in the SentenceTable
    # Dated only by its attribution ("..., police said Wednesday"): the date is the statement's.
    attribution: bool = False
    # The sentence with its date expressions blanked out, and its row in the table of those
    # texts that ``_merge`` builds for ``align.fact_score``.
    dateless: str = ""
    fact_row: int | None = None


def _fact_features(text: str, spans: Iterable[tuple[int, int]]) -> tuple[frozenset[str], frozenset[str], frozenset[float]]:
    """Content stems, names and numbers of the sentence's fact, without its dates and attribution:
    two outlets write the same date differently ("on Tuesday", "on April 2")."""
    fact = fact_text(_blank(text, spans))
    return (
        frozenset(lexical.content_stems(fact)),
        frozenset(lexical.names(fact)),
        frozenset(lexical.numbers(fact)),
    )


# A sentence needs this many words besides its dates to state an event.
MIN_EVENT_WORDS = 3


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for s, e in spans:
        chars[s:e] = " " * (e - s)
    return "".join(chars)


def _words_outside(text: str, spans: list[tuple[int, int]]) -> int:
    kept, last = [], 0
    for s, e in sorted(spans):
        kept.append(text[last:s])
        last = max(last, e)
    kept.append(text[last:])
    return len(lexical.words(" ".join(kept)))


def _events_of(story: Story, rows: dict[tuple[int, int], int]) -> tuple[list[_Event], list[Unresolved]]:
    events: list[_Event] = []
    unresolved: list[Unresolved] = []
    for k, article in enumerate(story.articles):
        by_sentence: dict[int, list[DateMention]] = {}
        for mention in date_mentions(article):
            by_sentence.setdefault(mention.sentence_index, []).append(mention)
        for index, mentions in by_sentence.items():
            text = article.sentences[index].text
            spans = [(m.start, m.end) for m in mentions]
            # A date inside a quotation is the speaker's ("We will decide by March 3," she said):
            # a plan, a promise or a claim in their words, not a fact the report dates, so it
            # dates no event and is not reported as unplaced either. The sentence is still an
            # event when a date outside the quotation dates it: the event date, or else the
            # attribution's ('..., she said Tuesday': the statement, like any attribution date).
            # With no such date it is not an event, like any undated statement: dating it by the
            # article's date would claim a day the text does not give (the statement may be days
            # old), and a reader who sees "March 3" next to "we will decide" takes it for the
            # decision's date.
            mentions = [m for m in mentions if not m.quoted]
            for m in mentions:
                if m.date is None and m.relative:
                    unresolved.append(Unresolved(article.id, article.source, index, m.expression))
            placed = [m for m in mentions if m.date]
            if placed and _words_outside(text, spans) < MIN_EVENT_WORDS:
                continue  # "Sunday, Oct. 4." or a dateline: a date, not an event
            # An attribution date only dates the statement: keep it when nothing else is dated.
            if any(not m.attribution for m in placed):
                placed = [m for m in placed if not m.attribution]
            seen: set[str] = set()
            features = _fact_features(text, spans) if placed else (frozenset(), frozenset(), frozenset())
            for m in placed:
                if m.date in seen:
                    continue
                seen.add(m.date)
                events.append(
                    _Event(m.date, k, index, m.expression, m.relative, *features, rows.get((k, index)), m.attribution,
                           _blank(text, spans))
                )
    return events, unresolved


def _idf(story: Story, table: SentenceTable | None) -> dict[str, float]:
    """Inverse sentence frequency of content stems: the story's own topic words ("fire", "strike")
    are in most sentences and say little about which event a sentence reports."""
    if table is not None and len(table) == sum(len(a.sentences) for a in story.articles):
        sets: Iterable[frozenset[str]] = table.stems  # already computed by build_table
    else:
        sets = (frozenset(lexical.content_stems(s.text)) for a in story.articles for s in a.sentences)
    df: Counter[str] = Counter()
    n = 0
    for stems in sets:
        df.update(stems)
        n += 1
    return {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}


def _overlap(a: frozenset[str], b: frozenset[str], idf: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    weight = lambda ws: sum(idf.get(w, 1.0) for w in ws)  # noqa: E731
    smaller = min(weight(a), weight(b))
    return weight(a & b) / smaller if smaller > 0 else 0.0


def _compatible(x: _Event, y: _Event) -> bool:
    """Names and numbers must not tell the two apart: the sentence with fewer names shares at
    least half of them, and two sentences that both give numbers share one."""
    few, many = sorted((x.names, y.names), key=len)
    if few and len(few & many) / len(few) < MIN_NAME_SHARE:
        return False
    return not (x.numbers and y.numbers and not x.numbers & y.numbers)


def _similarity(x: _Event, y: _Event, idf: dict[str, float], table: SentenceTable | None,
                facts: SentenceTable | None = None) -> float:
    """How surely two same-date events are one (0 = not the same)."""
    if not _compatible(x, y):
        return 0.0
    lex = _overlap(x.stems, y.stems, idf)
    if lex >= MERGE_OVERLAP:
        return lex
    # A statement date ("said Wednesday") is weak evidence of one event: words must carry it.
    if x.attribution or y.attribution:
        return 0.0
    if table is not None and x.row is not None and y.row is not None and lex >= MERGE_TABLE_OVERLAP:
        cos = float(table.vectors[x.row] @ table.vectors[y.row])
        if cos >= MERGE_COSINE:
            return 0.5 * (cos + lex)
    # The summary's test of one fact (align.fact_score), on the sentences without their dates
    # (one outlet writes "late Tuesday", another "Oct. 14"): one states the other's fact in
    # other words ("East Timor was invaded by Indonesia" / "Indonesia invaded East Timor").
    if facts is not None and x.fact_row is not None and y.fact_row is not None:
        cos = float(facts.vectors[x.fact_row] @ facts.vectors[y.fact_row])
        score = max(fact_score(facts, x.fact_row, y.fact_row, cos), fact_score(facts, y.fact_row, x.fact_row, cos))
        if score >= SUPPORT_THRESHOLD:
            return score
    return 0.0


def _table_rows(story: Story, table: SentenceTable | None) -> dict[tuple[int, int], int]:
    if table is None or len(table) == 0:
        return {}
    rows = {}
    for r, s in enumerate(table.sentences):
        k = int(table.article_of[r])
        if k < len(story.articles) and story.articles[k].id == s.article_id:
            rows[(k, s.index)] = r
    return rows


def _facts_table(story: Story, events: list[_Event], table: SentenceTable | None) -> SentenceTable | None:
    """The same-date events' sentences without their dates, as a table for ``align.fact_score``
    (embeddings from the story's table); None without a table or without two events of one date."""
    dates = Counter(e.date for e in events)
    shared = [e for e in events if dates[e.date] > 1 and e.row is not None]
    if table is None or len(shared) < 2:
        return None
    for n, e in enumerate(shared):
        e.fact_row = n
    return features_table(
        [story.articles[e.article].sentences[e.sentence_index] for e in shared],
        [e.article for e in shared],
        [e.dateless for e in shared],
        table.vectors[[e.row for e in shared]],
    )


def _merge(story: Story, events: list[_Event], table: SentenceTable | None) -> list[list[tuple[_Event, float]]]:
    idf = _idf(story, table) if len({e.date for e in events}) < len(events) else {}
    facts = _facts_table(story, events, table)
    # Originals before copies, so a cluster's first member (its text) comes from an original.
    order = sorted(events, key=lambda e: (story.articles[e.article].duplicate_of is not None, e.article, e.sentence_index))
    clusters: list[list[tuple[_Event, float]]] = []
    by_date: dict[str, list[int]] = {}
    for ev in order:
        best, best_score = None, 0.0
        for c in by_date.get(ev.date, []):
            if any(member.article == ev.article for member, _ in clusters[c]):
                continue
            score = max(_similarity(ev, member, idf, table, facts) for member, _ in clusters[c])
            if score > best_score:
                best, best_score = c, score
        if best is None:
            by_date.setdefault(ev.date, []).append(len(clusters))
            clusters.append([(ev, 1.0)])
        else:
            clusters[best].append((ev, best_score))
    return clusters


def _to_event(story: Story, cluster: list[tuple[_Event, float]]) -> TimelineEvent:
    support = []
    for ev, score in sorted(cluster, key=lambda es: (es[0] is not cluster[0][0], es[0].article, es[0].sentence_index)):
        a = story.articles[ev.article]
        support.append(Support(a.id, a.source, a.sentences[ev.sentence_index].text, ev.sentence_index, score))
    first = cluster[0][0]
    return TimelineEvent(
        date=first.date,
        text=support[0].text,
        support=support,
        expression=first.expression,
        relative=first.relative,
        expected=_after_every_report(first.date, [story.articles[ev.article].date for ev, _ in cluster]),
    )


def _after_every_report(date: str, article_dates: list[str | None]) -> bool:
    """Whether the period ``date`` (YYYY, YYYY-MM or YYYY-MM-DD) starts after the date of every
    article that reports it: nobody could have reported it as done. False when an article is
    undated (its tense alone is too weak a guide to say "expected")."""
    parts = [int(p) for p in date.split("-")]
    start = _safe_date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    written = [_parse_article_date(d) for d in article_dates]
    return start is not None and bool(written) and all(w is not None and start > w for w in written)


def _notes(story: Story, unresolved: list[Unresolved]) -> list[str]:
    by_article: dict[str, list[str]] = {}
    for u in unresolved:
        by_article.setdefault(u.article_id, []).append(u.expression)
    notes = []
    for article in story.articles:
        expressions = by_article.get(article.id)
        if not expressions:
            continue
        why = "has no date" if not article.date else f"has no usable date ({article.date!r})"
        distinct = list(dict.fromkeys(expressions))
        listed = ", ".join(f"'{e}'" for e in distinct)
        n = len(distinct)  # the count matches the list the user reads
        notes.append(
            f"timeline: article {article.id!r} ({article.source}) {why}, so {n} relative date "
            f"expression{'s' if n != 1 else ''} could not be placed: {listed}"
        )
    return notes


def extract_timeline(story: Story, table: SentenceTable | None = None) -> TimelineResult:
    """The story's dated events in chronological order, plus the dates that could not be placed.

    Dates of different precision sort as strings: "2025" before "2025-03" before "2025-03-01".
    ``table`` (from ``align.build_table``) adds the embedding test to merging; without it facts
    are compared by words alone.
    """
    events, unresolved = _events_of(story, _table_rows(story, table))
    clusters = _merge(story, events, table)
    clusters.sort(key=lambda c: (c[0][0].date, c[0][0].article, c[0][0].sentence_index))
    return TimelineResult(
        events=[_to_event(story, c) for c in clusters],
        unresolved=unresolved,
        notes=_notes(story, unresolved),
    )


def build_timeline(story: Story, table: SentenceTable | None = None) -> tuple[list[TimelineEvent], list[str]]:
    """The story's timeline and its notes: ``(events, notes)``.

    ``notes`` holds one line per undated article whose relative dates could not be placed
    (empty when every date was placed); the caller adds them to ``story.notes``. Nothing on the
    story is changed here. For the unplaced expressions themselves use ``extract_timeline``.
    """
    result = extract_timeline(story, table)
    return result.events, result.notes
