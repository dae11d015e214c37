"""Concurrent edits that lost the merge, for a person to review.

The merge (``cellclient.merge``) keeps the later write and stores the other
value in a ``conflict`` record. Here a person sees both values and picks one:
keeping the value in place just closes the record; keeping the other writes it
back through the normal write path, so the choice syncs like any edit.

"Mine" is the value written on this device; when neither write came from this
device (a conflict between two others, synced here), "mine" is the value the
record holds now and "theirs" is the one that lost.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .. import formatting
from ..errors import CellClientError, NotFoundError
from ..hlc import ClockError, Stamp
from ..i18n import register, tr
from ..models import Conflict
from ..store import Store
from ..text import full_name
from ..validation import label
from .meetings import require_editable

register(
    {
        "conflict.keep_choice": (
            "Chỉ chọn được “mine” (của máy này) hoặc “theirs” (của máy khác).",
            "Choose “mine” (this device's) or “theirs” (the other device's).",
        ),
        "conflict.resolved": ("Xung đột này đã được xử lý.", "This conflict is already resolved."),
        "conflict.meeting": ("Buổi sinh hoạt ngày {date}", "Meeting of {date}"),
        "conflict.attendance": ("Điểm danh {name}, buổi ngày {date}",
                                "Attendance of {name}, meeting of {date}"),
    }
)

KEEP_CHOICES = ("mine", "theirs")
# A conflict record is made on each replica that finds the conflict, each with its own
# clock stamps; closing it on one device can then "conflict" with the other's copy.
# Such a conflict about a conflict record is bookkeeping, not a person's data: not listed.
_OPEN = ("cell_id = ? AND deleted = 0 AND (resolved IS NULL OR resolved = 0) "
         "AND tbl != 'conflict'")
# Rows whose meeting's adopted minutes lock them; the field that names the meeting.
_MEETING_REF = {"meeting": "id", "agenda_item": "meeting_id", "attendance": "meeting_id"}


@dataclass(frozen=True)
class OpenConflict:
    """One unresolved conflict, with both values decoded and the record described."""

    id: str
    table: str
    row_id: str
    field: str
    field_label: str
    record: str  # the record in words: a member's name, a meeting's date
    mine: Any
    theirs: Any
    mine_is_current: bool  # whether the record holds "mine" now
    mine_at: str | None  # clock stamps of the two writes
    theirs_at: str | None


def _device_of(stamp: str | None) -> str | None:
    try:
        return Stamp.decode(stamp).device_id if stamp else None
    except ClockError:
        return None


def _sides(store: Store, c: Conflict) -> tuple[str, str]:
    """Which stored side ("kept" or "lost") is this device's: (mine, theirs)."""
    lost_here = _device_of(c.lost_hlc) == store.device_id
    kept_here = _device_of(c.kept_hlc) == store.device_id
    if lost_here and not kept_here:
        return "lost", "kept"
    return "kept", "lost"


def _value(c: Conflict, side: str) -> Any:
    raw = c.kept_value if side == "kept" else c.lost_value
    return json.loads(raw) if raw is not None else None


def describe_record(store: Store, table: str, row_id: str) -> str:
    """A record as a person knows it (a name, a meeting date), for the review screen."""
    row = store.get(table, row_id) if table else None
    if row is None:
        return tr(f"table.{table}")
    if table == "member":
        return full_name(row.get("family_name"), row.get("middle_name"), row.get("given_name"))
    if table == "meeting":
        return tr("conflict.meeting", date=formatting.date(row.get("date")))
    if table == "attendance":
        member = store.get("member", row.get("member_id") or "") or {}
        meeting = store.get("meeting", row.get("meeting_id") or "") or {}
        name = full_name(member.get("family_name"), member.get("middle_name"),
                         member.get("given_name"))
        return tr("conflict.attendance", name=name, date=formatting.date(meeting.get("date")))
    if table == "cell":
        return row.get("name") or tr("table.cell")
    if table == "agenda_item":
        return row.get("title") or tr("table.agenda_item")
    return tr(f"table.{table}")


def list_open_conflicts(store: Store, cell_id: str) -> list[OpenConflict]:
    """The cell's unresolved conflicts, oldest first."""
    rows = store.rows("conflict", _OPEN, [cell_id])
    out = []
    for row in rows:
        c = Conflict.from_row(row)
        mine, theirs = _sides(store, c)
        current = (store.get(c.tbl, c.row_id) or {}).get(c.field) if c.tbl else None
        mine_value = _value(c, mine)
        out.append(OpenConflict(
            id=c.id, table=c.tbl or "", row_id=c.row_id or "", field=c.field or "",
            field_label=label(c.field or ""),
            record=describe_record(store, c.tbl or "", c.row_id or ""),
            mine=mine_value, theirs=_value(c, theirs), mine_is_current=current == mine_value,
            mine_at=c.kept_hlc if mine == "kept" else c.lost_hlc,
            theirs_at=c.kept_hlc if theirs == "kept" else c.lost_hlc,
        ))
    return out


def count_open_conflicts(store: Store, cell_id: str) -> int:
    sql = "SELECT count(*) FROM conflict WHERE " + _OPEN  # noqa: S608  (constant text)
    return store.db.execute(sql, [cell_id]).fetchone()[0]


def resolve_conflict(store: Store, conflict_id: str, keep: str = "mine") -> None:
    """Settle a conflict with the value a person chose, and close it.

    The chosen value is written through the normal write path when the record
    does not hold it already; adopted minutes stay locked (LockedError).
    """
    if keep not in KEEP_CHOICES:
        raise ValueError(tr("conflict.keep_choice"))
    with store.transaction() as tx:
        row = store.get("conflict", conflict_id)
        if row is None or row.get("deleted"):
            raise NotFoundError("conflict", conflict_id)
        c = Conflict.from_row(row)
        if c.resolved:
            raise CellClientError(tr("conflict.resolved"))
        mine, theirs = _sides(store, c)
        side = mine if keep == "mine" else theirs
        chosen = _value(c, side)
        target = store.get(c.tbl, c.row_id) if c.tbl else None
        if target is not None and target.get(c.field) != chosen:
            ref = _MEETING_REF.get(c.tbl)
            if ref:
                require_editable(store, target.get(ref) or c.row_id)
            tx.update(c.tbl, c.row_id, {c.field: chosen})
        # "kept"/"lost" rather than "mine"/"theirs": the record syncs, and "mine"
        # means another device on the other end.
        tx.update("conflict", conflict_id, {"resolved": True, "resolution": side})
