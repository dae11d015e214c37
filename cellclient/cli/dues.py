"""``cellclient dues ...``: assess a month, record and reverse payments, report, rules, settings."""

from __future__ import annotations

import datetime as dt

from .. import formatting
from .. import months as mon
from ..dues_rules import describe, pick
from ..i18n import register as register_texts
from ..i18n import tr
from ..models import Member
from ..schema import PAYMENT_METHODS
from ..services import dues as svc
from ..services.dues_settings import cell_rule_book, start_month
from ..validation import Checker
from .common import print_json, print_table

register_texts(
    {
        "dues.col.name": ("Họ và tên", "Name"),
        "dues.col.category": ("Đối tượng", "Category"),
        "dues.col.formula": ("Cách tính", "Working"),
        "dues.col.due": ("Phải đóng", "Due"),
        "dues.col.paid": ("Đã đóng", "Paid"),
        "dues.col.owed": ("Còn nợ", "Owed"),
        "dues.col.notes": ("Ghi chú", "Notes"),
        "dues.col.month": ("Tháng", "Month"),
        "dues.col.amount": ("Số tiền", "Amount"),
        "dues.col.receipt": ("Biên lai", "Receipt"),
        "dues.col.method": ("Hình thức", "Method"),
        "dues.col.paid_on": ("Ngày nộp", "Paid on"),
        "dues.col.reverses": ("Đảo khoản", "Reverses"),
        "dues.col.member": ("Đảng viên", "Member"),
        "dues.category.insured": ("Đóng BHXH", "Insured"),
        "dues.category.pensioner": ("Hưởng lương hưu", "Pensioner"),
        "dues.category.student": ("Học sinh, sinh viên", "Student"),
        "dues.category.other": ("Đối tượng khác", "Other"),
        "dues.method.cash": ("Tiền mặt", "Cash"),
        "dues.method.portal": ("Cổng dịch vụ công", "Public service portal"),
        "dues.report.title": ("Báo cáo thu đảng phí tháng {month}", "Dues report for {month}"),
        "dues.report.rule": ("Áp dụng: {source}", "Rule: {source}"),
        "dues.report.totals": (
            "Tổng phải đóng {due}; đã thu {collected}; còn nợ {owed}",
            "Total due {due}; collected {collected}; owed {owed}",
        ),
        "dues.report.split": (
            "Chi bộ giữ lại {percent}%: {retained}; nộp cấp trên: {remitted}",
            "Kept by the cell ({percent}%): {retained}; remitted up: {remitted}",
        ),
        "dues.report.flagged": (
            "{count} đảng viên chưa đóng từ 3 tháng trở lên trong năm",
            "{count} members with 3 or more months unpaid this year",
        ),
        "dues.report.default_share": (
            "Tỷ lệ giữ lại đang là mặc định, chưa do chi bộ thiết lập.",
            "The retention share is still the default, not set by the cell.",
        ),
        "dues.rules.value": ("{name} = {value} (mặc định {default}{mark})",
                             "{name} = {value} (default {default}{mark})"),
        "dues.rules.is_default": ("; đang dùng mặc định", "; default in use"),
        "dues.rules.not_found": ("; mức quy định chưa tìm thấy", "; regulation value not found"),
        "dues.arrears.total": ("Tổng còn nợ: {owed}", "Total owed: {owed}"),
    }
)


