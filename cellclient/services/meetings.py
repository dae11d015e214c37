"""Meetings of a cell: the record of one meeting and its agenda, the lock that
adoption puts on it, listing, duration warnings and gaps in the meeting calendar.

Attendance lives in ``attendance.py``; minutes, votes and adoption in
``minutes.py``. Every write to a meeting, its agenda or its attendance first
calls ``require_editable`` inside its transaction, so adopted minutes never change.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .. import formatting
from .. import months as mon
from ..errors import LockedError
from ..hlc import Stamp
from ..i18n import register, tr
from ..models import AgendaItem, Meeting
from ..schema import MEETING_KINDS
from ..store import Store
from ..validation import Checker, label, register_labels

register(
    {
        "meeting.locked_what": (
            "Biên bản buổi sinh hoạt ngày {date}", "The minutes of the meeting of {date}",
        ),
        "meeting.kind.regular": ("Thường kỳ", "Regular"),
        "meeting.kind.thematic": ("Chuyên đề", "Thematic"),
        "meeting.kind.combined": ("Thường kỳ kết hợp chuyên đề", "Regular and thematic combined"),
        "meeting.kind.extraordinary": ("Bất thường", "Extraordinary"),
        "meeting.warn.short": (
            "Buổi sinh hoạt chỉ kéo dài {minutes} phút, ít hơn {required} phút theo {source}.",
            "The meeting lasted {minutes} minutes, less than the {required} minutes "
            "required by {source}.",
        ),
        "valid.end_after_start": ("phải sau {other}", "must be after {other}"),
        "valid.year_digits": ("phải là năm gồm 4 chữ số", "must be a 4-digit year"),
    }
)
register_labels({"year": ("Năm", "Year")})

HEADER_FIELDS = (
    "kind", "date", "start_time", "end_time", "place", "chair_id", "minute_taker_id", "guests",
)
MEMBER_REF_FIELDS = ("chair_id", "minute_taker_id")
# Kinds that count as the monthly regular meeting, and as the quarterly thematic one.
REGULAR_KINDS = ("regular", "combined")
THEMATIC_KINDS = ("thematic", "combined")


@dataclass(frozen=True)
class DurationRule:
    """A minimum meeting length, the regulation that sets it, and the day it takes effect."""

    effective_from: str
    source: str
    minutes: int
    combined_minutes: int  # regular and thematic held together


# National defaults, oldest first. Meetings before the first rule get no duration warning:
# the earlier minimum was not found, and citing a later guide for them would be wrong.
DURATION_RULES: tuple[DurationRule, ...] = (
    DurationRule("2025-10-28", "HD 42-HD/BTCTW", 90, 120),
)


def duration_rule(on: str) -> DurationRule | None:
    """The rule in force on a date (ISO), or None before the first known one."""
    in_force = [r for r in DURATION_RULES if r.effective_from <= on]
    return in_force[-1] if in_force else None


# -- reading ---------------------------------------------------------------


def get_meeting(store: Store, meeting_id: str) -> Meeting:
    return Meeting.from_row(store.require("meeting", meeting_id))


def require_editable(store: Store, meeting_id: str) -> Meeting:
    """The meeting, or LockedError when its minutes are adopted.

    Call it inside the write's transaction so the check and the write are atomic.
    """
    meeting = get_meeting(store, meeting_id)
    if meeting.adopted:
        raise LockedError(tr("meeting.locked_what", date=formatting.date(meeting.date)))
    return meeting


def adopted_on(meeting: Meeting) -> str | None:
    """The local date (ISO) the minutes were adopted, read from the clock stamp."""
    if not meeting.adopted_at:
        return None
    wall_ms = Stamp.decode(meeting.adopted_at).wall_ms
    return dt.datetime.fromtimestamp(wall_ms / 1000).date().isoformat()


def agenda_items(store: Store, meeting_id: str) -> list[AgendaItem]:
    """The agenda in order. Item number n is the n-th of this list, not its stored
    position: two devices adding an item offline may both pick the same position."""
    rows = store.rows("agenda_item", "meeting_id = ? AND deleted = 0", [meeting_id],
                      order="position, id")
    return [AgendaItem.from_row(r) for r in rows]


def list_meetings(store: Store, cell_id: str, month: str | None = None,
                  year: int | str | None = None) -> list[Meeting]:
    """The cell's meetings by date, optionally of one month (``YYYY-MM``) or one year."""
    if month is not None and year is not None:
        raise ValueError("give a month or a year, not both")
    c = Checker()
    where, params = ["cell_id = ?", "deleted = 0"], [cell_id]
    if month is not None:
        month = c.month("month", month, required=True)
        where.append("substr(date, 1, 7) = ?")
        params.append(month)
    if year is not None:
        text = str(year).strip()
        if not re.fullmatch(r"\d{4}", text):
            c.add("year", "year_digits")
        where.append("substr(date, 1, 4) = ?")
        params.append(text)
    c.done()
    rows = store.rows("meeting", " AND ".join(where), params, order="date, start_time, id")
    return [Meeting.from_row(r) for r in rows]


