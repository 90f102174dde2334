"""Directive metadata from its text: type, number, date, issuer, province, subject, signer.

One reader for the header of Nghị định 30/2020/NĐ-CP (bot.vi.headers): however the loader laid
it out (one field a line, fields split over lines, a table flattened into "|" cells, or all of
it on one line), the header's first lines are read as one text. What the text does not give
stays None; nothing is guessed: a blank number ("Số: /UBND-NC") is None, a blank day gives
"YYYY-MM". News-style re-publications state the number and date in a sentence ("Ngày 13/9/2021,
UBND tỉnh ban hành Công văn số ...").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from bot.issuer import capitals, central, fold_aligned, placed, read_issuer
from bot.signature import find_signature
from bot.text import fold, nfc, one_line
from bot.vi.headers import (
    ISSUER_CODES,
    LETTER_TYPE,
    TYPE_CODES,
    TYPE_NAMES,
)
from bot.vi.places import (
    FORMER,
    PROVINCES,
    find_province,
    mentions,
    place_name,
    provinces_in,
)

__all__ = [
    "PROVINCES",
    "Header",
    "find_province",
    "place_name",
    "provinces_in",
    "read_header",
    "read_signature",
]

_HEADER_LINES = 45  # a header is never longer than this many lines
_PIECE_BREAK = re.compile(r"\s*\|\s*")
_SEPARATOR = re.compile(r"^[-_=*\s.]*$")
_BODY_START = re.compile(
    r"^(can cu|thuc hien|xet de nghi|theo de nghi|dieu 1\b|[ivx]+\s*[.)]\s|\d+\s*[.)]\s)"
)
# "Số: 12/…" or "Số 12/…"; OCR reads the label "Só:", "Sô:" ("Số" with a mark misread) too.
_NUMBER = re.compile(r"\bS(?:ố\s*(?::\s*|(?=\d))|[oóòôồổỗộõ]\s*:\s*)", re.UNICODE)
_NUMBER_VALUE = re.compile(r"^(\d*)\s*([/-])\s*(.+)$")
_PLACE_DATE = re.compile(
    r",\s*ngay\s*[.…]*\s*(\d{1,2})?\s*[.…]*\s*(?:thang|/)\s*[.…]*\s*(\d{1,2})?\s*[.…]*\s*"
    r"(?:nam|/)\s*(\d{4})"
)
_VV = re.compile(r"\bv\s*/\s*v\b")
_RECIPIENTS = re.compile(r"\bkinh\s*gui\b")


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


def read_header(lines: list[str], raw_text: str) -> Header:
    """Metadata from the cleaned lines of a directive; raw_text is the page before cleaning."""
    lines = [nfc(line) for line in lines]
    head = Header()
    formal = _read_formal_header(_header_zone(lines), head)
    if not formal:  # a web page re-publishing a directive: its lead sentence says it
        head.published, head.date, head.province = head.date, None, None  # the article's
        _read_news_lead(lines[:12], head)
        if head.province is None:
            head.province = _header_province(lines[:40]) or _page_province(raw_text)
    if head.issuer and head.province:
        head.issuer = placed(head.issuer, head.province)
    head.recipients = _recipients(lines[:_HEADER_LINES])
    if signature := find_signature(lines):
        head.signer, head.signer_title = signature.name, signature.title
    return head


def read_signature(lines: list[str]) -> tuple[str | None, str | None]:
    """(name, title) of the signature block when its name is a line of its own, the form a
    caller may cut out of the body; a name inside a line (a table cell, a "Nơi nhận" line) is
    the directive's signer all the same (read_header, bot.signature.find_signature)."""
    signature = find_signature(lines)
    if signature and lines[signature.line] == signature.name:
        return signature.name, signature.title
    return None, None


# ---------------------------------------------------------------- the header as one text


