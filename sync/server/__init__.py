"""The reference central sync server: FastAPI on uvicorn, SQLAlchemy Core storage
(SQLite or PostgreSQL), Alembic migrations, and the ``cellserver`` admin CLI.

Modules, one job each: ``app`` (HTTP routes and errors), ``bodies`` (reading
request bodies safely), ``auth`` (tokens, enrollment, rate limit), ``roles``
(scope and who writes what), ``apply`` (a pushed batch), ``state`` (field
state, row cells, sequence numbers), ``feed`` (the pull), ``rules`` (dues rule
sets), ``admin`` and ``cli`` (the administrator's commands), ``db``,
``tables`` and ``migrate`` (storage).
"""

from __future__ import annotations


def create_app(db_url: str | None = None):
    """The ASGI app on the database at ``db_url`` (imported lazily: the CLI starts fast)."""
    from .app import create_app as make

    return make(db_url)
