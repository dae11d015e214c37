"""The ``cellclient`` console script: a command runs the CLI, no command opens the window."""

from __future__ import annotations

import sys

from cellclient.cli import has_command, run


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if has_command(argv):
        sys.exit(run(argv))
    from .app import main as open_window  # Qt is loaded only when a window is wanted

    sys.exit(open_window(argv))


if __name__ == "__main__":
    main()
