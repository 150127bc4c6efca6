#!/usr/bin/env python3
"""Helpers for scripts/bench-search.sh: timings, the query set, and the report.

  report.py time-build --bin FIRSTDAYS --guide-root DIR --out-dir DIR [--runs N]
  report.py time-pagefind --site DIR
  report.py queries --queries YAML --json OUT --urlencoded OUT
  report.py report --results DIR --site DIR --pagefind-site DIR --queries YAML --out FILE
"""

import argparse
import datetime
import gzip
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import yaml


def timed(cmd, cwd=None):
    started = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - started


def time_build(args):
    """Median wall time of `build` and of `check` (everything but the index
    and the write), so index + write ~ build - check."""
    build = [timed([args.bin, "build", "--out", args.out_dir], cwd=args.guide_root) for _ in range(args.runs)]
    check = [timed([args.bin, "check"], cwd=args.guide_root) for _ in range(args.runs)]
    json.dump({"build_s": statistics.median(build), "check_s": statistics.median(check), "runs": args.runs}, sys.stdout)


def time_pagefind(args):
    cmd = [sys.executable, "-m", "pagefind_bin", "--site", args.site]
    seconds = timed(cmd)
    version = subprocess.run([sys.executable, "-m", "pagefind_bin", "--version"], capture_output=True, text=True).stdout
    json.dump({"seconds": seconds, "version": version.strip()}, sys.stdout)


def load_queries(path):
    data = yaml.safe_load(Path(path).read_text())
    if isinstance(data, dict):
        data = data.get("queries", [])
    # The expected first result is `expect` or, as tests/search-queries.yaml has it, `top`.
    return [{"query": str(q["query"]), "expect": str(q.get("expect", q.get("top")))} for q in data]


def queries(args):
    qs = load_queries(args.queries)
    Path(args.json).write_text(json.dumps(qs))
    Path(args.urlencoded).write_text("".join(urllib.parse.quote_plus(q["query"]) + "\n" for q in qs))


def file_bytes(path):
    path = Path(path)
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def gzip_bytes(path):
    data = Path(path).read_bytes()
    return min(len(data), len(gzip.compress(data, 6)))


def parse_wrk(text):
    line = next((l for l in text.splitlines() if l.startswith("RESULT ")), None)
    if line is None:
        return None
    return {k: int(v) for k, v in (kv.split("=") for kv in line.split()[1:])}


def machine():
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    return f"{os.cpu_count()} cores ({cpu}), {mem_gib:.0f} GiB, {platform.system()} {platform.release()}, {rustc}"


def kb(n):
    return f"{n / 1024:,.1f} KiB"


def top_name(r):
    if not r or not r.get("top"):
        return "—"
    t = r["top"]
    return t["page"] + ("#" + t["anchor"] if t["anchor"] else "")


