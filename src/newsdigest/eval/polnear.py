"""Quotes and speakers measured on real annotated news: PolNeAR (and BASIL quote speakers).

``newsdigest eval-quotes [--data ../shared/data] [--split dev] [--limit N] [--out FILE]``

Each PolNeAR article is its own story, prepared as ``score_real_quotes`` prepares articles
(ingest, clean, segment, NER) and read by ``find_quotes``. Matching rules:

- Gold direct quotes: attributions whose ``content_quoted`` is "full" (every part in double
  quote marks). A predicted quote is located in the article's text (each ' … ' part on its own,
  words may be apart by spaces and quote marks, e.g. across paragraphs), giving character spans.
- Recall: a gold direct quote is found when one predicted quote covers at least half of its
  characters (quote marks and spaces not counted). A second reading, reported beside it: the
  predicted quotes that give one speaker (not None) cover half of it together. PolNeAR makes one
  attribution of a quote given in pieces ('"A," said X, a spokesman. "B," which X thinks ...
  "C."', or several quoted lines in a row), with its parts in ``fragments`` or one span over the
  narration between them; the product gives the pieces it cannot join as quotes of their own,
  so on the first reading no piece reaches half. Speakers are scored on the first reading.
- Precision: a predicted quote is right when at least half of its characters lie inside some
  gold content span that holds quote marks ("full" or "partial"): PolNeAR annotates every
  attribution, so a quote outside every content span is a scare quote, a title or a misreading.
  A predicted quote found nowhere in the text counts as wrong.
- Speakers (on found gold quotes whose gold ``source`` is not null; the predicted quote is the
  one covering most of the gold quote): the gold source is *named* when it holds a capitalised
  word that is not a role word, a *pronoun* (he/she/...), else a *description* ("the
  Republican front-runner"). Names match when they share a word that is not a role or
  function word (family names: 'Trump' = 'Donald J. Trump'). A pronoun or description source is
  right when it matches the nearest earlier named gold source (the annotators' own attributions,
  in the same or the previous three paragraphs) or the subject of the nearest earlier sentence
  that has a name for one (a lenient reading: any of these antecedents counts). That sentence is
  looked for up to 600 characters before the attribution (before its quote when the source comes
  after it: '"...," he said'), outside quotation marks, and its subject is the name opening it
  ('Trump went ...'), the name after an opening phrase that ends in a comma ('On Sunday, Trump
  went ...', 'Asked about Cruz, Rubio said ...': not Cruz; not after a connective such as 'In
  addition,' or 'In that sense,'), or a name with an aside after it ('Walsh, a former labor
  leader, had ...', 'Trump, however, wasted ...'); a name in the possessive ('Walsh's
  predecessor') or in a list ('Cruz and Rubio') is no subject. A he/she source also matches what
  the nearest earlier gold source matches when that source is the same pronoun (a chain: '"...,"
  he said. ... "...," he added.', no other source between them, in the same or the previous
  three paragraphs, up to five links back). A description ("the Vermont senator") also matches
  on its own words; a relative pronoun ("who", "which") also matches the capitalised name right
  before it ("Mike Lee, who declared"). A gold source span
  that holds only the cue ('said', 'asked', 'According to', 'said in a statement': the annotators
  marked the verb) stands for the name right before or right after it ('Sinovic said in a
  statement', 'said Jason Gilbert'); a description given word for word as the gold source ('the
  spokesman' = 'the spokesman', 'a spokesman', 'the campaign') is right; names are compared with
  their mojibake repaired ('SarukhÃÂ¡n' = 'Sarukhán'). Precision: correct / speakers given; coverage:
  speakers given / found quotes.
- BASIL: quote spans with a speaker label (not ``other_*``); the predicted quote covering most of
  the span is taken, and its speaker agrees when it shares a name word with the label
  (``Donald_Trump`` -> donald, trump). Labels that name a group ('Democratic_lawmakers',
  'Obama_campaign', 'NAACP') are reported apart: the person of the group who spoke is no match.
"""

from __future__ import annotations

import json
import pickle
import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

import click

from newsdigest.analysis.quotes.merge import find_quotes
from newsdigest.analysis.quotes.rules import OMISSION, _ROLES, _VERBS
from newsdigest.model import Entity, Story
from newsdigest.text.clean import fix_mojibake

