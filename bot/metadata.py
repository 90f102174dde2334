"""Directive metadata from its text: number, date, issuer, province, subject, recipients, signer.

What the text does not give stays None; nothing is guessed. News-style re-publications state
the number and date in a sentence ("Ngày 13/9/2021, UBND tỉnh ban hành Công văn số ...").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from bot.text import fold, one_line

PROVINCES = (
    "An Giang",
    "Bà Rịa - Vũng Tàu",
    "Bạc Liêu",
    "Bắc Giang",
    "Bắc Kạn",
    "Bắc Ninh",
    "Bến Tre",
    "Bình Dương",
    "Bình Định",
    "Bình Phước",
    "Bình Thuận",
    "Cà Mau",
    "Cao Bằng",
    "Cần Thơ",
    "Đà Nẵng",
    "Đắk Lắk",
    "Đắk Nông",
    "Điện Biên",
    "Đồng Nai",
    "Đồng Tháp",
    "Gia Lai",
    "Hà Giang",
    "Hà Nam",
    "Hà Nội",
    "Hà Tĩnh",
    "Hải Dương",
    "Hải Phòng",
    "Hậu Giang",
    "Hòa Bình",
    "Hưng Yên",
    "Khánh Hòa",
    "Kiên Giang",
    "Kon Tum",
    "Lai Châu",
    "Lạng Sơn",
    "Lào Cai",
    "Lâm Đồng",
    "Long An",
    "Nam Định",
    "Nghệ An",
    "Ninh Bình",
    "Ninh Thuận",
    "Phú Thọ",
    "Phú Yên",
    "Quảng Bình",
    "Quảng Nam",
    "Quảng Ngãi",
    "Quảng Ninh",
    "Quảng Trị",
    "Sóc Trăng",
    "Sơn La",
    "Tây Ninh",
    "Thái Bình",
    "Thái Nguyên",
    "Thanh Hóa",
    "Thừa Thiên Huế",
    "Huế",
    "Tiền Giang",
    "Thành phố Hồ Chí Minh",
    "Hồ Chí Minh",
    "Trà Vinh",
    "Tuyên Quang",
    "Vĩnh Long",
    "Vĩnh Phúc",
    "Yên Bái",
)
_PROVINCE_RE = re.compile(
    r"\b("
    + "|".join(re.escape(fold(p)) for p in sorted(PROVINCES, key=len, reverse=True))
    + r")\b"
)
_BY_FOLD = {fold(p): p for p in PROVINCES}

DOC_TYPES = {
    "cv": "Công văn",
    "ct": "Chỉ thị",
    "qd": "Quyết định",
    "kh": "Kế hoạch",
    "cd": "Công điện",
    "tb": "Thông báo",
    "nq": "Nghị quyết",
    "ctr": "Chương trình",
    "hd": "Hướng dẫn",
}
_TITLE_TYPES = {fold(v).upper(): v for v in DOC_TYPES.values()}
_ISSUER_CODES = {
    "ubnd": "UBND tỉnh",
    "tu": "Tỉnh ủy",
    "bcd": "Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh",
    "syt": "Sở Y tế",
    "hdnd": "HĐND tỉnh",
    "vp": "Văn phòng UBND tỉnh",
}

_NUMBER_LINE = re.compile(r"^Số\s*:\s*(\S*)\s*$|^Số\s*:\s*(.+)$", re.IGNORECASE)
_NUMBER_VALUE = re.compile(r"^(\d+)\s*[-/]\s*(\S+)$")
_ISSUED_SENTENCE = re.compile(
    r"(?:ban hành|đã có|vừa có|có|gửi|ký)\s+(công văn|chỉ thị|quyết định|kế hoạch|công điện|"
    r"thông báo|văn bản|nghị quyết)\s+số\s+(\d+\s*[-/]\s*[\w&./-]*\w)",
    re.IGNORECASE,
)
_PLACE_DATE = re.compile(
    r"^([^\d,]{2,40}),\s*ngày\s*(\d{1,2})?\s*tháng\s*(\d{1,2})?\s*năm\s*(\d{4})", re.IGNORECASE
)
_NEWS_ISSUER = re.compile(r"^(UBND tỉnh|Tỉnh ủy)\s+(?:vừa\s+|đã\s+)?(?:có|ban hành)\b", re.I)
_NEWS_DATE = re.compile(r"^Ngày\s+(\d{1,2})\s*[/-]\s*(\d{1,2})(?:\s*[/-]\s*(\d{4}))?\b")
_ANY_DATE = re.compile(r"\b(\d{1,2})\s*[/-]\s*(\d{1,2})\s*[/-]\s*(\d{4})\b")
_SIGNER_TITLE = re.compile(
    r"^(TM\.|KT\.|TL\.|Q\.|TUQ\.)|CHỦ TỊCH|GIÁM ĐỐC|BÍ THƯ|TRƯỞNG BAN|CHÁNH VĂN PHÒNG|"
    r"PHÓ CHỦ TỊCH|THƯỜNG TRỰC"
)
_PERSON_NAME = re.compile(r"^([A-ZĐÀ-Ỹ][a-zà-ỹđ]*\s){1,4}[A-ZĐÀ-Ỹ][a-zà-ỹđ]*$")


@dataclass
class Header:
    """Metadata fields found in a directive's text."""

    doc_type: str | None = None
    number: str | None = None
    issuer: str | None = None
    province: str | None = None
    date: str | None = None
    published: str | None = None
    subject: str | None = None
    recipients: tuple[str, ...] = ()
    signer: str | None = None
    signer_title: str | None = None


