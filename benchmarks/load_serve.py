"""Load test for ``newsdigest serve``: N concurrent readers for D seconds against the server on
127.0.0.1 while ``newsdigest add`` ingests M articles into the same store.

    .venv/bin/python benchmarks/load_serve.py ../shared/data/stream_dev.jsonl

Steps: a fresh store in a temporary folder is seeded (``--seed`` articles, summarized); ``serve``
starts on a free port; ``add`` starts on M more articles (resampled from the JSONL file given, or
synthetic without one); the readers run, each in a closed loop with no think time, on stories the
listing shows with a summary (the list is read again every 5 s, so new stories are read too).
Reported: requests/s, p50/p95/p99 latency per kind, errors (non-2xx/3xx or transport), and how
far ``add`` got. Loopback only; every loop is bounded by the duration; the server and ``add`` are
stopped at the end.

The readers are wrk (the C load generator, Debian package ``wrk``; ``setup.sh`` installs it), so
the client takes little of the CPUs the server and ``add`` share: three wrk processes, one per kind
of request, with 70% / 20% / 10% of the connections on story pages / the front page / story JSON.
Without wrk (or with ``--client python``) the readers are asyncio tasks on httpx, each picking a
kind per request in the same proportions; that client costs about as much CPU as the server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
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
    kinds = {kind: summarize_latencies(vals) for kind, vals in stats.items()}
    kinds["all"] = summarize_latencies([x for v in stats.values() for x in v])
    return {"kinds": kinds, "errors": errors, "elapsed": elapsed, "client": "python (httpx, asyncio)"}


def summarize_latencies(values: list[float]) -> dict:
    return {"count": len(values), "p50": pct(values, 50), "p95": pct(values, 95), "p99": pct(values, 99),
            "mean": statistics.mean(values) if values else float("nan")}


# One wrk process per kind of request. The story ids are read from a file the driver rewrites
# every 5 s (every 200 requests per connection pool); the summary line is parsed by the driver.
WRK_SCRIPT = """
local ids_file, prefix, suffix = %(ids_file)s, %(prefix)s, %(suffix)s
local paths, counter = {}, 0
local function load()
  if ids_file == "" then paths = {prefix}; return end
  local f = io.open(ids_file, "r")
  if not f then return end
  local fresh = {}
  for line in f:lines() do if #line > 0 then fresh[#fresh + 1] = prefix .. line .. suffix end end
  f:close()
  if #fresh > 0 then paths = fresh end
