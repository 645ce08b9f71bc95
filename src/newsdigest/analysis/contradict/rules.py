"""Contradictions: thresholds, word tables and patterns the rules read (data, no logic)."""

from __future__ import annotations

import re
from newsdigest.text import lexical


# Two sentences are about the same fact when they are this close in meaning (embedding cosine)
# *and* share this part of their content words (Jaccard of the fact texts' stems). The embedding
# alone pairs sentences on one topic ("killed 19 Americans in 1996" / "killed 224 people in
# 1998"); the shared words say the rest of the sentence tells the same thing.
PAIR_COSINE = 0.5


MIN_JACCARD = 0.3


# Dates, names and outcomes are one or two words: the sentences around them must also align word
# by word (difflib ratio of their word sequences) to be the same statement.
DATE_RATIO = 0.5


SLOT_RATIO = 0.4


# Casualty counts ("wounded 21 shoppers" / "injuring 24 other people") are compared in sentences
# that share less wording, down to this Jaccard, when nothing dates either to another event.
CASUALTY_JACCARD = 0.1


# Vote tallies of one vote told in different words ("The vote was 222-190 with two Republicans ..."
# / "The 220-to-190 party-line vote stands in contrast to ...") are compared down to this Jaccard
# when the two tallies are close (``values._tallies_close``): tallies of different votes in one
# story (House and Senate, passage and a procedural vote) are mostly far apart.
TALLY_JACCARD = 0.1


# A day of the month given for one event is compared in sentences this close in meaning, worded
# differently ("crashed Sept. 2 ... killing all 229" / "the Sept. 3 crash that took 229 lives"),
# when both give the same count of something: that figure anchors the two to one event.
ANCHOR_COSINE = 0.4


# Each sentence is compared with at most this many nearest sentences of other publishers.
NEIGHBOURS = 12


_TOKEN = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"|(?P<word>[A-Za-z]+(?:['’][A-Za-z]+)*)"
    r"|(?P<sym>[$€£%])"
    r"|(?P<punct>[;:,.!?()\"“”—–])"
    r"|(?P<dash>-)"
)


_UNITS_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}


_TENS_WORDS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}


_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


# Written right after an amount of money ("$60bn", "£5m").
_SCALE_SUFFIXES = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "tn": 1e12}


_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}


_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}


# Predicate classes: words that say what a number counts. Two figures about the same unit are
# compared only if their predicates agree ("12 people killed" vs "30 people injured" are not).
_PREDICATES = {
    "death": "kill killed killing kills dead die died dies dying death deaths fatal fatalities fatality lives perished toll".split(),
    "injury": "injured injuring injure injuries hurt wounded wounding treated".split(),
    # Still in hospital is a part of the injured, and shrinks as they go home.
    "hospital": "hospitalized hospitalised hospital".split(),
    "missing": "missing unaccounted".split(),
    "arrest": "arrested arrests detained detention custody held".split(),
    "rescue": "rescued rescue saved".split(),
    "evacuation": "evacuated evacuation evacuate fled displaced homeless".split(),
    "job": "cut cuts cutting eliminate eliminated eliminating layoffs laid lay shed shedding".split(),
    "hire": "hire hired hiring add adding create creating".split(),
    "vote": "voted votes vote ballots".split(),
}


_PREDICATE_OF = {w: cls for cls, ws in _PREDICATES.items() for w in ws}


# Counts that only grow as a story develops: a later, larger figure is an update.
_CUMULATIVE = {"death", "injury", "missing", "arrest", "rescue", "evacuation"}


_PREDICATE_TEXT = {
    "death": "killed", "injury": "injured", "missing": "missing", "arrest": "arrested",
    "rescue": "rescued", "evacuation": "evacuated", "job": "cut", "hire": "hired", "vote": "votes",
    "hospital": "in hospital",
}


# A figure that is somebody's forecast, not what happened.
_MODAL = set(
    "expect expected expects expecting expectation expectations forecast forecasts forecasting predicted "
    "predicts prediction projected projection anticipated consensus estimates target targets goal aims "
    "hoped looking analysts analyst economists surveyed polled could may might possible possibly likely".split()
)


_UPDATE = set("rose risen climbed increased jumped grew reached mounted swelled revised".split())


_RUNNING = {"toll", "total", "tally", "count", "number"}


# A figure "excluding food and energy" or "seasonally adjusted" measures a variant of the quantity
# another outlet reports plainly.
_QUALIFIERS = {"excluding", "excludes", "exclude", "controlling", "except", "core", "adjusted", "annualized",
               "annualised", "seasonally", "underlying", "net", "gross"}


