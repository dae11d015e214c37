#!/usr/bin/env bash
# Installs the app into .venv and starts it on the local encrypted profile.
#   bash scripts/run-app.sh            open the window (first time: make a profile)
#   bash scripts/run-app.sh --demo     first start only: fill the profile with a demo cell
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh app
python=$(command -v python3.11 || command -v python3)
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "Python 3.11 or newer is needed" >&2; exit 1; }
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e .
if [ "${1:-}" = "--demo" ]; then
  shift
  .venv/bin/cellclient "$@" demo || true  # refuses, harmlessly and saying so, once data exists
fi
exec .venv/bin/cellclient "$@"
