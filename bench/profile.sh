#!/usr/bin/env bash
# Profiles `firstdays build` on a generated guide with perf (issue #9).
#
# Usage:
#   bash bench/profile.sh [N [M [K]]]
#     N sections (default 1000), M glossary terms (default 200); with K, the
#     guide gets K councils and the profiled command is `build --all-councils`.
#
# Builds the release binary with line tables (CARGO_PROFILE_RELEASE_DEBUG=
# line-tables-only) into <target>/perf-build/, so the plain release build in
# <target>/release/ is left alone; generates the guide with bench/generate.py
# (seed 1); records one build with `perf record --call-graph dwarf` and
# writes, in <target>/bench-scale/ (NAME is n<N> or n<N>-k<K>):
#   perf-NAME.data       the recording
#   perf-NAME.txt        `perf report --no-children`: self time per function
#   perf-NAME-sites.md   bench/perf_callsites.py: each hot function with the
#                        src/ lines it is called from, and inclusive time per
#                        src/ function
# Installs linux-perf with apt-get when perf is missing. <target> is
# $CARGO_TARGET_DIR, else ./target.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
m=${2:-200}
k=${3:-}
target_dir=${CARGO_TARGET_DIR:-$PWD/target}
work=$target_dir/bench-scale
mkdir -p "$work"

if ! command -v perf >/dev/null 2>&1; then
  echo "installing linux-perf (the Debian package with perf)"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq linux-perf >/dev/null
fi

CARGO_PROFILE_RELEASE_DEBUG=line-tables-only CARGO_TARGET_DIR=$target_dir/perf-build \
  cargo build --release --locked --quiet
bin=$target_dir/perf-build/release/firstdays

name=n$n${k:+-k$k}
guide=$work/perf-$name
python3 bench/generate.py --seed 1 --sections "$n" --terms "$m" --councils "${k:-0}" --out "$guide"
out=$work/perf-$name-public
rm -rf "$out"
cmd=("$bin" build --guide "$guide" --out "$out")
[ -z "$k" ] || cmd+=(--all-councils)

# Hardware cycles where the machine has a PMU, else the CPU clock (VMs).
event=cycles
perf stat -e cycles true >/dev/null 2>&1 || event=cpu-clock
data=$work/perf-$name.data
perf record -e "$event" -F 999 --call-graph dwarf,16384 -o "$data" -- "${cmd[@]}"

perf report -i "$data" --no-children --stdio --percent-limit 0.5 -g none -F overhead,sym \
  2>/dev/null | sed 's/ *$//' > "$work/perf-$name.txt"
perf script -i "$data" -F tid,period,ip,sym,srcline --full-source-path 2>/dev/null \
  | python3 bench/perf_callsites.py "$PWD/src" 20 > "$work/perf-$name-sites.md"
echo "wrote $work/perf-$name.txt and $work/perf-$name-sites.md"
grep -E '^ +[0-9]' "$work/perf-$name.txt" | head -15
