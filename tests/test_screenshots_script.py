"""``scripts/screenshots.py``: shrinks its images with Qt (no ImageMagick), writes where it is
told (a new ``screenshots/`` folder by default, never docs/screenshots unasked) and names
every file it writes."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

from PySide6.QtGui import QImage

from tests.conftest import ROOT

SCRIPT = ROOT / "scripts" / "screenshots.py"
DOCS = ROOT / "docs" / "screenshots"


def _docs_state() -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(DOCS.iterdir())}


def _run(tmp_path, *args):
    """The script as a process, with a ``convert`` first on PATH that only fails."""
    fake = tmp_path / "bin"
    fake.mkdir(exist_ok=True)
    (fake / "convert").write_text("#!/bin/sh\necho 'convert: not this one' >&2\nexit 1\n")
    (fake / "convert").chmod(0o755)
    env = {**os.environ, "PATH": f"{fake}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("QT_QPA_PLATFORM", None)
    return subprocess.run([sys.executable, str(SCRIPT), *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)


def _check_png(path) -> None:
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1366, 768)
    assert image.format() == QImage.Format.Format_Indexed8  # a palette, as PNG8 was
    assert 2 <= image.colorCount() <= 128


def test_out_folder_gets_the_pngs_and_docs_screenshots_is_untouched(tmp_path):
    before = _docs_state()
    out = tmp_path / "shots"
    r = _run(tmp_path, "--out", str(out), "--only", "overview-normal", "--only", "members-large")
    assert r.returncode == 0, r.stderr[-3000:]
    written = sorted(p.name for p in out.iterdir())
    assert written == ["members-large.png", "overview-normal.png"]
    for name in written:
        assert str(out / name) in r.stdout.splitlines()  # each file it writes, named
        _check_png(out / name)
    # Smaller than the plain grab, as ImageMagick's PNG8 was.
    assert (out / "overview-normal.png").stat().st_size < 120_000
    assert _docs_state() == before


def test_without_out_it_writes_a_new_folder_under_the_current_one(tmp_path):
    before = _docs_state()
    r = _run(tmp_path, "--only", "dues-normal")
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout.split() == [str(tmp_path / "screenshots" / "dues-normal.png")]
    _check_png(tmp_path / "screenshots" / "dues-normal.png")
    assert _docs_state() == before


def test_an_unknown_name_is_bad_input(tmp_path):
    r = _run(tmp_path, "--out", str(tmp_path / "o"), "--only", "no-such-page")
    assert r.returncode == 2 and "no-such-page" in r.stderr
