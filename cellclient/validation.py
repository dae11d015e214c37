"""Field checks that name the field, in Vietnamese and English.

A service collects every problem of a form before writing anything, then
raises one ValidationError; nothing is saved while any field is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from .errors import CellClientError
from .i18n import language, register, tr
from .schema import MONTH_RE, TIME_RE

register(
    {
        "valid.required": ("không được để trống", "is required"),
        "valid.date": ("phải là ngày hợp lệ (dd/mm/yyyy)", "must be a valid date (dd/mm/yyyy)"),
        "valid.month": ("phải là tháng hợp lệ (YYYY-MM)", "must be a valid month (YYYY-MM)"),
        "valid.time": ("phải là giờ hợp lệ (HH:MM)", "must be a valid time (HH:MM)"),
        "valid.future": ("không được ở tương lai", "cannot be in the future"),
        "valid.not_before": ("không được trước {other}", "cannot be before {other}"),
        "valid.not_before_value": (
            "không được trước {other} ({value})", "cannot be before {other} ({value})",
        ),
        "valid.money": (
            "phải là số tiền nguyên, không âm, tối đa 1.000.000.000.000 (đồng)",
            "must be a whole, non-negative amount of VND, at most 1,000,000,000,000",
        ),
        "valid.positive_money": ("phải là số tiền lớn hơn 0 (đồng)", "must be more than 0 VND"),
        "valid.int": ("phải là số nguyên không âm", "must be a whole non-negative number"),
        "valid.range": ("phải từ {low} đến {high}", "must be from {low} to {high}"),
        "valid.choice": ("phải là một trong: {choices}", "must be one of: {choices}"),
        "valid.too_long": ("quá dài (tối đa {max} ký tự)", "is too long (at most {max} characters)"),
        "valid.control_chars": (
            "không được chứa ký tự điều khiển (xuống dòng, tab, ký tự ẩn); hãy viết trên một dòng",
            "must not contain control characters (line breaks, tabs, hidden characters); "
            "write it on one line",
        ),
        "valid.cccd_length": ("phải gồm đúng 12 chữ số", "must be exactly 12 digits"),
        "valid.cccd_province": (
            "có mã tỉnh {province} không tồn tại",
            "has a province code {province} that does not exist",
        ),
        "valid.cccd_sex": (
            "chữ số thứ 4 ({digit}) không khớp giới tính và thế kỷ sinh",
            "4th digit ({digit}) does not match sex and century of birth",
        ),
        "valid.cccd_year": (
            "chữ số 5-6 ({digits}) không khớp năm sinh {year}",
            "digits 5-6 ({digits}) do not match birth year {year}",
        ),
        "valid.duplicate": ("đã có {who} dùng giá trị này", "is already used by {who}"),
        "valid.phone": ("phải là số điện thoại (9-11 chữ số)", "must be a phone number (9-11 digits)"),
        "valid.percent": ("phải là 30, 50, 70 hoặc 100", "must be 30, 50, 70 or 100"),
        "valid.span_12": ("không được quá 12 tháng", "cannot exceed 12 months"),
        "valid.unknown_member": ("không phải đảng viên của chi bộ", "is not a member of this cell"),
        "valid.invalid": ("không hợp lệ: {detail}", "is invalid: {detail}"),
        "valid.summary": ("Dữ liệu chưa hợp lệ", "Invalid input"),
    }
)

FIELD_LABELS = {
    # member
    "family_name": ("Họ", "Family name"),
    "middle_name": ("Tên đệm", "Middle name"),
    "given_name": ("Tên", "Given name"),
    "full_name": ("Họ và tên", "Full name"),
    "sex": ("Giới tính", "Sex"),
    "birth_date": ("Ngày sinh", "Date of birth"),
    "ethnicity": ("Dân tộc", "Ethnicity"),
    "national_id": ("Số CCCD", "National ID (CCCD)"),
    "party_card": ("Số thẻ đảng viên", "Party card number"),
    "admitted_on": ("Ngày vào Đảng (quyết định kết nạp)", "Admission decision date"),
    "ceremony_on": ("Ngày lễ kết nạp", "Admission ceremony date"),
    "official_on": ("Ngày chính thức", "Official membership date"),
    "status": ("Tình trạng", "Status"),
    "status_since": ("Ngày đổi tình trạng", "Status date"),
    "status_decision": ("Số quyết định", "Decision number"),
    "temporarily_attached": ("Sinh hoạt tạm thời", "Temporarily attached"),
    "dues_category": ("Đối tượng đóng đảng phí", "Dues category"),
    "dues_base": ("Mức lương/lương hưu làm căn cứ", "Dues base (salary or pension)"),
    "social_pension": ("Hưởng trợ cấp hưu trí xã hội", "On the social pension"),
    "phone": ("Số điện thoại", "Phone"),
    "address": ("Địa chỉ", "Address"),
    "notes": ("Ghi chú", "Notes"),
    # cell
    "name": ("Tên chi bộ", "Cell name"),
    "parent_org": ("Đảng bộ cấp trên", "Parent organisation"),
    "kind": ("Loại", "Kind"),
    # meeting
    "date": ("Ngày", "Date"),
    "start_time": ("Giờ bắt đầu", "Start time"),
    "end_time": ("Giờ kết thúc", "End time"),
    "place": ("Địa điểm", "Place"),
    "chair_id": ("Chủ trì", "Chair"),
    "minute_taker_id": ("Thư ký", "Minute-taker"),
    "guests": ("Khách mời", "Guests"),
    "agenda": ("Nội dung", "Agenda"),
    "conclusion": ("Kết luận", "Conclusion"),
    "resolution": ("Nghị quyết", "Resolution"),
    "votes_for": ("Số tán thành", "Votes for"),
    "votes_against": ("Số không tán thành", "Votes against"),
    "votes_abstain": ("Số không biểu quyết", "Abstentions"),
    "state": ("Điểm danh", "Attendance"),
    "reason": ("Lý do", "Reason"),
    "member_id": ("Đảng viên", "Member"),
    # dues
    "month": ("Tháng", "Month"),
    "months": ("Các tháng đóng", "Months covered"),
    "amount": ("Số tiền", "Amount"),
    "method": ("Hình thức nộp", "Payment method"),
    "receiver": ("Người thu", "Received by"),
    "receipt_no": ("Số biên lai", "Receipt number"),
    "paid_on": ("Ngày nộp", "Payment date"),
    "percent": ("Tỷ lệ giảm (%)", "Reduction (%)"),
    "from_month": ("Từ tháng", "From month"),
    "to_month": ("Đến tháng", "To month"),
    "decision_ref": ("Số quyết định", "Decision reference"),
}


def register_labels(labels: dict[str, tuple[str, str]]) -> None:
    """Add field labels as ``field: (vietnamese, english)`` for a module's own forms."""
    FIELD_LABELS.update(labels)


