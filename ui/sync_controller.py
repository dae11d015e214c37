"""The seam between the desktop app and the sync engine.

The engine (``sync/desktop.py``) does the network work on a worker thread and
knows nothing of Qt. ``SyncEngine`` is what the app needs from it;
``SyncController`` runs it through the workers, keeps the auto-sync timer and
tells the status bar and the sync page what happened. Until the profile is
enrolled, the controller reports "not connected to a server" and the sync page
offers to connect.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from cellclient.errors import CellClientError

from .settings import AppSettings
from .workers import Job, Runner


@dataclass
class RejectedChange:
    """A change the server refused, in words a person can act on."""

    record: str
    field: str
    reason: str


@dataclass
class SyncReport:
    """The outcome of one sync, for the status bar and the sync page."""

    ok: bool
    sent: int = 0
    received: int = 0
    conflicts: int = 0
    rejected: int = 0
    cancelled: bool = False
    message: str = ""  # plain words from the engine when something went wrong
    finished_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


class SyncEngine(Protocol):
    """What the app calls on the sync engine; every method may run on a worker thread."""

    def server_url(self) -> str | None: ...

    def is_enrolled(self) -> bool: ...

    def check_server(self) -> bool:
        """Whether the server answers now (a cheap request)."""
        ...

    def sync(self, report: Callable[[int, int], None], cancelled: Callable[[], bool]) -> SyncReport:
        """Push and pull until done; ``report(done, total)`` as it goes; stop soon
        after ``cancelled()`` turns true, keeping everything consistent."""
        ...

    def last_report(self) -> SyncReport | None: ...

    def rejected_changes(self) -> list[RejectedChange]: ...

    def enroll(self, url: str, username: str, code: str, ca_bundle: str | None = None) -> None:
        """Trade a one-time code for a device token (kept in the keyring); ``ca_bundle``:
        the organisation's certificate file, for a server that uses its own authority."""
        ...


class ServerFeatureMissing(CellClientError):
    """Asked to reach a server while this build has no sync engine."""


class SyncController(QObject):
    """Sync state for the UI; ``changed`` after anything the status bar shows."""

    changed = Signal()
    progress = Signal(int, int)

    def __init__(self, runner: Runner, settings: AppSettings, engine: SyncEngine | None = None,
                 parent=None):
        super().__init__(parent)
        self.runner = runner
        self.settings = settings
        self.engine = engine
        self.reachable: bool | None = None
        self.last_report: SyncReport | None = engine.last_report() if engine else None
        self._job: Job | None = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._auto_sync)
        self.set_auto_minutes(settings.auto_sync_minutes)

    # -- state -----------------------------------------------------------

    @property
    def available(self) -> bool:
        """A server is set up for this profile (an engine is there and enrolled)."""
        return self.engine is not None and self.engine.is_enrolled()

    @property
    def running(self) -> bool:
        return self._job is not None and not self._job.finished

    def server_url(self) -> str | None:
        return self.engine.server_url() if self.available else None

    def rejected_changes(self) -> list[RejectedChange]:
        return self.engine.rejected_changes() if self.available else []

    # -- actions ---------------------------------------------------------

    def set_auto_minutes(self, minutes: int) -> None:
        self.settings.auto_sync_minutes = minutes
        self._timer.stop()
        if minutes > 0 and self.available:
            self._timer.start(minutes * 60_000)

    def sync_now(self) -> bool:
        """Start a sync; False when none can start (no server, one already running)."""
        if not self.available or self.running:
            return False
        self._job = self.runner.network(self._run_sync, done=self._finished,
                                      failed=self._failed, progress=self.progress.emit)
        self.changed.emit()
        return True

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()

    def check_server(self) -> None:
        if self.available:
            self.runner.network(self.engine.check_server, done=self._reachability,
                             failed=lambda _e: self._reachability(False))

    def enroll(self, url: str, username: str, code: str, ca_bundle: str | None = None,
               done=None, failed=None) -> None:
        """Connect this profile to a server (on the network worker); then the timer and
        everything that shows the server follow."""
        if self.engine is None:
            if failed is not None:
                failed(ServerFeatureMissing(self.tr(
                    "Bản cài đặt này không có phần đồng bộ với máy chủ. Bạn vẫn làm việc "
                    "đầy đủ trên máy này, không cần mạng.")))
            return

        def enrolled(result) -> None:
            self.set_auto_minutes(self.settings.auto_sync_minutes)
            self.changed.emit()
            if done is not None:
                done(result)

        self.runner.network(self.engine.enroll, url, username, code, ca_bundle, done=enrolled,
                            failed=failed)

    # -- plumbing --------------------------------------------------------

    def _run_sync(self, job: Job) -> SyncReport:
        return self.engine.sync(job.report, lambda: job.cancelled)

    def _auto_sync(self) -> None:
        if self.available and not self.running:
            self.runner.network(self.engine.check_server, done=self._reachable_then_sync,
                             failed=lambda _e: self._reachability(False))

    def _reachable_then_sync(self, ok: bool) -> None:
        self._reachability(ok)
        if ok:
            self.sync_now()

    def _reachability(self, ok: bool) -> None:
        self.reachable = bool(ok)
        self.changed.emit()

    def _finished(self, report: SyncReport) -> None:
        self.last_report = report
        self.reachable = True if report.ok else self.reachable
        self._job = None
        self.changed.emit()

    def _failed(self, error: BaseException) -> None:
        self.last_report = SyncReport(ok=False, message=str(error))
        self._job = None
        self.changed.emit()
