"""The local store: one encrypted SQLite file per profile, and its only write path.

Every change to a replicated table goes through ``Tx``: it writes the row and
one change-log entry per changed field, stamped by the device clock, inside
the same transaction. Nothing else writes domain tables.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from . import db as dbmod
from .errors import LedgerError, NotFoundError
from .hlc import Clock
from .ids import new_id
from .merge import Change, Write
from .migrations import migrate
from .schema import TABLES, Table, table
from .text import collation_key, fold, full_name

# Table and column names in the SQL below come from the schema registry, never from
# input; every value is a bound parameter.
Listener = Callable[[dict[str, set[str]]], None]


def to_db(field_kind: str, value: Any) -> Any:
    if field_kind == "bool" and value is not None:
        return 1 if value else 0
    return value


def from_db(field_kind: str, value: Any) -> Any:
    if field_kind == "bool" and value is not None:
        return bool(value)
    return value


def _derived(table_name: str, row: dict) -> dict:
    """Columns kept for speed, recomputed whenever their sources change."""
    if table_name == "member":
        parts = (row.get("family_name"), row.get("middle_name"), row.get("given_name"))
        extra = " ".join(x for x in (row.get("national_id"), row.get("party_card")) if x)
        return {"search_text": f"{fold(full_name(*parts))} {extra}".strip(),
                "sort_text": collation_key(*parts)}
    return {}


class Store:
    """An open profile database with its device clock.

    Each thread reads through a connection of its own, which sees committed data
    only and never waits behind the writer (the window reads while a sync or an
    import writes). The one writing connection serves the thread inside
    ``transaction()``, for its reads too.
    """

    def __init__(self, database, clock: Clock, path: Path | None = None,
                 key: bytes | None = None):
        self._writer = database
        self.clock = clock
        self.path = path
        self._key = key  # for the reading connections; None: everything on the writer
        self._lock = threading.RLock()
        self._tx: Tx | None = None
        self._tx_thread: int | None = None
        self._readers: dict[int, Any] = {}
        self._readers_lock = threading.Lock()
        self._closed = False
        self._listeners: list[Listener] = []

    @classmethod
    def open(cls, path: str | Path, key: bytes, device_id: str) -> Store:
        """Open or create the file, bring its schema up to date, load the clock."""
        path = Path(path)
        database = dbmod.connect(path, key)
        try:
            migrate(database, path)
        except BaseException:
            database.close()
            raise
        row = database.execute("SELECT value FROM meta WHERE key = 'hlc_last'").fetchone()
        return cls(database, Clock(device_id, row[0] if row else None), path, key)

    @property
    def db(self):
        """The connection for the calling thread (see the class)."""
        ident = threading.get_ident()
        if self._key is None or self._tx_thread == ident:
            return self._writer
        # Keyed by thread id, not threading.local: a Qt worker thread gets a fresh
        # Python thread state (and so empty locals) for every job it runs. A new
        # thread that reuses a finished one's id may reuse its connection too.
        reader = self._readers.get(ident)
        return reader if reader is not None else self._open_reader(ident)

    def _open_reader(self, ident: int):
        with self._readers_lock:
            if self._closed:
                raise dbmod.sqlite3.ProgrammingError("Cannot operate on a closed database.")
            reader = self._readers[ident] = dbmod.connect(self.path, self._key, read_only=True)
        return reader

    def close(self) -> None:
        with self._readers_lock:
            self._closed = True
            readers, self._readers = list(self._readers.values()), {}
        for reader in readers:
            reader.close()
        self._writer.close()

    @property
    def device_id(self) -> str:
        return self.clock.device_id

    # -- reading ---------------------------------------------------------

    def get(self, table_name: str, row_id: str) -> dict | None:
        t = table(table_name)
        cur = self.db.execute(f"SELECT * FROM [{t.name}] WHERE id = ?", [row_id])  # noqa: S608
        row = cur.fetchone()
        if row is None:
            return None
        return _row_dict(t, cur.description, row)

    def require(self, table_name: str, row_id: str) -> dict:
        row = self.get(table_name, row_id)
        if row is None or row.get("deleted"):
            raise NotFoundError(table_name, row_id)
        return row

    def rows(self, table_name: str, where: str = "deleted = 0", params=(), order: str = "id"):
        """Rows of a table as dicts; ``where`` is SQL with ``?`` placeholders only."""
        t = table(table_name)
        cur = self.db.execute(f"SELECT * FROM [{t.name}] WHERE {where} ORDER BY {order}", list(params))  # noqa: S608
        desc = cur.description
        return [_row_dict(t, desc, r) for r in cur.fetchall()]

    def meta(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def field_write(self, table_name: str, row_id: str, field: str) -> Write | None:
        """The field's value and clock: the stamp of its winning write, and as base the
        newest stamp any writer of this field is known to have seen."""
        row = self.db.execute(
            "SELECT hlc, base FROM field_clock WHERE tbl = ? AND row_id = ? AND field = ?",
            [table_name, row_id, field],
        ).fetchone()
        if row is None:
            return None
        current = self.get(table_name, row_id) or {}
        return Write(current.get(field), row[0], row[1])

    # -- writing ---------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener({table: {row ids}})`` after each commit that changed rows."""
        self._listeners.append(listener)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Tx]:
        """One atomic unit of work; nested calls join the outer transaction."""
        with self._lock:
            if self._tx is not None:
                yield self._tx
                return
            db = self._writer
            db.execute("BEGIN IMMEDIATE")
            self._tx_thread = threading.get_ident()
            try:
                # Another process (the window and a CLI command) may have stamped writes
                # since we loaded the clock: move past its last stamp so no two writes
                # on this device ever share one.
                row = db.execute("SELECT value FROM meta WHERE key = 'hlc_last'").fetchone()
                if row and row[0]:
                    self.clock.catch_up(row[0])
                tx = self._tx = Tx(self)
                yield tx
                db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('hlc_last', ?)",
                           [self.clock.last])
                db.execute("COMMIT")
            except BaseException:
                if db.conn.in_transaction:
                    db.execute("ROLLBACK")
                raise
            finally:
                self._tx = None
                self._tx_thread = None
        if tx.touched:
            for listener in list(self._listeners):
                listener(tx.touched)

    def set_meta(self, key: str, value: str | None) -> None:
        with self.transaction():
            self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [key, value])


