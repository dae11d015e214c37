"""Refresh the interface translations: collect ui/ strings into the .ts, compile the .qm.

    .venv/bin/python scripts/translations.py

``pyside6-lupdate`` adds new strings to ``resources/translations/cellclient_en.ts``
(marked unfinished) and drops vanished ones; translate them in Qt Linguist
(``pyside6-linguist``) or any text editor, then run this again so that the
``.qm`` the app loads is compiled from the finished ``.ts``. Both files are
committed; ``tests/test_ui_translations.py`` fails while they disagree.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "cellclient_en.ts"


def tool(name: str) -> str:
    found = Path(sys.executable).parent / name
    return str(found) if found.exists() else name


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))


def update(ts: Path = TS) -> None:
    subprocess.run([tool("pyside6-lupdate"), *sources(), "-ts", str(ts), "-target-language", "en",
                    "-locations", "none", "-no-obsolete", "-silent"], cwd=ROOT, check=True)


def release(ts: Path = TS, qm: Path | None = None) -> Path:
    qm = qm or ts.with_suffix(".qm")
    subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(qm), "-silent"], check=True)
    return qm


if __name__ == "__main__":
    update()
    release()
    print(f"updated {TS.relative_to(ROOT)} and its .qm")