# Centrally-run cities: "thành phố Hà Nội", not "tỉnh Hà Nội".
_CITIES = {"Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế", "Hồ Chí Minh"}


def place_name(province: str) -> str:
    """ "tỉnh Kon Tum", "thành phố Hà Nội": how a sentence names a province or city."""
    if fold(province).startswith("thanh pho"):
        return province[0].lower() + province[1:]
    return f"thành phố {province}" if province in _CITIES else f"tỉnh {province}"


def find_province(text: str) -> str | None:
    """The first province named in a text."""
    match = _PROVINCE_RE.search(fold(text))
    return _BY_FOLD[match.group(1)] if match else None


def provinces_in(text: str) -> list[str]:
    """All provinces named in a text, in order."""
    return [_BY_FOLD[m.group(1)] for m in _PROVINCE_RE.finditer(fold(text))]


def read_header(lines: list[str], raw_text: str) -> Header:
    """Metadata from the cleaned lines of a directive; raw_text is the page before cleaning."""
    head = Header()
    top = lines[:40]
    _read_formal_header(top, head)
    _read_news_lead(lines[:12], head)
    head.province = head.province or _header_province(top) or _page_province(raw_text)
    if head.issuer and head.province and head.issuer.endswith(("tỉnh", "Tỉnh ủy")):
        head.issuer = f"{head.issuer} {head.province}"
    head.signer, head.signer_title = read_signature(lines)
    return head


def _read_formal_header(top: list[str], head: Header) -> None:
    for i, line in enumerate(top):
        if match := _NUMBER_LINE.match(line):
            head.number, code = _parse_number(match.group(1) or match.group(2) or "")
            head.doc_type = head.doc_type or _type_from_code(code)
            head.issuer = head.issuer or _issuer_from_code(code)
        elif (match := _PLACE_DATE.match(line)) and not head.date:
            place, day, month, year = match.groups()
            head.province = head.province or find_province(place)
            head.date = _iso(year, month, day)
        elif fold(line).startswith("v/v"):
            head.subject = one_line(" ".join(_continued(top, i)))
            head.doc_type = head.doc_type or "Công văn"
        elif fold(line).startswith("kinh gui"):
            head.recipients = tuple(_recipients(top, i))
        elif fold(line).upper().rstrip(":") in _TITLE_TYPES:
            head.doc_type = head.doc_type or _TITLE_TYPES[fold(line).upper().rstrip(":")]
            if i + 1 < len(top) and top[i + 1] and not head.subject and not line.endswith(":"):
                head.subject = one_line(" ".join(_continued(top, i + 1, whole=True)))
    for i, line in enumerate(top[:-1]):
        if fold(line).startswith(("uy ban nhan dan", "ubnd")) and len(line) < 40:
            province = find_province(line) or find_province(top[i + 1])
            if province:
                head.issuer, head.province = f"UBND tỉnh {province}", province


