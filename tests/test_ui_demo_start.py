"""``bash scripts/run-app.sh --demo``, the README's first command: the script hands
``--demo`` to the window, which makes the demo cell on first start, asking for a
data passphrase where the computer has no OS keyring, and opens a profile that
already has data as usual."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import time

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from cellclient import profile as profiles
from cellclient.cli import has_command
from cellclient.services.cells import create_cell, current_cell
from cellclient.services.members import add_member, list_members
from tests.conftest import ROOT, TEST_PASSPHRASE
from tests.ui_support import close_when_shown
from ui.dialogs.wizard import FirstStartWizard
from ui.main_window import MainWindow
from ui.settings import AppSettings
from ui.startup import open_cell_profile

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def app_state(monkeypatch):
    """``ui.app.main`` sets the app-wide font, style sheet and exception hook: put them back."""
    app = QApplication.instance()
    font, sheet = QApplication.font(), app.styleSheet()
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    yield
    QApplication.setFont(font)
    app.setStyleSheet(sheet)


def test_the_demo_flag_is_for_the_window_not_a_command(tmp_path):
    from ui.app import parse_args

    argv = ["--demo", "--data-dir", str(tmp_path)]
    assert not has_command(argv)  # the launcher opens the window
    args, qt_args = parse_args(argv)
    assert args.demo and args.data_dir == str(tmp_path) and qt_args == []
    assert not parse_args([])[0].demo


def test_without_a_keyring_the_demo_start_asks_for_the_passphrase_and_makes_the_demo(
        qtbot, tmp_path, app_state):
    from ui.app import main

    keyring.set_keyring(fail.Keyring())  # a headless Linux; CELLCLIENT_PASSPHRASE is unset
    folder = tmp_path / "profile"
    seen: dict = {}
    deadline = time.monotonic() + 120

    def look():
        if time.monotonic() > deadline:  # fail, never hang the suite
            seen["timeout"] = True
            QApplication.exit(99)
            return
        shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        wizard = next((w for w in shown if isinstance(w, FirstStartWizard)), None)
        window = next((w for w in shown if isinstance(w, MainWindow)), None)
        if wizard is not None and "wizard" not in seen:
            seen["wizard"] = (wizard.cell_title.text(), wizard.passphrase.isVisible(),
                              wizard.passphrase_again.isVisible(), wizard.create_button.text(),
                              wizard.cell_form.widgets["name"].isVisible())
            qtbot.keyClicks(wizard.passphrase, TEST_PASSPHRASE)
            qtbot.keyClicks(wizard.passphrase_again, TEST_PASSPHRASE)
            qtbot.mouseClick(wizard.create_button, LEFT)
        elif window is not None:
            seen["members"] = len(list_members(window.ctx.store, window.ctx.cell_id))
            window.close()  # the last window: the app's loop ends, main() returns
            return
        QTimer.singleShot(50, look)

    QTimer.singleShot(50, look)
    code = main(["--demo", "--data-dir", str(folder)], settings=AppSettings(tmp_path / "ui.ini"))
    assert "timeout" not in seen and code == 0
    assert seen["wizard"] == ("Chi bộ mẫu để tập dùng", True, True, "Tạo chi bộ mẫu", False)
    assert seen["members"] == 30
    assert profiles.load(folder).key_mode == "passphrase"
    _profile, store = profiles.open_store(folder, lambda _creating: TEST_PASSPHRASE)
    try:
        assert len(list_members(store, current_cell(store).id)) == 30
    finally:
        store.close()


def test_with_a_keyring_the_demo_start_makes_the_demo_without_a_question(qtbot, tmp_path):
    folder = tmp_path / "profile"
    opened = open_cell_profile(folder, AppSettings(tmp_path / "ui.ini"), demo=True)
    assert opened is not None
    store = opened[0]
    try:
        assert profiles.load(folder).key_mode == "keyring"
        assert len(list_members(store, current_cell(store).id)) == 30
    finally:
        store.close()


def test_the_demo_flag_opens_a_profile_with_data_as_usual(qtbot, tmp_path):
    folder = tmp_path / "profile"
    _profile, store = profiles.create(folder)
    cell = create_cell(store, name="Chi bộ Thôn Bắc")
    add_member(store, cell.id, family_name="Lê", given_name="Hoa")
    store.close()
    wizards = close_when_shown(FirstStartWizard, within=2.0)
    opened = open_cell_profile(folder, AppSettings(tmp_path / "ui.ini"), demo=True)
    assert opened is not None and wizards == []
    store = opened[0]
    try:
        assert current_cell(store).name == "Chi bộ Thôn Bắc"
        assert [m.given_name for m in list_members(store, cell.id)] == ["Hoa"]
    finally:
        store.close()


def _stub(path, body: str) -> None:
    path.write_text("#!/usr/bin/env bash\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def test_run_app_hands_demo_to_the_window_and_hides_no_failure(tmp_path):
    """The script once ran ``cellclient demo || true`` first: on a computer without a
    keyring that failed ("Cần mật khẩu…"), the failure was hidden, and the window
    opened on an empty profile. Run the real script in a copy of the checkout whose
    installer steps and ``cellclient`` are stand-ins that write down what they get."""
    checkout = tmp_path / "checkout"
    (checkout / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "run-app.sh", checkout / "scripts" / "run-app.sh")
    _stub(checkout / "scripts" / "system-packages.sh", "exit 0\n")
    bin_dir = checkout / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    calls = tmp_path / "calls"
    _stub(bin_dir / "python", "exit 0\n")
    _stub(bin_dir / "pip", "exit 0\n")
    _stub(bin_dir / "cellclient", f'echo "$*" >> "{calls}"\nexit 7\n')
    env = {k: v for k, v in os.environ.items() if k != "CELLCLIENT_PASSPHRASE"}
    done = subprocess.run(["bash", str(checkout / "scripts" / "run-app.sh"), "--demo",
                           "--data-dir", str(tmp_path / "profile")],
                          env=env, capture_output=True, text=True, timeout=60)
    assert calls.read_text().splitlines() == [f"--demo --data-dir {tmp_path / 'profile'}"]
    assert done.returncode == 7, done.stderr  # the app's failure is the script's failure
