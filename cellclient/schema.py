"""Which tables and fields replicate, and what type each field holds.

This registry is shared by the device and the server: the merge, the sync
protocol's checks and the local write path all read it. A field not listed
here never leaves the device.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
MAX_INT = 2**63 - 1  # SQLite's INTEGER; PostgreSQL's BIGINT
MAX_TEXT = 20_000  # long enough for a meeting's discussion, short enough to refuse junk


@dataclass(frozen=True)
class Field:
    name: str
    kind: str = "text"  # text | int | bool | date | month | months | time | id | stamp
    choices: tuple[str, ...] | None = None
    nullable: bool = True
    # The table a row id in this field points at (ANY_TABLE: the table named in the
    # row's ``tbl`` field). A reference never crosses from one cell to another.
    refers: str | None = None

    def check(self, value) -> str | None:
        """None when ``value`` fits this field's type, else a short reason (English code)."""
        if value is None:
            return None if self.nullable else "required"
        k = self.kind
        if k == "bool":
            return None if isinstance(value, bool) else "not_bool"
        if k == "int":
            ok = isinstance(value, int) and not isinstance(value, bool)
            if ok and abs(value) > MAX_INT:
                return "too_big"
            return None if ok else "not_int"
        if not isinstance(value, str):
            return "not_text"
        if len(value) > MAX_TEXT:
            return "too_long"
        if self.choices is not None and value not in self.choices:
            return "not_a_choice"
        if k == "date" and not DATE_RE.match(value):
            return "not_date"
        if k == "month" and not MONTH_RE.match(value):
            return "not_month"
        if k == "months" and not all(MONTH_RE.match(m) for m in value.split(",")):
            return "not_months"
        if k == "time" and not TIME_RE.match(value):
            return "not_time"
        return None


@dataclass(frozen=True)
class Table:
    name: str
    fields: tuple[Field, ...]
    insert_only: bool = False  # ledger rows: written once, never edited
    # The fields a row's id is made of (``ids.derived_id(table, *values)``), so two
    # devices creating "the same" row offline make one row. Empty: a random id.
    identity: tuple[str, ...] = ()

    def field(self, name: str) -> Field | None:
        return self._by_name.get(name)

    @cached_property
    def _by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    @cached_property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


def _t(name: str, *fields: Field, insert_only: bool = False,
       identity: tuple[str, ...] = ()) -> Table:
    common = (Field("cell_id", "id"), Field("deleted", "bool", nullable=False))
    return Table(name, common + fields, insert_only, identity)


ANY_TABLE = "*"  # a reference whose table is named in the row's ``tbl`` field


MEMBER_STATUSES = (
    "probationary", "official", "exempt", "suspended", "transferred_out", "deceased", "removed",
)
DUES_CATEGORIES = ("insured", "pensioner", "student", "other")
MEETING_KINDS = ("regular", "thematic", "combined", "extraordinary")
ATTENDANCE_STATES = ("present", "excused", "unexcused")
PAYMENT_METHODS = ("cash", "portal")
CELL_KINDS = ("residential", "agency", "enterprise", "school", "armed_forces", "other")

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        _t("cell", Field("name"), Field("parent_org"), Field("kind", choices=CELL_KINDS)),
        _t(
            "member",
            Field("family_name"), Field("middle_name"), Field("given_name"),
            Field("sex", choices=("male", "female")), Field("birth_date", "date"),
            Field("ethnicity"), Field("national_id"), Field("party_card"),
            Field("admitted_on", "date"), Field("ceremony_on", "date"),
            Field("official_on", "date"),
            Field("status", choices=MEMBER_STATUSES), Field("status_since", "date"),
            Field("status_decision"), Field("temporarily_attached", "bool"),
            Field("dues_category", choices=DUES_CATEGORIES), Field("dues_base", "int"),
            Field("social_pension", "bool"),
            Field("phone"), Field("address"), Field("notes"),
        ),
        _t(
            "meeting",
            Field("kind", choices=MEETING_KINDS), Field("date", "date"),
            Field("start_time", "time"), Field("end_time", "time"), Field("place"),
            Field("chair_id", "id", refers="member"),
            Field("minute_taker_id", "id", refers="member"), Field("guests"),
            Field("conclusion"), Field("resolution"),
            Field("votes_for", "int"), Field("votes_against", "int"), Field("votes_abstain", "int"),
            Field("adopted_at", "stamp"),
        ),
        _t(
            "agenda_item",
            Field("meeting_id", "id", refers="meeting"), Field("position", "int"),
            Field("title"),
            Field("discussion"),
        ),
        _t(
            "attendance",
            Field("meeting_id", "id", refers="meeting"), Field("member_id", "id", refers="member"),
            Field("state", choices=ATTENDANCE_STATES), Field("reason"),
            identity=("meeting_id", "member_id"),
        ),
        _t(
            "dues_adjustment",
            Field("member_id", "id", refers="member"),
            Field("kind", choices=("exemption", "reduction")),
            Field("percent", "int"), Field("from_month", "month"), Field("to_month", "month"),
            Field("decision_ref"), Field("reason"),
        ),
        _t(
            "payment",
            Field("member_id", "id", refers="member"), Field("months", "months"),
            Field("amount", "int"),
            Field("method", choices=PAYMENT_METHODS), Field("receiver"), Field("receipt_no"),
            Field("paid_on", "date"), Field("reverses", "id", refers="payment"),
            Field("reason"),
            insert_only=True,
        ),
        _t("setting", Field("key"), Field("value"), identity=("cell_id", "key")),
        _t(
            "conflict",
            Field("tbl"), Field("row_id", "id", refers=ANY_TABLE), Field("field"),
            Field("kept_value"), Field("kept_hlc", "stamp"),
            Field("lost_value"), Field("lost_hlc", "stamp"),
            Field("resolved", "bool"), Field("resolution"),
            identity=("tbl", "row_id", "field", "lost_hlc"),
        ),
    )
}


def table(name: str) -> Table:
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"unknown table {name!r}") from None
