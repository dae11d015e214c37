"""What an import found and did, for the command line (text or JSON) and the app."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from ..i18n import register, tr
from ..validation import FieldError, label, register_labels

# How much of a cell's text a report repeats: enough to find the cell, never a
# whole 30,000-character paste.
VALUE_SHOWN = 60
ROW_SHOWN = 120


def shown_value(text, limit: int = VALUE_SHOWN) -> str:
    """A cell's text as a report repeats it: at most ``limit`` characters (then "…"),
    control characters shown as visible symbols (␊ for a line break, ␉ for a tab)."""
    text = "" if text is None else str(text)
    cut = text[:limit]
    out = "".join(_visible(ch) for ch in cut)
    return out + "…" if len(text) > limit else out


def _visible(ch: str) -> str:
    if unicodedata.category(ch) != "Cc" and ch not in "\u2028\u2029":
        return ch
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control pictures": ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1 controls and line separators have no picture of their own

register_labels({
    "file": ("Tệp", "File"),
    "row_number": ("Số thứ tự", "Row number"),
    "family_and_middle": ("Họ và tên đệm", "Family and middle names"),
})

register({
    # FieldError codes (FieldError.message looks them up as "valid.<code>")
    "valid.import_not_found": ("không tìm thấy tệp {path}", "file {path} not found"),
    "valid.import_xls": (
        "là tệp Excel 97-2003 (.xls), chưa đọc được; hãy mở tệp trong Excel và "
        "“Lưu thành” Excel Workbook (.xlsx) hoặc CSV UTF-8",
        "is an Excel 97-2003 file (.xls), which cannot be read; open it in Excel and "
        "“Save as” Excel Workbook (.xlsx) or CSV UTF-8",
    ),
    "valid.import_file_type": (
        "không nhập được tệp “{name}”: loại tệp “{kind}” không được nhận; chỉ nhận tệp "
        "Excel (.xlsx) hoặc CSV (.csv)",
        "“{name}” cannot be imported: a “{kind}” file is not accepted; use an Excel (.xlsx) "
        "or CSV (.csv) file",
    ),
    "valid.import_not_xlsx": (
        "tệp “{name}” không phải tệp Excel .xlsx (cũng không phải CSV), dù tên có đuôi "
        "“{kind}”; hãy mở danh sách trong Excel và “Lưu thành” Excel Workbook (.xlsx) "
        "hoặc CSV UTF-8",
        "“{name}” is not an Excel .xlsx file (nor a CSV file), although its name ends in "
        "“{kind}”; open the list in Excel and “Save as” Excel Workbook (.xlsx) or CSV UTF-8",
    ),
    "valid.import_unreadable": (
        "không đọc được tệp “{name}”: {detail}", "the file “{name}” cannot be read: {detail}",
    ),
    "valid.import_encoding": (
        "không nhận ra bảng mã chữ của tệp CSV (đã thử UTF-8, Windows-1258, Windows-1252)",
        "the text encoding of the CSV file is not recognised (tried UTF-8, Windows-1258, "
        "Windows-1252)",
    ),
    "valid.import_no_header": (
        "không thấy dòng tiêu đề trong 30 dòng đầu: cần một dòng có ít nhất 3 cột như "
        "STT, Họ và tên, Ngày sinh, Giới tính, Số CCCD",
        "no header row in the first 30 rows: a row needs at least 3 columns such as "
        "No., Full name, Date of birth, Sex, National ID",
    ),
    "valid.import_no_name_column": (
        "không có cột họ tên (“Họ và tên”, hoặc hai cột “Họ” và “Tên”)",
        "there is no name column (“Full name”, or “Family name” and “Given name”)",
    ),
    "valid.import_no_rows": (
        "không có dòng đảng viên nào dưới dòng tiêu đề (dòng {row})",
        "there are no member rows under the header (row {row})",
    ),
    "valid.import_name_parts": (
        "phải ghi đủ họ và tên", "must give both the family name and the given name",
    ),
    "valid.import_name_part_too_long": (
        "quá dài: phần “{part}” được tối đa {max} ký tự",
        "is too long: the “{part}” part can have at most {max} characters",
    ),
    "valid.import_duplicate_row": ("trùng với dòng {rows}", "is the same as on row {rows}"),
    "valid.import_same_person": (
        "chi bộ đã có {who} cùng họ tên và ngày sinh",
        "the cell already has {who} with the same name and date of birth",
    ),
    "valid.import_dues_category": (
        "không hiểu “{value}”; hãy ghi: Hưởng lương, Hưu trí, Học sinh sinh viên, "
        "hoặc Nông dân / lao động tự do",
        "“{value}” is not understood; write: Salaried, Pensioner, Student, "
        "or Farmer / self-employed",
    ),
    # report text
    "import.file": ("Tệp: {file}", "File: {file}"),
    "import.sheet": ("Trang tính: {sheet}", "Sheet: {sheet}"),
    "import.header_row": ("Dòng tiêu đề: {row}", "Header row: {row}"),
    "import.columns": ("Các cột đã nhận:", "Columns recognised:"),
    "import.ignored_column": ("bỏ qua", "ignored"),
    "import.unknown_columns": ("Các cột không dùng:", "Columns not used:"),
    "import.no_title": ("không có tiêu đề", "no header"),
    "import.duplicate_column": ("trùng cột trước, bỏ qua", "repeats an earlier column, ignored"),
    "import.rows": ("Số dòng đảng viên đọc được: {n}", "Member rows read: {n}"),
    "import.skipped": ("Các dòng bỏ qua (không phải đảng viên):", "Rows skipped (not members):"),
    "import.row": ("Dòng {row}", "Row {row}"),
    "import.failed": (
        "Có {n} lỗi; CHƯA ghi gì vào dữ liệu. Hãy sửa tệp rồi nhập lại.",
        "{n} error(s); NOTHING was saved. Correct the file and import it again.",
    ),
    "import.dry_run": (
        "Chạy thử: {n} đảng viên hợp lệ; chưa ghi gì vào dữ liệu.",
        "Dry run: {n} members are valid; nothing was saved.",
    ),
    "import.done": ("Đã thêm {n} đảng viên.", "Added {n} members."),
})


@dataclass
class ImportReport:
    """The outcome of one import; ``ok`` when the file had no error at all."""

    file: str
    dry_run: bool = False
    sheet: str | None = None
    header_row: int | None = None
    # {"column": "B", "header": "Họ và tên", "field": "full_name"}
    mapping: list[dict] = field(default_factory=list)
    # {"column": "M", "header": "Tôn giáo"}; "duplicate": True for a repeated column
    unknown_columns: list[dict] = field(default_factory=list)
    rows_parsed: int = 0
    skipped_rows: list[dict] = field(default_factory=list)  # {"row": 32, "text": "..."}
    errors: list[FieldError] = field(default_factory=list)
    created_ids: list[str] = field(default_factory=list)
    # (row, field) -> the cell as written, shown next to its error
    cell_text: dict[tuple[int, str], str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error_dict(self, e: FieldError, lang: str | None = None) -> dict:
        return {"row": e.row, "field": e.field, "code": e.code, "message": e.message(lang),
                "value": self.cell_text.get((e.row, e.field))}

    def to_dict(self, lang: str | None = None) -> dict:
        """Plain JSON-able data; messages in ``lang`` (default: the current language)."""
        return {
            "ok": self.ok,
            "dry_run": self.dry_run,
            "file": self.file,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "mapping": list(self.mapping),
            "unknown_columns": list(self.unknown_columns),
            "rows_parsed": self.rows_parsed,
            "skipped_rows": list(self.skipped_rows),
            "errors": [self.error_dict(e, lang) for e in self.errors],
            "created": len(self.created_ids),
            "created_ids": list(self.created_ids),
        }

    def render(self, lang: str | None = None) -> str:
        """The report as text for a person, in ``lang`` (default: the current language)."""
        lines = [tr("import.file", lang, file=self.file)]
        if self.sheet:
            lines.append(tr("import.sheet", lang, sheet=self.sheet))
        if self.header_row:
            lines.append(tr("import.header_row", lang, row=self.header_row))
        if self.mapping:
            lines.append(tr("import.columns", lang))
            for m in self.mapping:
                target = (tr("import.ignored_column", lang) if m["field"] == "row_number"
                          else f"{label(m['field'], lang)} ({m['field']})")
                lines.append(f"  {m['column']} “{shown_value(m['header'])}” → {target}")
        if self.unknown_columns:
            lines.append(tr("import.unknown_columns", lang))
            for u in self.unknown_columns:
                note = f" ({tr('import.duplicate_column', lang)})" if u.get("duplicate") else ""
                title = shown_value(u["header"]) if u["header"] else tr("import.no_title", lang)
                lines.append(f"  {u['column']} “{title}”{note}")
        if self.skipped_rows:
            lines.append(tr("import.skipped", lang))
            for s in self.skipped_rows:
                lines.append(f"  {tr('import.row', lang, row=s['row'])}: {s['text']}")
        if self.header_row:
            lines.append(tr("import.rows", lang, n=self.rows_parsed))
        for e in self.errors:
            where = f"{tr('import.row', lang, row=e.row)} — " if e.row is not None else ""
            value = self.cell_text.get((e.row, e.field))
            shown = f" [{shown_value(value)}]" if value else ""
            lines.append(f"{where}{e.message(lang)}{shown}")
        if self.errors:
            lines.append(tr("import.failed", lang, n=len(self.errors)))
        elif self.dry_run:
            lines.append(tr("import.dry_run", lang, n=self.rows_parsed))
        else:
            lines.append(tr("import.done", lang, n=len(self.created_ids)))
        return "\n".join(lines)
