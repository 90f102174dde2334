"""The question cues (bot/vi/questions.py), on questions typed the way people type them."""

import pytest

from bot.text import fold
from bot.vi import questions
from bot.vi.questions import cue


def _asks(phrases: tuple[str, ...], question: str) -> bool:
    return bool(cue(phrases).search(fold(question)))


@pytest.mark.parametrize(
    "question",
    [
        "Sở Y tế phải làm gì?",
        "so y te phai lam gi",
        "SYT được giao nhiệm vụ gì trong KH 0130?",
        "sở y tê daklak phải lam j sau lũ",
        "Công an tỉnh có trách nhiệm gì?",
        "Sở Tư pháp chủ trì những việc gì?",
    ],
)
def test_duty_cues(question):
    assert _asks(questions.DUTY, question)


@pytest.mark.parametrize(
    "question", ["Ai ký Kế hoạch 0130?", "ai ki cv 1906 sgddt da nang", "Công văn 4240 do ai ký?"]
)
def test_signer_cues(question):
    assert _asks(questions.SIGNER, question)


@pytest.mark.parametrize(
    "question",
    ["Hạn chót nộp báo cáo là ngày nào?", "so y te doi thoai cchc hom nao", "bao gio het han"],
)
def test_time_cues(question):
    assert _asks(questions.WHEN, question)


@pytest.mark.parametrize("question", ["Giải thể bao nhiêu hội?", "mấy người"])
def test_quantity_cues(question):
    assert _asks(questions.QUANTITY, question)


@pytest.mark.parametrize(
    ("phrases", "question"),
    [
        (questions.SIGNER, "Kế hoạch ký kết hợp đồng"),  # "ký" alone is no question of who
        (questions.WHEN, "Ngày 16/11/2025 mưa lớn ở đâu?"),  # a date, not asking for one
        (questions.DUTY, "Ai ký Công điện 217?"),
    ],
)
def test_cues_do_not_fire_on_other_questions(phrases, question):
    assert not _asks(phrases, question)


def test_cue_words_are_folded_and_lower_case():
    for table in (questions.DUTY, questions.WHEN, questions.SIGNER, questions.QUANTITY):
        for phrase in table:
            assert phrase == fold(phrase) == phrase.lower()
    for word in questions.DUTY_WORDS | questions.PLACE_WORDS:
        assert word == fold(word) and " " not in word
