"""Members through the service: every write one transaction with its change log."""

from __future__ import annotations

import pytest

from cellclient.errors import NotFoundError
from cellclient.services.members import (
    add_member,
    add_members,
    change_status,
    edit_member,
    get_member,
    list_members,
    remove_member,
)
from cellclient.validation import ValidationError

ANH = dict(family_name="Nguyễn", middle_name="Văn", given_name="Ánh", sex="male",
           birth_date="1980-05-04", national_id="001080123456", dues_category="insured",
           dues_base=5_000_000, admitted_on="2005-03-01")


def _log_count(store):
    return store.db.execute("SELECT count(*) FROM change_log").fetchone()[0]


def test_add_writes_the_row_and_one_change_per_field(store, cell):
    before = _log_count(store)
    m = add_member(store, cell.id, **ANH)
    assert m.full_name == "Nguyễn Văn Ánh" and m.status == "probationary"
    fields = {r[0] for r in store.db.execute(
        "SELECT field FROM change_log WHERE row_id = ?", [m.id]).fetchall()}
    assert {"family_name", "national_id", "dues_base", "cell_id"} <= fields
    assert _log_count(store) - before == len(fields)


def test_edit_logs_only_changed_fields_with_their_base(store, cell):
    m = add_member(store, cell.id, **ANH)
    first = store.db.execute(
        "SELECT hlc FROM change_log WHERE row_id = ? AND field = 'family_name'", [m.id]).fetchone()[0]
    before = _log_count(store)
    edit_member(store, m.id, family_name="Trần", given_name="Ánh")  # given_name unchanged
    rows = store.db.execute(
        "SELECT field, base FROM change_log WHERE seq > (SELECT max(seq) FROM change_log) - ?",
        [_log_count(store) - before]).fetchall()
    assert rows == [("family_name", first)]
    assert get_member(store, m.id).family_name == "Trần"


def test_bad_cccd_names_the_field_and_saves_nothing(store, cell):
    before = _log_count(store)
    with pytest.raises(ValidationError) as err:
        add_member(store, cell.id, **{**ANH, "national_id": "12345"})
    assert err.value.fields() == {"national_id"}
    assert _log_count(store) == before and store.rows("member") == []


def test_every_wrong_field_is_reported_at_once(store, cell):
    with pytest.raises(ValidationError) as err:
        add_member(store, cell.id, family_name="", given_name="X", birth_date="2099-01-01",
                   dues_category="insured", phone="12")
    assert err.value.fields() == {"family_name", "birth_date", "dues_base", "phone"}


def test_dates_must_follow_each_other(store, cell):
    with pytest.raises(ValidationError) as err:
        add_member(store, cell.id, **{**ANH, "admitted_on": "1975-01-01"})
    assert err.value.fields() == {"admitted_on"}


def test_duplicate_cccd_in_the_cell_is_refused(store, cell):
    add_member(store, cell.id, **ANH)
    with pytest.raises(ValidationError, match="Nguyễn Văn Ánh"):
        add_member(store, cell.id, **{**ANH, "given_name": "Bình"})


def test_bulk_add_is_all_or_nothing(store, cell):
    good = dict(family_name="Lê", given_name="Hoa")
    with pytest.raises(ValidationError):
        add_members(store, cell.id, [good, {**ANH, "national_id": "1"}])
    assert store.rows("member") == []
    ids = add_members(store, cell.id, [good, ANH])
    assert len(ids) == 2 and len(store.rows("member")) == 2


def test_search_ignores_diacritics_and_list_is_in_vietnamese_order(store, cell):
    add_member(store, cell.id, **ANH)
    add_member(store, cell.id, family_name="Trần", middle_name="Thị", given_name="Bình")
    add_member(store, cell.id, family_name="Lê", middle_name="Thị", given_name="Bình")
    add_member(store, cell.id, family_name="Phạm", given_name="An")
    names = [m.full_name for m in list_members(store, cell.id)]
    assert names == ["Phạm An", "Nguyễn Văn Ánh", "Lê Thị Bình", "Trần Thị Bình"]
    assert [m.full_name for m in list_members(store, cell.id, search="nguyen van anh")] == [
        "Nguyễn Văn Ánh"]
    assert [m.full_name for m in list_members(store, cell.id, search="BINH le")] == ["Lê Thị Bình"]
    assert [m.full_name for m in list_members(store, cell.id, search="0801234")] == [
        "Nguyễn Văn Ánh"]
    assert list_members(store, cell.id, search="100%_") == []


def test_status_change_keeps_date_and_decision(store, cell):
    m = add_member(store, cell.id, **ANH)
    m = change_status(store, m.id, "official", "2006-03-01", "QĐ 12-QĐ/ĐU")
    assert (m.status, m.official_on, m.status_decision) == ("official", "2006-03-01", "QĐ 12-QĐ/ĐU")
    assert [x.id for x in list_members(store, cell.id, statuses=("official",))] == [m.id]


def test_remove_is_a_tombstone(store, cell):
    m = add_member(store, cell.id, **ANH)
    remove_member(store, m.id)
    assert list_members(store, cell.id) == []
    assert store.get("member", m.id)["deleted"] is True
    with pytest.raises(NotFoundError):
        get_member(store, m.id)


def test_unknown_sex_lists_the_choices_as_people_write_them(store, cell):
    with pytest.raises(ValidationError, match="Nam, Nữ"):
        add_member(store, cell.id, family_name="Lê", given_name="Hoa", sex="x")
    assert add_member(store, cell.id, family_name="Lê", given_name="Hoa", sex="Nữ").sex == "female"
