"""JSON Schemas of the request and response bodies, for the OpenAPI document.

The server reads bodies itself (size caps and gzip come before parsing), so
FastAPI cannot derive these; they describe what ``sync.protocol`` accepts, as
strictly as it checks, so that a client generated from them sends nothing the
server refuses with a 400. What no schema can say (a field's value against the
schema registry, the cursor's content) is said in the descriptions.

Text the server takes must be printable (``str.isprintable``) and not blank. The
characters that are printable depend on the Unicode version of the server's
Python, so the pattern saying so is worked out from it, once, when the document
is first asked for (``components``).
"""

from __future__ import annotations

import sys
from functools import cache

from cellclient.schema import MAX_INT, TABLES
from sync.protocol import (
    MAX_BATCH_CHANGES,
    MAX_CURSOR_LENGTH,
    MAX_ID_LENGTH,
    MAX_PULL,
    MIN_CLIENT_VERSION,
    PROTOCOL_VERSION,
)

from .auth import CODE_ALPHABET, CODE_LENGTH


def _ref(name: str, **constraints) -> dict:
    return {"$ref": f"#/components/schemas/{name}", **constraints}


def _text(max_length: int, **extra) -> dict:
    return _ref("Text", minLength=1, maxLength=max_length, **extra)


def _current_client_pattern() -> str:
    """``cellclient/X.Y.Z`` at MIN_CLIENT_VERSION or newer (0.1.0: major > 0, or minor > 0)."""
    major, minor, _patch = MIN_CLIENT_VERSION
    assert (major, minor) == (0, 1), "write the pattern again for the new minimum"
    return r"^cellclient/(?:0*[1-9][0-9]*\.[0-9]+|0+\.0*[1-9][0-9]*)\.[0-9]+"


def _code_pattern() -> str:
    """What can ever be an enrollment code: CODE_LENGTH characters of CODE_ALPHABET in
    either case, with spaces and dashes anywhere (the server drops those)."""
    letters = "".join(sorted(set(CODE_ALPHABET + CODE_ALPHABET.lower())))
    return rf"^[ -]*(?:[{letters}][ -]*){{{CODE_LENGTH}}}$"


STAMP = _ref("Stamp")

CHANGE = {
    "type": "object",
    "required": ["table", "row", "field", "hlc"],
    "additionalProperties": False,
    "properties": {
        "table": {"type": "string", "enum": sorted(TABLES)},
        "row": _text(MAX_ID_LENGTH),
        "field": _text(64, description="a field of the table in the schema registry "
                                       "(docs/sync-protocol.md); another is a 400"),
        "value": {
            "description": "of the field's type in the schema registry (text, a date "
                           "YYYY-MM-DD, a whole number...); a value of another type is a 400",
            "anyOf": [
                {"type": "string", "pattern": "^[^\\x00]*$"},
                {"type": "integer", "minimum": -MAX_INT, "maximum": MAX_INT},
                {"type": "boolean"},
                {"type": "null"},
            ],
        },
        "hlc": STAMP,
        "base": {"anyOf": [STAMP, {"type": "null"}]},
    },
}

SYNC_REQUEST = {
    "type": "object",
    "description": f"``protocol`` other than {PROTOCOL_VERSION}, or a ``client`` that is not "
                   "cellclient/" + ".".join(map(str, MIN_CLIENT_VERSION)) + " or newer, is "
                   "answered 426 before anything else of the body is read; only then is "
                   "``batch_id`` required.",
    "required": ["protocol", "client"],
    "properties": {
        "protocol": {"type": "integer", "example": PROTOCOL_VERSION},
        "client": _text(200, example="cellclient/0.1.0"),
        "cursor": {"anyOf": [{"type": "string", "maxLength": MAX_CURSOR_LENGTH},
                             {"type": "null"}],
                   "description": "null, or the cursor the server's last answer gave, "
                                  "unchanged; any other string is a 400"},
        "batch_id": _text(MAX_ID_LENGTH),
        "changes": {"type": "array", "items": CHANGE, "maxItems": MAX_BATCH_CHANGES},
        "max_pull": {"type": "integer", "minimum": 0, "maximum": MAX_PULL},
    },
    # What the server reads after the version check is required of a current client only.
    "if": {"required": ["protocol", "client"],
           "properties": {"protocol": {"const": PROTOCOL_VERSION},
                          "client": {"type": "string", "pattern": _current_client_pattern()}}},
    "then": {"required": ["batch_id"]},
}

