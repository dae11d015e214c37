"""Dues rules as dated data: the rule set of each month, its amounts, settings and extensions."""

from __future__ import annotations

import pytest

from cellclient.dues_rules import (
    RuleDataError,
    describe,
    round_half_up,
    rule_book,
    rule_for,
    setting_key,
    shipped_rule_book,
)
from cellclient.errors import CellClientError
from cellclient.ids import derived_id
from cellclient.services import dues
from cellclient.services.members import add_member
from cellclient.services.settings import setting_id
from cellclient.validation import ValidationError
from tests.conftest import TODAY


def change_count(store) -> int:
    return store.db.execute("SELECT count(*) FROM change_log").fetchone()[0]


def member(store, cell, **values):
    values.setdefault("family_name", "Nguyễn")
    values.setdefault("given_name", "An")
    values.setdefault("admitted_on", "2000-05-19")
    return add_member(store, cell.id, today=TODAY, **values)


def due_of(store, cell, member_id, month) -> int:
    line = next(x for x in dues.assess_month(store, cell.id, month) if x.member_id == member_id)
    return line.due


@pytest.mark.parametrize(("month", "rule_id"), [
    ("2011-01", "qd342-2010"), ("2025-12", "qd342-2010"), ("2026-01", "qd342-2010"),
    ("2026-02", "qd01-2026"), ("2030-07", "qd01-2026"),
])
def test_rule_in_force_is_chosen_by_month(month, rule_id):
    assert rule_for(month).id == rule_id


def test_month_before_any_rule_is_refused_with_a_message():
    with pytest.raises(CellClientError, match="2010-12"):
        rule_for("2010-12")


def test_rule_sets_run_until_the_next_one_starts():
    book = shipped_rule_book()
    assert book.last_month(book.get("qd342-2010")) == "2026-01"
    assert book.last_month(book.get("qd01-2026")) is None


@pytest.mark.parametrize(("numerator", "denominator", "expected"), [
    (5, 2, 3), (3, 2, 2), (7, 3, 2), (-5, 2, -3), (0, 7, 0), (24_999_900 * 5, 1000, 125_000),
])
def test_round_half_up_to_the_dong(numerator, denominator, expected):
    assert round_half_up(numerator, denominator) == expected


@pytest.mark.parametrize(("month", "category", "base", "expected"), [
    ("2025-06", "insured", 8_123_450, 81_235),  # 81,234.5 rounds half up
    ("2026-03", "insured", 8_123_450, 81_235),
    ("2025-06", "pensioner", 4_999_900, 25_000),  # 24,999.5 rounds half up
    ("2026-03", "pensioner", 5_000_000, 25_000),
    ("2025-06", "student", None, 2_000),  # 342: the cell's amount for others, default 2,000
    ("2026-03", "student", None, 5_000),  # 01: fixed 5,000
    ("2025-06", "other", None, 2_000),
    ("2026-03", "other", None, 2_000),  # 2026 amount not found: the 342 default stands in
])
def test_each_category_amount_under_each_rule(store, cell, month, category, base, expected):
    m = member(store, cell, dues_category=category, dues_base=base)
    assert due_of(store, cell, m.id, month) == expected


def test_other_amount_is_kept_per_rule_set(store, cell):
    """Setting the 2026 amount must not rewrite what was due under 342."""
    m = member(store, cell, dues_category="other")
    dues.set_dues_settings(store, cell.id, month="2026-05", other_amount="10.000")
    assert due_of(store, cell, m.id, "2026-05") == 10_000
    assert due_of(store, cell, m.id, "2026-01") == 2_000
    assert dues.dues_setting(store, cell.id, "other_amount", "2026-05") == 10_000
    assert dues.dues_setting(store, cell.id, "other_amount", "2026-01") == 2_000
    dues.set_dues_settings(store, cell.id, month="2025-05", other_amount=30_000)
    assert due_of(store, cell, m.id, "2026-01") == 30_000


def test_settings_are_replicated_setting_rows_with_change_log(store, cell):
    before = change_count(store)
    dues.set_dues_settings(store, cell.id, month="2026-03", retention_percent=40)
    key = setting_key("qd01-2026", "retention_percent")
    row = store.get("setting", derived_id("setting", cell.id, key))
    assert row is not None and setting_id(cell.id, key) == row["id"]
    assert (row["cell_id"], row["key"], row["value"]) == (cell.id, key, "40")
    logged = store.db.execute(
        "SELECT field FROM change_log WHERE tbl = 'setting' AND row_id = ?", [row["id"]]
    ).fetchall()
    assert {f for (f,) in logged} == {"cell_id", "key", "value"}
    assert change_count(store) > before
    dues.set_dues_settings(store, cell.id, month="2026-03", retention_percent=35)
    assert store.get("setting", row["id"])["value"] == "35"