_PRONOUNS = frozenset("he she they it we i you his her him them us".split())
_FUNCTION = frozenset("""the a an of for and in on at to by with from its his her their our this that
these those s jr sr campaign spokesman spokeswoman spokesperson aide aides adviser advisers official
officials office press secretary team new former""".split())
_QUOTE_CHARS = "\"\u201c\u201d\u201e\u00ab\u00bb'\u2018\u2019`"


# ---------------------------------------------------------------------------------------------
# Preparing articles (with an optional cache of NER output: entities depend only on the sentence)


class _NerCache:
    def __init__(self, nlp: Any, path: Path | None):
        self.nlp, self.path = nlp, path
        self.found: dict[str, list[tuple[int, int, str, str]]] = {}
        if path is not None and path.exists():
            self.found = pickle.loads(path.read_bytes())
        self.dirty = False

    def annotate(self, articles: list) -> None:
        todo = [t for t in dict.fromkeys(s.text for a in articles for s in a.sentences) if t not in self.found]
        if todo:
            for text, doc in zip(todo, self.nlp.pipe(todo, batch_size=256)):
                self.found[text] = [(e.start_char, e.end_char, e.text, e.label_) for e in doc.ents]
            self.dirty = True
        for a in articles:
            a.entities = [
                Entity(article_id=a.id, sentence_index=s.index, start=st, end=en, text=tx, label=lb)
                for s in a.sentences
                for st, en, tx, lb in self.found[s.text]
            ]

    def save(self) -> None:
        if self.path is not None and self.dirty:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_bytes(pickle.dumps(self.found))


def _story(record: dict[str, Any], ner: _NerCache | None) -> Story | None:
    from newsdigest.io.ingest import articles_from_records
    from newsdigest.pipeline import prepare_articles

    rec = {"id": record["id"], "source": record.get("source") or "polnear", "date": record.get("date"),
           "title": None, "text": record["text"]}
    articles = prepare_articles(articles_from_records([rec]).articles, [])
    if not articles:
        return None
    if ner is not None:
        ner.annotate(articles)
    return Story(id=record["id"], articles=articles)


# ---------------------------------------------------------------------------------------------
# Locating predicted quotes in the raw text


def _word_pattern(word: str) -> str:
    """A predicted word as found in the raw text. The cleaner repairs mojibake ('naÃ¯vetÃ©' ->
    'naïveté'), so a non-ASCII character may stand for up to four damaged ones there."""
    return "".join(re.escape(c) if ord(c) < 128 else ".{1,4}?" for c in word)


def _locate(text: str, part: str, cursor: int = 0) -> tuple[int, int] | None:
    words = [w.strip(_QUOTE_CHARS) for w in part.split()]
    words = [w for w in words if w]
    if not words:
        return None
    sep = r"[\s" + re.escape(_QUOTE_CHARS) + r"]+"
    rx = re.compile(sep.join(_word_pattern(w) for w in words))
    # The first occurrence from the cursor that opens inside quote marks (a predicted quote was
    # read between marks: 'it will be Denver or Carolina' earlier in the text is not where
    # '"Denver," he answered' is), else the first occurrence at all.
    found = None
    for start in (cursor, 0):
        for m in rx.finditer(text, start):
            if found is None:
                found = m
            if re.search("[" + re.escape(_QUOTE_CHARS) + r"]\s*$", text[max(0, m.start() - 3):m.start()]):
                return m.start(), m.end()
        if found is not None:
            break
    return (found.start(), found.end()) if found else None


def _sentence_start(text: str, sentence: str) -> int:
    """Where the article's sentence (cleaned text) starts in the raw text, else 0."""
    words = [w for w in sentence.split() if w.strip(_QUOTE_CHARS)]
    if not words:
        return 0
    sep = r"[\s" + re.escape(_QUOTE_CHARS) + r"]+"
    m = re.compile(sep.join(_word_pattern(w.strip(_QUOTE_CHARS)) for w in words)).search(text)
    return max(0, m.start() - 1) if m else 0


