"""The members page, through its widgets: list, search, the member form, status changes."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from cellclient.demo import build_demo
from cellclient.replica import count_unsent
from cellclient.services.cells import current_cell
from cellclient.services.members import add_member, edit_member, get_member, list_members
from tests.conftest import TODAY
from tests.ui_support import (
    click_button,
    make_ctx,
    message_box,
    open_window,
    table_column,
    type_text,
)
from ui.pages.members_model import MembersModel

LEFT = Qt.MouseButton.LeftButton


def _names(page) -> list[str]:
    return table_column(page.model, 0)


def test_members_are_in_vietnamese_order_and_search_ignores_marks_and_case(qtbot, store, cell,
                                                                          tmp_path):
    add_member(store, cell.id, family_name="Trần", middle_name="Thị", given_name="Bình")
    add_member(store, cell.id, family_name="Nguyễn", middle_name="Văn", given_name="Ánh",
               birth_date="1980-05-04")
    add_member(store, cell.id, family_name="Lê", middle_name="Văn", given_name="Anh")
    window = open_window(qtbot, make_ctx(store, tmp_path), "members")
    page = window.pages["members"]
    assert "Chi bộ Thôn Đông" in window.windowTitle()
    assert _names(page) == ["Lê Văn Anh", "Nguyễn Văn Ánh", "Trần Thị Bình"]  # by given name
    assert page.model.data(page.model.index(1, 1)) == "04/05/1980"
    qtbot.keyClicks(page.search, "nguyen van anh")
    assert _names(page) == ["Nguyễn Văn Ánh"]
    page.search.clear()
    qtbot.keyClicks(page.search, "ÁNH")  # marks and case both ignored: Anh and Ánh
    assert _names(page) == ["Lê Văn Anh", "Nguyễn Văn Ánh"]
    assert page.count.text() == "Đang hiện 2 trong 3 hồ sơ"


def test_the_in_memory_search_finds_what_the_service_finds(store):
    build_demo(store, members=60, today=TODAY)
    cell = current_cell(store)
    model = MembersModel()
    model.set_members(list_members(store, cell.id))
    for query in ("nguyen", "nguyễn văn", "THI", "a", "001", "hà", "đ", "ng hu", "zzz"):
        model.set_filter(query, None)
        expected = [m.id for m in list_members(store, cell.id, search=query)]
        assert model.shown_ids() == expected, query


def test_a_bad_cccd_shows_its_message_next_to_the_field_and_saves_nothing(qtbot, store, cell,
                                                                         tmp_path):
    window = open_window(qtbot, make_ctx(store, tmp_path), "members")
    page = window.pages["members"]
    before = count_unsent(store)
    qtbot.mouseClick(page.add_button, LEFT)
    dialog = page.dialog
    w = dialog.form.widgets
    type_text(qtbot, w["family_name"], "Phạm")
    qtbot.keyClicks(w["given_name"], "Lan")
    w["sex"].setCurrentIndex(w["sex"].findData("female"))
    qtbot.keyClicks(w["birth_date"], "12/03/1985")
    qtbot.keyClicks(w["national_id"], "0011850123")  # 10 digits
    qtbot.mouseClick(dialog.save_button, LEFT)
    error = dialog.form.errors["national_id"]
    assert error.isVisible() and error.text() == "Phải gồm đúng 12 chữ số"
    assert dialog.form.error_text("family_name") == ""
    assert dialog.isVisible() and "chữ đỏ" in dialog.problem.text()
    assert list_members(store, cell.id) == [] and count_unsent(store) == before
    assert w["national_id"].hasFocus() or dialog.focusWidget() is w["national_id"]

    w["national_id"].setText("001185012345")  # 12 digits; 4th digit 1 = woman born 1900s
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert not dialog.isVisible()
    [member] = list_members(store, cell.id)
    assert member.full_name == "Phạm Lan" and member.national_id == "001185012345"
    assert _names(page) == ["Phạm Lan"] and page.selected_id() == member.id


def test_the_form_names_every_bad_field_at_once(qtbot, store, cell, tmp_path):
    window = open_window(qtbot, make_ctx(store, tmp_path), "members")
    page = window.pages["members"]
    page.add_member()
    dialog = page.dialog
    w = dialog.form.widgets
    qtbot.keyClicks(w["birth_date"], "31/02/1980")
    qtbot.keyClicks(w["phone"], "12")
    qtbot.mouseClick(dialog.save_button, LEFT)
    for name in ("family_name", "given_name", "birth_date", "phone"):
        assert dialog.form.errors[name].isVisible(), name
    assert dialog.form.error_text("given_name") == "Không được để trống"
    assert list_members(store, cell.id) == []


def test_a_status_change_keeps_its_date_and_decision_and_filters_follow(qtbot, store, cell,
                                                                       tmp_path):
    m = add_member(store, cell.id, family_name="Lê", middle_name="Thị", given_name="Hoa",
                   official_on="2010-05-01")
    add_member(store, cell.id, family_name="Trần", given_name="Bình")
    window = open_window(qtbot, make_ctx(store, tmp_path), "members")
    page = window.pages["members"]
    page.select(m.id)
    qtbot.mouseClick(page.status_button, LEFT)
    dialog = page.dialog
    dialog.change.setCurrentIndex(dialog.change.findData("transferred_out"))
    dialog.since.setText("10/11/2026")
    type_text(qtbot, dialog.decision, "25-QĐ/ĐU")
    qtbot.mouseClick(dialog.save_button, LEFT)
    changed = get_member(store, m.id)
    assert (changed.status, changed.status_since, changed.status_decision) == (
        "transferred_out", "2026-11-10", "25-QĐ/ĐU")
    assert _names(page) == ["Trần Bình"]  # "Đang sinh hoạt" hides those who left
    page.status_filter.setCurrentIndex(page.status_filter.findData("all"))
    assert _names(page) == ["Trần Bình", "Lê Thị Hoa"]  # by given name: Bình, Hoa
    assert page.model.data(page.model.index(1, 3)) == "Đã chuyển đi"
    # The introduction letter is due 30 working days after the transfer.
    texts = [page.deadlines.item(i).text() for i in range(page.deadlines.count())]
    assert texts == ["Lê Thị Hoa: chuyển đi ngày 10/11/2026; giấy giới thiệu phải nộp nơi đến "
                     "trước 22/12/2026"]


def test_probation_reviews_show_ahead_and_overdue(qtbot, store, cell, tmp_path):
    # Ceremony 15/12/2025: probation ends 15/12/2026, review within 30 working days.
    add_member(store, cell.id, family_name="Vũ", given_name="Nam", admitted_on="2025-12-01",
               ceremony_on="2025-12-15", today=TODAY)
    add_member(store, cell.id, family_name="Đỗ", given_name="Mai", admitted_on="2025-08-01",
               ceremony_on="2025-08-20", today=TODAY)
    window = open_window(qtbot, make_ctx(store, tmp_path), "members")
    page = window.pages["members"]
    texts = [page.deadlines.item(i).text() for i in range(page.deadlines.count())]
    assert texts == [
        "QUÁ HẠN — Đỗ Mai: hết dự bị ngày 20/08/2026; chi bộ xét công nhận chính thức trước "
        "01/10/2026",
        "Vũ Nam: hết dự bị ngày 15/12/2026; chi bộ xét công nhận chính thức trước 26/01/2027",
    ]


def test_a_change_made_through_a_service_shows_at_once(qtbot, store, cell, tmp_path):
    m = add_member(store, cell.id, family_name="Nguyễn", middle_name="Văn", given_name="Ánh")
    add_member(store, cell.id, family_name="Trần", middle_name="Thị", given_name="Bình")
    window = open_window(qtbot, make_ctx(store, tmp_path), "members")
    page = window.pages["members"]
    edit_member(store, m.id, given_name="Hoa")
    assert _names(page) == ["Trần Thị Bình", "Nguyễn Văn Hoa"]
    add_member(store, cell.id, family_name="Lê", given_name="An")
    assert _names(page)[0] == "Lê An"


def test_removing_a_record_entered_by_mistake_asks_first(qtbot, store, cell, tmp_path):
    m = add_member(store, cell.id, family_name="Nhầm", given_name="Tên")
    window = open_window(qtbot, make_ctx(store, tmp_path), "members")
    page = window.pages["members"]
    page.select(m.id)
    qtbot.mouseClick(page.remove_button, LEFT)
    click_button(qtbot, message_box(), "Không")
    assert len(list_members(store, cell.id)) == 1
    qtbot.mouseClick(page.remove_button, LEFT)
    click_button(qtbot, message_box(), "Xóa hồ sơ")
    assert list_members(store, cell.id) == [] and _names(page) == []


def test_editing_a_member_fills_the_form_and_saves_changes(qtbot, store, cell, tmp_path):
    m = add_member(store, cell.id, family_name="Lê", given_name="Hoa", birth_date="1970-01-07",
                   dues_category="pensioner", dues_base=4850000)
    window = open_window(qtbot, make_ctx(store, tmp_path), "members")
    page = window.pages["members"]
    page.select(m.id)
    qtbot.mouseClick(page.edit_button, LEFT)
    w = page.dialog.form.widgets
    assert w["birth_date"].text() == "07/01/1970" and w["dues_base"].text() == "4.850.000"
    w["dues_base"].setText("5.000.000")
    qtbot.mouseClick(page.dialog.save_button, LEFT)
    assert get_member(store, m.id).dues_base == 5_000_000
    assert get_member(store, m.id).birth_date == "1970-01-07"


def test_today_is_the_contexts(store, cell, tmp_path):
    assert make_ctx(store, tmp_path).today() == dt.date(2026, 11, 20)
