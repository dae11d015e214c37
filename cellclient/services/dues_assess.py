"""What each member owes for a month, worked out from members, rules, decisions and the ledger.

Nothing here is stored: dues, payments per month, arrears and the "3 months
unpaid" flag are derived on every call from a handful of bulk queries, so
they can never go stale; a cell of 10,000 members assesses in about half a
second.

How a ledger entry counts towards months (``allocate``): a payment covering
several months fills them in calendar order, each month up to its due, and
whatever is left goes to the last month (an overpayment shows there as a
credit; credits are not carried to other months). The split depends only on
the entry itself and the dues of its months, never on other entries, so an
entry synced from another device never moves money recorded here. A reversal
splits the same way with the opposite sign, so it cancels its payment exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import months as mon
from ..dues_rules import RuleBook, RuleSet, round_half_up
from ..schema import DUES_CATEGORIES
from ..store import Store
from ..text import full_name
from .dues_settings import cell_rule_book, dues_settings, start_month, tracking_start
from .members import ACTIVE_STATUSES

UNPAID_MONTHS_LIMIT = 3  # months unpaid in a year after which the cell must consider the case
ROLL_STATUSES = ACTIVE_STATUSES
LEAVING_STATUSES = ("transferred_out", "deceased", "removed")

_MEMBER_SQL = (
    "SELECT id, family_name, middle_name, given_name, status, status_since, admitted_on, "
    "temporarily_attached, dues_category, dues_base, social_pension, deleted "
    "FROM member WHERE cell_id = ?"
)
_MEMBER_COLUMNS = ("id", "family_name", "middle_name", "given_name", "status", "status_since",
                   "admitted_on", "temporarily_attached", "dues_category", "dues_base",
                   "social_pension", "deleted")
_ADJUSTMENT_SQL = (
    "SELECT id, member_id, kind, percent, from_month, to_month, decision_ref "
    "FROM dues_adjustment WHERE cell_id = ? AND deleted = 0"
)
_UNKNOWN = object()
_ENTRY_COLUMNS = "SELECT id, member_id, months, amount, reverses FROM payment WHERE deleted = 0 AND "


@dataclass(frozen=True)
class MemberFacts:
    """The member fields dues depend on."""

    id: str
    name_parts: tuple  # family, middle, given
    status: str
    status_since: str | None
    admitted_month: int | None  # months.index of the admission month
    temporarily_attached: bool
    category: str
    base: int | None
    social_pension: bool
    deleted: bool

    @property
    def name(self) -> str:
        return full_name(*self.name_parts)

    def on_roll(self, month: str, month_index: int | None = None) -> bool:
        """Counted in ``month``: admitted by then, and on the roll or leaving in that
        month or later (dues are owed for the month a member leaves in, as the
        meetings of that month count them too); a member who left with no date
        recorded cannot be placed, so is not counted."""
        if self.deleted:
            return False
        if self.admitted_month is not None:
            if self.admitted_month > (mon.index(month) if month_index is None else month_index):
                return False
        if self.status in ROLL_STATUSES:
            return True
        return bool(self.status in LEAVING_STATUSES and self.status_since
                    and self.status_since[:7] >= month)


@dataclass(frozen=True)
class Adjustment:
    id: str
    member_id: str
    kind: str
    percent: int
    from_month: str
    to_month: str
    decision_ref: str | None


@dataclass(frozen=True)
class Entry:
    """One ledger row as far as the sums need it; a reversal has a negative amount."""

    id: str
    member_id: str
    months: tuple[str, ...]
    amount: int
    reverses: str | None


@dataclass(frozen=True)
class Due:
    rule: RuleSet
    category: str
    gross: int | None
    exemption: str | None
    adjustment: Adjustment | None
    amount: int


def allocate(amount: int, dues: list[int]) -> list[int]:
    """Split ``amount`` over months whose dues are ``dues`` (calendar order): each month
    up to its due, the remainder to the last month. Negative amounts split as their
    opposite, negated, so a reversal undoes its payment month by month."""
    if amount < 0:
        return [-part for part in allocate(-amount, dues)]
    parts, left = [], amount
    for due in dues[:-1]:
        part = min(left, max(due, 0))
        parts.append(part)
        left -= part
    parts.append(left)
    return parts


def counted_entries(entries: list[Entry]) -> list[Entry]:
    """The entries that count: every payment and the first reversal of each.

    This device refuses a second reversal or a reversal of a reversal, but two
    devices offline can each reverse the same payment; counting both would take
    the money off twice, so later ones are ignored.
    """
    by_id = {e.id: e for e in entries}
    reversed_ids: set[str] = set()
    out = []
    for e in sorted(entries, key=lambda e: e.id):
        if e.reverses:
            target = by_id.get(e.reverses)
            if e.reverses in reversed_ids or (target is not None and target.reverses):
                continue
            reversed_ids.add(e.reverses)
        out.append(e)
    return out


class DuesBook:
    """Members, decisions, settings and ledger entries of one cell, loaded in bulk,
    with the dues and payments of any member and month worked out from them."""

    def __init__(self, members: dict[str, MemberFacts], adjustments: list[Adjustment],
                 entries: list[Entry], rules: RuleBook, stored: dict[str, str],
                 first_month: str | None = None):
        self.members = members
        self.rules = rules
        self.stored = stored
        # the first month tracked (see dues_settings.tracking_start); None: each January
        self.start_month = first_month or start_month(stored)
        self.adjustments: dict[str, list[Adjustment]] = {}
        for a in adjustments:
            self.adjustments.setdefault(a.member_id, []).append(a)
        self.entries = counted_entries(entries)
        self._month_cache: dict[str, tuple[RuleSet, int]] = {}
        self._shared: dict[tuple, Due] = {}
        self._due_cache: dict[tuple[str, str], Due | None] = {}
        self._paid: dict[tuple[str, str], int] | None = None

    @classmethod
    def load(cls, store: Store, cell_id: str, *, member_id: str | None = None,
             year: int | None = None) -> DuesBook:
        """Load a cell; ledger entries of one member, or those touching one year."""
        stored = dues_settings(store, cell_id)
        member_sql, adjustment_sql, params = _MEMBER_SQL, _ADJUSTMENT_SQL, [cell_id]
        if member_id is not None:
            member_sql += " AND id = ?"
            adjustment_sql += " AND member_id = ?"
            params.append(member_id)
        members = {r[0]: member_facts(dict(zip(_MEMBER_COLUMNS, r, strict=True)))
                   for r in store.db.execute(member_sql, params)}
        adjustments = [Adjustment(*r) for r in store.db.execute(adjustment_sql, params)]
        if member_id is not None:
            rows = store.db.execute(_ENTRY_COLUMNS + "member_id = ? AND cell_id = ?",
                                    [member_id, cell_id])
        else:
            # months are "YYYY-MM" lists, so "%YYYY-%" finds every entry touching the year
            rows = store.db.execute(_ENTRY_COLUMNS + "cell_id = ? AND months LIKE ?",
                                    [cell_id, f"%{year:04d}-%"])
        entries = [Entry(r[0], r[1], tuple(sorted((r[2] or "").split(","))), r[3] or 0, r[4])
                   for r in rows]
        return cls(members, adjustments, entries, cell_rule_book(stored), stored,
                   tracking_start(store, cell_id, stored))

    # -- dues ----------------------------------------------------------

    def rule(self, month: str) -> RuleSet:
        return self._month(month)[0]

    def _month(self, month: str) -> tuple[RuleSet, int]:
        found = self._month_cache.get(month)
        if found is None:
            found = self._month_cache[month] = (self.rules.for_month(month), mon.index(month))
        return found

    def due(self, member: MemberFacts | None, month: str) -> Due | None:
        """The member's due for the month; None when the member is not on the roll."""
        if member is None:
            return None
        key = (member.id, month)
        found = self._due_cache.get(key, _UNKNOWN)
        if found is _UNKNOWN:
            rule, index = self._month(month)
            found = self._due_cache[key] = (
                self._work_out(member, month, rule, index) if member.on_roll(month, index) else None
            )
        return found

    def _work_out(self, m: MemberFacts, month: str, rule: RuleSet, index: int) -> Due:
        exemption = None
        for ex in rule.exemptions:
            if ex.kind == "membership_years":
                if m.admitted_month is not None and index >= m.admitted_month + 12 * ex.years:
                    exemption = ex.code
                    break
            elif getattr(m, ex.field, False):
                exemption = ex.code
                break
        adjustment = None
        if rule.adjustments and exemption is None and m.id in self.adjustments:
            # overlapping decisions (possible after a sync): the most favourable applies
            covering = [a for a in self.adjustments[m.id] if a.from_month <= month <= a.to_month]
            if covering:
                adjustment = max(covering, key=lambda a: (a.percent or 0, a.id))
        # members with the same rule, category, base and decision share one Due
        key = (rule.id, m.category, m.base, exemption, adjustment)
        found = self._shared.get(key)
        if found is None:
            gross = rule.gross(m.category, m.base, self.stored)
            if gross is None or exemption is not None:
                amount = 0
            elif adjustment is not None:
                amount = round_half_up(gross * (100 - min(adjustment.percent or 0, 100)), 100)
            else:
                amount = gross
            found = self._shared[key] = Due(rule, m.category, gross, exemption, adjustment, amount)
        return found

    def due_amount(self, member_id: str, month: str) -> int:
        d = self.due(self.members.get(member_id), month)
        return d.amount if d else 0

    # -- ledger --------------------------------------------------------

    def paid(self) -> dict[tuple[str, str], int]:
        """Money allocated to each (member, month) by the counted ledger entries."""
        if self._paid is None:
            paid: dict[tuple[str, str], int] = {}
            for e in self.entries:
                dues = [self.due_amount(e.member_id, m) for m in e.months]
                for m, part in zip(e.months, allocate(e.amount, dues), strict=True):
                    paid[(e.member_id, m)] = paid.get((e.member_id, m), 0) + part
            self._paid = paid
        return self._paid

    def unpaid_months(self, member: MemberFacts, month: str) -> int:
        """Months of ``month``'s year, up to it and from the tracking start, with dues owed."""
        first = max(f"{month[:4]}-01", self.start_month or "")
        paid = self.paid()
        count = 0
        for m in mon.span(first, month):
            d = self.due(member, m)
            if d is not None and d.amount > 0 and paid.get((member.id, m), 0) < d.amount:
                count += 1
        return count


def member_facts(row: dict) -> MemberFacts:
    """The dues-relevant facts of a member row (as read from the store)."""
    category = row.get("dues_category")
    admitted = row.get("admitted_on")
    return MemberFacts(
        id=row["id"], name_parts=(row.get("family_name"), row.get("middle_name"), row.get("given_name")),
        status=row.get("status") or "probationary", status_since=row.get("status_since"),
        admitted_month=mon.index(admitted) if admitted else None,
        temporarily_attached=bool(row.get("temporarily_attached")),
        category=category if category in DUES_CATEGORIES else "other",
        base=row.get("dues_base"), social_pension=bool(row.get("social_pension")),
        deleted=bool(row.get("deleted")),
    )
