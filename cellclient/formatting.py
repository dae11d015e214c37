"""How numbers and dates look to a person: ``1.250.000 ₫`` in Vietnamese,
``1,250,000 ₫`` in English, and ``dd/MM/yyyy`` in both."""

from __future__ import annotations

import datetime as dt

from .i18n import language

# The thousands separator of each language.
_GROUPING = {"vi": ".", "en": ","}


def money(amount: int | None, lang: str | None = None) -> str:
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(amount):,}".replace(",", _GROUPING[lang or language()]) + " ₫"


def date(iso: str | None) -> str:
    if not iso:
        return ""
    d = dt.date.fromisoformat(iso[:10])
    return d.strftime("%d/%m/%Y")


def month(ym: str | None) -> str:
    """``2026-03`` -> ``03/2026``."""
    if not ym:
        return ""
    return f"{ym[5:7]}/{ym[:4]}"