@dataclass(frozen=True)
class _Zone:
    """The header's pieces (lines split at table cells) and their text joined with spaces."""

    pieces: tuple[str, ...]
    starts: tuple[int, ...]  # where each piece starts in text
    text: str
    folded: str  # same length as text, so that a match in one is a slice of the other


def _header_zone(lines: list[str]) -> _Zone:
    """The pieces before the body starts (Căn cứ, Thực hiện, the first numbered item)."""
    pieces: list[str] = []
    for line in lines[:_HEADER_LINES]:
        if pieces and _starts_body(line):
            break
        for cell in _PIECE_BREAK.split(line.replace("**", "").strip("|")):
            if not _SEPARATOR.match(cell):
                pieces.append(one_line(cell.replace("*", " ")))
            elif pieces and pieces[-1] != "":
                pieces.append("")  # a blank keeps a subject from running on
    starts, at = [], 0
    for piece in pieces:
        starts.append(at)
        at += len(piece) + 1 if piece else 0
    text = " ".join(p for p in pieces if p)
    return _Zone(tuple(pieces), tuple(starts), text, fold_aligned(text))


def _starts_body(line: str) -> bool:
    text = line.strip(" *|")
    return (bool(_BODY_START.match(fold(text))) and not capitals(text)) or len(line) > 250


def _read_formal_header(zone: _Zone, head: Header) -> bool:
    """Number, date, issuer, province, type and subject from a formal header; False when the
    text has no "Số:" and no agency block in capitals before its "X, ngày ... năm ..." (a web
    page, whose lead sentence then says what it re-publishes)."""
    number_at = _NUMBER.search(zone.text)
    date_at = _place_date(zone)
    if number_at:
        head.number, code = _read_number(zone.text[number_at.end() :])
        head.doc_type = _type_from_code(code)
        head.issuer = _issuer_from_code(code)
    if date_at:
        day, month, year = date_at.groups()
        head.date = _iso(year, month, day)
    ends = [m.start() for m in (number_at, date_at) if m]
    if not ends:
        return False
    bodies = _read_issuer(zone, min(ends), date_at, head)
    _read_title(zone, min(ends), head)
    return bool(number_at) or bodies


def _place_date(zone: _Zone) -> re.Match[str] | None:
    """ "Đắk Lắk, ngày 21 tháng 11 năm 2025": the first one after a place's name (a capital
    word before the comma), not a date a subject quotes ("số 12/QĐ-UBND, ngày ...")."""
    found = list(_PLACE_DATE.finditer(zone.folded))
    for match in found:
        before = zone.text[: match.start()].split()
        if before and before[-1][:1].isupper() and before[-1].isalpha():
            return match
    return found[0] if found else None


# ---------------------------------------------------------------- number and type


def _read_number(after: str) -> tuple[str | None, str]:
    """("3262/UBND-KGVX", "UBND-KGVX") from the text after "Số:"; a blank number is None."""
    value = re.sub(r"\s*([/-])\s*", r"\1", after[:80].strip())
    value = re.split(r"[\s,;|()]", value, maxsplit=1)[0].rstrip(".:")
    value = _cut_run_on(value)
    match = _NUMBER_VALUE.match(value)
    if not match:
        return None, ""
    digits, sep, code = match.groups()
    return (f"{digits}{sep}{code}" if digits else None), code


def _cut_run_on(value: str) -> str:
    """A number glued to what follows ("435/QĐ-UBNDKonTum,ngày04"): cut before the place."""
    folded = fold(value)
    cuts = [folded.find("ngay")] if re.search(r"ngay\d", folded) else []
    compact = re.sub(r"[^a-z]", "", folded)
    for name in {*PROVINCES, *FORMER}:
        key = re.sub(r"[^a-z]", "", fold(name))
        if len(key) >= 5 and key in compact and (at := _aligned_find(value, key)) > 0:
            cuts.append(at)
    cuts = [c for c in cuts if c > 0]
    return value[: min(cuts)] if cuts else value


