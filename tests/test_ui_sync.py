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


def test_offline_the_status_bar_says_so_and_counts_unsent_changes(qtbot, store, cell, tmp_path):
    window = open_window(qtbot, make_ctx(store, tmp_path), "members")
    bar = window.status
    assert bar.server.text() == "Chưa kết nối máy chủ"
    assert bar.last_sync.text() == "Chưa đồng bộ lần nào"
    assert bar.unsent.text() == f"{count_unsent(store)} thay đổi chưa gửi"
    assert bar.conflicts.text() == "Không có xung đột"
    add_member(store, cell.id, family_name="Lê", given_name="Hoa")
    assert bar.unsent.text() == f"{count_unsent(store)} thay đổi chưa gửi"
    sync = window.pages["sync"]
    window.show_page("sync")
    assert "Chưa kết nối máy chủ" in sync.server_text.text()
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
