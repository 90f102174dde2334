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


def _phrases(text: str) -> list[str]:
    """The phrases as the parser keeps them: a phrase inside a longer one is dropped."""
    found = {f.rstrip(" .;,") for f in _deadlines(text)}
    return sorted(f for f in found if not any(f != o and f in o for o in found))


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        # seed 003: the recurrence opens the clause, the hour closes it
        (
            "hàng ngày báo cáo kết quả cho Công an tỉnh trước 16 giờ 00’ để tổng hợp",
            "hàng ngày báo cáo kết quả cho Công an tỉnh trước 16 giờ 00’",
        ),
        # TB 493 of Lâm Đồng (2.c), 597/KH-UBND of Đồng Tháp: the due time in parentheses
        (
            "Định kỳ hằng tuần (trước 16 giờ ngày thứ sáu), báo cáo lãnh đạo UBND tỉnh",
            "Định kỳ hằng tuần (trước 16 giờ ngày thứ sáu)",
        ),
        (
            "Định kỳ hằng năm (trước ngày 30 tháng 11) báo cáo kết quả thực hiện về Sở Xây dựng",
            "Định kỳ hằng năm (trước ngày 30 tháng 11)",
        ),
        ("báo cáo hằng tháng, trước ngày 15", "hằng tháng, trước ngày 15"),
        ("Định kỳ hằng tuần, vào thứ Sáu, gửi báo cáo", "Định kỳ hằng tuần, vào thứ Sáu"),
        # a sentence's end after the day is no date: "20. 3." opens the next item
        (
            "báo cáo tình hình dịch bệnh định kỳ hằng tháng trước ngày 20. 3. Sở Y tế cập nhật",
            "định kỳ hằng tháng trước ngày 20",
        ),
        (
            "Hằng quý, các đơn vị gửi báo cáo về Sở Nội vụ trước ngày 20",
            "Hằng quý, các đơn vị gửi báo cáo về Sở Nội vụ trước ngày 20",
        ),
    ],
)
def test_a_recurrence_takes_the_due_time_of_its_clause(text: str, phrase: str):
    assert _phrases(text) == [phrase]


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        # a dated day is once, whatever recurs before it
        (
            "hằng ngày cập nhật dữ liệu, báo cáo trước 16 giờ ngày 20/12/2025",
            ["trước 16 giờ ngày 20/12/2025"],
        ),
        (
            "định kỳ hằng năm rà soát, hoàn thành trước ngày 30/11/2025",
            ["trước ngày 30/11/2025", "định kỳ hằng năm"],
        ),
        # another clause, or another recurrence, in between
        (
            "Định kỳ hằng tháng báo cáo UBND tỉnh. Sở Tài chính tổng hợp trước 16 giờ thứ Sáu",
            ["Định kỳ hằng tháng", "trước 16 giờ thứ Sáu"],
        ),
        (
            "dự toán hằng năm của các sở; báo cáo hằng tuần trước 16 giờ thứ Sáu",
            ["hằng tuần trước 16 giờ thứ Sáu"],
        ),
    ],
)
def test_a_recurrence_keeps_apart_from_what_is_not_its_due_time(text: str, phrases: list[str]):
    assert _phrases(text) == sorted(phrases)


def test_a_recurrence_joins_its_due_time_only_within_the_gap():
    words = "báo cáo kết quả " * (markers.RULE_GAP_CHARS // 16 + 1)
    assert _phrases(f"hàng ngày {words}trước 16 giờ") == ["trước 16 giờ"]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("bắt đầu thực hiện từ tháng 01/2026.", "bắt đầu thực hiện từ tháng 01/2026"),
        ("Bắt đầu từ quý II/2026, các sở cập nhật", "Bắt đầu từ quý II/2026"),
        ("Kế hoạch này được triển khai từ ngày 15/12/2025", "từ ngày 15/12/2025"),
        (
            "Chiến dịch thực hiện từ ngày 20/01/2022 đến ngày 31/3/2022.",
            "từ ngày 20/01/2022 đến ngày 31/3/2022",
        ),
        ("áp dụng từ năm 2026", "từ năm 2026"),
        # a run of days read whole, its year kept
        ("tổ chức cao điểm, thực hiện từ ngày 16-20/11/2025", "từ ngày 16-20/11/2025"),
    ],
)
def test_a_start_follows_a_word_that_starts(text: str, phrase: str):
    assert _phrases(text) == [phrase]
    assert all(v == v.lower() for v in markers.START_VERBS)


