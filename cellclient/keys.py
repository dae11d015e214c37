"""The database key: random and kept in the OS keyring, or derived from a passphrase.

A headless Linux has no working keyring; there the key comes from a
passphrase the user gives (``CELLCLIENT_PASSPHRASE`` or a prompt). There is
never a silent fallback to a key stored in a plain file.
"""

from __future__ import annotations

import hashlib
import os
import secrets

import keyring
import keyring.errors

from .errors import KeyUnavailableError, PassphraseTooShortError
from .i18n import register, tr

SERVICE = "cellclient"
PASSPHRASE_ENV = "CELLCLIENT_PASSPHRASE"
MIN_PASSPHRASE_LENGTH = 8
# scrypt at 32 MiB: about a tenth of a second on an old laptop, costly to guess at scale.
_SCRYPT = {"n": 2**15, "r": 8, "p": 1, "maxmem": 64 * 1024 * 1024, "dklen": 32}

register(
    {
        "keys.no_keyring": (
            "Máy này không có kho khóa của hệ điều hành (keyring): dữ liệu được mã hóa "
            "bằng mật khẩu bạn nhập. Hãy nhớ mật khẩu; mất mật khẩu là mất dữ liệu.",
            "This computer has no OS keyring: the data is encrypted with a passphrase you "
            "give. Remember it; a lost passphrase means lost data.",
        ),
        "keys.keyring_gone": (
            "Không đọc được khóa dữ liệu trong kho khóa của hệ điều hành ({detail}).",
            "The data key could not be read from the OS keyring ({detail}).",
        ),
        "keys.passphrase_needed": (
            "Cần mật khẩu để mở dữ liệu: đặt biến CELLCLIENT_PASSPHRASE hoặc nhập khi được hỏi.",
            "A passphrase is needed to open the data: set CELLCLIENT_PASSPHRASE or type it when asked.",
        ),
        "keys.passphrase_short": (
            "Mật khẩu phải có ít nhất {min} ký tự.",
            "The passphrase must have at least {min} characters.",
        ),
    }
)


def _username(profile_id: str) -> str:
    return f"database-key/{profile_id}"


def keyring_usable() -> bool:
    """Whether a real OS keyring is there (not the 'fail' or a plaintext backend)."""
    backend = keyring.get_keyring()
    backends = getattr(backend, "backends", None)
    candidates = backends if backends is not None else [backend]
    for b in candidates:
        module = type(b).__module__
        if module.startswith(("keyring.backends.fail", "keyrings.alt", "keyring.backends.null")):
            continue
        if getattr(b, "priority", 0) <= 0:
            continue
        return True
    return False


def new_key_in_keyring(profile_id: str) -> bytes:
    key = secrets.token_bytes(32)
    try:
        keyring.set_password(SERVICE, _username(profile_id), key.hex())
    except keyring.errors.KeyringError as exc:
        raise KeyUnavailableError(tr("keys.keyring_gone", detail=type(exc).__name__)) from None
    return key


def key_from_keyring(profile_id: str) -> bytes:
    try:
        value = keyring.get_password(SERVICE, _username(profile_id))
    except keyring.errors.KeyringError as exc:
        raise KeyUnavailableError(tr("keys.keyring_gone", detail=type(exc).__name__)) from None
    if not value:
        raise KeyUnavailableError(tr("keys.keyring_gone", detail="missing"))
    return bytes.fromhex(value)


def forget_key(profile_id: str) -> None:
    try:
        keyring.delete_password(SERVICE, _username(profile_id))
    except keyring.errors.KeyringError:
        pass


def key_from_passphrase(passphrase: str, salt: bytes) -> bytes:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise PassphraseTooShortError(tr("keys.passphrase_short", min=MIN_PASSPHRASE_LENGTH))
    return hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, **_SCRYPT)


def passphrase_from_env() -> str | None:
    return os.environ.get(PASSPHRASE_ENV) or None
