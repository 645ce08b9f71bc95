"""`newsdigest eval` and `newsdigest eval-analysis`: the benchmark commands."""

from __future__ import annotations

import json
import os
import platform
import sys
from pathlib import Path
import click
from newsdigest.pipeline import NothingToSummarize
from newsdigest.eval.datasets import default_words, load_dataset, read_jsonl_lines
from newsdigest.eval.peers import SYSTEMS, build_systems
from newsdigest.eval.report import plot_recall, results_markdown, scaling_markdown
from newsdigest.eval.summaries import SCALING_SIZES, evaluate, run_scaling, settings_for


def _parse_systems(value: str) -> list[str]:
    names = [n.strip().lower() for n in value.split(",") if n.strip()]
    unknown = [n for n in names if n not in SYSTEMS]
    if unknown or not names:
        raise click.BadParameter(
            f"unknown system(s) {', '.join(unknown) or '(none given)'}; choose from {', '.join(SYSTEMS)}",
            param_hint="--systems",
        )
    return list(dict.fromkeys(names))


@click.command("eval")
@click.argument("dataset", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--words", "-w", type=click.IntRange(min=10), default=None,
              help="Summary length in words [default: duc2003 100, multiling 250, neus 70, else 100].")
@click.option("--systems", "systems_arg", default=",".join(SYSTEMS), show_default=True,
              help="Comma-separated systems to compare.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("benchmarks/results"),
              show_default=True, help="Folder for the .md, .json and .png results.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Only the first K clusters.")
@click.option("--model", "-m", default=None, help="Embedding model folder [default: $NEWSDIGEST_MODEL, else bundled].")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the random baseline and of --scaling.")
@click.option("--memory/--no-memory", default=True, show_default=True,
              help="Measure peak Python-heap memory per system (tracemalloc, untimed, on the cluster "
                   "with the most sentences).")
@click.option("--scaling", is_flag=True,
              help=f"Instead of ROUGE: time the whole pipeline on synthetic stories of "
                   f"{', '.join(map(str, SCALING_SIZES))} articles sampled from DATASET.")
@click.option("--speed", is_flag=True,
              help="Instead of ROUGE: time whole `newsdigest summarize` processes against a sumy LexRank "
                   "process on the first 20 clusters of 10 articles (start-up included).")
@click.option("--parallel", is_flag=True,
              help="Instead of ROUGE: time `newsdigest summarize` with the analysis on the first 30 clusters of "
                   "10 articles in one process, with --workers 2 and on a local Dask cluster (--dask local).")
def eval_cmd(dataset: Path, words, systems_arg, out: Path, limit, model, seed, memory, scaling, speed,
             parallel) -> None:
    """Score summarizers on a benchmark JSONL file with ROUGE, and time them.

    DATASET has one cluster per line: {"id", "articles": [...], "references": [...]}.
    Writes <stem>_<N>w.md, .json and .png to --out and prints the table.
    """
    from newsdigest.text.embed import ModelLoadError, load_encoder

    words = words or default_words(dataset)
    names = _parse_systems(systems_arg)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{dataset.stem}_{words}w"
    machine_settings = {"dataset": dataset.name, "words": words, "python": platform.python_version(),
                        "platform": platform.platform(), "cpus": os.cpu_count()}
    try:
        if parallel:
            from newsdigest.eval.speed import compare_parallel, parallel_markdown

            report = compare_parallel(read_jsonl_lines(dataset), words)
            report["settings"] = machine_settings
            text = parallel_markdown(dataset.stem, report, words)
            md_path, json_path = out / f"{dataset.stem}_parallel.md", out / f"{dataset.stem}_parallel.json"
        elif speed:
            from newsdigest.eval.speed import compare_processes, speed_markdown

            report = compare_processes(read_jsonl_lines(dataset), words)
            report["settings"] = machine_settings
            text = speed_markdown(dataset.stem, report, words)
            md_path, json_path = out / f"{dataset.stem}_speed.md", out / f"{dataset.stem}_speed.json"
        elif scaling:
            raw = read_jsonl_lines(dataset)
            if not raw:
                raise click.UsageError(f"{dataset} has no cluster lines to sample articles from")
            report = run_scaling(raw, words, model, seed=seed)
            report["settings"] = {"dataset": dataset.name, "words": words, "encoder": load_encoder(model).name,
                                  "python": platform.python_version(), "platform": platform.platform()}
            text = scaling_markdown(dataset.stem, report, words)
            md_path, json_path = out / f"{dataset.stem}_scaling.md", out / f"{dataset.stem}_scaling.json"
        else:
            data = load_dataset(dataset, limit)
            systems = build_systems(names, lambda: load_encoder(model), seed)
            encoder_name = load_encoder(model).name if "newsdigest" in names else None
            report = evaluate(data, systems, words, measure_memory=memory, progress=True)
            report = {"settings": settings_for(dataset, data, words, names, seed, encoder_name, memory), **report}
            text = results_markdown(dataset.stem, report)
            md_path, json_path = out / f"{stem}.md", out / f"{stem}.json"
            plot_recall(out / f"{stem}.png", f"{dataset.stem}, {words} words, {len(data.clusters)} clusters",
                        report["results"])
    except (ModelLoadError, NothingToSummarize, RuntimeError, ValueError) as exc:
        click.echo(f"newsdigest: error: {exc}", err=True)
        sys.exit(2)
    md_path.write_text(text, encoding="utf-8")
    json_path.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    click.echo(text)
    written = [md_path, json_path] + ([] if scaling or speed else [out / f"{stem}.png"])
    click.echo("newsdigest: wrote " + ", ".join(map(str, written)), err=True)
