"""Quotes: attribution phrases around a quote ('X said', 'said X', 'according to X', 'X said: "')."""

from __future__ import annotations

import re
from newsdigest.analysis.quotes.names import _COUNT_OPENING, _Speaker, _bare, _bare_name, _is_adverbial, _noun_phrase, _object_speaker, _subject, _words
from newsdigest.analysis.quotes.rules import MAX_SPEAKER_WORDS, _CLAUSE_WORDS, _DETERMINERS, _INVERTED_VERBS, _MASK, _PHRASAL_VERBS, _ROLES, _VERBS, _WEAK_VERBS


def _according_to(words: list[tuple[int, int, str]], k: int) -> bool:
    return words[k][2].lower() == "according" and k + 1 < len(words) and words[k + 1][2].lower() == "to"


def _is_verb(words: list[tuple[int, int, str]], k: int, weak: bool = False) -> bool:
    """A reporting verb at word k: one word ('said'), or two with its particle ('went on')."""
    if len(words[k][2]) > 1 and words[k][2].isupper():
        return False  # ('... IN OTHER STATES - Michael P. McDonald:': a headline in capitals)
    w = words[k][2].lower()
    if w in _VERBS or (weak and w in _WEAK_VERBS):
        return True
    particle = _PHRASAL_VERBS.get(w)
    return particle is not None and k + 1 < len(words) and words[k + 1][2].lower() == particle


# Participles that report words only right before them ('X posted a photo, writing "..."'):
# elsewhere they are nouns or other verbs ('a collection of his writing').
_ADJACENT_PARTICIPLES = frozenset("writing tweeting posting reading".split())


def _verb_positions(words: list[tuple[int, int, str]], weak: bool, text: str = "") -> list[int]:
    out = [k for k in range(len(words)) if _is_verb(words, k, weak) or _according_to(words, k)]
    if text and words and words[-1][2].lower() in _ADJACENT_PARTICIPLES and re.fullmatch(r"\s*[,:]?\s*", text[words[-1][1]:]):
        out.append(len(words) - 1)
    return out


def _after_attribution(after: str, tight: bool = False, closes_clause: bool = True) -> _Speaker | None | bool:
    """Attribution in the words right after a quote; False when there is none at all.

    Returns a speaker, None (an attribution whose speaker is unusable, e.g. 'said one'), or False.
    ``tight`` (for unclosed quotes): the speaker must be a short phrase without commas.
    ``closes_clause``: the quote ends with , ? ! or a dash (else 'X said' must follow a comma).
    """
    after = _blank_party_tags(after)
    m = re.match(r"[\s,\u2014\u2013-]*", after)
    rest = after[m.end():]
    words = _words(rest)
    # Only this sentence: stop at the first . ! ? ; or quote mark between words (abbreviations
    # keep their period inside the word).
    for k, (start, _, _) in enumerate(words):
        gap = rest[words[k - 1][1] if k else 0:start]
        # (A period before a comma ends an abbreviation: 'Allentown, Pa., said', 'R-Ky., said'.)
        if re.search(r"[.!?;\"\u201c\u201d]", gap.replace(".,", ",")):
            rest, words = rest[: start], words[:k]
            break
    if not words:
        return None if tight else False
    first = words[0][2].lower()
    if first in _NEW_CLAUSE:
        # '"President Obama," though Beck ... said it's "not that simple."': a conjunction opens a
        # clause of its own, whose speaker says something else.
        return None if tight else False
    # Any reporting verb may come before its speaker ('," scoffed Ana Ortiz'); a participle
    # ('," saying ...') never does.
    inverted = first in _INVERTED_VERBS or (first in _VERBS and not first.endswith("ing"))
    if inverted or (first == "according" and len(words) > 1 and words[1][2].lower() == "to"):
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
    if not tight and not closes_clause and not re.match(r"\s*[,\u2014\u2013]|\s+--", after) \
            and not _BARE_ATTRIBUTION.match(after):
        return False  # '"anarchist cities" that officials say ...': the quote is mid-sentence
    for k, (start, _, w) in enumerate(words[: _speaker_window(rest, words)]):
        if _is_verb(words, k) or (w.lower() == "according" and k + 1 < len(words) and words[k + 1][2].lower() == "to"):
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


# Words that open a new clause right after a quote: what follows is not its attribution.
_NEW_CLAUSE = frozenset("though although while whereas but yet because since".split())


