"""Importing a member list from Excel and CSV files as cells really keep them."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata

import openpyxl
import pytest

from cellclient.i18n import set_language
from cellclient.importer import import_file
from cellclient.importer.columns import match_header, to_dues_category
from cellclient.services.members import add_member, list_members
from tests.conftest import ROOT, TODAY

TITLE = [["ĐẢNG BỘ XÃ GIA VÂN", None, None, None, "ĐẢNG CỘNG SẢN VIỆT NAM"],
         ["CHI BỘ THÔN ĐÔNG"], ["DANH SÁCH ĐẢNG VIÊN"], []]
HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Số thẻ đảng viên",
          "Ngày vào Đảng", "Ngày chính thức", "Đối tượng đóng đảng phí",
          "Mức lương/lương hưu (đồng)", "Số điện thoại", "Tôn giáo"]
# Row 6 on: as Excel leaves them: a date cell, CCCD and phone as numbers without
# their leading zeros, money as text with dots.
MEMBERS = [
    [1, "Nguyễn Thị Thu Hà", dt.datetime(1970, 1, 7), "Nữ", 1170000244, 86072408,
     dt.datetime(1989, 2, 11), dt.datetime(1990, 2, 11), "Hưởng lương", 11150000, 928159013,
     "Không"],
    [2, "Trần Hữu Tuấn", "21/07/1954", "Nam", "037054225127", "15032582", "19-06-1973",
     "19.06.1974", "Hưu trí", "4.850.000", "0916613186", None],
    [3, "Lý Kim Mai", "19/9/2003", "nữ", "038303192250", None, "2/5/2026", None,
     "Học sinh, sinh viên", None, None, None],
    [4, "Lê Thành Nam", "22/01/1971", "NAM", 1071880770.0, "22562241", "20/06/2009",
     "20/06/2010", "Nông dân, lao động tự do", None, "0947104974", None],
]
FOOTER = [[], [], [None] * 7 + ["Gia Vân, ngày 20 tháng 11 năm 2026"],
          [None] * 7 + ["T/M CHI BỘ - BÍ THƯ"], [None, "Người lập biểu"],
          # the signer's name sits in the name column; it is not a member
          [None, "Nguyễn Văn Bình", None, None, None, None, None, "Phạm Văn Cường"]]


def write_xlsx(path, rows, sheet="Danh sách"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def cp1258(text: str) -> bytes:
    """Text as Windows-1258 stores Vietnamese: letters such as ê or ơ precomposed
    where the code page has them, tone marks as separate combining characters."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        tones = [m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323"]
        letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in tones))
        out += (letter + "".join(tones)).encode("cp1258")
    return bytes(out)


