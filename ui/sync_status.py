"""What the status bar and the sync page say about the server and the outbox.

The counts come from the store in a background read after every commit; the
server part comes from the ``SyncController``. The outbox is counted in
records (a member, a meeting, a payment), not in the field changes the change
log keeps: a secretary who added 30 members has 30 things to send, not the
several hundred field values they hold. Without a server nothing is counted:
there is nowhere to send to yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cellclient.services.conflicts import count_open_conflicts


@dataclass
class Outbox:
    unsent_records: int | None  # records with changes the server has not got; None: no server
    conflicts: int


def count_unsent_records(store) -> int:
    """Records (distinct rows) with at least one change not yet sent."""
    return store.db.execute(
        "SELECT count(*) FROM (SELECT DISTINCT tbl, row_id FROM change_log WHERE state = 'unsent')"
    ).fetchone()[0]


def load_outbox(store, cell_id: str, connected: bool = True) -> Outbox:
    return Outbox(count_unsent_records(store) if connected else None,
                  count_open_conflicts(store, cell_id))


def local_time(moment: dt.datetime) -> str:
    return moment.astimezone().strftime("%H:%M %d/%m/%Y")
