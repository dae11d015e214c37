"""The sync protocol, version 1: what a device and the server send each other.

Both ends import this module and nothing else of each other. It does no I/O:
it parses and checks JSON bodies, names the error codes, holds the size
limits, and decompresses gzip without letting a small body blow up.
``docs/sync-protocol.md`` is the contract in words; change both together and
bump PROTOCOL_VERSION when an old peer would misread.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from cellclient.hlc import is_stamp
from cellclient.merge import Change
from cellclient.replica import check_change

PROTOCOL_VERSION = 1
MIN_CLIENT_VERSION = (0, 1, 0)  # older clients get 426 upgrade_required

MAX_BODY_BYTES = 2 * 1024 * 1024  # a request body as sent (gzip or not)
MAX_DECOMPRESSED_BYTES = 16 * 1024 * 1024  # after gunzip: a gzip bomb stops here
MAX_BATCH_CHANGES = 5000
DEFAULT_MAX_PULL = 2000
MAX_PULL = 5000
MAX_ID_LENGTH = 64
# The cursor names a position per cell of the scope: an upper-level device that
# reads many cells sends a longer one (about 60 characters per cell).
MAX_CURSOR_LENGTH = 1024 * 1024
INT_MIN, INT_MAX = -(2**63), 2**63 - 1  # whole numbers both ends' databases can hold
_CLIENT_RE = re.compile(r"^cellclient/([0-9]+)\.([0-9]+)\.([0-9]+)")  # ASCII digits only


class ErrorCode(StrEnum):
    """``error`` of an error body; the device's reaction is in docs/sync-protocol.md."""

    BAD_REQUEST = "bad_request"
    UNAUTHORIZED = "unauthorized"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    TOO_LARGE = "too_large"
    UPGRADE_REQUIRED = "upgrade_required"
    BUSY = "busy"


HTTP_STATUS = {
    ErrorCode.BAD_REQUEST: 400, ErrorCode.UNAUTHORIZED: 401, ErrorCode.FORBIDDEN: 403,
    ErrorCode.NOT_FOUND: 404, ErrorCode.TOO_LARGE: 413, ErrorCode.UPGRADE_REQUIRED: 426,
    ErrorCode.BUSY: 429,
}


class RejectCode(StrEnum):
    """Why the server refused one change of a batch (the rest is applied)."""

    INVALID = "invalid"  # unknown table or field, bad value
    OUT_OF_SCOPE = "out_of_scope"  # a cell the device may not write
    ROLE = "role"  # the user's role may not write this table
    LOCKED = "locked"  # adopted minutes
    INSERT_ONLY = "insert_only"  # a ledger row written twice with another value


class ProtocolError(Exception):
    """A body that breaks the protocol; ``path`` names the offending part.

    ``status`` defaults to the code's usual HTTP status (``busy`` is 429 for a rate
    limit, 503 when the server itself is overloaded)."""

    def __init__(self, code: ErrorCode, message: str, path: str | None = None, *,
                 status: int | None = None, **detail):
        super().__init__(message)
        self.code = code
        self.message = message
        self.detail = {"path": path, **detail} if path else dict(detail)
        self._status = status

    @property
    def status(self) -> int:
        return self._status or HTTP_STATUS[self.code]

    def body(self) -> dict:
        return {"error": str(self.code), "message": self.message, "detail": self.detail}


def bad(path: str, message: str) -> ProtocolError:
    return ProtocolError(ErrorCode.BAD_REQUEST, f"{path}: {message}", path)


def busy(message: str, retry_after: int, status: int = 429) -> ProtocolError:
    """Come back later: 429 for a rate limit, 503 when the server is overloaded."""
    return ProtocolError(ErrorCode.BUSY, message, status=status, retry_after=int(retry_after))


# What a value problem found by ``cellclient.replica.check_change`` means, in words.
PROBLEM_TEXT = {
    "unknown_table": "is not a replicated table",
    "unknown_field": "is not a field of this table",
    "bad_row_id": f"must be a row id of at most {MAX_ID_LENGTH} characters",
    "bad_clock": "must be a clock stamp",
    "not_bool": "must be true or false",
    "not_int": "must be a whole number",
    "too_big": "is out of range for a whole number",
    "required": "must not be null",
    "not_text": "must be a string",
    "too_long": "is too long",
    "not_a_choice": "is not one of the allowed values",
    "not_date": "must be a date YYYY-MM-DD",
    "not_month": "must be a month YYYY-MM",
    "not_months": "must be months YYYY-MM separated by commas",
    "not_time": "must be a time HH:MM",
}
_PROBLEM_PART = {"unknown_table": "table", "unknown_field": "field", "bad_row_id": "row"}


