"""A newcomer's month on the demo cell, through the window only: this month's meeting
from creation to adopted minutes, a dues payment, then connecting the cell to a real
server process and a sync that sends it all. Workers run threaded, as in the app."""

from __future__ import annotations

from PySide6.QtCore import Qt

from cellclient import formatting
from cellclient import profile as profiles
from cellclient.demo import build_demo
from cellclient.services.meetings import get_meeting, list_meetings
from sync.desktop import DesktopSyncEngine
from tests import sync_fixtures
from tests.conftest import TODAY
from tests.sync_support import FAST
from tests.ui_support import click_button, message_box, open_window, type_text
from ui.context import AppContext
from ui.settings import AppSettings

server, prov = sync_fixtures.server, sync_fixtures.prov

LEFT = Qt.MouseButton.LeftButton
WAIT = 20_000
RESOLUTION = "Thực hiện các nhiệm vụ tháng 12."


def _tree_texts(page) -> list[str]:
    tops = [page.tree.topLevelItem(i) for i in range(page.tree.topLevelItemCount())]
    return [t.child(j).text(0) for t in tops for j in range(t.childCount())]


def _money(label) -> int:
    """An amount as shown on screen ("1.401.500 ₫")."""
    return int(label.text().removesuffix(" ₫").replace(".", ""))


def _click_cell(qtbot, view, row: int, column: int) -> None:
    index = view.model().index(row, column)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), LEFT, pos=view.visualRect(index).center())


