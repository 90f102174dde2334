"""Vietnamese provinces as data: the 34 since 1 July 2025, the 63 before, and how to find them.

A name counts only where a text names it as a place. With diacritics the accented form must
match (tone placement aside: "Hoà"/"Hòa"), so "diễn biến" is not Điện Biên. Without diacritics a
name whose folded form is also ordinary Vietnamese ("dien bien", "hoa binh") needs a place cue
before it (tỉnh, thành phố, TP., UBND, Sở ... of it) or capital letters; so do the few whose
accented form is itself an ordinary word ("hòa bình"). A text that is nothing but the name
names the place. Old names stay findable: a 2021 directive of Bình Thuận says Bình Thuận.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.text import fold, nfc

# The 34 provinces and centrally-run cities since 1 July 2025 (Nghị quyết 202/2025/QH15).
PROVINCES: tuple[str, ...] = (
    "Hà Nội",
    "Huế",
    "Lai Châu",
    "Điện Biên",
    "Sơn La",
    "Lạng Sơn",
    "Quảng Ninh",
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Cao Bằng",
    "Tuyên Quang",
    "Lào Cai",
    "Thái Nguyên",
    "Phú Thọ",
    "Bắc Ninh",
    "Hưng Yên",
    "Hải Phòng",
    "Ninh Bình",
    "Quảng Trị",
    "Đà Nẵng",
    "Quảng Ngãi",
    "Gia Lai",
    "Khánh Hòa",
    "Lâm Đồng",
    "Đắk Lắk",
    "Hồ Chí Minh",
    "Đồng Nai",
    "Tây Ninh",
    "Cần Thơ",
    "Vĩnh Long",
    "Đồng Tháp",
    "Cà Mau",
    "An Giang",
)

# Centrally-run cities: "thành phố Hà Nội", never "tỉnh Hà Nội" (Huế since 1 January 2025).
CITIES: frozenset[str] = frozenset(
    {"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"}
)

# The 63 provinces and cities before 1 July 2025 → the one each became part of.
FORMER: dict[str, str] = {
    "Hà Nội": "Hà Nội",
    "Thừa Thiên Huế": "Huế",
    "Lai Châu": "Lai Châu",
    "Điện Biên": "Điện Biên",
    "Sơn La": "Sơn La",
    "Lạng Sơn": "Lạng Sơn",
    "Quảng Ninh": "Quảng Ninh",
    "Thanh Hóa": "Thanh Hóa",
    "Nghệ An": "Nghệ An",
    "Hà Tĩnh": "Hà Tĩnh",
    "Cao Bằng": "Cao Bằng",
    "Tuyên Quang": "Tuyên Quang",
    "Hà Giang": "Tuyên Quang",
    "Lào Cai": "Lào Cai",
    "Yên Bái": "Lào Cai",
    "Thái Nguyên": "Thái Nguyên",
    "Bắc Kạn": "Thái Nguyên",
    "Phú Thọ": "Phú Thọ",
    "Vĩnh Phúc": "Phú Thọ",
    "Hòa Bình": "Phú Thọ",
    "Bắc Ninh": "Bắc Ninh",
    "Bắc Giang": "Bắc Ninh",
    "Hưng Yên": "Hưng Yên",
    "Thái Bình": "Hưng Yên",
    "Hải Phòng": "Hải Phòng",
    "Hải Dương": "Hải Phòng",
    "Ninh Bình": "Ninh Bình",
    "Hà Nam": "Ninh Bình",
    "Nam Định": "Ninh Bình",
    "Quảng Trị": "Quảng Trị",
    "Quảng Bình": "Quảng Trị",
    "Đà Nẵng": "Đà Nẵng",
    "Quảng Nam": "Đà Nẵng",
    "Quảng Ngãi": "Quảng Ngãi",
    "Kon Tum": "Quảng Ngãi",
    "Gia Lai": "Gia Lai",
    "Bình Định": "Gia Lai",
    "Khánh Hòa": "Khánh Hòa",
    "Ninh Thuận": "Khánh Hòa",
    "Lâm Đồng": "Lâm Đồng",
    "Đắk Nông": "Lâm Đồng",
    "Bình Thuận": "Lâm Đồng",
    "Đắk Lắk": "Đắk Lắk",
    "Phú Yên": "Đắk Lắk",
    "Hồ Chí Minh": "Hồ Chí Minh",
    "Bình Dương": "Hồ Chí Minh",
    "Bà Rịa - Vũng Tàu": "Hồ Chí Minh",
    "Đồng Nai": "Đồng Nai",
    "Bình Phước": "Đồng Nai",
    "Tây Ninh": "Tây Ninh",
    "Long An": "Tây Ninh",
    "Cần Thơ": "Cần Thơ",
    "Sóc Trăng": "Cần Thơ",
    "Hậu Giang": "Cần Thơ",
    "Vĩnh Long": "Vĩnh Long",
    "Bến Tre": "Vĩnh Long",
    "Trà Vinh": "Vĩnh Long",
    "Đồng Tháp": "Đồng Tháp",
    "Tiền Giang": "Đồng Tháp",
    "Cà Mau": "Cà Mau",
    "Bạc Liêu": "Cà Mau",
    "An Giang": "An Giang",
    "Kiên Giang": "An Giang",
}

# Other spellings and abbreviations → the name. Matched like the names themselves.
ALIASES: dict[str, str] = {
    "Thành phố Hồ Chí Minh": "Hồ Chí Minh",
    "TP.HCM": "Hồ Chí Minh",
    "TPHCM": "Hồ Chí Minh",
    "HCM": "Hồ Chí Minh",
    "Sài Gòn": "Hồ Chí Minh",
    "Thừa Thiên - Huế": "Thừa Thiên Huế",
    "Đăk Lăk": "Đắk Lắk",
    "Đắc Lắc": "Đắk Lắk",
    "Đăk Lắk": "Đắk Lắk",
    "Daklak": "Đắk Lắk",
    "Đăk Nông": "Đắk Nông",
    "Đắc Nông": "Đắk Nông",
    "Daknong": "Đắk Nông",
    "Bà Rịa Vũng Tàu": "Bà Rịa - Vũng Tàu",
    "BRVT": "Bà Rịa - Vũng Tàu",
    "Kontum": "Kon Tum",
}

# Folded forms that are also ordinary Vietnamese words ("diễn biến", "hòa bình", "thái bình",
# "hai phòng", "hai đường", "cao bằng", "huệ" ...): without diacritics they need a cue.
AMBIGUOUS_FOLDED: frozenset[str] = frozenset(
    {
        "dien bien",
        "hoa binh",
        "thai binh",
        "long an",
        "an giang",
        "hai phong",
        "hai duong",
        "cao bang",
        "hue",
        "binh dinh",
        "ha nam",
        "sai gon",
    }
)
# Accented forms that are themselves ordinary words ("giữ gìn hòa bình", "cao bằng nhau").
AMBIGUOUS_ACCENTED: frozenset[str] = frozenset({"Hòa Bình", "Thái Bình", "Cao Bằng"})

# Words before a name that make it a place (folded syllables, longest first).
PLACE_CUES: tuple[tuple[str, ...], ...] = (
    ("uy", "ban", "nhan", "dan"),
    ("thanh", "pho"),
    ("tinh",),
    ("tp",),
    ("ubnd",),
    ("hdnd",),
    ("tinh", "uy"),
    ("thanh", "uy"),
    ("o",),
    ("tai",),
)

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?", re.UNICODE)
_MAX_WORDS = 4


@dataclass(frozen=True)
class _Name:
    """One spelling of a province: its canonical name and how it must be matched."""

    province: str
    marks: tuple[frozenset[str], ...]  # per syllable: its diacritics, wherever placed
    accented: bool  # the spelling carries diacritics (else only folded matching applies)


def _syllable_marks(word: str) -> frozenset[str]:
    """The diacritics of a syllable as a set: "hoà" and "hòa" give the same one."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    marks = {ch for ch in decomposed if unicodedata.combining(ch)}
    if "đ" in word.lower():
        marks.add("đ")
    return frozenset(marks)


