"""Contradictions: whether two sentences of different publishers state one fact with incompatible values."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date as Date
from newsdigest.text import lexical
from newsdigest.summary.align import SentenceTable, fact_text
from newsdigest.model import Story
from newsdigest.analysis.contradict.names import _ANTONYM_STEMS, _NOT_NAME, _PLACE_PREPS, _ROLE_NAME, _TIME_VARYING, _capitalised, _name_run, _words
from newsdigest.analysis.contradict.rules import ANCHOR_COSINE, CASUALTY_JACCARD, DATE_RATIO, MIN_JACCARD, PAIR_COSINE, SLOT_RATIO, TALLY_JACCARD, _CASUALTY, _CHANGES, _CUMULATIVE, _GENERIC_UNITS, _HISTORIC, _PREDICATE_TEXT
from newsdigest.analysis.contradict.values import _Mention, _Tok, _clause_words, _dates, _dates_conflict, _numbers, _numbers_conflict, _tallies, _tallies_close, _tallies_conflict, _tally_pairs, _times, _times_conflict


@dataclass
class _Conflict:
    kind: str
    slot: str  # what is in dispute, in words
    a: tuple[int, int]  # (sentence, mention id)
    b: tuple[int, int]
    value_a: str
    value_b: str
    # False when the dispute is only in the attribution (who holds a role), not in the fact.
    in_fact: bool = True


@dataclass
class _Sentence:
    text: str
    fact: str
    figures: frozenset[float] = frozenset()  # every number outside dates and times
    numbers: list[_Mention] = field(default_factory=list)
    times: list[_Mention] = field(default_factory=list)
    dates: list[_Mention] = field(default_factory=list)
    tallies: list[_Mention] = field(default_factory=list)


class Analyzer:
    """Value extraction (cached per sentence) and the pairwise conflict test.

    Shared with ``corroborate`` so that a sentence that contradicts a fact never counts as
    confirming it.
    """

    def __init__(self, story: Story, table: SentenceTable):
        self.story = story
        self.table = table
        self._cache: dict[int, _Sentence] = {}
        self._article_text: dict[int, str] = {}
        self._days: dict[int, Date | None] = {}
        self._article_tallies: dict[int, frozenset[tuple[int, int]]] = {}
        self._article_names: dict[int, frozenset[str]] = {}

    # -- per article
    def article_text(self, art: int) -> str:
        if art not in self._article_text:
            a = self.story.articles[art]
            self._article_text[art] = " ".join([a.title or ""] + [s.text for s in a.sentences]).lower()
        return self._article_text[art]

    def article_tallies(self, art: int) -> frozenset[tuple[int, int]]:
        """Every pair of counts shaped like a tally in an article (title and sentences), in order."""
        if art not in self._article_tallies:
            a = self.story.articles[art]
            self._article_tallies[art] = frozenset(
                tuple(sorted(int(m.group(g).replace(",", "")) for g in ("a", "b")))
                for text in [a.title or ""] + [s.text for s in a.sentences] for m, _ in _tally_pairs(text))
        return self._article_tallies[art]

    def article_names(self, art: int) -> frozenset[str]:
        """Stems of the words an article writes capitalised inside a sentence (names: "Whigs",
        not "Revenue", capitalised only as a sentence's first word)."""
        if art not in self._article_names:
            a = self.story.articles[art]
            self._article_names[art] = frozenset(lexical._stem(w) for s in a.sentences for w in lexical.names(s.text))
        return self._article_names[art]

    def day(self, art: int) -> Date | None:
        if art not in self._days:
            self._days[art] = _parse_day(self.story.articles[art].date)
        return self._days[art]

    # -- per sentence
    def sentence(self, i: int) -> _Sentence:
        got = self._cache.get(i)
        if got is None:
            text = self.table.sentences[i].text
            fact = fact_text(text)
            times = _times(fact)
            dates = _dates(fact)
            tallies = _tallies(fact)
            taken = [(m.start, m.end) for m in times + dates]
            blanked = fact
            for a, b in taken:
                blanked = blanked[:a] + " " * (b - a) + blanked[b:]
            numbers = _numbers(fact, taken + [(m.start, m.end) for m in tallies])
            # The sentence's first word names who holds a figure only if the article writes it
            # capitalised elsewhere too ("Whigs", not "Revenue").
            names = self.article_names(int(self.table.article_of[i]))
            for m in numbers:
                m.known = names
                if m.holder_first and m.holder_first in names:
                    m.holder = m.holder | {m.holder_first}
            got = _Sentence(text=text, fact=fact, figures=frozenset(lexical.numbers(blanked)),
                            numbers=numbers, times=times, dates=dates, tallies=tallies)
            self._cache[i] = got
        return got

    # -- pairs
    def same_fact(self, i: int, j: int, cosine: float) -> bool:
        """Are sentences i and j close enough to be two reports of one fact?"""
        if cosine < PAIR_COSINE:
            return False
        a, b = self.table.stems[i], self.table.stems[j]
        return bool(a | b) and len(a & b) / len(a | b) >= MIN_JACCARD

    def jaccard(self, i: int, j: int) -> float:
        a, b = self.table.stems[i], self.table.stems[j]
        return len(a & b) / len(a | b) if a | b else 0.0

    def conflicts(self, i: int, j: int, cosine: float) -> list[_Conflict]:
        """Everything sentences i and j (different publishers) report incompatibly."""
        if cosine < ANCHOR_COSINE:
            return []
        si, sj = self.sentence(i), self.sentence(j)
        art_i, art_j = int(self.table.article_of[i]), int(self.table.article_of[j])
        if not self.same_fact(i, j, cosine):
            out = self._anchored_date_conflicts(i, j, si, sj, art_i, art_j)
            if cosine >= PAIR_COSINE and self.jaccard(i, j) >= CASUALTY_JACCARD and not (_historic(si) or _historic(sj)):
                out += [c for c in self._number_conflicts(i, j, si, sj, art_i, art_j, cosine)
                        if _casualty(si.numbers[c.a[1]]) and _casualty(sj.numbers[c.b[1]])]
            if cosine >= PAIR_COSINE and self.jaccard(i, j) >= TALLY_JACCARD:
                out += self._tally_conflicts(i, j, si, sj, art_i, art_j, close_only=True)
            return out
        out = self._number_conflicts(i, j, si, sj, art_i, art_j, cosine)
        out += self._time_conflicts(i, j, si, sj)
        out += self._tally_conflicts(i, j, si, sj, art_i, art_j)
        # Two sentences that give different figures report different data points ("new claims
        # ... week ended July 17" / "continuing claims ... week ended July 10"): their dates,
        # names and outcomes need not be one fact's.
        if si.figures and sj.figures and not si.figures & sj.figures:
            return out
        out += self._date_conflicts(i, j, si, sj, art_i, art_j)
        out += self._slot_conflicts(i, j, si, sj, art_i, art_j)
        return out

    def agreements(self, i: int, j: int, cosine: float) -> set[float]:
        """Figures of sentence i that sentence j gives too, maybe rounded or hedged ("about 200
        passengers" for "212 passengers"): the same quantity with compatible values."""
        si, sj = self.sentence(i), self.sentence(j)
        out = set()
        for a in si.numbers:
            if any(self._same_quantity(a, b, cosine) and not _numbers_conflict(a, b) for b in sj.numbers):
                out.add(a.point)
        return out

    def _number_conflicts(self, i, j, si, sj, art_i, art_j, cosine) -> list[_Conflict]:
        out = []
        for x, a in enumerate(si.numbers):
            partners = [(y, b) for y, b in enumerate(sj.numbers) if self._same_quantity(a, b, cosine)]
            if len(partners) != 1:
                continue  # none, or ambiguous: two figures of the same kind
            y, b = partners[0]
            rivals = [c for c in si.numbers if c is not a and self._same_quantity(c, b, cosine)]
            if rivals or not _numbers_conflict(a, b):
                continue
            # The other figure is stated in the sentence too ("12 dead, up from 10"): no dispute.
            if _stated(b, si.numbers) or _stated(a, sj.numbers):
                continue
            if self._is_update(a, b, art_i, art_j):
                continue
            out.append(_Conflict("number", _number_slot(a, b), (i, x), (j, y), a.value, b.value))
        return out

    @staticmethod
    def _same_quantity(a: _Mention, b: _Mention, cosine: float) -> bool:
        if a.key != b.key and not (a.people and b.people and a.nearest == b.nearest and a.nearest in _CASUALTY):
            return False
        if a.subset != b.subset:
            return False  # "including 12 Americans" is a part of the other figure
        if a.origin and b.origin and a.origin != b.origin:
            return False  # "$60bn of American goods" / "$34 billion in Chinese goods"
        if a.qualified != b.qualified:
            return False
        if a.modal or b.modal:
            # A forecast is not a report: it differs from the outcome, and forecasts from two
            # surveys differ from each other.
            return False
        # Two figures answer one question only for one time frame ("next year" / "over the past
        # six years") and one holder ("Whigs ... 250 seats" / "Assembly Tories ... 50
        # seats"); casualty counts name the attack, not a holder, before the figure.
        if a.frame and b.frame and not a.frame & b.frame:
            return False
        if not (a.predicates | b.predicates) & (_CASUALTY | {"hospital"}) and not _same_holder(a, b):
            return False
        if a.predicates or b.predicates:
            # Both must say what happened to the counted things, and say the same.
            return bool(a.predicates & b.predicates)
        # And with the same action: a loss or gain is not a total ("lost 50 seats" / "hold 250
        # seats"), a win is not a holding.
        if not _same_action(a, b):
            return False
        # No predicate: the words around the figures must overlap ("winds of 110 mph"); for a
        # generic unit ("3%", "$4 billion") one shared word is not enough ("revenue rose 3%" vs
        # "revenue from frozen meals grew 11%").
        need = 2 if a.key in _GENERIC_UNITS else 1
        return len(a.context & b.context) >= need or cosine >= 0.8

    def _is_update(self, a: _Mention, b: _Mention, art_i: int, art_j: int) -> bool:
        if a.update or b.update:
            return True
        if not ((a.predicates | b.predicates) & _CUMULATIVE):
            return False
        di, dj = self.day(art_i), self.day(art_j)
        if di is None or dj is None or di == dj:
            return False
        later, earlier = (a, b) if di > dj else (b, a)
        return later.lo >= earlier.lo  # the count grew: an update, not a dispute

    def _time_conflicts(self, i, j, si, sj) -> list[_Conflict]:
        # Times are compared only when each sentence gives exactly one: with more, which event
        # each time belongs to is a guess.
        if len(si.times) != 1 or len(sj.times) != 1:
            return []
        a, b = si.times[0], sj.times[0]
        if not _times_conflict(a, b):
            return []
        return [_Conflict("time", "time" + _lead_in(si.fact, a), (i, 0), (j, 0), a.value, b.value)]

    def _tally_conflicts(self, i, j, si, sj, art_i, art_j, close_only: bool = False) -> list[_Conflict]:
        """Two tallies of one vote that differ ("voted 222-190" / "passed 220-to-190"). A story
        may tell of several votes (House and Senate, an amendment, a procedural vote, an earlier
        vote on a similar bill), so the pair must leave no doubt that it is one vote: one tally in
        each sentence and no other pair of counts; no forecast ("is expected to pass 220-210");
        the same body where both name one; the same kinds of vote named (amendment, procedural,
        override ...); neither sentence about an earlier vote (a year, "last", "previous",
        "prior", "similar"); and neither outlet gives the other's tally anywhere in its article
        (it then reports two votes). Other figures are not compared: the breakdowns around a tally
        ("with two Republicans joining") differ between outlets. Sentences worded further apart
        (``close_only``) are compared only when the tallies are close ("222-190" / "220-190")."""
        if len(si.tallies) != 1 or len(sj.tallies) != 1:
            return []
        a, b = si.tallies[0], sj.tallies[0]
        if a.others or b.others or a.modal or b.modal:
            return []
        if a.body and b.body and a.body != b.body:
            return []
        if a.procedure != b.procedure:
            return []
        if _historic(si) or _historic(sj) or _EARLIER_VOTE & (_lower_words(si.fact) | _lower_words(sj.fact)):
            return []
        if not _tallies_conflict(a, b) or (close_only and not _tallies_close(a, b)):
            return []
        if tuple(sorted(b.votes)) in self.article_tallies(art_i) or tuple(sorted(a.votes)) in self.article_tallies(art_j):
            return []
        return [_Conflict("tally", "vote tally" + _lead_in(si.fact, a), (i, 400), (j, 400), a.value, b.value)]

    def _date_conflicts(self, i, j, si, sj, art_i, art_j) -> list[_Conflict]:
        if len(si.dates) != 1 or len(sj.dates) != 1:
            return []
        a, b = si.dates[0], sj.dates[0]
        # The date must belong to the same event: its clause shares a word ("will reopen on
        # Monday" / "will reopen on Thursday"; not "invaded ... in 1975" / "annexed ... in 1976").
        if not (_clause_words(si.fact, a) & _clause_words(sj.fact, b)):
            return []
        # And the sentences must be near-paraphrases: in similar sentences about a story's
        # history, different years are mostly different events.
        if _word_ratio(si.fact, sj.fact) < DATE_RATIO:
            return []
        di, dj = self.day(art_i), self.day(art_j)
        if (a.weekday is not None or b.weekday is not None) and di and dj and abs((di - dj).days) > 5:
            return []  # "Tuesday" in reports a week apart may be different Tuesdays
        if not _dates_conflict(a, b, di.year if di else None, dj.year if dj else None):
            return []
        return [_Conflict("date", "date" + _lead_in(si.fact, a), (i, 0), (j, 0), a.value, b.value)]

    def _anchored_date_conflicts(self, i, j, si, sj, art_i, art_j) -> list[_Conflict]:
        """Days of the month for one event in differently worded sentences, tied together by a
        figure both give ("229 people" / "229 lives") and a word of the date's clause ("crash")."""
        if len(si.dates) != 1 or len(sj.dates) != 1:
            return []
        a, b = si.dates[0], sj.dates[0]
        if a.ymd[1] is None or a.ymd[2] is None or b.ymd[1] is None or b.ymd[2] is None:
            return []  # a month-day both times: weekdays are relative to each report's day
        shared = {x for x in si.figures & sj.figures if x >= 10 and not (1800 <= x <= 2100 and x == int(x))}
        if not shared or not (_clause_words(si.fact, a) & _clause_words(sj.fact, b)):
            return []
        if not _dates_conflict(a, b, None, None):
            return []
        return [_Conflict("date", "date" + _lead_in(si.fact, a), (i, 0), (j, 0), a.value, b.value)]

    def _slot_conflicts(self, i, j, si, sj, art_i, art_j) -> list[_Conflict]:
        out = []
        # Role holders, read from the whole sentence: an attribution counts here, since the
        # role is the same ("Sheriff Paul Okafor said" vs "Sheriff Ray Dunlap said").
        roles_i = {_role_key(m.group("role")): m for m in _ROLE_NAME.finditer(si.text)}
        roles_j = {_role_key(m.group("role")): m for m in _ROLE_NAME.finditer(sj.text)}
        for role in roles_i.keys() & roles_j.keys():
            mi, mj = roles_i[role], roles_j[role]
            ni, nj = mi.group("name"), mj.group("name")
            if self._different_names(ni, nj, art_i, art_j):
                in_fact = mi.group(0) in si.fact and mj.group(0) in sj.fact
                out.append(_Conflict("name", f"name given for the {role}", (i, 100), (j, 100), ni, nj, in_fact))
        wi, wj = _words(si.fact), _words(sj.fact)
        matcher = difflib.SequenceMatcher(a=[t.low for t in wi], b=[t.low for t in wj], autojunk=False)
        if matcher.ratio() < SLOT_RATIO:
            return out
        names, outcomes, other_names = [], [], 0
        opcodes = matcher.get_opcodes()
        # "has applied" vs "has not applied": a negation turns any other difference around.
        if any(op != "equal" and ({t.low for t in wi[a0:a1] + wj[b0:b1]} & _NEGATIONS) for op, a0, a1, b0, b1 in opcodes):
            return out
        for op, a0, a1, b0, b1 in opcodes:
            if op == "equal":
                continue
            ra, rb = _name_run(wi[a0:a1]), _name_run(wj[b0:b1])
            pure = len(ra) == a1 - a0 and len(rb) == b1 - b0
            place = a0 > 0 and wi[a0 - 1].low in _PLACE_PREPS
            # A name swap is the only difference at its place ("Captain Elena Ruiz steered" /
            # "Captain Marco Bellini steered"); after a preposition of place more may follow
            # ("near Carver Point at 11:40 p.m." / "near Dunmore Bay late").
            if op == "replace" and ra and rb and a0 > 0 and b0 > 0 and (pure or place):
                # The whole name: capitalised words both share around the difference belong to
                # it ("De Kock" / "De Klerk" share "De": one name apart, not two people).
                ra = _extend_left(wi, a0) + ra
                rb = _extend_left(wj, b0) + rb
                names.append((a0, ra, rb))
                continue
            if any(_capitalised(t) for t in wi[a0:a1] + wj[b0:b1] if t is not wi[0] and t is not wj[0]):
                other_names += 1
            if op == "replace" and a1 - a0 <= 3 and b1 - b0 <= 3:
                sa = {lexical._stem(t.low) for t in wi[a0:a1]}
                sb = {lexical._stem(t.low) for t in wj[b0:b1]}
                for x, y in _ANTONYM_STEMS:
                    if (x in sa and y in sb and y not in sa and x not in sb) or (y in sa and x in sb and x not in sa and y not in sb):
                        word_a = next(t.text for t in wi[a0:a1] if lexical._stem(t.low) in (x, y))
                        word_b = next(t.text for t in wj[b0:b1] if lexical._stem(t.low) in (x, y))
                        outcomes.append((word_a, word_b, x in _TIME_VARYING or y in _TIME_VARYING))
                        break
        # One differing name in otherwise matching sentences is a dispute; several mean the
        # sentences are about different people or places.
        if len(names) == 1 and not other_names and not outcomes:
            a0, ra, rb = names[0]
            na, nb = " ".join(t.text for t in ra), " ".join(t.text for t in rb)
            if self._different_names(na, nb, art_i, art_j):
                prev = wi[a0 - 1].low
                if prev in _PLACE_PREPS:
                    kind, slot = "place", "place (" + " ".join(t.text for t in wi[max(0, a0 - 2):a0]) + " ...)"
                elif prev in _TITLES:
                    kind, slot = "name", f"name given for the {prev}"
                else:
                    kind, slot = "name", "name"
                if not any(c.kind == "name" and {c.value_a, c.value_b} == {na, nb} for c in out):
                    out.append(_Conflict(kind, slot, (i, 200), (j, 200), na, nb))
        if len(outcomes) == 1 and not names and not other_names:
            word_a, word_b, varying = outcomes[0]
            if not (varying and self.day(art_i) != self.day(art_j)):
                out.append(_Conflict("outcome", "outcome", (i, 300), (j, 300), word_a, word_b))
        return out

    def _different_names(self, na: str, nb: str, art_i: int, art_j: int) -> bool:
        ta, tb = set(na.lower().split()), set(nb.lower().split())
        if ta & tb:
            return False  # "Delgado" vs "Maria Delgado", or a first name spelled two ways
        # Both outlets know both names: they are writing about two people or places.
        last_a, last_b = na.lower().split()[-1], nb.lower().split()[-1]
        if re.search(r"\b" + re.escape(last_b) + r"\b", self.article_text(art_i)):
            return False
        if re.search(r"\b" + re.escape(last_a) + r"\b", self.article_text(art_j)):
            return False
        return True


# An earlier vote on a like measure ("a similar bill passed 227-203 in 2019").
_EARLIER_VOTE = {"prior", "similar", "version", "again", "revote"}


def _lower_words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]+", text)}


