"""Quotes: direct quotations, who said them, and which outlets print them.

Method (rule-based, one article at a time, then merged across the story):

1. Quotation marks are read per paragraph: curly marks by their shape, straight ones by the
   spaces around them. A quote left open at the end of a paragraph continues into the next one
   when that paragraph opens with a quote mark (news style); the parts are joined with one
   space. Otherwise the quote is unbalanced: if it holds its own attribution ('"We will stay,
   union leader X said on Friday.') it ends there, else at the end of the paragraph. Stray
   closing marks are ignored. Single quotes never delimit, so a quote inside a quote ('...'
   inside "...") stays part of the outer one.
2. The speaker comes from, in order: the words right after the quote ('," X said', '," said
   X', ', according to X'), the same sentence before it ('X said: "', 'X said the plan was
   "..."', 'According to X, "', and for quotes of 4+ words 'X called it "..."'), and, for a
   quote with no attribution of its own, the previous quote (same paragraph, or the one closing
   the previous paragraph when this paragraph opens with the quote) unless someone else is named
   in between. A news agency named after the quote ('," the agency said') gives way to a
   speaker named before it. 'he'/'she' is resolved to a person mention outside quotation marks
   before it: nearest sentence first, its subject first, within four paragraphs, skipping people
   of the other gender (Mr/Ms/Mrs and gendered role words, 'X said she', 'X, who ... her',
   earlier resolutions). 'they'/'it', a lone 'said one' or anything unclear give None:
   precision first.
3. Names: role words are stripped ('Spanish Foreign Minister Abel Matutes' -> 'Abel Matutes',
   'X of Paribas Ltd' -> X) and a short name becomes the fullest form the article uses ('Ortiz'
   -> 'Ana Ortiz'; a family name first, 'Li' -> 'Li Na', only when 'Na' is never used alone),
   then the story's when exactly one fuller form exists. Organisations and descriptions ('the
   ministry', 'a company spokesman', 'Tony Blair's office') are kept as written. When
   ``Article.entities`` is filled (ner.py), PERSON entities count as people and names inside
   other entities (GPE, ORG, ...) never do; without entities, capitalised runs are used, single
   words only with a title, a fuller form in the article, or as the subject of 'said'.
4. A quote cut by its attribution is one quote: '"A," X said, "B."' and, across a sentence
   boundary, '"A," X said. "B."' when B follows in the same paragraph, ends its sentence and has
   no attribution of its own, the same speaker, and nothing but the attribution between the
   parts (one reporting verb, at most MAX_ATTRIBUTION_WORDS words, no clause of its own: 'X
   said after the meeting, adding that ...' keeps two quotes). Its text is the parts joined by
   OMISSION (' … '), each part verbatim, the first with the comma it had inside the marks.
5. Scare quotes and short terms (1-3 words) are dropped unless an attribution touches them
   ('"Never," he said'), and so are Title Case quotes without one (titles of works).
6. Across articles, two quotes are the same quote when at least 80% of the shorter one's words
   appear in order in the longer one (case, punctuation and British/American spelling
   ignored), unless their outlets name different people; a quote joins the group it shares
   the most words with. The entry's text is the longest version (verbatim parts, trailing comma
   dropped); other outlets' wordings are listed as variants unless they are the same words or
   excerpts (each ' … ' part a run of the entry's words, in order), so where an outlet cuts a
   quote for its attribution, or how much of it it prints, is no misquote. An outlet's second
   piece of a quote it printed in pieces we did not join adds no support but counts for
   variants; a longer quote than the one its article already gives there is a quote of its own.
   Support: per article, the sentence holding the opening mark (for a joined quote, the first
   part's sentence, which also names the speaker).

Limits: quotes delimited only by single quotes (British style) or dashes are not found; a quote
whose parts are apart by more than a short attribution ('"A," she said, pointing to the map.
"B."') or by a paragraph break stays two entries (the second keeps the speaker); pronoun
resolution knows no first-name genders, so two recent people of unknown gender can be
confused; 'X is expected to say' and other attributions with auxiliaries before the verb are
missed; an unattributed quote after an unrelated sentence keeps speaker None.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, Iterable

from .clean import paragraphs_of
from .lexical import _stem, tokens
from .model import Article, Quote, QuoteVariant, Story, Support

# Quotes shorter than this many words are scare quotes or terms unless directly attributed.
MIN_QUOTE_WORDS = 4
# A quote left open runs into at most this many following paragraphs.
MAX_CONTINUATION_PARAGRAPHS = 6
# A pronoun speaker is looked for in this many paragraphs before the quote's own.
PRONOUN_WINDOW_PARAGRAPHS = 4
# Share of the shorter quote's words found in order in the other for "the same quote".
SAME_QUOTE_OVERLAP = 0.8
# Words between a reporting verb's subject and the quote's end, at most.
MAX_SPEAKER_WORDS = 12
# Words between the two parts of a quote its attribution cuts ('"A," X said, "B."'), at most.
MAX_ATTRIBUTION_WORDS = 12

# --- word lists ----------------------------------------------------------------------------------

_VERBS = frozenset("""
said says say saying told tells telling added adds adding asked asks stated states declared
explained explains noted notes continued continues insisted insists warned warns wrote writes
argued argues recalled recalls replied replies remarked announced acknowledged acknowledges
admitted admits conceded concedes complained complains cautioned emphasized emphasised stressed
stresses observed predicted suggested suggests urged urges vowed pledged promised claimed
maintained contended countered responded answered shouted yelled screamed cried quipped joked
tweeted posted testified concluded agreed charged exclaimed whispered fumed boasted confirmed
lamented mused reiterated demanded pleaded protested wondered thundered snapped retorted
recounted estimated predicted assured reminded
""".split())
# Verbs that may come before the speaker: '"...," said X'.
_INVERTED_VERBS = frozenset("""
said says asked asks added adds wrote writes replied continued explained noted recalled insisted
warned declared stated answered responded countered remarked argued conceded admitted
acknowledged cautioned quipped joked shouted cried exclaimed suggested observed tweeted
testified told
""".split())
# Weak attributions, for quotes of MIN_QUOTE_WORDS or more only: 'X called it "..."'.
_WEAK_VERBS = frozenset({"called", "calls", "calling", "described", "describes", "describing", "dubbed", "termed"})
# Role words and titles before a name. Words that are also common surnames (King, Bishop, Dean,
# Prince, Major) are left out: a name never loses its last word to them anyway.
_ROLES = frozenset("""
mr mrs ms miss dr prof sir dame lord lady mayor chief president vice prime minister secretary
senator sen rep representative gov governor lt gen general col colonel maj capt captain sgt
sergeant adm admiral cmdr commander professor judge justice magistrate prosecutor attorney
councilman councilwoman councillor councilor commissioner director chairman chairwoman chair
chairperson ambassador premier chancellor queen princess pope rev reverend father archbishop
cardinal rabbi imam sheikh officer detective det inspector superintendent supt constable coach
manager speaker leader deputy foreign interior defense defence finance treasury executive ceo
spokesman spokeswoman spokesperson sheriff marshal trooper agent pastor congressman
congresswoman assemblyman assemblywoman alderman lawmaker legislator founder editor
president-elect undersecretary ayatollah emir sultan crown provost minority majority whip
delegate state brig cpl pvt insp democrat republican independent
""".split())
_MALE_WORDS = frozenset("""mr sir lord king prince councilman congressman chairman spokesman
assemblyman alderman father brother uncle businessman policeman fireman""".split())
_FEMALE_WORDS = frozenset("""mrs ms miss lady dame queen princess councilwoman congresswoman
chairwoman spokeswoman assemblywoman sister mother aunt businesswoman policewoman""".split())
_ORG_WORDS = frozenset("""
ministry department office agency police company corp corporation inc ltd llc plc party committee
council commission association union university college school bank group court army navy
force forces service services authority board bureau institute foundation hospital motors times
news post press herald journal tribune daily government parliament congress senate house church
federation league club team organization organisation fund center centre network airlines
airways systems technologies industries administration campaign embassy mission coalition
alliance movement front cabinet legislature assembly secretariat yard exchange reserve media
radio television tv channel magazine newspaper website page station logistics group holdings
partners ministry's department's
""".split())
# After-quote speakers that relay someone else's words rather than speak them.
_MEDIA_WORDS = frozenset("""agency news newspaper radio television tv report reports magazine
website channel broadcaster interfax xinhua itar-tass reuters ap afp wire""".split())
_PRONOUNS = {"he": "m", "she": "f"}
_OTHER_PRONOUNS = frozenset("they it we i you who which that this these those".split())
_DETERMINERS = frozenset("""the a an its his her their our one another two three several some
many most this that these those each both""".split())
_LONE_DETERMINERS = frozenset("one another some many most several both each others other".split())
# Words after which a new clause (and so a new subject) starts.
_CLAUSE_WORDS = frozenset("which who whom that and but because when while where as if so than though although".split())
# Bare nouns that can name a speaker without a determiner ("police said").
_COLLECTIVE = frozenset("police staff management security military government".split())
_PREPOSITIONS = frozenset("of for to in at from on with by near under over about into after before during".split())
_CONJUNCTIONS = frozenset("and but so then yet or also meanwhile still however".split())
_ADVERBS = frozenset("""later also again then earlier previously recently once still often
repeatedly today yesterday tonight monday tuesday wednesday thursday friday saturday sunday
has had have was is were would will could can may might had already then""".split())
# Phrases that open a sentence without being its subject ("In a statement, X said").
_ADVERBIAL_STARTS = frozenset("""in on at after before during when while asked speaking writing
however meanwhile still but and yet also later earlier then now today yesterday last this since
as with without for from under despite although though because if unlike like according instead
separately similarly elsewhere overall by""".split())
# Words that end a speaker named after its verb ('said X in a statement', 'said X, who ...').
_NP_STOPS = frozenset("""who whose which that in on at during after before from to with by via
when while as and but adding according because since last this on""".split())
_NAME_STOPS = frozenset("""the a an and but or if in on at of for to from by with as when while
after before during this that these those his her its their our my your i we you he she they it
there here what who why how not no yes january february march april june july august september
october november december monday tuesday wednesday thursday friday saturday sunday""".split())
# Lower-case words inside organisation names ("National Council of Resistance in Iran").
_ORG_CONNECTORS = frozenset("of for and on in".split())
_NAME_CONNECTORS = frozenset("de da del della der den di du van von bin ibn al el la le dos das y".split())
_ABBREVIATIONS = frozenset("""mr mrs ms dr prof sen rep gov gen lt col maj capt sgt adm cmdr rev
det supt st jr sr mt ft brig cpl pvt insp hon atty messrs""".split())

_OPEN_MARKS = "\u201c\u201e\u00ab"
_CLOSE_MARKS = "\u201d\u00bb"
_MARK = re.compile('["\u201c\u201d\u201e\u00ab\u00bb]')
_WORD = re.compile(r"\w[\w’'\-\.]*\w|\w")
# Placeholder for the text of other quotes when reading the words around a quote.
_MASK = "\u2026"
# Joins the parts of a quote cut by its attribution: the journalist's mark for an omission.
OMISSION = " \u2026 "


# --- records -------------------------------------------------------------------------------------


@dataclass
class _Speaker:
    kind: str  # person, org (organisation or description), pronoun
    name: str
    gender: str | None = None  # m/f for pronouns and titled names


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


@dataclass
class _Mention:
    para: int
    start: int
    end: int
    name: str  # role words stripped
    gender: str | None
    possessive: bool
    corroborated: bool  # a multi-word name, a titled one, or a NER PERSON


@dataclass
class _ArticleQuotes:
    article: Article
    spans: list[_Span] = field(default_factory=list)


# --- quotation marks -----------------------------------------------------------------------------


def _mark_kind(par: str, i: int) -> str:
    c = par[i]
    if c in _OPEN_MARKS:
        return "open"
    if c in _CLOSE_MARKS:
        return "close"
    prev = par[i - 1] if i > 0 else " "
    nxt = par[i + 1] if i + 1 < len(par) else " "
    left_open = prev.isspace() or prev in "([{\u2014\u2013-/"
    right_open = nxt.isspace() or nxt in ".,;:!?)]}\u2014\u2013-"
    if left_open and not right_open:
        return "open"
    if right_open and not left_open:
        return "close"
    return "either"


def _opens_with_quote(par: str) -> bool:
    s = par.lstrip()
    return bool(s) and (s[0] in _OPEN_MARKS or s[0] == '"')


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
        marks = [(m.start(), _mark_kind(par, m.start())) for m in _MARK.finditer(par)]
        if open_at is not None and marks and _at_paragraph_start(par, marks[0][0]):
            # The continuation paragraph's own opening mark.
            part_start = marks[0][0] + 1
            marks = marks[1:]
        for i, kind in marks:
            if open_at is None:
                if kind != "close":
                    open_at, parts, part_start = (p, i), [], i + 1
                continue
            if kind == "open" and (open_at[0] != p or i > part_start):
                # A new quote opens before the last one closed: that one was unbalanced.
                emit(p, i, i, closed=False)
                open_at, parts, part_start = (p, i), [], i + 1
            elif kind != "open":
                emit(p, i + 1, i, closed=True)
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


# --- words and names -----------------------------------------------------------------------------


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
    for w in run:
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
    return any(_bare(_strip_possessive(w)) in _ORG_WORDS for w in words) or any(
        len(w) > 1 and w.replace(".", "").replace("-", "").isupper() and w.replace(".", "").isalpha() for w in words
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


# --- speaker phrases -----------------------------------------------------------------------------


def _noun_phrase(chunk: str) -> _Speaker | None:
    """The speaker a phrase names: a person, an organisation/description, or he/she."""
    words = [w for _, _, w in _words(chunk)]
    while words and _bare(words[0]) in _CONJUNCTIONS:
        words.pop(0)
    while words and _bare(words[-1]) in _ADVERBS | {"quoted", "as"}:
        words.pop()
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
        if not inside_name or (len(left_name) >= 2 and not _is_org(left_name)):
            head = words[:k]
            break
    run = _trailing_name_run(head)
    if run and len(run) <= 10:
        name, gender = _strip_roles([_strip_possessive(w) for w in run])
        # A run ending in a role word is a description: 'Chilean Ambassador', 'Attorney General'.
        only_roles = _bare(run[-1]) in _ROLES
        before = head[: len(head) - len(run)]
        if not only_roles and not head[-1].endswith(("’s", "'s")):
            if _org_run(run) or (before and _bare(before[-1]) in {"the"} and not any(_bare(w) in _ROLES for w in run)):
                return _Speaker("org", _phrase_text(words))
            if _name_sized(name):
                return _Speaker("person", " ".join(name), gender)
            return None
    # A description: "a police spokesman", "the hospital's chief executive", "officials",
    # "Tony Blair's office".
    possessive = any(w[:1].isupper() and w.endswith(("’s", "'s")) for w in words[:-1])
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


def _bare_name(chunk: str) -> _Speaker | None:
    """A chunk that is nothing but a (titled) name: 'Frank', 'Dr. Paul Idris'."""
    words = [w for _, _, w in _words(chunk)]
    if words and len(words) <= 5 and all(_is_cap(w) or _bare(w) in _NAME_CONNECTORS for w in words) and _bare(words[-1]) not in _ROLES:
        name, gender = _strip_roles(words)
        if name and not _is_org(words):
            return _Speaker("person", " ".join(name), gender)
    return None


def _is_adverbial(chunk: str) -> bool:
    words = [w for _, _, w in _words(chunk)]
    return bool(words) and (_bare(words[0]) in _ADVERBIAL_STARTS or words[0].lower().endswith("ing"))


def _subject(left: str) -> _Speaker | None:
    """The subject of a clause that ends just before its reporting verb.

    'X said' -> X; 'X, who ..., said' -> X; 'the chief executive, Tomas Brandt, said' -> the name.
    """
    left = re.split(r"[;:]|\s--\s|\s[\u2014\u2013]\s|" + _MASK, left)[-1]
    chunks = [c.strip() for c in left.split(",")]
    if chunks[-1]:
        return _noun_phrase(chunks[-1])
    cands = [c for c in chunks[:-1] if c]
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
        if b in _NP_STOPS or (words and b in _ADVERBS):
            break
        words.append(w)
        prev_end = end
        if len(words) > MAX_SPEAKER_WORDS:
            return None
    return _noun_phrase(" ".join(words)) if words else None


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
    if speaker is None and re.fullmatch(r"\s+[^,:]+[,:]\s*", between) and verb.lower() in _INVERTED_VERBS:
        # 'Said Ms. Clywd: "...'
        speaker = _object_speaker(between)
    if speaker is None:
        return None
    return speaker, adjacent


# --- one article -----------------------------------------------------------------------------------


def _sentence_layout(article: Article, paragraphs: list[str]) -> list[list[tuple[int, int, int]]]:
    """Per paragraph: (start, end, sentence index) of each of the article's sentences."""
    layout: list[list[tuple[int, int, int]]] = [[] for _ in paragraphs]
    cursor = [0] * len(paragraphs)
    for s in article.sentences:
        if not (0 <= s.paragraph < len(paragraphs)):
            continue
        par = paragraphs[s.paragraph]
        at = par.find(s.text, cursor[s.paragraph])
        if at < 0:
            at = par.find(s.text)
        if at < 0:
            continue
        layout[s.paragraph].append((at, at + len(s.text), s.index))
        cursor[s.paragraph] = at + len(s.text)
    return layout


