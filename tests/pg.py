"""A throwaway PostgreSQL cluster for tests and benchmarks.

The cluster is made from the Debian binaries in ``/usr/lib/postgresql/15/bin``
(another Debian version when 15 is absent; ``CELLCLIENT_PG_BIN`` points
elsewhere) in a fresh temp folder: ``initdb``,
then ``pg_ctl start`` listening on 127.0.0.1 only, on a free port, with trust
authentication for the loopback address and the private socket, and fsync off
(the data is thrown away). ``initdb`` refuses to run as root, so as root the
binaries run as the ``postgres`` system user (``runuser -u postgres``); any
other user runs them as itself.

Fixtures (registered for the whole suite in ``tests/conftest.py``):

- ``pg_cluster`` (session): the running :class:`PgCluster`; the test is
  skipped, with the reason, where PostgreSQL cannot be started here (a
  failure instead with ``CELLCLIENT_REQUIRE_PG=1``, for CI).
- ``pg_url`` (session): ``postgresql+psycopg://postgres@127.0.0.1:PORT/cellclient_test``,
  one database shared by the session.
- ``pg_database`` (function): the URL of a database made for this test alone
  (``CREATE DATABASE`` with a unique name), dropped after it.

Outside pytest (the benchmark): ``with PgCluster.started() as cluster:``.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest


def _find_bin() -> Path:
    """CELLCLIENT_PG_BIN, else Debian's PostgreSQL 15, else the newest Debian PostgreSQL."""
    if os.environ.get("CELLCLIENT_PG_BIN"):
        return Path(os.environ["CELLCLIENT_PG_BIN"])
    preferred = Path("/usr/lib/postgresql/15/bin")
    if (preferred / "initdb").is_file():
        return preferred
    found = sorted((p for p in Path("/usr/lib/postgresql").glob("*/bin") if (p / "initdb").is_file()),
                   key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    return found[-1] if found else preferred


PG_BIN = _find_bin()
PG_SYSTEM_USER = "postgres"  # the OS user the binaries run as when we are root
SUPERUSER = "postgres"  # the database superuser initdb makes
HOST = "127.0.0.1"
START_TIMEOUT = 60  # seconds for pg_ctl start -w


class PgUnavailable(RuntimeError):
    """PostgreSQL cannot be started on this machine; the message says why."""


def free_port(host: str = HOST) -> int:
    """A TCP port nothing listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _run_as() -> list[str]:
    """The command prefix that runs a PostgreSQL binary as a user initdb accepts."""
    if os.name != "posix":
        return []
    if os.geteuid() != 0:
        return []  # any non-root user may run initdb on a folder it owns
    return ["runuser", "-u", PG_SYSTEM_USER, "--"]


def unavailable_reason() -> str | None:
    """Why a throwaway cluster cannot be started here, or None when it can."""
    if os.name != "posix":
        return "the throwaway PostgreSQL cluster needs a POSIX system"
    for tool in ("initdb", "pg_ctl", "postgres"):
        if not (PG_BIN / tool).is_file():
            return (f"PostgreSQL is not installed: {PG_BIN / tool} is missing "
                    "(Debian: apt-get install postgresql, or set CELLCLIENT_PG_BIN)")
    if os.geteuid() == 0:
        import pwd

        try:
            pwd.getpwnam(PG_SYSTEM_USER)
        except KeyError:
            return (f"running as root, initdb must run as the {PG_SYSTEM_USER!r} system user, "
                    "which does not exist (it comes with Debian's postgresql package)")
        if shutil.which("runuser") is None:
            return "running as root and `runuser` is missing: cannot run initdb as postgres"
    return None


def libpq_url(url: str) -> str:
    """The libpq form of a SQLAlchemy URL (what psycopg.connect takes)."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


class PgCluster:
    """One running throwaway cluster; ``stop()`` ends it and deletes its folder."""

    def __init__(self, root: Path, port: int):
        self.root = root
        self.data = root / "data"
        self.sockets = root / "sock"
        self.log = root / "postgres.log"
        self.host = HOST
        self.port = port
        self.user = SUPERUSER
        self._running = False

    # -- life cycle -------------------------------------------------------------

    @classmethod
    def start(cls, *, max_connections: int = 200, attempts: int = 3) -> PgCluster:
        """Make and start a cluster; raises PgUnavailable with the reason when it cannot."""
        reason = unavailable_reason()
        if reason:
            raise PgUnavailable(reason)
        root = Path(tempfile.mkdtemp(prefix="cellclient-pg-"))
        os.chmod(root, 0o700)
        try:
            cls._initdb(root)
            last_error = ""
            for _ in range(attempts):  # the free port can be taken between pick and bind
                cluster = cls(root, free_port())
                try:
                    cluster._pg_ctl_start(max_connections)
                except PgUnavailable as exc:
                    last_error = str(exc)
                    continue
                atexit.register(cluster.stop)  # a crashed run still leaves nothing behind
                return cluster
            raise PgUnavailable(f"PostgreSQL did not start: {last_error}")
        except BaseException:
            shutil.rmtree(root, ignore_errors=True)
            raise

    @classmethod
    @contextlib.contextmanager
    def started(cls, **kwargs) -> Iterator[PgCluster]:
        cluster = cls.start(**kwargs)
        try:
            yield cluster
        finally:
            cluster.stop()

    @staticmethod
    def _initdb(root: Path) -> None:
        (root / "sock").mkdir()
        if _run_as():
            shutil.chown(root, PG_SYSTEM_USER, PG_SYSTEM_USER)
            shutil.chown(root / "sock", PG_SYSTEM_USER, PG_SYSTEM_USER)
        cmd = [*_run_as(), str(PG_BIN / "initdb"), "-D", str(root / "data"), "-U", SUPERUSER,
               "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions"]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
        if proc.returncode != 0:
            raise PgUnavailable(f"initdb failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}")
        # Trust only the private socket and the loopback address; nothing else may connect.
        (root / "data" / "pg_hba.conf").write_text(
            "local all all trust\n"
            "host all all 127.0.0.1/32 trust\n"
        )

    def _pg_ctl_start(self, max_connections: int) -> None:
        options = " ".join([
            f"-c listen_addresses={self.host}", f"-p {self.port}",
            f"-c unix_socket_directories={self.sockets}",
            "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off",
            f"-c max_connections={max_connections}",
        ])
        cmd = [*_run_as(), str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
               "-w", "-t", str(START_TIMEOUT), "-o", options, "start"]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=START_TIMEOUT + 30,
                              check=False)
        if proc.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise PgUnavailable(f"pg_ctl start failed ({proc.returncode}): "
                                f"{proc.stderr.strip()[-1000:]}\n{log}")
        self._running = True

    def stop(self) -> None:
        """Stop the server (fast: the data is thrown away) and delete the folder."""
        if self._running:
            self._running = False
            subprocess.run([*_run_as(), str(PG_BIN / "pg_ctl"), "-D", str(self.data),
                            "-m", "immediate", "-w", "-t", "30", "stop"],
                           capture_output=True, timeout=60, check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    @property
    def running(self) -> bool:
        return self._running

    # -- databases ----------------------------------------------------------------

    def url(self, dbname: str = "postgres") -> str:
        """SQLAlchemy URL of a database in this cluster."""
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{dbname}"

    def _admin(self, sql: str) -> None:
        """Run one statement in the maintenance database, outside a transaction."""
        try:
            import psycopg
        except ImportError:  # the psql client is enough
            proc = subprocess.run(
                [str(PG_BIN / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.host,
                 "-p", str(self.port), "-U", self.user, "-d", "postgres", "-c", sql],
                capture_output=True, text=True, timeout=60, check=False)
            if proc.returncode != 0:
                raise RuntimeError(proc.stderr.strip()) from None
            return
        with psycopg.connect(libpq_url(self.url()), autocommit=True, connect_timeout=10) as conn:
            conn.execute(sql)

    def create_database(self, prefix: str = "t") -> str:
        """A new empty database with a unique name; returns its SQLAlchemy URL."""
        name = f"{prefix}_{uuid.uuid4().hex[:12]}".lower()
        if not name.replace("_", "").isalnum():
            raise ValueError(f"bad database name {name!r}")
        self._admin(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def databases(self) -> list[str]:
        proc = subprocess.run(
            [str(PG_BIN / "psql"), "-X", "-At", "-h", self.host, "-p", str(self.port),
             "-U", self.user, "-d", "postgres", "-c", "SELECT datname FROM pg_database"],
            capture_output=True, text=True, timeout=60, check=True)
        return proc.stdout.split()


def wait_until(predicate, timeout: float, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


# -- pytest fixtures -----------------------------------------------------------------


def skip_without_pg(reason: str | None = None) -> None:
    """Skip the test (fail it with CELLCLIENT_REQUIRE_PG=1) when PostgreSQL cannot run."""
    reason = reason or unavailable_reason()
    if not reason:
        return
    if os.environ.get("CELLCLIENT_REQUIRE_PG") == "1":
        pytest.fail(f"PostgreSQL is required here (CELLCLIENT_REQUIRE_PG=1): {reason}")
    pytest.skip(f"PostgreSQL unavailable: {reason}")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """A throwaway PostgreSQL cluster for the test session (skipped where impossible)."""
    try:
        cluster = PgCluster.start()
    except PgUnavailable as exc:
        skip_without_pg(str(exc))
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def pg_url(pg_cluster: PgCluster) -> str:
    """URL of one database shared by the whole session."""
    return pg_cluster.create_database("cellclient_test")


@pytest.fixture
def pg_database(pg_cluster: PgCluster) -> Iterator[str]:
    """URL of a database made for this test alone; dropped afterwards."""
    url = pg_cluster.create_database()
    yield url
    pg_cluster.drop_database(url)
