"""The parser on the five seeds and on the other shapes directives come in."""

from pathlib import Path

import pytest

from bot.agencies import Gazetteer
from bot.cleaning import clean
from bot.metadata import place_name
from bot.parsing import parse
from bot.types import ParsedFile, Role

DOCS = Path(__file__).resolve().parent.parent / "documents"


def _seed(prefix: str) -> ParsedFile:
    path = next(DOCS.glob(f"{prefix}_*.txt"))
    return parse(path.read_text(encoding="utf-8"), path.name, "hash", Gazetteer())


def _section(parsed: ParsedFile, path: str):
    return next(s for s in parsed.sections if s.path == path)


def test_seed_000_draft_header_keeps_blanks_missing():
    parsed = _seed("000")
    d = parsed.directive
    assert (d.number, d.issuer, d.province, d.date) == (
        None,
        "UBND tỉnh Sơn La",
        "Sơn La",
        "2021-11",
    )
    assert d.subject.startswith("triển khai Văn bản chỉ đạo của Ban Chỉ đạo")
    assert d.recipients == ("Các sở, ban, ngành", "UBND các huyện, thành phố")
    assert d.signer == "Lê Thị Hồng Anh"
    assert [s.path for s in parsed.sections if s.path.startswith("1.")] == [
        "1.1",
        "1.2",
        "1.3",
        "1.4",
    ]
    first = _section(parsed, "1.1")
    assert first.heading == "Sở Y tế" and first.leads() == ["Sở Y tế"]
    assert first.text.startswith("Tham mưu xây dựng các văn bản")
    tttt = _section(parsed, "4")
    assert tttt.deadlines == ("trước ngày 10/11/2021",)
    assert not any("Nơi nhận" in s.text or "Lưu: VT" in s.text for s in parsed.sections)


def test_seed_000_page_break_mid_sentence_is_joined():
    text = _section(_seed("000"), "5.4").text
    assert "các biện pháp phòng, chống dịch; nghiên cứu" in text


def test_seed_001_duplicate_article_and_counters_are_gone():
    parsed = _seed("001")
    d = parsed.directive
    assert (d.number, d.issuer, d.date) == ("402-CV/TU", "Tỉnh ủy Thanh Hóa", "2021-09-30")
    texts = [s.text for s in parsed.sections]
    assert sum("Tập trung chuẩn bị kỹ lưỡng" in t for t in texts) == 1
    assert not any(word in t for t in texts for word in ("Hôm nay", "bình luận", "198884"))
    assert _section(parsed, "4.2").leads() == ["Sở Y tế"]


def test_seed_002_news_republication_metadata_and_lead_in():
    parsed = _seed("002")
    d = parsed.directive
    assert (d.number, d.issuer, d.date) == ("3262/UBND-KGVX", "UBND tỉnh Kon Tum", "2021-09-13")
    first = _section(parsed, "3 (đoạn 1)")
    assert first.text.startswith("Sở Y tế chủ trì, phối hợp với các địa phương")
    tttt = _section(parsed, "4")
    assert tttt.role_of("Sở Thông tin và Truyền thông") is Role.LEAD
    assert tttt.role_of("Sở Y tế") is Role.COOPERATING
    assert not any("Số lượt xem" in s.text or "Ban Dân tộc" in s.text for s in parsed.sections)


def test_seed_003_no_header_metadata_stays_missing():
    parsed = _seed("003")
    d = parsed.directive
    assert (d.number, d.date, d.province) == (None, None, None)
    assert d.published == "2022-09-22"
    edu = next(s for s in parsed.sections if s.text.startswith("Sở Giáo dục và Đào tạo"))
    assert edu.role_of("Sở Giáo dục và Đào tạo") is Role.LEAD
    assert edu.role_of("Sở Lao động - Thương binh và Xã hội") is Role.COOPERATING
    assert not any("Thống kê truy cập" in s.text for s in parsed.sections)


def test_seed_004_bullets_inherit_the_item_lead():
    parsed = _seed("004")
    d = parsed.directive
    assert (d.issuer, d.date, d.signer) == ("UBND tỉnh Lai Châu", "2022-12", "Tổng Thanh Hải")
    bullet = _section(parsed, "2.2")
    assert bullet.role_of("Sở Y tế") is Role.LEAD
    assert bullet.role_of("Sở Tài chính") is Role.COOPERATING
    assert "vật tư, trang thiết bị y tế" in bullet.text
    assert _section(parsed, "3").leads() == [
        "Ban Tuyên giáo Tỉnh ủy",
        "Sở Thông tin và Truyền thông",
    ]


