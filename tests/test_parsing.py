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
