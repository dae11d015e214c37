"""Dues of members month by month, exemptions and reductions, the append-only ledger,
arrears, the 3-months-unpaid flag and the monthly report."""

from __future__ import annotations

import secrets
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cellclient import months
from cellclient.errors import LedgerError, NotFoundError
from cellclient.services import dues
from cellclient.services.cells import create_cell
from cellclient.services.members import add_member, change_status, remove_member
from cellclient.store import Store
from cellclient.validation import ValidationError
from tests.conftest import TODAY


def change_count(store) -> int:
    return store.db.execute("SELECT count(*) FROM change_log").fetchone()[0]


def member(store, cell, **values):
    values.setdefault("family_name", "Nguyễn")
    values.setdefault("given_name", "An")
    values.setdefault("admitted_on", "2000-05-19")
    return add_member(store, cell.id, today=TODAY, **values)


def line_of(store, cell, member_id, month):
    return next((x for x in dues.assess_month(store, cell.id, month) if x.member_id == member_id),
                None)


def pay(store, member_id, months, amount, **kw):
    return dues.record_payment(store, member_id, months, amount, today=TODAY, **kw)


# -- who is assessed, and for how much ---------------------------------


def test_fifty_years_exemption_is_derived_from_admission_and_only_under_2026_rule(store, cell):
    m = member(store, cell, admitted_on="1975-03-01", dues_category="pensioner", dues_base=6_000_000)
    assert line_of(store, cell, m.id, "2025-03").due == 30_000  # 50 years, but 342 has no exemption
    assert line_of(store, cell, m.id, "2026-01").due == 30_000
    exempt = line_of(store, cell, m.id, "2026-02")
    assert (exempt.due, exempt.gross, exempt.exemption) == (0, 30_000, "membership_50_years")
    assert "50" in exempt.formula
    assert not store.rows("member", "id = ? AND notes IS NOT NULL", [m.id])  # nothing stored


def test_fifty_years_counts_from_the_anniversary_month(store, cell):
    m = member(store, cell, admitted_on="1976-06-15", dues_category="other")
    assert line_of(store, cell, m.id, "2026-05").due == 2_000
    assert line_of(store, cell, m.id, "2026-06").due == 0


def test_social_pension_exempts_from_2026_rule(store, cell):
    m = member(store, cell, dues_category="other", social_pension=True)
    assert line_of(store, cell, m.id, "2026-01").due == 2_000
    line = line_of(store, cell, m.id, "2026-02")
    assert (line.due, line.exemption) == (0, "social_pension")


@pytest.mark.parametrize(("percent", "reduced"), [(30, 70_000), (50, 50_000), (70, 30_000)])
def test_reduction_applies_only_inside_its_months(store, cell, percent, reduced):
    m = member(store, cell, dues_category="insured", dues_base=10_000_000)
    adj = dues.add_adjustment(store, m.id, "reduction", percent, "2026-03", "2026-05", "QĐ 12-QĐ/CB")
    assert [line_of(store, cell, m.id, x).due for x in ("2026-02", "2026-03", "2026-05", "2026-06")] \
        == [100_000, reduced, reduced, 100_000]
    line = line_of(store, cell, m.id, "2026-04")
    assert line.adjustment == {"id": adj.id, "kind": "reduction", "percent": percent,
                               "decision_ref": "QĐ 12-QĐ/CB"}
    assert "QĐ 12-QĐ/CB" in line.formula


def test_reduction_rounds_half_up(store, cell):
    m = member(store, cell, dues_category="pensioner", dues_base=2_000_100)  # gross 10,000.5 -> 10,001
    dues.add_adjustment(store, m.id, "reduction", "50", "2026-03", "2026-03", "QĐ 1")
    assert line_of(store, cell, m.id, "2026-03").due == 5_001  # 5,000.5 rounds up


def test_hardship_exemption_makes_the_months_free(store, cell):
    m = member(store, cell, dues_category="student")
    dues.add_adjustment(store, m.id, "exemption", None, "2026-02", "2027-01", "QĐ 7", reason="ốm nặng")
    assert line_of(store, cell, m.id, "2027-01").due == 0
    assert line_of(store, cell, m.id, "2027-02").due == 5_000


