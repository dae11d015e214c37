"""The desktop app against a real ``cellserver`` process on 127.0.0.1: enrolling at
first start, the first sync that brings the cell, and a sync from the window that
updates the status bar and the open pages."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt

from cellclient import profile as profiles
from cellclient.replica import count_unsent
from cellclient.services.cells import create_cell, current_cell, has_cell
from cellclient.services.meetings import create_meeting, get_meeting
from cellclient.services.members import add_member, list_members
from cellclient.services.minutes import set_minutes
from sync.desktop import DesktopSyncEngine
from sync.enroll import forget_token
from sync.status import DEVICE_ID
from tests import sync_fixtures
from tests.conftest import TODAY
from tests.faultproxy import UP, Fault
from tests.sync_fixtures import add_people
from tests.sync_support import FAST
from tests.ui_support import click_button, message_box, open_window
from ui.context import AppContext
from ui.dialogs.first_sync import FirstSyncDialog
from ui.dialogs.wizard import FirstStartWizard
from ui.settings import AppSettings
from ui.startup import (
    FIRST_SYNC,
    NO_CELL,
    OPEN,
    START_OVER,
    enroll_with_server,
    next_step,
    start_over,
)
from ui.sync_status import count_unsent_records
from ui.workers import Runner

server, prov, devices, proxy, tls_front = (sync_fixtures.server, sync_fixtures.prov,
                                           sync_fixtures.devices, sync_fixtures.proxy,
                                           sync_fixtures.tls_front)

LEFT = Qt.MouseButton.LeftButton


def _wizard_at_enroll(qtbot, folder):
    wizard = FirstStartWizard(folder, enroll_with_server, runner=Runner(synchronous=True))
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.mouseClick(wizard.enroll_button, LEFT)
    return wizard


def _fill(qtbot, wizard, url: str, username: str, code: str) -> None:
    w = wizard.enroll_form.form.widgets
    for name, text in (("server_url", url), ("username", username), ("code", code)):
        w[name].clear()
        qtbot.keyClicks(w[name], text)
    qtbot.mouseClick(wizard.connect_button, LEFT)


def _deputy_enrolled_at_first_start(qtbot, prov, cell_id: str, url: str, folder):
    """A deputy of ``cell_id`` connects through the wizard; returns the new profile's store."""
    username = prov.user("deputy", cell_id)
    wizard = _wizard_at_enroll(qtbot, folder)
    _fill(qtbot, wizard, url, username, prov.code(username))
    assert wizard.result() == wizard.DialogCode.Accepted
    return wizard.store


def test_the_enroll_form_names_each_missing_or_wrong_field_and_makes_nothing(qtbot, tmp_path):
    folder = tmp_path / "profile"
    wizard = _wizard_at_enroll(qtbot, folder)
    qtbot.mouseClick(wizard.connect_button, LEFT)
    for name in ("server_url", "username", "code"):
        assert wizard.enroll_form.form.error_text(name) == "Không được để trống", name
    _fill(qtbot, wizard, "http://chibo.example.vn", "bithu", "123-456")
    assert "https" in wizard.enroll_form.form.error_text("server_url")
    assert not wizard.enroll_form.form.error_text("username")
    assert wizard.result() != wizard.DialogCode.Accepted and not profiles.exists(folder)


def test_a_wrong_code_says_so_and_leaves_no_profile(qtbot, server, prov, tmp_path):
    folder = tmp_path / "profile"
    username = prov.user("secretary", prov.cell())
    wizard = _wizard_at_enroll(qtbot, folder)
    _fill(qtbot, wizard, server.url, username, "WRNG-CODE-XXXX")
    assert "mã không đúng" in wizard.enroll_form.problem.text()
    assert wizard.enroll_form.problem.isVisible() and not profiles.exists(folder)
    # The person asks for the right code and tries again in the same window.
    _fill(qtbot, wizard, server.url, username, prov.code(username))
    assert wizard.result() == wizard.DialogCode.Accepted and profiles.exists(folder)
    wizard.store.close()


