"""Workers and the store bridge: results come back on the UI thread, writes run one
at a time, failures are never silent, and commits from any thread reach the pages."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QThread

from cellclient.errors import CellClientError
from cellclient.services.members import add_member
from ui.bridge import StoreBridge
from ui.workers import Runner


def test_results_come_back_on_the_ui_thread_from_a_worker(qtbot):
    runner = Runner()
    ran_on, called_on, results = [], [], []

    def work():
        ran_on.append(threading.current_thread())
        return 42

    def done(value):
        called_on.append(QThread.currentThread())
        results.append(value)

    runner.read(work, done=done)
    qtbot.waitUntil(lambda: results == [42])
    assert ran_on[0] is not threading.main_thread()
    assert called_on[0] is QThread.currentThread()  # the test runs on the UI thread
    runner.wait()


def test_writes_run_one_after_another_in_the_order_asked(qtbot):
    runner = Runner()
    order, active, overlap = [], [], []

    def write(n):
        active.append(n)
        overlap.append(len(active) > 1)
        time.sleep(0.01)
        order.append(n)
        active.remove(n)

    for n in range(5):
        runner.write(write, n)
    assert runner.wait()
    assert order == [0, 1, 2, 3, 4] and not any(overlap)


def test_progress_and_cancel_reach_the_job(qtbot):
    runner = Runner()
    seen, outcome = [], []

    def long(job):
        for i in range(1, 200):
            if job.cancelled:
                return "stopped"
            job.report(i, 200)
            time.sleep(0.002)
        return "finished"

    job = runner.read(long, done=outcome.append, progress=lambda d, t: seen.append(d))
    qtbot.waitUntil(lambda: len(seen) >= 3)
    job.cancel()
    qtbot.waitUntil(lambda: outcome == ["stopped"])
    runner.wait()


def test_a_failure_goes_to_its_handler_or_is_announced(qtbot):
    runner = Runner(synchronous=True)
    errors, unhandled = [], []
    runner.unhandled.connect(unhandled.append)

    def boom():
        raise CellClientError("không được")

    runner.write(boom, failed=errors.append)
    runner.write(boom)
    assert [str(e) for e in errors] == ["không được"]
    assert [str(e) for e in unhandled] == ["không được"]


def test_latest_drops_the_answer_to_a_question_no_longer_asked(qtbot):
    runner = Runner()
    got = []
    gate = threading.Event()

    def month(name):
        gate.wait(2)
        return name

    runner.latest("page", month, "10/2026", done=got.append)
    runner.latest("page", month, "11/2026", done=got.append)
    gate.set()
    runner.wait()
    qtbot.waitUntil(lambda: got == ["11/2026"])
    qtbot.wait(50)
    assert got == ["11/2026"]


def test_latest_runs_one_read_at_a_time_and_then_only_the_newest_ask(qtbot):
    """A page told of 30 commits while its reload runs: one read at a time, and after
    the running one only the newest ask, so two reads in all, not 30."""
    runner = Runner()
    got, running, most = [], [0], [0]
    counter = iter(range(1000))
    lock = threading.Lock()
    gate = threading.Event()

    def load():
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
            value = next(counter)
        gate.wait(5)  # the first read runs until every ask has been made
        with lock:
            running[0] -= 1
        return value

    for _ in range(30):
        runner.latest("members", load, done=got.append)
    gate.set()
    qtbot.waitUntil(lambda: len(got) == 2, timeout=5000)
    runner.wait()
    qtbot.wait(50)
    assert got == [0, 1] and most[0] == 1


class _Reads:
    """A read that counts how many run at once and waits for ``gate``."""

    def __init__(self):
        self.running = self.most = 0
        self.lock = threading.Lock()
        self.gate = threading.Event()

    def __call__(self, value):
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        self.gate.wait(5)
        with self.lock:
            self.running -= 1
        return value


def test_latest_still_runs_the_waiting_ask_when_showing_the_last_answer_fails(qtbot):
    runner, load, got = Runner(), _Reads(), []

    def show(value):
        got.append(value)
        if len(got) == 1:
            raise RuntimeError("a page failed to show its data")

    with qtbot.capture_exceptions() as raised:
        runner.latest("page", load, "x", done=show)
        qtbot.waitUntil(lambda: load.running == 1, timeout=5000)
        runner.latest("page", load, "x", done=show)  # a commit meanwhile: ask again
        load.gate.set()
        qtbot.waitUntil(lambda: len(got) == 2, timeout=5000)
        runner.wait()
    assert got == ["x", "x"] and len(raised) == 1


def test_latest_keeps_one_read_at_a_time_when_showing_an_answer_asks_again(qtbot):
    runner, load, got = Runner(), _Reads(), []

    def show(value):
        got.append(value)
        if value == "first":
            runner.latest("page", load, "asked while showing", done=show)

    runner.latest("page", load, "first", done=show)
    qtbot.waitUntil(lambda: load.running == 1, timeout=5000)
    runner.latest("page", load, "first", done=show)  # waits behind the running one
    load.gate.set()
    qtbot.waitUntil(lambda: got[-1:] == ["asked while showing"], timeout=5000)
    runner.wait()
    qtbot.wait(50)
    assert load.most == 1 and got == ["first", "asked while showing"]


def test_a_commit_on_a_worker_thread_reaches_the_bridge_on_the_ui_thread(qtbot, store, cell):
    bridge = StoreBridge(store)
    heard = []
    bridge.changed.connect(lambda touched: heard.append((touched, QThread.currentThread())))
    runner = Runner()
    runner.write(add_member, store, cell.id, family_name="Lê", given_name="Hoa")
    qtbot.waitUntil(lambda: bool(heard))
    touched, thread = heard[0]
    assert "member" in touched and thread is QThread.currentThread()
    runner.wait()


def test_a_deleted_bridge_never_breaks_a_save(qtbot, store, cell):
    bridge = StoreBridge(store)
    bridge.deleteLater()
    qtbot.wait(10)
    del bridge
    add_member(store, cell.id, family_name="Lê", given_name="Hoa")  # the listener is gone quietly


@pytest.mark.parametrize("synchronous", [True, False])
def test_wait_returns_when_idle(qtbot, synchronous):
    runner = Runner(synchronous=synchronous)
    runner.read(lambda: None)
    assert runner.wait(1000)