def _sentence_at(layout: list[list[tuple[int, int, int]]], para: int, offset: int) -> tuple[int, int, int] | None:
    row = layout[para] if 0 <= para < len(layout) else []
    for s in row:
        if s[0] <= offset < s[1]:
            return s
    later = [s for s in row if s[0] > offset]
    if later:
        return later[0]
    return row[-1] if row else None


def _masked(par: str, spans: list[_Span], p: int, lo: int, hi: int) -> str:
    """par[lo:hi] with the quotes inside it replaced by a placeholder (keeps lengths equal)."""
    chars = list(par[lo:hi])
    for s in spans:
        a = s.start if s.para == p else (0 if s.para < p <= s.end_para else None)
        if a is None:
            continue
        b = s.end if s.end_para == p else len(par)
        for i in range(max(a, lo), min(b, hi)):
            chars[i - lo] = _MASK if i == max(a, lo) else " "
    return "".join(chars)


def _mentions(article: Article, paragraphs: list[str], layout, spans: list[_Span]) -> list[_Mention]:
    """Person mentions outside quotation marks, in reading order."""
    inside = _inside_quotes(paragraphs, spans)
    common = _common_stems(article)
    ents = _entity_spans(article, layout)
    person_ents = {k: v for k, v in ents.items() if v == "PERSON"}
    out: list[_Mention] = []
    for p, par in enumerate(paragraphs):
        words = _words(par)
        k = 0
        while k < len(words):
            if not _is_cap(words[k][2]) or inside[p](words[k][0]):
                k += 1
                continue
            j = k
            while _run_goes_on(par, words, j):
                j += 1
            run = [w for _, _, w in words[k:j + 1]]
            start, end = words[k][0], words[j][1]
            k = j + 1
            prev = words[k - len(run) - 1][2] if k - len(run) - 1 >= 0 else ""
            if _bare(prev) in {"in", "at", "from", "to", "near", "of", "the"}:
                continue
            possessive = run[-1].endswith(("’s", "'s"))
            name, gender = _strip_roles([_strip_possessive(w) for w in run])
            if not name or not _name_sized(name) or all(_bare(w) in _ROLES for w in name) or _is_org(name):
                continue
            # The name itself (titles stripped) must not be a place or an organisation to NER.
            name_start = words[k - len(name)][0]
            labels = {lab for (pp, a, b), lab in ents.items() if pp == p and a <= name_start < b}
            if labels and "PERSON" not in labels:
                continue
            name = _drop_common_first(name, common, at_sentence_start=_starts_sentence(par, start))
            # Earlier words may carry the title ('union leader' carries none, 'Councilman' does).
            for _, _, w in words[max(0, k - len(run) - 3):k - len(run)]:
                if _bare(w) in _MALE_WORDS:
                    gender = gender or "m"
                elif _bare(w) in _FEMALE_WORDS:
                    gender = gender or "f"
            is_ent = any(a <= start < b or start <= a < end for (pp, a, b) in person_ents if pp == p)
            is_ent = is_ent or bool(_SAID_AFTER.match(par, end))
            titled = len(run) > len(name)
            out.append(_Mention(p, start, end, " ".join(name), gender, possessive, len(name) > 1 or titled or is_ent))
    _genders_from_context(paragraphs, out)
    return out