PLAN = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NAM

Số: 45/KH-UBND

Quảng Nam, ngày 7 tháng 1 năm 2022

KẾ HOẠCH
Triển khai tiêm vắc xin phòng COVID-19 năm 2022

I. MỤC ĐÍCH, YÊU CẦU
Bảo đảm tiêm đủ liều cho người dân trên địa bàn tỉnh, không để sót đối tượng nào.

II. NỘI DUNG
1.1. Rà soát đối tượng tiêm mũi nhắc lại trên toàn tỉnh.
Cơ quan thực hiện: Sở Y tế chủ trì, phối hợp với UBND các huyện, thị xã, thành phố.
Thời gian thực hiện: trước ngày 15/01/2022.
1.2. Tuyên truyền về lợi ích của tiêm vắc xin cho người dân.
Cơ quan thực hiện: Sở Thông tin và Truyền thông chủ trì, phối hợp với Sở Y tế.
Thời gian thực hiện: Quý I năm 2022.
"""

DECISION = """QUYẾT ĐỊNH
Về việc ban hành Quy chế hoạt động của Tổ COVID cộng đồng

Điều 1. Ban hành kèm theo Quyết định này Quy chế hoạt động của Tổ COVID cộng đồng trên địa bàn tỉnh.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký ban hành.
Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Y tế, Chủ tịch UBND các huyện, thành phố và Thủ trưởng các cơ quan liên quan chịu trách nhiệm thi hành Quyết định này.
"""


def test_plan_items_carry_their_agency_and_time_lines():
    parsed = parse(PLAN, "plan.txt", "h", Gazetteer())
    d = parsed.directive
    assert (d.number, d.doc_type, d.province, d.date) == (
        "45/KH-UBND",
        "Kế hoạch",
        "Quảng Nam",
        "2022-01-07",
    )
    item = next(s for s in parsed.sections if s.path.endswith("1.1"))
    assert "Cơ quan thực hiện: Sở Y tế chủ trì" in item.text
    assert item.role_of("Sở Y tế") is Role.LEAD
    assert item.role_of("UBND các huyện, thành phố") is Role.COOPERATING
    assert "trước ngày 15/01/2022" in item.deadlines[0]
    second = next(s for s in parsed.sections if s.path.endswith("1.2"))
    assert second.role_of("Sở Thông tin và Truyền thông") is Role.LEAD
    assert second.role_of("Sở Y tế") is Role.COOPERATING


def test_decision_articles_are_sections():
    parsed = parse(DECISION, "qd.txt", "h", Gazetteer())
    assert [s.path for s in parsed.sections] == ["Điều 1", "Điều 2", "Điều 3"]
    assert parsed.sections[2].leads() == [
        "Văn phòng UBND tỉnh",
        "Sở Y tế",
        "UBND các huyện, thành phố",
    ]


def test_ocr_lines_broken_mid_sentence_are_joined():
    raw = "1. Sở Y tế khẩn trương tổ chức tiêm vắc xin cho\ncác đối tượng ưu tiên trên\nđịa bàn tỉnh."
    assert clean(raw) == (
        "1. Sở Y tế khẩn trương tổ chức tiêm vắc xin cho các đối tượng ưu tiên trên địa bàn tỉnh."
    )


@pytest.mark.parametrize("noise", ["Hôm nay: 12", "Số lượt xem:501", "0 bình luận", "banner"])
def test_boilerplate_lines_are_removed(noise: str):
    body = "Nội dung chính của văn bản chỉ đạo về phòng, chống dịch COVID-19 trên địa bàn tỉnh."
    assert noise not in clean(f"{noise}\n{body}\n{body[:-1]} lần hai.\n{noise}")


def test_a_subject_without_kinh_gui_stops_where_the_body_starts():
    text = "\n".join(
        [
            "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ",
            "Số: 77/UBND-VX",
            "Quảng Trị, ngày 5 tháng 10 năm 2021",
            "V/v kiểm soát hành khách tại bến xe",
            "khách liên tỉnh",
            "Để phòng, chống dịch COVID-19 tại các bến xe, UBND tỉnh yêu cầu:",
            "1. Sở Giao thông vận tải chủ trì kiểm tra giấy xét nghiệm của hành khách.",
        ]
    )
    directive = parse(text, "a.txt", "h", Gazetteer([])).directive
    assert directive.subject == "kiểm soát hành khách tại bến xe khách liên tỉnh"


@pytest.mark.parametrize(
    ("province", "place"),
    [
        ("Kon Tum", "tỉnh Kon Tum"),
        ("Hà Nội", "thành phố Hà Nội"),
        ("Thành phố Hồ Chí Minh", "thành phố Hồ Chí Minh"),
    ],
)
def test_a_province_or_city_is_named_as_a_sentence_names_it(province: str, place: str):
    assert place_name(province) == place


def _parse(text: str) -> ParsedFile:
    return parse(text, "x.txt", "h", Gazetteer())


def _starting(parsed: ParsedFile, start: str):
    return next(s for s in parsed.sections if s.text.startswith(start))


TASK_WITH_DASH_FIELDS = """KẾ HOẠCH
Triển khai thi hành Luật

