"""Long work off the UI thread: reads in a small pool, writes through one writer.

Results, errors and progress come back as calls on the UI thread, so a
callback may touch widgets. Writes share one single-thread pool: they happen
one after the other in the order asked, as the store's one write path wants.
In synchronous mode (tests) everything runs at once on the calling thread,
so a test reads the outcome on the next line.
"""

from __future__ import annotations

import inspect
import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]
Progress = Callable[[int, int], None]


class Job(QObject):
    """One piece of work. The function may take ``job`` to report progress
    (``job.report(done, total)``) and to notice a cancel (``job.cancelled``)."""

    progressed = Signal(int, int)
    _delivered = Signal(object, object)  # (result, error), emitted on the worker thread
    _progress_relay = Signal(int, int)

    def __init__(self, fn: Callable, args: tuple, kwargs: dict, done: Done | None,
                 failed: Failed | None, progress: Progress | None, on_finish: Callable):
        super().__init__()
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self._done, self._failed, self._on_finish = done, failed, on_finish
        self._cancel = threading.Event()
        self.direct = False  # synchronous mode: progress is reported on the spot
        self.finished = False
        # Queued: the slots run on the thread this job lives on (the UI thread),
        # whichever thread emits.
        self._delivered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._progress_relay.connect(self.progressed, Qt.ConnectionType.QueuedConnection)
        if progress is not None:
            self.progressed.connect(progress)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def report(self, done: int, total: int) -> None:
        if self.direct:
            self.progressed.emit(done, total)
        else:
            self._progress_relay.emit(done, total)

    def execute(self) -> tuple[Any, BaseException | None]:
        kwargs = dict(self.kwargs)
        if _wants_job(self.fn):
            kwargs["job"] = self
        try:
            return self.fn(*self.args, **kwargs), None
        except Exception as exc:  # handed to the caller's callback, never lost
            _log_failure(self.fn, exc)
            return None, exc

    @Slot(object, object)
    def _deliver(self, result, error) -> None:
        self.finish(result, error)

    def finish(self, result, error) -> None:
        self.finished = True
        try:
            if error is not None:
                if self._failed is not None:
                    self._failed(error)
            elif self._done is not None:
                self._done(result)
        finally:
            self._on_finish(self)


def _wants_job(fn: Callable) -> bool:
    try:
        return "job" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


def _log_failure(fn: Callable, exc: BaseException) -> None:
    """The kind of error and where; never its message, which may hold personal data."""
    from cellclient.errors import CellClientError

    if isinstance(exc, CellClientError):
        return  # expected: bad input, a lock; the person sees the message
    frames = "".join(traceback.format_tb(exc.__traceback__))
    log.error("job %s failed with %s\n%s", getattr(fn, "__qualname__", fn), type(exc).__name__,
              frames)


class _Runnable(QRunnable):
    def __init__(self, job: Job):
        super().__init__()
        self.job = job
        self.setAutoDelete(True)

    def run(self) -> None:
        result, error = self.job.execute()
        self.job._delivered.emit(result, error)


class Runner(QObject):
    """Runs functions in the background and calls back on the UI thread.

    A job that fails without a ``failed`` callback is announced by ``unhandled``,
    which the main window turns into a message: no error passes silently.
    """

    unhandled = Signal(object)

    def __init__(self, synchronous: bool = False, readers: int = 2, parent=None):
        super().__init__(parent)
        self.synchronous = synchronous
        self._readers = QThreadPool(self)
        self._readers.setMaxThreadCount(readers)
        self._writer = QThreadPool(self)
        self._writer.setMaxThreadCount(1)  # one writer: writes never interleave
        # A sync may wait minutes on a slow link; it gets its own thread so that a
        # member saved meanwhile is not queued behind it. Its writes still take
        # the store's lock, one transaction at a time.
        self._network = QThreadPool(self)
        self._network.setMaxThreadCount(1)
        for pool in (self._readers, self._writer, self._network):
            # Threads live as long as the runner: each keeps its own reading
            # connection to the store, opened once (cellclient/store.py).
            pool.setExpiryTimeout(-1)
        self._jobs: set[Job] = set()
        self._latest_running: set[str] = set()
        self._latest_waiting: dict[str, tuple] = {}

    def read(self, fn: Callable, *args, done: Done | None = None, failed: Failed | None = None,
             progress: Progress | None = None, **kwargs) -> Job:
        """Run a function that only reads."""
        return self._start(self._readers, fn, args, kwargs, done, failed, progress)

    def write(self, fn: Callable, *args, done: Done | None = None, failed: Failed | None = None,
              progress: Progress | None = None, **kwargs) -> Job:
        """Run a function that writes, after every write asked before it."""
        return self._start(self._writer, fn, args, kwargs, done, failed, progress)

    def network(self, fn: Callable, *args, done: Done | None = None,
                failed: Failed | None = None, progress: Progress | None = None,
                **kwargs) -> Job:
        """Run network work (a sync) on its own thread."""
        return self._start(self._network, fn, args, kwargs, done, failed, progress)

    def latest(self, key: str, fn: Callable, *args, done: Done | None = None,
               failed: Failed | None = None, **kwargs) -> None:
        """A read of ``key`` (a page reloading). One runs at a time per key; asks made
        meanwhile wait, and only the newest of them runs next. The running read's
        result is still shown when the newer ask is the same question (a refresh:
        its answer is newer than what is on screen) and dropped when it is another
        one (another month, another filter). During a sync that commits 40 pages,
        a page reloads back to back a few times instead of 40 reads at once
        competing with the sync (bench/ui.py)."""
        ask = (fn, args, kwargs, done, failed)
        if key in self._latest_running:
            self._latest_waiting[key] = ask
            return
        self._run_latest(key, ask)

    def _run_latest(self, key: str, ask: tuple) -> None:
        fn, args, kwargs, done, failed = ask
        self._latest_running.add(key)

        def finished(deliver: Callable | None, value) -> None:
            waiting = self._latest_waiting.pop(key, None)
            try:
                if deliver is not None and (waiting is None or waiting[:3] == ask[:3]):
                    deliver(value)
            finally:
                # The key counts as running until here, so an ask made by ``deliver``
                # itself waits too; the newest ask runs next, whatever ``deliver`` did.
                waiting = self._latest_waiting.pop(key, None) or waiting
                if waiting is None:
                    self._latest_running.discard(key)
                else:
                    self._run_latest(key, waiting)

        self.read(fn, *args, done=lambda result: finished(done, result),
                  failed=lambda error: finished(failed or self.unhandled.emit, error), **kwargs)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until all started work is done (shutdown, tests, benchmarks)."""
        return all(pool.waitForDone(msecs)
                   for pool in (self._network, self._writer, self._readers))

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def _start(self, pool: QThreadPool, fn, args, kwargs, done, failed, progress) -> Job:
        job = Job(fn, args, kwargs, done, failed or self.unhandled.emit, progress,
                  self._jobs.discard)
        self._jobs.add(job)
        if self.synchronous:
            job.direct = True
            result, error = job.execute()
            job.finish(result, error)
        else:
            pool.start(_Runnable(job))
        return job
