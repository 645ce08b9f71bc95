"""Evaluate the analysis fields: precision and recall per field on the gold sets, plus the
real-data checks (quote speakers on annotated benchmark articles, the neutral summary on NeuS).

``newsdigest eval-analysis [--gold benchmarks/gold] [--data ../shared/data] [--out FILE]``

Gold sets are JSONL clusters of fictional articles with a ``gold`` key (a dict of field name ->
items; a bare list means quotes). Each field's module scores its own output (``score_<field>``
returns tp/fp/fn counts); here the counts are added over clusters and turned into P/R/F1.
The real-data checks need the benchmark folder and are skipped, with a note, without it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import click

from newsdigest.model import Story


def _scorers() -> dict[str, Callable[[Story, dict[str, Any]], dict[str, int]]]:
    from newsdigest.eval.scorers import contradict, corroborate, framing, players, quotes, timeline

    return {
        "quotes": lambda s, g: quotes.score_quotes(s, g["quotes"]),
        "corroborated": lambda s, g: corroborate.score_corroborated(s, g["corroborated"]),
        "unique_claims": lambda s, g: corroborate.score_unique_claims(s, g["unique_claims"]),
        "contradictions": lambda s, g: contradict.score_contradictions(s, g["contradictions"]),
        "framing (loaded terms)": lambda s, g: framing.score_framing(s, g),
        "timeline": lambda s, g: timeline.score_timeline(s, g["timeline"], g.get("timeline_unresolved")),
        "key_players": lambda s, g: players.score_key_players(s, g["key_players"]),
    }


# Which gold key makes a field's scorer run.
_GOLD_KEY = {"framing (loaded terms)": "loaded_terms"}


def score_gold_sets(gold_dir: Path, words: int = 100) -> dict[str, dict[str, int]]:
    """Run the whole pipeline on every gold file and add up each field's counts."""
    from newsdigest.pipeline import summarize

    totals: dict[str, dict[str, int]] = {}
    for path in sorted(gold_dir.glob("*.jsonl")):
        lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        gold = {line["id"]: line["gold"] for line in lines if "gold" in line and "articles" in line}
        if not gold:
            continue  # e.g. annotations of real articles, scored separately
        for story in summarize(path, words=words).stories:
            g = gold.get(story.id)
            if g is None:
                continue
            g = {"quotes": g} if isinstance(g, list) else g
            for field, scorer in _scorers().items():
                if _GOLD_KEY.get(field, field) not in g:
                    continue
                counts = scorer(story, g)
                acc = totals.setdefault(field, {})
                for k, v in counts.items():
                    if isinstance(v, (int, float)) and not isinstance(v, bool):
                        acc[k] = acc.get(k, 0) + v
    return totals


