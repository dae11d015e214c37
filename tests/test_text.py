"""Vietnamese search and ordering."""

from hypothesis import given
from hypothesis import strategies as st

from cellclient.text import (
    collation_key,
    fold,
    matches,
    name_sort_key,
    sort_key,
    split_full_name,
)


def test_fold_removes_every_mark_and_case():
    assert fold("Nguyễn Văn Ánh") == "nguyen van anh"
    assert fold("ĐỖ THỊ YẾN") == "do thi yen"
    assert fold("  Lý   Kim Mai ") == "ly kim mai"


def test_search_matches_with_or_without_diacritics():
    hay = fold("Nguyễn Văn Ánh")
    assert matches("nguyen van anh", hay)
    assert matches("Ánh", hay) and matches("ANH nguyen", hay)
    assert not matches("binh", hay)


def test_letters_with_marks_sort_after_their_base_letter():
    words = ["Ân", "Ăn", "An", "Đức", "Dũng", "Ơn", "Ô", "Ong", "Ư", "Uyên", "Ê", "Em"]
    assert sorted(words, key=sort_key) == [
        "An", "Ăn", "Ân", "Dũng", "Đức", "Em", "Ê", "Ong", "Ô", "Ơn", "Uyên", "Ư"]


def test_tones_only_break_ties_in_dictionary_order():
    assert sorted(["Hạ", "Há", "Hà", "Ha", "Hã", "Hả"], key=sort_key) == [
        "Ha", "Hà", "Hả", "Hã", "Há", "Hạ"]
    assert sorted(["Ánh", "Anh", "Ăn"], key=sort_key) == ["Anh", "Ánh", "Ăn"]


def test_members_sort_by_given_then_family_then_middle_name():
    people = [("Trần", "Văn", "Bình"), ("Nguyễn", "Thị", "Anh"), ("Lê", "Văn", "Bình"),
              ("Lê", "Thị", "Bình"), ("Đỗ", "", "Ánh")]
    ordered = sorted(people, key=lambda p: name_sort_key(*p))
    assert ordered == [("Nguyễn", "Thị", "Anh"), ("Đỗ", "", "Ánh"), ("Lê", "Thị", "Bình"),
                       ("Lê", "Văn", "Bình"), ("Trần", "Văn", "Bình")]


def test_full_name_splits_into_family_middle_given():
    assert split_full_name("Nguyễn Thị Thu Hà") == ("Nguyễn", "Thị Thu", "Hà")
    assert split_full_name("Lê Hoa") == ("Lê", "", "Hoa")
    assert split_full_name("Hoa") == ("", "", "Hoa")


names = st.text(alphabet="aăâbdđeêghiklmnoôơuưyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợ "
                "ùủũúụừửữứựỳỷỹýỵ", max_size=12)


@given(st.lists(st.tuples(names, names, names), min_size=2, max_size=8))
def test_sql_collation_key_orders_like_the_python_key(people):
    by_python = sorted(people, key=lambda p: (name_sort_key(*p), p))
    by_key = sorted(people, key=lambda p: (collation_key(*p), p))
    assert [name_sort_key(*p) for p in by_python] == [name_sort_key(*p) for p in by_key]
