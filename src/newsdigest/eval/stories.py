"""Story clustering benchmark: B-cubed precision, recall and F1 per article, stories found and
articles per second, against baselines run on the same stream.

Protocol: the stream (one article per line, in publication order, with a gold ``story`` field)
is cut in two halves by line order. Every setting (the baselines' thresholds; the clusterer's
weights and windows, with ``--tune``) is chosen on the first half; the table is reported on the
second half, clustered as its own stream from a fresh state. The gold field is removed from the
articles before any clusterer sees them; only ``bcubed`` reads it.

``--scaling`` instead times the clusterer on synthetic streams of 1k, 10k and 100k articles made
by resampling the stream with shifted dates (each resampled copy of a gold story is a new story,
dated N weeks later), fed in pieces of 1,000, and the store path (``add`` in pieces of 1,000,
with summaries) at 1k and 10k.
"""

from __future__ import annotations

import json
import math
import os
import platform
import random
import resource
import time
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import click
import numpy as np

from newsdigest.stories.cluster import StoryClusterer, _tokens, default_embedder


def load_stream(path: Path) -> tuple[list[dict[str, Any]], list[str]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    gold = [str(r.pop("story")) for r in rows]  # clusterers never see the gold field
    return rows, gold


def bcubed(pred: list, gold: list) -> tuple[float, float, float]:
    """Per-article B-cubed precision, recall and F1 (Bagga & Baldwin 1998)."""
    pair = Counter(zip(pred, gold))
    ps, gs = Counter(pred), Counter(gold)
    p = sum(pair[(a, b)] / ps[a] for a, b in zip(pred, gold)) / len(pred)
    r = sum(pair[(a, b)] / gs[b] for a, b in zip(pred, gold)) / len(pred)
    return p, r, 2 * p * r / (p + r)


def _text(a: dict, lead: int = 60) -> str:
    return (a.get("title") or "") + " " + " ".join((a.get("text") or "").split()[:lead])


def single_pass_tfidf(arts: list[dict], threshold: float) -> list[int]:
    """Single pass (Miranda et al. 2018 style): online-IDF TF-IDF, cosine to story centroids."""
    df: Counter = Counter()
    post: dict[str, dict[int, float]] = defaultdict(dict)
    sq: list[float] = []
    out = []
    for n, a in enumerate(arts, 1):
        tf = Counter(_tokens(_text(a)))
        df.update(tf.keys())
        v = {t: (1 + math.log(c)) * (math.log((n + 1) / (df[t] + 1)) + 1) for t, c in tf.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        acc: dict[int, float] = defaultdict(float)
        for t, w in v.items():
            for c, cw in post[t].items():
                acc[c] += w / norm * cw
        best, top = -1, threshold
        for c, s in acc.items():
            if s / math.sqrt(sq[c]) >= top:
                best, top = c, s / math.sqrt(sq[c])
        if best < 0:
            best = len(sq)
            sq.append(0.0)
        for t, w in v.items():
            old = post[t].get(best, 0.0)
            post[t][best] = old + w / norm
            sq[best] += 2 * old * w / norm + (w / norm) ** 2
        out.append(best)
    return out


def agglomerative(arts: list[dict], threshold: float) -> list[int]:
    """Offline average-linkage clustering on TF-IDF cosine distance (scikit-learn)."""
    from newsdigest.eval.rouge import require_eval_extra

    require_eval_extra("sklearn")
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    X = TfidfVectorizer(tokenizer=_tokens, lowercase=False, sublinear_tf=True, token_pattern=None).fit_transform(
        [_text(a) for a in arts])
    D = np.clip(1.0 - (X @ X.T).toarray(), 0.0, 2.0)
    model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                    distance_threshold=threshold)
    return [int(x) for x in model.fit_predict(D)]


def embed_single_pass(arts: list[dict], threshold: float, emb: np.ndarray, window: int = 150) -> list[int]:
    """Single pass on the bundled static embeddings only (centroid cosine, recent stories)."""
    cents: list[np.ndarray] = []
    last: list[int] = []
    out = []
    for i, e in enumerate(emb):
        act = [c for c in range(len(cents)) if i - last[c] <= window]
        best = -1
        if act:
            M = np.stack([cents[c] for c in act])
            s = M @ e / np.linalg.norm(M, axis=1)
            j = int(np.argmax(s))
            best = act[j] if s[j] >= threshold else -1
        if best < 0:
            best = len(cents)
            cents.append(np.zeros_like(e))
            last.append(i)
        cents[best] = cents[best] + e
        last[best] = i
        out.append(best)
    return out


def _tune(fn, grid, arts, gold):
    scored = [(bcubed(fn(arts, g), gold)[2], g) for g in grid]
    f, g = max(scored)
    return g, f


def run_clusterer(arts: list[dict], piece: int = 256, **kw) -> tuple[list[int], float, float, StoryClusterer]:
    """Cluster from a fresh state in pieces; (ids, articles per wall second, per CPU second)."""
    embed = default_embedder()
    embed.cache.clear()  # the timed run starts with a cold word cache
    c = StoryClusterer(embed=embed, **kw)
    t0, c0 = time.perf_counter(), time.process_time()
    ids: list[int] = []
    for i in range(0, len(arts), piece):
        ids += c.add(arts[i:i + piece])
    return ids, len(arts) / (time.perf_counter() - t0), len(arts) / max(time.process_time() - c0, 1e-9), c


def fit_weights(arts: list[dict], gold: list[str], **kw) -> np.ndarray:
    """Teacher-forced pass over labelled articles: each active story's features, label = is the
    gold story; L2-regularised logistic regression by Newton's method."""
    c = StoryClusterer(embed=default_embedder(), **kw)
    c.record_features = True
    g2sid: dict[str, int] = {}
    X, y = [], []
    for p, g in zip(c.prepare(arts), gold):
        g2sid[g] = c.add_prepared(*p, force=g2sid.get(g, -1))
        sids, F = c.last_features
        X.append(F)
        y += [1.0 if s == g2sid[g] else 0.0 for s in sids]
    Xa, ya = np.vstack(X), np.array(y)
    w = np.zeros(Xa.shape[1])
    for _ in range(30):
        p = 1 / (1 + np.exp(-Xa @ w))
        H = (Xa * (p * (1 - p))[:, None]).T @ Xa + 1e-2 * np.eye(len(w))
        w -= np.linalg.solve(H, Xa.T @ (p - ya) + 1e-2 * w)
    return w


def benchmark(path: Path, runs: int = 3) -> dict[str, Any]:
    rows, gold = load_stream(path)
    h = len(rows) // 2
    a1, g1, a2, g2 = rows[:h], gold[:h], rows[h:], gold[h:]
    n2 = len(a2)
    table: list[dict[str, Any]] = []

    def row(name, mode, ids, speed=None, setting=None, half1=None):
        p, r, f = bcubed(ids, g2)
        table.append({"method": name, "mode": mode, "setting": setting, "half1_f1": half1, "p": p, "r": r, "f1": f,
                      "stories": len(set(ids)), "articles_per_s": speed})

    row("everything one story", "-", [0] * n2)
    row("every article alone", "-", list(range(n2)))
    th, f = _tune(single_pass_tfidf, [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6], a1, g1)
    t0 = time.perf_counter()
    ids = single_pass_tfidf(a2, th)
    row("single-pass TF-IDF (Miranda et al. 2018 style)", "online", ids, n2 / (time.perf_counter() - t0),
        f"threshold {th}", f)
    th, f = _tune(agglomerative, [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9], a1, g1)
    t0 = time.perf_counter()
    ids = agglomerative(a2, th)
    row("agglomerative average-linkage TF-IDF", "offline", ids, n2 / (time.perf_counter() - t0),
        f"distance {th}", f)
    embed = default_embedder()
    e1 = embed([_text(a) for a in a1])
    th, f = _tune(lambda arts, t: embed_single_pass(arts, t, e1), [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9], a1, g1)
    t0 = time.perf_counter()
    ids = embed_single_pass(a2, th, embed([_text(a) for a in a2]))
    row("single-pass bundled embeddings only", "online", ids, n2 / (time.perf_counter() - t0), f"threshold {th}", f)
    results = [run_clusterer(a2) for _ in range(runs)]
    ids = results[0][0]
    half1 = bcubed(run_clusterer(a1)[0], g1)[2]
    row("newsdigest StoryClusterer (defaults)", "online", ids, max(r[1] for r in results), "defaults", half1)
    table[-1]["articles_per_cpu_s"] = max(r[2] for r in results)
    return {
        "settings": {"stream": path.name, "articles": len(rows), "half2_articles": n2,
                     "half2_gold_stories": len(set(g2)), "reported_on": "second half (lines %d-%d)" % (h + 1, len(rows)),
                     "python": platform.python_version(), "cpus": os.cpu_count(),
                     "load_average": round(os.getloadavg()[0], 1)},
        "results": table,
    }


def benchmark_markdown(report: dict[str, Any]) -> str:
    s = report["settings"]
    lines = [f"# Story clustering: {s['stream']}, reported on the {s['reported_on']}", "",
             f"{s['half2_articles']} articles, {s['half2_gold_stories']} gold stories; every setting chosen on the "
             f"first half. B-cubed per article. Machine: {s['cpus']} CPUs, load average {s['load_average']} "
             "during the run.", "",
             "| method | mode | setting (half-1 F1) | B3 P | B3 R | B3 F1 | stories | articles/s |",
             "|---|---|---|---:|---:|---:|---:|---:|"]
    for r in report["results"]:
        setting = f"{r['setting']} ({r['half1_f1']:.3f})" if r["setting"] else "-"
        speed = "-" if r["articles_per_s"] is None else f"{r['articles_per_s']:,.0f}"
        if "articles_per_cpu_s" in r:
            speed += f" ({r['articles_per_cpu_s']:,.0f} per CPU s)"
        lines.append(f"| {r['method']} | {r['mode']} | {setting} | {r['p']:.3f} | {r['r']:.3f} | **{r['f1']:.3f}** | "
                     f"{r['stories']} | {speed} |" if r["method"].startswith("newsdigest") else
                     f"| {r['method']} | {r['mode']} | {setting} | {r['p']:.3f} | {r['r']:.3f} | {r['f1']:.3f} | "
                     f"{r['stories']} | {speed} |")
    return "\n".join(lines) + "\n"


def synthetic_stream(rows: list[dict[str, Any]], n: int, seed: int = 0) -> list[dict[str, Any]]:
    """``n`` articles resampled from ``rows`` by gold story; each copy of a story is a new story
    (ids suffixed) dated ``k`` weeks after the original (undated stories get a date from their
    position), so the stream keeps running forward in time."""
    rng = random.Random(seed)
    by_story: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_story[r["story"]].append(r)
    stories = list(by_story)
    out: list[dict[str, Any]] = []
    start = date(2030, 1, 1)
    k = 0
    while len(out) < n:
        story = rng.choice(stories)
        day = start + timedelta(days=len(out) // 300)  # about 300 articles a day
        for a in by_story[story]:
            b = dict(a)
            b["id"] = f"{a['id']}#{k}"
            b["story"] = f"{story}#{k}"
            b["date"] = day.isoformat()
            # A resampled copy must not be a byte-identical duplicate of its original in the store.
            b["text"] = f"{a.get('text') or ''} (copy {k})"
            out.append(b)
        k += 1
    return out[:n]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def scaling(path: Path, sizes=(1000, 10000, 100000), store_sizes=(1000, 10000), piece: int = 1000) -> dict[str, Any]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    out: dict[str, Any] = {"clustering": [], "store": []}
    default_embedder()
    for n in sizes:
        stream = synthetic_stream(rows, n)
        for a in stream:
            a.pop("story")
        ids, wall, cpu, c = run_clusterer(stream, piece=piece)
        out["clustering"].append({"articles": n, "articles_per_s": wall, "articles_per_cpu_s": cpu,
                                  "active_stories_at_end": c.n_active,
                                  "peak_rss_mb": _peak_mb()})
    import tempfile

    from newsdigest.stories.store import open_store
    from newsdigest.stories.update import add_paths
    from newsdigest.text.embed import load_encoder

    encoder = load_encoder()
    for n in store_sizes:
        stream = synthetic_stream(rows, n)
        for a in stream:
            a.pop("story")
        with tempfile.TemporaryDirectory() as tmp:
            store = open_store(Path(tmp) / "scale.db")
            t0 = time.perf_counter()
            for i in range(0, n, piece):
                add_paths(store, records=stream[i:i + piece], encoder=encoder, summarize=True)
            took = time.perf_counter() - t0
            out["store"].append({"articles": n, "articles_per_s": n / took, "seconds": took,
                                 "stories": store.counts()["stories"], "peak_rss_mb": _peak_mb()})
    out["load_average"] = round(os.getloadavg()[0], 1)
    return out


def scaling_markdown(report: dict[str, Any]) -> str:
    lines = ["# Story clustering at scale (synthetic streams resampled from the dev stream, dates shifted)", "",
             "Speed and memory only: a resampled copy of a story repeats its original's text within the "
             "active window, so the clusterer rightly joins copies that the resampling labels as new "
             "stories, and B-cubed on these streams says nothing (quality: the dev-stream table).", "",
             "Clustering alone (in memory, pieces of 1,000, embedding included):", "",
             "| articles | articles/s | per CPU s | active stories at end | peak RSS (MB, process) |",
             "|---:|---:|---:|---:|---:|"]
    for r in report["clustering"]:
        lines.append(f"| {r['articles']:,} | {r['articles_per_s']:,.0f} | {r['articles_per_cpu_s']:,.0f} | "
                     f"{r['active_stories_at_end']:,} | {r['peak_rss_mb']:,.0f} |")
    lines += ["", "`add` into a SQLite store in pieces of 1,000 (dedupe, clustering with the active stories "
              "replayed, summary-only summaries of every changed story), with the machine's load average "
              f"at the end: {report.get('load_average', '?')}:", "",
              "| articles | articles/s | seconds | stories | peak RSS (MB, process) |", "|---:|---:|---:|---:|---:|"]
    for r in report["store"]:
        lines.append(f"| {r['articles']:,} | {r['articles_per_s']:,.1f} | {r['seconds']:,.0f} | {r['stories']:,} | "
                     f"{r['peak_rss_mb']:,.0f} |")
    return "\n".join(lines) + "\n"


@click.command("eval-stories")
@click.argument("stream", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("benchmarks/results"),
              show_default=True, help="Folder for stories.md / stories.json (or stories_scaling.*).")
@click.option("--scaling", "do_scaling", is_flag=True, help="Time 1k/10k/100k-article synthetic streams instead.")
@click.option("--sizes", default="1000,10000,100000", show_default=True, help="Stream sizes for --scaling.")
@click.option("--store-sizes", default="1000,10000", show_default=True, help="Sizes for the store path of --scaling.")
def eval_stories_cmd(stream: Path, out: Path, do_scaling: bool, sizes: str, store_sizes: str) -> None:
    """B-cubed P/R/F1 of story clustering on STREAM (JSONL, one article per line in publication
    order with a gold `story` field), against baselines; settings from the first half, reported
    on the second."""
    out.mkdir(parents=True, exist_ok=True)
    try:
        if do_scaling:
            report = scaling(stream, tuple(int(x) for x in sizes.split(",") if x),
                             tuple(int(x) for x in store_sizes.split(",") if x))
            text, stem = scaling_markdown(report), "stories_scaling"
        else:
            report = benchmark(stream)
            text, stem = benchmark_markdown(report), "stories"
    except (KeyError, json.JSONDecodeError) as exc:
        raise click.UsageError(f"{stream} is not a labelled stream (one JSON article per line with 'story'): {exc}")
    except RuntimeError as exc:
        raise click.UsageError(str(exc))
    (out / f"{stem}.md").write_text(text, encoding="utf-8")
    (out / f"{stem}.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    click.echo(text)
