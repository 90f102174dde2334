"""The issuing body from a header's agency block (bot.issuer)."""

import pytest

from bot.issuer import Issuer, placed, read_issuer


@pytest.mark.parametrize(
    ("block", "place", "issuer"),
    [
        ("ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK", None, Issuer("UBND tỉnh Đắk Lắk", "Đắk Lắk", False)),
        (
            "UBND THÀNH PHỐ HÀ NỘI SỞ GIÁO DỤC VÀ ĐÀO TẠO",
            None,
            Issuer("Sở Giáo dục và Đào tạo thành phố Hà Nội", "Hà Nội", False),
        ),
        (
            "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM TỈNH LÂM ĐỒNG Độc lập - Tự do - "
            "Hạnh phúc",
            None,
            Issuer("UBND tỉnh Lâm Đồng", "Lâm Đồng", False),
        ),
        (
            "UBND TỈNH QUẢNG TRỊ VĂN PHÒNG",
            None,
            Issuer("Văn phòng UBND tỉnh Quảng Trị", "Quảng Trị", False),
        ),
        ("SỞ Y TẾ", "Kon Tum", Issuer("Sở Y tế tỉnh Kon Tum", "Kon Tum", False)),
        (
            "UBND TỈNH KON TUM SỞ CÔNG THƯƠNG",
            None,
            Issuer("Sở Công Thương tỉnh Kon Tum", "Kon Tum", False),
        ),
        (
            "UBND TỈNH HÀ TĨNH SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
            None,
            Issuer("Sở Văn hóa, Thể thao và Du lịch tỉnh Hà Tĩnh", "Hà Tĩnh", False),
        ),
        (
            "BAN CHỈ ĐẠO PHÒNG, CHỐNG DỊCH COVID-19 TỈNH KON TUM",
            None,
            Issuer("Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh Kon Tum", "Kon Tum", False),
        ),
        ("ĐẢNG BỘ TỈNH THANH HÓA TỈNH ỦY", None, Issuer("Tỉnh ủy Thanh Hóa", "Thanh Hóa", False)),
        ("ỦY BAN NHÂN DÂN HUYỆN MƯỜNG LA", None, Issuer("UBND huyện Mường La", None, False)),
        ("THỦ TƯỚNG CHÍNH PHỦ", "Hà Nội", Issuer("Thủ tướng Chính phủ", None, True)),
        ("BỘ Y TẾ", "Hà Nội", Issuer("Bộ Y tế", None, True)),
    ],
)
def test_the_lowest_body_of_the_block_under_its_parent(block, place, issuer):
    assert read_issuer(block, (), place) == issuer


def test_a_chairmans_decision_names_the_chairman():
    pieces = ("QUYẾT ĐỊNH", "Về việc thành lập Hội đồng", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH")
    found = read_issuer("ỦY BAN NHÂN DÂN TỈNH SƠN LA", pieces, None)
    assert found == Issuer("Chủ tịch UBND tỉnh Sơn La", "Sơn La", False)


def test_a_block_without_a_body_names_none_and_a_code_issuer_gets_its_place():
    assert read_issuer("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", (), "Sơn La") is None
    assert placed("UBND tỉnh", "Hồ Chí Minh") == "UBND Thành phố Hồ Chí Minh"
    assert placed("Tỉnh ủy", "Thanh Hóa") == "Tỉnh ủy Thanh Hóa"
