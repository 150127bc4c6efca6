#!/usr/bin/env bash
# Runs the whole test suite, installing what the tests need on a fresh machine.
# The JavaScript search runtime is tested under Node.js; everything else is cargo.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null 2>&1; then
  echo "Node.js not found: installing Debian's nodejs package (needed to test the browser search runtime)"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs
fi

cargo test --locked --all-targets
