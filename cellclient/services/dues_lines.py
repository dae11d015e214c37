"""Each member's dues line for a month: the working in words, the sums and the flags.

The numbers come from ``dues_assess.DuesBook``; this module turns them into
what a treasurer reads (and what ``--json`` prints), in Vietnamese list order.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import lru_cache

from .. import formatting
from ..dues_rules import percent_text, pick
from ..i18n import register, tr
from ..store import Store
from ..text import sort_key
from ..validation import Checker
from .dues_assess import LEAVING_STATUSES, UNPAID_MONTHS_LIMIT, Due, DuesBook, MemberFacts

register(
    {
        "dues.line.percent": ("{percent}% × {base} = {gross}", "{percent}% × {base} = {gross}"),
        "dues.line.no_base": (
            "chưa có mức lương/lương hưu làm căn cứ", "no salary or pension base recorded",
        ),
        "dues.line.exempt_decision": ("miễn theo quyết định {ref}", "exempt by decision {ref}"),
        "dues.line.reduced": (
            "giảm {percent}% theo quyết định {ref} = {due}",
            "reduced {percent}% by decision {ref} = {due}",
        ),
        "dues.flag.unpaid_3_months": (
            "chưa đóng từ 3 tháng trở lên trong năm: chi bộ cần xem xét",
            "3 or more months unpaid this year: the cell must consider the case",
        ),
        "dues.flag.temporarily_attached": (
            "sinh hoạt tạm thời: tính đóng tại chi bộ này (suy luận)",
            "temporarily attached: pays dues in this cell (inferred)",
        ),
        "dues.flag.missing_base": ("thiếu căn cứ tính đảng phí", "dues base missing"),
        "dues.flag.leaving": (
            "đã chuyển đi/từ trần/xóa tên sau tháng này", "left the cell after this month",
        ),
        "dues.flag.not_on_roll": (
            "không thuộc danh sách tháng này nhưng có khoản nộp",
            "not on the roll this month but has ledger entries",
        ),
    }
)


@dataclass
class DuesLine:
    """One member's dues for one month."""

    member_id: str
    name: str
    category: str | None
    base: int | None
    rule_id: str | None
    rule_source: str | None
    formula: str
    gross: int | None
    exemption: str | None
    adjustment: dict | None  # kind, percent, decision_ref
    due: int
    paid: int
    owed: int  # due - paid when positive
    credit: int  # paid - due when positive; due = paid + owed - credit
    unpaid_months_in_year: int
    flags: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def member_line(book: DuesBook, member_id: str, month: str, lang: str | None = None) -> DuesLine:
    """One member's line for ``month``: the working, the sums and the flags."""
    member = book.members.get(member_id)
    d = book.due(member, month)
    paid = book.paid().get((member_id, month), 0)
    due = d.amount if d else 0
    flags = []
    unpaid = book.unpaid_months(member, month) if member else 0
    if unpaid >= UNPAID_MONTHS_LIMIT:
        flags.append("unpaid_3_months")
    if d is None:
        flags.append("not_on_roll")
    else:
        if member.temporarily_attached:
            flags.append("temporarily_attached")
        if member.status in LEAVING_STATUSES:
            flags.append("leaving")
        if d.gross is None:
            flags.append("missing_base")
    adj = d.adjustment if d else None
    return DuesLine(
        member_id=member_id, name=member.name if member else "",
        category=member.category if member else None, base=member.base if member else None,
        rule_id=d.rule.id if d else None,
        rule_source=pick(d.rule.source, lang) if d else None,
        formula=formula(book, member, d, lang) if d else "",
        gross=d.gross if d else None, exemption=d.exemption if d else None,
        adjustment=({"id": adj.id, "kind": adj.kind, "percent": adj.percent,
                     "decision_ref": adj.decision_ref} if adj else None),
        due=due, paid=paid, owed=max(due - paid, 0), credit=max(paid - due, 0),
        unpaid_months_in_year=unpaid, flags=flags,
    )


def formula(book: DuesBook, m: MemberFacts, d: Due, lang: str | None = None) -> str:
    """The working for one member-month, in words and figures."""
    rule = d.rule.categories[d.category]
    if d.gross is None:
        text = tr("dues.line.no_base", lang)
    elif rule.kind == "percent":
        text = tr("dues.line.percent", lang, percent=percent_text(rule.percent_text, lang),
                  base=formatting.money(m.base, lang), gross=formatting.money(d.gross, lang))
    else:
        text = d.rule.formula(d.category, book.stored, lang)
    if d.exemption:
        why = next(e.text(lang) for e in d.rule.exemptions if e.code == d.exemption)
        text += " → " + why
    elif d.adjustment and d.adjustment.kind == "exemption":
        text += " → " + tr("dues.line.exempt_decision", lang, ref=d.adjustment.decision_ref)
    elif d.adjustment:
        text += " → " + tr("dues.line.reduced", lang, percent=d.adjustment.percent,
                           ref=d.adjustment.decision_ref, due=formatting.money(d.amount, lang))
    return text


def assess_month(store: Store, cell_id: str, month: str, lang: str | None = None) -> list[DuesLine]:
    """Every member's dues for ``month``, in Vietnamese name order.

    Lists the members on the roll that month, and anyone else with money
    allocated to it (flagged ``not_on_roll``), so no recorded payment is missing.
    """
    c = Checker()
    c.month("month", month, required=True)
    c.done()
    book = DuesBook.load(store, cell_id, year=int(month[:4]))
    return month_lines(book, month, lang)


def month_lines(book: DuesBook, month: str, lang: str | None = None) -> list[DuesLine]:
    """The lines of ``month`` from a loaded book (see ``assess_month``)."""
    ids = {m.id for m in book.members.values() if m.on_roll(month)}
    ids.update(mid for (mid, m), amount in book.paid().items() if m == month and amount)
    keys = {mid: _sort_key(book.members.get(mid)) for mid in ids}
    return [member_line(book, mid, month, lang) for mid in sorted(ids, key=lambda i: (keys[i], i))]


@lru_cache(maxsize=8192)
def _word_key(word: str | None) -> tuple:
    return sort_key(word)


def _sort_key(member: MemberFacts | None) -> tuple:
    """Vietnamese list order (as ``text.name_sort_key``), with each name part's key
    cached: family and middle names repeat a lot, and this runs for every member."""
    if member is None:
        return ((), (), ())
    family, middle, given = member.name_parts
    return (_word_key(given), _word_key(family), _word_key(middle))
