"""Store benchmark: the service write path against bare inserts, search, dues assessment.

    .venv/bin/python bench/store.py [--members 10000]

Prints one table; ratios compare runs made side by side in this process, so a
noisy machine shifts both sides alike.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import secrets
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from cellclient import db as dbmod
from cellclient.demo_people import person
from cellclient.services.cells import create_cell
from cellclient.services.members import add_member, add_members, edit_member, list_members
from cellclient.store import Store

TODAY = dt.date(2026, 11, 20)
FIELDS = ("family_name", "middle_name", "given_name", "sex", "birth_date", "national_id",
          "party_card", "admitted_on", "dues_category", "dues_base", "phone")


def people(n: int) -> list[dict]:
    rng = random.Random(7)
    rows, seen = [], set()
    while len(rows) < n:
        p = person(rng, TODAY)
        if p["national_id"] not in seen:
            seen.add(p["national_id"])
            rows.append(p)
    return rows


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bare_inserts(path: Path, rows: list[dict], encrypted: bool) -> float:
    if encrypted:
        conn = dbmod.connect(path, secrets.token_bytes(32)).conn
    else:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"CREATE TABLE member (id TEXT PRIMARY KEY, {', '.join(FIELDS)})")
    sql = f"INSERT INTO member VALUES (?, {', '.join('?' for _ in FIELDS)})"  # noqa: S608  (placeholders only)

    def run():
        conn.execute("BEGIN")
        for i, r in enumerate(rows):
            conn.execute(sql, [str(i), *(r[f] for f in FIELDS)])
        conn.execute("COMMIT")

    seconds = timed(run)
    conn.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--one-by-one", type=int, default=1_000,
                        help="how many members to add one transaction each")
    args = parser.parse_args()
    rows = [{k: p[k] for k in FIELDS} for p in people(args.members)]
    results: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plain = bare_inserts(folder / "plain.db", rows, encrypted=False)
        cipher = bare_inserts(folder / "cipher.db", rows, encrypted=True)
        store = Store.open(folder / "svc.db", secrets.token_bytes(32), "bench")
        cell = create_cell(store, "Chi bộ Bench")
        bulk = timed(lambda: add_members(store, cell.id, rows, today=TODAY))
        results += [
            (f"bare sqlite3 insert x{len(rows)} (1 tx)", plain, "1.00"),
            (f"bare SQLCipher insert x{len(rows)} (1 tx)", cipher, f"{cipher / plain:.2f}"),
            (f"service add_members x{len(rows)} (1 tx)", bulk, f"{bulk / plain:.2f}"),
        ]
        one_rows = people(args.members + args.one_by_one)[args.members:]
        singles = [{k: p[k] for k in FIELDS} for p in one_rows]
        one = timed(lambda: [add_member(store, cell.id, today=TODAY, **r) for r in singles])
        results.append((f"service add_member x{len(singles)} (1 tx each), per 10k",
                        one * 10_000 / len(singles), f"{one * 10_000 / len(singles) / plain:.2f}"))
        members = list_members(store, cell.id)
        edit_time = timed(lambda: [edit_member(store, m.id, phone=f"09{i:08d}", today=TODAY)
                                   for i, m in enumerate(members[: args.one_by_one])])
        results.append((f"service edit_member x{args.one_by_one} (1 tx each), per 10k",
                        edit_time * 10_000 / args.one_by_one,
                        f"{edit_time * 10_000 / args.one_by_one / plain:.2f}"))
        queries = ["nguyen van", "tran thi huong", "anh", "le", "duc", "0010", "hoa", "xyz"]
        times = [timed(lambda q=q: list_members(store, cell.id, search=q)) for q in queries * 3]
        listing = timed(lambda: list_members(store, cell.id))
        results.append((f"search over {len(members)} members (median of {len(times)})",
                        statistics.median(times), "-"))
        results.append((f"full sorted list of {len(members)} members", listing, "-"))
        try:
            from cellclient.services.dues import assess_month
        except ImportError:
            assess_month = None
        if assess_month:
            months = ["2026-01", "2026-06", "2026-10"]
            dues_times = [timed(lambda m=m: assess_month(store, cell.id, m)) for m in months]
            results.append((f"dues assessment of {len(members)} members, one month (median)",
                            statistics.median(dues_times), "-"))
        store.close()
    width = max(len(r[0]) for r in results)
    print(f"{'measure'.ljust(width)}  {'seconds':>9}  {'x bare sqlite3':>14}")
    print(f"{'-' * width}  {'-' * 9}  {'-' * 14}")
    for name, seconds, ratio in results:
        print(f"{name.ljust(width)}  {seconds:9.3f}  {ratio:>14}")


if __name__ == "__main__":
    main()
