"""The sync engine against a real server process, through a real faulty link.

Every test ends by checking what matters to a person: the device and the
server hold the same records, and nothing was lost or sent twice.
"""

from __future__ import annotations

import json
import threading
import time

import pytest

from cellclient.replica import count_unsent
from cellclient.services.conflicts import list_open_conflicts, resolve_conflict
from cellclient.services.members import add_member, edit_member, get_member
from sync import client as client_mod
from sync import outbox
from sync.client import SyncOptions
from sync.enroll import enroll
from sync.errors import Cancelled, NeedsEnrollment, Unreachable, UpgradeRequired
from sync.transport import BadServerAddress, check_server_url
from tests import sync_fixtures
from tests.faultproxy import DOWN, UP, Fault
from tests.server_proc import backend_params
from tests.sync_fixtures import add_people
from tests.sync_support import FAST, Device, change_log, device_state, server_state

# The module's fixtures (a pytest plugin may only be declared in the root conftest).
server, prov, proxy, devices = (sync_fixtures.server, sync_fixtures.prov, sync_fixtures.proxy,
                                sync_fixtures.devices)


def same_everywhere(prov, cell_id, *devices) -> dict:
    """Assert every device holds exactly the server's records of the cell."""
    expected = server_state(prov.export(cell_id))
    for d in devices:
        assert device_state(d.store, cell_id) == expected
    return expected


def batch_states(device) -> dict[str, str]:
    return dict(device.store.db.execute("SELECT id, state FROM sync_batch").fetchall())


# -- enrollment ---------------------------------------------------------------------------


def test_enrollment_keeps_the_token_in_the_keyring_and_nowhere_else(server, prov, tmp_path,
                                                                    memory_keyring, caplog):
    caplog.set_level("DEBUG")
    cell = prov.cell()
    username = prov.user("secretary", cell)
    device = Device(tmp_path / "p", server.url, username, prov.code(username))
    try:
        token = memory_keyring.secrets[("cellclient", f"device-token/{device.profile.profile_id}")]
        assert len(token) >= 40
        for path in (tmp_path / "p").rglob("*"):  # the profile file, the encrypted db, its WAL
            assert token.encode() not in path.read_bytes(), path.name
        meta = dict(device.store.db.execute("SELECT key, value FROM meta").fetchall())
        assert all(token not in (v or "") for v in meta.values())
        assert token not in caplog.text
        saved = json.loads((tmp_path / "p" / "profile.json").read_text())
        assert saved["server_url"] == server.url
        assert meta["sync.device_id"] == device.enrollment.device_id
        assert meta["sync.role"] == "secretary"
        assert json.loads(meta["sync.scope"]) == [cell]
        assert meta["current_cell"] == cell
        device.sync()
        assert token not in caplog.text
        assert device.store.get("cell", cell)["name"]  # the cell row came with the first sync
    finally:
        device.close()


def test_a_used_code_is_refused_and_nothing_is_saved(server, prov, tmp_path, memory_keyring):
    cell = prov.cell()
    username = prov.user("deputy", cell)
    code = prov.code(username)
    Device(tmp_path / "a", server.url, username, code).close()
    with pytest.raises(Exception, match="đã dùng|used"):
        Device(tmp_path / "b", server.url, username, code)
    # The profile made for the enrollment is gone again, key included: a retry starts clean.
    assert not (tmp_path / "b" / "profile.json").exists()
    assert not list((tmp_path / "b").glob("cellclient.db*"))
    assert len([k for k in memory_keyring.secrets if not k[1].startswith("device-token/")]) == 1
    tokens = [k for k in memory_keyring.secrets if k[1].startswith("device-token/")]
    assert tokens == [("cellclient", f"device-token/{json.loads((tmp_path / 'a' / 'profile.json').read_text())['profile_id']}")]


def test_plain_http_is_only_for_the_loopback_address():
    assert check_server_url("http://127.0.0.1:8765/") == "http://127.0.0.1:8765"
    assert check_server_url("https://dongbo.example.vn/cs/") == "https://dongbo.example.vn/cs"
    for bad in ("http://dongbo.example.vn", "ftp://x", "dongbo.example.vn", "https://u:p@x.vn"):
        with pytest.raises(BadServerAddress):
            check_server_url(bad)


# -- the exchange ---------------------------------------------------------------------------