def _quote_spans(text: str, quote_text: str, cursor: int = 0) -> list[tuple[int, int]] | None:
    """The spans of a predicted quote, looked for from ``cursor`` (the start of the sentence the
    quote gives as its support in this article: where the product read it) and else anywhere."""
    spans = []
    for part in quote_text.split(OMISSION):
        if not part.strip():
            continue
        loc = _locate(text, part, cursor)
        if loc is None:
            return None
        spans.append(loc)
        cursor = loc[1]
    return spans


def _content_chars(text: str, spans: list[tuple[int, int]]) -> set[int]:
    return {i for s, e in spans for i in range(s, e) if not text[i].isspace() and text[i] not in _QUOTE_CHARS}


def _parts(span: dict[str, Any]) -> list[tuple[int, int]]:
    frags = span.get("fragments") or [span]
    return [(f["start"], f["end"]) for f in frags]


# ---------------------------------------------------------------------------------------------
# Speakers


def _name_words(name: str | None) -> set[str]:
    if not name:
        return set()
    # (The raw text keeps its mojibake, 'SarukhÃÂ¡n'; the product reads it repaired, 'Sarukhán'.)
    words = re.findall(r"[A-Za-z][\w\-]*", re.sub(r"[’']s\b", "", fix_mojibake(name)))
    return {w.lower() for w in words if w.lower() not in _FUNCTION and w.lower() not in _ROLES and len(w) > 1}


def source_class(source_text: str) -> str:
    t = source_text.strip()
    if t.lower() in _PRONOUNS:
        return "pronoun"
    words = re.findall(r"[A-Za-z][\w\-’']*", t)
    if words and words[0].lower() in ("the", "a", "an", "his", "her", "its", "their"):
        return "description"
    for w in words:
        if w[0].isupper() and w.lower() not in _ROLES and w.lower() not in _FUNCTION:
            return "named"
    return "description"


def _resolve_source(att: dict[str, Any], atts: list[dict[str, Any]], text: str) -> str | None:
    """The nearest earlier named gold source for a pronoun/description source."""
    pos = att["source"]["start"]
    para_starts = [0] + [m.end() for m in re.finditer(r"\n\s*\n", text)]
    here = sum(1 for p in para_starts if p <= pos) - 1
    best = None
    for other in atts:
        src = other.get("source")
        if not src or src["start"] >= pos or source_class(src["text"]) != "named":
            continue
        para = sum(1 for p in para_starts if p <= src["start"]) - 1
        if here - para > 3:
            continue
        if best is None or src["start"] > best["start"]:
            best = src
    return best["text"] if best else None


_SENTENCE_START = r"(?:^|(?<=\n)|(?<=[.!?][\"\u201d’] )|(?<=[.!?] ))"
_NAME = r"((?:[A-Z][\w\-’'.]*\s+){0,3}[A-Z][\w\-’']*)"
_SUBJECT = re.compile(_SENTENCE_START + r"\s*" + _NAME + r"\s+[a-z]")
# The subject after an opening phrase that ends in a comma ('On Sunday, Trump went ...', 'In his
# statement Saturday, Sanders did ...', 'Asked about Cruz, Rubio said ...'): the phrase opens with
# a capital, holds no quote mark and no sentence end, and the name after its comma goes on with a
# lower-case word that is no 'and'/'or' (the subject's verb: 'Trump, Cruz and Rubio' is a list).
_OPENER_SUBJECT = re.compile(_SENTENCE_START + r"[ \t]*([A-Z][^\n.!?" + re.escape(_QUOTE_CHARS) + r"]{0,100}?),\s+"
                             + _NAME + r"\s+(?!(?:and|or|nor)\b)[a-z]")
# A connective is no scene for the subject: the sentence argues on ('In addition, United
# Technologies has offered ...', 'In that sense, Sandy Hook was ...') and its subject is as
# often a thing as the person speaking.
_CONNECTIVES = frozenset("""however|yet|still|instead|indeed|moreover|furthermore|nevertheless|
nonetheless|besides|similarly|likewise|thus|therefore|again|in addition|in that sense|in this sense|
in a sense|in fact|of course|for example|for instance|in other words|as a result|in short|in any case|
in turn|in particular|in contrast|by contrast|on the other hand|to be sure|at the same time|after all|
even so|that said|in the meantime""".replace("\n", "").split("|"))
# The subject with an aside after it ('Walsh, a former labor leader, had ...', 'Trump, however,
# wasted ...', 'Mark Weddle, 55, started ...'): the aside opens with a lower-case word or a digit.
_APPOSITIVE_SUBJECT = re.compile(_SENTENCE_START + r"\s*" + _NAME + r",\s+[a-z0-9(](?:[^\n.!?" + re.escape(_QUOTE_CHARS)
                                 + r"]|\.(?=,)){0,150}?,\s+(?!(?:and|or|nor)\b)[a-z]")
