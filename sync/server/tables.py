"""The server's tables, as SQLAlchemy Core objects: one definition for SQLite and PostgreSQL.

Times are whole milliseconds since the epoch (UTC): the same on both engines,
no time-zone surprises. The Alembic migrations in ``migrations/`` create
exactly these tables; a test compares the two.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

ID = 36  # UUID strings made by the server
ROW_ID = 64  # row ids made by the devices (protocol.MAX_ID_LENGTH)
STAMP = 200  # clock stamps: fixed time part plus the writer's device id

# Autoincrementing keys: BIGSERIAL on PostgreSQL, the rowid on SQLite.
SERIAL = BigInteger().with_variant(Integer, "sqlite")

# The organisation tree: a province, its districts, their communes, their cells.
# Data lives in cells; a user of an upper node reads every cell under it.
nodes = Table(
    "nodes", metadata,
    Column("id", String(ID), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("parent_id", String(ID), ForeignKey("nodes.id"), nullable=True, index=True),
    Column("created_at", BigInteger, nullable=False),
)

# The last server sequence number handed out in each cell. A writer locks its
# cells' rows here (in id order) for its whole transaction, so numbers in a cell
# are committed in the order they are given and a reader never skips one.
cell_seq = Table(
    "cell_seq", metadata,
    Column("cell_id", String(ID), ForeignKey("nodes.id"), primary_key=True),
    Column("last_seq", BigInteger, nullable=False),
)

users = Table(
    "users", metadata,
    Column("id", String(ID), primary_key=True),
    Column("username", String(100), nullable=False, unique=True),
    Column("role", String(20), nullable=False),
    Column("node_id", String(ID), ForeignKey("nodes.id"), nullable=False, index=True),
    Column("created_at", BigInteger, nullable=False),
)

# One-time enrollment codes, kept as Argon2id hashes (a person types them, so they
# are short; the slow hash keeps a stolen database from revealing them).
enroll_codes = Table(
    "enroll_codes", metadata,
    Column("id", String(ID), primary_key=True),
    Column("user_id", String(ID), ForeignKey("users.id"), nullable=False, index=True),
    Column("code_hash", String(200), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("expires_at", BigInteger, nullable=False),
    Column("used_at", BigInteger, nullable=True),
    Column("device_id", String(ID), nullable=True),
)

# Failed enrollments, for the rate limit; in the database so that every app
# server behind a load balancer counts the same attempts.
enroll_failures = Table(
    "enroll_failures", metadata,
    Column("id", SERIAL, primary_key=True, autoincrement=True),
    Column("username", String(100), nullable=False, index=True),
    Column("address", String(100), nullable=False, index=True),
    Column("at", BigInteger, nullable=False, index=True),
)

# Devices hold a 32-byte random token; only its SHA-256 is kept here.
devices = Table(
    "devices", metadata,
    Column("id", String(ID), primary_key=True),
    Column("user_id", String(ID), ForeignKey("users.id"), nullable=False, index=True),
    Column("name", String(100), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", BigInteger, nullable=False),
    Column("last_seen_at", BigInteger, nullable=True),
    Column("revoked_at", BigInteger, nullable=True),
)

# Idempotency: the result of every batch a device pushed, returned again on a retry.
batches = Table(
    "batches", metadata,
    Column("device_id", String(ID), primary_key=True),
    Column("batch_id", String(ROW_ID), primary_key=True),
    Column("created_at", BigInteger, nullable=False),
    Column("result", Text, nullable=False),
)

# The current winning write of every replicated field, and the server sequence
# number of its cell at which it last changed: the compacted pull feed.
field_state = Table(
    "field_state", metadata,
    Column("tbl", String(40), primary_key=True),
    Column("row_id", String(ROW_ID), primary_key=True),
    Column("field", String(64), primary_key=True),
    Column("cell_id", String(ID), nullable=False),
    Column("value", Text, nullable=False),  # JSON
    Column("hlc", String(STAMP), nullable=False),
    Column("base", String(STAMP), nullable=True),
    Column("origin", String(ID), nullable=False),  # device id, or "server"
    Column("seq", BigInteger, nullable=False),
    Index("ix_field_state_cell_seq", "cell_id", "seq", unique=True),
)

# The cell of every row, fixed by the row's first cell_id: a row never moves.
row_cells = Table(
    "row_cells", metadata,
    Column("tbl", String(40), primary_key=True),
    Column("row_id", String(ROW_ID), primary_key=True),
    Column("cell_id", String(ID), nullable=False, index=True),
)

# Who did what when from which device: ids and counts, never personal data.
audit = Table(
    "audit", metadata,
    Column("id", SERIAL, primary_key=True, autoincrement=True),
    Column("at", BigInteger, nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("user_id", String(ID), nullable=True),
    Column("device_id", String(ID), nullable=True),
    Column("batch_id", String(ROW_ID), nullable=True),
    Column("detail", Text, nullable=False),  # JSON
)

# A locality's own dues rule sets (same shape as cellclient/data/dues_rules.json),
# in force for the cells under the node they are attached to.
rule_sets = Table(
    "rule_sets", metadata,
    Column("id", String(ID), primary_key=True),
    Column("node_id", String(ID), ForeignKey("nodes.id"), nullable=False, index=True),
    Column("rule_set_id", String(100), nullable=False),
    Column("data", Text, nullable=False),  # JSON
    Column("created_at", BigInteger, nullable=False),
    UniqueConstraint("node_id", "rule_set_id", name="uq_rule_sets_node_rule_set"),
)
