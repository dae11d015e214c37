"""A loopback TCP proxy that behaves like a bad rural link, for tests and the benchmark.

It listens on 127.0.0.1 only and forwards to one loopback target. The link can
be slowed to N bytes per second in each direction and given a one-way
latency; one-shot faults can be armed that, after N more bytes in one
direction, cut the connection (a reset or a plain close) or hang it (nothing
moves any more, the sockets stay open: the client has to time out).

Bytes are counted as they are forwarded, so ``bytes_up``/``bytes_down`` are
the bytes on the wire as the client's link would carry them (HTTP headers
included). Everything is bounded: at most ``max_connections`` at once, a
small buffer per direction (back-pressure instead of memory growth), a hung
connection is dropped after ``hang_limit`` seconds, and the whole proxy stops
itself after ``lifetime`` seconds even if a test forgets to close it.

    with FaultProxy(("127.0.0.1", server_port), rate=8000, latency=0.3) as proxy:
        proxy.arm(Fault("down", after=0))  # the next response is lost
        ... talk to proxy.url ...
"""

from __future__ import annotations

import contextlib
import queue
import socket
import struct
import threading
import time
from dataclasses import dataclass

LOOPBACK = "127.0.0.1"
UP, DOWN = "up", "down"  # client -> server, server -> client
CHUNK = 16 * 1024
PIECE = 512  # bytes sent at once on a throttled link, so the rate is smooth
BUFFERED_CHUNKS = 64  # per direction and connection: about 1 MiB at most


@dataclass
class Fault:
    """One-shot: after ``after`` more bytes in ``direction``, ``action`` the connection.

    ``action``: "reset" (RST, as when a mobile link drops), "close" (FIN: the
    peer sees a short read) or "hang" (nothing more is forwarded either way).
    """

    direction: str
    after: int = 0
    action: str = "reset"

    def __post_init__(self):
        if self.direction not in (UP, DOWN) or self.action not in ("reset", "close", "hang"):
            raise ValueError(f"bad fault {self!r}")
        if self.after < 0:
            raise ValueError("after must be >= 0")


class _Armed:
    def __init__(self, fault: Fault, start: int):
        self.fault = fault
        self.start = start  # the direction's byte count when the fault became active


class FaultProxy:
    """A loopback proxy with a throttled, delayed, breakable link."""

    def __init__(self, target: tuple[str, int], *, rate: float | None = None,
                 latency: float = 0.0, lifetime: float = 600.0, max_connections: int = 64,
                 hang_limit: float = 60.0, tls=None):
        host, port = target
        if host not in (LOOPBACK, "localhost"):
            raise ValueError("the fault proxy only forwards to the loopback address")
        self.target = (LOOPBACK, int(port))
        self.rate = rate  # bytes per second in each direction; None: as fast as loopback
        self.latency = latency  # one way, seconds
        self.lifetime = lifetime
        self.max_connections = max_connections
        self.hang_limit = hang_limit
        self.tls = tls  # an ssl.SSLContext: terminate TLS here, like a reverse proxy
        self.bytes = {UP: 0, DOWN: 0}
        self.connections = 0
        self.faults_fired: list[Fault] = []
        self._lock = threading.Lock()
        self._armed: dict[str, list[_Armed]] = {UP: [], DOWN: []}
        self._link_free = {UP: 0.0, DOWN: 0.0}  # when each direction's link is free again
        self._conns: set[_Connection] = set()
        self._stop = threading.Event()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind((LOOPBACK, 0))
        self._listener.listen(16)
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._accept_loop, name="faultproxy", daemon=True)
        self._started = False

    # -- public ------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://{LOOPBACK}:{self.port}"

    @property
    def bytes_up(self) -> int:
        return self.bytes[UP]

    @property
    def bytes_down(self) -> int:
        return self.bytes[DOWN]

    def start(self) -> FaultProxy:
        if not self._started:
            self._started = True
            self._deadline = time.monotonic() + self.lifetime
            self._thread.start()
        return self

    def close(self) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):
            self._listener.close()
        for conn in list(self._conns):
            conn.close()
        if self._started and threading.current_thread() is not self._thread:
            self._thread.join(timeout=5)

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    def arm(self, *faults: Fault) -> None:
        """Queue one-shot faults; each direction's first armed fault counts from now,
        a later one from when the one before it fired."""
        with self._lock:
            for fault in faults:
                line = self._armed[fault.direction]
                line.append(_Armed(fault, self.bytes[fault.direction] if not line else -1))

    def disarm(self) -> None:
        with self._lock:
            self._armed = {UP: [], DOWN: []}

    def pending_faults(self) -> int:
        with self._lock:
            return len(self._armed[UP]) + len(self._armed[DOWN])

    def reset_counters(self) -> None:
        with self._lock:
            self.bytes = {UP: 0, DOWN: 0}
            self.connections = 0
            for line in self._armed.values():
                for armed in line:
                    armed.start = 0 if armed.start >= 0 else -1

    def drop_all(self) -> None:
        """Reset every open connection now (the link went down)."""
        for conn in list(self._conns):
            conn.cut("reset")

    # -- machinery ---------------------------------------------------------------

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            if time.monotonic() > self._deadline:
                self.close()  # bounded: a forgotten proxy goes away by itself
                return
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if len(self._conns) >= self.max_connections:
                client.close()
                continue
            if self.tls is not None:
                try:
                    client.settimeout(5)
                    client = self.tls.wrap_socket(client, server_side=True)
                except OSError:  # the client refused our certificate: its TLS check works
                    _reset(client)
                    continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                _reset(client)
                continue
            with self._lock:
                self.connections += 1
            conn = _Connection(self, client, upstream)
            self._conns.add(conn)
            conn.start()

    def _budget(self, direction: str, size: int) -> tuple[int, Fault | None]:
        """How many of ``size`` bytes may pass before an armed fault fires (and which)."""
        with self._lock:
            line = self._armed[direction]
            if not line:
                return size, None
            armed = line[0]
            if armed.start < 0:
                armed.start = self.bytes[direction]
            left = armed.fault.after - (self.bytes[direction] - armed.start)
            if left >= size:
                return size, None
            line.pop(0)
            if line and line[0].start < 0:
                line[0].start = self.bytes[direction] + max(left, 0)
            self.faults_fired.append(armed.fault)
            return max(left, 0), armed.fault

    def _count(self, direction: str, n: int) -> None:
        with self._lock:
            self.bytes[direction] += n

    def _shape(self, direction: str, n: int) -> float:
        """When ``n`` bytes have crossed a link of ``rate`` bytes/s (serialisation delay)."""
        if not self.rate:
            return 0.0
        with self._lock:
            start = max(time.monotonic(), self._link_free[direction])
            self._link_free[direction] = start + n / self.rate
            return self._link_free[direction]


