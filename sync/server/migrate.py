"""Schema migrations (Alembic), packaged with the server so an installed copy can run them.

``cellserver init`` upgrades the database to the newest revision; ``serve``
refuses to start on a database that is behind, with a message saying so.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", "sync.server:migrations")
    return config


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision, in one transaction where the engine allows."""
    config = alembic_config()
    with engine.connect() as conn:
        conn.execution_options(write=True)
        with conn.begin():
            config.attributes["connection"] = conn
            command.upgrade(config, "head")


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def is_current(engine: Engine) -> bool:
    return current_revision(engine) == head_revision()
