"""Reverse a payment entered by mistake: the ledger keeps it and adds the opposite entry."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from cellclient import formatting
from cellclient.models import Payment
from cellclient.services.dues import list_payments, reverse_payment

from .. import labels
from ..context import AppContext
from ..forms import Form, text_of
from ..widgets import banner, muted, set_banner


def reversible(payments: list[Payment]) -> list[Payment]:
    """Payments that are not reversals and have not been reversed yet."""
    reversed_ids = {p.reverses for p in payments if p.reverses}
    return [p for p in payments if not p.reverses and p.id not in reversed_ids]


class ReverseDialog(QDialog):
    saved = Signal(str)

    def __init__(self, ctx: AppContext, member_id: str, name: str, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Đảo bút toán (hủy khoản nộp ghi nhầm)"))
        self.problem = banner(kind="warn")
        note = muted(self.tr("Sổ đảng phí không xóa hay sửa khoản nào: khoản ghi nhầm được giữ "
                             "lại, kèm một bút toán đảo với số tiền ngược dấu."))
        who = QLabel(self.tr("Đảng viên: <b>{name}</b>").format(name=html.escape(name)))
        self.payments = QListWidget()
        self.payments.setAccessibleName(self.tr("Các khoản nộp"))
        for p in reversed(reversible(list_payments(ctx.store, ctx.cell_id, member_id=member_id))):
            item = QListWidgetItem(self.tr("{day}: {amount} cho tháng {months} ({method}{receipt})").format(
                day=formatting.date(p.paid_on), amount=formatting.money(p.amount),
                months=", ".join(formatting.month(m) for m in p.month_list),
                method=labels.word(labels.METHOD, p.method),
                receipt=self.tr(", biên lai {no}").format(no=p.receipt_no) if p.receipt_no else ""))
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            self.payments.addItem(item)
        self.payments.setCurrentRow(0)
        f = self.form = Form()
        f.add("payment_id", self.payments, text=self.tr("Khoản cần đảo"))
        self.reason = f.add("reason", QLineEdit(), hint=self.tr("Ví dụ: ghi nhầm số tiền"))
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(self.tr("Đảo bút toán"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (self.problem, note, who, f, buttons):
            layout.addWidget(w)
        if not self.payments.count():
            set_banner(self.problem, self.tr("Đảng viên này chưa có khoản nộp nào để đảo."))
            self.save_button.setEnabled(False)
        self.reason.setFocus()

    def save(self) -> None:
        item = self.payments.currentItem()
        if item is None:
            return
        self.save_button.setEnabled(False)
        self.ctx.runner.write(reverse_payment, self.ctx.store, item.data(Qt.ItemDataRole.UserRole),
                              text_of(self.reason) or "", receiver=self.ctx.settings.receiver or None,
                              today=self.ctx.today(), done=self._saved, failed=self._failed)

    def _saved(self, payment: Payment) -> None:
        self.saved.emit(payment.id)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.form.report_failure(error, self.problem, self.tr("Chưa lưu: hãy sửa các ô có chữ đỏ."))
