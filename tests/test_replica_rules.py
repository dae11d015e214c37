"""Remote changes respect the ledger, required fields and what writers had seen."""

from __future__ import annotations

import itertools
import json
import secrets

import pytest

from cellclient.hlc import Stamp
from cellclient.merge import Change
from cellclient.replica import apply_remote_changes
from cellclient.services.dues import record_payment
from cellclient.services.members import add_member, edit_member
from cellclient.store import Store
from tests.conftest import TODAY


def _stamp(n: int, dev: str) -> str:
    return Stamp(1_700_000_000_000 + n, 0, dev).encode()


def test_a_remote_change_cannot_edit_or_delete_a_ledger_entry(store, cell):
    m = add_member(store, cell.id, family_name="Lê", given_name="Hoa", dues_category="student",
                   today=TODAY)
    p = record_payment(store, m.id, ["2026-10"], 5000, today=TODAY)
    later = store.clock.now()
    with store.transaction() as tx:
        result = apply_remote_changes(tx, [
            Change("payment", p.id, "amount", 1, later),
            Change("payment", p.id, "deleted", True, later),
        ])
    assert result.rejected == [(0, "insert_only"), (1, "insert_only")]
    row = store.get("payment", p.id)
    assert (row["amount"], row["deleted"]) == (5000, False)


def test_a_new_ledger_entry_from_another_device_is_taken_once(store, cell):
    m = add_member(store, cell.id, family_name="Lê", given_name="Hoa", today=TODAY)
    stamp = _stamp(1, "other")
    entry = [Change("payment", "p-remote", f, v, stamp) for f, v in
             [("cell_id", cell.id), ("member_id", m.id), ("months", "2026-10"), ("amount", 2000)]]
    for _ in range(2):  # the same page pulled twice
        with store.transaction() as tx:
            assert apply_remote_changes(tx, entry).rejected == []
    assert store.get("payment", "p-remote")["amount"] == 2000


def test_deleted_may_not_be_null(store, cell):
    with store.transaction() as tx:
        result = apply_remote_changes(tx, [
            Change("member", "r1", "given_name", "Hoa", _stamp(1, "x")),
            Change("member", "r1", "deleted", None, _stamp(2, "x")),
        ])
    assert result.rejected == [(1, "required")] and result.applied == 1
    assert store.get("member", "r1")["given_name"] == "Hoa"


def test_conflicts_do_not_depend_on_arrival_order(tmp_path):
    # o is the common start; a and c were written from o; b was written after seeing a.
    o = Change("member", "m1", "phone", "0900000000", _stamp(0, "o"))
    a = Change("member", "m1", "phone", "0911111111", _stamp(1, "a"), base=o.hlc)
    b = Change("member", "m1", "phone", "0922222222", _stamp(2, "b"), base=a.hlc)
    c = Change("member", "m1", "phone", "0933333333", _stamp(3, "c"), base=o.hlc)
    outcomes = set()
    for n, order in enumerate(itertools.permutations([a, b, c])):
        s = Store.open(tmp_path / f"{n}.db", secrets.token_bytes(32), "dev")
        with s.transaction() as tx:
            apply_remote_changes(tx, [o, *order])
        open_conflicts = frozenset(
            json.loads(r["lost_value"]) for r in s.rows("conflict", "resolved = 0"))
        outcomes.add((s.get("member", "m1")["phone"], open_conflicts))
        s.close()
    # c wins; b lost unseen; a was written over knowingly by b, so it is no conflict.
    assert outcomes == {("0933333333", frozenset({"0922222222"}))}


def test_two_processes_on_one_profile_never_share_a_stamp(tmp_path):
    key = secrets.token_bytes(32)
    path = tmp_path / "shared.db"
    first = Store.open(path, key, "dev1")
    from cellclient.services.cells import create_cell

    c = create_cell(first, "Chi bộ A")
    m = add_member(first, c.id, family_name="Lê", given_name="Hoa")
    second = Store.open(path, key, "dev1")  # the window and a CLI command, say
    # The first moves its clock far past the wall clock (it saw a peer ahead of it).
    first.clock.observe(Stamp(first.clock._wall() + 3_600_000, 5, "peer").encode())
    edit_member(first, m.id, phone="0911111111")
    edit_member(second, m.id, phone="0922222222")
    stamps = [r[0] for r in first.db.execute(
        "SELECT hlc FROM change_log WHERE field = 'phone' ORDER BY seq").fetchall()]
    assert len(stamps) == 2 and stamps[0] < stamps[1]
    first.close()
    second.close()


@pytest.mark.parametrize("value", ["Nguyễn Văn Ánh", "Nguye\u0302\u0303n Va\u0306n A\u0301nh"])
def test_names_are_stored_composed_whatever_the_keyboard_sent(store, cell, value):
    m = add_member(store, cell.id, family_name=value.split()[0], middle_name=value.split()[1],
                   given_name=value.split()[2])
    assert m.full_name == "Nguyễn Văn Ánh"
