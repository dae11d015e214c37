"""Approved hardship decisions: a dues exemption or a 30/50/70% reduction for a span of months.

Each decision covers at most 12 months and carries its decision reference.
When decisions overlap (two devices may record them offline), the most
favourable to the member applies; see ``dues_assess``.
"""

from __future__ import annotations

from .. import months as mon
from ..i18n import register
from ..models import DuesAdjustment
from ..store import Store
from ..validation import Checker

ADJUSTMENT_KINDS = ("exemption", "reduction")
REDUCTION_PERCENTS = (30, 50, 70)
MAX_SPAN_MONTHS = 12

register(
    {
        "valid.dues_reduction_percent": ("phải là 30, 50 hoặc 70", "must be 30, 50 or 70"),
        "valid.dues_exemption_percent": (
            "của quyết định miễn phải là 100 (hoặc để trống)",
            "of an exemption must be 100 (or left empty)",
        ),
    }
)


def add_adjustment(store: Store, member_id: str, kind: str, percent=None, from_month=None,
                   to_month=None, decision_ref=None, reason=None) -> DuesAdjustment:
    """Record an approved exemption (percent 100) or reduction (30, 50 or 70 percent)
    for the months ``from_month``..``to_month`` (at most 12)."""
    c = Checker()
    member = store.get("member", member_id) if member_id else None
    if member is None or member.get("deleted"):
        c.add("member_id", "unknown_member" if member_id else "required")
    kind = c.choice("kind", kind, ADJUSTMENT_KINDS, required=True)
    number = c.count("percent", percent)
    if kind == "reduction":
        if number is None and not c.failed("percent"):
            c.add("percent", "required")
        elif number is not None and number not in REDUCTION_PERCENTS:
            c.add("percent", "dues_reduction_percent")
    elif kind == "exemption":
        if number not in (None, 100):
            c.add("percent", "dues_exemption_percent")
        number = 100
    first = c.month("from_month", from_month, required=True)
    last = c.month("to_month", to_month, required=True)
    if first and last:
        if last < first:
            c.after("to_month", last, "from_month", first)
        elif mon.index(last) - mon.index(first) + 1 > MAX_SPAN_MONTHS:
            c.add("to_month", "span_12")
    decision_ref = c.text("decision_ref", decision_ref, required=True, max_len=100)
    reason = c.text("reason", reason, max_len=500)
    c.done()
    with store.transaction() as tx:
        adjustment_id = tx.insert("dues_adjustment", {
            "cell_id": member["cell_id"], "member_id": member_id, "kind": kind, "percent": number,
            "from_month": first, "to_month": last, "decision_ref": decision_ref, "reason": reason,
        })
    return get_adjustment(store, adjustment_id)


def get_adjustment(store: Store, adjustment_id: str) -> DuesAdjustment:
    return DuesAdjustment.from_row(store.require("dues_adjustment", adjustment_id))


def list_adjustments(store: Store, cell_id: str, member_id: str | None = None) -> list[DuesAdjustment]:
    where, params = "cell_id = ? AND deleted = 0", [cell_id]
    if member_id:
        where += " AND member_id = ?"
        params.append(member_id)
    return [DuesAdjustment.from_row(r) for r in store.rows("dues_adjustment", where, params)]


def remove_adjustment(store: Store, adjustment_id: str) -> None:
    """Tombstone a decision entered by mistake (decisions, unlike payments, are not a ledger)."""
    get_adjustment(store, adjustment_id)
    with store.transaction() as tx:
        tx.delete("dues_adjustment", adjustment_id)
