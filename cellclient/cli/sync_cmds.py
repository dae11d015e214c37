"""``cellclient enroll``, ``sync``, ``status`` and ``conflicts``: the profile and its server.

The network lives in the ``sync`` package. ``cellclient`` itself stays free of
HTTP: the sync commands import ``sync`` only when they run, so importing
``cellclient`` (or starting any other command) never loads ``requests``.

Exit codes: 0 done (``sync``: fully in step), 2 bad input, 3 the server could
not be reached (nothing lost, the changes wait), 1 anything else.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sys

from .. import profile as profiles
from ..i18n import register as register_messages
from ..i18n import tr
from ..services import conflicts as conflict_svc
from .common import EXIT_FAILURE, print_json, print_table, prompt_passphrase

register_messages({
    "synccli.enrolled": (
        "Đã đăng ký thiết bị {device} (vai trò {role}) với {url}. Hãy chạy: cellclient sync",
        "Device {device} (role {role}) enrolled with {url}. Now run: cellclient sync",
    ),
    "synccli.done": (
        "Đã đồng bộ: gửi {sent}, nhận {received}, xung đột {conflicts}, bị từ chối {rejected} "
        "({round_trips} lượt, {kb} KB).",
        "In step: sent {sent}, received {received}, conflicts {conflicts}, refused {rejected} "
        "({round_trips} round trips, {kb} KB).",
    ),
    "synccli.phase.preparing": ("Đang chuẩn bị…", "Preparing…"),
    "synccli.phase.sending": ("Đang gửi {batch} thay đổi và nhận về…",
                              "Sending {batch} changes and receiving…"),
    "synccli.phase.receiving": ("Đang nhận về…", "Receiving…"),
    "synccli.phase.applying": ("Đang ghi dữ liệu nhận về…", "Saving what came back…"),
    "synccli.phase.waiting": ("Thử lại sau {wait} giây ({why})…",
                              "Retrying in {wait} s ({why})…"),
    "synccli.rejected_note": (
        "{count} thay đổi bị máy chủ từ chối; xem: cellclient status",
        "{count} changes were refused by the server; see: cellclient status",
    ),
    "synccli.conflicts_note": (
        "{count} xung đột cần xem; xem: cellclient conflicts list",
        "{count} conflicts to review; see: cellclient conflicts list",
    ),
    "status.server": ("Máy chủ", "Server"),
    "status.cell": ("Chi bộ (mã chi bộ)", "Cell (cell id)"),
    "status.none": ("chưa kết nối", "not connected"),
    "status.device": ("Thiết bị", "Device"),
    "status.not_enrolled": ("chưa đăng ký", "not enrolled"),
    "status.role": ("vai trò", "role"),
    "status.last_sync": ("Lần đồng bộ xong gần nhất", "Last complete sync"),
    "status.never": ("chưa lần nào", "never"),
    "status.last_try": ("Lần thử gần nhất", "Last attempt"),
    "status.failed": ("không xong", "did not finish"),
    "status.unsent": ("Thay đổi chưa gửi", "Changes waiting to be sent"),
    "status.conflicts": ("Xung đột cần xem", "Conflicts to review"),
    "status.rejected": ("Thay đổi bị máy chủ từ chối", "Changes refused by the server"),
    "conflicts.none": ("Không có xung đột.", "No conflicts."),
    "conflicts.header.record": ("Hồ sơ", "Record"),
    "conflicts.header.field": ("Mục", "Field"),
    "conflicts.header.mine": ("Của máy này", "Mine"),
    "conflicts.header.theirs": ("Của máy khác", "Theirs"),
    "conflicts.resolved": (
        "Đã chọn; lựa chọn sẽ được gửi ở lần đồng bộ tới.",
        "Done; the choice goes out with the next sync.",
    ),
})


def register(sub) -> None:
    p = sub.add_parser("enroll", help="đăng ký thiết bị với máy chủ / enroll with a server")
    p.add_argument("--server", required=True, help="https://… address of the sync server")
    p.add_argument("--username", required=True)
    p.add_argument("--code", required=True, help="the one-time enrollment code")
    p.add_argument("--device-name", help="how the administrator sees this device")
    p.add_argument("--ca-bundle", help="PEM file of the CA that signed the server's certificate")
    p.set_defaults(func=cmd_enroll)

    p = sub.add_parser("sync", help="đồng bộ với máy chủ / sync with the server")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.add_argument("--retry-budget", type=float, default=None, metavar="SECONDS",
                   help="give up after this long without an answer (default 300)")
    p.set_defaults(func=cmd_sync)

    p = sub.add_parser("status", help="tình trạng đồng bộ / sync status")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("conflicts", help="xung đột cần xem / conflicts to review")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    a = actions.add_parser("list")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=cmd_conflicts_list)
    a = actions.add_parser("resolve")
    a.add_argument("id")
    a.add_argument("--keep", required=True, choices=conflict_svc.KEEP_CHOICES)
    a.set_defaults(func=cmd_conflicts_resolve)


# -- enroll and sync ----------------------------------------------------------------


def cmd_enroll(ctx, args):
    from sync.enroll import enroll, enroll_profile

    if profiles.exists(ctx.data_dir):
        profile = profiles.load(ctx.data_dir)
        result = enroll(ctx.data_dir, ctx.store, profile, args.server, args.username, args.code,
                        device_name=args.device_name, ca_bundle=args.ca_bundle)
    else:
        _, store, result = enroll_profile(ctx.data_dir, args.server, args.username, args.code,
                                          device_name=args.device_name,
                                          ca_bundle=args.ca_bundle, prompt=prompt_passphrase)
        ctx.use(store)
    print(tr("synccli.enrolled", device=result.device_id, role=result.role,
             url=result.server_url))


def cmd_sync(ctx, args):
    from sync.client import SyncClient, SyncOptions

    profile = profiles.load(ctx.data_dir)
    options = SyncOptions()
    if args.retry_budget is not None:
        options.retry_budget = max(0.0, args.retry_budget)
    shown = {"line": None}

    def show(progress) -> None:
        if args.quiet:
            return
        phase = "receiving" if progress.phase == "sending" and not progress.batch \
            else progress.phase
        line = tr(f"synccli.phase.{phase}", batch=progress.batch,
                  wait=max(1, math.ceil(progress.wait)),
                  why=tr(f"sync.why.{progress.why}") if progress.why else "")
        if progress.phase != "done" and line != shown["line"]:
            shown["line"] = line
            print(line, file=sys.stderr, flush=True)

    result = SyncClient(ctx.store, profile, options=options, on_progress=show).sync()
    print(tr("synccli.done", sent=result.sent, received=result.received,
             conflicts=len(result.conflicts), rejected=result.rejected,
             round_trips=result.round_trips,
             kb=round((result.bytes_sent + result.bytes_received) / 1024, 1)))
    if result.rejected:
        print(tr("synccli.rejected_note", count=result.rejected), file=sys.stderr)
    open_conflicts = _open_conflicts(ctx)
    if open_conflicts:
        print(tr("synccli.conflicts_note", count=open_conflicts), file=sys.stderr)


def _open_conflicts(ctx) -> int:
    from sync.status import scope

    cells = set(scope(ctx.store)) | {c for c in [_current_cell_id(ctx)] if c}
    return sum(conflict_svc.count_open_conflicts(ctx.store, c) for c in sorted(cells))


def _current_cell_id(ctx) -> str | None:
    from ..services.cells import CURRENT_CELL

    return ctx.store.meta(CURRENT_CELL)


# -- status -------------------------------------------------------------------------


def _local_time(iso: str | None) -> str:
    if not iso:
        return tr("status.never")
    try:
        moment = dt.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    except ValueError:
        return iso
    return moment.astimezone().strftime("%d/%m/%Y %H:%M")


def cmd_status(ctx, args):
    from cellclient.services.cells import current_cell, has_cell
    from sync.enroll import load_token
    from sync.status import read_status

    profile = profiles.load(ctx.data_dir)
    status = read_status(ctx.store, profile, has_token=load_token(profile.profile_id) is not None)
    if args.json:
        print_json(status.to_json())
        return
    if has_cell(ctx.store):  # the id an administrator needs to adopt a cell made here
        cell = current_cell(ctx.store)
        print(f"{tr('status.cell')}: {cell.name} ({cell.id})")
    print(f"{tr('status.server')}: {status.server_url or tr('status.none')}")
    device = (f"{status.device_id} ({tr('status.role')}: {status.role})" if status.enrolled
              else tr("status.not_enrolled"))
    print(f"{tr('status.device')}: {device}")
    print(f"{tr('status.last_sync')}: {_local_time(status.last_sync_at)}")
    report = status.last_report or {}
    if status.last_attempt_at and not report.get("ok", True):
        print(f"{tr('status.last_try')}: {_local_time(status.last_attempt_at)}, "
              f"{tr('status.failed')}: {report.get('message', '')}")
    print(f"{tr('status.unsent')}: {status.unsent}")
    print(f"{tr('status.conflicts')}: {status.open_conflicts}")
    print(f"{tr('status.rejected')}: {len(status.rejected)}")
    for r in status.rejected:
        print(f"  - {r.record} / {r.field_label}: {r.reason} [{r.code}]")


# -- conflicts ------------------------------------------------------------------------


def _show(value) -> str:
    if value is None:
        return "—"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def cmd_conflicts_list(ctx, args):
    found = conflict_svc.list_open_conflicts(ctx.store, ctx.cell.id)
    if args.json:
        print_json([{"id": c.id, "table": c.table, "row": c.row_id, "field": c.field,
                     "record": c.record, "field_label": c.field_label, "mine": c.mine,
                     "theirs": c.theirs, "mine_is_current": c.mine_is_current,
                     "mine_at": c.mine_at, "theirs_at": c.theirs_at} for c in found])
        return
    if not found:
        print(tr("conflicts.none"))
        return
    print_table(["id", tr("conflicts.header.record"), tr("conflicts.header.field"),
                 tr("conflicts.header.mine"), tr("conflicts.header.theirs")],
                [[c.id, c.record, c.field_label, _show(c.mine), _show(c.theirs)] for c in found])


def cmd_conflicts_resolve(ctx, args):
    conflict_svc.resolve_conflict(ctx.store, args.id, keep=args.keep)
    print(tr("conflicts.resolved"))


__all__ = ["register", "EXIT_FAILURE"]
