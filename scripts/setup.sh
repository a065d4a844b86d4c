#!/usr/bin/env bash
# One command from a fresh clone to a built supplement: browser, dependencies, build, and
# out/full-stack.pdf.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-browser.sh
bash scripts/ensure-test-tools.sh
npm ci --no-audit --no-fund
npm run build
node bin/supplement.js build programs/full-stack.yaml
