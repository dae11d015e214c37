"""The server's SQLite file holds names and CCCD numbers unencrypted: ``cellserver init``
makes it (and the folder it creates for it) private to the server's user, and says so."""

from __future__ import annotations

import os
import stat
import subprocess

import pytest

from tests.server_proc import cellserver_command, server_env, server_unavailable_reason

pytestmark = [
    pytest.mark.skipif(server_unavailable_reason() is not None,
                       reason=server_unavailable_reason() or ""),
    pytest.mark.skipif(os.name != "posix", reason="Windows: the user folder's ACLs"),
]


def _mode(path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def _cellserver(*args, env=None):
    r = subprocess.run([*cellserver_command(), *args], capture_output=True, text=True,
                       timeout=120, env=server_env(env), preexec_fn=lambda: os.umask(0o022))
    assert r.returncode == 0, r.stderr
    return r


def _loose(folder) -> dict[str, str]:
    return {p.name: oct(_mode(p)) for p in folder.iterdir() if _mode(p) != 0o600}


def test_init_makes_the_database_file_and_its_new_folder_private(tmp_path, server_factory):
    folder = tmp_path / "srv" / "data"
    url = f"sqlite:///{folder / 'cellserver.db'}"
    r = _cellserver("--db", url, "init")
    assert "not encrypted" in r.stderr  # the one-line notice, with what to do
    assert _mode(folder) == 0o700
    assert (folder / "cellserver.db").is_file() and _loose(folder) == {}

    # Serving and writing: SQLite's -wal and -shm are private as well.
    server = server_factory(url)
    server.add_cell("Chi bộ Thôn Đông")
    assert {"cellserver.db-wal", "cellserver.db-shm"} <= {p.name for p in folder.iterdir()}
    assert _loose(folder) == {}


def test_init_tightens_an_existing_readable_file(tmp_path):
    os.chmod(tmp_path, 0o755)
    path = tmp_path / "old.db"
    _cellserver("--db", str(path), "init")
    os.chmod(path, 0o644)  # made by a version that left the umask's mode
    _cellserver("--db", str(path), "init")
    assert _mode(path) == 0o600
    assert _mode(tmp_path) == 0o755  # a folder it did not make is left as it was


def test_the_default_data_folder_is_private(tmp_path):
    env = server_env({"XDG_DATA_HOME": str(tmp_path / "xdg")})
    env.pop("CELLSERVER_DB", None)
    r = subprocess.run([*cellserver_command(), "init"], capture_output=True, text=True,
                       timeout=120, env=env, preexec_fn=lambda: os.umask(0o022))
    assert r.returncode == 0, r.stderr
    folder = tmp_path / "xdg" / "cellserver"
    assert _mode(folder) == 0o700 and _mode(folder / "cellserver.db") == 0o600


def test_help_says_the_file_is_not_encrypted():
    r = _cellserver("--help")
    assert "not encrypted" in r.stdout
