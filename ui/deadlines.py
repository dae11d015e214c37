"""Upcoming deadlines of the member list, worked out from the dates each record keeps.

Rules (docs/domain.md): probation lasts 12 months from the admission
ceremony, and the cell reviews the member within 30 working days after it; a
member transferred out must present the introduction letter within 30
working days. Working days here are Monday to Friday: public holidays are
not known to the app, so a date shown is the earliest the deadline can be,
never later than the real one. Nothing is stored; everything is computed
again on every call, so a reminder can never go stale.

Qt-free, so it can move into ``cellclient.services`` for the CLI unchanged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cellclient.models import Member

PROBATION_MONTHS = 12
REVIEW_WORKING_DAYS = 30
TRANSFER_LETTER_WORKING_DAYS = 30
HORIZON_DAYS = 60  # how far ahead a coming deadline is shown


@dataclass(frozen=True)
class Deadline:
    member_id: str
    name: str
    kind: str  # "probation_review" | "transfer_letter"
    event: dt.date  # probation end, or the transfer date
    due: dt.date  # the last day to act
    overdue: bool


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The date ``count`` working days (Monday-Friday) after ``day``."""
    while count > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def probation_end(member: Member) -> dt.date | None:
    start = member.ceremony_on or member.admitted_on
    return add_months(dt.date.fromisoformat(start), PROBATION_MONTHS) if start else None


def upcoming_deadlines(members: list[Member], today: dt.date,
                       horizon_days: int = HORIZON_DAYS) -> list[Deadline]:
    """Deadlines due within ``horizon_days`` or already missed, soonest first."""
    out = []
    soon = today + dt.timedelta(days=horizon_days)
    for m in members:
        if m.deleted:
            continue
        if m.status == "probationary":
            end = probation_end(m)
            if end is None:
                continue
            review_by = add_working_days(end, REVIEW_WORKING_DAYS)
            if end <= soon:
                out.append(Deadline(m.id, m.full_name, "probation_review", end, review_by,
                                    review_by < today))
        elif m.status == "transferred_out" and m.status_since:
            since = dt.date.fromisoformat(m.status_since)
            letter_by = add_working_days(since, TRANSFER_LETTER_WORKING_DAYS)
            if today <= letter_by + dt.timedelta(days=14):
                out.append(Deadline(m.id, m.full_name, "transfer_letter", since, letter_by,
                                    letter_by < today))
    return sorted(out, key=lambda d: (d.due, d.name))