# 'X said', 'X, a three-star general, said': X is someone who speaks.
_SAID_AFTER = re.compile(r"(?:\s*,[^.;\"\u201c\u201d]{0,120}?,)?\s+(?:" + "|".join(sorted(_VERBS)) + r")\b")


def _common_stems(article: Article) -> set[str]:
    return {_stem(w) for w in re.findall(r"\b[a-z][a-z'’-]+\b", article.text)}


def _starts_sentence(par: str, offset: int) -> bool:
    return not par[:offset].strip() or bool(re.search(r"[.!?][\"\u201d’']?\s+$", par[:offset]))


def _drop_common_first(name: list[str], common: set[str], at_sentence_start: bool = True) -> list[str]:
    """'Runner Kofi Mensah' at the start of a sentence: 'runner' is a word the article uses."""
    if len(name) >= 2 and (len(name) >= 3 or at_sentence_start) and _stem(name[0].lower()) in common:
        return name[1:]
    return name


def _run_goes_on(par: str, words: list[tuple[int, int, str]], j: int) -> bool:
    """Whether the capitalised run ending at word j goes on (no punctuation; 'de' + a name)."""
    if j + 1 >= len(words) or not re.fullmatch(r"\s*", par[words[j][1]:words[j + 1][0]]):
        return False
    nxt = words[j + 1][2]
    return _is_cap(nxt) or (_bare(nxt) in _NAME_CONNECTORS and j + 2 < len(words) and _is_cap(words[j + 2][2]))


