#!/usr/bin/env python3
"""Cheap stacks for BABE's sentence-level "biased vs not" macro-F1 (issue 13).

Research script (not imported by the package). Same held-out protocol as ``newsdigest
eval-framing`` / scripts/babe_transformer_sentence.py: BABE (babe_dev.jsonl), 5 folds stratified
by label with ``framing_train.split(n, 5, seed=0, strat=y)``, the shipped learned model retrained
on each training fold by ``framing_train.train_babe``; inner folds ``split(len(train), 5, seed=1)``
(those of ``train_babe``) pick every regularisation strength, stacking weight and threshold on the
training fold only. Nothing is tuned on a held-out fold.

Two stages, both caching under --cache (default /tmp/s9b; no sentence text is written anywhere):

  folds   ``train_babe`` per outer fold (the slow part, ~10 min): the current sentence model's
          training-fold features (inner out-of-fold parts, as the shipped model is trained), its
          held-out features and logits -> folds.npz
  embed   sentence vectors of every BABE sentence from each encoder (onnxruntime, one thread,
          batches of 32), mean-pooled, plus ms/sentence -> babe_<name>_<hash>.npz (the same files
          scripts/babe_transformer_sentence.py writes)
  run     every variant on the cached arrays (seconds to minutes), table printed / --json

    .venv/bin/python scripts/babe_sentence_stack.py --data ../shared/data --stage folds,embed,run

Bases (each an LR unless named; C from a small grid by inner CV): the current sentence model (C
0.003, shipped), each encoder's embedding alone and concatenated to the current features
(all-MiniLM-L6-v2 int8 "minilm", paraphrase-MiniLM-L3-v2 "l3", all-mpnet-base-v2 "mpnet", see
scripts/babe_transformer_sentence.py), an RBF SVM on minilm / l3, TF-IDF word 1-2 / char_wb 2-5
and NB-SVM word 1-3 / char_wb 2-5. Stacks: LR (C 1) on the bases' inner out-of-fold logits. Each
scored at P >= 0.5 and at the threshold picked on the training fold's inner out-of-fold scores;
"SELECTED" is the procedure "take the no-mpnet variant with the best inner out-of-fold macro-F1".

Result (2,457 sentences, held-out macro-F1, mean and folds 0-4; 41 min on the loaded 2-core
machine, 9 min of it ``train_babe``): 0.78 is not reached without mpnet.

  current @0.5                                  0.760 (0.764 0.756 0.751 0.771 0.755)
  current+minilm concat @0.5                    0.771 (0.772 0.770 0.774 0.772 0.766)
  current+minilm+l3 concat @0.5                 0.770 (0.744 0.780 0.776 0.776 0.776)
  stack current+minilm+l3 @0.5                  0.769 (0.758 0.782 0.778 0.766 0.762)
  stack concat(minilm)+l3+4 n-gram @0.5         0.774 (0.776 0.778 0.770 0.770 0.776)
  stack concat(minilm)+concat(l3)+4 n-gram @0.5 0.776 (0.774 0.782 0.761 0.780 0.782)   best without mpnet
  stack everything without mpnet @0.5           0.773 (0.778 0.768 0.778 0.764 0.776)
  SELECTED by inner CV (no mpnet) @thr          0.766 (0.752 0.774 0.761 0.770 0.774)   honest estimate
  n-gram models alone                           0.709-0.721; stack current+n-grams 0.761
  stack current+mpnet @0.5                      0.778 (0.768 0.776 0.764 0.792 0.788)
  stack everything with mpnet @0.5              0.781 (0.791 0.768 0.780 0.782 0.782)   @thr 0.779

Cost (ms/sentence, one core): current 0.44, minilm 19.0, l3 10.9, mpnet 132, each n-gram model
0.1-0.7 (scoring only); so about 32 ms for the best no-mpnet stack, 164 ms with mpnet.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from newsdigest.eval import framing_train as T
from newsdigest.eval.framing_bench import macro_f1


def load(data: Path):
    emb = ROOT / "src" / "newsdigest" / "models" / "minilm-l6-m2v"
    m = T.base_context("", str(emb), "permissive")
    S = T.load_babe(str(data / "babe_dev.jsonl"), m)
    return m, S


def stage_folds(data: Path, cache: Path) -> None:
    m, S = load(data)
    y = np.array([s["y"] for s in S])
    captured = {}

    def capture(m_, S_, idx, folds, *a, **kw):  # the guard is not needed for sentence numbers
        captured["folds"] = folds
        return m_

    T.train_flag = capture
    split = T.split(len(S), 5, seed=0, strat=y)
    out = {}
    t0 = time.time()
    for fi, te in enumerate(split):
        tes = set(te)
        tr = [i for i in range(len(S)) if i not in tes]
        T.train_babe(m, S, tr, inner=5)
        _, Pte, Xte = T.predict_babe(m, S, te)
        Xs, ys = m["_train_sent"]
        out[f"tr{fi}"] = np.array(tr); out[f"te{fi}"] = np.array(te)
        out[f"Xs{fi}"] = Xs; out[f"ys{fi}"] = ys
        out[f"Xte{fi}"] = np.vstack([Xte[i] for i in te])
        out[f"zte{fi}"] = np.array([np.log(Pte[i] / (1 - Pte[i])) for i in te])
        out[f"inner{fi}"] = np.concatenate([np.full(len(f), k) for k, f in enumerate(captured["folds"])])[
            np.argsort(np.concatenate(captured["folds"]))]
        zc = out[f"zte{fi}"]
        print(f"fold {fi} ({time.time() - t0:.0f}s): current @0.5 {macro_f1(y[te], zc >= 0):.3f}", flush=True)
    out["y"] = y
    out["texts_hash"] = np.array(hashlib.sha256("\n".join(s["text"] for s in S).encode()).hexdigest()[:16])
    cache.mkdir(parents=True, exist_ok=True)
    np.savez(cache / "folds.npz", **out)


# ----------------------------------------------------------------------------- encoders
def stage_embed(data: Path, cache: Path, names: list[str], mpnet: Path) -> None:
    import babe_transformer_sentence as BT
    BT.MPNET_DIR = mpnet
    with open(data / "babe_dev.jsonl", encoding="utf-8") as fh:
        texts = [json.loads(x)["text"] for x in fh]
    for name in names:
        v, ms = BT.embed(name, texts, cache)
        print(f"{name}: {v.shape} {ms:.2f} ms/sentence", flush=True)


def load_embeddings(data: Path, cache: Path, S_texts: list[str], names: list[str]):
    with open(data / "babe_dev.jsonl", encoding="utf-8") as fh:
        all_texts = [json.loads(x)["text"] for x in fh]
    key = hashlib.sha256("\n".join(all_texts).encode()).hexdigest()[:16]
    row = {t: k for k, t in enumerate(all_texts)}
    sel = [row[t] for t in S_texts]
    out, cost = {}, {}
    for name in names:
        f = cache / f"babe_{name}_{key}.npz"
        if not f.is_file():
            print(f"(no cached {name} embeddings: run --stage embed --encoders {name}; skipped)")
            continue
        d = np.load(f)
        out[name], cost[name] = d["v"][sel], float(d["ms"])
    return out, cost


# ----------------------------------------------------------------------------- base models
C_GRID = (0.0003, 0.001, 0.003, 0.01, 0.03, 0.1)


def best_thr(z, y):
    """The logit threshold with the best macro-F1 on these (training-fold, out-of-fold) scores."""
    cands = np.unique(np.quantile(z, np.linspace(0.05, 0.95, 181)))
    sc = [macro_f1(y, z >= t) for t in cands]
    return float(cands[int(np.argmax(sc))])


def oof_score(z, y):
    return macro_f1(y, z >= best_thr(z, y))


class Dense:
    """Standardised logistic regression (``framing_train.fit_lr``) on a dense matrix."""

    def __init__(self, grid=C_GRID):
        self.grid = grid

    def fit_predict(self, Xtr, ytr, Xte, C):
        w, b = T.fit_lr(Xtr, ytr, C)
        return Xte @ w + b


class Text:
    """Sparse n-gram model: TF-IDF + LR ("tfidf") or NB-SVM ("nbsvm": binary counts scaled by the
    fitting part's log-count ratio, then LR). ``vectorise`` fits the vocabulary (and idf) on the
    outer training fold's texts only; the supervised parts (NB ratios, LR) are refit on every
    inner fit."""

    def __init__(self, kind, analyzer, ngram, grid, min_df=2):
        self.kind, self.analyzer, self.ngram, self.grid, self.min_df = kind, analyzer, ngram, grid, min_df

    def vectorise(self, ttr, tte):
        from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
        if self.kind == "tfidf":
            v = TfidfVectorizer(analyzer=self.analyzer, ngram_range=self.ngram, sublinear_tf=True, min_df=self.min_df)
        else:
            v = CountVectorizer(analyzer=self.analyzer, ngram_range=self.ngram, binary=True, min_df=self.min_df)
        self.v = v
        return v.fit_transform(ttr).tocsr(), v.transform(tte).tocsr()

    def fit_predict(self, A, ytr, B, C):
        from sklearn.linear_model import LogisticRegression
        r = None
        if self.kind == "nbsvm":
            p = 1 + np.asarray(A[ytr == 1].sum(0)).ravel(); q = 1 + np.asarray(A[ytr == 0].sum(0)).ravel()
            r = np.log((p / p.sum()) / (q / q.sum()))
            A = A.multiply(r).tocsr(); B = B.multiply(r).tocsr()
        lr = LogisticRegression(C=C, solver="liblinear", max_iter=3000)
        lr.fit(A, ytr)
        self.fitted = (self.v, lr, r)
        return lr.decision_function(B)


class SVM:
    """RBF support-vector machine on (L2-normalised) embeddings; decision value as the logit."""

    def __init__(self, grid=(1.0, 3.0)):
        self.grid = grid

    def fit_predict(self, Xtr, ytr, Xte, C):
        from sklearn.svm import SVC
        return SVC(C=C, kernel="rbf", gamma="scale").fit(Xtr, ytr).decision_function(Xte)


def inner_oof(model, Xtr, ytr, inner, C):
    z = np.zeros(len(ytr))
    for k in range(inner.max() + 1):
        f = inner == k
        z[f] = model.fit_predict(take(Xtr, ~f), ytr[~f], take(Xtr, f), C)
    return z


def take(X, mask):
    if isinstance(X, list):
        return [x for x, k in zip(X, mask) if k]
    return X[mask]


def fit_base(model, Xtr, ytr, Xte, inner):
    """(inner OOF logits on the training fold, held-out logits, C): C with the best inner
    out-of-fold macro-F1 (at its best threshold), then refit on the whole training fold."""
    best = None
    for C in model.grid:
        z = inner_oof(model, Xtr, ytr, inner, C)
        s = oof_score(z, ytr)
        if best is None or s > best[0]:
            best = (s, C, z)
    return best[2], model.fit_predict(Xtr, ytr, Xte, best[1]), best[1]


def stack(parts, ytr, inner, C=1.0):
    """LR on the bases' inner OOF logits; (stacker OOF logits, held-out logits, weights)."""
    Ztr = np.column_stack([p[0] for p in parts]); Zte = np.column_stack([p[1] for p in parts])
    z_oof = inner_oof(Dense(), Ztr, ytr, inner, C)
    w, b = T.fit_lr(Ztr, ytr, C)
    return z_oof, Zte @ w + b, w


# ----------------------------------------------------------------------------- run
TEXT_BASES = {
    "tfidf-word12": lambda: Text("tfidf", "word", (1, 2), (0.3, 1, 3)),
    "tfidf-char25": lambda: Text("tfidf", "char_wb", (2, 5), (0.3, 1, 3)),
    "nbsvm-word13": lambda: Text("nbsvm", "word", (1, 3), (0.03, 0.1, 0.3)),
    "nbsvm-char25": lambda: Text("nbsvm", "char_wb", (2, 5), (0.01, 0.03, 0.1)),
}


def text_cost(texts, name) -> float:
    """ms/sentence to score 1000 sentences with a fitted n-gram model (vectorise + scale + dot)."""
    model = TEXT_BASES[name]()
    y = np.array([k % 2 for k in range(len(texts))])
    A, B = model.vectorise(texts, texts[:10])
    model.fit_predict(A, y, B, model.grid[0])
    v, lr, r = model.fitted
    t0 = time.perf_counter()
    B = v.transform(texts[:1000])
    if r is not None:
        B = B.multiply(r).tocsr()
    lr.decision_function(B)
    return 1000 * (time.perf_counter() - t0) / 1000


def stage_run(data: Path, cache: Path, encoders: list[str], out_json: Path | None) -> None:
    F = np.load(cache / "folds.npz")
    _, S = load(data)
    texts = [s["text"] for s in S]
    y = F["y"]
    assert (y == np.array([s["y"] for s in S])).all()
    E, cost = load_embeddings(data, cache, texts, encoders)
    cost["current"] = 0.44  # eval-framing's measured sentence score (README)
    for name in TEXT_BASES:
        cost[name] = text_cost(texts, name)
    res: dict[str, list] = {}
    inner_sel: dict[str, list] = {}
    chosen: dict[str, list] = {}
    t0 = time.time()
    for fi in range(5):
        tr, te = F[f"tr{fi}"], F[f"te{fi}"]
        Xs, ys, Xte, zte, inner = F[f"Xs{fi}"], F[f"ys{fi}"], F[f"Xte{fi}"], F[f"zte{fi}"], F[f"inner{fi}"]
        yte = y[te]
        assert (ys == y[tr]).all()
        base = {"current": (inner_oof(Dense(), Xs, ys, inner, 0.003), zte, 0.003)}
        for name, V in E.items():
            base[f"{name} LR"] = fit_base(Dense(), V[tr], ys, V[te], inner)
            base[f"current+{name} concat"] = fit_base(Dense(), np.hstack([Xs, V[tr]]), ys, np.hstack([Xte, V[te]]), inner)
        for name, V in E.items():
            if name in ("minilm", "l3"):
                base[f"{name} SVM"] = fit_base(SVM(), V[tr], ys, V[te], inner)
        if "minilm" in E and "l3" in E:
            V = np.hstack([E["minilm"], E["l3"]])
            base["current+minilm+l3 concat"] = fit_base(Dense(), np.hstack([Xs, V[tr]]), ys, np.hstack([Xte, V[te]]), inner)
        ttr = [texts[i] for i in tr]; tte = [texts[i] for i in te]
        for name, mk in TEXT_BASES.items():
            model = mk()
            A, B = model.vectorise(ttr, tte)
            base[name] = fit_base(model, A, ys, B, inner)
        for k, (zo, zt, C) in base.items():
            chosen.setdefault(k + " C", []).append(C)
        # stacks
        ngr = [k for k in TEXT_BASES]
        enc = [k for k in base if k.endswith(" LR") and not k.startswith("mpnet")]
        svm = [k for k in base if k.endswith(" SVM")]
        stacks = {
            "stack current+minilm+l3": ["current", "minilm LR", "l3 LR"],
            "stack current+minilm+l3+char": ["current", "minilm LR", "l3 LR", "tfidf-char25"],
            "stack current+minilm+l3+nbsvm-w": ["current", "minilm LR", "l3 LR", "nbsvm-word13"],
            "stack current+minilm+l3+all ngram": ["current", "minilm LR", "l3 LR"] + ngr,
            "stack current+minilm+all ngram": ["current", "minilm LR"] + ngr,
            "stack current+ngram": ["current"] + ngr,
            "stack concat(minilm)+l3+all ngram": ["current+minilm concat", "l3 LR"] + ngr,
            "stack concat(minilm)+concat(l3)+all ngram": ["current+minilm concat", "current+l3 concat"] + ngr,
            "stack current+enc LR+SVM+all ngram": ["current"] + enc + svm + ngr,
            "stack everything (no mpnet)": [k for k in base if not k.startswith("mpnet") and "mpnet" not in k],
            "stack current+mpnet": ["current", "mpnet LR"],
            "stack current+mpnet+minilm+l3+all ngram": ["current", "mpnet LR", "minilm LR", "l3 LR"] + ngr,
            "stack everything (with mpnet)": list(base),
        }
        for sk, keys in stacks.items():
            if not all(k in base for k in keys):
                continue
            zo, zt, w = stack([base[k] for k in keys], ys, inner)
            base[sk] = (zo, zt, None)
            chosen.setdefault(sk + " weights", []).append([round(float(x), 3) for x in w])
        for k, (zo, zt, _) in base.items():
            t = best_thr(zo, ys)
            res.setdefault(f"{k} @0.5", []).append(macro_f1(yte, zt >= 0))
            res.setdefault(f"{k} @thr(train)", []).append(macro_f1(yte, zt >= t))
            inner_sel.setdefault(k, []).append(oof_score(zo, ys))
        # the procedure "pick the variant with the best inner-OOF macro-F1" (no mpnet): honest
        cands = [k for k in base if "mpnet" not in k]
        kb = max(cands, key=lambda k: oof_score(base[k][0], ys))
        zo, zt, _ = base[kb]
        res.setdefault("SELECTED by inner CV (no mpnet) @thr(train)", []).append(macro_f1(yte, zt >= best_thr(zo, ys)))
        chosen.setdefault("SELECTED", []).append(kb)
        print(f"fold {fi} ({time.time() - t0:.0f}s) selected {kb}", flush=True)
    print("\nsentence macro-F1 on held-out folds (mean; folds) | inner-OOF mean on training folds")
    for k, v in res.items():
        base_k = k.rsplit(" @", 1)[0]
        io = inner_sel.get(base_k)
        print(f"  {k:58s} {np.mean(v):.4f}  ({' '.join(f'{x:.3f}' for x in v)})" + (f"  inner {np.mean(io):.3f}" if io and k.endswith("(train)") else ""))
    print("\nchosen:", json.dumps(chosen))
    print("encoder cost ms/sentence:", {k: round(v, 2) for k, v in cost.items()})
    if out_json:
        with open(out_json, "w") as fh:
            json.dump({"sentence": {k: {"mean": float(np.mean(v)), "folds": [round(x, 4) for x in v]} for k, v in res.items()},
                       "inner": {k: float(np.mean(v)) for k, v in inner_sel.items()}, "chosen": chosen, "cost_ms": cost},
                      fh, indent=1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/s9b"))
    ap.add_argument("--stage", default="run", help="comma list of folds, embed, run")
    ap.add_argument("--encoders", default="minilm,l3,mpnet", help="comma list of minilm, l3, mpnet")
    ap.add_argument("--mpnet", type=Path, default=Path("/tmp/h7/mpnet_onnx"))
    ap.add_argument("--json", type=Path, default=None)
    a = ap.parse_args()
    st = a.stage.split(",")
    enc = [x for x in a.encoders.split(",") if x]
    if "folds" in st:
        stage_folds(a.data, a.cache)
    if "embed" in st:
        stage_embed(a.data, a.cache, enc, a.mpnet)
    if "run" in st:
        stage_run(a.data, a.cache, enc, a.json)


if __name__ == "__main__":
    main()
