"""What the status bar and the sync page say about the server and the outbox.

The counts come from the store (``replica.count_unsent`` and the open
conflicts) in a background read after every commit; the server part comes
from the ``SyncController``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cellclient.replica import count_unsent
from cellclient.services.conflicts import count_open_conflicts


@dataclass
class Outbox:
    unsent: int
    conflicts: int


def load_outbox(store, cell_id: str) -> Outbox:
    return Outbox(count_unsent(store), count_open_conflicts(store, cell_id))


def local_time(moment: dt.datetime) -> str:
    return moment.astimezone().strftime("%H:%M %d/%m/%Y")
