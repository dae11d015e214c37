"""Three devices of one cell and one real server, driven at random through a faulty link.

Each example: a fresh cell and three freshly enrolled devices (real profiles,
encrypted stores, the real server process, a real loopback proxy). Hypothesis
makes member, meeting, attendance and dues edits offline on any device,
restarts devices, resolves conflicts, and syncs devices in any order with the
link cut at any phase: the request lost, the answer lost, the answer cut in
the middle of its body, the link hung. At the end the link is made clean and
every device syncs until nothing moves; then:

- every device holds exactly the server's records of the cell;
- every payment recorded anywhere exists exactly once, with its amount;
- every edit either won (it is its field's value), sits in a conflict
  record, or was overwritten by a writer who had exactly its value in view
  (whose base is its stamp, or the stamp of the same value typed by someone
  else): nothing typed disappears silently;
- every batch the server recorded is a batch a device made, once, and no
  change is left unsent, refused, or in a pending batch.

CI runs a few examples; CELLCLIENT_LONG_TESTS=1 runs forty times more.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from cellclient.errors import CellClientError
from cellclient.services import attendance as attendance_svc
from cellclient.services import conflicts as conflict_svc
from cellclient.services import dues_ledger, meetings, members
from sync.client import SyncOptions
from sync.errors import Unreachable
from tests import sync_fixtures
from tests.conftest import LONG, examples
from tests.faultproxy import DOWN, UP, Fault, FaultProxy
from tests.sync_support import Device, change_log, device_state, server_state

server, prov = sync_fixtures.server, sync_fixtures.prov

DEVICES = 3
ROLES = ("secretary", "deputy", "secretary")
MONTHS = ("2026-01", "2026-02", "2026-03", "2026-04", "2026-05")
NAMES = ("An", "Bình", "Chi", "Dũng", "Hoa", "Lan", "Minh", "Nga", "Phúc", "Quý")
WORDS = ("thôn Đông", "xóm Chùa", "đội 3", "nhà văn hóa", "trường tiểu học", "chợ", "")
# A link that needs retries but usually gets through; three faults in a row run
# out of attempts and leave the batch pending for a later sync.
FLAKY = SyncOptions(connect_timeout=1.0, read_timeout=0.5, retry_budget=10.0, max_attempts=3,
                    backoff_base=0.005, backoff_max=0.02, max_retry_after=1.0)
CLEAN = SyncOptions(connect_timeout=5.0, read_timeout=10.0, retry_budget=30.0,
                    backoff_base=0.01, backoff_max=0.05)
SKIPPABLE = (CellClientError, ValueError)  # the service refused: the person would see why

faults = st.one_of(
    st.builds(Fault, st.just(UP), st.integers(0, 1500)),  # the request lost or cut
    st.builds(Fault, st.just(DOWN), st.just(0)),  # the answer lost entirely
    st.builds(Fault, st.just(DOWN), st.integers(1, 4000)),  # the answer cut mid-way
    st.builds(Fault, st.sampled_from([UP, DOWN]), st.integers(0, 600),
              st.sampled_from(["close", "hang"])),
)


@pytest.fixture
def link(server):
    with FaultProxy(("127.0.0.1", server.port), lifetime=24 * 3600 if LONG else 600,
                    hang_limit=2.0) as proxy:
        yield proxy


def test_devices_converge_whatever_the_link_does(server, prov, link, tmp_path):
    folders = itertools.count()

    class Cell(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.cell = prov.cell()
            self.devices: list[Device] = []
            for role in ROLES[:DEVICES]:
                username = prov.user(role, self.cell)
                device = Device(tmp_path / f"d{next(folders)}", link.url, username,
                                prov.code(username), FLAKY)
                device.sync(options=CLEAN)
                self.devices.append(device)
            # Two members every device knows from the start, so that edits collide early.
            self.member_ids: list[str] = [
                members.add_member(self.devices[0].store, self.cell, family_name="Trần",
                                   given_name=name, phone="0900000000").id
                for name in ("Sơn", "Thủy")]
            for device in self.devices:
                device.sync(options=CLEAN)
            self.meeting_ids: list[str] = []
            self.payments: dict[str, int] = {}

        def teardown(self):
            try:
                link.disarm()
                self._converge()
                self._check_final_state()
            finally:
                for device in self.devices:
                    device.close()

        # -- offline edits ----------------------------------------------------------

        @rule(d=st.integers(0, DEVICES - 1), given=st.sampled_from(NAMES),
              phone=st.from_regex(r"09[0-9]{8}", fullmatch=True))
        def add_member(self, d, given, phone):
            m = members.add_member(self.devices[d].store, self.cell, family_name="Nguyễn",
                                   given_name=given, phone=phone)
            self.member_ids.append(m.id)

        @precondition(lambda self: self.member_ids)
        @rule(d=st.integers(0, DEVICES - 1), m=st.integers(0, 50),
              field=st.sampled_from(["phone", "address", "notes", "given_name"]),
              data=st.data())
        def edit_member(self, d, m, field, data):
            value = {"phone": st.from_regex(r"09[0-9]{8}", fullmatch=True),
                     "given_name": st.sampled_from(NAMES)}.get(field, st.sampled_from(WORDS))
            try:
                members.edit_member(self.devices[d].store, self._pick(self.member_ids, m),
                                    **{field: data.draw(value)})
            except SKIPPABLE:
                pass  # not on this device yet, or removed

        @precondition(lambda self: self.member_ids)
        @rule(pair=st.permutations(range(DEVICES)), m=st.integers(0, 3),
              field=st.sampled_from(["phone", "address"]), data=st.data())
        def edit_on_two_devices(self, pair, m, field, data):
            """Two people change the same field before either syncs: a conflict to be."""
            value = st.from_regex(r"09[0-9]{8}", fullmatch=True) if field == "phone" \
                else st.sampled_from(WORDS[:-1])
            member_id = self._pick(self.member_ids, m)
            for d in pair[:2]:
                try:
                    members.edit_member(self.devices[d].store, member_id,
                                        **{field: data.draw(value)})
                except SKIPPABLE:
                    pass

        @precondition(lambda self: self.member_ids)
        @rule(d=st.integers(0, DEVICES - 1), m=st.integers(0, 50))
        def remove_member(self, d, m):
            try:
                members.remove_member(self.devices[d].store, self._pick(self.member_ids, m))
            except SKIPPABLE:
                pass

        @rule(d=st.integers(0, DEVICES - 1), day=st.integers(1, 28),
              place=st.sampled_from(WORDS[:-1]))
        def create_meeting(self, d, day, place):
            meeting = meetings.create_meeting(self.devices[d].store, self.cell, "regular",
                                              f"2026-03-{day:02d}", place=place,
                                              agenda=["Kiểm điểm tháng"])
            self.meeting_ids.append(meeting.id)

        @precondition(lambda self: self.meeting_ids)
        @rule(d=st.integers(0, DEVICES - 1), k=st.integers(0, 50),
              place=st.sampled_from(WORDS[:-1]))
        def move_meeting(self, d, k, place):
            try:
                meetings.update_meeting(self.devices[d].store, self._pick(self.meeting_ids, k),
                                        place=place)
            except SKIPPABLE:
                pass

        @precondition(lambda self: self.meeting_ids and self.member_ids)
        @rule(d=st.integers(0, DEVICES - 1), k=st.integers(0, 50), m=st.integers(0, 50),
              state=st.sampled_from(["present", "excused", "unexcused"]))
        def mark_attendance(self, d, k, m, state):
            try:
                attendance_svc.set_attendance(
                    self.devices[d].store, self._pick(self.meeting_ids, k),
                    self._pick(self.member_ids, m), state,
                    reason="Ốm" if state == "excused" else None)
            except SKIPPABLE:
                pass

        @precondition(lambda self: self.member_ids)
        @rule(d=st.integers(0, DEVICES - 1), m=st.integers(0, 50),
              month=st.sampled_from(MONTHS), amount=st.integers(1, 500) .map(lambda n: n * 1000))
        def record_payment(self, d, m, month, amount):
            try:
                payment = dues_ledger.record_payment(
                    self.devices[d].store, self._pick(self.member_ids, m), [month], amount,
                    paid_on="2026-06-01")
            except SKIPPABLE:
                return
            self.payments[payment.id] = amount

        @rule(d=st.integers(0, DEVICES - 1), keep=st.sampled_from(["mine", "theirs"]))
        def resolve_a_conflict(self, d, keep):
            store = self.devices[d].store
            found = conflict_svc.list_open_conflicts(store, self.cell)
            if found:
                try:
                    conflict_svc.resolve_conflict(store, found[0].id, keep=keep)
                except SKIPPABLE:
                    pass

        @rule(d=st.integers(0, DEVICES - 1))
        def restart(self, d):
            self.devices[d].reopen()

        # -- syncing ----------------------------------------------------------------

        @rule(d=st.integers(0, DEVICES - 1), cuts=st.lists(faults, max_size=3))
        def sync(self, d, cuts):
            link.arm(*cuts)
            try:
                self.devices[d].sync()
            except Unreachable:
                assert len(link.faults_fired) >= 1  # only a cut link may stop a sync
                event("a sync ran out of attempts")
            finally:
                for fault in link.faults_fired:
                    event(f"cut: {fault.direction} {fault.action} "
                          f"{'at 0' if fault.after == 0 else 'mid-way'}")
                link.disarm()
                link.faults_fired.clear()

        @invariant()
        def at_most_one_batch_pending_and_nothing_refused(self):
            for device in getattr(self, "devices", []):
                states = Counter(s for (s,) in device.store.db.execute(
                    "SELECT state FROM sync_batch").fetchall())
                assert states["pending"] <= 1
                refused = device.store.db.execute(
                    "SELECT tbl, field, reject_code FROM change_log WHERE state = 'rejected'"
                ).fetchall()
                assert refused == []  # every role here may write everything

        # -- the end ----------------------------------------------------------------

        def _pick(self, ids: list[str], k: int) -> str:
            return ids[k % len(ids)]

        def _converge(self) -> None:
            for _ in range(6):
                moved = 0
                for device in self.devices:
                    result = device.sync(options=CLEAN)
                    moved += result.sent + result.received
                if not moved:
                    return
            raise AssertionError("the devices keep exchanging changes")

        def _check_final_state(self) -> None:
            expected = server_state(prov.export(self.cell))
            for device in self.devices:
                assert device_state(device.store, self.cell) == expected
            # Every payment exactly once, with its amount, everywhere.
            payments = {row_id: f.get("amount") for row_id, f in
                        expected.get("payment", {}).items()}
            assert payments == self.payments
            # Nothing left to send; each acknowledged batch recorded once by the server.
            for device in self.devices:
                log = change_log(device.store)
                assert {c["state"] for c in log} <= {"sent"}
                acked = {i for (i,) in device.store.db.execute(
                    "SELECT id FROM sync_batch WHERE state = 'acked'").fetchall()}
                pending = device.store.db.execute(
                    "SELECT count(*) FROM sync_batch WHERE state = 'pending'").fetchone()[0]
                recorded = [r["batch_id"] for r in prov.batches(device.enrollment.device_id)]
                assert pending == 0 and len(recorded) == len(set(recorded))
                assert set(recorded) == acked
            self._check_every_edit_is_accounted_for()
            event(f"conflict records at the end: {len(expected.get('conflict', {})) > 0}")

        def _check_every_edit_is_accounted_for(self) -> None:
            clocks = [set(d.store.db.execute(
                "SELECT tbl, row_id, field, hlc FROM field_clock").fetchall())
                for d in self.devices]
            assert all(c == clocks[0] for c in clocks)  # the same winning write everywhere
            final = {(t, r, f): h for t, r, f, h in clocks[0]}
            writes = {}
            for device in self.devices:
                for c in change_log(device.store):
                    if c["table"] != "conflict":
                        writes[c["hlc"], c["table"], c["row"], c["field"]] = c
            recorded_stamps, recorded_values = set(), set()
            store = self.devices[0].store
            for row in store.rows("conflict", "cell_id = ?", [self.cell]):
                key = (row["tbl"], row["row_id"], row["field"])
                for stamp in (row["lost_hlc"], row["kept_hlc"]):
                    recorded_stamps.add((*key, stamp))
                for value in (row["lost_value"], row["kept_value"]):
                    recorded_values.add((*key, value))
            by_field: dict[tuple, list[dict]] = {}
            for c in writes.values():
                by_field.setdefault((c["table"], c["row"], c["field"]), []).append(c)
            for key, field_writes in by_field.items():
                value = (store.get(key[0], key[1]) or {}).get(key[2])
                for e in field_writes:
                    # The same value written twice (two devices remove one member) won twice.
                    won = final.get(key) == e["hlc"] or json.loads(e["value"]) == value
                    # Two people who typed the same value are one side of a conflict.
                    in_conflict = (*key, e["hlc"]) in recorded_stamps or \
                        (*key, e["value"]) in recorded_values
                    # Overwritten on purpose: someone wrote with exactly this value before
                    # them (this write, or another person's that set the very same value).
                    same = {w["hlc"] for w in field_writes if w["value"] == e["value"]}
                    seen = any(w["base"] in same for w in field_writes)
                    assert won or in_conflict or seen, (key, e)

    Cell.TestCase.settings = settings(
        max_examples=examples(12), stateful_step_count=30, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    from hypothesis.stateful import run_state_machine_as_test

    run_state_machine_as_test(Cell, settings=Cell.TestCase.settings)
