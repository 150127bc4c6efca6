#!/usr/bin/env bash
# Scale benchmark (issue #9): firstdays against Hugo on generated guides.
#
# Usage:
#   bash bench/scale.sh                  # full run, writes bench/RESULTS-scale.md
#   bash bench/scale.sh --smoke          # N=20 and 2 councils, one run each, a few seconds:
#                                        # the generator is deterministic, its output passes
#                                        # `check --no-lint` and `check --no-lint --all-councils` without warnings,
#                                        # and both builds and the report work (for the test suite)
#   bash bench/scale.sh --sizes 100,1000 --councils 10 --runs 7
#   FIRSTDAYS_BIN=target/debug/firstdays bash bench/scale.sh --smoke
#
# Options:
#   --sizes LIST     section counts N to build (default 100,1000,10000); the
#                    glossary size M follows N: 20→50, 100→50, 1000→200,
#                    10000→500 (write N:M to choose, e.g. 1000:500)
#   --councils LIST  council counts K for `--all-councils` (default 10,150), on
#                    a base of N=20 sections and M=50 terms ("" for none)
#   --runs R         timed runs per tool and size (default 5); the median is reported
#   --slow SECONDS   a size whose first firstdays build takes longer is run once (default 60)
#   --timeout SECONDS  a build still running after this long is stopped and
#                    reported as not finished (default 300)
#   --seed S         generator seed (default 1)
#   --results FILE   where the report goes (default bench/RESULTS-scale.md;
#                    with --smoke, target/bench-scale/smoke/RESULTS-smoke.md)
#   --report-only    measure nothing: rewrite the report from the last run's
#                    measurements (target/bench-scale/results.tsv)
#
# What it does, for each size: bench/generate.py writes the guide into
# target/bench-scale/n<N>/ (under $CARGO_TARGET_DIR if set), bench/hugo_site.py
# writes a minimal Hugo site with the same markdown beside it, then
# `firstdays build` (search index included) and `hugo` run alternately, each
# under /usr/bin/time for peak memory; wall time is taken around the process.
# A failed build of generated content is an error (a generator bug), never
# skipped. The binary is $FIRSTDAYS_BIN, or built here: `cargo build --release`
# (debug with --smoke). Installs hugo and GNU time with apt-get when missing.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
repo=$PWD

sizes="100,1000,10000"
councils="10,150"
runs=5
slow=60
limit=300
seed=1
smoke=0
report_only=0
results=""
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1 ;;
    --report-only) report_only=1 ;;
    --sizes) sizes="$2"; shift ;;
    --councils) councils="$2"; shift ;;
    --runs) runs="$2"; shift ;;
    --slow) slow="$2"; shift ;;
    --timeout) limit="$2"; shift ;;
    --seed) seed="$2"; shift ;;
    --results) results="$2"; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

target_dir=${CARGO_TARGET_DIR:-$repo/target}
work=$target_dir/bench-scale
if [ "$smoke" = 1 ]; then
  sizes=20; councils=2; runs=1
  work=$work/smoke
  results=${results:-$work/RESULTS-smoke.md}
fi
results=${results:-$repo/bench/RESULTS-scale.md}
mkdir -p "$work"
if [ "$report_only" = 1 ]; then
  # shellcheck disable=SC1091
  set -a; . "$work/results.env"; set +a
  python3 bench/scale_report.py "$work/results.tsv" "$results"
  echo "wrote $results"
  exit 0
fi

# --- tools -------------------------------------------------------------------
missing=()
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v hugo >/dev/null 2>&1 || missing+=(hugo)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} (Debian packages the benchmark needs)"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ -n "${FIRSTDAYS_BIN:-}" ]; then
  bin=$(realpath "$FIRSTDAYS_BIN")
elif [ "$smoke" = 1 ]; then
  cargo build --locked --quiet
  bin=$target_dir/debug/firstdays
else
  cargo build --release --locked --quiet
  bin=$target_dir/release/firstdays
fi
[ -x "$bin" ] || { echo "error: no firstdays binary at $bin" >&2; exit 1; }

# --- measuring ---------------------------------------------------------------
tsv=$work/results.tsv
: > "$tsv"
log=$work/last-run.log

# measure OUT_DIR CMD...: runs CMD with OUT_DIR removed first; prints
# "<wall µs> <peak RSS KiB> <ok|timeout>". A command still running after
# $limit seconds is stopped; any other failure stops the benchmark.
measure() {
  local out=$1; shift
  rm -rf "$out"
  local start end rc=0
  start=$(date +%s%N)
  # time(1) waits for timeout(1), which waits for the command: the peak RSS
  # it reports is the largest of the three, the command's.
  /usr/bin/time -f '%M' -o "$work/time.txt" timeout --kill-after=10 "$limit" "$@" >"$log" 2>&1 || rc=$?
  end=$(date +%s%N)
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    echo "$(( (end - start) / 1000 )) 0 timeout"
    return
  elif [ "$rc" -ne 0 ]; then
    echo "error: failed (exit $rc): $*" >&2
    cat "$log" >&2
    exit 1
  fi
  echo "$(( (end - start) / 1000 )) $(tail -n 1 "$work/time.txt") ok"
}

