"""The field state of the rows a batch touches, read once and written back once.

Applying a batch reads the current winning write of many fields and writes
many back. Loading every touched row in a few queries and flushing the
changed fields with ``executemany`` keeps a 5,000-change batch to a handful of
round trips on PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, bindparam, select, update

from .tables import cell_seq, field_state, row_cells

CHUNK = 500  # ids per IN (...) list: well under every engine's parameter limit

RowKey = tuple[str, str]  # (table, row)
FieldKey = tuple[str, str, str]  # (table, row, field)


@dataclass
class FieldWrite:
    cell_id: str
    value: Any
    hlc: str
    base: str | None
    origin: str
    seq: int


def _chunks(items: list, size: int = CHUNK):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _by_table(keys: Iterable[RowKey]) -> dict[str, list[str]]:
    grouped: dict[str, set[str]] = {}
    for tbl, row in keys:
        grouped.setdefault(tbl, set()).add(row)
    return {tbl: sorted(rows) for tbl, rows in grouped.items()}


class RowCells:
    """The cell of every row: fixed when the row is first written."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.known: dict[RowKey, str] = {}
        self.loaded: set[RowKey] = set()
        self.new: dict[RowKey, str] = {}

    def load(self, keys: Iterable[RowKey]) -> None:
        missing = [k for k in set(keys) if k not in self.loaded]
        for tbl, rows in _by_table(missing).items():
            for part in _chunks(rows):
                result = self.conn.execute(
                    select(row_cells.c.row_id, row_cells.c.cell_id)
                    .where(row_cells.c.tbl == tbl, row_cells.c.row_id.in_(part)))
                self.known.update({(tbl, r.row_id): r.cell_id for r in result})
        self.loaded.update(missing)

    def get(self, key: RowKey) -> str | None:
        if key not in self.loaded:
            self.load([key])
        return self.known.get(key)

    def set(self, key: RowKey, cell_id: str) -> None:
        if self.get(key) is None:
            self.known[key] = cell_id
            self.new[key] = cell_id

    def flush(self) -> None:
        if self.new:
            self.conn.execute(row_cells.insert(), [
                {"tbl": t, "row_id": r, "cell_id": c} for (t, r), c in self.new.items()])
            self.new.clear()


class FieldState:
    """Current winning writes of the loaded rows; ``put`` marks a field for ``flush``."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.fields: dict[FieldKey, FieldWrite] = {}
        self.stored: set[FieldKey] = set()  # fields that already have a row in the database
        self.rows: set[RowKey] = set()  # rows with at least one field
        self.loaded: set[RowKey] = set()
        self.dirty: set[FieldKey] = set()

    def load(self, keys: Iterable[RowKey]) -> None:
        missing = [k for k in set(keys) if k not in self.loaded]
        for tbl, rows in _by_table(missing).items():
            for part in _chunks(rows):
                result = self.conn.execute(
                    select(field_state).where(field_state.c.tbl == tbl,
                                              field_state.c.row_id.in_(part)))
                for r in result:
                    key = (tbl, r.row_id, r.field)
                    self.fields[key] = FieldWrite(r.cell_id, json.loads(r.value), r.hlc, r.base,
                                                  r.origin, r.seq)
                    self.stored.add(key)
                    self.rows.add((tbl, r.row_id))
        self.loaded.update(missing)

    def get(self, table: str, row: str, field: str) -> FieldWrite | None:
        if (table, row) not in self.loaded:
            self.load([(table, row)])
        return self.fields.get((table, row, field))

    def value(self, table: str, row: str, field: str) -> Any:
        current = self.get(table, row, field)
        return None if current is None else current.value

    def row_exists(self, table: str, row: str) -> bool:
        if (table, row) not in self.loaded:
            self.load([(table, row)])
        return (table, row) in self.rows

    def put(self, table: str, row: str, field: str, write: FieldWrite) -> None:
        self.fields[(table, row, field)] = write
        self.rows.add((table, row))
        self.dirty.add((table, row, field))

    def flush(self) -> None:
        inserts, updates = [], []
        for key in sorted(self.dirty):
            w = self.fields[key]
            values = {"cell_id": w.cell_id, "value": json.dumps(w.value, ensure_ascii=False),
                      "hlc": w.hlc, "base": w.base, "origin": w.origin, "seq": w.seq}
            if key in self.stored:
                updates.append({"k_tbl": key[0], "k_row": key[1], "k_field": key[2], **values})
            else:
                inserts.append({"tbl": key[0], "row_id": key[1], "field": key[2], **values})
        if updates:
            stmt = update(field_state).where(and_(
                field_state.c.tbl == bindparam("k_tbl"), field_state.c.row_id == bindparam("k_row"),
                field_state.c.field == bindparam("k_field")))
            self.conn.execute(stmt, updates)
        if inserts:
            self.conn.execute(field_state.insert(), inserts)
        self.stored.update(self.dirty)
        self.dirty.clear()


class Sequences:
    """Per-cell sequence numbers, from counter rows locked for the whole transaction.

    Cells are locked in id order, so two writers never wait for each other in a
    circle; on SQLite the write lock already serialises writers.
    """

    def __init__(self, conn: Connection, cells: Iterable[str]):
        self.conn = conn
        self.last: dict[str, int] = {}
        for cell in sorted(set(cells)):
            row = conn.execute(select(cell_seq.c.last_seq).where(cell_seq.c.cell_id == cell)
                               .with_for_update()).first()
            if row is not None:
                self.last[cell] = row.last_seq
        self.start = dict(self.last)

    def next(self, cell: str) -> int:
        self.last[cell] += 1  # KeyError here would be a bug: only locked cells get numbers
        return self.last[cell]

    def flush(self) -> None:
        changed = [{"k_cell": c, "last_seq": n} for c, n in sorted(self.last.items())
                   if n != self.start[c]]
        if changed:
            self.conn.execute(update(cell_seq).where(cell_seq.c.cell_id == bindparam("k_cell")),
                              changed)
        self.start = dict(self.last)
