"""The vocabulary of a directive's header and signature (Nghị định 30/2020/NĐ-CP layout), as data.

A header is: the issuing body under its parent ("UBND TỈNH X / SỞ Y TẾ"), the national motto,
"Số: 12/KH-UBND", "X, ngày .. tháng .. năm ....", the type in capitals ("KẾ HOẠCH") with its
subject, or "V/v ..." for a công văn. A decision then names its authority ("CHỦ TỊCH ỦY BAN NHÂN
DÂN TỈNH"). The signature is [TM./KT./TL./TUQ.] [title] [name].
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Document types: the code a number carries ("12/KH-UBND") → the type's name.
TYPE_CODES: dict[str, str] = {
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "KH": "Kế hoạch",
    "CĐ": "Công điện",
    "TB": "Thông báo",
    "NQ": "Nghị quyết",
    "CTr": "Chương trình",
    "HD": "Hướng dẫn",
    "TTr": "Tờ trình",
    "BC": "Báo cáo",
    "CV": "Công văn",
    "KL": "Kết luận",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "GM": "Giấy mời",
}

# Type names as a header titles them ("KẾ HOẠCH"); a công văn has "V/v" instead of a title.
TYPE_NAMES: tuple[str, ...] = (
    "Quyết định",
    "Chỉ thị",
    "Kế hoạch",
    "Công điện",
    "Thông báo",
    "Nghị quyết",
    "Chương trình",
    "Hướng dẫn",
    "Tờ trình",
    "Báo cáo",
    "Công văn",
    "Kết luận",
    "Quy chế",
    "Quy định",
    "Phương án",
    "Đề án",
    "Giấy mời",
)
LETTER_TYPE = "Công văn"  # the type of a document with "V/v" and no title

# The national motto and the Party's: header lines that name no issuer.
MOTTOS: tuple[str, ...] = (
    r"cong\s*hoa\s*xa\s*hoi\s*chu\s*nghia\s*viet\s*nam",
    r"doc\s*lap\s*[-–—]?\s*tu\s*do\s*[-–—]?\s*hanh\s*phuc",
    r"dang\s*cong\s*san\s*viet\s*nam",
)


@dataclass(frozen=True)
class BodyKind:
    """A kind of issuing body as a header names it."""

    pattern: str  # folded words that start the body's name
    short: str  # how a citation names it: "UBND", "Sở", "Thủ tướng Chính phủ"
    central: bool = False  # a national body: it has no province
    local: bool = False  # named by its place only: "UBND tỉnh X", "Tỉnh ủy X"


# Longest first: "thu tuong chinh phu" before "chinh phu", "bo chi huy" before "bo".
BODY_KINDS: tuple[BodyKind, ...] = (
    BodyKind("thu tuong chinh phu", "Thủ tướng Chính phủ", central=True),
    BodyKind("van phong chinh phu", "Văn phòng Chính phủ", central=True),
    BodyKind("chinh phu", "Chính phủ", central=True),
    BodyKind("van phong (?:uy ban nhan dan|ubnd)", "Văn phòng UBND", local=True),
    BodyKind("van phong (?:tinh uy|thanh uy)", "Văn phòng Tỉnh ủy", local=True),
    BodyKind("uy ban nhan dan", "UBND", local=True),
    BodyKind("ubnd", "UBND", local=True),
    BodyKind("hoi dong nhan dan", "HĐND", local=True),
    BodyKind("hdnd", "HĐND", local=True),
    BodyKind("tinh uy", "Tỉnh ủy", local=True),
    BodyKind("thanh uy", "Thành ủy", local=True),
    BodyKind("dang bo", "Đảng bộ", local=True),
    BodyKind("bo chi huy", "Bộ Chỉ huy"),
    BodyKind("bo", "Bộ", central=True),
    BodyKind("so", "Sở"),
    BodyKind("ban", "Ban"),
    BodyKind("van phong", "Văn phòng"),
    BodyKind("cong an", "Công an"),
    BodyKind("thanh tra", "Thanh tra"),
    BodyKind("trung tam", "Trung tâm"),
    BodyKind("chi cuc", "Chi cục"),
    BodyKind("cuc", "Cục"),
)

# Issuer abbreviations inside a number ("402-CV/TU") for texts that give no header.
ISSUER_CODES: dict[str, str] = {
    "ubnd": "UBND tỉnh",
    "tu": "Tỉnh ủy",
    "bcd": "Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh",
    "syt": "Sở Y tế",
    "hdnd": "HĐND tỉnh",
    "vp": "Văn phòng UBND tỉnh",
    "ttg": "Thủ tướng Chính phủ",
}

# Names whose capitals do not follow the rule (each part of a field capitalised, the rest not).
BODY_NAMES: tuple[str, ...] = (
    "Sở Công Thương",
    "Bộ Công Thương",
    "Ban Chỉ đạo phòng, chống dịch COVID-19",
    "Ban Quản lý các khu công nghiệp",
    "Bộ Chỉ huy Quân sự",
    "Bộ Chỉ huy Bộ đội Biên phòng",
)

# Words kept in capitals when a header's capitals are put in sentence case.
ACRONYMS: frozenset[str] = frozenset(
    {"UBND", "HĐND", "MTTQ", "COVID-19", "COVID", "TW", "KCN", "KCX", "CCHC", "BCĐ"}
)

# Titles of people: the authority line of a decision ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH") and the
# signature. Capitals, as the header prints them; the longest first.
SIGNER_TITLES: tuple[str, ...] = (
    "PHÓ TRƯỞNG BAN THƯỜNG TRỰC",
    "PHÓ CHÁNH VĂN PHÒNG",
    "CHÁNH VĂN PHÒNG",
    "PHÓ CHỦ TỊCH",
    "CHỦ TỊCH",
    "PHÓ GIÁM ĐỐC",
    "TỔNG GIÁM ĐỐC",
    "GIÁM ĐỐC",
    "PHÓ THỦ TƯỚNG",
    "THỦ TƯỚNG",
    "THỨ TRƯỞNG",
    "BỘ TRƯỞNG",
    "PHÓ BÍ THƯ",
    "BÍ THƯ",
    "PHÓ TRƯỞNG BAN",
    "TRƯỞNG BAN",
    "PHÓ CỤC TRƯỞNG",
    "CỤC TRƯỞNG",
    "CHÁNH THANH TRA",
    "VIỆN TRƯỞNG",
    "HIỆU TRƯỞNG",
    "TRƯỞNG PHÒNG",
    "CHỦ NHIỆM",
    "THƯỜNG TRỰC",
)
# Who signs for whom: thay mặt, ký thay, thừa lệnh, thừa ủy quyền, quyền.
SIGNING_FOR: tuple[str, ...] = ("TM.", "KT.", "TL.", "TUQ.", "Q.", "T/M", "K/T", "T/L")
# Titles that make a decision's authority line ("CHỦ TỊCH ỦY BAN ..."): → how a citation says it.
AUTHORITY_TITLES: dict[str, str] = {
    "CHỦ TỊCH": "Chủ tịch",
    "GIÁM ĐỐC": "Giám đốc",
    "BỘ TRƯỞNG": "Bộ trưởng",
    "TRƯỞNG BAN": "Trưởng ban",
    "CHÁNH VĂN PHÒNG": "Chánh Văn phòng",
    "CỤC TRƯỞNG": "Cục trưởng",
}
# Notes a signature carries instead of (or beside) a signature image.
SIGNED_NOTES = re.compile(r"\((?:đã\s*ký[^)]*|ký[^)]*)\)|\[\s*(?:đã\s*ký|daky)\s*\]", re.I)

# Family names: a line after a signature title that starts with one is the signer.
SURNAMES: frozenset[str] = frozenset(
    """
    Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Tống Trương Đinh
    Lâm Mai Đoàn Trịnh Hà Lương Cao Tạ Thái Chu Đào Vương Lưu Quách Triệu Kiều Tô Thạch Châu
    Giang Lại Phùng Từ Khổng La Lò Lục Hứa Nông Mạc Âu Ông Diệp Tăng Đàm Bế Hầu Lã Mã Cù Khúc
    Kim Ninh Quan Tôn Y Ksor Siu Nay Rơ Hoàng Đồng Doãn Nghiêm Thân Viên Vi Sầm Lục Lầu
    Giàng Sùng Thào Vàng Hạ Lữ Tiêu Phí Khuất Bạch Chế Danh Lã Mẫn Đậu Cầm Quàng Lường
    """.split()
)
# First words of what is not a person, though written like a name ("Sở Nội Vụ", "Như Trên").
NOT_NAME_STARTS: frozenset[str] = frozenset(
    """
    Sở Ban Bộ Ủy Uỷ Văn Phòng Trung Công Cục Chi Thường Lưu Như Nơi Kính Các Đài Báo Thành
    Tỉnh Huyện Xã Phường Đảng Hội Ngày Số Trang Lãnh Ông Bà
    """.split()
)
