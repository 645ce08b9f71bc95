"""`newsdigest eval-framing --data ../shared/data`: loaded language and disagreements measured on
real annotated news (issue 13), every method and baseline in the same run, held-out folds only.

BABE (sentences with expert labels and biased words), 5-fold CV stratified by label, seed 0:
today's lexicon rules, a word list drawn from the training folds' biased words, TF-IDF + logistic
regression, the learned model (retrained on each training fold), and model + rules (union).
BASIL (50 events x 3 outlets, lexical-bias spans): the shipped tagger (trained on BABE only),
5-fold by event for the thresholds picked on training events; recall outside quotations,
precision against lexical spans, and the most loaded outlet with the product's 'unsure' rule.
ClaimDiff (claim pairs from two outlets): the contradiction finder and the same-fact test on each
pair as a two-outlet story; a negation cue and a pair logistic regression (5-fold by topic) for
"weaken". Cost per sentence of each method. Needs the eval extra (scikit-learn).
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Any

import click
import numpy as np

from newsdigest.analysis.framing import learned as L
from newsdigest.analysis.framing.loaded import find_loaded

NEG = {"not", "no", "never", "n't", "none", "nobody", "nothing", "neither", "nor", "without", "cannot"}


# ----------------------------------------------------------------------------- metrics
def macro_f1(y, p) -> float:
    y, p = np.asarray(y, int), np.asarray(p, int)
    out = []
    for c in (0, 1):
        tp = int(((p == c) & (y == c)).sum()); fp = int(((p == c) & (y != c)).sum()); fn = int(((p != c) & (y == c)).sum())
        out.append(2 * tp / max(2 * tp + fp + fn, 1))
    return float(np.mean(out))


def prf(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
    p, r = tp / max(npred, 1), tp / max(ngold, 1)
    return p, r, 2 * p * r / max(p + r, 1e-9)


def rule_mask(text: str, toks) -> np.ndarray:
    spans = [(m.start, m.end) for m in find_loaded(text, quotes=True, mode="rules")]
    return np.array([any(a <= s < b for a, b in spans) for s, _, _ in toks], dtype=bool)


# ----------------------------------------------------------------------------- BABE
def bench_babe(S: list[dict], m: dict, folds: int = 5, inner: int = 5, log=print,
               label: str = "learned model") -> dict[str, Any]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from newsdigest.eval import framing_train as T

    y = np.array([s["y"] for s in S])
    split = T.split(len(S), folds, seed=0, strat=y)
    names = ["rules (today's lexicons + hand lists)", "word list (training folds)", "TF-IDF + LR", label, label + " + rules (union)",
             label + " + precision guard (shipped)"]
    sent = {k: [] for k in names}
    tok = {k: [] for k in names}
    for fi, te in enumerate(split):
        tes = set(te)
        tr = [i for i in range(len(S)) if i not in tes]
        toks = {i: L.tokenize(S[i]["text"]) for i in te}
        gold = np.concatenate([S[i]["y_tok"] for i in te]); ng = int(gold.sum())
        rm = {i: rule_mask(S[i]["text"], toks[i]) for i in te}
        f = np.concatenate([rm[i] for i in te])
        sent[names[0]].append(macro_f1(y[te], [rm[i].any() for i in te])); tok[names[0]].append((int((f & (gold == 1)).sum()), int(f.sum()), ng))
        wl = {w for i in tr for w in S[i]["bw"]}
        wm = {i: np.array([T.clean(w) in wl for w in S[i]["words"]], dtype=bool) for i in te}
        f = np.concatenate([wm[i] for i in te])
        sent[names[1]].append(macro_f1(y[te], [wm[i].any() for i in te])); tok[names[1]].append((int((f & (gold == 1)).sum()), int(f.sum()), ng))
        v = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
        lr = LogisticRegression(C=3, max_iter=2000).fit(v.fit_transform([S[i]["text"] for i in tr]), y[tr])
        sent[names[2]].append(macro_f1(y[te], lr.predict(v.transform([S[i]["text"] for i in te]))))
        T.train_babe(m, S, tr, inner=inner)
        Z, P, _ = T.predict_babe(m, S, te)
        thr = m["tagger"]["thr_logit"]
        f = np.concatenate([Z[i] > thr for i in te])
        sent[names[3]].append(macro_f1(y[te], [P[i] >= 0.5 for i in te])); tok[names[3]].append((int((f & (gold == 1)).sum()), int(f.sum()), ng))
        # the precision guard with the training folds' BABE counts (train_babe leaves them in m)
        fg = np.concatenate([L.guard_mask(m, S[i]["words"], Z[i], _logit(P[i])) for i in te])
        sent[names[5]].append(sent[names[3]][-1]); tok[names[5]].append((int((fg & (gold == 1)).sum()), int(fg.sum()), ng))
        f = f | np.concatenate([rm[i] for i in te])
        sent[names[4]].append(macro_f1(y[te], [P[i] >= 0.5 or rm[i].any() for i in te])); tok[names[4]].append((int((f & (gold == 1)).sum()), int(f.sum()), ng))
        log(f"BABE fold {fi}: " + ", ".join(f"{k.split(' (')[0]} {v[-1]:.3f}" for k, v in sent.items()))
    out = {}
    for k in names:
        d = {"sentence_macro_f1": float(np.mean(sent[k])), "folds": [round(x, 3) for x in sent[k]]}
        if tok[k]:
            d["word_P"], d["word_R"], d["word_F1"] = prf(*np.array(tok[k]).sum(0))
        out[k] = d
    out["_n"] = len(S)
    return out


# ----------------------------------------------------------------------------- BASIL
def outlet_answer(arts, flags_of, min_words, min_flags, min_margin):
    """The product's rule (compare.frame): top outlet by flags per 100 own words; unsure with
    too few words or flags, or a score within min_margin (relative) of another outlet's."""
    rates = []
    for a in arts:
        k = int(np.asarray(flags_of(a)).sum())
        rates.append((100.0 * k / max(a["n_words"], 1), k, a["n_words"]))
    order = sorted(range(len(arts)), key=lambda i: -rates[i][0])
    top, sec = rates[order[0]], rates[order[1]]
    sure = top[2] >= min_words and top[1] >= min_flags and (top[0] - sec[0]) >= min_margin * max(top[0], 1e-9)
    return arts[order[0]]["source"], sure


