"""``cellclient meetings``: record, mark, write minutes, adopt, show; exit codes 0/1/2."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def cell_cli(cli):
    """A profile with three members: chair (official), minute-taker (official), a probationary."""
    assert cli("init", "--cell-name", "Chi bộ Thôn Đông")[0] == 0
    ids = []
    for given, status, sex, born, cccd in (
        ("An", "official", "male", "1970-02-03", "001070000101"),
        ("Bình", "official", "female", "1970-05-06", "001170000102"),
        ("Cúc", "probationary", "female", "1995-05-06", "001195000103"),
    ):
        code, out, err = cli("members", "add", "--family-name", "Trần", "--given-name", given,
                             "--sex", sex, "--birth-date", born, "--national-id", cccd,
                             "--status", status)
        assert code == 0, err
        ids.append(out.strip())
    cli.members = ids
    return cli


def add_meeting(cli, *extra):
    chair, taker, _ = cli.members
    code, out, err = cli("meetings", "add", "--date", "05/03/2026", "--kind", "regular",
                         "--start", "08:00", "--end", "10:00", "--place", "Nhà văn hóa",
                         "--chair", chair, "--minute-taker", taker,
                         "--agenda", "Tình hình tháng 2", "--agenda", "Kế hoạch tháng 3", *extra)
    assert code == 0, err
    return out.strip()


def show(cli, meeting_id) -> dict:
    code, out, err = cli("meetings", "show", meeting_id, "--json")
    assert code == 0, err
    return json.loads(out)


def test_add_attend_minutes_adopt_show_round_trip(cell_cli):
    cli = cell_cli
    chair, taker, probationary = cli.members
    m = add_meeting(cli, "--guests", "Đ/c Hải, Đảng ủy xã")
    assert cli("meetings", "attend", m, "--all-present")[0] == 0
    code, _, err = cli("meetings", "attend", m, "--member", taker, "--state", "excused",
                       "--reason", "Đi công tác")
    assert code == 0, err
    code, _, err = cli("meetings", "minutes", m, "--item", "1", "--text", "Đã hoàn thành chỉ tiêu",
                       "--item", "2", "--text", "Thống nhất kế hoạch",
                       "--conclusion", "Chi bộ thống nhất.", "--resolution", "Thông qua kế hoạch.",
                       "--votes-for", "1", "--votes-against", "0", "--votes-abstain", "0")
    assert code == 0, err
    assert cli("meetings", "adopt", m)[0] == 0

    data = show(cli, m)
    assert data["meeting"]["date"] == "2026-03-05" and data["meeting"]["adopted"] is True
    assert data["meeting"]["guests"] == "Đ/c Hải, Đảng ủy xã"
    assert data["chair_name"] == "Trần An" and data["minute_taker_name"] == "Trần Bình"
    assert [(i["number"], i["title"], i["discussion"]) for i in data["agenda"]] == [
        (1, "Tình hình tháng 2", "Đã hoàn thành chỉ tiêu"),
        (2, "Kế hoạch tháng 3", "Thống nhất kế hoạch"),
    ]
    marks = {a["name"]: (a["state"], a["reason"], a["standing"]) for a in data["attendance"]}
    assert marks == {"Trần An": ("present", None, "official"),
                     "Trần Bình": ("excused", "Đi công tác", "official"),
                     "Trần Cúc": ("present", None, "probationary")}
    votes = data["votes"]
    assert (votes["eligible"], votes["votes_for"], votes["passed"]) == (1, 1, True)
    assert votes["totals"]["official"] == 2 and votes["totals"]["probationary"] == 1
    assert [a["name"] for a in votes["absent_excused"]] == ["Trần Bình"]

    code, out, _ = cli("meetings", "show", m)
    assert code == 0 and "THÔNG QUA" in out and "Trần Bình (Đi công tác)" in out


@pytest.mark.parametrize(
    "argv",
    [
        ("minutes", "{m}", "--conclusion", "Sửa sau khi thông qua"),
        ("attend", "{m}", "--member", "{member}", "--state", "unexcused"),
        ("attend", "{m}", "--all-present"),
        ("edit", "{m}", "--place", "Nơi khác"),
        ("adopt", "{m}"),
    ],
)
def test_edit_after_adopt_exits_2_with_the_locked_message(cell_cli, argv):
    """A refused edit of adopted minutes is bad input (exit 2), and changes nothing."""
    cli = cell_cli
    m = add_meeting(cli)
    cli("meetings", "attend", m, "--all-present")
    assert cli("meetings", "minutes", m, "--conclusion", "Kết luận")[0] == 0
    assert cli("meetings", "adopt", m)[0] == 0
    before = show(cli, m)
    args = [a.format(m=m, member=cli.members[2]) for a in argv]
    code, _, err = cli("meetings", *args)
    assert code == 2
    assert "đã được thông qua và bị khóa" in err and "05/03/2026" in err
    assert show(cli, m) == before


def test_bad_input_exits_2_and_names_the_field(cell_cli):
    cli = cell_cli
    code, _, err = cli("meetings", "add", "--date", "31/02/2026", "--kind", "regular")
    assert code == 2 and "(date)" in err
    code, _, err = cli("meetings", "add", "--date", "2026-03-05", "--kind", "regular",
                       "--start", "10:00", "--end", "09:00")
    assert code == 2 and "(end_time)" in err
    m = add_meeting(cli)
    code, _, err = cli("meetings", "attend", m, "--member", cli.members[0], "--state", "excused")
    assert code == 2 and "(reason)" in err
    code, _, err = cli("meetings", "minutes", m, "--votes-for", "5", "--votes-against", "0",
                       "--votes-abstain", "0")
    assert code == 2 and "(votes_for)" in err
    code, _, err = cli("meetings", "minutes", m, "--item", "1")
    assert code == 2 and "--text" in err
    code, _, err = cli("meetings", "adopt", m)
    assert code == 2 and "(conclusion)" in err and "(attendance)" in err
    assert show(cli, m)["meeting"]["adopted"] is False


def test_list_filters_by_month_and_year(cell_cli):
    cli = cell_cli
    first = add_meeting(cli)
    code, out, _ = cli("meetings", "add", "--date", "2026-04-09", "--kind", "thematic")
    second = out.strip()
    code, out, _ = cli("meetings", "list", "--month", "2026-04", "--json")
    assert code == 0 and [m["id"] for m in json.loads(out)] == [second]
    code, out, _ = cli("meetings", "list", "--year", "2026", "--json")
    assert [m["id"] for m in json.loads(out)] == [first, second]
    code, out, _ = cli("meetings", "list")
    assert code == 0 and "05/03/2026" in out and "Chuyên đề" in out
    code, _, err = cli("meetings", "list", "--month", "04/2026")
    assert code == 2 and "(month)" in err
