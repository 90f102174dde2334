"""The header vocabulary tables (bot.vi.headers)."""

import re

from bot.text import fold
from bot.vi.headers import (
    AUTHORITY_TITLES,
    BODY_KINDS,
    SIGNER_TITLES,
    SIGNING_FOR,
    TYPE_CODES,
    TYPE_NAMES,
)


def test_every_type_code_names_a_known_type_and_codes_are_distinct():
    assert set(TYPE_CODES.values()) <= set(TYPE_NAMES)
    assert len({fold(code) for code in TYPE_CODES}) == len(TYPE_CODES)
    assert TYPE_CODES["QĐ"] == "Quyết định" and TYPE_CODES["TTr"] == "Tờ trình"


def test_body_kinds_are_listed_longest_first_where_one_starts_another():
    order = [k.pattern for k in BODY_KINDS]
    for longer, shorter in [
        ("thu tuong chinh phu", "chinh phu"),
        ("van phong chinh phu", "chinh phu"),
        ("bo chi huy", "bo"),
        ("van phong (?:uy ban nhan dan|ubnd)", "van phong"),
    ]:
        assert order.index(longer) < order.index(shorter)
    central = {k.short for k in BODY_KINDS if k.central}
    assert {"Thủ tướng Chính phủ", "Chính phủ", "Bộ"} <= central
    assert all(re.fullmatch(r"[a-z ()?:|]+", p) for p in order)


def test_signature_titles_are_capitals_and_longest_first():
    assert all(t == t.upper() for t in SIGNER_TITLES)
    for i, title in enumerate(SIGNER_TITLES):
        assert not any(title in later and title != later for later in SIGNER_TITLES[i + 1 :])
        # "PHÓ CHỦ TỊCH" comes before "CHỦ TỊCH"
    assert SIGNER_TITLES.index("PHÓ CHỦ TỊCH") < SIGNER_TITLES.index("CHỦ TỊCH")
    assert {"TM.", "KT.", "TL."} <= set(SIGNING_FOR)
    assert set(AUTHORITY_TITLES) <= set(SIGNER_TITLES)
