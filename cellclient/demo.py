"""A demo cell that looks like a real one: members, a year of meetings and dues.

Everything goes through the services, inside one transaction, so the demo is
also a test of the write path and arrives whole or not at all. The same seed
and the same day give the same cell.
"""

from __future__ import annotations

import datetime as dt
import random

from . import formatting
from . import months as mo
from .demo_people import person
from .models import Member
from .services.attendance import expected_members, set_attendance
from .services.cells import create_cell
from .services.dues import (
    add_adjustment,
    assess_month,
    list_payments,
    record_payment,
    reverse_payment,
    set_dues_settings,
)
from .services.meetings import create_meeting
from .services.members import add_members, change_status, edit_member, list_members
from .services.minutes import adopt_meeting, set_minutes, vote_result
from .store import Store
from .validation import Checker

AGENDA = [
    "Kiểm điểm việc thực hiện nghị quyết tháng trước",
    "Triển khai nhiệm vụ tháng tới",
    "Thu đảng phí và báo cáo tài chính chi bộ",
    "Học tập, quán triệt nghị quyết của cấp trên",
    "Công tác phát triển đảng viên",
    "Vận động nhân dân tham gia xây dựng nông thôn mới",
]
THEMES = [
    "Chuyên đề: Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Chuyên đề: Nâng cao chất lượng sinh hoạt chi bộ",
    "Chuyên đề: Phòng chống thiên tai và bảo vệ môi trường",
    "Chuyên đề: Chuyển đổi số ở thôn",
]
REASONS = ["Ốm", "Đi công tác", "Việc gia đình", "Đi khám bệnh", "Đi làm xa"]
VIEWS = [
    "Đồng chí {name} đề nghị tăng cường tuyên truyền đến từng hộ gia đình.",
    "Đồng chí {name} nêu khó khăn về kinh phí và đề xuất xin hỗ trợ của xã.",
    "Đồng chí {name} nhất trí với báo cáo, bổ sung ý kiến về phân công nhiệm vụ.",
    "Đồng chí {name} đề nghị kiểm tra tiến độ vào cuối tháng.",
]


def _meeting_day(month: str, rng: random.Random) -> dt.date:
    """Around the 5th, not on a Sunday (cells often meet at the start of a month)."""
    day = dt.date(int(month[:4]), int(month[5:]), rng.randint(3, 8))
    return day + dt.timedelta(days=1) if day.weekday() == 6 else day


def _members(store: Store, cell_id: str, count: int, rng: random.Random, today: dt.date):
    rows, seen = [], set()
    while len(rows) < count:
        p = person(rng, today, official=len(rows) < 2)  # the first two chair and take minutes
        if p["national_id"] not in seen:
            seen.add(p["national_id"])
            rows.append(p)
    ids = add_members(store, cell_id, rows, today=today)
    members = list_members(store, cell_id)
    elders = [m for m in members if m.birth_date and m.birth_date < "1948-01-01"]
    if elders and count > 6:  # an elderly member exempt from activities, decided by the cell
        change_status(store, elders[0].id, "exempt", (today - dt.timedelta(days=200)).isoformat(),
                      "NQ 05-NQ/CB", today=today)
    if len(ids) > 6:  # one member attached here for a while, one on the social pension
        edit_member(store, ids[5], temporarily_attached=True, today=today)
        edit_member(store, ids[6], social_pension=True, today=today)
    return list_members(store, cell_id)


def _officers(members: list[Member]) -> tuple[Member, Member]:
    official = [m for m in members if m.status == "official" and not m.temporarily_attached]
    return official[0], official[1]


def _meetings(store: Store, cell_id: str, members: list[Member], month_list: list[str],
              rng: random.Random, today: dt.date) -> int:
    chair, taker = _officers(members)
    for n, month in enumerate(month_list):
        combined = int(month[5:]) % 3 == 1  # a thematic part in the first month of a quarter
        day = _meeting_day(month, rng)
        agenda = rng.sample(AGENDA, 2) + ([rng.choice(THEMES)] if combined else [])
        meeting = create_meeting(
            store, cell_id, "combined" if combined else "regular", day.isoformat(),
            start_time="08:00", end_time="10:30" if combined else "09:45",
            place="Nhà văn hóa thôn Đông", chair_id=chair.id, minute_taker_id=taker.id,
            guests="Đồng chí Phó Bí thư Đảng ủy xã" if combined else None, agenda=agenda,
        )
        for entry in expected_members(store, meeting.id):
            roll = rng.random()
            if entry.standing in ("exempt", "suspended") and roll < 0.7:
                continue  # not expected to come; left unmarked is not allowed for the roll
            if roll < 0.86:
                set_attendance(store, meeting.id, entry.member.id, "present")
            elif roll < 0.96:
                set_attendance(store, meeting.id, entry.member.id, "excused", rng.choice(REASONS))
            else:
                set_attendance(store, meeting.id, entry.member.id, "unexcused")
        present = [e.member for e in expected_members(store, meeting.id)
                   if e.state == "present"] or [chair]
        items = {i: " ".join(rng.choice(VIEWS).format(name=rng.choice(present).full_name)
                             for _ in range(2)) for i in range(1, len(agenda) + 1)}
        voters = vote_result(store, meeting.id).present_voters
        against = 1 if voters > 10 and rng.random() < 0.2 else 0
        set_minutes(
            store, meeting.id, items=items,
            conclusion="Chi bộ thống nhất các nội dung đã thảo luận; giao chi ủy phân công "
                       "thực hiện và báo cáo vào kỳ sinh hoạt sau.",
            resolution=f"Nghị quyết chi bộ tháng {formatting.month(month)}: thực hiện các nhiệm vụ "
                       f"đã nêu trong biên bản.",
            votes_for=voters - against, votes_against=against, votes_abstain=0,
        )
        if n < len(month_list) - 1:  # the latest minutes stay a draft to finish and adopt
            adopt_meeting(store, meeting.id, today=today)
    return len(month_list)


