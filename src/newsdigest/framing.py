"""Framing: how loaded each outlet's wording is, and a summary in the least loaded wording.

Loaded terms
    A word (or short phrase) is *loaded* when it tells the reader what to feel or think about
    what it names, where a plainer word would state the same fact: "regime" for "government",
    "slammed" for "criticised", "horrific inferno" for "fire", "insisted" for "said", insults,
    intensifiers and scare words. Three published lexicons, each shipped by a PyPI package and
    read from the installed package's own data files (nothing is downloaded), are the backbone:

    - VADER's sentiment lexicon (``vaderSentiment`` 3.3.2, ``vader_lexicon.txt``; Hutto &
      Gilbert, ICWSM 2014; MIT licence): ~7,500 words rated -4..+4 by ten human raters. A word
      counts when its mean rating is at least ``VADER_MIN_VALENCE`` in size (strongly felt words:
      "outrageous", "chaos", "furious", "heroic").
    - VADER's booster (intensifier) list (``BOOSTER_DICT``, same package and licence): the
      degree words that only turn up the volume ("extremely", "utterly", "very").
    - Pattern's subjectivity lexicon as shipped by TextBlob (``textblob`` 0.20.1,
      ``en/en-sentiment.xml``; De Smedt & Daelemans, JMLR 2012; licence PDDL, public domain):
      ~2,900 adjective senses with a subjectivity (0..1) and polarity (-1..1). A word counts when
      its senses' mean subjectivity is at least ``PATTERN_MIN_SUBJECTIVITY`` *and* its mean
      polarity at least ``PATTERN_MIN_POLARITY`` in size: opinion that takes a side
      ("disastrous", "pathetic"), not a judgement of degree ("likely", "final"). Weaker
      polarities (down to ``PATTERN_CONFIRMED_POLARITY``) count only when VADER's raters agree
      (same sign, at least ``VADER_CONFIRMS``): alone they are noisy in news ("latest", "own").

    Two small curated lists sit on top, kept apart below and tagged ``"curated"`` in the output:

    - ``NEWS_LOADED``: loaded terms of political news that the general-purpose lexicons above
      (written for reviews and social media) lack: derogatory labels ("regime", "thugs",
      "mouthpiece"), loaded verbs of speech and action ("slammed", "rammed through", "meddled"),
      the attribution words Wikipedia's Manual of Style (MOS:SAID, "words to watch") flags as
      casting doubt ("insisted", "so-called"; not "claimed", which AllSides' neutral roundups
      use as often as the outlets), and sensational nouns and adjectives ("inferno",
      "bombshell", "witch hunt", "bloated").
    - ``PLAIN_IN_NEWS``: words the published lexicons rate as strongly felt that news uses
      plainly, mostly for what they *denote* ("killed", "death", "war", "fraud", "justice",
      "won"): news has no plainer word for these events, acts, legal categories and outcomes, so
      an outlet that uses them is not loading its report; also function words and fixed phrases
      ("make sure", "kind of", "presidential hopeful"). They are removed from the VADER and
      Pattern matches (not from ``NEWS_LOADED``).

    The thresholds were set from the lexicons' scales and checked on NeuS *train* only (the
    outlets' leads must read as more loaded than AllSides' neutral roundups of the same stories:
    0.52 vs 0.27 loaded terms per 100 words there); ``PLAIN_IN_NEWS`` was drawn up from the
    most frequent matches on that split.

    Other rules: capitalised words inside a sentence are taken as names ("Supreme Court", "Justice
    Department", "Freedom Caucus") and never counted; curated terms match their inflections
    ("slammed" -> "slam"), the published lexicons their listed forms plus the -ly adverbs of their
    adjectives ("horribly" -> "horrible"). Text inside quotation marks (straight,
    curly double, curly single or guillemets; an unclosed quote runs to the end of the sentence)
    is the speaker's wording, not the outlet's, and is never counted against the outlet.

Score
    ``Framing.score`` is the number of loaded terms per 100 words of the outlet's own wording:
    the words of its sentences outside quotation marks, in its articles that are not copies of
    another article (``Article.duplicate_of``; an outlet that only ran copies is scored on those,
    since it chose to print that wording). Headlines are not part of the sentences and are not
    scored. Scores compare outlets within a story; across stories they also depend on the topic.

Comparing wordings of the same fact
    ``wording_comparison`` lists, for every fact stated by two or more outlets (align's
    ``supporting_sentences``), each outlet's sentence and its loaded terms, so a reader can see who
    worded the same fact more loadedly; ``Framing.loaded_terms`` carries each term's sentence.

Neutral summary
    The same concept-coverage selection as the main summary (``summarize.CoverageSummarizer``),
    with each sentence's gain divided by ``1 + NEUTRAL_PENALTY * n + OUTLET_PENALTY * f`` (``n``
    = its loaded terms, ``f`` = its outlet's framing score), so a neutral wording of a fact wins
    over a loaded one that covers the same concepts, and an outlet that words the whole story
    loadedly is drawn on less; and by ``1 + SOURCE_BALANCE * k`` (``k`` = sentences its
    publisher already has in the summary), so the summary is told from several outlets rather
    than one outlet's telling. The costs are applied at every step of the greedy selection (a
    sentence whose remaining gain is small is not punished more than its gain). Then each chosen
    sentence is swapped for the least loaded sentence that states the same fact (its support)
    when one with fewer loaded terms fits the budget. ``cite.cite`` makes the citations, so every
    sentence is verbatim from a source and cites every outlet that states it. The three weights
    were chosen on NeuS *train* (2,451 clusters) for ROUGE against AllSides' roundups at a loaded
    rate well below the outlets'; NeuS val is only measured.

Limits: a lexicon sees words, not context. It misses loaded wording it does not list (on a
held-out gold cluster written after tuning it found 1 of 13 loaded terms: "axed", "fat-cat",
"militant" are in none of the lexicons), framing done by selection, order or metaphor ("stem the
bleeding"), and it flags a listed word used plainly ("a pension scheme", "the sanctions regime").
Quotation detection cannot see a quotation whose marks the source lost. English only. On NeuS
the neutral summary is far less loaded than the outlets but not better in ROUGE than the plain
summary: differences stay within noise (about +0.1 on train, -0.0 to -0.3 on val; the 95%
interval on val is about +-0.7 points).
"""

