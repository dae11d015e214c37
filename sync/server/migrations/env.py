"""Alembic environment: runs on the connection the server hands it (see migrate.py)."""

from alembic import context

from sync.server.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise SystemExit("Run migrations with: cellserver --db URL init")

context.configure(connection=connection, target_metadata=metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