@pytest.mark.parametrize("shared_server", backend_params(), indirect=True)
def test_two_devices_converge_and_a_concurrent_edit_is_a_conflict_on_every_replica(
        shared_server, tmp_path):
    from tests.sync_support import Provisioner

    prov = Provisioner(shared_server)
    cell = prov.cell()
    a, b = (Device(tmp_path / n, shared_server.url, u, prov.code(u))
            for n, u in (("a", prov.user("secretary", cell)), ("b", prov.user("deputy", cell))))
    try:
        a.sync()
        hoa = add_member(a.store, cell, family_name="Lê", middle_name="Thị", given_name="Hoa",
                         phone="0911111111")
        a.sync()
        b.sync()
        assert get_member(b.store, hoa.id).phone == "0911111111"
        # Offline on both: the same field differently, and another field on one side.
        edit_member(a.store, hoa.id, phone="0922222222")
        edit_member(b.store, hoa.id, phone="0933333333", address="Thôn Đông")
        a.sync()
        b.sync()
        a.sync()
        same_everywhere(prov, cell, a, b)
        records = server_state(prov.export(cell))["conflict"]
        assert len(records) == 1
        (record,) = records.values()
        assert {json.loads(record["kept_value"]), json.loads(record["lost_value"])} == \
            {"0922222222", "0933333333"}
        for device in (a, b):
            (open_one,) = list_open_conflicts(device.store, cell)
            assert {open_one.mine, open_one.theirs} == {"0922222222", "0933333333"}
        assert get_member(a.store, hoa.id).address == "Thôn Đông"
        # Resolving is an edit like any other: it syncs.
        (on_a,) = list_open_conflicts(a.store, cell)
        resolve_conflict(a.store, on_a.id, keep="mine")
        a.sync()
        b.sync()
        same_everywhere(prov, cell, a, b)
        for device in (a, b):
            assert list_open_conflicts(device.store, cell) == []
            assert get_member(device.store, hoa.id).phone == "0922222222"
    finally:
        a.close()
        b.close()
        prov.close()


def test_a_monthly_sync_is_one_round_trip_and_gzipped_both_ways(devices, proxy):
    a, b = devices("secretary", "deputy", via=proxy.url)
    add_people(a, 60)
    raw = json.dumps([lc.change.to_wire() for lc in outbox.next_batch(a.store, 5000, 10**9)
                      .entries], ensure_ascii=False).encode()
    proxy.reset_counters()
    result = a.sync()
    assert (result.round_trips, result.sent) == (1, count_changes(a))
    assert proxy.bytes_up < len(raw) / 3, (proxy.bytes_up, len(raw))  # gzip going up
    proxy.reset_counters()
    result = b.sync()
    assert (result.round_trips, result.received) == (1, count_changes(a))
    assert proxy.bytes_down < len(raw) / 3, (proxy.bytes_down, len(raw))  # and coming down


def count_changes(device) -> int:
    return device.store.db.execute("SELECT count(*) FROM change_log WHERE state = 'sent' "
                                   "AND tbl = 'member'").fetchone()[0]


CUTS = {
    "request lost": Fault(UP, after=200),
    "response lost": Fault(DOWN, after=0),
    "response cut mid-body": Fault(DOWN, after=700),
    "link hangs": Fault(DOWN, after=0, action="hang"),
    "request cut with a close": Fault(UP, after=50, action="close"),
    "answer stops after its status line": Fault(DOWN, after=12, action="close"),
    "answer stops inside its headers": Fault(DOWN, after=60, action="close"),
}


@pytest.mark.parametrize("cut", CUTS, ids=list(CUTS))
def test_a_cut_at_any_phase_is_retried_with_the_same_batch_and_applied_once(
        devices, proxy, prov, cut):
    options = SyncOptions(**{**FAST.__dict__, "read_timeout": 1.0})
    a, b = devices("secretary", "deputy", via=proxy.url, options=options)
    add_people(b, 30, "Bên B")  # so that A's answer is a page worth cutting in the middle
    b.sync()
    add_people(a, 20, "Bên A")
    unsent = count_unsent(a.store)
    proxy.arm(CUTS[cut])
    result = a.sync()
    assert proxy.faults_fired == [CUTS[cut]], "the fault must have hit this sync"
    assert result.retries >= 1 and result.sent == unsent and result.received > 0
    recorded = prov.batches(a.enrollment.device_id)
    acked = [i for i, s in batch_states(a).items() if s == "acked"]
    assert [r["batch_id"] for r in recorded] == acked  # one batch id, applied once
    assert recorded[0]["applied"] == unsent
    assert {c["batch_id"] for c in change_log(a.store) if c["table"] == "member"} == set(acked)
    b.sync()
    same_everywhere(prov, a.cell_id, a, b)


