"""Vietnamese text: search that ignores diacritics, and dictionary order.

Vietnamese letters with a vowel mark (ă â đ ê ô ơ ư) are letters of their own
and sort after their base letter; tone marks only break ties, in the order
level, grave (huyền), hook (hỏi), tilde (ngã), acute (sắc), dot (nặng).
"""

from __future__ import annotations

import unicodedata

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# base letter + breve / circumflex / horn -> the Vietnamese letter it makes
_MARKED_LETTERS = {
    "a\u0306": "ă", "a\u0302": "â", "e\u0302": "ê", "o\u0302": "ô", "o\u031b": "ơ", "u\u031b": "ư",
}
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def fold(text: str | None) -> str:
    """Lower case without any mark: "Nguyễn Văn Ánh" -> "nguyen van anh"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.lower())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.replace("đ", "d").split())


def _letters(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(letter ranks, tone ranks) of one word, for Vietnamese ordering."""
    letters: list[int] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFC", word.lower()):
        base_and_marks = unicodedata.normalize("NFD", ch)
        base, marks = base_and_marks[0], base_and_marks[1:]
        tone = 0
        for m in marks:
            if m in _TONE_RANK:
                tone = _TONE_RANK[m]
            else:
                base = _MARKED_LETTERS.get(base + m, base)
        letters.append(_LETTER_RANK.get(base, 100 + ord(base)))
        tones.append(tone)
    return tuple(letters), tuple(tones)


def sort_key(text: str | None) -> tuple:
    """A key that orders words as a Vietnamese dictionary does."""
    pairs = [_letters(w) for w in (text or "").split()]
    return (tuple(p[0] for p in pairs), tuple(p[1] for p in pairs))


def name_sort_key(family: str | None, middle: str | None, given: str | None) -> tuple:
    """Vietnamese lists sort by given name, then family name, then middle names."""
    return (sort_key(given), sort_key(family), sort_key(middle))


def _encode(ranks_per_word: list[tuple[int, ...]]) -> str:
    # Words are joined by a separator that sorts below every letter, so a shorter
    # list of words comes first, as in tuple comparison.
    return "\x03".join("".join(chr(0x30 + r) for r in word) for word in ranks_per_word)


def _part_key(text: str | None) -> str:
    pairs = [_letters(w) for w in (text or "").split()]
    return _encode([p[0] for p in pairs]) + "\x01" + _encode([p[1] for p in pairs])


def collation_key(family: str | None, middle: str | None, given: str | None) -> str:
    """``name_sort_key`` as a string, for ORDER BY in SQL: same order, byte-wise."""
    return "\x02".join(_part_key(p) for p in (given, family, middle))


def full_name(family: str | None, middle: str | None, given: str | None) -> str:
    return " ".join(p.strip() for p in (family, middle, given) if p and p.strip())


def split_full_name(text: str) -> tuple[str, str, str]:
    """"Nguyễn Thị Thu Hà" -> ("Nguyễn", "Thị Thu", "Hà"); one word is a given name."""
    parts = text.split()
    if not parts:
        return "", "", ""
    if len(parts) == 1:
        return "", "", parts[0]
    return parts[0], " ".join(parts[1:-1]), parts[-1]


def matches(query: str, haystack_folded: str) -> bool:
    """Every word of the query appears in the folded text (any order, any marks)."""
    return all(word in haystack_folded for word in fold(query).split())
