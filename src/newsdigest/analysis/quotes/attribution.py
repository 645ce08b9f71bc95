"""Quotes: attribution phrases around a quote ('X said', 'said X', 'according to X', 'X said: "')."""

from __future__ import annotations

import re
from newsdigest.analysis.quotes.names import _Speaker, _bare, _is_adverbial, _noun_phrase, _object_speaker, _subject, _words
from newsdigest.analysis.quotes.rules import MAX_SPEAKER_WORDS, _DETERMINERS, _INVERTED_VERBS, _MASK, _ROLES, _VERBS, _WEAK_VERBS


def _according_to(words: list[tuple[int, int, str]], k: int) -> bool:
    return words[k][2].lower() == "according" and k + 1 < len(words) and words[k + 1][2].lower() == "to"


def _verb_positions(words: list[tuple[int, int, str]], weak: bool) -> list[int]:
    verbs = _VERBS | (_WEAK_VERBS if weak else frozenset())
    return [k for k, (_, _, w) in enumerate(words) if w.lower() in verbs or _according_to(words, k)]


def _after_attribution(after: str, tight: bool = False, closes_clause: bool = True) -> _Speaker | None | bool:
    """Attribution in the words right after a quote; False when there is none at all.

    Returns a speaker, None (an attribution whose speaker is unusable, e.g. 'said one'), or False.
    ``tight`` (for unclosed quotes): the speaker must be a short phrase without commas.
    ``closes_clause``: the quote ends with , ? ! or a dash (else 'X said' must follow a comma).
    """
    m = re.match(r"[\s,\u2014\u2013-]*", after)
    rest = after[m.end():]
    words = _words(rest)
    # Only this sentence: stop at the first . ! ? ; or quote mark between words (abbreviations
    # keep their period inside the word).
    for k, (start, _, _) in enumerate(words):
        gap = rest[words[k - 1][1] if k else 0:start]
        if re.search(r"[.!?;\"\u201c\u201d]", gap):
            rest, words = rest[: start], words[:k]
            break
    if not words:
        return None if tight else False
    first = words[0][2].lower()
    if first in _INVERTED_VERBS or (first == "according" and len(words) > 1 and words[1][2].lower() == "to"):
        if tight:
            return None
        obj_start = words[2][0] if first == "according" and len(words) > 2 else (words[1][0] if len(words) > 1 else len(rest))
        speaker = _object_speaker(rest[obj_start:])
        if speaker is None:
            # 'said one, who ...' is an attribution without a usable speaker; 'said he felt ...'
            # starts a new clause and is no attribution of the quote at all.
            nxt = _bare(rest[obj_start:].split()[0]) if rest[obj_start:].split() else ""
            return None if nxt in _DETERMINERS else False
        return speaker
    if not tight and not closes_clause and not re.match(r"\s*[,\u2014\u2013]|\s+--", after):
        return False  # '"anarchist cities" that officials say ...': the quote is mid-sentence
    for k, (start, _, w) in enumerate(words[: MAX_SPEAKER_WORDS + 2]):
        if w.lower() in _VERBS or (w.lower() == "according" and k + 1 < len(words) and words[k + 1][2].lower() == "to"):
            if w.lower() == "according":
                return _object_speaker(rest[words[k + 2][0]:]) if k + 2 < len(words) and not tight else (None if tight else False)
            phrase = rest[:start]
            if tight and ("," in phrase or len(phrase.split()) > 6):
                return None
            speaker = _subject(phrase) if phrase.strip() else None
            if speaker is None:
                return None if tight else False
            return speaker
    return None if tight else False


_LEAD_NAME = re.compile(r"\s*((?:[A-Z][\w’'.\-]*)(?:\s+(?:[A-Z][\w’'.\-]*|of|de|al|bin|van|von))*)\s+[a-z]")
_LEAD_ROLE = re.compile(r"\s*([Tt]he\s+(?:[\w’'\-]+\s+){0,3}?(?:" + "|".join(sorted(_ROLES)) + r"))\s+[a-z]")


def _clause_subject(text: str) -> _Speaker | None:
    """The name (or 'the <role>') opening the sentence, after an adverbial opening."""
    clause = re.split(r"[;:]|\s--\s|\s[\u2014\u2013]\s|" + _MASK, text)[-1]
    chunks = clause.split(",")
    while len(chunks) > 1 and _is_adverbial(chunks[0]):
        chunks.pop(0)
    lead = chunks[0]
    m = _LEAD_NAME.match(lead)
    if m and _bare(m.group(1).split()[0]) not in _DETERMINERS:
        sp = _noun_phrase(m.group(1))
        return sp if sp is not None and sp.kind == "person" else None
    m = _LEAD_ROLE.match(lead)
    return _noun_phrase(m.group(1)) if m else None


def _before_attribution(before: str, long_quote: bool) -> tuple[_Speaker | None, bool] | None:
    """Attribution in the sentence before a quote: (speaker, adjacent), or None if there is none."""
    words = _words(before)
    verbs = _verb_positions(words, weak=long_quote)
    # A participle after a main verb ('he said, adding, "..."') has that verb's subject, unless a
    # subject comes right before it ('with commissioner Robert Manfred saying').
    while len(verbs) > 1 and words[verbs[-1]][2].lower().endswith("ing"):
        own = before[:words[verbs[-1]][0]]
        if own.rstrip() and not own.rstrip().endswith(",") and _subject(own.split(",")[-1]) is not None:
            break
        verbs.pop()
    if not verbs:
        return None
    k = verbs[-1]
    start, end, verb = words[k]
    between = before[end:]
    if verb.lower() in _WEAK_VERBS:
        if not between.strip():
            return None  # 'his book, called "..."' names a thing
        speaker = _subject(before[:start])
        return (speaker, False) if speaker is not None else None
    adjacent = bool(re.fullmatch(r"\s*[,:]?\s*|(?:\s+[\w’'.\-]+){1,4}\s*[,:]\s*", between))
    if verb.lower() == "according":
        np_text = before[words[k + 1][1]:] if k + 1 < len(words) else ""
        np_text = np_text.split(",")[0]
        return _object_speaker(np_text), adjacent
    speaker = _subject(before[:start])
    if speaker is None and verb.lower().endswith("ing") and before[:start].rstrip().endswith(","):
        # 'Secretary of State Whitlow spoke after the meeting, saying: "...': the main clause's subject.
        speaker = _clause_subject(before[:start])
    if speaker is None and re.fullmatch(r"\s+[^,:]+[,:]\s*", between) and verb.lower() in _INVERTED_VERBS:
        # 'Said Ms. Clywd: "...'
        speaker = _object_speaker(between)
    if speaker is None:
        return None
    return speaker, adjacent