_NEGATIONS = {"not", "no", "never", "n't", "nobody", "none", "neither", "nor", "without"}


_TITLES = set(
    "mr mrs ms dr captain capt sheriff mayor governor gov president sen senator rep representative "
    "minister secretary general gen lt lieutenant sgt sergeant chief officer judge justice king queen "
    "prince princess pope rev coach director commissioner chancellor premier colonel col major maj "
    "admiral adm professor prof detective inspector deputy ambassador".split()
)


def _extend_left(words: list[_Tok], k: int) -> list[_Tok]:
    """The capitalised words right before index k (a name continues leftwards), up to a title:
    "Captain Elena Ruiz" is the name "Elena Ruiz" in the slot "Captain"."""
    run: list[_Tok] = []
    j = k - 1
    while j >= 0:
        t = words[j]
        if t.kind != "word" or not t.text[:1].isupper() or t.low in _TITLES or t.low in _NOT_NAME:
            break
        if t.low in lexical.stop_words():
            break
        run.insert(0, t)
        j -= 1
    return run


def _lead_in(text: str, m: _Mention) -> str:
    """The words before a date or time, to say what it dates: " (will reopen on ...)"."""
    words = lexical.words(re.split(r"[,;:()\"“”]", text[:m.start])[-1])[-3:]
    return f" ({' '.join(words)} ...)" if words else ""