def test_a_month_of_work_on_the_demo_cell_through_the_window(qtbot, server, prov, tmp_path):
    folder = tmp_path / "profile"
    _profile, store = profiles.create(folder)
    build_demo(store, today=TODAY)
    ctx = AppContext.create(store, AppSettings(tmp_path / "ui.ini"),
                            engine=DesktopSyncEngine(store, folder, FAST), today=lambda: TODAY,
                            data_dir=folder)
    window = open_window(qtbot, ctx, "meetings")
    page = window.pages["meetings"]
    editor, attendance, minutes = page.editor, page.editor.attendance, page.editor.minutes
    qtbot.waitUntil(lambda: editor.detail is not None and bool(editor.members), timeout=WAIT)

    # This month's regular meeting: today's date, place and officers come from last time.
    qtbot.mouseClick(page.new_button, LEFT)
    w = page.dialog.form.widgets
    assert w["date"].text() == "20/11/2026" and w["place"].text() == "Nhà văn hóa thôn Đông"
    qtbot.keyClicks(w["start_time"], "8h")
    qtbot.keyClicks(w["end_time"], "9:45")
    type_text(qtbot, w["agenda"], "Kiểm điểm tháng 11\nNhiệm vụ tháng 12")
    qtbot.mouseClick(page.dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: "20/11 · thường kỳ ✎ chưa thông qua" in _tree_texts(page),
                    timeout=WAIT)
    [meeting] = [m for m in list_meetings(store, ctx.cell_id) if m.date == "2026-11-20"]
    qtbot.waitUntil(lambda: attendance.meeting_id == meeting.id, timeout=WAIT)
    assert editor.tabs.currentWidget() is attendance  # the next step opens by itself
    assert editor.heading.text() == "Thường kỳ ngày 20/11/2026"

    # Everyone present in one click (the member exempt from activities is not required
    # to come and is left to the secretary), then one member excused with a reason.
    qtbot.mouseClick(attendance.all_present, LEFT)
    n = attendance.model.rowCount()
    qtbot.waitUntil(lambda: attendance.summary.text() == f"Có mặt {n - 1}/{n} · vắng có lý do 0"
                    " · vắng không lý do 0 · chưa điểm danh 0 · không bắt buộc dự 1",
                    timeout=WAIT)
    assert [e.standing for e in attendance.model.entries if e.state is None] == ["exempt"]
    officers = {meeting.chair_id, meeting.minute_taker_id}
    row, away = next((i, e) for i, e in enumerate(attendance.model.entries)
                     if e.member.id not in officers and e.standing == "official")
    _click_cell(qtbot, attendance.view, row, 2)  # "Vắng có lý do"
    attendance.reason_dialog.setTextValue("Đi công tác")
    attendance.reason_dialog.accept()
    qtbot.waitUntil(lambda: attendance.summary.text().startswith(
        f"Có mặt {n - 2}/{n} · vắng có lý do 1"), timeout=WAIT)
    assert attendance.model.data(attendance.model.index(row, 4)) == "Đi công tác"

    # The minutes; the pass rule follows the votes as they are typed.
    editor.tabs.setCurrentWidget(minutes)
    qtbot.waitUntil(lambda: f"{away.name} (Đi công tác)" in minutes.composition.text(),
                    timeout=WAIT)
    for box, text in zip([*minutes.item_editors.values(), minutes.conclusion, minutes.resolution],
                         ["Đồng chí Bí thư báo cáo.", "Các đồng chí nhất trí phân công.",
                          "Chi bộ thống nhất các nhiệm vụ.", RESOLUTION], strict=True):
        type_text(qtbot, box, text)
    voters = minutes.detail.votes.present_voters  # everyone present and entitled votes for
    for name, count in (("votes_for", voters), ("votes_against", 0), ("votes_abstain", 0)):
        qtbot.keyClicks(minutes.votes[name], str(count))
    assert f"Với {voters} phiếu tán thành: NGHỊ QUYẾT ĐƯỢC THÔNG QUA." in minutes.vote_rule.text()
    qtbot.mouseClick(minutes.save_button, LEFT)
    qtbot.waitUntil(lambda: get_meeting(store, meeting.id).votes_for == voters, timeout=WAIT)
    # The page reloads after the save; the "saved" line stays (it once vanished in ms).
    qtbot.waitUntil(lambda: minutes.autosaved.text() == "Đã lưu biên bản.", timeout=WAIT)
    qtbot.wait(300)
    assert minutes.autosaved.text() == "Đã lưu biên bản."
    assert minutes.conclusion.toPlainText() == "Chi bộ thống nhất các nhiệm vụ."

    # Adopt: asked first, then everything is locked and the list shows it.
    qtbot.mouseClick(editor.adopt_button, LEFT)
    click_button(qtbot, message_box(), "Thông qua")
    qtbot.waitUntil(lambda: editor.lock_banner.isVisible(), timeout=WAIT)
    assert "đã khóa" in editor.lock_banner.text() and not editor.adopt_button.isVisible()
    items = list(minutes.item_editors.values())  # rebuilt from the stored minutes
    assert items[1].toPlainText() == "Các đồng chí nhất trí phân công."
    assert all(box.isReadOnly() for box in (minutes.conclusion, minutes.resolution, *items,
                                             *minutes.votes.values()))
    assert not minutes.save_button.isEnabled() and not attendance.all_present.isEnabled()
    qtbot.waitUntil(lambda: "20/11 · thường kỳ ✓" in _tree_texts(page), timeout=WAIT)

    # Dues: a member who owes this month pays; the month's "collected" rises by it.
    window.show_page("dues")
    dues = window.pages["dues"]
    qtbot.waitUntil(lambda: dues.report is not None, timeout=WAIT)
    collected = _money(dues.totals["collected"])
    line = next(x for x in dues.model.lines if x.owed > 0)
    _click_cell(qtbot, dues.table, dues.model.row_of(line.member_id), 0)
    qtbot.mouseClick(dues.pay_button, LEFT)
    dialog = dues.dialog
    assert dialog.chosen_months() == ["2026-11"]
    assert dialog.amount.text() == formatting.money(line.owed).removesuffix(" ₫")
    qtbot.keyClicks(dialog.receipt, "BL09001")
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: _money(dues.totals["collected"]) == collected + line.owed,
                    timeout=WAIT)
    ledger = dues.ledger_model  # the newest entry on top
    assert [ledger.data(ledger.index(0, c)) for c in (1, 3)] == [line.name,
                                                                formatting.money(line.owed)]

    # Sync: the administrator adds the cell under the id shown; the person connects.
    window.show_page("sync")
    sync_page = window.pages["sync"]
    box = sync_page.connect_box
    assert box.isVisible() and box.cell_id.text() == ctx.cell_id
    prov.cell("Chi bộ Thôn Đông", adopt=box.cell_id.text())
    username = prov.user("secretary", ctx.cell_id)
    fields = box.form.form.widgets
    for name, text in (("server_url", server.url), ("username", username),
                       ("code", prov.code(username))):
        qtbot.keyClicks(fields[name], text)
    qtbot.mouseClick(box.form.connect_button, LEFT)
    qtbot.waitUntil(lambda: ctx.sync.last_report is not None and not ctx.sync.running,
                    timeout=WAIT)  # the first sync starts by itself once connected
    assert ctx.sync.last_report.ok and not box.isVisible() and not sync_page.rejected.isVisible()
    assert sync_page.last_result.text().startswith("Đồng bộ xong lúc")
    qtbot.waitUntil(lambda: window.status.unsent.text() == "Đã gửi hết lên máy chủ", timeout=WAIT)
    assert window.status.last_sync.text().startswith("Đồng bộ lần cuối")

    # The server has the month: adopted minutes, the excused member, the payment.
    tables = prov.export(ctx.cell_id)["tables"]
    sent = tables["meeting"][meeting.id]
    assert sent["adopted_at"] and sent["votes_for"] == voters and sent["resolution"] == RESOLUTION
    [excused] = [a for a in tables["attendance"].values()
                 if a["meeting_id"] == meeting.id and a["state"] == "excused"]
    assert excused["member_id"] == away.member.id and excused["reason"] == "Đi công tác"
    [paid] = [p for p in tables["payment"].values() if p.get("receipt_no") == "BL09001"]
    assert (paid["member_id"], paid["amount"], paid["months"]) == (line.member_id, line.owed,
                                                                   "2026-11")
    window.close()
    ctx.runner.wait()
    store.close()
