"""The sync server as a real process: ``cellserver serve`` on 127.0.0.1 and a free port.

Everything goes through the documented command line and HTTP, as an operator
and a device would: ``cellserver --db URL init``, then ``serve``; admin
commands (``cells add``, ``users add``, ``enroll-code``...) run as separate
processes against the same database; devices enroll and sync over HTTP.

Fixtures (registered for the whole suite in ``tests/conftest.py``):

- ``server_db_url`` (function, parametrised ``sqlite`` / ``postgresql``): the
  URL of a fresh empty database of that backend: a SQLite file in the test's
  temp folder, or a new database in the session's throwaway PostgreSQL
  cluster (skipped, with the reason, where PostgreSQL cannot run).
- ``cellserver`` (function): a :class:`ServerProcess` serving a fresh database
  of each backend in turn.
- ``shared_server`` (module, parametrised by backend): one server per test
  module and backend, for tests that make their own cells and users.
- ``server_factory`` (function): ``server_factory(db_url)`` starts more
  servers; all are stopped after the test.

Helpers: :func:`new_device` / :func:`enroll_device` (cell + user + enrollment
over HTTP), :func:`sync_body`, :func:`backend_params`, and
:func:`running_server` for use outside pytest (the benchmark).

Tests skip, with the reason, while ``sync/server/cli.py`` or the server's
dependencies are missing. ``CELLCLIENT_SERVER_CMD`` (a command line) runs the
tests against another build of ``cellserver``, e.g. an installed one.
"""

from __future__ import annotations

import contextlib
import gzip as gziplib
import importlib.util
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.pg import free_port

ROOT = Path(__file__).resolve().parent.parent
SERVER_DIR = ROOT / "sync" / "server"
HOST = "127.0.0.1"
BACKENDS = ("sqlite", "postgresql")
ROLES = ("secretary", "deputy", "treasurer", "member", "upper")
CLIENT = "cellclient/0.1.0"
STARTUP_TIMEOUT = 60.0  # seconds until /v1/health answers
ADMIN_TIMEOUT = 120.0
SERVER_CMD_ENV = "CELLCLIENT_SERVER_CMD"


def server_unavailable_reason() -> str | None:
    """Why the sync server cannot be run from this checkout, or None when it can."""
    if os.environ.get(SERVER_CMD_ENV):
        return None
    if not (SERVER_DIR / "cli.py").is_file():
        return "the sync server is not in this checkout yet (sync/server/cli.py is missing)"
    for module in ("fastapi", "uvicorn", "sqlalchemy", "httpx"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed: pip install -e '.[dev,server]'"
    return None


def skip_without_server() -> None:
    reason = server_unavailable_reason()
    if reason:
        pytest.skip(reason)


def cellserver_command() -> list[str]:
    """The argv prefix that runs the ``cellserver`` console script with this interpreter.

    Read from pyproject.toml's ``[project.scripts]`` so that it works from a
    checkout whose editable install predates the script; falls back to the
    installed script, then to ``python -m sync.server.cli``. ``CELLCLIENT_SERVER_CMD``
    (a command line) runs another build of the server instead, e.g. an installed one.
    """
    if os.environ.get(SERVER_CMD_ENV):
        return shlex.split(os.environ[SERVER_CMD_ENV])
    try:
        scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
        target = scripts["cellserver"]
    except (KeyError, OSError, tomllib.TOMLDecodeError):
        target = None
    if target:
        module, _, attr = target.partition(":")
        code = f"import sys; from {module} import {attr} as main; sys.exit(main())"
        return [sys.executable, "-c", code]
    for candidate in (Path(sys.executable).with_name("cellserver"), shutil.which("cellserver")):
        if candidate and Path(candidate).is_file():
            return [str(candidate)]
    return [sys.executable, "-m", "sync.server.cli"]


def server_env(extra: dict | None = None) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra or {})
    return env


class AdminError(AssertionError):
    """A ``cellserver`` admin command failed."""


def run_admin(db_url: str, *args: str, cwd: Path | None = None, check: bool = True,
              timeout: float = ADMIN_TIMEOUT, env: dict | None = None
              ) -> subprocess.CompletedProcess:
    """``cellserver --db URL *args`` as a process; raises AdminError on failure when check."""
    cmd = [*cellserver_command(), "--db", db_url, *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                          cwd=cwd or ROOT, env=server_env(env), check=False)
    if check and proc.returncode != 0:
        raise AdminError(f"cellserver {' '.join(args)} exited {proc.returncode}\n"
                         f"stdout: {proc.stdout[-2000:]}\nstderr: {proc.stderr[-4000:]}")
    return proc


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        raise AdminError("the command printed nothing")
    return lines[-1]