_NOT_SUBJECT = _FUNCTION | _PRONOUNS | {"but", "in", "on", "at", "after", "when", "while", "as", "if", "so", "still", "yet", "then"}


def _subject_before(text: str, pos: int) -> str | None:
    """The subject of the nearest earlier sentence (outside quotation marks) that has a name for
    one, 600 chars back: the name opening the sentence, the name right after an opening phrase
    that ends in a comma, or a name opening the sentence with an aside after it."""
    lo = max(0, pos - 600)
    found: dict[int, str] = {}  # sentence start -> its subject
    for rank, rx in ((1, _SUBJECT), (2, _OPENER_SUBJECT), (3, _APPOSITIVE_SUBJECT)):
        for m in rx.finditer(text, lo, pos):
            name = m.group(2 if rank == 2 else 1)
            if m.end(2 if rank == 2 else 1) > pos:
                break
            if rank > 1 and re.search(r"[’']s$", name):
                continue  # 'In 2008, Walsh’s predecessor ... contributed': the subject is no name
            if rank == 2 and m.group(1).strip().lower() in _CONNECTIVES:
                continue
            par_start = text.rfind("\n", 0, m.start(1)) + 1
            head = text[par_start:m.start(1)]
            if head.count("\u201c") > head.count("\u201d") or head.count('"') % 2:
                continue
            words = [w for w in name.split() if w.lower() not in _ROLES]
            if words and words[0].lower() not in _NOT_SUBJECT and m.start(1) not in found:
                found[m.start(1)] = name
    return found[max(found)] if found else None


_RELATIVE_PRONOUNS = frozenset("who which that".split())
_ANTECEDENT = re.compile(r"((?:[A-Z][\w’'.\-]*\s+){0,3}[A-Z][\w’'.\-]*)(?:\s*\([^()]{0,30}\))?\s*,?\s*$")


# A source span that holds only the cue ('said', 'According to', 'said in a statement'): the
# annotators marked the verb, and the source is the name right before it ('Sinovic said in a
# statement') or right after it ('said Jason Gilbert of Cheyenne', 'According to Woodward').
_CUE_ONLY = re.compile(r"(?:according\s+to|(?:" + "|".join(sorted(_VERBS)) + r")(?:\s+(?:in|on|to|at|an?|the|her|his|their|its|[a-z]+))*)",
                       re.I)
_NAME_AFTER = re.compile(r"\s*((?:[A-Z][\w’'.\-]*\s+){0,3}[A-Z][\w’'.\-]*)")


def _cue_only_source(att: dict[str, Any], text: str) -> list[str]:
    src = att["source"]
    if not _CUE_ONLY.fullmatch(src["text"].strip()):
        return []
    out = []
    before = _ANTECEDENT.search(text, 0, src["start"])
    if before:
        out.append(before.group(1))
    after = _NAME_AFTER.match(text, src["end"])
    if after:
        out.append(after.group(1))
    return out


def speaker_ok(predicted: str, att: dict[str, Any], atts: list[dict[str, Any]], text: str) -> bool:
    gold = att["source"]["text"]
    cls = source_class(gold)
    if cls == "description" and predicted.strip().lower() == gold.strip().lower():
        # An unnamed speaker given in the text's own words: 'a spokesman', 'the campaign'.
        return True
    pw = _name_words(predicted)
    if not pw:
        return False
    cue = _cue_only_source(att, text)
    if cue:
        return any(pw & _name_words(n) for n in cue)
    if cls == "named":
        return bool(pw & _name_words(gold))
    if cls == "description" and pw & _name_words(gold):
        return True
    if gold.strip().lower() in _RELATIVE_PRONOUNS:
        # 'from Mike Lee, who declared ...': a relative pronoun stands for the name right before it.
        m = _ANTECEDENT.search(text, 0, att["source"]["start"])
        if m and pw & _name_words(m.group(1)):
            return True
    return _antecedent_ok(pw, att, atts, text, links=5)


