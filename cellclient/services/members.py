"""Members of a cell: add, edit, change status, remove (tombstone), list and search."""

from __future__ import annotations

import datetime as dt
import re

from ..i18n import register, tr
from ..models import Member
from ..schema import DUES_CATEGORIES, MEMBER_STATUSES
from ..store import Store
from ..text import fold, full_name
from ..validation import Checker, FieldError, ValidationError, check_national_id

register({
    "member.noun": ("Đảng viên", "Member"),
    "member.sex_choices": ("Nam, Nữ", "male, female"),
})

EDITABLE = (
    "family_name", "middle_name", "given_name", "sex", "birth_date", "ethnicity",
    "national_id", "party_card", "admitted_on", "ceremony_on", "official_on", "status",
    "status_since", "status_decision", "temporarily_attached", "dues_category", "dues_base",
    "social_pension", "phone", "address", "notes",
)
# The longest name parts kept, in characters.
NAME_MAX = {"family_name": 50, "middle_name": 80, "given_name": 50}
# Statuses in which a member still belongs to the cell's roll.
ACTIVE_STATUSES = ("probationary", "official", "exempt", "suspended")
SEX_WORDS = {"nam": "male", "male": "male", "m": "male", "nu": "female", "female": "female",
             "f": "female"}


def normalize_sex(value) -> str | None:
    if value in (None, ""):
        return None
    return SEX_WORDS.get(fold(str(value)), str(value))


def clean_member(values: dict, *, existing: Member | None = None,
                 today: dt.date | None = None) -> dict:
    """Check a member's fields (the merged result of ``existing`` and ``values``).

    Returns the cleaned values that were given; raises ValidationError naming
    every field that is wrong.
    """
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not member fields: {sorted(unknown)}")
    merged = {**(existing.to_dict() if existing else {}), **values}
    c = Checker()
    out: dict = {}
    # Names, numbers and the ethnicity are one line each: no control characters.
    out["family_name"] = c.text("family_name", merged.get("family_name"), required=True,
                                max_len=NAME_MAX["family_name"], single_line=True)
    out["middle_name"] = c.text("middle_name", merged.get("middle_name"),
                                max_len=NAME_MAX["middle_name"], single_line=True)
    out["given_name"] = c.text("given_name", merged.get("given_name"), required=True,
                               max_len=NAME_MAX["given_name"], single_line=True)
    out["sex"] = c.choice("sex", normalize_sex(merged.get("sex")), ("male", "female"),
                          shown=tr("member.sex_choices"))
    out["birth_date"] = c.date("birth_date", merged.get("birth_date"), not_future=True, today=today)
    out["ethnicity"] = c.text("ethnicity", merged.get("ethnicity"), max_len=50, single_line=True)
    out["national_id"] = check_national_id(
        c, merged.get("national_id"), sex=out["sex"], birth_date=out["birth_date"]
    )
    out["party_card"] = c.text("party_card", merged.get("party_card"), max_len=20, single_line=True)
    for name in ("admitted_on", "ceremony_on", "official_on", "status_since"):
        out[name] = c.date(name, merged.get(name), not_future=True, today=today)
    c.after("admitted_on", out["admitted_on"], "birth_date", out["birth_date"])
    c.after("ceremony_on", out["ceremony_on"], "admitted_on", out["admitted_on"])
    # Official membership counts from the ceremony, else (none given) from admission.
    since = "ceremony_on" if out["ceremony_on"] else "admitted_on"
    c.after("official_on", out["official_on"], since, out[since])
    status = merged.get("status") or ("official" if out["official_on"] else "probationary")
    out["status"] = c.choice("status", status, MEMBER_STATUSES, required=True)
    out["status_decision"] = c.text("status_decision", merged.get("status_decision"), max_len=100,
                                    single_line=True)
    out["temporarily_attached"] = bool(merged.get("temporarily_attached") or False)
    out["dues_category"] = c.choice(
        "dues_category", merged.get("dues_category") or "other", DUES_CATEGORIES, required=True
    )
    out["dues_base"] = c.money("dues_base", merged.get("dues_base"),
                               required=out["dues_category"] in ("insured", "pensioner"),
                               positive=out["dues_category"] in ("insured", "pensioner"))
    out["social_pension"] = bool(merged.get("social_pension") or False)
    phone = c.text("phone", merged.get("phone"), max_len=20, single_line=True)
    if phone and not c.failed("phone"):
        digits = re.sub(r"[\s.\-]", "", phone)
        if digits.startswith("+84"):
            digits = "0" + digits[3:]
        if not re.fullmatch(r"\d{9,11}", digits):
            c.add("phone", "phone")
        phone = digits
    out["phone"] = phone
    out["address"] = c.text("address", merged.get("address"), max_len=300)
    out["notes"] = c.text("notes", merged.get("notes"), max_len=2000)
    c.done()
    if existing is None:
        return out
    return {k: v for k, v in out.items() if k in values or getattr(existing, k) != v}


