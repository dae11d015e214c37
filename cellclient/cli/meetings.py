"""``cellclient meetings ...``: record meetings, attendance and minutes, adopt them."""

from __future__ import annotations

import sys

from .. import formatting
from ..i18n import register as register_messages
from ..i18n import tr
from ..schema import ATTENDANCE_STATES, MEETING_KINDS
from ..services import attendance as att
from ..services import meetings as svc
from ..services import minutes as mins
from ..validation import label
from .common import EXIT_BAD_INPUT, print_json, print_table

register_messages(
    {
        "meetings.cli.title": ("Buổi sinh hoạt {kind} ngày {date}", "Meeting ({kind}) of {date}"),
        "meetings.cli.pairs": (
            "Mỗi --item cần đúng một --text đi kèm.", "Each --item needs exactly one --text.",
        ),
        "meetings.cli.marked": ("Đã điểm danh có mặt: {count}", "Marked present: {count}"),
        "meetings.cli.totals": (
            "Tổng số đảng viên: {headcount} (chính thức {official}, dự bị {probationary}, "
            "miễn sinh hoạt {exempt}, đình chỉ {suspended}); sinh hoạt tạm thời: "
            "{temporarily_attached}",
            "Members: {headcount} (official {official}, probationary {probationary}, "
            "exempt {exempt}, suspended {suspended}); temporarily attached: "
            "{temporarily_attached}",
        ),
        "meetings.cli.present": ("Có mặt: {count}", "Present: {count}"),
        "meetings.cli.absent_excused": ("Vắng có lý do", "Absent with reason"),
        "meetings.cli.absent_unexcused": ("Vắng không lý do", "Absent without reason"),
        "meetings.cli.vote": (
            "Biểu quyết: tán thành {for_}, không tán thành {against}, không biểu quyết "
            "{abstain}; cần {needed} trên {eligible} đảng viên có quyền biểu quyết: {outcome}",
            "Vote: for {for_}, against {against}, abstain {abstain}; {needed} of {eligible} "
            "eligible members needed: {outcome}",
        ),
        "meetings.cli.passed": ("THÔNG QUA", "PASSED"),
        "meetings.cli.failed": ("KHÔNG THÔNG QUA", "NOT PASSED"),
        "meetings.cli.no_vote": ("Chưa ghi biểu quyết", "No vote recorded"),
        "meetings.cli.adopted": ("Biên bản đã thông qua ngày {date}", "Minutes adopted on {date}"),
        "meetings.cli.not_adopted": ("Biên bản chưa thông qua", "Minutes not adopted yet"),
        "meetings.cli.warning": ("Lưu ý", "Note"),
        "meetings.cli.adopted_col": ("Đã thông qua", "Adopted"),
        "meetings.cli.yes": ("có", "yes"),
    }
)

# CLI flag -> meeting header field (for add and edit)
HEADER_FLAGS = {
    "--date": "date", "--kind": "kind", "--start": "start_time", "--end": "end_time",
    "--place": "place", "--chair": "chair_id", "--minute-taker": "minute_taker_id",
    "--guests": "guests",
}


def register(sub) -> None:
    p = sub.add_parser("meetings", help="sinh hoạt chi bộ / meetings")
    msub = p.add_subparsers(dest="meetings_command", metavar="ACTION", required=True)

    add = msub.add_parser("add", help="ghi một buổi sinh hoạt / record a meeting")
    _header_args(add, creating=True)
    add.add_argument("--agenda", action="append", default=[],
                     help="một nội dung; lặp lại được / one agenda item, repeatable")
    add.set_defaults(func=cmd_add)

    edit = msub.add_parser("edit", help="sửa thông tin buổi sinh hoạt / edit a meeting")
    edit.add_argument("id")
    _header_args(edit, creating=False)
    edit.set_defaults(func=cmd_edit)

    attend = msub.add_parser("attend", help="điểm danh / mark attendance")
    attend.add_argument("id")
    who = attend.add_mutually_exclusive_group(required=True)
    who.add_argument("--member", help="mã đảng viên / member id")
    who.add_argument("--all-present", action="store_true",
                     help="mọi đảng viên chưa điểm danh là có mặt / mark everyone unmarked present")
    attend.add_argument("--state", choices=ATTENDANCE_STATES)
    attend.add_argument("--reason", help="lý do vắng / reason for the absence")
    attend.set_defaults(func=cmd_attend)

    minutes = msub.add_parser("minutes", help="ghi biên bản / write the minutes")
    minutes.add_argument("id")
    minutes.add_argument("--item", type=int, action="append", default=[],
                         help="số thứ tự nội dung / agenda item number")
    minutes.add_argument("--text", action="append", default=[],
                         help="ý kiến thảo luận cho --item / discussion for --item")
    minutes.add_argument("--conclusion")
    minutes.add_argument("--resolution")
    minutes.add_argument("--votes-for")
    minutes.add_argument("--votes-against")
    minutes.add_argument("--votes-abstain")
    minutes.set_defaults(func=cmd_minutes)

    adopt = msub.add_parser("adopt", help="thông qua và khóa biên bản / adopt and lock the minutes")
    adopt.add_argument("id")
    adopt.set_defaults(func=cmd_adopt)

    lst = msub.add_parser("list", help="danh sách buổi sinh hoạt / list meetings")
    when = lst.add_mutually_exclusive_group()
    when.add_argument("--year")
    when.add_argument("--month", help="YYYY-MM")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=cmd_list)

    show = msub.add_parser("show", help="xem biên bản / show a meeting")
    show.add_argument("id")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_show)