_SAID_PRONOUN = re.compile(r"\s+(?:said|says|told \w+|added)\s+(he|she)\b")
_WHO_PRONOUN = re.compile(r",\s+who\s+[^,.;]{0,50}?\b(his|her|he|she)\b")


def _genders_from_context(paragraphs: list[str], mentions: list[_Mention]) -> None:
    """'X said she ...' and 'X, who ... her ...' tell X's gender."""
    for m in mentions:
        if m.gender:
            continue
        tail = paragraphs[m.para][m.end:m.end + 60]
        g = _SAID_PRONOUN.match(tail) or _WHO_PRONOUN.match(tail)
        if g:
            m.gender = "m" if g.group(1) in ("he", "his") else "f"


def _inside_quotes(paragraphs: list[str], spans: list[_Span]):
    ranges: list[list[tuple[int, int]]] = [[] for _ in paragraphs]
    for s in spans:
        for p in range(s.para, s.end_para + 1):
            a = s.start if p == s.para else 0
            b = s.end if p == s.end_para else len(paragraphs[p])
            ranges[p].append((a, b))
    return [lambda off, r=r: any(a <= off < b for a, b in r) for r in ranges]


def _entity_spans(article: Article, layout) -> dict[tuple[int, int, int], str]:
    """NER entities as (paragraph, start, end) -> label, when the ner stage has run."""
    if not article.entities:
        return {}
    where = {}
    for p, row in enumerate(layout):
        for start, _, index in row:
            where[index] = (p, start)
    out = {}
    for e in article.entities:
        if e.sentence_index in where:
            p, base = where[e.sentence_index]
            out[(p, base + e.start, base + e.end)] = e.label
    return out


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


def _resolve_pronoun(
    gender: str, para: int, offset: int, mentions: list[_Mention], known: dict[str, str], layout
) -> _Mention | None:
    """The person a he/she at (para, offset) refers to: nearest sentence first, its subject first."""
    corroborated = {_name_key(m.name)[-1] for m in mentions if len(_name_key(m.name)) > 1}
    cands = [
        m
        for m in mentions
        if (m.para, m.start) < (para, offset)
        and m.para >= para - PRONOUN_WINDOW_PARAGRAPHS
        and not m.possessive
        and (m.corroborated or _name_key(m.name)[-1] in corroborated)
    ]
    by_sentence: dict[tuple[int, int], list[_Mention]] = {}
    for m in cands:
        s = _sentence_at(layout, m.para, m.start)
        by_sentence.setdefault((m.para, s[0] if s else m.start), []).append(m)
    for key in sorted(by_sentence, reverse=True):
        for m in by_sentence[key]:
            g = m.gender or known.get(_name_key(m.name)[-1])
            if g is None or g == gender:
                return m
    return None