@pytest.mark.parametrize(
    "text",
    [
        # 3367/TTr-SNV, TB 493 of Lâm Đồng, 217/CĐ-TTg: background and a forecast
        "Nhiệm kỳ III (2018-2023) của Hiệp hội đã kết thúc từ ngày 28/12/2023.",
        "Từ ngày 01/7/2025, sau khi thành lập tỉnh Lâm Đồng mới, công tác cải cách",
        "kết quả thực hiện (từ ngày 1/7 đến nay và giải pháp cho năm 2026)",
        "Từ ngày 16-20/11/2025, trên các sông từ Hà Tĩnh đến Khánh Hòa xuất hiện một đợt lũ",
        "từ ngày 17 đến ngày 20 tháng 11 năm 2025 tỉnh Đắk Lắk đang phải hứng chịu",
    ],
)
def test_a_bare_tu_ngay_is_no_deadline(text: str):
    assert _phrases(text) == []


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        # TB 493 of Lâm Đồng (5.c): the year closes a list of months
        ("Thực hiện trong tháng 11, tháng 12 năm 2025.", "trong tháng 11, tháng 12 năm 2025"),
        ("hoàn thành trong tháng 11 - 12/2025", "hoàn thành trong tháng 11 - 12/2025"),
        ("triển khai trong tháng 11, 12/2025", "trong tháng 11, 12/2025"),
        ("trong quý III, IV/2026", "trong quý III, IV/2026"),
        ("hoàn thành trong quý 3 - 4/2026", "hoàn thành trong quý 3 - 4/2026"),
        # a day range: whole, not day 16 of month 20
        ("chậm nhất ngày 16-20/11/2025", "chậm nhất ngày 16-20/11/2025"),
        ("trước ngày 29-7-2020", "trước ngày 29-7-2020"),
        ("trước ngày 15.12.2025", "trước ngày 15.12.2025"),
        ("trước ngày 15 / 12 / 2025", "trước ngày 15 / 12 / 2025"),
    ],
)
def test_a_list_of_periods_or_days_is_read_whole(text: str, phrase: str):
    assert _phrases(text) == [phrase]


def test_a_list_of_months_ends_where_the_months_do():
    assert _phrases("trong tháng 11, 12 xã đã hoàn thành") == ["trong tháng 11"]
    assert _phrases("kiểm tra trong quý I, 2 lần") == ["trong quý I"]
    # a quarter named again keeps its own year, as its own phrase
    assert _phrases("trong quý III và quý IV năm 2026") == ["quý IV năm 2026", "trong quý III"]
    assert _phrases("trong tháng 12/2025, tháng 01/2026") == ["trong tháng 12/2025, tháng 01/2026"]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        (
            "Định kỳ hằng tuần (trước l6 giờ ngày thứ sáu)",
            "Định kỳ hằng tuần (trước 16 giờ ngày thứ sáu)",
        ),
        ("báo cáo trước ngày l5/11/2025", "báo cáo trước ngày 15/11/2025"),
        ("lĩnh vực l0 năm", "lĩnh vực 10 năm"),
        ("https://dean06.vn, html5, Điều 12", "https://dean06.vn, html5, Điều 12"),
        ("là cơ quan", "là cơ quan"),
    ],
)
def test_ocr_reads_a_number_s_first_one_as_a_lower_case_l(text: str, read: str):
    assert re.sub(markers.OCR_DIGIT_ONE, "1", text) == read


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
