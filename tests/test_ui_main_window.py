"""The main window: five pages, keyboard shortcuts, and the pages following the store."""

from __future__ import annotations

from PySide6.QtCore import Qt

from cellclient.services.members import add_member, edit_member
from tests.conftest import TODAY
from tests.ui_support import make_ctx, message_box, open_window, table_column
from ui.dialogs.member_dialog import MemberDialog


def test_the_sidebar_and_ctrl_digits_switch_pages(qtbot, store, cell, tmp_path):
    window = open_window(qtbot, make_ctx(store, tmp_path))
    assert window.current_page().key == "overview"
    for n, key in enumerate(("overview", "members", "meetings", "dues", "sync"), 1):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + n), Qt.KeyboardModifier.ControlModifier)
        assert window.current_page().key == key
        assert window.sidebar.currentRow() == n - 1
    window.sidebar.setCurrentRow(1)
    assert window.current_page().key == "members"


def test_common_actions_have_keys(qtbot, store, cell, tmp_path):
    window = open_window(qtbot, make_ctx(store, tmp_path), "members")
    page = window.pages["members"]
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(page.dialog, MemberDialog) and page.dialog.isVisible()
    page.dialog.reject()
    window.show_page("overview")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() is page
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert "Ctrl+N" in message_box().text()


def test_open_pages_follow_changes_made_elsewhere(qtbot, store, cell, tmp_path):
    anh = add_member(store, cell.id, family_name="Nguyễn", middle_name="Văn", given_name="Ánh")
    add_member(store, cell.id, family_name="Trần", middle_name="Thị", given_name="Bình")
    window = open_window(qtbot, make_ctx(store, tmp_path), "members")
    page = window.pages["members"]
    assert table_column(page.model, 0) == ["Nguyễn Văn Ánh", "Trần Thị Bình"]
    edit_member(store, anh.id, given_name="Hoa")  # a change made elsewhere shows at once
    assert table_column(page.model, 0) == ["Trần Thị Bình", "Nguyễn Văn Hoa"]
    # A page that is not shown catches up when it is opened.
    window.show_page("overview")
    add_member(store, cell.id, family_name="Lê", given_name="An")
    overview = window.pages["overview"]
    assert "<b>3</b>" in overview.members_text.text()
    window.show_page("members")
    assert table_column(page.model, 0)[0] == "Lê An"


def test_the_overview_shows_the_cell_at_a_glance_and_follows_a_payment(qtbot, store, tmp_path):
    from cellclient import formatting
    from cellclient.demo import build_demo
    from cellclient.services.dues_ledger import record_payment
    from cellclient.services.dues_report import month_report

    build_demo(store, today=TODAY)
    ctx = make_ctx(store, tmp_path)
    window = open_window(qtbot, ctx, "overview")
    o = window.pages["overview"]
    assert "Tổng số: <b>29</b> đảng viên" in o.members_text.text()  # + 1 attached for a while
    assert "Sinh hoạt tạm thời (không tính vào tổng số): 1" in o.members_text.text()
    assert "Thường kỳ ngày 05/11/2026" in o.meeting_text.text()
    assert len(o.chart.points) == 12 and sum(1 for _, v in o.chart.points if v) >= 10
    assert o.deadlines_text.text()
    before = o.dues_bar.value()
    line = next(x for x in month_report(store, ctx.cell_id, "2026-11").lines if x.owed)
    record_payment(store, line.member_id, ["2026-11"], line.owed, receipt_no="BL-99",
                   paid_on=TODAY.isoformat())
    assert o.dues_bar.value() == before + line.owed
    assert f"Đã thu <b>{formatting.money(before + line.owed)}</b>" in o.dues_text.text()
