"""Replicas converge: the same changes in any order, any number of times, give the same rows."""

from __future__ import annotations

import json
import secrets
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cellclient.merge import Change
from cellclient.replica import apply_remote_changes, count_unsent, mark_sent, unsent_changes
from cellclient.schema import TABLES
from cellclient.services.cells import create_cell
from cellclient.services.members import add_member, edit_member
from cellclient.store import Store
from tests.conftest import examples


def _open(folder: Path, device: str) -> Store:
    return Store.open(folder / f"{device}.db", secrets.token_bytes(32), device)


def domain_state(store: Store, tables=None) -> dict:
    """Every replicated row, without local bookkeeping, for comparing replicas."""
    out = {}
    for name in tables or TABLES:
        out[name] = sorted(json.dumps(r, sort_keys=True, ensure_ascii=False)
                           for r in store.rows(name, "1 = 1"))
    return out


def test_concurrent_edit_is_kept_as_a_conflict_on_both_replicas(tmp_path):
    a, b = _open(tmp_path, "deva"), _open(tmp_path, "devb")
    cell = create_cell(a, "Chi bộ A")
    m = add_member(a, cell.id, family_name="Lê", given_name="Hoa", phone="0911111111")
    with b.transaction() as tx:
        apply_remote_changes(tx, [lc.change for lc in unsent_changes(a)])
    edit_member(a, m.id, phone="0922222222")  # both edit offline, neither saw the other
    edit_member(b, m.id, phone="0933333333")
    a_changes = [lc.change for lc in unsent_changes(a) if lc.change.field == "phone"]
    b_changes = [lc.change for lc in unsent_changes(b) if lc.change.field == "phone"]
    with a.transaction() as tx:
        ra = apply_remote_changes(tx, b_changes)
    with b.transaction() as tx:
        rb = apply_remote_changes(tx, a_changes)
    assert ra.conflicts == rb.conflicts and len(ra.conflicts) == 1
    assert a.get("member", m.id)["phone"] == b.get("member", m.id)["phone"] == "0933333333"
    conflict = a.get("conflict", ra.conflicts[0])
    assert json.loads(conflict["lost_value"]) == "0922222222"
    assert json.loads(conflict["kept_value"]) == "0933333333"
    assert conflict["tbl"] == "member" and conflict["field"] == "phone"
    assert domain_state(a, ["member", "conflict"]) == domain_state(b, ["member", "conflict"])


def test_remote_changes_with_bad_values_are_rejected_not_applied(store, cell):
    bad = [
        Change("nope", "r1", "x", 1, "000000000001000-000000-z"),
        Change("member", "r1", "no_such_field", 1, "000000000001000-000000-z"),
        Change("member", "r1", "dues_base", "lots", "000000000001000-000000-z"),
        Change("member", "r1", "birth_date", "31/12/1980", "000000000001000-000000-z"),
        Change("member", "r1", "given_name", "Hoa", "not-a-clock"),
    ]
    with store.transaction() as tx:
        result = apply_remote_changes(tx, bad)
    assert [reason for _, reason in result.rejected] == [
        "unknown_table", "unknown_field", "not_int", "not_date", "bad_clock"]
    assert store.get("member", "r1") is None


def test_marking_sent_empties_the_outbox(store, cell):
    add_member(store, cell.id, family_name="Lê", given_name="Hoa")
    pending = unsent_changes(store)
    assert count_unsent(store) == len(pending) > 0
    with store.transaction() as tx:
        tx.db.execute("INSERT INTO sync_batch (id, created_at, state) VALUES ('b1', 'now', 'open')")
        mark_sent(tx, [lc.seq for lc in pending], "b1")
    assert unsent_changes(store) == []


edits = st.lists(
    st.tuples(st.integers(0, 2),  # device
              st.integers(0, 3),  # member
              st.sampled_from(["phone", "given_name", "notes", "address"]),
              st.sampled_from(["A", "B", "C", "D"])),
    min_size=1, max_size=12,
)
PHONES = {"A": "0911111111", "B": "0922222222", "C": "0933333333", "D": "0944444444"}


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits, st.randoms(use_true_random=False))
def test_any_order_any_repetition_gives_the_same_state(ops, rnd):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        origin = _open(folder, "origin")
        cell = create_cell(origin, "Chi bộ A")
        members = [add_member(origin, cell.id, family_name="Lê", given_name=f"M{i}").id
                   for i in range(4)]
        seed = [lc.change for lc in unsent_changes(origin)]
        devices = [_open(folder, f"dev{i}") for i in range(3)]
        for d in devices:
            with d.transaction() as tx:
                apply_remote_changes(tx, seed)
        for device, member, field, value in ops:  # offline edits, never exchanged
            v = PHONES[value] if field == "phone" else value
            edit_member(devices[device], members[member], **{field: v})
        every = seed + [lc.change for d in devices for lc in unsent_changes(d)]
        states = []
        for n in range(2):
            shuffled = every + rnd.sample(every, k=min(len(every), 5))  # some twice
            rnd.shuffle(shuffled)
            fresh = _open(folder, f"fresh{n}")
            with fresh.transaction() as tx:
                apply_remote_changes(tx, shuffled)
            states.append(domain_state(fresh, ["cell", "member"]))
            fresh.close()
        assert states[0] == states[1]
        for s in (origin, *devices):
            s.close()