end
math.randomseed(%(seed)d)
load()
request = function()
  counter = counter + 1
  if counter %% 200 == 0 then load() end
  return wrk.format("GET", paths[math.random(#paths)])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRKRESULT %%.0f %%.0f %%.0f %%.0f %%.0f %%.0f %%.0f %%.0f %%.0f %%.0f %%.0f\\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean))
  -- The latency quantile function in 1,000 steps (0.1%% to 100%%), so the driver can merge the
  -- three processes (each step weighted by its process's request count) for the "all" row.
  local f = io.open(%(histogram)s, "w")
  if f then
    for k = 1, 1000 do f:write(string.format("%%.0f\\n", latency:percentile(k / 10))) end
    f:close()
  end
end
"""


def hist_pct(histogram: dict[int, float], q: float) -> float:
    """The q-th percentile, in seconds, of a {microseconds: weight} histogram (nan when empty)."""
    n = sum(histogram.values())
    if not n:
        return float("nan")
    rank, seen = q / 100 * n, 0
    for us in sorted(histogram):
        seen += histogram[us]
        if seen >= rank:
            return us / 1e6
    return max(histogram) / 1e6


def lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wrk_readers(base: str, n: int, duration: float, rng: random.Random, tmp: Path) -> dict:
    ids_file = tmp / "ids.txt"

    def refresh_ids() -> None:
        r = httpx.get(base + "/api/v1/stories", params={"limit": 100}, timeout=30)
        got = [s["id"] for s in r.json()["stories"] if s.get("summary_first_sentence")]
        if got:
            part = tmp / "ids.part"
            part.write_text("\n".join(got) + "\n", encoding="utf-8")
            os.replace(part, ids_file)

    refresh_ids()
    mix = [("story page", 0.7, "/stories/", ""), ("front page", 0.2, "/", None),
           ("story JSON", 0.1, "/api/v1/stories/", "")]
    conns = [max(1, round(n * share)) for _, share, _, _ in mix]
    conns[0] = max(1, n - sum(conns[1:]))
    procs = []
    for (kind, _, prefix, suffix), c in zip(mix, conns):
        script = tmp / f"wrk-{len(procs)}.lua"
        script.write_text(WRK_SCRIPT % {"ids_file": lua_string("" if suffix is None else str(ids_file)),
                                         "prefix": lua_string(prefix), "suffix": lua_string(suffix or ""),
                                         "seed": rng.randrange(1 << 30),
                                         "histogram": lua_string(str(tmp / f"wrk-{len(procs)}.hist"))},
                           encoding="utf-8")
        cmd = ["wrk", "-t1", f"-c{c}", f"-d{duration:.0f}s", "--timeout", "30s", "-s", str(script), base]
        procs.append((kind, c, subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)))
    stop = threading.Event()

    def refresher() -> None:
        while not stop.wait(5):
            try:
                refresh_ids()
            except (httpx.HTTPError, ValueError, KeyError):
                pass

    thread = threading.Thread(target=refresher, daemon=True)
    thread.start()
    kinds, errors, elapsed = {}, {}, 0.0
    try:
        for kind, c, proc in procs:
            out, _ = proc.communicate(timeout=duration + 120)
            m = re.search(r"^WRKRESULT (.*)$", out, re.M)
            if not m:
                raise SystemExit(f"wrk ({kind}) gave no result:\n{out}")
            req, dur_us, e_conn, e_read, e_write, e_status, e_timeout, p50, p95, p99, mean = map(float, m.group(1).split())
            elapsed = max(elapsed, dur_us / 1e6)
            ok = int(req - e_status)
            kinds[kind] = {"count": ok, "p50": p50 / 1e6, "p95": p95 / 1e6, "p99": p99 / 1e6, "mean": mean / 1e6,
                           "connections": c}
            for name, v in (("connect", e_conn), ("read", e_read), ("write", e_write), ("status", e_status),
                            ("timeout", e_timeout)):
                if v:
                    errors[f"{kind}: {name}"] = int(v)
    finally:
        stop.set()
        for _, _, proc in procs:
            if proc.poll() is None:
                proc.kill()
    # Each wrk process wrote its latency quantiles in 1,000 steps: each step stands for a
    # thousandth of that process's requests, and merged they give the "all" row's percentiles
    # (to within 0.1 percentile rank).
    merged: dict[int, float] = {}
    for k, (kind, _, _) in enumerate(procs):
        path = tmp / f"wrk-{k}.hist"
        steps = [int(float(x)) for x in path.read_text().split()] if path.exists() else []
        for us in steps:
            merged[us] = merged.get(us, 0.0) + kinds[kind]["count"] / len(steps)
    total = sum(k["count"] for k in kinds.values())
    kinds["all"] = {"count": total, "p50": hist_pct(merged, 50), "p95": hist_pct(merged, 95),
                    "p99": hist_pct(merged, 99),
                    "mean": sum(k["mean"] * k["count"] for k in kinds.values()) / max(total, 1)}
    return {"kinds": kinds, "errors": errors, "elapsed": elapsed,
            "client": "wrk " + ", ".join(f"{k}: {c} connections" for k, c, _ in procs)}


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
    ap.add_argument("--client", choices=["auto", "wrk", "python"], default="auto",
                    help="Load generator: wrk when installed (auto), or the Python client.")
    ap.add_argument("--workers", type=int, default=1, help="serve --workers.")
    ap.add_argument("--add-nice", type=int, default=0,
                    help="Run `add` at this nice level (0: same priority as the server).")
    args = ap.parse_args()
    args.readers = max(1, min(args.readers, 500))
    args.duration = max(1.0, min(args.duration, 600.0))
    rng = random.Random(args.random_seed)
    if args.client == "auto":
        args.client = "wrk" if shutil.which("wrk") else "python"
    if args.client == "wrk" and not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian package wrk; setup.sh installs it), or use --client python")
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
                                                "--quiet", "--workers", str(args.workers)],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        adder = None
        try:
            wait_healthy(base, server)
            before = httpx.get(base + "/api/v1/health").json()
            nice = ["nice", "-n", str(args.add_nice)] if args.add_nice else []
            adder = subprocess.Popen(nice + NEWSDIGEST + ["add", str(tmp / "stream.jsonl"), "--db", str(db)], env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if args.client == "wrk":
                result = wrk_readers(base, args.readers, args.duration, rng, tmp)
            else:
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
    kinds, errors, elapsed = result["kinds"], result["errors"], result["elapsed"]
    n_err = sum(errors.values())
    rows = []
    for kind, k in kinds.items():
        bound = ""
        rows.append(f"| {kind} | {k['count']:,} | {k['count'] / elapsed:.1f} | {bound}{k['p50'] * 1000:.0f} | "
                    f"{bound}{k['p95'] * 1000:.0f} | {bound}{k['p99'] * 1000:.0f} | {k['mean'] * 1000:.0f} |")
    data = str(args.data) if args.data and Path(args.data).exists() else "synthetic articles"
    defaults = {"readers": 50, "duration": 30, "articles": 1000, "workers": 1, "add_nice": 0}
    flags = "".join(f" --{name.replace('_', '-')} {getattr(args, name):g}" for name, v in defaults.items()
                    if getattr(args, name) != v)
    if args.client == "python":
        flags += " --client python"
    cmd = "python benchmarks/load_serve.py" + (f" {args.data}" if args.data else "") + flags
    text = "\n".join([
        "# newsdigest serve under load",
        "",
        f"Command: `{cmd}` ({os.cpu_count()} CPUs; data: {data}; load average at the end "
        f"{os.getloadavg()[0]:.1f}: the server, `add` and the load generator share the CPUs).",
        "",
        f"{args.readers} concurrent readers (closed loop, no think time; client: {result['client']}) for "
        f"{elapsed:.1f} s against `newsdigest serve` ({args.workers} server process"
        f"{'es' if args.workers != 1 else ''}, each with its worker process for digests made on read) "
        f"on 127.0.0.1, while `newsdigest add`"
        f"{f' (at nice {args.add_nice})' if args.add_nice else ''} ingested {args.articles} articles into the same "
        f"SQLite store (seeded first with {args.seed_articles} articles in {seed_s:.0f} s). "
        f"Store during the test: {before['articles']} -> {after['articles']} articles, "
        f"{before['stories']} -> {after['stories']} stories; `add` {add_state} at the end.",
        "",
        "| requests | count | per second | p50 ms | p95 ms | p99 ms | mean ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        f"Errors: {n_err}" + (" (" + ", ".join(f"{k}: {v}" for k, v in sorted(errors.items())) + ")" if errors else "") +
        f" of {kinds['all']['count'] + n_err:,} requests." +
        (" With wrk the `all` row's percentiles come from the three processes' latency histograms, "
         "merged." if args.client == "wrk" else ""),
        "",
    ])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