@dataclass
class ServerProcess:
    """A running ``cellserver serve``; ``url`` is its base URL (no trailing slash)."""

    url: str
    db_url: str
    workdir: Path
    log_path: Path
    proc: subprocess.Popen
    port: int
    env: dict = field(default_factory=dict)

    # -- admin command line ----------------------------------------------------------

    def admin(self, *args: str, check: bool = True) -> str:
        """Run ``cellserver --db <this db> *args``; returns its standard output."""
        return run_admin(self.db_url, *args, cwd=self.workdir, check=check, env=self.env).stdout

    def admin_result(self, *args: str) -> subprocess.CompletedProcess:
        """The same without raising: for tests of the admin command's failures."""
        return run_admin(self.db_url, *args, cwd=self.workdir, check=False, env=self.env)

    def add_cell(self, name: str, parent: str | None = None) -> str:
        args = ["cells", "add", "--name", name]
        if parent:
            args += ["--parent", parent]
        return last_line(self.admin(*args))

    def add_user(self, username: str, role: str, cell_id: str) -> str:
        return self.admin("users", "add", "--username", username, "--role", role,
                          "--cell", cell_id)

    def enroll_code(self, username: str) -> str:
        return last_line(self.admin("enroll-code", "--username", username))

    # -- HTTP ------------------------------------------------------------------------

    def client(self, **kwargs):
        import httpx

        kwargs.setdefault("timeout", 30.0)
        return httpx.Client(base_url=self.url, **kwargs)

    def get(self, path: str, token: str | None = None, **kwargs):
        with self.client() as c:
            return c.get(path, headers=_auth(token), **kwargs)

    def enroll(self, username: str, code: str, device_name: str = "Máy thử"):
        with self.client() as c:
            return c.post("/v1/enroll", json={"username": username, "code": code,
                                              "device_name": device_name})

    def sync(self, token: str | None, body, *, gzip: bool = False, headers: dict | None = None):
        """POST /v1/sync; ``body`` is a dict (sent as JSON) or raw bytes."""
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        hdrs = {"Content-Type": "application/json", **_auth(token)}
        if gzip:
            raw = gziplib.compress(raw)
            hdrs["Content-Encoding"] = "gzip"
        hdrs.update(headers or {})
        with self.client() as c:
            return c.post("/v1/sync", content=raw, headers=hdrs)

    # -- life cycle ---------------------------------------------------------------

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the server and anything it started (its own process group)."""
        if self.proc.poll() is None:
            _signal_group(self.proc, signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                _signal_group(self.proc, signal.SIGKILL)
                self.proc.wait(timeout=timeout)
        # Workers left in the group after the parent went (should be none).
        _signal_group(self.proc, signal.SIGKILL)


def _auth(token: str | None) -> dict:
    return {"Authorization": f"Bearer {token}"} if token else {}


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)  # the group of the process we started, by its id


def _wait_healthy(proc: subprocess.Popen, url: str, timeout: float) -> bool:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            if httpx.get(f"{url}/v1/health", timeout=2.0).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    return False


def start_server(db_url: str, workdir: Path, *, init: bool = True, env: dict | None = None,
                 startup_timeout: float = STARTUP_TIMEOUT, attempts: int = 3,
                 serve_args: tuple[str, ...] = ()) -> ServerProcess:
    """``cellserver --db URL init``, then ``serve`` on 127.0.0.1 and a free port.

    Returns once GET /v1/health answers 200. Raises RuntimeError with the
    server's log when it does not start.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    if init:
        run_admin(db_url, "init", cwd=workdir, env=env)
    failure = ""
    for attempt in range(attempts):  # the free port may be taken before the server binds
        port = free_port()
        url = f"http://{HOST}:{port}"
        log_path = workdir / f"server-{port}.log"
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(
                [*cellserver_command(), "--db", db_url, "serve", "--host", HOST,
                 "--port", str(port), *serve_args],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=workdir,
                env=server_env(env), start_new_session=True)
        server = ServerProcess(url, db_url, workdir, log_path, proc, port, dict(env or {}))
        if _wait_healthy(proc, url, startup_timeout):
            return server
        server.stop()
        failure = server.log()[-4000:]
        if "address already in use" not in failure.lower() or attempt == attempts - 1:
            break
    raise RuntimeError(f"cellserver serve did not become healthy on {db_url}:\n{failure}")


