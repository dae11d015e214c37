"""Shared fixtures: real encrypted files in temp folders, an in-memory keyring."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no display here: Qt must not abort
os.environ["CELLCLIENT_LANG"] = "vi"

import keyring  # noqa: E402
import pytest  # noqa: E402

from cellclient.i18n import set_language  # noqa: E402
from cellclient.services.cells import create_cell  # noqa: E402
from cellclient.store import Store  # noqa: E402
from tests.memkeyring import MemoryKeyring  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TEST_PASSPHRASE = "mat-khau-thu-nghiem"
TODAY = dt.date(2026, 11, 20)
LONG = os.environ.get("CELLCLIENT_LONG_TESTS") == "1"

# Fixtures of the throwaway PostgreSQL cluster and of a running sync server.
pytest_plugins = ("tests.pg", "tests.server_proc")


def examples(n: int) -> int:
    """Hypothesis example count: small in CI, forty times more with CELLCLIENT_LONG_TESTS=1."""
    return n * 40 if LONG else n


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch):
    """Every test starts with an empty in-memory keyring and Vietnamese messages."""
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    monkeypatch.delenv("CELLCLIENT_PASSPHRASE", raising=False)
    monkeypatch.delenv("CELLCLIENT_DATA_DIR", raising=False)
    set_language(None)
    yield backend
    keyring.set_keyring(previous)
    set_language(None)


@pytest.fixture
def store(tmp_path) -> Store:
    """A fresh encrypted database with a random key."""
    s = Store.open(tmp_path / "test.db", secrets.token_bytes(32), "testdevice")
    yield s
    s.close()


@pytest.fixture
def cell(store):
    return create_cell(store, "Chi bộ Thôn Đông", parent_org="Đảng bộ xã Gia Vân")


@pytest.fixture
def cli(tmp_path, capsys):
    """Run the CLI in this process against a profile in tmp_path: ``cli("members", "list")``."""
    from cellclient.cli import run

    data_dir = tmp_path / "profile"

    def call(*argv: str):
        code = run(["--data-dir", str(data_dir), *argv])
        out, err = capsys.readouterr()
        return code, out, err

    call.data_dir = data_dir
    return call


def subprocess_env(**extra) -> dict:
    """Environment for running ``cellclient`` as a real process (no keyring: passphrase)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON_KEYRING")}
    env.update({"CELLCLIENT_PASSPHRASE": TEST_PASSPHRASE, "PYTHONPATH": str(ROOT),
                "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
    env.update(extra)
    return env


CELLCLIENT = [sys.executable, "-m", "ui"]
