"""The main window, offscreen: shows the cell's members and follows changes."""

from __future__ import annotations

from cellclient.services.members import add_member, edit_member
from ui.main_window import MainWindow


def _names(window):
    return [window.table.item(r, 0).text() for r in range(window.table.rowCount())]


def test_members_are_listed_searched_and_refreshed(qtbot, store, cell):
    add_member(store, cell.id, family_name="Trần", middle_name="Thị", given_name="Bình")
    anh = add_member(store, cell.id, family_name="Nguyễn", middle_name="Văn", given_name="Ánh",
                     birth_date="1980-05-04")
    window = MainWindow(store)
    qtbot.addWidget(window)
    assert "Chi bộ Thôn Đông" in window.windowTitle()
    assert _names(window) == ["Nguyễn Văn Ánh", "Trần Thị Bình"]
    assert window.table.item(0, 1).text() == "04/05/1980"
    qtbot.keyClicks(window.search, "nguyen anh")
    assert _names(window) == ["Nguyễn Văn Ánh"]
    window.search.clear()
    edit_member(store, anh.id, given_name="Hoa")  # a change made elsewhere shows at once
    assert _names(window) == ["Trần Thị Bình", "Nguyễn Văn Hoa"]
