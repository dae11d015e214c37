"""The engine plugged into the desktop app's seam (``ui/sync_controller.py``), run on
the app's own worker threads against the real server."""

from __future__ import annotations

import dataclasses
import inspect

from cellclient.replica import count_unsent
from sync.client import SyncOptions
from sync.desktop import DesktopSyncEngine, Refused, Report
from tests import sync_fixtures
from tests.faultproxy import UP, Fault
from tests.sync_fixtures import add_people
from tests.sync_support import FAST
from ui.settings import AppSettings
from ui.sync_controller import RejectedChange, SyncController, SyncEngine, SyncReport
from ui.workers import Runner

server, prov, devices, proxy = (sync_fixtures.server, sync_fixtures.prov, sync_fixtures.devices,
                                sync_fixtures.proxy)


def test_the_engine_has_every_method_and_field_the_seam_asks_for():
    for name, member in inspect.getmembers(SyncEngine, inspect.isfunction):
        if name.startswith("_"):
            continue
        ours = getattr(DesktopSyncEngine, name)
        assert list(inspect.signature(ours).parameters) == \
            list(inspect.signature(member).parameters), name
    assert [f.name for f in dataclasses.fields(Report)] == \
        [f.name for f in dataclasses.fields(SyncReport)]
    assert [f.name for f in dataclasses.fields(Refused)] == \
        [f.name for f in dataclasses.fields(RejectedChange)]


def _controller(qtbot, device, tmp_path, options=FAST):
    runner = Runner()
    engine = DesktopSyncEngine(device.store, device.folder, options)
    controller = SyncController(runner, AppSettings(tmp_path / "ui.ini"), engine)
    return runner, engine, controller


def test_a_sync_from_the_app_runs_on_its_worker_and_reports_back(qtbot, devices, tmp_path):
    a, b = devices("secretary", "deputy")
    add_people(a, 6)
    unsent = count_unsent(a.store)
    runner, engine, controller = _controller(qtbot, a, tmp_path)
    assert controller.available and controller.server_url() == a.profile.server_url
    steps = []
    controller.progress.connect(lambda done, total: steps.append((done, total)))
    assert controller.sync_now()
    qtbot.waitUntil(lambda: not controller.running, timeout=20_000)
    report = controller.last_report
    assert report.ok and report.sent == unsent and not report.cancelled
    assert steps and steps[-1][0] == unsent and all(d <= t for d, t in steps)
    assert engine.check_server() is True
    assert engine.last_report().sent == unsent
    # A fresh engine (the app restarted) reads the last outcome back from the profile.
    assert DesktopSyncEngine(a.store, a.folder).last_report().sent == unsent
    runner.wait()


def test_cancel_from_the_app_stops_a_stalled_sync_and_keeps_the_data(qtbot, devices, proxy,
                                                                   tmp_path):
    options = SyncOptions(**{**FAST.__dict__, "read_timeout": 30.0})
    (a,) = devices("secretary", via=proxy.url, options=options)
    add_people(a, 3)
    unsent = count_unsent(a.store)
    runner, engine, controller = _controller(qtbot, a, tmp_path, options)
    proxy.arm(Fault(UP, after=0, action="hang"))
    assert controller.sync_now()
    qtbot.wait(500)
    controller.cancel()
    qtbot.waitUntil(lambda: not controller.running, timeout=5_000)
    report = controller.last_report
    assert report.cancelled and not report.ok and "giữ nguyên" in report.message
    assert count_unsent(a.store) == unsent
    runner.wait()


def test_a_server_that_is_gone_is_reported_calmly(qtbot, devices, tmp_path):
    from cellclient import profile as profiles
    from tests.pg import free_port

    (a,) = devices("secretary")
    profile = profiles.load(a.folder)
    profile.server_url = f"http://127.0.0.1:{free_port()}"
    profiles.save(a.folder, profile)
    engine = DesktopSyncEngine(a.store, a.folder, SyncOptions(**{**FAST.__dict__,
                                                                 "retry_budget": 0.2}))
    assert engine.check_server() is False
    report = engine.sync(lambda done, total: None, lambda: False)
    assert not report.ok and "Không kết nối được máy chủ" in report.message
