"""Key players: the people, organisations and places a story is about, ranked across outlets.

Method
------
1. Mentions are spaCy's entities (``Article.entities``, filled by ``ner.annotate_entities``):
   PERSON -> person, ORG -> organization, GPE/LOC/FAC -> place. NORP, dates and numbers are not
   players.
2. Each mention is cleaned: a leading "the", a possessive "'s", and titles and honorifics before
   a person's name ("Mayor", "Ms", "Dr.", "Environment Minister", "Fire Chief") are removed, so
   "Mayor Ortiz", "Ms Ortiz" and "Ortiz" all become "Ortiz". A mention led by Mr/Ms/Mrs/Dr is a
   person whatever its label ("Ms Varga" tagged ORG).
3. NER noise is dropped: weekday and month names, mentions without a capital letter, a one-word
   mention at the start of a sentence whose word the story also uses in lower case ("Critics"),
   stop words, names with digits for people, the story's own outlets ("told the Valley
   Monitor"; a corpus's wire codes such as APW/NYT count as their full names), and every entity
   of a credit line ("Tom Reyes contributed to this report"). "Richard Arcara of Buffalo" is
   cut to "Richard Arcara". An adverb or adjective the NER glued to a person's name ("Yet
   Trump", "Cheerful Ortiz"; at a sentence start also any word the story uses in lower case,
   never a common given name or a particle) is dropped; the word after a title's "of"
   ("State" of "Secretary of State") is no player; a name cut out of a longer one the story
   tags elsewhere ("Korea" of "North Korea") is that longer name. Named storms ("Hurricane
   Georges", "Super Typhoon Zeb", and the bare "Georges") are no person, organisation or place,
   so no player; nor is a person or place named as an event ("Whittington Lecture", "Olympic
   Games") or a description ending in a title ("America's Toughest Sheriff"). A person's name
   ends at a possessive inside the span ("Mitt Romney’s Medicare" -> "Mitt Romney"); a
   "person" ending in Police, Department, Committee ... is an organisation; "Sheriff Arpaio"
   tagged ORG is a person when the story names a person Arpaio; a flight cut from its number
   ("Air France Flight" of "Air France Flight 447") gets it back and is an organisation
   (without a number it is the airline, "Air France").
4. Mentions are merged into players:
   - people: full names with the same first name and surname are one ("Ana Ortiz", "Ana M.
     Ortiz"); a surname with its particles counts as one word ("Osama bin Laden" -> "bin Laden",
     also when sentence-initial "Bin Laden"). A surname alone is the person of that surname
     introduced last before it in the same article (news style), else the first introduced
     after it there, else the only person of that surname in the story; a one-word name tagged
     PERSON that is nobody's surname but the first word of exactly one full name joins it
     (family-name-first "Xu" -> "Xu Wenli", or a first name alone); otherwise it stays on its own;
   - organisations: "Kestrel Mining Corp." = "Kestrel Mining Corporation" = "Kestrel Mining"
     (legal suffixes ignored); a one-word name that begins exactly one longer organisation name
     joins it ("Brightline" -> "Brightline Logistics"; longer names that begin one another count
     as the shortest: "Tour" -> "Tour de France", not "Tour de France Prologue"), unless the
     word is tagged more than twice as often as a longer name that adds two words or more to
     it, or ends it: then it is a name of its own ("House" of "House Rules Committee" is the
     House and no "White House"; "Medicare" of "Medicare Trust Fund");
   - organisations and places: a one-word name that spells the initials of exactly one longer
     name of its kind joins it ("MBTA", "U.S." -> "United States"); "Wye" joins "Wye River";
   - the same name under two labels (spaCy calls a town ORG in one sentence and GPE in another)
     is one player.
   The sm model often tags a name in one sentence and misses it in the next, so each player's
   known forms (and a person's surname, when only one player has it) are then looked up in the
   untagged text of every article; those finds add mentions and outlets.
   The name is the fullest tagged form (most words, then most frequent, then longest). The kind
   is "person" if a full name was tagged PERSON; "place" if the name ends in a geographic word
   (Bridge, River, Bay ...: the sm model calls "the Corvell Bridge" ORG); else the majority label,
   where a one-word PERSON label loses to any other label ("Lanford" tagged PERSON and GPE), and
   an ORG label right before "neighborhood", "residents" ... counts as a place.
5. Ranking: by the number of independent outlets that mention the player (copies of one wire
   story count once), then all outlets, then mentions. A player mentioned once, by one outlet,
   is dropped when the story has two or more independent outlets or more players than the cap.

Limits: only as good as the sm NER model (an organisation it calls PERSON stays a person; a
name it never tags is never found); first names alone ("Ana") and nicknames are not linked;
Chinese-order names ("Zhang Xiong") get the wrong surname alias; a capitalised common noun
the model tags ("Cabinet") can pass as a player.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from newsdigest.text import lexical
from newsdigest.model import Player, Story
from newsdigest.analysis.ner import PLATFORMS

KINDS = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place"}
DEFAULT_LIMIT = 15

# Words that precede a name as a title or office (lower case, without a final period).
_TITLES = frozenset(
    """
    mr mrs ms miss mx dr doctor prof professor sir dame lord lady rev reverend fr father sister
    mayor governor gov senator sen rep representative congressman congresswoman councillor
    councilor councilman councilwoman alderman assemblyman assemblywoman delegate president
    vice prime minister secretary chancellor premier chief superintendent inspector detective det
    officer constable sergeant sgt lieutenant lt captain capt cpt commander cmdr colonel col
    general gen major maj admiral adm marshal judge justice magistrate attorney prosecutor
    chairman chairwoman chairperson chair ceo cfo director spokesman spokeswoman spokesperson
    coach king queen prince princess emperor pope cardinal bishop archbishop rabbi imam sheikh
    sheik ayatollah mullah cleric
    ambassador envoy commissioner sheriff deputy acting interim former late ex
    """.split()
)
# Legal-form suffixes that do not change which organisation is meant.
_ORG_SUFFIXES = frozenset("corp corporation inc incorporated co company ltd limited plc llc ag sa gmbh".split())
_NAME_SUFFIXES = frozenset("jr sr ii iii iv".split())
# Forms of address that only ever precede a person's name, whatever label the NER gave it.
_HONORIFICS = frozenset("mr mrs ms miss mx dr".split())
# Nouns that, right after a name, show it is a place ("the Eastgate neighborhood").
_PLACE_NOUNS = frozenset(
    "neighborhood neighbourhood district area suburb village town city county region province resident residents".split()
)
_NEXT_WORD = re.compile(r"\s+([A-Za-z]+)")
# Last words that make a name a place (spaCy's sm model often calls "the Corvell Bridge" ORG and
# "Trump Tower" PERSON). Not 'hall' or 'church', which are also family names.
_PLACE_HEADS = frozenset(
    """
    bridge river creek lake bay harbor harbour port pier island islands mountain mountains mount
    valley canyon beach coast street st road avenue boulevard highway freeway square park airport
    station tunnel dam reservoir canal strait sea ocean peninsula county province district
    tower towers building hotel palace stadium arena plaza mall
    """.split()
)
# Last words that make a name an organisation, never a person ("Alexandria Police" tagged PERSON).
_ORG_HEADS = frozenset(
    """
    police department dept committee agency council party university college institute association
    commission ministry bureau caucus administration senate assembly parliament congress
    """.split()
)
# Last words of a named event ("Whittington Lecture", "Olympic Games"): neither a person nor a place.
_EVENT_HEADS = frozenset(
    """
    lecture lectures games olympics summit festival conference convention championship championships
    cup marathon prologue tournament
    """.split()
)
# Words that name a storm ("Hurricane Georges", "Tropical Storm Mitch", "Typhoon Haiyan"): a storm
# is no person, organisation or place, so it is no player, and neither is its bare name ("Georges").
_STORM_WORDS = frozenset("hurricane typhoon supertyphoon cyclone superstorm".split())
_STORM = re.compile(r"\b(?:[Hh]urricane|HURRICANE|(?:[Ss]uper ?)?[Tt]yphoon|TYPHOON|[Cc]yclone|CYCLONE|(?:Tropical|TROPICAL|Winter|WINTER) "
                    r"(?:Storm|STORM)|[Ss]uperstorm)\s+([A-Z][a-z]+)\b")
# Titles that are nobody's surname: a "person" ending in one is a description ("America's
# Toughest Sheriff"), not a name. (Not King, Major, Bishop, Judge ...: John Major, Julie Bishop.)
_TITLE_ONLY = frozenset(
    """
    sheriff senator governor mayor president minister secretary chairman chairwoman spokesman
    spokeswoman spokesperson congressman congresswoman ceo director commissioner ambassador
    superintendent prosecutor
    """.split()
)
# A flight named without its number ("Air France Flight" of "Air France Flight 447").
_FLIGHT_NUMBER = re.compile(r"\s+(\d{1,5}[A-Z]?)\b")
_CALENDAR_WORDS = frozenset(
    [d.lower() for d in calendar.day_name]
    + [m.lower() for m in calendar.month_name if m]
    + "today tonight yesterday tomorrow jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
# A sentence that credits reporters or agencies, not reporting.
_CREDIT = re.compile(
    r"\bcontributed (?:reporting )?to this (?:report|story|article)\b|\b(?:reporting|writing|editing|"
    r"additional reporting) by\b|^\s*by\s+[A-Z]|\bis a (?:staff )?(?:writer|reporter|correspondent) (?:for|at|with)\b",
    re.I,
)
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")
_KEY_TOKEN = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_DOTTED_ACRONYM = re.compile(r"(?<![^\W\d_])[A-Z](?:\.[A-Z])+\.?(?![^\W\d_])")
# Lower-case particles that begin a surname ("Osama bin Laden", "Ludwig van Beethoven").
_PARTICLES = frozenset("bin ibn al el de del della der den van von da di du dos das la le".split())
_CREDIT_HINTS = ("contributed", "reporting by", "writing by", "editing by", "writer", "reporter", "correspondent")


@dataclass
class Mention:
    article: int  # index in story.articles
    sentence_index: int
    start: int
    text: str  # cleaned surface form
    raw: str  # as printed (titles kept)
    kind: str


@dataclass
class _Group:
    kind_votes: Counter[str] = field(default_factory=Counter)
    mentions: list[Mention] = field(default_factory=list)


# --- cleaning ------------------------------------------------------------------------------------


def _strip_title(words: list[str]) -> list[str]:
    """Drop the title run before a name: everything up to the last title word that still
    leaves a name ("Environment Minister Tomas Ferreira" -> "Tomas Ferreira")."""
    cut = 0
    for i, w in enumerate(words[:-1]):
        if w.lower().rstrip(".") in _TITLES:
            cut = i + 1
    return words[cut:]


def clean_name(text: str, kind: str) -> str:
    """The mention without "the", possessive, edge punctuation and (for people) titles."""
    text = " ".join(text.split())
    text = _POSSESSIVE.sub("", text)
    text = re.sub(r"^(?:the|The|THE)\s+", "", text)
    text = _EDGE_PUNCT.sub("", text) if not text.endswith(".") else _EDGE_PUNCT.sub("", text[:-1]) + "."
    text = text.rstrip(",;:")
    if kind == "person":
        text = _before_possessive(text)
    words = text.split()
    if kind == "person":
        words = _strip_title(words)
        if "of" in words[1:-1]:  # "Richard Arcara of Buffalo": the place is not part of the name
            words = words[: words.index("of", 1)]
    return " ".join(words)


_INNER_POSSESSIVE = re.compile(r"['’]s\s+\S.*$")


def _before_possessive(text: str) -> str:
    """A person's name ends at a possessive inside the span ("Mitt Romney’s Medicare")."""
    return _INNER_POSSESSIVE.sub("", text)


