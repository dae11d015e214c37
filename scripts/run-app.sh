#!/usr/bin/env bash
# Installs the app into .venv and starts it on the local encrypted profile.
#   bash scripts/run-app.sh            open the window (first time: make a profile)
#   bash scripts/run-app.sh --demo     first start: the window makes the demo cell (asking for
#                                      a data passphrase where there is no OS keyring);
#                                      a profile that has data opens as usual
# Other arguments go to the app (--data-dir, --lang).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh app
python=$(command -v python3.11 || command -v python3)
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "Python 3.11 or newer is needed" >&2; exit 1; }
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e .
exec .venv/bin/cellclient "$@"
