"""Field checks name the field, in both languages."""

import pytest

from cellclient.formatting import date, money
from cellclient.validation import Checker, ValidationError, check_national_id, parse_money


def _cccd(value, sex="male", birth="1980-05-04"):
    c = Checker()
    check_national_id(c, value, sex=sex, birth_date=birth)
    return [e.code for e in c.errors]


def test_cccd_rules():
    assert _cccd("001080123456") == []
    assert _cccd("001180123456", sex="female") == []
    assert _cccd("001203123456", birth="2003-01-01") == []  # 2000s male: 2
    assert _cccd("001303123456", sex="female", birth="2003-01-01") == []
    assert _cccd("00108012345") == ["cccd_length"]
    assert _cccd("00108012345a") == ["cccd_length"]
    assert _cccd("001180123456") == ["cccd_sex"]  # female digit for a man
    assert _cccd("001081123456") == ["cccd_year"]  # 81 for a 1980 birth
    assert _cccd("003080123456") == ["cccd_province"]  # 003 is no province


def test_messages_name_the_field_in_vietnamese_and_english():
    c = Checker()
    check_national_id(c, "123", sex="male", birth_date=None)
    err = ValidationError(c.errors)
    assert "Số CCCD (national_id)" in err.render("vi")
    assert "National ID (CCCD) (national_id): must be exactly 12 digits" in err.render("en")


def test_money_is_whole_non_negative_vnd():
    assert parse_money("1.250.000") == 1250000
    assert parse_money("1,250,000 ₫") == 1250000
    assert parse_money(1250000.0) == 1250000
    assert parse_money(12.5) is None
    c = Checker()
    assert c.money("amount", "-5") is None
    assert c.money("amount", "abc") is None
    assert [e.field for e in c.errors] == ["amount", "amount"]


def test_dates_accept_iso_and_vietnamese_forms():
    c = Checker()
    assert c.date("birth_date", "04/05/1980") == "1980-05-04"
    assert c.date("birth_date", "1980-05-04") == "1980-05-04"
    assert c.date("birth_date", "31/02/1980") is None
    with pytest.raises(ValidationError, match="birth_date"):
        c.done()


def test_display_formats():
    assert money(1250000) == "1.250.000 ₫"
    assert money(-5000) == "-5.000 ₫"
    assert date("2026-03-09") == "09/03/2026"