from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Iterable, Sequence

from . import lexical
from .align import SentenceTable, supporting_sentences
from .cite import cite
from .model import Article, Framing, LoadedTerm, Story, SummarySentence
from .summarize import CoverageSummarizer, Summarizer, candidates, independent_articles, order_for_reading

# Thresholds on the published lexicons' own scales (set from the scales' meaning, then checked on
# NeuS *train* only: outlets' text must come out more loaded than AllSides' neutral roundups).
VADER_MIN_VALENCE = 2.0  # VADER rates -4..+4; 2 is "moderately" felt on its rating guide
PATTERN_MIN_SUBJECTIVITY = 0.8
PATTERN_MIN_POLARITY = 0.7
# Weaker Pattern polarity counts only when VADER agrees (same sign, at least this strong).
PATTERN_CONFIRMED_POLARITY = 0.5
VADER_CONFIRMS = 1.0
# Shorter tokens are abbreviations or initials ("L", "OK"), not wording.
MIN_LETTERS = 3
# Neutral selection (set on NeuS *train*, see the module docstring): a sentence's gain is divided
# by 1 + NEUTRAL_PENALTY * (its loaded terms) + OUTLET_PENALTY * (its outlet's framing score), and
# by 1 + SOURCE_BALANCE * (sentences its publisher already has in the summary).
NEUTRAL_PENALTY = 1.0
OUTLET_PENALTY = 0.3
SOURCE_BALANCE = 0.5

# ---------------------------------------------------------------------------------------------
# Curated additions (see the module docstring). Single words are listed in their base form;
# inflections are matched ("slam" also finds "slams", "slammed", "slamming"). Phrases are
# matched word by word with the same inflection rule ("ram through" finds "rammed through").

NEWS_LOADED: dict[str, tuple[str, ...]] = {
    # Labels that condemn a person, group or government instead of naming it.
    "label": (
        "regime", "thug", "mob", "crony", "cronies", "shill", "mouthpiece", "puppet", "stooge",
        "henchman", "henchmen", "zealot", "radical", "extremist", "fanatic", "agitator", "rioter",
        "illegals", "illegal alien", "illegal immigrant", "leftist", "far-left", "far-right",
        "hard-left", "hard-right", "ultra-left", "ultra-right", "elitist", "corrupt",
    ),
    # Verbs that editorialise about how something was said or done.
    "verb": (
        # Only the forms that are not also plain nouns ("a blast", "caves", "gut", "fumes").
        "slam", "blasted", "blasting", "lash out", "rail against", "bash", "gutted", "gutting",
        "ram through", "caved", "caving", "brag", "meddle", "spew", "tout", "round up", "jack up",
        "torpedo", "hijack", "smear", "scold", "berate", "gloat", "whine", "sneer", "fumed",
        "fuming", "pander", "grandstand", "weaponize", "weaponise", "flip-flop", "trounce",
        "clobber", "skyrocket",
    ),
    # Attribution that casts doubt on what is reported (Wikipedia MOS:SAID, words to watch).
    # "claimed" is left out: AllSides' neutral roundups use it as often as the outlets do.
    "doubt": ("insist", "so-called", "self-styled", "purported", "purportedly", "supposedly"),
    # Sensational, alarming or puffing nouns and adjectives.
    "sensational": (
        "inferno", "carnage", "bloodbath", "onslaught", "meltdown", "debacle", "mayhem",
        "nightmare", "firestorm", "bombshell", "hoax", "scheme", "sham", "stunt", "cover-up",
        "witch hunt", "power grab", "tax grab", "land grab", "death trap", "bloated", "draconian",
        "reckless", "disgraceful", "egregious", "heinous", "despicable", "unhinged", "deranged",
        "tirade", "screed", "diatribe", "rant", "doom", "walloping", "staggering", "whopping",
        "massive", "historic", "landmark", "groundbreaking", "brazen", "notorious", "infamous",
        "embattled", "beleaguered", "greedy", "crooked", "inept", "cowardly", "monstrous",
        "ghastly", "ludicrous", "shameless", "appalling",
    ),
}