def test_enrolling_at_first_start_brings_the_cell_and_its_members_into_the_window(
        qtbot, server, prov, devices, tmp_path):
    (secretary,) = devices("secretary")
    add_people(secretary, 4)
    secretary.sync()
    folder = tmp_path / "profile"
    store = _deputy_enrolled_at_first_start(qtbot, prov, secretary.cell_id, server.url, folder)
    assert not has_cell(store)  # the cell comes with the first sync

    settings = AppSettings(tmp_path / "ui.ini")
    engine = DesktopSyncEngine(store, folder, FAST)
    runner = Runner()
    dialog = FirstSyncDialog(store, engine, settings, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=20_000)
    runner.wait()
    assert current_cell(store).id == secretary.cell_id
    assert len(list_members(store, secretary.cell_id)) == 4

    ctx = AppContext.create(store, settings, engine=engine, today=lambda: TODAY,
                            data_dir=folder)
    window = open_window(qtbot, ctx, "members")
    qtbot.waitUntil(lambda: window.pages["members"].model.rowCount() == 4, timeout=5000)
    assert current_cell(store).name in window.windowTitle()
    window.close()
    ctx.runner.wait()
    store.close()


def test_a_first_sync_cut_by_the_link_says_so_and_a_retry_finishes_it(
        qtbot, server, prov, devices, proxy, tmp_path):
    (secretary,) = devices("secretary")
    add_people(secretary, 30)
    secretary.sync()
    folder = tmp_path / "profile"
    store = _deputy_enrolled_at_first_start(qtbot, prov, secretary.cell_id, proxy.url, folder)
    # The link drops every request, for longer than the engine keeps trying on its own.
    proxy.arm(*[Fault(UP, after=0, action="reset") for _ in range(2000)])
    engine = DesktopSyncEngine(store, folder, FAST.__class__(**{**FAST.__dict__,
                                                                "retry_budget": 1.0}))
    runner = Runner()
    dialog = FirstSyncDialog(store, engine, AppSettings(tmp_path / "ui.ini"), runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.retry_button.isEnabled, timeout=20_000)
    assert "Chưa tải xong" in dialog.problem.text() and dialog.problem.isVisible()
    assert dialog.result() != dialog.DialogCode.Accepted and not has_cell(store)
    proxy.disarm()
    qtbot.mouseClick(dialog.retry_button, LEFT)
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=20_000)
    runner.wait()
    assert len(list_members(store, secretary.cell_id)) == 30
    store.close()


def test_a_sync_from_the_window_updates_the_status_bar_and_the_open_members_page(
        qtbot, devices, tmp_path):
    mine, other = devices("secretary", "deputy")
    add_member(mine.store, mine.cell_id, family_name="Lê", middle_name="Thị", given_name="Hoa")
    ctx = AppContext.create(mine.store, AppSettings(tmp_path / "ui.ini"),
                            engine=DesktopSyncEngine(mine.store, mine.folder, FAST),
                            today=lambda: TODAY, data_dir=mine.folder)
    window = open_window(qtbot, ctx, "members")
    page, bar = window.pages["members"], window.status
    unsent = count_unsent(mine.store)
    records = count_unsent_records(mine.store)
    qtbot.waitUntil(lambda: bar.unsent.text() == f"{records} mục chưa gửi lên máy chủ",
                    timeout=5000)
    assert bar.last_sync.text() == "Chưa đồng bộ lần nào" or "Đồng bộ lần cuối" in \
        bar.last_sync.text()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)

    # Meanwhile the deputy adds a member on another computer and syncs.
    add_member(other.store, other.cell_id, family_name="Vũ", middle_name="Văn",
               given_name="Tâm")
    other.sync()

    qtbot.keyClick(window, Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert ctx.sync.running
    qtbot.waitUntil(lambda: not ctx.sync.running, timeout=20_000)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=5000)
    assert sorted(page.model.member_at(r).full_name for r in range(2)) == \
        ["Lê Thị Hoa", "Vũ Văn Tâm"]
    qtbot.waitUntil(lambda: bar.unsent.text() == "Đã gửi hết lên máy chủ", timeout=5000)
    assert bar.last_sync.text().startswith("Đồng bộ lần cuối:")
    assert bar.server.text() == "Máy chủ: sẵn sàng"
    window.show_page("sync")
    assert f"đã gửi {unsent} thay đổi" in window.pages["sync"].last_result.text()
    # And the member typed here reached the deputy's computer.
    other.sync()
    assert {m.given_name for m in list_members(other.store, other.cell_id)} == {"Hoa", "Tâm"}
    window.close()
    ctx.runner.wait()