def _antecedent_ok(pw: set[str], att: dict[str, Any], atts: list[dict[str, Any]], text: str, links: int) -> bool:
    """The lenient antecedents of a pronoun or description source: the nearest earlier named
    gold source, the subject of the sentence before, and (he/she) what the chain's earlier link
    matches."""
    resolved = _resolve_source(att, atts, text)
    if resolved and pw & _name_words(resolved):
        return True
    # The sentence before the attribution: a source after its quote ('"...," he said') looks
    # back from the quote's start, past the quote's own sentences.
    subject = _subject_before(text, min(att["source"]["start"], att["content"]["start"]))
    if subject and pw & _name_words(subject):
        return True
    # A chain of he/she: the speaker of the nearest earlier source when it is the same pronoun
    # ('"...," he said. ... "...," he added.').
    earlier = _chain_before(att, atts, text) if links > 0 else None
    return bool(earlier and _antecedent_ok(pw, earlier, atts, text, links - 1))


def _chain_before(att: dict[str, Any], atts: list[dict[str, Any]], text: str) -> dict[str, Any] | None:
    """The nearest earlier gold attribution (by source) when its source is the same he/she, in the
    same or the previous three paragraphs; else None."""
    word = att["source"]["text"].strip().lower()
    if word not in ("he", "she"):
        return None
    pos = att["source"]["start"]
    para_starts = [0] + [m.end() for m in re.finditer(r"\n\s*\n", text)]
    here = sum(1 for p in para_starts if p <= pos) - 1
    best = None
    for other in atts:
        src = other.get("source")
        if not src or src["start"] >= pos or (best and src["start"] <= best["source"]["start"]):
            continue
        best = other
    if best is None:
        return None
    src = best["source"]
    if src["text"].strip().lower() != word or here - (sum(1 for p in para_starts if p <= src["start"]) - 1) > 3:
        return None
    return best


# ---------------------------------------------------------------------------------------------
# Scoring


def score_article(record: dict[str, Any], story: Story | None, errors: list | None = None,
                  context: int = 0) -> Counter:
    """Counts for one article; misses go to ``errors`` as (kind, article id, ...), and with
    ``context`` the speaker misses ('nospk', 'spk') end with that many characters of the text
    before the gold quote and the quote's own start (for reading them, never for the repo)."""
    text = record["text"]
    atts = [a for a in record["attributions"] if a.get("content")]
    gold = [a for a in atts if a.get("content_quoted") == "full"]
    quoted_chars = set()
    for a in atts:
        if a.get("content_quoted") in ("full", "partial"):
            quoted_chars |= set(range(a["content"]["start"], a["content"]["end"]))
    quotes = find_quotes(story) if story is not None else []
    pred = []  # (quote, chars)
    c: Counter = Counter()
    for q in quotes:
        # The quote is where the product read it (its support sentence in this article): the
        # same words earlier in the text, a headline in single quotes or a pull quote, are not it.
        support = next((s for s in q.support if s.article_id == record["id"]), None)
        spans = _quote_spans(text, q.text, _sentence_start(text, support.text) if support else 0)
        chars = _content_chars(text, spans) if spans else set()
        pred.append((q, chars))
        ok = bool(chars) and len(chars & quoted_chars) >= 0.5 * len(chars)
        c["pred"] += 1
        c["pred_correct"] += int(ok)
        if not ok and errors is not None:
            errors.append(("fp", record["id"], q.text[:120], q.speaker))
    for a in gold:
        g_chars = _content_chars(text, _parts(a["content"]))
        if not g_chars:
            continue
        c["gold"] += 1
        best, best_cov = None, 0
        for q, chars in pred:
            cov = len(chars & g_chars)
            if cov > best_cov:
                best, best_cov = q, cov
        # A gold quote the product gives in pieces (the annotators' one attribution over several
        # quoted parts, or with narration between them): found, on this second reading, when
        # the quotes of one speaker cover half of it together.
        by_speaker: dict[str, set[int]] = {}
        for q, chars in pred:
            if q.speaker is not None and chars & g_chars:
                by_speaker.setdefault(q.speaker, set()).update(chars & g_chars)
        union_cov = max([best_cov] + [len(u) for u in by_speaker.values()])
        c["found_union"] += int(union_cov >= 0.5 * len(g_chars))
        if best is None or best_cov < 0.5 * len(g_chars):
            if errors is not None:
                errors.append(("fn", record["id"], a["content"]["text"][:120], a["source"]["text"] if a.get("source") else None))
            continue
        c["found"] += 1
        if not a.get("source"):
            continue
        cls = source_class(a["source"]["text"])
        c["with_source"] += 1
        c[f"with_source_{cls}"] += 1
        if best.speaker is None:
            if errors is not None:
                errors.append(("nospk", record["id"], best.text[:120], a["source"]["text"])
                              + _context(text, a, context))
            continue
        c["speaker_given"] += 1
        c[f"speaker_given_{cls}"] += 1
        ok = speaker_ok(best.speaker, a, atts, text)
        c["speaker_correct"] += int(ok)
        c[f"speaker_correct_{cls}"] += int(ok)
        if not ok and errors is not None:
            errors.append(("spk", record["id"], f"{best.speaker!r} vs gold {a['source']['text']!r} "
                           f"({_resolve_source(a, atts, text) if cls != 'named' else ''})", best.text[:80])
                              + _context(text, a, context))
    return c


