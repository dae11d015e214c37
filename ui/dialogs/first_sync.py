"""The first sync of an enrolled profile, which brings its cell from the server.

Shown right after enrolling, and at every start until the cell has arrived: a
link that drops half-way through loses nothing (what was received is kept and
the next try goes on from there), so the person can simply try again, now or
at the next start.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QProgressBar, QVBoxLayout

from cellclient.services.cells import has_cell
from cellclient.store import Store

from ..settings import AppSettings
from ..style import app_icon
from ..sync_controller import SyncController, SyncEngine
from ..widgets import banner, muted, set_banner, title
from ..workers import Runner


class FirstSyncDialog(QDialog):
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
        if report is None or report.ok:
            # The server answered but holds no cell for this user: only the
            # administrator can put that right.
            set_banner(self.problem, self.tr(
                "Máy chủ chưa có dữ liệu chi bộ nào cho tài khoản này. Hãy báo cấp ủy cấp "
                "trên kiểm tra tài khoản, rồi bấm “Thử lại”."))
        else:
            set_banner(self.problem, self.tr("Chưa tải xong: {reason}\nBấm “Thử lại” khi có "
                                             "mạng.").format(reason=report.message))

    def _quit(self) -> None:
        self.controller.cancel()
        self.reject()