# '"We will win" Ortiz said.' (the comma left out): a name or he/she, a reporting verb and at
# most a few words ending the sentence is an attribution even without the comma.
_BARE_ATTRIBUTION = re.compile(
    r"\s+(?:(?:[A-Z][\w’'.\-]*\s+){1,4}|(?:he|she)\s+)(?:" + "|".join(sorted(_VERBS)) + r")(?:\s+[\w’']+){0,3}\s*[.!?]")


def _speaker_window(rest: str, words: list[tuple[int, int, str]]) -> int:
    """How many words after a quote may hold its reporting verb: MAX_SPEAKER_WORDS, or more when a
    name is followed by a long appositive ('," Ana Ortiz, the head of the ... union, said')."""
    if len(words) > MAX_SPEAKER_WORDS + 2 and re.match(r"\s*(?:[A-Z][\w’'.\-]*\s+){0,3}[A-Z][\w’'.\-]*,", rest):
        return 3 * MAX_SPEAKER_WORDS
    return MAX_SPEAKER_WORDS + 2


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


# A description opening a sentence, up to its verb ('The communications aide also took ...').
_LEAD_DESCRIPTION = re.compile(
    r"\s*((?:[Tt]he|[Hh]is|[Hh]er|[Tt]heir|[A-Z][\w\-]*[’']s)\s+(?:[\w’'\-]+\s+){0,3}?[a-z][\w’'\-]*)\s+"
    r"(?:(?:also|then|later|again|quickly|once|had|has|have|was|is|were|did|would|will)\s+)*"
    r"(?:[a-z]+ed|took|made|went|gave|got|hit|put|ran|came|sent|wrote|spoke|told|said|met|held|kept|"
    r"threw|struck|stood|left|led|drew|broke|brought|caught|fought|sought|won|lost|began|chose|rose|saw|"
    r"set|shot|spent|tore)\b")


def _participle_subject(text: str) -> _Speaker | None:
    """The subject of the clause a participle after a comma belongs to ('X took aim at Y and Z,
    saying' -> X; 'He attacked Y, writing' -> he): a name, he/she or a description opening the
    clause. None when a relative clause comes between (its verb has a subject of its own)."""
    # (A quote inside the clause, 'shared a syllabus for a class called "Perception" on his page,',
    # is part of it; one followed by a new sentence is not.)
    clause = re.split(r"[;:]|\s--\s|\s[\u2014\u2013]\s|" + _MASK + r"(?![\s,]*(?:[a-z]|$))", text)[-1]
    # ('Rep. Hakeem Ito (D-N.Y.) reacted': a parenthesis after a name is no part of the clause.)
    clause = re.sub(r"\s\([^()]{0,40}\)", lambda m: " " * len(m.group()), clause)
    chunks = clause.split(",")
    while len(chunks) > 1 and _is_adverbial(chunks[0]):
        chunks.pop(0)
    if len(chunks) < 2:
        return None
    lead = chunks[0]
    if any(_bare(c.split()[0]) in _SUBORDINATE for c in chunks[1:] if c.split()):
        return None
    m = re.match(r"\s*(?:and\s+|but\s+|then\s+)?(he|she)\s+[a-z]", lead)
    if m:
        return _noun_phrase(m.group(1))
    m = _LEAD_NAME.match(lead)
    if m and _bare(m.group(1).split()[0]) not in _DETERMINERS:
        sp = _noun_phrase(m.group(1))
        if sp is not None and sp.kind in ("person", "pronoun"):
            return sp
    m = _LEAD_ROLE.match(lead) or _LEAD_DESCRIPTION.match(lead)
    if m:
        sp = _noun_phrase(m.group(1))
        return sp if sp is not None and sp.kind != "pronoun" else None
    if _bare_name(lead) is not None or (len(chunks) > 2 and re.fullmatch(r"\s*(?:[A-Z][\w\-.]*\s+){0,2}[A-Z][\w\-]*[’']s\s+[\w\-]+\s*", lead)):
        # 'Ana Ortiz, the mayor, spoke on Monday, saying', "Ortiz's son, Tom, wrote ..., saying":
        # the lead chunk is the subject itself.
        return _subject(text)
    return None


# Words that open a relative or subordinate clause: a verb after them has a subject of its own
# ('Trump attacked Cruz, who then said, "').
_SUBORDINATE = frozenset("who whom whose which that because when while where if although though unless whether".split())


