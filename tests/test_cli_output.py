"""What the command line prints: help and errors once, quiet pipes, localised
listings, exit codes, and the passphrase asked for on a real terminal."""

from __future__ import annotations

import argparse
import json
import os
import select
import signal
import subprocess
import time

import pytest

from cellclient import __version__
from cellclient.cli import build_parser, run
from tests.conftest import CELLCLIENT, TEST_PASSPHRASE, subprocess_env


def cellclient(*argv: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    """The console script as a real process (``python -m ui`` is ``cellclient``)."""
    return subprocess.run([*CELLCLIENT, *argv], env=env or subprocess_env(), capture_output=True,
                          text=True, timeout=60, **kwargs)


# -- help, version and usage errors: printed once --------------------------------


def test_help_version_and_usage_errors_print_once():
    r = cellclient("--help")  # no command: still the help, not the window
    assert r.returncode == 0 and r.stderr == ""
    assert r.stdout.count("usage: cellclient") == 1 and r.stdout.count("profile folder") == 1

    r = cellclient("--version")
    assert r.returncode == 0 and r.stdout == f"cellclient {__version__}\n"

    r = cellclient("members", "add", "--bogus")
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.count("unrecognized arguments: --bogus") == 1
    assert r.stderr.count("usage:") == 1

    r = cellclient("dues", "--help")
    assert r.returncode == 0 and r.stdout.count("usage: cellclient dues") == 1


def _commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()):
    """Every command path of the parser tree: (), ("members",), ("members", "add"), ..."""
    yield prefix
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, (*prefix, name))


COMMANDS = list(_commands(build_parser()))


def test_the_parser_tree_is_walked():
    assert ("dues", "settings") in COMMANDS and ("members", "import") in COMMANDS
    assert len(COMMANDS) > 30


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "cellclient")
def test_every_command_has_a_working_help(command, capsys):
    with pytest.raises(SystemExit) as done:
        run([*command, "--help"])
    out, err = capsys.readouterr()
    assert done.value.code == 0, err
    assert out.startswith("usage: cellclient") and err == ""


# -- output into a pipe that closes early ---------------------------------------


