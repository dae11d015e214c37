"""Hybrid logical clock: stamps every field write so that all replicas agree on order.

A stamp is ``(wall_ms, counter, device_id)``, encoded as a fixed-width string so
that comparing two stamps as strings compares them as clocks.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

_WALL_DIGITS = 15
_COUNTER_DIGITS = 6
MAX_DRIFT_MS = 24 * 3600 * 1000  # a remote stamp this far ahead of our clock is refused


class ClockError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Stamp:
    wall_ms: int
    counter: int
    device_id: str

    def encode(self) -> str:
        return f"{self.wall_ms:0{_WALL_DIGITS}d}-{self.counter:0{_COUNTER_DIGITS}d}-{self.device_id}"

    @classmethod
    def decode(cls, text: str) -> Stamp:
        try:
            wall, counter, device = text.split("-", 2)
            if len(wall) != _WALL_DIGITS or len(counter) != _COUNTER_DIGITS or not device:
                raise ValueError
            return cls(int(wall), int(counter), device)
        except ValueError:
            raise ClockError(f"not a clock stamp: {text!r}") from None


def is_stamp(text: object) -> bool:
    if not isinstance(text, str):
        return False
    try:
        Stamp.decode(text)
    except ClockError:
        return False
    return True


class Clock:
    """The clock of one device. ``now()`` is strictly greater than every stamp
    this clock has issued or observed."""

    def __init__(self, device_id: str, last: str | None = None, wall=None):
        if "-" in device_id or not device_id:
            raise ValueError("device_id must be non-empty and contain no '-'")
        self.device_id = device_id
        self._wall = wall or (lambda: time.time_ns() // 1_000_000)
        self._lock = threading.Lock()
        if last:
            s = Stamp.decode(last)
            self._last = (s.wall_ms, s.counter)
        else:
            self._last = (0, 0)

    @property
    def last(self) -> str:
        return Stamp(*self._last, self.device_id).encode()

    def now(self) -> str:
        with self._lock:
            wall = self._wall()
            last_wall, last_counter = self._last
            if wall > last_wall:
                self._last = (wall, 0)
            elif last_counter + 1 < 10**_COUNTER_DIGITS:
                self._last = (last_wall, last_counter + 1)
            else:
                self._last = (last_wall + 1, 0)
            return Stamp(*self._last, self.device_id).encode()

    def catch_up(self, stamp: str) -> None:
        """Move past a stamp this device issued in another process (no drift check:
        it is our own)."""
        s = Stamp.decode(stamp)
        with self._lock:
            if (s.wall_ms, s.counter) > self._last:
                self._last = (s.wall_ms, s.counter)

    def observe(self, stamp: str) -> None:
        """Move past a stamp received from another replica."""
        remote = Stamp.decode(stamp)
        with self._lock:
            if remote.wall_ms - self._wall() > MAX_DRIFT_MS:
                raise ClockError("remote clock is more than a day ahead")
            if (remote.wall_ms, remote.counter) > self._last:
                self._last = (remote.wall_ms, remote.counter)