def _attribute(aq: _ArticleQuotes, paragraphs: list[str], layout) -> None:
    spans = aq.spans
    mentions = _mentions(aq.article, paragraphs, layout, spans)
    names = [m.name for m in mentions]
    alone = {_name_key(m.name)[0] for m in mentions if len(_name_key(m.name)) == 1}
    common = _common_stems(aq.article)
    known: dict[str, str] = {}
    for m in mentions:
        if m.gender:
            known.setdefault(_name_key(m.name)[-1], m.gender)

    def finish(span: _Span, sp: _Speaker | None, at: int) -> None:
        if sp is None:
            return
        if sp.kind == "pronoun":
            ref = _resolve_pronoun(sp.gender or "m", span.para, at, mentions, known, layout)
            if ref is None:
                return
            known.setdefault(_name_key(ref.name)[-1], sp.gender or "m")
            span.speaker, span.speaker_kind = _fullest(ref.name, names, alone), "person"
        elif sp.kind == "person":
            sp.name = " ".join(_drop_common_first(sp.name.split(), common, at_sentence_start=False))
            if sp.gender:
                known.setdefault(_name_key(sp.name)[-1], sp.gender)
            span.speaker, span.speaker_kind = _fullest(sp.name, names, alone), "person"
        else:
            span.speaker, span.speaker_kind = sp.name, "org"

    for n, span in enumerate(spans):
        par = paragraphs[span.end_para]
        if not span.after:
            sent = _sentence_at(layout, span.end_para, max(span.end - 1, 0))
            stop = sent[1] if sent and sent[1] > span.end else len(par)
            nxt = [s.start for s in spans if s.para == span.end_para and s.start >= span.end]
            span.after = par[span.end:min([stop] + nxt)]
        sent = _sentence_at(layout, span.para, span.start)
        lo = sent[0] if sent and sent[0] <= span.start else 0
        before = _masked(paragraphs[span.para], spans, span.para, lo, span.start)
        long_quote = len(tokens(span.text)) >= MIN_QUOTE_WORDS
        after: _Speaker | None | bool = False
        if not (span.ends_sentence and span.after.lstrip()[:1].isupper()):
            after = _after_attribution(span.after, closes_clause=span.closes_clause)
        before_attr = _before_attribution(before, long_quote)
        if after is not False:
            span.attributed, span.adjacent, span.attributed_after = True, True, True
            chosen = after
            if before_attr is not None and after is not None and _relays(after):
                chosen = before_attr[0]
            finish(span, chosen, span.start)
        elif before_attr is not None:
            span.attributed, span.adjacent = True, before_attr[1]
            # The pronoun is in this sentence, before the quote: only earlier sentences count.
            finish(span, before_attr[0], lo)
        if not span.attributed and n > 0:
            _inherit(span, spans[n - 1], paragraphs, mentions, layout)


def _relays(speaker: _Speaker) -> bool:
    """A news agency or report named after a quote passes on someone else's words."""
    return speaker.kind == "org" and any(_bare(w) in _MEDIA_WORDS for w in speaker.name.split())


def _at_paragraph_start(par: str, offset: int) -> bool:
    return offset == len(par) - len(par.lstrip())


def _inherit(span: _Span, prev: _Span, paragraphs: list[str], mentions: list[_Mention], layout) -> None:
    """A quote with no attribution continues the previous quote's speaker (news convention)."""
    if prev.speaker is None:
        return
    same_paragraph = prev.end_para == span.para
    opens_paragraph = prev.end_para == span.para - 1 and _at_paragraph_start(paragraphs[span.para], span.start)
    if not (same_paragraph or opens_paragraph):
        return
    # Someone else named in between makes the speaker unclear.
    # (The rest of the previous quote's sentence describes its speaker: 'said X, who ...'.)
    sent = _sentence_at(layout, prev.end_para, max(prev.end - 1, 0))
    after_sentence = max(prev.end, sent[1]) if sent else prev.end
    speaker_words = set(_name_key(prev.speaker))
    corroborated = {_name_key(m.name)[-1] for m in mentions if len(_name_key(m.name)) > 1}
    between = [
        m for m in mentions
        if (prev.end_para, after_sentence) <= (m.para, m.start) < (span.para, span.start)
        and (m.corroborated or _name_key(m.name)[-1] in corroborated)
        and not set(_name_key(m.name)) <= speaker_words
    ]
    if opens_paragraph and prev.end < len(paragraphs[prev.end_para].rstrip()) - 40:
        return  # the previous paragraph went on well past that quote
    if not between:
        span.speaker, span.speaker_kind = prev.speaker, prev.speaker_kind


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


def _looks_like_title(text: str) -> bool:
    text = text.rstrip(".")
    words = [w for _, _, w in _words(text)]
    long_words = [w for w in words if len(w) > 3]
    return bool(long_words) and all(w[:1].isupper() for w in long_words) and len(words) >= 2 and not re.search(r"[.!?]$", text)


def _article_quotes(article: Article) -> _ArticleQuotes:
    aq = _ArticleQuotes(article)
    if not article.sentences or not article.text:
        return aq
    paragraphs = paragraphs_of(article.text)
    layout = _sentence_layout(article, paragraphs)
    aq.spans = _scan_marks(paragraphs)
    _attribute(aq, paragraphs, layout)
    aq.spans = _join_split_quotes(aq.spans, paragraphs)
    for span in aq.spans:
        n_words = len(tokens(span.text))
        if n_words < MIN_QUOTE_WORDS and not span.adjacent:
            span.keep = False  # a scare quote or a quoted term
        elif _looks_like_title(span.text) and not span.adjacent:
            span.keep = False  # the title of a work
        sent = _sentence_at(layout, span.para, span.start)
        if sent is None:
            span.keep = False
        else:
            span.sentence_index = sent[2]
    return aq