@lru_cache(maxsize=65536)
def _key(name: str) -> tuple[str, ...]:
    """Lower-case word tokens; a dotted acronym is one token ("U.S." -> "us")."""
    name = _DOTTED_ACRONYM.sub(lambda m: m.group(0).replace(".", ""), name)
    return tuple(t.lower().replace("’", "'") for t in _KEY_TOKEN.findall(name))


def _org_key(name: str) -> tuple[str, ...]:
    key = _key(name)
    while len(key) > 1 and key[-1] in _ORG_SUFFIXES:
        key = key[:-1]
    return key


def _name_words(name: str) -> list[str]:
    return [w for w in name.split() if w.lower().rstrip(".,") not in _NAME_SUFFIXES]


def _surname_start(words: list[str]) -> int:
    """Index where the surname begins: at a lower-case particle ("bin Laden"), else the last word."""
    for i, w in enumerate(words[:-1]):
        if w in _PARTICLES:
            return i
    return len(words) - 1


def _person_parts(name: str) -> tuple[str, str] | None:
    """(first name, surname) of a full name, middle names aside; None when the name is a surname
    alone ("Ortiz", "bin Laden"). A generational suffix stays with the surname: "Donald Trump Jr."
    is not "Donald Trump", and a bare "Trump" is never read as the son."""
    words = _name_words(name)
    cut = _surname_start(words) if words else 0
    if cut < 1:
        return None
    first = _key(words[0])
    last = _key(" ".join(words[cut:]))
    suffix = [w.lower().rstrip(".,") for w in name.split() if w.lower().rstrip(".,") in _NAME_SUFFIXES]
    return (" ".join(first), " ".join(last + tuple(suffix[-1:]))) if first and last else None


