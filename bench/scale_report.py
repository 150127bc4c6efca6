#!/usr/bin/env python3
"""Turns bench/scale.sh's measurements into bench/RESULTS-scale.md.

Usage (bench/scale.sh calls it):
    python3 bench/scale_report.py RESULTS_TSV OUT_MD

The tables are rewritten on every run. Anything in OUT_MD from the line
`<!-- hand-written below: kept by bench/scale.sh -->` on (the profile and
its reading) is carried over unchanged. Python 3.11 standard library only.
"""

from __future__ import annotations

import os
import platform
import sys
from datetime import date
from pathlib import Path

MARKER = "<!-- hand-written below: kept by bench/scale.sh -->"
FIELDS = (
    "kind n m k files md_bytes gen_us runs fd_us fd_kb fd_pages fd_bytes fd_index "
    "hugo_us hugo_kb hugo_pages hugo_bytes fd_all hugo_all status"
).split()


def seconds(us: float) -> str:
    s = us / 1e6
    if s < 1:
        return f"{s * 1000:.0f} ms"
    if s < 10:
        return f"{s:.2f} s"
    return f"{s:.1f} s"


def size(n_bytes: float) -> str:
    if n_bytes >= 1000 << 20:
        return f"{n_bytes / (1 << 30):.2f} GiB"
    if n_bytes >= 1000 << 10:
        return f"{n_bytes / (1 << 20):.1f} MiB"
    return f"{n_bytes / 1024:.0f} KiB"


def rss(kib: float) -> str:
    return f"{kib / 1024:,.0f} MiB"


def rate(pages: float, us: float) -> str:
    return f"{pages / (us / 1e6):,.0f}"