def _row_dict(t: Table, description, row) -> dict:
    out = {}
    for (name, *_), value in zip(description, row, strict=True):
        f = t.field(name)
        out[name] = from_db(f.kind, value) if f else value
    return out


class Tx:
    """Writes inside one transaction; created by ``Store.transaction()``."""

    def __init__(self, store: Store):
        self.store = store
        self.db = store.db
        self.touched: dict[str, set[str]] = {}

    def insert(self, table_name: str, values: dict, row_id: str | None = None) -> str:
        """Create a row (or, for a row id that already exists, update it)."""
        t = table(table_name)
        row_id = row_id or new_id()
        if self.store.get(t.name, row_id) is not None:
            self.update(t.name, row_id, values)
            return row_id
        _check_fields(t, values)
        stored = {k: to_db(t.field(k).kind, v) for k, v in values.items()}
        stored.update(_derived(t.name, values))
        cols = ", ".join(f"[{c}]" for c in ("id", *stored))
        marks = ", ".join("?" for _ in range(len(stored) + 1))
        self.db.execute(f"INSERT INTO [{t.name}] ({cols}) VALUES ({marks})", [row_id, *stored.values()])  # noqa: S608
        stamp = self.store.clock.now()
        self._log(t.name, row_id, [(n, v, None) for n, v in values.items() if v is not None], stamp)
        self._touch(t.name, row_id)
        return row_id

    def update(self, table_name: str, row_id: str, values: dict) -> list[str]:
        """Write the fields whose value differs; returns the names of those fields."""
        t = table(table_name)
        _check_fields(t, values)
        current = self.store.get(t.name, row_id)
        if current is None:
            raise NotFoundError(t.name, row_id)
        changed = {k: v for k, v in values.items() if current.get(k) != v}
        if not changed:
            return []
        if t.insert_only:
            raise LedgerError(f"{t.name} rows are append-only; write a reversing entry instead")
        stamp = self.store.clock.now()
        entries = [(n, v, self._clock_of(t.name, row_id, n)) for n, v in changed.items()]
        self._log(t.name, row_id, entries, stamp)
        self._store_values(t, row_id, changed, {**current, **changed})
        return list(changed)

    def delete(self, table_name: str, row_id: str) -> None:
        """Tombstone: the row stays, marked deleted, so the deletion can sync."""
        if table(table_name).insert_only:
            raise LedgerError(f"{table_name} rows are never deleted")
        self.update(table_name, row_id, {"deleted": True})

    def apply_write(self, change: Change, write_row: bool, seen: str | None) -> None:
        """Record a remote write: the field clock always learns what its writer had
        seen (``seen``: the newest base known); the row takes the value when it won."""
        t = table(change.table)
        if not write_row:
            self.db.execute(
                "UPDATE field_clock SET base = ? WHERE tbl = ? AND row_id = ? AND field = ?",
                [seen, change.table, change.row, change.field],
            )
            return
        self.db.execute(
            "INSERT OR REPLACE INTO field_clock (tbl, row_id, field, hlc, base) VALUES (?, ?, ?, ?, ?)",
            [change.table, change.row, change.field, change.hlc, seen],
        )
        current = self.store.get(t.name, change.row)
        if current is None:
            self.db.execute(f"INSERT INTO [{t.name}] (id) VALUES (?)", [change.row])  # noqa: S608
            current = {"id": change.row}
        self._store_values(t, change.row, {change.field: change.value},
                           {**current, change.field: change.value})

    def _store_values(self, t: Table, row_id: str, changed: dict, merged: dict) -> None:
        stored = {k: to_db(t.field(k).kind, v) for k, v in changed.items()}
        stored.update(_derived(t.name, merged))
        sets = ", ".join(f"[{c}] = ?" for c in stored)
        self.db.execute(f"UPDATE [{t.name}] SET {sets} WHERE id = ?", [*stored.values(), row_id])  # noqa: S608
        self._touch(t.name, row_id)

    def _clock_of(self, table_name: str, row_id: str, field: str) -> str | None:
        row = self.db.execute(
            "SELECT hlc FROM field_clock WHERE tbl = ? AND row_id = ? AND field = ?",
            [table_name, row_id, field],
        ).fetchone()
        return row[0] if row else None

    def _log(self, table_name: str, row_id: str, entries: list[tuple], stamp: str) -> None:
        """One change-log entry per (field, value, base), and the field clocks."""
        self.db.conn.executemany(
            "INSERT INTO change_log (tbl, row_id, field, value, hlc, base) VALUES (?, ?, ?, ?, ?, ?)",
            [(table_name, row_id, f, json.dumps(v, ensure_ascii=False), stamp, b)
             for f, v, b in entries],
        )
        self.db.conn.executemany(
            "INSERT OR REPLACE INTO field_clock (tbl, row_id, field, hlc, base) VALUES (?, ?, ?, ?, ?)",
            [(table_name, row_id, f, stamp, b) for f, _, b in entries],
        )

    def _touch(self, table_name: str, row_id: str) -> None:
        self.touched.setdefault(table_name, set()).add(row_id)


def _check_fields(t: Table, values: dict) -> None:
    for name, value in values.items():
        f = t.field(name)
        if f is None:
            raise ValueError(f"{t.name} has no field {name!r}")
        problem = f.check(value)
        if problem:
            raise ValueError(f"{t.name}.{name}: {problem} ({value!r})")


__all__ = ["Store", "Tx", "TABLES"]
