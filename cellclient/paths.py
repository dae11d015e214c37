"""Where a profile lives: the user data dir, unless told otherwise."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "cellclient"


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """``--data-dir`` wins, then ``CELLCLIENT_DATA_DIR``, then the platform's user data dir."""
    chosen = override or os.environ.get("CELLCLIENT_DATA_DIR")
    if chosen:
        return Path(chosen).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
