"""A new meeting: when, where, who chairs and who takes the minutes, and the agenda."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
)

from cellclient import formatting
from cellclient.models import Meeting, Member
from cellclient.schema import MEETING_KINDS
from cellclient.services.meetings import create_meeting

from .. import labels
from ..context import AppContext
from ..forms import Form, combo, select, text_of
from ..widgets import banner, fit_to_screen


def member_combo(members: list[Member], current: str | None = None) -> QComboBox:
    box = combo([("", None)] + [(m.full_name, m.id) for m in members])
    select(box, current)
    return box


class MeetingDialog(QDialog):
    """``saved(meeting_id)`` once created. ``previous`` pre-fills place and officers."""

    saved = Signal(str)

    def __init__(self, ctx: AppContext, members: list[Member], previous: Meeting | None = None,
                 parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Buổi sinh hoạt mới"))
        self.problem = banner(kind="warn")
        f = self.form = Form()
        f.add("kind", combo([(labels.word(labels.MEETING_KIND, k), k) for k in MEETING_KINDS],
                            "regular"), text=self.tr("Loại buổi sinh hoạt"))
        f.add("date", QLineEdit(formatting.date(ctx.today().isoformat())), hint=self.tr("dd/mm/yyyy"))
        f.add("start_time", QLineEdit(), hint=self.tr("Ví dụ: 8:00"))
        f.add("end_time", QLineEdit(), hint=self.tr("Ví dụ: 9:45"))
        f.add("place", QLineEdit(previous.place if previous else ""))
        f.add("chair_id", member_combo(members, previous.chair_id if previous else None))
        f.add("minute_taker_id", member_combo(members, previous.minute_taker_id if previous else None))
        f.add("guests", QLineEdit())
        agenda = QPlainTextEdit()
        agenda.setTabChangesFocus(True)
        agenda.setPlaceholderText(self.tr("Mỗi nội dung một dòng"))
        agenda.setFixedHeight(agenda.fontMetrics().lineSpacing() * 5)
        f.add("agenda", agenda, text=self.tr("Nội dung sinh hoạt"))
        f.finish()
        scroll = QScrollArea()
        scroll.setWidget(f)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(self.tr("Tạo buổi sinh hoạt"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problem)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        hint = f.sizeHint()
        fit_to_screen(self, max(620, hint.width() + 60),
                      hint.height() + buttons.sizeHint().height() + 60)

    def save(self) -> None:
        w = self.form.widgets
        agenda = [line.strip() for line in w["agenda"].toPlainText().splitlines() if line.strip()]
        self.save_button.setEnabled(False)
        self.ctx.runner.write(
            create_meeting, self.ctx.store, self.ctx.cell_id, text_of(w["kind"]),
            text_of(w["date"]), start_time=text_of(w["start_time"]),
            end_time=text_of(w["end_time"]), place=text_of(w["place"]),
            chair_id=text_of(w["chair_id"]), minute_taker_id=text_of(w["minute_taker_id"]),
            guests=text_of(w["guests"]), agenda=agenda, done=self._saved, failed=self._failed)

    def _saved(self, meeting: Meeting) -> None:
        self.saved.emit(meeting.id)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.form.report_failure(error, self.problem, self.tr("Chưa tạo: hãy sửa các ô có chữ đỏ."))
