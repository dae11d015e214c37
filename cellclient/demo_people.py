"""Realistic Vietnamese people for the demo cell: names, CCCDs, dates, categories."""

from __future__ import annotations

import datetime as dt
import random

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Lương", "Mai", "Trịnh"]
FAMILY_WEIGHTS = [38, 11, 9, 7, 5, 4, 4, 4, 3, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1]
MIDDLE_MALE = ["Văn", "Hữu", "Đức", "Quang", "Minh", "Thành", "Xuân", "Đình", "Công", "Ngọc"]
MIDDLE_FEMALE = ["Thị", "Thu", "Ngọc", "Thanh", "Kim", "Minh", "Hồng", "Phương", "Thị Thu"]
GIVEN_MALE = ["Anh", "Bình", "Cường", "Dũng", "Đạt", "Giang", "Hải", "Hùng", "Khang", "Long",
              "Minh", "Nam", "Phúc", "Quân", "Sơn", "Tâm", "Thắng", "Trung", "Tuấn", "Việt"]
GIVEN_FEMALE = ["Ánh", "Châu", "Dung", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh",
                "Mai", "Nga", "Oanh", "Phương", "Thảo", "Trang", "Uyên", "Vân", "Yến", "Ngọc"]
ETHNICITIES = ["Kinh"] * 12 + ["Tày", "Mường", "Thái", "Nùng"]
PROVINCES = ["001", "022", "027", "036", "037", "038"]
STREETS = ["Thôn Đông", "Thôn Đoài", "Xóm Chùa", "Xóm Giữa", "Thôn Bắc"]


def national_id(rng: random.Random, sex: str, birth: dt.date) -> str:
    """A CCCD that passes the rule: province, century/sex digit, birth year, 6 digits."""
    digit = (birth.year // 100 - 19) * 2 + (0 if sex == "male" else 1)
    return f"{rng.choice(PROVINCES)}{digit}{birth.year % 100:02d}{rng.randrange(10**6):06d}"


def _date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max(1, (end - start).days)))


def _years_before(today: dt.date, years: int) -> dt.date:
    return dt.date(today.year - years, 1, 1)


def person(rng: random.Random, today: dt.date, official: bool = False) -> dict:
    """Fields of one member, ready for ``services.members.add_member``.

    The mix follows a rural cell: many pensioners and farmers, some salaried
    members, a student or two, a recent probationary member. ``official``
    forces an official member of long standing (a secretary, say).
    """
    sex = "female" if rng.random() < 0.4 else "male"
    kinds, weights = ["pensioner", "insured", "other", "student", "probationary"], [30, 30, 28, 5, 7]
    if official:
        kinds, weights = kinds[:3], weights[:3]
    kind = rng.choices(kinds, weights)[0]
    if kind == "pensioner":
        birth = _date_between(rng, _years_before(today, 86), _years_before(today, 61))
    elif kind == "student":
        birth = _date_between(rng, _years_before(today, 24), _years_before(today, 21))
    else:
        birth = _date_between(rng, _years_before(today, 60), _years_before(today, 26))
    earliest = dt.date(birth.year + 19, birth.month, min(birth.day, 28))
    if kind == "probationary":
        admitted = today - dt.timedelta(days=rng.randrange(60, 330))
    else:  # official: the 12-month probation ended at least a year ago
        admitted = _date_between(rng, earliest, min(today - dt.timedelta(days=800),
                                                     dt.date(birth.year + 45, 1, 1)))
    ceremony = admitted + dt.timedelta(days=rng.randrange(7, 30))
    # Probation lasts 12 months from the ceremony.
    official = None if kind == "probationary" else ceremony + dt.timedelta(days=365)
    middle = rng.choice(MIDDLE_MALE if sex == "male" else MIDDLE_FEMALE)
    given = rng.choice(GIVEN_MALE if sex == "male" else GIVEN_FEMALE)
    category = {"probationary": "insured"}.get(kind, kind)
    base = None
    if category == "insured":
        base = rng.randrange(50, 160) * 100_000
    elif category == "pensioner":
        base = rng.randrange(35, 95) * 100_000
    return {
        "family_name": rng.choices(FAMILY, FAMILY_WEIGHTS)[0],
        "middle_name": middle,
        "given_name": given,
        "sex": sex,
        "birth_date": birth.isoformat(),
        "ethnicity": rng.choice(ETHNICITIES),
        "national_id": national_id(rng, sex, birth),
        "party_card": f"{rng.randrange(10**7, 10**8)}",
        "admitted_on": admitted.isoformat(),
        "ceremony_on": ceremony.isoformat(),
        "official_on": official.isoformat() if official else None,
        "status": "official" if official else "probationary",
        "dues_category": category,
        "dues_base": base,
        "phone": "09" + f"{rng.randrange(10**8):08d}",
        "address": f"{rng.choice(STREETS)}, xã Gia Vân",
    }
