"""The cell a profile keeps records for."""

from __future__ import annotations

import datetime as dt

from ..errors import CellClientError
from ..i18n import register, tr
from ..ids import new_id
from ..models import Cell
from ..schema import CELL_KINDS
from ..store import Store
from ..validation import Checker
from .dues_settings import START_MONTH_KEY, check_start_month
from .settings import write_setting

CURRENT_CELL = "current_cell"

register(
    {
        "cell.none": (
            "Hồ sơ này chưa có chi bộ. Hãy chạy: cellclient init --cell-name \"Tên chi bộ\"",
            "This profile has no cell yet. Run: cellclient init --cell-name \"Cell name\"",
        ),
    }
)


def create_cell(store: Store, name: str, parent_org: str | None = None,
                kind: str = "residential", *, dues_start_month: str | None = None,
                today: dt.date | None = None) -> Cell:
    """Create a cell and make it the profile's current one. ``dues_start_month``
    (``YYYY-MM``, usually the month the profile is made) is the first month whose
    dues are tracked; without it, see ``dues_settings.tracking_start``."""
    values, first = _checked(name, parent_org, kind, dues_start_month, today)
    with store.transaction() as tx:
        cell_id = new_id()
        tx.insert("cell", {"cell_id": cell_id, **values}, row_id=cell_id)
        tx.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [CURRENT_CELL, cell_id])
        if first:
            write_setting(tx, cell_id, START_MONTH_KEY, first)
    return get_cell(store, cell_id)


def clean_cell(name: str, parent_org: str | None = None, kind: str = "residential", *,
               dues_start_month: str | None = None, today: dt.date | None = None) -> dict:
    """Check a new cell's fields; callers may check before making anything else."""
    return _checked(name, parent_org, kind, dues_start_month, today)[0]


def _checked(name, parent_org, kind, dues_start_month, today) -> tuple[dict, str | None]:
    c = Checker()
    values = {
        "name": c.text("name", name, required=True, max_len=200),
        "parent_org": c.text("parent_org", parent_org, max_len=200),
        "kind": c.choice("kind", kind, CELL_KINDS, required=True),
    }
    first = check_start_month(c, dues_start_month, today=today)
    c.done()
    return values, first


def get_cell(store: Store, cell_id: str) -> Cell:
    return Cell.from_row(store.require("cell", cell_id))


def current_cell(store: Store) -> Cell:
    if not has_cell(store):
        raise CellClientError(tr("cell.none"))
    return get_cell(store, store.meta(CURRENT_CELL))


def has_cell(store: Store) -> bool:
    """Whether the profile's cell is here: an enrolled profile gets it with its first sync."""
    cell_id = store.meta(CURRENT_CELL)
    return bool(cell_id) and store.get("cell", cell_id) is not None


def update_cell(store: Store, cell_id: str, **values) -> Cell:
    c = Checker()
    clean = {}
    if "name" in values:
        clean["name"] = c.text("name", values["name"], required=True, max_len=200)
    if "parent_org" in values:
        clean["parent_org"] = c.text("parent_org", values["parent_org"], max_len=200)
    if "kind" in values:
        clean["kind"] = c.choice("kind", values["kind"], CELL_KINDS, required=True)
    c.done()
    with store.transaction() as tx:
        tx.update("cell", cell_id, clean)
    return get_cell(store, cell_id)