def _main_subject(text: str, coordinated: bool = False, pronoun: bool = False) -> _Speaker | None:
    """The person (or he/she) opening the clause that ends at ``text``'s end, when nothing between
    that subject and the end opens a clause of its own.

    ``coordinated``: the verb after ``text`` follows 'and'/'then' ('The president noted that he
    taught law, and added: "'), so it shares the opening subject past a complement clause
    ('that', 'if', 'as if'); a relative clause ('who', 'which') still has a subject of its own.
    A description ('The president') opens such a clause too."""
    clause = re.split(r"[;:]|\s--\s|\s[\u2014\u2013]\s|" + _MASK, text)[-1]
    chunks = clause.split(",")
    while len(chunks) > 1 and _is_adverbial(chunks[0]):
        chunks.pop(0)
    lead = ",".join(chunks)
    m = _LEAD_NAME.match(lead) or _LEAD_NAME_APPOSITIVE.match(lead)
    if not m or _bare(m.group(1).split()[0]) in _DETERMINERS:
        # (A he/she opens it too in a sentence ending in a colon, 'he demurred: "'.)
        m = (_LEAD_ROLE.match(lead) or _LEAD_PRONOUN.match(lead)) if coordinated else (
            _LEAD_PRONOUN.match(lead) if pronoun else None)
        if m is None:
            return None
    if m.group(1).endswith(("’s", "'s")):
        return None  # ("Clinton's campaign manager was asked": the possessor is not the subject)
    blocking = _RELATIVE_OPENERS if coordinated else _SUBORDINATE
    # (An appositive between commas, 'O'Malley, who signed the laws, interjected', is no clause
    # of the verb's own: only what follows it counts.)
    if any(_bare(w) in blocking for _, _, w in _words(lead[m.end():] if m.re is _LEAD_NAME_APPOSITIVE else lead[m.end(1):])):
        return None
    sp = _noun_phrase(m.group(1))
    if sp is None or sp.kind not in ("person", "pronoun", "org") or (sp.kind == "org" and not coordinated):
        return None
    sp.weak = True
    return sp


_RELATIVE_OPENERS = frozenset("who whom whose which".split())
# A name, then an appositive between commas ('Suu Kyi, 70,', 'O'Malley, who signed the laws,').
_LEAD_NAME_APPOSITIVE = re.compile(
    r"\s*((?:[A-Z][\w’'.\-]*)(?:\s+(?:[A-Z][\w’'.\-]*|of|de|al|bin|van|von))*),[^,;:]{1,60},(?=\s+[a-z])")
_LEAD_PRONOUN = re.compile(r"\s*(?:and\s+|but\s+|then\s+)?(he|she)(?=\s+[a-z])")


# A verb joined to an earlier one of the same subject: 'X leaned in and boomed: "', 'he laughed
# and said, "'.
_COORDINATED = re.compile(r"(?:\s(?:and|then)|,\s*(?:and|but|then|and\s+then))\s*$")


# A party and state tag after a name: 'Rep. Earl Blumenauer (D-Ore.)', 'Paul Ryan (R-WI)',
# 'Sen. Ann Cole (Mich.)'.
_PARTY_TAG = re.compile(r"(?<=[A-Za-z.])\s\((?:[DRI]|Dem|Rep|Ind)?-?\s?[A-Z][A-Za-z.]{0,12}\)")


def _blank_party_tags(text: str) -> str:
    """``text`` with party tags after names blanked (lengths kept)."""
    return _PARTY_TAG.sub(lambda m: " " * len(m.group()), text) if "(" in text else text


_ISSUED_STATEMENT = re.compile(
    r"\b(?:issued|released|put\s+out|sent\s+out|posted|published)\s+(?:a|an)\s+(?:[\w\-]+\s+){0,2}?"
    r"(?:statement|message|tweet|letter|video|note|memo)(?:\s+[\w\-]+){0,3}?"
    r"(?:\s*[,:]|\s+(?:saying|that\s+said|which\s+said|reading|that\s+read)\s*[,:]?)\s*$")