# The outlet rule shipped before the sentence model's score (compare.frame up to issue 13's
# BASIL split): at least 150 own words, 3 flags, and a rate 25% (relative) above the next outlet's.
OLD_RULE = (150, 3, 0.25)


def event_ci(right: list[bool], pairs: list[list[bool]], n: int = 2000, seed: int = 0) -> tuple[list[float], list[float] | None]:
    """95% intervals of the most-loaded accuracy and the pair order accuracy when the events are
    resampled (``right``: one verdict per event; ``pairs``: each event's pair verdicts), seeded.
    With 25 events one event moves the accuracy by 0.04, so the interval says which differences
    between scores the benchmark can tell apart."""
    rng = np.random.default_rng(seed)
    right_a = np.asarray(right, dtype=float)
    hits = np.array([sum(p) for p in pairs], dtype=float)
    counts = np.array([len(p) for p in pairs], dtype=float)
    idx = rng.integers(0, len(right_a), size=(n, len(right_a)))
    acc = right_a[idx].mean(1)
    den = counts[idx].sum(1)
    ok = den > 0
    pr = hits[idx].sum(1)[ok] / den[ok]
    ci = lambda v: [float(np.percentile(v, 2.5)), float(np.percentile(v, 97.5))]  # noqa: E731
    return ci(acc), (ci(pr) if len(pr) else None)


def outlet_halves(path: str) -> dict[str, Any]:
    """The most loaded outlet per BASIL event, as the product answers it (``compare.frame`` on the
    event's three articles, read and segmented as a user's input) and as the rule shipped before
    (guarded flags per 100 own words, ``OLD_RULE``), on each half of the events (``neutral_halves``:
    ids sorted, the first half chose the score and MIN_STABILITY, the second is held out) and all.
    Gold: the outlets with the most lexical spans outside quotations (none: no answer is right).
    ``pairs``: outlet pairs whose gold counts differ, and the share the score orders the same way."""
    from newsdigest.analysis.framing.compare import _own_words, _scored_articles, flag_rates, frame, most_loaded
    from newsdigest.eval import framing_train as T
    from newsdigest.io.ingest import article_from_record
    from newsdigest.model import Story
    from newsdigest.pipeline import prepare_articles

    events = [json.loads(x) for x in open(path, encoding="utf-8")]
    parsed = T.basil_articles(path)
    half_of = neutral_halves([e["id"] for e in events])
    rows = []
    for e, arts in zip(events, parsed):
        articles = prepare_articles([article_from_record(dict(r), "basil", None, r["id"]) for r in e["articles"]], [])
        story = Story(id=e["id"], articles=articles)
        gold = {a["source"]: len(a["gold"]) for a in arts}
        top = {s for s, n in gold.items() if n == max(gold.values()) and n > 0}
        fr = frame(story)
        new = {f.source: f.score for f in fr}
        old_rate = flag_rates(story)
        flags = {f.source: len(f.loaded_terms) for f in fr}
        words = {s: sum(len(a["toks"]) for a in arts if a["source"] == s) for s in gold}
        old_words = {s: sum(_own_words(a) for a in _scored_articles(story, s)) for s in gold}
        order = sorted(old_rate, key=lambda s: (-old_rate[s], s))
        t, s2 = order[0], order[1]
        old_sure = (old_words[t] >= OLD_RULE[0] and flags[t] >= OLD_RULE[1]
                    and old_rate[t] - old_rate[s2] >= OLD_RULE[2] * max(old_rate[t], 1e-9))
        pairs = [(a, b) for a in gold for b in gold if a < b and gold[a] != gold[b]]
        rows.append({"half": half_of[e["id"]], "new": (fr[0].source in top, most_loaded(fr) is not None),
                     "old": (order[0] in top, old_sure),
                     "new_pairs": [(new[a] - new[b]) * (gold[a] - gold[b]) > 0 for a, b in pairs],
                     "old_pairs": [(old_rate[a] - old_rate[b]) * (gold[a] - gold[b]) > 0 for a, b in pairs],
                     "words": (max(words, key=lambda s: (words[s], s)) in top,)})
    out: dict[str, Any] = {}
    for h in ("tuning", "held out", "all"):
        R = [r for r in rows if h == "all" or r["half"] == h]
        for k, name in (("new", "shipped: loaded narration sentences (sentence model)"), ("old", "before: guarded flags / 100 own words")):
            sure = [c for c, s in (r[k] for r in R) if s]
            pr = [x for r in R for x in r[k + "_pairs"]]
            acc_ci, pairs_ci = event_ci([r[k][0] for r in R], [r[k + "_pairs"] for r in R])
            out[f"{name}, {h} ({len(R)} events)"] = {
                "outlet_acc_all": float(np.mean([r[k][0] for r in R])), "unsure_rate": 1 - len(sure) / len(R),
                "outlet_acc_sure": float(np.mean(sure)) if sure else None, "n_sure": len(sure),
                "pairs": float(np.mean(pr)) if pr else None, "n_pairs": len(pr),
                "outlet_acc_ci": acc_ci, "pairs_ci": pairs_ci}
        out[f"longest article (own words), {h} ({len(R)} events)"] = {"outlet_acc_all": float(np.mean([r["words"][0] for r in R]))}
    return out