@pytest.mark.parametrize(("values", "field"), [
    ({"month": "2025-05", "retention_percent": 60}, "retention_percent"),  # 342 allows 30-50
    ({"month": "2025-05", "other_amount": 1_000}, "other_amount"),  # 342: 2,000-30,000
    ({"month": "2026-05", "retention_percent": 101}, "retention_percent"),
    ({"month": "2026-05", "other_amount": "nhiều"}, "other_amount"),
    ({"month": "2026-13", "retention_percent": 40}, "month"),
    ({"start_month": "01/2026"}, "start_month"),
])
def test_bad_settings_name_the_field_and_write_nothing(store, cell, values, field):
    before = change_count(store)
    with pytest.raises(ValidationError) as err:
        dues.set_dues_settings(store, cell.id, **values)
    assert field in err.value.fields()
    assert f"({field})" in str(err.value)
    assert change_count(store) == before


def test_retention_share_follows_the_rule_of_the_report_month(store, cell):
    dues.set_dues_settings(store, cell.id, month="2025-05", retention_percent=45)
    assert dues.month_report(store, cell.id, "2025-05").retention_percent == 45
    later = dues.month_report(store, cell.id, "2026-05")
    assert later.retention_percent == 30
    assert later.retention_is_default and not later.retention_found_in_regulation


def test_description_says_which_values_are_defaults_and_not_found(store, cell):
    info = describe(rule_for("2026-02"), {}, lang="en")
    assert "01-QĐ/TW" in info["source"]
    assert info["categories"]["student"] == "5,000 ₫/month"
    assert info["categories"]["pensioner"].startswith("0.5% × ")
    settings = {s["name"]: s for s in info["settings"]}
    assert settings["other_amount"]["is_default"] and not settings["other_amount"]["found_in_regulation"]
    assert "not found" in settings["other_amount"]["note"]
    assert "not found" in settings["retention_percent"]["note"]
    assert any("50 or more years" in e for e in info["exemptions"])
    old = describe(rule_for("2025-02"), {setting_key("qd342-2010", "retention_percent"): "40"})
    old_settings = {s["name"]: s for s in old["settings"]}
    assert old_settings["retention_percent"]["value"] == 40
    assert not old_settings["retention_percent"]["is_default"]
    assert old_settings["retention_percent"]["found_in_regulation"]
    assert not any("tuổi đảng" in e for e in old["exemptions"])  # no 50-year rule under 342


LOCAL = {
    "id": "local-2026-06",
    "effective_from": "2026-06",
    "source": {"vi": "Hướng dẫn của tỉnh", "en": "Provincial guidance"},
    "categories": {
        "insured": {"kind": "percent", "percent": "1", "base_label": {"vi": "lương", "en": "salary"}},
        "pensioner": {"kind": "percent", "percent": "0.5", "base_label": {"vi": "hưu", "en": "pension"}},
        "student": {"kind": "fixed", "amount": 7000},
        "other": {"kind": "setting", "setting": "other_amount"},
    },
    "exemptions": [{"kind": "membership_years", "years": 50}],
    "settings": {
        "other_amount": {"default": 3000, "min": 1, "max": 100000},
        "retention_percent": {"default": 40, "min": 0, "max": 100},
    },
}


def test_extra_rule_sets_merge_by_first_month_without_code_changes():
    book = rule_book([LOCAL])
    assert book.for_month("2026-05").id == "qd01-2026"
    assert book.for_month("2026-06").id == "local-2026-06"
    assert book.last_month(book.get("qd01-2026")) == "2026-05"
    replaced = rule_book([LOCAL, {**LOCAL, "categories": {**LOCAL["categories"],
                                                          "student": {"kind": "fixed", "amount": 8000}}}])
    assert [rs.id for rs in replaced.rule_sets].count("local-2026-06") == 1
    assert replaced.for_month("2026-07").gross("student", None, {}) == 8000


@pytest.mark.parametrize(("change", "problem"), [
    ({"effective_from": "2026/06"}, "effective_from"),
    ({"categories": {"insured": {"kind": "percent", "percent": "1"}}}, "categories.pensioner"),
    ({"settings": {"other_amount": {"default": 1}}}, "settings.retention_percent"),
    ({"exemptions": [{"kind": "age", "years": 80}]}, "exemptions"),
])
def test_malformed_rule_set_is_refused_saying_what_is_wrong(change, problem):
    with pytest.raises(RuleDataError, match=problem.replace(".", r"\.")):
        rule_book([{**LOCAL, **change}])


def test_cell_rule_sets_from_settings_are_used_by_the_assessment(store, cell):
    m = member(store, cell, dues_category="student")
    dues.set_extra_rule_sets(store, cell.id, [LOCAL])
    assert due_of(store, cell, m.id, "2026-05") == 5_000
    assert due_of(store, cell, m.id, "2026-06") == 7_000
    assert dues.month_report(store, cell.id, "2026-06").retention_percent == 40
    before = change_count(store)
    with pytest.raises(ValidationError) as err:
        dues.set_extra_rule_sets(store, cell.id, [{**LOCAL, "effective_from": "x"}])
    assert err.value.fields() == {"rule_sets"}
    assert change_count(store) == before
