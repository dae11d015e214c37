"""``cellclient sync`` killed with SIGKILL at random moments, restarted, synced to the end:
the replicas converge and nothing is doubled.

The sync runs as a real process over a slow loopback link, so that kills land
while a batch is being sent, while the answer is on its way, and while it is
being taken in. Whatever the moment, the next run resends the pending batch
under its id and the server answers it from its record.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import keyring
import pytest

from cellclient.services.dues_ledger import record_payment
from sync.status import read_status
from tests import sync_fixtures
from tests.conftest import CELLCLIENT, LONG, ROOT
from tests.faultproxy import FaultProxy
from tests.sync_fixtures import add_people
from tests.sync_support import FileKeyring, device_state, server_state

server, prov, devices = sync_fixtures.server, sync_fixtures.prov, sync_fixtures.devices
KILLS = 40 if LONG else 8


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a POSIX signal")
def test_a_sync_killed_at_random_moments_converges_and_doubles_nothing(
        devices, prov, tmp_path, monkeypatch):
    keyring_file = tmp_path / "keyring.json"
    monkeypatch.setenv("CELLCLIENT_TEST_KEYRING", str(keyring_file))
    keyring.set_keyring(FileKeyring())  # shared with the child processes
    with FaultProxy(("127.0.0.1", sync_fixtures_server_port(prov)), rate=15_000,
                    latency=0.05, lifetime=600) as link:
        a, b = devices("secretary", "deputy")
        a.point_at(link.url)
        add_people(b, 400, "Bên B")
        b.sync()
        people = add_people(a, 1200, "Bên A")
        payments = {record_payment(a.store, m, ["2026-05"], 25000, paid_on="2026-06-01").id
                    for m in people[:150]}
        a.close()  # the child processes own the profile from now on
        env = {**os.environ, "PYTHONPATH": str(ROOT), "CELLCLIENT_TEST_KEYRING": str(keyring_file),
               "PYTHON_KEYRING_BACKEND": "tests.sync_support.FileKeyring"}
        command = [*CELLCLIENT, "--data-dir", str(a.folder), "sync", "--quiet",
                   "--retry-budget", "20"]
        rng = random.Random(os.environ.get("CELLCLIENT_KILL_SEED", "kill"))
        killed = 0
        for _ in range(KILLS):
            proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.3, 2.5))
            if proc.poll() is not None:
                assert proc.returncode == 0
                break  # it got to the end before the kill: in step
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            killed += 1
        assert killed >= 4, f"only {killed} runs were killed mid-way"
        final = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True,
                               timeout=300)
        assert final.returncode == 0, final.stderr
    a.reopen()
    b.sync()
    expected = server_state(prov.export(a.cell_id))
    assert device_state(a.store, a.cell_id) == expected == device_state(b.store, b.cell_id)
    members = expected["member"]
    assert len(members) == 1600  # not one more: nothing doubled
    given = sorted(f["given_name"] for f in members.values())
    assert len(set(given)) == len(given)
    assert set(expected["payment"]) == payments
    status = read_status(a.store, a.profile, has_token=True)
    assert status.unsent == 0 and status.rejected == []
    acked = {i for (i,) in a.store.db.execute(
        "SELECT id FROM sync_batch WHERE state = 'acked'").fetchall()}
    recorded = [r["batch_id"] for r in prov.batches(a.enrollment.device_id)]
    assert len(recorded) == len(set(recorded)) and set(recorded) == acked
    assert a.store.db.execute("SELECT count(*) FROM sync_batch WHERE state = 'pending'"
                              ).fetchone()[0] == 0


def sync_fixtures_server_port(prov) -> int:
    return prov.server.port