def bench_basil(path: str, m: dict, wordlist: set, folds: int = 5) -> dict[str, Any]:
    from newsdigest.eval import framing_train as T

    ev = T.basil_articles(path)
    thr_default = m["tagger"]["thr_logit"]
    for arts in ev:
        for a in arts:
            z = L.token_scores(m, a["all_words"])
            a["z"] = z[a["keep"]] if len(z) else z
            g = article_guard(m, a["text"], a["all_words"], z) if len(z) else np.zeros(0, bool)
            a["guard"] = g[a["keep"]] if len(g) else g
            a["rules"] = rule_mask_unquoted(a)
    methods = {
        "rules (today's lexicons + hand lists)": lambda a: a["rules"],
        "BABE biased-word list": lambda a: np.array([T.clean(w) in wordlist for _, _, w in a["toks"]], dtype=bool),
        "learned model, no guard (product threshold)": lambda a: a["z"] > thr_default,
        "learned model + rules (union), no guard": lambda a: (a["z"] > thr_default) | a["rules"],
        "learned model + precision guard (shipped)": lambda a: a["guard"],
    }
    out: dict[str, Any] = {}
    for k, fn in methods.items():
        r = T.score_flags(ev, fn)
        res = []
        for arts in ev:
            g = [len(a["gold"]) for a in arts]
            gold_top = {a["source"] for a, x in zip(arts, g) if x == max(g) and x > 0}
            pred, sure = outlet_answer(arts, fn, *OLD_RULE)
            res.append((pred in gold_top, sure))
        sure = [c for c, s in res if s]
        r.update({"outlet_acc_all": float(np.mean([c for c, _ in res])), "unsure_rate": 1 - len(sure) / len(res),
                  "outlet_acc_sure": float(np.mean(sure)) if sure else None, "n_sure": len(sure)})
        out[k] = r
    # thresholds picked on training events for P >= 0.20 (the target), held-out events scored
    split = T.split(len(ev), folds, seed=0)
    tp = npred = hit = ng = 0
    thrs = []
    for te in split:
        tr = [ev[i] for i in range(len(ev)) if i not in set(te)]
        t = T.pick_thr(tr, min_p=0.20); thrs.append(t)
        r = T.score_flags([ev[i] for i in te], lambda a: a["z"] > t)
        tp += r["tp"]; npred += r["flags"]; hit += r["hit"]; ng += r["gold"]
    out["learned model (threshold for P>=0.20 on training events)"] = {"P": tp / max(npred, 1), "R": hit / max(ng, 1), "flags": npred, "gold": ng, "thresholds": thrs}
    out["_curve"] = {f"p>{p}": T.score_flags(ev, lambda a, p=p: a["z"] > np.log(p / (1 - p))) for p in (0.3, 0.5, 0.7, 0.8)}
    out["_gold_outside_quotes"] = sum(len(a["gold"]) for arts in ev for a in arts)
    out["_gold_all"] = sum(len(a["lex"]) for arts in ev for a in arts)
    out["_no_gold_events"] = sum(all(len(a["gold"]) == 0 for a in arts) for arts in ev)
    out["_outlet_halves"] = outlet_halves(path)
    return out


def _logit(p: float) -> float:
    p = min(max(float(p), 1e-6), 1 - 1e-6)
    return float(np.log(p / (1 - p)))


SENT_END = re.compile(r"(?<=[.!?])[\"\u201d\u2019')]*\s+(?=[\"\u201c\u2018(]?[A-Z0-9])")


