"""Plain records of the domain, read from the store; no behaviour that needs I/O."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, fields
from typing import Any

from .text import full_name, name_sort_key


def _from_row(cls, row: dict):
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in row.items() if k in names})


class Record:
    @classmethod
    def from_row(cls, row: dict):
        return _from_row(cls, row)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class Cell(Record):
    id: str
    name: str | None = None
    parent_org: str | None = None
    kind: str | None = None
    cell_id: str | None = None
    deleted: bool = False


@dataclass
class Member(Record):
    id: str
    cell_id: str | None = None
    family_name: str | None = None
    middle_name: str | None = None
    given_name: str | None = None
    sex: str | None = None
    birth_date: str | None = None
    ethnicity: str | None = None
    national_id: str | None = None
    party_card: str | None = None
    admitted_on: str | None = None
    ceremony_on: str | None = None
    official_on: str | None = None
    status: str | None = None
    status_since: str | None = None
    status_decision: str | None = None
    temporarily_attached: bool | None = False
    dues_category: str | None = None
    dues_base: int | None = None
    social_pension: bool | None = False
    phone: str | None = None
    address: str | None = None
    notes: str | None = None
    deleted: bool = False

    @property
    def full_name(self) -> str:
        return full_name(self.family_name, self.middle_name, self.given_name)

    @property
    def sort_key(self) -> tuple:
        return name_sort_key(self.family_name, self.middle_name, self.given_name)

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        out["full_name"] = self.full_name
        return out


@dataclass
class Meeting(Record):
    id: str
    cell_id: str | None = None
    kind: str | None = None
    date: str | None = None
    start_time: str | None = None
    end_time: str | None = None
    place: str | None = None
    chair_id: str | None = None
    minute_taker_id: str | None = None
    guests: str | None = None
    conclusion: str | None = None
    resolution: str | None = None
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None
    adopted_at: str | None = None
    deleted: bool = False

    @property
    def adopted(self) -> bool:
        return bool(self.adopted_at)


@dataclass
class AgendaItem(Record):
    id: str
    cell_id: str | None = None
    meeting_id: str | None = None
    position: int | None = None
    title: str | None = None
    discussion: str | None = None
    deleted: bool = False


@dataclass
class Attendance(Record):
    id: str
    cell_id: str | None = None
    meeting_id: str | None = None
    member_id: str | None = None
    state: str | None = None
    reason: str | None = None
    deleted: bool = False


@dataclass
class DuesAdjustment(Record):
    id: str
    cell_id: str | None = None
    member_id: str | None = None
    kind: str | None = None
    percent: int | None = None
    from_month: str | None = None
    to_month: str | None = None
    decision_ref: str | None = None
    reason: str | None = None
    deleted: bool = False


@dataclass
class Payment(Record):
    id: str
    cell_id: str | None = None
    member_id: str | None = None
    months: str | None = None
    amount: int | None = None
    method: str | None = None
    receiver: str | None = None
    receipt_no: str | None = None
    paid_on: str | None = None
    reverses: str | None = None
    reason: str | None = None
    deleted: bool = False

    @property
    def month_list(self) -> list[str]:
        return [m for m in (self.months or "").split(",") if m]


@dataclass
class Conflict(Record):
    id: str
    cell_id: str | None = None
    tbl: str | None = None
    row_id: str | None = None
    field: str | None = None
    kept_value: str | None = None
    kept_hlc: str | None = None
    lost_value: str | None = None
    lost_hlc: str | None = None
    resolved: bool | None = False
    resolution: str | None = None
    deleted: bool = False
