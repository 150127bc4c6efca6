#!/usr/bin/env bash
# Search benchmark: our index, static runtime and `serve` against Pagefind
# over the same built site. A benchmark, not a test: CI does not run it.
# Writes bench/RESULTS.md (see there for what each number means).
#
# usage: scripts/bench-search.sh [--site DIR] [--queries FILE] [--duration SECONDS] [--sizes "N ..."] [--out FILE]
#   --site DIR       benchmark an already built site instead of building the
#                    guide (no build timings then)
#   --queries FILE   the query set (default tests/search-queries.yaml)
#   --duration N     seconds of load on `serve` (default 20, after 3 s warm-up)
#   --sizes "N ..."  synthetic guides (bench/generate.py) to measure at scale:
#                    build time, first-query bytes against Pagefind, and at the
#                    largest `serve` latency (default "1000 10000"; "" for none)
#   --out FILE       the report (default bench/RESULTS.md)
# environment:
#   FIRSTDAYS_BIN    the firstdays binary to run (default: cargo build --release)
#   BENCH_WORK       scratch folder (default target/bench)
#
# Installs what it needs: wrk and chromium (apt-get), pagefind-bin and pyyaml
# (pip), playwright-core (npm, into $BENCH_WORK/node). All traffic stays on
# 127.0.0.1.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_WORK:-$root/target/bench}
queries=$root/tests/search-queries.yaml
site=""
duration=20
sizes="1000 10000"
out=$root/bench/RESULTS.md

while (($#)); do
  case $1 in
    --site) site=$(realpath "$2"); shift 2 ;;
    --queries) queries=$(realpath "$2"); shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --out) out=$(realpath -m "$2"); shift 2 ;;
    -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

log() { printf '\n== %s\n' "$*" >&2; }

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_for() { # URL
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "nothing answered at $1" >&2
  return 1
}

# Latency on a 2-core machine is only meaningful when nothing else runs:
# wait (up to 10 minutes, or BENCH_QUIET_TRIES × 5 s) for the 1-minute load
# average to drop below 0.5.
wait_quiet() {
  for _ in $(seq 1 "${BENCH_QUIET_TRIES:-120}"); do
    awk '{ exit !($1 < 0.5) }' /proc/loadavg && return 0
    sleep 5
  done
  echo "warning: the machine is busy (load $(cut -d' ' -f1-3 /proc/loadavg)); latency will suffer" >&2
}

