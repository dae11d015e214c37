"""The engine as the desktop app sees it: the ``SyncEngine`` seam of ``ui/sync_controller.py``.

The app plugs it in with ``DesktopSyncEngine(store, data_dir)``. It holds no
Qt: the reports it returns have the fields of the UI's ``SyncReport`` and
``RejectedChange`` (the seam is a structural Protocol), and every method may
run on a worker thread. A failure comes back as a report with ``ok=False`` and
a message a person can act on; local data is kept in every case.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cellclient import profile as profiles
from cellclient.store import Store
from sync.client import Progress, SyncClient, SyncOptions
from sync.enroll import enroll, load_token
from sync.errors import Cancelled, NeedsEnrollment, SyncError
from sync.status import DEVICE_ID, last_report, rejected_changes
from sync.transport import HttpProblem, NetworkProblem, Transport


@dataclass
class Report:
    """Field for field the UI's ``SyncReport``."""

    ok: bool
    sent: int = 0
    received: int = 0
    conflicts: int = 0
    rejected: int = 0
    cancelled: bool = False
    message: str = ""
    finished_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


@dataclass
class Refused:
    """Field for field the UI's ``RejectedChange``."""

    record: str
    field: str
    reason: str


class DesktopSyncEngine:
    def __init__(self, store: Store, data_dir: Path, options: SyncOptions | None = None):
        self.store = store
        self.data_dir = Path(data_dir)
        self.options = options or SyncOptions()
        self._last: Report | None = None
        self._enrolled: bool | None = None  # the status bar asks often; the keyring is slow

    def _profile(self):
        return profiles.load(self.data_dir)

    def server_url(self) -> str | None:
        return self._profile().server_url

    def is_enrolled(self) -> bool:
        if self._enrolled is None:
            profile = self._profile()
            self._enrolled = bool(profile.server_url and self.store.meta(DEVICE_ID)
                                  and load_token(profile.profile_id))
        return self._enrolled

    def check_server(self) -> bool:
        """GET /v1/health with short timeouts: is the server there right now?"""
        profile = self._profile()
        if not profile.server_url:
            return False
        transport = Transport(profile.server_url, ca_bundle=profile.ca_bundle,
                              connect_timeout=5.0, read_timeout=10.0)
        try:
            return transport.get("/v1/health").body.get("status") == "ok"
        except (NetworkProblem, HttpProblem):
            return False
        finally:
            transport.close()

    def sync(self, report: Callable[[int, int], None],
             cancelled: Callable[[], bool]) -> Report:
        cancel = threading.Event()
        stop_bridge = threading.Event()

        def bridge() -> None:  # the UI gives a function; the engine waits on an Event
            while not stop_bridge.wait(0.1):
                if cancelled():
                    cancel.set()
                    return

        def progress(p: Progress) -> None:
            done = p.sent + p.received
            report(done, max(done + p.unsent + p.batch, 1))

        watcher = threading.Thread(target=bridge, daemon=True, name="sync-cancel-bridge")
        watcher.start()
        try:
            result = SyncClient(self.store, self._profile(), options=self.options,
                                on_progress=progress, cancel=cancel).sync()
            self._last = Report(ok=True, sent=result.sent, received=result.received,
                                conflicts=len(result.conflicts), rejected=result.rejected)
        except Cancelled as exc:
            self._last = Report(ok=False, cancelled=True, message=str(exc))
        except NeedsEnrollment as exc:
            self._enrolled = None  # revoked: the app offers to enroll again
            self._last = Report(ok=False, message=str(exc))
        except SyncError as exc:
            self._last = Report(ok=False, message=str(exc))
        finally:
            stop_bridge.set()
            watcher.join(timeout=1)
        return self._last

    def last_report(self) -> Report | None:
        if self._last is not None:
            return self._last
        saved = last_report(self.store)
        if not saved:
            return None
        try:
            at = dt.datetime.strptime(saved["at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
        except (KeyError, ValueError):
            at = dt.datetime.now(dt.UTC)
        return Report(ok=bool(saved.get("ok")), sent=saved.get("sent", 0),
                      received=saved.get("received", 0), conflicts=saved.get("conflicts", 0),
                      rejected=saved.get("rejected", 0), message=saved.get("message", ""),
                      finished_at=at)

    def rejected_changes(self) -> list[Refused]:
        return [Refused(r.record, r.field_label, r.reason) for r in rejected_changes(self.store)]

    def enroll(self, url: str, username: str, code: str, ca_bundle: str | None = None) -> None:
        self._enrolled = None
        enroll(self.data_dir, self.store, self._profile(), url, username, code,
               ca_bundle=ca_bundle)