def _dues(store: Store, cell_id: str, members: list[Member], month_list: list[str],
          rng: random.Random, today: dt.date) -> int:
    """A treasurer's year: most pay each month, some a quarter at once, one falls
    behind, one has a hardship reduction, one wrong entry is reversed."""
    set_dues_settings(store, cell_id, start_month=month_list[0], today=today)
    _, treasurer = _officers(members)
    others = [m for m in members if m.dues_category == "other"]
    if others and len(month_list) >= 6:
        add_adjustment(store, others[0].id, "reduction", 50, month_list[-6], month_list[-1],
                       "QĐ 03-QĐ/CB", "Hoàn cảnh gia đình khó khăn")
    behind = members[3].id if len(members) > 3 else None  # 3+ unpaid months: flagged
    quarterly = {m.id for m in members[8:12]}
    receipts = 0

    def pay(member_id: str, months: list[str], amount: int, day: dt.date) -> None:
        nonlocal receipts
        receipts += 1
        record_payment(store, member_id, months, amount,
                       method="portal" if rng.random() < 0.15 else "cash",
                       receiver=treasurer.full_name, receipt_no=f"BL{receipts:05d}",
                       paid_on=min(day, today).isoformat(), today=today)

    due = {month: {line.member_id: line.due for line in assess_month(store, cell_id, month)}
           for month in month_list}
    for n, month in enumerate(month_list):
        day = _meeting_day(month, rng)
        for m in members:
            amount = due[month].get(m.id, 0)
            if amount <= 0 or (m.id == behind and n >= len(month_list) - 4):
                continue
            if m.id in quarterly:
                if n % 3 == 2:  # only the months of the quarter the member owes for
                    quarter = [q for q in month_list[n - 2:n + 1] if due[q].get(m.id, 0) > 0]
                    pay(m.id, quarter, sum(due[q][m.id] for q in quarter), day)
                continue
            if rng.random() < 0.03:
                continue  # a month forgotten now and then
            pay(m.id, [month], amount, day)
    payments = list_payments(store, cell_id)
    if payments:  # a wrong amount typed once, reversed, entered again
        wrong = payments[-1]
        reverse_payment(store, wrong.id, "Ghi nhầm số tiền", today=today)
        pay(wrong.member_id, wrong.month_list, wrong.amount, today)
    return receipts


def check_demo_size(members: int, months: int) -> None:
    """A demo needs a secretary and a minute-taker, and months the dues rules cover."""
    c = Checker()
    if not 2 <= members <= 5000:
        c.add("members", "range", low=2, high=5000)
    if not 1 <= months <= 24:
        c.add("months", "range", low=1, high=24)
    c.done()


def build_demo(store: Store, members: int = 30, months: int = 12, seed: int = 1,
               today: dt.date | None = None) -> str:
    """Create the demo cell in an empty profile; returns a one-line summary."""
    check_demo_size(members, months)
    today = today or dt.date.today()
    rng = random.Random(seed)
    last = mo.add(mo.of(today), -1 if today.day < 10 else 0)
    month_list = mo.span(mo.add(last, -(months - 1)), last)
    with store.transaction():
        cell = create_cell(store, "Chi bộ Thôn Đông", parent_org="Đảng bộ xã Gia Vân")
        people = _members(store, cell.id, members, rng, today)
        held = _meetings(store, cell.id, people, month_list, rng, today)
        paid = _dues(store, cell.id, people, month_list, rng, today)
    return (f"Chi bộ mẫu: {len(people)} đảng viên, {held} buổi sinh hoạt, {paid} lần nộp đảng phí "
            f"({month_list[0]} – {month_list[-1]}).")