install_tools() {
  local apt=()
  command -v wrk >/dev/null || apt+=(wrk)
  [ -x /usr/bin/chromium ] || apt+=(chromium)
  command -v curl >/dev/null || apt+=(curl)
  if ((${#apt[@]})); then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt[@]}" >/dev/null
  fi
  python3 -c 'import pagefind_bin' 2>/dev/null || pip install -q pagefind-bin
  python3 -c 'import yaml' 2>/dev/null || pip install -q pyyaml
  if [ ! -d "$work/node/node_modules/playwright-core" ]; then
    mkdir -p "$work/node"
    [ -f "$work/node/package.json" ] || echo '{"name": "firstdays-bench", "private": true}' >"$work/node/package.json"
    (cd "$work/node" && npm install --silent --no-audit --no-fund playwright-core)
  fi
}

log "installing tools"
mkdir -p "$work"
install_tools
[ -f "$queries" ] || { echo "no query set at $queries" >&2; exit 1; }

rm -rf "$work/sites" "$work/results"
mkdir -p "$work/sites" "$work/results"
results=$work/results

# Our site: build it (timed) or take the one given.
if [ -z "$site" ]; then
  if [ -z "${FIRSTDAYS_BIN:-}" ]; then
    log "cargo build --release"
    (cd "$root" && cargo build --release --quiet)
    FIRSTDAYS_BIN=${CARGO_TARGET_DIR:-$root/target}/release/firstdays
  fi
  log "timing the build (5 runs of build and of check)"
  python3 "$root/bench/report.py" time-build --bin "$FIRSTDAYS_BIN" --guide-root "$root" \
    --out-dir "$work/public" --runs 5 >"$results/build.json"
  site=$work/public
fi
: "${FIRSTDAYS_BIN:=${CARGO_TARGET_DIR:-$root/target}/release/firstdays}"
cp -r "$site" "$work/sites/ours"

# Pagefind over a copy of the same pages. print.html (the whole guide on one
# page), 404.html and search.html are left out: they are not search targets,
# and leaving them in would only make Pagefind's results and bytes worse; so
# are the old editions (editions/, changes.html), which our index leaves out.
log "pagefind"
cp -r "$site" "$work/sites/pagefind"
rm -rf "$work/sites/pagefind/search" "$work/sites/pagefind/print.html" \
  "$work/sites/pagefind/404.html" "$work/sites/pagefind/search.html" \
  "$work/sites/pagefind/editions" "$work/sites/pagefind/changes.html"
python3 "$root/bench/report.py" time-pagefind --site "$work/sites/pagefind" >"$results/pagefind.json"
cp "$root/bench/pagefind-bench.html" "$work/sites/pagefind/"

# Both static sites from one plain loopback file server (no compression:
# the browser script gzips every body itself).
static_port=$(free_port)
python3 -m http.server --bind 127.0.0.1 --directory "$work/sites" "$static_port" >"$work/static-server.log" 2>&1 &
pids+=($!)

serve_port=$(free_port)
log "firstdays serve --site on port $serve_port"
"$FIRSTDAYS_BIN" serve --site "$site" --port "$serve_port" >"$work/serve.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$static_port/ours/index.html"
wait_for "http://127.0.0.1:$serve_port/"

python3 "$root/bench/report.py" queries --queries "$queries" --json "$results/queries.json" --urlencoded "$results/queries.txt"

log "first-query bytes and top-1 in headless Chromium"
python3 - "$results/queries.json" "$work" "$static_port" "$serve_port" >"$results/browser-config.json" <<'PY'
import json, sys
queries, work, static_port, serve_port = sys.argv[1:]
print(json.dumps({
    "nodeModules": f"{work}/node/node_modules",
    "chromium": "/usr/bin/chromium",
    "queries": json.load(open(queries)),
    "ours": f"http://127.0.0.1:{static_port}/ours/",
    "pagefind": f"http://127.0.0.1:{static_port}/pagefind/",
    "api": f"http://127.0.0.1:{serve_port}/",
}))
PY
node "$root/bench/first-query.js" "$results/browser-config.json" "$results/browser.json"

log "serve under load: wrk, 32 connections, ${duration}s (waiting for a quiet machine first)"
wait_quiet
# One wrk thread drives all 32 connections: on 2 cores a second wrk thread
# only takes CPU from the server it is measuring.
wrk -t1 -c32 -d3s -s "$root/bench/wrk-search.lua" "http://127.0.0.1:$serve_port" -- "$results/queries.txt" >/dev/null
echo "before: $(cut -d' ' -f1-3 /proc/loadavg)" >"$results/loadavg.txt"
wrk -t1 -c32 -d"${duration}s" --latency -s "$root/bench/wrk-search.lua" \
  "http://127.0.0.1:$serve_port" -- "$results/queries.txt" | tee "$results/wrk.txt" >&2
echo "after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$results/loadavg.txt"

# At scale: synthetic guides, built and indexed by both, first-query bytes
# for every fourth query (their expected answers are the real guide's, so
# only bytes are compared), and `serve` under load at the largest size.
largest=$(printf '%s\n' $sizes | sort -n | tail -1)
python3 - "$results/queries.json" >"$results/scale-queries.json" <<'PY'
import json, sys
print(json.dumps(json.load(open(sys.argv[1]))[::4]))
PY
for n in $sizes; do
  log "at scale: $n sections"
  scale=$results/scale-$n
  mkdir -p "$scale"
  python3 "$root/bench/generate.py" --seed 1 --sections "$n" --terms 200 --councils 0 --out "$work/gen-$n" >/dev/null
  rm -rf "$work/sites/ours-$n" "$work/sites/pagefind-$n"
  started=$(date +%s.%N)
  "$FIRSTDAYS_BIN" build --guide "$work/gen-$n" --out "$work/sites/ours-$n" >/dev/null
  ended=$(date +%s.%N)
  python3 -c "import json,sys; print(json.dumps({'sections': $n, 'build_s': $ended - $started}))" >"$scale/build.json"
  cp -r "$work/sites/ours-$n" "$work/sites/pagefind-$n"
  rm -rf "$work/sites/pagefind-$n/search" "$work/sites/pagefind-$n/print.html" \
    "$work/sites/pagefind-$n/404.html" "$work/sites/pagefind-$n/search.html" \
    "$work/sites/pagefind-$n/editions" "$work/sites/pagefind-$n/changes.html"
  python3 "$root/bench/report.py" time-pagefind --site "$work/sites/pagefind-$n" >"$scale/pagefind.json"
  cp "$root/bench/pagefind-bench.html" "$work/sites/pagefind-$n/"
  python3 - "$results/scale-queries.json" "$work" "$static_port" "$n" >"$scale/browser-config.json" <<'PY'
import json, sys
queries, work, static_port, n = sys.argv[1:]
print(json.dumps({
    "nodeModules": f"{work}/node/node_modules",
    "chromium": "/usr/bin/chromium",
    "queries": json.load(open(queries)),
    "ours": f"http://127.0.0.1:{static_port}/ours-{n}/",
    "pagefind": f"http://127.0.0.1:{static_port}/pagefind-{n}/",
}))
PY
  node "$root/bench/first-query.js" "$scale/browser-config.json" "$scale/browser.json"
  if [ "$n" = "$largest" ]; then
    port=$(free_port)
    "$FIRSTDAYS_BIN" serve --site "$work/sites/ours-$n" --port "$port" >"$work/serve-$n.log" 2>&1 &
    pids+=($!)
    wait_for "http://127.0.0.1:$port/"
    log "serve at $n sections under load: wrk, 32 connections, ${duration}s"
    wait_quiet
    wrk -t1 -c32 -d3s -s "$root/bench/wrk-search.lua" "http://127.0.0.1:$port" -- "$results/queries.txt" >/dev/null
    echo "before: $(cut -d' ' -f1-3 /proc/loadavg)" >"$scale/loadavg.txt"
    wrk -t1 -c32 -d"${duration}s" --latency -s "$root/bench/wrk-search.lua" \
      "http://127.0.0.1:$port" -- "$results/queries.txt" | tee "$scale/wrk.txt" >&2
    echo "after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$scale/loadavg.txt"
  fi
done

log "report"
python3 "$root/bench/report.py" report --results "$results" --site "$site" \
  --pagefind-site "$work/sites/pagefind" --queries "$queries" --out "$out"
cat "$out"
