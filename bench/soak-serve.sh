#!/usr/bin/env bash
# Soak test for `firstdays serve --site` (issue #7): wrk holds 32 connections
# on 127.0.0.1 for a fixed time, mixing pages, static files and searches
# (bench/soak-serve.lua), while the server's RSS is sampled every 5 s.
# Writes bench/RESULTS-soak.md: requests, errors (target 0) and RSS in the
# first minute against the last (target: flat).
#
# usage: bash bench/soak-serve.sh [-d SECONDS] [-c CONNECTIONS]
#   -d  run time, default 300 (5 minutes)
#   -c  connections, default 32
# Bounded: the server and wrk are stopped at the end (or on Ctrl+C); only
# loopback is used. Installs wrk with apt-get if it is missing.
set -euo pipefail

duration=300
connections=32
while getopts "d:c:" opt; do
  case $opt in
    d) duration=$OPTARG ;;
    c) connections=$OPTARG ;;
    *) echo "usage: $0 [-d SECONDS] [-c CONNECTIONS]" >&2; exit 2 ;;
  esac
done
[[ $duration =~ ^[0-9]+$ && $duration -ge 10 ]] || { echo "-d must be a whole number of seconds, at least 10" >&2; exit 2; }
[[ $connections =~ ^[0-9]+$ && $connections -ge 1 ]] || { echo "-c must be a whole number" >&2; exit 2; }

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
log() { printf '%s\n' "soak: $*" >&2; }

if ! command -v wrk >/dev/null; then
  log "installing wrk"
  if [[ $(id -u) -eq 0 ]]; then apt-get install -y wrk >/dev/null; else sudo apt-get install -y wrk >/dev/null; fi
fi

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
log "building firstdays"
# FIRSTDAYS_BIN: the binary to soak (e.g. a release build); default a debug build.
if [[ -n ${FIRSTDAYS_BIN:-} ]]; then
  bin=$FIRSTDAYS_BIN
else
  cargo build --quiet
  bin=$CARGO_TARGET_DIR/debug/firstdays
fi

work=$(mktemp -d)
server_pid=""
sampler_pid=""
cleanup() {
  [[ -n $sampler_pid ]] && kill "$sampler_pid" 2>/dev/null || true
  if [[ -n $server_pid ]]; then kill -INT "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

log "building the guide into $work/public"
"$bin" build --out "$work/public" >/dev/null

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --site "$work/public" --port "$port" >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
  curl -fs -o /dev/null "http://127.0.0.1:$port/" && break
  sleep 0.1
done
curl -fs -o /dev/null "http://127.0.0.1:$port/" || { log "serve did not start"; cat "$work/serve.log" >&2; exit 1; }

# RSS in kB every 5 s: "seconds rss_kb".
(
  start=$(date +%s)
  while kill -0 "$server_pid" 2>/dev/null; do
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status" 2>/dev/null || true)
    [[ -n $rss ]] && echo "$(( $(date +%s) - start )) $rss"
    sleep 5
  done
) >"$work/rss.txt" &
sampler_pid=$!

log "wrk: $connections connections for ${duration}s against http://127.0.0.1:$port/"
# One wrk thread: on 2 cores a second one would take CPU from the server.
wrk -t1 -c"$connections" -d"${duration}s" --timeout 10s --latency \
  -s "$root/bench/soak-serve.lua" "http://127.0.0.1:$port" | tee "$work/wrk.txt" >&2

kill "$sampler_pid" 2>/dev/null || true
wait "$sampler_pid" 2>/dev/null || true
sampler_pid=""
server_alive=yes
kill -0 "$server_pid" 2>/dev/null || server_alive=no

python3 - "$work/wrk.txt" "$work/rss.txt" "$duration" "$connections" "$server_alive" >"$root/bench/RESULTS-soak.md" <<'PY'
import re, sys, datetime, platform, os
wrk_txt, rss_txt, duration, connections, alive = sys.argv[1:]
duration = int(duration)
line = next(l for l in open(wrk_txt) if l.startswith("RESULT "))
r = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", line)}
errors = sum(r[k] for k in r if k.startswith("errors_"))
samples = [tuple(map(int, l.split())) for l in open(rss_txt) if l.strip()]
# The sample at 0 s is taken as wrk starts, before any load: leave it out.
first = [kb for t, kb in samples if 0 < t < 60]
last = [kb for t, kb in samples if t >= duration - 60]
mb = lambda kb: kb / 1024
avg = lambda xs: sum(xs) / len(xs)
growth = (avg(last) - avg(first)) / avg(first) * 100
flat = abs(growth) < 10 and max(last) <= max(first) * 1.10
print("# `serve` soak test\n")
print(f"`bash bench/soak-serve.sh -d {duration} -c {connections}` on "
      f"{datetime.date.today().isoformat()}, {os.cpu_count()} cores shared with other work, "
      f"debug build of firstdays (dependencies at opt-level 2), the real guide built by `build`, "
      f"`serve --site` on 127.0.0.1, wrk with one thread. Half of the requests are searches "
      f"(`/api/search` and the results page), half pages and static files, all with "
      f"`Accept-Encoding: gzip, br`.\n")
print("| measure | value |\n|---|---|")
print(f"| run time | {r['duration_us']/1e6:.0f} s at {connections} connections |")
print(f"| requests | {r['requests']:,} ({r['requests']/(r['duration_us']/1e6):.0f}/s) |")
print(f"| latency p50 / p99 / max | {r['p50_us']/1000:.1f} / {r['p99_us']/1000:.1f} / {r['max_us']/1000:.1f} ms |")
print(f"| errors (connect, read, write, timeout, non-2xx/3xx) | **{errors}** "
      f"({r['errors_connect']}, {r['errors_read']}, {r['errors_write']}, {r['errors_timeout']}, {r['errors_status']}) |")
print(f"| RSS, first minute under load (mean / max) | {mb(avg(first)):.1f} / {mb(max(first)):.1f} MB |")
print(f"| RSS, last minute (mean / max) | {mb(avg(last)):.1f} / {mb(max(last)):.1f} MB |")
print(f"| RSS change, last minute vs first | {growth:+.1f} % ({'flat' if flat else 'GROWING'}) |")
print(f"| server still running at the end | {alive} |")
print("\nTargets (issue #7): 0 errors and no memory growth. "
      f"Result: **{'met' if errors == 0 and flat and alive == 'yes' else 'NOT met'}**.\n")
print("RSS samples (seconds, MB), every 5 s:\n")
print("```")
for i in range(0, len(samples), 6):
    print("  ".join(f"{t:>3}s {mb(kb):6.1f}" for t, kb in samples[i:i+6]))
print("```")
PY
log "wrote bench/RESULTS-soak.md"
cat "$root/bench/RESULTS-soak.md" >&2
