"""Minutes drafts: kept on this device, encrypted with the profile, never synced."""

from __future__ import annotations

import datetime as dt
import secrets

from cellclient.migrations import applied
from cellclient.replica import count_unsent
from cellclient.services.drafts import discard_draft, get_draft, save_draft
from cellclient.services.meetings import create_meeting
from cellclient.store import Store


def test_a_draft_is_kept_replaced_and_discarded_without_touching_the_change_log(store, cell):
    meeting = create_meeting(store, cell.id, "regular", "2026-11-05")
    heard = []
    store.subscribe(heard.append)
    before = count_unsent(store)
    when = dt.datetime(2026, 11, 20, 7, 30, tzinfo=dt.UTC)
    save_draft(store, meeting.id, {"conclusion": "Chi bộ thống"}, now=when)
    save_draft(store, meeting.id, {"conclusion": "Chi bộ thống nhất"}, now=when)
    draft = get_draft(store, meeting.id)
    assert draft.body == {"conclusion": "Chi bộ thống nhất"}
    assert draft.saved_at == "2026-11-20T07:30:00+00:00"
    assert count_unsent(store) == before and heard == []  # local only: nothing to sync
    discard_draft(store, meeting.id)
    assert get_draft(store, meeting.id) is None


def test_a_draft_survives_reopening_the_file(tmp_path):
    key = secrets.token_bytes(32)
    store = Store.open(tmp_path / "x.db", key, "dev")
    assert "0002_minute_drafts" in applied(store.db)
    save_draft(store, "m1", {"items": {"1": "Ý kiến của đồng chí Hoa"}})
    store.close()
    again = Store.open(tmp_path / "x.db", key, "dev")
    assert get_draft(again, "m1").body == {"items": {"1": "Ý kiến của đồng chí Hoa"}}
    again.close()
