"""Open an encrypted SQLite file as a ``sqlite_utils.Database``.

sqlite-utils catches ``sqlite3`` exception classes in several places (alter,
upsert); sqlcipher3's exceptions are not subclasses of those. sqlite-utils
prefers ``pysqlite3`` when it can import it, so we make that name resolve to
sqlcipher3 before sqlite-utils is first imported. This module is the one place
that does it; import ``sqlite_utils`` only through here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import sqlcipher3
import sqlcipher3.dbapi2

if "sqlite_utils" in sys.modules and "pysqlite3" not in sys.modules:  # pragma: no cover
    raise ImportError("cellclient.db must be imported before sqlite_utils")
sys.modules.setdefault("pysqlite3", sqlcipher3)
sys.modules.setdefault("pysqlite3.dbapi2", sqlcipher3.dbapi2)

import sqlite_utils  # noqa: E402
from sqlite_utils.utils import sqlite3  # noqa: E402

from .errors import WrongKeyError  # noqa: E402
from .paths import create_private, make_private  # noqa: E402

DatabaseError = sqlite3.DatabaseError
OperationalError = sqlite3.OperationalError
IntegrityError = sqlite3.IntegrityError
BUSY_TIMEOUT_MS = 10_000

assert sqlite3 is sqlcipher3.dbapi2 or sqlite3 is sqlcipher3, "sqlite-utils is not on SQLCipher"


def raw_key_pragma(key: bytes) -> str:
    """``PRAGMA key`` for a raw 256-bit key: hex only, so nothing can be injected."""
    if len(key) != 32:
        raise ValueError("the database key must be 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def connect(path: str | Path, key: bytes, read_only: bool = False) -> sqlite_utils.Database:
    """Open (or create) the encrypted file at ``path`` with ``key``.

    Raises WrongKeyError when the key does not open the file; SQLCipher only
    notices at the first real read, so we read once here. ``read_only``: a
    reading connection (``PRAGMA query_only``) on a file that exists already.
    """
    if read_only and not str(path).startswith("\\\\"):
        # Never creates the file: a reader of a file that vanished fails. (A Windows
        # share path would need a URI host, which SQLite refuses: opened plainly.)
        target, uri = f"{Path(path).resolve().as_uri()}?mode=rw", True
    else:
        target, uri = str(path), False
        if target != ":memory:":
            create_private(target)  # 0600 from the start; SQLite gives its -wal/-shm the same
    conn = sqlite3.connect(target, uri=uri, check_same_thread=False,
                           timeout=BUSY_TIMEOUT_MS / 1000)
    conn.isolation_level = None  # we open transactions ourselves (see Store.transaction)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(raw_key_pragma(key))
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except DatabaseError as exc:
        conn.close()
        if "not a database" in str(exc) or "encrypted" in str(exc):
            raise WrongKeyError() from None
        raise
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if read_only:
        conn.execute("PRAGMA query_only = 1")
        return sqlite_utils.Database(conn)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    if target != ":memory:":  # a file made before profiles were private, and its WAL
        make_private(target, target + "-wal", target + "-shm")
    return sqlite_utils.Database(conn)
