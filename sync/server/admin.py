"""What the administrator does with the admin CLI: the organisation tree, users,
enrollment codes, devices, a cell's data, a locality's dues rules.

Each function is one transaction and raises AdminError with a message for a
person when the input is wrong.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import Connection, Engine, select, update

from cellclient.ids import new_id

from . import db
from .apply import SERVER_ORIGIN, server_clock
from .audit import record
from .auth import CODE_TTL_MS, hash_code, new_code
from .db import now_ms
from .roles import ROLES
from .rules import check_rule_set
from .state import FieldState, FieldWrite, RowCells, Sequences
from .tables import cell_seq, devices, enroll_codes, field_state, nodes, rule_sets, users


class AdminError(Exception):
    """Bad input to an admin command; the message says what to do."""


def _name(value: str, what: str, max_len: int = 200) -> str:
    value = (value or "").strip()
    if not value or len(value) > max_len or not value.isprintable():
        raise AdminError(f"{what} must be 1 to {max_len} printable characters")
    return value


def _node(conn: Connection, node_id: str):
    row = conn.execute(select(nodes).where(nodes.c.id == node_id)).first()
    if row is None:
        raise AdminError(f"no cell or organisation with id {node_id}")
    return row


def add_node(engine: Engine, name: str, parent_id: str | None = None,
             node_id: str | None = None) -> str:
    """A cell or organisation under ``parent_id``; its ``cell`` row goes in its feed,
    so enrolled devices learn the cell's name and its parent organisation.

    ``node_id`` adopts a cell that was started offline on a computer: the id its
    app shows on the sync page. A device of that cell then enrolls with its data
    and its first sync sends the cell's whole history."""
    name = _name(name, "the name")
    if node_id is not None:
        node_id = _cell_id(node_id)

    def work(conn: Connection) -> str:
        parent = _node(conn, parent_id) if parent_id else None
        if node_id is not None and (
                conn.execute(select(nodes.c.id).where(nodes.c.id == node_id)).first()
                or RowCells(conn).get(("cell", node_id)) is not None):
            raise AdminError(f"a cell or organisation with id {node_id} exists already")
        new_node = node_id or new_id()
        conn.execute(nodes.insert().values(id=new_node, name=name,
                                           parent_id=parent.id if parent else None,
                                           created_at=now_ms()))
        conn.execute(cell_seq.insert().values(cell_id=new_node, last_seq=0))
        fields = {"cell_id": new_node, "name": name, "deleted": False}
        if parent is not None:
            fields["parent_org"] = parent.name
        _write_server_row(conn, new_node, "cell", new_node, fields)
        record(conn, "add_node", node=new_node, parent=parent_id, adopted=node_id is not None)
        return new_node

    return db.write(engine, work)


def _cell_id(text: str) -> str:
    try:
        return str(uuid.UUID(text.strip()))
    except (ValueError, AttributeError):
        raise AdminError(f"{text!r} is not a cell id (it looks like "
                         "0193a5b2-7c1e-7d4f-8a9b-0c1d2e3f4a5b)") from None


def _write_server_row(conn: Connection, cell_id: str, table: str, row_id: str,
                      fields: dict[str, Any]) -> None:
    clock = server_clock()
    seqs = Sequences(conn, [cell_id])
    state, cells = FieldState(conn), RowCells(conn)
    for name, value in fields.items():
        state.put(table, row_id, name, FieldWrite(cell_id, value, clock.now(), None,
                                                  SERVER_ORIGIN, seqs.next(cell_id)))
    cells.set((table, row_id), cell_id)
    cells.flush()
    state.flush()
    seqs.flush()


def list_nodes(engine: Engine) -> list[dict]:
    return db.read(engine, lambda conn: [dict(r._mapping) for r in conn.execute(
        select(nodes.c.id, nodes.c.name, nodes.c.parent_id).order_by(nodes.c.created_at))])


def add_user(engine: Engine, username: str, role: str, node_id: str) -> str:
    username = _name(username, "the username", 100)
    if role not in ROLES:
        raise AdminError(f"the role must be one of: {', '.join(ROLES)}")

    def work(conn: Connection) -> str:
        _node(conn, node_id)
        if conn.execute(select(users.c.id).where(users.c.username == username)).first():
            raise AdminError(f"the username {username!r} is taken")
        user_id = new_id()
        conn.execute(users.insert().values(id=user_id, username=username, role=role,
                                           node_id=node_id, created_at=now_ms()))
        record(conn, "add_user", user_id=user_id, role=role, node=node_id)
        return user_id

    return db.write(engine, work)


