"""The README's one command: ``bash scripts/run-server.sh`` installs, initialises and serves."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import httpx
import pytest

from tests.pg import free_port
from tests.server_proc import ROOT, server_unavailable_reason

pytestmark = pytest.mark.skipif(server_unavailable_reason() is not None,
                                reason=server_unavailable_reason() or "")


def test_one_command_starts_the_server_on_sqlite(tmp_path):
    port = free_port()
    env = {**os.environ, "CELLSERVER_DB": f"sqlite:///{tmp_path / 'one.db'}"}
    with open(tmp_path / "log", "wb") as log:
        proc = subprocess.Popen(["bash", "scripts/run-server.sh", "--port", str(port)], cwd=ROOT,
                                env=env, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline, health = time.monotonic() + 300, None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        assert health is not None and health.status_code == 200, \
            (tmp_path / "log").read_text(errors="replace")[-3000:]
        assert health.json()["database"] == "sqlite"
        assert (tmp_path / "one.db").is_file()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)  # the group of the process started above
            proc.wait(timeout=30)