def test_a_reader_that_stops_early_gets_no_error(tmp_path):
    env = subprocess_env()
    base = ["--data-dir", str(tmp_path / "p")]
    assert cellclient(*base, "demo", "--members", "10", "--months", "3").returncode == 0
    # The change log of the demo is far larger than a pipe's buffer (64 KB).
    proc = subprocess.Popen([*CELLCLIENT, *base, "changes"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout.readline().startswith(b"seq")
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert err == ""  # neither "Broken pipe" nor an "Exception ignored" from the exit flush
    assert proc.returncode not in (0, 1)  # 141, as for a process stopped by SIGPIPE


# -- listings in the language of the messages -----------------------------------


@pytest.fixture
def ledger_cli(cli):
    """A cell with an official and a probationary member and one cash payment."""
    assert cli("init", "--cell-name", "Chi bộ Thôn Đông")[0] == 0
    ids = {}
    for given, status in (("An", "official"), ("Bình", "probationary")):
        code, out, err = cli("members", "add", "--family-name", "Trần", "--middle-name", "Văn",
                             "--given-name", given, "--admitted", "02/09/2001",
                             "--status", status, "--dues-category", "insured",
                             "--dues-base", "17.900.000")
        assert code == 0, err
        ids[given] = out.strip()
    code, out, err = cli("dues", "pay", "--member", ids["An"], "--month", "2026-03",
                         "--amount", "179000", "--date", "2026-04-02", "--receipt", "BL-7")
    assert code == 0, err
    cli.ids = ids
    return cli


def test_vietnamese_listings_show_words_not_codes(ledger_cli):
    cli, ids = ledger_cli, ledger_cli.ids
    code, out, _ = cli("members", "list")
    assert code == 0 and "Chính thức" in out and "Dự bị" in out and "Tình trạng" in out
    assert "official" not in out and "probationary" not in out

    code, out, _ = cli("members", "show", ids["Bình"])
    assert code == 0 and "Tình trạng: Dự bị" in out and "Ngày vào Đảng" in out
    assert "02/09/2001" in out and "17.900.000 ₫" in out
    assert "probationary" not in out and "insured" not in out and "2001-09-02" not in out

    code, out, _ = cli("dues", "payments")
    assert code == 0 and "Trần Văn An" in out and "Tiền mặt" in out and "179.000 ₫" in out
    assert "02/04/2026" in out and "03/2026" in out
    assert ids["An"] not in out and "cash" not in out


def test_english_listings_and_money(ledger_cli):
    cli = ledger_cli
    code, out, _ = cli("--lang", "en", "dues", "payments")
    assert code == 0 and "179,000 ₫" in out and "Cash" in out and "Trần Văn An" in out
    assert "02/04/2026" in out  # dates stay dd/mm/yyyy
    code, out, _ = cli("--lang", "en", "members", "list")
    assert "Official" in out and "Probationary" in out
    code, out, _ = cli("--lang", "en", "dues", "report", "--month", "2026-03")
    assert code == 0 and "179,000 ₫" in out and "179.000" not in out


def test_json_keeps_the_codes_and_the_member_id(ledger_cli):
    cli, ids = ledger_cli, ledger_cli.ids
    payments = json.loads(cli("dues", "payments", "--json")[1])
    assert [(p["member_id"], p["method"], p["amount"]) for p in payments] == [
        (ids["An"], "cash", 179_000)]
    members = json.loads(cli("--lang", "en", "members", "list", "--json")[1])
    assert sorted(m["status"] for m in members) == ["official", "probationary"]


# -- exit codes -------------------------------------------------------------------


def test_a_short_passphrase_is_bad_input_and_makes_nothing(tmp_path):
    profile = tmp_path / "p"
    r = cellclient("--data-dir", str(profile), "init", "--cell-name", "Chi bộ A",
                   env=subprocess_env(CELLCLIENT_PASSPHRASE="ngan"))
    assert r.returncode == 2 and "ít nhất 8 ký tự" in r.stderr and r.stdout == ""
    assert not profile.exists() or not any(profile.iterdir())


# -- the passphrase on a terminal ---------------------------------------------------


class Terminal:
    """A command run on a pseudo-terminal, as a person at a keyboard runs it:
    getpass reads from the controlling terminal, never from a pipe."""

    def __init__(self, argv: list[str], env: dict):
        self.pid, self.fd = os.forkpty()
        if self.pid == 0:  # the child: become the command
            try:
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        self.seen = ""

    def expect(self, text: str, timeout: float = 30) -> str:
        """Everything printed up to and including ``text``."""
        end = time.monotonic() + timeout
        while text not in self.seen:
            left = end - time.monotonic()
            if left <= 0 or not self._read(left):
                raise AssertionError(f"{text!r} never came; the terminal shows {self.seen!r}")
        before, _, after = self.seen.partition(text)
        self.seen = after
        return before + text

    def type(self, line: str) -> None:
        os.write(self.fd, line.encode() + b"\r")

    def finish(self, timeout: float = 60) -> tuple[int, str]:
        end = time.monotonic() + timeout
        while time.monotonic() < end and self._read(end - time.monotonic()):
            pass
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status), self.seen

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.fd, 4096)
        except OSError:  # EIO: the child has gone and closed the terminal
            return False
        self.seen += data.decode(errors="replace")
        return bool(data)


@pytest.fixture
def terminal_env():
    env = subprocess_env()
    del env["CELLCLIENT_PASSPHRASE"]
    return env


def test_a_new_passphrase_states_its_minimum_and_is_checked_at_once(tmp_path, terminal_env):
    profile = tmp_path / "p"
    term = Terminal([*CELLCLIENT, "--data-dir", str(profile), "init", "--cell-name", "Chi bộ A"],
                    terminal_env)
    try:
        prompt = term.expect("Mật khẩu dữ liệu mới")
        assert "ít nhất 8 ký tự" in term.expect(": ")  # the first prompt says the minimum
        assert "Nhập lại" not in prompt
        term.type("ngan")
        said = term.expect("ít nhất 8 ký tự): ")  # told at once, and asked again
        assert "Mật khẩu phải có ít nhất 8 ký tự." in said and "Nhập lại" not in said
        term.type(TEST_PASSPHRASE)
        term.expect("Nhập lại mật khẩu: ")
        term.type(TEST_PASSPHRASE)
        code, rest = term.finish()
    finally:
        term.kill()
    assert code == 0, rest
    r = cellclient("--data-dir", str(profile), "status", "--json",
                   env=subprocess_env(CELLCLIENT_PASSPHRASE=TEST_PASSPHRASE))
    assert r.returncode == 0, r.stderr


def test_a_passphrase_too_short_every_time_is_bad_input(tmp_path, terminal_env):
    profile = tmp_path / "p"
    term = Terminal([*CELLCLIENT, "--data-dir", str(profile), "init", "--cell-name", "Chi bộ A"],
                    terminal_env)
    try:
        for _ in range(3):
            term.expect("ký tự): ")
            term.type("1234567")
        code, rest = term.finish()
    finally:
        term.kill()
    assert code == 2 and "ít nhất 8 ký tự" in rest and "Nhập lại" not in rest
    assert not (profile / "profile.json").exists()
