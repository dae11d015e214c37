"""Desktop benchmark: a 10,000-member profile, the members page, search, and an import.

    .venv/bin/python bench/ui.py [--members 10000] [--import-rows 10000] [--edits 1000]

Runs offscreen with the real workers (not the synchronous test mode). Prints
one table:

- opening the members page: from building the page to 10,000 rows shown;
- each search keystroke: the time from the key press until the table shows
  the result and has repainted (goal: 50 ms or less);
- the longest stall of the event loop while an Excel import of
  ``--import-rows`` members runs in the writer thread (goal: 100 ms or less),
  measured by a 5 ms timer on the UI thread, up to the page showing the new list;
- a sync from the app, with the members page open: a real ``cellserver`` on
  127.0.0.1 (``tests.server_proc``) holds a cell whose ``--members`` members the
  secretary's device has sent; a second device of the cell (enrolled while the
  cell was still empty, since the window opens only once its cell is there)
  pulls them all (one change per field: about 19 per member, some 40 pages)
  through ``DesktopSyncEngine`` on the network worker, while the open page
  reloads after each page pulled (one transaction each). Measured from
  ``sync_now()``: the wall time until the sync ends and until the page shows
  every member, and the longest stall of the event loop (same timer; goal:
  100 ms or less). Then the same device edits ``--edits`` members and syncs
  again: the stall while pushing them.

The sync part needs the server's dependencies (``pip install -e '.[server]'``);
without them its rows say why they were not measured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import keyring  # noqa: E402
import openpyxl  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from cellclient.demo_people import person  # noqa: E402
from cellclient.services.cells import create_cell  # noqa: E402
from cellclient.services.members import add_members, edit_member, list_members  # noqa: E402
from cellclient.store import Store  # noqa: E402
from sync.client import SyncOptions  # noqa: E402
from sync.desktop import DesktopSyncEngine  # noqa: E402
from tests.memkeyring import MemoryKeyring  # noqa: E402
from tests.server_proc import server_unavailable_reason, start_server  # noqa: E402
from tests.sync_support import Device, Provisioner  # noqa: E402
from ui.app import settle_memory, warm_up  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.dialogs.import_dialog import ImportDialog  # noqa: E402
from ui.pages.members import MembersPage  # noqa: E402
from ui.settings import AppSettings  # noqa: E402

TODAY = dt.date(2026, 11, 20)
TYPED = ["nguyen van anh", "tran thi", "le duc", "0010", "hoa", "phạm minh"]


def people(n: int, seed: int, taken: set[str]) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    while len(rows) < n:
        p = person(rng, TODAY)
        if p["national_id"] not in taken:
            taken.add(p["national_id"])
            rows.append(p)
    return rows


def wait_until(app: QApplication, condition, timeout: float = 120.0) -> None:
    """Run Qt's own event loop (as the app does) until ``condition()`` holds."""
    if condition():
        return
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(10)
    end = time.perf_counter() + timeout

    def check():
        if condition() or time.perf_counter() > end:
            loop.quit()

    poll.timeout.connect(check)
    poll.start()
    loop.exec()
    poll.stop()
    if not condition():
        raise TimeoutError


