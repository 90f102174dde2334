"""Picking the sentence of a section that answers a question (bot/sentences.py)."""

from bot.sentences import best_sentence, ranked_sentences

TEXT = (
    "Trường hợp không khí ô nhiễm nghiêm trọng (VN_AQI ≥ 301), các trường học tạm dừng học.\n"
    "Chi tiết liên hệ phòng Công tác học sinh, sinh viên của Sở, điện thoại: 02439411232."
)
QUESTION = "Chỉ số AQI ở mức nào thì học sinh được nghỉ học?"


def test_more_shared_words_win_when_each_counts_one():
    # "học", "sinh" and "chỉ" against "aqi" and "học": the contact line shares more words.
    assert best_sentence(TEXT, QUESTION).startswith("Chi tiết liên hệ")


def test_a_rare_shared_word_outweighs_common_ones():
    rare = {"aqi": 8.0}
    sentence = best_sentence(TEXT, QUESTION, lambda w: rare.get(w, 1.0))
    assert sentence.startswith("Trường hợp không khí ô nhiễm")


def test_sentences_keep_document_order_among_equals():
    text = "Một câu về tiêm chủng. Hai câu về tiêm chủng."
    assert ranked_sentences(text, "tiêm chủng") == [
        "Một câu về tiêm chủng.",
        "Hai câu về tiêm chủng.",
    ]
