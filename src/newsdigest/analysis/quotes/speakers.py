"""Quotes: who said each quote in one article (attribution before/after, previous quote, pronouns)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

import re
from collections import defaultdict
from dataclasses import dataclass, field
from newsdigest.text.clean import paragraphs_of
from newsdigest.text.lexical import _stem, looks_like_prose, stop_words, tokens
from newsdigest.model import Article
from newsdigest.analysis.ner import PLATFORMS
from newsdigest.analysis.quotes.attribution import _after_attribution, _before_attribution
from newsdigest.analysis.quotes.marks import _Span, _at_paragraph_start, _join_listed, _join_split_quotes, _looks_like_title, _scan_marks
from newsdigest.analysis.quotes.names import _HEADLINE_VERBS, _is_adverbial, _person_like, _bare_name, _OPENER_GLUE, _PARTICLE_NAME, _Speaker, _bare, _fullest, _is_cap, _is_org, _name_key, _name_sized, _strip_possessive, _strip_roles, _unglue, _words
from newsdigest.analysis.quotes.rules import GIVEN_NAMES, _INVERTED_VERBS, MAX_BEFORE_CHARS, MAX_QUOTES_PER_ARTICLE, MIN_QUOTE_WORDS, PRONOUN_WINDOW_PARAGRAPHS, _DETERMINERS, _FEMALE_FIRST, _FEMALE_WORDS, _MALE_FIRST, _MALE_WORDS, _ROLE_GENERAL, _ROLE_SPELLED, _THING_HEADS, _UTTERANCE_HEADS, _MASK, _MEDIA_WORDS, _NAME_CONNECTORS, _ROLES, _TITLE_NOUNS, _VERBS


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


def _masked(par: str, spans: list[_Span], p: int, lo: int, hi: int, ends: list[int] | None = None) -> str:
    """par[lo:hi] with the quotes inside it replaced by a placeholder (keeps lengths equal).

    ``spans``: the quotes covering paragraph ``p`` in reading order; with ``ends`` (where each
    ends in this paragraph, ascending) only those overlapping [lo, hi) are visited."""
    chars = list(par[lo:hi])
    first = bisect_right(ends, lo) if ends is not None else 0
    for s in spans[first:]:
        a = s.start if s.para == p else (0 if s.para < p <= s.end_para else None)
        if a is None:
            continue
        if ends is not None and a >= hi:
            break
        b = s.end if s.end_para == p else len(par)
        x, y = max(a, lo), min(b, hi)
        if x < y:
            chars[x - lo:y - lo] = [_MASK] + [" "] * (y - x - 1)
    return "".join(chars)


def _mentions(article: Article, paragraphs: list[str], layout, spans: list[_Span]) -> list[_Mention]:
    """Person mentions outside quotation marks, in reading order."""
    inside = _inside_quotes(paragraphs, spans)
    common = _common_stems(article)
    ents = _entity_spans(article, layout)
    person_ents = {k: v for k, v in ents.items() if v == "PERSON"}
    # Family names of people NER names in full somewhere: a bare 'Trump' it tags ORG elsewhere
    # is still that person.
    person_surnames = {
        _bare(_strip_possessive(e.text.split()[-1])) for e in article.entities
        if e.label == "PERSON" and len(e.text.split()) > 1
    }
    # ... and of a common given name before a capitalised word ('Carly Fiorina' tagged ORG).
    person_surnames |= {
        _bare(_strip_possessive(m.group(2))) for m in _GIVEN_NAME.finditer(article.text)
        if m.group(1).lower() in _MALE_FIRST or m.group(1).lower() in _FEMALE_FIRST
    }
    out: list[_Mention] = []
    for p, par in enumerate(paragraphs):
        if _headline(par):
            continue  # ('Bush Hits Marco Rubio', 'Clinton Campaign Manager Laughs': no one is 'Laughs')
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
            if j > k and _bare(words[k][2]) in _OPENER_GLUE:
                start = words[k + 1][0]  # ('Like Ana Ortiz, ...': the name starts after 'Like')
            k = j + 1
            prev = words[k - len(run) - 1][2] if k - len(run) - 1 >= 0 else ""
            # 'in Paris' is a place; 'step in, Wilcox said' is a person after a comma.
            gap = par[words[k - len(run) - 1][1]:start] if prev else ""
            if _bare(prev) in {"in", "at", "from", "to", "near", "of", "the"} and not re.search(r"[,;:.!?]", gap) \
                    and not _office_of(words, k - len(run) - 1, run):
                continue
            if any(_bare(w) in _HEADLINE_VERBS for w in run[1:]):
                continue  # ('Deporting Parents Is Not ...', 'Has Said About Latinos': headline words)
            if any(len(re.findall(r"[a-z][A-Z]", w)) >= 2 for w in run):
                continue  # 'FoleyFlagShareLikeReplyAni': page furniture glued to a name
            if any(re.search(r"\w-[a-z]", w) and not _PARTICLE_NAME.match(w) for w in run):
                continue  # 'Pulitzer Prize-winning', 'Texas-based': an adjective, no name
            if re.match(r"\s+(?:" + "|".join(sorted(_ROLES)) + r")\s+[A-Z]", par[end:end + 40]):
                continue  # ('Former Pennsylvania governor Ed Rendell': a place before a title)
            possessive = run[-1].endswith(("’s", "'s"))
            name, gender = _strip_roles([_strip_possessive(w) for w in run])
            if not name or not _name_sized(name) or all(_bare(w) in _ROLES for w in name) or _is_org(name) \
                    or not _person_like(_unglue(name)):
                continue
            # The name itself (titles stripped) must not be a place or an organisation to NER.
            name_start = words[k - len(name)][0]
            labels = {lab for (pp, a, b), lab in ents.items() if pp == p and a <= name_start < b}
            if labels and "PERSON" not in labels and _bare(_strip_possessive(name[-1])) not in person_surnames \
                    and not _PERSON_APPOSITIVE_SAID.match(par, end):
                continue
            name = _unglue(_drop_common_first(name, common, at_sentence_start=_starts_sentence(par, start)))
            if len(run) == 1 and _stem(_bare(name[0])) in common and _starts_sentence(par, start) \
                    and "PERSON" not in labels and _bare(name[0]) not in person_surnames:
                continue  # 'Others say', 'Critics said': a common word opening a sentence
            # Earlier words may carry the title ('union leader' carries none, 'Councilman' does).
            for _, _, w in words[max(0, k - len(run) - 3):k - len(run)]:
                if _bare(w) in _MALE_WORDS:
                    gender = gender or "m"
                elif _bare(w) in _FEMALE_WORDS:
                    gender = gender or "f"
            is_ent = any(a <= start < b or start <= a < end for (pp, a, b) in person_ents if pp == p)
            is_ent = is_ent or bool(_SAID_AFTER.match(par, end))
            if gender is None:
                first = _bare(name[0])
                gender = "m" if first in _MALE_FIRST else "f" if first in _FEMALE_FIRST else None
            titled = len(run) > len(name)
            out.append(_Mention(p, start, end, " ".join(name), gender, possessive, len(name) > 1 or titled or is_ent))
    _genders_from_context(paragraphs, out)
    return out


def _office_of(words: list[tuple[int, int, str]], of_at: int, run: list[str]) -> bool:
    """'Secretary of State John Kerry': the capitalised run after 'of' ends a title (a role word
    before 'of', one opening the run) and goes on with a name of two words or more."""
    if _bare(words[of_at][2]) != "of" or of_at == 0 or _bare(words[of_at - 1][2]) not in _ROLES:
        return False
    rest = [w for w in run if _bare(w) not in _ROLES]
    return _bare(run[0]) in _ROLES and len(rest) >= 2 and len(rest) == len(run) - 1


# 'Eswar Prasad, a professor of economics at Cornell University, said': a name NER took for an
# organisation is a person when an appositive gives a person's title and the name then speaks.
_PERSON_APPOSITIVE_SAID = re.compile(
    r",\s+(?:a|an|the)\s+(?:[^,.;:\"\u201c\u201d]{0,60}?\s)?(?:" + "|".join(sorted(_ROLES | _TITLE_NOUNS)) +
    r")\b[^.;:\"\u201c\u201d]{0,80}?,\s+(?:[a-z]+ly\s+)?(?:said|says|told|added|wrote|writes)\b")


# Small words a headline leaves in lower case.
_HEADLINE_SMALL = frozenset("a an the of to in on at for and or but by with vs from as is are be into over up".split())


def _headline(par: str) -> bool:
    """A paragraph in headline case ('Clinton Campaign Manager Laughs, Evades Reporter's
    Question'): its capitalised words are no names to resolve a he/she to."""
    words = re.findall(r"[A-Za-z][\w’'\-]*", par)
    content = [w for w in words if w.lower() not in _HEADLINE_SMALL]
    return 3 <= len(content) <= 30 and sum(w[:1].isupper() for w in content) >= 0.9 * len(content)


_GIVEN_NAME = re.compile(r"\b([A-Z][a-z]+)\s+(?:[A-Z]\.\s+)?([A-Z][\w’'\-]+)")


# 'X said', 'X, a three-star general, said': X is someone who speaks.
_SAID_AFTER = re.compile(r"(?:\s*,[^.;\"\u201c\u201d]{0,120}?,)?\s+(?:[a-z]+ly\s+)?(?:" + "|".join(sorted(_VERBS)) + r")\b")


def _common_stems(article: Article) -> set[str]:
    return {_stem(w) for w in re.findall(r"\b[a-z][a-z'’-]+\b", article.text)}


def _starts_sentence(par: str, offset: int) -> bool:
    return not par[:offset].strip() or bool(re.search(r"[.!?][\"\u201d’']?\s+$", par[:offset]))


def _drop_common_first(name: list[str], common: set[str], at_sentence_start: bool = True) -> list[str]:
    """'Runner Kofi Mensah' at the start of a sentence: 'runner' is a word the article uses."""
    if len(name) >= 2 and (len(name) >= 3 or at_sentence_start) and _stem(name[0].lower()) in common \
            and not (len(name) == 2 and _bare(name[0]) in GIVEN_NAMES):
        return name[1:]  # (but 'Bill Clinton' keeps 'Bill', a given name, though the article has 'a bill')
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


# He/she as the subject of a sentence or of a clause after a comma ('Asked about it, he said').
_SUBJECT_PRONOUN = re.compile(r"(?:^|[,;])\s*(?:(?:and|but|then|so)\s+)?([Hh]e|[Ss]he)\s+[a-z]")


def _pronoun_subject_before(par: str, start: int, end: int, gender: str, inside) -> bool:
    """Whether a he/she of ``gender`` outside quotation marks is a subject in par[start:end]."""
    for hit in _SUBJECT_PRONOUN.finditer(par[start:end]):
        at = start + hit.start(1)
        if _PRONOUNS_GENDER[hit.group(1).lower()] == gender and not inside(at):
            return True
    return False


_PRONOUNS_GENDER = {"he": "m", "she": "f"}


def _pronoun_in(par: str, end: int, gender: str, inside) -> bool:
    """Whether par[:end] holds a he/she of ``gender`` outside quotation marks."""
    return any(_PRONOUNS_GENDER[hit.group(1).lower()] == gender and not inside(hit.start())
               for hit in re.finditer(r"\b([Hh]e|[Ss]he)\b", par[:end]))


# 'According to (Florida consultant) X': the words before a mention that make X a speaker.
_ACCORDING_BEFORE = re.compile(r"\b[Aa]ccording to\s+(?:[\w’'.\-]+\s+){0,3}$")


def _resolve_pronoun(
    gender: str, para: int, offset: int, mentions: list[_Mention], known: dict[str, str], layout,
    paragraphs: list[str], inside=None,
) -> _Mention | None:
    """The person a he/she at (para, offset) refers to: nearest sentence first, its subject first.

    Within a sentence the speaker of an attribution ('Trump, Sexton said, has ...' -> Sexton) comes
    before other subjects. A sentence whose subject is already a he/she of the same gender ('He
    said Ryan.') speaks of the same person: its other names are skipped and the chain goes on to
    the sentences before it."""
    inside = inside or [lambda _off: False] * len(paragraphs)
    # (A name of one word counts when the article gives it in full, with a title, as a NER person
    # or as the subject of 'said' anywhere: 'Tiegen said.' ... 'Tiegen was also troubled by ...'.)
    corroborated = {_name_key(m.name)[-1] for m in mentions if len(_name_key(m.name)) > 1 or m.corroborated}
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
    # The subject of the nearest sentence that has one ('Asked by X about Y, Z said' -> Z; 'said
    # Z' counts), never a name in the middle of a clause ('the accusation that Y ...').
    def speaks(m: _Mention) -> bool:
        # ('X said', and 'According to X, ...': the sentence gives X's words.)
        par = paragraphs[m.para]
        return bool(_SAID_AFTER.match(par, m.end) or _ACCORDING_BEFORE.search(par[max(0, m.start - 40):m.start]))

    def chained(key: tuple[int, int], m: _Mention) -> bool:
        # ('He will win, Sanders said.': the speaker of the sentence is no name the he stands for.)
        return not speaks(m) and _pronoun_subject_before(paragraphs[key[0]], key[1], m.start, gender, inside[key[0]])

    for key in sorted(by_sentence, reverse=True):
        # (The speaker first, then the main clause's subject, then a subordinate clause's: 'When
        # X asked, Y said' -> Y.)
        rank = {id(m): _is_subject(paragraphs[m.para], key[1], m) for m in by_sentence[key]}
        ordered = sorted(by_sentence[key], key=lambda m: (not (speaks(m) and rank[id(m)] != 1), -rank[id(m)]))
        for m in ordered:
            # (A name right before its reporting verb is that verb's subject: 'County official
            # Ana Ortiz said'.)
            if not (rank[id(m)] or speaks(m)) or chained(key, m):
                continue
            g = m.gender or known.get(_name_key(m.name)[-1])
            if g is None and not speaks(m) and para - m.para >= 2 and not any(
                    _pronoun_in(paragraphs[q], offset if q == para else len(paragraphs[q]), gender, inside[q])
                    for q in range(m.para + 1, para + 1)):
                # (Whole paragraphs between with no he/she of that gender to carry the
                # reference, and nothing tells that this name is a he or a she: no speaker.)
                return None
            if g is None or g == gender:
                return m
    for key in sorted(by_sentence, reverse=True):
        for m in by_sentence[key]:
            if chained(key, m):
                continue
            g = m.gender or known.get(_name_key(m.name)[-1])
            if g is None or g == gender:
                return m
        break  # only the nearest sentence's other names, as a last resort
    return None


# Nouns for people that head a description opening a sentence ('The Ohio governor said ...',
# 'A 29-year-old Berlin woman received ...', 'One California delegate said ...').
_PERSON_HEADS = (_ROLES - frozenset("""state foreign interior defense defence finance treasury minority majority
vice deputy chief executive independent democrat republican""".split())) | (_TITLE_NOUNS - frozenset(
    "communications campaign policy political senior top longtime former".split())) | frozenset("""
man woman men women voter worker resident delegate supporter member student mother father son daughter
wife husband brother sister veteran owner teacher nurse retiree employee friend neighbor neighbour official
admiral general candidate critic protester protestor organizer volunteer citizen immigrant pastor lawyer
executive boss farmer driver mom dad grandmother grandfather officer soldier source insider""".split())
_MALE_HEADS = _MALE_WORDS | frozenset("man men father son husband brother dad grandfather boy".split())
_FEMALE_HEADS = _FEMALE_WORDS | frozenset("woman women mother daughter wife sister mom grandmother girl".split())
_DETERMINERS_LEAD = frozenset("the a an one another".split())
_NOT_A_VERB = frozenset("of for to at from with in on who whose that which and or as".split())


def _description_subject(text: str) -> tuple[str, bool, str] | None:
    """A description of a person opening the main clause of ``text`` (a sentence, quotes masked):
    (description, definite, head noun); None when the sentence opens otherwise, or when a name
    follows the description as its appositive ('One local woman, Karen Robison, pulled')."""
    text = re.sub(r"^[\s" + _MASK + r",.;:!?\"\u201c\u201d'’\-\u2014\u2013]+", "", text)
    text = re.sub(r"^(?:But|And|Yet|Still|So|Then)\s+", "", text)
    chunks = text.split(",")
    while len(chunks) > 1 and _is_adverbial(chunks[0]):
        chunks.pop(0)
    words = chunks[0].split()
    if not words or _bare(words[0]) not in _DETERMINERS_LEAD:
        return None
    for h in range(1, min(7, len(words))):
        head = words[h]
        if not re.fullmatch(r"[\w’'\-]+", head) or _bare(head) in _NOT_A_VERB:
            return None  # ('the home of a Berlin man was raided': the home)
        if head[:1].islower() and _bare(head) in _PERSON_HEADS:
            if h + 1 < len(words):
                nxt = words[h + 1].rstrip(".;:!?")
                if not nxt[:1].islower() or _bare(nxt) in _NOT_A_VERB:
                    return None
            elif len(chunks) > 1 and _bare_name(chunks[1].strip()) is not None:
                return None  # ('One local woman, Karen Robison, pulled ...': the name is the subject)
            return " ".join(words[:h + 1]), _bare(words[0]) == "the", _bare(head)
    return None


_SUBJECT_LEAD = frozenset("the a an former then current late and but so also meanwhile still yet however later earlier".split())


# Words that open a clause whose names are no subject of the sentence: 'Like Makaeff, Roffman
# ...', 'When Maddow asked, Clinton ...' (capitalised at the sentence start, so no name word).
_SUBORDINATORS = frozenset("when whenever after before while if as although though since because until unless once whether".split())
_CLAUSE_OPENERS = _SUBORDINATORS | frozenset("""like unlike with without for in on at during despite following by from
to of about against among under over through between into than including via per upon""".split())


def _title_noun(word: str) -> bool:
    """A lower-case word that may stand in a title before a name ('Tennis great', 'Florida
    developer', 'presidential candidate'): no verb form, plural, adverb or function word."""
    w = word.lower()
    if re.fullmatch(r"(?:\d{1,3}|[a-z]+)-year-old|[a-z]+-[a-z]+", word):
        return True  # ('62-year-old Brenda Johnson', 'Democratic front-runner Hillary Clinton')
    return (word[:1].islower() and w.isalpha() and w not in _VERBS and w not in _CLAUSE_OPENERS
            and w not in _FUNCTION_WORDS and w not in ("a", "an") and not w.endswith(("ed", "ing", "ly"))
            and not (w.endswith("s") and not w.endswith("ss")))


_FUNCTION_WORDS = frozenset("""and or but nor so yet that which who whom whose what where there here it its this
these those he she they we you i his her their our your him them us me my is are was were be been being has have
had do does did will would can could may might must shall should not no also then than too very just only even""".split())


def _is_subject(par: str, sentence_start: int, m: _Mention) -> int:
    """A mention that opens its clause (after the sentence start or a comma) or follows 'said':
    2, or 1 for the subject of a subordinate clause ('When X asked, ...', 'As X spoke, ...').

    Capitalised words and up to three title nouns may come before it ('Florida developer Mel
    Sembler', 'said master of ceremonies Asab Al-Tabchi'); a clause opened by a preposition
    ('Like X,', 'For X and others, ...') holds no subject (0)."""
    head = par[sentence_start:m.start] if sentence_start <= m.start else par[:m.start]
    prev = re.findall(r"[\w’'.\-]+", head)
    if prev and prev[-1].lower() in _VERBS:
        return 2
    # ('said master of ceremonies X': the title between an inverted verb and its speaker.)
    k = len(prev)
    while k > 0 and len(prev) - k < 5 and (prev[k - 1][:1].isupper() or prev[k - 1] == "of" or (
            prev[k - 1].isalpha() and prev[k - 1] not in _VERBS and prev[k - 1] not in _FUNCTION_WORDS)):
        k -= 1
    if 0 < k < len(prev) and prev[k - 1].lower() in _INVERTED_VERBS and not re.search(r"[,;:]", head[head.rfind(prev[k - 1]):]):
        return 2
    clause = re.split(r"[,;:\u2014\u2013]|\s--\s", head)[-1]
    # (Words hold a letter: the '' of wire copy's quotation marks is none.)
    words = re.findall(r"[\w’'\-]*\w[\w’'\-]*", clause)
    rank = 2
    if words and words[0].lower() in _CLAUSE_OPENERS:
        if words[0].lower() not in _SUBORDINATORS:
            return 0
        words, rank = words[1:], 1
    # (Title nouns only right before the name, after a capitalised word: 'Tennis great X', or
    # after an age opening the clause: '..., 62-year-old Brenda Johnson railed'.)
    j = len(words)
    while j > 0 and len(words) - j < 3 and _title_noun(words[j - 1]):
        j -= 1
    if j < len(words) and not (j > 0 and words[j - 1][:1].isupper()) \
            and not (j == 0 and re.fullmatch(r"\d{1,3}-year-old", words[0])):
        j = len(words)
    # (A capitalised pronoun is no title: in "She's a Sanders supporter" Sanders is no subject.)
    return rank if all((w[:1].isupper() and re.sub(r"[’']\w*$", "", w).lower() not in _PRONOUN_WORDS)
                       or w.lower() in _SUBJECT_LEAD or w.lower() in _ROLES for w in words[:j]) else 0


_PRONOUN_WORDS = frozenset("i he she it we they you there this that these those".split())


_APPOSITIVE_AFTER = re.compile(r"\s*,\s+((?:the|a|an|[A-Z][\w’'.]*[’']s)\s[^,.;:\"\u201c\u201d()]{1,70}?|\d{1,3})\s*[,.;]")
_APPOSITIVE_BEFORE = re.compile(r"\b(?:[Tt]he|[A-Z][\w’'.]*[’']s)\s[^,.;:\"\u201c\u201d()]{1,60}?,\s*$")
# In an appositive, what follows "for", "to", ... is someone else: "a lawyer for the congressman"
# describes a lawyer, "an aide to the mayor" an aide ("of" stays: "the secretary of state").
_OTHERS_ROLE = re.compile(r"\s(?:for|to|with|from|at|under|against|representing)\s.*$", re.S)


def _own_role(appositive: str) -> str:
    return _OTHERS_ROLE.sub("", appositive)


_DESC_WORD = re.compile(r"[\w’'\-]+(?:\.[\w]+)*\.?")
_PLATFORMS = PLATFORMS | {"x"}


_REFLEXIVES = frozenset({"himself", "herself", "themselves", "itself"})


def _desc_words(text: str) -> list[str]:
    out = []
    for w in _DESC_WORD.findall(text):
        b = _bare(_strip_possessive(w)).replace(".", "")
        if b in _REFLEXIVES:
            continue  # 'the president himself' is 'the president'
        b = _ROLE_SPELLED.get(b, b)
        if re.fullmatch(r"\d{1,3}", b):
            b = b + "-year-old"
        out.append(b)
    return out


@dataclass
class _Holder:
    para: int
    start: int
    name: str
    words: set[str]


def _role_holders(paragraphs: list[str], mentions: list[_Mention]) -> list[_Holder]:
    """Each person mention with the words the article describes them by: the titles before the
    name ('U.S. Secretary of State Paul Whitlow', 'press secretary Dana Ruiz') and an appositive
    ('Ortiz, the president,', 'the premier, Lio Banh,', 'Kim, 35,')."""
    out = []
    for m in mentions:
        if " " not in m.name.strip() and m.name.strip().lower() in stop_words():
            continue  # "Then, the congressman, ...": a capitalised adverb is no one
        par = paragraphs[m.para]
        words = set(_desc_words(par[m.start:m.end])) - set(_name_key(m.name))
        window = par[max(0, m.start - 60):m.start]
        back = list(_words(window))
        follows = len(window)  # where the word after the one being read starts
        for ws, we, w in reversed(back[-5:]):
            # Titles run up to the name with nothing between: '... against Congressman Grimm," Mr.
            # McGinley said' gives McGinley no "congressman" (a quote mark and a comma between).
            if window[we:follows].strip():
                break
            follows = ws
            b = _bare(w)
            # ('communications aide Dana Ruiz': lower-case nouns of the title count too.)
            noun = b in _TITLE_NOUNS
            if not (w[:1].isupper() or b in _ROLES or b in ("of", "press", "deputy", "senior", "chief") or noun):
                break
            words.update(_desc_words(w))
        tail = _APPOSITIVE_AFTER.match(par, m.end)
        if tail:
            words.update(_desc_words(_own_role(tail.group(1))))
        head = _APPOSITIVE_BEFORE.search(par[max(0, m.start - 70):m.start])
        if head:
            words.update(_desc_words(_own_role(head.group(0))))
        words -= _DETERMINERS | {"of", "and", "the", "s"}
        if words:
            out.append(_Holder(m.para, m.start, m.name, words))
    return out


# "<owner>'s [one or two words] <utterance>" at the start of a description: "Ms. Calder's apology",
# "the mayor's open letter to the council".
_OWNERS_WORDS = re.compile(r"^(.*?\S)[’']s\s+(?:[\w-]+\s+){0,2}?(?:" + "|".join(sorted(_UTTERANCE_HEADS)) + r")\b",
                           re.I)


# Words that make a role another one: a vice president is no president.
_ROLE_QUALIFIERS = frozenset("vice deputy assistant associate acting lieutenant lt under".split())


def _resolve_description(desc: str, para: int, offset: int, holders: list[_Holder],
                         strict: bool = False) -> str | None | bool:
    """The named person a definite description ('the president', 'the US President', 'the
    35-year-old reclusive leader') refers to by title or role; False when the description names
    a thing ('the President's schedule'), None when no one named before it fits."""
    words = _desc_words(desc)
    if not words:
        return None
    head = words[-1]
    possessive = _OWNERS_WORDS.search(desc.strip())
    if possessive:
        # The owner's words: 'Mr. Braley's apology' -> Braley; "the mayor's letter" -> the mayor.
        owner = possessive.group(1)
        if owner.lower().startswith("the "):
            who = _resolve_description(owner, para, offset, holders)
            if who:
                return who
        else:
            name, _ = _strip_roles(owner.split())
            if name and all(_is_cap(w) for w in name) and _bare(name[-1]) not in _ROLES:
                return " ".join(name)
        # No owner named: read as any other description.
    if head in _THING_HEADS or (len(words) == 1 and head in _PLATFORMS):
        return False
    if words[0] != "the" and not re.search(r"[’']s\b", desc):
        return None  # 'a spokesman', 'officials': someone unnamed
    # 'Trump's press secretary': the owner is not the speaker.
    owners = {_bare(_strip_possessive(w)) for w in desc.split() if re.search(r"[’']s$", w) and w[:1].isupper()}
    if owners:
        words = _desc_words(re.split(r"[’']s\s", desc)[-1])
        if not words:
            return None
        head = words[-1]
    heads = {head} | _ROLE_GENERAL.get(head, frozenset())
    mods = set(words[:-1]) - _DETERMINERS - {"the", "of", "s"}
    best: tuple | None = None
    for h in holders:
        if not (h.words & heads) or set(_name_key(h.name)) & owners:
            continue
        if strict and not mods <= h.words:
            continue  # (strict: every modifier fits: 'the Ohio governor' is no Florida governor)
        if h.words & _ROLE_QUALIFIERS and not set(words) & _ROLE_QUALIFIERS:
            continue  # ('the former president' is no Vice President)
        if (h.para, h.start) >= (para, offset):
            continue  # (a description points back: 'the governor said' is no governor named later)
        score = (len(mods & h.words), head in h.words, (h.para, h.start))
        if best is None or score > best[0]:
            best = (score, h.name)
    return best[1] if best else None


# Words that open a sentence before a name and are no given name ('Given Sanders' record, ...',
# 'Despite Clinton's lead ...'): prepositions and participles used as prepositions.
_NAME_OPENERS_NOT_GIVEN = _CLAUSE_OPENERS | frozenset("""given considering including regarding following according
excluding barring concerning notwithstanding unlike""".split())


def _shared_family_names(mentions: list[_Mention], common: set[str] | None = None) -> set[str]:
    """Family names two people of the article share ('Hillary Clinton' and 'Bill Clinton', 'Jane
    Sanders' and 'Bernie Sanders'): different given names, or mentions of both genders.

    A longer name holding a shorter one is the same person ('North Carolina Ada Fisher' is 'Ada
    Fisher'); a first word that is a preposition, or (with ``common``, the word stems the article
    uses in lower case) such a word and no known given name, is no given name ('Given Sanders'
    past votes ...')."""
    names: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    genders: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        key = _name_key(m.name)
        if len(key) > 1 and (key[0] in GIVEN_NAMES or (key[0] not in _NAME_OPENERS_NOT_GIVEN and (
                common is None or _stem(key[0]) not in common))):
            names[key[-1]].add(tuple(key))
        if m.gender:
            genders[key[-1]].add(m.gender)

    def two_people(keys: set[tuple[str, ...]]) -> bool:
        return any(a[0] != b[0] and not set(a) <= set(b) and not set(b) <= set(a) for a in keys for b in keys)

    return {k for k, v in names.items() if two_people(v)} | {k for k, v in genders.items() if len(v) > 1}


class _KnownGenders(dict):
    """Genders learnt for family names; one that two people share tells nothing: 'Clinton' after
    'Bill Clinton' may well be Hillary Clinton."""

    def __init__(self, shared: set[str]):
        super().__init__()
        self.shared = shared

    def get(self, key, default=None):
        return default if key in self.shared else super().get(key, default)


def _attribute(aq: _ArticleQuotes, paragraphs: list[str], layout) -> None:
    spans = aq.spans
    mentions = _mentions(aq.article, paragraphs, layout, spans)
    names = [m.name for m in mentions]
    alone = {_name_key(m.name)[0] for m in mentions if len(_name_key(m.name)) == 1}
    common = _common_stems(aq.article)
    holders = _role_holders(paragraphs, mentions)
    inside = _inside_quotes(paragraphs, spans)
    known = _KnownGenders(_shared_family_names(mentions, common))
    # Last words of the names the article gives people by (a full or titled name, a NER person).
    corroborated = {_name_key(m.name)[-1] for m in mentions if m.corroborated}
    for m in mentions:
        if m.gender:
            known.setdefault(_name_key(m.name)[-1], m.gender)

    def finish(span: _Span, sp: _Speaker | None, at: int, pronoun_at: int | None = None) -> None:
        if sp is None:
            return
        if sp.kind == "pronoun":
            ref = None
            if pronoun_at is not None:
                # 'Trump was talking about Japan when he told Fox News, "...': the subject opening
                # the pronoun's own sentence, before it.
                ref = _sentence_subject(span.para, at, pronoun_at, sp.gender or "m")
            if ref is None:
                # 'The Ohio governor said ... / "...," he said' -> the person titled so; 'A
                # 29-year-old Berlin woman received ... / "...!" she wrote' -> someone unnamed.
                described = _described_antecedent(span.para, at, sp.gender or "m")
                if described is False:
                    return
                if described:
                    ref = _Mention(span.para, at, at, described, sp.gender or "m", False, True)
            ref = ref or _resolve_pronoun(sp.gender or "m", span.para, at, mentions, known, layout, paragraphs, inside)
            if ref is None:
                return
            known.setdefault(_name_key(ref.name)[-1], sp.gender or "m")
            span.speaker, span.speaker_kind = _fullest(ref.name, names, alone), "person"
        elif sp.kind == "person":
            sp.name = " ".join(_drop_common_first(sp.name.split(), common, at_sentence_start=False))
            if sp.weak and len(_name_key(sp.name)) == 1 and _name_key(sp.name)[0] not in corroborated:
                return
            if sp.gender:
                known.setdefault(_name_key(sp.name)[-1], sp.gender)
            span.speaker, span.speaker_kind = _fullest(sp.name, names, alone), "person"
        else:
            who = None if _introduced_unnamed(sp.name, span.para, at) else \
                _resolve_description(sp.name, span.para, at, holders)
            if who is False:
                return  # a thing is no speaker
            if who:
                span.speaker, span.speaker_kind = _fullest(who, names, alone), "person"
            else:
                span.speaker, span.speaker_kind = sp.name, "org"

    def _introduced_unnamed(desc: str, para: int, offset: int) -> bool:
        """'A senior administration official said ... "...," the official said': a definite
        description whose head last came in an indefinite one ('a/an/one ... official', in this
        paragraph or the two before), with no one titled so named since, is that unnamed person."""
        words = _desc_words(desc)
        if len(words) < 2 or words[0] != "the" or re.search(r"[’']s\b", desc):
            return False
        head = words[-1]
        # (Only the head's own modifiers between: 'a lawyer for the congressman' is a lawyer.)
        rx = re.compile(r"\b(?:[Aa]n?|[Oo]ne|[Aa]nother)\s+(?:(?!(?:for|to|of|with|from|at|in|on|by|the|his|her|their|its)\b)"
                        r"[\w’'\-]+\s+){0,4}?" + re.escape(head) + r"\b")
        intro = None
        for p in range(max(0, para - 2), para + 1):
            for m in rx.finditer(paragraphs[p], 0, offset if p == para else len(paragraphs[p])):
                if not inside[p](m.start()):
                    intro = (p, m.start())
        if intro is None:
            return False
        return not any(intro < (h.para, h.start) < (para, offset) and head in h.words for h in holders)

    def _described_antecedent(para: int, offset: int, gender: str) -> str | None | bool:
        """A he/she whose nearest sentences (before ``offset``; up to three, passing over those
        whose subject is a same-gender he/she) open with a description of a person rather than
        a name: the named holder of a definite one ('The Ohio governor' -> Kasich), else False
        (someone unnamed: 'A 29-year-old Berlin woman', 'One California delegate'). None when
        a name comes first: the names' rules decide."""
        sents = []
        for p in (para, para - 1):
            if p < 0 or p >= len(layout):
                break
            for lo, hi, _ in reversed(layout[p]):
                if p == para and lo >= offset:
                    continue
                sents.append((p, lo, min(hi, offset) if p == para else hi))
        for p, lo, hi in sents[:3]:
            par = paragraphs[p]
            for m in mentions:
                if m.para != p or not lo <= m.start < hi or m.possessive:
                    continue
                if not (m.corroborated or _name_key(m.name)[-1] in corroborated):
                    continue
                if _is_subject(par, lo, m) == 2 or _SAID_AFTER.match(par, m.end) \
                        or _ACCORDING_BEFORE.search(par[max(0, m.start - 40):m.start]):
                    return None
            if _pronoun_subject_before(par, lo, hi, gender, inside[p]):
                continue
            found = _description_subject(_masked(par, covering.get(p, []), p, lo, hi, ends.get(p)))
            if found is None:
                continue
            desc, definite, head = found
            if (head in _MALE_HEADS and gender == "f") or (head in _FEMALE_HEADS and gender == "m"):
                continue
            if not definite:
                return False
            who = _resolve_description(desc, p, lo, holders, strict=True)
            return who or None
        return None

    def _sentence_subject(para: int, lo: int, hi: int, gender: str) -> _Mention | None:
        # The name opening the sentence's main clause; failing that, the subject of a
        # subordinate clause opening the sentence: 'When Robby Mook was asked ..., he laughed and
        # said, "' -> Mook (the he of the main clause points back to it, not to an earlier sentence).
        opening = None
        for m in mentions:
            if m.para != para or not lo <= m.start < hi or m.possessive:
                continue
            if not (m.corroborated or _name_key(m.name)[-1] in corroborated):
                continue
            rank = _is_subject(paragraphs[para], lo, m)
            if rank == 1 and opening is None:
                opening = m
                continue
            if rank != 2:
                break
            g = m.gender or known.get(_name_key(m.name)[-1])
            return m if g is None or g == gender else None
        if opening is not None:
            g = opening.gender or known.get(_name_key(opening.name)[-1])
            return opening if g is None or g == gender else None
        return None

    # Per paragraph: the quotes covering it, where each ends there, and where those opening in it
    # start (quotes never overlap, so all three are in reading order): each quote then looks only
    # at its neighbours, and run-on text with thousands of quote marks stays linear.
    covering: dict[int, list[_Span]] = defaultdict(list)
    for s in spans:
        for q in range(s.para, s.end_para + 1):
            covering[q].append(s)
    ends = {q: [s.end if s.end_para == q else len(paragraphs[q]) for s in ss] for q, ss in covering.items()}
    opens = {q: [s.start for s in ss if s.para == q] for q, ss in covering.items()}
    for n, span in enumerate(spans):
        par = paragraphs[span.end_para]
        if not span.after:
            sent = _sentence_at(layout, span.end_para, max(span.end - 1, 0))
            stop = sent[1] if sent and sent[1] > span.end else len(par)
            starts = opens.get(span.end_para, [])
            k = bisect_left(starts, span.end)
            span.after = par[span.end:min(stop, starts[k]) if k < len(starts) else stop]
        sent = _sentence_at(layout, span.para, span.start)
        lo = sent[0] if sent and sent[0] <= span.start else 0
        lo = max(lo, span.start - MAX_BEFORE_CHARS)
        before = _masked(paragraphs[span.para], covering[span.para], span.para, lo, span.start, ends[span.para])
        long_quote = len(tokens(span.text)) >= MIN_QUOTE_WORDS
        after: _Speaker | None | bool = False
        if not (span.ends_sentence and span.after.lstrip()[:1].isupper()) or _attribution_sentence(span.after):
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
            # The pronoun is in this sentence, before the quote: earlier sentences count, and this
            # one's subject when it comes before the pronoun.
            sp = before_attr[0]
            he = None
            if sp is not None and sp.kind == "pronoun":
                hits = list(re.finditer(r"\b(?:[Hh]e|[Ss]he)\b", before))
                he = lo + hits[-1].start() if hits else None
            finish(span, sp, lo, he)
        if not span.attributed and span.para > 0 and _at_paragraph_start(paragraphs[span.para], span.start):
            # 'Cruz continued: / "..."': the attribution closes the previous paragraph.
            prev_par = paragraphs[span.para - 1].rstrip()
            if prev_par.endswith(":") and not (n > 0 and spans[n - 1].end_para == span.para - 1
                                               and spans[n - 1].end >= len(prev_par) - 1):
                psent = _sentence_at(layout, span.para - 1, max(len(prev_par) - 1, 0))
                plo = max(psent[0] if psent else 0, len(prev_par) - MAX_BEFORE_CHARS)
                pbefore = _masked(paragraphs[span.para - 1], covering.get(span.para - 1, []), span.para - 1, plo,
                                  len(prev_par), ends.get(span.para - 1, [])) + " "
                prev_attr = _before_attribution(pbefore, True) or _statement_attribution(pbefore)
                if prev_attr is not None:
                    span.attributed, span.adjacent = True, True
                    finish(span, prev_attr[0], plo)
        if not span.attributed:
            # A sign-off naming the speaker after the quote, in its paragraph or on the next line:
            # '"..." ― Ana Ortiz', '"..." / - Bernie Sanders.', '-President Obama, tweeting ...'.
            tail = span.after
            ends_paragraph = not paragraphs[span.end_para][span.end:].strip()
            if ends_paragraph and span.end_para + 1 < len(paragraphs):
                tail = paragraphs[span.end_para + 1]
            sign = _SIGN_OFF.match(tail)
            named = _bare_name(sign.group(1)) if sign else None
            # (A wire credit, '- Reuters.', names the agency, not the speaker.)
            if named is not None and not any(_bare(w) in _MEDIA_WORDS for w in named.name.split()):
                span.attributed, span.adjacent = True, True
                finish(span, named, span.start)
        if not span.attributed and not before.strip() and lo > 0:
            # 'X, the party's spokesman, said in a statement. "...': a sentence that is only an
            # attribution, right before a quote opening the next sentence, introduces it.
            earlier = [sent for sent in layout[span.para] if sent[1] <= lo] if span.para < len(layout) else []
            plo = max(earlier[-1][0] if earlier else 0, lo - MAX_BEFORE_CHARS)
            prev = _masked(paragraphs[span.para], covering[span.para], span.para, plo, lo, ends[span.para]).rstrip()
            if _MASK not in prev and _SAID_IN_A_STATEMENT.search(prev):
                prev_attr = _before_attribution(prev[:-1] + ":", True)
                if prev_attr is not None and prev_attr[0] is not None and prev_attr[1]:
                    span.attributed, span.adjacent = True, True
                    finish(span, prev_attr[0], plo)
        if not span.attributed and n > 0:
            _inherit(span, spans[n - 1], paragraphs, mentions, layout)


# A sentence that is only an attribution, after a quote that ends its own sentence ('"... the
# emails that are missing." Trump said.', '... Ortiz told reporters Tuesday.').
_ATTRIBUTION_SENTENCE = re.compile(
    r"\s+((?:[A-Z][\w’'.\-]*\s+){1,4})(?:" + "|".join(sorted(_VERBS)) + r")((?:\s+[\w’']+){0,3})\s*[.!?](?:\s|[A-Z]|$)")


# A dash, then a name (and maybe ', a role' or ', tweeting ...'), alone to the end of the line.
# (A byline or credit, '- By Jane Doe', '— Photo by ...', names no speaker.)
_SIGN_OFF = re.compile(r"\s*[-\u2015\u2014\u2013]{1,2}\s*(?!(?:By|Photo|Credit|Source|Image|Via|Reporting|Editing|Written)\b)"
                       r"((?:[A-Z][\w’'.\-]*\s+){0,3}[A-Z][\w’'\-]*)\.?(?:,[^\n]{0,80})?\s*$")


# The end of a sentence that only says who spoke: 'said in a statement.', 'told reporters on
# Tuesday.', 'wrote on Twitter.', 'said Tuesday.'
_SAID_IN_A_STATEMENT = re.compile(
    r"\b(?:said|says|wrote|writes|added|told\s+(?:reporters|[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)?))"
    r"(?:\s+(?:in|on|at|to|via|during|through)\s+(?:a|an|the|his|her|their|its)?\s*[\w\-]+(?:\s+[\w\-]+)?)?"
    r"(?:\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday))?\s*\.$")


def _attribution_sentence(after: str) -> bool:
    m = _ATTRIBUTION_SENTENCE.match(after)
    if m is None:
        return False
    words = m.group(2).split()
    return not any(w.lower() in _FUNCTION_WORDS | {"the", "a", "an", "nothing", "little", "more"} for w in words)


_STATEMENT = re.compile(r"\b(?:released|issued|posted|put out|echoed|read|reads)\b")


def _statement_attribution(before: str) -> tuple[_Speaker, bool] | None:
    """'X released the following statement:' names the speaker of the quote that follows."""
    m = _STATEMENT.search(before)
    if m is None:
        return None
    from newsdigest.analysis.quotes.names import _subject

    sp = _subject(before[:m.start()])
    return (sp, True) if sp is not None else None


def _relays(speaker: _Speaker) -> bool:
    """A news agency or report named after a quote passes on someone else's words."""
    return speaker.kind == "org" and any(_bare(w) in _MEDIA_WORDS for w in speaker.name.split())


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
    if opens_paragraph and prev.end < len(paragraphs[prev.end_para].rstrip()) - 40 \
            and after_sentence < len(paragraphs[prev.end_para].rstrip()):
        # The previous paragraph went on well past that quote (a long attribution closing the
        # paragraph, '," X said during an interview in Macau, ahead of ...', is no going on).
        return
    if not between:
        span.speaker, span.speaker_kind = prev.speaker, prev.speaker_kind


# Verbs of uttering that introduce a short quote right after them ('by saying "Too many."'), and
# nouns for words a crowd utters ('chants of "Lock her up!"', 'ran on the slogan "Yes we can"').
_UTTER_BEFORE = re.compile(
    r"\b(?:saying|says|said|say|chanting|chanted|chants|chant|shouting|shouted|yelling|yelled|mouthing|mouthed|"
    r"interjecting|interjected|echoing|replying|replied|answering|answered|responding|responded|"
    r"tweeting|tweeted|reading|read|adding|added|asking|asked|declaring|declared|screaming|screamed|"
    r"jeered|jeering|shout|shouts|cry|cried|crying|uttered|uttering|simply|message|"
    r"(?:chants?|cries|shouts|calls|cheers|chorus|roars?|choruses)\s+of|slogans?(?:\s+(?:is|was|are|were))?)\s*[,:]?\s*$"
    # A crowd's verb, a few words on how or at whom, then the words cried: 'the crowd chanted back
    # at him, "Send them home."'.
    r"|\b(?:chant|chanted|chanting|chants|shouted|shouting|yelled|yelling|screamed|screaming|cheered|cheering)"
    r"(?:\s+[\w\u2019']+){1,4}\s*[,:]\s*$"
)


# Nouns after a short quote that make it words a crowd cries: '"BERNIE!" chants', '"Call the
# roll," came shouts from the crowd'.
_UTTER_AFTER = re.compile(r"[\s,.!?]*(?:came\s+(?:the\s+)?)?(?:chants?|chanting|shouts|cries|cheers|roars?)\b")


# A second utterance after the first: 'chanting "We are here" and "No more."'
_UTTER_AND = re.compile(r"[\"\u201d]\s*,?\s+(?:and|or)\s*$")


def _said_before(span: _Span, paragraphs: list[str]) -> bool:
    """A verb of saying (or 'chants of', 'the slogan') right before the quote."""
    par = paragraphs[span.para]
    return bool(_UTTER_BEFORE.search(par[max(0, span.start - 40):span.start]))


def _utterance(span: _Span, paragraphs: list[str]) -> bool:
    """A short quote that is something said, not a term: a verb of saying right before it, or a
    capitalised sentence of its own ('The judge turned to me. "Mr. D'Souza?"')."""
    par = paragraphs[span.para]
    if _said_before(span, paragraphs) or (span.closed and _UTTER_AFTER.match(par, span.end)):
        return True
    text = span.text.strip()
    before = par[:span.start].rstrip()
    own_sentence = not before or before.endswith((".", "!", "?", ":", "\u201d", '"'))
    return own_sentence and span.closed and text[:1].isupper() and text.endswith(("!", "?", ".")) \
        and not _looks_like_title(text)


def _article_quotes(article: Article) -> _ArticleQuotes:
    aq = _ArticleQuotes(article)
    # A text that is not prose (a run of capitals, digits and quote marks) has no quotations to
    # attribute, and reading its thousands of marks and capitalised "names" would cost seconds.
    if not article.sentences or not article.text or not looks_like_prose(article.text):
        return aq
    paragraphs = paragraphs_of(article.text)
    layout = _sentence_layout(article, paragraphs)
    # News articles hold tens of quotations; thousands of quote marks are junk or a data dump, and
    # only the first MAX_QUOTES_PER_ARTICLE are read, so one such article cannot stall the story.
    aq.spans = _scan_marks(paragraphs)[:MAX_QUOTES_PER_ARTICLE]
    _attribute(aq, paragraphs, layout)
    aq.spans = _join_split_quotes(aq.spans, paragraphs)
    said_prev: _Span | None = None  # the last quote kept as words said right after their verb
    for span in aq.spans:
        n_words = len(tokens(span.text))
        # Words said right after their verb ('chanting "Dump Trump."', 'chants of "Lock her up!"'),
        # or a second one joined to such a quote by 'and', are no term and no title of a work.
        said = _said_before(span, paragraphs) or (
            said_prev is not None and said_prev.end_para == span.para
            and bool(_UTTER_AND.search(paragraphs[span.para][max(said_prev.end - 1, span.start - 12):span.start])))
        said_prev = span if said else None
        if n_words < MIN_QUOTE_WORDS and not span.adjacent and not said and not _utterance(span, paragraphs):
            span.keep = False  # a scare quote or a quoted term
        elif _looks_like_title(span.text) and not span.adjacent and not said:
            span.keep = False  # the title of a work
        sent = _sentence_at(layout, span.para, span.start)
        if sent is None:
            span.keep = False
        else:
            span.sentence_index = sent[2]
    aq.spans = _join_listed(aq.spans, paragraphs)
    return aq
