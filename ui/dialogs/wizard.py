"""First start: make an offline profile for a cell, try the demo cell, or enroll.

Enrolling runs ``enroll(folder, url, username, code) -> Store`` (the app
passes the sync engine's) on the network worker: it makes the profile and
trades the one-time code for a device token, leaving nothing behind when the
server says no. The cell itself arrives with the first sync, which the app
runs next (``first_sync.py``). Where no OS keyring works, the profile's key
comes from a passphrase set here (twice, at least 8 characters); such a
machine cannot enroll, since the device token may live only in a keyring.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cellclient import formatting, keys, months
from cellclient import profile as profiles
from cellclient.demo import build_demo
from cellclient.schema import CELL_KINDS
from cellclient.services.cells import create_cell
from cellclient.store import Store
from cellclient.validation import ValidationError

from ..enroll_form import EnrollForm
from ..forms import Form, combo, text_of
from ..style import app_icon
from ..translation import translate
from ..widgets import banner, fit_to_screen, muted, primary_button, row, set_banner, title
from ..workers import Runner
from .dues_settings_dialog import to_month

CELL_KIND_WORDS = {
    "residential": QT_TRANSLATE_NOOP("FirstStartWizard", "Chi bộ thôn, tổ dân phố"),
    "agency": QT_TRANSLATE_NOOP("FirstStartWizard", "Chi bộ cơ quan"),
    "enterprise": QT_TRANSLATE_NOOP("FirstStartWizard", "Chi bộ doanh nghiệp"),
    "school": QT_TRANSLATE_NOOP("FirstStartWizard", "Chi bộ trường học"),
    "armed_forces": QT_TRANSLATE_NOOP("FirstStartWizard", "Chi bộ lực lượng vũ trang"),
    "other": QT_TRANSLATE_NOOP("FirstStartWizard", "Loại khác"),
}


def make_profile(folder: Path, passphrase: str | None, cell: dict | None,
                 today: dt.date | None = None) -> Store:
    """Create the profile and its cell (or the demo cell); nothing is left behind
    when the cell is refused."""
    profile, store = profiles.create(folder, lambda _creating: passphrase)
    try:
        if cell is None:
            build_demo(store, today=today)
        else:
            create_cell(store, **cell)
    except BaseException:
        store.close()
        profiles.discard(folder, profile)
        raise
    return store


class FirstStartWizard(QDialog):
    def __init__(self, folder: Path, enroll: Callable[..., Store],
                 runner: Runner | None = None, today: Callable[[], dt.date] | None = None,
                 demo: bool = False, parent=None):
        super().__init__(parent)
        self.folder, self.enroll_handler = folder, enroll
        self.runner = runner or Runner()
        self.today = today
        self.store: Store | None = None
        self.demo = False
        self.needs_passphrase = not keys.keyring_usable()
        self.setWindowTitle(self.tr("Chi bộ số — bắt đầu"))
        self.setWindowIcon(app_icon())
        self.steps = QStackedWidget()
        self.steps.addWidget(self._choice_step())
        self.steps.addWidget(self._cell_step())
        self.steps.addWidget(self._enroll_step())
        layout = QVBoxLayout(self)
        layout.addWidget(self.steps)
        fit_to_screen(self, 760, 600)
        if demo:  # `cellclient --demo`: straight to the demo cell
            self._to_cell(demo=True)
            if not self.needs_passphrase:  # nothing to ask: make it as soon as it shows
                QTimer.singleShot(0, self.create)

    # -- steps -------------------------------------------------------------

    def _choice_step(self) -> QWidget:
        step = QWidget()
        layout = QVBoxLayout(step)
        layout.addWidget(title(self.tr("Chào mừng đến với Chi bộ số")))
        layout.addWidget(muted(self.tr(
            "Sổ sách chi bộ trên máy tính: đảng viên, sinh hoạt, biên bản, đảng phí. Làm việc "
            "được cả khi không có mạng. Hãy chọn cách bắt đầu:")))
        self.new_button = self._choice(layout, self.tr("Tạo hồ sơ cho chi bộ của tôi"),
                                       self.tr("Làm việc trên máy này, không cần mạng."),
                                       lambda: self._to_cell(demo=False))
        self.demo_button = self._choice(layout, self.tr("Dùng thử với chi bộ mẫu"),
                                        self.tr("30 đảng viên và một năm sinh hoạt, đảng phí "
                                                "để tập dùng."),
                                        lambda: self._to_cell(demo=True))
        self.enroll_button = self._choice(layout, self.tr("Kết nối với máy chủ của cấp trên"),
                                          self.tr("Khi đã có địa chỉ máy chủ, tên đăng nhập và "
                                                  "mã kích hoạt."),
                                          lambda: self.steps.setCurrentIndex(2))
        layout.addStretch(1)
        quit_button = QPushButton(self.tr("Thoát"))
        quit_button.clicked.connect(self.reject)
        layout.addWidget(row(None, quit_button, stretch_at_end=False))
        return step

    def _choice(self, layout, text: str, detail: str, slot) -> QPushButton:
        button = QPushButton(text)
        font = button.font()
        font.setBold(True)
        button.setFont(font)
        button.setMinimumHeight(button.fontMetrics().height() * 2 + 8)
        button.clicked.connect(slot)
        layout.addWidget(button)
        layout.addWidget(muted(detail))
        return button

    def _cell_step(self) -> QWidget:
        step = QWidget()
        self.cell_title = title("")
        self.cell_problem = banner(kind="warn")
        f = self.cell_form = Form()
        f.add("name", QLineEdit(), hint=self.tr("Ví dụ: Chi bộ Thôn Đông"))
        f.add("parent_org", QLineEdit(), hint=self.tr("Ví dụ: Đảng bộ xã Gia Vân"))
        f.add("kind", combo([(translate("FirstStartWizard", CELL_KIND_WORDS[k]), k)
                             for k in CELL_KINDS], "residential"))
        this_month = months.current(self.today() if self.today else None)
        f.add("start_month", QLineEdit(formatting.month(this_month)), hint=self.tr("MM/yyyy"))
        self.start_note = muted(self.tr(
            "Thường là tháng này. Các tháng trước đó không bị tính là chưa đóng đảng phí."))
        f.add_widget(self.start_note)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_again = QLineEdit()
        self.passphrase_again.setEchoMode(QLineEdit.EchoMode.Password)
        if self.needs_passphrase:
            f.add_widget(muted(self.tr(
                "Máy này không có kho khóa của hệ điều hành: dữ liệu sẽ được mã hóa bằng mật "
                "khẩu bạn đặt. Hãy ghi nhớ mật khẩu; mất mật khẩu là mất dữ liệu.")))
            f.add("passphrase", self.passphrase, text=self.tr("Mật khẩu dữ liệu (ít nhất 8 ký tự)"))
            f.add("passphrase_again", self.passphrase_again, text=self.tr("Nhập lại mật khẩu"))
        f.finish()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setVisible(False)
        back = QPushButton(self.tr("Quay lại"))
        back.clicked.connect(lambda: self.steps.setCurrentIndex(0))
        self.create_button = primary_button(self.tr("Tạo hồ sơ"))
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create)
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        layout = QVBoxLayout(step)
        for w in (self.cell_title, self.cell_problem, f, self.busy):
            layout.addWidget(w)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return step

    def _enroll_step(self) -> QWidget:
        step = QWidget()
        self.enroll_form = EnrollForm(self._start_enroll)
        self.enroll_form.enrolled.connect(self._enrolled)
        self.connect_button = self.enroll_form.connect_button
        self.connect_button.setDefault(True)
        back = QPushButton(self.tr("Quay lại"))
        back.clicked.connect(lambda: self.steps.setCurrentIndex(0))
        self.enroll_form.others.append(back)
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.connect_button)
        layout = QVBoxLayout(step)
        layout.addWidget(title(self.tr("Kết nối với máy chủ")))
        layout.addWidget(muted(self.tr(
            "Cấp ủy cấp trên cho bạn địa chỉ máy chủ, tên đăng nhập và một mã kích hoạt. "
            "Sau khi kết nối, dữ liệu của chi bộ sẽ được tải về máy này.")))
        layout.addWidget(self.enroll_form)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return step

    # -- actions -----------------------------------------------------------

    def _to_cell(self, demo: bool) -> None:
        self.demo = demo
        self.cell_title.setText(self.tr("Chi bộ mẫu để tập dùng") if demo
                                else self.tr("Thông tin chi bộ"))
        for name in ("name", "parent_org", "kind", "start_month"):
            self.cell_form.widgets[name].setVisible(not demo)
            self.cell_form.labels[name].setVisible(not demo)
        self.start_note.setVisible(not demo)
        self.create_button.setText(self.tr("Tạo chi bộ mẫu") if demo else self.tr("Tạo hồ sơ"))
        self.steps.setCurrentIndex(1)
        set_banner(self.cell_problem, "")
        if not demo:
            self.cell_form.widgets["name"].setFocus()
        elif self.needs_passphrase:
            self.passphrase.setFocus()

    def create(self) -> None:
        self.cell_form.clear_errors()
        set_banner(self.cell_problem, "")
        passphrase = None
        if self.needs_passphrase:
            passphrase = self.passphrase.text()
            problem = None
            if len(passphrase) < 8:
                problem = ("passphrase", self.tr("Mật khẩu phải có ít nhất 8 ký tự."))
            elif passphrase != self.passphrase_again.text():
                problem = ("passphrase_again", self.tr("Hai lần nhập mật khẩu không giống nhau."))
            if problem:
                self.cell_form.errors[problem[0]].setText(problem[1])
                self.cell_form.errors[problem[0]].setVisible(True)
                return
        w = self.cell_form.widgets
        today = self.today() if self.today else None
        cell = None if self.demo else {"name": text_of(w["name"]) or "",
                                       "parent_org": text_of(w["parent_org"]),
                                       "kind": text_of(w["kind"]),
                                       "dues_start_month": to_month(text_of(w["start_month"])),
                                       "today": today}
        self.busy.setVisible(True)
        self.create_button.setEnabled(False)
        self.runner.write(make_profile, self.folder, passphrase, cell, today,
                          done=self._created, failed=self._failed)

    def _created(self, store: Store) -> None:
        self.busy.setVisible(False)
        self.store = store
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.busy.setVisible(False)
        self.create_button.setEnabled(True)
        if isinstance(error, ValidationError):
            leftovers = self.cell_form.show_errors(error)
            set_banner(self.cell_problem, "\n".join(leftovers))
        else:
            set_banner(self.cell_problem, str(error))

    def reject(self) -> None:
        # Not while the server is being asked: the answer would make a profile
        # nobody opens. The form's buttons are held meanwhile; Escape is held here.
        if self.enroll_form.busy.isVisible() or self.busy.isVisible():
            return
        super().reject()

    def _start_enroll(self, url: str, username: str, code: str, ca_bundle: str | None,
                      done, failed) -> None:
        self.runner.network(self.enroll_handler, self.folder, url, username, code, ca_bundle,
                            done=done, failed=failed)

    def _enrolled(self, store: Store) -> None:
        self.store = store
        self.accept()