# -- checking --------------------------------------------------------------

_LOOSE_TIME = re.compile(r"^(\d{1,2})\s*[:hH.]\s*(\d{2})?$")


def normalize_time(value):
    """Times as people write them: "9:05", "9h05", "9h" -> "09:05", "09:00".

    Anything else comes back unchanged, for the time check to name.
    """
    if not isinstance(value, str):
        return value
    m = _LOOSE_TIME.match(value.strip())
    if not m:
        return value.strip()
    return f"{int(m[1]):02d}:{m[2] or '00'}"


def _member_ref(store: Store, c: Checker, name: str, value, cell_id: str) -> str | None:
    """A member id that must belong to this cell (a tombstoned record does not)."""
    if value in (None, ""):
        return None
    value = str(value).strip()
    row = store.get("member", value)
    if row is None or row.get("deleted") or row.get("cell_id") != cell_id:
        c.add(name, "unknown_member")
    return value


def _check_header(store: Store, cell_id: str, values: dict, check_refs) -> tuple[dict, Checker]:
    """Clean a meeting's header fields; member references are checked only for the
    fields in ``check_refs`` (a member removed later must not block other edits)."""
    c = Checker()
    out = {
        "kind": c.choice("kind", values.get("kind"), MEETING_KINDS, required=True),
        "date": c.date("date", values.get("date"), required=True),
        "start_time": c.time("start_time", normalize_time(values.get("start_time"))),
        "end_time": c.time("end_time", normalize_time(values.get("end_time"))),
        "place": c.text("place", values.get("place"), max_len=300),
        "guests": c.text("guests", values.get("guests"), max_len=2000),
    }
    if out["start_time"] and out["end_time"] and out["end_time"] <= out["start_time"]:
        c.add("end_time", "end_after_start", other=label("start_time"))
    for name in MEMBER_REF_FIELDS:
        value = values.get(name)
        if name in check_refs:
            out[name] = _member_ref(store, c, name, value, cell_id)
        else:
            out[name] = value or None
    return out, c


def _check_titles(c: Checker, titles) -> list[str]:
    if isinstance(titles, str):  # one item given bare: not a list of its characters
        titles = [titles]
    cleaned = [c.text("agenda", t, max_len=500) for t in titles or ()]
    return [t for t in cleaned if t]  # blank rows of a form are not items


# -- writing ---------------------------------------------------------------


def create_meeting(store: Store, cell_id: str, kind: str, date, start_time: str | None = None,
                   end_time: str | None = None, place: str | None = None,
                   chair_id: str | None = None, minute_taker_id: str | None = None,
                   guests: str | None = None, agenda=()) -> Meeting:
    """Record a meeting and its agenda (items numbered 1..n) in one transaction.

    ``date`` is ISO or dd/mm/yyyy; times are HH:MM (also "9h30").
    """
    store.require("cell", cell_id)
    values = {"kind": kind, "date": date, "start_time": start_time, "end_time": end_time,
              "place": place, "chair_id": chair_id, "minute_taker_id": minute_taker_id,
              "guests": guests}
    header, c = _check_header(store, cell_id, values, MEMBER_REF_FIELDS)
    titles = _check_titles(c, agenda)
    c.done()
    with store.transaction() as tx:
        meeting_id = tx.insert("meeting", {"cell_id": cell_id, **header})
        for position, title in enumerate(titles, 1):
            tx.insert("agenda_item", {"cell_id": cell_id, "meeting_id": meeting_id,
                                      "position": position, "title": title})
    return get_meeting(store, meeting_id)


def update_meeting(store: Store, meeting_id: str, **values) -> Meeting:
    """Change header fields (kind, date, times, place, chair, minute-taker, guests);
    a field given as None or "" is cleared. Refused once the minutes are adopted."""
    unknown = set(values) - set(HEADER_FIELDS)
    if unknown:
        raise ValueError(f"not meeting header fields: {sorted(unknown)}")
    with store.transaction() as tx:
        meeting = require_editable(store, meeting_id)
        merged = {**{f: getattr(meeting, f) for f in HEADER_FIELDS}, **values}
        header, c = _check_header(store, meeting.cell_id, merged, set(values))
        c.done()
        tx.update("meeting", meeting_id, {k: header[k] for k in values})
    return get_meeting(store, meeting_id)


