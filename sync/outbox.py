"""The device's side of a batch: which changes go out under which batch id, and
taking in the server's answer in one local transaction.

The batch id rule (SYNC.md "a batch id names one exact list of changes"):

- A batch is written down (a ``sync_batch`` row, state ``pending``, and its
  changes tagged with its id in ``change_log``) BEFORE its first send. A crash,
  a kill or a cut at any moment later finds it there and sends the SAME id
  with the SAME changes, so the server answers a repeat from its record and
  never applies it twice.
- The answer is taken in one transaction: pulled changes applied, the batch's
  changes marked sent (or rejected, kept and marked), the new cursor stored,
  the batch ``acked``. Either all of that happened or none of it did.
- An id is never reused for another list. A 413 (too large) means that request
  was refused before anything was applied; the batch was never acknowledged,
  so all its changes are still unsent here. It is retired (``split``) and its
  first half goes out under a NEW id. Should an earlier attempt of the retired
  batch have been applied after all (its answer lost, then a later attempt
  refused by a proxy with a smaller limit), its changes reach the server a
  second time under the new id: same stamps and values, so the per-field merge
  takes them as "the same write again": nothing doubles, no conflict appears.
  An acknowledged batch is never split or sent again.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import Counter
from dataclasses import dataclass, field

from cellclient.ids import new_id
from cellclient.merge import Change
from cellclient.replica import LoggedChange, apply_remote_changes, mark_rejected, mark_sent
from cellclient.store import Store
from sync.protocol import MAX_BATCH_CHANGES, SyncResponse

log = logging.getLogger(__name__)

PENDING, ACKED, SPLIT = "pending", "acked", "split"
CURSOR = "sync.cursor"

# Unsent changes that no pending batch holds (a split or stale tag counts as none).
_FREE = ("state = 'unsent' AND (batch_id IS NULL OR batch_id NOT IN "
         "(SELECT id FROM sync_batch WHERE state = 'pending'))")


class AnswerMismatch(Exception):
    """The server's answer does not fit the batch it answers (a server bug)."""


class ClockBehind(Exception):
    """Pulled changes are stamped more than a day ahead of this computer's clock."""


@dataclass
class Batch:
    id: str
    entries: list[LoggedChange]
    recorded: bool  # written down in sync_batch (False: a pull with nothing to push)

    @property
    def changes(self) -> list[Change]:
        return [e.change for e in self.entries]


@dataclass
class Taken:
    """What one answer did here."""

    sent: int = 0
    rejected: int = 0
    received: int = 0
    conflicts: set[str] = field(default_factory=set)


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _logged(rows) -> list[LoggedChange]:
    return [LoggedChange(seq, Change(tbl, row, fld, json.loads(value), hlc, base))
            for seq, tbl, row, fld, value, hlc, base in rows]


def _wire_size(change: Change) -> int:
    return len(json.dumps(change.to_wire(), ensure_ascii=False).encode("utf-8")) + 1


def next_batch(store: Store, max_changes: int, max_bytes: int) -> Batch:
    """The batch to send now: the pending one if there is one, else a new one made of
    the oldest free unsent changes (at most ``max_changes`` and about ``max_bytes``
    of JSON, never fewer than one), written down before it is returned."""
    max_changes = max(1, min(max_changes, MAX_BATCH_CHANGES))
    with store.transaction() as tx:
        db = tx.db
        for (batch_id,) in db.execute(
                "SELECT id FROM sync_batch WHERE state = ? ORDER BY created_at, id",
                [PENDING]).fetchall():
            entries = _logged(db.execute(
                "SELECT seq, tbl, row_id, field, value, hlc, base FROM change_log "
                "WHERE batch_id = ? AND state = 'unsent' ORDER BY seq", [batch_id]).fetchall())
            if entries:
                return Batch(batch_id, entries, recorded=True)
            # Taken in already (by another process on this profile): nothing to resend.
            db.execute("UPDATE sync_batch SET state = ? WHERE id = ?", [ACKED, batch_id])
        # One over the limit, to see whether the last row goes on past it.
        candidates = _logged(db.execute(
            "SELECT seq, tbl, row_id, field, value, hlc, base FROM change_log "  # noqa: S608
            f"WHERE {_FREE} ORDER BY seq LIMIT ?", [max_changes + 1]).fetchall())
        entries, size = [], 0
        for entry in candidates[:max_changes]:
            size += _wire_size(entry.change)
            if entries and size > max_bytes:
                break
            entries.append(entry)
        if len(entries) < len(candidates):
            entries = _whole_rows(entries, candidates[len(entries)])
        batch_id = new_id()
        if not entries:
            return Batch(batch_id, [], recorded=False)
        db.execute("INSERT INTO sync_batch (id, created_at, state) VALUES (?, ?, ?)",
                   [batch_id, _now(), PENDING])
        db.conn.executemany("UPDATE change_log SET batch_id = ? WHERE seq = ?",
                            [(batch_id, e.seq) for e in entries])
        return Batch(batch_id, entries, recorded=True)


