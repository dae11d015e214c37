"""The minutes' vote: who is eligible, when a resolution passes, and the totals shown."""

from __future__ import annotations

import pytest

from cellclient.services.attendance import set_attendance
from cellclient.services.meetings import update_meeting
from cellclient.services.minutes import adopt_meeting, get_meeting_detail, set_minutes, vote_result
from cellclient.validation import ValidationError
from tests.meeting_factories import log_count, meeting, member

ROLL = {
    "o1": "official", "o2": "official", "o3": "official", "o4": "official", "o5": "official",
    "p1": "probationary", "x1": "exempt", "x2": "exempt", "s1": "suspended",
}


@pytest.fixture
def roll(store, cell):
    """Nine members of the cell and one temporarily attached (t1), by short name."""
    people = {key: member(store, cell, key.upper(), status=status) for key, status in ROLL.items()}
    people["t1"] = member(store, cell, "T1", temporarily_attached=True)
    return people


def hold(store, cell, roll, marks: dict[str, str]):
    m = meeting(store, cell)
    for key, state in marks.items():
        set_attendance(store, m.id, roll[key].id, state, reason="Công tác" if state == "excused" else None)
    return m


ALL_OFFICIAL = {f"o{n}": "present" for n in range(1, 6)}


@pytest.mark.parametrize(
    ("marks", "votes", "eligible", "passed"),
    [
        pytest.param({**ALL_OFFICIAL, "p1": "present", "x1": "present", "x2": "present",
                      "t1": "present"}, (4, 3, 0), 7, True, id="everyone-came"),
        pytest.param({"o1": "present", "o2": "present", "o3": "present", "o4": "present",
                      "o5": "excused"}, (2, 2, 0), 4, False, id="tie-fails"),
        pytest.param({"o1": "present", "o2": "present", "o3": "present", "o4": "excused",
                      "o5": "excused"}, (2, 1, 0), 3, True, id="excused-not-counted"),
        pytest.param({"o1": "present", "o2": "present", "o3": "present", "o4": "unexcused",
                      "o5": "unexcused"}, (2, 1, 0), 5, False, id="unexcused-still-counted"),
        pytest.param({"o1": "present", "o2": "present", "o3": "present", "o4": "present"},
                     (3, 1, 0), 5, True, id="unmarked-official-counted"),
        pytest.param({**ALL_OFFICIAL, "x1": "present", "x2": "unexcused"}, (3, 2, 1), 6, False,
                     id="absent-exempt-not-counted-present-exempt-counted"),
        pytest.param({"o1": "present", "o2": "present", "o3": "present", "o4": "excused",
                      "o5": "excused", "p1": "present", "s1": "present", "t1": "present"},
                     (2, 0, 1), 3, True, id="probationary-suspended-attached-not-counted"),
    ],
)
def test_pass_rule(store, cell, roll, marks, votes, eligible, passed):
    m = hold(store, cell, roll, marks)
    set_minutes(store, m.id, resolution="Nghị quyết", votes_for=votes[0], votes_against=votes[1],
                votes_abstain=votes[2])
    result = vote_result(store, m.id)
    assert result.eligible == eligible
    assert result.passed is passed
    assert result.needed == eligible // 2 + 1


def test_no_vote_recorded_means_no_outcome(store, cell, roll):
    m = hold(store, cell, roll, ALL_OFFICIAL)
    set_minutes(store, m.id, conclusion="Chỉ có kết luận")
    result = vote_result(store, m.id)
    assert result.passed is None and result.votes_for is None and result.eligible == 5


def test_votes_may_not_exceed_the_members_present_who_may_vote(store, cell, roll):
    # six people in the room, but the probationary, suspended and attached ones do not vote
    m = hold(store, cell, roll, {"o1": "present", "o2": "present", "o3": "present",
                                 "p1": "present", "s1": "present", "t1": "present"})
    before = log_count(store)
    with pytest.raises(ValidationError) as err:
        set_minutes(store, m.id, conclusion="Kết luận", votes_for=3, votes_against=1,
                    votes_abstain=0)
    assert err.value.fields() == {"votes_for"}
    assert "(4)" in str(err.value) and "(3)" in str(err.value)
    assert log_count(store) == before
    assert vote_result(store, m.id).votes_for is None
    set_minutes(store, m.id, votes_for=2, votes_against=0, votes_abstain=1)
    assert vote_result(store, m.id).votes_cast == 3


@pytest.mark.parametrize(
    ("votes", "fields"),
    [
        ((-1, 0, 0), {"votes_for"}),
        (("nhiều", 0, 0), {"votes_for"}),
        ((1.5, 0, 0), {"votes_for"}),
        ((True, 0, 0), {"votes_for"}),
        ((1, None, None), {"votes_against", "votes_abstain"}),
    ],
)
def test_votes_are_whole_non_negative_and_come_as_three(store, cell, roll, votes, fields):
    m = hold(store, cell, roll, ALL_OFFICIAL)
    before = log_count(store)
    with pytest.raises(ValidationError) as err:
        set_minutes(store, m.id, votes_for=votes[0], votes_against=votes[1], votes_abstain=votes[2])
    assert err.value.fields() == fields
    assert log_count(store) == before


def test_votes_given_as_text_digits_are_accepted(store, cell, roll):
    m = hold(store, cell, roll, ALL_OFFICIAL)
    set_minutes(store, m.id, votes_for="4", votes_against="0", votes_abstain="1")
    assert (vote_result(store, m.id).votes_for, vote_result(store, m.id).passed) == (4, True)


def test_totals_and_absentees_for_the_minutes(store, cell, roll):
    m = hold(store, cell, roll, {"o1": "present", "o2": "present", "o3": "excused",
                                 "o4": "unexcused", "p1": "present", "t1": "present"})
    result = vote_result(store, m.id)
    t = result.totals
    assert (t.headcount, t.official, t.probationary, t.exempt, t.suspended,
            t.temporarily_attached) == (9, 5, 1, 2, 1, 1)
    assert result.present == 4 and result.present_voters == 2
    assert [(a.name, a.reason) for a in result.absent_excused] == [("Nguyễn Văn O3", "Công tác")]
    assert [a.name for a in result.absent_unexcused] == ["Nguyễn Văn O4"]
    # exempt and suspended members are not expected, so not "unmarked"
    assert [a.name for a in result.unmarked] == ["Nguyễn Văn O5"]


def test_attendance_changed_after_the_vote_blocks_adoption_and_warns(store, cell, roll):
    chair = roll["o1"]
    m = hold(store, cell, roll, {**ALL_OFFICIAL, "p1": "present", "t1": "present"})
    set_minutes(store, m.id, conclusion="Kết luận", resolution="Nghị quyết", votes_for=5,
                votes_against=0, votes_abstain=0)
    set_attendance(store, m.id, roll["o5"].id, "excused", reason="Về sớm")
    update_meeting(store, m.id, chair_id=chair.id, minute_taker_id=chair.id)
    detail = get_meeting_detail(store, m.id)
    assert any("(5)" in w and "(4)" in w for w in detail.warnings)
    with pytest.raises(ValidationError) as err:
        adopt_meeting(store, m.id)
    assert err.value.fields() == {"votes_for"}
    set_minutes(store, m.id, votes_for=4, votes_against=0, votes_abstain=0)
    assert adopt_meeting(store, m.id).adopted
    assert get_meeting_detail(store, m.id).to_dict()["votes"]["passed"] is True
