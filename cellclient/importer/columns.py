"""Which column of a member list holds what, and how its cells become member values.

Lists come from many hands: headers in Vietnamese with or without diacritics,
or in English; numbers that Excel stripped of their leading zeros; dates as
Excel dates or as text. Everything here is pure (no files, no database).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from openpyxl.utils.datetime import from_excel

from ..text import fold

# Column keys: member fields, plus the few layouts a list may use for names.
IGNORED = "row_number"
FULL_NAME = "full_name"
FAMILY_AND_MIDDLE = "family_and_middle"  # "Họ và tên đệm" next to a "Tên" column
NAME_KEYS = (FULL_NAME, FAMILY_AND_MIDDLE, "family_name", "middle_name", "given_name")

# Header text (as normalize_header() leaves it) -> column key. Vietnamese entries
# are written without diacritics because headers are compared folded.
HEADER_ALIASES: dict[str, str] = {
    **dict.fromkeys(("stt", "tt", "so tt", "so thu tu", "thu tu", "no", "number", "#"), IGNORED),
    **dict.fromkeys(("ho va ten", "ho ten", "ho va ten dang vien", "ten dang vien",
                     "full name", "name", "member", "member name"), FULL_NAME),
    **dict.fromkeys(("ho va ten dem", "ho dem", "ho va dem", "ho va chu dem"), FAMILY_AND_MIDDLE),
    **dict.fromkeys(("ho", "family name", "last name", "surname"), "family_name"),
    **dict.fromkeys(("ten dem", "dem", "chu dem", "middle name", "middle names"), "middle_name"),
    **dict.fromkeys(("ten", "ten goi", "given name", "first name"), "given_name"),
    **dict.fromkeys(("ngay sinh", "ngay thang nam sinh", "sinh ngay", "date of birth",
                     "birth date", "birthdate", "dob", "born"), "birth_date"),
    **dict.fromkeys(("gioi tinh", "gioi", "nam nu", "sex", "gender"), "sex"),
    **dict.fromkeys(("dan toc", "ethnicity", "ethnic group"), "ethnicity"),
    **dict.fromkeys(("so cccd", "cccd", "so can cuoc", "can cuoc", "so can cuoc cong dan",
                     "can cuoc cong dan", "so dinh danh", "so dinh danh ca nhan", "ma dinh danh",
                     "so cmnd cccd", "cmnd cccd", "national id", "national id number", "id number",
                     "citizen id"), "national_id"),
    **dict.fromkeys(("so the dang vien", "so the dang", "so the dv", "so the", "the dang vien",
                     "party card", "party card number", "party card no", "card number"),
                    "party_card"),
    **dict.fromkeys(("ngay vao dang", "ngay ket nap", "ngay ket nap dang", "ngay ket nap vao dang",
                     "ngay vao dang du bi", "ngay quyet dinh ket nap", "du bi", "ket nap",
                     "admitted", "admitted on", "admission date", "date admitted",
                     "date of admission"), "admitted_on"),
    **dict.fromkeys(("ngay le ket nap", "ngay to chuc le ket nap", "ceremony date",
                     "admission ceremony", "ceremony"), "ceremony_on"),
    **dict.fromkeys(("ngay chinh thuc", "ngay cong nhan chinh thuc", "ngay vao dang chinh thuc",
                     "ngay duoc cong nhan chinh thuc", "chinh thuc", "official date",
                     "official on", "official since", "date official", "official"), "official_on"),
    **dict.fromkeys(("doi tuong dong dang phi", "doi tuong dang phi", "doi tuong",
                     "dues category", "category"), "dues_category"),
    **dict.fromkeys(("muc luong luong huu", "muc luong hoac luong huu", "luong luong huu",
                     "muc luong", "luong", "luong huu", "muc luong huu",
                     "muc luong lam can cu", "can cu dong dang phi", "tien luong",
                     "dues base", "salary", "pension", "salary pension", "salary or pension"),
                    "dues_base"),
    **dict.fromkeys(("so dien thoai", "dien thoai", "sdt", "dt", "dtdd", "so dt",
                     "phone", "phone number", "telephone", "mobile", "tel"), "phone"),
    **dict.fromkeys(("dia chi", "noi o", "noi o hien nay", "cho o hien nay", "noi cu tru",
                     "noi thuong tru", "thuong tru", "address", "home address"), "address"),
    **dict.fromkeys(("ghi chu", "note", "notes", "remarks", "remark"), "notes"),
}
# Aliases of several words may start a longer header ("Số CCCD/CMND", "Địa chỉ thường
# trú"), and so may these words; other short ones must be the whole header, or
# "Họ khẩu" would be a name, "Số thẻ BHYT" a party card, "Đối tượng chính sách" dues.
PREFIX_WORDS = frozenset({"cccd", "phone", "address", "notes", "ethnicity", "gender", "mobile"})
EXACT_PHRASES = frozenset({"so the", "doi tuong", "du bi", "chinh thuc", "ket nap", "thu tu",
                           "so tt"})
# Longest first, so "ngay vao dang chinh thuc" wins over "ngay vao dang".
_PREFIX_ALIASES = sorted(
    (a for a in HEADER_ALIASES
     if (" " in a and a not in EXACT_PHRASES) or a in PREFIX_WORDS),
    key=len, reverse=True,
)


MIN_HEADER_MATCHES = 3  # fewer known cells than this is a title line, not a header


def normalize_header(value) -> str:
    """Header text compared without case, diacritics, brackets or punctuation."""
    if value is None:
        return ""
    text = str(value).strip()
    if text == "#":
        return "#"
    text = re.sub(r"\(.*?\)", " ", fold(text))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def match_header(value) -> str | None:
    """The column key a header names, or None when it names nothing we know."""
    text = normalize_header(value)
    if not text:
        return None
    if text in HEADER_ALIASES:
        return HEADER_ALIASES[text]
    for alias in _PREFIX_ALIASES:
        if text.startswith(alias + " "):
            return HEADER_ALIASES[alias]
    return None


@dataclass
class Header:
    """Where the header of a list is and which column holds which key."""

    row: int  # sheet row number of the header (its first row if it spans two)
    last_row: int  # data start below this row
    keys: dict[int, str] = field(default_factory=dict)  # column index -> column key
    titles: dict[int, str] = field(default_factory=dict)  # column index -> header text
    unknown: dict[int, str] = field(default_factory=dict)  # headers that name nothing known
    duplicate: dict[int, str] = field(default_factory=dict)  # a key already taken on the left

    @property
    def score(self) -> int:
        return len(self.keys)

    def has_name(self) -> bool:
        keys = set(self.keys.values())
        return FULL_NAME in keys or "given_name" in keys


def _matches(row: list) -> dict[int, str]:
    return {j: key for j, v in enumerate(row) if (key := match_header(v))}


def find_header(rows: list[list]) -> Header | None:
    """The row (among ``rows``) where most cells are known headers, at least three.

    A second header line right under it ("Ngày vào Đảng" over "Dự bị" and
    "Chính thức") refines the columns it names.
    """
    best_index, best = None, {}
    for i, row in enumerate(rows):
        found = _matches(row)
        if len(found) >= MIN_HEADER_MATCHES and len(found) > len(best):
            best_index, best = i, found
    if best_index is None:
        return None
    top = rows[best_index]
    last = best_index
    found = dict(best)
    titles = {j: clean_text(v) for j, v in enumerate(top) if not is_blank(v)}
    if best_index + 1 < len(rows):
        below = rows[best_index + 1]
        sub = _matches(below)
        filled = [j for j, v in enumerate(below) if not is_blank(v)]
        if sub and len(sub) == len(filled):
            last = best_index + 1
            for j in sub:
                titles[j] = " / ".join(t for t in (titles.get(j), clean_text(below[j])) if t)
            found.update(sub)
    header = Header(row=best_index + 1, last_row=last + 1)
    for j in sorted(titles):
        key = found.get(j)
        if key is None:
            header.unknown[j] = titles[j]
        elif key in header.keys.values():
            header.duplicate[j] = titles[j]
        else:
            header.keys[j] = key
            header.titles[j] = titles[j]
    return header


def refine_with_data(header: Header, data: list[list]) -> None:
    """Use the rows under the header for what the header alone cannot say.

    Many lists merge "Họ và tên" over two columns, family and middle names on
    the left and the given name on the right (so the list can be sorted by it):
    the right column has no header of its own. Any other column with data but
    no header is listed as unknown, so no data is dropped unseen.
    """
    width = max((len(r) for r in data), default=0)
    filled = [sum(1 for r in data if j < len(r) and not is_blank(r[j])) for j in range(width)]
    named = set(header.keys) | set(header.unknown) | set(header.duplicate)
    for j, key in list(header.keys.items()):
        right = j + 1
        if key != FULL_NAME or right in named or right >= width:
            continue
        pairs = [(r[j], r[right]) for r in data if right < len(r) and not is_blank(r[j])]
        words = [v for _, v in pairs if isinstance(v, str) and re.fullmatch(r"[^\W\d_]+", v.strip())]
        if pairs and len(words) * 2 > len(pairs):
            header.keys[j] = FAMILY_AND_MIDDLE
            header.keys[right] = "given_name"
            header.titles[right] = header.titles[j]
            named.add(right)
    for j in range(width):
        if j not in named and filled[j]:
            header.unknown[j] = ""


# -- cell values ---------------------------------------------------------------

def clean_text(value) -> str | None:
    """Cell text in composed Unicode with single spaces; None when blank.

    Windows-1258 files and some keyboards store Vietnamese decomposed (base letter
    plus combining marks); names must be stored composed to compare and sort.
    """
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(unicodedata.normalize("NFC", str(value)).split())
    return text or None


def is_blank(value) -> bool:
    return clean_text(value) is None


def row_number(value) -> int | None:
    """The list's own running number ("STT"): 7, 7.0, "7", "7." or "07"; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = clean_text(value)
    if text and (m := re.fullmatch(r"(\d{1,6})\.?", text)):
        return int(m[1])
    return None


