"""Meetings through the widgets: new meeting, attendance, minutes with the pass rule,
adoption that locks everything, and minutes drafts that survive closing mid-typing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from cellclient.demo import build_demo
from cellclient.errors import LockedError
from cellclient.replica import count_unsent
from cellclient.services.attendance import set_attendance
from cellclient.services.cells import current_cell
from cellclient.services.drafts import get_draft
from cellclient.services.meetings import create_meeting, get_meeting, list_meetings
from cellclient.services.members import add_member
from cellclient.services.minutes import set_minutes
from tests.conftest import TODAY
from tests.ui_support import click_button, make_ctx, message_box, open_window, type_text

LEFT = Qt.MouseButton.LeftButton


def _cell_of_three(store, cell):
    return [add_member(store, cell.id, family_name=f, middle_name="Văn", given_name=g,
                       official_on="2010-01-01")
            for f, g in (("Nguyễn", "An"), ("Trần", "Bình"), ("Lê", "Cường"))]


def _tree_texts(page) -> list[str]:
    out = []
    for i in range(page.tree.topLevelItemCount()):
        top = page.tree.topLevelItem(i)
        out.append(top.text(0))
        out += ["  " + top.child(j).text(0) for j in range(top.childCount())]
    return out


def test_a_meeting_from_creation_to_adopted_minutes(qtbot, store, cell, tmp_path):
    an, binh, cuong = _cell_of_three(store, cell)
    window = open_window(qtbot, make_ctx(store, tmp_path), "meetings")
    page = window.pages["meetings"]
    qtbot.mouseClick(page.new_button, LEFT)
    dialog = page.dialog
    w = dialog.form.widgets
    w["date"].setText("05/11/2026")
    qtbot.keyClicks(w["start_time"], "8h")
    qtbot.keyClicks(w["end_time"], "9:45")
    type_text(qtbot, w["place"], "Nhà văn hóa thôn")
    w["chair_id"].setCurrentIndex(w["chair_id"].findData(an.id))
    w["minute_taker_id"].setCurrentIndex(w["minute_taker_id"].findData(binh.id))
    type_text(qtbot, w["agenda"], "Kiểm điểm tháng trước\nNhiệm vụ tháng tới")
    qtbot.mouseClick(dialog.save_button, LEFT)
    [meeting] = list_meetings(store, cell.id)
    editor = page.editor
    assert editor.meeting_id == meeting.id and editor.tabs.currentIndex() == 1
    assert "  05/11 · thường kỳ ✎ chưa thông qua" in _tree_texts(page)

    # Attendance: everyone present in one click, then one absent with a reason.
    attendance = editor.attendance
    qtbot.mouseClick(attendance.all_present, LEFT)
    row = attendance.row_of("Lê Văn Cường")
    index = attendance.model.index(row, 2)  # "Vắng có lý do"
    qtbot.mouseClick(attendance.view.viewport(), LEFT,
                     pos=attendance.view.visualRect(index).center())
    attendance.reason_dialog.setTextValue("Ốm")
    attendance.reason_dialog.accept()
    assert attendance.summary.text().startswith("Có mặt 2/3 · vắng có lý do 1")
    assert attendance.model.data(attendance.model.index(row, 4)) == "Ốm"

    # Minutes, with the pass rule worked out as the votes are typed.
    minutes = editor.minutes
    editor.tabs.setCurrentIndex(2)
    type_text(qtbot, minutes.item_editors[minutes.agenda_ids[0]], "Đồng chí An báo cáo.")
    type_text(qtbot, minutes.conclusion, "Chi bộ thống nhất các nhiệm vụ.")
    type_text(qtbot, minutes.resolution, "Thực hiện nhiệm vụ tháng 11.")
    assert "Vắng có lý do (1): Lê Văn Cường (Ốm)" in minutes.composition.text()
    # Cường is excused, so two members may vote; more than half of 2 is 2.
    assert "có quyền biểu quyết: 2, có mặt 2." in minutes.vote_rule.text()
    qtbot.keyClicks(minutes.votes["votes_for"], "1")
    qtbot.keyClicks(minutes.votes["votes_against"], "1")
    qtbot.keyClicks(minutes.votes["votes_abstain"], "0")
    assert "CHƯA ĐỦ để thông qua" in minutes.vote_rule.text()
    minutes.votes["votes_for"].setText("2")
    minutes.votes["votes_against"].setText("0")
    assert "NGHỊ QUYẾT ĐƯỢC THÔNG QUA" in minutes.vote_rule.text()

    # Adopt: asks first, saves what the form holds, then locks.
    qtbot.mouseClick(editor.adopt_button, LEFT)
    click_button(qtbot, message_box(), "Thông qua")
    adopted = get_meeting(store, meeting.id)
    assert adopted.adopted and adopted.conclusion == "Chi bộ thống nhất các nhiệm vụ."
    assert adopted.votes_for == 2 and get_draft(store, meeting.id) is None
    assert editor.lock_banner.isVisible() and "đã khóa" in editor.lock_banner.text()
    assert not editor.adopt_button.isVisible()
    for box in (minutes.conclusion, minutes.resolution, *minutes.item_editors.values(),
                *minutes.votes.values()):
        assert box.isReadOnly()
    assert not minutes.save_button.isEnabled() and not attendance.all_present.isEnabled()
    assert editor.header.widgets["place"].isReadOnly()
    assert not editor.header.widgets["kind"].isEnabled()
    assert not editor.save_header_button.isEnabled()
    # A click on the attendance changes nothing now, and the services refuse as well.
    index = attendance.model.index(attendance.row_of("Lê Văn Cường"), 1)
    qtbot.mouseClick(attendance.view.viewport(), LEFT,
                     pos=attendance.view.visualRect(index).center())
    assert attendance.model.entries[attendance.row_of("Lê Văn Cường")].state == "excused"
    with pytest.raises(LockedError):
        set_minutes(store, meeting.id, conclusion="sửa sau")
    assert "  05/11 · thường kỳ ✓" in _tree_texts(page)


def test_adoption_refused_says_what_is_missing_and_locks_nothing(qtbot, store, cell, tmp_path):
    _cell_of_three(store, cell)
    meeting = create_meeting(store, cell.id, "regular", "2026-11-05", agenda=["Nhiệm vụ"])
    window = open_window(qtbot, make_ctx(store, tmp_path), "meetings")
    editor = window.pages["meetings"].editor
    assert editor.meeting_id == meeting.id  # the latest meeting opens by itself
    qtbot.mouseClick(editor.adopt_button, LEFT)
    click_button(qtbot, message_box(), "Thông qua")
    text = message_box().text()
    assert "Giờ bắt đầu: Không được để trống" in text and "Chủ trì" in text
    assert "3 đảng viên chưa điểm danh" in text
    click_button(qtbot, message_box(), "Đóng")
    assert not get_meeting(store, meeting.id).adopted and editor.adopt_button.isEnabled()


def test_a_minutes_draft_survives_closing_the_window_mid_typing(qtbot, store, tmp_path):
    build_demo(store, today=TODAY)
    cell = current_cell(store)
    draft_meeting = [m for m in list_meetings(store, cell.id) if not m.adopted][-1]
    stored = get_meeting(store, draft_meeting.id).conclusion
    before = count_unsent(store)
    ctx = make_ctx(store, tmp_path)
    window = open_window(qtbot, ctx, "meetings")
    minutes = window.pages["meetings"].editor.minutes
    assert minutes.meeting_id == draft_meeting.id
    minutes.conclusion.moveCursor(minutes.conclusion.textCursor().MoveOperation.End)
    type_text(qtbot, minutes.conclusion, " Bổ sung: họp lại ngày 15.")
    window.close()  # well before the two seconds of the autosave

    again = open_window(qtbot, make_ctx(store, tmp_path), "meetings")
    minutes = again.pages["meetings"].editor.minutes
    assert minutes.conclusion.toPlainText() == stored + " Bổ sung: họp lại ngày 15."
    assert minutes.draft_banner.isVisible() and "bản nháp chưa lưu" in minutes.draft_banner.text()
    assert get_meeting(store, draft_meeting.id).conclusion == stored  # a draft, not an edit
    assert count_unsent(store) == before  # and nothing to sync

    qtbot.mouseClick(minutes.save_button, LEFT)
    assert get_meeting(store, draft_meeting.id).conclusion.endswith("họp lại ngày 15.")
    assert get_draft(store, draft_meeting.id) is None and not minutes.draft_banner.isVisible()


def test_typing_is_kept_as_a_draft_within_seconds_and_can_be_dropped(qtbot, store, tmp_path):
    build_demo(store, today=TODAY)
    cell = current_cell(store)
    meeting = [m for m in list_meetings(store, cell.id) if not m.adopted][-1]
    window = open_window(qtbot, make_ctx(store, tmp_path), "meetings")
    minutes = window.pages["meetings"].editor.minutes
    minutes.resolution.moveCursor(minutes.resolution.textCursor().MoveOperation.End)
    type_text(qtbot, minutes.resolution, " Thêm")
    assert get_draft(store, meeting.id) is None
    qtbot.waitUntil(lambda: get_draft(store, meeting.id) is not None, timeout=3000)
    assert get_draft(store, meeting.id).body["resolution"].endswith(" Thêm")
    assert "Đã tự lưu bản nháp" in minutes.autosaved.text()
    # A crash now would lose nothing: the draft is in the store. Dropping it restores.
    window.close()
    again = open_window(qtbot, make_ctx(store, tmp_path), "meetings")
    minutes = again.pages["meetings"].editor.minutes
    assert minutes.resolution.toPlainText().endswith(" Thêm")
    qtbot.mouseClick(minutes.discard_button, LEFT)
    assert not minutes.resolution.toPlainText().endswith(" Thêm")
    assert get_draft(store, meeting.id) is None


def test_typing_keeps_going_when_someone_marks_attendance_meanwhile(qtbot, store, cell, tmp_path):
    an, binh, _c = _cell_of_three(store, cell)
    meeting = create_meeting(store, cell.id, "regular", "2026-11-05", agenda=["Nhiệm vụ"])
    window = open_window(qtbot, make_ctx(store, tmp_path), "meetings")
    minutes = window.pages["meetings"].editor.minutes
    type_text(qtbot, minutes.conclusion, "Đang gõ")
    set_attendance(store, meeting.id, an.id, "present")  # a change arriving meanwhile
    assert minutes.conclusion.toPlainText() == "Đang gõ"
    assert "Có mặt: 1." in minutes.composition.text()


def test_the_list_marks_a_month_without_a_regular_meeting_and_a_quarter_without_a_thematic_one(
        qtbot, store, cell, tmp_path):
    _cell_of_three(store, cell)
    create_meeting(store, cell.id, "regular", "2026-09-07")
    create_meeting(store, cell.id, "regular", "2026-11-05")
    window = open_window(qtbot, make_ctx(store, tmp_path), "meetings")
    texts = _tree_texts(window.pages["meetings"])
    assert "⚠ Tháng 10/2026: chưa họp thường kỳ" in texts
    assert "Tháng 11/2026" in texts and "Tháng 09/2026" in texts
    assert "⚠ Quý 3/2026: chưa có chuyên đề" in texts
    assert "⚠ Quý 4/2026: chưa có chuyên đề" in texts
