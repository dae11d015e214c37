"""Opening the server database: one code path for SQLite (the default) and PostgreSQL.

SQLite runs in WAL mode with a busy timeout; write transactions start with
``BEGIN IMMEDIATE`` so that two writers queue for the lock instead of failing
halfway. PostgreSQL is reached through psycopg 3 (``postgresql+psycopg://``).
Transient failures (a lock, a lost race on a new row, a dropped connection) are
retried a few times, then answered with 503 ``busy``.
"""

from __future__ import annotations

import logging
import os
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import platformdirs
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from cellclient.paths import create_private, make_private, make_private_dir
from sync.protocol import busy

log = logging.getLogger(__name__)
T = TypeVar("T")

BUSY_TIMEOUT_MS = 10_000
WRITE_ATTEMPTS = 4


def now_ms() -> int:
    """Server times are whole milliseconds since the epoch, UTC."""
    return time.time_ns() // 1_000_000


def default_db_url() -> str:
    """CELLSERVER_DB, else a SQLite file in the server's data folder."""
    env = os.environ.get("CELLSERVER_DB")
    if env:
        return normalize_url(env)
    folder = Path(platformdirs.user_data_dir("cellserver", appauthor=False))
    return f"sqlite:///{folder / 'cellserver.db'}"


def normalize_url(url: str) -> str:
    """Accept a database URL, or a plain path for a SQLite file; PostgreSQL goes
    through psycopg 3 whatever driver the URL names."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    for prefix in ("postgres://", "postgresql://", "postgresql+psycopg2://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def describe(url: str) -> str:
    """The URL with its password hidden, for messages and logs."""
    return make_url(url).render_as_string(hide_password=True)


def make_engine(url: str) -> Engine:
    """An engine for the URL; SQL parameters never appear in its errors or logs
    (they hold personal data)."""
    url = normalize_url(url)
    if is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:" and not database.startswith("file:"):
            private_sqlite_file(Path(database))
        engine = create_engine(url, pool_size=10, max_overflow=30, pool_timeout=30,
                               hide_parameters=True,
                               connect_args={"check_same_thread": False,
                                             "timeout": BUSY_TIMEOUT_MS / 1000})
        _sqlite_setup(engine)
        return engine
    return create_engine(url, pool_size=10, max_overflow=30, pool_timeout=30,
                         pool_pre_ping=True, hide_parameters=True)


def private_sqlite_file(path: Path) -> None:
    """The SQLite file holds names and CCCD numbers unencrypted: make it (and its -wal
    and -shm, which SQLite creates with the file's mode) 0600, and a folder made for it
    0700. A folder that was there already is the operator's and is left as it is. POSIX
    only; on Windows the folder's ACLs decide (see ``cellclient.paths``)."""
    if not path.parent.exists():
        make_private_dir(path.parent)
    create_private(path)
    make_private(path, f"{path}-wal", f"{path}-shm")


def _sqlite_setup(engine: Engine) -> None:
    """WAL, busy timeout, foreign keys; transactions begun by us, not by pysqlite."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (below)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")  # WAL: durable at checkpoints, never corrupt
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: Connection):
        # A writer takes the lock up front: a deferred transaction that reads and
        # then writes can fail with "database is locked" whatever the busy timeout.
        immediate = conn.get_execution_options().get("write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def write(engine: Engine, work: Callable[[Connection], T]) -> T:
    """Run ``work`` in one write transaction; retry it on a transient failure.

    ``work`` must be safe to run again from the start (it is: everything it did
    was rolled back). After the last attempt the caller gets 503 ``busy``.
    """
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            with engine.connect() as conn:
                conn.execution_options(write=True)
                with conn.begin():
                    return work(conn)
        except (IntegrityError, OperationalError) as exc:
            # IntegrityError: a concurrent writer inserted the same new row (a batch
            # record, a row's cell): the next attempt sees it and answers from it.
            log.warning("write attempt %d failed: %s", attempt, type(exc.orig).__name__)
            if attempt == WRITE_ATTEMPTS:
                raise busy("The server is busy; try again shortly.", 5, status=503) from exc
            time.sleep(random.uniform(0.01, 0.05) * attempt)
    raise AssertionError("unreachable")


def read(engine: Engine, work: Callable[[Connection], T]) -> T:
    """Run ``work`` in one read transaction; a lost database connection is 503 ``busy``."""
    try:
        with engine.connect() as conn, conn.begin():
            return work(conn)
    except DBAPIError as exc:
        if isinstance(exc, OperationalError):
            raise busy("The server is busy; try again shortly.", 5, status=503) from exc
        raise