# Words the published lexicons rate as strongly felt that news uses plainly: for what they
# denote (events, acts, legal categories, outcomes, institutions: "killed", "war", "fraud",
# "won"), or as function words and fixed phrases ("make sure", "kind of", "presidential
# hopeful", "police brutality"). Removed from the VADER and Pattern matches only.
PLAIN_IN_NEWS: frozenset[str] = frozenset("""
    abandoned abuse abused abuses abusing acceptance accident admired agreed agreement allow
    ambitious approval approve approved arguing arrest arrested assassination assault assaulted
    assaulting assaults attack attacked attackers attacking attacks award ban bankrupt banned
    base beating benefit benefits best blamed blaming bomb broke broken brutality bullying
    cancer care cares casualties casualty celebrate celebrated celebrating censor censored
    charge charged charges cheered cheering collapse collapsed condemnation confidence confident
    conspiracy corpse crime crimes criminal criminals crisis cruelty damage damaged damaging
    danger dangers dead deadly death deaths debt dedicated defeat defeated defense destroy
    destroyed destruction die died dies disaster disasters drowned dying effective elect
    emergency encourage encouraged encouraging enemies enemy engagement enjoyed ethical eviction
    experienced fail failed failing fails failure failures fair fake fatal fatalities fatality
    fatally favorable favorite fear feared fearing fears felony fight fighting fire fired fly
    forced fraud free freedom friend friends gain gains grand grief guilty hand happy harass
    harassed harassing harassment harm hate heart help honor honored honoring honors hopeful
    hopefuls hostilities hurt ill illegal illegally imprisoned improvement infected injured
    injuries injury intellectual intelligence interest jailed jeopardy justice kill killed
    killer killing killings kills kind kissing liberties liberty like loss losses lost love
    loved loyal loyalty lying motivated murder murdered murdering murders negative offensive
    optimism pain peace peaceful peacefully penalty poison poisoned poor popular positive
    poverty praise praised praising prevent prison prisoner prisoners prize prominent
    prosecution protect protection punish punished punishing punishment punitive racism rape
    raped rejected rejecting rejection relaxed relief rescue rescued respect respected reward
    rich richest riot riots rob robbed safe safely safety save saved sentence severely sexual
    sick slavery smuggling stabbed stabbing steal stolen strength strengthen strengthening
    strong struck succeed success successful successfully suffer suffered suffering suicide
    super supreme sure survived survivor survivors suspended terror terrorism terrorist
    terrorists threat threaten threatened threatening threats torture tragedy trust trusted
    united victim victims violate violated violates violating violation violations violence
    violent war wars wasted wealth wealthy welcome win winner winners winning wins won
    worsening wounded
""".split())

# VADER boosters that are ordinary words of quantity or comparison in news copy, not volume.
_PLAIN_BOOSTERS = frozenset(
    "more most so major total fully especially particularly considerable considerably "
    "substantially highly entirely quite purely".split()
)

# ---------------------------------------------------------------------------------------------
# Lexicons, read from the installed packages' data files.


def _package_dir(module: str) -> Path | None:
    # find_spec locates the package without importing it (textblob's import pulls in NLTK).
    spec = find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


@lru_cache(maxsize=1)
def vader_lexicon() -> dict[str, float]:
    """VADER's word -> mean valence (-4..+4); empty if vaderSentiment is not installed."""
    root = _package_dir("vaderSentiment")
    out: dict[str, float] = {}
    if root is None or not (root / "vader_lexicon.txt").exists():
        return out
    for line in (root / "vader_lexicon.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].isascii() and any(c.isalpha() for c in parts[0]):
            try:
                out[parts[0].lower()] = float(parts[1])
            except ValueError:
                continue
    return out


@lru_cache(maxsize=1)
def vader_boosters() -> frozenset[str]:
    """VADER's intensifiers (positive boosters), less plain quantity words."""
    try:
        from vaderSentiment.vaderSentiment import B_INCR, BOOSTER_DICT
    except ImportError:
        return frozenset()
    return frozenset(w for w, v in BOOSTER_DICT.items() if v == B_INCR and " " not in w) - _PLAIN_BOOSTERS


@lru_cache(maxsize=1)
def pattern_lexicon() -> dict[str, tuple[float, float]]:
    """Pattern's word -> (mean polarity, mean subjectivity) over its senses; empty if absent."""
    import xml.etree.ElementTree as ET

    root = _package_dir("textblob")
    path = root / "en" / "en-sentiment.xml" if root else None
    if path is None or not path.exists():
        return {}
    senses: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for word in ET.parse(path).getroot().iter("word"):
        form = (word.get("form") or "").lower()
        try:
            senses[form].append((float(word.get("polarity", 0)), float(word.get("subjectivity", 0))))
        except ValueError:
            continue
    return {w: (sum(p for p, _ in v) / len(v), sum(s for _, s in v) / len(v)) for w, v in senses.items()}


@dataclass(frozen=True)
class _Lexicon:
    vader: frozenset[str]
    pattern: frozenset[str]
    boosters: frozenset[str]
    curated: frozenset[str]  # single words, base forms
    phrases: tuple[tuple[str, ...], ...]  # curated multi-word terms, base-form tokens
    # first word -> the phrases that start with it, longest first (as in ``phrases``)
    phrases_by_first: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict, compare=False, hash=False)


