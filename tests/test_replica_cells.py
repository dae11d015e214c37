"""The device's own line against mixed cells: a pulled change that would make a row
point into another cell, or file a row under an id its fields do not make, is
refused here too. And a batch never splits the fields one write gave a row."""

from __future__ import annotations

from cellclient.hlc import Clock
from cellclient.ids import derived_id, new_id
from cellclient.merge import Change
from cellclient.replica import apply_remote_changes, count_unsent
from cellclient.services.cells import create_cell
from cellclient.services.members import add_member
from sync.outbox import next_batch


def _row(clock: Clock, table: str, row: str, **fields) -> list[Change]:
    return [Change(table, row, name, value, clock.now(), None) for name, value in fields.items()]


def _apply(store, changes):
    with store.transaction() as tx:
        return apply_remote_changes(tx, changes)


def test_a_pulled_reference_into_another_cell_is_refused(store):
    """An upper device holds two cells; a payment of one for a member of the other
    must not land, whatever the server sent."""
    east = create_cell(store, "Chi bộ Thôn Đông").id
    west = create_cell(store, "Chi bộ Thôn Tây").id
    theirs = add_member(store, west, family_name="Lê", given_name="Hoa")
    clock = Clock("remote")
    payment = new_id()

    result = _apply(store, _row(clock, "payment", payment, cell_id=east, deleted=False,
                                member_id=theirs.id, amount=10_000))

    assert (2, "foreign_reference") in result.rejected
    assert store.get("payment", payment)["member_id"] is None
    ours = add_member(store, east, family_name="Trần", given_name="Nam")
    other = new_id()
    assert _apply(store, _row(clock, "payment", other, cell_id=east, deleted=False,
                              member_id=ours.id)).rejected == []


def test_a_pulled_row_under_an_id_its_fields_do_not_make_is_refused(store):
    east = create_cell(store, "Chi bộ Thôn Đông").id
    west = create_cell(store, "Chi bộ Thôn Tây").id
    clock = Clock("remote")
    taken = derived_id("setting", west, "dues.start_month")  # west's row, filed under east

    result = _apply(store, _row(clock, "setting", taken, cell_id=east, deleted=False,
                                key="dues.start_month", value="2020-01"))

    assert (2, "id_not_derived") in result.rejected
    assert store.get("setting", taken)["key"] is None
    moved = _apply(store, [Change("setting", taken, "cell_id", west, clock.now(), None)])
    assert moved.rejected == [(0, "moves_cell")]


def test_a_batch_never_ends_in_the_middle_of_a_row(store, cell):
    for i in range(6):
        add_member(store, cell.id, family_name="Nguyễn", given_name=f"Người {i}")
    total = count_unsent(store)
    sent = 0
    while sent < total:
        batch = next_batch(store, 7, 10**9)  # 7 never matches a member's field count
        rows = [(e.change.table, e.change.row) for e in batch.entries]
        assert batch.entries
        with store.transaction() as tx:  # as if acknowledged
            tx.db.execute("UPDATE sync_batch SET state = 'acked' WHERE id = ?", [batch.id])
            tx.db.conn.executemany("UPDATE change_log SET state = 'sent' WHERE seq = ?",
                                   [(e.seq,) for e in batch.entries])
        left = store.db.execute(
            "SELECT tbl, row_id FROM change_log WHERE state = 'unsent' ORDER BY seq LIMIT 1"
        ).fetchone()
        assert left is None or tuple(left) != rows[-1], "a row was split across batches"
        sent += len(batch.entries)
    assert sent == total
