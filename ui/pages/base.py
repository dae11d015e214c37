"""What every page shares: it listens to store changes and reloads when it matters."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from .. import messages
from ..context import AppContext


class Page(QWidget):
    """A page of the main window.

    ``tables``: the tables whose changes make this page reload. A hidden page
    only notes that it is out of date and reloads when shown, so a save on one
    page does not make five pages query the store.
    """

    key = ""
    tables: frozenset[str] = frozenset()

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._stale = True
        ctx.bridge.changed.connect(self._on_store_changed)

    def _on_store_changed(self, touched: dict) -> None:
        if self.tables.intersection(touched):
            self.out_of_date()

    def out_of_date(self) -> None:
        """Reload now when shown, else when next shown."""
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        """Fetch what the page shows (in the background) and show it."""
        self._stale = False

    def flush(self) -> None:
        """Save anything pending (a draft) before the window closes or rebuilds."""

    def detach(self) -> None:
        """Stop listening (the window is rebuilding its pages)."""
        try:
            self.ctx.bridge.changed.disconnect(self._on_store_changed)
        except (RuntimeError, TypeError):
            pass

    def show_error(self, error: BaseException) -> None:
        messages.show_error(self, error)