def article_guard(m: dict, text: str, words: list[str], z: np.ndarray) -> np.ndarray:
    """The precision guard over an article's tokens (``z``: the tagger's logits over the whole
    article), sentence by sentence as the product reads it (each sentence's own sentence score)."""
    toks = L.tokenize(text)
    out = np.zeros(len(toks), dtype=bool)
    starts = [0] + [mm.end() for mm in SENT_END.finditer(text)] + [len(text) + 1]
    j = 0
    for a, b in zip(starts, starts[1:]):
        ids = []
        while j < len(toks) and toks[j][0] < b:
            ids.append(j); j += 1
        if ids:
            ws = [words[i] for i in ids]
            s = _logit(L.sentence_score(m, text[a:b]))
            out[ids] = L.guard_mask(m, ws, z[ids], s)
    return out


def rule_mask_unquoted(a) -> np.ndarray:
    text, qs = a["text"], a["quotes"]
    spans = [(mm.start, mm.end) for mm in find_loaded(text, quotes=True, mode="rules")]
    return np.array([any(x <= s < y for x, y in spans) for s, _, _ in a["toks"]], dtype=bool)


# ----------------------------------------------------------------------------- ClaimDiff
def bench_claimdiff(path: str, m: dict, folds: int = 5) -> dict[str, Any]:
    from newsdigest.analysis.contradict.pairs import find_contradictions
    from newsdigest.model import Article, Sentence, Story
    from newsdigest.summary.align import SUPPORT_THRESHOLD, build_table, fact_score
    from newsdigest.text.embed import load_encoder
    from newsdigest.eval import framing_train as T

    P = [json.loads(x) for x in open(path, encoding="utf-8") if x.strip()]
    enc = load_encoder()
    rel = np.array([p["relation"] for p in P])
    contra, same = np.zeros(len(P), bool), np.zeros(len(P), bool)
    for k, p in enumerate(P):
        arts = [Article(id=f"{k}{x}", source=f"Outlet {x.upper()}", text=p["claim_" + x],
                        sentences=[Sentence(f"{k}{x}", 0, 0, p["claim_" + x])]) for x in ("a", "b")]
        story = Story(id=str(k), articles=arts)
        table = build_table(story, enc)
        contra[k] = bool(find_contradictions(story, table))
        cos = float(table.vectors[0] @ table.vectors[1])
        same[k] = max(fact_score(table, 0, 1, cos), fact_score(table, 1, 0, cos)) >= SUPPORT_THRESHOLD
    rel = np.array([str(x) for x in rel.tolist()], dtype=object)
    out: dict[str, Any] = {"_n": {str(r): int((rel == r).sum()) for r in sorted(set(rel))}}
    out["contradiction finder: share flagged"] = {r: float(contra[rel == r].mean()) for r in sorted(set(rel))}
    out["same-fact test: share judged same fact"] = {r: float(same[rel == r].mean()) for r in sorted(set(rel))}
    y = rel == "weaken"

    def pr(pred):
        t = int((pred & y).sum())
        return {"P": t / max(int(pred.sum()), 1), "R": t / max(int(y.sum()), 1), "flagged": int(pred.sum()),
                "strengthen_as_weaken": float(pred[rel == "strengthen"].mean())}

    out["weaken: contradiction finder"] = pr(contra)
    neg = np.array([(any(w in NEG or w.endswith("n't") for w in p["claim_a"].lower().split()))
                    != (any(w in NEG or w.endswith("n't") for w in p["claim_b"].lower().split())) for p in P])
    out["weaken: negation cue (one claim negated)"] = pr(neg)
    # pair logistic regression, folds grouped by topic, threshold for P >= 0.80 on training folds
    X = np.array([_pair_feats(m, p["claim_a"], p["claim_b"]) for p in P])
    topics = sorted({p["topic"] for p in P}); tid = np.array([topics.index(p["topic"]) for p in P])
    groups = T.split(len(topics), folds, seed=0)
    z = np.zeros(len(P)); pred = np.zeros(len(P), bool)
    for g in groups:
        te = np.isin(tid, g)
        w, b = T.fit_lr(X[~te], y[~te].astype(int), 0.1, cw="balanced")
        ztr = X[~te] @ w + b
        order = np.argsort(-ztr); tp = np.cumsum(y[~te][order]); k = np.arange(1, len(ztr) + 1)
        ok = np.nonzero((tp / k >= 0.8) & (k >= 5))[0]
        thr = ztr[order][ok.max()] if len(ok) else np.inf
        z[te] = X[te] @ w + b; pred[te] = z[te] >= thr
    out["weaken: pair LR (threshold for P>=0.80)"] = pr(pred)
    from sklearn.metrics import roc_auc_score
    out["weaken: pair LR (threshold for P>=0.80)"]["AUC"] = float(roc_auc_score(y, z))
    return out


def _pair_feats(m, a, b):
    wa, wb = a.lower().split(), b.lower().split()
    na = sum(w in NEG or w.endswith("n't") for w in wa); nb = sum(w in NEG or w.endswith("n't") for w in wb)
    sa, sb = set(wa), set(wb)
    la = [L.lex_row(m, w) for w in wa] or [m["lex_zero"]]; lb = [L.lex_row(m, w) for w in wb] or [m["lex_zero"]]
    return np.concatenate([[na, nb, float((na > 0) != (nb > 0)), len(sa & sb) / max(len(sa | sb), 1),
                            np.log1p(len(wa)), np.log1p(len(wb)), L.sentence_score(m, a), L.sentence_score(m, b)],
                           np.mean(lb, 0) - np.mean(la, 0)])


