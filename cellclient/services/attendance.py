"""Who was expected at a meeting and who came.

The roll of a meeting is the cell's members on the meeting's date, worked out
from the dates each member record keeps, so that a later transfer or
promotion does not rewrite an old meeting. Each member has at most one
attendance row per meeting, with an id made from the pair, so two devices
marking the same member offline write the same row and the merge keeps one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import formatting
from ..i18n import register, tr
from ..ids import derived_id
from ..models import Attendance, Meeting, Member
from ..schema import ATTENDANCE_STATES
from ..store import Store, Tx
from ..validation import Checker, register_labels
from .meetings import get_meeting, require_editable
from .members import ACTIVE_STATUSES, list_members

register(
    {
        "attendance.present": ("Có mặt", "Present"),
        "attendance.excused": ("Vắng có lý do", "Absent with reason"),
        "attendance.unexcused": ("Vắng không lý do", "Absent without reason"),
        "attendance.unmarked": ("Chưa điểm danh", "Not marked"),
        "standing.official": ("Chính thức", "Official"),
        "standing.probationary": ("Dự bị", "Probationary"),
        "standing.exempt": ("Miễn sinh hoạt", "Exempt from activities"),
        "standing.suspended": ("Đình chỉ sinh hoạt", "Suspended"),
        "standing.attached": ("Sinh hoạt tạm thời", "Temporarily attached"),
        # the other member statuses, so that every status has its words here
        "standing.transferred_out": ("Đã chuyển đi", "Transferred out"),
        "standing.deceased": ("Từ trần", "Deceased"),
        "standing.removed": ("Đã xóa tên", "Removed from the roll"),
        "valid.not_on_meeting_roll": (
            "không có tên trong danh sách chi bộ ngày {date}",
            "is not on the cell's roll on {date}",
        ),
    }
)
register_labels({"attendance": ("Điểm danh", "Attendance")})

# Standings whose members are asked to attend; exempt and suspended members are on
# the roll but not expected to come, so "all present" leaves them unmarked.
ATTENDING_STANDINGS = ("official", "probationary")


def standing_on(member: Member, on: str | None) -> str | None:
    """The member's status on a date (ISO): official, probationary, exempt or
    suspended, or None when not on the roll that day.

    The record keeps only the current status and the day it began; before that
    day the member was official or probationary, which ``official_on`` tells.
    A member with no dates at all counts as official (imported lists often have none).
    """
    on = on or dt.date.today().isoformat()  # a meeting synced without its date yet: today
    joined = member.ceremony_on or member.admitted_on
    if joined and joined > on:
        return None
    status = member.status
    if status == "probationary":
        return status  # still probationary now, so never official before
    if member.status_since and member.status_since > on:
        status = None  # the current status began later; what it replaced is not kept
    if status in ("exempt", "suspended"):
        return status
    if status in (None, "official"):
        if member.official_on:
            return "official" if member.official_on <= on else "probationary"
        return "official"
    return None  # transferred out, deceased or removed on or before that day


@dataclass
class RollEntry:
    """One line of a meeting's attendance checklist."""

    member: Member
    standing: str | None
    temporarily_attached: bool
    state: str | None = None  # None: not marked yet
    reason: str | None = None
    expected: bool = True  # False: marked, but not on the roll of that day

    @property
    def name(self) -> str:
        return self.member.full_name

    def to_dict(self) -> dict:
        return {"member_id": self.member.id, "name": self.name, "standing": self.standing,
                "temporarily_attached": self.temporarily_attached, "state": self.state,
                "reason": self.reason, "expected": self.expected}


def attendance_id(meeting_id: str, member_id: str) -> str:
    return derived_id("attendance", meeting_id, member_id)


def _marks(store: Store, meeting_id: str) -> dict[str, Attendance]:
    rows = store.rows("attendance", "meeting_id = ? AND deleted = 0", [meeting_id])
    return {r["member_id"]: Attendance.from_row(r) for r in rows}


def _order(entries: list[RollEntry]) -> list[RollEntry]:
    # Temporarily attached members are counted apart, so they are listed after the cell's own.
    return sorted(entries, key=lambda e: (e.temporarily_attached, e.member.sort_key))


