"""``cellclient dues ...`` end to end, in process: exit codes, output and what is stored."""

from __future__ import annotations

import json

import pytest

from cellclient import months


@pytest.fixture
def cell_cli(cli):
    code, _, err = cli("init", "--cell-name", "Chi bộ Thôn Đông")
    assert code == 0, err
    return cli


def add(cli, given, *extra) -> str:
    code, out, err = cli("members", "add", "--family-name", "Trần", "--given-name", given,
                         "--admitted", "2001-09-02", *extra)
    assert code == 0, err
    return out.strip()


def as_json(cli, *argv):
    code, out, err = cli(*argv, "--json")
    assert code == 0, err
    return json.loads(out)


def test_assess_shows_due_paid_owed_and_rule(cell_cli):
    a = add(cell_cli, "An", "--dues-category", "insured", "--dues-base", "7.500.000")
    b = add(cell_cli, "Bình", "--dues-category", "student")
    lines = {x["member_id"]: x for x in as_json(cell_cli, "dues", "assess", "--month", "2026-02")}
    assert (lines[a]["due"], lines[a]["paid"], lines[a]["owed"], lines[a]["rule_id"]) == \
        (75_000, 0, 75_000, "qd01-2026")
    assert lines[b]["due"] == 5_000
    code, out, _ = cell_cli("dues", "assess", "--month", "2026-01")
    assert code == 0
    assert "75.000 ₫" in out and "2.000 ₫" in out and "Trần An" in out and "qd342-2010" in out


def test_pay_prints_the_id_and_report_adds_up(cell_cli):
    a = add(cell_cli, "An", "--dues-category", "student")
    code, out, err = cell_cli("dues", "pay", "--member", a, "--month", "2026-03", "--month",
                              "2026-04", "--amount", "12.000", "--receipt", "BL-1",
                              "--receiver", "Đồng chí Thủ quỹ", "--date", "2026-04-02")
    assert code == 0, err
    payment_id = out.strip()
    entries = as_json(cell_cli, "dues", "payments", "--member", a)
    assert [(e["id"], e["months"], e["amount"], e["receipt_no"]) for e in entries] == \
        [(payment_id, "2026-03,2026-04", 12_000, "BL-1")]
    april = as_json(cell_cli, "dues", "report", "--month", "2026-04")
    assert april["totals"]["collected"] == 7_000 and april["totals"]["credit"] == 2_000
    assert april["totals"]["collected"] == april["totals"]["retained"] + april["totals"]["remitted"]
    code, out, _ = cell_cli("dues", "report", "--month", "2026-04")
    assert code == 0 and "7.000 ₫" in out and "30%" in out and "mặc định" in out


@pytest.mark.parametrize(("argv", "field"), [
    (["--month", "2026-13", "--amount", "5000"], "(months)"),
    (["--month", "2026-03"], "(amount)"),
    (["--month", "2026-03", "--amount", "-1"], "(amount)"),
    (["--month", "2026-03", "--amount", "5000", "--method", "bank"], "(method)"),
    (["--month", "2026-03", "--amount", "5000", "--date", "31/02/2026"], "(paid_on)"),
])
def test_bad_payment_exits_2_naming_the_field(cell_cli, argv, field):
    a = add(cell_cli, "An")
    code, out, err = cell_cli("dues", "pay", "--member", a, *argv)
    assert code == 2 and field in err and out == ""
    assert as_json(cell_cli, "dues", "payments") == []


def test_reverse_then_reverse_again(cell_cli):
    a = add(cell_cli, "An", "--dues-category", "student")
    _, out, _ = cell_cli("dues", "pay", "--member", a, "--month", "2026-03", "--amount", "5000",
                         "--date", "2026-03-05")
    payment_id = out.strip()
    code, _, err = cell_cli("dues", "reverse", payment_id)
    assert code == 2 and "(reason)" in err
    code, out, err = cell_cli("dues", "reverse", payment_id, "--reason", "ghi nhầm")
    assert code == 0, err
    reversal_id = out.strip()
    code, _, err = cell_cli("--lang", "en", "dues", "reverse", payment_id, "--reason", "again")
    assert code == 2 and "already been reversed" in err and reversal_id in err
    code, _, err = cell_cli("dues", "reverse", "khong-co", "--reason", "x")
    assert code == 2 and "khong-co" in err  # an unknown id is bad input
    line = as_json(cell_cli, "dues", "assess", "--month", "2026-03")[0]
    assert (line["paid"], line["owed"]) == (0, 5_000)