def _key(words: list[str]) -> str:
    return " ".join(fold(w) for w in words)


def _build_names() -> dict[str, list[_Name]]:
    """Folded key ("dak lak", "daklak", "hcm") → the spellings that have it."""
    spellings = {name: name for name in (*PROVINCES, *FORMER)}
    spellings.update(ALIASES)
    table: dict[str, list[_Name]] = {}
    for spelling, province in spellings.items():
        words = _WORD.findall(spelling)
        marks = tuple(_syllable_marks(w) for w in words)
        entry = _Name(province, marks, any(marks))
        table.setdefault(_key(words), []).append(entry)
    return table


_NAMES = _build_names()
_ACCENTED_AMBIGUOUS_KEYS = {
    (fold(n), tuple(_syllable_marks(w) for w in _WORD.findall(n))) for n in AMBIGUOUS_ACCENTED
}


@dataclass(frozen=True)
class PlaceMention:
    """A province a text names, with where it stands in the text."""

    province: str
    start: int
    end: int


def mentions(text: str) -> list[PlaceMention]:
    """Every province the text names as a place, in order."""
    text = nfc(text)
    words = list(_WORD.finditer(text))
    found, i = [], 0
    while i < len(words):
        hit = _match_at(text, words, i)
        if hit is None:
            i += 1
            continue
        province, n = hit
        found.append(PlaceMention(province, words[i].start(), words[i + n - 1].end()))
        i += n
    return found