def _pattern_loaded(polarity: float, subjectivity: float, valence: float | None) -> bool:
    if subjectivity < PATTERN_MIN_SUBJECTIVITY:
        return False
    if abs(polarity) >= PATTERN_MIN_POLARITY:
        return True
    # Pattern's weaker opinions are noisy in news ("latest", "own", "striking"): keep the ones
    # VADER's raters also felt, the same way.
    return (
        abs(polarity) >= PATTERN_CONFIRMED_POLARITY
        and valence is not None
        and abs(valence) >= VADER_CONFIRMS
        and (valence > 0) == (polarity > 0)
    )


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    valences = vader_lexicon()
    curated = [tuple(e.lower().split()) for entries in NEWS_LOADED.values() for e in entries]
    phrases = tuple(sorted((c for c in curated if len(c) > 1), key=len, reverse=True))
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for phrase in phrases:
        by_first[phrase[0]].append(phrase)
    return _Lexicon(
        vader=frozenset(w for w, v in valences.items() if abs(v) >= VADER_MIN_VALENCE) - PLAIN_IN_NEWS,
        pattern=frozenset(
            w for w, (p, s) in pattern_lexicon().items() if _pattern_loaded(p, s, valences.get(w))
        ) - PLAIN_IN_NEWS,
        boosters=vader_boosters(),
        curated=frozenset(c[0] for c in curated if len(c) == 1),
        phrases=phrases,
        phrases_by_first={w: tuple(ps) for w, ps in by_first.items()},
    )


# ---------------------------------------------------------------------------------------------
# Quotations and words.

_WORD = re.compile(r"[A-Za-z]+(?:['’\-][A-Za-z]+)*")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quoted speech (marks included). An unclosed opening quote runs to the
    end of the text; a closing mark with no opening one covers the text before it: a quotation
    continued from the previous sentence or paragraph, as news writing does."""
    spans: list[tuple[int, int]] = []
    # Curly doubles and guillemets: explicit open/close marks.
    for open_mark, close_mark in (("\u201c", "\u201d"), ("\u00ab", "\u00bb")):
        i, n = 0, len(text)
        while i < n:
            o = text.find(open_mark, i)
            c = text.find(close_mark, i)
            if o == -1 and c == -1:
                break
            if o == -1 or (c != -1 and c < o):
                spans.append((i, c + 1))  # closing mark without an opening one
                i = c + 1
                continue
            c = text.find(close_mark, o + 1)
            end = n if c == -1 else c + 1
            spans.append((o, end))
            i = end
    # Straight doubles: paired in order; an odd last mark opens (or, at a word's end, closes).
    marks = [m.start() for m in re.finditer('"', text)]
    for k in range(0, len(marks) - 1, 2):
        spans.append((marks[k], marks[k + 1] + 1))
    if len(marks) % 2:
        last = marks[-1]
        closes = last > 0 and not text[last - 1].isspace() and (last + 1 == len(text) or not text[last + 1].isalnum())
        spans.append((0, last + 1) if closes else (last, len(text)))
    # Curly singles, only where clearly quotation marks: an opening mark at a word's start and a
    # closing one not followed by a letter (which would make it an apostrophe, "I’ve").
    for m in re.finditer(r"(?:(?<=^)|(?<=[\s(\[]))\u2018", text):
        close = re.compile(r"\u2019(?![A-Za-z])").search(text, m.end())
        if close:
            spans.append((m.start(), close.end()))
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def unquoted_text(text: str) -> str:
    """The text with quoted speech blanked out (same length, so offsets stay valid)."""
    chars = list(text)
    for s, e in quoted_spans(text):
        chars[s:e] = " " * (e - s)
    return "".join(chars)


def own_word_count(text: str) -> int:
    """Words outside quotation marks: the outlet's own wording."""
    return len(_WORD.findall(unquoted_text(text)))