II. NỘI DUNG KẾ HOẠCH
1. Tổ chức tuyên truyền, phổ biến nội dung Luật cho cán bộ, công chức.
- Cơ quan chủ trì: Sở Khoa học và Công nghệ.
- Cơ quan phối hợp: Sở Tư pháp; Ủy ban nhân dân các xã, phường.
- Thời gian thực hiện: Quý IV năm 2025 và các năm tiếp theo.
2. Rà soát văn bản quy phạm pháp luật có liên quan đến Luật.
- Nội dung: Rà soát các văn bản thuộc thẩm quyền.
- Cơ quan thực hiện: Sở Tư pháp.
- Thời gian thực hiện: Năm 2026.
"""


def test_dash_field_lines_stay_with_their_task_one_a_line():
    parsed = _parse(TASK_WITH_DASH_FIELDS)
    assert [s.path for s in parsed.sections] == ["II.1", "II.2"]
    first, second = parsed.sections
    assert first.text.split("\n") == [
        "Tổ chức tuyên truyền, phổ biến nội dung Luật cho cán bộ, công chức.",
        "Cơ quan chủ trì: Sở Khoa học và Công nghệ.",
        "Cơ quan phối hợp: Sở Tư pháp; Ủy ban nhân dân các xã, phường.",
        "Thời gian thực hiện: Quý IV năm 2025 và các năm tiếp theo.",
    ]
    assert first.role_of("Sở Khoa học và Công nghệ") is Role.LEAD
    assert first.deadlines[0] == "Quý IV năm 2025 và các năm tiếp theo"
    assert "Cơ quan thực hiện: Sở Tư pháp." in second.text.split("\n")
    assert second.deadlines == ("Năm 2026",)


TASK_WITH_LETTERED_FIELDS = """II. NHIỆM VỤ
1. Về dữ liệu
1.1. Triển khai, phát triển dữ liệu:
a) Nhiệm vụ:
- Rà soát, hoàn thiện, chuẩn hóa cơ sở dữ liệu của đơn vị.
- Tiếp tục rà soát, bổ sung danh mục dữ liệu Thành phố.
b) Cơ quan thực hiện:
- Đơn vị chủ trì: Sở Khoa học và Công nghệ.
- Đơn vị phối hợp: Sở Tài chính.
c) Thời gian thực hiện: Thực hiện thường xuyên.
1.2. Xây dựng kho dữ liệu dùng chung.
"""


def test_lettered_fields_and_their_bullets_make_one_task():
    parsed = _parse(TASK_WITH_LETTERED_FIELDS)
    assert [s.path for s in parsed.sections] == ["II.1.1", "II.1.2"]
    task = parsed.sections[0]
    assert task.text.split("\n") == [
        "Triển khai, phát triển dữ liệu:",
        "Nhiệm vụ:",
        "- Rà soát, hoàn thiện, chuẩn hóa cơ sở dữ liệu của đơn vị.",
        "- Tiếp tục rà soát, bổ sung danh mục dữ liệu Thành phố.",
        "Cơ quan thực hiện:",
        "Đơn vị chủ trì: Sở Khoa học và Công nghệ.",
        "Đơn vị phối hợp: Sở Tài chính.",
        "Thời gian thực hiện: Thực hiện thường xuyên.",
    ]
    assert task.heading == "Về dữ liệu"
    assert task.deadlines == ("Thực hiện thường xuyên",)


AGENCY_HEADINGS = """I. NHIỆM VỤ CẦN TRIỂN KHAI NGAY
1. Văn phòng Ủy ban nhân dân tỉnh a) Rà soát, thống kê kết quả thực hiện các nhiệm vụ được giao. Hoàn thành trước ngày 20/12/2025.
b) Định kỳ trước 16 giờ ngày thứ Sáu hằng tuần, báo cáo tình hình giải quyết hồ sơ.
2. Sở Tài chính
a) Tham mưu chỉ đạo tháo gỡ khó khăn trong giải ngân vốn đầu tư công, cụ thể:
- Rà soát từng dự án chậm giải ngân.
- Đề xuất điều chuyển vốn.
3. Sở Tư pháp: Chủ trì rà soát các văn bản quy phạm pháp luật của tỉnh.
II. NHIỆM VỤ NĂM 2026
1. Nhiệm vụ, giải pháp cụ thể
b) Giao Sở Nội vụ:
- Chủ trì tham mưu tự đánh giá chỉ số cải cách hành chính hằng tháng của tỉnh.
- Tiếp tục tổ chức khảo sát mức độ hài lòng của người dân qua mã QR, định kỳ hằng tháng tổng hợp kết quả và công bố chỉ số hài lòng của các sở, ngành, xã, phường.
"""


def test_items_under_an_agency_heading_are_its_duties_however_deep():
    parsed = _parse(AGENCY_HEADINGS)
    vp = _section(parsed, "I.1.a")
    assert (
        vp.text.startswith("Rà soát, thống kê") and vp.heading == "Văn phòng Ủy ban nhân dân tỉnh"
    )
    assert vp.deadlines == ("trước ngày 20/12/2025",)
    assert _section(parsed, "I.1.b").deadlines == ("trước 16 giờ ngày thứ Sáu hằng tuần",)
    assert _section(parsed, "I.1.b").role_of("Văn phòng UBND tỉnh") is Role.LEAD
    dash = _starting(parsed, "Tham mưu chỉ đạo")
    assert dash.role_of("Sở Tài chính") is Role.LEAD and dash.heading == "Sở Tài chính"
    assert "- Đề xuất điều chuyển vốn." in dash.text  # short items: one list with its lead-in
    assert _section(parsed, "I.3").role_of("Sở Tư pháp") is Role.LEAD
    for path in ("II.1.b.1", "II.1.b.2"):
        section = _section(parsed, path)
        assert section.role_of("Sở Nội vụ") is Role.LEAD and section.heading == "Giao Sở Nội vụ"


DECISION_WITH_PLAN = """QUYẾT ĐỊNH
Về việc thành lập Hội đồng An toàn, vệ sinh lao động tỉnh

