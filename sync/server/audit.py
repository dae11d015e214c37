"""The audit trail: who did what, when, from which device. Ids and counts only."""

from __future__ import annotations

import json

from sqlalchemy import Connection

from .db import now_ms
from .tables import audit


def record(conn: Connection, kind: str, *, user_id: str | None = None,
           device_id: str | None = None, batch_id: str | None = None, **detail) -> None:
    """One audit entry, in the caller's transaction (so it exists if and only if the act does)."""
    conn.execute(audit.insert().values(
        at=now_ms(), kind=kind, user_id=user_id, device_id=device_id,
        batch_id=batch_id, detail=json.dumps(detail, sort_keys=True)))
