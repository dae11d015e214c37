"""The cell's dues settings: values a regulation leaves to the cell or that were not found.

Values are kept per rule set (see ``dues_rules.setting_key``) so that a new
amount for 2026 never changes what was due under an older regulation.
"""

from __future__ import annotations

import datetime as dt
import json

from .. import formatting
from .. import months as mon
from ..dues_rules import RuleBook, RuleDataError, parse_rule_set, rule_book, setting_key
from ..hlc import Stamp, is_stamp
from ..i18n import register
from ..schema import MONTH_RE
from ..store import Store
from ..validation import Checker, register_labels
from .settings import cell_settings, write_setting

START_MONTH_KEY = "dues.start_month"  # the first month whose dues the app keeps track of
RULE_SETS_KEY = "dues.rule_sets"  # extra rule sets (JSON list), e.g. a locality's

register(
    {
        "valid.dues_range": ("phải từ {min} đến {max}", "must be from {min} to {max}"),
        "valid.dues_min": ("phải từ {min} trở lên", "must be at least {min}"),
        "valid.dues_no_such_setting": (
            "không có trong quy định {rule}", "is not part of rule set {rule}",
        ),
    }
)
register_labels(
    {
        "retention_percent": ("Tỷ lệ chi bộ được giữ lại (%)", "Share the cell keeps (%)"),
        "other_amount": ("Mức đóng của đảng viên khác (đồng/tháng)",
                         "Amount for other members (VND a month)"),
        "start_month": ("Bắt đầu theo dõi đảng phí từ tháng", "Track dues from month"),
        "rule_sets": ("Quy định đảng phí bổ sung", "Extra dues rule sets"),
    }
)


def dues_settings(store: Store, cell_id: str) -> dict[str, str]:
    """Every dues setting the cell has set, as stored text."""
    return cell_settings(store, cell_id, "dues.")


def cell_rule_book(stored: dict[str, str]) -> RuleBook:
    """The shipped rule sets plus any the cell received (kept in the settings)."""
    raw = stored.get(RULE_SETS_KEY)
    if raw:
        try:
            return rule_book(json.loads(raw))
        except (ValueError, RuleDataError):
            # A damaged rule set received from elsewhere must not stop the treasurer's
            # work: the shipped national rules still apply, and `dues rules` says so.
            pass
    return rule_book(None)


def start_month(stored: dict[str, str]) -> str | None:
    """The tracking start month the cell has set, or None."""
    return stored.get(START_MONTH_KEY) or None


def tracking_start(store: Store, cell_id: str, stored: dict[str, str]) -> str | None:
    """The first month whose dues are tracked: the cell's setting; where none is set
    (profiles made before the first month was asked for), the month the cell's
    record was made or the first month its ledger covers, whichever is earlier.
    None only when neither is known (then a year is tracked from January)."""
    first = start_month(stored)
    if first:
        return first
    found = []
    made = store.db.execute(
        "SELECT MIN(hlc) FROM field_clock WHERE tbl = 'cell' AND row_id = ?", [cell_id]
    ).fetchone()[0]
    if made and is_stamp(made):
        wall = Stamp.decode(made).wall_ms / 1000
        found.append(dt.datetime.fromtimestamp(wall).strftime("%Y-%m"))
    paid = store.db.execute(
        "SELECT MIN(substr(months, 1, 7)) FROM payment WHERE cell_id = ? AND deleted = 0",
        [cell_id],
    ).fetchone()[0]
    if paid and MONTH_RE.match(paid):
        found.append(paid)
    return min(found) if found else None


def check_start_month(c: Checker, value, stored: dict[str, str] | None = None,
                      today: dt.date | None = None) -> str | None:
    """A tracking start month (``YYYY-MM``): from the oldest rule set to this month."""
    first = c.month("start_month", value)
    if first:
        earliest = min(rs.effective_from for rs in cell_rule_book(stored or {}).rule_sets)
        latest = mon.current(today)
        if not earliest <= first <= latest:
            c.add("start_month", "range", low=formatting.month(earliest),
                  high=formatting.month(latest))
            return None
    return first


def dues_setting(store: Store, cell_id: str, name: str, month: str) -> int:
    """A setting's value (e.g. ``retention_percent``) under the rule set in force in
    ``month``: the cell's value, else the rule set's default."""
    stored = dues_settings(store, cell_id)
    return cell_rule_book(stored).for_month(month).setting(name, stored)


def set_dues_settings(store: Store, cell_id: str, *, month: str | None = None,
                      retention_percent=None, other_amount=None, start_month=None,
                      today: dt.date | None = None) -> dict[str, str]:
    """Set the retention share and/or the amount for other members of the rule set
    in force in ``month`` (default: this month), and/or the tracking start month.

    Every value is checked first; nothing is written while any is wrong.
    """
    stored = dues_settings(store, cell_id)
    c = Checker()
    month = c.month("month", month) or mon.current(today)
    rule_set = None if c.errors else cell_rule_book(stored).for_month(month)
    writes: dict[str, str] = {}
    for name, value in (("retention_percent", retention_percent), ("other_amount", other_amount)):
        if value in (None, "") or rule_set is None:
            continue
        number = c.money(name, value) if name == "other_amount" else c.count(name, value)
        spec = rule_set.settings.get(name)
        if spec is None:
            c.add(name, "dues_no_such_setting", rule=rule_set.id)
        elif number is not None:
            if spec.max is not None and not spec.min <= number <= spec.max:
                c.add(name, "dues_range", min=spec.min, max=spec.max)
            elif number < spec.min:
                c.add(name, "dues_min", min=spec.min)
            else:
                writes[setting_key(rule_set.id, name)] = str(number)
    first = check_start_month(c, start_month, stored, today)
    if first:
        writes[START_MONTH_KEY] = first
    c.done()
    with store.transaction() as tx:
        for key, value in writes.items():
            write_setting(tx, cell_id, key, value)
    return dues_settings(store, cell_id)


def set_extra_rule_sets(store: Store, cell_id: str, rule_sets: list[dict]) -> None:
    """Keep a locality's rule sets (checked first) so every month uses them from their start."""
    c = Checker()
    try:
        for data in rule_sets:
            parse_rule_set(data)
    except RuleDataError as exc:
        c.add("rule_sets", "invalid", detail=str(exc))
    c.done()
    with store.transaction() as tx:
        write_setting(tx, cell_id, RULE_SETS_KEY, json.dumps(rule_sets, ensure_ascii=False))