@contextlib.contextmanager
def running_server(db_url: str, workdir: Path | None = None, **kwargs) -> Iterator[ServerProcess]:
    """A started server, always stopped on the way out (for use outside fixtures)."""
    own = workdir is None
    workdir = workdir or Path(tempfile.mkdtemp(prefix="cellserver-"))
    server = start_server(db_url, workdir, **kwargs)
    try:
        yield server
    finally:
        server.stop()
        if own:
            shutil.rmtree(workdir, ignore_errors=True)


# -- devices ------------------------------------------------------------------------


@dataclass(frozen=True)
class Device:
    device_id: str
    token: str
    cell_id: str
    username: str
    role: str
    scope: tuple[str, ...]


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:10]}"


def new_device(server: ServerProcess, *, role: str = "secretary", cell_id: str | None = None,
               username: str | None = None, device_name: str = "Máy thử") -> Device:
    """Make a cell (unless given), a user with ``role`` in it, and enroll a device over HTTP."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    cell_id = cell_id or server.add_cell(unique("Chi bộ thử "))
    username = username or unique("u")
    server.add_user(username, role, cell_id)
    code = server.enroll_code(username)
    response = server.enroll(username, code, device_name)
    if response.status_code != 200:
        raise AssertionError(f"enroll failed: {response.status_code} {response.text}")
    body = response.json()
    return Device(body["device_id"], body["token"], cell_id, username, body.get("role", role),
                  tuple(body.get("scope", ())))


def enroll_device(server: ServerProcess, **kwargs) -> tuple[str, str]:
    """``new_device`` reduced to ``(device_id, token)``."""
    device = new_device(server, **kwargs)
    return device.device_id, device.token


def sync_body(changes=(), *, cursor: str | None = None, batch_id: str | None = None,
              max_pull: int | None = None, client: str = CLIENT) -> dict:
    """A version-1 sync request body; ``changes`` are merge.Change or wire dicts."""
    from cellclient.ids import new_id
    from sync.protocol import PROTOCOL_VERSION

    body = {"protocol": PROTOCOL_VERSION, "client": client, "cursor": cursor,
            "batch_id": batch_id or new_id(),
            "changes": [c if isinstance(c, dict) else c.to_wire() for c in changes]}
    if max_pull is not None:
        body["max_pull"] = max_pull
    return body


# -- pytest fixtures ------------------------------------------------------------------


def backend_params(*backends: str) -> list:
    """``pytest.param`` per backend, with readable ids: ``@pytest.mark.parametrize(
    "server_db_url", backend_params(), indirect=True)`` narrows or reorders them."""
    return [pytest.param(b, id=b) for b in (backends or BACKENDS)]


def _fresh_db_url(request, backend: str, folder: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{folder / 'server.db'}"
    if backend == "postgresql":
        cluster = request.getfixturevalue("pg_cluster")  # skips with the reason if impossible
        url = cluster.create_database("srv")
        request.addfinalizer(lambda: cluster.drop_database(url))
        return url
    raise ValueError(f"unknown backend {backend!r}")


@pytest.fixture(params=BACKENDS)
def server_db_url(request, tmp_path) -> str:
    """URL of a fresh empty database: a SQLite file, or a database in the PostgreSQL cluster."""
    return _fresh_db_url(request, request.param, tmp_path)


@pytest.fixture
def server_factory(tmp_path) -> Iterator:
    """``server_factory(db_url, **start_server_kwargs)`` -> ServerProcess, stopped after the test."""
    started: list[ServerProcess] = []

    def start(db_url: str, **kwargs) -> ServerProcess:
        skip_without_server()
        server = start_server(db_url, tmp_path / f"server{len(started)}", **kwargs)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def cellserver(server_db_url, server_factory) -> ServerProcess:
    """A running server on a fresh database, once per backend."""
    return server_factory(server_db_url)


@pytest.fixture(scope="module", params=BACKENDS)
def shared_server(request, tmp_path_factory) -> Iterator[ServerProcess]:
    """One running server per test module and backend; tests make their own cells."""
    skip_without_server()
    folder = tmp_path_factory.mktemp(f"server-{request.param}")
    server = start_server(_fresh_db_url(request, request.param, folder), folder)
    yield server
    server.stop()
