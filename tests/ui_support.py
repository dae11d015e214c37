"""Helpers for the desktop tests: a window on a real store, run synchronously."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.conftest import TODAY
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.settings import AppSettings


def make_ctx(store, tmp_path, engine=None) -> AppContext:
    """The app's context on ``store``: settings in a file of the test's own, today fixed,
    workers synchronous so each action's outcome is there on the next line."""
    settings = AppSettings(tmp_path / "ui.ini")
    return AppContext.create(store, settings, synchronous=True, engine=engine,
                             today=lambda: TODAY)


def open_window(qtbot, ctx: AppContext, page: str | None = None) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()  # keyboard shortcuts go to the active window
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    if page:
        window.show_page(page)
    return window


def message_box() -> QMessageBox:
    """The message box open now (they open window-modal and never block)."""
    boxes = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.isVisible()]
    assert boxes, "no message box is open"
    return boxes[-1]


def click_button(qtbot, box: QMessageBox, text: str) -> None:
    from PySide6.QtCore import Qt

    [button] = [b for b in box.buttons() if b.text() == text]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def table_column(model, column: int) -> list[str]:
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def type_text(qtbot, widget, text: str) -> None:
    """Type into a line or text box. QTest has key codes for plain ASCII only, so
    Vietnamese letters arrive as an input method delivers them: inserted text."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPlainTextEdit

    for ch in text:
        if ch == "\n":
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        elif 32 <= ord(ch) < 127:
            qtbot.keyClicks(widget, ch)
        elif isinstance(widget, QPlainTextEdit):
            widget.insertPlainText(ch)
        else:
            widget.insert(ch)


def close_when_shown(kind, within: float = 10.0) -> list:
    """Answer the first dialog of ``kind`` that opens within ``within`` seconds (they
    run their own loop); after that, stop looking rather than touch a later test."""


    seen, until = [], time.monotonic() + within

    def look():
        for w in QApplication.topLevelWidgets():
            if isinstance(w, kind) and w.isVisible():
                seen.append(w)
                w.reject()
                return
        if time.monotonic() < until:
            QTimer.singleShot(50, look)

    QTimer.singleShot(50, look)
    return seen
