#!/usr/bin/env bash
# Save-to-new-page latency of the live preview (`firstdays serve`), for a
# one-paragraph section edit and a glossary-term edit, on the guide and on a
# generated guide of 1,000 sections, against a full `firstdays build`.
# Writes bench/RESULTS-preview.md: the table and how it was measured are
# rewritten on every run; everything from the line
# `<!-- hand-written below: kept by bench/preview-latency.sh -->` on (the
# profile notes and their reading) is carried over unchanged, as
# bench/scale.sh does for RESULTS-scale.md. A benchmark, not a test.
#
#   bash bench/preview-latency.sh [--runs N]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=20
if [[ "${1:-}" == "--runs" ]]; then RUNS="$2"; fi
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build --release --quiet
BIN="$CARGO_TARGET_DIR/release/firstdays"
WORK="$CARGO_TARGET_DIR/bench-preview"
rm -rf "$WORK" && mkdir -p "$WORK"
python3 bench/generate.py --seed 1 --sections 1000 --terms 200 --councils 0 --out "$WORK/g1000" >/dev/null
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
{
  python3 bench/preview_latency.py --bin "$BIN" --guide guide --edit section --runs "$RUNS" --label "the guide, a section edit"
  python3 bench/preview_latency.py --bin "$BIN" --guide guide --edit term --runs "$RUNS" --label "the guide, a glossary-term edit"
  python3 bench/preview_latency.py --bin "$BIN" --guide "$WORK/g1000" --edit section --runs "$RUNS" --label "1,000 sections, a section edit"
  python3 bench/preview_latency.py --bin "$BIN" --guide "$WORK/g1000" --edit term --runs "$RUNS" --label "1,000 sections, a glossary-term edit"
} > "$WORK/results.jsonl"
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
RESULTS=bench/RESULTS-preview.md
python3 - "$WORK/results.jsonl" "$LOAD_BEFORE" "$LOAD_AFTER" "$RUNS" "$RESULTS" > "$WORK/RESULTS-preview.md" <<'PY'
import json, os, sys, platform, subprocess, datetime
MARKER = "<!-- hand-written below: kept by bench/preview-latency.sh -->"
kept = ""
if os.path.exists(sys.argv[5]):
    old = open(sys.argv[5], encoding="utf-8").read()
    if MARKER in old:
        kept = old[old.index(MARKER):]
rows = [json.loads(l) for l in open(sys.argv[1])]
targets = {"the guide, a section edit": 100, "1,000 sections, a section edit": 300}
cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
print("# Live preview: save to new page\n")
print(f"Run {datetime.date.today()} by `bash bench/preview-latency.sh` ({sys.argv[4]} saves per case) on {cores} cores, "
      f"Linux {platform.release()}, {rustc}; release build. Load average (1, 5, 15 min) before: {sys.argv[2]}, after: {sys.argv[3]}.")
print("A benchmark, not a test: the numbers depend on the machine and its load, and CI does not run it.\n")
print("| case | file saved | save → new page, median | p90 | save → reload event, median | save → search finds it, median | full `build`, median | target |")
print("|---|---|---|---|---|---|---|---|")
for r in rows:
    t = targets.get(r["label"])
    verdict = "" if t is None else (f"< {t} ms: met" if r["latency_median_ms"] < t else f"< {t} ms: missed")
    print(f"| {r['label']} | `{r['file']}` | {r['latency_median_ms']} ms | {r['latency_p90_ms']} ms | {r['event_median_ms']} ms | {r.get('search_median_ms', '–')} ms | {r['full_build_median_ms']} ms | {verdict} |")
print('''
## How it was measured

`bench/preview_latency.py` copies the guide (councils left out) into a scratch folder, starts
`firstdays serve --port 0` there, and listens to `/_firstdays/events` as the page's script does.
Each save appends one sentence as a new paragraph to a section near the middle of the guide (or
to a glossary term's definition), then waits for the reload event and fetches the page
(`<section>.html` or `glossary.html`), checking it has the new sentence. Latency runs from the
moment the file is closed to the page's last byte; it includes the watcher's debounce (25 ms,
so that an editor's write-rename-delete is one save). The preview writes the search index after
the page: the script then searches `/api/search` for the sentence's last word (the server holds
the request until the index is current) and checks it is found; that is the "search finds it"
column, and the next save waits for it. The full build is `firstdays build` run as
a new process on the same guide (load, every stage, search index, and the crash-safe swap with
its flush to disk), which is what an editor without the preview would run.
''')
print(kept or MARKER + "\n\n(Notes on the profile and what the numbers mean go here; the script keeps them.)\n", end="")
PY
mv "$WORK/RESULTS-preview.md" "$RESULTS"
cat "$RESULTS"