def _header_args(p, *, creating: bool) -> None:
    for flag, name in HEADER_FLAGS.items():
        kwargs: dict = {"dest": name, "default": None}
        if name == "kind":
            kwargs["choices"] = MEETING_KINDS
        if name == "date":
            kwargs["help"] = "YYYY-MM-DD hoặc/or dd/mm/yyyy"
        if name in ("start_time", "end_time"):
            kwargs["help"] = "HH:MM"
        if creating and name in ("date", "kind"):
            kwargs["required"] = True
        p.add_argument(flag, **kwargs)


def cmd_add(ctx, args):
    values = {name: getattr(args, name) for name in HEADER_FLAGS.values()}
    meeting = svc.create_meeting(ctx.store, ctx.cell.id, agenda=args.agenda, **values)
    print(meeting.id)


def cmd_edit(ctx, args):
    values = {n: getattr(args, n) for n in HEADER_FLAGS.values() if getattr(args, n) is not None}
    if not values:
        print("Không có gì để sửa / nothing to change", file=sys.stderr)
        return EXIT_BAD_INPUT
    svc.update_meeting(ctx.store, args.id, **values)
    print(args.id)


def cmd_attend(ctx, args):
    if args.all_present:
        count = att.mark_all_present(ctx.store, args.id)
        print(tr("meetings.cli.marked", count=count))
        return
    mark = att.set_attendance(ctx.store, args.id, args.member, args.state, args.reason)
    print(mark.id)


def cmd_minutes(ctx, args):
    if len(args.item) != len(args.text):
        print(tr("meetings.cli.pairs"), file=sys.stderr)
        return EXIT_BAD_INPUT
    mins.set_minutes(
        ctx.store, args.id, items=dict(zip(args.item, args.text, strict=True)),
        conclusion=args.conclusion, resolution=args.resolution, votes_for=args.votes_for,
        votes_against=args.votes_against, votes_abstain=args.votes_abstain,
    )
    print(args.id)


def cmd_adopt(ctx, args):
    mins.adopt_meeting(ctx.store, args.id)
    print(args.id)


def cmd_list(ctx, args):
    found = svc.list_meetings(ctx.store, ctx.cell.id, month=args.month, year=args.year)
    if args.json:
        print_json([{**m.to_dict(), "adopted": m.adopted} for m in found])
        return
    yes = tr("meetings.cli.yes")
    print_table(
        ["#", label("date"), label("kind"), label("start_time"), label("end_time"),
         label("place"), tr("meetings.cli.adopted_col"), "id"],
        [[n, formatting.date(m.date), svc.kind_label(m.kind), m.start_time, m.end_time,
          m.place, yes if m.adopted else "", m.id] for n, m in enumerate(found, 1)],
    )


def cmd_show(ctx, args):
    detail = mins.get_meeting_detail(ctx.store, args.id)
    if args.json:
        print_json(detail.to_dict())
        return
    _print_detail(detail)


def _line(field_name: str, value) -> None:
    if value not in (None, ""):
        print(f"{label(field_name)}: {value}")


def _print_detail(d: mins.MeetingDetail) -> None:
    m, v = d.meeting, d.votes
    times = "–".join(t for t in (m.start_time, m.end_time) if t)
    title = tr("meetings.cli.title", kind=svc.kind_label(m.kind).lower(),
               date=formatting.date(m.date))
    print(title + (f", {times}" if times else ""))
    _line("place", m.place)
    _line("chair_id", d.chair_name)
    _line("minute_taker_id", d.minute_taker_name)
    _line("guests", m.guests)
    print(tr("meetings.cli.totals", **v.totals.__dict__))
    print(tr("meetings.cli.present", count=v.present))
    for key, people in (("absent_excused", v.absent_excused),
                        ("absent_unexcused", v.absent_unexcused)):
        if people:
            names = "; ".join(p.name + (f" ({p.reason})" if p.reason else "") for p in people)
            print(f"{tr('meetings.cli.' + key)}: {names}")
    if d.agenda:
        print(f"{label('agenda')}:")
    for n, item in enumerate(d.agenda, 1):
        print(f"  {n}. {item.title}")
        if item.discussion:
            print(f"     {item.discussion}")
    print(f"{label('attendance')}:")
    print_table(
        ["#", label("member_id"), label("status"), label("state"), label("reason")],
        [[n, e.name, att.standing_label(e.standing)
          + (f", {att.standing_label('attached')}" if e.temporarily_attached else ""),
          att.state_label(e.state), e.reason] for n, e in enumerate(d.attendance, 1)],
    )
    _line("conclusion", m.conclusion)
    _line("resolution", m.resolution)
    if v.passed is None:
        print(tr("meetings.cli.no_vote"))
    else:
        outcome = tr("meetings.cli.passed" if v.passed else "meetings.cli.failed")
        print(tr("meetings.cli.vote", for_=v.votes_for, against=v.votes_against,
                 abstain=v.votes_abstain, needed=v.needed, eligible=v.eligible, outcome=outcome))
    if m.adopted:
        print(tr("meetings.cli.adopted", date=formatting.date(svc.adopted_on(m))))
    else:
        print(tr("meetings.cli.not_adopted"))
    for warning in d.warnings:
        print(f"{tr('meetings.cli.warning')}: {warning}")