# Units that say little about what is counted: their figures must share more context.
_GENERIC_UNITS = {"%", "$", "€", "£", "people", "year", "month", "week", "day", "hour", "minut", "time"}


# Words skipped between a number and the noun it counts.
_UNIT_SKIP = set("more new additional other extra further of the his her their its our those these such some all".split())


_VAGUE = {"dozens", "hundreds", "thousands", "millions", "billions", "scores"}


# Casualty counts: who was killed or hurt is often worded differently ("21 shoppers and passersby"
# / "24 other people"); these nouns all count the people a disaster hit, so their figures are one
# quantity. Nationalities ("12 Americans") and roles ("two bombers", "14 passengers") are not:
# they count a part of the victims, or other people.
_CASUALTY = {"death", "injury", "missing"}


_PEOPLE_UNITS = {"people"} | {lexical._stem(w) for w in (
    "persons", "others", "victims", "shoppers", "passersby", "bystanders", "civilians", "pedestrians")}


# "killed 224 people, including 12 Americans": a figure after these words counts a part.
_SUBSET_BEFORE = {"including", "includes", "included", "among"}


# A figure that dates itself to another event ("16 months ago", "the 1966 shower").
_HISTORIC = {"ago", "anniversary", "previous", "previously", "last", "former", "earlier", "worst"}


# Hedges, longest first; each maps to how the interval opens: lower bound, upper bound, about,
# almost (just under).
_HEDGES_BEFORE = [
    ("more than a", "min"), ("at least", "min"), ("more than", "min"), ("over", "min"), ("upwards of", "min"),
    ("in excess of", "min"), ("no fewer than", "min"), ("no less than", "min"), ("just over", "min"),
    ("as many as", "max"), ("as much as", "max"), ("up to", "max"), ("fewer than", "max"),
    ("less than", "max"), ("under", "max"), ("at most", "max"), ("no more than", "max"), ("just under", "almost"),
    ("nearly", "almost"), ("almost", "almost"), ("close to", "almost"), ("approaching", "almost"),
    ("about", "about"), ("around", "about"), ("approximately", "about"), ("roughly", "about"),
    ("some", "about"), ("an estimated", "about"), ("estimated", "about"), ("or so", "about"),
]


_HEDGES_BEFORE = [(tuple(h.split()), kind) for h, kind in _HEDGES_BEFORE]


# Vote tallies ("voted 222-190", "by a vote of 222 to 190", "a 220-to-190 vote"): two counts read
# as one value. A pair of numbers is a tally only with vote wording near it: a strong word says so
# by itself; a weak one only when nothing near speaks of a game ("won 3-1", "scored").
_TALLY_STRONG = set("vote votes voted voting ballot ballots balloting tally".split())


_TALLY_WEAK = set(
    "passed passes pass approved approves approve rejected rejects reject confirmed confirms confirm adopted "
    "defeated ratified acquitted convicted impeached overrode ruled ruling decision senate house chamber "
    "lawmakers legislators senators representatives congress parliament legislature assembly committee "
    "subcommittee panel council board supervisors trustees justices court caucus".split()
)


_TALLY_SCORE = set(
    "won win wins winning beat beats beating score scored scores scoring goal goals game games match matches "
    "inning innings set sets season halftime points series playoff playoffs league team teams tournament "
    "championship cup".split()
)


# Not a tally whatever is near: a date range ("May 7-10"), pages, ages, a range ("from 10 to 20"),
# a body's make-up ("split 50-50", "a 6-3 conservative majority"), a ratio ("a 2-to-1 margin").
_TALLY_NOT_BEFORE = set(
    "from between ages age aged page pages pp p chapter chapters section sections verse verses grade grades "
    "no nos number numbers route interstate split divided outnumber outnumbered outnumbering".split()
)


_TALLY_NOT_AFTER = set(
    "majority minority edge advantage lead conservative liberal percent pct hours hour days day weeks week "
    "months month years year minutes seconds points seats people ratio odds record a.m am p.m pm".split()
)


# A tally after an article is an adjective of one of these ("the 222-190 vote", "a 5-4 ruling");
# "the 9-11 memorial" is a name.
_TALLY_NOUNS = set(
    "vote votes voting ballot tally decision ruling ruled verdict tie margin count approval victory win "
    "defeat loss passage party line bipartisan unsigned split".split()
)


