"""Record a dues payment: the months ticked, the amount worked out, two clicks in all.

The member's months come from ``dues.arrears``: earlier months still owed this
year, the chosen month, and a few months ahead (members exempt from
activities may pay ahead). The amount follows the ticked months until the
treasurer types another.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from cellclient import formatting
from cellclient import months as mo
from cellclient.models import Payment
from cellclient.schema import PAYMENT_METHODS
from cellclient.services.dues import arrears, record_payment

from .. import labels
from ..context import AppContext
from ..forms import Form, combo, text_of
from ..widgets import banner, money_input_text

AHEAD = 3  # months that can be paid ahead from this dialog


class PaymentDialog(QDialog):
    saved = Signal(str)

    def __init__(self, ctx: AppContext, member_id: str, name: str, month: str, parent=None):
        super().__init__(parent)
        self.ctx, self.member_id, self.month = ctx, member_id, month
        self.setWindowTitle(self.tr("Ghi nhận nộp đảng phí"))
        self.problem = banner(kind="warn")
        who = QLabel(self.tr("Đảng viên: <b>{name}</b>").format(name=html.escape(name)))
        self.month_boxes: dict[str, QCheckBox] = {}
        self._owed: dict[str, int] = {}
        months = QWidget()
        months_layout = QVBoxLayout(months)
        months_layout.setContentsMargins(0, 0, 0, 0)
        for m, owed, due in self._months():
            text = (self.tr("Tháng {m}: còn nợ {owed}") if m <= month
                    else self.tr("Tháng {m}: đóng trước {owed}")).format(
                m=formatting.month(m), owed=formatting.money(owed if m <= month else due))
            box = QCheckBox(text)
            box.setChecked(m == month)
            box.toggled.connect(self._months_changed)
            months_layout.addWidget(box)
            self.month_boxes[m] = box
            self._owed[m] = owed if m <= month else due
        f = self.form = Form()
        f.add("months", months, text=self.tr("Nộp cho tháng"))
        self.amount = f.add("amount", QLineEdit(), hint=self.tr("Ví dụ: 50.000"))
        self.amount.textEdited.connect(lambda _t: setattr(self, "_amount_typed", True))
        self._amount_typed = False
        self.method = f.add("method", combo([(labels.word(labels.METHOD, k), k)
                                             for k in PAYMENT_METHODS], "cash"))
        self.receipt = f.add("receipt_no", QLineEdit())
        self.paid_on = f.add("paid_on", QLineEdit(formatting.date(ctx.today().isoformat())),
                             hint=self.tr("dd/mm/yyyy"))
        self.receiver = f.add("receiver", QLineEdit(ctx.settings.receiver))
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(self.tr("Lưu khoản nộp"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (self.problem, who, f, buttons):
            layout.addWidget(w)
        self._months_changed()
        self.amount.setFocus()

    def _months(self) -> list[tuple[str, int, int]]:
        """(month, owed, due): months owed up to the chosen one, it, and a few ahead."""
        report = arrears(self.ctx.store, self.ctx.cell_id, self.member_id, mo.add(self.month, AHEAD))
        out = []
        for row in report.months:
            if row.month < self.month and row.owed > 0 and row.month[:4] == self.month[:4]:
                out.append((row.month, row.owed, row.due))
            elif row.month == self.month or (row.month > self.month and row.owed > 0):
                out.append((row.month, row.owed, row.due))
        if not any(m == self.month for m, _o, _d in out):
            out.append((self.month, 0, 0))
        return sorted(out)

    def chosen_months(self) -> list[str]:
        return [m for m, box in self.month_boxes.items() if box.isChecked()]

    def _months_changed(self, *_args) -> None:
        if not self._amount_typed:
            total = sum(self._owed[m] for m in self.chosen_months())
            self.amount.setText(money_input_text(total) if total else "")

    def save(self) -> None:
        self.save_button.setEnabled(False)
        receiver = text_of(self.receiver)
        self.ctx.runner.write(
            record_payment, self.ctx.store, self.member_id, self.chosen_months(),
            text_of(self.amount), method=text_of(self.method), receiver=receiver,
            receipt_no=text_of(self.receipt), paid_on=text_of(self.paid_on),
            today=self.ctx.today(), done=lambda p: self._saved(p, receiver), failed=self._failed)

    def _saved(self, payment: Payment, receiver: str | None) -> None:
        self.ctx.settings.receiver = receiver or ""
        self.saved.emit(payment.id)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.form.report_failure(error, self.problem, self.tr("Chưa lưu: hãy sửa các ô có chữ đỏ."), aliases={"member_id": "months"})