def _context(text: str, att: dict[str, Any], chars: int) -> tuple:
    if not chars:
        return ()
    at = att["content"]["start"]
    return (text[max(0, at - chars):at] + " >>> " + text[at:at + 80],)


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def summary(c: Counter) -> dict[str, Any]:
    out = {
        "articles": c["articles"],
        "gold direct quotes": c["gold"],
        "quote recall": _ratio(c["found"], c["gold"]),
        "quote recall (a speaker's quotes together)": _ratio(c["found_union"], c["gold"]),
        "quote precision": _ratio(c["pred_correct"], c["pred"]),
        "speaker precision": _ratio(c["speaker_correct"], c["speaker_given"]),
        "speaker precision (named)": _ratio(c["speaker_correct_named"], c["speaker_given_named"]),
        "speaker precision (pronoun)": _ratio(c["speaker_correct_pronoun"], c["speaker_given_pronoun"]),
        "speaker precision (description)": _ratio(c["speaker_correct_description"], c["speaker_given_description"]),
        "speaker given": _ratio(c["speaker_given"], c["with_source"]),
    }
    return out


def score_polnear(path: Path, ner: _NerCache | None, limit: int | None = None,
                  errors: list | None = None, context: int = 0) -> dict[str, Any]:
    total: Counter = Counter()
    with path.open(encoding="utf-8") as f:
        for k, line in enumerate(f):
            if limit is not None and k >= limit:
                break
            record = json.loads(line)
            total.update(score_article(record, _story(record, ner), errors, context))
            total["articles"] += 1
    return summary(total)


def score_basil(path: Path, ner: _NerCache | None) -> dict[str, Any]:
    c: Counter = Counter()
    with path.open(encoding="utf-8") as f:
        for line in f:
            cluster = json.loads(line)
            for art in cluster["articles"]:
                spans = [s for s in cluster.get("annotations", {}).get(art["id"], {}).get("quotes", [])
                         if s.get("speaker") and not s["speaker"].startswith("other")]
                if not spans:
                    continue
                story = _story({"id": art["id"], "source": art.get("source"), "date": art.get("date"),
                                "text": art["text"]}, ner)
                quotes = find_quotes(story) if story is not None else []
                located = []
                for q in quotes:
                    sp = _quote_spans(art["text"], q.text)
                    located.append((q, _content_chars(art["text"], sp) if sp else set()))
                for s in spans:
                    g = _content_chars(art["text"], [(s["start"], s["end"])])
                    if not g:
                        continue
                    c["spans"] += 1
                    best = max(located, key=lambda x: len(x[1] & g), default=None)
                    if best is None or len(best[1] & g) < 0.5 * len(g):
                        continue
                    c["found"] += 1
                    if best[0].speaker is None:
                        continue
                    c["given"] += 1
                    agree = bool(_name_words(best[0].speaker) & _name_words(s["speaker"].replace("_", " ")))
                    c["agree"] += int(agree)
                    kind = "person" if _person_label(s["speaker"]) else "group"
                    c[kind + " given"] += 1
                    c[kind + " agree"] += int(agree)
    return {"quote spans with a speaker": c["spans"], "found": _ratio(c["found"], c["spans"]),
            "speaker given": _ratio(c["given"], c["found"]), "speaker agreement": _ratio(c["agree"], c["given"]),
            "spans labelled with a person / with a group": f'{c["person given"]} / {c["group given"]}',
            "agreement where the label is a person": _ratio(c["person agree"], c["person given"]),
            "agreement where the label is a group": _ratio(c["group agree"], c["group given"])}


