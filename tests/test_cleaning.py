"""Cleaning: page furniture out, broken lines joined, field lines of a task kept apart."""

from bot.cleaning import clean
from bot.legacy import legibility


def test_a_line_broken_mid_sentence_is_joined():
    text = (
        "1. Sở Y tế chủ trì, phối hợp với các sở, ban, ngành tổ chức tiêm vắc xin cho\n"
        "người dân trên địa bàn tỉnh."
    )
    assert clean(text) == (
        "1. Sở Y tế chủ trì, phối hợp với các sở, ban, ngành tổ chức tiêm vắc xin cho "
        "người dân trên địa bàn tỉnh."
    )


def test_field_lines_of_a_task_stay_on_their_own_lines():
    text = (
        "- Giải đáp những vướng mắc, kiến nghị thuộc thẩm quyền giải quyết của Sở Tư pháp\n"
        "Trách nhiệm thực hiện: Lãnh đạo Sở Tư pháp\n"
        "Thời gian (Năm 2026): Từ 20 giờ 15 phút ngày 13 tháng 11"
    )
    assert clean(text) == text


def test_web_counters_are_dropped():
    assert clean("1. Sở Y tế chủ trì.\nLượt xem: 1.234\n") == "1. Sở Y tế chủ trì."


def test_legibility_tells_vietnamese_from_ocr_garbage():
    vietnamese = "Sở Y tế chủ trì, phối hợp với các sở, ban, ngành tổ chức tiêm vắc xin. " * 5
    accentless = "So Y te chu tri, phoi hop voi cac so, ban, nganh to chuc tiem vac xin. " * 5
    garbage = "uY BAN NgAN nAN TINH LAMDONG Ldm D6ng ngdy fithdng nhiQm vg c6c chi s6 " * 5
    assert legibility(vietnamese) > 0.9 and legibility(accentless) > 0.9
    assert legibility(garbage) < 0.6
    assert legibility("Quá ngắn") == 1.0  # too few words to judge
