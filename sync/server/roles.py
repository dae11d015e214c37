"""Who may read and write what: the scope of a user and the tables each role writes.

A user has one role and one node of the organisation tree. ``upper`` reads
every cell under its node and writes nothing; the other roles read their own
cell. Secretary and deputy write everything of it (only a secretary unlocks
adopted minutes); the treasurer writes the dues tables and the cell's dues
settings; a member only reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, literal, select

from .tables import nodes

SECRETARY, DEPUTY, TREASURER, MEMBER, UPPER = "secretary", "deputy", "treasurer", "member", "upper"
ROLES = (SECRETARY, DEPUTY, TREASURER, MEMBER, UPPER)
WRITERS = frozenset({SECRETARY, DEPUTY, TREASURER})
UNLOCKERS = frozenset({SECRETARY})

TREASURER_TABLES = frozenset({"payment", "dues_adjustment"})
DUES_SETTING_PREFIX = "dues."  # the treasurer's settings: dues_rules.setting_key()


@dataclass(frozen=True)
class Caller:
    """The device behind a request, its user, and the cells it may read."""

    device_id: str
    device_name: str
    user_id: str
    username: str
    role: str
    node_id: str
    scope: frozenset[str]

    @property
    def writable(self) -> frozenset[str]:
        return self.scope if self.role in WRITERS else frozenset()


def scope_of(conn: Connection, role: str, node_id: str) -> frozenset[str]:
    """The cells a user reads: its own, or for ``upper`` every node under its own."""
    if role != UPPER:
        return frozenset({node_id})
    tree = select(nodes.c.id).where(nodes.c.id == node_id).cte("tree", recursive=True)
    tree = tree.union_all(select(nodes.c.id).where(nodes.c.parent_id == tree.c.id))
    return frozenset(conn.execute(select(tree.c.id)).scalars())


def ancestors(conn: Connection, node_ids: frozenset[str] | set[str]) -> dict[str, str | None]:
    """``{node: parent}`` for the given nodes and everything above them."""
    if not node_ids:
        return {}
    up = (select(nodes.c.id, nodes.c.parent_id, literal(0).label("depth"))
          .where(nodes.c.id.in_(sorted(node_ids))).cte("up", recursive=True))
    up = up.union_all(select(nodes.c.id, nodes.c.parent_id, (up.c.depth + 1).label("depth"))
                      .where(nodes.c.id == up.c.parent_id).where(up.c.depth < 50))
    return {row.id: row.parent_id for row in conn.execute(select(up.c.id, up.c.parent_id))}


def role_may_write(role: str, table: str, *, setting_keys: tuple = (),
                   conflict_of: str | None = None) -> bool:
    """Whether ``role`` may write ``table`` in a cell it can write at all.

    ``setting_keys`` are the keys a written setting row has and gets (all must be
    dues settings for a treasurer); ``conflict_of`` is the table a conflict
    record is about: a treasurer resolves the conflicts of its own tables.
    """
    if role in (SECRETARY, DEPUTY):
        return True
    if role != TREASURER:
        return False
    if table in TREASURER_TABLES:
        return True
    if table == "setting":
        return bool(setting_keys) and all(
            isinstance(k, str) and k.startswith(DUES_SETTING_PREFIX) for k in setting_keys)
    if table == "conflict":
        return conflict_of != "conflict" and role_may_write(role, conflict_of or "",
                                                            setting_keys=setting_keys)
    return False
