"""Device tokens, one-time enrollment codes, and the rate limit on failed enrollments.

A device token is 32 random bytes; the server keeps only its SHA-256, so a copy
of the database cannot be used to sync. Enrollment codes are short enough to
type, so they are kept as Argon2id hashes and attempts are rate limited per
username and per client address, counted in the database so that every app
server behind a load balancer agrees.
"""

from __future__ import annotations

import hashlib
import logging
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, delete, func, select, text, update

from cellclient.ids import new_id
from sync.protocol import EnrollRequest, EnrollResponse, ErrorCode, ProtocolError, busy

from . import db
from .audit import record
from .db import now_ms
from .roles import Caller, scope_of
from .tables import devices, enroll_codes, enroll_failures, users

log = logging.getLogger(__name__)

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U: read aloud and typed by people
CODE_LENGTH = 12  # about 59 bits
CODE_TTL_MS = 72 * 3600 * 1000
OPEN_CODES_CHECKED = 10  # the newest unused codes of a user tried against an attempt

FAILURE_WINDOW_MS = 15 * 60 * 1000
MAX_FAILURES_PER_USERNAME = 5
MAX_FAILURES_PER_ADDRESS = 20
ENROLL_LOCK = 0x656E726F6C6C  # the advisory lock that admits enrollment attempts one at a time
LAST_SEEN_EVERY_MS = 5 * 60 * 1000

# OWASP's minimum for Argon2id: a code is checked once per enrollment, not per request.
_hasher = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)
_DUMMY_HASH = _hasher.hash("not-a-code")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, CODE_LENGTH, 4))


def normalize_code(code: str) -> str:
    """What a person typed, without spaces and dashes, in capitals."""
    return "".join(ch for ch in code.upper() if ch not in " -")


def hash_code(code: str) -> str:
    return _hasher.hash(normalize_code(code))


def _code_matches(code_hash: str, code: str) -> bool:
    try:
        return _hasher.verify(code_hash, normalize_code(code))
    except (VerificationError, InvalidHashError):
        return False


def unauthorized(message: str) -> ProtocolError:
    return ProtocolError(ErrorCode.UNAUTHORIZED, message)


# -- requests by a device ---------------------------------------------------------


def caller_for_token(engine: Engine, token: str | None) -> Caller:
    """The device a bearer token belongs to, or 401 (unknown, revoked)."""
    if not token:
        raise unauthorized("This request needs the device's token (Authorization: Bearer ...).")
    token_hash = hash_token(token)

    def lookup(conn: Connection):
        row = conn.execute(
            select(devices.c.id, devices.c.name, devices.c.revoked_at, devices.c.last_seen_at,
                   users.c.id.label("user_id"), users.c.username, users.c.role, users.c.node_id)
            .join(users, users.c.id == devices.c.user_id)
            .where(devices.c.token_hash == token_hash)
        ).first()
        if row is None or row.revoked_at is not None:
            return row, None
        return row, scope_of(conn, row.role, row.node_id)

    row, scope = db.read(engine, lookup)
    if row is None:
        raise unauthorized("This device is not enrolled on this server; enroll it again.")
    if row.revoked_at is not None:
        raise unauthorized("This device was revoked; enroll it again with a new code.")
    if row.last_seen_at is None or now_ms() - row.last_seen_at > LAST_SEEN_EVERY_MS:
        db.write(engine, lambda conn: conn.execute(
            update(devices).where(devices.c.id == row.id).values(last_seen_at=now_ms())))
    return Caller(row.id, row.name, row.user_id, row.username, row.role, row.node_id, scope)


# -- enrollment -------------------------------------------------------------------


def enroll(engine: Engine, request: EnrollRequest, address: str) -> EnrollResponse:
    """Trade a one-time code for a device token; refuse (429) after too many failures.

    Each attempt is admitted and written down in one serialised step before its
    code is checked, and counts as a failure unless it succeeds (then its row
    goes in the same transaction that redeems the code): a burst of
    simultaneous guesses sees itself and cannot pass the limit."""
    address = (address or "unknown")[:100]
    attempt = db.write(engine, lambda conn: _admit(conn, request.username, address))
    token = new_token()
    outcome = db.write(engine, lambda conn: _redeem(conn, request, hash_token(token), attempt))
    if isinstance(outcome, EnrollResponse):
        log.info("enrolled device=%s role=%s", outcome.device_id, outcome.role)
        return EnrollResponse(outcome.device_id, token, outcome.scope, outcome.role)
    log.info("enrollment refused (%s)", outcome)
    messages = {
        "expired": "This enrollment code has expired; ask the administrator for a new one.",
        "used": "This enrollment code was already used; ask the administrator for a new one.",
    }
    raise unauthorized(messages.get(outcome, "Wrong username or enrollment code."))


def _admit(conn: Connection, username: str, address: str) -> int:
    """The id of this attempt's row, or 429 when the attempts of the window (failed,
    or still being checked) reach the limit for the username or the address."""
    if conn.dialect.name == "postgresql":
        # SQLite writers are one at a time already (BEGIN IMMEDIATE); on PostgreSQL
        # two admissions must not both count before either has written its row.
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ENROLL_LOCK})
    now = now_ms()
    conn.execute(delete(enroll_failures).where(enroll_failures.c.at < now - FAILURE_WINDOW_MS))
    for column, key, limit in ((enroll_failures.c.username, username, MAX_FAILURES_PER_USERNAME),
                               (enroll_failures.c.address, address, MAX_FAILURES_PER_ADDRESS)):
        count, oldest = conn.execute(
            select(func.count(), func.min(enroll_failures.c.at)).where(column == key)).one()
        if count >= limit:
            retry_after = max(1, (oldest + FAILURE_WINDOW_MS - now + 999) // 1000)
            raise busy("Too many failed enrollment attempts; wait and try again.", retry_after)
    return conn.execute(enroll_failures.insert().values(
        username=username, address=address, at=now)).inserted_primary_key[0]


def _redeem(conn: Connection, request: EnrollRequest, token_hash: str,
            attempt: int) -> EnrollResponse | str:
    """The new device, or why the attempt failed: "wrong", "expired" or "used"."""
    user = conn.execute(select(users).where(users.c.username == request.username)).first()
    if user is None:
        _code_matches(_DUMMY_HASH, request.code)  # same time as a real check: no username oracle
        return "wrong"
    codes = conn.execute(
        select(enroll_codes).where(enroll_codes.c.user_id == user.id)
        .order_by(enroll_codes.c.created_at.desc()).limit(OPEN_CODES_CHECKED)).all()
    match = next((c for c in codes if _code_matches(c.code_hash, request.code)), None)
    if match is None:
        return "wrong"
    now = now_ms()
    if match.used_at is not None:
        return "used"
    if match.expires_at <= now:
        return "expired"
    device_id = new_id()
    taken = conn.execute(
        update(enroll_codes).where(enroll_codes.c.id == match.id, enroll_codes.c.used_at.is_(None))
        .values(used_at=now, device_id=device_id)).rowcount
    if taken != 1:
        return "used"  # a concurrent attempt redeemed it first
    conn.execute(devices.insert().values(id=device_id, user_id=user.id, name=request.device_name,
                                         token_hash=token_hash, created_at=now))
    record(conn, "enroll", user_id=user.id, device_id=device_id)
    conn.execute(delete(enroll_failures).where(enroll_failures.c.id == attempt))  # not a failure
    scope = scope_of(conn, user.role, user.node_id)
    return EnrollResponse(device_id, "", sorted(scope), user.role)