# --- the story -------------------------------------------------------------------------------------

_SPELLING = [
    (re.compile(r"(?<=\w\w\w)our(s?)$"), r"or\1"),  # colour/color, labour/labor
    (re.compile(r"(?<=\w\w\w)is(e|ed|es|ing|ation|ations)$"), r"iz\1"),  # organise/organize
    (re.compile(r"(?<=\w\w\w)ys(e|ed|es|ing)$"), r"yz\1"),  # analyse/analyze
    (re.compile(r"(?<=\w\w\w\w)([ea])ll(ed|ing|er|ers)$"), r"\1l\2"),  # travelled/traveled
    (re.compile(r"(?<=\w\w\w)tre(s?)$"), r"ter\1"),  # centre/center
]


def _spelling_key(token: str) -> str:
    t = token.replace("'", "").replace("-", "").replace(".", "")
    for rx, sub in _SPELLING:
        t = rx.sub(sub, t)
    return t


def normalized_tokens(text: str) -> list[str]:
    """Lower-cased words with punctuation dropped and British/American spellings merged."""
    return [_spelling_key(t) for t in tokens(text)]


def _matched(a: list[str], b: list[str]) -> int:
    return sum(block.size for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())


def same_quote(a: list[str], b: list[str]) -> bool:
    """Whether two normalised quotes are the same quotation (one may be an excerpt of the other)."""
    return _overlap(a, b) > 0


def _overlap(a: list[str], b: list[str]) -> int:
    """The words two normalised quotes share in order when they are the same quotation, else 0."""
    if a == b:
        return len(a)
    short = min(len(a), len(b))
    if short < MIN_QUOTE_WORDS:
        return 0
    m = _matched(a, b)
    return m if m >= MIN_QUOTE_WORDS and m / short >= SAME_QUOTE_OVERLAP else 0


def _could_match(a: list[str], b: list[str], ca: Counter | None = None, cb: Counter | None = None) -> bool:
    """A cheap upper bound of ``same_quote``: matched words are at most the common multiset.

    ``ca``/``cb`` are ``Counter(a)``/``Counter(b)`` when the caller has them already."""
    if a == b:
        return True
    short = min(len(a), len(b))
    if short < MIN_QUOTE_WORDS:  # common <= short, so the bound below cannot pass
        return False
    ca = Counter(a) if ca is None else ca
    cb = Counter(b) if cb is None else cb
    if len(cb) < len(ca):
        ca, cb = cb, ca
    common = sum(min(n, cb[w]) for w, n in ca.items() if w in cb)
    return common >= MIN_QUOTE_WORDS and common / short >= SAME_QUOTE_OVERLAP


def _is_excerpt(parts: list[list[str]], long: list[str]) -> bool:
    """Whether each part is a run of ``long``'s words, in order: a quote printed in part, or with
    words left out where OMISSION marks them."""
    text, at = f" {' '.join(long)} ", 0
    for part in parts:
        run = " ".join(part)
        found = text.find(f" {run} ", at)
        if found < 0:
            return False
        at = found + len(run) + 1
    return True


def _parts(v: _Version) -> list[list[str]]:
    return [n for n in (normalized_tokens(p) for p in v.span.text.split(OMISSION)) if n]


@dataclass
class _Version:
    order: tuple[int, int, int]  # article position, paragraph, offset: first appearance
    article: Article
    span: _Span
    norm: list[str]
    counts: Counter = field(default_factory=Counter)  # Counter(norm), for _could_match


def _merge_speaker(versions: list[_Version]) -> str | None:
    named = [(v.span.speaker, v.span.speaker_kind) for v in versions if v.span.speaker]
    if not named:
        return None
    persons = [n for n, k in named if k == "person"]
    if persons:
        votes = Counter(_name_key(n)[-1] for n in persons)
        top = max(votes.values())
        first_top = next(n for n in persons if votes[_name_key(n)[-1]] == top)
        group = [n for n in persons if _name_key(n)[-1] == _name_key(first_top)[-1]]
        return max(group, key=lambda n: len(_name_key(n)))
    return named[0][0]


def _speakers_conflict(a: _Span, b: _Span) -> bool:
    return (
        a.speaker_kind == "person" and b.speaker_kind == "person"
        and _name_key(a.speaker or "")[-1] != _name_key(b.speaker or "")[-1]
    )


def _group_could_match(length: int, bound: int, shortest: int) -> bool:
    """Can ``_could_match`` hold between a quote of ``length`` words and some version of a group
    whose versions have at least ``shortest`` words, when they share at most ``bound`` words?

    The same quote needs bound >= length; otherwise common words (<= bound) must reach
    MIN_QUOTE_WORDS and SAME_QUOTE_OVERLAP of the shorter one (>= min(length, shortest))."""
    if bound >= length:
        return True
    return bound >= MIN_QUOTE_WORDS and bound / min(length, shortest) >= SAME_QUOTE_OVERLAP


def find_quotes(story: Story) -> list[Quote]:
    """Direct quotations in the story's articles, merged across outlets (see the module doc)."""
    groups: list[list[_Version]] = []
    # Which groups use each word: only groups sharing a word with a quote can hold the same
    # quotation, which keeps the merge near-linear on big stories (thousands of quotes).
    groups_with: dict[str, set[int]] = defaultdict(set)
    shortest: list[int] = []  # per group, the fewest words of its versions
    # Per group, more parts of its quote from articles it already has (an outlet that printed the
    # quote in pieces we could not join): one support per article, but each piece's wording counts
    # for variants.
    extras: list[list[_Version]] = []
    for a_pos, article in enumerate(story.articles):
        aq = _article_quotes(article)
        for span in aq.spans:
            if not span.keep:
                continue
            norm = normalized_tokens(span.text)
            if not norm:
                continue
            v = _Version((a_pos, span.para, span.start), article, span, norm, Counter(norm))
            words = set(v.norm)
            # How many of the quote's words a group's versions can share at most (each counted
            # as often as the quote has it): a group whose bound rules out ``_could_match`` for
            # all its versions is skipped without looking at them.
            bound: dict[int, int] = defaultdict(int)
            for w in words:
                n = v.counts[w]
                for k in groups_with.get(w, ()):
                    bound[k] += n
            home = _best_group(v, groups, bound, shortest)
            if home is not None and any(o.article.id == article.id for o in groups[home]):
                if _part_of(v, groups[home]):
                    extras[home].append(v)
                    continue
                home = None  # more than the quote its article already gives there: a quote of its own
            if home is None:
                home = len(groups)
                groups.append([v])
                extras.append([])
                shortest.append(len(v.norm))
            else:
                groups[home].append(v)
                shortest[home] = min(shortest[home], len(v.norm))
            for w in words:
                groups_with[w].add(home)
    quotes = [_quote_of(story, g, x) for g, x in zip(groups, extras, strict=True)]
    _upgrade_names(story, quotes)
    order = {id(q): min(v.order for v in g) for q, g in zip(quotes, groups)}
    quotes.sort(key=lambda q: (-len(q.sources), order[id(q)]))
    return quotes