def surname_of(name: str) -> str:
    """The surname as written ("Osama bin Laden" -> "bin Laden", "Ana Ortiz" -> "Ortiz")."""
    words = _name_words(name)
    return " ".join(words[_surname_start(words):]) if words else ""


# --- noise ---------------------------------------------------------------------------------------


_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")


def _lowercase_words(story: Story) -> set[str]:
    words: set[str] = set()
    for a in story.articles:
        words.update(_LOWER_WORD.findall(a.text))
    return words


# Corpora name wire services by code; their text names them in full ("told The Associated Press").
_WIRE_CODES = {
    "ap": "Associated Press", "apw": "Associated Press", "nyt": "New York Times", "afp": "Agence France-Presse",
    "xie": "Xinhua", "upi": "United Press International", "rtr": "Reuters",
}


def _outlet_keys(story: Story) -> set[tuple[str, ...]]:
    """The story's outlets as name keys: a mention of its own outlet is a credit, not a player."""
    keys = set()
    for outlet in story.outlets:
        k = _key(outlet)
        names = [k, _key(_WIRE_CODES.get(" ".join(k), ""))]
        for name in names:
            if name:
                keys.add(name)
                keys.add(name[1:] if name[0] == "the" else ("the",) + name)
                if len(name) > 1:
                    keys.add((_acronym(name),))
    return keys