def _before_attribution(before: str, long_quote: bool) -> tuple[_Speaker | None, bool] | None:
    """Attribution in the sentence before a quote: (speaker, adjacent), or None if there is none."""
    before = _blank_party_tags(before)
    m = _ISSUED_STATEMENT.search(before)
    if m and long_quote:
        # 'Trump issued a statement Tuesday saying, "', 'she released a statement, "': the words
        # are the subject's (a statement read out as someone's own words).
        own = before[:m.start()]
        speaker = _subject(own) or _main_subject(own)
        if speaker is not None:
            return speaker, True
    found = _verb_attribution(before, long_quote)
    if found is None and before.rstrip().endswith(":"):
        # 'Mr. Smith shot back: "', 'X gave the idea a try on CNN: "': a sentence whose subject is a
        # person and that ends in a colon introduces that person's words.
        # 'Pollsters agree - Carl Bialik: "', 'Clinton: "Our goal ..." Bush: "': a name alone
        # before the colon, opening its sentence or after a dash, introduces that person's words.
        m = _COLON_NAME.search(before)
        if m:
            named = _bare_name(m.group(1))
            if named is not None:
                named.weak = True  # (a one-word name only when the article names that person)
                return named, True
        clause = before.rstrip()[:-1]
        speaker = _main_subject(clause, coordinated=bool(_COORDINATED.search(" ".join(clause.split()[:-1]))),
                                pronoun=True)
        if speaker is not None:
            return speaker, True
    return found


def _ends_with_name(text: str) -> bool:
    """Whether ``text`` ends in a capitalised word (party tags blanked): a subject of its own."""
    words = _words(text)
    return bool(words) and words[-1][2][:1].isupper() and not text[words[-1][1]:].strip()


_COLON_NAME = re.compile(
    r"(?:^|[.!?][\"\u201d’']?\s+|\s[-\u2014\u2013]+\s+|\u2026\s*)((?:[A-Z][\w’'.\-]*\s+){0,3}[A-Z][\w’'.\-]*)\s*:\s*$")


# Weak verbs that name a thing when the quote follows them at once ('a band called "X"');
# the others take the quote as their object ('X condemned "such a murderous attack"').
_NAMING_VERBS = frozenset("called calls calling dubbed termed described describes describing".split())


# 'what X called', 'that X, for one, has dubbed': a relative clause naming the quote, with a
# name for its subject right before the verb (the verb's offset ends the search).
_RELATIVE_NAMING = re.compile(
    r"\b(?:what|that)\s+((?:[A-Z][\w’'.\-]*\s+){0,3}[A-Z][\w’'.\-]*)(?:\s*,\s*for\s+one\s*,)?"
    r"(?:\s+(?:has|had|have|once|later|now|often|also|repeatedly|long))*\s*$")


# Words before a weak verb that make it passive: 'is called "X"' names something.
_PASSIVE = frozenset("is are was were be been being get gets got so also often".split())


# What may lie between a reporting verb and the quote it introduces: nothing, a comma or colon,
# or a few words and one ('said on Tuesday, "').
_ADJACENT = r"\s*[,:]?\s*|(?:\s+[\w’'.\-]+){1,4}\s*[,:]\s*"
_RELATIVE = frozenset("that which whom".split())


def _in_relative_clause(words: list[tuple[int, int, str]], k: int, verbs: set[int]) -> bool:
    """Whether verb ``k`` ends a relative clause ('the smoke that the pilots reported'): a
    relative word after a noun (not after a verb: 'said that'), then at most four words."""
    for j in range(k - 1, max(k - 6, 0), -1):
        if _bare(words[j][2]) in _RELATIVE:
            return j > 0 and (j - 1) not in verbs and words[j - 1][2][:1].islower() and k - j >= 2
    return False


