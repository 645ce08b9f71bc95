"""Contradictions: names, roles and outcome words in the same slot of two aligned sentences."""

from __future__ import annotations

import re
from newsdigest.text import lexical
from newsdigest.analysis.contradict.rules import _MONTHS, _WEEKDAYS
from newsdigest.analysis.contradict.values import _Tok, _tokens


_PLACE_PREPS = {"in", "at", "near", "from", "to", "into", "outside", "off", "toward", "towards", "across", "inside"}


# Roles one person holds at a time: two outlets naming different holders contradict each other.
_ROLES = (
    r"Mayor|Governor|Gov\.|Sheriff|Fire Chief|Police Chief|Chief of Police|Fire Marshal|Superintendent|"
    r"Chief Executive|CEO|Chairman|Chairwoman|Prime Minister|Premier|Chancellor|Coach|Principal|"
    r"Coroner|Medical Examiner|District Attorney|Attorney General|Police Commissioner|Fire Commissioner"
)


_ROLE_NAME = re.compile(r"\b(?P<role>" + _ROLES + r")\s+(?P<name>(?:[A-Z][a-z'’.-]+\s+){0,2}[A-Z][a-z'’-]+)")


_NOT_NAME = set(_WEEKDAYS) | {m for m in _MONTHS if len(m) > 3} | {"the", "a", "an"}


_ANTONYMS = [
    ("approved", "rejected"), ("approved", "vetoed"), ("approved", "blocked"), ("accepted", "rejected"),
    ("accepted", "declined"), ("passed", "failed"), ("passed", "defeated"), ("won", "lost"),
    ("acquitted", "convicted"), ("innocent", "guilty"), ("survived", "died"), ("alive", "dead"),
    ("confirmed", "denied"), ("upheld", "overturned"), ("upheld", "reversed"), ("rose", "fell"),
    ("increased", "decreased"), ("raised", "lowered"), ("opened", "closed"), ("allowed", "banned"),
    ("supported", "opposed"), ("agreed", "refused"), ("resumed", "suspended"), ("lifted", "imposed"),
    ("guilty", "acquitted"), ("admitted", "denied"), ("released", "detained"),
]


_ANTONYM_STEMS = [(lexical._stem(a), lexical._stem(b)) for a, b in _ANTONYMS]


# Market moves change by the hour: only compared within one day's reports.
_TIME_VARYING = {lexical._stem(w) for w in ("rose", "fell", "increased", "decreased", "raised", "lowered")}


def _words(text: str) -> list[_Tok]:
    return [t for t in _tokens(text) if t.kind in {"word", "num"}]


def _capitalised(t: _Tok) -> bool:
    return t.kind == "word" and t.text[:1].isupper() and t.low not in _NOT_NAME and t.low not in lexical.stop_words()


def _name_run(toks: list[_Tok]) -> list[_Tok]:
    run = []
    for t in toks:
        if not _capitalised(t):
            break
        run.append(t)
    return run