def _is_noise(m: Mention, lower_words: set[str], outlets: set[tuple[str, ...]]) -> bool:
    key = _key(m.text)
    if not key or not any(c.isupper() for c in m.text):
        return True
    if all(t in _CALENDAR_WORDS for t in key):
        return True
    if key in outlets:
        return True
    if m.kind == "person" and any(c.isdigit() for c in m.text):
        return True
    if len(key) == 1 and not m.text.replace(".", "").isupper():  # "US", "U.S.", "IT" are names
        word = key[0]
        # A sentence-initial capitalised common word ("Critics have slammed ...").
        if m.start == 0 and word in lower_words:
            return True
        if word in lexical.stop_words() or word in _TITLES:
            return True
    return False


def _is_credit(text: str) -> bool:
    lowered = text.lower()
    if not (lowered.startswith("by ") or any(h in lowered for h in _CREDIT_HINTS)):
        return False  # cheap test first: most sentences are not credits
    return bool(_CREDIT.search(text))


def _credit_sentences(story: Story) -> set[tuple[int, int]]:
    return {(k, s.index) for k, a in enumerate(story.articles) for s in a.sentences if _is_credit(s.text)}


def _storm_names(story: Story, lower_words: set[str]) -> set[tuple[str, ...]]:
    """The names of the storms the story tells of ("Georges" of "Hurricane Georges"); not a word
    the story also uses in lower case ("Center" of "National Hurricane Center")."""
    return {_key(m.group(1)) for a in story.articles for m in _STORM.finditer(a.text)
            if m.group(1).lower() not in lower_words}


def _is_storm(key: tuple[str, ...], storms: set[tuple[str, ...]]) -> bool:
    """'Hurricane Georges', 'Tropical Storm Mitch', or a storm's bare name ('Georges')."""
    if key in storms:
        return True
    if key[:2] in (("tropical", "storm"), ("winter", "storm")):
        return len(key) > 2
    if key[:1] == ("super",):
        key = key[1:]
    return len(key) > 1 and key[0] in _STORM_WORDS


def _person_names(story: Story) -> set[tuple[str, ...]]:
    """Keys of the full names tagged PERSON and of their surnames: 'Sheriff Arpaio' tagged ORG is
    the person 'Joe Arpaio'."""
    out: set[tuple[str, ...]] = set()
    for a in story.articles:
        for e in a.entities:
            if e.label == "PERSON" and (name := clean_name(e.text, "person")) and _person_parts(name):
                out.add(_key(name))
                out.add(_key(surname_of(name)))
    return out


def _flight(sentence: str, end: int, text: str) -> str | None:
    """'Air France Flight' cut from 'Air France Flight 447': the flight with its number, or
    without one the airline ('Air France'); None when the name is no flight."""
    words = text.split()
    if len(words) < 2 or words[-1].lower() != "flight":
        return None
    number = _FLIGHT_NUMBER.match(sentence, end)
    return f"{text} {number.group(1)}" if number else " ".join(words[:-1])