def register(sub) -> None:
    p = sub.add_parser("dues", help="đảng phí / dues")
    dsub = p.add_subparsers(dest="dues_command", metavar="ACTION", required=True)

    a = dsub.add_parser("assess", help="mức đóng từng đảng viên / dues per member")
    a.add_argument("--month", help="YYYY-MM (mặc định: tháng này)")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=cmd_assess)

    pay = dsub.add_parser("pay", help="ghi khoản nộp / record a payment")
    pay.add_argument("--member", help="mã đảng viên / member id")
    pay.add_argument("--month", action="append", help="YYYY-MM; lặp lại cho nhiều tháng")
    pay.add_argument("--amount", help="số tiền (đồng) / amount in VND")
    pay.add_argument("--method", default="cash", help="cash | portal")
    pay.add_argument("--receipt", help="số biên lai / receipt number")
    pay.add_argument("--receiver", help="người thu / received by")
    pay.add_argument("--date", help="ngày nộp (mặc định hôm nay) / date paid")
    pay.set_defaults(func=cmd_pay)

    rev = dsub.add_parser("reverse", help="đảo một khoản nộp / reverse a payment")
    rev.add_argument("payment_id")
    rev.add_argument("--reason", help="lý do (bắt buộc) / reason (required)")
    rev.add_argument("--receiver", help="người ghi bút toán đảo / who made the correction")
    rev.set_defaults(func=cmd_reverse)

    pays = dsub.add_parser("payments", help="sổ thu đảng phí / the ledger")
    pays.add_argument("--member")
    pays.add_argument("--month")
    pays.add_argument("--json", action="store_true")
    pays.set_defaults(func=cmd_payments)

    rep = dsub.add_parser("report", help="báo cáo tháng / monthly report")
    rep.add_argument("--month", help="YYYY-MM (mặc định: tháng này)")
    rep.add_argument("--json", action="store_true")
    rep.set_defaults(func=cmd_report)

    arr = dsub.add_parser("arrears", help="nợ đảng phí của một đảng viên / a member's arrears")
    arr.add_argument("--member")
    arr.add_argument("--month", help="đến tháng / up to month (mặc định: tháng này)")
    arr.add_argument("--json", action="store_true")
    arr.set_defaults(func=cmd_arrears)

    rules = dsub.add_parser("rules", help="quy định áp dụng / the rule in force")
    rules.add_argument("--month", help="YYYY-MM (mặc định: tháng này)")
    rules.add_argument("--json", action="store_true")
    rules.set_defaults(func=cmd_rules)

    adj = dsub.add_parser("adjust", help="miễn/giảm đảng phí / exemption or reduction")
    adj.add_argument("--member")
    adj.add_argument("--kind", help="exemption | reduction")
    adj.add_argument("--percent", help="30 | 50 | 70 (giảm); 100 (miễn)")
    adj.add_argument("--from", dest="from_month", help="YYYY-MM")
    adj.add_argument("--to", dest="to_month", help="YYYY-MM (tối đa 12 tháng)")
    adj.add_argument("--decision", help="số quyết định (bắt buộc) / decision reference")
    adj.add_argument("--reason")
    adj.set_defaults(func=cmd_adjust)

    st = dsub.add_parser("settings", help="thiết lập đảng phí / dues settings")
    st.add_argument("--retention-percent", help="tỷ lệ chi bộ giữ lại / share kept (%%)")
    st.add_argument("--other-amount", help="mức của đối tượng khác / amount for others (VND)")
    st.add_argument("--start-month", help="theo dõi từ tháng / track dues from month")
    st.add_argument("--month", help="quy định của tháng này nhận giá trị / rule set of this month")
    st.add_argument("--json", action="store_true")
    st.set_defaults(func=cmd_settings)


def _month(args, name: str = "month") -> str:
    """The month asked for (checked, naming the field), else this month."""
    value = getattr(args, name, None)
    if value in (None, ""):
        return mon.current()
    c = Checker()
    c.month(name, value)
    c.done()
    return value


def _notes(flags: list[str]) -> str:
    return "; ".join(tr(f"dues.flag.{f}") for f in flags)


def cmd_assess(ctx, args):
    month = _month(args)
    lines = svc.assess_month(ctx.store, ctx.cell.id, month)
    if args.json:
        print_json([line.to_dict() for line in lines])
        return
    stored = svc.dues_settings(ctx.store, ctx.cell.id)
    rule = cell_rule_book(stored).for_month(month)
    print(tr("dues.report.rule", source=f"{pick(rule.source)} [{rule.id}]"))
    print_table(
        ["#", tr("dues.col.name"), tr("dues.col.category"), tr("dues.col.formula"),
         tr("dues.col.due"), tr("dues.col.paid"), tr("dues.col.owed"), tr("dues.col.notes"), "id"],
        [[n, ln.name, tr(f"dues.category.{ln.category}") if ln.category else "",
          ln.formula, formatting.money(ln.due), formatting.money(ln.paid),
          formatting.money(ln.owed), _notes(ln.flags), ln.member_id]
         for n, ln in enumerate(lines, 1)],
    )


def cmd_pay(ctx, args):
    payment = svc.record_payment(
        ctx.store, args.member, args.month or [], args.amount, method=args.method,
        receiver=args.receiver, receipt_no=args.receipt, paid_on=args.date,
    )
    print(payment.id)


def cmd_reverse(ctx, args):
    reversal = svc.reverse_payment(ctx.store, args.payment_id, args.reason, receiver=args.receiver)
    print(reversal.id)


def cmd_payments(ctx, args):
    month = _month(args) if args.month else None
    entries = svc.list_payments(ctx.store, ctx.cell.id, member_id=args.member, month=month)
    if args.json:
        print_json([p.to_dict() for p in entries])
        return
    names = _member_names(ctx)
    print_table(
        ["id", tr("dues.col.month"), tr("dues.col.amount"), tr("dues.col.method"),
         tr("dues.col.receipt"), tr("dues.col.paid_on"), tr("dues.col.reverses"),
         tr("dues.col.member")],
        [[p.id, ", ".join(formatting.month(m) for m in p.month_list),
          formatting.money(p.amount), _method(p.method), p.receipt_no,
          formatting.date(p.paid_on), p.reverses, names.get(p.member_id, p.member_id)]
         for p in entries],
    )


