"""Changes made as a device makes them, and short helpers to push and pull them.

A :class:`Writer` has its own clock and remembers the stamp it last saw of each
field, which it sends as the next write's ``base``, exactly like the change log.
"""

from __future__ import annotations

from dataclasses import dataclass

from cellclient.hlc import Clock
from cellclient.ids import derived_id, new_id
from tests.server_proc import Device, ServerProcess, sync_body


class Writer:
    def __init__(self, name: str):
        self.clock = Clock(name)
        self.seen: dict[tuple[str, str, str], str] = {}

    def set(self, table: str, row: str, field: str, value) -> dict:
        hlc = self.clock.now()
        key = (table, row, field)
        change = {"table": table, "row": row, "field": field, "value": value, "hlc": hlc,
                  "base": self.seen.get(key)}
        self.seen[key] = hlc
        return change

    def row(self, table: str, cell_id: str, row: str | None = None, **fields) -> tuple[str, list]:
        """A new row: its cell, its tombstone flag and the given fields."""
        row = row or new_id()
        values = {"cell_id": cell_id, "deleted": False, **fields}
        return row, [self.set(table, row, name, value) for name, value in values.items()]

    def setting(self, cell_id: str, key: str, value) -> tuple[str, list]:
        """A setting row under the id a device makes for it (its cell and key)."""
        return self.row("setting", cell_id, row=derived_id("setting", cell_id, key),
                        key=key, value=value)

    def attendance(self, cell_id: str, meeting_id: str, member_id: str,
                   **fields) -> tuple[str, list]:
        """An attendance mark under its id (made from the meeting and the member)."""
        return self.row("attendance", cell_id, row=derived_id("attendance", meeting_id, member_id),
                        meeting_id=meeting_id, member_id=member_id, **fields)

    def conflict(self, cell_id: str, table: str, row: str, field: str,
                 **fields) -> tuple[str, list]:
        """A conflict record about ``table.row.field`` as a device keeps one."""
        lost = self.clock.now()
        return self.row("conflict", cell_id, row=derived_id("conflict", table, row, field, lost),
                        tbl=table, row_id=row, field=field, lost_hlc=lost, **fields)

    def saw(self, changes: list[dict]) -> None:
        """Take in pulled changes: later writes are based on them."""
        for c in changes:
            self.clock.observe(c["hlc"])
            self.seen[(c["table"], c["row"], c["field"])] = c["hlc"]


def push(server: ServerProcess, device: Device, changes: list, **kwargs) -> dict:
    response = server.sync(device.token, sync_body(changes, **kwargs))
    assert response.status_code == 200, response.text
    return response.json()


def pull_all(server: ServerProcess, device: Device, cursor: str | None = None,
             max_pull: int = 2000) -> tuple[list[dict], str | None]:
    """Every change waiting for the device, page by page; the final cursor."""
    changes: list[dict] = []
    for _ in range(1000):
        body = push(server, device, [], cursor=cursor, max_pull=max_pull)
        changes += body["changes"]
        cursor = body["cursor"]
        if not body["more"]:
            return changes, cursor
    raise AssertionError("the feed never ended")


def state(changes: list[dict]) -> dict[tuple[str, str, str], object]:
    """``{(table, row, field): value}`` of a list of changes, later ones winning by stamp."""
    best: dict[tuple[str, str, str], dict] = {}
    for c in changes:
        key = (c["table"], c["row"], c["field"])
        if key not in best or c["hlc"] > best[key]["hlc"]:
            best[key] = c
    return {k: c["value"] for k, c in best.items()}


def rows_of(changes: list[dict]) -> set[tuple[str, str]]:
    return {(c["table"], c["row"]) for c in changes}


def rejected(body: dict) -> dict[int, str]:
    """``{index: code}`` of the refused changes of a sync answer."""
    return {r["index"]: r["error"] for r in body["rejected"]}


@dataclass
class CellRows:
    """A member and a meeting a cell's secretary sent: what new rows refer to."""
    member: str
    meeting: str


def cell_rows(server: ServerProcess, device: Device, cell: str, name: str) -> CellRows:
    writer = Writer(name)
    member, made = writer.row("member", cell, given_name="Bình")
    meeting, more = writer.row("meeting", cell, place="Hội trường", date="2026-11-05")
    body = push(server, device, made + more)
    assert body["rejected"] == []
    return CellRows(member, meeting)
