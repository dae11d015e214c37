"""Dues rules as dated data: which regulation applies to a month, and what it asks.

The national rule sets ship in ``data/dues_rules.json``; a locality's rule
sets (sent by the server) are plain dicts of the same shape, merged in by
their first month. A month is always computed with the rule set in force in
that month, so history stays right when a new regulation arrives.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from importlib import resources

from . import formatting
from . import months as mon
from .errors import CellClientError
from .i18n import language, register, tr
from .schema import DUES_CATEGORIES, MONTH_RE

register(
    {
        "dues.rules.none": (
            "Không có quy định đảng phí nào áp dụng cho tháng {month}.",
            "No dues rule is in force for month {month}.",
        ),
        "dues.rules.bad": (
            "Dữ liệu quy định đảng phí {id} không hợp lệ: {problem}",
            "Dues rule data {id} is invalid: {problem}",
        ),
        "dues.formula.percent": ("{percent}% × {base}", "{percent}% × {base}"),
        "dues.formula.fixed": ("{amount}/tháng", "{amount}/month"),
        "dues.formula.setting": (
            "{amount}/tháng (thiết lập của chi bộ)", "{amount}/month (cell setting)",
        ),
        "dues.exempt.membership_years": (
            "Miễn đóng: đủ {years} năm tuổi đảng trở lên (tính từ ngày vào Đảng)",
            "Exempt: {years} or more years of party membership (from the admission date)",
        ),
        "dues.exempt.social_pension": (
            "Miễn đóng: hưởng trợ cấp hưu trí xã hội", "Exempt: on the social pension",
        ),
        "dues.rules.adjustments": (
            "Miễn hoặc giảm 30/50/70% theo quyết định được duyệt, mỗi quyết định tối đa 12 tháng",
            "Exemption or a 30/50/70% reduction by an approved decision, at most 12 months each",
        ),
    }
)

SHIPPED = "dues_rules.json"
RULE_KINDS = ("percent", "fixed", "setting")
REQUIRED_SETTINGS = ("retention_percent",)
MEMBER_FLAGS = ("social_pension",)  # member fields an exemption may test


class RuleDataError(CellClientError):
    """A rule set (shipped or sent by the server) does not have the expected shape."""


def setting_key(rule_set_id: str, name: str) -> str:
    """The ``setting`` row key of a rule set's value: each rule set keeps its own, so
    changing the 2026 amount never rewrites the months of an older regulation."""
    return f"dues.{rule_set_id}.{name}"


def pick(text: dict | None, lang: str | None = None) -> str:
    """The ``{"vi": ..., "en": ...}`` text of rule data in the current language."""
    if not text:
        return ""
    return text.get(lang or language()) or text.get("vi") or ""


def round_half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` to the nearest whole đồng, halves away from zero."""
    sign = -1 if (numerator < 0) != (denominator < 0) else 1
    n, d = abs(numerator), abs(denominator)
    return sign * ((2 * n + d) // (2 * d))


@dataclass(frozen=True)
class CategoryRule:
    kind: str  # percent of the member's base | fixed amount | amount from a cell setting
    percent: Fraction | None = None
    percent_text: str | None = None
    amount: int | None = None
    setting: str | None = None
    base_label: dict | None = None


@dataclass(frozen=True)
class SettingSpec:
    name: str
    default: int
    min: int
    max: int | None
    found: bool  # False: the regulation's value was not found, the default is a stand-in
    note: dict | None = None


@dataclass(frozen=True)
class Exemption:
    kind: str  # membership_years | member_flag
    years: int | None = None
    field: str | None = None

    def text(self, lang: str | None = None) -> str:
        if self.kind == "membership_years":
            return tr("dues.exempt.membership_years", lang, years=self.years)
        return tr(f"dues.exempt.{self.field}", lang)

    @property
    def code(self) -> str:
        return f"membership_{self.years}_years" if self.kind == "membership_years" else self.field


@dataclass(frozen=True)
class RuleSet:
    id: str
    effective_from: str
    source: dict
    notes: tuple[dict, ...]
    categories: dict[str, CategoryRule]
    exemptions: tuple[Exemption, ...]
    adjustments: bool
    settings: dict[str, SettingSpec]

    def setting(self, name: str, stored: dict[str, str]) -> int:
        """The cell's value of one of this rule set's settings, else its default."""
        raw = stored.get(setting_key(self.id, name))
        try:
            return int(raw) if raw not in (None, "") else self.settings[name].default
        except ValueError:
            return self.settings[name].default

    def gross(self, category: str, base: int | None, stored: dict[str, str]) -> int | None:
        """The monthly amount before exemptions; None when a needed base is missing."""
        rule = self.categories[category]
        if rule.kind == "percent":
            if base is None:
                return None
            return round_half_up(base * rule.percent.numerator, rule.percent.denominator * 100)
        if rule.kind == "fixed":
            return rule.amount
        return self.setting(rule.setting, stored)

    def formula(self, category: str, stored: dict[str, str], lang: str | None = None) -> str:
        """How the category's amount is worked out, in words."""
        rule = self.categories[category]
        if rule.kind == "percent":
            return tr("dues.formula.percent", lang, percent=percent_text(rule.percent_text, lang),
                      base=pick(rule.base_label, lang))
        if rule.kind == "fixed":
            return tr("dues.formula.fixed", lang, amount=formatting.money(rule.amount, lang))
        return tr("dues.formula.setting", lang,
                  amount=formatting.money(self.setting(rule.setting, stored), lang))


def percent_text(text: str | None, lang: str | None = None) -> str:
    """``0.5`` as people write it: ``0,5`` in Vietnamese."""
    text = text or ""
    return text.replace(".", ",") if (lang or language()) == "vi" else text


class RuleBook:
    """Rule sets ordered by their first month; each runs until the next one starts."""

    def __init__(self, rule_sets: list[RuleSet]):
        by_month: dict[str, RuleSet] = {}
        for rs in rule_sets:  # a later set for the same month replaces an earlier one
            by_month = {m: r for m, r in by_month.items() if r.id != rs.id}
            by_month[rs.effective_from] = rs
        self.rule_sets = [by_month[m] for m in sorted(by_month)]

    def for_month(self, month: str) -> RuleSet:
        found = None
        for rs in self.rule_sets:
            if rs.effective_from <= month:
                found = rs
        if found is None:
            raise CellClientError(tr("dues.rules.none", month=month))
        return found

    def get(self, rule_set_id: str) -> RuleSet | None:
        return next((rs for rs in self.rule_sets if rs.id == rule_set_id), None)

    def last_month(self, rule_set: RuleSet) -> str | None:
        """The last month a rule set is in force, None while no later set exists."""
        later = [rs.effective_from for rs in self.rule_sets if rs.effective_from > rule_set.effective_from]
        return mon.add(min(later), -1) if later else None

    def with_extra(self, extra: list[dict] | None) -> RuleBook:
        """This book plus rule sets given as dicts (e.g. a locality's, from the server)."""
        if not extra:
            return self
        return RuleBook(self.rule_sets + [parse_rule_set(d) for d in extra])


@cache
def shipped_rule_book() -> RuleBook:
    """The national rule sets packaged with the app."""
    text = resources.files("cellclient").joinpath("data").joinpath(SHIPPED).read_text(encoding="utf-8")
    return RuleBook([parse_rule_set(d) for d in json.loads(text)["rule_sets"]])


def rule_book(extra: list[dict] | None = None) -> RuleBook:
    return shipped_rule_book().with_extra(extra)


def rule_for(month: str, extra: list[dict] | None = None) -> RuleSet:
    """The rule set in force in ``month`` (``YYYY-MM``)."""
    return rule_book(extra).for_month(month)


def parse_rule_set(data: dict) -> RuleSet:
    """A rule set from its JSON form; RuleDataError says what is wrong with it."""
    rs_id = data.get("id") if isinstance(data, dict) else None

    def bad(problem: str) -> RuleDataError:
        return RuleDataError(tr("dues.rules.bad", id=rs_id or "?", problem=problem))

    if not isinstance(rs_id, str) or not rs_id:
        raise bad("id")
    start = data.get("effective_from")
    if not isinstance(start, str) or not MONTH_RE.match(start):
        raise bad("effective_from")
    settings = {}
    for name, spec in (data.get("settings") or {}).items():
        try:
            settings[name] = SettingSpec(name, int(spec["default"]), int(spec.get("min", 0)),
                                         None if spec.get("max") is None else int(spec["max"]),
                                         bool(spec.get("found", True)), spec.get("note"))
        except (KeyError, TypeError, ValueError):
            raise bad(f"settings.{name}") from None
    for name in REQUIRED_SETTINGS:
        if name not in settings:
            raise bad(f"settings.{name}")
    categories = {}
    raw_categories = data.get("categories") or {}
    for cat in DUES_CATEGORIES:
        spec = raw_categories.get(cat)
        if not isinstance(spec, dict) or spec.get("kind") not in RULE_KINDS:
            raise bad(f"categories.{cat}")
        categories[cat] = _category(spec, settings, lambda problem, c=cat: bad(f"categories.{c}.{problem}"))
    exemptions = []
    for spec in data.get("exemptions") or []:
        if spec.get("kind") == "membership_years" and isinstance(spec.get("years"), int):
            exemptions.append(Exemption("membership_years", years=spec["years"]))
        elif spec.get("kind") == "member_flag" and spec.get("field") in MEMBER_FLAGS:
            exemptions.append(Exemption("member_flag", field=spec["field"]))
        else:
            raise bad("exemptions")
    return RuleSet(rs_id, start, dict(data.get("source") or {}), tuple(data.get("notes") or ()),
                   categories, tuple(exemptions), bool(data.get("adjustments", True)), settings)


def _category(spec: dict, settings: dict, bad) -> CategoryRule:
    kind = spec["kind"]
    if kind == "percent":
        try:
            percent = Fraction(str(spec["percent"]))
        except (KeyError, ValueError):
            raise bad("percent") from None
        if percent < 0:
            raise bad("percent")
        return CategoryRule(kind, percent=percent, percent_text=str(spec["percent"]),
                            base_label=spec.get("base_label"))
    if kind == "fixed":
        amount = spec.get("amount")
        if not isinstance(amount, int) or amount < 0:
            raise bad("amount")
        return CategoryRule(kind, amount=amount)
    if spec.get("setting") not in settings:
        raise bad("setting")
    return CategoryRule(kind, setting=spec["setting"])


def describe(rule_set: RuleSet, stored: dict[str, str], book: RuleBook | None = None,
             lang: str | None = None) -> dict:
    """Everything a person needs to check a rule set: source, formulas, exemptions,
    settings (and which of them are still defaults, or stand-ins for values not found)."""
    book = book or shipped_rule_book()
    settings = []
    for spec in rule_set.settings.values():
        raw = stored.get(setting_key(rule_set.id, spec.name))
        settings.append({
            "name": spec.name, "value": rule_set.setting(spec.name, stored),
            "default": spec.default, "is_default": raw in (None, ""),
            "min": spec.min, "max": spec.max, "found_in_regulation": spec.found,
            "note": pick(spec.note, lang),
        })
    exemptions = [e.text(lang) for e in rule_set.exemptions]
    if rule_set.adjustments:
        exemptions.append(tr("dues.rules.adjustments", lang))
    return {
        "id": rule_set.id,
        "source": pick(rule_set.source, lang),
        "effective_from": rule_set.effective_from,
        "effective_to": book.last_month(rule_set),
        "categories": {c: rule_set.formula(c, stored, lang) for c in DUES_CATEGORIES},
        "exemptions": exemptions,
        "settings": settings,
        "notes": [pick(n, lang) for n in rule_set.notes],
    }
