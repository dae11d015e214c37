"""Start-up of the desktop app: language, text size, the profile (``startup.py``), window."""

from __future__ import annotations

import argparse
import gc
import logging
import sys
import traceback

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from cellclient.errors import CellClientError
from cellclient.paths import data_dir as default_data_dir

from .context import AppContext
from .main_window import MainWindow
from .settings import LANGUAGES, AppSettings
from .startup import open_cell_profile
from .style import STYLESHEET, app_icon, apply_text_size
from .translation import Translations

log = logging.getLogger("ui")


def create_application(qt_args: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("cellclient")
    app.setApplicationDisplayName(QCoreApplication.translate("App", "Chi bộ số"))
    app.setOrganizationName("cellclient")
    app.setWindowIcon(app_icon())
    app.setStyleSheet(STYLESHEET)
    return app


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


def parse_args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """The window's own options; the rest goes to Qt."""
    parser = argparse.ArgumentParser(prog="cellclient", description="Chi bộ số")
    parser.add_argument("--data-dir", help="profile folder (default: the user data dir)")
    parser.add_argument("--lang", choices=LANGUAGES, help="language of the interface")
    parser.add_argument("--demo", action="store_true",
                        help="first start: make the demo cell (asks for a data passphrase "
                             "where there is no OS keyring); a profile with data opens as usual")
    return parser.parse_known_args(argv)


def main(argv: list[str] | None = None, settings: AppSettings | None = None) -> int:
    args, qt_args = parse_args(argv if argv is not None else sys.argv[1:])
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s: %(message)s")
    sys.excepthook = _log_uncaught
    app = create_application(qt_args)
    settings = settings or AppSettings()
    if args.lang:
        settings.language = args.lang
    translations = Translations()
    translations.apply(settings.language)
    apply_text_size(app, settings.point_size)
    folder = default_data_dir(args.data_dir)
    opened = open_cell_profile(folder, settings, demo=args.demo)
    if opened is None:
        return 1
    store, engine = opened
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
