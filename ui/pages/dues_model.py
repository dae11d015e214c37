"""The monthly dues sheet as a table: due, paid, owed for each member, with the working."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from cellclient import formatting
from cellclient.services.dues import DuesLine

from .. import labels
from ..translation import translate

COLUMNS = ("name", "formula", "due", "paid", "owed", "flags")
HEADERS = {
    "name": QT_TRANSLATE_NOOP("DuesModel", "Họ và tên"),
    "category": QT_TRANSLATE_NOOP("DuesModel", "Đối tượng"),
    "formula": QT_TRANSLATE_NOOP("DuesModel", "Cách tính"),
    "due": QT_TRANSLATE_NOOP("DuesModel", "Phải đóng"),
    "paid": QT_TRANSLATE_NOOP("DuesModel", "Đã đóng"),
    "owed": QT_TRANSLATE_NOOP("DuesModel", "Còn nợ"),
    "flags": QT_TRANSLATE_NOOP("DuesModel", "Ghi chú"),
}
MONEY = ("due", "paid", "owed")
NOTE_WORDS = (QT_TRANSLATE_NOOP("DuesModel", "Được miễn"), QT_TRANSLATE_NOOP("DuesModel", "Giảm {p}%"))
FLAGGED = QColor("#b3261e")


def months_text(months: list[str]) -> str:
    """Months as a person writes them: "08–10/2026" for a run, else a list."""
    if len(months) > 1 and len({m[:4] for m in months}) == 1:
        numbers = sorted(int(m[5:]) for m in months)
        if numbers == list(range(numbers[0], numbers[-1] + 1)):
            return f"{numbers[0]:02d}–{numbers[-1]:02d}/{months[0][:4]}"
    return ", ".join(formatting.month(m) for m in months)


class DuesModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.lines: list[DuesLine] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_lines(self, lines: list[DuesLine]) -> None:
        self.beginResetModel()
        self.lines = lines
        self.endResetModel()

    def line_at(self, row: int) -> DuesLine | None:
        return self.lines[row] if 0 <= row < len(self.lines) else None

    def row_of(self, member_id: str) -> int:
        return next((i for i, line in enumerate(self.lines) if line.member_id == member_id), -1)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return translate("DuesModel", HEADERS[COLUMNS[section]])
        if role == Qt.ItemDataRole.TextAlignmentRole and COLUMNS[section] in MONEY:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        column = COLUMNS[index.column()]
        flagged = "unpaid_3_months" in line.flags
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(line, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in ("formula", "flags"):
            return line.formula + (f"\n{line.rule_source}" if line.rule_source else "")
        if role == Qt.ItemDataRole.TextAlignmentRole and column in MONEY:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ForegroundRole and (
                column == "flags" and flagged or column == "owed" and line.owed):
            return FLAGGED
        if role == Qt.ItemDataRole.FontRole and column == "owed" and line.owed:
            return self._bold
        if role == Qt.ItemDataRole.UserRole:
            return line.member_id
        return None

    def _text(self, line: DuesLine, column: str) -> str:
        if column == "name":
            return line.name
        if column == "category":
            return labels.word(labels.DUES_CATEGORY_SHORT, line.category)
        if column == "formula":
            # The rule and its base only ("1% × 13.000.000 ₫"): the result is the next
            # column, an exemption or a reduction shows in the notes, and the whole
            # working (``line.formula``) is in the tooltip and under the table.
            return line.formula.split(" → ")[0].split(" = ")[0]
        if column in MONEY:
            return formatting.money(getattr(line, column))
        if column == "flags":
            notes = []
            if line.exemption or (line.adjustment and line.adjustment["kind"] == "exemption"):
                notes.append(translate("DuesModel", "Được miễn"))
            elif line.adjustment:
                notes.append(translate("DuesModel", "Giảm {p}%").format(
                    p=line.adjustment["percent"]))
            notes += [labels.word(labels.DUES_FLAG, f) for f in line.flags]
            return "; ".join(notes)
        return ""


REVERSAL_NOTE = QT_TRANSLATE_NOOP("LedgerModel", "Đảo: {reason}")
LEDGER_HEADERS = (
    QT_TRANSLATE_NOOP("LedgerModel", "Ngày nộp"),
    QT_TRANSLATE_NOOP("LedgerModel", "Họ và tên"),
    QT_TRANSLATE_NOOP("LedgerModel", "Tháng"),
    QT_TRANSLATE_NOOP("LedgerModel", "Số tiền"),
    QT_TRANSLATE_NOOP("LedgerModel", "Hình thức"),
    QT_TRANSLATE_NOOP("LedgerModel", "Biên lai"),
    QT_TRANSLATE_NOOP("LedgerModel", "Ghi chú"),
)


class LedgerModel(QAbstractTableModel):
    """The month's ledger entries, newest first; a reversal says what it reverses."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.payments: list = []
        self.names: dict[str, str] = {}

    def set_payments(self, payments: list, names: dict[str, str]) -> None:
        self.beginResetModel()
        self.payments = list(reversed(payments))
        self.names = names
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.payments)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(LEDGER_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return translate("LedgerModel", LEDGER_HEADERS[section])
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        p = self.payments[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (formatting.date(p.paid_on), self.names.get(p.member_id, ""),
                    months_text(p.month_list),
                    formatting.money(p.amount), labels.word(labels.METHOD, p.method),
                    p.receipt_no or "",
                    translate("LedgerModel", REVERSAL_NOTE).format(reason=p.reason or "")
                    if p.reverses else "")[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 3:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ForegroundRole and p.reverses:
            return FLAGGED
        return None

