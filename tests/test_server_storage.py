"""The server's storage: the migrations make exactly the tables the code uses, on both
engines, and an installed server carries them."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from setuptools import find_packages

from sync.server import migrate
from sync.server.db import make_engine, normalize_url
from sync.server.feed import decode_cursor, encode_cursor
from sync.server.tables import metadata


def test_migrations_make_exactly_the_tables_of_the_code(server_db_url):
    engine = make_engine(server_db_url)
    try:
        assert not migrate.is_current(engine)
        migrate.upgrade(engine)
        migrate.upgrade(engine)  # again: nothing to do
        assert migrate.current_revision(engine) == migrate.head_revision()
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    finally:
        engine.dispose()


def test_sqlite_runs_in_wal_mode(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'wal.db'}")
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    finally:
        engine.dispose()


def test_database_urls():
    assert normalize_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("/var/lib/cellserver/x.db") == "sqlite:////var/lib/cellserver/x.db"
    assert normalize_url("sqlite:///rel.db") == "sqlite:///rel.db"


def test_an_install_carries_the_migrations():
    packages = find_packages(include=["sync*"])
    assert {"sync.server", "sync.server.migrations", "sync.server.migrations.versions"} <= \
        set(packages)


def test_cursors_round_trip():
    position = {"01a2-cell-b": 12, "01a2-cell-a": 7, "empty": 0}
    assert decode_cursor(encode_cursor(position)) == {"01a2-cell-a": 7, "01a2-cell-b": 12}
    assert decode_cursor(None) == {} and decode_cursor(encode_cursor({})) == {}