def _mentions(story: Story, credits: set[tuple[int, int]]) -> list[Mention]:
    lower_words = _lowercase_words(story)
    outlets = _outlet_keys(story)
    storms = _storm_names(story, lower_words)
    people = _person_names(story)
    known = {_key(clean_name(e.text, KINDS.get(e.label, ""))) for a in story.articles for e in a.entities
             if e.label in KINDS and len(e.text.split()) > 1}
    out = []
    for k, article in enumerate(story.articles):
        credit = {i for a, i in credits if a == k}
        for e in article.entities:
            kind = KINDS.get(e.label)
            if kind is None or e.sentence_index in credit or not (0 <= e.sentence_index < len(article.sentences)):
                continue
            sentence = article.sentences[e.sentence_index].text
            text = e.text
            key = _key(text)
            if _is_storm(key, storms) or _is_storm(_key(clean_name(text, kind)), storms):
                continue  # a named storm is no person, organisation or place
            if (flight := _flight(sentence, e.end, _POSSESSIVE.sub("", text.strip()))) is not None:
                text, kind = flight, "organization"  # a flight is its airline's, never a person
                key = _key(text)
            if kind != "person" and key[:1] and key[0] in _HONORIFICS and len(key) > 1:
                kind = "person"  # "Ms Varga" tagged ORG
            elif kind != "person" and len(key) > 1 and key[0] in _TITLES and _key(clean_name(text, "person")) in people:
                kind = "person"  # "Sheriff Arpaio" tagged ORG, where the story names Joe Arpaio
            elif kind == "organization":
                following = _NEXT_WORD.match(sentence, e.end)
                if following and following.group(1).lower() in _PLACE_NOUNS:
                    kind = "place"  # "the Eastgate neighborhood", "Eastgate residents" tagged ORG
            if kind == "person" and len(key) > 1 and key[-1] in _ORG_HEADS:
                kind = "organization"  # "Alexandria Police" tagged PERSON
            if kind == "person" and len(key) > 1 and key[-1] in _TITLE_ONLY:
                continue  # "America's Toughest Sheriff": a description, not a name
            if kind != "organization" and key[-1:] and key[-1] in _EVENT_HEADS:
                continue  # "Whittington Lecture", "Olympic Games": an event, no person or place
            raw = _EDGE_PUNCT.sub("", _POSSESSIVE.sub("", " ".join(text.split())))
            raw = re.sub(r"^(?:the|The|THE)\s+", "", raw) + ("." if text.strip().endswith(".") else "")
            if kind == "person":
                raw = _before_possessive(raw)
            if _title_fragment(sentence, e.start, text):
                continue  # "State" of "Secretary of State"
            if _not_a_name(sentence, e.start, text, kind):
                continue  # "15:00 BST", "(R-Ky.)", "[I]t"
            m = Mention(k, e.sentence_index, e.start, clean_name(text, kind), raw, kind)
            if kind == "person":
                unglued = _unglued(m.text, m.start == 0, lower_words)
                if unglued != m.text:
                    m.text, m.raw = unglued, _unglued(m.raw, m.start == 0, lower_words)
            m.text, m.start = _whole_name(sentence, m.start, m.text, known)
            if not _is_noise(m, lower_words, outlets):
                out.append(m)
    return out


# 'Secretary of State', 'Minister of Defence': the word after the title's 'of' is part of the title.
_TITLE_OF = re.compile(r"\b([A-Z][a-z]+)\s+of\s+(?:the\s+)?$")
_CAP_BEFORE = re.compile(r"((?:[A-Z][\w'’.\-]*\s+){1,2})$")


# A clock time right before an upper-case word makes it a time zone ("15:00 BST", "11 a.m. EDT",
# "22:30 local time (01:30 UTC").
_CLOCK_BEFORE = re.compile(r"(?:\b\d{1,2}[:.]\d{2}|\b\d{1,2}\s*[ap]\.?m\.?)\s*\(?$", re.I)
_ZONE = re.compile(r"^[A-Z]{2,4}$")
# A party letter before a place is a lawmaker's affiliation tag ("Sen. Ann Cole (R-Ky.)",
# "(D., Md.)", "Rep. Joe Hale, D-Ore., said"), not a place the story is about.
_PARTY_BEFORE = re.compile(r"(?:^|[\s(,])[RDI]\.?(?:\s*-\s*|,\s*)$")


def _not_a_name(sentence: str, start: int, text: str, kind: str) -> bool:
    """A mention that is no player whatever its label: a time zone after a clock time, a party
    affiliation's state, or a span with an editor's square brackets ("[I]t was") or a parenthesis
    ("Maule (III")."""
    if any(c in text for c in "[]()"):
        return True
    before = sentence[max(0, start - 24):start]
    if _ZONE.match(text.strip()) and _CLOCK_BEFORE.search(before):
        return True
    return kind == "place" and bool(_PARTY_BEFORE.search(before))


def _title_fragment(sentence: str, start: int, text: str) -> bool:
    m = _TITLE_OF.search(sentence[:start])
    return bool(m and m.group(1).lower() in _TITLES and len(text.split()) == 1)


def _whole_name(sentence: str, start: int, text: str, known: set[tuple[str, ...]]) -> tuple[str, int]:
    """A name the NER cut out of a longer one the story also tags ("Korea" of "North Korea")."""
    m = _CAP_BEFORE.search(sentence[:start])
    if not m or start == 0:
        return text, start
    words = m.group(1).split()
    for n in range(len(words), 0, -1):
        longer = " ".join(words[-n:] + [text])
        if _key(longer) in known:
            return longer, start - len(" ".join(words[-n:])) - 1
    return text, start