# BASIL labels a quote with a person ('Chuck_Schumer') or with a group ('Democratic_lawmakers',
# 'Obama_campaign', 'NAACP', 'Tea_Party'): against a group label, naming the person of the group
# who spoke ('Chuck Schumer') counts as no agreement, so the two are reported apart.
_GROUP_LABEL_WORDS = frozenset("""lawmakers officials campaign party department administration
democrats republicans plaintiffs protesters supporters critics members leaders aides staff
catholics activists organizers white house senate congress committee""".split())


def _person_label(label: str) -> bool:
    words = label.replace("_", " ").split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() and not w.isupper() for w in words) \
        and not any(w.lower() in _GROUP_LABEL_WORDS for w in words)


def report(results: dict[str, dict[str, Any]], basil: dict[str, Any] | None) -> str:
    cols = list(results)
    keys = list(next(iter(results.values())))
    lines = ["# Quotes and speakers on real annotated news (PolNeAR)", "",
             "Written by `newsdigest eval-quotes`; matching rules in `src/newsdigest/eval/polnear.py`.", "",
             "| measure | " + " | ".join(cols) + " |", "|---|" + "---|" * len(cols)]
    for k in keys:
        lines.append(f"| {k} | " + " | ".join("-" if results[c][k] is None else str(results[c][k]) for c in cols) + " |")
    if basil:
        lines += ["", "## BASIL dev: quote spans with a speaker label", "", "| measure | value |", "|---|---|"]
        lines += [f"| {k} | {v} |" for k, v in basil.items()]
    return "\n".join(lines) + "\n"


@click.command("eval-quotes")
@click.option("--data", "data_dir", default="../shared/data", type=click.Path(path_type=Path), show_default=True)
@click.option("--split", "splits", multiple=True, default=["dev"], show_default=True,
              help="PolNeAR split(s) to score: train, dev (repeatable).")
@click.option("--limit", type=int, default=None, help="Only the first N articles of each split.")
@click.option("--basil/--no-basil", default=True, show_default=True)
@click.option("--ner-cache", type=click.Path(path_type=Path), default=None, help="Pickle cache of NER output.")
@click.option("--errors", "errors_path", type=click.Path(path_type=Path), default=None, help="Write misses here (JSON lines: split, kind, article id, ...).")
@click.option("--context", type=int, default=0, show_default=True,
              help="With --errors: the speaker misses carry this many characters of text before the quote.")
@click.option("--out", type=click.Path(path_type=Path), default=None)
def eval_quotes_cmd(data_dir: Path, splits: tuple[str, ...], limit: int | None, basil: bool,
                    ner_cache: Path | None, errors_path: Path | None, context: int, out: Path | None) -> None:
    """Quote recall/precision and speaker precision on PolNeAR (and BASIL speaker agreement)."""
    from newsdigest.analysis.ner import load_ner

    ner = _NerCache(load_ner(), ner_cache)
    results, errors = {}, []
    for split in splits:
        t = time.time()
        found: list = []
        results[f"PolNeAR {split}"] = score_polnear(data_dir / f"polnear_{split}.jsonl", ner, limit, found, context)
        # Each miss says its split first: whoever develops on train can read train's alone.
        errors.extend((split, *e) for e in found)
        click.echo(f"{split}: {time.time() - t:.0f}s", err=True)
    basil_result = score_basil(data_dir / "basil_dev.jsonl", ner) if basil and (data_dir / "basil_dev.jsonl").exists() else None
    ner.save()
    text = report(results, basil_result)
    click.echo(text)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    if errors_path is not None:
        errors_path.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in errors) + "\n", encoding="utf-8")
