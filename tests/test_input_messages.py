"""Messages about bad input, through the real command line: they name the field and
the value compared, never repeat a huge value, and refuse control characters."""

from __future__ import annotations

import csv
import json

import openpyxl
import pytest

NAMED = ["--family-name", "Trần", "--given-name", "An", "--sex", "male",
         "--birth-date", "04/05/1980"]


@pytest.fixture
def cell_cli(cli):
    code, _, err = cli("init", "--cell-name", "Chi bộ Thôn Đông")
    assert code == 0, err
    return cli


def members(cli) -> list[dict]:
    code, out, err = cli("members", "list", "--json")
    assert code == 0, err
    return json.loads(out)


def write_xlsx(path, rows):
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return str(path)


def write_csv(path, rows):
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    return str(path)


HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD"]


# -- dates compared ----------------------------------------------------------------


def test_official_before_admission_names_the_admission_when_no_ceremony(cell_cli):
    code, out, err = cell_cli("members", "add", *NAMED, "--admitted", "01/03/2005",
                              "--official", "01/01/2005")
    assert code == 2 and out == ""
    assert "(official_on)" in err and "Ngày vào Đảng (quyết định kết nạp) (01/03/2005)" in err
    assert "lễ kết nạp" not in err
    code, _, err = cell_cli("members", "add", *NAMED, "--admitted", "01/03/2005",
                            "--ceremony", "20/03/2005", "--official", "10/03/2005")
    assert code == 2 and "Ngày lễ kết nạp (20/03/2005)" in err
    code, _, err = cell_cli("--lang", "en", "members", "add", *NAMED, "--admitted", "01/03/2005",
                            "--official", "01/01/2005")
    assert "cannot be before Admission decision date (01/03/2005)" in err
    assert members(cell_cli) == []


# -- control characters in one-line fields -----------------------------------------


@pytest.mark.parametrize(("flag", "field", "value"), [
    ("--given-name", "given_name", "An\x07"),
    ("--family-name", "family_name", "Trần\nNguyễn"),
    ("--middle-name", "middle_name", "Văn\tThị"),
    ("--phone", "phone", "0912\n345678"),
    ("--party-card", "party_card", "1503\x1b2582"),
    ("--national-id", "national_id", "001080\x7f123456"),
    ("--ethnicity", "ethnicity", "Ki\x85nh"),  # a C1 control (NEL)
])
def test_control_characters_are_refused_naming_the_field(cell_cli, flag, field, value):
    argv = [a for a in NAMED]
    if flag in argv:
        i = argv.index(flag)
        del argv[i:i + 2]
    code, out, err = cell_cli("members", "add", *argv, flag, value)
    assert code == 2 and out == ""
    assert f"({field}): không được chứa ký tự điều khiển" in err
    assert members(cell_cli) == []


def test_control_characters_are_refused_on_edit_too(cell_cli):
    code, out, _ = cell_cli("members", "add", *NAMED)
    member_id = out.strip()
    code, _, err = cell_cli("--lang", "en", "members", "edit", member_id,
                            "--given-name", "An\r\nB")
    assert code == 2 and "(given_name): must not contain control characters" in err
    assert [m["given_name"] for m in members(cell_cli)] == ["An"]


def test_import_refuses_control_characters_in_names(cell_cli, tmp_path):
    xlsx = write_xlsx(tmp_path / "ds.xlsx", [HEADER, [1, "Nguyễn Văn\nAn", "04/05/1980", "Nam"],
                                             [2, "Trần Thị Bình", "05/06/1981", "Nữ"]])
    code, out, _ = cell_cli("members", "import", xlsx, "--json")
    report = json.loads(out)
    assert code == 2 and report["created"] == 0
    assert [(e["row"], e["field"], e["code"]) for e in report["errors"]] == [
        (2, "full_name", "control_chars")]
    assert report["errors"][0]["value"] == "Nguyễn Văn␊An"
    # CSV cells can hold any character at all
    bell = write_csv(tmp_path / "ds.csv", [HEADER + ["Dân tộc"],
                                           ["1", "Nguyễn Văn An", "04/05/1980", "Nam", "", "Kinh"],
                                           ["2", "Trần\x07Bình", "05/06/1981", "Nữ", "", "Tày\x1b"]])
    code, out, _ = cell_cli("members", "import", bell)
    assert code == 2
    assert "Dòng 3 — Họ và tên (full_name): không được chứa ký tự điều khiển" in out
    assert "Dòng 3 — Dân tộc (ethnicity): không được chứa ký tự điều khiển" in out
    assert "[Trần␇Bình]" in out and "\x07" not in out and "\x1b" not in out
    assert members(cell_cli) == []


# -- huge values ----------------------------------------------------------------------


def test_a_huge_name_in_an_import_is_too_long_and_not_echoed(cell_cli, tmp_path):
    huge = "Nguyễn Văn " + "A" * 30_000
    path = write_xlsx(tmp_path / "ds.xlsx", [HEADER, [1, huge, "04/05/1980", "Nam"],
                                             [2, "B" * 30_000, "05/06/1981", "Nữ"]])
    code, out, _ = cell_cli("members", "import", path)
    assert code == 2
    assert "Dòng 2 — Họ và tên (full_name): quá dài: phần “Tên” được tối đa 50 ký tự" in out
    assert "Dòng 3 — Họ và tên (full_name): quá dài" in out
    assert "phải ghi đủ họ và tên" not in out
    assert "A" * 61 not in out and "B" * 61 not in out and len(out) < 3000
    code, out, _ = cell_cli("--lang", "en", "members", "import", path, "--json")
    errors = json.loads(out)["errors"]
    assert [(e["row"], e["code"]) for e in errors] == [(2, "import_name_part_too_long"),
                                                       (3, "import_name_part_too_long")]
    assert "at most 50 characters" in errors[0]["message"]
    assert all(len(e["value"]) <= 61 for e in errors) and len(out) < 5000
    assert members(cell_cli) == []


# -- files that are not spreadsheets --------------------------------------------------


def test_a_file_that_is_not_xlsx_says_so_and_names_it(cell_cli, tmp_path):
    fake = tmp_path / "danh-sach.xlsx"
    fake.write_text("Họ và tên, Ngày sinh\n", encoding="utf-8")
    code, out, _ = cell_cli("members", "import", str(fake))
    assert code == 2
    assert "“danh-sach.xlsx” không phải tệp Excel .xlsx" in out and "zip" not in out.lower()
    code, out, _ = cell_cli("--lang", "en", "members", "import", str(fake))
    assert "“danh-sach.xlsx” is not an Excel .xlsx file" in out

    pdf = tmp_path / "bao-cao.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    code, out, _ = cell_cli("--lang", "vi", "members", "import", str(pdf))
    assert code == 2 and "“bao-cao.pdf”" in out and "Excel (.xlsx) hoặc CSV" in out
    assert members(cell_cli) == []
