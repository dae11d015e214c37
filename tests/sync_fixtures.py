"""Fixtures of the sync tests: one SQLite server process per module, a provisioner,
a fault proxy in front of the server, and factories of enrolled devices."""

from __future__ import annotations

import datetime as dt
import ipaddress
import itertools
import re
import ssl

import pytest

from cellclient.services.members import add_members
from tests.faultproxy import FaultProxy
from tests.server_proc import skip_without_server, start_server
from tests.sync_support import FAST, Device, Provisioner


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A real ``cellserver serve`` on a SQLite file, for the whole module."""
    skip_without_server()
    folder = tmp_path_factory.mktemp("sync-server")
    srv = start_server(f"sqlite:///{folder / 'server.db'}", folder)
    yield srv
    srv.stop()
    # Whatever the devices sent, through whatever cuts (request bodies cut off by
    # the link included): never an internal error.
    kinds = set(re.findall(r"internal error: (\w+)", srv.log()))
    assert not kinds, srv.log()[-4000:]
    assert "Exception in ASGI application" not in srv.log()


@pytest.fixture(scope="module")
def prov(server):
    p = Provisioner(server)
    yield p
    p.close()


@pytest.fixture
def proxy(server):
    with FaultProxy(("127.0.0.1", server.port), lifetime=300) as p:
        yield p


@pytest.fixture
def devices(server, prov, tmp_path):
    """``devices("secretary", "deputy", via=url)``: enrolled devices of one new cell,
    each synced once (so each has the cell row); closed after the test."""
    made: list[Device] = []
    counter = itertools.count()

    def make(*roles: str, via: str | None = None, options=FAST, cell_id: str | None = None):
        cell_id = cell_id or prov.cell()
        out = []
        for role in roles:
            username = prov.user(role, cell_id)
            device = Device(tmp_path / f"device{next(counter)}", via or server.url, username,
                            prov.code(username), options)
            made.append(device)
            device.sync()
            out.append(device)
        return out

    yield make
    for device in made:
        device.close()


def add_people(device: Device, count: int, prefix: str = "Người") -> list[str]:
    """``count`` new members on ``device`` in one transaction (about 8 changes each)."""
    rows = [dict(family_name="Nguyễn", middle_name="Văn", given_name=f"{prefix}{i}",
                 phone=f"09{i:08d}", address=f"Xóm {i % 7}, thôn Đông") for i in range(count)]
    return add_members(device.store, device.cell_id, rows)


def _self_signed(folder) -> tuple[str, str]:
    """A certificate for 127.0.0.1 signed by itself, and its key (PEM files)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Máy chủ thử")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "server.pem", folder / "server.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_path), str(key_path)


@pytest.fixture
def tls_front(server, tmp_path):
    """The server behind a TLS-terminating proxy with a self-signed certificate."""
    cert, key = _self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    with FaultProxy(("127.0.0.1", server.port), tls=context) as proxy:
        yield proxy, cert