def label(field_name: str, lang: str | None = None) -> str:
    pair = FIELD_LABELS.get(field_name)
    if pair is None:
        return field_name
    return pair[0] if (lang or language()) == "vi" else pair[1]


@dataclass(frozen=True)
class FieldError:
    field: str
    code: str
    params: dict = field(default_factory=dict)
    row: int | None = None  # for imports: the sheet row

    def message(self, lang: str | None = None) -> str:
        text = tr(f"valid.{self.code}", lang, **self.params)
        return f"{label(self.field, lang)} ({self.field}): {text}"


class ValidationError(CellClientError):
    """Bad input; ``errors`` names every offending field."""

    exit_code = 2

    def __init__(self, errors: list[FieldError]):
        self.errors = list(errors)
        super().__init__(self.render())

    def render(self, lang: str | None = None) -> str:
        lines = [tr("valid.summary", lang) + ":"]
        for e in self.errors:
            where = f"[{e.row}] " if e.row is not None else ""
            lines.append(f"  - {where}{e.message(lang)}")
        return "\n".join(lines)

    def fields(self) -> set[str]:
        return {e.field for e in self.errors}


class Checker:
    """Collects field errors; ``done()`` raises them together."""

    def __init__(self):
        self.errors: list[FieldError] = []

    def add(self, field_name: str, error_code: str, /, **params) -> None:
        self.errors.append(FieldError(field_name, error_code, params))

    def done(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)

    def failed(self, field_name: str) -> bool:
        return any(e.field == field_name for e in self.errors)

    # -- single-field checks; each returns the cleaned value (or None) --

    def text(self, name, value, *, required=False, max_len=500, single_line=False):
        """Trimmed text in composed form (NFC): some Vietnamese keyboards type
        decomposed marks, which would otherwise compare unequal. ``single_line``
        text (names, numbers) may hold no control character at all: a line break
        or a bell in a name breaks every list it is shown in."""
        value = (value or "").strip() if isinstance(value, str) or value is None else str(value)
        value = unicodedata.normalize("NFC", value)
        if not value:
            if required:
                self.add(name, "required")
            return None
        if len(value) > max_len:
            self.add(name, "too_long", max=max_len)
        elif single_line and has_control_chars(value):
            self.add(name, "control_chars")
        return value

    def choice(self, name, value, choices, *, required=False, shown: str | None = None):
        """``shown`` is how the choices read to a person (e.g. "Nam, Nữ")."""
        if value in (None, ""):
            if required:
                self.add(name, "required")
            return None
        if value not in choices:
            self.add(name, "choice", choices=shown or ", ".join(choices))
            return None
        return value

    def date(self, name, value, *, required=False, not_future=False, today=None):
        if value in (None, ""):
            if required:
                self.add(name, "required")
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.add(name, "date")
            return None
        if not_future and parsed > (today or dt.date.today()):
            self.add(name, "future")
        return parsed.isoformat()

    def month(self, name, value, *, required=False):
        if value in (None, ""):
            if required:
                self.add(name, "required")
            return None
        if not isinstance(value, str) or not MONTH_RE.match(value):
            self.add(name, "month")
            return None
        return value

    def time(self, name, value, *, required=False):
        if value in (None, ""):
            if required:
                self.add(name, "required")
            return None
        if not isinstance(value, str) or not TIME_RE.match(value):
            self.add(name, "time")
            return None
        return value

    def money(self, name, value, *, required=False, positive=False):
        """Whole VND; accepts 1250000, "1.250.000" or "1,250,000"."""
        if value in (None, ""):
            if required:
                self.add(name, "required")
            return None
        amount = parse_money(value)
        if amount is None or amount < 0 or amount > MAX_MONEY:
            self.add(name, "money")
            return None
        if positive and amount == 0:
            self.add(name, "positive_money")
            return None
        return amount

    def count(self, name, value, *, required=False):
        if value in (None, ""):
            if required:
                self.add(name, "required")
            return None
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = -1
        if isinstance(value, float) and not value.is_integer():
            number = -1
        if number < 0 or number > MAX_COUNT:
            self.add(name, "int")
            return None
        return number

    def after(self, name, value, other_name, other_value):
        """``value`` (ISO date) must not be before ``other_value``."""
        if value and other_value and value < other_value:
            self.add(name, "not_before_value", other=label(other_name),
                     value=_shown_date(other_value))


