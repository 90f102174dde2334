"""bot/vi/chatter.py: which whole messages are greetings, thanks or acknowledgements (left
out of /thongke's unanswered questions), with or without diacritics, emoji and fillers."""

from __future__ import annotations

import pytest

from bot.text import fold
from bot.vi import chatter
from bot.vi.chatter import CHATTER_WORDS, is_chatter


@pytest.mark.parametrize(
    "text",
    [
        "Cảm ơn bot nhiều nhé!",
        "cam on ban",
        "Thanks bot 🙏",
        "OK",
        "oke ạ",
        "Vâng",
        "Xin chào",
        "chào bạn",
        "hi",
        "Tạm biệt!!!",
        "hay quá ạ",
        "   ",
        "👍",
    ],
)
def test_greetings_thanks_and_acknowledgements_are_chatter(text):
    assert is_chatter(text)


@pytest.mark.parametrize(
    "text",
    [
        "ok sở y tế làm gì",
        "Cảm ơn, cho hỏi Sở Y tế phải làm gì?",
        "xin chào, ai ký công văn 3262?",
        "chao mung ngay quoc khanh",  # a word that only starts like one
        "Okay vậy cách ly mấy ngày?",
        "Sở Y tế",
    ],
)
def test_a_message_with_a_question_in_it_is_not_chatter(text):
    assert not is_chatter(text)


def test_every_listed_word_alone_is_chatter_and_no_word_is_listed_twice():
    assert len(set(CHATTER_WORDS)) == len(CHATTER_WORDS)
    assert all(w == fold(w) for w in CHATTER_WORDS)  # matched on folded text
    assert all(is_chatter(w) for w in CHATTER_WORDS)


def test_words_are_matched_whole():
    assert is_chatter("tks") and not is_chatter("tksa")
    assert is_chatter("hello") and not is_chatter("hellos")


def test_greetings_are_told_from_thanks() -> None:
    assert chatter.is_greeting("Chào bot!") and chatter.is_greeting("hi")
    assert not chatter.is_greeting("cảm ơn bot nhé 👍") and not chatter.is_greeting("ok")
    assert all(fold(w) == w for w in chatter.GREETING_WORDS)
    assert set(chatter.CHATTER_WORDS) >= chatter.GREETING_WORDS


def test_english_is_two_words_only_english_spells() -> None:
    assert chatter.is_english("What must the health department do?")
    assert chatter.is_english("who signed directive 3262")
    for vietnamese in (
        "so y te phai lam gi",
        "can bao nhieu tien",
        "the con so tai chinh?",
        "Sở Y tế phải làm gì?",
        "do ai ky cong van 3262",
    ):
        assert not chatter.is_english(vietnamese)
    assert all(fold(w) == w and w.isascii() for w in chatter.ENGLISH_WORDS)
