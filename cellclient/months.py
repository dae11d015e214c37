"""Calendar months as ``YYYY-MM`` text: compare, step and count without dates."""

from __future__ import annotations

import datetime as dt


def index(month: str) -> int:
    """A month as a count of months since year 0, so months subtract and compare as ints."""
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def from_index(value: int) -> str:
    return f"{value // 12:04d}-{value % 12 + 1:02d}"


def add(month: str, count: int) -> str:
    return from_index(index(month) + count)


def span(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` inclusive (empty when last < first)."""
    return [from_index(i) for i in range(index(first), index(last) + 1)]


def of(day: dt.date | str) -> str:
    """The month of a date (a ``date`` or ISO text)."""
    return day.strftime("%Y-%m") if isinstance(day, dt.date) else day[:7]


def current(today: dt.date | None = None) -> str:
    return of(today or dt.date.today())