def _forms(word: str) -> list[str]:
    """The word and the base forms it may be an inflection of (checked against the lexicons)."""
    out = [word]
    if word.endswith("ies") or word.endswith("ied"):
        out.append(word[:-3] + "y")
    if word.endswith("es"):
        out.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        out.append(word[:-1])
    for suffix in ("ed", "ing"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            out += [stem, stem + "e"]
            if stem[-1] == stem[-2]:  # "slammed" -> "slam"
                out.append(stem[:-1])
    return out


def _adjective_of(word: str) -> list[str]:
    """The adjectives an -ly adverb may come from ("absurdly" -> "absurd", "horribly" -> "horrible")."""
    if len(word) <= 5 or not word.endswith("ly"):
        return []
    stem = word[:-2]
    out = [stem, stem + "e"]
    if word.endswith("ily"):
        out.append(word[:-3] + "y")
    if word.endswith("ally"):
        out.append(word[:-4])
    if word.endswith("bly"):
        out.append(word[:-1] + "e")
    return out


def _lookup(word: str, lex: _Lexicon) -> str | None:
    """Which lexicon flags a lower-cased word, or None. Curated terms match any inflection; the
    published lexicons list their own inflections, so only their exact forms count (plus the
    -ly adverbs of their adjectives)."""
    if len(word) < MIN_LETTERS or word in PLAIN_IN_NEWS:
        return None
    if any(form in lex.curated for form in _forms(word)):
        return "curated"
    adjectives = _adjective_of(word)
    if word in lex.vader:
        return "vader"
    if word in lex.pattern or any(a in lex.pattern or a in lex.vader for a in adjectives):
        return "pattern" if word in lex.pattern or any(a in lex.pattern for a in adjectives) else "vader"
    if word in lex.boosters:
        return "vader-booster"
    return None


@dataclass(frozen=True)
class Match:
    term: str  # as written in the text
    start: int
    end: int
    lexicon: str


def find_loaded(text: str, quotes: bool = False) -> list[Match]:
    """Loaded terms in the outlet's own wording of ``text``, in order; quotations are skipped
    unless ``quotes`` (for measuring how loaded a text reads as a whole)."""
    return list(_find_loaded(text, quotes, lexicon()))


# The same sentence is scored for the outlet's framing, the wording comparison and the neutral
# summary, and wire copies repeat sentences: remember recent answers.
@lru_cache(maxsize=65536)
def _find_loaded(text: str, quotes: bool, lex: _Lexicon) -> tuple[Match, ...]:
    if not text:
        return ()
    masked = text if quotes else unquoted_text(text)
    toks = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(masked)]
    first_word = _WORD.search(text)
    first_start = first_word.start() if first_word else -1
    # Possessives are the noun ("the regime's" -> "regime").
    lowered = [re.sub(r"'s?$", "", t.lower().replace("’", "'")) for t, _, _ in toks]
    forms = [set(_forms(w)) for w in lowered]
    out: list[Match] = []
    i = 0
    while i < len(toks):
        starting = sorted(
            {p for w in forms[i] for p in lex.phrases_by_first.get(w, ())}, key=lex.phrases.index
        ) if any(w in lex.phrases_by_first for w in forms[i]) else ()
        phrase = next(
            (p for p in starting if i + len(p) <= len(toks) and all(w in forms[i + j] for j, w in enumerate(p))),
            None,
        )
        if phrase:
            start, end = toks[i][1], toks[i + len(phrase) - 1][2]
            end = toks[i + len(phrase) - 1][1] + len(lowered[i + len(phrase) - 1])
            out.append(Match(text[start:end], start, end, "curated"))
            i += len(phrase)
            continue
        word, start, end = toks[i]
        end = start + len(lowered[i]) if lowered[i] else end  # the term without its possessive
        word = text[start:end]
        # Capitalised inside the sentence: a name ("Supreme Court"), not the outlet's judgement.
        is_name = word[0].isupper() and start != first_start and not word.isupper()
        if not is_name:
            source = _lookup(lowered[i], lex)
            if source:
                out.append(Match(word, start, end, source))
        i += 1
    return tuple(out)


def loaded_terms(text: str) -> list[str]:
    """The loaded terms of a text in its own wording (not inside quotes), as written."""
    return [m.term for m in find_loaded(text)]


def loaded_count(text: str) -> int:
    return len(find_loaded(text))


def loaded_rate(text: str, quotes: bool = False) -> float:
    """Loaded terms per 100 words of the text's own wording (0.0 for no words); with ``quotes``,
    per 100 words of the whole text, quotations included."""
    n = len(_WORD.findall(text)) if quotes else own_word_count(text)
    return 100.0 * len(find_loaded(text, quotes=quotes)) / n if n else 0.0


# ---------------------------------------------------------------------------------------------
# Per-outlet framing.


def _scored_articles(story: Story, source: str) -> list[Article]:
    """The outlet's articles whose wording it is scored on: its originals, else its copies."""
    own = [a for a in story.articles if a.source == source]
    originals = [a for a in own if a.duplicate_of is None]
    return originals or own


def article_terms(article: Article) -> list[LoadedTerm]:
    """Every loaded term of an article's sentences, outside quotations, in reading order."""
    out = []
    for s in article.sentences:
        for m in find_loaded(s.text):
            out.append(
                LoadedTerm(term=m.term, sentence=s.text, article_id=article.id, sentence_index=s.index, lexicon=m.lexicon)
            )
    return out