def _word_ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(a=[t.low for t in _words(a)], b=[t.low for t in _words(b)], autojunk=False).ratio()


def _role_key(role: str) -> str:
    role = role.lower().rstrip(".")
    return {"gov": "governor", "ceo": "chief executive", "chief of police": "police chief"}.get(role, role)


def _casualty(m: _Mention) -> bool:
    return bool(m.predicates & _CASUALTY) and not m.modal


def _historic(s: _Sentence) -> bool:
    """The sentence dates its figures to another event: a year, "16 months ago", "the worst
    previous fire"."""
    return any(d.ymd[0] is not None for d in s.dates) or bool(_HISTORIC & {w.lower() for w in re.findall(r"[A-Za-z]+", s.fact)})


def _same_holder(a: _Mention, b: _Mention) -> bool:
    """Where both sentences say whose the figures are, they say the same ("Whigs" / "Assembly
    Tories" are two holders); where one does ("Halvern plans to eliminate 2,100 jobs"), the
    other ("The company will cut 1,200 jobs") names that holder in its sentence or article."""
    if a.holder and b.holder:
        return bool(a.holder & b.holder)
    if a.holder:
        return bool(a.holder & (b.words | b.known))
    if b.holder:
        return bool(b.holder & (a.words | a.known))
    return True


