"""Import the cell's member list from Excel or CSV: preview first, then all rows or none.

The check (a dry run of the importer) runs in the background and shows how
each column was understood and every row's problems; the import button only
opens when the file has no problem at all. The importer itself guarantees
all-or-nothing: it checks again and writes in one transaction.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
)

from cellclient.importer import ImportReport, import_file
from cellclient.validation import label

from ..context import AppContext
from ..forms import field_message
from ..widgets import banner, fit_to_screen, set_banner


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))
    table.resizeRowsToContents()


class ImportDialog(QDialog):
    """``imported(count)`` after the members were added."""

    imported = Signal(int)

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.report: ImportReport | None = None
        self.setWindowTitle(self.tr("Nhập danh sách đảng viên từ Excel/CSV"))
        self.path = QLineEdit()
        self.path.setAccessibleName(self.tr("Đường dẫn tệp danh sách"))
        self.path.setPlaceholderText(self.tr("Tệp .xlsx hoặc .csv"))
        browse = QPushButton(self.tr("Chọn tệp…"))
        browse.clicked.connect(self.browse)
        self.check_button = QPushButton(self.tr("Kiểm tra tệp"))
        self.check_button.clicked.connect(self.check)
        self.status = banner(self.tr(
            "Chọn tệp danh sách. Chương trình kiểm tra từng dòng trước; chỉ khi mọi dòng "
            "đều hợp lệ mới nhập, và nhập tất cả cùng lúc."), "info")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # the importer gives no count: a moving bar says "working"
        self.busy.setVisible(False)
        self.busy.setAccessibleName(self.tr("Đang xử lý"))
        self.mapping = _table([self.tr("Cột"), self.tr("Tiêu đề trong tệp"),
                               self.tr("Ghi vào mục")], self.tr("Các cột đã nhận"))
        self.errors = _table([self.tr("Dòng"), self.tr("Mục"), self.tr("Lỗi"),
                              self.tr("Giá trị trong tệp")], self.tr("Lỗi theo dòng"))
        self.skipped = _table([self.tr("Dòng"), self.tr("Nội dung")], self.tr("Các dòng bỏ qua"))
        self.tabs = QTabWidget()
        self.tabs.addTab(self.mapping, self.tr("Các cột"))
        self.tabs.addTab(self.errors, self.tr("Lỗi"))
        self.tabs.addTab(self.skipped, self.tr("Dòng bỏ qua"))
        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton(self.tr("Nhập"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        # Enter checks the file; importing always takes a deliberate click.
        self.import_button.setAutoDefault(False)
        self.check_button.setDefault(True)
        buttons.addButton(self.tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.run_import)
        buttons.rejected.connect(self.reject)
        chooser = QHBoxLayout()
        chooser.addWidget(self.path, 1)
        chooser.addWidget(browse)
        chooser.addWidget(self.check_button)
        layout = QVBoxLayout(self)
        layout.addLayout(chooser)
        layout.addWidget(self.status)
        layout.addWidget(self.busy)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 900, 600)

    def browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn tệp danh sách đảng viên"), str(Path.home()),
            self.tr("Danh sách (*.xlsx *.csv)"))
        if name:
            self.path.setText(name)
            self.check()

    def check(self) -> None:
        """Dry run: read and check every row, write nothing."""
        path = self.path.text().strip()
        if not path:
            return
        self._working(True)
        self.import_button.setEnabled(False)
        self.ctx.runner.read(import_file, self.ctx.store, self.ctx.cell_id, path, True,
                             today=self.ctx.today(), done=self._checked, failed=self._failed)

    def run_import(self) -> None:
        if self.report is None or not self.report.ok:
            return
        self._working(True)
        self.import_button.setEnabled(False)
        self.ctx.runner.write(import_file, self.ctx.store, self.ctx.cell_id, self.report.file,
                              False, today=self.ctx.today(), done=self._imported,
                              failed=self._failed)

    def _working(self, on: bool) -> None:
        self.busy.setVisible(on)
        self.check_button.setEnabled(not on)
        if on:
            set_banner(self.status, self.tr("Đang đọc và kiểm tra tệp…"), "info")

    def _show(self, report: ImportReport) -> None:
        self.report = report
        _fill(self.mapping, [[m["column"], m["header"],
                              self.tr("(bỏ qua: số thứ tự)") if m["field"] == "row_number"
                              else label(m["field"])] for m in report.mapping]
              + [[u["column"], u["header"] or "", self.tr("(không dùng)")]
                 for u in report.unknown_columns])
        _fill(self.errors, [[e.row or "", label(e.field), field_message(e),
                             report.cell_text.get((e.row, e.field), "")] for e in report.errors])
        _fill(self.skipped, [[s["row"], s["text"]] for s in report.skipped_rows])
        self.tabs.setTabText(1, self.tr("Lỗi ({n})").format(n=len(report.errors)))

    def _checked(self, report: ImportReport) -> None:
        self._working(False)
        self._show(report)
        if report.ok:
            set_banner(self.status, self.tr(
                "Tệp hợp lệ: {n} đảng viên sẵn sàng để nhập. Xem lại các cột rồi bấm “Nhập”."
            ).format(n=report.rows_parsed), "ok")
            self.import_button.setText(self.tr("Nhập {n} đảng viên").format(n=report.rows_parsed))
            self.import_button.setEnabled(True)
            self.tabs.setCurrentIndex(0)
        else:
            set_banner(self.status, self.tr(
                "Có {n} lỗi, chưa nhập gì. Hãy sửa các dòng trong tệp rồi bấm “Kiểm tra tệp” lại."
            ).format(n=len(report.errors)), "warn")
            self.tabs.setCurrentIndex(1)

    def _imported(self, report: ImportReport) -> None:
        self._working(False)
        self._show(report)
        if report.ok:
            set_banner(self.status, self.tr("Đã thêm {n} đảng viên.").format(
                n=len(report.created_ids)), "ok")
            self.imported.emit(len(report.created_ids))
        else:
            set_banner(self.status, self.tr("Có lỗi, chưa nhập gì.") , "warn")
            self.tabs.setCurrentIndex(1)

    def _failed(self, error: BaseException) -> None:
        self._working(False)
        set_banner(self.status, str(error), "warn")
