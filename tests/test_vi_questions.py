"""The question cues (bot/vi/questions.py), on questions typed the way people type them."""

import re

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


@pytest.mark.parametrize(
    "question",
    [
        "Đơn vị nào chủ trì lập kế hoạch mua sắm sinh phẩm?",
        "co quan nao phu trach xu ly moi truong sau lu",
        "Sở nào phối hợp kiểm tra an toàn thông tin?",
        "ai chu tri kiem tra bmnn",
    ],
)
def test_which_agency_cues(question):
    assert _asks(questions.WHICH_AGENCY, question)


@pytest.mark.parametrize(
    "question",
    [
        "Trưởng điểm thi phải chuẩn bị những gì?",
        "kh gom nhung noi dung nao",
        "can lam nhung viec gi",
    ],
)
def test_list_cues(question):
    assert _asks(questions.LIST, question)


@pytest.mark.parametrize("question", ["Giải thể bao nhiêu hội?", "mấy người"])
def test_quantity_cues(question):
    assert _asks(questions.QUANTITY, question)


@pytest.mark.parametrize(
    ("phrases", "question"),
    [
        (questions.SIGNER, "Kế hoạch ký kết hợp đồng"),  # "ký" alone is no question of who
        (questions.WHEN, "Ngày 16/11/2025 mưa lớn ở đâu?"),  # a date, not asking for one
        (questions.DUTY, "Ai ký Công điện 217?"),
        (questions.WHICH_AGENCY, "Sở Y tế phải làm gì?"),  # names the agency: asks its tasks
        (questions.LIST, "Thanh Hóa ưu tiên tiêm cho đối tượng nào?"),  # one answer, not a list
    ],
)
def test_cues_do_not_fire_on_other_questions(phrases, question):
    assert not _asks(phrases, question)


def test_cue_words_are_folded_and_lower_case():
    tables = (questions.DUTY, questions.WHEN, questions.SIGNER, questions.QUANTITY)
    for table in (*tables, questions.WHICH_AGENCY, questions.COOPERATING, questions.LIST):
        for phrase in table:
            assert phrase == fold(phrase) == phrase.lower()
    for word in questions.DUTY_WORDS | questions.PLACE_WORDS:
        assert word == fold(word) and " " not in word


def _section(text: str):
    from bot.types import Directive, Section

    return Section(Directive("x.txt", "h"), "1", "", text)


def _query(text: str):
    from bot.types import Query

    return Query(text, text, fold(text))


@pytest.mark.parametrize(
    ("question", "text", "answers"),
    [
        ("Hỗ trợ bao nhiêu tiền mỗi hộ?", "Hỗ trợ 50 hộ bị ngập. Việc hỗ trợ làm ngay.", False),
        ("Hỗ trợ bao nhiêu tiền mỗi hộ?", "Mỗi hộ được hỗ trợ 5 triệu đồng.", True),
        ("Giải thể bao nhiêu hội?", "Thông báo về việc giải thể 06 hội gồm: Hội A, Hội B.", True),
        (
            "Tăng bao nhiêu phần trăm nhóm trẻ?",
            "Phấn đấu tăng thêm ít nhất 20% số nhóm trẻ.",
            True,
        ),
        ("Tập huấn vào tháng mấy?", "Tổ chức tập huấn cho cán bộ trong năm 2023.", False),
        ("Tập huấn vào tháng mấy?", "Tổ chức tập huấn trong tháng 3/2023.", True),
        ("Đối thoại bao lâu một lần?", "Hằng tháng tổ chức 01 cuộc đối thoại.", True),
        ("Hạn chót nộp báo cáo là khi nào?", "Các đơn vị nộp báo cáo về Sở Nội vụ.", False),
        ("Hạn báo cáo là ngày nào?", "Hằng ngày báo cáo Công an tỉnh trước 16 giờ 00.", False),
        ("Hạn báo cáo là ngày nào?", "Báo cáo UBND tỉnh trước ngày 10/11/2023.", True),
        ("so y te doi thoai hom nao", "Sở Y tế: 20 giờ 15 phút ngày 08 tháng 5.", True),
        ("Cập nhật vào khung giờ nào?", "Cập nhật vào các khung giờ ngoài giờ hành chính.", True),
    ],
)
def test_a_number_or_time_question_needs_what_it_asks(question, text, answers):
    from bot.config import RetrievalSettings
    from bot.retrieval import decide
    from bot.sentences import answer_sentence
    from bot.types import Hit, SearchResult

    section = _section(text)
    hit = Hit(section, 1.0, 1.0, None, 1.0)
    assert decide(SearchResult(_query(question), (hit,), False), RetrievalSettings()) is answers
    if answers:  # each answering text is one sentence: the one quoted
        assert answer_sentence(_query(question), section) == text


def test_unit_forms_are_folded():
    for unit, forms in questions.UNIT_FORMS.items():
        assert unit == fold(unit)
        assert all(form == fold(form) for form in forms)


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("so nn&mt dong thap kh 597", [("Kế hoạch", "597")]),
        ("ĐH NCL Đà Nẵng cần làm gì theo CV 1906", [("Công văn", "1906")]),
        ("CĐ số 217 UBND tỉnh làm gì", [("Công điện", "217")]),
        ("theo Quyết định 0254 của Sơn La", [("Quyết định", "254")]),
        ("Công điện 217/CĐ-TTg", []),  # a whole number is matched as such, not as a reference
        ("tiêm 2 mũi vắc xin", []),
        ("báo cáo trước ngày 15 hằng tháng", []),
    ],
)
def test_directives_named_by_type_and_number(question, named):
    assert questions.references(fold(question)) == named


@pytest.mark.parametrize(
    ("question", "types"),
    [
        ("Ai ký công văn của UBND tỉnh Lai Châu?", {"Công văn"}),
        ("ai ky ke hoach 0130", {"Kế hoạch"}),
        ("Văn bản nào nói về tiêm chủng?", set()),  # "văn bản" names no type
        ("CV 1906 nói gì", set()),  # a code names a type only beside a number
    ],
)
def test_types_a_question_names(question, types):
    assert questions.types_named(fold(question)) == types


def test_deadline_windows_are_folded_and_their_words_are_deadline_words():
    for phrase, (unit, ahead) in questions.DEADLINE_WINDOWS.items():
        assert phrase == fold(phrase) and unit in ("day", "week", "month") and ahead in (0, 1)
        assert (
            set(phrase.split()) <= questions.DEADLINE_WORDS
        )  # "… trong tuần này" asks nothing else


@pytest.mark.parametrize(
    ("question", "mine"),
    [
        ("nhiệm vụ của tôi", True),
        ("nhiem vu cua toi la gi", True),
        ("Việc của tôi?", True),
        ("tôi phải làm gì", True),
        ("Sở Y tế phải làm gì?", False),
        ("nhiệm vụ của Sở Y tế", False),
    ],
)
def test_my_duties_cues(question: str, mine: bool):
    assert bool(re.match(rf"\s*(?:{'|'.join(questions.MY_DUTIES)})\b", fold(question))) is mine
    assert all(fold(p) == p for p in questions.MY_DUTIES)
