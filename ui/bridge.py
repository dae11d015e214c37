"""Store commits as a Qt signal, delivered on the UI thread.

``Store.subscribe`` calls its listeners on the thread that committed: a
writer thread, most of the time. Pages must only be touched on the UI thread,
so commits from another thread are queued across; a commit made on the UI
thread (synchronous mode, a test calling a service) is delivered at once.
"""

from __future__ import annotations

import logging
import weakref

import shiboken6
from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from cellclient.store import Store

log = logging.getLogger(__name__)


class StoreBridge(QObject):
    """``changed({table: {row ids}})`` after every commit that changed rows."""

    changed = Signal(dict)
    _queued = Signal(object)

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self._queued.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        ref = weakref.ref(self)

        def listener(touched: dict) -> None:
            # Runs inside the service's call after its commit: it must never raise
            # there, nor outlive the bridge (the store has no unsubscribe).
            bridge = ref()
            if bridge is None or not shiboken6.isValid(bridge):
                return
            try:
                bridge._announce({table: set(ids) for table, ids in touched.items()})
            except Exception:
                log.exception("store change notification failed")

        store.subscribe(listener)

    def _announce(self, touched: dict) -> None:
        if QThread.currentThread() is self.thread():
            self.changed.emit(touched)
        else:
            self._queued.emit(touched)

    @Slot(object)
    def _deliver(self, touched) -> None:
        self.changed.emit(touched)
