"""The demo cell: realistic, valid, reproducible, and a month's work can be done on it."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from cellclient import months as mo
from cellclient.demo import build_demo
from cellclient.services.cells import current_cell
from cellclient.services.dues import month_report
from cellclient.services.meetings import coverage, list_meetings
from cellclient.services.members import clean_member, list_members
from tests.conftest import TODAY


def test_demo_cell_is_valid_and_complete(store):
    summary = build_demo(store, members=30, months=12, seed=3, today=TODAY)
    assert "30 đảng viên" in summary
    cell = current_cell(store)
    members = list_members(store, cell.id)
    assert len(members) == 30
    for m in members:  # every generated record passes the same checks a person's would
        fields = {k: v for k, v in m.to_dict().items() if k in (
            "family_name", "middle_name", "given_name", "sex", "birth_date", "national_id",
            "admitted_on", "ceremony_on", "official_on", "dues_category", "dues_base", "phone")}
        clean_member(fields, today=TODAY)
    assert len({m.national_id for m in members}) == 30
    assert {m.dues_category for m in members} >= {"insured", "pensioner", "other"}
    meetings = list_meetings(store, cell.id)
    assert len(meetings) == 12
    assert sum(1 for m in meetings if m.adopted_at) == 11  # the latest is a draft to finish
    last = mo.of(TODAY)
    gaps = coverage(store, cell.id, "2026-01", last)  # whole quarters inside the demo year
    assert gaps.months_without_regular == [] and gaps.quarters_without_thematic == []
    report = month_report(store, cell.id, mo.add(last, -1))
    assert report.totals["collected"] > 0
    assert report.totals["collected"] == report.totals["retained"] + report.totals["remitted"]
    assert sum("unpaid_3_months" in line.flags for line in report.lines) >= 1  # the late payer


def test_same_seed_same_cell(tmp_path):
    from tests.test_replica import _open

    names = []
    for n in range(2):
        s = _open(tmp_path, f"demo{n}")
        build_demo(s, members=12, months=3, seed=9, today=TODAY)
        names.append([(m.full_name, m.national_id) for m in list_members(s, current_cell(s).id)])
        s.close()
    assert names[0] == names[1]


def test_demo_from_the_cli_then_members_list(cli):
    code, out, _ = cli("demo", "--members", "20", "--seed", "2")
    assert code == 0 and "20 đảng viên" in out
    listed = json.loads(cli("members", "list", "--json")[1])
    assert len(listed) == 20 and all(m["full_name"] and m["national_id"] for m in listed)
    code, _, err = cli("demo")
    assert code == 1 and "đã có dữ liệu" in err  # never piles a demo onto real data


@pytest.mark.parametrize("seed,day,size", [
    (2, dt.date(2026, 11, 26), 30), (13, dt.date(2026, 11, 26), 30), (3, dt.date(2026, 2, 3), 12),
    (7, dt.date(2025, 7, 15), 12), (8, dt.date(2027, 1, 1), 3), (36, dt.date(2026, 6, 30), 2),
])
def test_demo_builds_for_any_seed_and_day(tmp_path, seed, day, size):
    from tests.test_replica import _open

    s = _open(tmp_path, "demo")
    build_demo(s, members=size, months=12, seed=seed, today=day)
    assert len(list_members(s, current_cell(s).id)) == size
    s.close()