def spread(values: str) -> str:
    vs = sorted(int(v) for v in values.split(",") if v)
    if len(vs) < 2:
        return "1 run"
    return f"{len(vs)} runs, {seconds(vs[0])}–{seconds(vs[-1])}"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(
            int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        mem_s = f"{mem / (1 << 20):.0f} GiB"
    except (OSError, StopIteration):
        mem_s = "unknown memory"
    return f"{os.cpu_count()} cores ({cpu}), {mem_s}, Linux {platform.release()}"


def main() -> None:
    tsv, out = Path(sys.argv[1]), Path(sys.argv[2])
    rows = []
    for line in tsv.read_text().splitlines():
        values = line.split("\t")
        row = dict(zip(FIELDS, values))
        for key in FIELDS[1:17]:
            row[key] = float(row[key]) if row.get(key) else None
        rows.append(row)
    env = os.environ
    smoke = env.get("BENCH_SMOKE") == "1"
    base = [r for r in rows if r["kind"] == "base"]
    councils = [r for r in rows if r["kind"] == "councils"]

    md = []
    md.append("# Scale benchmark: firstdays and Hugo" + (" (smoke run)" if smoke else ""))
    md.append("")
    md.append(
        f"Run {env.get('BENCH_DATE') or date.today().isoformat()} by `bash bench/scale.sh` on {machine()}; "
        f"firstdays at {env.get('BENCH_COMMIT', '?')}, {env.get('BENCH_RUSTC', '?')}, "
        f"{'debug' if '/debug/' in env.get('BENCH_BIN', '') else 'release'} build; "
        f"Hugo {env.get('BENCH_HUGO', '?')} (Debian). Generator seed {env.get('BENCH_SEED', '?')}. "
        f"Load average (1, 5, 15 min) before: {env.get('BENCH_LOAD_BEFORE', '?')}, after: {env.get('BENCH_LOAD_AFTER', '?')}."
    )
    md.append("This file is written by the script (below the marker line, the notes are kept); "
              "a benchmark, not a test: the numbers depend on the machine and on what else it is running.")
    md.append("")
    if base:
        md.append("## The guide at N sections: `firstdays build` (search index included) and Hugo (no search index)")
        md.append("")
        md.append("| N sections, M terms | pages (ours / Hugo) | firstdays wall (median) | pages/s | peak RSS | output | search index | Hugo wall (median) | Hugo pages/s | Hugo peak RSS | Hugo output | ratio firstdays ÷ Hugo |")
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for r in base:
            if r["status"] == "timeout":
                stopped = f"not finished: stopped after {env.get('BENCH_TIMEOUT', '?')} s"
                md.append(
                    f"| {int(r['n']):,}, {int(r['m'])} | — / {int(r['hugo_pages']):,} | **{stopped}** | — | — | — | — "
                    f"| **{seconds(r['hugo_us'])}** | {rate(r['hugo_pages'], r['hugo_us'])} | {rss(r['hugo_kb'])} "
                    f"| {size(r['hugo_bytes'])} | **> {r['fd_us'] / r['hugo_us']:.0f}** |"
                )
                continue
            md.append(
                f"| {int(r['n']):,}, {int(r['m'])} | {int(r['fd_pages']):,} / {int(r['hugo_pages']):,} "
                f"| **{seconds(r['fd_us'])}** | {rate(r['fd_pages'], r['fd_us'])} | {rss(r['fd_kb'])} "
                f"| {size(r['fd_bytes'])} | {size(r['fd_index'])} "
                f"| **{seconds(r['hugo_us'])}** | {rate(r['hugo_pages'], r['hugo_us'])} | {rss(r['hugo_kb'])} "
                f"| {size(r['hugo_bytes'])} | **{r['fd_us'] / r['hugo_us']:.2f}** |"
            )
        md.append("")
        md.append("Spread of the timed runs (min–max):")
        md.append("")
        for r in base:
            ours = (
                f"stopped after {env.get('BENCH_TIMEOUT', '?')} s" if r["status"] == "timeout" else spread(r["fd_all"])
            )
            md.append(f"- N = {int(r['n']):,}: firstdays {ours}; Hugo {spread(r['hugo_all'])}.")
        grow = [(a, b) for a, b in zip(base, base[1:]) if a["status"] == b["status"] == "ok"]
        if grow:
            md.append("")
            md.append("Growth (time ratio for the size ratio; linear would be equal):")
            md.append("")
            for a, b in grow:
                md.append(
                    f"- N = {int(a['n']):,} → {int(b['n']):,} (×{b['n'] / a['n']:g}): firstdays ×{b['fd_us'] / a['fd_us']:.1f}, "
                    f"Hugo ×{b['hugo_us'] / a['hugo_us']:.1f}."
                )
        md.append("")
    if councils:
        md.append("## Base + K councils: `firstdays build --all-councils`")
        md.append("")
        md.append("The base is a generated guide of 20 sections and 50 terms; every council overlays it "
                  "(terminology, patches, replaced and new sections and terms, removals, logos, colours). "
                  "Hugo has no equivalent, so there is no ratio.")
        md.append("")
        md.append("| K councils | files generated | pages (all sites) | wall (median) | pages/s | peak RSS | output | search indexes | runs |")
        md.append("|---|---|---|---|---|---|---|---|---|")
        for r in councils:
            md.append(
                f"| {int(r['k'])} | {int(r['files']):,} | {int(r['fd_pages']):,} | **{seconds(r['fd_us'])}** "
                f"| {rate(r['fd_pages'], r['fd_us'])} | {rss(r['fd_kb'])} | {size(r['fd_bytes'])} "
                f"| {size(r['fd_index'])} | {spread(r['fd_all'])} |"
            )
        md.append("")
    md.append("## What was generated")
    md.append("")
    md.append("`python3 bench/generate.py --seed S --sections N --terms M --councils K --out DIR`; "
              "the same arguments give the same bytes.")
    md.append("")
    md.append("| N sections | M terms | K councils | files in all | of which council files | section markdown | generation time |")
    md.append("|---|---|---|---|---|---|---|")
    for r in rows:
        # N sections, M terms, site.yaml, checklist.yaml, resources.yaml,
        # glossary/_index.md and README.md; the rest is under councils/.
        council_files = int(r["files"] - r["n"] - r["m"] - 5)
        md.append(
            f"| {int(r['n']):,} | {int(r['m'])} | {int(r['k'])} | {int(r['files']):,} | {council_files:,} "
            f"| {size(r['md_bytes'])} | {seconds(r['gen_us'])} |"
        )
    md.append("")
    md.append("## How it was measured")
    md.append("")
    md.append(
        f"- **Content.** `bench/generate.py` writes N sections (3–5 `##` sub-headings each, some `###`, lists, "
        "1–3 links to other sections' headings), made of runs of consecutive sentences from the guide's own "
        "sections plus sentences that mention the glossary terms; M terms (the guide's 46 first, then synthetic "
        "ones with abbreviations, aliases, `see_also` and `match_case`); the guide's site.yaml, resources and "
        "glossary introduction, and its checklist pointed at generated sections. Councils as in `docs/councils.md`, "
        "pinned (`base_hash:` and `.pins/`), so they build without warnings."
    )
    md.append(
        "- **firstdays.** `firstdays build --guide DIR --out OUT` (and `--all-councils`), from the project folder, "
        f"output folder removed before each run. The binary: `{env.get('BENCH_BIN', '?')}`."
    )
    md.append(
        "- **Hugo.** `bench/hugo_site.py` copies the same section markdown into a minimal Hugo site "
        "(`order:` renamed `weight:`), with a home page, the glossary (every term as a `##` heading and "
        "definition), checklist, resources, a print page holding every section's content, a search page and "
        "a 404 page, so both build the same number of HTML pages; taxonomies, RSS and sitemap are off. "
        "`hugo --quiet --source SITE --destination OUT`, output folder removed before each run. "
        "Hugo builds no search index; firstdays's times include its tantivy index and the browser's static index."
    )
    if smoke:
        md.append("- **Runs.** Smoke run: one build of each, no warm-up; the times mean little.")
    else:
        md.append(
            f"- **Runs.** One warm-up each (which also proves the generated content builds), then {env.get('BENCH_RUNS', '?')} "
            "timed runs, firstdays and Hugo alternating; the median is reported. A size whose warm-up build takes longer "
            f"than {env.get('BENCH_SLOW', '?')} s is measured by that one build only (and Hugo by one build)."
        )
    md.append(
        "- **Clocks.** Wall time is measured around the process (`date +%s%N`), peak RSS by GNU "
        "`/usr/bin/time -f %M` (the whole process, all threads). The machine is shared: see the load averages above."
    )
    md.append(
        "- **Sizes.** Output is `du -sb` of the output folder; the search index is the `search/` folder(s) "
        "(`search/index/` for `serve` and `search/shards/` for the browser); pages/s is HTML pages written "
        "per second of wall time."
    )
    md.append("")

    old = out.read_text(encoding="utf-8") if out.is_file() else ""
    kept = old[old.index(MARKER):] if MARKER in old else MARKER + "\n"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(md) + "\n" + kept, encoding="utf-8")


if __name__ == "__main__":
    main()
