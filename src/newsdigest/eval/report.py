"""Benchmark tables (Markdown) and recall plots."""

from __future__ import annotations

from pathlib import Path
from typing import Any
import numpy as np
from newsdigest.eval.rouge import ROUGE_LABELS, ROUGE_TYPES


def scaling_markdown(title: str, scaling: dict[str, Any], words: int) -> str:
    lines = [
        f"## {title}: pipeline cost by story size ({words} words)",
        "",
        "| articles | sentences | s/cluster (median) | min | max | x smallest | with analysis s/cluster |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in scaling["sizes"]:
        note = "" if r["articles"] == r["articles_requested"] else f" (of {r['articles_requested']} asked; pool too small)"
        lines.append(
            f"| {r['articles']}{note} | {r['sentences_mean']:.0f} | {r['seconds_median']:.3f} | "
            f"{r['seconds_min']:.3f} | {r['seconds_max']:.3f} | {r['relative_to_smallest']:.1f} | "
            + (f"{r['analysis_seconds_median']:.2f} |" if r.get("analysis_seconds_median") is not None else "n/a |")
        )
    lines += ["", f"Timing: {scaling['method']}; {scaling['repeats']} repeats, seed {scaling['seed']}.", ""]
    return "\n".join(lines)


def results_markdown(title: str, report: dict[str, Any]) -> str:
    s = report["settings"]
    words = s["words"]
    head = ["system"] + [f"{ROUGE_LABELS[t]} R" for t in ROUGE_TYPES] + [f"{ROUGE_LABELS[t]} F" for t in ROUGE_TYPES]
    head += ["words", "< N", "ms median", "ms p95", "peak MiB"]
    lines = [
        f"## {title}: {s['clusters']} clusters, {words} words",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" + "---:|" * (len(head) - 1),
    ]
    for name, r in report["results"].items():
        cells = [name] + [f"{100 * r[f'{t}_r']:.2f}" for t in ROUGE_TYPES] + [f"{100 * r[f'{t}_f']:.2f}" for t in ROUGE_TYPES]
        peak = "-" if r["peak_mib"] is None else f"{r['peak_mib']:.1f}"
        cells += [f"{r['words_mean']:.0f}", str(r["under_budget"]), f"{r['ms_median']:.1f}", f"{r['ms_p95']:.1f}", peak]
        lines.append("| " + " | ".join(cells) + " |")
    rouge = s["rouge"]
    lines += [
        "",
        f"ROUGE x 100. {rouge['package']}: `{rouge['call']}`; {rouge['truncation']}; {rouge['aggregation']}. "
        f"{rouge['note']}.",
        f"`words`: mean length before the cut; `< N`: clusters where the output was shorter than {words} words.",
        f"Time: {s['timing']}. Ingest/clean/segment, shared by all systems and excluded: "
        f"{s['prep_seconds_total']:.2f} s for the file.",
        f"Memory: {s['memory']}"
        + (f" ({report['memory_cluster']['cluster']}, {report['memory_cluster']['sentences']} sentences)."
           if report.get("memory_cluster") else "."),
        f"Sentences: {s['sentences']}. sumy: {s['sumy']}. Baselines: {s['baselines']}.",
        f"Encoder: {s['encoder']}. Python {s['python']} on {s['platform']}.",
        "",
    ]
    return "\n".join(lines)


def plot_recall(path: Path, title: str, results: dict[str, Any]) -> None:
    import matplotlib

    matplotlib.use("Agg")  # files only: no display on servers and CI
    import matplotlib.pyplot as plt

    names = list(results)
    x = np.arange(len(names))
    fig, ax = plt.subplots(figsize=(max(6, 0.9 * len(names) + 2), 4))
    for offset, t in ((-0.2, "rouge1"), (0.2, "rouge2")):
        values = [100 * results[n][f"{t}_r"] for n in names]
        bars = ax.bar(x + offset, values, width=0.4, label=f"{ROUGE_LABELS[t]} recall")
        ax.bar_label(bars, fmt="%.1f", fontsize=7)
    ax.set_xticks(x, names, rotation=30, ha="right")
    ax.set_ylabel("ROUGE recall x 100")
    ax.set_title(title)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