@pytest.mark.parametrize(("args", "field"), [
    (("reduction", 50, "2026-01", "2027-01", "QĐ 1"), "to_month"),  # 13 months
    (("reduction", 40, "2026-01", "2026-02", "QĐ 1"), "percent"),
    (("reduction", None, "2026-01", "2026-02", "QĐ 1"), "percent"),
    (("exemption", 50, "2026-01", "2026-02", "QĐ 1"), "percent"),
    (("waiver", 50, "2026-01", "2026-02", "QĐ 1"), "kind"),
    (("reduction", 50, "2026-03", "2026-02", "QĐ 1"), "to_month"),
    (("reduction", 50, "2026-1", "2026-02", "QĐ 1"), "from_month"),
    (("reduction", 50, "2026-01", "2026-02", " "), "decision_ref"),
])
def test_bad_adjustments_name_the_field_and_write_nothing(store, cell, args, field):
    m = member(store, cell)
    before = change_count(store)
    with pytest.raises(ValidationError) as err:
        dues.add_adjustment(store, m.id, *args)
    assert field in err.value.fields()
    assert change_count(store) == before


def test_twelve_month_adjustment_is_accepted(store, cell):
    m = member(store, cell)
    adj = dues.add_adjustment(store, m.id, "exemption", 100, "2026-01", "2026-12", "QĐ 9")
    assert (adj.percent, adj.from_month, adj.to_month) == (100, "2026-01", "2026-12")


def test_roll_of_a_month(store, cell):
    late = member(store, cell, given_name="Bình", admitted_on="2026-04-30")
    gone = member(store, cell, given_name="Cường")
    change_status(store, gone.id, "transferred_out", "2026-05-10", today=TODAY)
    guest = member(store, cell, given_name="Dung", temporarily_attached=True)
    removed = member(store, cell, given_name="Giang")
    remove_member(store, removed.id)
    march = {x.member_id: x for x in dues.assess_month(store, cell.id, "2026-03")}
    april = {x.member_id: x for x in dues.assess_month(store, cell.id, "2026-04")}
    may = {x.member_id: x for x in dues.assess_month(store, cell.id, "2026-05")}
    june = {x.member_id: x for x in dues.assess_month(store, cell.id, "2026-06")}
    assert late.id not in march and late.id in april
    # the month a member leaves in is still owed, as its meetings count the member too
    assert gone.id in may and "leaving" in may[gone.id].flags and gone.id not in june
    assert "temporarily_attached" in may[guest.id].flags
    assert removed.id not in march
    assert [x.name for x in dues.assess_month(store, cell.id, "2026-04")] == \
        ["Nguyễn Bình", "Nguyễn Cường", "Nguyễn Dung"]  # Vietnamese order: by given name


def test_assessment_is_a_handful_of_queries_whatever_the_cell_size(store, cell):
    def queries() -> int:
        statements: list[str] = []
        store.db.conn.set_trace_callback(statements.append)
        try:
            dues.assess_month(store, cell.id, "2026-03")
        finally:
            store.db.conn.set_trace_callback(None)
        return len(statements)

    first = member(store, cell)
    pay(store, first.id, ["2026-03"], 5_000)
    few = queries()
    for i in range(30):
        m = member(store, cell, given_name=f"Tên{i}")
        pay(store, m.id, ["2026-02", "2026-03"], 10_000)
    many = queries()
    assert many == few <= 6


# -- the ledger ----------------------------------------------------------


def test_payment_then_reversal_restores_what_is_owed(store, cell):
    m = member(store, cell, dues_category="student")
    assert line_of(store, cell, m.id, "2026-03").owed == 5_000
    p = pay(store, m.id, ["2026-03"], 5_000, receipt_no="BL-01", receiver="Thủ quỹ")
    assert (line_of(store, cell, m.id, "2026-03").paid, line_of(store, cell, m.id, "2026-03").owed) \
        == (5_000, 0)
    r = dues.reverse_payment(store, p.id, "ghi nhầm người", today=TODAY)
    assert (r.amount, r.months, r.member_id, r.reverses) == (-5_000, "2026-03", m.id, p.id)
    line = line_of(store, cell, m.id, "2026-03")
    assert (line.paid, line.owed) == (0, 5_000)
    assert dues.get_payment(store, p.id).amount == 5_000  # the original stays as it was


