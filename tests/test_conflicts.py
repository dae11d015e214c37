"""Conflicts a person reviews: both values shown, keep mine or keep theirs, locks respected."""

from __future__ import annotations

import secrets

import pytest

from cellclient.errors import LockedError
from cellclient.replica import apply_remote_changes, count_unsent, unsent_changes
from cellclient.services.attendance import mark_all_present
from cellclient.services.cells import create_cell
from cellclient.services.conflicts import (
    count_open_conflicts,
    list_open_conflicts,
    resolve_conflict,
)
from cellclient.services.meetings import create_meeting, update_meeting
from cellclient.services.members import add_member, edit_member, get_member
from cellclient.services.minutes import adopt_meeting, set_minutes
from cellclient.store import Store


def _pair(tmp_path):
    a = Store.open(tmp_path / "a.db", secrets.token_bytes(32), "deva")
    b = Store.open(tmp_path / "b.db", secrets.token_bytes(32), "devb")
    return a, b


def _send(src: Store, dst: Store, field: str | None = None):
    changes = [lc.change for lc in unsent_changes(src) if field is None or lc.change.field == field]
    with dst.transaction() as tx:
        return apply_remote_changes(tx, changes)


def _phone_conflict(tmp_path):
    """Both devices change a member's phone offline; b wrote last, so b's value wins."""
    a, b = _pair(tmp_path)
    cell = create_cell(a, "Chi bộ A")
    m = add_member(a, cell.id, family_name="Lê", middle_name="Thị", given_name="Hoa",
                   phone="0911111111")
    _send(a, b)
    edit_member(a, m.id, phone="0922222222")
    edit_member(b, m.id, phone="0933333333")
    _send(b, a, "phone")
    _send(a, b, "phone")
    return a, b, cell, m


def test_each_device_sees_its_own_value_as_mine(tmp_path):
    a, b, cell, m = _phone_conflict(tmp_path)
    [on_a] = list_open_conflicts(a, cell.id)
    assert (on_a.mine, on_a.theirs, on_a.mine_is_current) == ("0922222222", "0933333333", False)
    assert on_a.record == "Lê Thị Hoa" and on_a.field_label == "Số điện thoại"
    [on_b] = list_open_conflicts(b, cell.id)
    assert (on_b.mine, on_b.theirs, on_b.mine_is_current) == ("0933333333", "0922222222", True)
    assert on_a.id == on_b.id  # the same conflict, found on both replicas
    assert count_open_conflicts(a, cell.id) == 1


def test_keep_mine_writes_it_back_and_the_choice_syncs_without_a_new_conflict(tmp_path):
    a, b, cell, m = _phone_conflict(tmp_path)
    [c] = list_open_conflicts(a, cell.id)
    before = count_unsent(a)
    resolve_conflict(a, c.id, keep="mine")
    assert get_member(a, m.id).phone == "0922222222"
    assert list_open_conflicts(a, cell.id) == []
    assert count_unsent(a) > before  # the choice is an edit like any other
    assert a.get("conflict", c.id)["resolution"] == "lost"
    _send(a, b)
    assert get_member(b, m.id).phone == "0922222222"
    assert list_open_conflicts(b, cell.id) == []  # resolved there too, by the synced record


def test_keep_theirs_when_theirs_is_current_just_closes_it(tmp_path):
    a, b, cell, m = _phone_conflict(tmp_path)
    [c] = list_open_conflicts(a, cell.id)
    before = count_unsent(a)
    resolve_conflict(a, c.id, keep="theirs")
    assert get_member(a, m.id).phone == "0933333333"
    assert count_unsent(a) == before + 2  # only the conflict record's two fields
    with pytest.raises(Exception, match="đã được xử lý"):
        resolve_conflict(a, c.id, keep="mine")


def test_keep_theirs_on_the_device_that_won(tmp_path):
    a, b, cell, m = _phone_conflict(tmp_path)
    [c] = list_open_conflicts(b, cell.id)
    resolve_conflict(b, c.id, keep="theirs")
    assert get_member(b, m.id).phone == "0922222222"


def test_bad_choice_is_refused(tmp_path):
    a, b, cell, m = _phone_conflict(tmp_path)
    [c] = list_open_conflicts(a, cell.id)
    with pytest.raises(ValueError):
        resolve_conflict(a, c.id, keep="both")


def test_adopted_minutes_stay_locked(tmp_path):
    a, b = _pair(tmp_path)
    cell = create_cell(a, "Chi bộ A")
    chair = add_member(a, cell.id, family_name="Lê", given_name="Hoa")
    taker = add_member(a, cell.id, family_name="Trần", given_name="Bình")
    meeting = create_meeting(a, cell.id, "regular", "2026-11-05", start_time="08:00",
                             end_time="09:45", place="Nhà văn hóa", chair_id=chair.id,
                             minute_taker_id=taker.id, agenda=["Nhiệm vụ tháng"])
    mark_all_present(a, meeting.id)
    set_minutes(a, meeting.id, conclusion="Thống nhất.")
    _send(a, b)
    update_meeting(a, meeting.id, place="Hội trường thôn")
    update_meeting(b, meeting.id, place="Nhà bí thư")
    _send(b, a, "place")
    adopt_meeting(a, meeting.id)
    [c] = list_open_conflicts(a, cell.id)
    assert c.mine == "Hội trường thôn" and c.record == "Buổi sinh hoạt ngày 05/11/2026"
    with pytest.raises(LockedError):
        resolve_conflict(a, c.id, keep="mine")
    assert count_open_conflicts(a, cell.id) == 1  # nothing changed
    resolve_conflict(a, c.id, keep="theirs")  # the adopted text stays as it is
    assert count_open_conflicts(a, cell.id) == 0
