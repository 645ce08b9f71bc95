"""Framing: the lexicons loaded wording is read from (VADER, Pattern subjectivity, curated news additions) and their thresholds."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path


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


def word_forms(word: str) -> list[str]:
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
