"""The per-field merge rule, the same on every device and on the server.

Each field carries the clock stamp of its last write and the stamp its writer
had seen (its base). The later stamp wins, whatever order changes arrive in,
so replicas converge. When the two writes differ and the winner's writer had
not seen the loser, the losing value is handed back so that it can be kept
as a conflict record for a person to review.

"Had seen" is judged from the winner's base: a writer whose base is at least
the loser's stamp had that value or a later one in front of it. This stays
right when a server sends only the latest write of a field (a compacted
feed), at the price of trusting the replica that did see the loser to have
reported any conflict there: the server, which judges exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Change:
    """One field write, as stored in the change log and sent over the wire."""

    table: str
    row: str
    field: str
    value: Any
    hlc: str
    base: str | None = None

    def to_wire(self) -> dict:
        return {"table": self.table, "row": self.row, "field": self.field,
                "value": self.value, "hlc": self.hlc, "base": self.base}

    @classmethod
    def from_wire(cls, d: dict) -> Change:
        return cls(d["table"], d["row"], d["field"], d.get("value"), d["hlc"], d.get("base"))


@dataclass(frozen=True)
class Write:
    """The value of one field and the clock facts of the write that set it."""

    value: Any
    hlc: str
    base: str | None = None


@dataclass(frozen=True)
class Outcome:
    apply: bool  # the incoming write becomes the field's value
    lost: Write | None = None  # a concurrent write that lost, to be kept as a conflict


def saw(writer: Write, other: Write, exact: bool = False) -> bool:
    """Whether ``writer`` was made with ``other`` in view: its base is ``other``'s
    stamp (``exact``), or at least as new (a device's judgement, see above)."""
    if writer.base is None:
        return False
    return writer.base == other.hlc if exact else writer.base >= other.hlc


def merge(current: Write | None, incoming: Write, exact: bool = False) -> Outcome:
    """Decide what one incoming write does to a field whose state is ``current``.

    ``exact`` is for the server: every write reaches it, in order, before any
    device can see it, so a writer saw a value only if its base is that value's
    stamp; a device, fed only the latest write of each field, cannot be so sure.
    """
    if current is None:
        return Outcome(apply=True)
    if incoming.hlc == current.hlc:
        return Outcome(apply=False)  # the same write again
    if incoming.hlc > current.hlc:
        winner, loser, apply = incoming, current, True
    else:
        winner, loser, apply = current, incoming, False
    concurrent = winner.value != loser.value and not saw(winner, loser, exact)
    return Outcome(apply=apply, lost=loser if concurrent else None)
