"""Load test for ``newsdigest serve``: N concurrent readers for D seconds against the server on
127.0.0.1 while ``newsdigest add`` ingests M articles into the same store.

    .venv/bin/python benchmarks/load_serve.py ../shared/data/stream_dev.jsonl

Steps: a fresh store in a temporary folder is seeded (``--seed`` articles, summarized); ``serve``
starts on a free port; ``add`` starts on M more articles (resampled from the JSONL file given, or
synthetic without one); the readers run, each in a closed loop with no think time: 70% story pages,
20% front pages, 10% story JSON from the API, on stories the listing shows summarized. Reported:
requests/s, p50/p95/p99 latency per kind, errors (non-2xx or transport), and how far ``add`` got.
Loopback only; every loop is bounded by the duration; the server and ``add`` are stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
NEWSDIGEST = [sys.executable, "-m", "newsdigest.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load_records(path: Path | None, n: int, rng: random.Random, tag: str) -> list[dict]:
    if path and path.exists():
        lines = [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]
        lines = [r for r in lines if isinstance(r, dict) and r.get("text") and "articles" not in r]
        picked = rng.sample(lines, min(n, len(lines))) if len(lines) >= n else [rng.choice(lines) for _ in range(n)]
        out = []
        for k, r in enumerate(picked):
            rec = {key: r.get(key) for key in ("source", "title", "date", "url", "text") if r.get(key)}
            rec["id"] = f"{tag}{k}-{r.get('id', '')}"[:200]
            if k >= len(lines):  # a resampled repeat: make its text distinct so it is stored
                rec["text"] = rec["text"] + f" (Update {k}.)"
            out.append(rec)
        return out
    # Synthetic: small families of articles about the same invented event.
    towns = ["Dunmore", "Northvale", "Port Alder", "Eastgate", "Kelby", "Marsh End", "Upton", "Greywater"]
    events = ["a warehouse fire", "a bridge closure", "a council vote", "a ferry strike", "a flood warning"]
    outlets = ["Coastal Wire", "Valley Courier", "Harbor Gazette", "Bayside Herald", "Northvale Herald"]
    out = []
    for k in range(n):
        town, event = towns[(k // 5) % len(towns)], events[(k // 40) % len(events)]
        out.append({"id": f"{tag}{k}", "source": outlets[k % len(outlets)], "date": f"2031-04-{1 + k // 200:02d}",
                    "title": f"{event.capitalize()} in {town} ({k // 5})",
                    "text": f"Officials in {town} dealt with {event} on Tuesday, case {k // 5}. "
                            f"The {outlets[k % len(outlets)]} reported that {3 + k % 7} people were affected. "
                            f"A spokesperson said the situation was under control by the evening, item {k}."})
    return out


def write_jsonl(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


async def readers(base: str, n: int, duration: float, rng: random.Random) -> dict:
    stats: dict[str, list[float]] = {"story page": [], "front page": [], "story JSON": []}
    errors: dict[str, int] = {}
    ids: list[str] = []
    limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        async def refresh_ids():
            r = await client.get("/api/v1/stories", params={"limit": 100})
            got = [s["id"] for s in r.json()["stories"] if s.get("summary_first_sentence")]
            if got:
                ids[:] = got

        await refresh_ids()
        end = time.monotonic() + duration

        async def one(k: int):
            local = random.Random(rng.random())
            while time.monotonic() < end:
                x = local.random()
                if x < 0.7:
                    kind, url = "story page", f"/stories/{local.choice(ids)}"
                elif x < 0.9:
                    kind, url = "front page", "/"
                else:
                    kind, url = "story JSON", f"/api/v1/stories/{local.choice(ids)}"
                t0 = time.perf_counter()
                try:
                    r = await client.get(url)
                    ok = r.status_code == 200
                    reason = str(r.status_code)
                except httpx.HTTPError as exc:
                    ok, reason = False, type(exc).__name__
                dt = time.perf_counter() - t0
                if ok:
                    stats[kind].append(dt)
                else:
                    errors[f"{kind}: {reason}"] = errors.get(f"{kind}: {reason}", 0) + 1

        async def refresher():
            while time.monotonic() < end - 5:
                await asyncio.sleep(5)
                try:
                    await refresh_ids()
                except httpx.HTTPError:
                    pass

        t0 = time.monotonic()
        await asyncio.gather(refresher(), *(one(k) for k in range(n)))
        elapsed = time.monotonic() - t0
    return {"stats": stats, "errors": errors, "elapsed": elapsed, "stories_read": len(ids)}


def wait_healthy(base: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("serve exited before it was ready")
        try:
            if httpx.get(base + "/api/v1/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit("serve did not become ready")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", nargs="?", type=Path, default=None, help="JSONL of articles to resample (else synthetic).")
    ap.add_argument("--articles", type=int, default=1000, help="Articles `add` ingests during the test.")
    ap.add_argument("--seed-articles", type=int, default=60, help="Articles stored (and summarized) before it.")
    ap.add_argument("--readers", type=int, default=50)
    ap.add_argument("--duration", type=float, default=30.0, help="Seconds of reading.")
    ap.add_argument("--random-seed", type=int, default=13)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "serve_load.md")
    args = ap.parse_args()
    args.readers = max(1, min(args.readers, 500))
    args.duration = max(1.0, min(args.duration, 600.0))
    rng = random.Random(args.random_seed)
    records = load_records(args.data, args.seed_articles + args.articles, rng, "load")
    seed, stream = records[: args.seed_articles], records[args.seed_articles:]
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    with tempfile.TemporaryDirectory(prefix="nd-load-") as tmp:
        tmp = Path(tmp)
        db = tmp / "store.db"
        write_jsonl(tmp / "seed.jsonl", seed)
        write_jsonl(tmp / "stream.jsonl", stream)
        t0 = time.monotonic()
        subprocess.run(NEWSDIGEST + ["add", str(tmp / "seed.jsonl"), "--db", str(db)], check=True, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=1800)
        seed_s = time.monotonic() - t0
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(NEWSDIGEST + ["serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port),
                                                "--quiet"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        adder = None
        try:
            wait_healthy(base, server)
            before = httpx.get(base + "/api/v1/health").json()
            adder = subprocess.Popen(NEWSDIGEST + ["add", str(tmp / "stream.jsonl"), "--db", str(db)], env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            result = asyncio.run(readers(base, args.readers, args.duration, rng))
            after = httpx.get(base + "/api/v1/health", timeout=30).json()
            add_state = "still running" if adder.poll() is None else f"finished (exit {adder.returncode})"
        finally:
            for p in (adder, server):
                if p is not None and p.poll() is None:
                    p.terminate()
                    try:
                        p.wait(timeout=15)
                    except subprocess.TimeoutExpired:
                        p.kill()
    report(args, result, before, after, add_state, seed_s)


def report(args, result, before, after, add_state, seed_s) -> None:
    stats, errors, elapsed = result["stats"], result["errors"], result["elapsed"]
    total = sum(len(v) for v in stats.values())
    n_err = sum(errors.values())
    rows = []
    for kind, vals in list(stats.items()) + [("all", [x for v in stats.values() for x in v])]:
        rows.append(f"| {kind} | {len(vals)} | {len(vals) / elapsed:.1f} | {pct(vals, 50) * 1000:.0f} | "
                    f"{pct(vals, 95) * 1000:.0f} | {pct(vals, 99) * 1000:.0f} | "
                    f"{(statistics.mean(vals) * 1000 if vals else float('nan')):.0f} |")
    data = str(args.data) if args.data and Path(args.data).exists() else "synthetic articles"
    cmd = "python benchmarks/load_serve.py" + (f" {args.data}" if args.data else "") + \
        ("" if args.readers == 50 and args.duration == 30 and args.articles == 1000 else
         f" --readers {args.readers} --duration {args.duration:g} --articles {args.articles}")
    text = "\n".join([
        "# newsdigest serve under load",
        "",
        f"Command: `{cmd}` ({os.cpu_count()} CPUs; data: {data}; load average at the end "
        f"{os.getloadavg()[0]:.1f}: other jobs on the machine share its CPUs).",
        "",
        f"{args.readers} concurrent readers (closed loop, no think time) for {elapsed:.1f} s against `newsdigest serve` "
        f"on 127.0.0.1, while `newsdigest add` ingested {args.articles} articles into the same SQLite store "
        f"(seeded first with {args.seed_articles} articles in {seed_s:.0f} s). "
        f"Store during the test: {before['articles']} -> {after['articles']} articles, "
        f"{before['stories']} -> {after['stories']} stories; `add` {add_state} at the end.",
        "",
        "| requests | count | per second | p50 ms | p95 ms | p99 ms | mean ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        f"Errors: {n_err}" + (" (" + ", ".join(f"{k}: {v}" for k, v in sorted(errors.items())) + ")" if errors else "") +
        f" of {total + n_err} requests.",
        "",
    ])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
