"""Đảng viên: the member list with search, status filter, deadlines, and the member dialogs."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
)

from cellclient import formatting
from cellclient.models import Member
from cellclient.schema import MEMBER_STATUSES
from cellclient.services.members import ACTIVE_STATUSES, list_members, remove_member

from .. import labels, messages
from ..deadlines import Deadline, upcoming_deadlines
from ..dialogs.import_dialog import ImportDialog
from ..dialogs.member_dialog import MemberDialog
from ..dialogs.status_dialog import StatusDialog
from ..translation import translate
from ..widgets import fit_columns, muted, title
from .base import Page
from .members_model import COLUMNS, MembersModel, haystack

FILTERS = [("active", QT_TRANSLATE_NOOP("MembersPage", "Đang sinh hoạt")),
           ("all", QT_TRANSLATE_NOOP("MembersPage", "Tất cả"))]
# Widest texts of columns whose width does not depend on the data.
SAMPLES = {COLUMNS.index("national_id"): "000000000000", COLUMNS.index("birth_date"): "00/00/0000",
           COLUMNS.index("admitted_on"): "00/00/0000"}
FIT_SAMPLE = 300  # rows measured for the column widths


def load_members(store, cell_id: str, today) -> tuple:
    """The list, what a search looks in, and the deadlines: all worked out in the
    background, so that 10,000 members cost the UI thread only the table's reset."""
    members = list_members(store, cell_id)
    return members, [haystack(m) for m in members], upcoming_deadlines(members, today)


