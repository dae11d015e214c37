"""A profile: one data dir holding one encrypted database and a small settings file.

``profile.json`` holds no personal data: ids, how the key is kept, and the
passphrase salt. It is written atomically so a power cut never leaves half
of it.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from . import keys
from .errors import CellClientError, KeyUnavailableError
from .i18n import register, tr
from .ids import new_id
from .paths import make_private, make_private_dir
from .store import Store

DB_NAME = "cellclient.db"
PROFILE_NAME = "profile.json"
CA_NAME = "server-ca.pem"  # the organisation's certificate, when its server needs one

register(
    {
        "profile.missing": (
            "Chưa có dữ liệu ở {path}. Hãy chạy: cellclient init --cell-name \"Tên chi bộ\"",
            "No profile at {path}. Run: cellclient init --cell-name \"Cell name\"",
        ),
        "profile.exists": ("Đã có dữ liệu ở {path}.", "A profile already exists at {path}."),
        "profile.damaged": (
            "Tệp cấu hình {path} bị hỏng; dữ liệu không bị ảnh hưởng, hãy khôi phục tệp này.",
            "The settings file {path} is damaged; the data is unharmed, restore this file.",
        ),
        "profile.db_missing": (
            "Không thấy tệp dữ liệu {path}. Hãy khôi phục từ bản sao (*.bak) hoặc đồng bộ lại.",
            "The data file {path} is missing. Restore a copy (*.bak) or sync again.",
        ),
    }
)

PassphrasePrompt = Callable[[bool], str | None]  # (creating) -> passphrase


@dataclass
class Profile:
    profile_id: str
    device_id: str
    key_mode: str  # "keyring" | "passphrase"
    salt: str | None = None  # hex, passphrase mode only
    server_url: str | None = None
    ca_bundle: str | None = None


def write_json_atomic(path: Path, data: dict) -> None:
    write_bytes_atomic(path, json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all (a power cut leaves the old file)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def exists(data_dir: Path) -> bool:
    return (data_dir / PROFILE_NAME).exists()


def load(data_dir: Path) -> Profile:
    path = data_dir / PROFILE_NAME
    if not path.exists():
        raise CellClientError(tr("profile.missing", path=data_dir))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Profile(**{k: v for k, v in data.items() if k in Profile.__dataclass_fields__})
    except (ValueError, TypeError, AttributeError):
        raise CellClientError(tr("profile.damaged", path=path)) from None


def save(data_dir: Path, profile: Profile) -> None:
    write_json_atomic(data_dir / PROFILE_NAME, asdict(profile))


def discard(data_dir: Path, profile: Profile) -> None:
    """Remove a profile just made whose set-up failed (its store already closed), so
    the next attempt starts clean. Never used on a profile that holds work."""
    for name in (PROFILE_NAME, DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm", CA_NAME):
        (data_dir / name).unlink(missing_ok=True)
    keys.forget_key(profile.profile_id)


def make_files_private(data_dir: Path) -> None:
    """Every file of the profile 0600 (POSIX; see ``paths``): new files are made so, and
    this catches those of a profile made before that. Other files in the folder are not
    the profile's and are left alone."""
    make_private(*(data_dir / n for n in (PROFILE_NAME, DB_NAME, DB_NAME + "-wal",
                                          DB_NAME + "-shm", CA_NAME)),
                 *data_dir.glob(DB_NAME + ".before-*.bak"))


def _device_id() -> str:
    return secrets.token_hex(8)


def create(data_dir: Path, prompt: PassphrasePrompt | None = None) -> tuple[Profile, Store]:
    """Make a new profile: keyring key where a keyring works, else a passphrase."""
    if exists(data_dir):
        raise CellClientError(tr("profile.exists", path=data_dir))
    make_private_dir(data_dir)  # 0700, also when the folder was there already
    profile = Profile(profile_id=new_id(), device_id=_device_id(), key_mode="keyring")
    if keys.keyring_usable():
        key = keys.new_key_in_keyring(profile.profile_id)
    else:
        print(tr("keys.no_keyring"), file=sys.stderr)
        salt = secrets.token_bytes(16)
        profile.key_mode, profile.salt = "passphrase", salt.hex()
        key = keys.key_from_passphrase(_passphrase(prompt, creating=True), salt)
    store = Store.open(data_dir / DB_NAME, key, profile.device_id)
    save(data_dir, profile)
    return profile, store


def open_store(data_dir: Path, prompt: PassphrasePrompt | None = None) -> tuple[Profile, Store]:
    profile = load(data_dir)
    if not (data_dir / DB_NAME).exists():  # never replace lost data with an empty file
        raise CellClientError(tr("profile.db_missing", path=data_dir / DB_NAME))
    make_files_private(data_dir)
    if profile.key_mode == "keyring":
        key = keys.key_from_keyring(profile.profile_id)
    else:
        key = keys.key_from_passphrase(
            _passphrase(prompt, creating=False), bytes.fromhex(profile.salt or "")
        )
    return profile, Store.open(data_dir / DB_NAME, key, profile.device_id)


def _passphrase(prompt: PassphrasePrompt | None, creating: bool) -> str:
    value = keys.passphrase_from_env()
    if value is None and prompt is not None:
        value = prompt(creating)
    if not value:
        raise KeyUnavailableError(tr("keys.passphrase_needed"))
    return value
