"""``cellclient``: the command line face of the same services the desktop app uses."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys

from .. import __version__
from ..db import DatabaseError
from ..errors import CellClientError
from ..i18n import register, set_language, tr
from ..validation import ValidationError
from . import dues, meetings, members, profile_cmds, sync_cmds
from .common import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, Context

# What a shell reports for a process stopped by SIGPIPE (128 + 13): the reader
# of the output went away, e.g. ``cellclient changes | head``.
EXIT_BROKEN_PIPE = 141

COMMAND_MODULES = (profile_cmds, members, meetings, dues, sync_cmds)

register(
    {
        "cli.database_error": ("Lỗi cơ sở dữ liệu: {detail}", "Database error: {detail}"),
        "cli.db_busy": (
            "dữ liệu đang được một cửa sổ hay lệnh khác ghi; hãy thử lại sau ít phút",
            "the data is being written by another window or command; try again shortly",
        ),
        "cli.db_damaged": (
            "tệp dữ liệu bị hỏng; hãy khôi phục từ bản sao (*.bak) hoặc đồng bộ lại",
            "the data file is damaged; restore a copy (*.bak) or sync again",
        ),
        "cli.os_error": ("Lỗi tệp hoặc thư mục: {detail}", "File or folder error: {detail}"),
        "cli.unexpected": (
            "Lỗi không mong muốn ({kind}). Dữ liệu đã lưu không bị ảnh hưởng.",
            "Unexpected error ({kind}). Data already saved is not affected.",
        ),
    }
)


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # bad usage is bad input: exit 2, as argparse does
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="cellclient", description="Chi bộ số: hồ sơ chi bộ / party cell records")
    parser.add_argument("--version", action="version", version=f"cellclient {__version__}")
    parser.add_argument("--data-dir", help="profile folder (default: the user data dir)")
    parser.add_argument("--lang", choices=("vi", "en"), help="language of messages")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def run(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.lang:
        set_language(args.lang)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_BAD_INPUT
    ctx = Context(args)
    try:
        result = args.func(ctx, args)
        sys.stdout.flush()  # a reader that went away shows here, not at exit
        return EXIT_OK if result is None else int(result)
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except ValidationError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    except CellClientError as exc:
        print(str(exc), file=sys.stderr)
        return exc.exit_code
    except DatabaseError as exc:
        print(tr("cli.database_error", detail=_reason(exc)), file=sys.stderr)
        return EXIT_FAILURE
    except OSError as exc:
        print(tr("cli.os_error", detail=f"{exc.strerror or type(exc).__name__}: "
                                        f"{exc.filename or ''}"), file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001  a last word instead of a traceback
        # The type only: an exception's text may hold a member's data.
        print(tr("cli.unexpected", kind=type(exc).__name__), file=sys.stderr)
        return EXIT_FAILURE
    finally:
        ctx.close()


def _silence_stdout() -> None:
    """Point stdout at the null device, so that Python's own flush at exit finds no
    closed pipe to complain about (the bytes still buffered are dropped)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (tests capture stdout)
        pass
    finally:
        os.close(devnull)


def _reason(exc: Exception) -> str:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return tr("cli.db_busy")
    if "malformed" in text or "not a database" in text:
        return tr("cli.db_damaged")
    return type(exc).__name__


def main(argv: list[str] | None = None) -> None:
    sys.exit(run(argv))


def has_command(argv: list[str]) -> bool:
    """Whether ``argv`` names a command (else the desktop window opens)."""
    # Parsed quietly: when the answer is the CLI, run() parses again and prints
    # the help, version or usage error once.
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            args, _ = build_parser().parse_known_args(argv)
    except SystemExit:
        return True  # --help, --version or bad usage: let the CLI answer
    return bool(getattr(args, "command", None))


__all__ = ["main", "run", "has_command", "EXIT_OK", "EXIT_FAILURE", "EXIT_BAD_INPUT"]
