"""Applying one pushed batch: check every change, merge it, keep conflicts, record the result.

The whole batch is one transaction, in order. Each change is checked (its
row's cell, the device's scope, the user's role, adopted minutes, insert-only
ledger rows) and, when allowed, merged with ``cellclient.merge.merge``: the
same rule as on every device. A concurrent write that loses becomes a
``conflict`` row in the feed, stamped by the server's own clock. A refused
change is listed in ``rejected`` and the rest of the batch is applied. The
result is recorded under the batch id, so a retried batch is answered from
the record and never applied twice.
"""

from __future__ import annotations

import json
import logging
import secrets
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, select

from cellclient.hlc import Clock, ClockError
from cellclient.integrity import breach_message, identity_breach, reference_breach, reference_target
from cellclient.merge import Change, Write, merge
from cellclient.replica import conflict_record, seen_after, settled_conflict_id
from cellclient.schema import TABLES
from sync.protocol import ConflictNote, RejectCode, Rejected, SyncRequest

from . import db
from .audit import record
from .roles import UNLOCKERS, Caller, role_may_write
from .state import FieldState, FieldWrite, RowCells, Sequences
from .tables import batches

log = logging.getLogger(__name__)

SERVER_ORIGIN = "server"  # the origin of rows the server writes itself (conflict records)


def server_clock() -> Clock:
    """This process's clock. Several app servers (and the admin command) write at
    once; a node name of their own keeps two writes of one millisecond apart.
    Random, not the process id: in containers every replica may be process 1."""
    return Clock(f"{SERVER_ORIGIN}{secrets.token_hex(4)}")

MEETING_CHILDREN = ("agenda_item", "attendance")  # locked with their meeting


@dataclass
class BatchResult:
    applied: int = 0
    conflicts: list[ConflictNote] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"applied": self.applied, "conflicts": [asdict(c) for c in self.conflicts],
                "rejected": [asdict(r) for r in self.rejected]}

    @classmethod
    def from_json(cls, data: dict) -> BatchResult:
        return cls(data["applied"], [ConflictNote(**c) for c in data["conflicts"]],
                   [Rejected(**r) for r in data["rejected"]])


BATCH_RECORD_MS = 90 * 24 * 3600 * 1000  # how long a batch's answer is kept for a resend


def apply_batch(engine: Engine, caller: Caller, request: SyncRequest, clock: Clock) -> BatchResult:
    """Apply a batch once; a batch id seen before gets its recorded result."""
    if not request.changes:
        return BatchResult()  # a pull only: nothing to apply or to record
    return db.write(engine, lambda conn: _apply_once(conn, caller, request, clock))


def _apply_once(conn: Connection, caller: Caller, request: SyncRequest, clock: Clock) -> BatchResult:
    recorded = conn.execute(select(batches.c.result).where(
        batches.c.device_id == caller.device_id, batches.c.batch_id == request.batch_id)).scalar()
    if recorded is not None:
        log.info("batch replayed device=%s batch=%s", caller.device_id, request.batch_id)
        return BatchResult.from_json(json.loads(recorded))
    run = _Run(conn, caller, request.changes, clock)
    result = run.apply()
    now = db.now_ms()
    conn.execute(batches.insert().values(
        device_id=caller.device_id, batch_id=request.batch_id,
        created_at=now, result=json.dumps(result.to_json())))
    # The record answers a resend of the same batch, which comes within the retry
    # budget or at the device's next sync. Older records only grow the table; a
    # resend after that is merged again, to the same state (writes keep their stamps).
    conn.execute(batches.delete().where(batches.c.device_id == caller.device_id,
                                        batches.c.created_at < now - BATCH_RECORD_MS))
    record(conn, "sync", user_id=caller.user_id, device_id=caller.device_id,
           batch_id=request.batch_id, changes=len(request.changes), applied=result.applied,
           conflicts=len(result.conflicts), rejected=len(result.rejected),
           cells=sorted(run.seqs.start))
    for meeting_id in run.unlocked:
        record(conn, "unlock", user_id=caller.user_id, device_id=caller.device_id,
               batch_id=request.batch_id, meeting=meeting_id)
    log.info("batch applied device=%s batch=%s changes=%d applied=%d conflicts=%d rejected=%d",
             caller.device_id, request.batch_id, len(request.changes), result.applied,
             len(result.conflicts), len(result.rejected))
    return result


