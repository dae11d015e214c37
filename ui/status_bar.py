"""The status bar: server, last sync, records not yet sent (only once there is a
server to send them to), open conflicts (click to review)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QStatusBar

from .context import AppContext
from .sync_status import Outbox, load_outbox, local_time
from .widgets import link_button, separator


class StatusBar(QStatusBar):
    """``review_conflicts`` when the conflict count is clicked."""

    review_conflicts = Signal()
    open_sync = Signal()

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.outbox: Outbox | None = None
        self.server = link_button("")
        self.server.setAccessibleName(self.tr("Tình trạng máy chủ"))
        self.server.clicked.connect(self.open_sync.emit)
        self.last_sync = QLabel()
        self.unsent = QLabel()
        self.conflicts = link_button("")
        self.conflicts.setAccessibleName(self.tr("Xung đột cần xem xét"))
        self.conflicts.clicked.connect(self.review_conflicts.emit)
        self.separators = []
        for i, w in enumerate((self.server, self.last_sync, self.unsent, self.conflicts)):
            if i:
                self.separators.append(separator())
                self.addPermanentWidget(self.separators[-1])
            self.addPermanentWidget(w)
        # Bound methods, not lambdas: Qt drops them when this bar is destroyed.
        ctx.bridge.changed.connect(self._store_changed)
        ctx.sync.changed.connect(self._show_server)
        # A sync whose changes were all refused commits no record, only their marks.
        ctx.sync.changed.connect(self.refresh)
        self._show_server()
        self.refresh()

    def _store_changed(self, _touched: dict) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.ctx.runner.latest("status", load_outbox, self.ctx.store, self.ctx.cell_id,
                               self.ctx.sync.available, done=self._show_outbox)

    def _show_server(self) -> None:
        sync = self.ctx.sync
        if not sync.available:
            self.server.setText(self.tr("Chưa kết nối máy chủ"))
        elif sync.running:
            self.server.setText(self.tr("Đang đồng bộ…"))
        elif sync.reachable is False:
            self.server.setText(self.tr("Không liên lạc được máy chủ"))
        else:
            self.server.setText(self.tr("Máy chủ: sẵn sàng"))
        report = sync.last_report
        if report is None:
            self.last_sync.setText(self.tr("Chưa đồng bộ lần nào"))
        elif report.ok:
            self.last_sync.setText(self.tr("Đồng bộ lần cuối: {time}").format(
                time=local_time(report.finished_at)))
        else:
            self.last_sync.setText(self.tr("Lần đồng bộ cuối bị lỗi ({time})").format(
                time=local_time(report.finished_at)))

    def _show_outbox(self, outbox: Outbox) -> None:
        self.outbox = outbox
        # Without a server there is nowhere to send to: the server part says so.
        connected = outbox.unsent_records is not None
        self.unsent.setVisible(connected)
        self.separators[1].setVisible(connected)
        if not connected:
            self.unsent.clear()
        elif outbox.unsent_records:
            self.unsent.setText(self.tr("%n mục chưa gửi lên máy chủ", "", outbox.unsent_records))
        else:
            self.unsent.setText(self.tr("Đã gửi hết lên máy chủ"))
        if outbox.conflicts:
            self.conflicts.setText(self.tr("%n xung đột cần xem", "", outbox.conflicts))
            self.conflicts.setToolTip(self.tr("Bấm để xem và chọn giá trị giữ lại"))
        else:
            self.conflicts.setText(self.tr("Không có xung đột"))
            self.conflicts.setToolTip("")
