"""The app as a whole: language and text size switches, remembered window state,
the first-start wizard, the unlock screen, and the launcher's two faces."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from cellclient import profile as profiles
from cellclient.i18n import language
from cellclient.services.cells import current_cell
from cellclient.services.members import add_member, list_members
from tests.conftest import TEST_PASSPHRASE, TODAY
from tests.ui_support import close_when_shown, make_ctx, open_window
from ui.dialogs.unlock import UnlockDialog
from ui.dialogs.wizard import FirstStartWizard
from ui.main_window import MainWindow
from ui.settings import TEXT_SIZES, AppSettings
from ui.startup import enroll_with_server
from ui.workers import Runner

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def restore_app_font():
    font = QApplication.font()
    yield
    QApplication.setFont(font)


def _sidebar(window) -> list[str]:
    return [window.sidebar.item(i).text() for i in range(window.sidebar.count())]


def test_the_language_switch_changes_the_visible_text(qtbot, store, cell, tmp_path):
    ctx = make_ctx(store, tmp_path)
    window = open_window(qtbot, ctx, "members")
    assert _sidebar(window) == ["Tổng quan", "Đảng viên", "Sinh hoạt", "Đảng phí", "Đồng bộ"]
    try:
        window.set_language("en")
        assert _sidebar(window) == ["Overview", "Members", "Meetings", "Dues", "Sync"]
        page = window.pages["members"]
        assert window.current_page() is page  # the same page, rebuilt
        assert page.add_button.text() == "Add member"
        assert window.status.server.text() == "Not connected to a server"
        assert page.model.headerData(0, Qt.Orientation.Horizontal) == "Full name"
        assert language() == "en"  # the core's messages follow: a field error in English
        page.add_member()
        qtbot.mouseClick(page.dialog.save_button, LEFT)
        assert page.dialog.form.error_text("given_name") == "Is required"
        page.dialog.reject()
        assert ctx.settings.language == "en"
    finally:
        window.set_language("vi")
    assert _sidebar(window)[0] == "Tổng quan" and language() == "vi"


def test_the_text_size_applies_to_the_whole_app(qtbot, store, cell, tmp_path, restore_app_font):
    ctx = make_ctx(store, tmp_path)
    window = open_window(qtbot, ctx, "members")
    window.set_text_size("xlarge")
    assert QApplication.font().pointSize() == TEXT_SIZES["xlarge"]
    page = window.pages["members"]
    assert page.search.font().pointSize() == TEXT_SIZES["xlarge"]
    assert page.table.font().pointSize() == TEXT_SIZES["xlarge"]
    window.step_text_size(-1)
    assert ctx.settings.text_size == "large"
    assert window.pages["members"].add_button.font().pointSize() == TEXT_SIZES["large"]


def test_window_size_and_page_are_remembered(qtbot, store, cell, tmp_path):
    window = MainWindow(make_ctx(store, tmp_path))
    qtbot.addWidget(window)
    window.show()
    window.show_page("dues")
    window.resize(760, 520)
    size = window.size()
    window.close()
    again = MainWindow(make_ctx(store, tmp_path))
    qtbot.addWidget(again)
    assert again.size() == size and again.current_page().key == "dues"


def test_the_wizard_makes_an_offline_profile_and_names_a_bad_field(qtbot, tmp_path):
    folder = tmp_path / "profile"
    wizard = FirstStartWizard(folder, enroll_with_server, runner=Runner(synchronous=True))
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.mouseClick(wizard.new_button, LEFT)
    assert not wizard.needs_passphrase  # the test keyring works
    qtbot.mouseClick(wizard.create_button, LEFT)  # no name yet
    assert wizard.cell_form.error_text("name") == "Không được để trống"
    assert not profiles.exists(folder)  # nothing half-made is left behind
    wizard.cell_form.widgets["name"].setText("Chi bộ Thôn Bắc")
    qtbot.mouseClick(wizard.create_button, LEFT)
    assert wizard.result() == wizard.DialogCode.Accepted and profiles.exists(folder)
    assert current_cell(wizard.store).name == "Chi bộ Thôn Bắc"
    wizard.store.close()


def test_the_wizard_builds_the_demo_cell(qtbot, tmp_path):
    folder = tmp_path / "profile"
    wizard = FirstStartWizard(folder, enroll_with_server, runner=Runner(synchronous=True))
    qtbot.addWidget(wizard)
    qtbot.mouseClick(wizard.demo_button, LEFT)
    qtbot.mouseClick(wizard.create_button, LEFT)
    assert len(list_members(wizard.store, current_cell(wizard.store).id)) == 30
    wizard.store.close()


def test_without_a_keyring_the_wizard_asks_for_a_passphrase_twice(qtbot, tmp_path):
    keyring.set_keyring(fail.Keyring())
    folder = tmp_path / "profile"
    wizard = FirstStartWizard(folder, enroll_with_server, runner=Runner(synchronous=True))
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.mouseClick(wizard.new_button, LEFT)
    assert wizard.needs_passphrase and wizard.passphrase.isVisible()
    wizard.cell_form.widgets["name"].setText("Chi bộ Thôn Bắc")
    qtbot.keyClicks(wizard.passphrase, TEST_PASSPHRASE)
    qtbot.keyClicks(wizard.passphrase_again, TEST_PASSPHRASE + "x")
    qtbot.mouseClick(wizard.create_button, LEFT)
    assert "không giống nhau" in wizard.cell_form.error_text("passphrase_again")
    assert not profiles.exists(folder)
    wizard.passphrase_again.setText(TEST_PASSPHRASE)
    qtbot.mouseClick(wizard.create_button, LEFT)
    assert profiles.load(folder).key_mode == "passphrase"
    wizard.store.close()


def test_a_wrong_passphrase_says_so_plainly_and_opens_nothing(qtbot, tmp_path):
    keyring.set_keyring(fail.Keyring())
    folder = tmp_path / "profile"
    _p, store = profiles.create(folder, lambda _creating: TEST_PASSPHRASE)
    from cellclient.services.cells import create_cell

    cell = create_cell(store, "Chi bộ Thôn Đông")
    add_member(store, cell.id, family_name="Lê", given_name="Hoa")
    store.close()
    dialog = UnlockDialog(folder, Runner(synchronous=True))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.passphrase, "mat-khau-sai-roi")
    qtbot.mouseClick(dialog.open_button, LEFT)
    assert dialog.error.isVisible() and dialog.error.text().startswith("Sai mật khẩu")
    assert dialog.store is None and dialog.result() != dialog.DialogCode.Accepted
    assert dialog.passphrase.text() == ""  # ready for another try
    qtbot.keyClicks(dialog.passphrase, TEST_PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert [m.given_name for m in list_members(dialog.store, cell.id)] == ["Hoa"]
    dialog.store.close()


def test_the_launcher_runs_the_cli_when_given_a_command(tmp_path, capsys):
    from ui.launcher import main

    with pytest.raises(SystemExit) as done:
        main(["--data-dir", str(tmp_path / "p"), "init", "--cell-name", "Chi bộ A"])
    assert done.value.code == 0 and profiles.exists(tmp_path / "p")


def test_a_start_cut_before_the_cell_came_opens_the_wizard_again(qtbot, tmp_path):
    from ui.startup import open_cell_profile

    folder = tmp_path / "profile"
    _profile, store = profiles.create(folder)  # the window was closed right after this
    store.close()
    wizards = close_when_shown(FirstStartWizard)
    assert open_cell_profile(folder, AppSettings(tmp_path / "ui.ini")) is None
    assert len(wizards) == 1 and not profiles.exists(folder)


def test_a_profile_with_its_cell_opens_straight_away(qtbot, tmp_path):
    from cellclient.services.cells import create_cell
    from ui.startup import open_cell_profile

    folder = tmp_path / "profile"
    _profile, store = profiles.create(folder)
    create_cell(store, name="Chi bộ Thôn Bắc")
    store.close()
    opened = open_cell_profile(folder, AppSettings(tmp_path / "ui.ini"))
    assert opened is not None and current_cell(opened[0]).name == "Chi bộ Thôn Bắc"
    opened[0].close()


def test_the_app_has_its_icon_at_every_desktop_size(qtbot, store, cell, tmp_path):
    from ui.style import app_icon

    icon = app_icon()
    assert sorted(s.width() for s in icon.availableSizes()) == [16, 24, 32, 48, 64, 128, 256]
    image = icon.pixmap(64, 64).toImage()
    assert image.pixelColor(32, 3).red() > 150  # the red square, not a blank
    window = MainWindow(make_ctx(store, tmp_path))
    qtbot.addWidget(window)
    assert not window.windowIcon().isNull()


def test_the_wizard_asks_from_which_month_dues_are_tracked(qtbot, tmp_path):
    from cellclient.services.dues import dues_settings

    folder = tmp_path / "profile"
    wizard = FirstStartWizard(folder, enroll_with_server, runner=Runner(synchronous=True),
                              today=lambda: TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.mouseClick(wizard.new_button, LEFT)
    start = wizard.cell_form.widgets["start_month"]
    assert start.isVisible() and start.text() == "11/2026"  # this month, ready to keep
    wizard.cell_form.widgets["name"].setText("Chi bộ Thôn Bắc")
    start.setText("13/2026")
    qtbot.mouseClick(wizard.create_button, LEFT)
    assert wizard.cell_form.error_text("start_month") and not profiles.exists(folder)
    start.clear()
    qtbot.keyClicks(start, "09/2026")
    qtbot.mouseClick(wizard.create_button, LEFT)
    assert wizard.result() == wizard.DialogCode.Accepted
    cell = current_cell(wizard.store)
    assert dues_settings(wizard.store, cell.id)["dues.start_month"] == "2026-09"
    wizard.store.close()


def test_the_demo_path_asks_no_start_month(qtbot, tmp_path):
    wizard = FirstStartWizard(tmp_path / "profile", enroll_with_server,
                              runner=Runner(synchronous=True))
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.mouseClick(wizard.demo_button, LEFT)
    assert not wizard.cell_form.widgets["start_month"].isVisible()
    assert not wizard.start_note.isVisible()