_DATE_TEXT = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_ISO_STAMP = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]00:00(:00)?$")
# Excel keeps dates as day counts; a number this large in a date column is one.
# Smaller numbers look like bare years ("1970"), which are not dates.
_EXCEL_SERIAL_MIN, _EXCEL_SERIAL_MAX = 2200, 2_958_465


def to_date(value):
    """A date object when the cell holds a date we can read, else the cell as given
    (so the member check reports it as a bad date)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if _EXCEL_SERIAL_MIN <= value <= _EXCEL_SERIAL_MAX and float(value).is_integer():
            return from_excel(value).date()
        return clean_text(value)
    text = clean_text(value)
    if text is None:
        return None
    if m := _DATE_TEXT.match(text):
        try:
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        except ValueError:
            return text
    if m := _ISO_STAMP.match(text):
        return m[1]
    return text


def _digits_of_number(value, *, from_text: bool) -> str | None:
    """The digits of a number cell (int, whole float, or digit-only text in a CSV)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else None
    if from_text and isinstance(value, str) and re.fullmatch(r"\d+", value.strip()):
        return value.strip()
    return None


def to_national_id(value, *, untyped: bool = False):
    """Give back the leading zeros Excel drops from a CCCD stored as a number.

    A CCCD has 12 digits and most start with 0 (province codes 001-096), so a
    number of 9-11 digits is a CCCD that lost its zeros. ``untyped`` (CSV) treats
    digit-only text as such a number too: a CSV saved by Excel has lost them already.
    Any other length is passed on as text, and the member check reports it.
    """
    digits = _digits_of_number(value, from_text=untyped)
    if digits is not None:
        return digits.zfill(12) if 9 <= len(digits) <= 11 else digits
    return clean_text(value)