def list_users(engine: Engine) -> list[dict]:
    return db.read(engine, lambda conn: [dict(r._mapping) for r in conn.execute(
        select(users.c.id, users.c.username, users.c.role, users.c.node_id)
        .order_by(users.c.username))])


def new_enroll_code(engine: Engine, username: str) -> tuple[str, int]:
    """A one-time code for a user's next device, and when it expires (ms)."""
    code = new_code()
    code_hash = hash_code(code)
    expires = now_ms() + CODE_TTL_MS

    def work(conn: Connection) -> None:
        user = conn.execute(select(users.c.id).where(users.c.username == username)).first()
        if user is None:
            raise AdminError(f"no user {username!r}")
        conn.execute(enroll_codes.insert().values(id=new_id(), user_id=user.id, code_hash=code_hash,
                                                  created_at=now_ms(), expires_at=expires))
        record(conn, "enroll_code", user_id=user.id)

    db.write(engine, work)
    return code, expires


def list_devices(engine: Engine) -> list[dict]:
    def work(conn: Connection) -> list[dict]:
        rows = conn.execute(
            select(devices.c.id, devices.c.name, users.c.username, users.c.role,
                   users.c.node_id, devices.c.created_at, devices.c.last_seen_at,
                   devices.c.revoked_at)
            .join(users, users.c.id == devices.c.user_id).order_by(devices.c.created_at))
        return [dict(r._mapping) for r in rows]

    return db.read(engine, work)


def revoke_device(engine: Engine, device_id: str) -> None:
    def work(conn: Connection) -> None:
        row = conn.execute(select(devices.c.user_id, devices.c.revoked_at)
                           .where(devices.c.id == device_id)).first()
        if row is None:
            raise AdminError(f"no device {device_id}")
        if row.revoked_at is None:
            conn.execute(update(devices).where(devices.c.id == device_id)
                         .values(revoked_at=now_ms()))
            record(conn, "revoke", user_id=row.user_id, device_id=device_id)

    db.write(engine, work)


def export_cell(engine: Engine, cell_id: str) -> dict:
    """The current state of a cell: every row's fields, by table."""

    def work(conn: Connection) -> dict:
        node = _node(conn, cell_id)
        tables: dict[str, dict[str, dict]] = {}
        rows = conn.execute(select(field_state.c.tbl, field_state.c.row_id, field_state.c.field,
                                   field_state.c.value)
                            .where(field_state.c.cell_id == cell_id)
                            .order_by(field_state.c.tbl, field_state.c.row_id, field_state.c.field))
        for r in rows:
            tables.setdefault(r.tbl, {}).setdefault(r.row_id, {})[r.field] = json.loads(r.value)
        last = conn.execute(select(cell_seq.c.last_seq)
                            .where(cell_seq.c.cell_id == cell_id)).scalar() or 0
        return {"cell": {"id": node.id, "name": node.name, "parent_id": node.parent_id},
                "seq": last, "tables": tables}

    return db.read(engine, work)


def add_rule_set(engine: Engine, node_id: str, data: Any) -> str:
    """Attach a locality's dues rule set to a node (replacing one with the same id)."""
    try:
        rule_set_id = check_rule_set(data)
    except ValueError as exc:
        raise AdminError(str(exc)) from None

    def work(conn: Connection) -> str:
        _node(conn, node_id)
        text = json.dumps(data, ensure_ascii=False, sort_keys=True)
        existing = conn.execute(select(rule_sets.c.id).where(
            rule_sets.c.node_id == node_id, rule_sets.c.rule_set_id == rule_set_id)).scalar()
        if existing:
            conn.execute(update(rule_sets).where(rule_sets.c.id == existing)
                         .values(data=text, created_at=now_ms()))
        else:
            conn.execute(rule_sets.insert().values(id=new_id(), node_id=node_id,
                                                   rule_set_id=rule_set_id, data=text,
                                                   created_at=now_ms()))
        record(conn, "rule_set", node=node_id, rule_set=rule_set_id)
        return rule_set_id

    return db.write(engine, work)