def test_a_cell_started_offline_connects_from_the_sync_page_and_sends_its_records(
        qtbot, server, prov, tmp_path):
    folder = tmp_path / "profile"
    _profile, store = profiles.create(folder)
    cell = create_cell(store, name="Chi bộ Xóm Chợ", parent_org="Đảng bộ xã Gia Vân")
    add_member(store, cell.id, family_name="Đỗ", middle_name="Thị", given_name="Lan")
    ctx = AppContext.create(store, AppSettings(tmp_path / "ui.ini"),
                            engine=DesktopSyncEngine(store, folder, FAST), today=lambda: TODAY,
                            data_dir=folder)
    window = open_window(qtbot, ctx, "sync")
    box = window.pages["sync"].connect_box
    assert box.isVisible() and box.cell_id.text() == cell.id
    assert window.status.server.text() == "Chưa kết nối máy chủ"

    def connect(username: str, code: str) -> None:
        w = box.form.form.widgets
        for name, text in (("server_url", server.url), ("username", username),
                           ("code", code)):
            w[name].setText(text)
        qtbot.mouseClick(box.form.connect_button, LEFT)
        qtbot.waitUntil(lambda: not box.form.busy.isVisible(), timeout=20_000)

    # A code for a user of another cell: refused with the id to send, nothing changed.
    stranger = prov.user("secretary", prov.cell())
    connect(stranger, prov.code(stranger))
    assert cell.id in box.form.problem.text() and not ctx.sync.available
    # The administrator adds the cell under this id; the secretary connects.
    prov.cell("Chi bộ Xóm Chợ", adopt=cell.id)
    username = prov.user("secretary", cell.id)
    connect(username, prov.code(username))
    qtbot.waitUntil(lambda: ctx.sync.last_report is not None and not ctx.sync.running,
                    timeout=20_000)
    assert ctx.sync.last_report.ok and not box.isVisible()
    qtbot.waitUntil(lambda: window.status.unsent.text() == "Đã gửi hết lên máy chủ", timeout=5000)
    assert window.status.server.text() == "Máy chủ: sẵn sàng"
    members = prov.export(cell.id)["tables"]["member"].values()
    assert [m["given_name"] for m in members] == ["Lan"]
    window.close()
    ctx.runner.wait()
    store.close()


def _window_for(qtbot, device, tmp_path, options=FAST, page="sync"):
    ctx = AppContext.create(device.store, AppSettings(tmp_path / f"ui-{id(device)}.ini"),
                            engine=DesktopSyncEngine(device.store, device.folder, options),
                            today=lambda: TODAY, data_dir=device.folder)
    return ctx, open_window(qtbot, ctx, page)


def test_the_sync_page_lists_refused_changes_with_their_reasons(qtbot, devices, tmp_path):
    secretary, treasurer = devices("secretary", "treasurer")
    member = add_member(secretary.store, secretary.cell_id, family_name="Trần",
                        given_name="An")
    meeting = create_meeting(secretary.store, secretary.cell_id, "regular", "2026-11-05",
                             chair_id=member.id, agenda=["Kiểm điểm tháng"])
    set_minutes(secretary.store, meeting.id, conclusion="Hoàn thành nhiệm vụ.")
    secretary.sync()
    treasurer.sync()
    set_minutes(treasurer.store, meeting.id, conclusion="Thủ quỹ sửa kết luận.")
    ctx, window = _window_for(qtbot, treasurer, tmp_path)
    page = window.pages["sync"]
    assert not page.rejected.isVisible()
    qtbot.mouseClick(page.sync_button, LEFT)
    qtbot.waitUntil(lambda: not ctx.sync.running, timeout=20_000)
    assert page.rejected.isVisible() and page.rejected.count() == 1
    line = page.rejected.item(0).text()
    assert "Buổi sinh hoạt ngày 05/11/2026" in line and "Kết luận" in line and "vai trò" in line
    # Kept on this computer, not sent again.
    assert get_meeting(treasurer.store, meeting.id).conclusion == "Thủ quỹ sửa kết luận."
    # A sync that changed no record still changes the counts: both places follow.
    qtbot.waitUntil(lambda: window.status.unsent.text() == "Đã gửi hết lên máy chủ", timeout=5000)
    qtbot.waitUntil(lambda: page.outbox_text.text() == "Mọi thay đổi đã được gửi lên máy chủ.",
                    timeout=5000)
    window.close()
    ctx.runner.wait()


