"""Sync engine benchmark: what a sync costs on the wire and on the clock.

    .venv/bin/python bench/sync.py                  # all three scenarios, SQLite server
    .venv/bin/python bench/sync.py --org-members 2000 --backend postgresql

A real ``cellserver serve`` on 127.0.0.1, real enrolled profiles with
encrypted stores, the real engine (``sync.client``), and the loopback fault
proxy of the tests between device and server, which counts every byte on the
wire (HTTP headers included).

(a) A monthly sync of a 30-member cell: the secretary's device has recorded the
    month's meeting (agenda, attendance of all 30, minutes) and synced; the
    deputy's device has recorded 25 dues payments and a few member edits.
    Measured: the deputy's sync, about 200 changes each way. The floor is the
    gzip of the bare changed values (no names, no stamps, no JSON keys), up
    and down: what no protocol could beat.
(b) The first sync of a 10,000-member organisation: an ``upper`` device of an
    organisation of 20 cells (500 members each, filled by their secretaries'
    devices) syncs an empty profile: seconds and bytes.
(c) (a) again through the proxy at 64 kbit/s each way with 600 ms round-trip
    time, the answer cut once half-way: seconds, against the floor of
    floor bytes / bandwidth plus one round trip.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import json
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402

from cellclient.demo_people import person  # noqa: E402
from cellclient.services.attendance import mark_all_present, set_attendance  # noqa: E402
from cellclient.services.dues_ledger import record_payment  # noqa: E402
from cellclient.services.meetings import create_meeting  # noqa: E402
from cellclient.services.members import add_members, edit_member, list_members  # noqa: E402
from cellclient.services.minutes import set_minutes  # noqa: E402
from sync.client import SyncOptions  # noqa: E402
from tests.faultproxy import DOWN, Fault, FaultProxy  # noqa: E402
from tests.memkeyring import MemoryKeyring  # noqa: E402
from tests.pg import PgCluster, PgUnavailable  # noqa: E402
from tests.server_proc import server_unavailable_reason, start_server  # noqa: E402
from tests.sync_support import Device, Provisioner, change_log  # noqa: E402

TODAY = dt.date(2026, 9, 1)
MONTH = "2026-10"
MEETING_DAY = "2026-10-05"
BANDWIDTH = 8000  # 64 kbit/s in bytes per second, each way
RTT = 0.6


@dataclass
class Row:
    name: str
    round_trips: int
    changes_up: int
    changes_down: int
    wire_up: int
    wire_down: int
    floor: int | None
    seconds: float
    floor_seconds: float | None = None
    retries: int = 0


def gz(values: list) -> int:
    text = "\n".join(json.dumps(v, ensure_ascii=False) for v in values)
    return len(gzip.compress(text.encode("utf-8"), 9))


def members_of(rng: random.Random, n: int) -> list[dict]:
    """Members as a rural cell has them (the demo's generator: names, dates, CCCD...)."""
    return [person(rng, TODAY) for _ in range(n)]


def monthly_cell(prov: Provisioner, server, folder: Path, url: str, seed: int):
    """A 30-member cell in step on two devices, then a month of work on each."""
    rng = random.Random(seed)
    cell = prov.cell("Chi bộ Thôn Đông")
    made = []
    for role in ("secretary", "deputy"):
        user = prov.user(role, cell)
        made.append(Device(folder / role, url, user, prov.code(user), SyncOptions()))
    secretary, deputy = made
    secretary.sync()
    ids = add_members(secretary.store, cell, members_of(rng, 30), today=TODAY)
    secretary.sync()
    deputy.sync()
    before = _last_seq(secretary)
    # The secretary's month: the meeting, its agenda, everyone's attendance, the minutes.
    meeting = create_meeting(secretary.store, cell, "regular", MEETING_DAY, start_time="08:00",
                             end_time="09:45", place="Nhà văn hóa thôn", chair_id=ids[0],
                             minute_taker_id=ids[1],
                             agenda=["Kiểm điểm nhiệm vụ tháng 9",
                                     "Triển khai nhiệm vụ tháng 10", "Thu đảng phí"])
    mark_all_present(secretary.store, meeting.id)
    for member_id in ids[:4]:
        set_attendance(secretary.store, meeting.id, member_id, "excused", "Đi làm xa")
    set_minutes(secretary.store, meeting.id,
                items={1: "Chi bộ hoàn thành các chỉ tiêu tháng 9.",
                       2: "Vận động nhân dân làm đường liên thôn.",
                       3: "Thu đủ đảng phí tháng 10."},
                conclusion="Hoàn thành tốt nhiệm vụ.", votes_for=20, votes_against=1,
                votes_abstain=0)
    secretary.sync()
    # The deputy's month: dues of 25 members, a few corrected phone numbers.
    for member_id in ids[:25]:
        record_payment(deputy.store, member_id, [MONTH], rng.choice([10000, 20000, 30000]),
                       receiver="Đồng chí phó bí thư", paid_on="2026-10-06")
    for m in list_members(deputy.store, cell)[:5]:
        edit_member(deputy.store, m.id, phone=f"09{rng.randrange(10**8):08d}")
    # What the deputy will pull: the secretary's month, each field's last value only.
    latest = {}
    for c in change_log(secretary.store):
        if c["seq"] > before:
            latest[c["table"], c["row"], c["field"]] = json.loads(c["value"])
    return secretary, deputy, list(latest.values())


def _last_seq(device) -> int:
    return device.store.db.execute("SELECT coalesce(max(seq), 0) FROM change_log").fetchone()[0]


def measure_monthly(name: str, prov, server, folder: Path, proxy: FaultProxy, seed: int,
                    slow: bool, cut: bool = False) -> Row:
    secretary, deputy, pulled = monthly_cell(prov, server, folder, proxy.url, seed)
    try:
        pushed = [json.loads(c["value"]) for c in change_log(deputy.store)
                  if c["state"] == "unsent"]
        floor = gz(pushed) + gz(pulled)
        if slow:
            proxy.rate, proxy.latency = BANDWIDTH, RTT / 2
        if cut:
            proxy.arm(Fault(DOWN, after=1500))  # the answer cut about half-way
        proxy.reset_counters()
        options = SyncOptions(backoff_base=0.5, backoff_max=4.0)
        started = time.monotonic()
        result = deputy.sync(options=options)
        seconds = time.monotonic() - started
        proxy.rate, proxy.latency = None, 0.0
        floor_s = floor / BANDWIDTH + RTT if slow else None
        return Row(name, result.round_trips, result.sent, result.received, proxy.bytes_up,
                   proxy.bytes_down, floor, seconds, floor_s, result.retries)
    finally:
        secretary.close()
        deputy.close()


def measure_first_sync(prov, server, folder: Path, proxy: FaultProxy, cells: int,
                       per_cell: int) -> Row:
    rng = random.Random(7)
    org = prov.cell("Đảng bộ xã Gia Vân")
    for n in range(cells):
        cell = prov.cell(f"Chi bộ số {n + 1}", parent=org)
        user = prov.user("secretary", cell)
        device = Device(folder / f"cell{n}", server.url, user, prov.code(user), SyncOptions())
        try:
            device.sync()
            add_members(device.store, cell, members_of(rng, per_cell), today=TODAY)
            device.sync()
        finally:
            device.close()
    user = prov.user("upper", org)
    upper = Device(folder / "upper", proxy.url, user, prov.code(user), SyncOptions())
    try:
        proxy.reset_counters()
        started = time.monotonic()
        result = upper.sync()
        seconds = time.monotonic() - started
        return Row(f"(b) first sync, {cells * per_cell:,} members in {cells} cells",
                   result.round_trips, result.sent, result.received, proxy.bytes_up,
                   proxy.bytes_down, None, seconds, retries=result.retries)
    finally:
        upper.close()


def print_table(rows: list[Row]) -> None:
    header = (f"{'scenario':<46} {'trips':>5} {'retry':>5} {'chg up':>6} {'chg dn':>7} "
              f"{'wire up':>8} {'wire dn':>9} {'floor':>7} {'x floor':>7} {'seconds':>8} "
              f"{'floor s':>8}")
    print(header)
    print("-" * len(header))
    for r in rows:
        total = r.wire_up + r.wire_down
        ratio = f"{total / r.floor:.1f}" if r.floor else "-"
        floor = f"{r.floor:,}" if r.floor else "-"
        floor_s = f"{r.floor_seconds:.2f}" if r.floor_seconds else "-"
        print(f"{r.name:<46} {r.round_trips:>5} {r.retries:>5} {r.changes_up:>6} "
              f"{r.changes_down:>7} {r.wire_up:>8,} {r.wire_down:>9,} {floor:>7} {ratio:>7} "
              f"{r.seconds:>8.2f} {floor_s:>8}")
    print("\ntrips: answered requests; retry: attempts that failed and were sent again;"
          "\nwire: bytes through the proxy, HTTP headers included (gzip bodies both ways);"
          "\nfloor: gzip of the bare changed values up + down; floor s: floor / 8000 B/s + 0.6 s.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--org-cells", type=int, default=20)
    parser.add_argument("--org-members", type=int, default=10_000)
    args = parser.parse_args(argv)
    reason = server_unavailable_reason()
    if reason:
        print(f"cannot run: {reason}", file=sys.stderr)
        return 1
    keyring.set_keyring(MemoryKeyring())  # the bench's tokens live and die with it
    work = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    with contextlib.ExitStack() as stack:
        stack.callback(shutil.rmtree, work, ignore_errors=True)
        if args.backend == "postgresql":
            try:
                cluster = stack.enter_context(PgCluster.started())
            except PgUnavailable as exc:
                print(f"postgresql unavailable: {exc}", file=sys.stderr)
                return 1
            db_url = cluster.create_database("bench")
        else:
            db_url = f"sqlite:///{work / 'server.db'}"
        server = start_server(db_url, work / "server")
        stack.callback(server.stop)
        prov = Provisioner(server)
        stack.callback(prov.close)
        proxy = stack.enter_context(FaultProxy(("127.0.0.1", server.port), lifetime=3600))
        print(f"sync bench on {args.backend}, server {server.url}\n", flush=True)
        rows = [measure_monthly("(a) monthly sync, 30-member cell, loopback", prov, server,
                                work / "a", proxy, seed=1, slow=False)]
        rows.append(measure_first_sync(prov, server, work / "b", proxy, args.org_cells,
                                       args.org_members // args.org_cells))
        rows.append(measure_monthly("(c) (a) at 64 kbit/s, 600 ms RTT, one cut", prov, server,
                                    work / "c", proxy, seed=1, slow=True, cut=True))
        rows.append(measure_monthly("    the same without the cut", prov, server,
                                    work / "c0", proxy, seed=1, slow=True))
        print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