def _row_of(entry: LoggedChange) -> tuple[str, str]:
    return entry.change.table, entry.change.row


def _whole_rows(entries: list[LoggedChange], following: LoggedChange) -> list[LoggedChange]:
    """Cut a full batch before the row that runs past its end: the fields one write
    gave a row travel together, so the server sees a new row with its cell and
    identity at once. A batch that is all one row is sent as it is."""
    last = _row_of(entries[-1])
    if _row_of(following) != last:
        return entries
    cut = len(entries)
    while cut > 0 and _row_of(entries[cut - 1]) == last:
        cut -= 1
    return entries[:cut] or entries


def retire(store: Store, batch: Batch) -> None:
    """After a 413: the batch's id is done with; its changes are free for a smaller batch."""
    if not batch.recorded:
        return
    with store.transaction() as tx:
        tx.db.execute("UPDATE sync_batch SET state = ? WHERE id = ? AND state = ?",
                      [SPLIT, batch.id, PENDING])
        tx.db.execute("UPDATE change_log SET batch_id = NULL WHERE batch_id = ? AND state = 'unsent'",
                      [batch.id])


def take_answer(store: Store, batch: Batch, answer: SyncResponse) -> Taken:
    """Apply the pulled changes, mark the pushed ones, store the cursor: one transaction."""
    if answer.batch_id != batch.id:
        raise AnswerMismatch("batch_id")
    refused = {}
    for r in answer.rejected:
        if not isinstance(r.index, int) or not 0 <= r.index < len(batch.entries):
            raise AnswerMismatch("rejected.index")
        refused[r.index] = r
    taken = Taken()
    with store.transaction() as tx:
        applied = apply_remote_changes(tx, answer.changes)
        if any(reason == "clock_ahead" for _, reason in applied.rejected):
            raise ClockBehind()  # rolls everything back: retried once the clock is right
        if applied.rejected:  # reasons and counts only: a value may be personal data
            log.warning("pulled changes refused here: %s",
                        dict(Counter(reason for _, reason in applied.rejected)))
        for index, entry in enumerate(batch.entries):
            if index in refused:
                mark_rejected(tx, entry.seq, str(refused[index].error)[:50],
                              str(refused[index].message)[:500])
        sent = [e.seq for i, e in enumerate(batch.entries) if i not in refused]
        if batch.recorded:
            mark_sent(tx, sent, batch.id)
            tx.db.execute("UPDATE sync_batch SET state = ? WHERE id = ?", [ACKED, batch.id])
        tx.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                      [CURSOR, answer.cursor])
    taken.sent = len(sent)
    taken.rejected = len(refused)
    taken.received = len(answer.changes)
    taken.conflicts = set(applied.conflicts) | {c.id for c in answer.conflicts}
    return taken


def unsent_count(store: Store) -> int:
    """Unsent changes, pending batches included: what still has to go out."""
    return store.db.execute("SELECT count(*) FROM change_log WHERE state = 'unsent'").fetchone()[0]


def cursor(store: Store) -> str | None:
    return store.meta(CURSOR)


def forget_cursor(store: Store) -> None:
    with store.transaction() as tx:
        tx.db.execute("DELETE FROM meta WHERE key = ?", [CURSOR])