def frame(story: Story) -> list[Framing]:
    """One ``Framing`` per outlet, most loaded first (score: loaded terms per 100 own words)."""
    out = []
    for source in story.outlets:
        terms: list[LoadedTerm] = []
        words = 0
        for a in _scored_articles(story, source):
            terms += article_terms(a)
            words += sum(own_word_count(s.text) for s in a.sentences)
        score = 100.0 * len(terms) / words if words else 0.0
        out.append(Framing(source=source, score=score, loaded_terms=terms))
    return sorted(out, key=lambda f: (-f.score, f.source))


def wording_comparison(story: Story, table: SentenceTable, min_outlets: int = 2) -> list[dict[str, Any]]:
    """Facts stated by several outlets, with each outlet's wording and its loaded terms.

    Only facts where the outlets' wordings differ in how many loaded terms they carry are listed
    (the others show nothing about framing), most contrasting first. Each entry: ``{"fact": text,
    "wordings": [{"source", "article_id", "sentence_index", "sentence", "loaded_terms", "score"}]}``
    with ``score`` = loaded terms per 100 own words of that sentence."""
    keep = independent_articles(story)
    listed: set[int] = set()  # a sentence already shown in one fact's wordings opens no other
    out = []
    for i in range(len(table)):
        if int(table.article_of[i]) not in keep or i in listed:
            continue
        group = [i] + [
            j for j, _ in supporting_sentences(table, i) if int(table.article_of[j]) in keep and j not in listed
        ]
        sources = {story.articles[int(table.article_of[j])].source for j in group}
        if len(sources) < min_outlets:
            continue
        listed.update(group)
        wordings = []
        for j in group:
            s = table.sentences[j]
            article = story.articles[int(table.article_of[j])]
            wordings.append({
                "source": article.source,
                "article_id": article.id,
                "sentence_index": s.index,
                "sentence": s.text,
                "loaded_terms": loaded_terms(s.text),
                "score": round(loaded_rate(s.text), 2),
            })
        counts = [len(w["loaded_terms"]) for w in wordings]
        if max(counts) == min(counts):
            continue
        wordings.sort(key=lambda w: (-w["score"], w["source"]))
        out.append({"fact": table.sentences[i].text, "wordings": wordings, "_spread": max(counts) - min(counts)})
    out.sort(key=lambda f: -f.pop("_spread"))
    return out


# ---------------------------------------------------------------------------------------------
# Neutral summary.


def _substitute(
    story: Story, table: SentenceTable, chosen: list[int], loaded: Sequence[int], words: int
) -> list[int]:
    """Swap each chosen sentence for the least loaded sentence that states the same fact, when
    one has fewer loaded terms, can stand in a summary and keeps the summary within budget."""
    pool = set(candidates(story, table))
    lengths = [lexical.word_count(s.text) for s in table.sentences]
    budget = max(words, sum(lengths[i] for i in chosen))
    out = list(chosen)
    for k, i in enumerate(chosen):
        if loaded[i] == 0:
            continue
        used = sum(lengths[j] for j in out) - lengths[i]
        options = [
            (j, score) for j, score in supporting_sentences(table, i)
            if j in pool and j not in out and loaded[j] < loaded[i] and used + lengths[j] <= budget
        ]
        if options:
            # Fewest loaded terms, then the closest statement of the same fact.
            out[k] = min(options, key=lambda o: (loaded[o[0]], -o[1], o[0]))[0]
    return list(dict.fromkeys(out))


def neutral_summary(
    story: Story,
    table: SentenceTable,
    words: int,
    summarizer: Summarizer | None = None,
    penalty: float = NEUTRAL_PENALTY,
    outlet_penalty: float = OUTLET_PENALTY,
    balance: float = SOURCE_BALANCE,
) -> list[SummarySentence]:
    """The summary in the least loaded wording of each fact (see the module docstring).

    ``summarizer`` is the one that made the main summary (default: ``CoverageSummarizer()``); a
    coverage summarizer selects with the loaded-wording costs and the publisher balance, any
    other only gets the substitution step."""
    if len(table) == 0 or words <= 0:
        return []
    loaded = [loaded_count(s.text) for s in table.sentences]
    base = summarizer if summarizer is not None else CoverageSummarizer()
    if isinstance(base, CoverageSummarizer):
        outlet_score = {f.source: f.score for f in (story.framing or frame(story))}
        cost = [
            1.0 + penalty * n + outlet_penalty * outlet_score.get(story.articles[int(a)].source, 0.0)
            for n, a in zip(loaded, table.article_of)
        ]
        chosen = base.select(story, table, words, cost=cost, balance=balance)
    else:
        chosen = base.select(story, table, words)
    if getattr(base, "overflow", False) and len(chosen) > 1:
        # Benchmark mode: the sentence that crosses the budget stays last, where the cut falls.
        body = _substitute(story, table, chosen[:-1], loaded, words)
        return cite(story, table, order_for_reading(story, table, body) + chosen[-1:])
    chosen = _substitute(story, table, chosen, loaded, words)
    return cite(story, table, order_for_reading(story, table, chosen))