def report(args):
    res = Path(args.results)
    rows = json.loads((res / "browser.json").read_text())
    build = json.loads((res / "build.json").read_text()) if (res / "build.json").exists() else None
    pf = json.loads((res / "pagefind.json").read_text())
    wrk = parse_wrk((res / "wrk.txt").read_text())
    site = Path(args.site)
    pf_dir = Path(args.pagefind_site) / "pagefind"
    n = len(rows)

    ours_wire = [r["ours"]["wire"] for r in rows]
    pf_wire = [r["pagefind"]["wire"] for r in rows]
    ratio = statistics.mean(ours_wire) / statistics.mean(pf_wire) if statistics.mean(pf_wire) else float("nan")
    hits = {k: sum(1 for r in rows if r.get(k, {}).get("hit")) for k in ("ours", "native", "pagefind")}
    page_hits = {k: sum(1 for r in rows if r.get(k, {}).get("pageHit")) for k in ("ours", "native", "pagefind")}
    mrr = {k: sum(r.get(k, {}).get("rr", 0) for r in rows) / n if n else 0 for k in ("ours", "native", "pagefind")}
    has_native = all("native" in r for r in rows)

    index_dir = site / "search" / "index"
    static_index = site / "search" / "shards"
    runtime = site / "static" / "search.js"

    def target(ok):
        return "met" if ok else "**missed**"

    out = []
    w = out.append
    w("# Search benchmark")
    w("")
    w(f"Run {datetime.date.today().isoformat()} by `scripts/bench-search.sh` on {machine()}.")
    w(f"Query set: `{os.path.relpath(args.queries, Path(args.out).parent.parent)}` ({n} queries). Pagefind {pf['version'].replace('pagefind ', '')}.")
    w("A benchmark, not a test: the numbers depend on the machine and CI does not run it.")
    w("")
    w("| | ours | Pagefind | target |")
    w("|---|---|---|---|")
    if build:
        w(f"| site build, wall time (median of {build['runs']}) | {build['build_s']:.2f} s | — | |")
        w(f"| index + write stage (build − check) | {max(build['build_s'] - build['check_s'], 0):.2f} s | {pf['seconds']:.2f} s (whole run) | |")
    else:
        w(f"| index build time | (site given, not built) | {pf['seconds']:.2f} s | |")
    w(f"| index on disk (all files) | {kb(file_bytes(index_dir))} tantivy (`search/index/`) + {kb(file_bytes(static_index))} static shards (`search/shards/`) | {kb(file_bytes(pf_dir))} (`pagefind/`) | |")
    w(f"| first-query bytes (gzip), mean | {kb(statistics.mean(ours_wire))} | {kb(statistics.mean(pf_wire))} | |")
    w(f"| first-query bytes (gzip), min–max | {kb(min(ours_wire))} – {kb(max(ours_wire))} | {kb(min(pf_wire))} – {kb(max(pf_wire))} | |")
    w(f"| ours ÷ Pagefind, first-query bytes | {ratio:.2f} | | ≤ 0.33: {target(ratio <= 1 / 3)} |")
    w(f"| top-1, static site in the browser | {hits['ours']}/{n} | {hits['pagefind']}/{n} | ≥ Pagefind: {target(hits['ours'] >= hits['pagefind'])} |")
    if has_native:
        w(f"| top-1, `serve` (`/api/search`) | {hits['native']}/{n} | | ≥ Pagefind: {target(hits['native'] >= hits['pagefind'])} |")
    w(f"| MRR@5, static site in the browser | {mrr['ours']:.3f} | {mrr['pagefind']:.3f} | (for context) |")
    if has_native:
        w(f"| MRR@5, `serve` (`/api/search`) | {mrr['native']:.3f} | | (for context) |")
    w(f"| top-1 page only, anchors ignored (browser) | {page_hits['ours']}/{n} | {page_hits['pagefind']}/{n} | (for context) |")
    if wrk:
        errors = sum(v for k, v in wrk.items() if k.startswith("errors_"))
        rps = wrk["requests"] / (wrk["duration_us"] / 1e6)
        w(f"| `serve` `/api/search` p50 / p99, 32 connections | {wrk['p50_us'] / 1000:.2f} ms / {wrk['p99_us'] / 1000:.2f} ms | | p99 < 5 ms: {target(wrk['p99_us'] < 5000)} |")
        w(f"| `serve` requests, errors | {wrk['requests']:,} in {wrk['duration_us'] / 1e6:.0f} s ({rps:,.0f}/s), {errors} errors | | 0 errors: {target(errors == 0)} |")
    scale = sorted(
        (int(p.name.split("-")[1]), p) for p in res.glob("scale-*") if p.is_dir() and (p / "browser.json").exists()
    )
    if scale:
        w("")
        w("## At scale: synthetic guides from `bench/generate.py`")
        w("")
        w("| sections | build, wall time | first-query bytes (gzip), mean: ours | Pagefind | ours ÷ Pagefind | target |")
        w("|---|---|---|---|---|---|")
        for sections, d in scale:
            srows = json.loads((d / "browser.json").read_text())
            sb = json.loads((d / "build.json").read_text())
            o = statistics.mean(r["ours"]["wire"] for r in srows)
            p = statistics.mean(r["pagefind"]["wire"] for r in srows)
            w(f"| {sections:,} | {sb['build_s']:.2f} s | {kb(o)} | {kb(p)} | {o / p:.2f} | ≤ 0.33: {target(o / p <= 1 / 3)} |")
        for sections, d in scale:
            swrk = parse_wrk((d / "wrk.txt").read_text()) if (d / "wrk.txt").exists() else None
            if swrk:
                errors = sum(v for k, v in swrk.items() if k.startswith("errors_"))
                load = (d / "loadavg.txt").read_text().strip().replace(chr(10), ", ") if (d / "loadavg.txt").exists() else "unknown"
                w("")
                w(f"`serve` `/api/search` at {sections:,} sections, 32 connections: p50 {swrk['p50_us'] / 1000:.2f} ms, p99 {swrk['p99_us'] / 1000:.2f} ms (target p99 < 5 ms: {target(swrk['p99_us'] < 5000)}), {swrk['requests']:,} requests, {errors} errors; load averages {load}.")
        w("")
        sampled = len(json.loads((scale[0][1] / "browser.json").read_text()))
        w(f"Queries at scale: every fourth query of the set ({sampled}), for bytes only: their expected answers are the real guide's.")
    w("")
    w("## How it was measured")
    w("")
    w("- **Build.** `firstdays build` and `firstdays check` (which loads, links, renders and checks but writes nothing), release binary, median of several runs; the index stage is estimated as their difference, so it also includes writing the HTML files.")
    w("- **Pagefind.** `python3 -m pagefind_bin --site` over a copy of the same built site, default settings, without `print.html` (the whole guide on one page), `404.html` and `search.html`, which are not search targets and would only hurt its results and bytes.")
    w("- **First-query bytes.** Headless Chromium (Playwright, fresh cache per query) loads each site from a plain loopback file server. Ours: `search.html?q=…` until the runtime has rendered results, counting every request under `search/` plus `static/search.js`. Pagefind: a page that imports `pagefind/pagefind.js`, searches, and loads data for the first five results as its default UI does, counting every request under `pagefind/`. Each body is gzipped here (level 6) and counted as the smaller of gzipped and raw, as a server with gzip on would send it (Pagefind's index files are gzipped already). The page's own HTML and CSS are counted for neither.")
    w("- **Top-1.** The expected URL (`page.html#anchor`) against the first result: the page must match, and the anchor too whenever both name one. Ours in the browser is the first link the static runtime renders; Pagefind's is its first result's best-scoring section (by its own `balanced_score`s), else the page.")
    if wrk:
        load = (res / "loadavg.txt").read_text().strip().replace("\n", ", ") if (res / "loadavg.txt").exists() else "unknown"
        w(f"- **Latency.** `wrk -t1 -c32 -d{round(wrk['duration_us'] / 1e6)}s --latency` cycling through the query set against `firstdays serve --site` on 127.0.0.1 (default `limit`, 10), after a 3 s warm-up; wrk (one thread driving all 32 connections) and the server share the machine's cores. Errors are connect/read/write/timeout errors plus non-2xx responses. Load averages (1, 5, 15 min) around the run: {load}.")
    w("")
    w("## Reading the numbers")
    w("")
    w("- Our first-query bytes vary with the words searched, as Pagefind's do: the runtime (`static/search.js`), the manifest (`search/shards/manifest.js`), the term shards holding the query's words (a misspelt word adds the vocabulary shards holding words of nearby lengths: one shard of some 4 KiB gzipped on the guide, where there was one per length), and the stored text of the first ten results shown. Pagefind's: its runtime, WebAssembly module and worker, then the index chunks and result fragments for those words.")
    w("- MRR@5: the mean over queries of 1/rank of the expected result among the first five (0 when it is not there).")
    w("- Pagefind builds its sub-results only from headings with ids; each glossary term's heading carries the term's id, so it can answer `glossary.html#ehcp` as we do. Its misses are of three kinds: typos (it has no typo tolerance), question-style queries (it requires every word of a query to be on the page, so \"what is the dedicated schools grant\" finds nothing), and abbreviations such as EHCP and SEND, which it ranks on the section that uses them most rather than on their definition. The page-only row shows how it does when anchors are ignored.")
    w("- `serve`'s latency is a closed loop: 32 connections each waiting for an answer, so p50 is roughly 32 ÷ throughput; both programs share 2 cores, and the load averages show what else was running.")
    w("")
    w("## Per query")
    w("")
    w("| query | expected | ours (browser) | " + ("ours (`serve`) | " if has_native else "") + "Pagefind | ours bytes | Pagefind bytes |")
    w("|---|---|---|" + ("---|" if has_native else "") + "---|---|---|")
    for r in rows:
        mark = lambda x: ("✓ " if x.get("hit") else "✗ ") + top_name(x)
        native = f"{mark(r['native'])} | " if has_native else ""
        w(f"| {r['query']} | {r['expect']} | {mark(r['ours'])} | {native}{mark(r['pagefind'])} | {r['ours']['wire']:,} | {r['pagefind']['wire']:,} |")
    w("")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text("\n".join(out))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("time-build")
    s.add_argument("--bin", required=True)
    s.add_argument("--guide-root", required=True)
    s.add_argument("--out-dir", required=True)
    s.add_argument("--runs", type=int, default=5)
    s = sub.add_parser("time-pagefind")
    s.add_argument("--site", required=True)
    s = sub.add_parser("queries")
    s.add_argument("--queries", required=True)
    s.add_argument("--json", required=True)
    s.add_argument("--urlencoded", required=True)
    s = sub.add_parser("report")
    for a in ("--results", "--site", "--pagefind-site", "--queries", "--out"):
        s.add_argument(a, required=True)
    args = p.parse_args()
    {"time-build": time_build, "time-pagefind": time_pagefind, "queries": queries, "report": report}[args.cmd](args)


if __name__ == "__main__":
    main()
