"""Whole-process speed: ``newsdigest summarize`` against a sumy LexRank process, side by side.

Per-cluster timings (evaluate.py) leave out what a user waits for: interpreter start, imports,
model loading, reading and cleaning the files. Here each contender is one fresh process over the
same JSONL file of clusters, timed from spawn to exit, with its peak resident memory taken from
the kernel's accounting of that child (``os.wait4``). The LexRank process reads and splits the
articles with newsdigest's own ingest/clean/segment (sumy's NLTK tokenizer needs data that is not
installed) and then runs sumy's LexRank per cluster, so both do the same reading work and differ
in how they summarize. Runs alternate between the contenders to share any machine noise.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

# A complete sumy LexRank summarizer of a cluster file, as a user of sumy would write it.
LEXRANK_SCRIPT = r"""
import sys
from newsdigest.io.ingest import read_paths
from newsdigest.pipeline import prepare_articles
from newsdigest.eval.peers import sumy_system
words = int(sys.argv[2])
run = sumy_system("lexrank")
for cluster in read_paths([sys.argv[1]]).clusters:
    articles = prepare_articles(cluster.articles, [])
    print(cluster.id, run(articles, words))
"""


def _timed_process(argv: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (MiB) of one child process; raises if it fails."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:4])} ... failed ({proc.returncode}): {err[-500:]}")
    # ru_maxrss is in KiB on Linux.
    return seconds, int(usage.ru_maxrss) // 1024


def _first_clusters(raw: list[dict[str, Any]], clusters: int, articles: int) -> list[dict[str, Any]]:
    """The first ``clusters`` dataset lines with at least ``articles`` articles, each cut to its first
    ``articles`` (a DUC-size cluster)."""
    chosen = [
        {"id": line["_id"], "articles": line["articles"][:articles]}
        for line in raw
        if len(line.get("articles") or []) >= articles
    ][:clusters]
    if not chosen:
        raise ValueError(f"no cluster has {articles} articles")
    return chosen


def _write_jsonl(path: Path, records: list[dict[str, Any]]) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def compare_processes(
    raw: list[dict[str, Any]], words: int, clusters: int = 20, articles: int = 10, repeats: int = 3
) -> dict[str, Any]:
    """Time ``newsdigest summarize`` (summary only) and a sumy LexRank process on the same file.

    ``raw`` are dataset lines; the first ``clusters`` lines with at least ``articles`` articles
    are used, each cut to its first ``articles`` articles (a DUC-size cluster)."""
    chosen = _first_clusters(raw, clusters, articles)
    contenders = {
        "newsdigest summarize": lambda path: [
            sys.executable, "-m", "newsdigest.cli", "summarize", path, "--words", str(words),
            "--format", "json", "--summary-only",
        ],
        "sumy lexrank": lambda path: [sys.executable, "-c", LEXRANK_SCRIPT, path, str(words)],
    }
    seconds: dict[str, list[float]] = {name: [] for name in contenders}
    memory: dict[str, int] = {name: 0 for name in contenders}
    with tempfile.TemporaryDirectory() as tmp:
        path = _write_jsonl(Path(tmp) / "clusters.jsonl", chosen)
        for _ in range(repeats):
            for name, argv in contenders.items():
                s, mib = _timed_process(argv(path))
                seconds[name].append(s)
                memory[name] = max(memory[name], mib)
    rows = {
        name: {"seconds_median": float(np.median(v)), "seconds_all": v, "peak_rss_mib": memory[name]}
        for name, v in seconds.items()
    }
    ours = rows["newsdigest summarize"]["seconds_median"]
    return {
        "clusters": len(chosen),
        "articles_per_cluster": articles,
        "sentences_note": "both processes read, clean and split with newsdigest's ingest/clean/segment",
        "repeats": repeats,
        "processes": rows,
        "speedup_vs_lexrank": rows["sumy lexrank"]["seconds_median"] / ours if ours else float("inf"),
        "method": "wall time from spawn to exit of a fresh `python` process (interpreter start, imports, "
                  "model load, reading, cleaning, summarizing, writing output); peak RSS from os.wait4; "
                  "median of repeats, contenders alternated",
    }


def speed_markdown(title: str, report: dict[str, Any], words: int) -> str:
    lines = [
        f"## {title}: whole-process time, {report['clusters']} clusters of "
        f"{report['articles_per_cluster']} articles ({words} words)",
        "",
        "| process | seconds (median) | s per cluster | peak RSS MiB |",
        "|---|---:|---:|---:|",
    ]
    for name, r in report["processes"].items():
        lines.append(
            f"| {name} | {r['seconds_median']:.2f} | {r['seconds_median'] / report['clusters']:.3f} | "
            f"{r['peak_rss_mib']} |"
        )
    lines += [
        "",
        f"newsdigest is **{report['speedup_vs_lexrank']:.1f}x** faster than sumy LexRank, start-up included.",
        "",
        f"Timing: {report['method']}; {report['repeats']} repeats. {report['sentences_note']}.",
        "",
    ]
    return "\n".join(lines)


def compare_parallel(raw: list[dict[str, Any]], words: int, clusters: int = 30, articles: int = 10,
                     repeats: int = 1, workers: tuple[int, ...] = (1, 2), dask: bool = True) -> dict[str, Any]:
    """Time whole ``newsdigest summarize`` processes **with the analysis** on ``clusters`` stories:
    in one process, with ``--workers N`` local processes, and on a local Dask cluster
    (``--dask local``, one worker process per core), so the scale-out path is measured against
    one process on the same machine and the same file. Outputs are checked to be identical."""
    chosen = _first_clusters(raw, clusters, articles)
    contenders: dict[str, list[str]] = {}
    for n in workers:
        contenders["one process" if n == 1 else f"--workers {n}"] = [] if n == 1 else ["--workers", str(n)]
    if dask:
        try:
            import distributed  # noqa: F401
        except ImportError:
            dask = False
        else:
            contenders["--dask local"] = ["--dask", "local"]
    seconds: dict[str, list[float]] = {name: [] for name in contenders}
    outputs: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = _write_jsonl(Path(tmp) / "clusters.jsonl", chosen)
        for _ in range(repeats):
            for name, extra in contenders.items():
                out = str(Path(tmp) / f"{len(outputs)}.json")
                s, _ = _timed_process([sys.executable, "-m", "newsdigest.cli", "summarize", path, "--words",
                                       str(words), "--format", "json", "-o", out, *extra])
                seconds[name].append(s)
                outputs[name] = Path(out).read_text(encoding="utf-8")
    first = next(iter(outputs.values()))
    base = float(np.median(seconds["one process"])) if "one process" in seconds else None
    rows = {name: {"seconds_median": float(np.median(v)), "seconds_all": v,
                   "speedup": base / float(np.median(v)) if base else None,
                   "same_output": outputs[name] == first} for name, v in seconds.items()}
    return {
        "clusters": len(chosen), "articles_per_cluster": articles, "repeats": repeats, "processes": rows,
        "cpus": os.cpu_count(), "dask": dask,
        "method": "wall time from spawn to exit of a fresh `newsdigest summarize` process with the analysis "
                  "(start-up, model loading in every worker, reading, clustering, digests, writing); median "
                  "of repeats; each output compared with the one-process output",
    }


def parallel_markdown(title: str, report: dict[str, Any], words: int) -> str:
    lines = [
        f"## {title}: digests with the analysis on {report['cpus']} cores, {report['clusters']} stories of "
        f"{report['articles_per_cluster']} articles ({words} words)",
        "",
        "| process | seconds (median) | s per story | speed-up | same output |",
        "|---|---:|---:|---:|---|",
    ]
    for name, r in report["processes"].items():
        speedup = f"{r['speedup']:.2f}x" if r["speedup"] else "-"
        lines.append(f"| `newsdigest summarize` {name} | {r['seconds_median']:.1f} | "
                     f"{r['seconds_median'] / report['clusters']:.2f} | {speedup} | "
                     f"{'yes' if r['same_output'] else 'NO'} |")
    lines += ["", f"Timing: {report['method']}; {report['repeats']} repeat(s).", ""]
    if not report["dask"]:
        lines += ["Dask not installed (pip install 'newsdigest[dask]'): its row is missing.", ""]
    return "\n".join(lines)