def _aligned_find(value: str, key: str) -> int:
    """Where the letters of key start in value, ignoring what is not a letter."""
    letters = [(i, ch) for i, ch in enumerate(fold(value)) if "a" <= ch <= "z"]
    joined = "".join(ch for _, ch in letters)
    at = joined.rfind(key)
    return letters[at][0] if at >= 0 else -1


def _type_from_code(code: str) -> str | None:
    """The type a number's code gives: its first part that is not a year ("QĐ" in "15/2021/QĐ-
    UBND"); a công văn's code starts with its issuer instead."""
    parts = [p for p in re.split(r"[-/]", code) if p and not p.isdigit()]
    if not parts:
        return None
    first = parts[0]
    for key, name in TYPE_CODES.items():
        if first == key or first.upper() == key.upper():
            return name
    by_fold = [name for key, name in TYPE_CODES.items() if fold(key) == fold(first)]
    return by_fold[0] if len(by_fold) == 1 else None


def _issuer_from_code(code: str) -> str | None:
    for part in re.split(r"[-/]", fold(code)):
        if part in ISSUER_CODES:
            return ISSUER_CODES[part]
    return None


# ---------------------------------------------------------------- issuer and province


def _read_issuer(zone: _Zone, end: int, date_at: re.Match[str] | None, head: Header) -> bool:
    """The issuing body and its province (bot.issuer), a number's code saying it otherwise;
    whether the header has an agency block."""
    place = _place_before(zone.text, date_at.start()) if date_at else None
    found = read_issuer(zone.text[:end], zone.pieces, place)
    if found is None:
        head.province = None if central(head.issuer) else place
        return False
    head.issuer, head.province = found.name, found.province
    return True


def _place_before(text: str, comma: int) -> str | None:
    """The province in "Đắk Lắk, ngày ...": the words just before the comma."""
    words = text[:comma].split()[-5:]
    found = mentions(" ".join(words))
    return found[-1].province if found else None


# ---------------------------------------------------------------- title and subject


_TYPE_BY_CAPS = {fold(name): name for name in TYPE_NAMES}


def _read_title(zone: _Zone, after: int, head: Header) -> None:
    """The type titled in capitals ("KẾ HOẠCH") and its subject, or the "V/v" subject; both
    come after the agency block (whose "SỞ KẾ HOẠCH VÀ ĐẦU TƯ" is no title)."""
    pieces = list(zone.pieces)
    for i, piece in enumerate(pieces):
        if head.subject or zone.starts[i] + len(piece) <= after:
            continue
        if vv := _VV.search(fold(piece)):
            first = piece[vv.end() :].lstrip(" :")
            head.subject = _subject([first, *pieces[i + 1 :]])
            head.doc_type = head.doc_type or LETTER_TYPE
        elif name := _title_type(piece):
            head.doc_type = head.doc_type or name
            rest = piece[len(name) :].strip()
            head.subject = _subject([rest, *pieces[i + 1 :]] if rest else pieces[i + 1 :])


def _title_type(piece: str) -> str | None:
    """ "KẾ HOẠCH" → "Kế hoạch"; also "THÔNG BÁO Kết luận ..." (a title and its subject)."""
    if piece.endswith(":"):
        return None  # "QUYẾT ĐỊNH:" opens the articles
    for folded, name in _TYPE_BY_CAPS.items():
        head = piece[: len(name)]
        if fold(head) == folded and head.isupper() and piece[len(name) : len(name) + 1] in "  ":
            return name
    return None


# What follows a subject: the next header field, or the body ("Để ...", "1.", "- ...").
_SUBJECT_STOP = re.compile(
    r"^(kinh gui|cong hoa|doc lap|so\s*:|chu tich|thu tuong|[^,]{2,30}, ngay|noi nhan|can cu|"
    r"thuc hien|de |ngay \d|trong thoi gian|hien nay|\d+\s*[.)]\s|[ivx]+\s*[.)]\s|[-+•])"
)


