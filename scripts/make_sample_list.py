"""Make the sample member list shipped in resources/samples/ (made-up people).

    .venv/bin/python scripts/make_sample_list.py

It is laid out as cells' own lists are: the party and cell names on top (merged
cells), the title, a header row, one row per member (dates mostly typed as text,
some as Excel dates; CCCD and phone numbers as text), and the date and signature
lines under the list. Every name, number and date in it is invented; the CCCD
numbers only follow the rule the app checks (province code, century and sex,
year of birth).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "samples" / "danh-sach-dang-vien-mau.xlsx"

HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Số thẻ đảng viên",
          "Ngày vào Đảng", "Ngày chính thức", "Đối tượng đóng đảng phí",
          "Mức lương/lương hưu (đồng)", "Số điện thoại", "Ghi chú"]
WIDTHS = [5, 24, 12, 9, 15, 13, 13, 13, 24, 15, 13, 22]
HEADER_ROW = 5

RETIRED, SALARIED, FREE, STUDENT = ("Hưu trí", "Hưởng lương", "Nông dân, lao động tự do",
                                    "Học sinh, sinh viên")
# name, born, sex, province code of the CCCD, admitted, official (None: probation),
# dues category, salary or pension, note. A date as dt.date is written as an Excel
# date, as text it stays text, as many lists have both.
PEOPLE = [
    ("Nguyễn Văn Bình", "12/03/1952", "Nam", "001", "19/05/1975", "19/05/1976", RETIRED,
     6_200_000, None),
    ("Trần Thị Hồng", "08/09/1958", "Nữ", "034", "03/02/1984", "03/02/1985", RETIRED,
     5_400_000, None),
    ("Lê Quang Minh", dt.date(1976, 11, 21), "Nam", "036", dt.date(2001, 9, 2),
     dt.date(2002, 9, 2), SALARIED, 9_800_000, None),
    ("Phạm Thị Lan", "14/06/1981", "Nữ", "001", "07/11/2008", "07/11/2009", SALARIED,
     8_350_000, None),
    ("Hoàng Văn Đức", "30/01/1969", "Nam", "040", "22/12/1994", "22/12/1995", FREE, None,
     None),
    ("Đặng Thị Thu Trang", dt.date(1990, 4, 5), "Nữ", "001", dt.date(2015, 6, 18),
     dt.date(2016, 6, 18), SALARIED, 7_600_000, "Chuyển đến tháng 3/2024"),
    ("Vũ Đình Khoa", "17/08/1948", "Nam", "035", "06/01/1970", "06/01/1971", RETIRED,
     7_100_000, None),
    ("Bùi Thị Ngọc Ánh", "25/12/1985", "Nữ", "038", "14/10/2012", "14/10/2013", FREE, None,
     None),
    ("Ngô Văn Hải", "09/07/1973", "Nam", "037", "28/04/1998", "28/04/1999", SALARIED,
     10_250_000, None),
    ("Đỗ Thị Hạnh", "11/10/1963", "Nữ", "034", "01/06/1990", "01/06/1991", FREE, None, None),
    ("Trịnh Minh Quân", "03/03/2004", "Nam", "001", "26/03/2025", "26/03/2026", STUDENT, None,
     None),
    ("Mai Thị Phương", "19/05/1995", "Nữ", "036", "19/05/2026", None, SALARIED, 6_900_000,
     "Đảng viên dự bị"),
]


def _year(born) -> int:
    return born.year if isinstance(born, dt.date) else int(born[-4:])


def national_id(number: int, born, sex: str, province: str) -> str:
    """A made-up CCCD that follows the rule: province, century and sex, birth year."""
    year = _year(born)
    digit = (year // 100 - 19) * 2 + (0 if sex == "Nam" else 1)
    return f"{province}{digit}{year % 100:02d}{100_000 + number * 7_919:06d}"


def build() -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    last = len(HEADER)
    bold, thin = Font(bold=True), Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def banner(row: int, first: int, end: int, text: str, size: int | None = None) -> None:
        ws.cell(row, first, text).font = Font(bold=True, size=size)
        ws.cell(row, first).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=end)

    banner(1, 1, 4, "ĐẢNG BỘ XÃ HÒA AN")
    banner(1, 5, last, "ĐẢNG CỘNG SẢN VIỆT NAM")
    banner(2, 1, 4, "CHI BỘ THÔN BẮC SƠN")
    banner(3, 1, last, "DANH SÁCH ĐẢNG VIÊN", size=14)
    for j, (title, width) in enumerate(zip(HEADER, WIDTHS, strict=True), start=1):
        cell = ws.cell(HEADER_ROW, j, title)
        cell.font, cell.alignment, cell.border = bold, centre, box
        ws.column_dimensions[cell.column_letter].width = width
    for i, (name, born, sex, province, admitted, official, category, base, note) in \
            enumerate(PEOPLE, start=1):
        values = [i, name, born, sex, national_id(i, born, sex, province),
                  f"{52_000_000 + i * 104_729:08d}", admitted, official, category, base,
                  f"09{12_000_000 + i * 613_487:08d}", note]
        for j, value in enumerate(values, start=1):
            cell = ws.cell(HEADER_ROW + i, j, value)
            cell.border = box
            if isinstance(value, dt.date):
                cell.number_format = "dd/mm/yyyy"
            elif isinstance(value, int) and j == 10:
                cell.number_format = "#,##0"
            elif isinstance(value, str) and value.isdigit():
                cell.number_format = "@"  # kept as text, leading zero and all
    end = HEADER_ROW + len(PEOPLE)
    banner(end + 2, 8, last, "Bắc Sơn, ngày 20 tháng 11 năm 2026")
    banner(end + 3, 8, last, "T/M CHI BỘ - BÍ THƯ")
    banner(end + 7, 8, last, "Nguyễn Văn Bình")
    wb.properties.creator = "Chi bộ số"
    wb.properties.created = wb.properties.modified = dt.datetime(2026, 11, 20)
    return wb


def main() -> None:
    SAMPLE.parent.mkdir(parents=True, exist_ok=True)
    build().save(SAMPLE)
    print(f"wrote {SAMPLE.relative_to(ROOT)} ({len(PEOPLE)} members)")


if __name__ == "__main__":
    main()