def test_reversing_twice_or_reversing_a_reversal_is_refused(store, cell):
    m = member(store, cell)
    p = pay(store, m.id, ["2026-03"], 2_000)
    r = dues.reverse_payment(store, p.id, "sai", today=TODAY)
    before = change_count(store)
    with pytest.raises(ValidationError) as twice:
        dues.reverse_payment(store, p.id, "lần nữa", today=TODAY)
    assert twice.value.fields() == {"payment_id"} and r.id in str(twice.value)
    with pytest.raises(ValidationError) as of_reversal:
        dues.reverse_payment(store, r.id, "đảo bút toán đảo", today=TODAY)
    assert "payment_id" in of_reversal.value.fields()
    with pytest.raises(ValidationError) as no_reason:
        dues.reverse_payment(store, pay(store, m.id, ["2026-04"], 2_000).id, "  ", today=TODAY)
    assert no_reason.value.fields() == {"reason"}
    with pytest.raises(NotFoundError):
        dues.reverse_payment(store, "no-such-id", "x", today=TODAY)
    assert change_count(store) == before + len(("cell_id", "member_id", "months", "amount",
                                                 "method", "paid_on"))  # only the new payment


def test_payment_rows_cannot_be_edited_or_deleted(store, cell):
    m = member(store, cell)
    p = pay(store, m.id, ["2026-03"], 2_000)
    with pytest.raises(LedgerError), store.transaction() as tx:
        tx.update("payment", p.id, {"amount": 1})
    with pytest.raises(LedgerError), store.transaction() as tx:
        tx.delete("payment", p.id)
    assert dues.get_payment(store, p.id).amount == 2_000


def test_duplicate_reversal_from_another_device_counts_once(store, cell):
    """Two devices offline can both reverse one payment; only the first may count."""
    m = member(store, cell, dues_category="student")
    p = pay(store, m.id, ["2026-03"], 5_000)
    dues.reverse_payment(store, p.id, "sai", today=TODAY)
    with store.transaction() as tx:  # what a sync from the other device would bring in
        tx.insert("payment", {"cell_id": cell.id, "member_id": m.id, "months": "2026-03",
                              "amount": -5_000, "reverses": p.id, "reason": "sai"})
    line = line_of(store, cell, m.id, "2026-03")
    assert (line.paid, line.owed) == (0, 5_000)


def test_multi_month_payment_fills_months_in_order_and_rest_goes_last(store, cell):
    m = member(store, cell, dues_category="student")
    pay(store, m.id, ["2026-04", "2026-02", "2026-03"], 12_000)
    assert [line_of(store, cell, m.id, x).paid for x in ("2026-02", "2026-03", "2026-04")] \
        == [5_000, 5_000, 2_000]
    other = member(store, cell, given_name="Bình", dues_category="student")
    pay(store, other.id, ["2026-05", "2026-06"], 12_000)
    may, june = line_of(store, cell, other.id, "2026-05"), line_of(store, cell, other.id, "2026-06")
    assert (may.paid, june.paid, june.credit, june.owed) == (5_000, 7_000, 2_000, 0)
    assert june.due == june.paid + june.owed - june.credit


@pytest.mark.parametrize(("amount", "due_list", "expected"), [
    (12_000, [5_000, 5_000, 5_000], [5_000, 5_000, 2_000]),
    (3_000, [5_000, 5_000], [3_000, 0]),
    (9_000, [5_000, 0, 2_000], [5_000, 0, 4_000]),  # an exempt month takes nothing
    (4_000, [0, 0], [0, 4_000]),
    (-12_000, [5_000, 5_000, 5_000], [-5_000, -5_000, -2_000]),
])
def test_allocate(amount, due_list, expected):
    assert dues.allocate(amount, due_list) == expected
    assert sum(dues.allocate(amount, due_list)) == amount


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"months": ["2026-13"]}, "months"),
    ({"months": []}, "months"),
    ({"months": ["2026-03", "2026-03"]}, "months"),
    ({"months": ["1999-12"]}, "months"),  # before admission: not on the roll
    ({"amount": 0}, "amount"),
    ({"amount": -5}, "amount"),
    ({"amount": "năm nghìn"}, "amount"),
    ({"method": "bank"}, "method"),
    ({"paid_on": "2027-01-01"}, "paid_on"),  # after "today"
    ({"member_id": "nobody"}, "member_id"),
])
def test_bad_payments_name_the_field_and_write_nothing(store, cell, kwargs, field):
    m = member(store, cell)
    values = {"member_id": m.id, "months": ["2026-03"], "amount": 2_000, **kwargs}
    before = change_count(store)
    with pytest.raises(ValidationError) as err:
        dues.record_payment(store, values.pop("member_id"), values.pop("months"),
                            values.pop("amount"), today=TODAY, **values)
    assert field in err.value.fields()
    assert change_count(store) == before
    assert dues.list_payments(store, cell.id) == []


