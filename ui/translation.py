"""Interface language: Vietnamese source strings, English from a Qt translation.

Every user-facing string in ``ui`` goes through ``tr()``; the English texts
live in ``resources/translations/cellclient_en.ts`` and are read from its
compiled ``.qm``, which is committed next to it (a test checks the two agree),
so the app runs from a checkout, a wheel or a bundle without Qt's build tools.
Messages from the core (validation, service errors) follow the same switch
through ``cellclient.i18n``.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from cellclient import i18n

log = logging.getLogger(__name__)

CATALOG = "cellclient"


def translations_dir() -> Path:
    """Next to the code in a checkout; under the bundle's folder when frozen."""
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return base / "resources" / "translations"


def qm_path(lang: str) -> Path | None:
    """The compiled catalog for ``lang``; compiled from the .ts into a temp folder
    when only the source is there and Qt's lrelease is at hand."""
    folder = translations_dir()
    qm = folder / f"{CATALOG}_{lang}.qm"
    if qm.exists():
        return qm
    ts = folder / f"{CATALOG}_{lang}.ts"
    lrelease = shutil.which("pyside6-lrelease")
    if not ts.exists() or lrelease is None:
        return None
    target = Path(tempfile.gettempdir()) / f"{CATALOG}_{lang}.qm"
    try:
        subprocess.run([lrelease, str(ts), "-qm", str(target)], check=True,
                       capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        log.warning("could not compile the %s translation", lang)
        return None
    return target


class Translations:
    """Switches the language of the whole app: Qt strings and core messages."""

    def __init__(self):
        self._translator: QTranslator | None = None
        self.language = "vi"

    def apply(self, lang: str) -> bool:
        """Use ``lang`` from now on; False when its catalog could not be loaded
        (the app then stays in Vietnamese, which every string has)."""
        app = QCoreApplication.instance()
        if self._translator is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        loaded = True
        if lang != "vi":
            path = qm_path(lang)
            translator = QTranslator(app)
            if path is not None and translator.load(str(path)):
                app.installTranslator(translator)
                self._translator = translator
            else:
                log.warning("no %s translation found; staying in Vietnamese", lang)
                loaded, lang = False, "vi"
        self.language = lang
        i18n.set_language(lang)
        QLocale.setDefault(QLocale(QLocale.Language.Vietnamese if lang == "vi"
                                   else QLocale.Language.English))
        return loaded


def translate(context: str, text: str, n: int = -1) -> str:
    return QCoreApplication.translate(context, text, None, n)
