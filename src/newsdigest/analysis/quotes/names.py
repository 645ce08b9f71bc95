"""Quotes: names and noun phrases of speakers (role words stripped, fullest form of a name)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable
from newsdigest.analysis.quotes.rules import MAX_SPEAKER_WORDS, _GROUP_PLURALS, _PLACE_HEADS, _ABBREVIATIONS, _ADVERBIAL_STARTS, _ADVERBS, _CLAUSE_WORDS, _COLLECTIVE, _CONJUNCTIONS, _DETERMINERS, _FEMALE_FIRST, _FEMALE_WORDS, _GLUE_SUFFIXES, _GLUE_WORDS, _MALE_FIRST, _LONE_DETERMINERS, _MALE_WORDS, _MASK, _NAME_CONNECTORS, _NAME_STOPS, _NP_STOPS, _ORG_CONNECTORS, _ORG_WORDS, _OTHER_PRONOUNS, _PREPOSITIONS, _PRONOUNS, _ROLES, _VERBS, _WORD


@dataclass
class _Speaker:
    kind: str  # person, org (organisation or description), pronoun
    name: str
    gender: str | None = None  # m/f for pronouns and titled names
    # Read from the sentence's subject rather than next to the verb: a one-word name then needs
    # the article to name that person elsewhere (else 'Signs point ...' would be a speaker).
    weak: bool = False


def _words(text: str) -> list[tuple[int, int, str]]:
    """Words with offsets; a final period is kept only on abbreviations and initials."""
    out = []
    for m in _WORD.finditer(text):
        w, end = m.group(), m.end()
        if end < len(text) and text[end] == "." and (w.lower() in _ABBREVIATIONS or (len(w) == 1 and w.isupper()) or "." in w):
            w, end = w + ".", end + 1
        out.append((m.start(), end, w))
    return out


def _bare(word: str) -> str:
    return word.lower().rstrip(".").replace("’", "'")


def _strip_possessive(word: str) -> str:
    return re.sub(r"[’']s$", "", word)


# 'al-Hawamdi', 'bin-Talal', "d'Estaing": lower-case particles joined to a capitalised name.
_PARTICLE_NAME = re.compile(r"(?:al|el|ad|as|ash|bin|ibn|abu|d|de|da|di|du|van|von|le|la)[-’'][A-Z]")


def _is_cap(word: str) -> bool:
    if _PARTICLE_NAME.match(word):
        return True
    return word[:1].isupper() and _bare(word) not in _NAME_STOPS and _bare(word) not in _DETERMINERS


def _strip_roles(run: list[str]) -> tuple[list[str], str | None]:
    """Role words and titles before a name, and the gender they imply."""
    gender = None
    # (The family name itself tells nothing: 'Billie Jean King', 'Ana Prince', nor does a name of
    # one word: 'King won 12 titles' is Billie Jean King.)
    for w in run[:-1]:
        b = _bare(w)
        if b in _MALE_WORDS:
            gender = "m"
        elif b in _FEMALE_WORDS:
            gender = "f"
    last_role = -1
    for k, w in enumerate(run[:-1]):
        if _bare(w) in _ROLES or _bare(w) in _ORG_CONNECTORS:
            last_role = k
    return run[last_role + 1:], gender


# Given names that end like an adjective or adverb ('Kelly', 'Irving').
_SUFFIX_NAMES = frozenset("""emily kelly molly holly beverly shelly sally billy lilly polly dolly carly stanley
bradley shirley ashley wesley kimberly dudley hadley riley presley clive olive irving sterling channing
fleming manning darling viking ely""".split())


# Prepositions and subordinators that open a sentence before a name.
_OPENER_GLUE = frozenset("like unlike despite although though because since unless until whereas amid".split())


# Verbs and small words capitalised only in headlines or at a question's start: never part of a
# name ('Was Szlachta satisfied?', 'Deporting Parents Is Not ...').
_HEADLINE_VERBS = frozenset("is are was were has have had not will says said about does did".split())


def _glued(word: str) -> bool:
    """A sentence adverb or an adjective glued to a name ('Yet Trump', 'Cheerful Ortiz')."""
    b = _bare(word)
    if b in _GLUE_WORDS or b in _VERBS or b in _HEADLINE_VERBS or b in _GROUP_PLURALS:  # ('Said Ana Ortiz, who ...': an inverted attribution)
        return True
    if b in _OPENER_GLUE:  # ('Like Ana Ortiz, ...', 'Unlike Ortiz')
        return True
    return (len(b) > 4 and b.isalpha() and b.endswith(_GLUE_SUFFIXES) and b not in _SUFFIX_NAMES
            and b not in _MALE_FIRST and b not in _FEMALE_FIRST)


def _unglue(name: list[str]) -> list[str]:
    """'Earlier Ortiz' -> 'Ortiz': the glued word is no part of the name."""
    while len(name) >= 2 and _glued(name[0]) and name[1][:1].isupper():
        name = name[1:]
    return name


def _name_sized(name: list[str]) -> bool:
    """Up to four words, or six with particles ('Jose Augusto Guilhermo de Albuquerque')."""
    particles = sum(_bare(w) in _NAME_CONNECTORS for w in name)
    return 0 < len(name) - particles <= 4 + (2 if particles else 0)


def _org_run(run: list[str]) -> bool:
    """A capitalised run that names an organisation: 'Foreign Ministry', 'Bank of America'.

    Its last word is an organisation word or an acronym, or an organisation word comes before its
    'of'/'for' ('Ministry of Industry'); 'Senate Minority Leader Mitch McConnell' is a person.
    """
    if _is_org(run[-1:]):
        return True
    for k, w in enumerate(run):
        if _bare(w) in _ORG_CONNECTORS:
            return _is_org(run[:k])
    return False


def _is_org(words: list[str]) -> bool:
    # (An acronym has two letters or more: 'D.' in 'Ernest D. Coursey' is an initial.)
    return any(_bare(_strip_possessive(w)) in _ORG_WORDS for w in words) or any(
        len(w.replace(".", "")) > 1 and w.replace(".", "").replace("-", "").isupper() and w.replace(".", "").isalpha()
        for w in words
    )


def _trailing_name_run(words: list[str]) -> list[str]:
    """The capitalised run at the end of words ('city engineer Daniel Reyes' -> Daniel Reyes).

    Small words between capitalised ones stay in ('Ministry of Industry', 'Luis de Guindos').
    """
    run: list[str] = []
    for w in reversed(words):
        if _is_cap(w) or (run and _bare(w) in _NAME_CONNECTORS | _ORG_CONNECTORS):
            run.insert(0, w)
        else:
            break
    while run and _bare(run[0]) in _NAME_CONNECTORS | _ORG_CONNECTORS:
        run.pop(0)
    return run


# Words between a subject and a reporting verb: 'X was quoted as saying', 'the mayor is expected to
# say', 'X is likely to tell', 'X went on to say'.
_BEFORE_INFINITIVE = frozenset("quoted as to expected likely unlikely set due going about able supposed went goes go on".split())


_COUNT_OPENING = re.compile(
    r"(?:close\s+to|nearly|almost|about|around|roughly|some|more\s+than|fewer\s+than|less\s+than|over|at\s+least|"
    r"up\s+to)\s+(?:(?:\d[\d,.]*|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"a\s+few|several|dozens|hundreds|thousands|dozen|hundred|thousand|of)\s+)+",
    re.I,
)


_AUXILIARIES = frozenset("have has had are were was is will would could can may might should shall do does did".split())


def _noun_phrase(chunk: str) -> _Speaker | None:
    """The speaker a phrase names: a person, an organisation/description, or he/she."""
    words = [w for _, _, w in _words(chunk)]
    while words and _bare(words[0]) in _CONJUNCTIONS:
        words.pop(0)
    # 'Close to three dozen House Democrats', 'More than 40 senators': a count of people, whose
    # first word is no name.
    count = _COUNT_OPENING.match(" ".join(words))
    if count and count.end() < len(" ".join(words)):
        # The group counted is the speaker: the words up to its verb ('... House Democrats have').
        rest = " ".join(words)[count.end():].split()
        group = []
        for w in rest:
            if w[:1].islower() and (_bare(w) in _AUXILIARIES or _bare(w) in _VERBS or _bare(w).endswith("ed")):
                break
            group.append(w)
        if not group or len(group) > 5:
            return None
        return _Speaker("org", " ".join(words[: len(words) - len(rest)] + group))
    while words and (_bare(words[-1]) in _ADVERBS | _BEFORE_INFINITIVE
                     or (words[-1].islower() and words[-1].endswith("ly") and len(words[-1]) > 4)):
        words.pop()  # 'Clinton immediately posted', 'Trump reportedly yelling'

    if not words:
        return None
    # Only the phrase after the last clause boundary ('... in which he', '... and Reyes').
    for k in range(len(words) - 1, 0, -1):
        # ('and' inside a name, 'Ministry of Trade and Industry', is no boundary.)
        in_name = words[k - 1] == "and" and k >= 2 and words[k - 2][:1].isupper() and words[k][:1].isupper()
        if _bare(words[k - 1]) in _CLAUSE_WORDS and not in_name:
            words = words[k:]
            break
    if len(words) == 1 and _bare(words[0]) in _PRONOUNS:
        return _Speaker("pronoun", words[0].lower(), _PRONOUNS[_bare(words[0])])
    lowered = [_bare(w) for w in words]
    if any((b in _VERBS or b in _OTHER_PRONOUNS or b in _PRONOUNS) and w[:1].islower() for w, b in zip(words, lowered, strict=True)):
        return None
    # The head comes before a preposition, unless the preposition joins a capitalised name
    # ("Ministry of Industry").
    head = words
    for k, w in enumerate(words[1:], 1):
        if _bare(w) not in _PREPOSITIONS:
            continue
        inside_name = k + 1 < len(words) and words[k - 1][:1].isupper() and words[k + 1][:1].isupper()
        left_name, _ = _strip_roles(_trailing_name_run(words[:k]))
        # ('Former Secretary of State X': a title ending in a role word is no name of its own.)
        if not inside_name or (len(left_name) >= 2 and not _is_org(left_name) and _bare(left_name[-1]) not in _ROLES):
            head = words[:k]
            break
    if len(head) < len(words) and _bare(head[-1]) in _ROLES:
        # 'Speaker of the House Rep. Paul Ryan': a title with its own 'of' phrase, then a titled
        # name; the name is the head (only when a title word comes right before it).
        tail = _trailing_name_run(words[len(head):])
        name, gender = _strip_roles([_strip_possessive(w) for w in tail])
        if 2 <= len(name) <= 3 and len(name) < len(tail) and not _is_org(name) and _bare(name[-1]) not in _ROLES:
            return _Speaker("person", " ".join(_unglue(name)), gender)
    run = _trailing_name_run(head)
    if run and len(run) <= 10:
        name, gender = _strip_roles([_strip_possessive(w) for w in run])
        # A run ending in a role word is a description: 'Chilean Ambassador', 'Attorney General'.
        only_roles = _bare(run[-1]) in _ROLES
        before = head[: len(head) - len(run)]
        if not only_roles and not head[-1].endswith(("’s", "'s")):
            if _org_run(run) or (before and _bare(before[-1]) in {"the"} and not any(_bare(w) in _ROLES for w in run)):
                return _Speaker("org", _phrase_text(words))
            name = _unglue(name)
            if _name_sized(name) and _person_like(name):
                return _Speaker("person", " ".join(name), gender)
            return None
    # A description: "a police spokesman", "the hospital's chief executive", "officials",
    # "Tony Blair's office".
    # (The possessor opens the phrase: "Tony Blair's office", not 'to back Clinton's campaign'.)
    possessive = any(w[:1].isupper() and w.endswith(("’s", "'s")) and all(v[:1].isupper() for v in words[:k])
                     for k, w in enumerate(words[:-1]))
    if (lowered[0] in _DETERMINERS or possessive) and len(words) <= 9:
        if len(words) == 1 or (len(words) == 1 and lowered[0] in _LONE_DETERMINERS):
            return None
        return _Speaker("org", _phrase_text(words))
    if len(words) <= 3 and not any(w[:1].isupper() for w in words[1:]) and (lowered[-1] in _COLLECTIVE or lowered[-1].endswith("s")):
        return _Speaker("org", _phrase_text(words))
    return None


def _phrase_text(words: list[str]) -> str:
    text = " ".join(words)
    return text[0].lower() + text[1:] if words and _bare(words[0]) in _DETERMINERS else text


def _person_like(name: list[str]) -> bool:
    """No headline in capitals ('RED STATES OUTNUMBER BLUE'), group ('Latino Republicans') or
    place ('Galeana Street') is a person."""
    letters = [w for w in name if any(c.isalpha() for c in w)]
    if len(letters) >= 2 and all(w.isupper() and len(w.strip(".")) > 1 for w in letters):
        return False
    return bool(name) and _bare(name[-1]) not in _GROUP_PLURALS and _bare(name[-1]) not in _PLACE_HEADS


def _bare_name(chunk: str) -> _Speaker | None:
    """A chunk that is nothing but a (titled) name: 'Frank', 'Dr. Paul Idris'."""
    words = [w for _, _, w in _words(chunk)]
    if words and len(words) <= 5 and all(_is_cap(w) or _bare(w) in _NAME_CONNECTORS for w in words) and _bare(words[-1]) not in _ROLES:
        name, gender = _strip_roles(words)
        name = _unglue(name)
        if name and not _is_org(words) and _person_like(name):
            return _Speaker("person", " ".join(name), gender)
    return None


def _is_adverbial(chunk: str) -> bool:
    words = [w for _, _, w in _words(chunk)]
    if not words:
        return False
    if _bare(words[0]) in _ADVERBIAL_STARTS:
        return True
    # A gerund opening ('Speaking to reporters'), not a name ending so ('Boreing said', 'Fleming').
    return words[0].lower().endswith("ing") and _bare(words[0]) not in _SUFFIX_NAMES and not (
        len(words) > 1 and (_bare(words[1]) in _VERBS or _bare(words[1]) in _AUXILIARIES))


def _subject(left: str) -> _Speaker | None:
    """The subject of a clause that ends just before its reporting verb.

    'X said' -> X; 'X, who ..., said' -> X; 'the chief executive, Tomas Brandt, said' -> the name.
    """
    left = re.split(r"[;:]|\s--\s|\s[\u2014\u2013]\s|" + _MASK, left)[-1]
    chunks = [c.strip() for c in left.split(",")]
    if chunks[-1] and len(chunks) >= 2 and re.fullmatch(r"who(?:\s+(?:then|later|also|once|again|had|has|have))*", chunks[-1]):
        # 'from Mike Lee, who declared in the spin room, "': a relative clause whose verb reports
        # the quote speaks for the person it hangs on (a name only, never a description).
        antecedent = _noun_phrase(chunks[-2])
        return antecedent if antecedent is not None and antecedent.kind == "person" else None
    if chunks[-1] and len(chunks) > 1 and all(
            _bare(w) in _ADVERBS or (w.islower() and w.endswith("ly") and len(w) > 4) for w in chunks[-1].split()):
        chunks[-1] = ""  # ('Clinton, exasperated, famously responded': the adverbs are no subject)
    if chunks[-1]:
        # 'Later the congressman told reporters': a one-word adverb opening the clause is no part
        # of its subject.
        m = re.match(r"(?:Later|Earlier|Then|Now|Still|Meanwhile|Separately|Also|Today|Yesterday|[A-Z][a-z]{3,}ly)\s+"
                     r"(?=[Tt]he\s|[A-Z]|(?:he|she)\b)", chunks[-1])
        if m:
            return _noun_phrase(chunks[-1][m.end():])
        found = _noun_phrase(chunks[-1])
        if found is not None and found.kind == "org" and len(chunks) >= 2 and re.match(r"(?:the|a|an)\s", chunks[-1]) \
                and any(_bare(w) in _ROLES for w in chunks[-1].split()):
            # 'Sam Lau, the communications director for the party said' (the closing comma left
            # out): the role is an appositive of the name before it.
            named = _bare_name(chunks[-2])
            if named is not None:
                return named
        return found
    cands = [c for c in chunks[:-1] if c]
    while cands and re.fullmatch(r"(?:[Oo]r|[Aa]nd|[Bb]ut|[Ss]o|[Yy]et)", cands[0]):
        cands.pop(0)  # ('Or, as Tom Ridge, a former secretary, put it:')
    if cands:
        # ('But Sen. Richard Durbin, noting ..., said': the conjunction is no part of the subject.)
        cands[0] = re.sub(r"^(?:But|And|Yet|So|Or)\s+(?=[A-Z])", "", cands[0])
    if cands and re.match(r"[Aa]s\s+[A-Z]", cands[0]):
        # 'As Ana Ortiz, a professor of law, put it,': 'as' opens the clause, the name is its subject.
        named = _bare_name(cands[0][3:])
        if named is not None:
            return named
    while cands and _is_adverbial(cands[0]):
        cands.pop(0)
    if not cands:
        return None
    head = _noun_phrase(cands[0])
    if head is None or head.kind == "org":
        # An appositive name after a description ('The race's medical chief, Dr. Paul Idris,').
        for c in cands[1:]:
            named = _bare_name(c)
            if named is not None:
                return named
    if head is None and len(cands) == 1:
        return None
    return head


def _object_speaker(text: str) -> _Speaker | None:
    """The speaker after an inverted verb: 'said Mayor Ana Ortiz, who ...' -> Ana Ortiz."""
    words: list[str] = []
    prev_end = 0
    for start, end, w in _words(text):
        if words and re.search(r"[,;:.!?()\[\]\"\u201c\u201d]", text[prev_end:start]):
            break
        b = _bare(w)
        if words and w.islower() and b in _AUXILIARIES and _bare(words[0]) in _DETERMINERS:
            return None  # ('said the candidate could win': what was said, no speaker)
        if b in _NP_STOPS or (words and b in _ADVERBS):
            break
        words.append(w)
        prev_end = end
        if len(words) > MAX_SPEAKER_WORDS:
            return None
    found = _noun_phrase(" ".join(words)) if words else None
    if found is None and words:
        # 'said master of ceremonies Asab Al-Tabchi', 'said United Auto Workers Secretary-Treasurer
        # Gary Casteel': lower-case title words, or a long capitalised run, before the name.
        run = _trailing_name_run(words)
        head = words[:len(words) - len(run)]
        if run and all(w.isalpha() and w.islower() and w not in _VERBS and w not in _NP_STOPS for w in head):
            name = run if len(run) <= 3 else run[-2:]
            if not _is_org(name) and all(_bare(w) not in _ROLES for w in name):
                found = _noun_phrase(" ".join(name))
                if found is not None and found.kind != "person":
                    found = None
    return found


def _name_key(name: str) -> list[str]:
    return [_bare(w) for w in name.split()]


def _fullest(name: str, candidates: Iterable[str], alone: set[str] | None = None) -> str:
    """The longest name among candidates that ends with name ('Ortiz' -> 'Ana Ortiz').

    With ``alone`` (the single words the article uses as names on their own), a name may also be
    the first word of a two-word name whose last word is never used alone: family name first
    ('said Li' -> 'Li Na'), but not 'Susan' -> 'Susan Ward' when the article says 'Ms. Ward'.
    """
    keyed = [(c, _name_key(c)) for c in candidates]
    key = _name_key(name)
    longer = [(c, k) for c, k in keyed if len(k) > len(key) and k[-len(key):] == key]
    if not longer and alone is not None and len(key) == 1:
        longer = [(c, k) for c, k in keyed if len(k) == 2 and k[0] == key[0]]
        if len({c.lower() for c, _ in longer}) != 1 or longer[0][1][1] in alone:
            return name
    if not longer:
        return name
    best, best_key = max(longer, key=lambda ck: len(ck[1]))
    # Two different fuller names ('Bill Clinton', 'Hillary Clinton') leave the name as it is.
    if any(not _is_suffix(k, best_key) for _, k in longer):
        return name
    return best


def _is_suffix(short: list[str], long: list[str]) -> bool:
    return len(short) <= len(long) and long[len(long) - len(short):] == short
