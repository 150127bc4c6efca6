#!/usr/bin/env bash
# Runs the whole test suite, installing what the tests need on a fresh machine.
# The JavaScript search runtime is tested under Node.js; everything else is cargo.
set -euo pipefail
cd "$(dirname "$0")/.."

# Node.js runs the search runtime's tests; headless Chromium checks search
# and the pages from file://. Both come from Debian's packages.
missing=()
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} (Debian packages the tests need)"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

cargo test --locked --all-targets
