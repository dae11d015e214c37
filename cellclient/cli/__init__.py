"""``cellclient``: the command line face of the same services the desktop app uses."""

from __future__ import annotations

import argparse
import os
import sys

from .. import __version__
from ..errors import CellClientError
from ..i18n import set_language
from ..validation import ValidationError
from . import dues, meetings, members, profile_cmds
from .common import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, Context

COMMAND_MODULES = (profile_cmds, members, meetings, dues)


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
        return EXIT_OK if result is None else int(result)
    except ValidationError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    except CellClientError as exc:
        print(str(exc), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115  (Python flushes stdout at exit)
        return EXIT_FAILURE
    finally:
        ctx.close()


def main(argv: list[str] | None = None) -> None:
    sys.exit(run(argv))


def has_command(argv: list[str]) -> bool:
    """Whether ``argv`` names a command (else the desktop window opens)."""
    try:
        args, _ = build_parser().parse_known_args(argv)
    except SystemExit:
        return True  # --help, --version or bad usage: let the CLI answer
    return bool(getattr(args, "command", None))


__all__ = ["main", "run", "has_command", "EXIT_OK", "EXIT_FAILURE", "EXIT_BAD_INPUT"]
