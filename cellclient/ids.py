"""UUIDv7 identifiers: made on the device, never colliding, sorting by creation time."""

from __future__ import annotations

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_seq = 0


def new_id() -> str:
    """A UUIDv7 string (RFC 9562); ids made in one process sort in creation order."""
    global _last_ms, _seq
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last_ms:
            # Same millisecond (or the clock stepped back): count up to keep order.
            _seq += 1
            if _seq > 0xFFF:
                _last_ms += 1
                _seq = 0
            ms = _last_ms
        else:
            _last_ms = ms
            _seq = int.from_bytes(os.urandom(2), "big") & 0x3FF  # leaves room to count up
        seq = _seq
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= seq << 64
    value |= 0b10 << 62
    value |= int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))


def derived_id(*parts: str) -> str:
    """A stable id for a row whose identity is its parts (e.g. one attendance per
    meeting and member), so two devices creating it offline make the same row."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "cellclient:" + "/".join(parts)))
