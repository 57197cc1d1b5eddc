#!/usr/bin/env bash
# Makes this checkout ready to build and test: device toolchains and
# emulators (Debian packages), then the npm dependencies, then the build.
# Safe to rerun: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-toolchains.sh
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-fund --no-audit
fi
npm run build --silent
