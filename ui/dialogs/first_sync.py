"""The first sync of an enrolled profile, which brings its cell from the server.

Shown right after enrolling, and at every start until the cell has arrived: a
link that drops half-way through loses nothing (what was received is kept and
the next try goes on from there), so the person can simply try again, now or
at the next start.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QProgressBar, QVBoxLayout

from cellclient.replica import has_local_changes
from cellclient.services.cells import has_cell
from cellclient.store import Store

from .. import messages
from ..settings import AppSettings
from ..style import app_icon
from ..sync_controller import SyncController, SyncEngine
from ..widgets import banner, muted, set_banner, title
from ..workers import Runner


class FirstSyncDialog(QDialog):
    START_OVER = 2  # the result when the person chose to start again

    def __init__(self, store: Store, engine: SyncEngine, settings: AppSettings,
                 runner: Runner | None = None, parent=None):
        super().__init__(parent)
        self.store = store
        self.runner = runner or Runner()
        self.controller = SyncController(self.runner, settings, engine, parent=self)
        self.controller.progress.connect(self._progress)
        self.controller.changed.connect(self._changed)
        self.setWindowTitle(self.tr("Chi bộ số — tải dữ liệu"))
        self.setWindowIcon(app_icon())
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setAccessibleName(self.tr("Tiến độ tải dữ liệu"))
        self.problem = banner(kind="warn")
        buttons = QDialogButtonBox()
        self.retry_button = buttons.addButton(self.tr("Thử lại"),
                                              QDialogButtonBox.ButtonRole.ActionRole)
        self.retry_button.clicked.connect(self.start)
        self.retry_button.setEnabled(False)
        self.quit_button = buttons.addButton(self.tr("Thoát"),
                                             QDialogButtonBox.ButtonRole.RejectRole)
        self.quit_button.clicked.connect(self._quit)
        # A wrong account, a revoked device: with nothing of the person's in the
        # profile yet, starting again from the wizard is the way forward.
        self.start_over_button = buttons.addButton(self.tr("Bắt đầu lại…"),
                                                   QDialogButtonBox.ButtonRole.ResetRole)
        self.start_over_button.setToolTip(self.tr(
            "Bỏ kết nối này và mở lại màn hình bắt đầu (máy này chưa có dữ liệu gì)"))
        self.start_over_button.clicked.connect(self._ask_start_over)
        self.start_over_button.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(title(self.tr("Tải dữ liệu chi bộ từ máy chủ")))
        layout.addWidget(muted(self.tr(
            "Máy này đã kết nối với máy chủ {url}. Đang tải danh sách đảng viên, sinh hoạt "
            "và đảng phí của chi bộ; mạng chậm thì có thể mất vài phút. Nếu mất mạng, phần "
            "đã tải được giữ lại và lần sau tải tiếp.").format(url=engine.server_url() or "")))
        layout.addWidget(self.bar)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(640, 300)
        QTimer.singleShot(0, self.start)

    def start(self) -> None:
        set_banner(self.problem, "")
        self.start_over_button.setVisible(False)
        self.bar.setRange(0, 0)
        self.bar.setVisible(True)
        self.retry_button.setEnabled(False)
        if not self.controller.sync_now():
            self._changed()

    def _progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, total))

    def _changed(self) -> None:
        if self.controller.running:
            return
        report = self.controller.last_report
        if report is not None and report.ok and has_cell(self.store):
            self.accept()
            return
        self.bar.setVisible(False)
        self.retry_button.setEnabled(True)
        self.start_over_button.setVisible(not has_local_changes(self.store))
        if report is None or report.ok:
            # The server answered but holds no cell for this user: only the
            # administrator can put that right.
            set_banner(self.problem, self.tr(
                "Máy chủ chưa có dữ liệu chi bộ nào cho tài khoản này. Hãy báo cấp ủy cấp "
                "trên kiểm tra tài khoản, rồi bấm “Thử lại”."))
        else:
            set_banner(self.problem, self.tr("Chưa tải xong: {reason}\nBấm “Thử lại” khi có "
                                             "mạng.").format(reason=report.message))

    def _ask_start_over(self) -> None:
        messages.confirm(self, self.tr("Bắt đầu lại"), self.tr(
            "Bỏ kết nối với máy chủ này và quay lại màn hình bắt đầu? Máy này chưa có dữ liệu "
            "gì của chi bộ nên không mất gì; để kết nối lại cần một mã kích hoạt mới."),
            self.tr("Bắt đầu lại"), self._start_over)

    def _start_over(self) -> None:
        self.controller.cancel()
        # After the question box has closed and gone: closing its parent from
        # inside the box's own signal crashes Qt.
        QTimer.singleShot(0, self._close_to_start_over)

    def _close_to_start_over(self) -> None:
        self.done(self.START_OVER)

    def _quit(self) -> None:
        self.reject()

    def reject(self) -> None:
        """Quit, Escape or the window's close button: the sync stops too (what it
        received is kept), so the app never waits on a sync nobody sees."""
        self.controller.cancel()
        super().reject()
