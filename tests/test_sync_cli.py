"""``cellclient enroll``, ``sync``, ``status`` and ``conflicts`` as a person types them."""

from __future__ import annotations

import json
import re

import pytest

from cellclient.cli import run
from cellclient.replica import count_unsent
from cellclient.store import Store
from tests import sync_fixtures
from tests.pg import free_port

server, prov = sync_fixtures.server, sync_fixtures.prov


@pytest.fixture
def cellclient(tmp_path, capsys):
    """``cellclient("a", "sync")``: run the CLI on profile folder ``a``; (code, out, err)."""

    def call(profile: str, *argv: str):
        code = run(["--data-dir", str(tmp_path / profile), *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return call


def _enroll(cellclient, server, prov, profile: str, cell: str, role: str = "secretary"):
    username = prov.user(role, cell)
    code, out, err = cellclient(profile, "enroll", "--server", server.url, "--username",
                                username, "--code", prov.code(username), "--device-name",
                                "Máy của chi bộ")
    assert code == 0, err
    assert role in out and server.url in out
    return username


def _open(tmp_path, profile: str) -> Store:
    from cellclient import profile as profiles

    return profiles.open_store(tmp_path / profile)[1]


def test_two_profiles_enroll_sync_and_settle_a_conflict_from_the_command_line(
        cellclient, server, prov, tmp_path):
    cell = prov.cell()
    _enroll(cellclient, server, prov, "a", cell)
    _enroll(cellclient, server, prov, "b", cell, "deputy")
    code, out, err = cellclient("a", "sync")
    assert code == 0 and "Đang nhận về" in err and "Đã đồng bộ" in out
    code, member_id, err = cellclient("a", "members", "add", "--family-name", "Lê",
                                      "--given-name", "Hoa", "--phone", "0911111111")
    assert code == 0, err
    member_id = member_id.strip()
    code, out, err = cellclient("a", "sync")
    assert code == 0 and "Đang gửi" in err and "gửi " in out
    assert cellclient("b", "sync")[0] == 0
    assert cellclient("a", "members", "edit", member_id, "--phone", "0922222222")[0] == 0
    assert cellclient("b", "members", "edit", member_id, "--phone", "0933333333")[0] == 0
    assert cellclient("a", "sync")[0] == 0
    code, out, err = cellclient("b", "sync")
    assert code == 0 and "1 xung đột cần xem" in err
    code, out, _ = cellclient("b", "conflicts", "list", "--json")
    (conflict,) = json.loads(out)
    assert (conflict["mine"], conflict["theirs"]) == ("0933333333", "0922222222")
    code, out, _ = cellclient("b", "conflicts", "list")
    assert "Lê Hoa" in out and "0933333333" in out and "0922222222" in out
    assert cellclient("b", "conflicts", "resolve", conflict["id"], "--keep", "theirs")[0] == 0
    assert cellclient("b", "conflicts", "resolve", conflict["id"], "--keep", "mine")[0] == 1
    assert cellclient("b", "sync")[0] == 0
    assert cellclient("a", "sync")[0] == 0
    for profile in ("a", "b"):
        assert json.loads(cellclient(profile, "conflicts", "list", "--json")[1]) == []
        shown = json.loads(cellclient(profile, "members", "show", member_id, "--json")[1])
        assert shown["phone"] == "0922222222"
    code, out, _ = cellclient("b", "status", "--json")
    status = json.loads(out)
    assert status["enrolled"] and status["server_url"] == server.url
    assert status["role"] == "deputy" and status["scope"] == [cell]
    assert (status["unsent"], status["open_conflicts"], status["rejected"]) == (0, 0, [])
    assert status["last_sync_at"] and status["last_report"]["ok"] is True


def test_sync_exits_3_when_the_server_cannot_be_reached_and_loses_nothing(
        cellclient, server, prov, tmp_path):
    from cellclient import profile as profiles

    cell = prov.cell()
    _enroll(cellclient, server, prov, "a", cell)
    assert cellclient("a", "sync")[0] == 0
    for name in ("An", "Bình"):
        assert cellclient("a", "members", "add", "--family-name", "Lê", "--given-name", name)[0] == 0
    store = _open(tmp_path, "a")
    waiting = count_unsent(store)
    store.close()
    profile = profiles.load(tmp_path / "a")
    profile.server_url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    profiles.save(tmp_path / "a", profile)
    code, out, err = cellclient("a", "sync", "--retry-budget", "2.5")
    assert code == 3
    assert "Thử lại sau 1 giây (không mở được kết nối)" in err  # the wait is shown
    assert f"{waiting} thay đổi đang chờ gửi" in err and "không mất gì" in err
    code, out, _ = cellclient("a", "status")
    assert f"Thay đổi chưa gửi: {waiting}" in out and "không xong" in out
    profile.server_url = server.url
    profiles.save(tmp_path / "a", profile)
    assert cellclient("a", "sync")[0] == 0
    code, out, _ = cellclient("a", "status", "--json")
    assert json.loads(out)["unsent"] == 0


def test_enroll_refuses_bad_input_before_using_the_code(cellclient, server, prov, tmp_path):
    cell = prov.cell()
    username = prov.user("secretary", cell)
    code = prov.code(username)
    result = cellclient("a", "enroll", "--server", "http://dongbo.example.vn", "--username",
                        username, "--code", code)
    assert result[0] == 2 and "https://" in result[2]
    result = cellclient("a", "enroll", "--server", server.url, "--username", username,
                        "--code", code, "--ca-bundle", str(tmp_path / "missing.pem"))
    assert result[0] == 2 and "missing.pem" in result[2]
    result = cellclient("a", "enroll", "--server", server.url, "--username", username,
                        "--code", "AAAA-BBBB-CCCC")
    assert result[0] == 1 and "mã" in result[2]
    # The right code still works: nothing above spent it.
    assert cellclient("a", "enroll", "--server", server.url, "--username", username,
                      "--code", code)[0] == 0


def test_too_many_wrong_codes_are_told_to_wait(cellclient, server, prov):
    username = prov.user("secretary", prov.cell())
    for _ in range(5):
        assert cellclient("a", "enroll", "--server", server.url, "--username", username,
                          "--code", "AAAA-BBBB-CCCC")[0] == 1
    code, _, err = cellclient("a", "enroll", "--server", server.url, "--username", username,
                              "--code", "AAAA-BBBB-CCCC")
    assert code == 1 and "đợi" in err and "giây" in err


def test_a_cell_made_offline_joins_the_server_under_its_own_id(cellclient, server, prov):
    assert cellclient("a", "init", "--cell-name", "Chi bộ làm trên máy")[0] == 0
    assert cellclient("a", "members", "add", "--family-name", "Đỗ", "--given-name", "Lan")[0] == 0
    status = cellclient("a", "status")[1]
    [cell_id] = re.findall(r"Chi bộ làm trên máy \(([0-9a-f-]{36})\)", status)
    # A user of some other cell: refused, and the profile is left as it was.
    stranger = prov.user("secretary", prov.cell())
    code, _, err = cellclient("a", "enroll", "--server", server.url, "--username", stranger,
                              "--code", prov.code(stranger))
    assert code == 1 and cell_id in err and "chưa được đăng ký trên máy chủ" in err
    assert "chưa kết nối" in cellclient("a", "status")[1]
    # The administrator adds the cell under the id the secretary sent.
    assert server.admin("cells", "add", "--name", "Chi bộ Thôn Nam", "--id", cell_id).strip() \
        == cell_id
    # Its treasurer could send only the dues: the whole history needs a secretary.
    treasurer = prov.user("treasurer", cell_id)
    code, _, err = cellclient("a", "enroll", "--server", server.url, "--username", treasurer,
                              "--code", prov.code(treasurer))
    assert code == 1 and "bí thư" in err and "treasurer" in err
    assert "chưa kết nối" in cellclient("a", "status")[1]
    username = prov.user("secretary", cell_id)
    assert cellclient("a", "enroll", "--server", server.url, "--username", username,
                      "--code", prov.code(username))[0] == 0
    assert cellclient("a", "sync")[0] == 0
    exported = prov.export(cell_id)
    assert [m["given_name"] for m in exported["tables"]["member"].values()] == ["Lan"]


def test_sync_without_enrollment_says_how_to_enroll(cellclient):
    assert cellclient("a", "init", "--cell-name", "Chi bộ A")[0] == 0
    code, _, err = cellclient("a", "sync")
    assert code == 1 and "cellclient enroll" in err
    code, out, _ = cellclient("a", "status")
    assert code == 0 and "Máy chủ: chưa kết nối" in out and "chưa đăng ký" in out


def test_importing_the_cli_loads_neither_http_nor_the_sync_package():
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = ("import sys, cellclient.cli, cellclient.services.conflicts;"
            "bad = [m for m in ('sync', 'requests', 'urllib3', 'PySide6') if m in sys.modules];"
            "print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         check=True).stdout.strip()
    assert out == "[]"
    code = ("import sys, sync.client, sync.desktop, sync.enroll;"
            "print([m for m in ('PySide6', 'ui') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         check=True).stdout.strip()
    assert out == "[]"
