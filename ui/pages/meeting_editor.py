"""One meeting: its particulars and agenda, the attendance, the minutes, and adoption.

Adopting locks the meeting for good (the services refuse any later edit);
the editor then shows it read-only, with a banner saying so.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cellclient import formatting
from cellclient.schema import MEETING_KINDS
from cellclient.services.drafts import discard_draft, get_draft
from cellclient.services.meetings import (
    add_agenda_item,
    adopted_on,
    remove_agenda_item,
    update_meeting,
)
from cellclient.services.members import ACTIVE_STATUSES, list_members
from cellclient.services.minutes import adopt_meeting, get_meeting_detail, set_minutes
from cellclient.validation import ValidationError, label

from .. import labels, messages
from ..context import AppContext
from ..dialogs.meeting_dialog import member_combo
from ..forms import Form, combo, select, text_of
from ..forms import field_message as message_of
from ..widgets import banner, primary_button, row, set_banner, title
from .attendance_panel import AttendancePanel
from .minutes_form import MinutesForm, minutes_arguments

HEADER = ("kind", "date", "start_time", "end_time", "place", "chair_id", "minute_taker_id",
          "guests")


def load_meeting(store, cell_id: str, meeting_id: str) -> tuple:
    """Everything the editor shows, read in one background job."""
    return (get_meeting_detail(store, meeting_id), get_draft(store, meeting_id),
            list_members(store, cell_id, statuses=ACTIVE_STATUSES))


def adopt_with_minutes(store, meeting_id: str, agenda_ids: list[str], body: dict | None,
                       today: dt.date | None = None) -> None:
    """Save what the form holds and adopt, in one transaction: all of it or nothing."""
    with store.transaction():
        if body is not None:
            set_minutes(store, meeting_id, **minutes_arguments(agenda_ids, body))
        adopt_meeting(store, meeting_id, today=today)
        discard_draft(store, meeting_id)


class MeetingEditor(QWidget):
    failed = Signal(object)

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.meeting_id: str | None = None
        self.detail = None
        self.members: list = []  # the cell's active members, as last loaded
        self.heading = title("", 1.2)
        self.lock_banner = banner(kind="ok")
        self.warnings = banner(kind="warn")
        self.adopt_button = primary_button(self.tr("Thông qua biên bản…"))
        self.adopt_button.setToolTip(self.tr(
            "Sau khi thông qua, biên bản bị khóa, không sửa được nữa"))
        self.adopt_button.clicked.connect(self.adopt)
        self.attendance = AttendancePanel(ctx)
        self.attendance.failed.connect(self._failed)
        self.minutes = MinutesForm(ctx)
        self.minutes.failed.connect(self._failed)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._header_tab(), self.tr("Thông tin chung"))
        self.tabs.addTab(self.attendance, self.tr("Điểm danh"))
        self.tabs.addTab(self.minutes, self.tr("Biên bản"))
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.adopt_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.lock_banner)
        layout.addWidget(self.warnings)
        layout.addWidget(self.tabs, 1)
        self.setEnabled(False)

    def _header_tab(self) -> QWidget:
        tab = QWidget()
        self.header_problem = banner(kind="warn")
        f = self.header = Form()
        f.add("kind", combo([(labels.word(labels.MEETING_KIND, k), k) for k in MEETING_KINDS]),
              text=self.tr("Loại buổi sinh hoạt"))
        f.add("date", QLineEdit(), hint=self.tr("dd/mm/yyyy"))
        f.add("start_time", QLineEdit(), hint=self.tr("Ví dụ: 8:00"))
        f.add("end_time", QLineEdit(), hint=self.tr("Ví dụ: 9:45"))
        f.add("place", QLineEdit())
        f.add("chair_id", member_combo([]))
        f.add("minute_taker_id", member_combo([]))
        f.add("guests", QLineEdit())
        self.save_header_button = QPushButton(self.tr("Lưu thông tin"))
        self.save_header_button.clicked.connect(self.save_header)
        self.agenda = QListWidget()
        self.agenda.setAccessibleName(self.tr("Nội dung sinh hoạt"))
        # An agenda has a handful of items: a few lines high, so that the form above
        # and the buttons below fit on a small screen without scrolling.
        self.agenda.setMinimumHeight(self.fontMetrics().height() * 3 + 8)
        self.agenda.setMaximumHeight(self.fontMetrics().height() * 6 + 8)
        self.new_item = QLineEdit()
        self.new_item.setAccessibleName(self.tr("Nội dung mới"))
        self.new_item.setPlaceholderText(self.tr("Nội dung mới…"))
        self.new_item.returnPressed.connect(self.add_item)
        self.add_item_button = QPushButton(self.tr("Thêm nội dung"))
        self.add_item_button.clicked.connect(self.add_item)
        self.remove_item_button = QPushButton(self.tr("Xóa nội dung đã chọn"))
        self.remove_item_button.clicked.connect(self.remove_item)
        adding = QHBoxLayout()
        adding.addWidget(self.new_item, 1)
        adding.addWidget(self.add_item_button)
        adding.addWidget(self.remove_item_button)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.header_problem)
        layout.addWidget(f)
        layout.addWidget(row(self.save_header_button))
        layout.addWidget(title(self.tr("Nội dung sinh hoạt"), 1.0))
        layout.addWidget(self.agenda, 1)
        layout.addLayout(adding)
        # Scrolls inside its tab: a tab widget is as tall as its tallest tab, and with
        # large text this one would push the minutes' save button off the screen.
        scroll = QScrollArea()
        scroll.setWidget(tab)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        return scroll

    # -- loading ---------------------------------------------------------

    def show_meeting(self, meeting_id: str | None) -> None:
        if meeting_id != self.meeting_id:
            self.minutes.flush()
        self.meeting_id = meeting_id
        self.setEnabled(meeting_id is not None)
        self.reload()

    def reload(self) -> None:
        if self.meeting_id is None:
            return
        self.ctx.runner.latest("meeting", load_meeting, self.ctx.store, self.ctx.cell_id,
                               self.meeting_id, done=self._loaded, failed=self._load_failed)

    def _load_failed(self, error: BaseException) -> None:
        self.meeting_id = None  # removed meanwhile (a sync): nothing to show
        self.setEnabled(False)

    def _loaded(self, bundle: tuple) -> None:
        detail, draft, members = bundle
        if detail.meeting.id != self.meeting_id:
            return
        self.detail, self.members = detail, members
        m = detail.meeting
        locked = m.adopted
        self.heading.setText(self.tr("{kind} ngày {date}").format(
            kind=labels.word(labels.MEETING_KIND, m.kind), date=formatting.date(m.date)))
        set_banner(self.lock_banner, self.tr(
            "Biên bản đã được thông qua ngày {date} và đã khóa: chỉ xem, không sửa được."
        ).format(date=formatting.date(adopted_on(m))) if locked else "")
        set_banner(self.warnings, "\n".join(detail.warnings))
        self._fill_header(detail, members, locked)
        self.attendance.set_roll(m.id, [e for e in detail.attendance if e.expected], locked)
        if self.minutes.show_meeting(detail, draft, locked):
            self.tabs.setCurrentWidget(self.minutes)  # unsaved minutes come first
        self.adopt_button.setEnabled(not locked)
        self.adopt_button.setVisible(not locked)

    def _fill_header(self, detail, members, locked: bool) -> None:
        m, w = detail.meeting, self.header.widgets
        select(w["kind"], m.kind)
        w["date"].setText(formatting.date(m.date))
        for name in ("start_time", "end_time", "place", "guests"):
            w[name].setText(getattr(m, name) or "")
        for name in ("chair_id", "minute_taker_id"):
            box = w[name]
            box.clear()
            box.addItem("", None)
            for member in members:
                box.addItem(member.full_name, member.id)
            current = getattr(m, name)
            if current and box.findData(current) < 0:  # left the cell since: still shown
                box.addItem(getattr(detail, "chair_name" if name == "chair_id"
                                    else "minute_taker_name") or current, current)
            select(box, current)
        self.header.set_read_only(locked)
        self.agenda.clear()
        for number, item in enumerate(detail.agenda, 1):
            entry = QListWidgetItem(f"{number}. {item.title}")
            entry.setData(Qt.ItemDataRole.UserRole, item.id)
            self.agenda.addItem(entry)
        for widget in (self.save_header_button, self.new_item, self.add_item_button,
                       self.remove_item_button):
            widget.setEnabled(not locked)

    # -- actions ---------------------------------------------------------

    def save_header(self) -> None:
        w = self.header.widgets
        values = {name: text_of(w[name]) for name in HEADER}
        self.header.clear_errors()
        set_banner(self.header_problem, "")
        self.ctx.runner.write(update_meeting, self.ctx.store, self.meeting_id,
                              done=lambda _m: set_banner(self.header_problem, ""),
                              failed=self._header_failed, **values)

    def _header_failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            leftovers = self.header.show_errors(error)
            set_banner(self.header_problem, "\n".join(
                [self.tr("Chưa lưu: hãy sửa các ô có chữ đỏ.")] + leftovers))
        else:
            self._failed(error)

    def add_item(self) -> None:
        text = self.new_item.text().strip()
        if text and self.meeting_id:
            self.ctx.runner.write(add_agenda_item, self.ctx.store, self.meeting_id, text,
                                  done=lambda _i: self.new_item.clear(), failed=self._failed)

    def remove_item(self) -> None:
        item = self.agenda.currentItem()
        if item is not None:
            self.ctx.runner.write(remove_agenda_item, self.ctx.store, item.data(Qt.ItemDataRole.UserRole),
                                  failed=self._failed)

    def adopt(self) -> None:
        if self.detail is None or self.detail.meeting.adopted:
            return
        messages.confirm(
            self, self.tr("Thông qua biên bản"),
            self.tr("Thông qua biên bản buổi sinh hoạt ngày {date}?\n\nSau khi thông qua, biên bản, "
                    "điểm danh và nội dung bị khóa và không sửa được nữa.").format(
                date=formatting.date(self.detail.meeting.date)),
            self.tr("Thông qua"), self._adopt_now)

    def _adopt_now(self) -> None:
        body = self.minutes.body() if self.minutes.dirty else None
        self.minutes.flush()
        self.ctx.runner.write(adopt_with_minutes, self.ctx.store, self.meeting_id,
                              self.minutes.agenda_ids, body, self.ctx.today(),
                              failed=self._adopt_failed)

    def _adopt_failed(self, error: BaseException) -> None:
        if not isinstance(error, ValidationError):
            self._failed(error)
            return
        lines = [f"{label(e.field)}: {message_of(e)}" for e in error.errors]
        messages.inform(self, self.tr("Chưa thông qua được"), self.tr(
            "Biên bản còn thiếu, chưa thông qua:\n\n{lines}").format(lines="\n".join(
                "• " + line for line in lines)), warning=True)

    def flush(self) -> None:
        self.minutes.flush()

    def _failed(self, error: BaseException) -> None:
        self.failed.emit(error)
