"""The encrypted store: sqlite-utils works on SQLCipher, the file is unreadable
without the key, and migrations are recorded and backed up."""

from __future__ import annotations

import secrets

import pytest

from cellclient import db as dbmod
from cellclient.errors import WrongKeyError
from cellclient.migrations import MIGRATIONS, applied, migrate
from cellclient.services.cells import create_cell
from cellclient.services.members import add_member
from cellclient.store import Store


def test_sqlite_utils_features_work_on_an_encrypted_file(tmp_path):
    db = dbmod.connect(tmp_path / "x.db", secrets.token_bytes(32))
    assert db.execute("PRAGMA cipher_version").fetchone()[0]  # really SQLCipher
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    people = db["people"]
    people.insert({"id": 1, "name": "Ánh"}, pk="id")
    people.insert({"id": 2, "name": "Bình", "age": 40}, alter=True)  # alter catches OperationalError
    people.upsert({"id": 1, "age": 50}, pk="id")
    assert people.get(1) == {"id": 1, "name": "Ánh", "age": 50}
    people.transform(types={"age": str})
    assert people.columns_dict["age"] is str
    db["pets"].insert({"id": 1, "owner": 1}, pk="id", foreign_keys=[("owner", "people", "id")])
    with pytest.raises(dbmod.IntegrityError):
        db.execute("INSERT INTO pets (id, owner) VALUES (2, 99)")
    people.enable_fts(["name"])
    assert [r["id"] for r in people.search("Bình")] == [2]


def test_wrong_key_is_a_clear_error(tmp_path):
    path = tmp_path / "x.db"
    Store.open(path, secrets.token_bytes(32), "dev").close()
    with pytest.raises(WrongKeyError, match="Sai mật khẩu hoặc khóa"):
        Store.open(path, secrets.token_bytes(32), "dev")


def test_file_on_disk_holds_no_plaintext(tmp_path, store, cell):
    add_member(store, cell.id, family_name="Nguyễn", middle_name="Văn", given_name="Ánh",
               national_id="001080123456", sex="male", birth_date="1980-05-04",
               phone="0912345678")
    files = list(tmp_path.glob("test.db*"))
    assert files, "database files exist"
    blob = b"".join(p.read_bytes() for p in files)  # main file and WAL
    for secret in ("Nguyễn".encode(), "Ánh".encode(), b"001080123456", b"0912345678",
                   b"SQLite format 3", b"member"):
        assert secret not in blob


def test_migrations_are_recorded_and_not_rerun(tmp_path):
    key = secrets.token_bytes(32)
    Store.open(tmp_path / "x.db", key, "dev").close()
    db = dbmod.connect(tmp_path / "x.db", key)
    assert applied(db) == [name for name, _ in MIGRATIONS]
    assert migrate(db, tmp_path / "x.db") == []


def test_a_new_migration_backs_up_the_file_first_and_is_atomic(tmp_path):
    key = secrets.token_bytes(32)
    store = Store.open(tmp_path / "test.db", key, "dev")
    cell = create_cell(store, "Chi bộ A")
    add_member(store, cell.id, family_name="Lê", given_name="Hoa")
    store.close()
    path = tmp_path / "test.db"
    db = dbmod.connect(path, key)  # a newer version of the app opening the file

    def broken(db):
        db.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("power cut")

    with pytest.raises(RuntimeError):
        migrate(db, path, MIGRATIONS + [("0099_broken", broken)])
    assert "half_done" not in db.table_names()  # rolled back with its record
    assert "0099_broken" not in applied(db)
    backups = list(tmp_path.glob("test.db.before-0099_broken.bak"))
    assert len(backups) == 1
    # The backup is a whole encrypted copy: it opens with the same key and holds the member.
    copy = tmp_path / "copy.db"
    copy.write_bytes(backups[0].read_bytes())
    restored = Store.open(copy, key, "dev")
    assert [r["given_name"] for r in restored.rows("member")] == ["Hoa"]
    restored.close()

    def good(db):
        db.execute("CREATE TABLE extra (x)")

    assert migrate(db, path, MIGRATIONS + [("0099_good", good)]) == ["0099_good"]
    assert "extra" in db.table_names()
    db.close()


def test_transaction_rolls_back_rows_and_change_log_together(store, cell):
    before = store.db.execute("SELECT count(*) FROM change_log").fetchone()[0]
    with pytest.raises(RuntimeError):
        with store.transaction() as tx:
            tx.insert("member", {"cell_id": cell.id, "family_name": "Phạm", "given_name": "Lan"})
            raise RuntimeError("crash in the middle")
    assert store.rows("member") == []
    assert store.db.execute("SELECT count(*) FROM change_log").fetchone()[0] == before


def test_listeners_hear_which_rows_changed(store, cell):
    heard = []
    store.subscribe(heard.append)
    m = add_member(store, cell.id, family_name="Lê", given_name="Hoa")
    assert heard == [{"member": {m.id}}]