# ----------------------------------------------------------------------------- cost
def bench_cost(texts: list[str], m: dict, S=None) -> dict[str, float]:
    from newsdigest.analysis.framing import loaded as LD

    out = {}
    for name, fn in (("rules", lambda t: LD._find_loaded.__wrapped__(t, False, LD.lexicon())),
                     ("learned tagger (terms)", lambda t: L.tag(m, t, skip=LD.quoted_spans(t))),
                     ("learned sentence score", lambda t: L.sentence_score(m, t))):
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        out[name] = 1000 * (time.perf_counter() - t0) / len(texts)
    t0 = time.perf_counter(); L._load.cache_clear(); L.load_model(); out["model load (s)"] = time.perf_counter() - t0
    return out


# ----------------------------------------------------------------------------- judged sample
def flag_sample(path: str, ids: list[str], context: int = 5) -> list[str]:
    """Lines for a person to judge: every term the product flags in the BASIL events ``ids``
    (full ids or unique prefixes), per outlet, with ``context`` words either side. Printed only:
    no article text is written anywhere."""
    import re

    from newsdigest.analysis.framing.compare import _own_words, article_terms
    from newsdigest.model import Article
    from newsdigest.text.segment import segment_article

    events = [json.loads(x) for x in open(path, encoding="utf-8") if x.strip()]
    lines, n = [], 0
    for want in ids:
        hits = [e for e in events if e["id"] == want or e["id"].startswith(want) or e["id"].startswith("basil-" + want)]
        if len(hits) != 1:
            raise click.BadParameter(f"BASIL event {want!r}: {len(hits)} matches")
        e = hits[0]
        lines.append(f"## {e['id']}")
        for a in e["articles"]:
            art = segment_article(Article(id=a["id"], source=a["source"], text=a["text"]))
            terms = article_terms(art)
            lines.append(f"### {a['source']}: {len(terms)} flags in {_own_words(art)} own words")
            for t in terms:
                n += 1
                words = re.findall(r"\S+", t.sentence)
                at = next((i for i, w in enumerate(words) if t.term in w), 0)
                ctx = " ".join(words[max(0, at - context): at + context + 1])
                lines.append(f"{n:3d}. {t.term} [{t.lexicon}]  ... {ctx} ...")
    return lines


# ----------------------------------------------------------------------------- report
# ----------------------------------------------------------------------------- neutral summary
def _locate_sentence(text: str, sentence: str) -> tuple[int, int] | None:
    """Where a summary sentence (verbatim from an article, whitespace aside) lies in the raw text."""
    words = sentence.split()
    if not words:
        return None
    m = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return (m.start(), m.end()) if m else None


def _spans_inside(spans: list[dict], lo: int, hi: int) -> int:
    return sum(1 for sp in spans if lo <= sp["start"] and sp["end"] <= hi)


