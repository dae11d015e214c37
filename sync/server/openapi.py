"""JSON Schemas of the request and response bodies, for the OpenAPI document.

The server reads bodies itself (size caps and gzip come before parsing), so
FastAPI cannot derive these; they describe what ``sync.protocol`` accepts.
"""

from __future__ import annotations

from cellclient.schema import TABLES
from sync.protocol import MAX_BATCH_CHANGES, MAX_ID_LENGTH, MAX_PULL

STAMP = {"type": "string", "minLength": 1, "maxLength": 200}

CHANGE = {
    "type": "object",
    "required": ["table", "row", "field", "hlc"],
    "additionalProperties": False,
    "properties": {
        "table": {"type": "string", "enum": sorted(TABLES)},
        "row": {"type": "string", "minLength": 1, "maxLength": MAX_ID_LENGTH},
        "field": {"type": "string", "minLength": 1, "maxLength": 64},
        "value": {"type": ["string", "integer", "boolean", "null"]},
        "hlc": STAMP,
        "base": {"anyOf": [STAMP, {"type": "null"}]},
    },
}

SYNC_REQUEST = {
    "type": "object",
    "required": ["protocol", "client", "batch_id"],
    "properties": {
        "protocol": {"type": "integer"},
        "client": {"type": "string", "example": "cellclient/0.1.0"},
        "cursor": {"type": ["string", "null"]},
        "batch_id": {"type": "string", "minLength": 1, "maxLength": MAX_ID_LENGTH},
        "changes": {"type": "array", "items": CHANGE, "maxItems": MAX_BATCH_CHANGES},
        "max_pull": {"type": "integer", "minimum": 0, "maximum": MAX_PULL},
    },
}

ENROLL_REQUEST = {
    "type": "object",
    "required": ["username", "code", "device_name"],
    "properties": {
        "username": {"type": "string", "minLength": 1, "maxLength": 100},
        "code": {"type": "string", "minLength": 1, "maxLength": 100},
        "device_name": {"type": "string", "minLength": 1, "maxLength": 100},
    },
}

ERROR = {
    "type": "object",
    "required": ["error", "message", "detail"],
    "properties": {"error": {"type": "string"}, "message": {"type": "string"},
                   "detail": {"type": "object"}},
}


def body(schema: dict) -> dict:
    """``openapi_extra`` for a route whose JSON body the route reads itself."""
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


def errors(*statuses: int) -> dict:
    return {status: {"description": "error", "content": {"application/json": {"schema": ERROR}}}
            for status in statuses}
