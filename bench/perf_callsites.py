#!/usr/bin/env python3
"""Folds `perf script` output into where the time goes in our own code.

Usage (bench/profile.sh calls it):
    perf script -i perf.data -F tid,period,ip,sym,srcline --full-source-path \\
        | python3 bench/perf_callsites.py SRC_DIR [TOP]

Prints two tables, as percentages of all samples (weighted by period):
  1. self time by leaf function (as `perf report --no-children`), each with
     the lines of SRC_DIR it was called from: the innermost stack frame
     whose source line is in SRC_DIR (inlined frames count);
  2. inclusive time by function of SRC_DIR (file and function, counted once
     per sample): which of our functions the time is spent under.
Python 3.11 standard library only.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict

HEADER = re.compile(r"^\s*\d+\s+(\d+)\s*$")
FRAME = re.compile(r"^\s+[0-9a-f]+ (.*?)(?: \(inlined\))?$")


def short(sym: str, limit: int = 110) -> str:
    """`alloc::str::<impl str>::replace<&String>` → `alloc::str::<impl str>::replace`:
    generic arguments after the name dropped, long names cut."""
    out, depth = [], 0
    for i, c in enumerate(sym):
        if c == "<" and (depth or (i and sym[i - 1] not in ": ")):
            depth += 1
        elif c == ">" and depth:
            depth -= 1
        elif not depth:
            out.append(c)
    return "".join(out)[:limit]


# Iterator plumbing that inlines into our functions: never the place to fix.
PLUMBING = {"fold", "try_fold", "map", "for_each", "from_iter", "collect", "next", "call_once", "extend_trusted", "spec_extend"}


def our_name(name: str) -> str | None:
    last = short(name, 10_000).split("::")[-1]
    if last.startswith("{closure") or last in PLUMBING:
        return None
    return last


def samples(lines):
    """(period, [(symbol, srcline), ...] leaf first) per sample."""
    period, frames, sym = None, [], None
    for line in lines:
        line = line.rstrip("\n")
        m = HEADER.match(line)
        if m:
            if period is not None:
                yield period, frames
            period, frames, sym = int(m.group(1)), [], None
            continue
        if line.startswith("\t"):
            fm = FRAME.match(line)
            sym = fm.group(1) if fm else line.strip()
            frames.append([sym, ""])
        elif line.startswith("  ") and frames:
            frames[-1][1] = line.strip().removesuffix(" (inlined)")
    if period is not None:
        yield period, frames


def main() -> None:
    src = sys.argv[1].rstrip("/") + "/"
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    total = 0
    by_leaf: Counter = Counter()
    sites: dict[str, Counter] = defaultdict(Counter)
    inclusive: Counter = Counter()
    for period, frames in samples(sys.stdin):
        if not frames:
            continue
        total += period
        leaf = short(frames[0][0])
        by_leaf[leaf] += period
        site = next(
            (f"{s[len(src):]} `{our_name(n)}`" for n, s in frames if s.startswith(src) and our_name(n)),
            "(not under src/)",
        )
        sites[leaf][site] += period
        seen = set()
        for name, srcline in frames:
            if srcline.startswith(src) and our_name(name):
                key = f"{srcline[len(src):].split(':')[0]} `{our_name(name)}`"
                if key not in seen:
                    seen.add(key)
                    inclusive[key] += period
    if not total:
        sys.exit("no samples on stdin")

    def pct(v: int) -> str:
        return f"{100 * v / total:.1f} %"

    print("Self time by function (perf report --no-children), with the src/ lines it is called from:\n")
    print("| self | function | called from (src/file:line `function`) |")
    print("|---|---|---|")
    for leaf, v in by_leaf.most_common(top):
        calls = ", ".join(f"{s} {pct(c)}" for s, c in sites[leaf].most_common(3))
        print(f"| {pct(v)} | `{leaf}` | {calls} |")
    print("\nInclusive time by function in src/ (each counted once per sample):\n")
    print("| inclusive | src/file `function` |")
    print("|---|---|")
    for key, v in inclusive.most_common(top * 2):
        print(f"| {pct(v)} | {key} |")


if __name__ == "__main__":
    main()
