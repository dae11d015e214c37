"""What every CLI command shares: the open profile, output, and the exit codes.

Exit codes: 0 done, 2 bad input (stderr names the field), 1 any other failure.
"""

from __future__ import annotations

import getpass
import json
import sys
from functools import cached_property
from pathlib import Path

from .. import keys
from .. import profile as profiles
from ..errors import PassphraseTooShortError
from ..i18n import register, tr
from ..models import Cell
from ..paths import data_dir
from ..services.cells import current_cell
from ..store import Store

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2


PASSPHRASE_TRIES = 3

register(
    {
        "cli.passphrase": ("Mật khẩu dữ liệu: ", "Data passphrase: "),
        "cli.passphrase_new": (
            "Mật khẩu dữ liệu mới (ít nhất {min} ký tự): ",
            "New data passphrase (at least {min} characters): ",
        ),
        "cli.passphrase_again": ("Nhập lại mật khẩu: ", "Repeat the passphrase: "),
        "cli.passphrase_differ": ("Hai lần nhập không khớp.", "The two entries differ."),
    }
)


def prompt_passphrase(creating: bool) -> str | None:
    """Ask on the terminal; None when there is no terminal to ask on.

    A new passphrase is checked for its length as soon as it is typed, and asked
    again (a few times) before the repeat is asked for.
    """
    if not sys.stdin or not sys.stdin.isatty():
        return None
    if not creating:
        return getpass.getpass(tr("cli.passphrase"))
    shortest = keys.MIN_PASSPHRASE_LENGTH
    for _ in range(PASSPHRASE_TRIES):
        first = getpass.getpass(tr("cli.passphrase_new", min=shortest))
        if len(first) >= shortest:
            break
        print(tr("keys.passphrase_short", min=shortest), file=sys.stderr)
    else:
        raise PassphraseTooShortError(tr("keys.passphrase_short", min=shortest))
    again = getpass.getpass(tr("cli.passphrase_again"))
    if again != first:
        print(tr("cli.passphrase_differ"), file=sys.stderr)
        return None
    return first


class Context:
    """The data dir of this run; opens the profile only when a command needs it."""

    def __init__(self, args):
        self.args = args
        self.data_dir: Path = data_dir(getattr(args, "data_dir", None))
        self._store: Store | None = None

    @cached_property
    def store(self) -> Store:
        _, self._store = profiles.open_store(self.data_dir, prompt_passphrase)
        return self._store

    def use(self, store: Store) -> None:
        """Adopt a store this run just created (init, demo)."""
        self.__dict__["store"] = self._store = store

    @property
    def cell(self) -> Cell:
        return current_cell(self.store)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def print_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def print_table(headers: list[str], rows: list[list]) -> None:
    """A plain aligned table for people reading a terminal."""
    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    for n, r in enumerate(cells):
        print("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))
