#!/usr/bin/env bash
# Regenerates docs/screenshots/*.png (shown in the README): the home page, a
# section, the glossary and the checklist at 1,280 px and 360 px, for the base
# guide and Northshire. Needs what scripts/test.sh installs (node_modules,
# chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
site="$(mktemp -d)"
trap 'rm -rf "$site"' EXIT
cargo run --quiet -- build --all-councils --out "$site/site"
mkdir -p docs/screenshots
node tests/browser/screenshots.mjs "$site/site" docs/screenshots