def _roll(store: Store, meeting: Meeting, marks: dict[str, Attendance]) -> list[RollEntry]:
    entries = []
    for member in list_members(store, meeting.cell_id):
        standing = standing_on(member, meeting.date)
        if standing in ACTIVE_STATUSES:
            mark = marks.get(member.id)
            entries.append(RollEntry(member, standing, bool(member.temporarily_attached),
                                     mark.state if mark else None, mark.reason if mark else None))
    return _order(entries)


def expected_members(store: Store, meeting_id: str) -> list[RollEntry]:
    """The members expected at the meeting (the cell's probationary, official, exempt
    and suspended members on its date, temporarily attached ones flagged), each with
    its mark so far: the UI's checklist."""
    meeting = get_meeting(store, meeting_id)
    return _roll(store, meeting, _marks(store, meeting_id))


def attendance_sheet(store: Store, meeting_id: str) -> list[RollEntry]:
    """The expected roll plus anyone marked who is not on it any more (say, a member
    record corrected after the meeting): what the minutes show."""
    meeting = get_meeting(store, meeting_id)
    marks = _marks(store, meeting_id)
    entries = _roll(store, meeting, marks)
    seen = {e.member.id for e in entries}
    extra = []
    for member_id, mark in marks.items():
        row = store.get("member", member_id)
        if member_id in seen or row is None or row.get("deleted"):
            continue
        member = Member.from_row(row)
        extra.append(RollEntry(member, standing_on(member, meeting.date),
                               bool(member.temporarily_attached), mark.state, mark.reason,
                               expected=False))
    return entries + _order(extra)


def _check_mark(store: Store, c: Checker, meeting: Meeting, member_id: str) -> None:
    row = store.get("member", member_id) if member_id else None
    if row is None or row.get("deleted") or row.get("cell_id") != meeting.cell_id:
        c.add("member_id", "unknown_member")
    elif standing_on(Member.from_row(row), meeting.date) not in ACTIVE_STATUSES:
        c.add("member_id", "not_on_meeting_roll", date=formatting.date(meeting.date))


def _write_mark(tx: Tx, meeting: Meeting, member_id: str, state: str, reason: str | None) -> str:
    row_id = attendance_id(meeting.id, member_id)
    values = {"cell_id": meeting.cell_id, "meeting_id": meeting.id, "member_id": member_id,
              "state": state, "reason": reason}
    existing = tx.store.get("attendance", row_id)
    if existing is not None and existing.get("deleted"):
        values["deleted"] = False  # the same pair marked again brings its row back
    return tx.insert("attendance", values, row_id=row_id)


def set_attendance(store: Store, meeting_id: str, member_id: str, state: str,
                   reason: str | None = None) -> Attendance:
    """Mark one member present, excused (a reason is required) or unexcused.

    Marking again changes the same row. A reason given with "present" is dropped:
    it would describe an absence that did not happen.
    """
    c = Checker()
    state = c.choice("state", state, ATTENDANCE_STATES, required=True)
    reason = c.text("reason", reason, max_len=500)
    if state == "excused" and not reason and not c.failed("reason"):
        c.add("reason", "required")
    if state == "present":
        reason = None
    with store.transaction() as tx:
        meeting = require_editable(store, meeting_id)
        _check_mark(store, c, meeting, member_id)
        c.done()
        row_id = _write_mark(tx, meeting, member_id, state, reason)
    return Attendance.from_row(store.require("attendance", row_id))


def mark_all_present(store: Store, meeting_id: str) -> int:
    """Mark present every official or probationary member (temporarily attached ones
    too) not marked yet; returns how many. Marks already made are kept, and exempt
    and suspended members are left for the secretary, as they are not expected to come."""
    with store.transaction() as tx:
        meeting = require_editable(store, meeting_id)
        todo = [e for e in _roll(store, meeting, _marks(store, meeting_id))
                if e.state is None and e.standing in ATTENDING_STANDINGS]
        for entry in todo:
            _write_mark(tx, meeting, entry.member.id, "present", None)
    return len(todo)


def state_label(state: str | None, lang: str | None = None) -> str:
    return tr(f"attendance.{state or 'unmarked'}", lang)


def standing_label(standing: str | None, lang: str | None = None) -> str:
    return tr(f"standing.{standing}", lang) if standing else ""
