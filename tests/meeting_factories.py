"""Small factories shared by the meeting tests: members with valid CCCDs, meetings."""

from __future__ import annotations

import itertools

from cellclient.services.meetings import create_meeting
from cellclient.services.members import add_member
from tests.conftest import TODAY

_serial = itertools.count(1)


def member(store, cell, given, status="official", **extra):
    """A member with a valid CCCD (province 001, male born 1970)."""
    return add_member(store, cell.id, today=TODAY, family_name="Nguyễn", middle_name="Văn",
                      given_name=given, sex="male", birth_date="1970-02-03",
                      national_id=f"0010700{next(_serial):05d}", status=status, **extra)


def meeting(store, cell, date="2026-03-05", **values):
    defaults = {"kind": "regular", "start_time": "08:00", "end_time": "10:00",
                "place": "Nhà văn hóa thôn Đông"}
    return create_meeting(store, cell.id, date=date, **{**defaults, **values})


def log_count(store) -> int:
    return store.db.execute("SELECT count(*) FROM change_log").fetchone()[0]


def row_count(store, table) -> int:
    return store.db.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]
