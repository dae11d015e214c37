"""TLS verification and a server that says "busy": the engine's side of both."""

from __future__ import annotations

import subprocess
import threading
import time

import pytest

from cellclient import profile as profiles
from cellclient.errors import CellClientError
from cellclient.replica import count_unsent
from sync.client import SyncOptions
from sync.errors import Unreachable
from tests import sync_fixtures
from tests.pg import PG_BIN, PgCluster, PgUnavailable, _run_as
from tests.server_proc import skip_without_server, start_server
from tests.sync_fixtures import add_people
from tests.sync_support import FAST, Device, Provisioner, device_state, server_state

server, prov, tls_front = sync_fixtures.server, sync_fixtures.prov, sync_fixtures.tls_front


def test_the_certificate_is_always_checked_and_a_ca_bundle_can_be_set(prov, tls_front, tmp_path):
    proxy, cert = tls_front
    cell = prov.cell()
    username = prov.user("secretary", cell)
    code = prov.code(username)
    with pytest.raises(CellClientError, match="chứng chỉ"):  # unknown CA: refused, code kept
        Device(tmp_path / "untrusting", proxy.url, username, code)
    device = Device(tmp_path / "trusting", proxy.url, username, code, FAST, ca_bundle=cert)
    try:
        profile = profiles.load(device.folder)
        # The profile keeps its own copy of the file it was given.
        assert profile.ca_bundle == str(device.folder / profiles.CA_NAME)
        assert open(profile.ca_bundle, "rb").read() == open(cert, "rb").read()
        add_people(device, 3)
        assert device.sync().sent == count_sent(device)
        profile.ca_bundle = None  # the system store does not know this CA
        profiles.save(device.folder, profile)
        add_people(device, 1, "Sau")
        unsent = count_unsent(device.store)
        with pytest.raises(Unreachable) as failed:
            device.sync()
        assert failed.value.why == "tls" and count_unsent(device.store) == unsent
    finally:
        device.close()


def test_enroll_takes_a_ca_bundle(prov, tls_front, tmp_path):
    from sync.enroll import enroll_profile

    proxy, cert = tls_front
    cell = prov.cell()
    username = prov.user("deputy", cell)
    profile, store, result = enroll_profile(tmp_path / "p", proxy.url, username,
                                            prov.code(username), ca_bundle=cert)
    try:
        assert profile.ca_bundle == str(tmp_path / "p" / profiles.CA_NAME)
        assert result.scope == [cell]
    finally:
        store.close()


def count_sent(device) -> int:
    return device.store.db.execute(
        "SELECT count(*) FROM change_log WHERE state = 'sent'").fetchone()[0]


def test_a_busy_server_is_waited_for_and_the_same_batch_retried(tmp_path):
    """The server's database goes down: the server answers 503 ``busy`` with
    ``retry_after``; the engine waits that long and sends the same batch again."""
    skip_without_server()
    try:
        cluster = PgCluster.start()
    except PgUnavailable as exc:
        pytest.skip(f"PostgreSQL unavailable: {exc}")
    try:
        srv = start_server(cluster.create_database("busy"), tmp_path / "srv")
        prov = Provisioner(srv)
        try:
            cell = prov.cell()
            username = prov.user("secretary", cell)
            device = Device(tmp_path / "dev", srv.url, username, prov.code(username),
                            SyncOptions(**{**FAST.__dict__, "max_retry_after": 10.0}))
            device.sync()
            add_people(device, 4)
            unsent = count_unsent(device.store)
            prov.engine.dispose()
            _pg_ctl(cluster, "stop")
            seen = []
            done = {}
            worker = threading.Thread(target=lambda: done.setdefault(
                "result", device.sync(on_progress=seen.append)))
            worker.start()
            deadline = time.monotonic() + 20
            while not any(p.phase == "waiting" for p in seen) and time.monotonic() < deadline:
                time.sleep(0.05)
            waiting = [p for p in seen if p.phase == "waiting"]
            assert waiting and waiting[0].why == "busy" and waiting[0].wait == 5.0
            cluster._pg_ctl_start(200)  # back within the wait
            worker.join(timeout=60)
            assert done["result"].sent == unsent and done["result"].retries >= 1
            assert device_state(device.store, cell) == server_state(prov.export(cell))
            device.close()
        finally:
            prov.close()
            srv.stop()
    finally:
        cluster.stop()


def _pg_ctl(cluster: PgCluster, action: str) -> None:
    subprocess.run([*_run_as(), str(PG_BIN / "pg_ctl"), "-D", str(cluster.data), "-m", "fast",
                    "-w", action], capture_output=True, timeout=60, check=True)