Căn cứ Luật An toàn, vệ sinh lao động ngày 25 tháng 6 năm 2015;
Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 187/TTr-SNV ngày 28 tháng 8 năm 2025.
QUYẾT ĐỊNH:
Điều 1. Thành lập Hội đồng An toàn, vệ sinh lao động tỉnh gồm các ông, bà có tên sau:
1. Chủ tịch Hội đồng: Ông Đinh Văn Tuấn - Phó Chủ tịch Ủy ban nhân dân tỉnh.
2. Các Phó Chủ tịch Hội đồng:
- Ông Đỗ Văn Chung - Giám đốc Sở Nội vụ, Phó Chủ tịch Thường trực Hội đồng;
- Ông Lê Văn Hồng, Phó Giám đốc Sở Y tế.
Điều 2. Sở Nội vụ là cơ quan thường trực của Hội đồng.
Điều 3. Quyết định này có hiệu lực kể từ ngày ký ban hành.
Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc Sở Nội vụ và các ông, bà có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.
"""


def test_decision_keeps_its_intro_members_and_the_clause_after_the_last_article_in_order():
    parsed = _parse(DECISION_WITH_PLAN)
    paths = [s.path for s in parsed.sections]
    assert paths == [
        "đoạn 1",
        "đoạn 2",
        "Điều 1, khoản 1",
        "Điều 1, khoản 2",
        "Điều 2",
        "Điều 3",
        "đoạn 3",
    ]
    assert parsed.sections[1].text.startswith("Theo đề nghị của Giám đốc Sở Nội vụ")
    members = _section(parsed, "Điều 1, khoản 2")
    assert "- Ông Lê Văn Hồng, Phó Giám đốc Sở Y tế." in members.text.split("\n")
    assert parsed.sections[-1].role_of("Sở Nội vụ") is Role.LEAD
    assert parsed.sections[-1].heading == ""


PLAN_FROM_II = """KẾ HOẠCH
Phòng, chống dịch bệnh sau lũ

II. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Chủ động triển khai các biện pháp phòng chống dịch bệnh, không để bùng phát dịch sau lụt bão.
III.
ĐÁNH GIÁ NGUY CƠ
Nguy cơ bùng phát các bệnh truyền nhiễm a) Các bệnh lây truyền qua đường tiêu hóa:
- Tiêu chảy cấp, tả, lỵ trực khuẩn, thương hàn.
- Nguy cơ viêm gan A, E do ô nhiễm nguồn nước.
b) Các bệnh lây truyền từ động vật sang người, nguy cơ phát sinh và lây lan:
+ Bệnh dại.
+ Leptospirosis.
IV. TỔ CHỨC THỰC HIỆN
1. Sở Y tế chủ trì giám sát dịch bệnh, báo cáo hằng tháng, trước ngày 15.
Trong quá trình thực hiện, nếu có khó khăn, vướng mắc các cơ quan, đơn vị kịp thời phản ánh về Sở Y tế để tổng hợp.
"""


def test_plan_numbered_from_ii_with_lone_markers_inline_letters_and_sub_bullets():
    parsed = _parse(PLAN_FROM_II)
    assert _section(parsed, "II.1.1").text.startswith("Chủ động triển khai")
    assert _section(parsed, "III.a").heading == "ĐÁNH GIÁ NGUY CƠ"
    assert "- Tiêu chảy cấp, tả, lỵ trực khuẩn, thương hàn." in _section(parsed, "III.a").text
    assert "+ Leptospirosis." in _section(parsed, "III.b").text
    assert _section(parsed, "IV.1").deadlines == ("hằng tháng, trước ngày 15",)
    closing = _starting(parsed, "Trong quá trình thực hiện")
    assert closing.path.startswith("đoạn") and closing.heading == ""


def test_a_letter_cited_inside_a_sentence_is_no_item():
    parsed = _parse("1. Thực hiện theo điểm a) khoản 2 Điều 5 Nghị định số 126/2024/NĐ-CP.")
    assert [s.path for s in parsed.sections] == ["1"]


CONG_DIEN = """CÔNG ĐIỆN
V/V CHỦ ĐỘNG PHÒNG, TRÁNH, ỨNG PHÓ MƯA LŨ TẠI KHU VỰC TRUNG BỘ
THỦ TƯỚNG CHÍNH PHỦ điện:
- Chủ tịch Ủy ban nhân dân các tỉnh, thành phố: Hà Tĩnh,
Quảng Trị, Huế, Đà Nẵng;
- Các Bộ: Quốc phòng, Công an, Nông nghiệp và Môi trường.
Theo tổng hợp báo cáo nhanh của Bộ Nông nghiệp và
Môi trường, từ sáng nay tại khu vực từ Quảng Trị đến Khánh Hòa đã có mưa to đến rất to.
Để chủ động ứng phó với mưa lũ, Thủ tướng Chính phủ yêu cầu:
1. Chủ tịch Ủy ban nhân dân các tỉnh, thành phố từ
Hà Tĩnh đến Khánh Hòa:
a) Tổ chức theo dõi chặt chẽ tình hình mưa lũ.
b) Tổ chức sơ tán người dân khỏi khu vực nguy hiểm.
- Thời gian thực hiện: Quý
IV năm 2025.
"""


def test_addressees_are_header_and_wrapped_lines_are_joined():
    parsed = _parse(CONG_DIEN)
    assert [s.path for s in parsed.sections] == ["đoạn 1", "đoạn 2", "1.a", "1.b"]
    assert parsed.sections[0].text.startswith(
        "Theo tổng hợp báo cáo nhanh của Bộ Nông nghiệp và Môi"
    )
    assert parsed.sections[2].heading == (
        "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố từ Hà Tĩnh đến Khánh Hòa"
    )
    assert parsed.sections[3].deadlines == ("Quý IV năm 2025",)
    assert parsed.sections[3].text.endswith("\nThời gian thực hiện: Quý IV năm 2025.")


TASK_TABLE = """III. HOẠT ĐỘNG TRỌNG TÂM
1. Xây dựng, phát sóng các chương trình a) Chương trình “Đối thoại về Cải cách hành chính”:
- Giải đáp những vướng mắc, kiến nghị thuộc thẩm quyền giải quyết của Sở Y tế
Trách nhiệm thực hiện: Lãnh đạo Sở Y tế
Thời gian (Năm 2026): Từ 20 giờ 15 phút - 20 giờ 45 phút ngày 08 tháng 5
- Giải đáp những vướng mắc, kiến nghị thuộc thẩm quyền giải quyết của Sở Tư pháp
Trách nhiệm thực hiện: Lãnh đạo Sở Tư pháp
Thời gian (Năm 2026): Từ 20 giờ 15 phút - 20 giờ 45 phút ngày 13 tháng 11 b) Tổ chức Cuộc thi tìm hiểu về cải cách hành chính trên địa bàn tỉnh.
"""


def test_a_task_table_row_keeps_its_own_fields_and_the_next_letter_is_split_off():
    parsed = _parse(TASK_TABLE)
    assert [s.path for s in parsed.sections] == ["III.1.a.1", "III.1.a.2", "III.1.b"]
    row = parsed.sections[0]
    assert row.text.split("\n")[1:] == [
        "Trách nhiệm thực hiện: Lãnh đạo Sở Y tế",
        "Thời gian (Năm 2026): Từ 20 giờ 15 phút - 20 giờ 45 phút ngày 08 tháng 5",
    ]
    assert row.deadlines == ("Từ 20 giờ 15 phút - 20 giờ 45 phút ngày 08 tháng 5",)
    assert parsed.sections[1].text.endswith("ngày 13 tháng 11")
    assert parsed.sections[2].text.startswith("Tổ chức Cuộc thi")


DECISION_ISSUING_A_PLAN = """QUYẾT ĐỊNH
Ban hành Kế hoạch thực hiện công tác bảo vệ bí mật nhà nước năm 2023
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện công tác bảo vệ bí mật nhà nước.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Công an tỉnh chịu trách nhiệm thi hành Quyết định này./.
Nơi nhận:
- Như Điều 3;
- Lưu: VT.
CHỦ TỊCH
Hoàng Quốc Khánh
KẾ HOẠCH
THỰC HIỆN CÔNG TÁC BẢO VỆ BÍ MẬT NHÀ NƯỚC NĂM 2023 (Kèm theo Quyết định số 254/QĐ-UBND ngày 17/02/2023 của Chủ tịch Ủy ban nhân dân tỉnh)
I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao nhận thức cho cán bộ, công chức về công tác bảo vệ bí mật nhà nước.
II. PHÂN CÔNG NHIỆM VỤ
1. Sở Tư pháp: Phối hợp với Công an tỉnh kiểm tra việc thực hiện Luật Bảo vệ bí mật nhà nước.
"""


def test_a_plan_attached_after_the_decisions_closing_is_read_too():
    parsed = _parse(DECISION_ISSUING_A_PLAN)
    paths = [s.path for s in parsed.sections]
    assert paths[:3] == ["Điều 1", "Điều 2", "Điều 3"]
    assert paths[-3:] == ["I.1", "II.1", "người ký"]
    assert not any("Như Điều 3" in s.text for s in parsed.sections)
    assert "Kèm theo Quyết định số 254" not in _section(parsed, "Điều 3").text
    # "Sở Tư pháp: Phối hợp với Công an tỉnh kiểm tra …": its task, in which it cooperates.
    assert _section(parsed, "II.1").role_of("Sở Tư pháp") is Role.COOPERATING


LEAD_IN = """Thực hiện Công văn số 6356/UBND-NNMT ngày 01/12/2025 của UBND Thành phố về kiểm soát ô nhiễm không khí.
Nhằm bảo vệ sức khỏe học sinh, Sở Y tế chủ trì, phối hợp với các trường thực hiện các việc sau:
- Thường xuyên cập nhật thông tin về chất lượng không khí tại các trạm quan trắc.
- Hạn chế các hoạt động ngoài trời cho học sinh khi chất lượng không khí ở mức “Xấu”.
Sở Giáo dục và Đào tạo đề nghị Thủ trưởng các đơn vị nghiêm túc thực hiện./.
"""


def test_bullets_after_a_lead_in_paragraph_are_read_under_whom_it_addresses():
    parsed = _parse(LEAD_IN)
    assert [s.path for s in parsed.sections] == ["đoạn 1", "đoạn 2", "1", "2", "đoạn 3"]
    lead_in = parsed.sections[1]
    for bullet in parsed.sections[2:4]:
        assert bullet.heading == ""
        assert bullet.leads() == lead_in.leads() and bullet.leads()


def test_a_signer_named_inside_a_line_costs_nothing():
    text = "Sở Y tế chủ trì tổ chức tiêm vắc xin cho người dân trên địa bàn tỉnh. GIÁM ĐỐC Nguyễn Văn A"
    assert parse(text, "x.html", "h", Gazetteer()).sections


def test_seed_003_a_daily_report_keeps_its_recurrence_with_its_hour():
    parsed = _seed("003")
    report = next(s for s in parsed.sections if "Công an tỉnh trước 16 giờ" in s.text)
    assert report.deadlines == ("hàng ngày báo cáo kết quả cho Công an tỉnh trước 16 giờ 00’",)


OCR_SCAN_ITEMS = """2. Sở Nội vụ
c) Định kỳ hằng tuần (trước l6 giờ ngày thứ sáu), báo cáo lãnh đạo UBND tỉnh tình hình giải quyết hồ sơ thủ tục hành chính.
d) Nhiệm kỳ của Hội đã kết thúc từ ngày 28/12/2023; tổ chức đại hội chậm nhất ngày 31/12/2024.
đ) Triển khai thanh toán không dùng tiền mặt. Thực hiện trong tháng 11, tháng 12 năm 2025.
"""


def test_deadlines_are_read_from_an_ocr_scan_as_the_directive_sets_them():
    parsed = _parse(OCR_SCAN_ITEMS)
    assert _section(parsed, "2.c").deadlines == ("Định kỳ hằng tuần (trước 16 giờ ngày thứ sáu)",)
    assert _section(parsed, "2.d").deadlines == ("chậm nhất ngày 31/12/2024",)
    assert _section(parsed, "2.đ").deadlines == ("trong tháng 11, tháng 12 năm 2025",)


def test_the_parser_fingerprint_leaves_out_only_language_data_no_build_reads():
    """Editing bot/vi/deadlines.py (or another file answering alone reads) reuses every parse;
    no module a build imports, directly or not, may read such a file."""
    import ast

    from bot import corpus

    bot = Path(corpus.__file__).resolve().parent
    fingerprinted = {p.stem for p in corpus._PARSING_CODE if p.parent.name == "vi"}
    assert corpus.QUERY_DATA and not corpus.QUERY_DATA & fingerprinted
    assert {"markers", "agencies", "places", "headers", "abbreviations"} <= fingerprinted

    def imported(module: str) -> set[str]:
        path = bot.joinpath(*module.split(".")[1:])
        source = (
            path.with_suffix(".py") if path.with_suffix(".py").is_file() else path / "__init__.py"
        )
        names = set()
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("bot"):
                names |= {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
            elif isinstance(node, ast.Import):
                names |= {a.name for a in node.names if a.name.startswith("bot")}
        return {
            n
            for n in names
            if bot.joinpath(*n.split(".")[1:]).with_suffix(".py").is_file()
            or (bot.joinpath(*n.split(".")[1:]) / "__init__.py").is_file()
        }

    seen, todo = set(), ["bot.corpus", "bot.indexing"]
    while todo:
        if (module := todo.pop()) not in seen:
            seen.add(module)
            todo.extend(imported(module))
    assert {f"bot.vi.{name}" for name in corpus.QUERY_DATA}.isdisjoint(seen)
