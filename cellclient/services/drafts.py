"""Minutes drafts: what the secretary is typing, kept every few seconds on this device.

A draft lives in the local-only ``minute_draft`` table (migration
``0002_minute_drafts``): it is encrypted with the rest of the profile but never
synced and never written to the change log. Saving the minutes for real goes
through ``minutes.set_minutes``; the draft is then discarded.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from ..store import Store


@dataclass(frozen=True)
class Draft:
    meeting_id: str
    body: dict  # the form as typed: {"items": {"1": "..."}, "conclusion": "...", ...}
    saved_at: str  # UTC, ISO 8601


def save_draft(store: Store, meeting_id: str, body: dict, now: dt.datetime | None = None) -> Draft:
    """Keep (replace) the draft of one meeting's minutes."""
    saved_at = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat(timespec="seconds")
    text = json.dumps(body, ensure_ascii=False, sort_keys=True)
    with store.transaction() as tx:
        tx.db.execute(
            "INSERT OR REPLACE INTO minute_draft (meeting_id, body, saved_at) VALUES (?, ?, ?)",
            [meeting_id, text, saved_at],
        )
    return Draft(meeting_id, body, saved_at)


def get_draft(store: Store, meeting_id: str) -> Draft | None:
    row = store.db.execute(
        "SELECT body, saved_at FROM minute_draft WHERE meeting_id = ?", [meeting_id]
    ).fetchone()
    if row is None:
        return None
    return Draft(meeting_id, json.loads(row[0]), row[1])


def discard_draft(store: Store, meeting_id: str) -> None:
    """Forget the draft (after the minutes were saved or adopted, or on request)."""
    with store.transaction() as tx:
        tx.db.execute("DELETE FROM minute_draft WHERE meeting_id = ?", [meeting_id])
