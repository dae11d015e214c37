"""Importing the member list through the dialog: preview, per-row errors, all or nothing."""

from __future__ import annotations

import openpyxl
from PySide6.QtCore import Qt

from cellclient.replica import count_unsent
from cellclient.services.members import list_members
from tests.ui_support import make_ctx, open_window

LEFT = Qt.MouseButton.LeftButton
HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Tôn giáo"]


def _xlsx(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [["DANH SÁCH ĐẢNG VIÊN"], [], HEADER, *rows]:
        ws.append(row)
    wb.save(path)
    return path


def _cells(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def test_a_file_with_a_bad_row_is_shown_row_by_row_and_nothing_is_imported(qtbot, store, cell,
                                                                         tmp_path):
    path = _xlsx(tmp_path / "ds.xlsx", [
        [1, "Nguyễn Thị Thu Hà", "07/01/1970", "Nữ", "001170000244", "Không"],
        [2, "Trần Hữu Tuấn", "21/07/1954", "Nam", "03705422512", None],  # 11 digits
    ])
    window = open_window(qtbot, make_ctx(store, tmp_path), "members")
    page = window.pages["members"]
    before = count_unsent(store)
    qtbot.mouseClick(page.import_button, LEFT)
    dialog = page.dialog
    dialog.path.setText(str(path))
    qtbot.mouseClick(dialog.check_button, LEFT)
    mapping = _cells(dialog.mapping)
    assert ["B", "Họ và tên", "Họ và tên"] in mapping
    assert ["E", "Số CCCD", "Số CCCD"] in mapping
    assert ["F", "Tôn giáo", "(không dùng)"] in mapping
    assert _cells(dialog.errors) == [["5", "Số CCCD", "Phải gồm đúng 12 chữ số", "03705422512"]]
    assert dialog.tabs.currentWidget() is dialog.errors
    assert "Có 1 lỗi, chưa nhập gì" in dialog.status.text()
    assert not dialog.import_button.isEnabled()
    assert list_members(store, cell.id) == [] and count_unsent(store) == before


def test_a_good_file_is_previewed_then_imported_whole(qtbot, store, cell, tmp_path):
    path = _xlsx(tmp_path / "ds.xlsx", [
        [1, "Nguyễn Thị Thu Hà", "07/01/1970", "Nữ", "001170000244", None],
        [2, "Trần Hữu Tuấn", "21/07/1954", "Nam", "037054225127", None],
    ])
    window = open_window(qtbot, make_ctx(store, tmp_path), "members")
    page = window.pages["members"]
    page.import_list()
    dialog = page.dialog
    dialog.path.setText(str(path))
    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)
    assert dialog.import_button.isEnabled(), dialog.status.text()
    assert dialog.import_button.text() == "Nhập 2 đảng viên"
    assert list_members(store, cell.id) == []  # the check wrote nothing
    qtbot.mouseClick(dialog.import_button, LEFT)
    assert dialog.status.text() == "Đã thêm 2 đảng viên."
    assert [page.model.member_at(r).full_name for r in range(page.model.rowCount())] == [
        "Nguyễn Thị Thu Hà", "Trần Hữu Tuấn"]


def test_an_unreadable_file_says_why(qtbot, store, cell, tmp_path):
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0 not really")
    window = open_window(qtbot, make_ctx(store, tmp_path), "members")
    page = window.pages["members"]
    page.import_list()
    page.dialog.path.setText(str(tmp_path / "old.xls"))
    page.dialog.check()
    assert "Excel 97-2003" in _cells(page.dialog.errors)[0][2]
    assert not page.dialog.import_button.isEnabled()