def test_stop_ends_a_stalled_sync_and_keeps_every_change(qtbot, devices, proxy, tmp_path):
    options = FAST.__class__(**{**FAST.__dict__, "read_timeout": 30.0})
    (mine,) = devices("secretary", via=proxy.url, options=options)
    add_people(mine, 3)
    unsent = count_unsent(mine.store)
    ctx, window = _window_for(qtbot, mine, tmp_path, options)
    page = window.pages["sync"]
    proxy.arm(Fault(UP, after=0, action="hang"))
    qtbot.mouseClick(page.sync_button, LEFT)
    qtbot.waitUntil(page.cancel_button.isEnabled, timeout=5000)
    assert page.progress.isVisible() and window.status.server.text() == "Đang đồng bộ…"
    qtbot.wait(300)
    qtbot.mouseClick(page.cancel_button, LEFT)
    qtbot.waitUntil(lambda: not ctx.sync.running, timeout=5000)
    assert "đã dừng theo yêu cầu" in page.last_result.text()
    assert not page.progress.isVisible() and page.sync_button.isEnabled()
    assert count_unsent(mine.store) == unsent
    assert window.status.unsent.text() == \
        f"{count_unsent_records(mine.store)} mục chưa gửi lên máy chủ"
    window.close()
    ctx.runner.wait()


def test_auto_sync_follows_the_setting_and_syncs_when_the_server_answers(
        qtbot, devices, tmp_path):
    mine, other = devices("secretary", "deputy")
    ctx, window = _window_for(qtbot, mine, tmp_path)
    page, timer = window.pages["sync"], ctx.sync._timer
    page.auto.setValue(0)
    assert not timer.isActive() and ctx.settings.auto_sync_minutes == 0
    page.auto.setValue(15)
    assert timer.isActive() and timer.interval() == 15 * 60_000
    assert ctx.settings.auto_sync_minutes == 15
    add_member(other.store, other.cell_id, family_name="Phan", given_name="Quế")
    other.sync()
    before = ctx.sync.last_report
    timer.timeout.emit()  # fifteen minutes later
    qtbot.waitUntil(lambda: ctx.sync.last_report is not before and not ctx.sync.running,
                    timeout=20_000)
    assert ctx.sync.last_report.ok and ctx.sync.reachable is True
    assert [m.given_name for m in list_members(mine.store, mine.cell_id)] == ["Quế"]
    window.close()
    ctx.runner.wait()


def test_escape_on_the_first_sync_window_stops_the_sync_and_keeps_what_arrived(
        qtbot, server, prov, devices, proxy, tmp_path):
    (secretary,) = devices("secretary")
    folder = tmp_path / "profile"
    store = _deputy_enrolled_at_first_start(qtbot, prov, secretary.cell_id, proxy.url, folder)
    proxy.arm(Fault(UP, after=0, action="hang"))
    options = FAST.__class__(**{**FAST.__dict__, "read_timeout": 30.0})
    runner = Runner()
    dialog = FirstSyncDialog(store, DesktopSyncEngine(store, folder, options),
                             AppSettings(tmp_path / "ui.ini"), runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.controller.running, timeout=5000)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == dialog.DialogCode.Rejected
    qtbot.waitUntil(lambda: not dialog.controller.running, timeout=5000)
    assert dialog.controller.last_report.cancelled
    assert runner.wait(5000)
    store.close()


