"""Sinh hoạt: the meetings by month, gaps marked, and the editor of the chosen one.

A month without a regular meeting and a quarter without a thematic one are
marked in the list (``meetings.coverage``), so a missed meeting is seen
before the level above asks about it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cellclient import formatting
from cellclient import months as mo
from cellclient.services.meetings import coverage, list_meetings
from cellclient.services.members import ACTIVE_STATUSES, list_members

from .. import labels
from ..dialogs.meeting_dialog import MeetingDialog
from ..widgets import title
from .base import Page
from .meeting_editor import MeetingEditor

WARN = QColor("#8a5a00")
DONE = QColor("#1e6b35")


def load_year(store, cell_id: str, year: int, this_month: str) -> dict:
    """The year's meetings and, up to this month, its gaps."""
    meetings = list_meetings(store, cell_id, year=year)
    last = min(f"{year}-12", this_month)
    gaps = coverage(store, cell_id, f"{year}-01", last) if last >= f"{year}-01" else None
    years = {int(m.date[:4]) for m in list_meetings(store, cell_id) if m.date}
    return {"meetings": meetings, "gaps": gaps, "last": last, "years": years}


class MeetingsPage(Page):
    key = "meetings"
    tables = frozenset({"meeting", "agenda_item", "attendance", "member"})

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.dialog = None
        self._meetings: list = []
        self.year = ctx.today().year
        self.year_box = QComboBox()
        self.year_box.setAccessibleName(self.tr("Năm"))
        self.year_box.activated.connect(self._year_chosen)
        self.new_button = QPushButton(self.tr("Buổi sinh hoạt mới"))
        self.new_button.setToolTip(self.tr("Buổi sinh hoạt mới (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_meeting)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(self.tr("Các buổi sinh hoạt theo tháng"))
        self.tree.currentItemChanged.connect(self._chosen)
        self.editor = MeetingEditor(ctx)
        self.editor.failed.connect(self.show_error)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        years = QHBoxLayout()
        years.addWidget(QLabel(self.tr("Năm:")))
        years.addWidget(self.year_box, 1)
        column.addLayout(years)
        column.addWidget(self.new_button)
        column.addWidget(self.tree, 1)
        splitter = QSplitter()
        self.left = left
        splitter.addWidget(left)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(title(self.tr("Sinh hoạt chi bộ")))
        layout.addWidget(splitter, 1)

    # -- loading -----------------------------------------------------------

    def reload(self) -> None:
        super().reload()
        self.ctx.runner.latest("meetings", load_year, self.ctx.store, self.ctx.cell_id,
                               self.year, self.ctx.month(), done=self._loaded)
        self.editor.reload()

    def _loaded(self, data: dict) -> None:
        years = sorted(data["years"] | {self.ctx.today().year, self.year}, reverse=True)
        self.year_box.blockSignals(True)
        self.year_box.clear()
        for y in years:
            self.year_box.addItem(str(y), y)
        self.year_box.setCurrentIndex(self.year_box.findData(self.year))
        self.year_box.blockSignals(False)
        keep = self.editor.meeting_id
        self.tree.blockSignals(True)
        self.tree.clear()
        by_month: dict[str, list] = {}
        for m in data["meetings"]:
            by_month.setdefault(m.date[:7], []).append(m)
        gaps = data["gaps"]
        missing = set(gaps.months_without_regular) if gaps else set()
        no_thematic = set(gaps.quarters_without_thematic) if gaps else set()
        last = max([data["last"], *by_month])
        chosen = None
        for month in reversed(mo.span(f"{self.year}-01", last)):
            if int(month[5:]) % 3 == 0 or month == data["last"]:
                quarter = f"{month[:4]}-Q{(int(month[5:]) - 1) // 3 + 1}"
                if quarter in no_thematic:
                    note = QTreeWidgetItem([self.tr("⚠ Quý {q}/{y}: chưa có chuyên đề").format(
                        q=quarter[-1], y=month[:4])])
                    note.setToolTip(0, self.tr("Mỗi quý cần ít nhất một buổi sinh hoạt chuyên đề."))
                    note.setForeground(0, WARN)
                    self.tree.addTopLevelItem(note)
            text = self.tr("Tháng {month}").format(month=formatting.month(month))
            if month in missing:
                text = self.tr("⚠ Tháng {month}: chưa họp thường kỳ").format(
                    month=formatting.month(month))
            top = QTreeWidgetItem([text])
            if month in missing:
                top.setForeground(0, WARN)
            self.tree.addTopLevelItem(top)
            for m in by_month.get(month, []):
                state = self.tr("✓") if m.adopted else self.tr("✎ chưa thông qua")
                # The year is in the month above: the day and month are enough here.
                child = QTreeWidgetItem([f"{formatting.date(m.date)[:5]} · "
                                         f"{labels.word(labels.MEETING_KIND_SHORT, m.kind)} {state}"])
                child.setToolTip(0, self.tr("Biên bản đã thông qua") if m.adopted
                                 else self.tr("Biên bản chưa thông qua"))
                child.setData(0, Qt.ItemDataRole.UserRole, m.id)
                child.setForeground(0, DONE if m.adopted else WARN)
                top.addChild(child)
                if m.id == keep or (keep is None and chosen is None):
                    chosen = child
            top.setExpanded(True)
        self.tree.blockSignals(False)
        # The list is exactly as wide as its longest line: the editor needs the rest.
        self.left.setFixedWidth(max(self._widest_line() + self.tree.indentation() + 48,
                                    self.new_button.sizeHint().width() + 8))
        if chosen is not None:
            self.tree.setCurrentItem(chosen)  # the latest meeting when none was open
        self._meetings = data["meetings"]

    def _widest_line(self) -> int:
        """Measured here: Qt's own column sizing looks only at the rows on screen."""
        metrics, indent, widest = self.tree.fontMetrics(), self.tree.indentation(), 0
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            widest = max(widest, metrics.horizontalAdvance(top.text(0)))
            for j in range(top.childCount()):
                widest = max(widest, metrics.horizontalAdvance(top.child(j).text(0)) + indent)
        return widest

    def _year_chosen(self, index: int) -> None:
        self.year = self.year_box.itemData(index)
        self.reload()

    def _chosen(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        meeting_id = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        if meeting_id:
            self.editor.show_meeting(meeting_id)

    def open_meeting(self, meeting_id: str) -> None:
        """Select a meeting in the list and show it (after creating one, in tests)."""
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for j in range(top.childCount()):
                if top.child(j).data(0, Qt.ItemDataRole.UserRole) == meeting_id:
                    self.tree.setCurrentItem(top.child(j))
                    return
        self.editor.show_meeting(meeting_id)

    # -- actions -----------------------------------------------------------

    def new_meeting(self) -> None:
        # The list the editor loaded in the background; read here only before any meeting.
        members = self.editor.members or list_members(self.ctx.store, self.ctx.cell_id,
                                                      statuses=ACTIVE_STATUSES)
        previous = self._meetings[-1] if self._meetings else None
        dialog = MeetingDialog(self.ctx, members, previous, parent=self)
        dialog.saved.connect(self._created)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()

    def _created(self, meeting_id: str) -> None:
        self.editor.show_meeting(meeting_id)
        self.editor.tabs.setCurrentIndex(1)  # next step: the attendance
        self.open_meeting(meeting_id)

    def flush(self) -> None:
        self.editor.flush()
