"""The translation helper for every user-facing string outside Qt.

Vietnamese is the default; English is the second language. Messages live in
small catalogs that each module registers, so a module's texts sit next to
the code that uses them. Qt widgets use ``tr()`` of Qt instead.
"""

from __future__ import annotations

import os

LANGUAGES = ("vi", "en")
_catalog: dict[str, dict[str, str]] = {}
_language: str | None = None


def register(messages: dict[str, tuple[str, str]]) -> None:
    """Add messages as ``key: (vietnamese, english)``.

    A key already registered with other text is refused: two modules sharing a
    key would silently show one of them the wrong message.
    """
    for key, (vi, en) in messages.items():
        known = _catalog.get(key)
        if known is not None and known != {"vi": vi, "en": en}:
            raise ValueError(f"message key {key!r} is already registered with other text")
        _catalog[key] = {"vi": vi, "en": en}


def language() -> str:
    """The current language: set_language(), else CELLCLIENT_LANG, else Vietnamese."""
    if _language:
        return _language
    env = os.environ.get("CELLCLIENT_LANG", "").lower()[:2]
    return env if env in LANGUAGES else "vi"


def set_language(lang: str | None) -> None:
    global _language
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    _language = lang


def tr(key: str, lang: str | None = None, **params) -> str:
    """The message for ``key`` in ``lang`` (default: current), formatted with params.

    An unknown key comes back as itself, so a missing text is visible, not fatal.
    """
    texts = _catalog.get(key)
    if texts is None:
        return key
    text = texts[lang or language()]
    return text.format(**params) if params else text


register(
    {
        "error.not_found": ("Không tìm thấy {table} có mã {id}.", "No {table} with id {id}."),
        "error.locked": (
            "{what} đã được thông qua và bị khóa; không thể sửa.",
            "{what} has been adopted and is locked; it cannot be changed.",
        ),
        "error.wrong_key": (
            "Sai mật khẩu hoặc khóa: không mở được dữ liệu.",
            "Wrong passphrase or key: the data cannot be opened.",
        ),
        "table.cell": ("chi bộ", "cell"),
        "table.member": ("đảng viên", "member"),
        "table.meeting": ("buổi sinh hoạt", "meeting"),
        "table.agenda_item": ("nội dung sinh hoạt", "agenda item"),
        "table.attendance": ("điểm danh", "attendance"),
        "table.payment": ("khoản thu đảng phí", "dues payment"),
        "table.dues_adjustment": ("quyết định miễn/giảm đảng phí", "dues exemption or reduction"),
        "table.setting": ("thiết lập", "setting"),
        "table.conflict": ("xung đột", "conflict"),
    }
)