def _match_at(text: str, words: list[re.Match[str]], i: int) -> tuple[str, int] | None:
    """(province, number of words) for the longest name starting at word i that counts."""
    for n in range(min(_MAX_WORDS, len(words) - i), 0, -1):
        span = [m.group(0) for m in words[i : i + n]]
        for entry in _NAMES.get(_key(span), ()):
            if _counts(text, words, i, n, span, entry):
                return entry.province, n
    return None


def _counts(
    text: str, words: list[re.Match[str]], i: int, n: int, span: list[str], entry: _Name
) -> bool:
    """Whether these words name the entry's province here."""
    accented = any(_syllable_marks(w) for w in span)
    marks = tuple(_syllable_marks(w) for w in span)
    if accented and marks != entry.marks:
        # "diễn biến" is not "Điện Biên"; "TỈNH LÂM ĐÒNG" (OCR's misread mark) is Lâm Đồng.
        return _capitalised(span) and _cued(words, i)
    folded = _key(span)
    ambiguous = (
        (folded, marks) in _ACCENTED_AMBIGUOUS_KEYS if accented else folded in AMBIGUOUS_FOLDED
    )
    if not ambiguous:
        return True
    whole = text[words[i].start() : words[i + n - 1].end()].strip() == text.strip()
    return whole or _capitalised(span) or _cued(words, i)


def _capitalised(span: list[str]) -> bool:
    return all(w[0].isupper() for w in span)


def _cued(words: list[re.Match[str]], i: int) -> bool:
    """A place cue (tỉnh, thành phố, TP., UBND, Sở ... of it) right before word i."""
    before = [fold(m.group(0)) for m in words[max(0, i - 5) : i]]
    if any(tuple(before[-len(cue) :]) == cue for cue in PLACE_CUES if len(before) >= len(cue)):
        return True
    return _after_department(before)


def _after_department(before: list[str]) -> bool:
    """ "Sở Y tế Hòa Bình": a Sở's name ("sở" and two to four words) ends right before; "số
    ca diễn biến" (two words) is not one."""
    for k in range(3, min(5, len(before)) + 1):
        if before[-k] == "so" and not before[-k + 1].isdigit():
            return True
    return False


def find_province(text: str) -> str | None:
    """The first province a text names as a place."""
    found = mentions(text)
    return found[0].province if found else None


def provinces_in(text: str) -> list[str]:
    """All provinces a text names as places, in order (repeats kept)."""
    return [m.province for m in mentions(text)]


def canonical(name: str) -> str | None:
    """The table's name for a spelling ("TP.HCM" → "Hồ Chí Minh"), None if not a province."""
    found = mentions(name)
    return found[0].province if len(found) == 1 else None


def successor(old: str) -> str:
    """The province (since 1 July 2025) that a former one became part of."""
    name = canonical(old) or old
    if name in FORMER:
        return FORMER[name]
    if name in PROVINCES:
        return name
    raise KeyError(f"not a province: {old}")


def is_city(province: str) -> bool:
    """Whether it is a centrally-run city (thành phố trực thuộc trung ương)."""
    return (canonical(province) or province) in CITIES


def place_name(province: str) -> str:
    """ "tỉnh Kon Tum", "thành phố Hà Nội": how a sentence names a province or city."""
    if fold(province).startswith("thanh pho "):
        return province[0].lower() + province[1:]
    return f"thành phố {province}" if is_city(province) else f"tỉnh {province}"


def full_name(province: str) -> str:
    """The name as the body's own name gives it: "tỉnh Đắk Lắk", "thành phố Cần Thơ", and
    "Thành phố Hồ Chí Minh", whose proper name includes "Thành phố"."""
    name = canonical(province) or province
    if name == "Hồ Chí Minh":
        return "Thành phố Hồ Chí Minh"
    return place_name(name)