# The body that voted: two tallies of different bodies are two votes.
_TALLY_BODIES = {
    "house": "house", "representatives": "house", "senate": "senate", "senators": "senate",
    "assembly": "assembly", "committee": "committee", "subcommittee": "committee", "panel": "panel",
    "court": "court", "justices": "court", "board": "board", "trustees": "board", "council": "council",
    "supervisors": "board", "parliament": "parliament", "caucus": "caucus",
    "jury": "jury", "jurors": "jury", "commission": "commission", "bishops": "bishops",
}


# What kind of vote: a procedural or preliminary vote is not the final passage, an amendment is not
# the bill; two tallies compared must name the same of these (or none).
_TALLY_PROCEDURE = {
    "amendment": "amendment", "amendments": "amendment", "motion": "motion", "procedural": "procedural",
    "cloture": "procedural", "advance": "procedural", "advanced": "procedural", "advancing": "procedural",
    "proceed": "procedural", "filibuster": "procedural", "preliminary": "preliminary",
    "initial": "preliminary", "test": "preliminary", "override": "override", "overrode": "override",
    "overriding": "override", "veto": "override", "recommit": "procedural", "table": "procedural",
    "tabled": "procedural", "witnesses": "witnesses", "article": "article", "articles": "article",
    "first": "first", "second": "second", "third": "third",
}


# What was done with the counted things ("hold 250 seats", "lost 50 seats", "picked up six
# seats"): two figures of one unit answer the same question only with the same action or a
# synonym. A gain or a loss is a change, never a total: "lost nearly 50 seats" is not the size of
# the party ("hold 250 seats", "remain in the minority with 190 seats"). Read from the words
# before the figure (its own clause); a rise or fall "to" a figure gives a level, not a change.
_ACTIONS = {
    "hold": "hold holds holding held have has had having control controls controlled controlling keep keeps kept "
            "keeping retain retains retained retaining occupy occupies occupied own owns owned command commands "
            "commanded total totals totaled totalled totaling totalling numbering with remain remains remained",
    "win": "win wins won winning take takes took taken taking capture captures captured capturing secure secures "
           "secured securing",
    "gain": "gain gains gained gaining pick picks picked picking add adds added adding flip flips flipped flipping "
            "grab grabbed rise rises rose risen rising increase increases increased increasing climb climbs climbed "
            "jump jumps jumped grow grows grew grown up",
    "loss": "lose loses lost losing drop drops dropped dropping fall falls fell fallen falling decline declines "
            "declined declining shed sheds shedding cede cedes ceded forfeit forfeited slip slipped slide slid sink "
            "sank plunge plunged tumble tumbled decrease decreases decreased down",
}


_ACTION_OF = {w: cls for cls, ws in _ACTIONS.items() for w in ws.split()}


# Actions that are a change of a quantity, not its size.
_CHANGES = {"gain", "loss"}


# After the figure only a participle or a noun of change names the action ("50 seats lost",
# "250 seats held", "a 36% increase").
_ACTION_AFTER = {w: c for w, c in _ACTION_OF.items() if w.endswith("ed")} | {
    "held": "hold", "kept": "hold", "lost": "loss", "won": "win", "taken": "win", "fallen": "loss", "shed": "loss",
    "grown": "gain", "risen": "gain", "increase": "gain", "increases": "gain", "rise": "gain", "jump": "gain",
    "gain": "gain", "gains": "gain", "drop": "loss", "loss": "loss", "losses": "loss", "decline": "loss",
    "fall": "loss"}


# A time frame the figure is given for ("next year", "over the past six years", "since 2012",
# "in 2019"): two figures given for different frames answer different questions. Compared only
# when both sentences give one.
_FRAME = re.compile(
    r"\b(?P<rel>next|last|past|previous|prior|coming|this|current)\s+"
    r"(?:(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|few|several|couple\s+of)\s+)?"
    r"(?P<unit>years?|months?|weeks?|decades?|quarters?|days?|sessions?|terms?|elections?|cycles?|centur(?:y|ies)"
    r"|season|fall|spring|summer|winter)\b"
    r"|\b(?P<since>since|in|by|until|through)\s+(?P<year>(?:19|20)\d\d)\b"
    r"|\b(?P<ago_n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|few|several)\s+"
    r"(?P<ago_unit>years?|months?|weeks?|decades?|days?)\s+ago\b",
    re.I,
)


_FRAME_REL = {"last": "past", "previous": "past", "prior": "past", "coming": "next", "current": "this"}