def _member_names(ctx) -> dict[str, str]:
    """Full names of the cell's members, those who left or were removed included:
    the ledger keeps their payments."""
    rows = ctx.store.rows("member", "cell_id = ?", [ctx.cell.id])
    return {m.id: m.full_name for m in map(Member.from_row, rows)}


def _method(code: str | None) -> str:
    return tr(f"dues.method.{code}") if code in PAYMENT_METHODS else (code or "")


def cmd_report(ctx, args):
    report = svc.month_report(ctx.store, ctx.cell.id, _month(args))
    if args.json:
        print_json(report.to_dict())
        return
    t = report.totals
    print(tr("dues.report.title", month=formatting.month(report.month)))
    print(tr("dues.report.rule", source=report.rule_source))
    print_table(
        ["#", tr("dues.col.name"), tr("dues.col.due"), tr("dues.col.paid"), tr("dues.col.owed"),
         tr("dues.col.notes")],
        [[n, ln.name, formatting.money(ln.due), formatting.money(ln.paid),
          formatting.money(ln.owed), _notes(ln.flags)] for n, ln in enumerate(report.lines, 1)],
    )
    print(tr("dues.report.totals", due=formatting.money(t["due"]),
             collected=formatting.money(t["collected"]), owed=formatting.money(t["owed"])))
    print(tr("dues.report.split", percent=report.retention_percent,
             retained=formatting.money(t["retained"]), remitted=formatting.money(t["remitted"])))
    if report.retention_is_default:
        print(tr("dues.report.default_share"))
    if t["flagged"]:
        print(tr("dues.report.flagged", count=t["flagged"]))


def cmd_arrears(ctx, args):
    c = Checker()
    if not args.member:
        c.add("member_id", "required")
    c.done()
    result = svc.arrears(ctx.store, ctx.cell.id, args.member, _month(args))
    if args.json:
        print_json(result.to_dict())
        return
    print(result.name)
    print_table(
        [tr("dues.col.month"), tr("dues.col.due"), tr("dues.col.paid"), tr("dues.col.owed")],
        [[formatting.month(r.month), formatting.money(r.due), formatting.money(r.paid),
          formatting.money(r.owed)] for r in result.months],
    )
    print(tr("dues.arrears.total", owed=formatting.money(result.total_owed)))
    if result.flagged:
        print(tr("dues.flag.unpaid_3_months"))


def cmd_rules(ctx, args):
    month = _month(args)
    stored = svc.dues_settings(ctx.store, ctx.cell.id)
    book = cell_rule_book(stored)
    info = describe(book.for_month(month), stored, book)
    if args.json:
        print_json({"month": month, **info})
        return
    until = formatting.month(info["effective_to"]) if info["effective_to"] else "…"
    print(f"{info['source']} [{info['id']}]")
    print(f"{formatting.month(info['effective_from'])} – {until}")
    for category, formula in info["categories"].items():
        print(f"  {tr(f'dues.category.{category}')}: {formula}")
    for text in info["exemptions"]:
        print(f"  {text}")
    _print_settings(info["settings"])
    for note in info["notes"]:
        print(f"  * {note}")


def _print_settings(settings: list[dict]) -> None:
    for s in settings:
        mark = (tr("dues.rules.is_default") if s["is_default"] else "") + (
            "" if s["found_in_regulation"] else tr("dues.rules.not_found"))
        print("  " + tr("dues.rules.value", name=s["name"], value=s["value"],
                        default=s["default"], mark=mark))
        if s["note"]:
            print(f"    {s['note']}")


def cmd_adjust(ctx, args):
    adjustment = svc.add_adjustment(
        ctx.store, args.member, args.kind, percent=args.percent, from_month=args.from_month,
        to_month=args.to_month, decision_ref=args.decision, reason=args.reason,
    )
    print(adjustment.id)


def cmd_settings(ctx, args):
    values = (args.retention_percent, args.other_amount, args.start_month)
    if any(v not in (None, "") for v in values):
        svc.set_dues_settings(
            ctx.store, ctx.cell.id, month=args.month, retention_percent=args.retention_percent,
            other_amount=args.other_amount, start_month=args.start_month, today=dt.date.today(),
        )
    stored = svc.dues_settings(ctx.store, ctx.cell.id)
    book = cell_rule_book(stored)
    data = {
        "start_month": start_month(stored),
        "rule_sets": [{"id": rs.id, "source": describe(rs, stored, book)["source"],
                       "settings": describe(rs, stored, book)["settings"]}
                      for rs in book.rule_sets],
    }
    if args.json:
        print_json(data)
        return
    print(f"start_month = {data['start_month'] or '-'}")
    for rs in data["rule_sets"]:
        print(f"{rs['source']} [{rs['id']}]")
        _print_settings(rs["settings"])
