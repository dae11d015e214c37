"""The main window: for now the member list of the current cell."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMainWindow,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cellclient import formatting
from cellclient.services.cells import current_cell
from cellclient.services.members import list_members
from cellclient.store import Store

STATUS_TEXT = {
    "probationary": "Dự bị", "official": "Chính thức", "exempt": "Miễn sinh hoạt",
    "suspended": "Đình chỉ", "transferred_out": "Đã chuyển đi", "deceased": "Từ trần",
    "removed": "Xóa tên",
}


class MainWindow(QMainWindow):
    def __init__(self, store: Store):
        super().__init__()
        self.store = store
        self.cell = current_cell(store)
        self.setWindowTitle(self.tr("Chi bộ số — {name}").format(name=self.cell.name))
        self.resize(1000, 650)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(QLabel(self.tr("Đảng viên")))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Tìm theo tên hoặc CCCD (không cần dấu)"))
        self.search.setAccessibleName(self.tr("Tìm đảng viên"))
        self.search.textChanged.connect(self.refresh)
        layout.addWidget(self.search)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Họ và tên"), self.tr("Ngày sinh"), self.tr("Số CCCD"), self.tr("Tình trạng")]
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        self.setCentralWidget(body)
        store.subscribe(lambda changed: self.refresh() if "member" in changed else None)
        self.refresh()

    def refresh(self) -> None:
        members = list_members(self.store, self.cell.id, search=self.search.text() or None)
        self.table.setRowCount(len(members))
        for row, m in enumerate(members):
            values = [m.full_name, formatting.date(m.birth_date), m.national_id or "",
                      self.tr(STATUS_TEXT.get(m.status or "", m.status or ""))]
            for col, value in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.statusBar().showMessage(self.tr("{n} đảng viên").format(n=len(members)))