def _best_group(v: _Version, groups: list[list[_Version]], bound: dict[int, int], shortest: list[int]) -> int | None:
    """The group holding the same quotation as ``v`` with the most words in common, if any.

    Not simply the first: a quote joined across its attribution ('A ... B') can match one
    group holding only A and another holding B. ``bound`` (words in common at most) orders and
    prunes the search."""
    best, best_words = None, 0
    for k in sorted(bound, key=lambda k: (-bound[k], k)):
        if bound[k] <= best_words:
            break
        if not _group_could_match(len(v.norm), bound[k], shortest[k]):
            continue
        words = max((_overlap(v.norm, o.norm) for o in groups[k]
                     if _could_match(v.norm, o.norm, v.counts, o.counts) and not _speakers_conflict(v.span, o.span)),
                    default=0)
        if words > best_words:
            best, best_words = k, words
    return best


def _part_of(v: _Version, group: list[_Version]) -> bool:
    """Whether (nearly) all of v's words are, in order, in one of the group's versions."""
    return any(_matched(v.norm, o.norm) >= SAME_QUOTE_OVERLAP * len(v.norm) for o in group)


def _quote_of(story: Story, versions: list[_Version], extras: list[_Version]) -> Quote:
    rep = max(versions, key=lambda v: (len(v.norm), [-x for x in v.order]))
    ordered = [rep] + [v for v in versions if v is not rep]
    support = [
        Support(
            article_id=v.article.id,
            source=v.article.source,
            text=v.article.sentences[v.span.sentence_index].text,
            sentence_index=v.span.sentence_index,
            score=1.0,
        )
        for v in ordered
    ]
    variants = []
    seen = set()
    for v in ordered[1:] + extras:
        # An excerpt, or a fuller version of the entry's text, is not worded differently.
        if _is_excerpt(_parts(v), rep.norm) or _is_excerpt(_parts(rep), v.norm) or v.span.text in seen:
            continue
        seen.add(v.span.text)
        variants.append(QuoteVariant(text=v.span.text, source=v.article.source, article_id=v.article.id))
    return Quote(text=rep.span.text, speaker=_merge_speaker(versions), support=support, variants=variants)


def _upgrade_names(story: Story, quotes: list[Quote]) -> None:
    """A short person name becomes the story's fuller one when there is exactly one ('Whitfield')."""
    speakers = {q.speaker for q in quotes if q.speaker}
    if not speakers:
        return
    runs: set[str] = set()
    for a in story.articles:
        for m in re.finditer(r"[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+){1,3}", a.text):
            name, _ = _strip_roles([_strip_possessive(w) for w in m.group().split()])
            if len(name) > 1 and not _is_org(name) and not any(_bare(w) in _NAME_STOPS for w in name):
                runs.add(" ".join(name))
    fuller: dict[str, str] = {}  # many quotes share a speaker; the runs are the same for all
    for q in quotes:
        if q.speaker and " " not in q.speaker and q.speaker[:1].isupper():
            if q.speaker not in fuller:
                fuller[q.speaker] = _fullest(q.speaker, runs)
            q.speaker = fuller[q.speaker]


# --- scoring -------------------------------------------------------------------------------------


def _speaker_norm(name: str | None) -> str | None:
    if name is None:
        return None
    n = re.sub(r"[’']s\b", "", name.lower())
    n = re.sub(r"[^\w\s]", " ", n)
    n = re.sub(r"^\s*(?:the|a|an|its|his|her|their)\s+", "", n)
    return " ".join(n.split()) or None


def _speaker_ok(predicted: str | None, gold: Any) -> bool:
    options = gold if isinstance(gold, list) else [gold]
    return _speaker_norm(predicted) in {_speaker_norm(g) for g in options}


def _text_match(gold: list[str], pred: list[str]) -> float:
    """How strongly two quotes overlap (0 when they do not match at all)."""
    if not gold or not pred:
        return 0.0
    m = _matched(gold, pred)
    dice = 2 * m / (len(gold) + len(pred))
    if dice >= 0.6 or (m >= MIN_QUOTE_WORDS and m / min(len(gold), len(pred)) >= 0.9):
        return dice
    return 0.0


def _pair(gold_texts: list[list[str]], pred_texts: list[list[str]]) -> list[tuple[int, int]]:
    scored = sorted(
        ((s, gi, pi) for gi, g in enumerate(gold_texts) for pi, p in enumerate(pred_texts) if (s := _text_match(g, p)) > 0),
        reverse=True,
    )
    used_g, used_p, pairs = set(), set(), []
    for _, gi, pi in scored:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


def _speaker_counts(counts: Counter, predicted: str | None, gold: Any) -> None:
    if predicted is not None:
        counts["speaker_total"] += 1
        counts["speaker_correct"] += int(_speaker_ok(predicted, gold))
    if gold is not None:
        counts["speaker_gold"] += 1
        counts["speaker_found"] += int(predicted is not None and _speaker_ok(predicted, gold))


