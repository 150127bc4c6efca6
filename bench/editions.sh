#!/usr/bin/env bash
# Build time of the guide with its old editions against the guide alone
# (the same guide folder without editions/), release build, alternating
# runs, median of RUNS (default 9). Prints one markdown table row per case.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-9}"
BIN="${CARGO_TARGET_DIR:-target}/release/firstdays"
[ -x "$BIN" ] || cargo build --release
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/alone"
for f in guide/*; do
  case "$(basename "$f")" in editions|councils) ;; *) cp -r "$f" "$work/alone/" ;; esac
done
time_once() { # guide out → seconds
  local start end
  start=$(date +%s.%N)
  "$BIN" build --guide "$1" --out "$2" --theme themes/default >/dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
alone=() with=()
for _ in $(seq "$RUNS"); do
  alone+=("$(time_once "$work/alone" "$work/out-alone")")
  with+=("$(time_once guide "$work/out-with")")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
a=$(median "${alone[@]}"); w=$(median "${with[@]}")
echo "| guide alone | $(printf '%.3f' "$a") s |"
echo "| guide with the 2019 edition and changes.html | $(printf '%.3f' "$w") s |"
echo "| ratio | $(echo "scale=2; $w / $a" | bc) |"