def to_phone(value, *, untyped: bool = False):
    """A 9-digit number is a Vietnamese phone number whose leading 0 Excel dropped."""
    digits = _digits_of_number(value, from_text=untyped)
    if digits is not None:
        return "0" + digits if len(digits) == 9 else digits
    return clean_text(value)


def to_money(value):
    """Money as given, with the spaces some lists put between thousands removed."""
    if isinstance(value, str):
        text = clean_text(value)
        if text and re.fullmatch(r"\d{1,3}( \d{3})+( ?(đ|₫|đồng|vnd|VND))?", text):
            text = text.replace(" ", "")
        return text
    return value


# Dues category words, checked in this order: "không hưởng lương" is not salaried,
# and "lương hưu" is a pension, not a salary.
_DUES_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("other", ("khong huong luong", "khong luong", "khong co thu nhap", "khong thu nhap",
               "khong co luong")),
    ("pensioner", ("huu tri", "luong huu", "nghi huu", "huu", "pensioner", "pension",
                   "retired")),
    ("student", ("hoc sinh", "sinh vien", "hoc vien", "student")),
    ("insured", ("huong luong", "luong", "bhxh", "bao hiem xa hoi", "cong chuc", "vien chuc",
                 "insured", "salaried", "salary", "employee")),
    ("other", ("nong dan", "lao dong tu do", "tu do", "kinh doanh", "buon ban", "noi tro",
               "that nghiep", "tieu thuong", "ho kinh doanh", "lam ruong", "farmer",
               "self employed", "freelance", "no regular income", "unemployed", "other",
               "khac")),
)


def to_dues_category(value) -> str | None:
    """"Hưởng lương" -> insured, "Hưu trí" -> pensioner, ... ; None when the words
    are not recognised (the caller reports it), or the cell is blank."""
    text = " ".join(re.sub(r"[^a-z0-9]+", " ", fold(clean_text(value) or "")).split())
    if not text:
        return None
    padded = f" {text} "
    for category, words in _DUES_RULES:
        if any(f" {w} " in padded for w in words):
            return category
    return None


FOOTER_WORDS = re.compile(
    r"\bngay\b.*\bthang\b.*\bnam\b\s*\d|^t\s*/\s*m\b|\bbi thu\b|\bnguoi lap\b|\bxac nhan\b"
    r"|\bky\s*,|\bky ten\b|\bky va ghi ro\b"
    # totals ("Tổng số: 24", "Cộng 24"); "Tống" and "Công" alone are family names
    r"|^(tong cong|tong so|cong)\b[^0-9]*[:\d]|^(tong cong|cong)$"
)


def looks_like_footer(text: str | None) -> bool:
    """A signature, date or totals line written under a list."""
    return bool(text) and bool(FOOTER_WORDS.search(fold(text)))


def looks_like_column_numbers(values: list) -> bool:
    """The "(1) (2) (3) ..." line official forms put under their headers."""
    filled = [clean_text(v) for v in values if not is_blank(v)]
    return len(filled) >= 3 and all(re.fullmatch(r"\(?\d{1,2}\)?", t) for t in filled)