def _verb_attribution(before: str, long_quote: bool) -> tuple[_Speaker | None, bool] | None:
    words = _words(before)
    verbs = _verb_positions(words, weak=True, text=before)
    # A participle after a main verb ('he said, adding, "..."') has that verb's subject, unless a
    # subject comes right before it ('with commissioner Robert Manfred saying').
    while len(verbs) > 1 and words[verbs[-1]][2].lower().endswith("ing"):
        own = before[:words[verbs[-1]][0]]
        if own.rstrip() and not own.rstrip().endswith(",") and _subject(own.split(",")[-1]) is not None:
            break
        if words[verbs[-2]][2].lower() in _WEAK_VERBS:
            break  # ('shared a class called "X" on his page, writing "...': 'called' reports nothing)
        verbs.pop()
    # 'the smoke that the pilots reported in the cockpit ..., or whether it was "...': a verb in a
    # relative clause ('<noun> that <subject> <verb>') introduces no quote that a later clause
    # holds (a comma or semicolon between them); an earlier verb of the sentence may ('The board
    # said in a statement that ...'). ('a thread in which he described X as "..."' keeps its verb.)
    while len(verbs) > 1 and _in_relative_clause(words, verbs[-1], set(verbs)) \
            and re.search(r"[,;]", before[words[verbs[-1]][1]:]) \
            and not re.fullmatch(_ADJACENT, before[words[verbs[-1]][1]:]):
        verbs.pop()
    if not verbs:
        return None
    k = verbs[-1]
    start, end, verb = words[k]
    between = before[end:]
    if verb.lower() in _WEAK_VERBS:
        rel = _RELATIVE_NAMING.search(before, 0, start) if verb.lower() in _NAMING_VERBS else None
        if rel and re.fullmatch(r"\s*(?:(?:it|them|him|her)\s+)?(?:as\s+)?", between):
            # 'shedding what Gilbert called "a perception problem"', 'charges that Rush Limbaugh,
            # for one, called "..."': the name before the verb, in a clause about the quote, is
            # the one who called it so (a one-word name only when the article names that person).
            named = _bare_name(rel.group(1))
            if named is not None:
                named.weak = True
                return named, True
        if not between.strip() and verb.lower() in _NAMING_VERBS:
            return None  # 'his book, called "..."' names a thing
        speaker = _subject(before[:start])
        if speaker is None:
            return None
        if long_quote:
            return speaker, False
        # A short quote is a person's words only right after the verb's object: 'X called it "a
        # disgrace"', 'X described the plan as "dead on arrival"', 'X dubbed him "Soggy Tom"'; not
        # 'the plan is called "Fair Deal"' (a name) or 'a band called "X"'.
        gap = _words(between)
        # (A counted group, 'Close to three dozen House Democrats', is people too.)
        people = speaker.kind in ("person", "pronoun") or bool(_COUNT_OPENING.match(speaker.name))
        if people and len(gap) <= 8 and k > 0 \
                and _bare(words[k - 1][2]) not in _PASSIVE \
                and not re.search(r"[,.;:!?()\u2014\u2013]|\s--\s|\$", between) \
                and not any(_bare(w) in _CLAUSE_WORDS and _bare(w) != "as" for _, _, w in gap):
            return speaker, True
        return None
    adjacent = bool(re.fullmatch(_ADJACENT, between))
    if verb.lower() == "according":
        np_text = before[words[k + 1][1]:] if k + 1 < len(words) else ""
        np_text = np_text.split(",")[0]
        return _object_speaker(np_text), adjacent
    if verb.lower().endswith("ing") and before[:start].rstrip().endswith(","):
        # 'Secretary of State Whitlow spoke after the meeting, saying: "...', 'The aide took a shot
        # at the mayor and his wife, writing "...': a participle after a comma has the main
        # clause's subject, never a name in that clause's object.
        speaker = _participle_subject(before[:start])
    else:
        speaker = _subject(before[:start])
    if speaker is None and adjacent and not _ends_with_name(before[:start]):
        # 'Ms. Sherry smiled and said, "', 'X deflected questions before saying, "', 'X was
        # prompted to say, "': the verb shares the sentence's subject. (Not when a name we could
        # not read comes right before the verb: that is its own subject.)
        coordinated = bool(_COORDINATED.search(before[:start]))
        if coordinated:
            # The nearest clause first: 'When X was asked ..., he laughed and said, "' -> he.
            last = before[:start].rsplit(",", 1)[-1]
            m = re.match(r"\s*(?:and\s+|but\s+)?(he|she)\s+[a-z]", last)
            speaker = _noun_phrase(m.group(1)) if m else _main_subject(last, coordinated=True)
        if speaker is None:
            speaker = _main_subject(before[:start], coordinated=coordinated)
    opens_sentence = not before[:start].strip()
    if speaker is None and (re.fullmatch(r"\s+[^,:]+[,:]\s*", between) or opens_sentence) and verb.lower() in _INVERTED_VERBS:
        # 'Said Ms. Clywd: "...', 'Said Ana Ortiz, who grew up here, "...'
        speaker = _object_speaker(between)
    if speaker is None:
        return None
    return speaker, adjacent
