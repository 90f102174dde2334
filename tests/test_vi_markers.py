"""The layout tables of bot/vi/markers.py, each on its own: markers, field names, cues, deadlines."""

import re

import pytest

from bot.text import fold
from bot.vi import markers


@pytest.mark.parametrize(
    ("pattern", "line", "groups"),
    [
        (markers.ROMAN_PART, "II. NỘI DUNG KẾ HOẠCH", ("II", "NỘI DUNG KẾ HOẠCH")),
        (
            markers.ARTICLE,
            "Điều 5. Quyết định này có hiệu lực",
            ("Điều 5", "Quyết định này có hiệu lực"),
        ),
        (markers.NUMBERED, "3.1. Tham gia góp ý kiến", ("3.1", "Tham gia góp ý kiến")),
        (markers.NUMBERED, "4. Sở Tư pháp: Chủ trì", ("4", "Sở Tư pháp: Chủ trì")),
        (markers.LETTERED, "đ) Giao Sở Tư pháp chủ trì", ("đ", "Giao Sở Tư pháp chủ trì")),
        (markers.BULLET, "- Cơ quan chủ trì: Sở Y tế.", ("-", "Cơ quan chủ trì: Sở Y tế.")),
        (markers.SUB_BULLET, "+ Sốt xuất huyết;", ("+", "Sốt xuất huyết;")),
    ],
)
def test_list_markers_read_their_number_and_text(pattern: str, line: str, groups: tuple):
    m = re.match(pattern, line)
    assert m is not None and m.groups()[-2:] == groups[-2:]


@pytest.mark.parametrize(
    "line", ["f) Nội dung", "w) Nội dung", "2025. Năm", "Điều 35 Nghị định số 126/2024/NĐ-CP."]
)
def test_list_markers_refuse_what_is_not_a_marker(line: str):
    assert not re.match(markers.LETTERED, line)
    assert not re.match(markers.ROMAN_PART, line)
    assert not re.match(markers.ARTICLE, line)


def test_lettered_items_follow_the_vietnamese_alphabet():
    assert markers.LIST_LETTERS.startswith("abcdđegh")
    assert "f" not in markers.LIST_LETTERS and "j" not in markers.LIST_LETTERS


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("1. Văn phòng Ủy ban nhân dân tỉnh a) Rà soát, thống kê", True),
        ("2. Về các nền tảng số a) Nhiệm vụ:", True),
        ("1. Thực hiện theo điểm a) khoản 2", True),  # the pattern finds it; the parser refuses
        ("1. Nhiệm vụ, giải pháp cụ thể b) Giao Sở Nội vụ:", True),
        ("1. Rà soát, thống kê. a) Một", False),
    ],
)
def test_an_inline_first_letter_is_found_after_a_heading(line: str, found: bool):
    assert bool(re.search(markers.INLINE_LETTER, line)) is found


def test_field_names_are_folded_and_unique():
    names = [name for names in markers.FIELD_NAMES.values() for name in names]
    assert len(names) == len(set(names))
    assert all(name == fold(name) for name in names)
    assert {"task", "lead", "cooperating", "agency", "time"} <= set(markers.FIELD_NAMES)
    assert markers.TIME_FIELD in markers.FIELD_NAMES


@pytest.mark.parametrize(
    ("field", "kind"),
    [
        ("Cơ quan chủ trì", "lead"),
        ("Đơn vị chủ trì", "lead"),
        ("Cơ quan phối hợp", "cooperating"),
        ("Đơn vị phối hợp", "cooperating"),
        ("Cơ quan thực hiện", "agency"),
        ("Thời gian thực hiện", "time"),
        ("Nhiệm vụ", "task"),
        ("Nội dung", "task"),
    ],
)
def test_field_names_cover_the_plans_forms(field: str, kind: str):
    assert fold(field) in markers.FIELD_NAMES[kind]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc các cơ quan kịp thời phản ánh",
        "Ủy ban nhân dân tỉnh yêu cầu các cơ quan, đơn vị, địa phương nghiêm túc triển khai",
        "Yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện",
        "Quyết định này có hiệu lực kể từ ngày ký ban hành.",
    ],
)
def test_closing_cues_start_closing_boilerplate(paragraph: str):
    assert fold(paragraph).startswith(markers.CLOSING_CUES)


@pytest.mark.parametrize(
    "paragraph",
    [
        "Căn cứ Luật Tổ chức Chính quyền địa phương ngày 16 tháng 6 năm 2025;",
        "Thực hiện Quyết định số 2138/QĐ-TTg ngày 27 tháng 9 năm 2025",
        "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 187/TTr-SNV",
    ],
)
def test_intro_cues_start_introductions(paragraph: str):
    assert fold(paragraph).startswith(markers.INTRO_CUES)


def test_cues_are_folded():
    assert all(c == fold(c) for c in (*markers.CLOSING_CUES, *markers.INTRO_CUES))