def _prf(c: dict[str, int]) -> tuple[float, float, float]:
    tp, fp, fn = c.get("tp", 0), c.get("fp", 0), c.get("fn", 0)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def report_markdown(gold: dict[str, dict[str, int]], real_quotes: dict[str, Any] | None,
                    neus: dict[str, dict[str, Any]] | None, notes: list[str],
                    real_contradictions: dict[str, Any] | None = None) -> str:
    lines = [
        "# Analysis fields: precision and recall",
        "",
        "## Fictional gold sets (`benchmarks/gold/`, whole pipeline)",
        "",
        "| field | precision | recall | F1 | tp | fp | fn | extra |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for field, c in gold.items():
        p, r, f = _prf(c)
        extra = ", ".join(f"{k} {v}" for k, v in c.items() if k not in ("tp", "fp", "fn"))
        lines.append(f"| {field} | {p:.2f} | {r:.2f} | {f:.2f} | {c.get('tp', 0)} | {c.get('fp', 0)} | "
                     f"{c.get('fn', 0)} | {extra} |")
    if real_quotes:
        lines += ["", "## Quotes on real benchmark articles (annotated by id and offsets, no text stored)", "",
                  "| split | quotes | quote precision | quote recall | speaker precision | speaker recall |",
                  "|---|---:|---:|---:|---:|---:|"]
        for split, q in real_quotes.items():
            lines.append(f"| {split} | {q.get('tp', 0) + q.get('fn', 0)} | {q['quote_precision']:.2f} | "
                         f"{q['quote_recall']:.2f} | {q['speaker_precision']:.2f} | {q['speaker_recall']:.2f} |")
    if real_contradictions and "skipped" not in real_contradictions:
        lines += ["", "## Contradictions on real clusters (judged sentence pairs, by id and offsets, no text stored)", "",
                  "| split | clusters | true pairs | found | missed | false alarms | unjudged flags | precision | recall |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for split, c in real_contradictions.items():
            lines.append(f"| {split} | {c['clusters']} | {c['tp'] + c['fn']} | {c['tp']} | {c['fn']} | {c['fp']} | "
                         f"{c['unjudged']} | {c['precision']:.2f} | {c['recall']:.2f} |")
        lines += ["", "Rules written on the dev clusters; heldout measured afterwards. A flag matches a judged pair "
                      "when the kind agrees and both sentences overlap the pair's spans."]
    for mode, run in (neus or {}).items():
        rg, rates = run["rouge"], run["loaded_per_100_words"]
        lines += ["", f"## Neutral summary on NeuS val ({run['clusters']} clusters, {run['words']} words): {mode}", "",
                  "| summary | R-1 R | R-2 R | R-L R | R-1 F | R-2 F | loaded terms / 100 words |",
                  "|---|---:|---:|---:|---:|---:|---:|"]
        for name in ("neutral", "plain"):
            lines.append(f"| {name} | {rg[name]['rouge1_r']:.2f} | {rg[name]['rouge2_r']:.2f} | "
                         f"{rg[name]['rougeL_r']:.2f} | {rg[name]['rouge1_f']:.2f} | {rg[name]['rouge2_f']:.2f} | "
                         f"{rates[name + '_summary']:.2f} |")
        lines += [
            f"| outlets' own text (mean; least / most loaded outlet per cluster) | | | | | | "
            f"{rates['outlet']:.2f} ({rates['least_loaded_outlet']:.2f} / {rates['most_loaded_outlet']:.2f}) |",
            "",
            f"The neutral summary is at or below the least loaded outlet in "
            f"{100 * run['neutral_at_or_below_least_loaded_outlet']:.0f}% of clusters and differs from the plain "
            f"summary in {run['neutral_differs_from_plain']}. ROUGE: rouge-score, stemming, summaries cut to "
            f"{run['words']} words, against the AllSides neutral roundup; neutral minus plain (95% CI): "
            + ", ".join(f"{k} {v['mean']:+.2f} [{v['ci95'][0]:+.2f}, {v['ci95'][1]:+.2f}]"
                        for k, v in run["rouge_neutral_minus_plain"].items() if k.endswith("_r")) + ".",
        ]
        by_bias = run.get("by_bias") or {}
        if by_bias.get("clusters"):
            cells = ", ".join(f"{k} {v:.2f}" for k, v in by_bias.items() if isinstance(v, float))
            lines += ["", f"Clusters whose outlets' leanings are known ({by_bias['clusters']}), loaded terms "
                          f"per 100 words: {cells}."]
    lines += [""] + [f"- {n}" for n in notes]
    return "\n".join(lines).rstrip() + "\n"


@click.command("eval-analysis")
@click.option("--gold", "gold_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("benchmarks/gold"),
              show_default=True, help="Folder of gold JSONL files.")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Benchmark data folder (../shared/data) for the real-data checks; skipped without it.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("benchmarks/results/analysis.md"),
              show_default=True, help="Markdown report to write.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Only the first K NeuS clusters.")
def eval_analysis_cmd(gold_dir: Path, data_dir: Path | None, out: Path, limit: int | None) -> None:
    """Precision/recall of quotes, corroboration, contradictions, framing, timeline and players."""
    if not gold_dir.is_dir():
        raise click.UsageError(f"gold folder {gold_dir} not found")
    gold = score_gold_sets(gold_dir)
    if not gold:
        raise click.UsageError(f"no gold clusters (JSONL lines with 'articles' and 'gold') in {gold_dir}")
    real_quotes, neus, notes, real_contradictions = None, None, [], None
    if data_dir is None or not data_dir.is_dir():
        notes.append("real-data checks skipped: no --data folder given or found")
    else:
        from newsdigest.eval.scorers import contradict, framing, quotes
        from newsdigest.analysis.ner import load_ner
        from newsdigest.summary.summarizers import CoverageSummarizer

        annotations = gold_dir / "quotes_real.jsonl"
        if annotations.exists():
            real_quotes = {split: quotes.score_real_quotes(annotations, data_dir, load_ner(), split=split)
                           for split in ("dev", "heldout")}
        real_contradictions = contradict.score_real_contradictions(data_dir, gold_dir / "contradictions_real.jsonl")
        if "skipped" in real_contradictions:
            notes.append(f"real contradictions skipped: {real_contradictions['skipped']}")
        if (data_dir / "neus_val.jsonl").exists():
            path = data_dir / "neus_val.jsonl"
            neus = {
                # What a user gets: both summaries stay within the 70 words.
                "summaries as users get them (within the budget)": framing.evaluate_neus(path, limit=limit),
                # As in `newsdigest eval`: both fill the 70 words the scorer keeps.
                "benchmark mode (filling the budget, as in `eval`)": framing.evaluate_neus(
                    path, limit=limit, summarizer=CoverageSummarizer(overflow=True)),
            }
    text = report_markdown(gold, real_quotes, neus, notes, real_contradictions)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    click.echo(text)
    click.echo(f"newsdigest: wrote {out}", err=True)
