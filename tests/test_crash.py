"""A writer killed with SIGKILL in the middle of a transaction leaves all or nothing."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time

import pytest

from cellclient.store import Store
from tests.conftest import ROOT

# The writer says "writing" from INSIDE its transaction, so every kill below lands
# between BEGIN and COMMIT unless the whole import already finished.
WRITER = """
import sys
from cellclient.store import Store
from cellclient.services.cells import create_cell
from cellclient.services.members import add_members
store = Store.open(sys.argv[1], bytes.fromhex(sys.argv[2]), "writer")
cell = create_cell(store, "Chi bộ A")
rows = [dict(family_name="Lê", middle_name="Văn", given_name=f"Người{i}") for i in range(20000)]
with store.transaction():
    print("writing", flush=True)
    add_members(store, cell.id, rows)
print("committed", flush=True)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a POSIX signal")
@pytest.mark.parametrize("delay", [0.05, 0.3, 0.8])
def test_sigkill_mid_transaction_leaves_all_or_nothing(tmp_path, delay):
    key = secrets.token_bytes(32)
    path = tmp_path / "crash.db"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), key.hex()],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdout.readline().strip() == "writing"
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    committed = "committed" in proc.stdout.read()
    store = Store.open(path, key, "reader")
    members = store.db.execute("SELECT count(*) FROM member").fetchone()[0]
    logged_rows = store.db.execute(
        "SELECT count(DISTINCT row_id) FROM change_log WHERE tbl = 'member'").fetchone()[0]
    assert members == (20000 if committed else 0)
    if delay < 0.5:
        assert not committed, "the kill was meant to land mid-transaction"
    assert logged_rows == members  # rows and their change log went together
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.close()
