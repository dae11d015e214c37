"""The member table's model: all of the cell's members in memory, filtered as you type.

The list comes from ``services.members.list_members`` (Vietnamese order) in a
background read. Searching filters that list in memory with the same folding
the service uses (``cellclient.text.fold``: no case, no marks), because a
query through the database costs about 200 ms at 10,000 members and a
keystroke should cost a few. A test checks both give the same members.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from cellclient import formatting
from cellclient.models import Member
from cellclient.services.members import ACTIVE_STATUSES
from cellclient.text import fold

from .. import labels
from ..translation import translate

COLUMNS = ("name", "birth_date", "national_id", "status", "admitted_on", "dues_category")
HEADERS = {
    "name": QT_TRANSLATE_NOOP("MembersModel", "Họ và tên"),
    "birth_date": QT_TRANSLATE_NOOP("MembersModel", "Ngày sinh"),
    "national_id": QT_TRANSLATE_NOOP("MembersModel", "Số CCCD"),
    "status": QT_TRANSLATE_NOOP("MembersModel", "Tình trạng"),
    "admitted_on": QT_TRANSLATE_NOOP("MembersModel", "Ngày vào Đảng"),
    "dues_category": QT_TRANSLATE_NOOP("MembersModel", "Đối tượng đảng phí"),
}
ATTACHED = QT_TRANSLATE_NOOP("MembersModel", " · tạm thời")
LEFT = QColor("#6b6b6b")


def haystack(m: Member) -> str:
    """What a search looks in: as ``store._derived`` builds ``search_text``."""
    extra = " ".join(x for x in (m.national_id, m.party_card) if x)
    return f"{fold(m.full_name)} {extra}".strip()


def search_words(query: str | None) -> list[str]:
    return fold(query).split() if query else []


class MembersModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._all: list[Member] = []
        self._hay: list[str] = []
        self._shown: list[int] = []
        self._words: list[str] = []
        self._statuses: tuple[str, ...] | None = ACTIVE_STATUSES

    # -- content ---------------------------------------------------------

    def set_members(self, members: list[Member], hay: list[str] | None = None) -> None:
        """Show ``members``; ``hay`` (their ``haystack``s) may come ready-made from the
        background read, which keeps 10,000 folds off the UI thread."""
        self.beginResetModel()
        self._all = members
        self._hay = hay if hay is not None else [haystack(m) for m in members]
        self._shown = self._filtered()
        self.endResetModel()

    def set_filter(self, query: str | None = None, statuses: tuple[str, ...] | None = None) -> None:
        self.beginResetModel()
        self._words = search_words(query)
        self._statuses = statuses
        self._shown = self._filtered()
        self.endResetModel()

    def _filtered(self) -> list[int]:
        words, statuses, hay = self._words, self._statuses, self._hay
        out = []
        for i, m in enumerate(self._all):
            if statuses is not None and m.status not in statuses:
                continue
            text = hay[i]
            if all(w in text for w in words):
                out.append(i)
        return out

    @property
    def total(self) -> int:
        return len(self._all)

    def members(self) -> list[Member]:
        return list(self._all)

    def member_at(self, row: int) -> Member | None:
        return self._all[self._shown[row]] if 0 <= row < len(self._shown) else None

    def row_of(self, member_id: str) -> int:
        for row, i in enumerate(self._shown):
            if self._all[i].id == member_id:
                return row
        return -1

    def shown_ids(self) -> list[str]:
        return [self._all[i].id for i in self._shown]

    # -- Qt --------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008  (Qt's signature)
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return translate("MembersModel", HEADERS[COLUMNS[section]])
        return str(section + 1)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        m = self._all[self._shown[index.row()]]
        column = COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(m, column)
        if role == Qt.ItemDataRole.UserRole:
            return m.id
        if role == Qt.ItemDataRole.ForegroundRole and m.status not in ACTIVE_STATUSES:
            return LEFT
        return None

    def _text(self, m: Member, column: str) -> str:
        if column == "name":
            return m.full_name
        if column in ("birth_date", "admitted_on"):
            return formatting.date(getattr(m, column))
        if column == "national_id":
            return m.national_id or ""
        if column == "status":
            text = labels.word(labels.STATUS, m.status)
            if m.temporarily_attached:
                text += translate("MembersModel", ATTACHED)
            return text
        if column == "dues_category":
            return labels.word(labels.DUES_CATEGORY_SHORT, m.dues_category)
        return ""