def neutral_halves(ids: list[str]) -> dict[str, str]:
    """The split of BASIL events for the neutral summary's weights: event ids sorted, the first
    half "tuning" (the weights of neutral.py were chosen on it), the rest "held out"."""
    order = sorted(ids)
    return {i: "tuning" if k < (len(order) + 1) // 2 else "held out" for k, i in enumerate(order)}


def bench_neutral(path: str, words: int = 120) -> dict[str, Any]:
    """Gold lexical-bias spans per 100 words in the neutral summary, the plain summary and each
    outlet's own text, on every BASIL event (three outlets, each article run as a user would:
    one story, the product's defaults). A summary sentence is verbatim from one article, so the
    gold spans inside it are the annotators' own; "outside quotations" uses BASIL's quote flag and
    the product's quotation marks (``basil_articles``'s ``gold``). ``_halves``: the same for the
    two summaries on each half of the events (``neutral_halves``: tuning, held out)."""
    from newsdigest.eval import framing_train as T
    from newsdigest.pipeline import summarize

    events = [json.loads(x) for x in open(path, encoding="utf-8")]
    parsed = T.basil_articles(path)
    totals = {k: [0, 0, 0] for k in ("neutral summary", "plain summary")}  # spans (all), spans (outside), words
    half_of = neutral_halves([e.get("id", str(k)) for k, e in enumerate(events)])
    halves = {(h, k): [0, 0, 0] for h in ("tuning", "held out") for k in totals}
    outlet_rates, located, sentences = [], 0, 0
    for k_event, (e, arts) in enumerate(zip(events, parsed)):
        half = half_of[e.get("id", str(k_event))]
        recs = [{"id": a["id"], "source": a["source"], "date": a.get("date"), "title": a.get("title"), "text": a["text"]}
                for a in e["articles"]]
        story = summarize(recs, words=words, one_story=True).stories[0]
        for name, summary in (("plain summary", story.summary), ("neutral summary", story.neutral_summary)):
            for sent in summary:
                sentences += 1
                counts = [0, 0, len(L.tokenize(sent.text))]
                for a in arts:
                    at = _locate_sentence(a["text"], sent.text)
                    if at is not None:
                        located += 1
                        counts[0], counts[1] = _spans_inside(a["lex"], *at), _spans_inside(a["gold"], *at)
                        break
                for j in range(3):
                    totals[name][j] += counts[j]
                    halves[(half, name)][j] += counts[j]
        rates = [(100.0 * len(a["lex"]) / max(len(a["all_words"]), 1), 100.0 * len(a["gold"]) / max(len(a["all_words"]), 1))
                 for a in arts]
        outlet_rates.append(rates)
    out: dict[str, Any] = {}
    for name, (n_all, n_out, n_words) in totals.items():
        out[name] = {"spans_per_100": 100.0 * n_all / max(n_words, 1), "outside_per_100": 100.0 * n_out / max(n_words, 1),
                     "spans": n_all, "words": n_words}
    flat = [r for ev in outlet_rates for r in ev]
    out["outlets' own text (mean of articles)"] = {"spans_per_100": float(np.mean([r[0] for r in flat])),
                                                   "outside_per_100": float(np.mean([r[1] for r in flat]))}
    out["least loaded outlet per event (mean)"] = {"spans_per_100": float(np.mean([min(r[0] for r in ev) for ev in outlet_rates])),
                                                   "outside_per_100": float(np.mean([min(r[1] for r in ev) for ev in outlet_rates]))}
    out["most loaded outlet per event (mean)"] = {"spans_per_100": float(np.mean([max(r[0] for r in ev) for ev in outlet_rates])),
                                                  "outside_per_100": float(np.mean([max(r[1] for r in ev) for ev in outlet_rates]))}
    out["_events"], out["_words"], out["_located"], out["_sentences"] = len(events), words, located, sentences
    out["_halves"] = {f"{name}, {h} half ({sum(v == h for v in half_of.values())} events)":
                      {"spans_per_100": 100.0 * a / max(w, 1), "outside_per_100": 100.0 * o / max(w, 1), "spans": a, "words": w}
                      for (h, name), (a, o, w) in halves.items()}
    return out


def markdown(r: dict[str, Any]) -> str:
    f = lambda x: "-" if x is None else f"{x:.3f}"  # noqa: E731
    lines = ["# Framing on real annotated news (issue 13)", "",
             f"Run: `newsdigest eval-framing --data {r['settings']['data']}` ({r['settings']['seconds']:.0f} s, {r['settings']['cpus']} CPUs). Held-out folds only.", ""]
    st = r["settings"]
    if st.get("lexicons"):
        lines += [f"Learned model's lexicon set: **{st['lexicons']}** ({', '.join(st.get('lexicon_sources', []))}); "
                  f"BASIL, ClaimDiff and cost use the shipped model ({', '.join(st.get('shipped_lexicons') or ['?'])}).", ""]
    if st.get("parts_runs"):
        lines += ["Run in parts (`--only PART --update`); each part and the seconds of the run that made it: "
                  + "; ".join(f"{k} {v}" for k, v in st["parts_runs"].items()) + ".", ""]
    if "babe" in r:
        b = r["babe"]
        lines += [f"## BABE ({b['_n']} sentences), 5-fold CV stratified by label", "",
                  "| method | sentence macro-F1 (folds) | word P | word R | word F1 |", "|---|---|---|---|---|"]
        for k, d in b.items():
            if k.startswith("_"):
                continue
            lines.append(f"| {k} | {d['sentence_macro_f1']:.3f} ({' '.join(f'{x:.2f}' for x in d['folds'])}) | {f(d.get('word_P'))} | {f(d.get('word_R'))} | {f(d.get('word_F1'))} |")
        lines += ["", "Word level: a token is gold when its form is one of the sentence's annotated biased words; the learned threshold is picked on the training folds."
                  " Sentence level for rules / word list: biased when any term is found."
                  " Precision guard (`learned.GUARD`, `guard_tiers`): a flag score (the tagger's logit, the sentence model's logit and the"
                  " word's evidence) must pass the threshold of the word's strongest evidence tier, the thresholds tuned on out-of-fold"
                  " scores of the training folds only: strong (BABE marks in >= 2 sentences and >= 30% of occurrences, counted on the"
                  " training folds only; VADER >= 2.0; strong Pattern subjectivity; a curated loaded term), lexicon (VADER >= 1.0, Pattern"
                  " subjectivity >= 0.5, or BABE marks of the word's family; only in a sentence read as loaded at P >= 0.5) or context"
                  " (no lexical evidence: only in a sentence read as loaded at P >= 0.8, never a word BABE saw >= 4 times unmarked);"
                  " never stop words, numbers, reporting verbs (but 'claim' as a verb of attribution), names, 'woke up');"
                  " its sentence score is the sentence model's, which the guard does not change.", ""]
    if "basil" in r:
        b = r["basil"]
        lines += [f"## BASIL (50 events x 3 outlets; {b['_gold_outside_quotes']} of {b['_gold_all']} lexical spans outside quotations)", "",
                  "| method | P (flags on a lexical span) | R (spans outside quotations) | flags | most-loaded outlet right (all events) | unsure | right when sure |",
                  "|---|---|---|---|---|---|---|"]
        for k, d in b.items():
            if k.startswith("_"):
                continue
            lines.append(f"| {k} | {d['P']:.3f} | {d['R']:.3f} | {d['flags']} | {f(d.get('outlet_acc_all'))} | {f(d.get('unsure_rate'))} | {f(d.get('outlet_acc_sure'))} |")
        lines += ["", "Rows 'no guard' are the bare tagger (as shipped before the precision guard); the shipped product is the guarded row.",
                  "", "Operating curve of the tagger (token probability): " + "; ".join(f"{k}: P {v['P']:.3f} R {v['R']:.3f} ({v['flags']} flags)" for k, v in b["_curve"].items()),
                  f"Gold most loaded outlet = most lexical spans outside quotations (ties: any); {b['_no_gold_events']} events have none. Chance ~0.33."
                  " The rows above rank outlets by each method's flags per 100 own words with the rule shipped before (OLD_RULE).", ""]
        if b.get("_outlet_halves"):
            lines += ["### The product's outlet score (`compare.frame`) by half of the events", "",
                      "Ids sorted: the first half chose the score (expected loaded narration sentences per article: the sentence"
                      " model's P(biased) summed over sentences mostly outside quotations, quoted words blanked) and its 'unsure' rule"
                      " (the order against every other outlet holds in >= 90% of bootstrap resamples of the sentences); the second"
                      " half is held out. Pairs: outlet pairs whose gold counts differ, share ordered the same way.", "",
                      "| score, events | most loaded outlet right | unsure | right when sure | pairs ordered right |", "|---|---|---|---|---|"]
            ci = lambda c: f" [{c[0]:.2f}, {c[1]:.2f}]" if c else ""  # noqa: E731
            for k, d in b["_outlet_halves"].items():
                sure = f"{f(d.get('outlet_acc_sure'))} ({d['n_sure']})" if "n_sure" in d else "-"
                pairs = f"{f(d.get('pairs'))} ({d['n_pairs']}){ci(d.get('pairs_ci'))}" if "n_pairs" in d else "-"
                lines.append(f"| {k} | {f(d.get('outlet_acc_all'))}{ci(d.get('outlet_acc_ci'))} | {f(d.get('unsure_rate'))} | {sure} | {pairs} |")
            lines += ["", "In brackets: 95% interval when the events are resampled (2,000 bootstrap samples, seed 0)."
                      " With 25 events one event moves the most-loaded accuracy by 0.04.", ""]
    if "claimdiff" in r:
        c = r["claimdiff"]
        lines += [f"## ClaimDiff ({sum(c['_n'].values())} pairs: " + ", ".join(f"{k} {v}" for k, v in sorted(c["_n"].items()))
                  + "), each pair a two-outlet story", "",
                  "| test | " + " | ".join(sorted(c["_n"])) + " |", "|---|" + "---|" * len(c["_n"])]
        for k in ("contradiction finder: share flagged", "same-fact test: share judged same fact"):
            lines.append(f"| {k} | " + " | ".join(f"{c[k][x]:.3f}" for x in sorted(c["_n"])) + " |")
        lines += ["", "| weaken classifier | P | R | pairs flagged | strengthen reported as weaken | AUC |", "|---|---|---|---|---|---|"]
        for k, d in c.items():
            if k.startswith("weaken"):
                lines.append(f"| {k[8:]} | {d['P']:.3f} | {d['R']:.3f} | {d['flagged']} | {d['strengthen_as_weaken']:.3f} | {f(d.get('AUC'))} |")
        lines.append("")
    if "neutral" in r:
        nr = r["neutral"]
        lines += [f"## Neutral summary against BASIL's gold lexical-bias spans ({nr['_events']} events, summaries of "
                  f"{nr['_words']} words)", "",
                  "| text | gold lexical spans / 100 words | outside quotations / 100 words |", "|---|---|---|"]
        lines += [f"| {k} | {d['spans_per_100']:.2f} | {d['outside_per_100']:.2f} |" for k, d in nr.items() if not k.startswith("_")]
        if nr.get("_halves"):
            lines += ["", "By half of the events (ids sorted: the first half tuned the neutral summary's weights, the "
                      "second is held out):", "", "| text | gold lexical spans / 100 words (spans / words) | outside quotations / 100 words |",
                      "|---|---|---|"]
            lines += [f"| {k} | {d['spans_per_100']:.2f} ({d['spans']} / {d['words']}) | {d['outside_per_100']:.2f} |"
                      for k, d in nr["_halves"].items()]
        lines += ["", f"Each event's three articles run as one story with the product's defaults; a summary sentence's gold spans "
                  f"are those inside it in its own article ({nr['_located']} of {nr['_sentences']} summary sentences located "
                  "verbatim). Words: the tagger's tokens. Outlets' rates: per article, then averaged.", ""]
    if "cost" in r:
        lines += ["## Cost per sentence (BABE sentences, one core)", "", "| method | ms / sentence |", "|---|---|"]
        lines += [f"| {k} | {v:.2f} |" for k, v in r["cost"].items() if "load" not in k]
        lines += ["", f"Model load: {r['cost']['model load (s)']:.2f} s (once per process).", ""]
    return "\n".join(lines) + "\n"


def run(data: str, parts=("babe", "basil", "claimdiff", "neutral", "cost"), inner: int = 5, log=print,
        lexicons: str = "permissive") -> dict[str, Any]:
    """``lexicons``: the lexicon set of the model retrained on BABE's folds ("permissive", the
    shipped model's, or "all", research use); BASIL, ClaimDiff and cost use the shipped model."""
    from newsdigest.eval import framing_train as T

    t0 = time.time()
    data = str(data)
    m_ship = L.load_model()
    src = T.lexicon_sources(lexicons)
    r: dict[str, Any] = {}
    babe_path = os.path.join(data, "babe_dev.jsonl")
    if "babe" in parts or "basil" in parts:
        wheels = os.environ.get("NEWSDIGEST_LEXICON_WHEELS", str(Path.home() / ".cache" / "newsdigest" / "lexicon-wheels"))
        emb = Path(__file__).resolve().parents[1] / "models" / "minilm-l6-m2v"
        m = T.base_context(T.fetch_lexicon_wheels(wheels, src), str(emb), src)
        S = T.load_babe(babe_path, m)
        if "babe" in parts:
            r["babe"] = bench_babe(S, m, inner=inner, log=log, label=f"learned model ({lexicons} lexicons)")
        if "basil" in parts:
            r["basil"] = bench_basil(os.path.join(data, "basil_dev.jsonl"), m_ship, {w for s in S for w in s["bw"]})
            log("BASIL done")
    if "claimdiff" in parts:
        r["claimdiff"] = bench_claimdiff(os.path.join(data, "claimdiff_train.jsonl"), m_ship)
        log("ClaimDiff done")
    if "neutral" in parts:
        r["neutral"] = bench_neutral(os.path.join(data, "basil_dev.jsonl"))
        log("neutral summary done")
    if "cost" in parts:
        texts = [json.loads(x)["text"] for x in open(babe_path, encoding="utf-8")][:1000]
        r["cost"] = bench_cost(texts, m_ship)
    r["settings"] = {"data": data, "seconds": time.time() - t0, "cpus": os.cpu_count(), "inner_folds": inner,
                     "lexicons": lexicons, "lexicon_sources": list(src),
                     "shipped_lexicons": m_ship["meta"].get("lexicons")}
    return r


def merge(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Results of ``new`` over ``old``: parts ``new`` did not run are kept from ``old``; the
    settings say which run made each part."""
    out = {k: v for k, v in old.items() if k != "settings"}
    runs = dict(old.get("settings", {}).get("parts_runs") or
                {k: f"{old['settings'].get('seconds', 0):.0f} s" for k in old if k != "settings" and "settings" in old})
    for k, v in new.items():
        if k != "settings":
            out[k] = v
            runs[k] = f"{new['settings']['seconds']:.0f} s"
    st = dict(new["settings"])
    st["seconds"] = sum(float(x.split()[0]) for x in set(runs.values())) if runs else st["seconds"]
    st["parts_runs"] = runs
    out["settings"] = st
    return out


@click.command("eval-framing")
@click.option("--data", "data", type=click.Path(exists=True, file_okay=False), default="../shared/data", show_default=True,
              help="Folder with babe_dev.jsonl, basil_dev.jsonl, claimdiff_train.jsonl.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("benchmarks/results"), show_default=True)
@click.option("--only", default="babe,basil,claimdiff,neutral,cost", show_default=True, help="Comma-separated parts to run.")
@click.option("--inner", type=click.IntRange(min=2), default=5, show_default=True, help="Inner folds of the model's training.")
@click.option("--lexicons", default="permissive", show_default=True,
              help="Lexicon set of the model retrained on BABE's folds: permissive (the shipped model's) or all (research use).")
@click.option("--update", is_flag=True, help="Keep the parts of OUT/framing.json this run does not redo (run parts separately).")
@click.option("--sample-events", default="", help="Comma-separated BASIL event ids (or prefixes): print every term the "
              "product flags per outlet, with a few words of context, for a person to judge; runs nothing else, writes nothing.")
def eval_framing_cmd(data, out: Path, only: str, inner: int, lexicons: str, update: bool, sample_events: str) -> None:
    """Loaded language (BABE, BASIL) and disagreements (ClaimDiff) with baselines, held-out folds."""
    if sample_events:
        for line in flag_sample(os.path.join(data, "basil_dev.jsonl"), [x.strip() for x in sample_events.split(",") if x.strip()]):
            click.echo(line)
        return
    r = run(data, tuple(p.strip() for p in only.split(",") if p.strip()), inner=inner,
            log=lambda s: click.echo(s, err=True), lexicons=lexicons)
    if update and (out / "framing.json").is_file():
        r = merge(json.loads((out / "framing.json").read_text(encoding="utf-8")), r)
    out.mkdir(parents=True, exist_ok=True)
    text = markdown(r)
    (out / "framing.md").write_text(text, encoding="utf-8")
    (out / "framing.json").write_text(json.dumps(r, indent=1, default=float) + "\n", encoding="utf-8")
    click.echo(text)
