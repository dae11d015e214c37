"""Where a profile stands with its server: for ``cellclient status`` and the status bar.

The engine writes down when it last tried and last finished, and how; this
module reads that back with the counts a person cares about: changes waiting,
conflicts to review, changes the server refused. Only counts, times and error
codes are stored: no values, so nothing personal ends up in the meta table.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from cellclient.i18n import register, tr
from cellclient.profile import Profile
from cellclient.services.cells import CURRENT_CELL
from cellclient.services.conflicts import count_open_conflicts, describe_record
from cellclient.store import Store
from cellclient.validation import label

if TYPE_CHECKING:
    from sync.client import SyncResult

LAST_ATTEMPT = "sync.last_attempt_at"
LAST_OK = "sync.last_ok_at"
LAST_REPORT = "sync.last_report"
DEVICE_ID = "sync.device_id"
ROLE = "sync.role"
SCOPE = "sync.scope"
ENROLLED_AT = "sync.enrolled_at"

register({
    "reject.role": ("vai trò của bạn không được sửa mục này", "your role may not change this"),
    "reject.locked": ("biên bản đã thông qua và bị khóa", "the minutes are adopted and locked"),
    "reject.insert_only": ("khoản thu đã ghi thì không sửa được; hãy ghi bút toán đảo",
                           "a recorded payment cannot be changed; record a reversal"),
    "reject.out_of_scope": ("ngoài phạm vi chi bộ của bạn", "outside your cell"),
    "reject.invalid": ("dữ liệu không hợp lệ", "not valid"),
})


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _put(store: Store, values: dict[str, str | None]) -> None:
    with store.transaction() as tx:
        tx.db.conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                               list(values.items()))


def record_attempt(store: Store) -> None:
    _put(store, {LAST_ATTEMPT: _now()})


def record_success(store: Store, result: SyncResult) -> None:
    now = _now()
    report = {"ok": True, "at": now, "sent": result.sent, "received": result.received,
              "rejected": result.rejected, "conflicts": len(result.conflicts),
              "round_trips": result.round_trips, "bytes_sent": result.bytes_sent,
              "bytes_received": result.bytes_received}
    _put(store, {LAST_OK: now, LAST_REPORT: json.dumps(report)})


def record_failure(store: Store, code: str, message: str, result: SyncResult) -> None:
    report = {"ok": False, "at": _now(), "error": code, "message": message,
              "sent": result.sent, "received": result.received, "rejected": result.rejected,
              "conflicts": len(result.conflicts), "round_trips": result.round_trips}
    _put(store, {LAST_REPORT: json.dumps(report)})


def last_report(store: Store) -> dict | None:
    raw = store.meta(LAST_REPORT)
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


@dataclass
class RejectedEntry:
    """A change the server refused: kept here, shown to a person."""

    seq: int
    table: str
    row_id: str
    field: str
    record: str  # the record in words (a member's name, a meeting's date)
    field_label: str
    code: str
    reason: str  # the code in the person's language
    message: str  # the server's own words (English)


def rejected_changes(store: Store) -> list[RejectedEntry]:
    rows = store.db.execute(
        "SELECT seq, tbl, row_id, field, reject_code, reject_message FROM change_log "
        "WHERE state = 'rejected' ORDER BY seq").fetchall()
    out = []
    for seq, tbl, row_id, fld, code, message in rows:
        code = code or ""
        reason = tr(f"reject.{code}")
        out.append(RejectedEntry(seq, tbl, row_id, fld, describe_record(store, tbl, row_id),
                                 label(fld), code, reason if reason != f"reject.{code}" else code,
                                 message or ""))
    return out


@dataclass
class SyncStatus:
    server_url: str | None
    enrolled: bool
    device_id: str | None
    role: str | None
    scope: list[str]
    last_sync_at: str | None  # last sync that finished in step (UTC)
    last_attempt_at: str | None
    last_report: dict | None
    unsent: int
    open_conflicts: int
    rejected: list[RejectedEntry] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


def scope(store: Store) -> list[str]:
    try:
        value = json.loads(store.meta(SCOPE) or "[]")
    except ValueError:
        return []
    return [c for c in value if isinstance(c, str)] if isinstance(value, list) else []


def read_status(store: Store, profile: Profile, has_token: bool) -> SyncStatus:
    cells = scope(store)
    current = store.meta(CURRENT_CELL)
    conflict_cells = sorted(set(cells) | ({current} if current else set()))
    return SyncStatus(
        server_url=profile.server_url,
        enrolled=bool(profile.server_url and store.meta(DEVICE_ID) and has_token),
        device_id=store.meta(DEVICE_ID),
        role=store.meta(ROLE),
        scope=cells,
        last_sync_at=store.meta(LAST_OK),
        last_attempt_at=store.meta(LAST_ATTEMPT),
        last_report=last_report(store),
        unsent=store.db.execute(
            "SELECT count(*) FROM change_log WHERE state = 'unsent'").fetchone()[0],
        open_conflicts=sum(count_open_conflicts(store, c) for c in conflict_cells),
        rejected=rejected_changes(store),
    )
