"""The project's metadata builds without setuptools' warnings about the licence."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from tests.conftest import ROOT


def test_metadata_has_an_spdx_licence_and_builds_without_a_licence_warning(tmp_path):
    # The real pyproject.toml over empty packages: the metadata step only, in seconds.
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, project / name)
    for package in ("cellclient", "sync", "ui"):
        (project / package).mkdir()
        (project / package / "__init__.py").write_text("")
    report = tmp_path / "report.json"
    r = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--no-deps",
                        "--ignore-installed", "--disable-pip-version-check", "-v",
                        "--report", str(report), str(project)],
                       capture_output=True, text=True, timeout=120, cwd=tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode == 0, out[-3000:]
    warned = [line for line in out.splitlines()
              if "license" in line.lower() and ("deprecat" in line.lower() or "warn" in line.lower())]
    assert "project.license" not in out and warned == [], "\n".join(warned) or out[-3000:]
    metadata = json.loads(report.read_text())["install"][0]["metadata"]
    assert metadata.get("license_expression") == "LicenseRef-Proprietary", metadata
