"""Reading while another thread writes: every thread reads through a connection of its
own that sees committed data only; the writing thread sees its own transaction."""

from __future__ import annotations

import threading

import pytest

from cellclient.services.members import add_member, list_members


def _in_thread(fn):
    out = {}

    def run():
        try:
            out["value"] = fn()
        except Exception as exc:  # handed back to the test's thread
            out["error"] = exc

    t = threading.Thread(target=run)
    t.start()
    t.join(10)
    if "error" in out:
        raise out["error"]
    return out["value"]


def test_a_reader_never_sees_a_write_that_is_not_committed(store, cell):
    add_member(store, cell.id, family_name="Lê", given_name="Hoa")
    with store.transaction() as tx:
        tx.insert("member", {"cell_id": cell.id, "family_name": "Phạm", "given_name": "Lan"})
        # The writing thread sees its own row; a page loading meanwhile does not.
        assert len(list_members(store, cell.id)) == 2
        assert [m.given_name for m in _in_thread(lambda: list_members(store, cell.id))] == \
            ["Hoa"]
    assert len(_in_thread(lambda: list_members(store, cell.id))) == 2


def test_a_rolled_back_write_was_never_visible_elsewhere(store, cell):
    seen = []
    with pytest.raises(RuntimeError):
        with store.transaction() as tx:
            tx.insert("member", {"cell_id": cell.id, "family_name": "Vũ", "given_name": "Tâm"})
            seen.append(len(_in_thread(lambda: list_members(store, cell.id))))
            raise RuntimeError("power cut")
    assert seen == [0] and list_members(store, cell.id) == []


def test_reading_connections_cannot_write_and_close_with_the_store(tmp_path, store, cell):
    reader = _in_thread(lambda: store.db)
    assert reader is not store.db  # this thread has its own
    with pytest.raises(Exception, match="readonly"):
        _in_thread(lambda: store.db.execute("DELETE FROM member"))
    store.close()
    with pytest.raises(Exception, match="closed"):
        reader.execute("SELECT 1")


def test_a_worker_thread_keeps_its_connection_from_job_to_job(qtbot, store, cell):
    """Qt gives a worker thread fresh Python thread locals for each job; the connection
    must still be opened once per thread, not once per page reload."""
    from ui.workers import Runner

    runner = Runner(readers=2)
    seen = []
    for _ in range(20):
        runner.read(lambda: seen.append((threading.get_ident(), store.db)))
    runner.wait()
    per_thread = {}
    for ident, db in seen:
        per_thread.setdefault(ident, set()).add(id(db))
    assert len(seen) == 20 and all(len(dbs) == 1 for dbs in per_thread.values())


def test_a_reading_connection_never_makes_a_file(tmp_path, store):
    from cellclient import db as dbmod

    missing = tmp_path / "gone.db"
    with pytest.raises(Exception, match="unable to open"):
        dbmod.connect(missing, b"k" * 32, read_only=True)
    assert not missing.exists()
