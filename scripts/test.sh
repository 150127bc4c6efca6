#!/usr/bin/env bash
# Runs the whole test suite, installing what the tests need on a fresh machine.
# The JavaScript search runtime is tested under Node.js; everything else is cargo.
set -euo pipefail
cd "$(dirname "$0")/.."

# Node.js runs the search runtime's tests and the browser checks; headless
# Chromium checks every page; pdftotext reads back the printed PDFs. All come
# from Debian's packages. Hugo is the scale benchmark's comparison, whose
# smoke run is part of the suite (tests/it/build/bench_smoke.rs); GNU time
# measures its memory.
missing=()
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v hugo >/dev/null 2>&1 || missing+=(hugo)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} (Debian packages the tests need)"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# playwright-core and axe-core, at the versions package-lock.json pins
# (playwright-core never downloads a browser: the checks drive Debian's).
# Installed again only when node_modules is missing or the lock file changed.
lock_sum="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat node_modules/.firstdays-lock 2>/dev/null)" != "$lock_sum" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > node_modules/.firstdays-lock
fi

cargo test --locked --all-targets
