"""What keeps one cell's rows apart from another's, checked the same way on both ends.

Two rules, from the registry in ``schema``:

- A row with a derived id (a setting, an attendance mark, a conflict record)
  must carry the id its identity fields make. Without this, a device of one
  cell could file a row under the id another cell's row will have (the id of
  a setting is made from the cell id, which is no secret) before that cell
  sends it, and the rightful row would be refused from then on.
- A reference (a meeting's chair, a payment's member, a conflict's row) points
  at a row of the referring row's own cell.

The server refuses a change that breaks either rule; a device refuses such a
change when it arrives, as a second line should a server ever let one by.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from .ids import derived_id
from .merge import Change
from .schema import ANY_TABLE, TABLES

Lookup = Callable[[str], Any]  # a field of the changed row -> its value (None: unknown)


class Breach(StrEnum):
    ID_NOT_DERIVED = "id_not_derived"  # the id is not the one the identity fields make
    IDENTITY_MISSING = "identity_missing"  # a new derived row without all its identity
    FOREIGN_REFERENCE = "foreign_reference"  # points at a row of another cell
    UNKNOWN_REFERENCE = "unknown_reference"  # points at a row nobody has
    UNKNOWN_TABLE = "unknown_table"  # a conflict about a table that does not exist


def expected_id(table: str, values: Lookup) -> str | None:
    """The id a row of ``table`` must have given its identity fields; None when the
    table's ids are random or an identity field is not known (or not text)."""
    identity = TABLES[table].identity
    if not identity:
        return None
    parts = [values(name) for name in identity]
    if not all(isinstance(p, str) and p for p in parts):
        return None
    return derived_id(table, *parts)


def identity_breach(change: Change, values: Lookup, *, new_row: bool) -> Breach | None:
    """Whether ``change`` leaves its row under an id its identity does not make.

    ``values`` gives the row's fields as they stand before the change (for a row
    still being created, its values in the same batch); the change's own value
    counts for its field. A row that exists already cannot change its identity.
    """
    identity = TABLES[change.table].identity
    if not identity:
        return None

    def after(name: str) -> Any:
        return change.value if name == change.field else values(name)

    wanted = expected_id(change.table, after)
    if wanted is None:
        return Breach.IDENTITY_MISSING if new_row or change.field in identity else None
    return None if wanted == change.row else Breach.ID_NOT_DERIVED


def reference_target(change: Change, values: Lookup) -> str | None:
    """The table the row id written by ``change`` points at, or None when the change
    is not a reference (or clears one)."""
    f = TABLES[change.table].field(change.field)
    if f is None or f.refers is None or change.value is None:
        return None
    if f.refers == ANY_TABLE:
        return values("tbl")
    return f.refers


def reference_breach(change: Change, row_cell: str | None, values: Lookup,
                     cell_of: Callable[[str, str], str | None], *,
                     unknown_ok: bool) -> Breach | None:
    """Whether a reference in ``change`` points outside its row's cell.

    ``cell_of(table, row)`` is where the replica files a row (None: it has no
    such row). The server knows every row of the cells it holds and refuses a
    reference to a row it does not have; a device may hear of a row after a
    reference to it, so it passes ``unknown_ok``.

    Re-pointing a conflict record (a change of its ``tbl``) is judged as a
    reference too: its row must then be a row of the new table in the cell.
    """
    if change.table == "conflict" and change.field == "tbl":
        target_table, target_row = change.value, values("row_id")
    else:
        target_table, target_row = reference_target(change, values), change.value
    if target_table is None or target_row is None:
        return None
    if target_table not in TABLES:
        return Breach.UNKNOWN_TABLE
    if not isinstance(target_row, str):
        return None  # a type error, reported by the field check
    target_cell = cell_of(target_table, target_row)
    if target_cell is None:
        return None if unknown_ok else Breach.UNKNOWN_REFERENCE
    return None if target_cell == row_cell else Breach.FOREIGN_REFERENCE


MESSAGES = {  # what the server says when it refuses (English: a protocol message)
    Breach.ID_NOT_DERIVED: "this row's id is not the one its {fields} make",
    Breach.IDENTITY_MISSING: "a new {table} row needs its {fields} in the same batch",
    Breach.FOREIGN_REFERENCE: "{field} points at a row of another cell",
    Breach.UNKNOWN_REFERENCE: "{field} points at a row the server does not have",
    Breach.UNKNOWN_TABLE: "{field} names a table that does not exist",
}


def breach_message(breach: Breach, change: Change) -> str:
    fields = " and ".join(TABLES[change.table].identity)
    return MESSAGES[breach].format(table=change.table, field=change.field, fields=fields)