def _same_action(a: _Mention, b: _Mention) -> bool:
    """The same action or a synonym ("hold" / "control"); a change (gain, loss) never pairs with a
    figure that does not say it is one."""
    if a.action and b.action:
        return a.action == b.action
    return not ({a.action, b.action} & _CHANGES)


def _stated(m: _Mention, others: list[_Mention]) -> bool:
    return any(abs(o.point - m.point) < 1e-9 and o.key == m.key for o in others)


def _number_slot(a: _Mention, b: _Mention) -> str:
    """What the figures measure, in words: "number of people killed", "mph (winds)"."""
    predicate = [a.nearest] if a.nearest and a.nearest == b.nearest else sorted(a.predicates & b.predicates)
    if predicate:
        return f"number of {a.unit_text.lower() or a.key} {_PREDICATE_TEXT[predicate[0]]}"
    topic = f" ({a.topic})" if a.topic else ""
    if a.key == "%":
        return "percentage" + topic
    if a.key in {"$", "€", "£"}:
        return f"amount in {a.key}" + topic
    return f"{a.unit_text.lower() or a.key}{topic}"


def _parse_day(value: str | None) -> Date | None:
    if not value:
        return None
    try:
        from dateutil import parser

        return parser.parse(value, default=None, fuzzy=True).date()  # type: ignore[arg-type]
    except (ValueError, OverflowError, TypeError, AttributeError):
        return None
