"""The abbreviations spelled out for matching (bot/vi/abbreviations.py)."""

import pytest

from bot.text import fold
from bot.vi.abbreviations import ABBREVIATIONS, expand


@pytest.mark.parametrize(
    ("typed", "spelled"),
    [
        ("CT HĐ ATVSLĐ tỉnh là ai", "chủ tịch hội đồng an toàn, vệ sinh lao động tỉnh là ai"),
        ("ct hd atvsld tinh la ai", "chủ tịch hội đồng an toàn, vệ sinh lao động tinh la ai"),
        ("ĐH NCL Đà Nẵng cần làm gì", "đại học ngoài công lập Đà Nẵng cần làm gì"),
        ("đối thoại CCHC hôm nào", "đối thoại cải cách hành chính hôm nào"),
        ("phát triển KT-XH", "phát triển kinh tế - xã hội"),
        ("bảo vệ BMNN năm 2023", "bảo vệ bí mật nhà nước năm 2023"),
    ],
)
def test_abbreviations_are_spelled_out(typed, spelled):
    assert expand(typed) == spelled


@pytest.mark.parametrize(
    "text",
    [
        "Chỉ thị CT 15 của UBND tỉnh",  # CT alone: chỉ thị or chủ tịch
        "ký HĐ với nhà thầu",  # HĐ alone: hội đồng or hợp đồng
        "Sở Y tế, SYT, UBND tỉnh",  # agencies' abbreviations are the gazetteer's
        "CT, HĐ",  # a pair only when the words stand together
    ],
)
def test_ambiguous_or_agency_abbreviations_are_left_alone(text):
    assert expand(text) == text


def test_keys_are_folded_and_expansions_spelled_with_diacritics():
    for key, spelled in ABBREVIATIONS.items():
        assert all(part == fold(part) and " " not in part for part in key)
        assert spelled != fold(spelled)


def test_chat_shorthand_is_spelled_out_as_the_question_is_typed() -> None:
    from bot.vi.abbreviations import CHAT_WORDS, chat_words

    assert chat_words("cong an tinh lm j") == "cong an tinh lam gi"  # restored later
    assert chat_words("sở y tế cần lm j z ad") == "sở y tế cần làm gì vậy"
    assert chat_words("bo cong thuong dc giao gi") == "bo cong thuong duoc giao gi"
    assert chat_words("CĐ 217 v/v mưa lũ") == "CĐ 217 v/v mưa lũ"  # "về việc" untouched
    assert chat_words("Sở Y tế phải làm gì?") == "Sở Y tế phải làm gì?"
    assert all(fold(k) == k for k in CHAT_WORDS)