def test_out_of_retries_the_batch_waits_and_the_next_sync_resends_the_same_id(
        devices, proxy, prov):
    options = SyncOptions(**{**FAST.__dict__, "max_attempts": 2})
    (a,) = devices("secretary", via=proxy.url, options=options)
    add_people(a, 10)
    unsent = count_unsent(a.store)
    proxy.arm(Fault(DOWN, 0), Fault(DOWN, 0))  # the server applies; both answers are lost
    with pytest.raises(Unreachable) as failed:
        a.sync()
    assert failed.value.exit_code == 3 and failed.value.unsent == unsent
    assert str(unsent) in str(failed.value)
    (pending,) = [i for i, s in batch_states(a).items() if s == "pending"]
    assert count_unsent(a.store) == unsent  # nothing lost, nothing marked
    assert [r["batch_id"] for r in prov.batches(a.enrollment.device_id)] == [pending]
    a.reopen()  # a restart in between: nothing is kept in memory
    result = a.sync()
    assert result.sent == unsent and batch_states(a)[pending] == "acked"
    assert [r["batch_id"] for r in prov.batches(a.enrollment.device_id)] == [pending]
    same_everywhere(prov, a.cell_id, a)


def test_too_large_halves_the_batch_under_new_ids(devices, prov, monkeypatch):
    # Let the device build a batch over the server's limit of 5,000 changes.
    monkeypatch.setattr(outbox, "MAX_BATCH_CHANGES", 20_000)
    options = SyncOptions(**{**FAST.__dict__, "batch_changes": 6000, "batch_bytes": 10**8})
    (a,) = devices("secretary", options=options)
    add_people(a, 700)
    unsent = count_unsent(a.store)
    assert unsent > 5000
    result = a.sync()
    assert result.sent == unsent
    states = batch_states(a)
    split = [i for i, s in states.items() if s == "split"]
    acked = [i for i, s in states.items() if s == "acked"]
    assert len(split) == 1 and len(acked) >= 2
    recorded = [r["batch_id"] for r in prov.batches(a.enrollment.device_id)]
    assert sorted(recorded) == sorted(acked) and split[0] not in recorded
    same_everywhere(prov, a.cell_id, a)


def test_an_old_client_is_told_to_update_and_keeps_everything(devices, monkeypatch):
    (a,) = devices("secretary")
    add_people(a, 5)
    unsent = count_unsent(a.store)
    monkeypatch.setattr(client_mod, "CLIENT", "cellclient/0.0.9")
    with pytest.raises(UpgradeRequired, match="0.1.0"):
        a.sync()
    assert count_unsent(a.store) == unsent
    (pending,) = [i for i, s in batch_states(a).items() if s == "pending"]
    monkeypatch.undo()
    assert a.sync().sent == unsent
    assert batch_states(a)[pending] == "acked"


def test_a_revoked_device_is_asked_to_enroll_again_and_loses_nothing(devices, prov, server):
    a, b = devices("secretary", "deputy")
    add_people(a, 5)
    unsent = count_unsent(a.store)
    server.admin("devices", "revoke", a.enrollment.device_id)
    with pytest.raises(NeedsEnrollment, match="enroll|đăng ký"):
        a.sync()
    assert count_unsent(a.store) == unsent
    username = prov.user("secretary", a.cell_id)
    enroll(a.folder, a.store, a.profile, server.url, username, prov.code(username))
    assert a.sync().sent == unsent
    b.sync()
    same_everywhere(prov, a.cell_id, a, b)


def test_cancel_stops_a_hung_request_at_once_and_keeps_the_batch(devices, proxy):
    options = SyncOptions(**{**FAST.__dict__, "read_timeout": 30.0})
    (a,) = devices("secretary", via=proxy.url, options=options)
    add_people(a, 5)
    unsent = count_unsent(a.store)
    proxy.arm(Fault(UP, after=0, action="hang"))
    cancel = threading.Event()
    outcome = {}

    def run():
        try:
            a.sync(cancel=cancel)
        except Cancelled as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=run)
    worker.start()
    time.sleep(0.5)
    started = time.monotonic()
    cancel.set()
    worker.join(timeout=10)
    assert not worker.is_alive() and "error" in outcome
    assert time.monotonic() - started < 2.0  # not the 30 s read timeout
    assert count_unsent(a.store) == unsent
    assert a.sync().sent == unsent


def test_progress_tells_the_phases_counts_and_bytes(devices, proxy):
    a, b = devices("secretary", "deputy", via=proxy.url)
    add_people(a, 10)
    a.sync()
    add_people(b, 3)
    seen = []
    result = b.sync(on_progress=seen.append)
    phases = [p.phase for p in seen]
    assert phases[0] == "preparing" and phases[-1] == "done"
    assert "sending" in phases and "applying" in phases
    last = seen[-1]
    assert (last.sent, last.received, last.unsent) == (result.sent, result.received, 0)
    assert last.bytes_sent == result.bytes_sent > 0 and last.bytes_received > 0
    sending = next(p for p in seen if p.phase == "sending")
    assert sending.batch == result.sent
    assert all(x.bytes_received <= y.bytes_received for x, y in zip(seen, seen[1:], strict=False))