def _read_news_lead(lines: list[str], head: Header) -> None:
    for line in lines:
        if not head.published and (match := _ANY_DATE.search(line)) and len(line) < 100:
            day, month, year = match.groups()
            head.published = _iso(year, month, day)
        if not head.issuer and (match := _NEWS_ISSUER.match(line)):
            head.issuer = "UBND tỉnh" if fold(match.group(1)).startswith("ubnd") else "Tỉnh ủy"
        if head.number or not (match := _ISSUED_SENTENCE.search(line)):
            continue
        head.doc_type = head.doc_type or match.group(1).capitalize()
        head.number, code = _parse_number(match.group(2))
        head.issuer = head.issuer or _issuer_from_code(code)
        if news := _NEWS_DATE.match(line):
            day, month, year = news.groups()
            year = year or _year_before(head.published, int(month), int(day))
            head.date = head.date or _iso(year, month, day)
        head.province = head.province or find_province(line)


def _parse_number(value: str) -> tuple[str | None, str]:
    """("3262/UBND-KGVX", "ubnd-kgvx"); a blank number (a draft's "Số: /UBND-VX") is None."""
    value = re.sub(r"\s+", "", value).rstrip(".,;")
    match = _NUMBER_VALUE.match(value)
    if match:
        return f"{match.group(1)}{value[len(match.group(1))]}{match.group(2)}", fold(
            match.group(2)
        )
    return None, fold(value.lstrip("/-"))


def _type_from_code(code: str) -> str | None:
    parts = re.split(r"[-/]", code)
    for part in parts:
        if part in DOC_TYPES:
            return DOC_TYPES[part]
    return None


def _issuer_from_code(code: str) -> str | None:
    for part in re.split(r"[-/]", code):
        if part in _ISSUER_CODES:
            return _ISSUER_CODES[part]
    return None


# A subject wraps over a few lines; the body (or the address block) starts like this.
_SUBJECT_LINES = 3
_BODY_START = re.compile(
    r"(kinh gui|noi nhan|can cu|thuc hien|de |ngay \d|trong thoi gian|hien nay|"
    r"\d+\s*[.)]|[ivx]+\s*[.)]|[-+•*])"
)


def _continued(lines: list[str], start: int, whole: bool = False) -> list[str]:
    """A header field ("V/v ..." or a title's subject line) and its continuation lines."""
    first = lines[start]
    if not whole:
        first = first.split(":", 1)[-1] if ":" in first[:8] else first[3:]
    out = [first]
    for line in lines[start + 1 : start + 1 + _SUBJECT_LINES]:
        if not line or _PLACE_DATE.match(line) or _BODY_START.match(fold(line)):
            break
        out.append(line)
    return [part.strip() for part in out]


def _recipients(lines: list[str], start: int) -> list[str]:
    first = lines[start].split(":", 1)[-1].strip()
    found = [first] if first else []
    for line in lines[start + 1 :]:
        if not line and found:
            break
        if line.startswith(("-", "+", "•")):
            found.append(line.lstrip("-+• ").rstrip(";.,"))
        elif line:
            break
    return [r for r in found if r]


def _header_province(top: list[str]) -> str | None:
    for line in top:
        is_header = line.isupper() or fold(line).startswith(("tinh ", "ubnd tinh"))
        if is_header and (province := find_province(line)):
            return province
    return None


def _page_province(raw_text: str) -> str | None:
    """The province a web page names most, when it names exactly one most often."""
    counts = Counter(provinces_in(raw_text)).most_common(2)
    if counts and (len(counts) == 1 or counts[0][1] > counts[1][1]):
        return counts[0][0]
    return None


def read_signature(lines: list[str]) -> tuple[str | None, str | None]:
    """(signer name, signer title) from the closing block, when there is one."""
    filled = [line for line in lines if line]
    for i in range(len(filled) - 1, 0, -1):
        if not _PERSON_NAME.match(filled[i]):
            continue
        titles = []
        for line in reversed(filled[max(0, i - 4) : i]):
            if not _SIGNER_TITLE.search(line) or len(line) > 60:
                break
            titles.insert(0, line)
        if titles:
            return filled[i], " ".join(titles)
    return None, None


def _iso(year: str | None, month: str | None, day: str | None) -> str | None:
    if not year:
        return None
    if not month:
        return year
    if not day:
        return f"{int(year):04d}-{int(month):02d}"
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def _year_before(published: str | None, month: int, day: int) -> str | None:
    """The year of a day-month named in a dated article: the latest one not after the article."""
    if not published or len(published) < 10:
        return None
    year, pub_month, pub_day = (int(x) for x in published.split("-"))
    return str(year if (month, day) <= (pub_month, pub_day) else year - 1)
