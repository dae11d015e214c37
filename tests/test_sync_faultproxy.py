"""The fault proxy itself: it must slow, delay, cut and hang exactly as told,
or the sync tests built on it prove nothing."""

from __future__ import annotations

import contextlib
import socket
import threading
import time

import pytest

from tests.faultproxy import DOWN, UP, Fault, FaultProxy


class EchoServer:
    """A loopback TCP server that sends back whatever it receives."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.received = 0
        self._stop = False
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._echo, args=(conn,), daemon=True).start()

    def _echo(self, conn):
        with conn:
            while True:
                try:
                    data = conn.recv(65536)
                except OSError:
                    return
                if not data:
                    return
                self.received += len(data)
                with contextlib.suppress(OSError):
                    conn.sendall(data)

    def close(self):
        self._stop = True
        self.sock.close()


@pytest.fixture
def echo():
    server = EchoServer()
    yield server
    server.close()


def _connect(proxy) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", proxy.port), timeout=5)
    return s


def _recv_exactly(s: socket.socket, n: int) -> bytes:
    out = b""
    while len(out) < n:
        chunk = s.recv(n - len(out))
        if not chunk:
            break
        out += chunk
    return out


def test_a_clean_link_passes_everything_and_counts_bytes_both_ways(echo):
    with FaultProxy(("127.0.0.1", echo.port)) as proxy, _connect(proxy) as s:
        payload = bytes(range(256)) * 400
        s.sendall(payload)
        assert _recv_exactly(s, len(payload)) == payload
        assert (proxy.bytes_up, proxy.bytes_down) == (len(payload), len(payload))
        assert proxy.connections == 1


def test_the_link_is_throttled_to_the_given_rate(echo):
    rate = 20_000  # bytes per second, each way
    with FaultProxy(("127.0.0.1", echo.port), rate=rate) as proxy, _connect(proxy) as s:
        payload = b"x" * 10_000
        started = time.monotonic()
        s.sendall(payload)
        assert len(_recv_exactly(s, len(payload))) == len(payload)
        elapsed = time.monotonic() - started
    # 0.5 s up and 0.5 s down, overlapping as the echo streams: never faster than one way.
    assert elapsed >= 0.45, elapsed
    assert elapsed < 3.0, elapsed


def test_latency_delays_each_direction(echo):
    with FaultProxy(("127.0.0.1", echo.port), latency=0.2) as proxy, _connect(proxy) as s:
        started = time.monotonic()
        s.sendall(b"ping")
        assert _recv_exactly(s, 4) == b"ping"
        elapsed = time.monotonic() - started
    assert 0.38 <= elapsed < 1.5, elapsed  # one round trip = twice the one-way delay


@pytest.mark.parametrize("action", ["reset", "close"])
def test_a_cut_upstream_forwards_exactly_n_bytes_then_drops_the_connection(echo, action):
    with FaultProxy(("127.0.0.1", echo.port)) as proxy, _connect(proxy) as s:
        proxy.arm(Fault(UP, after=1000, action=action))
        s.sendall(b"a" * 5000)
        got = b""
        with contextlib.suppress(OSError):
            while chunk := s.recv(65536):
                got += chunk
        assert proxy.bytes_up == 1000
        assert len(got) <= 1000
        assert proxy.faults_fired == [Fault(UP, 1000, action)]
    time.sleep(0.1)
    assert echo.received == 1000


def test_a_cut_downstream_at_zero_loses_the_whole_answer(echo):
    with FaultProxy(("127.0.0.1", echo.port)) as proxy, _connect(proxy) as s:
        proxy.arm(Fault(DOWN, after=0))
        s.sendall(b"request")
        try:
            data = s.recv(100)
        except ConnectionResetError:
            data = b""
        assert data == b""  # reset or closed, with not one byte of the answer
        assert proxy.bytes_down == 0
    assert echo.received == len(b"request")  # the request arrived: only the answer was lost


def test_faults_are_one_shot_and_queue_in_order(echo):
    with FaultProxy(("127.0.0.1", echo.port)) as proxy:
        proxy.arm(Fault(DOWN, after=3), Fault(DOWN, after=2))
        for expected in (3, 2, 10):
            with _connect(proxy) as s:
                s.sendall(b"0123456789")
                got = b""
                with contextlib.suppress(OSError):
                    while len(got) < 10 and (chunk := s.recv(100)):
                        got += chunk
                assert len(got) == expected
        assert proxy.pending_faults() == 0


def test_a_hung_link_stays_open_and_silent_until_dropped(echo):
    with FaultProxy(("127.0.0.1", echo.port), hang_limit=1.0) as proxy, _connect(proxy) as s:
        proxy.arm(Fault(DOWN, after=0, action="hang"))
        s.sendall(b"hello")
        s.settimeout(0.5)
        with pytest.raises(TimeoutError):
            s.recv(10)  # no data, no close: only a timeout tells
        s.settimeout(3)
        assert s.recv(10) == b""  # dropped after hang_limit


def test_the_proxy_stops_by_itself_after_its_lifetime(echo):
    proxy = FaultProxy(("127.0.0.1", echo.port), lifetime=0.5).start()
    time.sleep(1.0)
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", proxy.port), timeout=1).close()
    proxy.close()


def test_only_loopback_targets_are_accepted():
    with pytest.raises(ValueError):
        FaultProxy(("10.0.0.1", 80))
    proxy = FaultProxy(("127.0.0.1", 9))
    assert proxy._listener.getsockname()[0] == "127.0.0.1"
    proxy.close()
