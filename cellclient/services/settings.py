"""A cell's settings: key/value rows in the replicated ``setting`` table.

Each key has one row per cell with a derived id, so two devices setting the
same key offline write the same row and the merge picks one value.
"""

from __future__ import annotations

from ..ids import derived_id
from ..store import Store, Tx


def setting_id(cell_id: str, key: str) -> str:
    return derived_id("setting", cell_id, key)


def get_setting(store: Store, cell_id: str, key: str) -> str | None:
    row = store.get("setting", setting_id(cell_id, key))
    if row is None or row.get("deleted"):
        return None
    return row.get("value")


def cell_settings(store: Store, cell_id: str, prefix: str = "") -> dict[str, str]:
    """All set values of a cell (optionally only keys starting with ``prefix``)."""
    rows = store.db.execute(
        "SELECT key, value FROM setting WHERE cell_id = ? AND deleted = 0 AND value IS NOT NULL",
        [cell_id],
    ).fetchall()
    return {k: v for k, v in rows if k and k.startswith(prefix)}


def write_setting(tx: Tx, cell_id: str, key: str, value: str | None) -> None:
    """Set one key inside the caller's transaction (None clears it back to its default)."""
    tx.insert("setting", {"cell_id": cell_id, "key": key, "value": value},
              row_id=setting_id(cell_id, key))


def set_setting(store: Store, cell_id: str, key: str, value: str | None) -> None:
    with store.transaction() as tx:
        write_setting(tx, cell_id, key, value)