def _check_unique_national_id(store: Store, cell_id: str, national_id: str | None,
                              member_id: str | None) -> None:
    if not national_id:
        return
    rows = store.rows(
        "member", "cell_id = ? AND national_id = ? AND deleted = 0 AND id != ?",
        [cell_id, national_id, member_id or ""],
    )
    if rows:
        other = Member.from_row(rows[0])
        raise ValidationError([FieldError("national_id", "duplicate", {"who": other.full_name})])


def add_member(store: Store, cell_id: str, today: dt.date | None = None, **values) -> Member:
    """Add a member to the cell; returns it with its new id."""
    clean = clean_member(values, today=today)
    with store.transaction() as tx:
        _check_unique_national_id(store, cell_id, clean["national_id"], None)
        member_id = tx.insert("member", {"cell_id": cell_id, **clean})
    return get_member(store, member_id)


def add_members(store: Store, cell_id: str, rows: list[dict],
                today: dt.date | None = None) -> list[str]:
    """Add many members in ONE transaction (an import): all rows or none."""
    cleaned = [clean_member(r, today=today) for r in rows]
    ids = []
    with store.transaction() as tx:
        for clean in cleaned:
            _check_unique_national_id(store, cell_id, clean["national_id"], None)
            ids.append(tx.insert("member", {"cell_id": cell_id, **clean}))
    return ids


def edit_member(store: Store, member_id: str, today: dt.date | None = None, **values) -> Member:
    """Change some fields of a member; only fields whose value changes are logged."""
    existing = get_member(store, member_id)
    clean = clean_member(values, existing=existing, today=today)
    with store.transaction() as tx:
        if "national_id" in clean:
            _check_unique_national_id(store, existing.cell_id, clean["national_id"], member_id)
        tx.update("member", member_id, clean)
    return get_member(store, member_id)


def change_status(store: Store, member_id: str, status: str, since: str | None,
                  decision: str | None = None, today: dt.date | None = None) -> Member:
    """Record a status change (probation -> official, transfer, exemption, death...)
    with its date and decision number."""
    values = {"status": status, "status_since": since or (today or dt.date.today()).isoformat(),
              "status_decision": decision}
    if status == "official":
        values["official_on"] = values["status_since"]
    return edit_member(store, member_id, today=today, **values)


def remove_member(store: Store, member_id: str) -> None:
    """Tombstone the record (entered by mistake). A member who leaves the cell gets
    a status change instead, so the history stays."""
    get_member(store, member_id)
    with store.transaction() as tx:
        tx.delete("member", member_id)


def get_member(store: Store, member_id: str) -> Member:
    return Member.from_row(store.require("member", member_id))


def list_members(store: Store, cell_id: str, search: str | None = None,
                 statuses: tuple[str, ...] | None = None) -> list[Member]:
    """Members of the cell in Vietnamese order (given, family, middle name).

    ``search`` ignores case and diacritics and matches names, CCCD and card number.
    """
    where = ["cell_id = ?", "deleted = 0"]
    params: list = [cell_id]
    for word in fold(search).split() if search else []:
        where.append("search_text LIKE ? ESCAPE '\\'")
        params.append("%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    if statuses:
        where.append(f"status IN ({', '.join('?' for _ in statuses)})")
        params.extend(statuses)
    rows = store.rows("member", " AND ".join(where), params, order="sort_text, id")
    return [Member.from_row(r) for r in rows]


def display_name(member: Member) -> str:
    return full_name(member.family_name, member.middle_name, member.given_name)
