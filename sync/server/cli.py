"""``cellserver``: the admin CLI of the central server, and the command that serves it.

    cellserver --db URL init                     create or upgrade the database
    cellserver --db URL serve --host H --port N  serve HTTP (put TLS in front: README)
    cellserver --db URL cells add --name N [--parent ID] [--id ID] prints the new id
    cellserver --db URL users add --username U --role R --cell ID
    cellserver --db URL enroll-code --username U  prints a one-time code (72 hours)
    cellserver --db URL devices list [--json] | devices revoke ID
    cellserver --db URL export --cell ID          the cell's current state as JSON
    cellserver --db URL rules add --cell ID FILE  a locality's dues rule set

Without --db: CELLSERVER_DB, else a SQLite file in the server's data folder.
The database holds members' names and CCCD numbers unencrypted (see PLAINTEXT).
Exit codes: 0 done, 2 bad input, 1 any other failure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from sync.protocol import ProtocolError

from . import admin, db, migrate
from .roles import ROLES

PLAINTEXT = ("The database is not encrypted: it holds members' names and CCCD numbers in "
             "plain text. Keep a SQLite file on an encrypted disk (LUKS, BitLocker) and "
             "readable by the server's user only (init makes it 0600, a new folder 0700), "
             "or use PostgreSQL with its own protections.")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cellserver", description="Chi bộ số central sync server.",
                                epilog=PLAINTEXT)
    p.add_argument("--db", help="database URL (sqlite:///path, postgresql+psycopg://...) "
                                "or a SQLite file path")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="create or upgrade the database schema")

    serve = sub.add_parser("serve", help="serve the sync API over HTTP")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--workers", type=int, default=1,
                       help="worker processes (PostgreSQL; SQLite has one writer anyway)")
    serve.add_argument("--forwarded-allow-ips", default="127.0.0.1",
                       help="proxies whose X-Forwarded-For names the client address")
    serve.add_argument("--access-log", action="store_true",
                       help="log every request line (client addresses are personal data)")
    serve.add_argument("--log-level", default="info")

    cells = sub.add_parser("cells", help="cells and organisations").add_subparsers(
        dest="action", required=True)
    add = cells.add_parser("add", help="add a cell or organisation; prints its id")
    add.add_argument("--name", required=True)
    add.add_argument("--parent", help="id of the organisation it belongs to")
    add.add_argument("--id", dest="node_id",
                     help="adopt a cell started offline: the id its app shows on the sync page")
    cells.add_parser("list").add_argument("--json", action="store_true")

    users = sub.add_parser("users", help="users and their roles").add_subparsers(
        dest="action", required=True)
    add = users.add_parser("add", help="add a user; prints its id")
    add.add_argument("--username", required=True)
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--cell", required=True, help="id of the user's cell (upper: organisation)")
    users.add_parser("list").add_argument("--json", action="store_true")

    code = sub.add_parser("enroll-code", help="a one-time enrollment code for a user's device")
    code.add_argument("--username", required=True)

    devices = sub.add_parser("devices", help="enrolled devices").add_subparsers(
        dest="action", required=True)
    devices.add_parser("list").add_argument("--json", action="store_true")
    devices.add_parser("revoke", help="refuse a device from now on").add_argument("id")

    export = sub.add_parser("export", help="a cell's current state as JSON")
    export.add_argument("--cell", required=True)

    rules = sub.add_parser("rules", help="a locality's dues rule sets").add_subparsers(
        dest="action", required=True)
    add = rules.add_parser("add", help="attach a rule set (JSON file) to a cell or organisation")
    add.add_argument("--cell", required=True)
    add.add_argument("file", type=Path)
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    url = db.normalize_url(args.db) if args.db else db.default_db_url()
    try:
        return _run(args, url)
    except admin.AdminError as exc:
        print(f"cellserver: {exc}", file=sys.stderr)
        return 2
    except ProtocolError as exc:
        print(f"cellserver: {exc.message}", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:
        print(f"cellserver: database error on {db.describe(url)}: {type(exc).__name__}",
              file=sys.stderr)
        return 1


def _run(args: argparse.Namespace, url: str) -> int:
    engine = db.make_engine(url)
    try:
        if args.command == "init":
            migrate.upgrade(engine)
            print(f"database ready at revision {migrate.head_revision()}: {db.describe(url)}",
                  file=sys.stderr)
            if db.is_sqlite(url):
                print("cellserver: the SQLite file is not encrypted (names, CCCD numbers): keep "
                      "it on an encrypted disk; it is readable by this user only",
                      file=sys.stderr)
            return 0
        if not migrate.is_current(engine):
            print(f"cellserver: the database {db.describe(url)} is not initialised or is behind; "
                  f"run: cellserver --db URL init", file=sys.stderr)
            return 1
        if args.command == "serve":
            engine.dispose()
            return _serve(args, url)
        return _admin(args, engine)
    finally:
        engine.dispose()


def _admin(args: argparse.Namespace, engine) -> int:
    command, action = args.command, getattr(args, "action", None)
    if (command, action) == ("cells", "add"):
        print(admin.add_node(engine, args.name, args.parent, args.node_id))
    elif (command, action) == ("cells", "list"):
        _table(admin.list_nodes(engine), args.json, ("id", "parent_id", "name"))
    elif (command, action) == ("users", "add"):
        print(admin.add_user(engine, args.username, args.role, args.cell))
    elif (command, action) == ("users", "list"):
        _table(admin.list_users(engine), args.json, ("id", "username", "role", "node_id"))
    elif command == "enroll-code":
        code, expires = admin.new_enroll_code(engine, args.username)
        print(code)
        print(f"one-time code for {args.username}, valid until {_time(expires)}", file=sys.stderr)
    elif (command, action) == ("devices", "list"):
        rows = [{**r, **{k: _time(r[k]) for k in ("created_at", "last_seen_at", "revoked_at")}}
                for r in admin.list_devices(engine)]
        _table(rows, args.json, ("id", "username", "role", "name", "last_seen_at", "revoked_at"))
    elif (command, action) == ("devices", "revoke"):
        admin.revoke_device(engine, args.id)
        print(f"device {args.id} revoked", file=sys.stderr)
    elif command == "export":
        json.dump(admin.export_cell(engine, args.cell), sys.stdout, ensure_ascii=False, indent=1)
        print()
    elif (command, action) == ("rules", "add"):
        try:
            data = json.loads(args.file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise admin.AdminError(f"cannot read {args.file}: {exc}") from None
        print(admin.add_rule_set(engine, args.cell, data))
    return 0


def _serve(args: argparse.Namespace, url: str) -> int:
    import uvicorn

    from .app import create_app

    logging.basicConfig(level=args.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    options = dict(host=args.host, port=args.port, proxy_headers=True,
                   forwarded_allow_ips=args.forwarded_allow_ips, access_log=args.access_log,
                   log_level=args.log_level)
    if args.workers > 1:
        os.environ["CELLSERVER_DB"] = url
        uvicorn.run("sync.server.app:create_app_from_env", factory=True, workers=args.workers,
                    **options)
    else:
        uvicorn.run(create_app(url), **options)
    return 0


def _time(ms: int | None) -> str | None:
    if ms is None:
        return None
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).isoformat(timespec="seconds")


def _table(rows: list[dict], as_json: bool, columns: tuple[str, ...]) -> None:
    if as_json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return
    widths = {c: max([len(c), *(len(str(r.get(c) or "")) for r in rows)]) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns).rstrip())
    for r in rows:
        print("  ".join(str(r.get(c) or "").ljust(widths[c]) for c in columns).rstrip())


if __name__ == "__main__":
    sys.exit(main())
