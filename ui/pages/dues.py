"""Đảng phí: the month's sheet, its totals, the ledger, and payments in two clicks."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cellclient import formatting
from cellclient import months as mo
from cellclient.services.dues import MonthReport, list_payments, month_report

from .. import labels
from ..dialogs.dues_settings_dialog import DuesSettingsDialog
from ..dialogs.payment_dialog import PaymentDialog
from ..dialogs.reverse_dialog import ReverseDialog
from ..widgets import fit_columns, muted, primary_button, title
from .base import Page
from .dues_model import DuesModel, LedgerModel

TOTALS = ("due", "collected", "owed", "retained", "remitted", "flagged")


def load_month(store, cell_id: str, month: str) -> tuple:
    return month_report(store, cell_id, month), list_payments(store, cell_id, month=month)


class DuesPage(Page):
    key = "dues"
    tables = frozenset({"member", "payment", "dues_adjustment", "setting"})

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.dialog = None
        self.report: MonthReport | None = None
        self.month = ctx.month()
        self.month_box = QComboBox()
        self.month_box.setAccessibleName(self.tr("Tháng"))
        for m in reversed(mo.span(mo.add(self.month, -24), mo.add(self.month, 2))):
            self.month_box.addItem(self.tr("Tháng {m}").format(m=formatting.month(m)), m)
        self.month_box.setCurrentIndex(self.month_box.findData(self.month))
        self.month_box.activated.connect(self._month_chosen)
        self.only_owing = QCheckBox(self.tr("Chỉ hiện người còn nợ"))
        self.only_owing.toggled.connect(self._show_lines)
        self.model = DuesModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Bảng đảng phí của tháng"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.record_payment())
        enter = QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, self.record_payment)
        enter.setContext(Qt.ShortcutContext.WidgetShortcut)

        self.pay_button = primary_button(self.tr("Ghi nhận nộp…"))
        self.pay_button.setToolTip(self.tr("Ghi nhận nộp đảng phí cho người đang chọn (Enter)"))
        self.pay_button.clicked.connect(self.record_payment)
        self.reverse_button = QPushButton(self.tr("Đảo bút toán…"))
        self.reverse_button.clicked.connect(self.reverse_payment)
        self.settings_button = QPushButton(self.tr("Thiết lập đảng phí…"))
        self.settings_button.clicked.connect(self.edit_settings)

        # The month's totals in one strip above the sheet: each figure under its caption.
        self.totals = {k: QLabel() for k in TOTALS}
        self.totals_box = QGroupBox(self.tr("Tổng cộng tháng"))
        grid = QGridLayout(self.totals_box)
        self._total_captions = {}
        bold = self.font()
        bold.setBold(True)
        for i, k in enumerate(TOTALS):
            caption = QLabel()
            caption.setWordWrap(True)
            self._total_captions[k] = caption
            grid.addWidget(caption, 0, i)
            self.totals[k].setFont(bold)
            self.totals[k].setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(self.totals[k], 1, i)
            grid.setColumnStretch(i, 1)
        self._total_captions["flagged"].setToolTip(self.tr("Đảng viên 3 tháng trở lên chưa đóng "
                                                           "trong năm: chi bộ cần xem xét"))
        self.rule_note = muted()
        grid.addWidget(self.rule_note, 2, 0, 1, len(TOTALS))
        self.totals_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.working = muted()
        self.working.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table.selectionModel().selectionChanged.connect(self._show_working)

        self.ledger_model = LedgerModel(self)
        self.ledger = QTableView()
        self.ledger.setModel(self.ledger_model)
        self.ledger.setAccessibleName(self.tr("Sổ thu đảng phí của tháng"))
        self.ledger.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.ledger.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.ledger.setWordWrap(False)
        self.ledger.verticalHeader().setVisible(False)
        self.ledger.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.ledger.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.ledger.horizontalHeader().setStretchLastSection(True)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Tháng:")))
        bar.addWidget(self.month_box)
        bar.addWidget(self.only_owing)
        bar.addStretch(1)
        bar.addWidget(self.pay_button)
        bar.addWidget(self.reverse_button)
        bar.addWidget(self.settings_button)
        upper = QWidget()
        sheet = QVBoxLayout(upper)
        sheet.setContentsMargins(0, 0, 0, 0)
        sheet.addWidget(self.table, 1)
        sheet.addWidget(self.working)
        # The sheet and the ledger share the height as two tabs: on a 768-pixel screen
        # with large text, one above the other leaves a few rows for each.
        self.tabs = lower = QTabWidget()
        lower.addTab(upper, self.tr("Bảng đảng phí tháng"))
        lower.addTab(self.ledger, self.tr("Sổ thu trong tháng"))
        layout = QVBoxLayout(self)
        layout.addWidget(title(self.tr("Đảng phí")))
        layout.addLayout(bar)
        layout.addWidget(self.totals_box)
        layout.addWidget(lower, 1)
        self._set_captions(30)

    def _set_captions(self, percent: int) -> None:
        texts = {"due": self.tr("Phải thu:"), "collected": self.tr("Đã thu:"),
                 "owed": self.tr("Còn nợ:"),
                 "retained": self.tr("Chi bộ giữ lại ({p}%):").format(p=percent),
                 "remitted": self.tr("Nộp cấp trên:"),
                 "flagged": self.tr("Cần xem xét:")}
        for k, caption in self._total_captions.items():
            caption.setText(texts[k])

    # -- loading -----------------------------------------------------------

    def reload(self) -> None:
        super().reload()
        self.ctx.runner.latest("dues", load_month, self.ctx.store, self.ctx.cell_id, self.month,
                               done=self._loaded)

    def _loaded(self, data: tuple) -> None:
        report, payments = data
        self.report = report
        self._show_lines()
        t = report.totals
        for k in ("due", "collected", "owed", "retained", "remitted"):
            self.totals[k].setText(formatting.money(t[k]))
        self.totals["flagged"].setText(str(t["flagged"]))
        self._set_captions(report.retention_percent)
        note = self.tr("Áp dụng: {source}.").format(source=report.rule_source)
        if report.retention_is_default and not report.retention_found_in_regulation:
            note += " " + self.tr(
                "Tỷ lệ giữ lại {p}% là giá trị mặc định theo QĐ 342 (chưa tìm thấy tỷ lệ của quy "
                "định mới); chi bộ đổi được trong “Thiết lập đảng phí”.").format(
                p=report.retention_percent)
        self.rule_note.setText(note)
        self.ledger_model.set_payments(payments, {x.member_id: x.name for x in report.lines})
        self.tabs.setTabText(1, self.tr("Sổ thu trong tháng ({n} khoản)").format(n=len(payments)))
        fit_columns(self.ledger, self.ledger_model, fixed={0: "00/00/0000"})

    def _show_lines(self, *_args) -> None:
        if self.report is None:
            return
        keep = self.selected_line()
        lines = self.report.lines
        if self.only_owing.isChecked():
            lines = [line for line in lines if line.owed > 0]
        self.model.set_lines(lines)
        fit_columns(self.table, self.model)
        if keep is not None:
            self.select(keep.member_id)
        self._show_working()

    def _show_working(self, *_args) -> None:
        line = self.selected_line()
        if line is None:
            self.working.setText(self.tr("Chọn một người để xem cách tính và ghi nhận nộp."))
            return
        self.working.setText(self.tr("{name} ({category}): {formula} — phải đóng {due}, "
                                     "đã đóng {paid}.").format(
            name=line.name, category=labels.word(labels.DUES_CATEGORY, line.category),
            formula=line.formula, due=formatting.money(line.due), paid=formatting.money(line.paid)))

    def _month_chosen(self, index: int) -> None:
        self.month = self.month_box.itemData(index)
        self.reload()

    # -- selection and actions --------------------------------------------

    def selected_line(self):
        rows = self.table.selectionModel().selectedRows()
        return self.model.line_at(rows[0].row()) if rows else None

    def select(self, member_id: str) -> None:
        row = self.model.row_of(member_id)
        if row >= 0:
            index = self.model.index(row, 0)
            self.table.selectionModel().select(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index)

    def _open(self, dialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def record_payment(self) -> None:
        line = self.selected_line()
        if line is not None:
            self._open(PaymentDialog(self.ctx, line.member_id, line.name, self.month, parent=self))

    def reverse_payment(self) -> None:
        line = self.selected_line()
        if line is not None:
            self._open(ReverseDialog(self.ctx, line.member_id, line.name, parent=self))

    def edit_settings(self) -> None:
        self._open(DuesSettingsDialog(self.ctx, self.month, parent=self))
