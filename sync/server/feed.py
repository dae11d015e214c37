"""The pull side: the compacted feed of a device's cells after its cursor.

Every field keeps only its current winning write, numbered by its cell's
sequence at the moment it last changed. A cursor is ``{cell: last seen
number}`` encoded as an opaque string; the feed returns, cell by cell in id
order, the fields whose number is above it. Writes the requesting device made
itself are skipped (it has them) but the cursor still moves past them.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass

from sqlalchemy import Connection, select

from cellclient.merge import Change
from sync.protocol import bad

from .roles import Caller
from .state import CHUNK
from .tables import cell_seq, field_state


@dataclass
class Page:
    changes: list[Change]
    cursor: str
    more: bool


def encode_cursor(position: dict[str, int]) -> str:
    text = json.dumps({c: n for c, n in sorted(position.items()) if n}, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> dict[str, int]:
    """The position a cursor stands for; a string this server did not make is a 400."""
    if cursor is None or cursor == "":
        return {}
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        position = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):
        raise bad("cursor", "is not a cursor this server gave") from None
    if not isinstance(position, dict) or not all(
            isinstance(c, str) and isinstance(n, int) and not isinstance(n, bool) and n >= 0
            for c, n in position.items()):
        raise bad("cursor", "is not a cursor this server gave")
    return position


def pull(conn: Connection, caller: Caller, after: dict[str, int], max_pull: int) -> Page:
    """At most ``max_pull`` fields of the caller's cells changed after the position
    ``after`` (a decoded cursor)."""
    position = {c: n for c, n in after.items() if c in caller.scope}
    last = _last_numbers(conn, sorted(caller.scope))
    waiting = [c for c in sorted(last) if last[c] > position.get(c, 0)]
    changes: list[Change] = []
    budget = max_pull
    more = False
    for cell in waiting:
        if budget <= 0:
            more = True
            break
        rows = conn.execute(
            select(field_state.c.tbl, field_state.c.row_id, field_state.c.field,
                   field_state.c.value, field_state.c.hlc, field_state.c.base,
                   field_state.c.origin, field_state.c.seq)
            .where(field_state.c.cell_id == cell, field_state.c.seq > position.get(cell, 0))
            .order_by(field_state.c.seq).limit(budget)).all()
        for r in rows:
            if r.origin != caller.device_id:
                changes.append(Change(r.tbl, r.row_id, r.field, json.loads(r.value), r.hlc, r.base))
        if rows:
            position[cell] = rows[-1].seq
        if len(rows) < budget:
            # Everything of this cell up to ``last`` was visible to the query above
            # (numbers commit in order), so the cell is read to there.
            position[cell] = max(position.get(cell, 0), last[cell])
        elif position.get(cell, 0) < last[cell]:
            more = True  # the page ended inside this cell
        budget -= len(rows)
    return Page(changes, encode_cursor(position), more)


def _last_numbers(conn: Connection, cells: list[str]) -> dict[str, int]:
    last: dict[str, int] = {}
    for i in range(0, len(cells), CHUNK):
        part = cells[i:i + CHUNK]
        rows = conn.execute(select(cell_seq.c.cell_id, cell_seq.c.last_seq)
                            .where(cell_seq.c.cell_id.in_(part)))
        last.update({r.cell_id: r.last_seq for r in rows})
    return last
