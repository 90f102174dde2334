"""The place table: 34 provinces since July 2025, the 63 before, and finding them in text."""

import pytest

from bot.text import fold
from bot.vi.places import (
    AMBIGUOUS_FOLDED,
    CITIES,
    FORMER,
    PROVINCES,
    find_province,
    full_name,
    place_name,
    provinces_in,
    successor,
)


def test_the_tables_have_34_provinces_and_63_former_ones():
    assert len(PROVINCES) == len(set(PROVINCES)) == 34
    assert len(FORMER) == 63
    assert {"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"} == CITIES
    assert set(PROVINCES) >= CITIES


def test_every_former_province_became_a_current_one_and_every_current_one_has_a_former():
    assert set(FORMER.values()) == set(PROVINCES)
    assert all(successor(old) in PROVINCES for old in FORMER)
    assert successor("Bình Thuận") == "Lâm Đồng"
    assert successor("Kon Tum") == "Quảng Ngãi"
    assert successor("Thừa Thiên Huế") == "Huế"
    assert successor("Hà Nội") == "Hà Nội"


def test_ambiguous_names_are_province_names():
    names = {fold(p) for p in (*PROVINCES, *FORMER)}
    assert AMBIGUOUS_FOLDED - {"sai gon"} <= names


@pytest.mark.parametrize(
    "text",
    [
        "Diễn biến dịch bệnh còn phức tạp",
        "dien bien dich benh con phuc tap",
        "giữ gìn hòa bình, ổn định",
        "bố trí hai phòng dự phòng",
        "số ca diễn biến nặng",
        "so ca dien bien nang",
        "cuộc sống thái bình",
    ],
)
def test_ordinary_words_are_not_places(text: str):
    assert find_province(text) is None


@pytest.mark.parametrize(
    ("text", "province"),
    [
        ("UBND tỉnh Điện Biên", "Điện Biên"),
        ("tinh dien bien co van ban nao", "Điện Biên"),
        ("Dien Bien yeu cau gi", "Điện Biên"),
        ("Sở Y tế Hòa Bình phải làm gì?", "Hòa Bình"),
        ("so y te hoa binh lam gi", "Hòa Bình"),
        ("thành phố Hải Phòng", "Hải Phòng"),
        ("hoa binh", "Hòa Bình"),  # the whole text is the name
        ("Khánh Hoà", "Khánh Hòa"),  # old tone placement
        ("Thanh Hoá", "Thanh Hóa"),
        ("thanh hoa uu tien tiem vac xin cho ai", "Thanh Hóa"),
        ("so y te dak lak phai lam gi", "Đắk Lắk"),
        ("sở y tê daklak", "Đắk Lắk"),
        ("Đăk Lăk", "Đắk Lắk"),
        ("lai chau yeu cau gi", "Lai Châu"),
        ("Sở Nội vụ TP.HCM", "Hồ Chí Minh"),
        ("so noi vu hcm lam gi", "Hồ Chí Minh"),
        ("han cap nhat ly lich tphcm", "Hồ Chí Minh"),
        ("UBND Thành phố Hồ Chí Minh", "Hồ Chí Minh"),
        ("Sài Gòn", "Hồ Chí Minh"),
        ("ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN", "Bình Thuận"),
        ("Thừa Thiên Huế", "Thừa Thiên Huế"),
        ("tỉnh Bà Rịa - Vũng Tàu", "Bà Rịa - Vũng Tàu"),
        ("khong deo khau trang o da nang", "Đà Nẵng"),
    ],
)
def test_places_are_found_with_or_without_diacritics(text: str, province: str):
    assert find_province(text) == province


def test_an_old_name_stays_the_name_the_document_gives():
    assert find_province("UBND tỉnh Bình Thuận") == "Bình Thuận"
    assert provinces_in("Hà Tĩnh, Quảng Trị, Huế, Đà Nẵng") == [
        "Hà Tĩnh",
        "Quảng Trị",
        "Huế",
        "Đà Nẵng",
    ]


@pytest.mark.parametrize(
    ("province", "place", "full"),
    [
        ("Kon Tum", "tỉnh Kon Tum", "tỉnh Kon Tum"),
        ("Hà Nội", "thành phố Hà Nội", "thành phố Hà Nội"),
        ("Huế", "thành phố Huế", "thành phố Huế"),
        ("Thừa Thiên Huế", "tỉnh Thừa Thiên Huế", "tỉnh Thừa Thiên Huế"),
        ("Hồ Chí Minh", "thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
        ("Thành phố Hồ Chí Minh", "thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
    ],
)
def test_a_province_or_city_is_named_as_a_sentence_and_a_body_name_it(
    province: str, place: str, full: str
):
    assert place_name(province) == place
    assert full_name(province) == full


def test_a_capitalised_name_after_a_place_cue_is_read_through_a_misread_mark():
    assert find_province("ỦY BAN NHÂN DÂN TỈNH LÂM ĐÒNG") == "Lâm Đồng"  # OCR of "ĐỒNG"
    assert find_province("theo dõi diễn biến dịch bệnh") is None
    assert find_province("Diễn Biến phức tạp") is None  # capitalised, but no place cue
