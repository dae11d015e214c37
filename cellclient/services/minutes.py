"""The minutes of a meeting: discussion per agenda item, the chair's conclusion,
the resolution and its vote, the member totals, and adoption.

Whether a resolution passed is computed every time from the votes and the
attendance, never stored. The rule: votes in favour must exceed half of the
eligible members, who are the cell's official members less the suspended
ones, the exempt ones who did not come and those absent with an accepted
reason (Party Charter, art. 3: probationary members do not vote; members
temporarily attached here vote in their own cell, so they are counted apart).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..i18n import register, tr
from ..models import AgendaItem, Meeting
from ..schema import MAX_TEXT
from ..store import Store
from ..text import full_name
from ..validation import Checker, register_labels
from .attendance import RollEntry, attendance_sheet
from .meetings import adopted_on, agenda_items, get_meeting, meeting_warnings, require_editable

register(
    {
        "valid.no_agenda_item": ("không có nội dung số {number}", "there is no agenda item {number}"),
        "valid.votes_exceed_present": (
            "tổng số biểu quyết ({total}) vượt quá số đảng viên có quyền biểu quyết có mặt "
            "({present})",
            "the votes cast ({total}) exceed the members present who may vote ({present})",
        ),
        "valid.conclusion_or_resolution": (
            "cần có kết luận hoặc nghị quyết trước khi thông qua biên bản",
            "a conclusion or a resolution is needed before the minutes are adopted",
        ),
        "valid.attendance_unmarked": (
            "còn {count} đảng viên chưa điểm danh: {names}",
            "{count} members are not marked yet: {names}",
        ),
        "minutes.warn.votes_exceed": (
            "Tổng số biểu quyết ({total}) nhiều hơn số đảng viên có quyền biểu quyết có mặt "
            "({present}).",
            "The votes cast ({total}) exceed the members present who may vote ({present}).",
        ),
        "minutes.warn.unmarked": (
            "Còn {count} đảng viên chưa điểm danh.", "{count} members are not marked yet.",
        ),
    }
)
register_labels({"discussion": ("Ý kiến thảo luận", "Discussion")})

VOTE_FIELDS = ("votes_for", "votes_against", "votes_abstain")
# What adopted minutes must name: time and place, and the two who sign them.
ADOPT_REQUIRED = ("date", "start_time", "end_time", "place", "chair_id", "minute_taker_id")


@dataclass
class MemberTotals:
    """The member counts the minutes show. ``headcount`` is the cell's own roll:
    temporarily attached members are counted apart, not in it."""

    headcount: int = 0
    official: int = 0
    probationary: int = 0
    exempt: int = 0
    suspended: int = 0
    temporarily_attached: int = 0


@dataclass
class Absentee:
    member_id: str
    name: str
    reason: str | None = None
    temporarily_attached: bool = False


@dataclass
class VoteResult:
    """Totals, attendance and the vote of one meeting, with the pass rule applied."""

    totals: MemberTotals
    present: int
    present_voters: int  # present and entitled to vote here
    absent_excused: list[Absentee] = field(default_factory=list)
    absent_unexcused: list[Absentee] = field(default_factory=list)
    unmarked: list[Absentee] = field(default_factory=list)  # expected, not marked yet
    eligible: int = 0
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None

    @property
    def needed(self) -> int:
        """Votes in favour needed to pass: more than half of the eligible."""
        return self.eligible // 2 + 1

    @property
    def votes_cast(self) -> int:
        return sum(v or 0 for v in (self.votes_for, self.votes_against, self.votes_abstain))

    @property
    def passed(self) -> bool | None:
        """None while no vote is recorded."""
        if self.votes_for is None:
            return None
        return self.votes_for * 2 > self.eligible

    def to_dict(self) -> dict:
        out = {k: v for k, v in self.__dict__.items() if k not in ("totals",)}
        out["totals"] = dict(self.totals.__dict__)
        for key in ("absent_excused", "absent_unexcused", "unmarked"):
            out[key] = [dict(a.__dict__) for a in getattr(self, key)]
        out.update(needed=self.needed, passed=self.passed, votes_cast=self.votes_cast)
        return out


def _absentee(e: RollEntry) -> Absentee:
    return Absentee(e.member.id, e.name, e.reason, e.temporarily_attached)


def _may_vote(e: RollEntry) -> bool:
    # Exempt members are counted as official: exemption is granted to long-standing
    # (official) members, and the record does not keep their standing underneath.
    return e.expected and not e.temporarily_attached and e.standing in ("official", "exempt")


def _is_eligible(e: RollEntry) -> bool:
    if not _may_vote(e):
        return False
    if e.standing == "exempt":
        return e.state == "present"
    return e.state != "excused"  # unmarked or absent without reason still count


def tally(meeting: Meeting, sheet: list[RollEntry]) -> VoteResult:
    """The vote result from a meeting and its attendance sheet, without I/O."""
    totals = MemberTotals()
    for e in sheet:
        if not e.expected:
            continue
        if e.temporarily_attached:
            totals.temporarily_attached += 1
            continue
        totals.headcount += 1
        setattr(totals, e.standing, getattr(totals, e.standing) + 1)
    return VoteResult(
        totals=totals,
        present=sum(1 for e in sheet if e.state == "present"),
        present_voters=sum(1 for e in sheet if e.state == "present" and _may_vote(e)),
        absent_excused=[_absentee(e) for e in sheet if e.state == "excused"],
        absent_unexcused=[_absentee(e) for e in sheet if e.state == "unexcused"],
        unmarked=[_absentee(e) for e in sheet
                  if e.state is None and e.standing in ("official", "probationary")],
        eligible=sum(1 for e in sheet if _is_eligible(e)),
        votes_for=meeting.votes_for,
        votes_against=meeting.votes_against,
        votes_abstain=meeting.votes_abstain,
    )


def vote_result(store: Store, meeting_id: str) -> VoteResult:
    """Member totals, attendance, eligible voters and whether the resolution passed."""
    return tally(get_meeting(store, meeting_id), attendance_sheet(store, meeting_id))


def _vote_count(c: Checker, name: str, value):
    if isinstance(value, bool):  # True would pass as 1
        c.add(name, "int")
        return None
    return c.count(name, value)


def _item_number(key) -> int | None:
    if isinstance(key, bool):
        return None
    try:
        return int(key)
    except (TypeError, ValueError):
        return None


def set_minutes(store: Store, meeting_id: str, items: dict | None = None,
                conclusion: str | None = None, resolution: str | None = None,
                votes_for=None, votes_against=None, votes_abstain=None) -> Meeting:
    """Write the minutes: ``items`` maps an agenda item's number (1..n) to what was
    said on it. None leaves a field as it is; "" clears it.

    Votes are whole non-negative numbers, all three once any is recorded, and
    together they may not exceed the members present who may vote.
    """
    c = Checker()
    values: dict = {}
    if conclusion is not None:
        values["conclusion"] = c.text("conclusion", conclusion, max_len=MAX_TEXT)
    if resolution is not None:
        values["resolution"] = c.text("resolution", resolution, max_len=MAX_TEXT)
    given_votes = {n: v for n, v in zip(VOTE_FIELDS, (votes_for, votes_against, votes_abstain),
                                        strict=True) if v is not None}
    for name, value in given_votes.items():
        values[name] = _vote_count(c, name, value)
    texts = {}
    for key, text in (items or {}).items():
        texts[key] = c.text("discussion", text, max_len=MAX_TEXT)
    with store.transaction() as tx:
        meeting = require_editable(store, meeting_id)
        agenda = agenda_items(store, meeting_id)
        discussions: dict[str, str | None] = {}
        for key, text in texts.items():
            number = _item_number(key)
            if number is None or not 1 <= number <= len(agenda):
                c.add("agenda", "no_agenda_item", number=key)
            else:
                discussions[agenda[number - 1].id] = text
        if given_votes and not any(c.failed(n) for n in VOTE_FIELDS):
            _check_votes(c, store, meeting, values)
        c.done()
        tx.update("meeting", meeting_id, values)
        for item_id, text in discussions.items():
            tx.update("agenda_item", item_id, {"discussion": text})
    return get_meeting(store, meeting_id)


def _check_votes(c: Checker, store: Store, meeting: Meeting, values: dict) -> None:
    votes = {n: values.get(n, getattr(meeting, n)) for n in VOTE_FIELDS}
    recorded = [v for v in votes.values() if v is not None]
    if recorded and len(recorded) < len(VOTE_FIELDS):
        for name, value in votes.items():
            if value is None:
                c.add(name, "required")
        return
    total = sum(recorded)
    present = tally(meeting, attendance_sheet(store, meeting.id)).present_voters
    if total > present:
        c.add("votes_for", "votes_exceed_present", total=total, present=present)


def adopt_meeting(store: Store, meeting_id: str, today: dt.date | None = None) -> Meeting:
    """Adopt the minutes: from now on the meeting, its agenda and its attendance
    are locked. Needs the time, place, chair and minute-taker, a conclusion or a
    resolution (a resolution with its vote), every attending member marked, and
    the meeting to have taken place (minutes are adopted before it closes)."""
    with store.transaction() as tx:
        meeting = require_editable(store, meeting_id)
        c = Checker()
        if meeting.date and meeting.date > (today or dt.date.today()).isoformat():
            c.add("date", "future")
        for name in ADOPT_REQUIRED:
            if not getattr(meeting, name):
                c.add(name, "required")
        if not (meeting.conclusion or meeting.resolution):
            c.add("conclusion", "conclusion_or_resolution")
        result = tally(meeting, attendance_sheet(store, meeting_id))
        if meeting.resolution and meeting.votes_for is None:
            c.add("votes_for", "required")
        elif result.votes_cast > result.present_voters:
            c.add("votes_for", "votes_exceed_present", total=result.votes_cast,
                  present=result.present_voters)
        if result.unmarked:
            c.add("attendance", "attendance_unmarked", count=len(result.unmarked),
                  names=", ".join(a.name for a in result.unmarked))
        c.done()
        tx.update("meeting", meeting_id, {"adopted_at": store.clock.now()})
    return get_meeting(store, meeting_id)


@dataclass
class MeetingDetail:
    """Everything one meeting's minutes show."""

    meeting: Meeting
    agenda: list[AgendaItem]
    attendance: list[RollEntry]
    votes: VoteResult
    chair_name: str | None = None
    minute_taker_name: str | None = None
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "meeting": {**self.meeting.to_dict(), "adopted": self.meeting.adopted,
                        "adopted_on": adopted_on(self.meeting)},
            "chair_name": self.chair_name,
            "minute_taker_name": self.minute_taker_name,
            "agenda": [{"number": n, **i.to_dict()} for n, i in enumerate(self.agenda, 1)],
            "attendance": [e.to_dict() for e in self.attendance],
            "votes": self.votes.to_dict(),
            "warnings": list(self.warnings),
        }


def _name(store: Store, member_id: str | None) -> str | None:
    row = store.get("member", member_id) if member_id else None
    if row is None:
        return None
    return full_name(row.get("family_name"), row.get("middle_name"), row.get("given_name"))


def get_meeting_detail(store: Store, meeting_id: str, lang: str | None = None) -> MeetingDetail:
    """The meeting with its agenda, attendance (with names), totals, vote and warnings."""
    meeting = get_meeting(store, meeting_id)
    sheet = attendance_sheet(store, meeting_id)
    result = tally(meeting, sheet)
    warnings = meeting_warnings(meeting, lang)
    if result.votes_cast > result.present_voters:
        warnings.append(tr("minutes.warn.votes_exceed", lang, total=result.votes_cast,
                           present=result.present_voters))
    if result.unmarked and not meeting.adopted:
        warnings.append(tr("minutes.warn.unmarked", lang, count=len(result.unmarked)))
    return MeetingDetail(meeting, agenda_items(store, meeting_id), sheet, result,
                         _name(store, meeting.chair_id), _name(store, meeting.minute_taker_id),
                         warnings)