def test_a_revoked_first_sync_offers_to_start_over_which_removes_the_empty_profile(
        qtbot, server, prov, devices, tmp_path, memory_keyring):
    (secretary,) = devices("secretary")
    folder = tmp_path / "profile"
    store = _deputy_enrolled_at_first_start(qtbot, prov, secretary.cell_id, server.url, folder)
    engine = DesktopSyncEngine(store, folder, FAST)
    assert next_step(store, engine) == FIRST_SYNC
    server.admin("devices", "revoke", store.meta(DEVICE_ID))  # a lost laptop, say
    runner = Runner()
    dialog = FirstSyncDialog(store, engine, AppSettings(tmp_path / "ui.ini"), runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.retry_button.isEnabled, timeout=20_000)
    assert "Chưa tải xong" in dialog.problem.text()
    assert dialog.start_over_button.isVisible()
    qtbot.mouseClick(dialog.start_over_button, LEFT)
    click_button(qtbot, message_box(), "Bắt đầu lại")
    qtbot.waitUntil(lambda: dialog.result() == FirstSyncDialog.START_OVER, timeout=5000)
    runner.wait()
    store.close()
    profile_id = profiles.load(folder).profile_id
    assert len([k for k in memory_keyring.secrets if profile_id in k[1]]) == 2
    start_over(folder)
    assert not profiles.exists(folder) and not list(folder.glob("cellclient.db*"))
    # Its data key and its device token are gone from the keyring.
    assert not [k for k in memory_keyring.secrets if profile_id in k[1]]


def test_what_an_opened_profile_needs_before_the_window(server, prov, devices, tmp_path):
    (enrolled, waiting) = devices("secretary", "deputy")
    assert next_step(enrolled.store, DesktopSyncEngine(enrolled.store, enrolled.folder)) == OPEN
    # Enrolled, no cell yet, and the keyring cannot give the token just now: never
    # removed without asking; the first-sync window explains and offers to start over.
    waiting.store.set_meta("current_cell", None)
    forget_token(waiting.profile.profile_id)
    assert next_step(waiting.store, DesktopSyncEngine(waiting.store, waiting.folder)) == FIRST_SYNC
    _profile, empty = profiles.create(tmp_path / "empty")  # a start cut before its cell
    assert next_step(empty, DesktopSyncEngine(empty, tmp_path / "empty")) == START_OVER
    cell = create_cell(empty, name="Chi bộ A")
    empty.set_meta("current_cell", None)  # its cell is there but not chosen: keep it
    assert next_step(empty, None) == NO_CELL
    assert cell.id
    empty.close()


def test_a_server_with_the_organisations_own_certificate_needs_its_file(
        qtbot, prov, tls_front, tmp_path):
    proxy, cert = tls_front
    username = prov.user("secretary", prov.cell())
    code = prov.code(username)
    folder = tmp_path / "profile"
    wizard = _wizard_at_enroll(qtbot, folder)
    _fill(qtbot, wizard, proxy.url, username, code)  # checked against the system's store
    assert "chứng chỉ" in wizard.enroll_form.problem.text() and not profiles.exists(folder)
    wizard.enroll_form.ca_bundle.setText(str(tmp_path / "khong-co.pem"))
    _fill(qtbot, wizard, proxy.url, username, code)
    assert "khong-co.pem" in wizard.enroll_form.form.error_text("ca_bundle")
    wizard.enroll_form.ca_bundle.setText(cert)  # the file the administrator handed out
    _fill(qtbot, wizard, proxy.url, username, code)  # the code was never spent above
    assert wizard.result() == wizard.DialogCode.Accepted
    kept = profiles.load(folder).ca_bundle  # a copy in the profile: the picked file may go
    assert kept == str(folder / profiles.CA_NAME)
    assert open(kept, "rb").read() == open(cert, "rb").read()
    os.unlink(cert)  # the person tidies their Downloads folder
    wizard.store.close()
    _, store = profiles.open_store(folder)
    try:
        engine = DesktopSyncEngine(store, folder, FAST)
        assert engine.check_server() is True  # still reaches the server over verified TLS
    finally:
        store.close()