def add_agenda_item(store: Store, meeting_id: str, title: str) -> AgendaItem:
    """Append an item to the agenda."""
    c = Checker()
    title = c.text("agenda", title, required=True, max_len=500)
    c.done()
    with store.transaction() as tx:
        meeting = require_editable(store, meeting_id)
        last = max((i.position or 0 for i in agenda_items(store, meeting_id)), default=0)
        item_id = tx.insert("agenda_item", {"cell_id": meeting.cell_id, "meeting_id": meeting_id,
                                            "position": last + 1, "title": title})
    return AgendaItem.from_row(store.require("agenda_item", item_id))


def update_agenda_item(store: Store, item_id: str, title: str) -> AgendaItem:
    """Reword an agenda item."""
    c = Checker()
    title = c.text("agenda", title, required=True, max_len=500)
    c.done()
    with store.transaction() as tx:
        item = store.require("agenda_item", item_id)
        require_editable(store, item["meeting_id"])
        tx.update("agenda_item", item_id, {"title": title})
    return AgendaItem.from_row(store.require("agenda_item", item_id))


def remove_agenda_item(store: Store, item_id: str) -> None:
    """Tombstone an agenda item; later items move up one number."""
    with store.transaction() as tx:
        item = store.require("agenda_item", item_id)
        require_editable(store, item["meeting_id"])
        tx.delete("agenda_item", item_id)


def remove_meeting(store: Store, meeting_id: str) -> None:
    """Tombstone a meeting entered by mistake, with its agenda and attendance.
    Adopted minutes are kept for good and cannot be removed."""
    with store.transaction() as tx:
        require_editable(store, meeting_id)
        for tbl in ("agenda_item", "attendance"):
            for row in store.rows(tbl, "meeting_id = ? AND deleted = 0", [meeting_id]):
                tx.delete(tbl, row["id"])
        tx.delete("meeting", meeting_id)


# -- warnings and gaps -----------------------------------------------------


def duration_minutes(meeting: Meeting) -> int | None:
    """Minutes from start to end, when both are recorded."""
    if not (meeting.start_time and meeting.end_time):
        return None
    start_h, start_m = map(int, meeting.start_time.split(":"))
    end_h, end_m = map(int, meeting.end_time.split(":"))
    return (end_h * 60 + end_m) - (start_h * 60 + start_m)


def meeting_warnings(meeting: Meeting, lang: str | None = None) -> list[str]:
    """Localised warnings about a meeting that is recorded as it happened but falls
    short of a rule (warnings, not errors: the record must reflect reality)."""
    warnings = []
    minutes = duration_minutes(meeting)
    rule = duration_rule(meeting.date) if meeting.date else None
    if minutes is not None and rule is not None:
        required = rule.combined_minutes if meeting.kind == "combined" else rule.minutes
        if minutes < required:
            warnings.append(tr("meeting.warn.short", lang, minutes=minutes, required=required,
                               source=rule.source))
    return warnings


@dataclass
class Coverage:
    """Where the meeting calendar has gaps: months without a regular meeting and
    quarters (``2026-Q1``) without a thematic one; a combined meeting counts for both."""

    months_without_regular: list[str] = field(default_factory=list)
    quarters_without_thematic: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"months_without_regular": list(self.months_without_regular),
                "quarters_without_thematic": list(self.quarters_without_thematic)}


def _quarter(month: str) -> str:
    return f"{month[:4]}-Q{(int(month[5:7]) - 1) // 3 + 1}"


def coverage(store: Store, cell_id: str, from_month: str, to_month: str) -> Coverage:
    """Gaps from ``from_month`` to ``to_month`` (``YYYY-MM``, inclusive). A quarter is
    judged on all its months, also those outside the range."""
    c = Checker()
    first = c.month("from_month", from_month, required=True)
    last = c.month("to_month", to_month, required=True)
    if first and last and last < first:
        c.add("to_month", "not_before", other=label("from_month"))
    c.done()
    months = mon.span(first, last)
    quarters = list(dict.fromkeys(_quarter(m) for m in months))
    q_first = mon.from_index(mon.index(first) // 3 * 3)
    q_last = mon.from_index(mon.index(last) // 3 * 3 + 2)
    rows = store.db.execute(
        "SELECT kind, substr(date, 1, 7) FROM meeting WHERE cell_id = ? AND deleted = 0 "
        "AND substr(date, 1, 7) BETWEEN ? AND ?",
        [cell_id, q_first, q_last],
    ).fetchall()
    regular_months = {m for kind, m in rows if kind in REGULAR_KINDS}
    thematic_quarters = {_quarter(m) for kind, m in rows if kind in THEMATIC_KINDS}
    return Coverage(
        months_without_regular=[m for m in months if m not in regular_months],
        quarters_without_thematic=[q for q in quarters if q not in thematic_quarters],
    )


def kind_label(kind: str | None, lang: str | None = None) -> str:
    return tr(f"meeting.kind.{kind}", lang) if kind else ""

