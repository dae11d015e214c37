"""Render every page of the demo cell into docs/screenshots/, in normal and large text.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Offscreen (no display needed), Vietnamese, DejaVu Sans (full Vietnamese
coverage), a 1366x768 window as on the old laptops the app is made for. The
sync page gets one conflict from a second replica so its review is shown.
Look at every image: text that is cut off or overlaps is a bug.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Qt's offscreen screen is 800x800 unless told otherwise: make it the old laptop's.
SCREEN = Path(tempfile.gettempdir()) / "cellclient-screen.json"
SCREEN.write_text('{"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, '
                  '"height": 768, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}')
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={SCREEN}"
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication, QScrollArea, QWidget  # noqa: E402

from cellclient.demo import build_demo  # noqa: E402
from cellclient.replica import apply_remote_changes, unsent_changes  # noqa: E402
from cellclient.services.cells import current_cell  # noqa: E402
from cellclient.services.members import edit_member, list_members  # noqa: E402
from cellclient.store import Store  # noqa: E402
from ui.app import create_application  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.dialogs.wizard import FirstStartWizard  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.settings import TEXT_SIZES, AppSettings  # noqa: E402
from ui.startup import enroll_with_server  # noqa: E402
from ui.style import apply_text_size  # noqa: E402
from ui.translation import Translations  # noqa: E402
from ui.workers import Runner  # noqa: E402

TODAY = dt.date(2026, 11, 20)
SIZE = (1366, 768)
FONT = "DejaVu Sans"


def settle(app: QApplication, rounds: int = 6) -> None:
    for _ in range(rounds):
        app.processEvents()


def save(widget: QWidget, out: Path, name: str, app: QApplication) -> None:
    settle(app)
    path = out / f"{name}.png"
    widget.grab().save(str(path))
    if shutil.which("convert"):  # ImageMagick, if there: a third of the size, same text
        subprocess.run(["convert", str(path), "-dither", "None", "-colors", "128",
                        f"PNG8:{path}"], check=True)
    print(path)


def add_conflict(store: Store, folder: Path) -> None:
    """Two devices edit one phone number offline; the other device's write wins here."""
    other = Store.open(folder / "other.db", secrets.token_bytes(32), "maykhac")
    with other.transaction() as tx:
        apply_remote_changes(tx, [lc.change for lc in unsent_changes(store)])
    member = list_members(store, current_cell(store).id)[2]
    edit_member(store, member.id, phone="0912345678", today=TODAY)
    edit_member(other, member.id, phone="0987654321", today=TODAY)
    with store.transaction() as tx:
        apply_remote_changes(tx, [lc.change for lc in unsent_changes(other)
                                  if lc.change.field == "phone"])
    other.close()


def shoot(app: QApplication, out: Path, size: str, store: Store, folder: Path) -> None:
    apply_text_size(app, TEXT_SIZES[size], FONT)
    settings = AppSettings(folder / f"ui-{size}.ini")
    settings.text_size = size
    ctx = AppContext.create(store, settings, synchronous=True, today=lambda: TODAY)
    window = MainWindow(ctx)
    window.resize(*SIZE)
    window.show()
    for key in window.pages:
        window.show_page(key)
        save(window, out, f"{key}-{size}", app)
    window.show_page("meetings")
    editor = window.pages["meetings"].editor
    for index, name in ((1, "attendance"), (2, "minutes")):
        editor.tabs.setCurrentIndex(index)
        save(window, out, f"meeting-{name}-{size}", app)
    scroll = editor.minutes.findChild(QScrollArea).verticalScrollBar()
    scroll.setValue(scroll.maximum())  # the resolution, the vote and the pass rule
    save(window, out, f"meeting-vote-{size}", app)
    members = window.pages["members"]
    window.show_page("members")
    members.select(members.model.member_at(1).id)
    members.edit_member()
    save(members.dialog, out, f"member-dialog-{size}", app)
    members.dialog.reject()
    dues = window.pages["dues"]
    window.show_page("dues")
    dues.select(next(x for x in dues.model.lines if x.owed).member_id)
    dues.record_payment()
    save(dues.dialog, out, f"payment-dialog-{size}", app)
    dues.dialog.reject()
    window.close()
    wizard = FirstStartWizard(folder / "new", enroll_with_server, Runner(synchronous=True))
    wizard.show()
    save(wizard, out, f"wizard-{size}", app)
    wizard.steps.setCurrentIndex(2)
    save(wizard, out, f"wizard-enroll-{size}", app)
    wizard.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    out = Path(parser.parse_args().out)
    out.mkdir(parents=True, exist_ok=True)
    app = create_application([])
    Translations().apply("vi")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = Store.open(folder / "demo.db", secrets.token_bytes(32), "demo")
        build_demo(store, today=TODAY)
        add_conflict(store, folder)
        for size in ("normal", "large"):
            shoot(app, out, size, store, folder)
        store.close()


if __name__ == "__main__":
    main()
