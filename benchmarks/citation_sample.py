"""Print a seeded random sample of summary citations on real clusters, for judging by hand.

Each pair is a summary sentence and one sentence of another (independent) article that the
citation step says states the same fact. The README's citation spot check is the judgement of
the default sample (seed 7, 12 DUC 2003 clusters, 100 words, 30 pairs). Usage, from the repo
root after ./setup.sh:

    .venv/bin/python benchmarks/citation_sample.py ../shared/data/duc2003.jsonl
"""

from __future__ import annotations

import argparse
import json
import random

import newsdigest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", help="benchmark JSONL (one cluster per line)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--clusters", type=int, default=12)
    parser.add_argument("--pairs", type=int, default=30)
    parser.add_argument("--words", type=int, default=100)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with open(args.dataset, encoding="utf-8") as f:
        clusters = [json.loads(line) for line in f if line.strip()]
    pairs = []
    for cluster in rng.sample(clusters, min(args.clusters, len(clusters))):
        digest = newsdigest.summarize([dict(a) for a in cluster["articles"]], words=args.words, analysis=False)
        for story in digest.stories:
            for sentence in story.summary:
                for sup in sentence.support[1:]:
                    if sup.text != sentence.text and not story.article(sup.article_id).duplicate_of:
                        pairs.append((cluster["id"], sentence.text, sup.article_id, sup.text, sup.score))
    print(f"{len(pairs)} citations to other articles' different sentences; showing {min(args.pairs, len(pairs))}\n")
    for k, (cid, text, article_id, cited, score) in enumerate(rng.sample(pairs, min(args.pairs, len(pairs)))):
        print(f"{k}. {cid} score {score:.2f}\n   summary: {text}\n   cited ({article_id}): {cited}\n")


if __name__ == "__main__":
    main()
