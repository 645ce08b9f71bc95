"""Quotes: the same quote across outlets merged into one entry, with variants and support."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from newsdigest.text.lexical import tokens
from newsdigest.model import Article, Quote, QuoteVariant, Story, Support
from newsdigest.analysis.quotes.marks import _Span
from newsdigest.analysis.quotes.names import _bare, _fullest, _is_org, _name_key, _strip_possessive, _strip_roles
from newsdigest.analysis.quotes.rules import MIN_QUOTE_WORDS, OMISSION, SAME_QUOTE_OVERLAP, _NAME_STOPS
from newsdigest.analysis.quotes.speakers import _article_quotes


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
                group = groups[home]
                k = next(i for i, o in enumerate(group) if o.article.id == article.id)
                if _gives_its_speaker(v, group[k]):
                    # v stands for its article there (its speaker, its sentence as the support);
                    # the earlier copy or excerpt is the extra piece.
                    extras[home].append(group[k])
                    group[k] = v
                    shortest[home] = min(shortest[home], len(v.norm))
                    for w in words:
                        groups_with[w].add(home)
                    continue
                if _part_of(v, group):
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


def _gives_its_speaker(v: _Version, o: _Version) -> bool:
    """``v``, a later quote of ``o``'s article, is ``o`` attributed: ``o`` has no attribution of its
    own (a pull quote or a teaser printed before the body attributes it; any speaker it has was
    carried over from the quote before it) or one that names nobody ('labeling it the "wrong
    move"' before the body says who said it), ``v`` names its speaker, and ``v`` holds (nearly) all
    of ``o``'s words (an attributed excerpt of a longer unattributed quote would lose the rest)."""
    return ((not o.span.attributed or o.span.speaker is None) and v.span.attributed
            and v.span.speaker is not None and _part_of(o, [v]))


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
