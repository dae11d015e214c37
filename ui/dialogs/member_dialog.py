"""Add or edit a member: every problem shown under its field, nothing saved until all are right."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
)

from cellclient import formatting
from cellclient.models import Member
from cellclient.services.members import add_member, edit_member

from .. import labels
from ..context import AppContext
from ..forms import Form, combo, text_of
from ..widgets import banner, fit_to_screen, money_input_text

DATE_FIELDS = ("birth_date", "admitted_on", "ceremony_on", "official_on")
TEXT_FIELDS = ("family_name", "middle_name", "given_name", "ethnicity", "national_id",
               "party_card", "phone", "address")


class MemberDialog(QDialog):
    """``saved(member_id)`` once the service accepted every field."""

    saved = Signal(str)

    def __init__(self, ctx: AppContext, member: Member | None = None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.member = member
        self.setWindowTitle(self.tr("Sửa thông tin đảng viên") if member
                            else self.tr("Thêm đảng viên"))
        self.problem = banner(kind="warn")
        self.form = Form(columns=2)
        self._build_fields()
        scroll = QScrollArea()
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll = scroll
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(self.tr("Lưu"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.setDefault(True)
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problem)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        if member is not None:
            self._fill(member)
        hint = self.form.sizeHint()
        fit_to_screen(self, hint.width() + 60, hint.height() + buttons.sizeHint().height() + 60)

    def _build_fields(self) -> None:
        f = self.form
        f.add_section(self.tr("Thông tin cá nhân"), 0)
        for name in ("family_name", "middle_name", "given_name"):
            f.add(name, QLineEdit(), column=0)
        f.add("sex", combo([("", None)] + [(labels.word(labels.SEX, k), k)
                                           for k in ("male", "female")]), column=0)
        f.add("birth_date", QLineEdit(), hint=self.tr("dd/mm/yyyy"), column=0)
        f.add("ethnicity", QLineEdit(), column=0)
        f.add("national_id", QLineEdit(), hint=self.tr("12 chữ số"), column=0)
        f.add("phone", QLineEdit(), column=0)
        f.add("address", QLineEdit(), column=0)
        f.add_section(self.tr("Đảng tịch"), 1)
        f.add("party_card", QLineEdit(), column=1)
        f.add("admitted_on", QLineEdit(), hint=self.tr("dd/mm/yyyy"), column=1)
        f.add("ceremony_on", QLineEdit(), hint=self.tr("dd/mm/yyyy"), column=1)
        f.add("official_on", QLineEdit(),
              hint=self.tr("Để trống nếu còn là đảng viên dự bị"), column=1)
        f.add("temporarily_attached", QCheckBox(self.tr("Sinh hoạt tạm thời ở chi bộ này")),
              column=1)
        f.add_section(self.tr("Đảng phí"), 1)
        f.add("dues_category", combo([(labels.word(labels.DUES_CATEGORY, k), k)
                                      for k in ("insured", "pensioner", "student", "other")],
                                     "other"), column=1)
        f.add("dues_base", QLineEdit(), hint=self.tr("Ví dụ: 5.000.000"), column=1)
        f.add("social_pension", QCheckBox(self.tr("Hưởng trợ cấp hưu trí xã hội")), column=1)
        notes = QPlainTextEdit()
        notes.setTabChangesFocus(True)
        notes.setFixedHeight(notes.fontMetrics().lineSpacing() * 4)
        f.add("notes", notes, column=0)
        f.finish()

    def _fill(self, m: Member) -> None:
        w = self.form.widgets
        for name in TEXT_FIELDS:
            w[name].setText(getattr(m, name) or "")
        for name in DATE_FIELDS:
            w[name].setText(formatting.date(getattr(m, name)))
        w["sex"].setCurrentIndex(max(w["sex"].findData(m.sex), 0))
        w["dues_category"].setCurrentIndex(max(w["dues_category"].findData(m.dues_category), 0))
        w["dues_base"].setText(money_input_text(m.dues_base))
        w["temporarily_attached"].setChecked(bool(m.temporarily_attached))
        w["social_pension"].setChecked(bool(m.social_pension))
        w["notes"].setPlainText(m.notes or "")

    def values(self) -> dict:
        w = self.form.widgets
        out = {name: text_of(w[name]) for name in TEXT_FIELDS + DATE_FIELDS}
        out.update(sex=text_of(w["sex"]), dues_category=text_of(w["dues_category"]),
                   dues_base=text_of(w["dues_base"]), notes=text_of(w["notes"]),
                   temporarily_attached=w["temporarily_attached"].isChecked(),
                   social_pension=w["social_pension"].isChecked())
        return out

    def save(self) -> None:
        self.save_button.setEnabled(False)
        values, today = self.values(), self.ctx.today()
        if self.member is None:
            self.ctx.runner.write(add_member, self.ctx.store, self.ctx.cell_id, today=today,
                                  done=self._saved, failed=self._failed, **values)
        else:
            self.ctx.runner.write(edit_member, self.ctx.store, self.member.id, today=today,
                                  done=self._saved, failed=self._failed, **values)

    def _saved(self, member: Member) -> None:
        self.saved.emit(member.id)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.form.report_failure(error, self.problem, self.tr("Chưa lưu: hãy sửa các ô có chữ đỏ."))
        if self.form.first_error is not None:
            self.scroll.ensureWidgetVisible(self.form.first_error)

    def keyPressEvent(self, event) -> None:
        # Enter in a text box moves on rather than saving half a form by accident.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.save_button.hasFocus():
            self.focusNextChild()
            return
        super().keyPressEvent(event)