# ---------------------------------------------------------------------------------------------
# Scoring against the gold set (benchmarks/gold/framing.jsonl).

GOLD_WORDS = 60


def _gold_parts(gold_items: Any) -> tuple[list[dict[str, Any]], list[str]]:
    """Accepts the gold dict ``{"loaded_terms": [...], "ranking": [...]}`` or a flat list of
    ``{"source", "term"}`` items (with an optional ``{"ranking": [...]}`` item)."""
    if isinstance(gold_items, dict):
        return list(gold_items.get("loaded_terms") or []), list(gold_items.get("ranking") or [])
    terms, ranking = [], []
    for item in gold_items or []:
        if isinstance(item, dict) and "ranking" in item:
            ranking = list(item["ranking"])
        elif isinstance(item, dict) and "term" in item:
            terms.append(item)
    return terms, ranking


def _contains_term(text: str, term: str) -> bool:
    own = unquoted_text(text).lower()
    return re.search(r"(?<![a-z])" + re.escape(term.lower()) + r"(?![a-z])", own) is not None


def score_framing(story: Story, gold_items: Any) -> dict[str, int]:
    """Counts for one gold cluster: loaded terms per outlet as ``(source, term)`` pairs (case
    folded, each pair once) give tp/fp/fn; ``ranking_pairs``/``ranking_pairs_correct`` compare
    the outlets' scores with the gold order pair by pair (``ranking_exact``: all pairs right);
    ``neutral_loaded`` counts gold loaded terms left in the neutral summary's own wording
    (``neutral_clean`` is 1 when there are none). Uses ``story.framing`` and
    ``story.neutral_summary`` when filled, else computes them (the latter at ``GOLD_WORDS``)."""
    gold_terms, ranking = _gold_parts(gold_items)
    framing = story.framing or frame(story)
    predicted = {(f.source, t.term.lower()) for f in framing for t in f.loaded_terms}
    gold = {(str(g["source"]), str(g["term"]).lower()) for g in gold_terms}
    scores = {f.source: f.score for f in framing}
    ranked = [s for s in ranking if s in scores]
    pairs = [(a, b) for k, a in enumerate(ranked) for b in ranked[k + 1:]]
    correct = sum(1 for a, b in pairs if scores[a] > scores[b])
    summary = story.neutral_summary
    if not summary and story.articles:
        from .embed import load_encoder
        from .align import build_table

        summary = neutral_summary(story, build_table(story, load_encoder()), GOLD_WORDS)
    terms = {t for _, t in gold}
    left = sum(1 for s in summary for t in terms if _contains_term(s.text, t))
    return {
        "tp": len(predicted & gold),
        "fp": len(predicted - gold),
        "fn": len(gold - predicted),
        "ranking_pairs": len(pairs),
        "ranking_pairs_correct": correct,
        "ranking_exact": int(bool(pairs) and correct == len(pairs)),
        "neutral_loaded": left,
        "neutral_clean": int(bool(summary) and left == 0),
    }


# ---------------------------------------------------------------------------------------------
# Measured on NeuS (AllSides): three outlets of different leanings and a neutral roundup.

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")


def _neus_story(line: dict[str, Any], k_line: int) -> tuple[Story, list[str | None]]:
    """A NeuS cluster as a prepared Story. Outlets are named by their AllSides leaning where the
    data recovered it ("left", "center", "right"), else "outlet 1".."outlet 3" (the release does
    not say which is which); the leanings come back in article order."""
    from .ingest import InputError, article_from_record
    from .model import Dropped
    from .pipeline import prepare_articles

    meta = line.get("meta") or {}
    biases = list(meta.get("article_bias") or [])
    cid = str(line.get("id") or f"neus-{k_line}")
    articles, leanings = [], []
    for k, rec in enumerate(line.get("articles") or []):
        bias = biases[k] if k < len(biases) else None
        rec = dict(rec, source=bias or f"outlet {k + 1}", id=rec.get("id") or f"{cid}-{k}")
        try:
            articles.append(article_from_record(rec, f"{cid}#{k}", fallback_source=rec["source"], fallback_id=rec["id"]))
            leanings.append(bias)
        except InputError:
            continue
    dropped: list[Dropped] = []
    usable = prepare_articles(articles, dropped)
    keep = {a.id for a in usable}
    return Story(id=cid, articles=usable), [b for a, b in zip(articles, leanings) if a.id in keep]


