"""The same-fact test on real claim pairs: ``newsdigest eval-samefact --data ../shared/data``.

ClaimDiff (``claimdiff_train.jsonl``) pairs two outlets' claims on one topic; ``relation`` says
whether claim B strengthens claim A, weakens it, or neither. Each pair is given as a two-outlet
story (two articles of one sentence each, from two publishers) to corroboration exactly as the
pipeline runs it (``analysis.corroborate.corroborate`` on ``align.build_table``): the pair is
judged "the same fact" when corroboration returns a fact that both publishers state. Scored:
precision and recall of "same fact" on strengthen pairs against neither + weaken pairs.

The articles are not passed through the near-duplicate check: a one-sentence article whose
sentence another outlet also wrote would be taken for a wire copy, which real articles (many
sentences each) are not.

Split by topic: topics sorted by name, the first half is the dev part the test was tuned on, the
second half is held out (a pair and its ``_rev`` twin share a topic, so they stay together).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import click

DATA_FILE = "claimdiff_train.jsonl"
POSITIVE = "strengthen"


def load_pairs(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def split_topics(pairs: list[dict[str, Any]]) -> tuple[set[str], set[str]]:
    """(dev topics, held-out topics): the first half of the topics sorted by name, and the rest."""
    topics = sorted({p["topic"] for p in pairs})
    half = (len(topics) + 1) // 2
    return set(topics[:half]), set(topics[half:])


def pair_story(pair: dict[str, Any], key: str = "0"):
    """The pair as a story of two one-sentence articles from two publishers."""
    from newsdigest.model import Article, Sentence, Story

    articles = []
    for side in ("a", "b"):
        text = pair["claim_" + side]
        aid = f"{key}{side}"
        articles.append(Article(id=aid, source=f"Outlet {side.upper()}", text=text,
                                sentences=[Sentence(aid, 0, 0, text)]))
    return Story(id=str(key), articles=articles)


def judge_pairs(pairs: list[dict[str, Any]], encoder=None) -> list[bool]:
    """For each pair: does corroboration find a fact both outlets state?"""
    from newsdigest.analysis.corroborate import corroborate
    from newsdigest.summary.align import build_table
    from newsdigest.text.embed import load_encoder

    encoder = encoder or load_encoder()
    out = []
    for k, pair in enumerate(pairs):
        story = pair_story(pair, str(k))
        table = build_table(story, encoder)
        corroborated, _ = corroborate(story, table)
        out.append(any(f.count >= 2 for f in corroborated))
    return out


def scores(pairs: list[dict[str, Any]], same: list[bool]) -> dict[str, Any]:
    pos = [s for p, s in zip(pairs, same) if p["relation"] == POSITIVE]
    neg = [s for p, s in zip(pairs, same) if p["relation"] != POSITIVE]
    tp, fp = sum(pos), sum(neg)
    by_relation = {}
    for rel in sorted({p["relation"] for p in pairs}):
        flags = [s for p, s in zip(pairs, same) if p["relation"] == rel]
        by_relation[rel] = {"pairs": len(flags), "same_fact": sum(flags)}
    return {
        "pairs": len(pairs), "strengthen": len(pos), "negatives": len(neg),
        "true_positives": tp, "false_positives": fp,
        "precision": tp / (tp + fp) if tp + fp else None,
        "recall": tp / len(pos) if pos else None,
        "by_relation": by_relation,
    }


def benchmark(data: Path) -> dict[str, Any]:
    pairs = load_pairs(data / DATA_FILE)
    dev_topics, held_topics = split_topics(pairs)
    start = time.perf_counter()
    same = judge_pairs(pairs)
    seconds = time.perf_counter() - start
    report: dict[str, Any] = {"data": str(data / DATA_FILE), "seconds_per_pair": seconds / max(len(pairs), 1)}
    for name, topics in (("dev", dev_topics), ("held_out", held_topics)):
        keep = [k for k, p in enumerate(pairs) if p["topic"] in topics]
        report[name] = scores([pairs[k] for k in keep], [same[k] for k in keep])
        report[name]["topics"] = len(topics)
    return report


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def markdown(report: dict[str, Any]) -> str:
    lines = [
        "# Same-fact test on ClaimDiff (`newsdigest eval-samefact --data ../shared/data`)",
        "",
        "Each pair is a two-outlet story (one sentence per article) given to corroboration; "
        "\"same fact\" = corroboration returns a fact both outlets state. Positive: strengthen; "
        "negative: neither + weaken. Dev = the first half of the topics sorted by name (the test was "
        "tuned there), held out = the rest.",
        "",
        "| part | topics | pairs | strengthen | neg. | same fact (TP / FP) | precision | recall |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in ("dev", "held_out"):
        r = report[name]
        lines.append(f"| {name.replace('_', '-')} | {r['topics']} | {r['pairs']} | {r['strengthen']} | "
                     f"{r['negatives']} | {r['true_positives']} / {r['false_positives']} | "
                     f"{_fmt(r['precision'])} | {_fmt(r['recall'])} |")
    lines += ["", "Share judged the same fact, by relation:", "",
              "| part | " + " | ".join(sorted(report["dev"]["by_relation"])) + " |",
              "|---|" + "---:|" * len(report["dev"]["by_relation"])]
    for name in ("dev", "held_out"):
        br = report[name]["by_relation"]
        lines.append(f"| {name.replace('_', '-')} | " + " | ".join(
            f"{v['same_fact']}/{v['pairs']}" for _, v in sorted(br.items())) + " |")
    lines += ["", f"{report['seconds_per_pair'] * 1000:.1f} ms per pair (table and corroboration, "
              "embedding included)."]
    return "\n".join(lines) + "\n"


@click.command("eval-samefact")
@click.option("--data", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("../shared/data"),
              show_default=True, help=f"Folder holding {DATA_FILE}.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("benchmarks/results"),
              show_default=True, help="Folder for samefact.md and samefact.json.")
def eval_samefact_cmd(data: Path, out: Path) -> None:
    """Precision and recall of the same-fact test on ClaimDiff's strengthen pairs."""
    if not (data / DATA_FILE).is_file():
        raise click.UsageError(f"{data / DATA_FILE} not found")
    report = benchmark(data)
    out.mkdir(parents=True, exist_ok=True)
    (out / "samefact.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    text = markdown(report)
    (out / "samefact.md").write_text(text, encoding="utf-8")
    click.echo(text)
