"""Start-up of the desktop app: language, text size, profile (wizard or unlock), window."""

from __future__ import annotations

import argparse
import gc
import logging
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from cellclient import profile as profiles
from cellclient.errors import CellClientError
from cellclient.keys import passphrase_from_env
from cellclient.paths import data_dir as default_data_dir
from cellclient.services.cells import current_cell, has_cell
from cellclient.store import Store

from .context import AppContext
from .dialogs.first_sync import FirstSyncDialog
from .dialogs.unlock import UnlockDialog
from .dialogs.wizard import FirstStartWizard
from .main_window import MainWindow
from .settings import LANGUAGES, AppSettings
from .style import STYLESHEET, app_icon, apply_text_size
from .sync_controller import SyncEngine
from .translation import Translations
from .workers import Runner

log = logging.getLogger("ui")



def make_sync_engine(store: Store, folder: Path) -> SyncEngine | None:
    """The sync engine of this profile; until it is enrolled it says so, and the
    sync page offers to enroll."""
    from sync.desktop import DesktopSyncEngine  # HTTP is loaded only with the window

    return DesktopSyncEngine(store, folder)


def enroll_with_server(folder: Path, url: str, username: str, code: str) -> Store:
    """First-start enrollment, on the network worker: makes the profile and enrolls it
    (nothing is left when the server says no). The cell comes with the first sync."""
    from sync.enroll import enroll_profile

    return enroll_profile(folder, url, username, code)[1]


def create_application(qt_args: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("cellclient")
    app.setApplicationDisplayName(QCoreApplication.translate("App", "Chi bộ số"))
    app.setOrganizationName("cellclient")
    app.setWindowIcon(app_icon())
    app.setStyleSheet(STYLESHEET)
    return app


def open_profile(folder: Path, settings: AppSettings) -> Store | None:
    """The store of the profile in ``folder``: made by the wizard on first start,
    unlocked with a passphrase where there is no keyring. None: the person left."""
    if not profiles.exists(folder):
        wizard = FirstStartWizard(folder, enroll_with_server)
        return wizard.store if wizard.exec() else None
    try:
        if profiles.load(folder).key_mode == "passphrase" and passphrase_from_env() is None:
            unlock = UnlockDialog(folder)
            return unlock.store if unlock.exec() else None
        return profiles.open_store(folder)[1]
    except CellClientError as exc:
        QMessageBox.critical(None, QCoreApplication.translate("App", "Chi bộ số"), str(exc))
        return None


def fetch_cell(store: Store, engine: SyncEngine | None, settings: AppSettings) -> bool:
    """Whether the profile's cell is here, after a first sync when it has to come from the
    server (just enrolled, or the last start ended before it arrived)."""
    if has_cell(store):
        return True
    if engine is None or not engine.is_enrolled():
        try:
            current_cell(store)  # raises the core's words for "this profile has no cell"
        except CellClientError as exc:
            QMessageBox.critical(None, QCoreApplication.translate("App", "Chi bộ số"), str(exc))
        return False
    runner = Runner()
    try:
        return bool(FirstSyncDialog(store, engine, settings, runner).exec())
    finally:
        runner.wait()


def settle_memory() -> None:
    """Move what start-up made (Qt bindings, modules, the first pages) out of the
    garbage collector's sight. A full collection walks every live object while
    holding the interpreter lock, which stalls the window even when the work is on
    another thread; with start-up's objects frozen, those walks are short.
    (bench/ui.py: the longest stall during a 10,000-row import roughly halves.)"""
    gc.collect()
    gc.freeze()


def warm_up() -> None:
    """Load the spreadsheet reader ahead of need, on a worker while the person reads
    the first page: loaded on the first import instead, it stalled the window by
    about 100 ms (bench/ui.py)."""
    import openpyxl  # noqa: F401
    import openpyxl.reader.excel  # noqa: F401
    import openpyxl.worksheet._read_only  # noqa: F401


def _log_uncaught(kind, value, tb) -> None:
    # Type and place only: the message of an error may carry a member's data.
    log.error("uncaught %s\n%s", kind.__name__, "".join(traceback.format_tb(tb)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cellclient")
    parser.add_argument("--data-dir")
    parser.add_argument("--lang", choices=LANGUAGES)
    args, qt_args = parser.parse_known_args(argv if argv is not None else sys.argv[1:])
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s: %(message)s")
    sys.excepthook = _log_uncaught
    app = create_application(qt_args)
    settings = AppSettings()
    if args.lang:
        settings.language = args.lang
    translations = Translations()
    translations.apply(settings.language)
    apply_text_size(app, settings.point_size)
    folder = default_data_dir(args.data_dir)
    store = open_profile(folder, settings)
    if store is None:
        return 1
    engine = make_sync_engine(store, folder)
    if not fetch_cell(store, engine, settings):
        store.close()
        return 1
    try:
        ctx = AppContext.create(store, settings, translations=translations, engine=engine,
                                data_dir=folder)
    except CellClientError as exc:
        QMessageBox.critical(None, QCoreApplication.translate("App", "Chi bộ số"), str(exc))
        store.close()
        return 1
    window = MainWindow(ctx)
    window.show()
    ctx.runner.read(warm_up, done=lambda _none: settle_memory())
    code = app.exec()
    ctx.runner.wait()
    store.close()
    return code