def _subject(pieces: list[str]) -> str | None:
    """The subject: its first piece and those that continue it, up to a blank or the next
    field (Kính gửi, the motto, the authority line)."""
    out: list[str] = []
    for piece in pieces[:4]:
        if not piece:
            if out:
                break
            continue
        folded = fold(piece)
        if out and _SUBJECT_STOP.match(folded):
            break
        if recipients := _RECIPIENTS.search(folded):  # "... Kính gửi: X" on the same line
            out.append(piece[: recipients.start()])
            break
        out.append(piece)
    subject = re.sub(r"^[Vv]\s*/\s*[Vv]\s*:?\s*", "", one_line(" ".join(out))).strip(" ,;")
    return subject or None


def _recipients(lines: list[str]) -> tuple[str, ...]:
    """The "Kính gửi" list: its first line and the bullets that follow."""
    for start, line in enumerate(lines):
        folded = fold(line)
        if not (m := _RECIPIENTS.search(folded)) or m.start() > 40:
            continue
        first = line[m.end() :].strip(" :|")
        found = [first] if first else []
        for nxt in lines[start + 1 :]:
            nxt = nxt.strip(" |")
            if not nxt and found:
                break
            if nxt.startswith(("-", "+", "•")):
                found.append(nxt.lstrip("-+• ").rstrip(";.,"))
            elif nxt:
                break
        return tuple(r for r in found if r)
    return ()


# ---------------------------------------------------------------- news pages


_ISSUED_SENTENCE = re.compile(
    r"(?:ban hành|đã có|vừa có|có|gửi|ký)\s+(công văn|chỉ thị|quyết định|kế hoạch|công điện|"
    r"thông báo|văn bản|nghị quyết)\s+số\s+(\d+\s*[-/]\s*[\w&./-]*\w)",
    re.IGNORECASE,
)
_NEWS_ISSUER = re.compile(r"^(UBND tỉnh|Tỉnh ủy)\s+(?:vừa\s+|đã\s+)?(?:có|ban hành)\b", re.I)
_NEWS_DATE = re.compile(r"^Ngày\s+(\d{1,2})\s*[/-]\s*(\d{1,2})(?:\s*[/-]\s*(\d{4}))?\b")
_ANY_DATE = re.compile(r"\b(\d{1,2})\s*[/-]\s*(\d{1,2})\s*[/-]\s*(\d{4})\b")


def _read_news_lead(lines: list[str], head: Header) -> None:
    """A web page re-publishing a directive: its date line and its first sentence."""
    for line in lines:
        if not head.published and (match := _ANY_DATE.search(line)) and len(line) < 100:
            day, month, year = match.groups()
            head.published = _iso(year, month, day)
        if not head.issuer and (match := _NEWS_ISSUER.match(line)):
            head.issuer = "UBND tỉnh" if fold(match.group(1)).startswith("ubnd") else "Tỉnh ủy"
        if head.number or not (match := _ISSUED_SENTENCE.search(line)):
            continue
        head.doc_type = head.doc_type or match.group(1).capitalize()
        head.number, code = _read_number(match.group(2))
        head.issuer = head.issuer or _issuer_from_code(code)
        if news := _NEWS_DATE.match(line):
            day, month, year = news.groups()
            year = year or _year_before(head.published, int(month), int(day))
            head.date = head.date or _iso(year, month, day)
        head.province = head.province or find_province(line)
        head.subject = head.subject or _about(line[match.end() :])


# "... Công văn số 12/UBND-VX về việc tăng cường ...": the subject, up to the sentence's end.
_ABOUT = re.compile(r"\bvề việc\s+(.+?)(?:[.:;](?:\s|$)|$)", re.IGNORECASE)


def _about(rest: str) -> str | None:
    """The subject a news sentence gives after the number ("về việc ...")."""
    match = _ABOUT.search(rest)
    return one_line(match.group(1)).rstrip(" ,") if match else None


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


# ---------------------------------------------------------------- dates


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