def write_list(path: Path, rows: list[dict]) -> None:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách")
    ws.append(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Số điện thoại"])
    for i, p in enumerate(rows, 1):
        name = " ".join(x for x in (p["family_name"], p["middle_name"], p["given_name"]) if x)
        birth = dt.date.fromisoformat(p["birth_date"]).strftime("%d/%m/%Y")
        ws.append([i, name, birth, "Nam" if p["sex"] == "male" else "Nữ", p["national_id"],
                   p["phone"]])
    wb.save(path)


class StallMeter:
    """The longest gap between ticks of a 5 ms timer: how long the UI could not react."""

    def __init__(self):
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.worst = 0
        self.last = 0

    def start(self) -> None:
        self.clock.start()
        self.last = 0
        self.worst = 0
        self.timer.start()

    def _tick(self) -> None:
        now = self.clock.elapsed()
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def stop(self) -> int:
        self.timer.stop()
        self._tick()
        return self.worst


def measure_local(app: QApplication, folder: Path, args) -> list[tuple[str, str, str]]:
    """A local profile of ``--members``: opening the members page, search, an import."""
    results: list[tuple[str, str, str]] = []
    store = Store.open(folder / "bench.db", secrets.token_bytes(32), "bench")
    cell = create_cell(store, "Chi bộ Bench")
    taken: set[str] = set()
    add_members(store, cell.id, people(args.members, 7, taken), today=TODAY)
    incoming = people(args.import_rows, 8, taken)
    write_list(folder / "danh-sach.xlsx", incoming)
    ctx = AppContext.create(store, AppSettings(folder / "ui.ini"), today=lambda: TODAY)
    warm_up()  # as the app does once its window is up
    settle_memory()

    start = time.perf_counter()
    page = MembersPage(ctx)
    page.resize(1200, 700)
    page.show()
    wait_until(app, lambda: page.model.rowCount() == args.members)
    app.processEvents()
    opened = time.perf_counter() - start
    results.append((f"open the members page ({args.members} members)",
                    f"{opened * 1000:.0f} ms", "-"))

    keystrokes = []
    for query in TYPED:
        page.search.clear()
        app.processEvents()
        for ch in query:
            begin = time.perf_counter()
            if ch.isascii():
                QTest.keyClick(page.search, ch)
            else:  # QTest has no key codes for Vietnamese letters: as an input method
                page.search.insert(ch)
            page.table.viewport().repaint()
            app.processEvents()
            keystrokes.append(time.perf_counter() - begin)
    ms = sorted(k * 1000 for k in keystrokes)
    results.append((f"search keystroke, median of {len(ms)}",
                    f"{statistics.median(ms):.1f} ms", "≤ 50 ms"))
    results.append(("search keystroke, worst", f"{ms[-1]:.1f} ms", "≤ 50 ms"))
    page.search.clear()

    dialog = ImportDialog(ctx, parent=page)
    dialog.show()
    dialog.path.setText(str(folder / "danh-sach.xlsx"))
    meter = StallMeter()
    meter.start()
    begin = time.perf_counter()
    QTest.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    wait_until(app, lambda: dialog.import_button.isEnabled() or "lỗi" in dialog.status.text())
    checked = time.perf_counter() - begin
    check_stall = meter.stop()
    if not dialog.import_button.isEnabled():
        raise SystemExit(dialog.status.text())
    meter.start()
    begin = time.perf_counter()
    total = args.members + args.import_rows
    QTest.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_until(app, lambda: page.model.rowCount() == total)
    imported = time.perf_counter() - begin
    import_stall = meter.stop()
    results.append((f"import check (dry run) of {args.import_rows} rows, wall time",
                    f"{checked:.1f} s", "-"))
    results.append(("longest event-loop stall during the check", f"{check_stall} ms",
                     "≤ 100 ms"))
    results.append((f"import of {args.import_rows} rows until the page shows {total}",
                    f"{imported:.1f} s", "-"))
    results.append(("longest event-loop stall during the import", f"{import_stall} ms",
                    "≤ 100 ms"))
    ctx.runner.wait()
    dialog.close()
    page.close()
    store.close()
    return results


# -- a sync from the app ------------------------------------------------------------------


def enroll(prov: Provisioner, server, folder: Path, role: str, cell: str) -> Device:
    """A device of ``cell`` enrolled over HTTP, with the engine's default options (the
    tests' fast ones only shorten waits, but the bench should sync as the app does)."""
    user = prov.user(role, cell)
    return Device(folder, server.url, user, prov.code(user), SyncOptions())


def fill_cell(prov: Provisioner, server, folder: Path, cell: str, members: int) -> None:
    """The secretary's device adds the cell's members in one go and sends them."""
    secretary = enroll(prov, server, folder, "secretary", cell)
    try:
        secretary.sync()
        add_members(secretary.store, cell, people(members, 9, set()), today=TODAY)
        secretary.sync()
    finally:
        secretary.close()


def timed_sync(app: QApplication, ctx: AppContext, shown) -> tuple[float, float, int, object]:
    """Sync as the sync button does and wait for the page: (seconds until the sync
    ended, seconds until ``shown()`` holds and no reload is pending, longest stall in
    ms, the sync's report)."""
    ended: list[float] = []

    def note_end() -> None:
        if not ctx.sync.running and not ended:
            ended.append(time.perf_counter())

    ctx.sync.changed.connect(note_end)
    meter = StallMeter()
    meter.start()
    begin = time.perf_counter()
    if not ctx.sync.sync_now():
        raise SystemExit("the sync did not start (device not enrolled?)")
    # runner.busy: the page's last reload has been shown too, not only asked for.
    wait_until(app, lambda: bool(ended) and not ctx.runner.busy and shown(), timeout=900)
    total = time.perf_counter() - begin
    stall = meter.stop()
    ctx.sync.changed.disconnect(note_end)
    report = ctx.sync.last_report
    if report is None or not report.ok:
        raise SystemExit(f"the sync failed: {report.message if report else '?'}")
    return ended[0] - begin, total, stall, report


def edit_phones(store: Store, cell: str, count: int) -> None:
    """``count`` members get a new phone number on this device, in one transaction:
    the page reloads once before the measure, not ``count`` times."""
    rng = random.Random(10)
    with store.transaction():
        for m in list_members(store, cell)[:count]:
            edit_member(store, m.id, today=TODAY, phone=f"09{rng.randrange(10**8):08d}")


def measure_sync(app: QApplication, folder: Path, members: int,
                 edits: int) -> list[tuple[str, str, str]]:
    """A real server, a cell of ``members`` members, and a window's sync of them."""
    reason = server_unavailable_reason()
    if reason:
        return [("longest event-loop stall during a sync", "not measured", reason)]
    keyring.set_keyring(MemoryKeyring())  # device tokens live and die with the bench
    server = start_server(f"sqlite:///{folder / 'server.db'}", folder / "server")
    prov = Provisioner(server)
    try:
        cell = prov.cell("Chi bộ Bench đồng bộ")
        desk = enroll(prov, server, folder / "desk", "deputy", cell)
        desk.sync()  # brings the cell, still empty: the window opens only once it is there
        fill_cell(prov, server, folder / "secretary", cell, members)
        try:
            return sync_in_window(app, desk, members, edits)
        finally:
            desk.close()
    finally:
        prov.close()
        server.stop()


def sync_in_window(app: QApplication, desk: Device, members: int,
                   edits: int) -> list[tuple[str, str, str]]:
    """The device's profile in the app (engine, context, members page shown), then the
    timed syncs."""
    engine = DesktopSyncEngine(desk.store, desk.folder, SyncOptions())
    ctx = AppContext.create(desk.store, AppSettings(desk.folder / "ui.ini"), engine=engine,
                            data_dir=desk.folder, today=lambda: TODAY)
    page = MembersPage(ctx)
    page.resize(1200, 700)
    page.show()
    wait_until(app, lambda: not ctx.runner.busy)
    settle_memory()  # as the app does once its window is up
    results = []
    synced, shown, stall, report = timed_sync(
        app, ctx, lambda: page.model.rowCount() == members)
    name = f"sync pulling {members} members ({report.received:,} changes)"
    results.append((f"{name}: wall time of the sync", f"{synced:.1f} s", "-"))
    results.append((f"{name}: until the page shows {members}", f"{shown:.1f} s", "-"))
    results.append((f"{name}: longest event-loop stall", f"{stall} ms", "≤ 100 ms"))
    if edits:
        edit_phones(desk.store, ctx.cell_id, edits)
        wait_until(app, lambda: not ctx.runner.busy)
        synced, _shown, stall, report = timed_sync(app, ctx, lambda: True)
        name = f"sync pushing {edits} member edits ({report.sent:,} changes)"
        results.append((f"{name}: wall time", f"{synced:.1f} s", "-"))
        results.append((f"{name}: longest event-loop stall", f"{stall} ms", "≤ 100 ms"))
    ctx.runner.wait()
    page.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--edits", type=int, default=1000,
                        help="member edits pushed by the second sync (0: none)")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "local").mkdir()
        results = measure_local(app, folder / "local", args)
        gc.collect()  # the local profile's pages and members, before the sync's timing
        results += measure_sync(app, folder / "sync", args.members, args.edits)
    width = max(len(r[0]) for r in results)
    print(f"{'measure'.ljust(width)}  {'result':>14}  goal")
    print(f"{'-' * width}  {'-' * 14}  {'-' * 10}")
    for name, value, goal in results:
        print(f"{name.ljust(width)}  {value:>14}  {goal}")


if __name__ == "__main__":
    main()
