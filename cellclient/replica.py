"""The two functions the sync engine calls: what to send, and how to take in.

``unsent_changes`` lists the local change log not yet acknowledged by the
server; ``apply_remote_changes`` merges changes from another replica with
the rule in ``merge``, keeping a conflict record for every concurrent write
that lost.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from .hlc import ClockError, is_stamp
from .ids import derived_id
from .integrity import Breach, identity_breach, reference_breach
from .merge import Change, Write, merge
from .schema import TABLES
from .store import Store, Tx


@dataclass(frozen=True)
class LoggedChange:
    seq: int
    change: Change


@dataclass
class ApplyResult:
    applied: int = 0
    ignored: int = 0
    conflicts: list[str] = field(default_factory=list)  # conflict record ids
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (index, reason)


def unsent_changes(store: Store, limit: int | None = None) -> list[LoggedChange]:
    """Local changes the server has not acknowledged yet, oldest first."""
    sql = "SELECT seq, tbl, row_id, field, value, hlc, base FROM change_log WHERE state = 'unsent' ORDER BY seq"
    params: list = []
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [
        LoggedChange(seq, Change(tbl, row, fld, json.loads(value), hlc, base))
        for seq, tbl, row, fld, value, hlc, base in store.db.execute(sql, params).fetchall()
    ]


def has_local_changes(store: Store) -> bool:
    """Whether this profile holds any change of its own (sent or not)."""
    return store.db.execute("SELECT 1 FROM change_log LIMIT 1").fetchone() is not None


def count_unsent(store: Store) -> int:
    return store.db.execute("SELECT count(*) FROM change_log WHERE state = 'unsent'").fetchone()[0]


def check_change(change: Change) -> str | None:
    """Why a change cannot be applied anywhere (unknown table, field, bad value), or None."""
    t = TABLES.get(change.table)
    if t is None:
        return "unknown_table"
    f = t.field(change.field)
    if f is None:
        return "unknown_field"
    if not isinstance(change.row, str) or not change.row or len(change.row) > 64:
        return "bad_row_id"
    if not is_stamp(change.hlc) or (change.base is not None and not is_stamp(change.base)):
        return "bad_clock"
    return f.check(change.value)


def apply_remote_changes(tx: Tx, changes: Iterable[Change]) -> ApplyResult:
    """Merge changes from another replica inside the caller's transaction.

    Applying the same changes again, or in another order, gives the same rows.
    """
    result = ApplyResult()
    store = tx.store
    cells = _RowCells(store)
    for index, change in enumerate(changes):
        problem = check_change(change)
        if problem is None:
            problem = cells.breach(change)
        if problem is None:
            try:
                store.clock.observe(change.hlc)
            except ClockError:
                problem = "clock_ahead"
        if problem:
            result.rejected.append((index, problem))
            continue
        current = store.field_write(change.table, change.row, change.field)
        if TABLES[change.table].insert_only and not _first_write(current, change):
            result.rejected.append((index, "insert_only"))
            continue
        incoming = Write(change.value, change.hlc, change.base)
        outcome = merge(current, incoming)
        if outcome.lost is not None:
            winner = incoming if outcome.apply else current
            result.conflicts.append(_record_conflict(tx, change, winner, outcome.lost))
        tx.apply_write(change, write_row=outcome.apply, seen=seen_after(current, change))
        if outcome.apply and change.field == "cell_id":
            cells.filed(change)
        settled = settled_conflict_id(change)
        if settled is not None:
            _settle_conflict(tx, settled)
        if outcome.apply:
            result.applied += 1
        else:
            result.ignored += 1
    return result


class _RowCells:
    """Where this replica files rows, looked up once per row while changes come in,
    to judge each incoming change by ``cellclient.integrity``."""

    def __init__(self, store: Store):
        self.store = store
        self.cells: dict[tuple[str, str], str | None] = {}

    def cell_of(self, table: str, row: str) -> str | None:
        key = (table, row)
        if key not in self.cells:
            found = self.store.get(table, row)
            self.cells[key] = found.get("cell_id") if found else None
        return self.cells[key]

    def filed(self, change: Change) -> None:
        self.cells[(change.table, change.row)] = change.value

    def breach(self, change: Change) -> str | None:
        """Why a change would mix cells here, or None. A row not seen yet is no
        breach: the server vouches for it, and its other fields may come later."""
        t = TABLES[change.table]
        own = self.cell_of(change.table, change.row)
        if change.field == "cell_id" and own is not None and change.value != own:
            return "moves_cell"
        field_ = t.field(change.field)
        is_reference = field_.refers is not None or (t.name == "conflict" and change.field == "tbl")
        if change.field not in t.identity and not is_reference:
            return None
        row = self.store.get(change.table, change.row) or {}
        breach = identity_breach(change, row.get, new_row=False)
        if breach is Breach.IDENTITY_MISSING:
            breach = None
        if breach is None and is_reference and own is not None:
            breach = reference_breach(change, own, row.get, self.cell_of, unknown_ok=True)
        return None if breach is None else str(breach)


def _first_write(current: Write | None, change: Change) -> bool:
    """Ledger rows are written once: a field may only get its first value (or the
    very same write again); deleting a ledger row is never accepted."""
    if change.field == "deleted" and change.value:
        return False
    return current is None or current.hlc == change.hlc


# The two rules of the field clock, kept here for both ends (the server's
# ``sync/server/apply.py`` stores the same bookkeeping in its own tables).


def seen_after(current: Write | None, change: Change) -> str | None:
    """What writers of the field are known to have seen once ``change`` is in: the
    newest base of the current write and of the incoming one, whichever wins."""
    return max((b for b in (current.base if current else None, change.base) if b),
               default=None)


def settled_conflict_id(change: Change) -> str | None:
    """The conflict this write settles: a writer whose base is exactly a lost value's
    stamp had that value in front of them and wrote over it."""
    if not change.base:
        return None
    return derived_id("conflict", change.table, change.row, change.field, change.base)


def _settle_conflict(tx: Tx, conflict_id: str) -> None:
    row = tx.store.get("conflict", conflict_id)
    if row is not None and not row.get("resolved"):
        tx.update("conflict", conflict_id, {"resolved": True, "resolution": "seen"})


def conflict_record(change: Change, kept: Write, lost: Write,
                    cell_id: str | None) -> tuple[str, dict]:
    """The id and fields of the conflict record for a concurrent write that lost.

    The id is made from what the conflict is about, so every replica (and the
    server) that finds the same conflict makes the same record.
    """
    conflict_id = derived_id("conflict", change.table, change.row, change.field, lost.hlc)
    return conflict_id, {
        "cell_id": cell_id,
        "tbl": change.table,
        "row_id": change.row,
        "field": change.field,
        "kept_value": json.dumps(kept.value, ensure_ascii=False),
        "kept_hlc": kept.hlc,
        "lost_value": json.dumps(lost.value, ensure_ascii=False),
        "lost_hlc": lost.hlc,
        "resolved": False,
    }


def _record_conflict(tx: Tx, change: Change, kept: Write, lost: Write) -> str:
    """Keep the losing value where a person will see it."""
    row = tx.store.get(change.table, change.row) or {}
    cell_id = row.get("cell_id") or (change.value if change.field == "cell_id" else None)
    conflict_id, fields = conflict_record(change, kept, lost, cell_id)
    if tx.store.get("conflict", conflict_id) is None:
        tx.insert("conflict", fields, row_id=conflict_id)
    return conflict_id


def mark_sent(tx: Tx, seqs: Iterable[int], batch_id: str) -> None:
    """Acknowledged by the server: never send these again."""
    for seq in seqs:
        tx.db.execute(
            "UPDATE change_log SET state = 'sent', batch_id = ? WHERE seq = ?", [batch_id, seq]
        )


def mark_rejected(tx: Tx, seq: int, code: str, message: str) -> None:
    """Refused by the server: kept, marked, and shown to a person."""
    tx.db.execute(
        "UPDATE change_log SET state = 'rejected', reject_code = ?, reject_message = ? WHERE seq = ?",
        [code, message, seq],
    )