def _unglued(name: str, sentence_start: bool, lower_words: set[str]) -> str:
    """'Earlier Ortiz', 'Cheerful Ortiz', 'Yet Trump' -> the name: a sentence adverb or an
    adjective glued to the name by the NER (at a sentence start, any word the story also uses in
    lower case), never a given name."""
    from newsdigest.analysis.quotes.names import _glued

    words = name.split()
    while len(words) >= 2 and words[1][:1].isupper():
        first = words[0].lower()
        if first in _PARTICLES:
            break
        if _glued(words[0]) or (sentence_start and first in lower_words and first not in _GIVEN_NAMES()):
            words = words[1:]
        else:
            break
    return " ".join(words)


@lru_cache(maxsize=1)
def _GIVEN_NAMES() -> frozenset[str]:
    from newsdigest.analysis.quotes.rules import GIVEN_NAMES

    return GIVEN_NAMES


# --- merging -------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _nick_namer():
    from nicknames import NickNamer

    return NickNamer()


def _nickname_of(short: str, formal: str) -> bool:
    """Whether given name ``short`` is a nickname of ``formal`` ("mike" of "michael", "bob" of
    "robert"), directly: two nicknames of one name ("bob", "bert") are not taken for one person."""
    return formal in _nick_namer().canonicals_of(short)


def _nickname_canon(mentions: list[Mention]) -> dict[tuple[str, str], tuple[str, str]]:
    """(first, surname) -> the same person's (formal first, surname) where the story gives both a
    nickname and the formal name with one surname ("Mike Bloomberg", "Michael R. Bloomberg")."""
    firsts: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        if m.kind == "person" and (parts := _person_parts(m.text)):
            firsts[parts[1]].add(parts[0])
    canon = {}
    for surname, names in firsts.items():
        for short in names:
            # The longer form is the formal one (the dataset lists some pairs both ways round).
            formal = [f for f in names if len(f) > len(short) and _nickname_of(short, f)]
            if len(formal) == 1:
                canon[(short, surname)] = (formal[0], surname)
    return canon


def _resolve_surnames(mentions: list[Mention], canon: dict[tuple[str, str], tuple[str, str]] | None = None
                      ) -> dict[int, tuple[str, str]]:
    """For each surname-only mention (by list position), the (first, surname) it refers to."""
    canon = canon or {}
    full = {i: canon.get(parts, parts) for i, m in enumerate(mentions)
            if m.kind == "person" and (parts := _person_parts(m.text))}
    # "Bin Laden" at the start of a sentence looks like a first and last name, but it is the
    # surname of "Osama bin Laden".
    surnames = {p[1] for p in full.values() if " " in p[1]}
    for i in [i for i in full if " ".join(_key(mentions[i].text)) in surnames]:
        del full[i]
    story_people: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for parts in full.values():
        story_people[parts[1]].add(parts)
    resolved: dict[int, tuple[str, str]] = {}
    last_seen: dict[tuple[int, str], tuple[str, str]] = {}  # (article, surname) -> person
    first_seen: dict[tuple[int, str], tuple[str, str]] = {}
    pending: list[tuple[int, str]] = []
    for i, m in enumerate(mentions):  # in reading order within each article
        parts = full.get(i)
        if parts:
            last_seen[(m.article, parts[1])] = parts
            first_seen.setdefault((m.article, parts[1]), parts)
            continue
        surname = " ".join(_key(m.text))
        if surname not in story_people:
            continue
        # Any label: spaCy often tags a bare surname ORG or GPE.
        if (m.article, surname) in last_seen:
            resolved[i] = last_seen[(m.article, surname)]
        else:
            pending.append((i, surname))
    for i, surname in pending:
        # Introduced only later in the article, else the only person of that name in the story.
        later = first_seen.get((mentions[i].article, surname))
        if later:
            resolved[i] = later
        elif len(story_people[surname]) == 1:
            resolved[i] = next(iter(story_people[surname]))
    # A one-word name tagged PERSON somewhere that is nobody's surname but exactly one person's
    # first word: a family-name-first name ("Wang" of "Wang Youcai") or a first name used alone.
    by_first: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for parts in full.values():
        by_first[parts[0]].add(parts)
    tagged_person = {_key(m.text) for m in mentions if m.kind == "person"}
    for i, m in enumerate(mentions):
        key = _key(m.text)
        if i in resolved or i in full or len(key) != 1 or key not in tagged_person or key[0] in story_people:
            continue
        if len(by_first.get(key[0], ())) == 1:
            resolved[i] = next(iter(by_first[key[0]]))
    return resolved


def _acronym(key: tuple[str, ...]) -> str:
    return "".join(t[0] for t in key if t not in {"of", "the", "and", "for", "&"})


