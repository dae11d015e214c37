"""Import a member list: find its rows, check every one, then write all or nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from openpyxl.utils import get_column_letter

from ..models import Member
from ..services.members import add_members, clean_member
from ..store import Store
from ..text import fold, split_full_name
from ..validation import FieldError, ValidationError, has_control_chars, label, parse_date
from . import columns as col
from .report import ROW_SHOWN, ImportReport, shown_value
from .sources import Sheet, SourceError, read_source

_NAME_FIELDS = ("family_name", "middle_name", "given_name")
# Columns of one-line text: a line break, tab or other control character in them is
# refused (in notes and addresses a line break just becomes a space).
SINGLE_LINE_COLUMNS = (*col.NAME_KEYS, "ethnicity", "national_id", "party_card", "phone")


@dataclass
class Entry:
    """One member row of the list, converted to member fields."""

    row: int
    values: dict
    from_full_name: bool  # the name parts were split out of one "Họ và tên" cell
    cell_text: dict[str, str]
    # columns of one-line text whose cell holds a line break, tab or other control
    controls: list[str] = dataclasses.field(default_factory=list)


def import_file(store: Store, cell_id: str, path, dry_run: bool = False, *,
                today: dt.date | None = None) -> ImportReport:
    """Read a member list (.xlsx or .csv) and add its members to the cell.

    Every row is checked first; any error means nothing is written, and the
    report names each error's sheet row and field. Otherwise all members are
    added in one transaction, unless ``dry_run``.
    """
    path = Path(path)
    report = ImportReport(file=str(path), dry_run=dry_run)
    try:
        sheet, header = read_source(path, col.find_header)
    except SourceError as exc:
        report.errors.append(FieldError("file", exc.code, exc.params))
        return report
    report.sheet = sheet.name
    if header is None:
        report.errors.append(FieldError("file", "import_no_header"))
        return report
    if not header.has_name():
        _describe_columns(report, header)
        report.errors.append(FieldError("full_name", "import_no_name_column", row=header.row))
        return report

    member_rows = _member_rows(report, sheet, header)
    col.refine_with_data(header, [row for _, row in member_rows])
    _describe_columns(report, header)
    index = {key: j for j, key in header.keys.items()}
    entries = [_entry(number, row, index, typed=sheet.typed) for number, row in member_rows]
    report.rows_parsed = len(entries)
    if not entries:
        report.errors.append(FieldError("file", "import_no_rows", {"row": header.last_row}))
        return report
    for entry in entries:
        for fname, text in entry.cell_text.items():
            report.cell_text[(entry.row, fname)] = shown_value(text)
    _check_entries(report, entries, today)
    _check_duplicates(report, entries, store, cell_id)
    report.errors.sort(key=lambda e: e.row or 0)
    if report.errors or dry_run:
        return report
    try:
        report.created_ids = add_members(store, cell_id, [e.values for e in entries], today=today)
    except ValidationError as exc:  # a concurrent edit; the transaction wrote nothing
        report.errors.extend(exc.errors)
    return report


def _describe_columns(report: ImportReport, header: col.Header) -> None:
    report.header_row = header.row
    for j, key in sorted(header.keys.items()):
        report.mapping.append({"column": get_column_letter(j + 1), "header": header.titles[j],
                               "field": key})
    for j, title in sorted({**header.unknown, **header.duplicate}.items()):
        item = {"column": get_column_letter(j + 1), "header": title}
        if j in header.duplicate:
            item["duplicate"] = True
        report.unknown_columns.append(item)


def _member_rows(report: ImportReport, sheet: Sheet, header: col.Header) -> list[tuple[int, list]]:
    """(sheet row number, cells) of the member rows under the header; blank, heading
    and signature rows are left out, the non-blank ones listed in the report."""
    index = {key: j for j, key in header.keys.items()}
    name_cols = [index[k] for k in col.NAME_KEYS if k in index]
    stt_col = index.get(col.IGNORED)
    found: list[tuple[int, list]] = []
    finished = False  # a signature block started: nothing below is a member
    for number, row in enumerate(sheet.rows[header.last_row:], start=header.last_row + 1):
        cells = [c for c in row if not col.is_blank(c)]
        if not cells:
            continue
        text = " | ".join(col.clean_text(c) for c in cells)
        if finished:
            report.skipped_rows.append({"row": number, "text": shown_value(text, ROW_SHOWN)})
            continue
        stt = row[stt_col] if stt_col is not None and stt_col < len(row) else None
        name = " ".join(col.clean_text(row[j]) for j in name_cols
                        if j < len(row) and not col.is_blank(row[j]))
        kind = _row_kind(cells, stt, name, has_stt_column=stt_col is not None)
        if kind == "footer":
            finished = True
        if kind != "member":
            report.skipped_rows.append({"row": number, "text": shown_value(text, ROW_SHOWN)})
            continue
        found.append((number, row))
    return found


def _row_kind(cells: list, stt, name: str, *, has_stt_column: bool) -> str:
    """"member", "footer" (signatures, date, totals: the list has ended) or "other"
    (column numbers, a section heading, a stray note)."""
    if col.looks_like_column_numbers(cells):
        return "other"
    if col.is_blank(stt):
        if col.looks_like_footer(name) or (
            not name and any(col.looks_like_footer(col.clean_text(c)) for c in cells)
        ):
            return "footer"
        if not name and len(cells) <= 2:
            return "other"
        if has_stt_column and len(cells) == 1:  # "Tổ 1", "Đảng viên dự bị"
            return "other"
    elif col.row_number(stt) is None:  # "I", "II", "A": a section of the list
        return "other"
    # A numbered row without a name, or an unnumbered one full of data, is a
    # member whose name is missing: the member check reports it.
    return "member"


def _entry(number: int, row: list, index: dict[str, int], *, typed: bool) -> Entry:
    def cell(key):
        j = index.get(key)
        return row[j] if j is not None and j < len(row) else None

    values: dict = {}
    shown: dict[str, str] = {}
    # Checked on the cell as written: clean_text() turns line breaks into spaces.
    controls = [key for key in SINGLE_LINE_COLUMNS
                if isinstance(cell(key), str) and has_control_chars(cell(key))]
    given = col.clean_text(cell("given_name"))
    full = col.clean_text(cell(col.FULL_NAME))
    separate = any(k in index for k in ("given_name", "family_name", col.FAMILY_AND_MIDDLE))
    # Separate name columns win when filled; a list may carry both layouts.
    from_full_name = col.FULL_NAME in index and (full or not separate) and not given
    if not from_full_name:
        family = col.clean_text(cell("family_name"))
        middle = col.clean_text(cell("middle_name"))
        if both := col.clean_text(cell(col.FAMILY_AND_MIDDLE)):
            first, _, rest = both.partition(" ")
            family, middle = family or first, middle or rest or None
        values.update(family_name=family, middle_name=middle, given_name=given)
        shown.update({k: v for k, v in (("family_name", family), ("middle_name", middle),
                                        ("given_name", given)) if v})
    else:
        family, middle, given = split_full_name(full or "")
        values.update(family_name=family or None, middle_name=middle or None, given_name=given)
        shown[col.FULL_NAME] = full

    untyped = not typed
    converters = {
        "birth_date": col.to_date, "admitted_on": col.to_date, "ceremony_on": col.to_date,
        "official_on": col.to_date, "sex": col.clean_text, "ethnicity": col.clean_text,
        "national_id": lambda v: col.to_national_id(v, untyped=untyped),
        "party_card": col.clean_text, "dues_base": col.to_money,
        "phone": lambda v: col.to_phone(v, untyped=untyped),
        "address": col.clean_text, "notes": col.clean_text,
    }
    for fname, convert in converters.items():
        if fname in index:
            raw = cell(fname)
            values[fname] = convert(raw)
            if not col.is_blank(raw):
                shown[fname] = _shown(raw)
    if "dues_category" in index:
        raw = col.clean_text(cell("dues_category"))
        values["dues_category"] = col.to_dues_category(raw)
        if raw:
            shown["dues_category"] = raw
    for key in controls:  # shown as written, the control characters made visible
        shown[key] = cell(key)
    return Entry(number, values, bool(from_full_name), shown, controls)


def _shown(value) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return col.clean_text(value) or ""


def _check_entries(report: ImportReport, entries: list[Entry], today: dt.date | None) -> None:
    for e in entries:
        found: list[FieldError] = []
        raw_category = e.cell_text.get("dues_category")
        if raw_category and e.values.get("dues_category") is None:
            found.append(FieldError("dues_category", "import_dues_category",
                                    {"value": shown_value(raw_category)}))
        found.extend(FieldError(key, "control_chars") for key in e.controls)
        try:
            clean_member(e.values, today=today)
        except ValidationError as exc:
            # Control characters were reported above, naming the column they are in.
            found.extend(f for f in _name_errors(exc.errors, e) if f.code != "control_chars")
        report.errors.extend(dataclasses.replace(f, row=e.row) for f in found)


def _name_errors(errors: list[FieldError], e: Entry) -> list[FieldError]:
    """Errors of name parts that came out of one column point at that column:
    the user sees "Họ và tên", not the family name the split produced."""
    if not e.from_full_name:
        return errors
    # A name too long to keep is that, not a name missing its family part.
    too_long = any(f.field in _NAME_FIELDS and f.code == "too_long" for f in errors)
    out: list[FieldError] = []
    for f in errors:
        if too_long and f.field in _NAME_FIELDS and f.code == "required":
            continue
        if f.field in _NAME_FIELDS:
            if f.code == "too_long":  # say which part of the name is too long, and its limit
                f = FieldError(col.FULL_NAME, "import_name_part_too_long",
                               {"part": label(f.field), "max": f.params["max"]})
            elif f.code == "required" and e.values.get("given_name"):
                f = dataclasses.replace(f, field=col.FULL_NAME, code="import_name_parts")
            else:
                f = dataclasses.replace(f, field=col.FULL_NAME)
            if f in out:
                continue
        out.append(f)
    return out


def _national_id(e: Entry) -> str | None:
    value = e.values.get("national_id")
    text = re.sub(r"\s", "", str(value)) if value not in (None, "") else ""
    return text if re.fullmatch(r"\d{12}", text) else None


def _check_duplicates(report: ImportReport, entries: list[Entry], store: Store,
                      cell_id: str) -> None:
    """The same CCCD twice in the file (both rows named), or already in the cell;
    and, for rows without one, a person the cell already has (a list imported twice)."""
    existing = [Member.from_row(r)
                for r in store.rows("member", "cell_id = ? AND deleted = 0", [cell_id])]
    by_id = {m.national_id: m for m in existing if m.national_id}
    by_person = {(fold(m.full_name), m.birth_date): m for m in existing if m.birth_date}
    rows_by_id: dict[str, list[int]] = {}
    for e in entries:
        nid = _national_id(e)
        if nid:
            rows_by_id.setdefault(nid, []).append(e.row)
            if nid in by_id:
                report.errors.append(FieldError("national_id", "duplicate",
                                                {"who": by_id[nid].full_name}, row=e.row))
            continue
        birth = parse_date(e.values.get("birth_date"))
        name = " ".join(e.values.get(k) or "" for k in _NAME_FIELDS)
        if isinstance(birth, dt.date) and (fold(name), birth.isoformat()) in by_person:
            who = by_person[(fold(name), birth.isoformat())].full_name
            report.errors.append(FieldError("full_name", "import_same_person", {"who": who},
                                            row=e.row))
    for rows in rows_by_id.values():
        for r in rows if len(rows) > 1 else ():
            others = ", ".join(str(o) for o in rows if o != r)
            report.errors.append(FieldError("national_id", "import_duplicate_row",
                                            {"rows": others}, row=r))