def _mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def evaluate_neus(
    path: str | Path,
    words: int = 70,
    limit: int | None = None,
    summarizer: Summarizer | None = None,
    penalty: float = NEUTRAL_PENALTY,
) -> dict[str, Any]:
    """ROUGE of the neutral and the plain summary against AllSides' neutral roundups, and the
    loaded-term rate of the neutral summary against each outlet's own text.

    ROUGE: rouge-score's ``RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)``, each
    summary cut to its first ``words`` words, recall and F averaged over references, then
    clusters (x100). Loaded-term rates are loaded terms per 100 own words (quotations left out,
    as for outlets), averaged over clusters; ``*_with_quotes`` counts quotations too. ``by_bias``
    covers only the clusters whose outlets' leanings are known. The plain summary is the
    ``summarizer``'s (default: the pipeline's "coverage") and the neutral one uses the same."""
    from rouge_score import rouge_scorer

    from .align import build_table, mark_duplicates
    from .embed import load_encoder
    from .evaluate import truncate_words
    from .summarize import get_summarizer

    start = time.perf_counter()
    scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
    encoder = load_encoder()
    base = summarizer if summarizer is not None else get_summarizer("coverage")
    rouge: dict[str, dict[str, list[float]]] = {"neutral": defaultdict(list), "plain": defaultdict(list)}
    rates: dict[str, list[float]] = defaultdict(list)
    by_bias: dict[str, list[float]] = defaultdict(list)
    lengths: dict[str, list[int]] = defaultdict(list)
    below_every = changed = clusters = 0
    with open(path, encoding="utf-8") as f:
        lines = [json.loads(x) for x in f if x.strip()]
    for k_line, line in enumerate(lines[:limit] if limit else lines):
        refs = [r for r in line.get("references") or [] if isinstance(r, str) and r.strip()]
        story, leanings = _neus_story(line, k_line)
        if not refs or not story.articles:
            continue
        clusters += 1
        mark_duplicates(story.articles)
        table = build_table(story, encoder)
        plain = cite(story, table, base.select(story, table, words))
        neutral = neutral_summary(story, table, words, summarizer=base, penalty=penalty)
        texts = {"plain": " ".join(s.text for s in plain), "neutral": " ".join(s.text for s in neutral)}
        changed += texts["plain"] != texts["neutral"]
        for name, text in texts.items():
            lengths[name].append(lexical.word_count(text))
            cut = truncate_words(text, words)
            scores = [scorer.score(ref, cut) for ref in refs]
            for t in ROUGE_TYPES:
                rouge[name][f"{t}_r"].append(100 * _mean(s[t].recall for s in scores))
                rouge[name][f"{t}_f"].append(100 * _mean(s[t].fmeasure for s in scores))
            rates[f"{name}_summary"].append(loaded_rate(text))
            rates[f"{name}_summary_with_quotes"].append(loaded_rate(text, quotes=True))
        outlet_rates = []
        for a, leaning in zip(story.articles, leanings):
            body = " ".join(s.text for s in a.sentences)
            outlet_rates.append(loaded_rate(body))
            rates["outlet_with_quotes"].append(loaded_rate(body, quotes=True))
            if leaning:
                by_bias[leaning].append(outlet_rates[-1])
        rates["outlet"].extend(outlet_rates)
        rates["least_loaded_outlet"].append(min(outlet_rates))
        rates["most_loaded_outlet"].append(max(outlet_rates))
        below_every += rates["neutral_summary"][-1] <= min(outlet_rates)
        if leanings and all(leanings):
            by_bias["neutral_summary"].append(rates["neutral_summary"][-1])
            by_bias["plain_summary"].append(rates["plain_summary"][-1])
    r2 = lambda x: None if x is None else round(x, 2)  # noqa: E731
    delta = {}
    for key in sorted(rouge["plain"]):
        diffs = [n - p for n, p in zip(rouge["neutral"][key], rouge["plain"][key])]
        mean = _mean(diffs) or 0.0
        sd = (sum((d - mean) ** 2 for d in diffs) / max(1, len(diffs) - 1)) ** 0.5
        # Paired over clusters; 1.96 standard errors either side (normal approximation).
        half = 1.96 * sd / max(1, len(diffs)) ** 0.5
        delta[key] = {"mean": r2(mean), "ci95": [r2(mean - half), r2(mean + half)]}
    return {
        "dataset": str(path),
        "clusters": clusters,
        "words": words,
        "rouge": {name: {key: r2(_mean(v)) for key, v in sorted(d.items())} for name, d in rouge.items()},
        "rouge_neutral_minus_plain": delta,
        "loaded_per_100_words": {key: r2(_mean(v)) for key, v in sorted(rates.items())},
        "by_bias": {
            "clusters": len(by_bias.get("neutral_summary", [])),
            **{key: r2(_mean(v)) for key, v in sorted(by_bias.items())},
        },
        "neutral_at_or_below_least_loaded_outlet": r2(below_every / clusters if clusters else None),
        "neutral_differs_from_plain": changed,
        "summary_words": {name: r2(_mean(v)) for name, v in lengths.items()},
        "seconds": round(time.perf_counter() - start, 1),
    }


if __name__ == "__main__":  # python -m newsdigest.framing DATA.jsonl [LIMIT]
    import sys

    if len(sys.argv) < 2:
        sys.exit("usage: python -m newsdigest.framing NEUS.jsonl [LIMIT]")
    print(json.dumps(evaluate_neus(sys.argv[1], limit=int(sys.argv[2]) if len(sys.argv) > 2 else None), indent=2))
