"""Deadline arithmetic: working days, the twelve months of probation."""

from __future__ import annotations

import datetime as dt

from cellclient.models import Member
from ui.deadlines import add_months, add_working_days, probation_end, upcoming_deadlines


def test_working_days_skip_weekends():
    friday = dt.date(2026, 11, 20)
    assert add_working_days(friday, 1) == dt.date(2026, 11, 23)  # Monday
    assert add_working_days(friday, 5) == dt.date(2026, 11, 27)
    assert add_working_days(friday, 30) == dt.date(2027, 1, 1)


def test_twelve_months_keep_the_day_or_the_month_end():
    assert add_months(dt.date(2025, 3, 15), 12) == dt.date(2026, 3, 15)
    assert add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)


def test_probation_counts_from_the_ceremony_else_the_decision():
    assert probation_end(Member("a", ceremony_on="2025-12-15", admitted_on="2025-12-01")) == \
        dt.date(2026, 12, 15)
    assert probation_end(Member("b", admitted_on="2025-12-01")) == dt.date(2026, 12, 1)
    assert probation_end(Member("c")) is None


def test_only_near_or_missed_deadlines_are_listed_and_removed_records_never():
    today = dt.date(2026, 11, 20)
    members = [
        Member("near", given_name="A", status="probationary", ceremony_on="2025-12-15"),
        Member("far", given_name="B", status="probationary", ceremony_on="2026-06-01"),
        Member("gone", given_name="C", status="probationary", ceremony_on="2025-12-15",
               deleted=True),
        Member("old", given_name="D", status="transferred_out", status_since="2025-01-10"),
    ]
    assert [d.member_id for d in upcoming_deadlines(members, today)] == ["near"]
