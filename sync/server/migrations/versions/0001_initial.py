"""The first server schema: organisation tree, users, enrollment, devices, sync state, audit.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SERIAL = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def upgrade() -> None:
    op.create_table(
        "nodes",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("parent_id", sa.String(36), sa.ForeignKey("nodes.id"), nullable=True),
        sa.Column("created_at", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_nodes_parent_id", "nodes", ["parent_id"])
    op.create_table(
        "cell_seq",
        sa.Column("cell_id", sa.String(36), sa.ForeignKey("nodes.id"), primary_key=True),
        sa.Column("last_seq", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("username", sa.String(100), nullable=False, unique=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("node_id", sa.String(36), sa.ForeignKey("nodes.id"), nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_users_node_id", "users", ["node_id"])
    op.create_table(
        "enroll_codes",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("user_id", sa.String(36), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("code_hash", sa.String(200), nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.Column("expires_at", sa.BigInteger, nullable=False),
        sa.Column("used_at", sa.BigInteger, nullable=True),
        sa.Column("device_id", sa.String(36), nullable=True),
    )
    op.create_index("ix_enroll_codes_user_id", "enroll_codes", ["user_id"])
    op.create_table(
        "enroll_failures",
        sa.Column("id", SERIAL, primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("address", sa.String(100), nullable=False),
        sa.Column("at", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_enroll_failures_username", "enroll_failures", ["username"])
    op.create_index("ix_enroll_failures_address", "enroll_failures", ["address"])
    op.create_index("ix_enroll_failures_at", "enroll_failures", ["at"])
    op.create_table(
        "devices",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("user_id", sa.String(36), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.Column("last_seen_at", sa.BigInteger, nullable=True),
        sa.Column("revoked_at", sa.BigInteger, nullable=True),
    )
    op.create_index("ix_devices_user_id", "devices", ["user_id"])
    op.create_table(
        "batches",
        sa.Column("device_id", sa.String(36), primary_key=True),
        sa.Column("batch_id", sa.String(64), primary_key=True),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.Column("result", sa.Text, nullable=False),
    )
    op.create_table(
        "field_state",
        sa.Column("tbl", sa.String(40), primary_key=True),
        sa.Column("row_id", sa.String(64), primary_key=True),
        sa.Column("field", sa.String(64), primary_key=True),
        sa.Column("cell_id", sa.String(36), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("hlc", sa.String(200), nullable=False),
        sa.Column("base", sa.String(200), nullable=True),
        sa.Column("origin", sa.String(36), nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_field_state_cell_seq", "field_state", ["cell_id", "seq"], unique=True)
    op.create_table(
        "row_cells",
        sa.Column("tbl", sa.String(40), primary_key=True),
        sa.Column("row_id", sa.String(64), primary_key=True),
        sa.Column("cell_id", sa.String(36), nullable=False),
    )
    op.create_index("ix_row_cells_cell_id", "row_cells", ["cell_id"])
    op.create_table(
        "audit",
        sa.Column("id", SERIAL, primary_key=True, autoincrement=True),
        sa.Column("at", sa.BigInteger, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("user_id", sa.String(36), nullable=True),
        sa.Column("device_id", sa.String(36), nullable=True),
        sa.Column("batch_id", sa.String(64), nullable=True),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("ix_audit_at", "audit", ["at"])
    op.create_table(
        "rule_sets",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("node_id", sa.String(36), sa.ForeignKey("nodes.id"), nullable=False),
        sa.Column("rule_set_id", sa.String(100), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.UniqueConstraint("node_id", "rule_set_id", name="uq_rule_sets_node_rule_set"),
    )
    op.create_index("ix_rule_sets_node_id", "rule_sets", ["node_id"])


def downgrade() -> None:
    for name in ("rule_sets", "audit", "row_cells", "field_state", "batches", "devices",
                 "enroll_failures", "enroll_codes", "users", "cell_seq", "nodes"):
        op.drop_table(name)
