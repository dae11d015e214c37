"""The attendance checklist of one meeting: one click per member.

The roll comes from ``attendance.expected_members`` (the members on the cell's
roll on the meeting's date). A click in a state column marks that state;
"absent with reason" asks for the reason first, as the minutes must name it.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cellclient.services.attendance import (
    ATTENDING_STANDINGS,
    RollEntry,
    mark_all_present,
    set_attendance,
)

from .. import labels
from ..context import AppContext
from ..translation import translate
from ..widgets import muted

STATES = ("present", "excused", "unexcused")
COMMON_REASONS = (
    QT_TRANSLATE_NOOP("AttendancePanel", "Ốm"),
    QT_TRANSLATE_NOOP("AttendancePanel", "Đi công tác"),
    QT_TRANSLATE_NOOP("AttendancePanel", "Việc gia đình"),
    QT_TRANSLATE_NOOP("AttendancePanel", "Đi khám bệnh"),
    QT_TRANSLATE_NOOP("AttendancePanel", "Đi làm xa"),
)
MARK = "●"  # the chosen state; a circle reads at any size and in any font
OPEN = "○"


class AttendanceModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.entries: list[RollEntry] = []

    def name(self, e: RollEntry) -> str:
        """The name, with the standing when it is not plain "official" (most are)."""
        text = e.name
        if e.standing and e.standing != "official":
            text += f" ({labels.word(labels.STATUS, e.standing).lower()})"
        if e.temporarily_attached:
            text += self.tr(" · tạm thời")
        return text

    def set_entries(self, entries: list[RollEntry]) -> None:
        self.beginResetModel()
        self.entries = entries
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._header(section)
        return None

    def _header(self, section: int) -> str:
        if section == 0:
            return self.tr("Họ và tên")
        if section == 4:
            return self.tr("Lý do")
        # Short lines: the three choices stay narrow; names and reasons get the room.
        return {1: self.tr("Có\nmặt"), 2: self.tr("Vắng\ncó\nlý do"),
                3: self.tr("Vắng\nkhông\nlý do")}[section]

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        e = self.entries[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return self.name(e)
            if 1 <= col <= 3:
                return MARK if e.state == STATES[col - 1] else OPEN
            return e.reason or ""
        if role == Qt.ItemDataRole.AccessibleTextRole and 1 <= col <= 3:
            chosen = e.state == STATES[col - 1]
            state = labels.word(labels.ATTENDANCE, STATES[col - 1])
            return f"{e.name}: {state}" + (self.tr(" (đã chọn)") if chosen else "")
        if role == Qt.ItemDataRole.TextAlignmentRole and 1 <= col <= 3:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ForegroundRole and 1 <= col <= 3 and e.state == STATES[col - 1]:
            return QColor({"present": "#1e6b35", "excused": "#7a5a00", "unexcused": "#b3261e"}[
                e.state])
        return None


class AttendancePanel(QWidget):
    """``failed(error)`` when a mark was refused (shown by the editor)."""

    failed = Signal(object)

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.meeting_id: str | None = None
        self.locked = False
        self.reason_dialog: QInputDialog | None = None
        self.model = AttendanceModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("Điểm danh"))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)  # the reason takes what is left
        self.view.clicked.connect(self._clicked)
        self.view.activated.connect(self._clicked)  # Enter/Space on a cell, for the keyboard
        self.all_present = QPushButton(self.tr("Đánh dấu tất cả có mặt"))
        self.all_present.setToolTip(self.tr(
            "Đánh dấu có mặt mọi người chưa điểm danh, trừ người được miễn sinh hoạt hoặc "
            "đang bị đình chỉ (không bắt buộc dự). Những người đã điểm danh giữ nguyên."))
        self.all_present.clicked.connect(self.mark_all_present)
        self.summary = muted()
        top = QHBoxLayout()
        top.addWidget(self.all_present)
        top.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

    def set_roll(self, meeting_id: str, entries: list[RollEntry], locked: bool) -> None:
        self.meeting_id, self.locked = meeting_id, locked
        self.model.set_entries(entries)
        self.all_present.setEnabled(not locked)
        counts = {s: sum(1 for e in entries if e.state == s) for s in STATES}
        # Exempt and suspended members are on the roll but not required to come:
        # left unmarked they are not "still to mark".
        optional = sum(1 for e in entries
                       if e.state is None and e.standing not in ATTENDING_STANDINGS)
        unmarked = sum(1 for e in entries if e.state is None) - optional
        text = self.tr(
            "Có mặt {present}/{total} · vắng có lý do {excused} · vắng không lý do {unexcused}"
            " · chưa điểm danh {unmarked}").format(
            present=counts["present"], total=len(entries), excused=counts["excused"],
            unexcused=counts["unexcused"], unmarked=unmarked)
        if optional:
            text += self.tr(" · không bắt buộc dự {n}").format(n=optional)
        self.summary.setText(text)

    def row_of(self, name: str) -> int:
        return next(i for i, e in enumerate(self.model.entries) if e.name == name)

    def _clicked(self, index: QModelIndex) -> None:
        if self.locked or not index.isValid() or not 1 <= index.column() <= 3:
            return
        self.mark(index.row(), STATES[index.column() - 1])

    def mark(self, row: int, state: str) -> None:
        """Mark one member; "excused" asks for the reason first."""
        entry = self.model.entries[row]
        if state == "excused":
            self._ask_reason(entry)
        else:
            self._write(entry, state, None)

    def _ask_reason(self, entry: RollEntry) -> None:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Vắng có lý do"))
        dialog.setLabelText(self.tr("Lý do vắng của {name}:").format(name=entry.name))
        dialog.setComboBoxItems([translate("AttendancePanel", r) for r in COMMON_REASONS])
        dialog.setComboBoxEditable(True)
        dialog.setTextValue(entry.reason or "")
        dialog.setOkButtonText(self.tr("Lưu"))
        dialog.setCancelButtonText(self.tr("Hủy"))
        dialog.textValueSelected.connect(lambda text: self._write(entry, "excused", text))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.reason_dialog = dialog
        dialog.open()

    def _write(self, entry: RollEntry, state: str, reason: str | None) -> None:
        self.ctx.runner.write(set_attendance, self.ctx.store, self.meeting_id, entry.member.id,
                              state, reason, failed=self.failed.emit)

    def mark_all_present(self) -> None:
        if self.meeting_id and not self.locked:
            self.ctx.runner.write(mark_all_present, self.ctx.store, self.meeting_id,
                                  failed=self.failed.emit)
