"""Đồng bộ: the server, the changes waiting to go, and the conflicts to review.

The server part works through ``SyncController``; until a sync engine is
plugged in it says plainly that the cell works offline and nothing is lost.
Conflict review is complete: both values side by side, keep mine or keep theirs.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cellclient import formatting
from cellclient.schema import TABLES
from cellclient.services.conflicts import OpenConflict, list_open_conflicts, resolve_conflict

from .. import labels
from ..enroll_form import ConnectBox
from ..sync_status import load_outbox, local_time
from ..widgets import muted, primary_button, title
from .base import Page

CODE_WORDS = {"status": labels.STATUS, "dues_category": labels.DUES_CATEGORY, "sex": labels.SEX,
              "method": labels.METHOD, "kind": labels.MEETING_KIND, "state": labels.ATTENDANCE}


def load_sync_page(store, cell_id: str, connected: bool) -> tuple:
    return load_outbox(store, cell_id, connected), list_open_conflicts(store, cell_id)


class SyncPage(Page):
    key = "sync"
    tables = frozenset(TABLES)  # any change adds to the outbox

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.conflicts: list[OpenConflict] = []
        self.server_text = QLabel()
        self.server_text.setWordWrap(True)
        self.sync_button = primary_button(self.tr("Đồng bộ ngay"))
        self.sync_button.setToolTip(self.tr("Đồng bộ ngay (Ctrl+Shift+S)"))
        self.sync_button.clicked.connect(ctx.sync.sync_now)
        self.cancel_button = QPushButton(self.tr("Dừng"))
        self.cancel_button.clicked.connect(ctx.sync.cancel)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Tiến độ đồng bộ"))
        self.progress.setVisible(False)
        self.auto = QSpinBox()
        self.auto.setRange(0, 24 * 60)
        self.auto.setSuffix(self.tr(" phút"))
        self.auto.setValue(ctx.settings.auto_sync_minutes)
        self.auto.setAccessibleName(self.tr("Tự động đồng bộ sau mỗi số phút"))
        self.auto.setSpecialValueText(self.tr("không tự động"))
        self.auto.setToolTip(self.tr("Chỉ đồng bộ khi liên lạc được với máy chủ; 0 là không tự động"))
        self.auto.valueChanged.connect(ctx.sync.set_auto_minutes)
        self.last_result = QLabel()
        self.last_result.setWordWrap(True)
        self.outbox_text = QLabel()
        self.outbox_text.setWordWrap(True)
        self.rejected_caption = QLabel()
        self.rejected_caption.setWordWrap(True)
        self.rejected = QListWidget()
        self.rejected.setAccessibleName(self.tr("Thay đổi bị máy chủ từ chối"))
        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName(self.tr("Xung đột cần xem xét"))
        self.table.setHorizontalHeaderLabels([self.tr("Hồ sơ"), self.tr("Mục"),
                                              self.tr("Của máy này"), self.tr("Từ máy khác")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._show_chosen)
        self.mine = QLabel()
        self.theirs = QLabel()
        for value in (self.mine, self.theirs):
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.keep_mine = QPushButton(self.tr("Giữ giá trị này"))
        self.keep_mine.setAccessibleName(self.tr("Giữ giá trị của máy này"))
        self.keep_mine.clicked.connect(lambda: self.resolve("mine"))
        self.keep_theirs = QPushButton(self.tr("Giữ giá trị này"))
        self.keep_theirs.setAccessibleName(self.tr("Giữ giá trị từ máy khác"))
        self.keep_theirs.clicked.connect(lambda: self.resolve("theirs"))
        self.conflict_box = self._conflicts_box()
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(title(self.tr("Đồng bộ với máy chủ")))
        self.connect_box = ConnectBox(ctx)
        column.addWidget(self.connect_box)
        column.addWidget(self._server_box())
        column.addWidget(self.conflict_box, 1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        ctx.sync.changed.connect(self._show_server)
        ctx.sync.changed.connect(self._sync_state_changed)
        ctx.sync.progress.connect(self._progress)
        self._show_server()

    def _server_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Máy chủ"))
        layout = QVBoxLayout(box)
        layout.addWidget(self.server_text)
        actions = QHBoxLayout()
        actions.addWidget(self.sync_button)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.progress, 1)
        actions.addStretch(1)
        caption = QLabel(self.tr("Tự động đồng bộ mỗi:"))
        caption.setBuddy(self.auto)
        actions.addWidget(caption)
        actions.addWidget(self.auto)
        layout.addLayout(actions)
        layout.addWidget(self.last_result)
        layout.addWidget(self.outbox_text)
        layout.addWidget(self.rejected_caption)
        self.rejected.setMaximumHeight(self.fontMetrics().height() * 4 + 12)
        layout.addWidget(self.rejected)
        return box

    def _conflicts_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Xung đột cần xem xét"))
        layout = QVBoxLayout(box)
        layout.addWidget(muted(self.tr(
            "Khi hai máy cùng sửa một mục lúc chưa đồng bộ, giá trị sửa sau được giữ và giá trị "
            "kia được lưu ở đây. Hãy chọn giá trị đúng; không có gì bị mất.")))
        self.table.setMinimumHeight(self.fontMetrics().height() * 4)
        layout.addWidget(self.table, 1)
        side = QHBoxLayout()
        for heading, value, keep in ((self.tr("Của máy này"), self.mine, self.keep_mine),
                                     (self.tr("Từ máy khác"), self.theirs, self.keep_theirs)):
            group = QGroupBox(heading)
            column = QVBoxLayout(group)
            column.addWidget(value)
            column.addWidget(keep)
            side.addWidget(group, 1)
        layout.addLayout(side)
        return box

    # -- server ------------------------------------------------------------

    def _show_server(self) -> None:
        sync = self.ctx.sync
        if not sync.available:
            self.server_text.setText(self.tr(
                "<b>Chưa kết nối máy chủ.</b> Chi bộ đang làm việc trên máy này, không cần mạng; "
                "mọi thay đổi được giữ an toàn và sẽ được gửi khi chi bộ được kết nối với máy "
                "chủ của cấp trên (ở trên)."))
        elif sync.running:
            self.server_text.setText(self.tr("Đang đồng bộ với {url}…").format(
                url=html.escape(sync.server_url() or "")))
        else:
            self.server_text.setText(self.tr("Máy chủ: {url}").format(
                url=html.escape(sync.server_url() or "")))
        self.connect_box.setVisible(not sync.available)
        self.sync_button.setEnabled(sync.available and not sync.running)
        self.cancel_button.setEnabled(sync.running)
        self.progress.setVisible(sync.running)
        self.auto.setEnabled(sync.available)
        report = sync.last_report
        if report is None:
            self.last_result.setText(self.tr("Chưa đồng bộ lần nào."))
        elif report.cancelled:
            self.last_result.setText(self.tr("Lần đồng bộ lúc {time} đã dừng theo yêu cầu; "
                                             "phần còn lại sẽ gửi lần sau.").format(
                time=local_time(report.finished_at)))
        elif report.ok:
            self.last_result.setText(self.tr(
                "Đồng bộ xong lúc {time}: đã gửi {sent} thay đổi, nhận {received} thay đổi.").format(
                time=local_time(report.finished_at), sent=report.sent, received=report.received))
        else:
            self.last_result.setText(self.tr(
                "Lần đồng bộ lúc {time} chưa xong: {why}. Dữ liệu trên máy vẫn nguyên vẹn.").format(
                time=local_time(report.finished_at), why=report.message))
        self.rejected.clear()
        rejected = sync.rejected_changes()
        for r in rejected:
            self.rejected.addItem(f"{r.record} — {r.field}: {r.reason}")
        self.rejected.setVisible(bool(rejected))
        self.rejected_caption.setText(
            self.tr("Thay đổi bị máy chủ từ chối (kèm lý do):") if rejected
            else self.tr("Không có thay đổi nào bị máy chủ từ chối."))

    def _sync_state_changed(self) -> None:
        # A sync whose changes were all refused commits no record, only their marks.
        if not self.ctx.sync.running:
            self.out_of_date()

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    # -- outbox and conflicts ---------------------------------------------

    def reload(self) -> None:
        super().reload()
        self.ctx.runner.latest("sync-page", load_sync_page, self.ctx.store, self.ctx.cell_id,
                               self.ctx.sync.available, done=self._loaded)

    def _loaded(self, data: tuple) -> None:
        outbox, conflicts = data
        unsent = outbox.unsent_records
        self.outbox_text.setVisible(unsent is not None)  # no server: the text above says so
        if unsent:
            self.outbox_text.setText(self.tr("%n mục (đảng viên, buổi sinh hoạt, khoản đảng phí…) "
                                             "có thay đổi chưa gửi lên máy chủ.", "", unsent))
        elif unsent is not None:
            self.outbox_text.setText(self.tr("Mọi thay đổi đã được gửi lên máy chủ."))
        chosen = self.chosen()
        self.conflicts = conflicts
        self.table.setRowCount(len(conflicts))
        for r, c in enumerate(conflicts):
            for col, text in enumerate((c.record, c.field_label, self.shown(c, c.mine),
                                        self.shown(c, c.theirs))):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, col, item)
        if conflicts:
            ids = [c.id for c in conflicts]
            self.table.selectRow(ids.index(chosen.id) if chosen and chosen.id in ids else 0)
        self._show_chosen()
        self.conflict_box.setTitle(self.tr("Xung đột cần xem xét ({n})").format(n=len(conflicts)))

    def shown(self, c: OpenConflict, value) -> str:
        """A stored value as a person reads it."""
        if value is None or value == "":
            return self.tr("(để trống)")
        field = TABLES[c.table].field(c.field) if c.table in TABLES else None
        kind = field.kind if field else "text"
        if kind == "bool":
            return self.tr("Có") if value else self.tr("Không")
        if kind == "date":
            return formatting.date(value)
        if kind == "month":
            return formatting.month(value)
        if c.field in CODE_WORDS:
            return labels.word(CODE_WORDS[c.field], value)
        if c.field in ("dues_base", "amount"):
            return formatting.money(value)
        return str(value)

    def chosen(self) -> OpenConflict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.conflicts[rows[0].row()] if rows and rows[0].row() < len(self.conflicts) else None

    def _show_chosen(self) -> None:
        c = self.chosen()
        self.mine.setText(self.shown(c, c.mine) if c else "")
        self.theirs.setText(self.shown(c, c.theirs) if c else "")
        self.keep_mine.setEnabled(c is not None)
        self.keep_theirs.setEnabled(c is not None)

    def review(self) -> None:
        """Bring the conflicts into view (from the status bar)."""
        self.table.setFocus()
        if self.table.rowCount():
            self.table.selectRow(0)

    def resolve(self, keep: str) -> None:
        c = self.chosen()
        if c is not None:
            self.ctx.runner.write(resolve_conflict, self.ctx.store, c.id, keep,
                                  failed=self.show_error)