def test_receipt_number_cannot_be_used_twice_unless_reversed(store, cell):
    m = member(store, cell)
    p = pay(store, m.id, ["2026-03"], 2_000, receipt_no="BL-7")
    with pytest.raises(ValidationError) as err:
        pay(store, m.id, ["2026-04"], 2_000, receipt_no="BL-7")
    assert err.value.fields() == {"receipt_no"}
    dues.reverse_payment(store, p.id, "nhập sai tháng", today=TODAY)
    assert pay(store, m.id, ["2026-04"], 2_000, receipt_no="BL-7").receipt_no == "BL-7"


# -- arrears, the flag, the report ----------------------------------------


def test_three_months_unpaid_in_the_year_is_flagged(store, cell):
    dues.set_dues_settings(store, cell.id, start_month="2026-01")  # tracked all the year
    m = member(store, cell, dues_category="student")
    pay(store, m.id, ["2026-02"], 5_000)
    pay(store, m.id, ["2026-03"], 4_000)  # short by 1,000: still unpaid
    assert "unpaid_3_months" not in line_of(store, cell, m.id, "2026-02").flags  # only January
    march = line_of(store, cell, m.id, "2026-03")
    assert march.unpaid_months_in_year == 2 and "unpaid_3_months" not in march.flags
    april = line_of(store, cell, m.id, "2026-04")
    assert april.unpaid_months_in_year == 3 and "unpaid_3_months" in april.flags
    assert dues.month_report(store, cell.id, "2026-04").totals["flagged"] == 1
    assert line_of(store, cell, m.id, "2027-01").unpaid_months_in_year == 1  # a new year


def test_exempt_months_and_tracking_start_are_not_unpaid(store, cell):
    dues.set_dues_settings(store, cell.id, start_month="2026-01")
    m = member(store, cell, dues_category="student")
    dues.add_adjustment(store, m.id, "exemption", 100, "2026-01", "2026-02", "QĐ 3")
    assert line_of(store, cell, m.id, "2026-04").unpaid_months_in_year == 2
    dues.set_dues_settings(store, cell.id, start_month="2026-04")
    assert line_of(store, cell, m.id, "2026-04").unpaid_months_in_year == 1


def test_arrears_month_by_month(store, cell):
    m = member(store, cell, dues_category="student")
    pay(store, m.id, ["2026-01", "2026-02"], 7_000)
    result = dues.arrears(store, cell.id, m.id, "2026-04")
    assert result.from_month == "2026-01"
    assert [(r.month, r.due, r.paid, r.owed) for r in result.months] == [
        ("2026-01", 2_000, 2_000, 0), ("2026-02", 5_000, 5_000, 0),
        ("2026-03", 5_000, 0, 5_000), ("2026-04", 5_000, 0, 5_000)]
    assert (result.total_owed, result.unpaid_months_in_year, result.flagged) == (10_000, 2, False)
    dues.set_dues_settings(store, cell.id, start_month="2025-11")
    assert dues.arrears(store, cell.id, m.id, "2026-04").total_owed == 14_000