# -- bodies -------------------------------------------------------------------


@dataclass(frozen=True)
class SyncRequest:
    protocol: int
    client: str
    cursor: str | None
    batch_id: str
    changes: list[Change]
    max_pull: int = DEFAULT_MAX_PULL

    def to_json(self) -> dict:
        return {"protocol": self.protocol, "client": self.client, "cursor": self.cursor,
                "batch_id": self.batch_id, "changes": [c.to_wire() for c in self.changes],
                "max_pull": self.max_pull}


@dataclass(frozen=True)
class Rejected:
    index: int
    error: str
    message: str


@dataclass(frozen=True)
class ConflictNote:
    """A concurrent write the server kept as a conflict record (id = the record's row id)."""

    id: str
    table: str
    row: str
    field: str


@dataclass
class SyncResponse:
    protocol: int
    batch_id: str
    applied: int
    conflicts: list[ConflictNote] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    cursor: str | None = None
    more: bool = False

    def to_json(self) -> dict:
        out = asdict(self)
        out["changes"] = [c.to_wire() for c in self.changes]
        return out

    @classmethod
    def from_json(cls, body: Any) -> SyncResponse:
        if not isinstance(body, dict):
            raise bad("$", "the response must be a JSON object")
        try:
            return cls(
                protocol=int(body["protocol"]),
                batch_id=str(body["batch_id"]),
                applied=int(body["applied"]),
                conflicts=[ConflictNote(**c) for c in body.get("conflicts", [])],
                rejected=[Rejected(**r) for r in body.get("rejected", [])],
                changes=[parse_change(c, f"changes[{i}]") for i, c in
                         enumerate(body.get("changes", []))],
                cursor=body.get("cursor"),
                more=bool(body.get("more", False)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise bad("$", f"malformed response ({exc})") from None


@dataclass(frozen=True)
class EnrollRequest:
    username: str
    code: str
    device_name: str

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class EnrollResponse:
    device_id: str
    token: str
    scope: list[str]
    role: str

    def to_json(self) -> dict:
        return asdict(self)


# -- parsing --------------------------------------------------------------------


def _text(obj: dict, key: str, path: str, *, max_len: int = 200, optional: bool = False):
    value = obj.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        raise bad(f"{path}{key}", "must be a non-empty string")
    if len(value) > max_len:
        raise bad(f"{path}{key}", f"longer than {max_len} characters")
    if not value.isprintable():  # control characters, NUL, lone surrogates: no database takes them all
        raise bad(f"{path}{key}", "contains characters that are not allowed")
    return value


def parse_change(obj: Any, path: str) -> Change:
    """One change; its structure here, its value against the schema registry."""
    if not isinstance(obj, dict):
        raise bad(path, "must be an object")
    unknown = set(obj) - {"table", "row", "field", "value", "hlc", "base"}
    if unknown:
        raise bad(path, f"unknown keys {sorted(unknown)}")
    change = Change(
        table=_text(obj, "table", f"{path}."),
        row=_text(obj, "row", f"{path}.", max_len=MAX_ID_LENGTH),
        field=_text(obj, "field", f"{path}."),
        value=obj.get("value"),
        hlc=_text(obj, "hlc", f"{path}."),
        base=_text(obj, "base", f"{path}.", optional=True),
    )
    value = change.value
    if isinstance(value, (dict, list, float)):
        raise bad(f"{path}.value", "must be a string, a whole number, true/false or null")
    if isinstance(value, int) and not isinstance(value, bool) and not INT_MIN <= value <= INT_MAX:
        raise bad(f"{path}.value", "is out of range for a whole number")
    if isinstance(value, str) and ("\x00" in value or not _utf8(value)):
        raise bad(f"{path}.value", "contains characters that are not allowed")
    return change


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a \ud800 escape
        return False
    return True


def check_change_value(change: Change, path: str) -> None:
    """The change against the schema registry (table, field, value type), with the
    same check the devices use; raises a 400 naming the offending part."""
    problem = check_change(change)
    if problem is None:
        return
    part = _PROBLEM_PART.get(problem)
    if problem == "bad_clock":
        part = "base" if change.hlc and is_stamp(change.hlc) else "hlc"
    part = part or "value"
    raise bad(f"{path}.{part}", PROBLEM_TEXT.get(problem, problem))


def _whole(value: Any) -> int | None:
    """A whole number as JSON Schema's ``integer`` means it: ``2`` or ``2.0``, never
    ``true`` (a change's value keeps its own, stricter rule)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


def parse_sync_request(body: Any) -> SyncRequest:
    """Check a sync request body as sent by a device. Raises ProtocolError:
    426 for an old protocol or client, 413 for too many changes, else 400 (also for
    an unknown table or field or a value of the wrong type: the whole batch waits)."""
    if not isinstance(body, dict):
        raise bad("$", "the body must be a JSON object")
    protocol = _whole(body.get("protocol"))
    if protocol is None:
        raise bad("protocol", "must be a whole number")
    client = _text(body, "client", "")
    if protocol != PROTOCOL_VERSION or client_version(client) < MIN_CLIENT_VERSION:
        raise upgrade_required()
    batch_id = _text(body, "batch_id", "", max_len=MAX_ID_LENGTH)
    cursor = body.get("cursor")
    if cursor is not None and (not isinstance(cursor, str) or len(cursor) > MAX_CURSOR_LENGTH):
        raise bad("cursor", "must be null or the string the server gave")
    changes = body.get("changes", [])
    if not isinstance(changes, list):
        raise bad("changes", "must be a list")
    if len(changes) > MAX_BATCH_CHANGES:
        raise ProtocolError(ErrorCode.TOO_LARGE,
                            f"more than {MAX_BATCH_CHANGES} changes in one batch",
                            "changes", limit=MAX_BATCH_CHANGES)
    max_pull = _whole(body.get("max_pull", DEFAULT_MAX_PULL))
    if max_pull is None or not 0 <= max_pull <= MAX_PULL:
        raise bad("max_pull", f"must be a whole number from 0 to {MAX_PULL}")
    parsed = [parse_change(c, f"changes[{i}]") for i, c in enumerate(changes)]
    for i, change in enumerate(parsed):
        check_change_value(change, f"changes[{i}]")
    return SyncRequest(protocol, client, cursor, batch_id, parsed, max_pull)


def parse_enroll_request(body: Any) -> EnrollRequest:
    if not isinstance(body, dict):
        raise bad("$", "the body must be a JSON object")
    return EnrollRequest(
        username=_text(body, "username", "", max_len=100),
        code=_text(body, "code", "", max_len=100),
        device_name=_text(body, "device_name", "", max_len=100),
    )


def change_problem(change: Change) -> str | None:
    """Why a well-formed change cannot be applied (unknown table/field, bad value)."""
    return check_change(change)


def client_version(client: str) -> tuple[int, int, int]:
    m = _CLIENT_RE.match(client or "")
    return (int(m[1]), int(m[2]), int(m[3])) if m else (0, 0, 0)


def upgrade_required() -> ProtocolError:
    minimum = ".".join(map(str, MIN_CLIENT_VERSION))
    return ProtocolError(
        ErrorCode.UPGRADE_REQUIRED,
        f"This server needs protocol {PROTOCOL_VERSION} and cellclient {minimum} or newer.",
        minimum_version=minimum, protocol=PROTOCOL_VERSION,
    )


def error_body(code: ErrorCode, message: str, **detail) -> dict:
    return {"error": str(code), "message": message, "detail": detail}


# -- gzip -------------------------------------------------------------------------


def gunzip_limited(data: bytes, limit: int = MAX_DECOMPRESSED_BYTES) -> bytes:
    """Decompress gzip, refusing (413) as soon as the output would pass ``limit``."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error:
        raise bad("$", "the body is not valid gzip") from None
    if len(out) > limit or inflater.unconsumed_tail:
        raise ProtocolError(ErrorCode.TOO_LARGE, "the decompressed body is over the limit",
                            limit=limit)
    if not inflater.eof:
        raise bad("$", "the gzip body is truncated")
    return out


def gzip_bytes(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()
