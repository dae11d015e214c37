"""The keyring path against a real Secret Service (gnome-keyring on a private D-Bus)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from tests.conftest import CELLCLIENT, ROOT

pytestmark = pytest.mark.skipif(
    not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")),
    reason="needs Debian packages dbus and gnome-keyring (scripts/system-packages.sh test)",
)


def test_profile_key_lives_in_a_real_secret_service(tmp_path):
    profile_dir = tmp_path / "profile"
    cli = " ".join(CELLCLIENT) + f" --data-dir {profile_dir}"
    script = f"""
set -e
echo -n test-unlock | gnome-keyring-daemon --unlock --components=secrets >/dev/null
{cli} init --cell-name "Chi bộ A" >/dev/null
{cli} members add --family-name Lê --given-name Hoa >/dev/null
{cli} members list --json
"""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON_KEYRING", "CELLCLIENT_", "DBUS_"))}
    env.update(HOME=str(tmp_path), PYTHONPATH=str(ROOT), XDG_RUNTIME_DIR=str(tmp_path))
    r = subprocess.run(["dbus-run-session", "--", "bash", "-c", script], env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert [m["full_name"] for m in json.loads(r.stdout)] == ["Lê Hoa"]
    profile = json.loads((profile_dir / "profile.json").read_text())
    assert profile["key_mode"] == "keyring" and profile["salt"] is None
