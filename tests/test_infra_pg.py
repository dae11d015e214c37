"""The throwaway PostgreSQL cluster the server tests run on: real, isolated, loopback only."""

from __future__ import annotations

import socket

import psycopg
import pytest

from tests.pg import PG_BIN, PgCluster, libpq_url, skip_without_pg


def test_cluster_stores_and_reads_rows(pg_database):
    assert pg_database.startswith("postgresql+psycopg://postgres@127.0.0.1:")
    with psycopg.connect(libpq_url(pg_database)) as conn:
        conn.execute("CREATE TABLE member (id text PRIMARY KEY, given_name text NOT NULL)")
        conn.execute("INSERT INTO member VALUES (%s, %s), (%s, %s)",
                     ["a", "Ánh", "b", "Đạt"])
        conn.commit()
    with psycopg.connect(libpq_url(pg_database)) as conn:  # a new connection sees the commit
        rows = conn.execute("SELECT id, given_name FROM member ORDER BY id").fetchall()
        version = conn.execute("SHOW server_version_num").fetchone()[0]
        fsync = conn.execute("SHOW fsync").fetchone()[0]
    assert rows == [("a", "Ánh"), ("b", "Đạt")]
    major = int(version) // 10000
    assert major >= 15
    if PG_BIN.parent.name.isdigit():  # Debian's layout: /usr/lib/postgresql/<major>/bin
        assert PG_BIN.parent.name == str(major)
    assert fsync == "off"


def test_each_test_database_is_fresh(pg_cluster, pg_database):
    other = pg_cluster.create_database()
    try:
        assert other != pg_database
        with psycopg.connect(libpq_url(pg_database)) as conn:
            conn.execute("CREATE TABLE only_here (x int)")
            conn.commit()
        with psycopg.connect(libpq_url(other)) as conn:
            found = conn.execute("SELECT to_regclass('only_here')").fetchone()[0]
        assert found is None
    finally:
        pg_cluster.drop_database(other)
    assert other.rsplit("/", 1)[1] not in pg_cluster.databases()


def test_session_database_url(pg_url):
    with psycopg.connect(libpq_url(pg_url)) as conn:
        assert conn.execute("SELECT current_database()").fetchone()[0] == pg_url.rsplit("/", 1)[1]


def test_listens_on_loopback_only(pg_cluster):
    with psycopg.connect(libpq_url(pg_cluster.url())) as conn:
        listen = conn.execute("SHOW listen_addresses").fetchone()[0]
        hba = conn.execute("SELECT address FROM pg_hba_file_rules WHERE type = 'host'").fetchall()
    assert listen == "127.0.0.1"
    assert hba == [("127.0.0.1",)]
    with socket.create_connection(("127.0.0.1", pg_cluster.port), timeout=5):
        pass


def test_stop_removes_everything():
    skip_without_pg()
    cluster = PgCluster.start()
    url = cluster.create_database()
    with psycopg.connect(libpq_url(url)) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
    cluster.stop()
    assert not cluster.root.exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(libpq_url(url), connect_timeout=3)