def test_rules_show_the_regulation_of_the_month(cell_cli):
    old = as_json(cell_cli, "dues", "rules", "--month", "2026-01")
    new = as_json(cell_cli, "dues", "rules", "--month", "2026-02")
    assert (old["id"], new["id"]) == ("qd342-2010", "qd01-2026")
    assert "342" in old["source"] and "01-QĐ/TW" in new["source"]
    assert new["categories"]["student"] == "5.000 ₫/tháng"
    flags = {s["name"]: (s["is_default"], s["found_in_regulation"]) for s in new["settings"]}
    assert flags == {"other_amount": (True, False), "retention_percent": (True, False)}
    code, out, _ = cell_cli("dues", "rules", "--month", "2026-02")
    assert code == 0 and "chưa tìm thấy" in out and "50 năm" in out
    code, _, err = cell_cli("dues", "rules", "--month", "2026-2")
    assert code == 2 and "(month)" in err


def test_adjust_and_its_limits(cell_cli):
    a = add(cell_cli, "An", "--dues-category", "insured", "--dues-base", "10000000")
    code, _, err = cell_cli("dues", "adjust", "--member", a, "--kind", "reduction", "--percent",
                            "50", "--from", "2026-01", "--to", "2027-01", "--decision", "QĐ 5")
    assert code == 2 and "(to_month)" in err
    code, _, err = cell_cli("dues", "adjust", "--member", a, "--kind", "reduction", "--percent",
                            "50", "--from", "2026-03", "--to", "2026-04")
    assert code == 2 and "(decision_ref)" in err
    code, out, err = cell_cli("dues", "adjust", "--member", a, "--kind", "reduction", "--percent",
                              "70", "--from", "2026-03", "--to", "2026-04", "--decision", "QĐ 5")
    assert code == 0 and out.strip(), err
    line = as_json(cell_cli, "dues", "assess", "--month", "2026-04")[0]
    assert line["due"] == 30_000 and line["adjustment"]["decision_ref"] == "QĐ 5"


def test_settings_show_and_set(cell_cli):
    code, _, err = cell_cli("dues", "settings", "--retention-percent", "150", "--month", "2026-03")
    assert code == 2 and "(retention_percent)" in err
    code, _, err = cell_cli("dues", "settings", "--retention-percent", "40", "--other-amount",
                            "3.000", "--month", "2026-03", "--start-month", "2026-01")
    assert code == 0, err
    shown = as_json(cell_cli, "dues", "settings")
    assert shown["start_month"] == "2026-01"
    new = next(rs for rs in shown["rule_sets"] if rs["id"] == "qd01-2026")
    values = {s["name"]: (s["value"], s["is_default"]) for s in new["settings"]}
    assert values == {"other_amount": (3_000, False), "retention_percent": (40, False)}
    old = next(rs for rs in shown["rule_sets"] if rs["id"] == "qd342-2010")
    assert all(s["is_default"] for s in old["settings"])
    assert as_json(cell_cli, "dues", "report", "--month", "2026-03")["retention_percent"] == 40


def test_arrears_and_the_unpaid_flag(cell_cli):
    assert cell_cli("dues", "settings", "--start-month", "2026-01")[0] == 0
    a = add(cell_cli, "An", "--dues-category", "student")
    result = as_json(cell_cli, "dues", "arrears", "--member", a, "--month", "2026-04")
    assert (result["total_owed"], result["unpaid_months_in_year"], result["flagged"]) == \
        (17_000, 4, True)
    code, out, _ = cell_cli("dues", "report", "--month", "2026-04")
    assert code == 0 and "3 tháng" in out
    code, _, err = cell_cli("dues", "arrears", "--month", "2026-04")
    assert code == 2 and "(member_id)" in err


def test_a_fresh_profile_tracks_dues_from_the_month_it_is_made(cli):
    """Before, a new profile counted every month from January as unpaid: a member who
    had just paid was flagged as three months behind."""
    this_month = months.current()
    assert cli("init", "--cell-name", "Chi bộ Thôn Đông")[0] == 0
    assert as_json(cli, "dues", "settings")["start_month"] == this_month
    a = add(cli, "An", "--dues-category", "student")
    assert cli("dues", "pay", "--member", a, "--month", this_month, "--amount", "5000")[0] == 0
    result = as_json(cli, "dues", "arrears", "--member", a, "--month", this_month)
    assert (result["from_month"], result["total_owed"], result["unpaid_months_in_year"],
            result["flagged"]) == (this_month, 0, 0, False)
    [line] = as_json(cli, "dues", "assess", "--month", this_month)
    assert "unpaid_3_months" not in line["flags"] and line["owed"] == 0


def test_init_takes_the_first_tracked_month(cli, tmp_path):
    code, _, err = cli("init", "--cell-name", "Chi bộ Thôn Đông", "--start-month", "2026-13")
    assert code == 2 and "(start_month)" in err
    assert not (cli.data_dir / "profile.json").exists()  # bad input: nothing is made
    code, _, err = cli("init", "--cell-name", "Chi bộ Thôn Đông", "--start-month", "2026-02")
    assert code == 0, err
    assert as_json(cli, "dues", "settings")["start_month"] == "2026-02"