def _deadlines(text: str) -> list[str]:
    return [
        m.group(0) for p in markers.DEADLINE_PATTERNS for m in re.finditer(p, text, re.IGNORECASE)
    ]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("hoàn thành 100% trước ngày 06/12/2025.", "trước ngày 06/12/2025"),
        ("gửi về Sở trước ngày 06 tháng 12 năm 2025", "trước ngày 06 tháng 12 năm 2025"),
        ("chậm nhất ngày 28/2/2023", "chậm nhất ngày 28/2/2023"),
        ("báo cáo trước ngày 15 hằng tháng", "trước ngày 15 hằng tháng"),
        ("báo cáo hằng tháng, trước ngày 15", "hằng tháng, trước ngày 15"),
        (
            "Định kỳ trước 16 giờ ngày thứ Sáu hằng tuần, báo cáo",
            "trước 16 giờ ngày thứ Sáu hằng tuần",
        ),
        ("báo cáo trước 14h ngày 29/7", "trước 14h ngày 29/7"),
        ("hoàn thành trong tháng 12/2025", "hoàn thành trong tháng 12/2025"),
        ("Thời gian thực hiện: Quý I/2026", "Quý I/2026"),
        ("Thời gian: quý IV năm 2025", "quý IV năm 2025"),
        ("Hoàn thành trong năm 2025.", "Hoàn thành trong năm 2025"),
        ("xử lý trong 24-48 giờ sau khi nước rút.", "trong 24-48 giờ sau khi nước rút"),
        (
            "trong thời hạn 05 ngày làm việc kể từ ngày nhận",
            "trong thời hạn 05 ngày làm việc kể từ ngày nhận",
        ),
        ("bắt đầu thực hiện từ tháng 01/2026.", "bắt đầu thực hiện từ tháng 01/2026"),
        ("định kỳ hằng tháng báo cáo", "định kỳ hằng tháng"),
    ],
)
def test_deadline_patterns_find_the_forms_plans_use(text: str, phrase: str):
    assert phrase in _deadlines(text)


@pytest.mark.parametrize(
    "text",
    [
        "Quyết định này có hiệu lực kể từ ngày ký.",
        "ngân sách hằng năm của các sở, ngành",
        "Thường xuyên kiểm tra, đôn đốc",
        "đến năm 2030, 100% hồ sơ",
    ],
)
def test_deadline_patterns_ignore_what_is_no_deadline(text: str):
    assert _deadlines(text) == []


def test_continuation_words_are_folded_function_words():
    assert all(w == fold(w) and " " not in w for w in markers.CONTINUATION_WORDS)
    assert {"so", "va", "cua", "quy", "nam"} <= markers.CONTINUATION_WORDS
    assert not {"hanh", "phuc", "nay"} & markers.CONTINUATION_WORDS


@pytest.mark.parametrize(
    ("line", "opens"),
    [("Kính gửi:", True), ("THỦ TƯỚNG CHÍNH PHỦ điện:", True), ("Căn cứ Luật;", False)],
)
def test_recipient_cues_open_the_list_of_addressees(line: str, opens: bool):
    folded = fold(line)
    found = folded.startswith(markers.RECIPIENTS_START) or folded.endswith(markers.RECIPIENTS_END)
    assert found is opens


@pytest.mark.parametrize(
    ("line", "ends"), [("Nơi nhận:", True), ("Noi nhQn:", True), ("Nội dung:", False)]
)
def test_the_closing_block_starts_at_noi_nhan_even_when_ocr_garbles_it(line: str, ends: bool):
    assert bool(re.match(markers.CLOSING_BLOCK, fold(line))) is ends


def test_ocr_reads_one_as_a_lower_case_l():
    assert re.sub(markers.OCR_ONE, "1", "l. Các sở, ban, ngành") == "1. Các sở, ban, ngành"
    assert re.sub(markers.OCR_ONE, "1", "là cơ quan") == "là cơ quan"


@pytest.mark.parametrize(
    ("line", "attached"),
    [
        ("KẾ HOẠCH", True),
        ("QUY CHẾ HOẠT ĐỘNG CỦA TỔ COVID CỘNG ĐỒNG", True),
        ("(Ban hành kèm theo Quyết định số 45/QĐ-UBND ngày 7/1/2022)", True),
        ("NĂM 2023 (Kèm theo Quyết định số 254/QĐ-UBND)", True),
        ("CHỦ TỊCH", False),
        ("Ban hành kèm theo Quyết định này Kế hoạch thực hiện", False),
    ],
)
def test_an_attached_document_is_known_by_its_title_or_note(line: str, attached: bool):
    folded = fold(line)
    title = line.isupper() and folded.startswith(markers.ATTACHED_TITLES)
    assert bool(title or re.search(markers.ATTACHED_NOTE, folded)) is attached
