"""The treasurer's monthly report and a member's arrears, both derived on every call.

Totals are sums of the lines they sit under; the retained share is worked
out once on the month's collected total (rounding each line would make the
share drift from the percentage), and the rest is what the cell remits up.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .. import months as mon
from ..dues_rules import pick, round_half_up, setting_key
from ..errors import NotFoundError
from ..store import Store
from ..validation import Checker
from .dues_assess import UNPAID_MONTHS_LIMIT, DuesBook
from .dues_lines import DuesLine, month_lines


@dataclass
class MonthReport:
    month: str
    rule_id: str
    rule_source: str
    retention_percent: int
    retention_is_default: bool
    retention_found_in_regulation: bool
    lines: list[DuesLine]
    totals: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        out = asdict(self)
        out["lines"] = [line.to_dict() for line in self.lines]
        return out


def month_report(store: Store, cell_id: str, month: str, lang: str | None = None) -> MonthReport:
    """Per member due, paid and owed for ``month``, with the month's totals: due,
    collected (money allocated to the month), retained by the cell, remitted up."""
    _check_month("month", month)
    book = DuesBook.load(store, cell_id, year=int(month[:4]))
    lines = month_lines(book, month, lang)
    rule = book.rule(month)
    percent = rule.setting("retention_percent", book.stored)
    collected = sum(line.paid for line in lines)
    retained = round_half_up(collected * percent, 100)
    totals = {
        "members": len(lines),
        "due": sum(line.due for line in lines),
        "paid": collected,
        "owed": sum(line.owed for line in lines),
        "credit": sum(line.credit for line in lines),
        "collected": collected,
        "retained": retained,
        "remitted": collected - retained,
        "flagged": sum(1 for line in lines if "unpaid_3_months" in line.flags),
    }
    return MonthReport(
        month=month, rule_id=rule.id, rule_source=pick(rule.source, lang),
        retention_percent=percent,
        retention_is_default=not book.stored.get(setting_key(rule.id, "retention_percent")),
        retention_found_in_regulation=rule.settings["retention_percent"].found,
        lines=lines, totals=totals,
    )


@dataclass
class MonthDues:
    month: str
    due: int
    paid: int
    owed: int
    credit: int


@dataclass
class Arrears:
    member_id: str
    name: str
    from_month: str
    up_to_month: str
    months: list[MonthDues]
    total_due: int
    total_paid: int
    total_owed: int
    total_credit: int
    unpaid_months_in_year: int
    flagged: bool

    def to_dict(self) -> dict:
        return asdict(self)


def arrears(store: Store, cell_id: str, member_id: str, up_to_month: str) -> Arrears:
    """A member's dues month by month up to ``up_to_month``: from the cell's tracking
    start month (``dues_settings.tracking_start``), or from January of that year when
    none is known.

    Owed months are not netted against credit months: an overpayment stays on
    the month it was paid for until the treasurer corrects the entry.
    """
    _check_month("up_to_month", up_to_month)
    book = DuesBook.load(store, cell_id, member_id=member_id)
    member = book.members.get(member_id)
    if member is None or member.deleted:
        raise NotFoundError("member", member_id)
    first = book.start_month or f"{up_to_month[:4]}-01"
    paid = book.paid()
    rows = []
    for m in mon.span(first, up_to_month):
        d = book.due(member, m)
        p = paid.get((member_id, m), 0)
        if d is None and not p:
            continue
        due = d.amount if d else 0
        rows.append(MonthDues(m, due, p, max(due - p, 0), max(p - due, 0)))
    unpaid = book.unpaid_months(member, up_to_month)
    return Arrears(
        member_id=member_id, name=member.name, from_month=first, up_to_month=up_to_month,
        months=rows, total_due=sum(r.due for r in rows), total_paid=sum(r.paid for r in rows),
        total_owed=sum(r.owed for r in rows), total_credit=sum(r.credit for r in rows),
        unpaid_months_in_year=unpaid, flagged=unpaid >= UNPAID_MONTHS_LIMIT,
    )


def _check_month(name: str, value) -> None:
    c = Checker()
    c.month(name, value, required=True)
    c.done()