ENROLL_REQUEST = {
    "type": "object",
    "required": ["username", "code", "device_name"],
    "properties": {
        "username": _text(100),
        "code": {"type": "string", "minLength": 1, "maxLength": 100,
                 "pattern": _code_pattern(), "example": "ABCD-EFGH-JKMN",
                 "description": f"the one-time code: {CODE_LENGTH} letters and digits of "
                                f"{CODE_ALPHABET}, any case, dashes and spaces ignored"},
        "device_name": _text(100),
    },
}

ERROR = {
    "type": "object",
    "required": ["error", "message", "detail"],
    "properties": {"error": {"type": "string"}, "message": {"type": "string"},
                   "detail": {"type": "object"}},
}

STATUS_TEXT = {
    400: "bad_request: the body breaks the protocol; detail.path names the part",
    401: "unauthorized: no device token, an unknown or revoked one; for /v1/enroll a "
         "wrong, used or expired code",
    413: "too_large: the body (as sent, or inflated) or the batch is over its limit; "
         "detail.limit says which",
    426: f"upgrade_required: protocol other than {PROTOCOL_VERSION} or a client older than "
         "cellclient/" + ".".join(map(str, MIN_CLIENT_VERSION)) + "; checked before the "
         "rest of the body",
    429: "busy: too many failed enrollments, or the server is busy; wait Retry-After seconds",
    503: "busy: the server or its database is overloaded; wait Retry-After seconds",
}


def body(schema: dict) -> dict:
    """``openapi_extra`` for a route whose JSON body the route reads itself."""
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


def errors(*statuses: int) -> dict:
    return {status: {"description": STATUS_TEXT.get(status, "error"),
                     "content": {"application/json": {"schema": ERROR}}}
            for status in statuses}


def _ranges(printable: bool, skip_space: bool) -> str:
    """The code points whose ``isprintable()`` is ``printable``, as character-class ranges:
    ``\\uXXXX`` escapes in the BMP, the characters themselves above it (read alike by
    Python's ``re`` and by ECMA-262 with Unicode semantics, as JSON Schema uses)."""
    def spell(c: int) -> str:
        return f"\\u{c:04x}" if c <= 0xFFFF else chr(c)

    def wanted(c: int) -> bool:
        if c > sys.maxunicode or 0xD800 <= c <= 0xDFFF or (skip_space and c == 0x20):
            return False
        return chr(c).isprintable() is printable

    parts, start = [], None
    for c in range(sys.maxunicode + 2):
        if wanted(c):
            start = c if start is None else start
        elif start is not None:
            parts.append(spell(start) if start == c - 1 else f"{spell(start)}-{spell(c - 1)}")
            start = None
    return "".join(parts)


@cache
def components() -> dict:
    """The shared schemas the bodies refer to (``#/components/schemas/...``)."""
    visible = _ranges(True, skip_space=True)  # printable, the space aside
    return {
        "Text": {"type": "string",
                 "description": "printable characters (no control, format, unassigned or "
                                "separator characters but the space), not blank",
                 "pattern": f"^ *[{visible}][ {visible}]*$"},
        "Stamp": {"type": "string", "maxLength": 200,
                  "description": "a clock stamp: 15-digit wall milliseconds, 6-digit "
                                 "counter, device id",
                  "example": "001790000000000-000000-a1b2c3d4",
                  "pattern": f"^[0-9]{{15}}-[0-9]{{6}}-[ {visible}]+$"},
    }


def install(app) -> None:
    """Add ``components`` to the app's OpenAPI document when it is first built."""
    build = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            spec = build()
            spec.setdefault("components", {}).setdefault("schemas", {}).update(components())
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi
