"""Named schema migrations, each applied and recorded in one transaction.

Before any migration runs on a file that already holds data, the file is
copied beside itself, so a failed upgrade never costs a cell its records.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from .errors import CellClientError
from .i18n import register, tr
from .paths import create_private, make_private

Migration = tuple[str, Callable]

register(
    {
        "migrate.busy": (
            "Cần nâng cấp dữ liệu nhưng tệp đang được mở ở nơi khác; hãy đóng các cửa sổ "
            "Chi bộ số khác rồi thử lại.",
            "The data needs an upgrade but the file is open elsewhere; close other "
            "Chi bộ số windows and try again.",
        ),
    }
)

# Frozen at the time of this migration: later fields arrive by later migrations.
_INITIAL_TABLES = {
    "cell": ("name TEXT, parent_org TEXT, kind TEXT"),
    "member": (
        "family_name TEXT, middle_name TEXT, given_name TEXT, sex TEXT, birth_date TEXT, ethnicity TEXT, national_id TEXT, party_card TEXT, admitted_on TEXT, ceremony_on TEXT, official_on TEXT, status TEXT, status_since TEXT, status_decision TEXT, temporarily_attached INTEGER, dues_category TEXT, dues_base INTEGER, social_pension INTEGER, phone TEXT, address TEXT, notes TEXT"
    ),
    "meeting": (
        "kind TEXT, date TEXT, start_time TEXT, end_time TEXT, place TEXT, chair_id TEXT, minute_taker_id TEXT, guests TEXT, conclusion TEXT, resolution TEXT, votes_for INTEGER, votes_against INTEGER, votes_abstain INTEGER, adopted_at TEXT"
    ),
    "agenda_item": ("meeting_id TEXT, position INTEGER, title TEXT, discussion TEXT"),
    "attendance": ("meeting_id TEXT, member_id TEXT, state TEXT, reason TEXT"),
    "dues_adjustment": (
        "member_id TEXT, kind TEXT, percent INTEGER, from_month TEXT, to_month TEXT, decision_ref TEXT, reason TEXT"
    ),
    "payment": (
        "member_id TEXT, months TEXT, amount INTEGER, method TEXT, receiver TEXT, receipt_no TEXT, paid_on TEXT, reverses TEXT, reason TEXT"
    ),
    "setting": ("key TEXT, value TEXT"),
    "conflict": (
        "tbl TEXT, row_id TEXT, field TEXT, kept_value TEXT, kept_hlc TEXT, lost_value TEXT, lost_hlc TEXT, resolved INTEGER, resolution TEXT"
    ),
}


def _initial(db) -> None:
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    for name, cols in _INITIAL_TABLES.items():
        db.execute(
            f"CREATE TABLE [{name}] (id TEXT PRIMARY KEY, cell_id TEXT, "
            f"deleted INTEGER NOT NULL DEFAULT 0, {cols})"
        )
        if name != "cell":
            db.execute(f"CREATE INDEX [{name}_cell] ON [{name}] (cell_id)")
    # Derived, recomputed on every write: folded name + ids for search, and a
    # collation key so SQL returns members in Vietnamese order.
    db.execute("ALTER TABLE member ADD COLUMN search_text TEXT")
    db.execute("ALTER TABLE member ADD COLUMN sort_text TEXT")
    db.execute("CREATE INDEX member_order ON member (cell_id, sort_text)")
    db.execute("CREATE INDEX member_national_id ON member (cell_id, national_id)")
    db.execute("CREATE INDEX attendance_meeting ON attendance (meeting_id)")
    db.execute("CREATE INDEX agenda_item_meeting ON agenda_item (meeting_id)")
    db.execute("CREATE INDEX payment_member ON payment (member_id)")
    db.execute("CREATE INDEX dues_adjustment_member ON dues_adjustment (member_id)")
    db.execute(
        """CREATE TABLE field_clock (
            tbl TEXT NOT NULL, row_id TEXT NOT NULL, field TEXT NOT NULL,
            hlc TEXT NOT NULL, base TEXT,
            PRIMARY KEY (tbl, row_id, field)) WITHOUT ROWID"""
    )
    db.execute(
        """CREATE TABLE sync_batch (
            id TEXT PRIMARY KEY, created_at TEXT NOT NULL, state TEXT NOT NULL)"""
    )
    db.execute(
        """CREATE TABLE change_log (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            tbl TEXT NOT NULL, row_id TEXT NOT NULL, field TEXT NOT NULL,
            value TEXT, hlc TEXT NOT NULL, base TEXT,
            state TEXT NOT NULL DEFAULT 'unsent',
            batch_id TEXT REFERENCES sync_batch(id),
            reject_code TEXT, reject_message TEXT)"""
    )
    db.execute("CREATE INDEX change_log_state ON change_log (state, seq)")


def _minute_drafts(db) -> None:
    """Local-only: minutes as they are being typed, saved every few seconds so that a
    crash or a power cut loses little. Not in the schema registry, so never synced:
    a draft is one person's unfinished text, and saving it as real edits would send
    a change per pause in typing over a paid 2G link."""
    db.execute(
        """CREATE TABLE minute_draft (
            meeting_id TEXT PRIMARY KEY, body TEXT NOT NULL, saved_at TEXT NOT NULL)"""
    )


MIGRATIONS: list[Migration] = [
    ("0001_initial", _initial),
    ("0002_minute_drafts", _minute_drafts),
]


def applied(db) -> list[str]:
    if "_migrations" not in db.table_names():
        return []
    return [r["name"] for r in db.query("SELECT name FROM _migrations ORDER BY applied_at, name")]


def pending(db, migrations: list[Migration] = MIGRATIONS) -> list[Migration]:
    done = set(applied(db))
    return [m for m in migrations if m[0] not in done]


def backup_file(db, path: Path, label: str) -> Path:
    """Copy the (encrypted) file beside itself; the WAL is folded in first."""
    busy, _, _ = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy:  # a reader elsewhere kept part of the WAL: the copy would miss writes
        raise CellClientError(tr("migrate.busy"))
    target = path.with_name(f"{path.name}.before-{label}.bak")
    # Private before a byte is copied, whatever the original's mode (copy2 would copy it).
    create_private(target)
    make_private(target)
    with open(path, "rb") as src, open(target, "wb") as dst:
        shutil.copyfileobj(src, dst)
    st = os.stat(path)
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))  # the original's times, not its mode
    return target


def migrate(db, path: Path | None = None, migrations: list[Migration] = MIGRATIONS) -> list[str]:
    """Apply the pending migrations in order; returns their names.

    Each one runs in its own transaction together with its record, so a crash
    leaves the file either before or after a migration, never half-way.
    """
    todo = pending(db, migrations)
    if not todo:
        return []
    db.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    if path is not None and applied(db):
        backup_file(db, Path(path), todo[0][0])
    done = []
    for name, step in todo:
        db.execute("BEGIN IMMEDIATE")
        try:
            step(db)
            db.execute(
                "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                [name, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())],
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        done.append(name)
    return done