def write_csv(path, rows, delimiter=",", encoding="utf-8-sig"):
    lines = []
    for row in rows:
        cells = ["" if v is None else str(v) for v in row]
        lines.append(delimiter.join(f'"{c}"' if delimiter in c or '"' in c else c
                                    for c in cells))
    text = "\r\n".join(lines) + "\r\n"
    path.write_bytes(cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    return path


def counts(store) -> tuple[int, int]:
    """(member rows, change-log rows): an import that fails must leave both alone."""
    members = store.db.execute("SELECT COUNT(*) FROM member").fetchone()[0]
    changes = store.db.execute("SELECT COUNT(*) FROM change_log").fetchone()[0]
    return members, changes


def by_name(store, cell) -> dict:
    return {m.full_name: m for m in list_members(store, cell.id)}


def sample_list(tmp_path, members=MEMBERS, name="ds.xlsx"):
    return write_xlsx(tmp_path / name, TITLE + [HEADER] + members + FOOTER)


# -- a list as cells keep it ------------------------------------------------------


def test_realistic_xlsx_imports_every_member_and_nothing_else(store, cell, tmp_path):
    report = import_file(store, cell.id, sample_list(tmp_path), today=TODAY)
    assert report.ok, report.render()
    assert report.sheet == "Danh sách" and report.header_row == 5
    assert report.rows_parsed == 4 and len(report.created_ids) == 4
    assert {"column": "B", "header": "Họ và tên", "field": "full_name"} in report.mapping
    assert report.unknown_columns == [{"column": "L", "header": "Tôn giáo"}]
    assert [s["row"] for s in report.skipped_rows] == [12, 13, 14, 15]

    members = by_name(store, cell)
    assert set(members) == {"Nguyễn Thị Thu Hà", "Trần Hữu Tuấn", "Lý Kim Mai", "Lê Thành Nam"}
    ha = members["Nguyễn Thị Thu Hà"]
    assert (ha.family_name, ha.middle_name, ha.given_name) == ("Nguyễn", "Thị Thu", "Hà")
    assert ha.national_id == "001170000244"  # number 1170000244 got its zeros back
    assert ha.phone == "0928159013" and ha.party_card == "86072408"
    assert (ha.birth_date, ha.admitted_on, ha.official_on) == ("1970-01-07", "1989-02-11",
                                                              "1990-02-11")
    assert (ha.sex, ha.dues_category, ha.dues_base, ha.status) == ("female", "insured",
                                                                   11_150_000, "official")
    tuan = members["Trần Hữu Tuấn"]
    assert (tuan.admitted_on, tuan.official_on) == ("1973-06-19", "1974-06-19")
    assert (tuan.dues_category, tuan.dues_base, tuan.sex) == ("pensioner", 4_850_000, "male")
    mai = members["Lý Kim Mai"]
    assert (mai.birth_date, mai.dues_category, mai.status) == ("2003-09-19", "student",
                                                               "probationary")
    nam = members["Lê Thành Nam"]
    assert (nam.national_id, nam.dues_category) == ("001071880770", "other")


def test_english_headers_are_recognised(store, cell, tmp_path):
    rows = [["Members of the cell"], [],
            ["No.", "Full name", "Date of birth", "Sex", "National ID", "Party card",
             "Admitted", "Official date", "Dues category", "Dues base", "Phone", "Address",
             "Notes"],
            [1, "Phạm Văn Đức", "04/10/1997", "male", "001097583705", "27874421",
             "02/07/2016", "02/07/2017", "insured", 14990000, "0946281948",
             "Thôn Đông, xã Gia Vân", "Tổ trưởng"]]
    report = import_file(store, cell.id, write_xlsx(tmp_path / "en.xlsx", rows), today=TODAY)
    assert report.ok, report.render()
    assert report.header_row == 3 and report.unknown_columns == []
    duc = by_name(store, cell)["Phạm Văn Đức"]
    assert (duc.national_id, duc.address, duc.notes) == ("001097583705", "Thôn Đông, xã Gia Vân",
                                                         "Tổ trưởng")
    assert (duc.dues_category, duc.dues_base, duc.official_on) == ("insured", 14_990_000,
                                                                  "2017-07-02")


def test_unaccented_headers_with_separate_name_columns(store, cell, tmp_path):
    rows = [["DANH SACH DANG VIEN"],
            ["  tt ", "HO", "TEN DEM", "TEN", "Ngay\nsinh", "gioi  tinh", "so cccd / cmnd",
             "NGAY KET NAP", "Doi tuong", "MUC LUONG"],
            [1, "Vũ", "Thị", "Hương", "03/06/1967", "Nu", "037167944041", "11/04/1995",
             "Nong dan, lao dong tu do"],
            [2, "Hờ", None, "Dính", "05/05/1980", "Nam", "022080087015", "13/11/1999",
             "cong chuc", "7 340 000 đ"]]
    report = import_file(store, cell.id, write_xlsx(tmp_path / "khong-dau.xlsx", rows),
                         today=TODAY)
    assert report.ok, report.render()
    fields = [m["field"] for m in report.mapping]
    assert fields == ["row_number", "family_name", "middle_name", "given_name", "birth_date",
                      "sex", "national_id", "admitted_on", "dues_category", "dues_base"]
    members = by_name(store, cell)
    huong = members["Vũ Thị Hương"]
    assert (huong.family_name, huong.middle_name, huong.given_name) == ("Vũ", "Thị", "Hương")
    assert (huong.sex, huong.dues_category, huong.status) == ("female", "other", "probationary")
    dinh = members["Hờ Dính"]
    assert (dinh.middle_name, dinh.dues_category, dinh.dues_base) == (None, "insured", 7_340_000)


def test_two_line_header_refines_merged_admission_column(store, cell, tmp_path):
    rows = [["DANH SÁCH ĐẢNG VIÊN"],
            ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Ngày vào Đảng", None],
            [None, None, None, None, "Dự bị", "Chính thức"],
            ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
            [1, "Bùi Quang Trung", "13/01/1990", "Nam", "26/02/2009", "26/02/2010"]]
    report = import_file(store, cell.id, write_xlsx(tmp_path / "hai-dong.xlsx", rows),
                         today=TODAY)
    assert report.ok, report.render()
    assert report.header_row == 2
    assert [(m["column"], m["field"]) for m in report.mapping][-2:] == [
        ("E", "admitted_on"), ("F", "official_on")]
    assert [s["row"] for s in report.skipped_rows] == [4]  # the "(1) (2) ..." line
    trung = by_name(store, cell)["Bùi Quang Trung"]
    assert (trung.admitted_on, trung.official_on, trung.status) == ("2009-02-26", "2010-02-26",
                                                                   "official")


def test_name_header_merged_over_two_columns_and_untitled_data(store, cell, tmp_path):
    """Lists sorted by given name keep it in its own column under a merged header."""
    rows = [["DANH SÁCH ĐẢNG VIÊN"],
            ["STT", "Họ và tên", None, "Ngày sinh", "Giới tính", "Số CCCD"],
            [1, "Nguyễn Thị Thu", "Hà", "07/01/1970", "Nữ", "001170000244", "x"],
            [2, "Trần Hữu", "Tuấn", "21/07/1954", "Nam", "037054225127"],
            [], [None] * 9 + ["Gia Vân, ngày 20 tháng 11 năm 2026"]]
    path = tmp_path / "gop.xlsx"
    write_xlsx(path, rows)
    wb = openpyxl.load_workbook(path)
    wb.active.merge_cells("B2:C2")
    wb.save(path)
    report = import_file(store, cell.id, path, today=TODAY)
    assert report.ok, report.render()
    assert [(m["column"], m["field"]) for m in report.mapping][1:3] == [
        ("B", "family_and_middle"), ("C", "given_name")]
    # G has data and no header: listed; J holds only the signature line: not a column
    assert report.unknown_columns == [{"column": "G", "header": ""}]
    assert "G “không có tiêu đề”" in report.render()
    ha = by_name(store, cell)["Nguyễn Thị Thu Hà"]
    assert (ha.family_name, ha.middle_name, ha.given_name) == ("Nguyễn", "Thị Thu", "Hà")


def test_header_without_rows_is_an_error(store, cell, tmp_path):
    path = write_xlsx(tmp_path / "trong.xlsx", TITLE + [HEADER] + FOOTER)
    report = import_file(store, cell.id, path, today=TODAY)
    assert [(e.field, e.code) for e in report.errors] == [("file", "import_no_rows")]
    assert "không có dòng đảng viên nào dưới dòng tiêu đề (dòng 5)" in report.render()


def test_section_headings_and_totals_are_not_members(store, cell, tmp_path):
    rows = [["STT", "Họ và tên", "Ngày sinh", "Giới tính"],
            ["I", "Đảng viên chính thức"],
            [1, "Đỗ Thị Yến", "17/04/1946", "Nữ"],
            [None, "Tổ 2"],
            [2, "Tống Văn Sơn", "02/03/1998", "Nam"],
            [None, "Tổng số: 2 đảng viên"],
            [3, "Lê Văn Sau", "02/03/1998", "Nam"]]
    report = import_file(store, cell.id, write_xlsx(tmp_path / "muc.xlsx", rows), today=TODAY)
    assert report.ok, report.render()
    assert set(by_name(store, cell)) == {"Đỗ Thị Yến", "Tống Văn Sơn"}
    # the totals line ends the list; what follows it is reported, not imported
    assert [s["row"] for s in report.skipped_rows] == [2, 4, 6, 7]


def test_list_on_second_sheet_is_found(store, cell, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Hướng dẫn"
    wb.active.append(["Điền danh sách ở trang sau"])
    ws = wb.create_sheet("DS 2026")
    for row in [HEADER] + MEMBERS[:1]:
        ws.append(row)
    wb.save(tmp_path / "hai-trang.xlsx")
    report = import_file(store, cell.id, tmp_path / "hai-trang.xlsx", today=TODAY)
    assert report.ok and report.sheet == "DS 2026" and report.header_row == 1


# -- errors: named by row and field, and nothing written ----------------------------


def test_errors_name_sheet_row_and_field_and_nothing_is_written(store, cell, tmp_path):
    add_member(store, cell.id, family_name="Đặng", given_name="Hoa", today=TODAY)
    before = counts(store)
    bad = [list(r) for r in MEMBERS]
    bad[1][4] = 12345678  # row 7: an 8-digit number is no CCCD, even with zeros added
    bad[2][2] = "31/02/2003"  # row 8: no such day
    bad[3][8] = "Bộ đội xuất ngũ"  # row 9: a category nobody can guess
    no_name = [5, None, "01/01/1980", "Nam", None, None, None, None, "Hưu trí", "3.000.000"]
    report = import_file(store, cell.id, sample_list(tmp_path, bad + [no_name]), today=TODAY)

    assert not report.ok and report.created_ids == []
    assert {(e.row, e.field) for e in report.errors} == {
        (7, "national_id"), (8, "birth_date"), (9, "dues_category"), (10, "full_name")}
    assert counts(store) == before
    assert [m.full_name for m in list_members(store, cell.id)] == ["Đặng Hoa"]

    text = report.render()
    assert "Dòng 7 — Số CCCD (national_id): phải gồm đúng 12 chữ số [12345678]" in text
    assert "Dòng 8 — Ngày sinh (birth_date): phải là ngày hợp lệ (dd/mm/yyyy) [31/02/2003]" in text
    assert "Dòng 9 — Đối tượng đóng đảng phí (dues_category): không hiểu “Bộ đội xuất ngũ”" in text
    assert "Dòng 10 — Họ và tên (full_name): không được để trống" in text
    assert "CHƯA ghi gì" in text
    errors = json.loads(json.dumps(report.to_dict()))["errors"]
    assert {"row": 7, "field": "national_id", "code": "cccd_length",
            "message": "Số CCCD (national_id): phải gồm đúng 12 chữ số",
            "value": "12345678"} in errors

    set_language("en")
    assert "Row 7 — National ID (CCCD) (national_id): must be exactly 12 digits" in report.render()


def test_cccd_that_disagrees_with_birth_date_is_an_error(store, cell, tmp_path):
    wrong = [list(MEMBERS[0])]
    wrong[0][2] = dt.datetime(1971, 1, 7)  # the CCCD says born in '70
    report = import_file(store, cell.id, sample_list(tmp_path, wrong), today=TODAY)
    assert [(e.row, e.field, e.code) for e in report.errors] == [(6, "national_id", "cccd_year")]
    assert counts(store)[0] == 0


def test_one_word_name_is_reported_on_the_name_column(store, cell, tmp_path):
    row = [list(MEMBERS[2])]
    row[0][1] = "Mai"
    report = import_file(store, cell.id, sample_list(tmp_path, row), today=TODAY)
    assert [(e.row, e.field, e.code) for e in report.errors] == [(6, "full_name",
                                                                 "import_name_parts")]


def test_duplicate_cccd_in_file_names_both_rows(store, cell, tmp_path):
    twin = list(MEMBERS[0])
    twin[0], twin[1] = 5, "Nguyễn Thị Thu Hằng"
    report = import_file(store, cell.id, sample_list(tmp_path, MEMBERS + [twin]), today=TODAY)
    dupes = [e for e in report.errors if e.code == "import_duplicate_row"]
    assert [(e.row, e.field, e.params["rows"]) for e in dupes] == [
        (6, "national_id", "10"), (10, "national_id", "6")]
    assert len(report.errors) == 2 and counts(store)[0] == 0


def test_cccd_or_person_already_in_the_cell_is_an_error(store, cell, tmp_path):
    add_member(store, cell.id, family_name="Lê", middle_name="Thị", given_name="Thảo",
               sex="female", birth_date="1970-01-07", national_id="001170000244", today=TODAY)
    add_member(store, cell.id, family_name="Lý", middle_name="Kim", given_name="Mai",
               birth_date="2003-09-19", today=TODAY)
    no_cccd = [list(MEMBERS[2])]
    no_cccd[0][4] = None
    report = import_file(store, cell.id, sample_list(tmp_path, MEMBERS[:2] + no_cccd),
                         today=TODAY)
    assert [(e.row, e.field, e.code) for e in report.errors] == [
        (6, "national_id", "duplicate"), (8, "full_name", "import_same_person")]
    assert "đã có Lê Thị Thảo dùng giá trị này" in report.render()
    assert counts(store)[0] == 2


def test_dry_run_checks_and_reports_but_writes_nothing(store, cell, tmp_path):
    before = counts(store)
    report = import_file(store, cell.id, sample_list(tmp_path), dry_run=True, today=TODAY)
    assert report.ok and report.dry_run and report.rows_parsed == 4
    assert report.created_ids == [] and counts(store) == before
    assert report.to_dict()["dry_run"] is True
    assert "Chạy thử: 4 đảng viên hợp lệ" in report.render()
    # the same file for real, afterwards, goes in whole
    assert len(import_file(store, cell.id, sample_list(tmp_path), today=TODAY).created_ids) == 4


def test_importing_the_same_list_twice_is_refused(store, cell, tmp_path):
    path = sample_list(tmp_path)
    assert import_file(store, cell.id, path, today=TODAY).ok
    after_first = counts(store)
    again = import_file(store, cell.id, path, today=TODAY)
    assert not again.ok and {e.code for e in again.errors} == {"duplicate"}
    assert counts(store) == after_first


# -- CSV --------------------------------------------------------------------------

CSV_ROWS = [["DANH SÁCH ĐẢNG VIÊN CHI BỘ THÔN ĐÔNG"], [],
            ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Ngày vào Đảng",
             "Ngày chính thức", "Đối tượng đóng đảng phí", "Mức lương/lương hưu", "Số điện thoại",
             "Địa chỉ"],
            # Excel saving CSV has already dropped the leading zeros
            ["1", "Nguyễn Thị Thu Hà", "07/01/1970", "Nữ", "1170000244", "11/02/1989",
             "11/02/1990", "Hưởng lương", "11150000", "928159013", "Xóm Đông, Gia Vân"],
            ["2", "Đỗ Đình Việt", "02/03/1998", "Nam", "037098159211", "14/09/2017", "",
             "Nông dân, lao động tự do", "", "0980729022", "Xóm Bãi"],
            [], ["", "", "", "", "", "", "Gia Vân, ngày 20 tháng 11 năm 2026"]]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_utf8_with_each_delimiter(store, cell, tmp_path, delimiter):
    path = write_csv(tmp_path / "ds.csv", CSV_ROWS, delimiter=delimiter)
    report = import_file(store, cell.id, path, today=TODAY)
    assert report.ok, report.render()
    assert report.sheet is None and report.header_row == 3 and report.unknown_columns == []
    members = by_name(store, cell)
    assert set(members) == {"Nguyễn Thị Thu Hà", "Đỗ Đình Việt"}
    ha = members["Nguyễn Thị Thu Hà"]
    assert (ha.national_id, ha.phone, ha.address) == ("001170000244", "0928159013",
                                                      "Xóm Đông, Gia Vân")
    viet = members["Đỗ Đình Việt"]
    assert (viet.dues_category, viet.status) == ("other", "probationary")


def test_csv_in_windows_1258_with_semicolons(store, cell, tmp_path):
    path = write_csv(tmp_path / "ds.csv", CSV_ROWS, delimiter=";", encoding="cp1258")
    assert b"\xef\xbb\xbf" not in path.read_bytes()[:3]
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    report = import_file(store, cell.id, path, today=TODAY)
    assert report.ok, report.render()
    names = [m.full_name for m in list_members(store, cell.id)]
    # stored composed, as typed in the app, so search and sorting treat them alike
    assert names == ["Nguyễn Thị Thu Hà", "Đỗ Đình Việt"]
    assert all(unicodedata.is_normalized("NFC", n) for n in names)
    assert [m.full_name for m in list_members(store, cell.id, search="nguyen thu ha")] == [
        "Nguyễn Thị Thu Hà"]


# -- files that are not lists -----------------------------------------------------


@pytest.mark.parametrize(("name", "says"), [
    ("ds.xls", "Excel 97-2003 (.xls)"), ("ds.docx", "loại tệp “.docx”"),
    ("ds.ods", "loại tệp “.ods”")])
def test_unsupported_file_type_is_named(store, cell, tmp_path, name, says):
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0 not a list")
    report = import_file(store, cell.id, path)
    assert not report.ok and [e.field for e in report.errors] == ["file"]
    assert says in report.render()
    assert counts(store)[0] == 0


def test_broken_xlsx_and_missing_file_are_reported(store, cell, tmp_path):
    (tmp_path / "hong.xlsx").write_bytes(b"this is not a zip file")
    broken = import_file(store, cell.id, tmp_path / "hong.xlsx")
    assert [e.code for e in broken.errors] == ["import_not_xlsx"]
    missing = import_file(store, cell.id, tmp_path / "khong-co.xlsx")
    assert [e.code for e in missing.errors] == ["import_not_found"]


def test_sheet_without_header_or_name_column(store, cell, tmp_path):
    notes = write_xlsx(tmp_path / "ghichu.xlsx", [["Biên bản họp"], ["Nội dung", "Kết luận"]])
    report = import_file(store, cell.id, notes)
    assert [e.code for e in report.errors] == ["import_no_header"]
    assert "không thấy dòng tiêu đề" in report.render()
    nameless = write_xlsx(tmp_path / "khongten.xlsx", [["STT", "Ngày sinh", "Số CCCD", "Ghi chú"]])
    report = import_file(store, cell.id, nameless)
    assert [(e.row, e.code) for e in report.errors] == [(1, "import_no_name_column")]


# -- the words lists use ----------------------------------------------------------


@pytest.mark.parametrize(("words", "category"), [
    ("Hưởng lương", "insured"), ("lương", "insured"), ("Đóng BHXH", "insured"),
    ("Công chức", "insured"), ("Hưu trí", "pensioner"), ("Hưởng lương hưu", "pensioner"),
    ("Học sinh, sinh viên", "student"), ("Nông dân, lao động tự do", "other"),
    ("Không có thu nhập", "other"), ("Không hưởng lương", "other"), ("pensioner", "pensioner"),
    ("Bộ đội xuất ngũ", None)])
def test_dues_category_words(words, category):
    assert to_dues_category(words) == category


@pytest.mark.parametrize(("header", "key"), [
    ("Số CCCD/CMND", "national_id"), ("SỐ ĐỊNH DANH CÁ NHÂN", "national_id"),
    ("Ngày vào Đảng chính thức", "official_on"), ("Ngày kết nạp", "admitted_on"),
    ("Ngày, tháng, năm sinh", "birth_date"), ("Họ khẩu thường trú", None), ("Tôn giáo", None),
    ("Mức lương/lương hưu\n(đồng)", "dues_base"), ("Mức đóng đảng phí", None),
    ("Số thẻ BHYT", None), ("Đối tượng chính sách", None), ("Số thẻ", "party_card")])
def test_header_words(header, key):
    assert match_header(header) == key


# -- the real list and the command line -------------------------------------------


def _sample_script():
    import importlib.util

    path = ROOT / "scripts" / "make_sample_list.py"
    spec = importlib.util.spec_from_file_location("make_sample_list", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_sample_list_in_the_repository(store, cell):
    """The list shipped for people to try the import on (resources/samples/), laid out
    as cells' lists are: merged title cells, header on row 5, text and Excel dates,
    a date and signature under the list. Made-up people."""
    path = ROOT / "resources" / "samples" / "danh-sach-dang-vien-mau.xlsx"
    report = import_file(store, cell.id, path, today=TODAY)
    assert report.ok, report.render()
    assert report.header_row == 5 and report.rows_parsed == 12
    assert report.unknown_columns == []  # every column is one the import knows
    members = by_name(store, cell)
    assert len(members) == 12
    minh = members["Lê Quang Minh"]  # dates written as Excel dates
    assert (minh.family_name, minh.middle_name, minh.given_name) == ("Lê", "Quang", "Minh")
    assert (minh.birth_date, minh.admitted_on, minh.official_on) == \
        ("1976-11-21", "2001-09-02", "2002-09-02")
    trang = members["Đặng Thị Thu Trang"]
    assert (trang.middle_name, trang.given_name, trang.notes) == ("Thị Thu", "Trang",
                                                                 "Chuyển đến tháng 3/2024")
    binh = members["Nguyễn Văn Bình"]  # dates typed as text; CCCD and phone kept as text
    assert (binh.birth_date, binh.national_id, binh.phone) == ("1952-03-12", "001052107919",
                                                               "0912613487")
    assert (binh.dues_category, binh.dues_base) == ("pensioner", 6_200_000)
    categories = [m.dues_category for m in members.values()]
    assert {c: categories.count(c) for c in set(categories)} == {
        "pensioner": 3, "insured": 5, "other": 3, "student": 1}
    statuses = [m.status for m in members.values()]
    assert statuses.count("official") == 11
    assert members["Mai Thị Phương"].status == "probationary"


def _values(sheet) -> list[list]:
    def plain(v):  # a date cell reads back as a datetime at midnight
        return v.date() if isinstance(v, dt.datetime) else v

    return [[plain(c.value) for c in row] for row in sheet.iter_rows()]


def test_the_sample_list_is_what_its_script_makes():
    """scripts/make_sample_list.py regenerates the shipped file: same cells, same merges."""
    shipped = openpyxl.load_workbook(ROOT / "resources" / "samples" / "danh-sach-dang-vien-mau.xlsx")
    made = _sample_script().build()
    for a, b in zip(shipped.worksheets, made.worksheets, strict=True):
        assert a.title == b.title
        assert sorted(map(str, a.merged_cells.ranges)) == sorted(map(str, b.merged_cells.ranges))
        assert _values(a) == _values(b)
        assert any(str(r) == "A1:D1" for r in a.merged_cells.ranges)  # merged title cells


def test_cli_import_json_exit_codes(cli, tmp_path):
    assert cli("init", "--cell-name", "Chi bộ Thôn Đông")[0] == 0
    bad = [list(r) for r in MEMBERS]
    bad[0][2] = "07/13/1970"
    code, out, _ = cli("members", "import", str(sample_list(tmp_path, bad, "sai.xlsx")), "--json")
    result = json.loads(out)
    assert code == 2 and result["ok"] is False and result["created"] == 0
    assert [(e["row"], e["field"]) for e in result["errors"]] == [(6, "birth_date")]
    assert json.loads(cli("members", "list", "--json")[1]) == []

    good = str(sample_list(tmp_path))
    code, out, _ = cli("members", "import", good, "--json", "--dry-run")
    assert code == 0 and json.loads(out)["dry_run"] is True
    assert json.loads(cli("members", "list", "--json")[1]) == []

    code, out, _ = cli("members", "import", good, "--json")
    result = json.loads(out)
    assert code == 0 and result["ok"] is True and result["created"] == 4
    listed = json.loads(cli("members", "list", "--json")[1])
    assert sorted(m["id"] for m in listed) == sorted(result["created_ids"])

    code, out, _ = cli("--lang", "en", "members", "import", good)
    assert code == 2 and "Row 6 — National ID (CCCD) (national_id): is already used by" in out
