"""Sync server benchmark: N devices syncing a month of changes at once, per backend.

    .venv/bin/python bench/server.py                       # 50, 200, 500 devices; SQLite and PostgreSQL
    .venv/bin/python bench/server.py --devices 50 --backends sqlite --time-limit 60

For each backend and each N, a fresh database and a real ``cellserver serve``
process on 127.0.0.1 (a throwaway PostgreSQL cluster for the PostgreSQL
backend). Up front, N cells, N secretaries and N enrolled devices (the
``cellserver`` admin commands, then ``POST /v1/enroll``). Then, all at the
same moment, every device pushes its month (about 200 field changes: new
members, a meeting with its agenda and attendance, dues payments; values valid
per ``cellclient/schema.py``) and pulls until ``more`` is false. Each request
is one sync; a 429/503 ``busy`` answer is retried after its ``retry_after``,
as a device would.

Prints one table per backend: syncs/s, changes/s (pushed and accepted),
p50/p95/max latency of one sync request, errors. Bounded: at most
``--max-clients`` requests in flight, ``--timeout`` per request,
``--time-limit`` per round; anything unfinished then counts as an error.
The clients share the machine with the server: the figures are a floor.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import importlib
import io
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from cellclient.demo_people import person  # noqa: E402
from cellclient.hlc import Clock  # noqa: E402
from cellclient.ids import derived_id, new_id  # noqa: E402
from cellclient.merge import Change  # noqa: E402
from sync.protocol import change_problem  # noqa: E402
from tests.pg import PgCluster, PgUnavailable  # noqa: E402
from tests.server_proc import (  # noqa: E402
    SERVER_CMD_ENV,
    ServerProcess,
    last_line,
    run_admin,
    server_unavailable_reason,
    start_server,
    sync_body,
)

TODAY = dt.date(2026, 11, 20)
MONTH = "2026-11"
MAX_PULL_ROUNDS = 50  # a device stops asking after this many pages (bounded)
MAX_RETRIES = 3  # per request, after a network error or a busy answer


# -- the month of one cell ------------------------------------------------------------


def month_of_changes(cell_id: str, device_id: str, target: int, rng: random.Random) -> list[Change]:
    """About ``target`` field writes of one cell's month, in the order a device logs them.

    New members (all their fields), one monthly meeting with its agenda, the
    attendance of every member, and dues paid by about half of them. Every row
    gets its ``cell_id`` first. Each value passes the shared schema check.
    """
    clock = Clock(device_id.replace("-", "")[:32] or "bench")
    changes: list[Change] = []

    def write(table: str, row: str, values: dict) -> None:
        for name, value in {"cell_id": cell_id, **values}.items():
            if value is not None:
                changes.append(Change(table, row, name, value, clock.now(), None))

    per_member = 25  # ~17 member fields, 4 of attendance, half a payment of 8
    members = max(1, round((target - 25) / per_member))
    member_ids = []
    for _ in range(members):
        member_id = new_id()
        member_ids.append(member_id)
        write("member", member_id, person(rng, TODAY))
    meeting_id = new_id()
    write("meeting", meeting_id, {
        "kind": "regular", "date": f"{MONTH}-05", "start_time": "08:00", "end_time": "10:30",
        "place": "Nhà văn hoá thôn", "chair_id": member_ids[0],
        "minute_taker_id": member_ids[-1], "conclusion": "Chi bộ thống nhất các nội dung.",
        "resolution": "Thông qua kế hoạch tháng 12.",
    })
    for position, title in enumerate(["Kiểm điểm tháng 11", "Kế hoạch tháng 12", "Đảng phí"], 1):
        write("agenda_item", new_id(), {"meeting_id": meeting_id, "position": position,
                                        "title": title, "discussion": "Ý kiến của đảng viên."})
    for member_id in member_ids:
        excused = rng.random() < 0.1
        write("attendance", derived_id("attendance", meeting_id, member_id), {
            "meeting_id": meeting_id, "member_id": member_id,
            "state": "excused" if excused else "present",
            "reason": "Đi công tác" if excused else None,
        })
    for i, member_id in enumerate(member_ids[::2]):
        write("payment", new_id(), {
            "member_id": member_id, "months": MONTH, "amount": rng.randrange(2, 30) * 1000,
            "method": "cash", "receiver": "Đồng chí thủ quỹ", "receipt_no": f"PT-{i + 1:03d}",
            "paid_on": f"{MONTH}-05",
        })
    for index, change in enumerate(changes):
        problem = change_problem(change)
        if problem:
            raise AssertionError(f"bench made an invalid change #{index} {change}: {problem}")
    return changes


# -- admin commands, fast ---------------------------------------------------------------


class Admin:
    """``cellserver`` admin commands. Enrolling 500 devices is 1,500 commands, so by
    default they run inside this process (the console script's function with its
    argv, stdout captured); ``--admin subprocess`` runs each as a real process."""

    def __init__(self, db_url: str, workdir: Path, in_process: bool):
        self.db_url = db_url
        self.workdir = workdir
        self.main = _console_function() if in_process else None

    def __call__(self, *args: str) -> str:
        if self.main is None:
            return run_admin(self.db_url, *args, cwd=self.workdir).stdout
        argv = ["cellserver", "--db", self.db_url, *args]
        out, err = io.StringIO(), io.StringIO()
        saved = sys.argv
        sys.argv = argv
        code: object = 0
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    code = self.main()
                except SystemExit as exc:
                    code = exc.code
        finally:
            sys.argv = saved
        if code not in (0, None):
            raise RuntimeError(f"cellserver {' '.join(args)} failed ({code}): {err.getvalue()}"
                               f"{out.getvalue()}")
        return out.getvalue()


def _console_function():
    import tomllib

    target = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"][
        "cellserver"]
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)


@dataclass
class Device:
    device_id: str
    token: str
    cell_id: str
    body: bytes = b""  # the push request, encoded up front
    changes: int = 0


async def enroll_all(server: ServerProcess, admin: Admin, n: int, concurrency: int = 16
                     ) -> list[Device]:
    """N cells, each with a secretary and one enrolled device."""
    pending = []
    for i in range(n):
        cell_id = last_line(admin("cells", "add", "--name", f"Chi bộ thử {i + 1:04d}"))
        username = f"bt{i:04d}{new_id()[-6:]}"
        admin("users", "add", "--username", username, "--role", "secretary", "--cell", cell_id)
        pending.append((username, last_line(admin("enroll-code", "--username", username)),
                        cell_id))
    gate = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(base_url=server.url, timeout=60) as client:

        async def one(username: str, code: str, cell_id: str) -> Device:
            async with gate:
                r = await client.post("/v1/enroll", json={
                    "username": username, "code": code, "device_name": f"Máy {username}"})
            if r.status_code != 200:
                raise RuntimeError(f"enroll {username}: {r.status_code} {r.text[:300]}")
            body = r.json()
            return Device(body["device_id"], body["token"], cell_id)

        return list(await asyncio.gather(*(one(*p) for p in pending)))


# -- the round ----------------------------------------------------------------------------


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)  # seconds, one per answered sync
    syncs: int = 0
    pushed: int = 0  # changes sent in answered pushes, less rejected
    pulled: int = 0
    rejected: int = 0
    retries: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    first_errors: list[str] = field(default_factory=list)
    retry_notes: list[str] = field(default_factory=list)
    devices_done: int = 0

    def retry(self, why: str) -> None:
        self.retries += 1
        if len(self.retry_notes) < 3:
            self.retry_notes.append(why[:200])

    def error(self, kind: str, text: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1
        if len(self.first_errors) < 5:
            self.first_errors.append(f"{kind}: {text[:300]}")


async def _exchange(client: httpx.AsyncClient, device: Device, body: bytes, stats: Stats,
                    gate: asyncio.Semaphore) -> dict | None:
    """One sync request as a device makes it: the same body is sent again after a
    network error (backoff with jitter) or a busy answer (after ``retry_after``)."""
    headers = {"Authorization": f"Bearer {device.token}", "Content-Type": "application/json"}
    for attempt in range(MAX_RETRIES + 1):
        last = attempt == MAX_RETRIES
        async with gate:
            start = time.perf_counter()
            try:
                r = await client.post("/v1/sync", content=body, headers=headers)
            except httpx.TransportError as exc:
                what = f"{type(exc).__name__} {exc!r}"
                if last:
                    stats.error(type(exc).__name__, what)
                    return None
                stats.retry(what)
                wait = None
            else:
                elapsed = time.perf_counter() - start
                wait = 0.0
        if wait is None:
            await asyncio.sleep(0.2 * 2 ** attempt * (0.5 + random.random()))
            continue
        if r.status_code in (429, 503) and not last:
            stats.retry(f"HTTP {r.status_code}")
            try:
                wait = float(r.json()["detail"]["retry_after"])
            except (ValueError, KeyError, TypeError):
                wait = 1.0
            await asyncio.sleep(min(max(wait, 0.05), 5.0))
            continue
        if r.status_code != 200:
            stats.error(f"HTTP {r.status_code}", r.text)
            return None
        stats.latencies.append(elapsed)
        stats.syncs += 1
        return r.json()
    return None


async def _device_session(client, device: Device, stats: Stats, gate, go: asyncio.Event) -> None:
    await go.wait()
    answer = await _exchange(client, device, device.body, stats, gate)
    if answer is None:
        return
    rejected = len(answer.get("rejected", []))
    stats.rejected += rejected
    stats.pushed += device.changes - rejected
    stats.pulled += len(answer.get("changes", []))
    cursor, more = answer.get("cursor"), answer.get("more", False)
    rounds = 0
    # Then pull: at least once with the new cursor, and on while the server says more.
    while rounds < MAX_PULL_ROUNDS and (rounds == 0 or more):
        rounds += 1
        pull = json.dumps(sync_body([], cursor=cursor)).encode()
        answer = await _exchange(client, device, pull, stats, gate)
        if answer is None:
            return
        stats.pulled += len(answer.get("changes", []))
        cursor, more = answer.get("cursor"), answer.get("more", False)
    stats.devices_done += 1


async def run_round(server: ServerProcess, devices: list[Device], *, max_clients: int,
                    timeout: float, time_limit: float) -> tuple[Stats, float]:
    stats = Stats()
    gate = asyncio.Semaphore(max_clients)
    go = asyncio.Event()
    limits = httpx.Limits(max_connections=max_clients, max_keepalive_connections=max_clients)
    async with httpx.AsyncClient(base_url=server.url, timeout=timeout, limits=limits) as client:
        tasks = [asyncio.create_task(_device_session(client, d, stats, gate, go))
                 for d in devices]
        await asyncio.sleep(0)
        start = time.perf_counter()
        go.set()
        done, pending = await asyncio.wait(tasks, timeout=time_limit)
        wall = time.perf_counter() - start
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        for task in done:
            if task.exception() is not None:
                stats.error(type(task.exception()).__name__, str(task.exception()))
        if pending:
            stats.errors["time limit"] = len(pending)
            stats.first_errors.append(f"time limit: {len(pending)} devices unfinished "
                                      f"after {time_limit:.0f} s")
    return stats, wall


# -- one backend ------------------------------------------------------------------------------


@dataclass
class Row:
    backend: str
    devices: int
    changes_per_device: float
    wall: float
    syncs: int
    syncs_per_s: float
    changes_per_s: float
    pulled: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    errors: int
    rejected: int
    retries: int
    setup_s: float
    error_kinds: dict
    first_errors: list
    retry_notes: list
    server_errors: list


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def bench_one(backend: str, db_url: str, n: int, workdir: Path, args) -> Row:
    setup_start = time.perf_counter()
    serve_args = ("--workers", str(args.workers)) if args.workers > 1 else ()
    server = start_server(db_url, workdir, serve_args=serve_args)
    try:
        in_process = args.admin == "inprocess" and not os.environ.get(SERVER_CMD_ENV)
        admin = Admin(db_url, workdir, in_process=in_process)
        devices = asyncio.run(enroll_all(server, admin, n))
        rng = random.Random(n)
        for d in devices:
            changes = month_of_changes(d.cell_id, d.device_id, args.changes, rng)
            d.changes = len(changes)
            d.body = json.dumps(sync_body(changes)).encode()
        setup = time.perf_counter() - setup_start
        stats, wall = asyncio.run(run_round(server, devices, max_clients=min(n, args.max_clients),
                                            timeout=args.timeout, time_limit=args.time_limit))
        if not server.alive():
            stats.error("server died", server.log()[-500:])
    finally:
        server.stop()
    server_errors = [line for line in server.log().splitlines()
                     if "Traceback" in line or "ERROR" in line][:5]
    ms = [x * 1000 for x in stats.latencies]
    return Row(
        backend=backend, devices=n,
        changes_per_device=statistics.mean(d.changes for d in devices),
        wall=wall, syncs=stats.syncs, syncs_per_s=stats.syncs / wall if wall else 0.0,
        changes_per_s=stats.pushed / wall if wall else 0.0, pulled=stats.pulled,
        p50_ms=percentile(ms, 50), p95_ms=percentile(ms, 95), max_ms=max(ms, default=float("nan")),
        errors=sum(stats.errors.values()), rejected=stats.rejected, retries=stats.retries,
        setup_s=setup, error_kinds=dict(stats.errors), first_errors=stats.first_errors,
        retry_notes=stats.retry_notes, server_errors=server_errors,
    )


def print_table(backend: str, rows: list[Row]) -> None:
    print(f"\n{backend}")
    header = (f"{'devices':>7} {'ch/dev':>6} {'syncs':>6} {'wall s':>7} {'syncs/s':>8} "
              f"{'changes/s':>10} {'pulled':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
              f"{'errors':>6} {'rejected':>8} {'retries':>7}")
    print(header)
    print("-" * len(header))
    for r in rows:
        print(f"{r.devices:>7} {r.changes_per_device:>6.0f} {r.syncs:>6} {r.wall:>7.2f} "
              f"{r.syncs_per_s:>8.1f} {r.changes_per_s:>10.0f} {r.pulled:>7} {r.p50_ms:>8.1f} "
              f"{r.p95_ms:>8.1f} {r.max_ms:>8.1f} {r.errors:>6} {r.rejected:>8} {r.retries:>7}")
        print(f"{'':>7} (setup: {r.devices} cells, users and enrolled devices in {r.setup_s:.1f} s)")
        for line in r.first_errors:
            print(f"        ! {line}")
        for line in r.retry_notes:
            print(f"        ~ retried after {line}")
        for line in r.server_errors:
            print(f"        server log: {line}")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devices", default="50,200,500",
                        help="comma-separated device counts (default 50,200,500)")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--changes", type=int, default=200, help="field changes per device")
    parser.add_argument("--max-clients", type=int, default=500,
                        help="sync requests in flight at most (default 500)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per request")
    parser.add_argument("--time-limit", type=float, default=300.0, help="seconds per round")
    parser.add_argument("--admin", choices=("inprocess", "subprocess"), default="inprocess")
    parser.add_argument("--workers", type=int, default=1,
                        help="server worker processes (passed to serve as --workers when > 1)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    counts = [int(x) for x in args.devices.split(",") if x.strip()]
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    if any(b not in ("sqlite", "postgresql") for b in backends):
        parser.error("backends are sqlite and postgresql")
    reason = server_unavailable_reason()
    if reason:
        print(f"cannot run: {reason}", file=sys.stderr)
        return 2
    print(f"sync bench: {counts} devices, ~{args.changes} changes each, "
          f"{args.workers} server worker(s), server and clients on 127.0.0.1, "
          f"this machine's {_cores()} cores")
    results: list[Row] = []
    for backend in backends:
        cluster = None
        if backend == "postgresql":
            try:
                cluster = PgCluster.start(max_connections=300)
            except PgUnavailable as exc:
                print(f"\npostgresql: skipped ({exc})")
                continue
        rows = []
        try:
            for n in counts:
                workdir = Path(tempfile.mkdtemp(prefix=f"bench-{backend}-{n}-"))
                try:
                    db_url = (f"sqlite:///{workdir / 'server.db'}" if cluster is None
                              else cluster.create_database(f"bench{n}"))
                    rows.append(bench_one(backend, db_url, n, workdir, args))
                finally:
                    shutil.rmtree(workdir, ignore_errors=True)
        finally:
            if cluster is not None:
                cluster.stop()
        print_table(backend, rows)
        results.extend(rows)
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in results], indent=2))
    return 0 if all(r.errors == 0 for r in results) else 1


def _cores() -> int:
    return os.cpu_count() or 1


if __name__ == "__main__":
    sys.exit(main())