# measure_hugo OUT_DIR CMD...: the same, but Hugo must finish.
measure_hugo() {
  local result
  result=$(measure "$@")
  case "$result" in
    *timeout) echo "error: Hugo did not finish in $limit s: ${*:2}" >&2; exit 1 ;;
  esac
  echo "$result"
}

# median of the numbers on stdin
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# bytes, html pages and search-index bytes of a built site
site_stats() {
  local out=$1
  local bytes pages index
  bytes=$(du -sb "$out" | cut -f1)
  pages=$(find "$out" -name '*.html' | wc -l)
  index=$(find "$out" -type d -name search -prune -exec du -sb {} + | awk '{ s += $1 } END { print s + 0 }')
  echo "$bytes $pages $index"
}

terms_for() {
  case "$1" in
    *:*) echo "${1#*:}" ;;
    20|100) echo 50 ;;
    1000) echo 200 ;;
    10000) echo 500 ;;
    *) echo $(( $1 < 1000 ? 50 : ($1 < 10000 ? 200 : 500) )) ;;
  esac
}

# generate NAME N M K: the guide into $work/NAME; prints its file counts.
generate() {
  local dir=$work/$1
  local start end
  start=$(date +%s%N)
  python3 bench/generate.py --seed "$seed" --sections "$2" --terms "$3" --councils "$4" --out "$dir" >/dev/null
  end=$(date +%s%N)
  local files md_bytes council_files
  files=$(find "$dir" -type f | wc -l)
  md_bytes=$(find "$dir" -maxdepth 1 -name '*.md' ! -name README.md -exec cat {} + | wc -c)
  council_files=$( [ -d "$dir/councils" ] && find "$dir/councils" -type f | wc -l || echo 0)
  echo "$files $md_bytes $council_files $(( (end - start) / 1000 ))"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "firstdays: $bin"
echo "work folder: $work"

if [ "$smoke" = 1 ]; then
  # Same seed, same bytes: generate twice and compare.
  python3 bench/generate.py --seed "$seed" --sections 20 --terms 50 --councils 2 --out "$work/det-a" >/dev/null
  python3 bench/generate.py --seed "$seed" --sections 20 --terms 50 --councils 2 --out "$work/det-b" >/dev/null
  diff -r "$work/det-a" "$work/det-b" >/dev/null || { echo "error: bench/generate.py is not deterministic" >&2; exit 1; }
  echo "generator: deterministic (two runs with seed $seed are identical)"
fi

# --- base guide at each size: firstdays and Hugo ------------------------------
IFS=, read -r -a size_list <<< "$sizes"
for spec in "${size_list[@]}"; do
  [ -n "$spec" ] || continue
  n=${spec%%:*}
  m=$(terms_for "$spec")
  name=n$n
  line=$(generate "$name" "$n" "$m" 0)
  read -r files md_bytes _ gen_us <<< "$line"
  guide=$work/$name
  python3 bench/hugo_site.py "$guide" "$work/$name-hugo" >/dev/null
  fd_out=$work/$name-public
  hugo_out=$work/$name-hugo-public
  fd_cmd=("$bin" build --guide "$guide" --out "$fd_out")
  hugo_cmd=(hugo --quiet --source "$work/$name-hugo" --destination "$hugo_out")
  if [ "$smoke" = 1 ]; then
    "$bin" check --no-lint --guide "$guide" >"$log" 2>&1 || { cat "$log" >&2; echo "error: generated guide fails check" >&2; exit 1; }
  fi

  # The first build is a warm-up and the check that the content is valid
  # (a build fails on any error); if it is slow, it is also the only run.
  line=$(measure "$fd_out" "${fd_cmd[@]}")
  read -r warm_us warm_kb status <<< "$line"
  fd_runs=() ; hugo_runs=()
  if [ "$smoke" = 1 ] || [ "$status" = timeout ] || [ $(( warm_us / 1000000 )) -ge "$slow" ]; then
    fd_runs+=("$warm_us $warm_kb")
    hugo_runs+=("$(measure_hugo "$hugo_out" "${hugo_cmd[@]}")")
  else
    measure_hugo "$hugo_out" "${hugo_cmd[@]}" >/dev/null  # Hugo's warm-up
    for _ in $(seq "$runs"); do
      fd_runs+=("$(measure "$fd_out" "${fd_cmd[@]}")")
      hugo_runs+=("$(measure_hugo "$hugo_out" "${hugo_cmd[@]}")")
    done
  fi
  fd_us=$(printf '%s\n' "${fd_runs[@]}" | cut -d' ' -f1 | median)
  fd_kb=$(printf '%s\n' "${fd_runs[@]}" | cut -d' ' -f2 | median)
  hugo_us=$(printf '%s\n' "${hugo_runs[@]}" | cut -d' ' -f1 | median)
  hugo_kb=$(printf '%s\n' "${hugo_runs[@]}" | cut -d' ' -f2 | median)
  if [ "$status" = timeout ]; then
    fd_bytes=0; fd_pages=0; fd_index=0
  else
    line=$(site_stats "$fd_out")
    read -r fd_bytes fd_pages fd_index <<< "$line"
  fi
  line=$(site_stats "$hugo_out")
  read -r hugo_bytes hugo_pages _ <<< "$line"
  printf 'base\t%s\t%s\t0\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$n" "$m" "$files" "$md_bytes" "$gen_us" "${#fd_runs[@]}" \
    "$fd_us" "$fd_kb" "$fd_pages" "$fd_bytes" "$fd_index" \
    "$hugo_us" "$hugo_kb" "$hugo_pages" "$hugo_bytes" \
    "$(printf '%s,' "${fd_runs[@]%% *}")" "$(printf '%s,' "${hugo_runs[@]%% *}")" "$status" >> "$tsv"
  if [ "$status" = timeout ]; then
    echo "N=$n M=$m: firstdays stopped after $limit s (not finished); hugo $(( hugo_us / 1000 )) ms, $hugo_pages pages"
  else
    echo "N=$n M=$m: firstdays $(( fd_us / 1000 )) ms, $fd_pages pages, $(( fd_kb / 1024 )) MiB; hugo $(( hugo_us / 1000 )) ms, $hugo_pages pages, $(( hugo_kb / 1024 )) MiB (runs: ${#fd_runs[@]})"
  fi
done

# --- base + K councils: firstdays build --all-councils ------------------------
IFS=, read -r -a council_list <<< "$councils"
for k in "${council_list[@]}"; do
  [ -n "$k" ] || continue
  n=20; m=50
  name=k$k
  line=$(generate "$name" "$n" "$m" "$k")
  read -r files md_bytes council_files gen_us <<< "$line"
  guide=$work/$name
  "$bin" check --no-lint --guide "$guide" --all-councils >"$log" 2>&1 \
    || { cat "$log" >&2; echo "error: generated councils fail check --all-councils" >&2; exit 1; }
  if grep -q '^warning' "$log"; then
    cat "$log" >&2; echo "error: generated councils give warnings (a generator bug)" >&2; exit 1
  fi
  fd_out=$work/$name-public
  fd_cmd=("$bin" build --guide "$guide" --out "$fd_out" --all-councils)
  fd_runs=()
  if [ "$smoke" = 1 ]; then
    fd_runs+=("$(measure "$fd_out" "${fd_cmd[@]}")")
  else
    measure "$fd_out" "${fd_cmd[@]}" >/dev/null
    for _ in $(seq "$runs"); do fd_runs+=("$(measure "$fd_out" "${fd_cmd[@]}")"); done
  fi
  if printf '%s\n' "${fd_runs[@]}" | grep -q timeout; then
    echo "error: firstdays --all-councils with K=$k did not finish in $limit s" >&2; exit 1
  fi
  fd_us=$(printf '%s\n' "${fd_runs[@]}" | cut -d' ' -f1 | median)
  fd_kb=$(printf '%s\n' "${fd_runs[@]}" | cut -d' ' -f2 | median)
  line=$(site_stats "$fd_out")
  read -r fd_bytes fd_pages fd_index <<< "$line"
  printf 'councils\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\t\t\t\t%s\t\tok\n' \
    "$n" "$m" "$k" "$files" "$md_bytes" "$gen_us" "${#fd_runs[@]}" \
    "$fd_us" "$fd_kb" "$fd_pages" "$fd_bytes" "$fd_index" "$(printf '%s,' "${fd_runs[@]%% *}")" >> "$tsv"
  echo "N=$n M=$m K=$k ($council_files council files): firstdays --all-councils $(( fd_us / 1000 )) ms, $fd_pages pages, $(( fd_kb / 1024 )) MiB"
done

# --- the report ----------------------------------------------------------------
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
export BENCH_BIN=$bin BENCH_RUNS=$runs BENCH_SEED=$seed BENCH_SMOKE=$smoke BENCH_SLOW=$slow BENCH_TIMEOUT=$limit
export BENCH_LOAD_BEFORE=$load_before BENCH_LOAD_AFTER=$load_after
export BENCH_RUSTC="$(rustc --version 2>/dev/null || echo unknown)"
export BENCH_HUGO="$(hugo version | cut -d' ' -f2)"
export BENCH_COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- src Cargo.toml Cargo.lock themes 2>/dev/null || echo ' (src/ modified)')"
export BENCH_DATE="$(date +%F)"
env | grep '^BENCH_' | sed "s/'/'\\''/g; s/=\(.*\)/='\1'/" > "$work/results.env"
python3 bench/scale_report.py "$tsv" "$results"
echo "wrote $results"