class MembersPage(Page):
    key = "members"
    tables = frozenset({"member"})

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.dialog = None  # the dialog open now, if any (tests answer it)
        self._fitted_rows = -1  # rows the column widths were measured on (-1: none yet)
        self.model = MembersModel(self)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Tìm theo tên, số CCCD hoặc số thẻ (gõ không dấu cũng được)"))
        self.search.setAccessibleName(self.tr("Tìm đảng viên"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._apply_filter)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName(self.tr("Lọc theo tình trạng"))
        for code, text in FILTERS:
            self.status_filter.addItem(translate("MembersPage", text), code)
        for code in MEMBER_STATUSES:
            self.status_filter.addItem(labels.word(labels.STATUS, code), code)
        self.status_filter.currentIndexChanged.connect(self._apply_filter)
        self.count = muted()

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Danh sách đảng viên"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        vertical.setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_member())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.add_button = QPushButton(self.tr("Thêm đảng viên"))
        self.add_button.setToolTip(self.tr("Thêm đảng viên (Ctrl+N)"))
        self.add_button.clicked.connect(self.add_member)
        self.edit_button = QPushButton(self.tr("Sửa thông tin"))
        self.edit_button.clicked.connect(self.edit_member)
        self.status_button = QPushButton(self.tr("Đổi tình trạng…"))
        self.status_button.clicked.connect(self.change_status)
        self.import_button = QPushButton(self.tr("Nhập từ Excel/CSV…"))
        self.import_button.setToolTip(self.tr("Nhập danh sách đảng viên (Ctrl+I)"))
        self.import_button.clicked.connect(self.import_list)
        self.remove_button = QPushButton(self.tr("Xóa (nhập nhầm)"))
        self.remove_button.setToolTip(self.tr(
            "Chỉ dùng cho hồ sơ nhập nhầm. Đảng viên chuyển đi hay từ trần: dùng “Đổi tình trạng”."))
        self.remove_button.clicked.connect(self.remove_member)

        self.deadlines = QListWidget()
        self.deadlines.setAccessibleName(self.tr("Sắp đến hạn"))
        self.deadlines.setWordWrap(True)
        self.deadlines.itemActivated.connect(self._select_deadline)
        deadlines_box = QGroupBox(self.tr("Sắp đến hạn (xét chính thức, chuyển sinh hoạt)"))
        box_layout = QVBoxLayout(deadlines_box)
        box_layout.addWidget(self.deadlines)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(QLabel(self.tr("Tình trạng:")))
        filters.addWidget(self.status_filter, 1)
        actions = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.status_button, self.import_button,
                  self.remove_button):
            actions.addWidget(b)
        actions.addStretch(1)
        # The list gets the whole width; the deadlines sit under it, a few lines high,
        # and the person can drag the divider.
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(deadlines_box)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.deadlines.setMinimumHeight(self.fontMetrics().height() * 2 + 12)
        splitter.setSizes([10_000, self.fontMetrics().height() * 4])
        layout = QVBoxLayout(self)
        layout.addWidget(title(self.tr("Đảng viên")))
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.count)
        layout.addWidget(splitter, 1)
        # Enter edits the chosen member, but only while the table has the focus.
        enter = QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, self.edit_member)
        enter.setContext(Qt.ShortcutContext.WidgetShortcut)
        self._update_buttons()

    # -- loading -----------------------------------------------------------

    def reload(self) -> None:
        super().reload()
        self.ctx.runner.latest("members", load_members, self.ctx.store, self.ctx.cell_id,
                               self.ctx.today(), done=self._loaded)

    def _loaded(self, loaded: tuple) -> None:
        members, hay, deadlines = loaded
        keep = self.selected_id()
        self.model.set_members(members, hay)
        # Widths come from a sample of rows; once the sample is full, measuring again
        # on every reload (dozens during a sync) only stalls the window and makes the
        # columns jump (bench/ui.py: up to 43 ms a reload at 10,000 members).
        sampled = min(self.model.rowCount(), FIT_SAMPLE)
        if sampled > self._fitted_rows:
            fit_columns(self.table, self.model, sample=FIT_SAMPLE, fixed=SAMPLES)
            self._fitted_rows = sampled
        self._restore_selection(keep)
        self._show_count()
        self._show_deadlines(deadlines)

    def _apply_filter(self) -> None:
        keep = self.selected_id()
        code = self.status_filter.currentData()
        statuses = None if code == "all" else ACTIVE_STATUSES if code == "active" else (code,)
        self.model.set_filter(self.search.text(), statuses)
        self._restore_selection(keep)
        self._show_count()

    def _show_count(self) -> None:
        self.count.setText(self.tr("Đang hiện {shown} trong {total} hồ sơ").format(
            shown=self.model.rowCount(), total=self.model.total))

    def _show_deadlines(self, deadlines: list[Deadline]) -> None:
        self.deadlines.clear()
        for d in deadlines:
            if d.kind == "probation_review":
                text = self.tr("{name}: hết dự bị ngày {end}; chi bộ xét công nhận chính thức "
                               "trước {due}")
            else:
                text = self.tr("{name}: chuyển đi ngày {end}; giấy giới thiệu phải nộp nơi đến "
                               "trước {due}")
            text = text.format(name=d.name, end=formatting.date(d.event.isoformat()),
                               due=formatting.date(d.due.isoformat()))
            if d.overdue:
                text = self.tr("QUÁ HẠN — ") + text
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, d.member_id)
            if d.overdue:
                item.setForeground(Qt.GlobalColor.darkRed)
            self.deadlines.addItem(item)
        if not deadlines:
            self.deadlines.addItem(self.tr("Không có hạn nào trong 60 ngày tới."))

    # -- selection ---------------------------------------------------------

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.member_at(rows[0].row()).id if rows else None

    def selected_member(self) -> Member | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.member_at(rows[0].row()) if rows else None

    def select(self, member_id: str) -> None:
        self._restore_selection(member_id)

    def _restore_selection(self, member_id: str | None) -> None:
        row = self.model.row_of(member_id) if member_id else -1
        if row < 0:
            self.table.clearSelection()
        else:
            index = self.model.index(row, 0)
            self.table.selectionModel().select(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index)
        self._update_buttons()

    def _select_deadline(self, item: QListWidgetItem) -> None:
        member_id = item.data(Qt.ItemDataRole.UserRole)
        if member_id:
            self.status_filter.setCurrentIndex(self.status_filter.findData("all"))
            self.select(member_id)

    def _update_buttons(self, *_args) -> None:
        chosen = self.selected_member() is not None
        for b in (self.edit_button, self.status_button, self.remove_button):
            b.setEnabled(chosen)

    # -- actions -----------------------------------------------------------

    def _open(self, dialog) -> None:
        self.dialog = dialog
        dialog.saved.connect(self.select)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def add_member(self) -> None:
        self._open(MemberDialog(self.ctx, parent=self))

    def edit_member(self) -> None:
        member = self.selected_member()
        if member is not None:
            self._open(MemberDialog(self.ctx, member, parent=self))

    def change_status(self) -> None:
        member = self.selected_member()
        if member is not None:
            self._open(StatusDialog(self.ctx, member, parent=self))

    def import_list(self) -> None:
        dialog = ImportDialog(self.ctx, parent=self)
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def remove_member(self) -> None:
        member = self.selected_member()
        if member is None:
            return
        messages.confirm(
            self, self.tr("Xóa hồ sơ nhập nhầm"),
            self.tr("Xóa hồ sơ của {name}?\n\nChỉ làm việc này khi hồ sơ được nhập nhầm. "
                    "Đảng viên chuyển đi, từ trần hay bị xóa tên thì dùng “Đổi tình trạng” "
                    "để giữ lịch sử.").format(name=member.full_name),
            self.tr("Xóa hồ sơ"),
            lambda: self.ctx.runner.write(remove_member, self.ctx.store, member.id,
                                          failed=self.show_error))