def _shown_date(value: str) -> str:
    """An ISO date or month as a person reads it: dd/mm/yyyy or mm/yyyy."""
    if MONTH_RE.match(value):
        return f"{value[5:7]}/{value[:4]}"
    parsed = parse_date(value)
    return parsed.strftime("%d/%m/%Y") if parsed else value


# Unicode line and paragraph separators break a line as a newline does.
_LINE_BREAKERS = frozenset("\u2028\u2029")


def has_control_chars(text: str) -> bool:
    """Whether ``text`` holds a C0 or C1 control character (newline, tab, bell,
    DEL...) or a Unicode line separator."""
    return any(unicodedata.category(ch) == "Cc" or ch in _LINE_BREAKERS for ch in text)


# A trillion đồng is far beyond any dues, salary or pension; it also keeps sums
# of many entries well inside SQLite's 64-bit integers.
MAX_MONEY = 10**12
MAX_COUNT = 10**6
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_date(value) -> dt.date | None:
    """A date from ISO ``YYYY-MM-DD``, ``dd/mm/yyyy`` text, or a date object; years
    outside 1900-2100 are typing mistakes in a cell's records."""
    parsed = _parse_date(value)
    if parsed is None or not 1900 <= parsed.year <= 2100:
        return None
    return parsed


def _parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if m := _ISO.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DMY.match(text):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None
    return None


def parse_money(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        text = value.strip().replace("₫", "").replace("đ", "").strip()
        if re.fullmatch(r"-?\d{1,3}([.,]\d{3})+", text):
            text = text.replace(".", "").replace(",", "")
        if re.fullmatch(r"-?\d+", text):
            return int(text)
    return None


# Province codes of the CCCD (Circular 59/2021/TT-BCA), before the 2025 merger of provinces;
# cards already issued keep them.
PROVINCE_CODES = frozenset(
    "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 "
    "034 035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 "
    "067 068 070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096".split()
)


def check_national_id(c: Checker, value, *, sex: str | None, birth_date: str | None,
                      name: str = "national_id"):
    """The CCCD rule: 12 digits; province code; the 4th digit encodes century and sex;
    digits 5-6 are the last two digits of the birth year."""
    if value in (None, ""):
        return None
    text = str(value).strip().replace(" ", "")
    if has_control_chars(text):
        c.add(name, "control_chars")
        return None
    if not re.fullmatch(r"\d{12}", text):
        c.add(name, "cccd_length")
        return None
    if text[:3] not in PROVINCE_CODES:
        c.add(name, "cccd_province", province=text[:3])
    digit = int(text[3])
    if birth_date:
        year = int(birth_date[:4])
        century_index = (year // 100) - 19  # 1900s -> 0, 2000s -> 1, ...
        if 0 <= century_index <= 4:
            if sex in ("male", "female"):
                if digit != century_index * 2 + (0 if sex == "male" else 1):
                    c.add(name, "cccd_sex", digit=digit)
            elif digit // 2 != century_index:
                c.add(name, "cccd_sex", digit=digit)
        if text[4:6] != f"{year % 100:02d}":
            c.add(name, "cccd_year", digits=text[4:6], year=year)
    return text