def same_value(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


class _Run:
    """One batch being applied inside its transaction."""

    def __init__(self, conn: Connection, caller: Caller, changes: list[Change], clock: Clock):
        self.caller = caller
        self.changes = changes
        self.clock = clock
        self.result = BatchResult()
        self.unlocked: list[str] = []
        rows = {(c.table, c.row) for c in changes}
        # The first value each field has in the batch: a new row's cell, a setting's
        # key or an attendance's meeting may come later in the same batch.
        self.first: dict[tuple[str, str, str], Any] = {}
        for c in changes:
            self.first.setdefault((c.table, c.row, c.field), c.value)
        self.row_cells = RowCells(conn)
        self.row_cells.load(rows)
        touched = {self._cell_of(key) for key in rows} & caller.writable
        self.seqs = Sequences(conn, touched)  # locks those cells' counters until commit
        self.state = FieldState(conn)
        self.state.load(rows)
        meetings = {self._value(c.table, c.row, "meeting_id") for c in changes
                    if c.table in MEETING_CHILDREN}
        self.state.load(("meeting", m) for m in meetings if isinstance(m, str))
        self.row_cells.load(self._references())

    def apply(self) -> BatchResult:
        for index, change in enumerate(self.changes):
            cell, refusal = self._check(change)
            if refusal is None:
                self._merge(change, cell)
                continue
            code, message = refusal
            if code in (RejectCode.ROLE, RejectCode.LOCKED, RejectCode.INSERT_ONLY) \
                    and self._unchanged(change):
                continue  # repeats the value the server has: writes nothing, refuses nothing
            self.result.rejected.append(Rejected(index, str(code), message))
        self.row_cells.flush()
        self.state.flush()
        self.seqs.flush()
        return self.result

    # -- lookups --------------------------------------------------------------

    def _cell_of(self, key: tuple[str, str]) -> str | None:
        cell = self.row_cells.get(key)
        if cell is None:
            cell = self.first.get((*key, "cell_id"))
        return cell if isinstance(cell, str) else None

    def _value(self, table: str, row: str, name: str) -> Any:
        """A field's value on the server, else its first value in this batch."""
        current = self.state.get(table, row, name)
        return current.value if current is not None else self.first.get((table, row, name))

    def _references(self) -> set[tuple[str, str]]:
        """The rows the batch's references point at, to look their cells up at once."""
        targets = set()
        for c in self.changes:
            target = reference_target(c, lambda name, c=c: self._value(c.table, c.row, name))
            if isinstance(target, str) and isinstance(c.value, str):
                targets.add((target, c.value))
        return targets

    def _unchanged(self, c: Change) -> bool:
        current = self.state.get(c.table, c.row, c.field)
        return current is not None and same_value(current.value, c.value)

    # -- checks ---------------------------------------------------------------

    def _check(self, c: Change) -> tuple[str | None, tuple[RejectCode, str] | None]:
        """The change's cell, and why it is refused (None: it may be merged)."""
        cell = self._cell_of((c.table, c.row))
        if cell is None:
            return None, (RejectCode.INVALID, "a new row needs its cell_id in the same batch")
        if c.field == "cell_id" and c.value != cell:
            return cell, (RejectCode.INVALID, "a row cannot move to another cell")
        if c.table == "cell" and c.row != cell:
            # A cell's own row lives in that cell; else a writer of one cell could
            # take the id of a cell made offline elsewhere before it is adopted.
            return cell, (RejectCode.INVALID, "a cell row belongs to the cell it describes")
        if cell not in self.caller.scope:
            return cell, (RejectCode.OUT_OF_SCOPE, "this device may not write that cell")
        if cell not in self.caller.writable or not self._role_allows(c):
            return cell, (RejectCode.ROLE, f"the {self.caller.role} role may not write {c.table}")
        refusal = self._lock_refusal(c) or self._integrity_refusal(c, cell)
        if refusal is not None:
            return cell, refusal
        if TABLES[c.table].insert_only:
            if c.field == "deleted" and c.value is True:
                return cell, (RejectCode.INSERT_ONLY,
                              "ledger entries are never deleted; write a reversing entry")
            current = self.state.get(c.table, c.row, c.field)
            if current is not None and not same_value(current.value, c.value):
                return cell, (RejectCode.INSERT_ONLY,
                              "ledger entries are never edited; write a reversing entry")
        try:
            self.clock.observe(c.hlc)
        except ClockError:
            return cell, (RejectCode.INVALID, "the clock stamp is more than a day ahead of the server")
        return cell, None

    def _setting_keys(self, row: str, c: Change | None = None) -> tuple:
        """The key a setting row has and, when ``c`` renames it, the key it gets."""
        keys = [self._value("setting", row, "key")]
        if c is not None and c.field == "key":
            keys.append(c.value)
        return tuple(keys)

    def _role_allows(self, c: Change) -> bool:
        role = self.caller.role
        if c.table == "setting":
            return role_may_write(role, "setting", setting_keys=self._setting_keys(c.row, c))
        if c.table == "conflict":
            about = self._value("conflict", c.row, "tbl")
            keys = ()
            if about == "setting":
                row_id = self._value("conflict", c.row, "row_id")
                keys = self._setting_keys(row_id) if isinstance(row_id, str) else ()
            allowed = role_may_write(role, "conflict", conflict_of=about, setting_keys=keys)
            if c.field == "tbl" and allowed:  # the record may not be re-pointed elsewhere
                allowed = role_may_write(role, "conflict", conflict_of=c.value, setting_keys=keys)
            return allowed
        return role_may_write(role, c.table)

    def _integrity_refusal(self, c: Change, cell: str) -> tuple[RejectCode, str] | None:
        """A derived id its fields do not make, or a reference outside the cell
        (``cellclient.integrity``): whoever sends first, a cell's rows stay its own."""
        def values(name: str) -> Any:
            return self._value(c.table, c.row, name)

        new_row = self.row_cells.get((c.table, c.row)) is None
        breach = identity_breach(c, values, new_row=new_row) or reference_breach(
            c, cell, values, lambda t, r: self.row_cells.get((t, r)), unknown_ok=False)
        if breach is None:
            return None
        return RejectCode.INVALID, breach_message(breach, c)

    def _lock_refusal(self, c: Change) -> tuple[RejectCode, str] | None:
        """Adopted minutes: the meeting, its agenda and its attendance are locked."""
        locked = (RejectCode.LOCKED, "the minutes of this meeting are adopted and locked")
        if c.table == "meeting":
            adopted = self.state.value("meeting", c.row, "adopted_at")
            if adopted is None:
                return None
            if c.field == "adopted_at":
                if c.value is None:
                    if self.caller.role in UNLOCKERS:
                        return None
                    return RejectCode.ROLE, "only the secretary may unlock adopted minutes"
                if same_value(c.value, adopted):
                    return None
            return locked
        if c.table in MEETING_CHILDREN:
            meetings = {self._value(c.table, c.row, "meeting_id")}
            if c.field == "meeting_id":
                meetings.add(c.value)
            for meeting_id in meetings:
                if isinstance(meeting_id, str) and \
                        self.state.value("meeting", meeting_id, "adopted_at") is not None:
                    return locked
        return None

    # -- merge ----------------------------------------------------------------

    def _merge(self, c: Change, cell: str) -> None:
        """The merge of ``cellclient.merge``, with the field-clock bookkeeping of
        ``cellclient.replica.apply_remote_changes``: a field remembers the newest
        base any write of it had, and a write based on a lost value settles that
        conflict. With the same rules as the devices, the server finds the same
        conflicts whatever order the writes arrive in."""
        current = self.state.get(c.table, c.row, c.field)
        incoming = Write(c.value, c.hlc, c.base)
        held = None if current is None else Write(current.value, current.hlc, current.base)
        if held is not None and TABLES[c.table].insert_only:
            return  # the same value again (checked above): a ledger field keeps its first write
        outcome = merge(held, incoming, exact=True)  # every write passes here, in order
        if outcome.lost is not None:
            self._keep_conflict(c, cell, incoming if outcome.apply else held, outcome.lost)
        seen = seen_after(held, c)
        if outcome.apply:
            self.row_cells.set((c.table, c.row), cell)
            self.state.put(c.table, c.row, c.field, FieldWrite(
                cell, c.value, c.hlc, seen, self.caller.device_id, self.seqs.next(cell)))
            self.result.applied += 1
            if c.table == "meeting" and c.field == "adopted_at" and c.value is None \
                    and held is not None and held.value is not None:
                self.unlocked.append(c.row)
        elif current is not None and seen != current.base:
            # The value stays; what its writers had seen grows. A new number sends
            # that to the devices, which judge later writes against it too.
            self.state.put(c.table, c.row, c.field, FieldWrite(
                cell, current.value, current.hlc, seen, current.origin, self.seqs.next(cell)))
        settled = settled_conflict_id(c)
        if settled is not None:
            self._settle_conflict(settled, cell)

    def _settle_conflict(self, conflict_id: str, cell: str) -> None:
        if not self.state.row_exists("conflict", conflict_id) or \
                self.state.value("conflict", conflict_id, "resolved"):
            return
        for name, value in (("resolved", True), ("resolution", "seen")):
            current = self.state.get("conflict", conflict_id, name)
            self.state.put("conflict", conflict_id, name, FieldWrite(
                cell, value, self.clock.now(), current.hlc if current else None, SERVER_ORIGIN,
                self.seqs.next(cell)))

    def _keep_conflict(self, c: Change, cell: str, kept: Write, lost: Write) -> None:
        """The losing value as a conflict row of the cell, like the devices make it."""
        conflict_id, fields = conflict_record(c, kept, lost, cell)
        if not self.state.row_exists("conflict", conflict_id):
            for name, value in fields.items():
                self.state.put("conflict", conflict_id, name, FieldWrite(
                    cell, value, self.clock.now(), None, SERVER_ORIGIN, self.seqs.next(cell)))
            self.row_cells.set(("conflict", conflict_id), cell)
        self.result.conflicts.append(ConflictNote(conflict_id, c.table, c.row, c.field))
