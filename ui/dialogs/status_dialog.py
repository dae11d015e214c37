"""Change a member's status with its date and decision number (probation → official,
transfer out or back in, exemption, suspension, death, removal)."""

from __future__ import annotations

import html

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout

from cellclient import formatting
from cellclient.models import Member
from cellclient.services.members import change_status, edit_member

from ..context import AppContext
from ..forms import Form, combo, text_of
from ..translation import translate
from ..widgets import banner

# (what happens, the status it leads to); a return from a transfer, an exemption or a
# suspension makes the member official again.
CHANGES = (
    ("official", QT_TRANSLATE_NOOP("StatusDialog", "Công nhận đảng viên chính thức")),
    ("transferred_out", QT_TRANSLATE_NOOP("StatusDialog", "Chuyển sinh hoạt đi chi bộ khác")),
    ("back", QT_TRANSLATE_NOOP("StatusDialog", "Chuyển đến / trở lại sinh hoạt tại chi bộ")),
    ("exempt", QT_TRANSLATE_NOOP("StatusDialog", "Miễn sinh hoạt")),
    ("suspended", QT_TRANSLATE_NOOP("StatusDialog", "Đình chỉ sinh hoạt")),
    ("deceased", QT_TRANSLATE_NOOP("StatusDialog", "Từ trần")),
    ("removed", QT_TRANSLATE_NOOP("StatusDialog", "Xóa tên")),
)


class StatusDialog(QDialog):
    saved = Signal(str)

    def __init__(self, ctx: AppContext, member: Member, parent=None):
        super().__init__(parent)
        self.ctx, self.member = ctx, member
        self.setWindowTitle(self.tr("Đổi tình trạng đảng viên"))
        self.problem = banner(kind="warn")
        who = QLabel(self.tr("Đảng viên: <b>{name}</b>").format(name=html.escape(member.full_name)))
        self.form = Form()
        self.change = self.form.add("status", combo(
            [(translate("StatusDialog", text), code) for code, text in CHANGES]),
            text=self.tr("Thay đổi"))
        self.since = self.form.add("status_since", QLineEdit(formatting.date(
            ctx.today().isoformat())), hint=self.tr("dd/mm/yyyy"))
        self.decision = self.form.add("status_decision", QLineEdit(),
                                      hint=self.tr("Ví dụ: 15-QĐ/ĐU"))
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(self.tr("Lưu"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (self.problem, who, self.form, buttons):
            layout.addWidget(w)

    def save(self) -> None:
        code = self.change.currentData()
        self.save_button.setEnabled(False)
        since, decision, today = text_of(self.since), text_of(self.decision), self.ctx.today()
        if code == "back":
            # Back from a transfer or an exemption: official again, but the date the
            # member became official stays what it was (change_status would move it).
            self.ctx.runner.write(edit_member, self.ctx.store, self.member.id, status="official",
                                  status_since=since, status_decision=decision, today=today,
                                  done=self._saved, failed=self._failed)
        else:
            self.ctx.runner.write(change_status, self.ctx.store, self.member.id, code, since,
                                  decision, today=today, done=self._saved, failed=self._failed)

    def _saved(self, member: Member) -> None:
        self.saved.emit(member.id)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.form.report_failure(error, self.problem, self.tr("Chưa lưu: hãy sửa các ô có chữ đỏ."))