def score_quotes(story: Story, gold_items: list[dict[str, Any]]) -> dict[str, int]:
    """Counts for one story against gold items {"text", "speaker", "sources", "variant"}.

    tp/fp/fn on quotes (matched by strong word overlap, one to one); among matched quotes:
    speaker_correct of speaker_total (predicted speaker not None: attribution precision),
    speaker_found of speaker_gold (gold speaker not None: attribution recall), sources_correct
    (same set of outlets) and variant_correct (variants listed iff the gold says so).
    """
    predicted = find_quotes(story)
    gold_texts = [normalized_tokens(g.get("text", "")) for g in gold_items]
    pairs = _pair(gold_texts, [normalized_tokens(q.text) for q in predicted])
    counts: Counter = Counter({k: 0 for k in ("tp", "fp", "fn", "speaker_correct", "speaker_total",
                                               "speaker_found", "speaker_gold", "sources_correct", "variant_correct")})
    counts["tp"] = len(pairs)
    counts["fp"] = len(predicted) - len(pairs)
    counts["fn"] = len(gold_items) - len(pairs)
    for gi, pi in pairs:
        g, q = gold_items[gi], predicted[pi]
        _speaker_counts(counts, q.speaker, g.get("speaker"))
        counts["sources_correct"] += int(set(q.sources) == set(g.get("sources", [])))
        counts["variant_correct"] += int(bool(q.variants) == bool(g.get("variant", False)))
    return dict(counts)


def _prepare(records: list[dict[str, Any]], story_id: str) -> Story | None:
    from .align import mark_duplicates
    from .ingest import articles_from_records
    from .pipeline import prepare_articles

    result = articles_from_records(records)
    articles = prepare_articles(result.articles, [])
    if not articles:
        return None
    mark_duplicates(articles)
    return Story(id=story_id, articles=articles)


def score_real_quotes(
    gold_path: str | Path, data_dir: str | Path, nlp: Any = None, split: str | None = None
) -> dict[str, Any]:
    """Quote recall/precision and speaker precision on annotated real articles.

    gold_path: JSONL of {"dataset", "cluster", "article", "char_start", "char_end", "speaker",
    "split"}: offsets into the article's ``text`` in ``data_dir/dataset``; every quote of each
    annotated article is listed (a row with null offsets marks an article with none). ``speaker``
    is a name, a list of accepted names, or null. ``split`` ("dev"/"heldout") picks rows. Each
    article is its own story; ``nlp`` (ner.load_ner()) adds entities first.
    """
    rows = [json.loads(line) for line in Path(gold_path).read_text(encoding="utf-8").splitlines() if line.strip()]
    wanted: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for r in rows:
        if split is None or r.get("split") == split:
            group = wanted.setdefault((r["dataset"], r["cluster"], r["article"]), [])
            if r.get("char_start") is not None:
                group.append(r)
    records: dict[tuple[str, str, str], dict[str, Any]] = {}
    for dataset in sorted({k[0] for k in wanted}):
        clusters = {k[1] for k in wanted if k[0] == dataset}
        with (Path(data_dir) / dataset).open(encoding="utf-8") as f:
            for line in f:
                c = json.loads(line)
                if c.get("id") in clusters:
                    for a in c.get("articles", []):
                        if (dataset, c["id"], a.get("id")) in wanted:
                            records[(dataset, c["id"], a["id"])] = a
    counts: Counter = Counter({k: 0 for k in ("tp", "fp", "fn", "speaker_correct", "speaker_total", "speaker_found", "speaker_gold")})
    counts["articles"] = 0
    for key, gold in wanted.items():
        record = records.get(key)
        if record is None:
            counts["fn"] += len(gold)
            continue
        gold_texts = [normalized_tokens(record["text"][g["char_start"]:g["char_end"]]) for g in gold]
        story = _prepare([dict(record, source=record.get("source") or key[0])], key[2])
        if story is not None and nlp is not None:
            from .ner import annotate_entities

            annotate_entities(story.articles, nlp)
        # The gold marks each quoted span; a quote split by its attribution is one entry whose
        # parts are spans of their own, so each part is scored as a predicted span.
        predicted = [
            (part, q.speaker)
            for q in (find_quotes(story) if story is not None else [])
            for part in q.text.split(OMISSION)
            if part.strip()
        ]
        pairs = _pair(gold_texts, [normalized_tokens(text) for text, _ in predicted])
        counts["articles"] += 1
        counts["tp"] += len(pairs)
        counts["fp"] += len(predicted) - len(pairs)
        counts["fn"] += len(gold) - len(pairs)
        for gi, pi in pairs:
            _speaker_counts(counts, predicted[pi][1], gold[gi].get("speaker"))
    out: dict[str, Any] = dict(counts)
    out["quote_recall"] = round(counts["tp"] / max(1, counts["tp"] + counts["fn"]), 3)
    out["quote_precision"] = round(counts["tp"] / max(1, counts["tp"] + counts["fp"]), 3)
    out["speaker_precision"] = round(counts["speaker_correct"] / max(1, counts["speaker_total"]), 3)
    out["speaker_recall"] = round(counts["speaker_found"] / max(1, counts["speaker_gold"]), 3)
    return out


def score_gold_file(path: str | Path, nlp: Any = None) -> dict[str, int]:
    """score_quotes summed over the clusters of a gold JSONL file (each line: a cluster + "gold")."""
    total: Counter = Counter()
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        cluster = json.loads(line)
        story = _prepare(cluster["articles"], cluster["id"])
        if story is None:
            total["fn"] += len(cluster.get("gold", []))
            continue
        if nlp is not None:
            from .ner import annotate_entities

            annotate_entities(story.articles, nlp)
        total.update(score_quotes(story, cluster.get("gold", [])))
    return dict(total)


if __name__ == "__main__":  # pragma: no cover - a benchmark entry point
    import sys

    root = Path(__file__).resolve().parents[2]
    nlp = None
    if "--ner" in sys.argv:
        from .ner import load_ner

        nlp = load_ner()
    print("fictional gold:", json.dumps(score_gold_file(root / "benchmarks/gold/quotes.jsonl", nlp)))
    data = root.parent / "shared" / "data"
    if (data / "duc2003.jsonl").exists():
        for part in ("dev", "heldout"):
            scores = score_real_quotes(root / "benchmarks/gold/quotes_real.jsonl", data, nlp, split=part)
            print(f"real gold ({part}):", json.dumps(scores))
