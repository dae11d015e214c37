#!/usr/bin/env bash
# Installs the sync server into .venv, creates or upgrades its database, and serves it.
#   bash scripts/run-server.sh                      SQLite in the server's data folder, 127.0.0.1:8765
#   bash scripts/run-server.sh --port 9000 --host 0.0.0.0
#   bash scripts/run-server.sh --db postgresql+psycopg://cellserver@localhost/cellserver --workers 4
# CELLSERVER_DB works in place of --db. Other arguments go to `cellserver serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh server
python=$(command -v python3.11 || command -v python3)
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "Python 3.11 or newer is needed" >&2; exit 1; }
[ -x .venv/bin/python ] || "$python" -m venv .venv
# Install again only when pyproject.toml changed since the last install.
stamp=.venv/.cellserver-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -x .venv/bin/cellserver ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q -e ".[server]"
  echo "$want" > "$stamp"
fi
db=()
serve=()
while [ $# -gt 0 ]; do
  case "$1" in
    --db) db=(--db "$2"); shift 2 ;;
    --db=*) db=(--db "${1#--db=}"); shift ;;
    *) serve+=("$1"); shift ;;
  esac
done
.venv/bin/cellserver "${db[@]}" init
exec .venv/bin/cellserver "${db[@]}" serve "${serve[@]}"
