"""The sync engine: push a batch and pull a page in ONE request, until in step.

    client = SyncClient(store, profile, on_progress=print, cancel=threading.Event())
    result = client.sync()   # raises a SyncError subclass when it cannot finish

Each exchange (SYNC.md): the pending batch, or a new size-capped batch of
unsent changes written down before it is sent (``outbox``), goes out gzipped
with the cursor; the answer is taken in one local transaction; repeat while
the server says ``more`` or unsent changes remain.

Retries are a small explicit loop rather than urllib3's ``Retry`` or tenacity:
the wait must wake up at once on cancel, the limit is time without progress
(an attempt on a 2G link can itself take a minute), the server's
``retry_after`` overrides the backoff, a cut while reading the body must be
retried like a failed connect, and the UI wants to show "retrying in 8 s".
urllib3's Retry cannot see body-read failures or a cancel, and tenacity would
need a custom wait, stop, sleep and callback: the same code, plus a dependency.

Whatever happens, local data is kept: a failure leaves the pending batch to
be resent under its id, and nothing else changes.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from cellclient.i18n import tr
from cellclient.profile import Profile
from cellclient.store import Store
from sync import outbox
from sync.enroll import load_token
from sync.errors import (
    Cancelled,
    ClockSkew,
    Forbidden,
    NeedsEnrollment,
    ServerRefused,
    SyncError,
    Unreachable,
    UpgradeRequired,
)
from sync.protocol import (
    DEFAULT_MAX_PULL,
    MAX_BODY_BYTES,
    MAX_PULL,
    PROTOCOL_VERSION,
    ProtocolError,
    SyncRequest,
    SyncResponse,
    gzip_bytes,
)
from sync.status import record_attempt, record_failure, record_success
from sync.transport import CLIENT, HttpProblem, NetworkProblem, Transport

log = logging.getLogger("sync")

class _TooLarge(Exception):
    pass


# -- options, progress, result ---------------------------------------------------------


@dataclass
class SyncOptions:
    connect_timeout: float = 15.0
    read_timeout: float = 60.0  # a 2G link and a busy server: a page can take this long
    retry_budget: float = 300.0  # seconds without an answer before giving up
    max_attempts: int | None = None  # per exchange; None: as many as the budget allows
    backoff_base: float = 1.0
    backoff_max: float = 60.0
    max_retry_after: float = 600.0
    batch_changes: int = 1000
    batch_bytes: int = 256 * 1024  # JSON before gzip: about 40 KB on the wire
    max_pull: int = DEFAULT_MAX_PULL  # the first page; grows while more is waiting
    pull_ceiling: int = MAX_PULL
    min_pull: int = 100  # after cuts the page shrinks, never below this


@dataclass
class Progress:
    """What the engine is doing, for a progress bar or a status line."""

    phase: str  # preparing | sending | applying | waiting | done
    sent: int = 0  # changes acknowledged by the server so far
    received: int = 0  # changes pulled and applied so far
    bytes_sent: int = 0
    bytes_received: int = 0
    round_trips: int = 0
    unsent: int = 0  # changes still to send
    batch: int = 0  # changes in the request being sent
    attempt: int = 0  # of the current exchange
    wait: float = 0.0  # seconds before the next attempt (phase "waiting")
    why: str = ""  # why we wait: connect | timeout | cut | busy | server


@dataclass
class SyncResult:
    sent: int = 0
    received: int = 0
    rejected: int = 0
    conflicts: list[str] = field(default_factory=list)
    round_trips: int = 0
    retries: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    seconds: float = 0.0

    def to_json(self) -> dict:
        return asdict(self)


# -- the engine ---------------------------------------------------------------------


class SyncClient:
    """Syncs one profile's store with its server."""

    def __init__(self, store: Store, profile: Profile, *, token: str | None = None,
                 options: SyncOptions | None = None,
                 on_progress: Callable[[Progress], None] | None = None,
                 cancel: threading.Event | None = None):
        self.store = store
        self.profile = profile
        self.options = options or SyncOptions()
        self.on_progress = on_progress
        self.cancel = cancel or threading.Event()
        self._token = token
        self._progress = Progress("preparing")
        self._max_pull = min(self.options.max_pull, MAX_PULL)

    def sync(self) -> SyncResult:
        """Push and pull until in step. Raises SyncError (Unreachable: exit 3)."""
        if not self.profile.server_url:
            raise NeedsEnrollment(tr("sync.not_enrolled"))
        token = self._token or load_token(self.profile.profile_id)
        if not token:
            raise NeedsEnrollment(tr("sync.not_enrolled"))
        started = time.monotonic()
        result = SyncResult()
        record_attempt(self.store)
        transport = Transport(self.profile.server_url, token=token,
                              ca_bundle=self.profile.ca_bundle,
                              connect_timeout=self.options.connect_timeout,
                              read_timeout=self.options.read_timeout)
        try:
            with _CancelWatch(self.cancel, transport.abort):
                self._loop(transport, result)
        except SyncError as exc:
            result.seconds = time.monotonic() - started
            record_failure(self.store, exc.code, str(exc), result)
            log.info("sync stopped: %s after %d round trips", exc.code, result.round_trips)
            raise
        finally:
            transport.close()
        result.seconds = time.monotonic() - started
        record_success(self.store, result)
        self._report("done", result)
        log.info("sync done: sent=%d received=%d rejected=%d round_trips=%d retries=%d",
                 result.sent, result.received, result.rejected, result.round_trips,
                 result.retries)
        return result

    # -- the loop -----------------------------------------------------------------

    def _loop(self, transport: Transport, result: SyncResult) -> None:
        cap = self.options.batch_changes
        while True:
            self._check_cancel()
            self._report("preparing", result)
            batch = outbox.next_batch(self.store, cap, self.options.batch_bytes)
            cursor = outbox.cursor(self.store)
            if len(self._body(batch, cursor, self._max_pull)) > MAX_BODY_BYTES \
                    and len(batch.entries) > 1:
                cap = self._halve(batch)  # would be refused: split it before the link pays
                continue
            try:
                answer = self._exchange(transport, batch, cursor, result)
            except _TooLarge:
                if len(batch.entries) <= 1:
                    raise ServerRefused(tr("sync.refused", status=413,
                                           message="one change is over the limit")) from None
                cap = self._halve(batch)
                continue
            self._report("applying", result)
            try:
                taken = outbox.take_answer(self.store, batch, answer)
            except outbox.ClockBehind:
                raise ClockSkew(tr("sync.clock_behind")) from None
            except outbox.AnswerMismatch as exc:
                raise ServerRefused(tr("sync.refused", status=200, message=str(exc))) from None
            result.sent += taken.sent
            result.rejected += taken.rejected
            result.received += taken.received
            result.conflicts.extend(c for c in sorted(taken.conflicts) if c not in result.conflicts)
            # A backlog (a first sync) comes in bigger pages, fewer round trips; a cut
            # link had made them smaller (below), and success lets them grow back.
            ceiling = self.options.pull_ceiling if answer.more else self.options.max_pull
            self._max_pull = max(self._max_pull, min(self._max_pull * 2, ceiling, MAX_PULL))
            if not answer.more and outbox.unsent_count(self.store) == 0:
                return
            if answer.more and not batch.entries and answer.cursor == cursor:
                raise ServerRefused(tr("sync.refused", status=200,
                                       message="the feed does not move on"))

    def _halve(self, batch: outbox.Batch) -> int:
        outbox.retire(self.store, batch)
        log.info("batch %s split: %d changes too large", batch.id, len(batch.entries))
        return max(1, len(batch.entries) // 2)

    def _body(self, batch: outbox.Batch, cursor: str | None, max_pull: int) -> bytes:
        request = SyncRequest(PROTOCOL_VERSION, CLIENT, cursor, batch.id, batch.changes,
                              max_pull)
        text = json.dumps(request.to_json(), ensure_ascii=False, separators=(",", ":"))
        return gzip_bytes(text.encode("utf-8"))

    def _exchange(self, transport: Transport, batch: outbox.Batch, cursor: str | None,
                  result: SyncResult) -> SyncResponse:
        """One request, retried with the SAME batch until answered or out of budget."""
        opts = self.options
        started = time.monotonic()
        attempt = 0
        while True:
            self._check_cancel()
            attempt += 1
            body = self._body(batch, cursor, self._max_pull)
            self._progress.attempt = attempt
            self._progress.batch = len(batch.entries)
            self._report("sending", result)
            try:
                answer = transport.post_json("/v1/sync", body, gzipped=True)
            except NetworkProblem as problem:
                self._check_cancel()  # an abort looks like a cut: say what it was
                if problem.kind == "tls":  # a certificate does not mend by waiting
                    raise Unreachable("tls", outbox.unsent_count(self.store)) from None
                why, wait = problem.kind, self._backoff(attempt)
                if problem.kind in ("cut", "timeout"):
                    # A smaller page is less to lose when the link drops again.
                    self._max_pull = max(opts.min_pull, self._max_pull // 2)
            except HttpProblem as problem:
                result.round_trips += 1
                why, wait = self._classify(problem, attempt)
            else:
                result.round_trips += 1
                result.bytes_sent += answer.bytes_sent
                result.bytes_received += answer.bytes_received
                try:
                    return SyncResponse.from_json(answer.body)
                except ProtocolError as exc:
                    raise ServerRefused(tr("sync.refused", status=200,
                                           message=exc.message)) from None
            result.retries += 1
            spent = time.monotonic() - started
            if (opts.max_attempts and attempt >= opts.max_attempts) \
                    or spent + wait > opts.retry_budget:
                raise Unreachable(why, outbox.unsent_count(self.store))
            log.info("sync attempt %d failed (%s); retrying batch %s in %.1f s",
                     attempt, why, batch.id, wait)
            self._progress.wait, self._progress.why = wait, why
            self._report("waiting", result)
            if self.cancel.wait(wait):
                raise Cancelled(tr("sync.cancelled"))

    def _classify(self, problem: HttpProblem, attempt: int) -> tuple[str, float]:
        """(why, wait) for an answer worth retrying; raises for the others."""
        status = problem.status
        if status in (429, 503):
            wait = problem.retry_after if problem.retry_after is not None \
                else self._backoff(attempt)
            return "busy", min(max(wait, 0.0), self.options.max_retry_after)
        if status in (500, 502, 504):
            return "server", self._backoff(attempt)
        if status == 413:
            raise _TooLarge()
        if problem.code == "response_too_large":
            if self._max_pull <= self.options.min_pull:
                raise ServerRefused(tr("sync.refused", status=status, message="page too large"))
            self._max_pull = max(self.options.min_pull, self._max_pull // 2)
            return "server", 0.0
        if status == 401:
            raise NeedsEnrollment(tr("sync.enroll_again"))
        if status == 403:
            raise Forbidden(tr("sync.forbidden", message=problem.message or problem.code))
        if status == 426:
            version = problem.detail.get("minimum_version") or "?"
            raise UpgradeRequired(tr("sync.upgrade", version=version))
        raise ServerRefused(tr("sync.refused", status=status,
                               message=problem.message or problem.code or "?"))

    def _backoff(self, attempt: int) -> float:
        """Exponential with "equal jitter": half fixed, half random, so that many
        devices cut off by the same outage do not all come back at once."""
        ceiling = min(self.options.backoff_max, self.options.backoff_base * 2 ** (attempt - 1))
        return random.uniform(ceiling / 2, ceiling)

    # -- reporting and cancel ----------------------------------------------------------

    def _check_cancel(self) -> None:
        if self.cancel.is_set():
            raise Cancelled(tr("sync.cancelled"))

    def _report(self, phase: str, result: SyncResult) -> None:
        p = self._progress
        p.phase = phase
        p.sent, p.received = result.sent, result.received
        p.bytes_sent, p.bytes_received = result.bytes_sent, result.bytes_received
        p.round_trips = result.round_trips
        p.unsent = outbox.unsent_count(self.store)
        if phase != "waiting":
            p.wait, p.why = 0.0, ""
        if self.on_progress is not None:
            self.on_progress(Progress(**asdict(p)))


class _CancelWatch:
    """While a sync runs, a cancel shuts its sockets at once instead of waiting for
    a read timeout on a stalled link."""

    def __init__(self, cancel: threading.Event, abort: Callable[[], None]):
        self.cancel = cancel
        self.abort = abort
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._watch, name="sync-cancel", daemon=True)

    def _watch(self) -> None:
        while not self.done.is_set():
            if self.cancel.wait(0.05):
                self.abort()
                return

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.done.set()
        self.thread.join(timeout=1)
