"""The status bar and the sync page offline, and conflict review.

A loopback engine syncs with a second local replica through the two core
functions the real engine calls (``unsent_changes``, ``apply_remote_changes``):
enough to make a conflict on demand. The same window against a real server
process is in ``test_ui_server.py``.
"""

from __future__ import annotations

import secrets

from PySide6.QtCore import Qt

from cellclient.ids import new_id
from cellclient.replica import apply_remote_changes, count_unsent, mark_sent, unsent_changes
from cellclient.services.conflicts import list_open_conflicts
from cellclient.services.members import add_member, edit_member, get_member
from cellclient.store import Store
from tests.ui_support import make_ctx, open_window
from ui.sync_controller import SyncReport

LEFT = Qt.MouseButton.LeftButton


def _send(tx, changes) -> None:
    batch = new_id()
    tx.db.execute("INSERT INTO sync_batch (id, created_at, state) VALUES (?, ?, 'acked')",
                  [batch, "2026-11-20T00:00:00Z"])
    mark_sent(tx, [lc.seq for lc in changes], batch)


class LoopbackEngine:
    """Syncs ``local`` with another replica in this process: push, then pull."""

    def __init__(self, local: Store, other: Store):
        self.local, self.other = local, other
        self.last = None

    def server_url(self):
        return "loopback://test"

    def is_enrolled(self):
        return True

    def check_server(self):
        return True

    def last_report(self):
        return self.last

    def rejected_changes(self):
        return []

    def enroll(self, url, username, code, ca_bundle=None):
        raise AssertionError("not used")

    def sync(self, report, cancelled):
        outgoing = unsent_changes(self.local)
        incoming = unsent_changes(self.other)
        report(0, 2)
        with self.other.transaction() as tx:
            apply_remote_changes(tx, [lc.change for lc in outgoing])
            _send(tx, incoming)
        report(1, 2)
        with self.local.transaction() as tx:
            result = apply_remote_changes(tx, [lc.change for lc in incoming])
            _send(tx, outgoing)
        report(2, 2)
        self.last = SyncReport(ok=True, sent=len(outgoing), received=len(incoming),
                               conflicts=len(result.conflicts))
        return self.last


def _other_replica(tmp_path, store) -> Store:
    """A second device with everything ``store`` has so far."""
    other = Store.open(tmp_path / "other.db", secrets.token_bytes(32), "otherdev")
    with other.transaction() as tx:
        apply_remote_changes(tx, [lc.change for lc in unsent_changes(store)])
    return other


def _status_texts(bar) -> list[str]:
    return [w.text() for w in (bar.server, bar.last_sync, bar.unsent, bar.conflicts)
            if w.isVisible()]


def test_offline_the_status_bar_says_so_and_counts_nothing_to_send(qtbot, store, cell, tmp_path):
    """A profile with no server has nowhere to send to: no count of field changes the
    secretary never typed one by one ("4160 thay đổi chưa gửi")."""
    window = open_window(qtbot, make_ctx(store, tmp_path), "members")
    bar = window.status
    add_member(store, cell.id, family_name="Lê", given_name="Hoa")
    assert count_unsent(store) > 10
    assert _status_texts(bar) == ["Chưa kết nối máy chủ", "Chưa đồng bộ lần nào",
                                  "Không có xung đột"]
    assert not bar.unsent.isVisible() and not bar.separators[1].isVisible()
    sync = window.pages["sync"]
    window.show_page("sync")
    assert "Chưa kết nối máy chủ" in sync.server_text.text()
    assert not sync.outbox_text.isVisible()
    assert not sync.sync_button.isEnabled()
    assert window.ctx.sync.sync_now() is False  # Ctrl+Shift+S does nothing harmful


def test_a_conflict_shows_in_the_status_bar_and_is_settled_side_by_side(qtbot, store, cell,
                                                                      tmp_path):
    m = add_member(store, cell.id, family_name="Lê", middle_name="Thị", given_name="Hoa",
                   phone="0911111111")
    other = _other_replica(tmp_path, store)
    window = open_window(qtbot, make_ctx(store, tmp_path), "members")
    edit_member(store, m.id, phone="0922222222")  # both devices edit offline
    edit_member(other, m.id, phone="0933333333")
    with store.transaction() as tx:  # what a sync would bring
        apply_remote_changes(tx, [lc.change for lc in unsent_changes(other)
                                  if lc.change.field == "phone"])
    bar = window.status
    assert bar.conflicts.text() == "1 xung đột cần xem"
    qtbot.mouseClick(bar.conflicts, LEFT)
    page = window.pages["sync"]
    assert window.current_page() is page
    assert page.conflict_box.title() == "Xung đột cần xem xét (1)"
    assert [page.table.item(0, c).text() for c in range(4)] == [
        "Lê Thị Hoa", "Số điện thoại", "0922222222", "0933333333"]
    assert (page.mine.text(), page.theirs.text()) == ("0922222222", "0933333333")
    qtbot.mouseClick(page.keep_mine, LEFT)
    assert get_member(store, m.id).phone == "0922222222"
    assert list_open_conflicts(store, cell.id) == []
    assert bar.conflicts.text() == "Không có xung đột" and page.table.rowCount() == 0
    other.close()


def test_connected_the_status_bar_counts_records_not_field_changes(qtbot, store, cell, tmp_path):
    other = _other_replica(tmp_path, store)
    window = open_window(qtbot, make_ctx(store, tmp_path, LoopbackEngine(store, other)), "sync")
    bar, page = window.status, window.pages["sync"]
    assert bar.unsent.isVisible() and bar.separators[1].isVisible()
    assert bar.unsent.text() == "1 mục chưa gửi lên máy chủ"  # the cell itself
    for given in ("Hoa", "Lan"):
        add_member(store, cell.id, family_name="Lê", given_name=given, phone="0911111111")
    assert count_unsent(store) > 3  # a change per field written
    assert bar.unsent.text() == "3 mục chưa gửi lên máy chủ"
    assert page.outbox_text.text().startswith("3 mục (đảng viên")
    assert window.ctx.sync.sync_now()
    assert bar.unsent.text() == "Đã gửi hết lên máy chủ"
    assert page.outbox_text.text() == "Mọi thay đổi đã được gửi lên máy chủ."
    other.close()