def _group(mentions: list[Mention]) -> list[_Group]:
    canon = _nickname_canon(mentions)
    surnames = _resolve_surnames(mentions, canon)
    groups: dict[tuple[str, ...], _Group] = {}
    for i, m in enumerate(mentions):
        if i in surnames:
            gkey: tuple[str, ...] = ("person",) + surnames[i]
        elif m.kind == "person" and (parts := _person_parts(m.text)):
            gkey = ("person",) + canon.get(parts, parts)
        elif m.kind == "organization":
            gkey = ("name",) + _org_key(m.text)
        else:
            gkey = ("name",) + _key(m.text)
        g = groups.setdefault(gkey, _Group())
        g.kind_votes[m.kind] += 1
        g.mentions.append(m)
    _merge_short_forms(groups)
    return list(groups.values())


# A one-word name tagged more than this many times as often as a longer name it begins or ends is
# not taken for a short form of it.
OWN_NAME_RATIO = 2
# Words after the first of a name that is shortened to its first word ("House of Representatives").
_NAME_LINKS = frozenset("of de du des del della di da for".split())


def _one_name(targets: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Longer names that are one name told more or less fully ("Tour de France", "Tour de France
    Prologue") count as their shortest, which every other one begins; else all of them."""
    if len(targets) < 2:
        return targets
    shortest = min(targets, key=len)
    return [shortest] if all(t[:len(shortest)] == shortest for t in targets) else targets


def _merge_short_forms(groups: dict[tuple[str, ...], _Group]) -> None:
    """A one-word organisation or place that spells the initials of exactly one longer name of
    its kind joins it ("MBTA", "U.S." -> "United States"); a one-word organisation that begins
    exactly one longer organisation's name joins it ("Brightline" -> "Brightline Logistics"), or
    ends it ("Post" -> "Washington Post"), and
    a one-word place the one place named after it with a geographic word ("Wye" -> "Wye River")."""
    majority = {k: g.kind_votes.most_common(1)[0][0] for k, g in groups.items() if g.kind_votes}
    long_names = [k for k in groups if k[0] == "name" and len(k) > 2]
    for k in [k for k in groups if k[0] == "name" and len(k) == 2]:
        g = groups[k]
        kind = majority.get(k, "")
        if kind not in ("organization", "place"):
            continue
        word = k[1]
        same_kind = [t for t in long_names if t in groups and majority.get(t) == kind]
        targets = [t for t in same_kind if len(word) > 1 and _acronym(t[1:]) == word]
        # A short form tagged far more often than a longer name that adds two words or more
        # to it is a name of its own ("Medicare" of "Medicare Trust Fund", "Senate" of
        # "California State Senate", "House" of "House Rules Committee"), not a short form of
        # it; but "Treasury" is "Treasury Department", "House" "House of Representatives".
        own = {t for t in same_kind if (t[1] == word and len(t) > 3 and t[2] not in _NAME_LINKS or t[-1] == word)
               and len(g.mentions) > OWN_NAME_RATIO * len(groups[t].mentions)}
        if not targets and kind == "organization":
            targets = [t for t in same_kind if t[1] == word and t not in own]
        if not targets and kind == "organization" and not own:
            # "Post" -> "Washington Post", "Times" -> "New York Times": the last word of exactly
            # one longer organisation name, which is how papers and agencies are shortened.
            targets = [t for t in same_kind if t[-1] == word]
        if not targets and kind == "place":  # "Wye" -> "Wye River"
            targets = [t for t in same_kind if len(t) == 3 and t[1] == word and t[2] in _PLACE_HEADS]
        targets = _one_name(targets)
        if len(targets) == 1:
            target = groups[targets[0]]
            target.kind_votes.update(g.kind_votes)
            target.mentions.extend(g.mentions)
            del groups[k]


def _search_forms(groups: list[_Group]) -> dict[str, int]:
    """Surface forms to look for where the NER missed a player: each player's names as tagged
    elsewhere, and a person's surname. A form that could mean two players is not used."""
    owners: dict[str, set[int]] = defaultdict(set)
    for n, g in enumerate(groups):
        for m in g.mentions:
            if m.text:
                owners[m.text].add(n)
        if any(m.kind == "person" for m in g.mentions) and _person_parts(_display_name(g)):
            owners[surname_of(_display_name(g))].add(n)
    stop = lexical.stop_words()
    return {
        form: next(iter(ns))
        for form, ns in owners.items()
        if len(ns) == 1 and len(form) > 2 and form.lower() not in stop and form.lower() not in _CALENDAR_WORDS
    }


def _forms_pattern(forms: Iterable[str]) -> re.Pattern[str]:
    """Any of the forms as a whole word, the longest first where several match at one place.

    The forms are grouped by their first character (each group keeps the longest-first order),
    so at each position the engine tries only the forms that start with its character: the
    same matches as one flat alternation of all forms, many times faster with hundreds."""
    by_first: dict[str, list[str]] = {}
    for f in sorted(forms, key=len, reverse=True):
        by_first.setdefault(f[0], []).append(f[1:])
    alternatives = (re.escape(c) + "(?:" + "|".join(map(re.escape, tails)) + ")" for c, tails in by_first.items())
    return re.compile(r"(?<![\w'’-])(?:" + "|".join(alternatives) + r")(?![\w-])")


def _add_missed_mentions(story: Story, groups: list[_Group], credits: set[tuple[int, int]]) -> None:
    """The sm NER model tags a name in one sentence and misses it in the next ("Okafor said
    ..."): find the players' known forms in untagged text and count them as mentions (they
    add to mentions and outlets, not to the kind vote)."""
    forms = _search_forms(groups)
    if not forms:
        return
    pattern = _forms_pattern(forms)
    for k, article in enumerate(story.articles):
        spans: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for e in article.entities:
            if e.label in KINDS:  # a known name tagged NORP or PRODUCT is still that player
                spans[e.sentence_index].append((e.start, e.end))
        for sentence in article.sentences:
            if (k, sentence.index) in credits:
                continue
            taken = spans.get(sentence.index, [])
            for m in pattern.finditer(sentence.text):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                g = groups[forms[m.group(0)]]
                g.mentions.append(Mention(k, sentence.index, m.start(), m.group(0), m.group(0), ""))


def _merge_same_names(groups: list[_Group]) -> list[_Group]:
    """Groups that ended up with the same name are one player (never list a name twice)."""
    by_name: dict[str, _Group] = {}
    for g in groups:
        key = " ".join(_key(_display_name(g)))
        if key in by_name:
            by_name[key].kind_votes.update(g.kind_votes)
            by_name[key].mentions.extend(g.mentions)
        else:
            by_name[key] = g
    return list(by_name.values())


def _display_name(g: _Group) -> str:
    forms = Counter(m.text for m in g.mentions if m.kind)  # tagged forms only
    return max(forms, key=lambda f: (len(_key(f)), forms[f], len(f)))


def _kind(g: _Group, name: str) -> str:
    key = _key(name)
    if len(key) > 1 and key[-1] in _PLACE_HEADS:
        return "place"
    if len(key) == 1 and key[0] in PLATFORMS:
        return "organization"  # "on Twitter": a service, whatever label NER gave it
    # The full name's own labels first: "United States" tagged PERSON once and GPE four times is
    # a place; a full name tagged PERSON outweighs a bare surname tagged GPE.
    full = Counter(m.kind for m in g.mentions if m.kind and _key(m.text) == key)
    if len(key) > 1 and full and full["person"] < max(full.values()):
        order = {"person": 0, "organization": 1, "place": 2}
        return min(full, key=lambda k: (-full[k], order[k]))
    if any(m.kind == "person" and _person_parts(m.text) for m in g.mentions):
        return "person"  # a full name tagged PERSON outweighs a bare surname tagged GPE
    votes = Counter(g.kind_votes)
    # People are introduced by full name; a one-word "person" that also carries another label
    # ("Lanford" PERSON twice, GPE once) is more likely that other thing.
    if votes["person"] and len(votes) > 1:
        del votes["person"]
    order = {"person": 0, "organization": 1, "place": 2}  # tie-break: the more specific label
    return min(votes, key=lambda k: (-votes[k], order[k]))


# --- public --------------------------------------------------------------------------------------


def key_players(story: Story, limit: int = DEFAULT_LIMIT) -> list[Player]:
    """The story's key people, organisations and places, most widely reported first (at most
    ``limit``). Needs ``ner.annotate_entities`` to have filled ``Article.entities``; a story
    without entities gives an empty list."""
    if limit <= 0 or not story.articles:
        return []
    credits = _credit_sentences(story)
    groups = _group(_mentions(story, credits))
    _add_missed_mentions(story, groups, credits)
    players = []
    for g in _merge_same_names(groups):
        articles = sorted({m.article for m in g.mentions})
        sources = list(dict.fromkeys(story.articles[k].source for k in articles))
        independent = {story.articles[k].source for k in articles if story.articles[k].duplicate_of is None}
        name = _display_name(g)
        aliases = sorted({m.raw for m in g.mentions if m.raw.lower() != name.lower()})
        first = min((m.article, m.sentence_index, m.start) for m in g.mentions)
        players.append((len(independent), len(sources), len(g.mentions), first,
                        Player(name=name, kind=_kind(g, name), mentions=len(g.mentions), sources=sources, aliases=aliases)))
    if len(story.independent_outlets) >= 2 or len(players) > limit:
        players = [p for p in players if p[2] > 1]
    players.sort(key=lambda p: (-p[0], -p[1], -p[2], p[3]))
    return [p[4] for p in players[:limit]]
