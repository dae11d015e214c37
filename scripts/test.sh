#!/usr/bin/env bash
# Installs everything the tests need and runs the whole suite (lint, then pytest).
#   bash scripts/test.sh [pytest arguments]
# Long runs are opt-in: CELLCLIENT_LONG_TESTS=1 runs the property tests with many more examples.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh test
python=$(command -v python3.11 || command -v python3)
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e ".[dev,server]"
.venv/bin/ruff check .
QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest "$@"
