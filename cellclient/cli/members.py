"""``cellclient members ...``"""

from __future__ import annotations

import argparse
import sys

from .. import formatting
from ..i18n import register, tr
from ..schema import DUES_CATEGORIES, MEMBER_STATUSES
from ..services import members as svc
from ..services.attendance import standing_label
from ..validation import label
from .common import EXIT_BAD_INPUT, print_json, print_table

register({
    "member.sex.male": ("Nam", "Male"),
    "member.sex.female": ("Nữ", "Female"),
    "member.yes": ("có", "yes"),
    "member.col.national_id": ("CCCD", "National ID"),
})
DATE_FIELDS = ("birth_date", "admitted_on", "ceremony_on", "official_on", "status_since")

# CLI flag -> member field
FIELD_FLAGS = {
    "--family-name": "family_name", "--middle-name": "middle_name", "--given-name": "given_name",
    "--sex": "sex", "--birth-date": "birth_date", "--ethnicity": "ethnicity",
    "--national-id": "national_id", "--party-card": "party_card", "--admitted": "admitted_on",
    "--ceremony": "ceremony_on", "--official": "official_on", "--status": "status",
    "--status-since": "status_since", "--decision": "status_decision",
    "--dues-category": "dues_category", "--dues-base": "dues_base", "--phone": "phone",
    "--address": "address", "--notes": "notes",
}
BOOL_FLAGS = {"--temporarily-attached": "temporarily_attached", "--social-pension": "social_pension"}


def register(sub) -> None:
    p = sub.add_parser("members", help="đảng viên / members")
    msub = p.add_subparsers(dest="members_command", metavar="ACTION", required=True)

    add = msub.add_parser("add", help="thêm đảng viên / add a member")
    _field_args(add)
    add.set_defaults(func=cmd_add)

    edit = msub.add_parser("edit", help="sửa đảng viên / edit a member")
    edit.add_argument("id")
    _field_args(edit)
    edit.set_defaults(func=cmd_edit)

    show = msub.add_parser("show", help="xem một đảng viên / show a member")
    show.add_argument("id")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_show)

    lst = msub.add_parser("list", help="danh sách / list members")
    lst.add_argument("--search", help="tìm theo tên, CCCD (không cần dấu) / search")
    lst.add_argument("--status", action="append", choices=MEMBER_STATUSES)
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=cmd_list)

    rm = msub.add_parser("remove", help="xóa hồ sơ nhập nhầm / remove a record")
    rm.add_argument("id")
    rm.set_defaults(func=cmd_remove)

    imp = msub.add_parser("import", help="nhập danh sách Excel/CSV / import a list")
    imp.add_argument("file")
    imp.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra / check only")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(func=cmd_import)


def _field_args(p) -> None:
    for flag, field in FIELD_FLAGS.items():
        kwargs = {"dest": field, "default": None}
        if field == "dues_category":
            kwargs["choices"] = DUES_CATEGORIES
        p.add_argument(flag, **kwargs)
    for flag, field in BOOL_FLAGS.items():  # --social-pension / --no-social-pension
        p.add_argument(flag, dest=field, action=argparse.BooleanOptionalAction, default=None)


def _given_fields(args) -> dict:
    fields = list(FIELD_FLAGS.values()) + list(BOOL_FLAGS.values())
    return {f: getattr(args, f) for f in fields if getattr(args, f) is not None}


def cmd_add(ctx, args):
    member = svc.add_member(ctx.store, ctx.cell.id, **_given_fields(args))
    print(member.id)


def cmd_edit(ctx, args):
    fields = _given_fields(args)
    if not fields:
        print("Không có gì để sửa / nothing to change", file=sys.stderr)
        return EXIT_BAD_INPUT
    svc.edit_member(ctx.store, args.id, **fields)
    print(args.id)


def cmd_show(ctx, args):
    member = svc.get_member(ctx.store, args.id)
    if args.json:
        print_json(member.to_dict())
        return
    for key, value in member.to_dict().items():
        if value not in (None, "", False):
            print(f"{label(key)}: {shown(key, value)}")


def shown(field: str, value) -> str:
    """A member's stored value as a person reads it: words for codes, dd/mm/yyyy, ₫."""
    if field == "status":
        return standing_label(value)
    if field == "sex" and value in ("male", "female"):
        return tr(f"member.sex.{value}")
    if field == "dues_category" and value in DUES_CATEGORIES:
        return tr(f"dues.category.{value}")
    if field in DATE_FIELDS:
        return formatting.date(value)
    if field == "dues_base":
        return formatting.money(value)
    if value is True:
        return tr("member.yes")
    return str(value)


def cmd_list(ctx, args):
    found = svc.list_members(ctx.store, ctx.cell.id, search=args.search,
                             statuses=tuple(args.status) if args.status else None)
    if args.json:
        print_json([m.to_dict() for m in found])
        return
    print_table(
        ["#", tr("member.noun"), tr("member.col.national_id"), label("status"), "id"],
        [[n, m.full_name, m.national_id, standing_label(m.status), m.id]
         for n, m in enumerate(found, 1)],
    )


def cmd_remove(ctx, args):
    svc.remove_member(ctx.store, args.id)


def cmd_import(ctx, args):
    from ..importer import import_file

    report = import_file(ctx.store, ctx.cell.id, args.file, dry_run=args.dry_run)
    if args.json:
        print_json(report.to_dict())
    else:
        print(report.render())
    return 0 if report.ok else EXIT_BAD_INPUT


__all__ = ["register", "formatting"]
