"""Meetings: the record and its agenda, attendance, adoption and the lock, warnings, gaps."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest

from cellclient.errors import LockedError
from cellclient.i18n import set_language
from cellclient.ids import derived_id
from cellclient.replica import apply_remote_changes, unsent_changes
from cellclient.services.attendance import expected_members, mark_all_present, set_attendance
from cellclient.services.cells import create_cell
from cellclient.services.meetings import (
    add_agenda_item,
    agenda_items,
    coverage,
    get_meeting,
    list_meetings,
    meeting_warnings,
    remove_agenda_item,
    remove_meeting,
    update_agenda_item,
    update_meeting,
)
from cellclient.services.members import remove_member
from cellclient.services.minutes import adopt_meeting, get_meeting_detail, set_minutes
from cellclient.store import Store
from cellclient.validation import ValidationError
from tests.meeting_factories import log_count, meeting, member, row_count

# -- the meeting record ------------------------------------------------------


def test_create_writes_meeting_and_numbered_agenda_in_one_transaction(store, cell):
    chair, taker = member(store, cell, "An"), member(store, cell, "Bình")
    commits = []
    store.subscribe(commits.append)
    before = log_count(store)
    m = meeting(store, cell, chair_id=chair.id, minute_taker_id=taker.id, guests="Đ/c Hải, Đảng ủy xã",
                agenda=["Tình hình tháng 2", "", "Kế hoạch tháng 3", "Thu đảng phí"])
    assert len(commits) == 1 and set(commits[0]) == {"meeting", "agenda_item"}
    items = agenda_items(store, m.id)
    assert [(i.position, i.title) for i in items] == [
        (1, "Tình hình tháng 2"), (2, "Kế hoạch tháng 3"), (3, "Thu đảng phí")]
    assert all(i.cell_id == cell.id and i.meeting_id == m.id for i in items)
    tables = {r[0] for r in store.db.execute("SELECT tbl FROM change_log WHERE seq > ?", [before])}
    assert tables == {"meeting", "agenda_item"}
    assert get_meeting(store, m.id).chair_id == chair.id


def test_dates_and_times_as_people_write_them(store, cell):
    m = meeting(store, cell, date="05/03/2026", start_time="8h", end_time="9:45")
    assert (m.date, m.start_time, m.end_time) == ("2026-03-05", "08:00", "09:45")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"date": None}, "date"),
        ({"date": "31/02/2026"}, "date"),
        ({"kind": "weekly"}, "kind"),
        ({"start_time": "25:00"}, "start_time"),
        ({"end_time": "nine"}, "end_time"),
        ({"start_time": "10:00", "end_time": "09:30"}, "end_time"),
        ({"start_time": "10:00", "end_time": "10:00"}, "end_time"),
        ({"chair_id": "no-such-member"}, "chair_id"),
        ({"agenda": ["x" * 501]}, "agenda"),
    ],
)
def test_invalid_meeting_names_the_field_and_writes_nothing(store, cell, values, field):
    member(store, cell, "An")
    before = log_count(store), row_count(store, "meeting"), row_count(store, "agenda_item")
    with pytest.raises(ValidationError) as err:
        meeting(store, cell, **{"agenda": ["Một nội dung"], **values})
    assert field in err.value.fields()
    assert f"({field})" in str(err.value)
    assert (log_count(store), row_count(store, "meeting"), row_count(store, "agenda_item")) == before


def test_chair_and_minute_taker_must_be_members_of_this_cell(store, cell):
    gone = member(store, cell, "Cường")
    remove_member(store, gone.id)
    other_cell = create_cell(store, "Chi bộ Thôn Tây")
    stranger = member(store, other_cell, "Dũng")
    with pytest.raises(ValidationError) as err:
        meeting(store, cell, chair_id=stranger.id, minute_taker_id=gone.id)
    assert err.value.fields() == {"chair_id", "minute_taker_id"}


def test_update_changes_given_fields_and_refuses_bad_ones(store, cell):
    m = meeting(store, cell, place="Nhà văn hóa")
    updated = update_meeting(store, m.id, place="Hội trường xã", end_time="10h30")
    assert (updated.place, updated.end_time, updated.start_time) == ("Hội trường xã", "10:30", "08:00")
    before = log_count(store)
    with pytest.raises(ValidationError) as err:
        update_meeting(store, m.id, end_time="07:00", place="Sân đình")
    assert err.value.fields() == {"end_time"}
    assert log_count(store) == before and get_meeting(store, m.id).place == "Hội trường xã"


def test_agenda_numbers_follow_the_list_after_a_removal(store, cell):
    m = meeting(store, cell, agenda=["Một", "Hai"])
    third = add_agenda_item(store, m.id, "Ba")
    assert third.position == 3
    remove_agenda_item(store, agenda_items(store, m.id)[1].id)
    update_agenda_item(store, third.id, "Ba (sửa)")
    set_minutes(store, m.id, items={2: "Ý kiến về mục ba"})
    items = agenda_items(store, m.id)
    assert [(i.title, i.discussion) for i in items] == [("Một", None), ("Ba (sửa)", "Ý kiến về mục ba")]
    before = log_count(store)
    with pytest.raises(ValidationError) as err:
        set_minutes(store, m.id, items={1: "ghi", 3: "không có mục này"}, conclusion="Kết luận")
    assert err.value.fields() == {"agenda"}
    assert log_count(store) == before and get_meeting(store, m.id).conclusion is None


def test_list_by_month_and_year_and_removed_meetings_are_gone(store, cell):
    jan = meeting(store, cell, date="2026-01-08")
    mar = meeting(store, cell, date="2026-03-05")
    meeting(store, cell, date="2025-12-04")
    assert [m.id for m in list_meetings(store, cell.id, month="2026-03")] == [mar.id]
    assert [m.id for m in list_meetings(store, cell.id, year=2026)] == [jan.id, mar.id]
    assert len(list_meetings(store, cell.id)) == 3
    remove_meeting(store, jan.id)
    assert [m.id for m in list_meetings(store, cell.id, year="2026")] == [mar.id]
    with pytest.raises(ValidationError) as err:
        list_meetings(store, cell.id, month="2026-13")
    assert err.value.fields() == {"month"}


# -- attendance --------------------------------------------------------------


def test_marking_twice_keeps_one_row_with_the_derived_id(store, cell):
    a = member(store, cell, "An")
    m = meeting(store, cell)
    first = set_attendance(store, m.id, a.id, "unexcused")
    second = set_attendance(store, m.id, a.id, "present")
    assert first.id == second.id == derived_id("attendance", m.id, a.id)
    rows = store.rows("attendance", "meeting_id = ?", [m.id])
    assert len(rows) == 1 and rows[0]["state"] == "present"


def test_two_devices_marking_the_same_member_offline_make_one_row(tmp_path, store, cell):
    a = member(store, cell, "An")
    m = meeting(store, cell)
    other = Store.open(tmp_path / "other.db", secrets.token_bytes(32), "laptop")
    try:
        with other.transaction() as tx:
            apply_remote_changes(tx, [lc.change for lc in unsent_changes(store)])
        set_attendance(store, m.id, a.id, "present")
        set_attendance(other, m.id, a.id, "excused", reason="Đi viện")
        mine = [lc.change for lc in unsent_changes(store)]
        theirs = [lc.change for lc in unsent_changes(other)]
        with store.transaction() as tx:
            apply_remote_changes(tx, theirs)
        with other.transaction() as tx:
            apply_remote_changes(tx, mine)
        here = store.rows("attendance", "meeting_id = ?", [m.id])
        there = other.rows("attendance", "meeting_id = ?", [m.id])
        assert len(here) == len(there) == 1
        assert (here[0]["state"], here[0]["reason"]) == (there[0]["state"], there[0]["reason"])
    finally:
        other.close()


def test_excused_needs_a_reason_and_present_drops_one(store, cell):
    a = member(store, cell, "An")
    m = meeting(store, cell)
    before = log_count(store)
    with pytest.raises(ValidationError) as err:
        set_attendance(store, m.id, a.id, "excused", reason="  ")
    assert err.value.fields() == {"reason"}
    with pytest.raises(ValidationError) as err:
        set_attendance(store, m.id, a.id, "late")
    assert err.value.fields() == {"state"}
    assert log_count(store) == before
    assert set_attendance(store, m.id, a.id, "excused", reason="Ốm").reason == "Ốm"
    assert set_attendance(store, m.id, a.id, "present", reason="Ốm").reason is None


def test_only_members_on_the_roll_that_day_can_be_marked(store, cell):
    m = meeting(store, cell, date="2026-03-05")
    left = member(store, cell, "Cường", status="transferred_out", status_since="2026-01-10")
    other_cell = create_cell(store, "Chi bộ Thôn Tây")
    stranger = member(store, other_cell, "Dũng")
    for who in (left.id, stranger.id, "no-such-member"):
        with pytest.raises(ValidationError) as err:
            set_attendance(store, m.id, who, "present")
        assert err.value.fields() == {"member_id"}
    assert row_count(store, "attendance") == 0


def test_expected_members_are_the_roll_on_the_meeting_date(store, cell):
    on_roll = {
        member(store, cell, "An").id: "official",
        member(store, cell, "Bình", status="probationary", ceremony_on="2025-09-01").id: "probationary",
        member(store, cell, "Cúc", status="exempt").id: "exempt",
        member(store, cell, "Dung", status="suspended").id: "suspended",
        # left after the meeting: still on that day's roll
        member(store, cell, "Giang", status="transferred_out", status_since="2026-06-01").id: "official",
        # recognised as official after the meeting: probationary on that day
        member(store, cell, "Hà", ceremony_on="2025-04-10", official_on="2026-04-10").id: "probationary",
    }
    attached = member(store, cell, "Khánh", temporarily_attached=True)
    member(store, cell, "Lan", status="transferred_out", status_since="2026-01-15")
    member(store, cell, "Minh", status="deceased")
    member(store, cell, "Nam", status="probationary", admitted_on="2026-03-20", ceremony_on="2026-04-01")
    remove_member(store, member(store, cell, "Oanh").id)
    m = meeting(store, cell, date="2026-03-05")
    roll = expected_members(store, m.id)
    assert {e.member.id: e.standing for e in roll if not e.temporarily_attached} == on_roll
    assert [e.member.id for e in roll if e.temporarily_attached] == [attached.id]
    assert roll[-1].member.id == attached.id  # counted apart, listed last


def test_all_present_keeps_marks_made_and_skips_exempt_and_suspended(store, cell):
    a, b = member(store, cell, "An"), member(store, cell, "Bình", status="probationary")
    sick = member(store, cell, "Cúc")
    exempt, suspended = member(store, cell, "Dung", status="exempt"), member(store, cell, "Hà", status="suspended")
    guest = member(store, cell, "Khánh", temporarily_attached=True)
    m = meeting(store, cell)
    set_attendance(store, m.id, sick.id, "excused", reason="Ốm")
    assert mark_all_present(store, m.id) == 3
    states = {e.member.id: e.state for e in expected_members(store, m.id)}
    assert states == {a.id: "present", b.id: "present", sick.id: "excused", exempt.id: None,
                      suspended.id: None, guest.id: "present"}


# -- adoption and the lock ---------------------------------------------------


def adoptable(store, cell):
    chair, taker = member(store, cell, "An"), member(store, cell, "Bình")
    m = meeting(store, cell, chair_id=chair.id, minute_taker_id=taker.id, agenda=["Kế hoạch"])
    mark_all_present(store, m.id)
    set_minutes(store, m.id, items={1: "Thống nhất"}, conclusion="Chi bộ thống nhất kế hoạch.",
                resolution="Thông qua kế hoạch tháng 3.", votes_for=2, votes_against=0,
                votes_abstain=0)
    return m, chair


def test_adopt_names_what_is_missing(store, cell):
    a = member(store, cell, "An")
    m = meeting(store, cell, place=None)
    with pytest.raises(ValidationError) as err:
        adopt_meeting(store, m.id)
    assert err.value.fields() == {"place", "chair_id", "minute_taker_id", "conclusion", "attendance"}
    assert "Nguyễn Văn An" in str(err.value)  # the unmarked member is named
    update_meeting(store, m.id, place="Nhà văn hóa", chair_id=a.id, minute_taker_id=a.id)
    set_attendance(store, m.id, a.id, "present")
    set_minutes(store, m.id, resolution="Nghị quyết tháng 3")
    with pytest.raises(ValidationError) as err:
        adopt_meeting(store, m.id)
    assert err.value.fields() == {"votes_for"}  # a resolution needs its vote
    assert get_meeting(store, m.id).adopted_at is None


def test_minutes_of_a_meeting_not_yet_held_cannot_be_adopted(store, cell):
    m, _ = adoptable(store, cell)
    with pytest.raises(ValidationError) as err:
        adopt_meeting(store, m.id, today=dt.date(2026, 3, 4))  # the day before the meeting
    assert err.value.fields() == {"date"}
    assert adopt_meeting(store, m.id, today=dt.date(2026, 3, 5)).adopted_at


def test_adopt_stamps_the_meeting_with_the_device_clock(store, cell):
    m, _ = adoptable(store, cell)
    adopted = adopt_meeting(store, m.id)
    assert adopted.adopted and adopted.adopted_at.endswith("-testdevice")
    assert adopted.adopted_at <= store.clock.last


EDITS = {
    "update_meeting": lambda s, m, item, who: update_meeting(s, m, place="Nơi khác"),
    "add_agenda_item": lambda s, m, item, who: add_agenda_item(s, m, "Thêm mục"),
    "update_agenda_item": lambda s, m, item, who: update_agenda_item(s, item, "Sửa mục"),
    "remove_agenda_item": lambda s, m, item, who: remove_agenda_item(s, item),
    "set_attendance": lambda s, m, item, who: set_attendance(s, m, who, "unexcused"),
    "mark_all_present": lambda s, m, item, who: mark_all_present(s, m),
    "set_minutes": lambda s, m, item, who: set_minutes(s, m, conclusion="Sửa kết luận"),
    "set_votes": lambda s, m, item, who: set_minutes(s, m, votes_for=1, votes_against=1,
                                                     votes_abstain=0),
    "set_discussion": lambda s, m, item, who: set_minutes(s, m, items={1: "Sửa ý kiến"}),
    "adopt_again": lambda s, m, item, who: adopt_meeting(s, m),
    "remove_meeting": lambda s, m, item, who: remove_meeting(s, m),
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_adopted_minutes_refuse_every_edit_and_write_nothing(store, cell, edit):
    m, chair = adoptable(store, cell)
    adopt_meeting(store, m.id)
    item = agenda_items(store, m.id)[0]
    before = log_count(store), get_meeting(store, m.id), agenda_items(store, m.id)
    with pytest.raises(LockedError) as err:
        edit(store, m.id, item.id, chair.id)
    assert "05/03/2026" in str(err.value) and "khóa" in str(err.value)
    assert (log_count(store), get_meeting(store, m.id), agenda_items(store, m.id)) == before
    assert {e.state for e in expected_members(store, m.id)} == {"present"}


def test_the_locked_message_speaks_english_too(store, cell):
    m, _ = adoptable(store, cell)
    adopt_meeting(store, m.id)
    set_language("en")
    with pytest.raises(LockedError, match="has been adopted and is locked"):
        set_minutes(store, m.id, conclusion="x")


# -- warnings and gaps -------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "date", "start", "end", "required"),
    [
        ("regular", "2026-03-05", "08:00", "09:00", 90),
        ("thematic", "2026-03-05", "14:00", "15:29", 90),
        ("combined", "2026-03-05", "08:00", "09:40", 120),
        ("regular", "2026-03-05", "08:00", "09:30", None),
        ("combined", "2026-03-05", "08:00", "10:00", None),
        ("regular", "2026-03-05", "08:00", None, None),
        ("regular", "2025-06-05", "08:00", "08:30", None),  # before HD 42-HD/BTCTW took effect
    ],
)
def test_short_meetings_are_warned_about_not_refused(store, cell, kind, date, start, end, required):
    m = meeting(store, cell, kind=kind, date=date, start_time=start, end_time=end)
    warnings = meeting_warnings(m)
    if required is None:
        assert warnings == []
    else:
        assert len(warnings) == 1 and f"{required} phút" in warnings[0]
        assert "HD 42-HD/BTCTW" in warnings[0]
        assert warnings == get_meeting_detail(store, m.id).warnings


def test_coverage_finds_months_and_quarters_without_their_meeting(store, cell):
    meeting(store, cell, date="2026-01-08", kind="regular")
    meeting(store, cell, date="2026-03-05", kind="combined")  # counts as regular and thematic
    meeting(store, cell, date="2026-04-09", kind="extraordinary")  # counts as neither
    remove_meeting(store, meeting(store, cell, date="2026-06-04", kind="combined").id)
    meeting(store, cell, date="2026-07-20", kind="thematic")
    gaps = coverage(store, cell.id, "2026-01", "2026-06")
    assert gaps.months_without_regular == ["2026-02", "2026-04", "2026-05", "2026-06"]
    assert gaps.quarters_without_thematic == ["2026-Q2"]
    # a quarter is judged on all its months, also those outside the range
    later = coverage(store, cell.id, "2026-08", "2026-09")
    assert later.to_dict() == {"months_without_regular": ["2026-08", "2026-09"],
                               "quarters_without_thematic": []}
    with pytest.raises(ValidationError) as err:
        coverage(store, cell.id, "2026-06", "2026-01")
    assert err.value.fields() == {"to_month"}
