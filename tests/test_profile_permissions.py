"""A profile's folder and every file in it are its owner's only (POSIX: 0700 / 0600).

In passphrase mode ``profile.json`` holds the salt: a file the database sits beside must
not be readable by another local user either, nor its WAL, nor a migration's backup.
"""

from __future__ import annotations

import os
import stat
import subprocess

import pytest

from cellclient import db as dbmod
from cellclient import migrations
from cellclient import profile as profiles
from cellclient.services.members import add_member
from tests.conftest import CELLCLIENT, TEST_PASSPHRASE, subprocess_env
from tests.test_cli_core import ANH
from tests.test_members import ANH as MEMBER

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Windows: the user folder's ACLs")


def _mode(path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def _modes(folder) -> dict[str, str]:
    return {p.name: oct(_mode(p)) for p in sorted(folder.iterdir())}


def _run(*argv, env):
    # The usual umask (files 0644), whatever the test runner's own is.
    r = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60,
                       preexec_fn=lambda: os.umask(0o022))
    assert r.returncode == 0, r.stderr
    return r


def test_a_profile_made_by_cellclient_init_is_private_to_its_owner(tmp_path, monkeypatch):
    folder = tmp_path / "p"
    env = subprocess_env()
    _run(*CELLCLIENT, "--data-dir", str(folder), "init", "--cell-name", "Chi bộ A", env=env)
    _run(*CELLCLIENT, "--data-dir", str(folder), "members", "add", *ANH, env=env)
    assert _mode(folder) == 0o700
    assert {n: m for n, m in _modes(folder).items() if m != "0o600"} == {}
    assert {"profile.json", "cellclient.db"} <= set(_modes(folder))

    # A write with the profile open: SQLite's own -wal and -shm are private too.
    monkeypatch.setenv("CELLCLIENT_PASSPHRASE", TEST_PASSPHRASE)
    old = os.umask(0o022)
    try:
        _, store = profiles.open_store(folder)
        try:
            cell_id = store.rows("cell")[0]["id"]
            add_member(store, cell_id, **{**MEMBER, "national_id": "001080123457"})
            names = set(_modes(folder))
            assert {"cellclient.db-wal", "cellclient.db-shm"} <= names
            assert {n: m for n, m in _modes(folder).items() if m != "0o600"} == {}
        finally:
            store.close()
    finally:
        os.umask(old)


def test_a_migration_backup_is_private_even_beside_an_old_readable_file(tmp_path):
    path = tmp_path / "cellclient.db"
    key = os.urandom(32)
    old = os.umask(0o022)
    try:
        database = dbmod.connect(path, key)
        migrations.migrate(database, path, migrations.MIGRATIONS[:1])
        os.chmod(path, 0o644)  # a file made before profiles were private
        done = migrations.migrate(database, path)
        database.close()
    finally:
        os.umask(old)
    assert done == [m[0] for m in migrations.MIGRATIONS[1:]]
    backup = path.with_name(f"cellclient.db.before-{done[0]}.bak")
    assert backup.exists()
    assert _mode(backup) == 0o600


def test_opening_an_old_profile_makes_its_files_private(tmp_path, monkeypatch):
    monkeypatch.setenv("CELLCLIENT_PASSPHRASE", TEST_PASSPHRASE)
    folder = tmp_path / "old"
    _, store = profiles.create(folder)
    store.close()
    for p in folder.iterdir():
        os.chmod(p, 0o644)
    _, store = profiles.open_store(folder)
    store.close()
    assert {n: m for n, m in _modes(folder).items() if m != "0o600"} == {}


def test_the_folder_is_private_though_the_wizard_picked_an_existing_one(tmp_path, monkeypatch):
    monkeypatch.setenv("CELLCLIENT_PASSPHRASE", TEST_PASSPHRASE)
    folder = tmp_path / "chosen"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    _, store = profiles.create(folder)
    store.close()
    assert _mode(folder) == 0o700

