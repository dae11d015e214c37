"""Reading a request body safely: size caps before parsing, gzip without bombs, JSON.

The body is read in chunks and refused (413) as soon as it passes the limit
as sent; a gzip body is inflated with a cap on its output. Only then is it
parsed, and anything that is not JSON is a 400, never a 500.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from sync.protocol import MAX_BODY_BYTES, ErrorCode, ProtocolError, bad, gunzip_limited


def too_large(limit: int) -> ProtocolError:
    return ProtocolError(ErrorCode.TOO_LARGE, f"the request body is over {limit} bytes",
                         limit=limit)


async def read_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.strip().isdigit():
            raise bad("Content-Length", "must be a whole number")
        if int(declared) > limit:
            raise too_large(limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


async def read_json(request: Request) -> Any:
    """The JSON body, decompressed when sent with ``Content-Encoding: gzip``."""
    raw = await read_body(request)
    encoding = request.headers.get("content-encoding", "identity").strip().lower()
    if encoding == "gzip":
        raw = await run_in_threadpool(gunzip_limited, raw)
    elif encoding not in ("", "identity"):
        raise bad("Content-Encoding", "must be gzip or identity")
    return await run_in_threadpool(parse_json, raw)


def parse_json(raw: bytes) -> Any:
    if not raw:
        raise bad("$", "the body is empty; a JSON object is expected")
    try:
        return json.loads(raw, parse_constant=_no_constant)
    except RecursionError:
        raise bad("$", "the JSON is nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise bad("$", f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except (ValueError, UnicodeDecodeError):
        raise bad("$", "not valid JSON") from None


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")