def test_report_totals_are_sums_of_lines_and_collected_is_split(store, cell):
    a = member(store, cell, dues_category="insured", dues_base=1_234_500)  # 12,345
    b = member(store, cell, given_name="Bình", dues_category="student")
    c = member(store, cell, given_name="Cúc", dues_category="pensioner", dues_base=3_000_000)
    pay(store, a.id, ["2026-03"], 12_345)
    pay(store, b.id, ["2026-03"], 9_000)
    pay(store, c.id, ["2026-02", "2026-03"], 20_000)  # 15,000 to February, 5,000 to March
    report = dues.month_report(store, cell.id, "2026-03")
    t = report.totals
    for key in ("due", "paid", "owed", "credit"):
        assert t[key] == sum(getattr(x, key) for x in report.lines)
    assert t["due"] == t["paid"] + t["owed"] - t["credit"]
    assert (t["due"], t["collected"], t["credit"], t["owed"]) == (32_345, 26_345, 4_000, 10_000)
    assert t["retained"] == 7_904  # 30% of 26,345 = 7,903.5, rounded half up
    assert t["collected"] == t["retained"] + t["remitted"]
    assert report.rule_id == "qd01-2026" and report.retention_is_default


# -- property: the ledger adds up, whatever is paid and reversed ------------

MONTHS = ["2026-01", "2026-02", "2026-03", "2026-04"]
operations = st.lists(
    st.one_of(
        st.tuples(st.just("pay"), st.integers(0, 2),
                  st.lists(st.sampled_from(MONTHS), min_size=1, max_size=3, unique=True),
                  st.integers(1, 30_000)),
        st.tuples(st.just("reverse"), st.integers(0, 50)),
    ),
    max_size=12,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations)
def test_ledger_sums_hold_for_any_payments_and_reversals(ops):
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "p.db", secrets.token_bytes(32), "prop")
        try:
            _check_ledger_sums(store, ops)
        finally:
            store.close()


def _check_ledger_sums(store, ops):
    cell = create_cell(store, "Chi bộ thử")
    people = [
        member(store, cell, given_name="An", dues_category="student"),
        member(store, cell, given_name="Bình", dues_category="insured", dues_base=3_333_350),
        member(store, cell, given_name="Cúc", admitted_on="1970-01-01", dues_category="other"),
    ]
    live: list = []  # payments not reversed yet, in the order made
    for op in ops:
        if op[0] == "pay":
            live.append(pay(store, people[op[1]].id, op[2], op[3]))
        elif live:
            dues.reverse_payment(store, live.pop(op[1] % len(live)).id, "sửa", today=TODAY)
    # the oracle: each live payment split over its sorted months by the dues of the lines
    due = {(x.member_id, month): x.due for month in MONTHS
           for x in dues.assess_month(store, cell.id, month)}
    expected = {month: 0 for month in MONTHS}
    for p in live:
        left = p.amount
        months = sorted(p.month_list)
        for month in months[:-1]:
            part = min(left, due[(p.member_id, month)])
            expected[month] += part
            left -= part
        expected[months[-1]] += left
    collected = 0
    for month in MONTHS:
        report = dues.month_report(store, cell.id, month)
        t = report.totals
        collected += t["collected"]
        assert t["collected"] == expected[month]
        assert t["collected"] == t["retained"] + t["remitted"]
        for x in report.lines:
            assert x.owed >= 0 and x.credit >= 0 and min(x.owed, x.credit) == 0
            assert x.due == x.paid + x.owed - x.credit
    # money is conserved: the reports together collected exactly what the ledger holds
    ledger = sum(p.amount for p in dues.list_payments(store, cell.id))
    assert collected == ledger


def test_without_a_start_month_tracking_starts_when_the_cell_was_made(store, cell):
    """Older profiles have no start month stored: their dues are tracked from the month
    the cell was made (or the first month their ledger covers), not from January."""
    this_month = months.current()
    m = member(store, cell, dues_category="student")
    dues.record_payment(store, m.id, [this_month], 5_000)
    line = line_of(store, cell, m.id, this_month)
    assert line.unpaid_months_in_year == 0 and "unpaid_3_months" not in line.flags
    assert dues.arrears(store, cell.id, m.id, this_month).from_month == this_month
    earlier = months.add(this_month, -4)
    dues.record_payment(store, m.id, [earlier], 5_000)  # entered late: tracked from then
    result = dues.arrears(store, cell.id, m.id, this_month)
    assert result.from_month == earlier
    # the three months between (those of this year) are owed
    assert result.unpaid_months_in_year == min(3, int(this_month[5:7]) - 1)
