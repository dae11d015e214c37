"""Render every page of the demo cell, in normal and large text, as small PNG files.

    .venv/bin/python scripts/screenshots.py [--out DIR] [--only NAME ...]

``--out``: the folder to write into (default: ``screenshots/`` in the current folder;
the README's images are made with ``--out docs/screenshots``). ``--only NAME``: just
that image (``overview-normal``), or both sizes of it (``overview``); may be repeated.
Each file written is printed. The images are reduced to 128 colours with Qt alone (what
ImageMagick's ``-dither None -colors 128 PNG8:`` did): a third of the size, same text.

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
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Qt's offscreen screen is 800x800 unless told otherwise: make it the old laptop's.
SCREEN = Path(tempfile.gettempdir()) / "cellclient-screen.json"
SCREEN.write_text('{"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, '
                  '"height": 768, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}')
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={SCREEN}"
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
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
COLORS = 128
SIZES = ("normal", "large")


class Shots:
    """Where the images go and which are wanted; what was written."""

    def __init__(self, out: Path, only: list[str] | None):
        self.out, self.only = out, set(only or ())
        self.seen: set[str] = set()
        self.written: list[Path] = []

    def wanted(self, name: str) -> bool:
        self.seen.update((name, name.rsplit("-", 1)[0]))
        return not self.only or bool({name, name.rsplit("-", 1)[0]} & self.only)

    def wants_size(self, size: str) -> bool:
        return not self.only or any(n.endswith(f"-{size}") or not n.endswith(SIZES)
                                    for n in self.only)


def settle(app: QApplication, rounds: int = 6) -> None:
    for _ in range(rounds):
        app.processEvents()


def save(widget: QWidget, shots: Shots, name: str, app: QApplication) -> None:
    if not shots.wanted(name):
        return
    settle(app)
    path = shots.out / f"{name}.png"
    if not few_colors(widget.grab().toImage()).save(str(path), "PNG", 0):  # 0: smallest file
        raise SystemExit(f"screenshots: could not write {path}")
    shots.written.append(path)
    print(path, flush=True)


def few_colors(image: QImage, colors: int = COLORS) -> QImage:
    """An indexed image of at most ``colors`` colours, without dithering (text stays as
    crisp as drawn): the palette by a weighted median cut of the colours used, each pixel
    then mapped by Qt to its nearest palette colour."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB32)
    used = Counter(memoryview(rgb.constBits()).cast("I"))  # 0xffRRGGBB, one per pixel
    if len(used) <= colors:
        palette = list(used)
    else:
        palette = [_mean(box) for box in _median_cut(list(used.items()), colors)]
    return rgb.convertToFormat(QImage.Format.Format_Indexed8, palette,
                               Qt.ImageConversionFlag.ThresholdDither)


def _channels(pixel: int) -> tuple[int, int, int]:
    return (pixel >> 16) & 0xFF, (pixel >> 8) & 0xFF, pixel & 0xFF


def _spread(box: list[tuple[int, int]]) -> tuple[int, int]:
    """The widest channel of a box of (pixel, count) and how wide it is."""
    values = [_channels(p) for p, _ in box]
    widths = [max(v[c] for v in values) - min(v[c] for v in values) for c in range(3)]
    widest = max(range(3), key=widths.__getitem__)
    return widest, widths[widest]


def _median_cut(pixels: list[tuple[int, int]], colors: int) -> list[list[tuple[int, int]]]:
    boxes = [pixels]
    while len(boxes) < colors:
        # Split where it matters most: many pixels over a wide range of one channel.
        scored = [(_spread(b)[1] * sum(n for _, n in b), i) for i, b in enumerate(boxes)
                  if len(b) > 1]
        if not scored:
            break
        _, index = max(scored)
        box = boxes.pop(index)
        channel = _spread(box)[0]
        box.sort(key=lambda item: _channels(item[0])[channel])
        half, running, cut = sum(n for _, n in box) / 2, 0, 0
        while cut < len(box) - 1 and running < half:  # the weighted median
            running += box[cut][1]
            cut += 1
        cut = max(cut, 1)
        boxes += [box[:cut], box[cut:]]
    return boxes


def _mean(box: list[tuple[int, int]]) -> int:
    total = sum(n for _, n in box)
    r, g, b = (round(sum(_channels(p)[c] * n for p, n in box) / total) for c in range(3))
    return 0xFF000000 | (r << 16) | (g << 8) | b


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


def shoot(app: QApplication, shots: Shots, size: str, store: Store, folder: Path) -> None:
    apply_text_size(app, TEXT_SIZES[size], FONT)
    settings = AppSettings(folder / f"ui-{size}.ini")
    settings.text_size = size
    ctx = AppContext.create(store, settings, synchronous=True, today=lambda: TODAY)
    window = MainWindow(ctx)
    window.resize(*SIZE)
    window.show()
    for key in window.pages:
        window.show_page(key)
        save(window, shots, f"{key}-{size}", app)
    window.show_page("meetings")
    editor = window.pages["meetings"].editor
    for index, name in ((1, "attendance"), (2, "minutes")):
        editor.tabs.setCurrentIndex(index)
        save(window, shots, f"meeting-{name}-{size}", app)
    scroll = editor.minutes.findChild(QScrollArea).verticalScrollBar()
    scroll.setValue(scroll.maximum())  # the resolution, the vote and the pass rule
    save(window, shots, f"meeting-vote-{size}", app)
    members = window.pages["members"]
    window.show_page("members")
    members.select(members.model.member_at(1).id)
    members.edit_member()
    save(members.dialog, shots, f"member-dialog-{size}", app)
    members.dialog.reject()
    dues = window.pages["dues"]
    window.show_page("dues")
    dues.select(next(x for x in dues.model.lines if x.owed).member_id)
    dues.record_payment()
    save(dues.dialog, shots, f"payment-dialog-{size}", app)
    dues.dialog.reject()
    window.close()
    wizard = FirstStartWizard(folder / "new", enroll_with_server, Runner(synchronous=True))
    wizard.show()
    save(wizard, shots, f"wizard-{size}", app)
    wizard.steps.setCurrentIndex(2)
    save(wizard, shots, f"wizard-enroll-{size}", app)
    wizard.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path.cwd() / "screenshots",
                        help="folder to write into (default: ./screenshots; the README's "
                             "images: --out docs/screenshots)")
    parser.add_argument("--only", action="append", metavar="NAME",
                        help="just this image (overview-normal) or both its sizes (overview)")
    args = parser.parse_args()
    shots = Shots(args.out.resolve(), args.only)
    shots.out.mkdir(parents=True, exist_ok=True)
    app = create_application([])
    Translations().apply("vi")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = Store.open(folder / "demo.db", secrets.token_bytes(32), "demo")
        build_demo(store, today=TODAY)
        add_conflict(store, folder)
        for size in SIZES:
            if shots.wants_size(size):
                shoot(app, shots, size, store, folder)
        store.close()
    unknown = sorted(shots.only - shots.seen)
    if unknown:
        parser.error(f"no such image: {', '.join(unknown)}")


if __name__ == "__main__":
    main()