def _reset(sock: socket.socket) -> None:
    """Close with RST rather than FIN: what the peer sees when a mobile link drops."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()


class _Connection:
    """One client connection and its upstream: a reader and a writer per direction."""

    def __init__(self, proxy: FaultProxy, client: socket.socket, upstream: socket.socket):
        self.proxy = proxy
        self.client = client
        self.upstream = upstream
        self.closed = threading.Event()
        self.hung = threading.Event()
        self._lock = threading.Lock()
        for s in (client, upstream):
            s.settimeout(0.2)
        self.threads = []
        self._writers_left = 2
        for direction, src, dst in ((UP, client, upstream), (DOWN, upstream, client)):
            q: queue.Queue = queue.Queue(maxsize=BUFFERED_CHUNKS)
            self.threads.append(threading.Thread(target=self._read, args=(direction, src, q),
                                                 daemon=True, name=f"faultproxy-read-{direction}"))
            self.threads.append(threading.Thread(target=self._write, args=(direction, dst, q),
                                                 daemon=True, name=f"faultproxy-write-{direction}"))

    def start(self) -> None:
        for t in self.threads:
            t.start()

    def _read(self, direction: str, src: socket.socket, q: queue.Queue) -> None:
        while not self.closed.is_set():
            try:
                data = src.recv(CHUNK)
            except TimeoutError:
                continue
            except OSError:
                data = b""
            due = time.monotonic() + self.proxy.latency
            while not self.closed.is_set():
                try:
                    q.put((due, data), timeout=0.2)
                    break
                except queue.Full:
                    continue
            if not data:
                return

    def _write(self, direction: str, dst: socket.socket, q: queue.Queue) -> None:
        try:
            self._pump(direction, dst, q)
        finally:
            with self._lock:
                self._writers_left -= 1
                done = self._writers_left == 0
            if done:  # both directions finished: nothing left to forward
                self.close()

    def _pump(self, direction: str, dst: socket.socket, q: queue.Queue) -> None:
        proxy = self.proxy
        while not self.closed.is_set():
            try:
                due, data = q.get(timeout=0.2)
            except queue.Empty:
                continue
            if self.hung.is_set():
                continue  # a hung link swallows everything until it is dropped
            _sleep_until(due, self.closed)
            if not data:  # the source closed its side: pass the FIN on
                with contextlib.suppress(OSError):
                    dst.shutdown(socket.SHUT_WR)
                return
            for i in range(0, len(data), PIECE if proxy.rate else CHUNK):
                piece = data[i:i + (PIECE if proxy.rate else CHUNK)]
                allowed, fault = proxy._budget(direction, len(piece))
                if allowed:
                    _sleep_until(proxy._shape(direction, allowed), self.closed)
                    # Counted before the send, so a reader who has the bytes sees the count.
                    proxy._count(direction, allowed)
                    try:
                        dst.sendall(piece[:allowed])
                    except OSError:
                        proxy._count(direction, -allowed)
                        self.close()
                        return
                if fault is not None:
                    self._fire(fault)
                    return

    def _fire(self, fault: Fault) -> None:
        if fault.action == "hang":
            self.hung.set()
            threading.Thread(target=self._drop_after_hang, daemon=True).start()
        else:
            self.cut(fault.action)

    def _drop_after_hang(self) -> None:
        if not self.closed.wait(self.proxy.hang_limit):
            self.cut("close")

    def cut(self, how: str) -> None:
        with self._lock:
            if self.closed.is_set():
                return
            self.closed.set()
        if how == "reset":
            _reset(self.client)
            _reset(self.upstream)
        else:
            for s in (self.client, self.upstream):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                with contextlib.suppress(OSError):
                    s.close()
        self.proxy._conns.discard(self)

    def close(self) -> None:
        self.cut("close")


def _sleep_until(when: float, stop: threading.Event) -> None:
    delay = when - time.monotonic()
    if delay > 0:
        stop.wait(delay)
