"""``cellclient init``, ``demo`` and ``changes``: the profile itself."""

from __future__ import annotations

from .. import months
from .. import profile as profiles
from ..errors import CellClientError
from ..i18n import register as register_messages
from ..i18n import tr
from ..replica import unsent_changes
from ..schema import CELL_KINDS
from ..services.cells import clean_cell, create_cell, current_cell
from .common import print_json, print_table, prompt_passphrase

register_messages(
    {
        "demo.has_data": (
            "Hồ sơ này đã có dữ liệu; hãy dùng --data-dir khác cho chi bộ mẫu.",
            "This profile already has data; use another --data-dir for the demo.",
        ),
    }
)


def register(sub) -> None:
    init = sub.add_parser("init", help="tạo hồ sơ chi bộ / create a cell profile")
    init.add_argument("--cell-name", required=True)
    init.add_argument("--parent-org")
    init.add_argument("--kind", choices=CELL_KINDS, default="residential")
    init.add_argument("--start-month", metavar="YYYY-MM",
                      help="theo dõi đảng phí từ tháng này (mặc định: tháng hiện tại) / "
                           "track dues from this month (default: the current month)")
    init.set_defaults(func=cmd_init)

    demo = sub.add_parser("demo", help="tạo chi bộ mẫu / create a demo cell")
    demo.add_argument("--members", type=int, default=30)
    demo.add_argument("--months", type=int, default=12)
    demo.add_argument("--seed", type=int, default=1)
    demo.set_defaults(func=cmd_demo)

    ch = sub.add_parser("changes", help="xem nhật ký thay đổi / inspect the change log")
    ch.add_argument("--unsent", action="store_true", help="chỉ những thay đổi chưa gửi / unsent only")
    ch.add_argument("--json", action="store_true")
    ch.set_defaults(func=cmd_changes)


def _new_profile(ctx):
    _, store = profiles.create(ctx.data_dir, prompt_passphrase)
    ctx.use(store)
    return store


def cmd_init(ctx, args):
    first = args.start_month or months.current()
    # bad input: no profile is made
    clean_cell(args.cell_name, args.parent_org, args.kind, dues_start_month=first)
    if profiles.exists(ctx.data_dir) and _has_cell(ctx.store):
        raise CellClientError(tr("profile.exists", path=ctx.data_dir))
    store = ctx.store if profiles.exists(ctx.data_dir) else _new_profile(ctx)
    cell = create_cell(store, args.cell_name, args.parent_org, args.kind, dues_start_month=first)
    print(cell.id)


def _has_cell(store) -> bool:
    try:
        current_cell(store)
    except CellClientError:
        return False
    return True


def cmd_demo(ctx, args):
    from ..demo import build_demo, check_demo_size

    check_demo_size(args.members, args.months)
    if profiles.exists(ctx.data_dir):
        store = ctx.store
        if _has_cell(store):
            raise CellClientError(tr("demo.has_data"))
    else:
        store = _new_profile(ctx)
    summary = build_demo(store, members=args.members, months=args.months, seed=args.seed)
    print(summary)


def cmd_changes(ctx, args):
    if not args.unsent:
        rows = ctx.store.db.execute(
            "SELECT seq, tbl, row_id, field, value, hlc, base, state FROM change_log ORDER BY seq"
        ).fetchall()
        data = [dict(zip(("seq", "table", "row", "field", "value", "hlc", "base", "state"), r,
                         strict=True)) for r in rows]
    else:
        data = [{"seq": lc.seq, **lc.change.to_wire(), "state": "unsent"}
                for lc in unsent_changes(ctx.store)]
    if args.json:
        print_json(data)
        return
    print_table(["seq", "table", "row", "field", "hlc", "state"],
                [[d["seq"], d["table"], d["row"], d["field"], d["hlc"], d["state"]] for d in data])
