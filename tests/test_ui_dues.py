"""Dues through the widgets: a payment updates the sheet and the totals, a reversal
restores them, and a bad entry is named next to its field."""

from __future__ import annotations

from PySide6.QtCore import Qt

from cellclient import formatting
from cellclient.demo import build_demo
from cellclient.services.cells import current_cell
from cellclient.services.dues import list_payments, month_report
from tests.conftest import TODAY
from tests.ui_support import make_ctx, open_window

LEFT = Qt.MouseButton.LeftButton
MONTH = "2026-11"


def _totals(page) -> dict[str, str]:
    return {k: label.text() for k, label in page.totals.items()}


def _flagged_line(page):
    return next(line for line in page.model.lines if "unpaid_3_months" in line.flags)


def test_a_payment_updates_the_totals_and_a_reversal_restores_them(qtbot, store, tmp_path):
    build_demo(store, today=TODAY)
    cell = current_cell(store)
    window = open_window(qtbot, make_ctx(store, tmp_path), "dues")
    page = window.pages["dues"]
    before = _totals(page)
    report = month_report(store, cell.id, MONTH)
    assert before["collected"] == formatting.money(report.totals["collected"])
    line = _flagged_line(page)  # the member three months behind
    assert line.paid == 0 and line.owed > 0
    page.select(line.member_id)
    assert page.table.selectionModel().selectedRows()

    # Two clicks: "Ghi nhận nộp…", then save; month and amount are filled in.
    qtbot.mouseClick(page.pay_button, LEFT)
    dialog = page.dialog
    assert dialog.chosen_months() == [MONTH]
    assert dialog.amount.text() == formatting.money(line.owed).removesuffix(" ₫")
    assert len(dialog.month_boxes) > 1  # the earlier months still owed are offered too
    qtbot.keyClicks(dialog.receipt, "BL09001")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert not dialog.isVisible()
    after = month_report(store, cell.id, MONTH).totals
    assert after["collected"] == report.totals["collected"] + line.owed
    assert after["owed"] == report.totals["owed"] - line.owed
    totals = _totals(page)
    assert totals["collected"] == formatting.money(after["collected"])
    assert totals["owed"] == formatting.money(after["owed"])
    assert totals["retained"] == formatting.money(after["retained"])
    paid_line = next(x for x in page.model.lines if x.member_id == line.member_id)
    assert paid_line.paid == line.owed and paid_line.owed == 0
    ledger = page.ledger_model
    assert ledger.data(ledger.index(0, 1)) == line.name  # newest entry on top
    assert ledger.data(ledger.index(0, 3)) == formatting.money(line.owed)

    # A reversal with a reason brings every figure back; the ledger keeps both entries.
    page.select(line.member_id)
    qtbot.mouseClick(page.reverse_button, LEFT)
    dialog = page.dialog
    assert "BL09001" in dialog.payments.currentItem().text()
    qtbot.mouseClick(dialog.save_button, LEFT)  # no reason yet
    assert dialog.form.error_text("reason") == "Không được để trống"
    qtbot.keyClicks(dialog.reason, "Ghi nham nguoi nop")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert not dialog.isVisible()
    assert _totals(page) == before
    assert ledger.data(ledger.index(0, 3)) == formatting.money(-line.owed)
    assert ledger.data(ledger.index(0, 6)) == "Đảo: Ghi nham nguoi nop"
    assert [p.amount for p in list_payments(store, cell.id, member_id=line.member_id)
            ][-2:] == [line.owed, -line.owed]


def test_a_bad_amount_is_named_next_to_its_field_and_nothing_is_recorded(qtbot, store, tmp_path):
    build_demo(store, today=TODAY)
    cell = current_cell(store)
    window = open_window(qtbot, make_ctx(store, tmp_path), "dues")
    page = window.pages["dues"]
    entries = len(list_payments(store, cell.id))
    page.select(_flagged_line(page).member_id)
    page.record_payment()
    dialog = page.dialog
    dialog.amount.setText("năm mươi nghìn")
    dialog.paid_on.setText("01/01/2030")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.form.error_text("amount").startswith("Phải là số tiền")
    assert dialog.form.error_text("paid_on") == "Không được ở tương lai"
    assert dialog.isVisible() and len(list_payments(store, cell.id)) == entries


def test_only_owing_filter_and_the_working_of_the_chosen_line(qtbot, store, tmp_path):
    build_demo(store, today=TODAY)
    window = open_window(qtbot, make_ctx(store, tmp_path), "dues")
    page = window.pages["dues"]
    everyone = page.model.rowCount()
    page.only_owing.setChecked(True)
    assert 0 < page.model.rowCount() < everyone
    assert all(line.owed > 0 for line in page.model.lines)
    line = page.model.lines[0]
    page.select(line.member_id)
    assert page.working.text().startswith(line.name) and line.formula in page.working.text()
