"""The CLI: init, members, exit codes; and the real console script as a process."""

from __future__ import annotations

import json
import subprocess

from tests.conftest import CELLCLIENT, subprocess_env

ANH = ["--family-name", "Nguyễn", "--middle-name", "Văn", "--given-name", "Ánh", "--sex", "male",
       "--birth-date", "04/05/1980", "--national-id", "001080123456", "--party-card", "15032582",
       "--admitted", "01/03/2005", "--dues-category", "insured", "--dues-base", "5.000.000"]


def test_init_add_list_show_edit_remove(cli):
    code, cell_id, _ = cli("init", "--cell-name", "Chi bộ Thôn Đông")
    assert code == 0 and cell_id.strip()
    code, out, _ = cli("members", "add", *ANH)
    member_id = out.strip()
    assert code == 0 and len(member_id) == 36
    code, out, _ = cli("members", "list", "--json")
    listed = json.loads(out)
    assert [(m["id"], m["full_name"], m["national_id"], m["status"]) for m in listed] == [
        (member_id, "Nguyễn Văn Ánh", "001080123456", "probationary")]
    assert listed[0]["dues_base"] == 5_000_000 and listed[0]["birth_date"] == "1980-05-04"
    code, out, _ = cli("members", "list", "--search", "nguyen van anh")
    assert code == 0 and "Nguyễn Văn Ánh" in out
    assert cli("members", "edit", member_id, "--phone", "0912 345 678")[0] == 0
    code, out, _ = cli("members", "show", member_id, "--json")
    assert json.loads(out)["phone"] == "0912345678"
    assert cli("members", "remove", member_id)[0] == 0
    assert json.loads(cli("members", "list", "--json")[1]) == []


def test_bad_cccd_exits_2_naming_the_field_and_saves_nothing(cli):
    cli("init", "--cell-name", "Chi bộ A")
    _, before, _ = cli("changes", "--json")
    code, out, err = cli("members", "add", *ANH[:-6], "--national-id", "00108012345")
    assert code == 2 and out == ""
    assert "national_id" in err and "Số CCCD" in err
    assert cli("changes", "--json")[1] == before
    assert json.loads(cli("members", "list", "--json")[1]) == []


def test_english_messages(cli):
    cli("init", "--cell-name", "Chi bộ A")
    code, _, err = cli("--lang", "en", "members", "add", "--given-name", "X")
    assert code == 2 and "Family name (family_name): is required" in err


def test_unknown_member_id_is_bad_input(cli):
    cli("init", "--cell-name", "Chi bộ A")
    code, _, err = cli("members", "show", "01a217f0-0000-7000-8000-000000000000")
    assert code == 2 and "Không tìm thấy" in err


def test_no_profile_says_how_to_make_one(cli):
    code, _, err = cli("members", "list")
    assert code == 1 and "cellclient init" in err


def test_init_twice_is_refused(cli):
    assert cli("init", "--cell-name", "A")[0] == 0
    code, _, err = cli("init", "--cell-name", "B")
    assert code == 1 and "Đã có dữ liệu" in err


def test_unsent_changes_are_listed(cli):
    cli("init", "--cell-name", "Chi bộ A")
    member_id = cli("members", "add", *ANH)[1].strip()
    changes = json.loads(cli("changes", "--unsent", "--json")[1])
    mine = [c for c in changes if c["row"] == member_id]
    assert {c["field"] for c in mine} >= {"family_name", "national_id"}
    assert all(c["hlc"] and c["base"] is None for c in mine)


def test_console_script_runs_as_a_process_with_a_passphrase(tmp_path):
    env = subprocess_env()
    base = [*CELLCLIENT, "--data-dir", str(tmp_path / "p")]
    r = subprocess.run([*base, "init", "--cell-name", "Chi bộ A"], env=env, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "mật khẩu" in r.stderr  # says the passphrase path was taken, and why
    r = subprocess.run([*base, "members", "add", *ANH], env=env, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([*base, "members", "list", "--json"], env={**env, "CELLCLIENT_PASSPHRASE":
                       "wrong-passphrase"}, capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "Sai mật khẩu" in r.stderr and r.stdout == ""


def test_init_with_a_bad_name_makes_nothing(cli):
    code, _, err = cli("init", "--cell-name", "   ")
    assert code == 2 and "name" in err
    assert not cli.data_dir.exists() or not any(cli.data_dir.iterdir())
    assert cli("init", "--cell-name", "Chi bộ A")[0] == 0


def test_huge_numbers_are_bad_input_not_a_crash(cli):
    cli("init", "--cell-name", "Chi bộ A")
    code, _, err = cli("members", "add", *ANH[:-2], "--dues-base", "9" * 25)
    assert code == 2 and "dues_base" in err


def test_a_missing_data_file_is_never_replaced_by_an_empty_one(cli):
    cli("init", "--cell-name", "Chi bộ A")
    (cli.data_dir / "cellclient.db").rename(cli.data_dir / "moved-away.db")
    code, _, err = cli("members", "list")
    assert code == 1 and "Không thấy tệp dữ liệu" in err
    assert not (cli.data_dir / "cellclient.db").exists()


def test_a_damaged_settings_file_is_a_clear_error(cli):
    cli("init", "--cell-name", "Chi bộ A")
    (cli.data_dir / "profile.json").write_text("{bad", encoding="utf-8")
    code, _, err = cli("members", "list")
    assert code == 1 and "bị hỏng" in err and "Traceback" not in err


def test_a_locked_database_is_a_clear_error(cli, monkeypatch):
    from cellclient import db as dbmod

    cli("init", "--cell-name", "Chi bộ A")
    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 100)
    from cellclient import profile as profiles

    _, holder = profiles.open_store(cli.data_dir)
    try:
        with holder.transaction():  # another window holds the write lock
            code, _, err = cli("members", "add", "--family-name", "Lê", "--given-name", "Hoa")
    finally:
        holder.close()
    assert code == 1 and "đang được một cửa sổ hay lệnh khác ghi" in err


def test_demo_sizes_are_checked(cli):
    code, _, err = cli("demo", "--members", "1")
    assert code == 2 and "members" in err
    assert not (cli.data_dir / "profile.json").exists()


def test_data_dir_comes_from_flag_then_environment_then_platform(tmp_path, monkeypatch):
    import platformdirs

    from cellclient.paths import data_dir

    monkeypatch.setenv("CELLCLIENT_DATA_DIR", str(tmp_path / "env"))
    assert data_dir(tmp_path / "flag") == (tmp_path / "flag").resolve()
    assert data_dir() == (tmp_path / "env").resolve()
    monkeypatch.delenv("CELLCLIENT_DATA_DIR")
    assert str(data_dir()) == platformdirs.user_data_dir("cellclient", appauthor=False)
