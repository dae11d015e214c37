"""Where a profile lives: the user data dir, unless told otherwise."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import platformdirs

APP_NAME = "cellclient"


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """``--data-dir`` wins, then ``CELLCLIENT_DATA_DIR``, then the platform's user data dir."""
    chosen = override or os.environ.get("CELLCLIENT_DATA_DIR")
    if chosen:
        return Path(chosen).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


# A profile is its owner's only: the folder 0700, every file in it 0600, so another
# local user can copy neither the database nor the passphrase salt beside it. POSIX
# (Linux, macOS) only: on Windows the profile lives in the user's own folder, whose
# ACLs already keep other users out and which chmod cannot change; nothing is done there.
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
_POSIX = os.name == "posix"


def make_private_dir(path: Path) -> Path:
    """Create ``path`` (and its parents) if need be; the folder itself becomes 0700."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    if _POSIX:
        os.chmod(path, PRIVATE_DIR)
    return path


def make_private(*files: str | os.PathLike) -> None:
    """Make each of ``files`` that exists 0600 (one another user owns is left as it is)."""
    if not _POSIX:
        return
    for f in files:
        try:
            if stat.S_IMODE(os.stat(f).st_mode) != PRIVATE_FILE:
                os.chmod(f, PRIVATE_FILE)
        except (FileNotFoundError, PermissionError):
            pass


def create_private(path: str | os.PathLike) -> bool:
    """Create ``path`` empty and 0600 unless it exists; True when it was created."""
    if not _POSIX:
        return False
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return False
    os.close(fd)
    make_private(path)  # a umask such as 0277 takes bits from os.open's mode
    return True
