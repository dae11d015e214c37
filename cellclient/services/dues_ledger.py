"""The dues ledger: record a payment, reverse one, list them.

The ledger is append-only (the store refuses to edit or delete a payment
row): a mistake is corrected by a reversing entry with the opposite amount,
the same member and months, the id of the entry it reverses and a reason.
How an entry is split over its months is explained in ``dues_assess``.
"""

from __future__ import annotations

import datetime as dt

from ..i18n import register
from ..models import Payment
from ..schema import PAYMENT_METHODS
from ..store import Store
from ..validation import Checker, register_labels
from .dues_assess import member_facts

MAX_MONTHS = 24  # one receipt rarely covers more; a longer list is most likely a typing slip

register(
    {
        "valid.dues_months_duplicate": ("có tháng bị lặp: {months}", "repeats a month: {months}"),
        "valid.dues_months_too_many": (
            "tối đa {max} tháng cho một lần nộp", "at most {max} months in one payment",
        ),
        "valid.dues_not_on_roll": (
            "đảng viên không thuộc danh sách chi bộ trong tháng: {months}",
            "the member is not on the cell's roll in: {months}",
        ),
        "valid.dues_receipt_used": (
            "số biên lai đã dùng cho khoản nộp của {who} ({id})",
            "receipt number already used for a payment of {who} ({id})",
        ),
        "valid.dues_is_reversal": (
            "là một bút toán đảo; không thể đảo lại bút toán đảo, hãy ghi một khoản nộp mới",
            "is itself a reversal; a reversal cannot be reversed, record a new payment instead",
        ),
        "valid.dues_already_reversed": (
            "đã được đảo bởi bút toán {id}", "has already been reversed by entry {id}",
        ),
    }
)
register_labels({"payment_id": ("Mã khoản nộp", "Payment id")})


def _member(store: Store, c: Checker, member_id: str | None) -> dict | None:
    row = store.get("member", member_id) if member_id else None
    if row is None or row.get("deleted"):
        c.add("member_id", "required" if not member_id else "unknown_member")
        return None
    return row


def _clean_months(c: Checker, months) -> list[str]:
    if isinstance(months, str):
        months = [m for m in months.split(",") if m.strip()]
    months = [m.strip() if isinstance(m, str) else m for m in (months or [])]
    if not months:
        c.add("months", "required")
        return []
    bad = [m for m in months if not c.month("months", m)]
    if bad:
        return []
    repeated = sorted({m for m in months if months.count(m) > 1})
    if repeated:
        c.add("months", "dues_months_duplicate", months=", ".join(repeated))
    if len(months) > MAX_MONTHS:
        c.add("months", "dues_months_too_many", max=MAX_MONTHS)
    return sorted(set(months))


def record_payment(store: Store, member_id: str, months: list[str], amount, method: str = "cash",
                   receiver: str | None = None, receipt_no: str | None = None,
                   paid_on=None, today: dt.date | None = None) -> Payment:
    """Record money received from a member for one or more months; returns the entry.

    Every field is checked before anything is written; the months must be
    months in which the member is on the cell's roll.
    """
    c = Checker()
    member = _member(store, c, member_id)
    clean_months = _clean_months(c, months)
    if member is not None and clean_months:
        facts = member_facts(member)
        off_roll = [m for m in clean_months if not facts.on_roll(m)]
        if off_roll:
            c.add("months", "dues_not_on_roll", months=", ".join(off_roll))
    value = c.money("amount", amount, required=True, positive=True)
    method = c.choice("method", method or "cash", PAYMENT_METHODS, required=True)
    receiver = c.text("receiver", receiver, max_len=100)
    receipt_no = c.text("receipt_no", receipt_no, max_len=50)
    paid_on = c.date("paid_on", paid_on or (today or dt.date.today()), not_future=True, today=today)
    c.done()
    with store.transaction() as tx:
        if receipt_no:
            _check_receipt_unused(store, member["cell_id"], receipt_no)
        payment_id = tx.insert("payment", {
            "cell_id": member["cell_id"], "member_id": member_id, "months": ",".join(clean_months),
            "amount": value, "method": method, "receiver": receiver, "receipt_no": receipt_no,
            "paid_on": paid_on,
        })
    return get_payment(store, payment_id)


def _check_receipt_unused(store: Store, cell_id: str, receipt_no: str) -> None:
    row = store.db.execute(
        "SELECT p.id, m.family_name, m.middle_name, m.given_name FROM payment p "
        "LEFT JOIN member m ON m.id = p.member_id "
        "WHERE p.cell_id = ? AND p.receipt_no = ? AND p.reverses IS NULL AND p.deleted = 0 "
        "AND NOT EXISTS (SELECT 1 FROM payment r WHERE r.reverses = p.id AND r.deleted = 0)",
        [cell_id, receipt_no],
    ).fetchone()
    if row:
        c = Checker()
        c.add("receipt_no", "dues_receipt_used", who=" ".join(x for x in row[1:] if x), id=row[0])
        c.done()


def reverse_payment(store: Store, payment_id: str, reason: str, receiver: str | None = None,
                    today: dt.date | None = None) -> Payment:
    """Cancel a payment with a reversing entry (the original stays, as the ledger is
    append-only); refused for a reversal itself and for a payment already reversed."""
    original = get_payment(store, payment_id)
    c = Checker()
    reason = c.text("reason", reason, required=True, max_len=500)
    receiver = c.text("receiver", receiver, max_len=100)
    if original.reverses:
        c.add("payment_id", "dues_is_reversal")
    with store.transaction() as tx:
        # checked inside the transaction so two clicks cannot both pass
        earlier = store.db.execute(
            "SELECT id FROM payment WHERE reverses = ? AND deleted = 0 ORDER BY id LIMIT 1",
            [payment_id],
        ).fetchone()
        if earlier:
            c.add("payment_id", "dues_already_reversed", id=earlier[0])
        c.done()
        reversal_id = tx.insert("payment", {
            "cell_id": original.cell_id, "member_id": original.member_id,
            "months": original.months, "amount": -(original.amount or 0),
            "method": original.method, "receiver": receiver,
            "paid_on": (today or dt.date.today()).isoformat(),
            "reverses": payment_id, "reason": reason,
        })
    return get_payment(store, reversal_id)


def get_payment(store: Store, payment_id: str) -> Payment:
    return Payment.from_row(store.require("payment", payment_id))


def list_payments(store: Store, cell_id: str, member_id: str | None = None,
                  month: str | None = None) -> list[Payment]:
    """Ledger entries of the cell in the order they were made, reversals included."""
    where, params = "cell_id = ? AND deleted = 0", [cell_id]
    if member_id:
        where += " AND member_id = ?"
        params.append(member_id)
    if month:
        where += " AND months LIKE ?"
        params.append(f"%{month}%")
    return [Payment.from_row(r) for r in store.rows("payment", where, params)]
