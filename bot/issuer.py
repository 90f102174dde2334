"""The body that issued a directive, from the agency block of its header, as a citation names
it: "UBND tỉnh Đắk Lắk", "UBND Thành phố Hồ Chí Minh", "Sở Giáo dục và Đào tạo thành phố Hà
Nội", "Chủ tịch UBND tỉnh Sơn La" (a decision of the chairman), "Thủ tướng Chính phủ" (national:
no province). The block names the issuer lowest, under its parent ("UBND TỈNH X / SỞ NỘI VỤ").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.text import fold, one_line
from bot.vi.headers import ACRONYMS, AUTHORITY_TITLES, BODY_KINDS, BODY_NAMES, MOTTOS, BodyKind
from bot.vi.places import find_province, full_name, mentions


@dataclass(frozen=True)
class Issuer:
    """The issuing body as a citation names it, and its province (None for a national body)."""

    name: str | None
    province: str | None
    central: bool


def read_issuer(block: str, pieces: Sequence[str], place: str | None) -> Issuer | None:
    """The issuer named by an agency block (the header text before "Số:"); `place` is the
    province of the date line, used when the block names none; `pieces` are the header's
    pieces, where a decision's authority line stands. None when the block names no body."""
    folded = fold_aligned(block)
    for motto in MOTTOS:
        for m in re.finditer(motto, folded):
            block = block[: m.start()] + " " * (m.end() - m.start()) + block[m.end() :]
    bodies = _bodies(block, fold_aligned(block))
    if not bodies:
        return None
    if bodies[-1].kind.central:
        return Issuer(_issuer_name(bodies, None), None, True)
    province = find_province(one_line(block)) or place
    name = _issuer_name(bodies, province)
    if authority := _authority(pieces, bodies[-1]):
        name = f"{authority} {name}"
    return Issuer(name, province, False)


def fold_aligned(text: str) -> str:
    """fold() character by character, so that positions stay those of the text."""
    return "".join((fold(ch) or " ")[0] for ch in text)


@dataclass(frozen=True)
class _Body:
    """One body named in the header's agency block, with its text."""

    kind: BodyKind
    text: str


_BODY_RE = re.compile(r"\b(" + "|".join(k.pattern for k in BODY_KINDS) + r")\b")


def _bodies(text: str, folded: str) -> list[_Body]:
    """The bodies of an agency block, top down ("UBND TP HÀ NỘI", "SỞ GIÁO DỤC VÀ ĐÀO TẠO")."""
    starts = [m for m in _BODY_RE.finditer(folded) if capitals(text[m.start() : m.end()])]
    bodies = []
    for k, match in enumerate(starts):
        stop = starts[k + 1].start() if k + 1 < len(starts) else len(text)
        kind = next(b for b in BODY_KINDS if re.fullmatch(b.pattern, match.group(1)))
        bodies.append(_Body(kind, one_line(_capitals_run(text[match.start() : stop]))))
    return bodies


def capitals(text: str) -> bool:
    """Whether a text is in capitals (and has letters)."""
    return text.upper() == text and any(ch.isalpha() for ch in text)


def _capitals_run(text: str) -> str:
    """The leading words in capitals (an agency block's line), up to the first that is not."""
    words = []
    for word in text.split():
        if not capitals(word) and any(ch.isalpha() for ch in word):
            break
        words.append(word)
    return " ".join(words)


def _issuer_name(bodies: list[_Body], province: str | None) -> str:
    """The issuer as a citation names it: "UBND tỉnh X", "Sở Nội vụ tỉnh X", "Bộ Y tế"."""
    body = bodies[-1]
    if body.kind.central and body.kind.short != "Bộ":
        return body.kind.short
    parent = bodies[-2].kind if len(bodies) > 1 else None
    if body.kind.short == "Văn phòng" and parent and parent.local:  # "UBND TỈNH X / VĂN PHÒNG"
        return placed(f"Văn phòng {parent.short} tỉnh", province) if province else body.text
    if body.kind.local:
        return _local_issuer(body.kind.short, province) if province else _cased_local(body)
    name = _cased(body)
    return f"{name} {full_name(province)}" if province else name


def _cased_local(body: _Body) -> str:
    """ "UBND HUYỆN MƯỜNG LA" → "UBND huyện Mường La": a body named by a place that is not a
    province (a district or commune before 2025)."""
    words = body.text.split()[len(body.kind.pattern.split()) :]
    admin = [w.lower() for w in words[:2] if fold(w) in _ADMIN_WORDS]
    name = [w.capitalize() for w in words[len(admin) :]]
    return " ".join([body.kind.short, *admin, *name])


_ADMIN_WORDS = frozenset("tinh thanh pho huyen quan thi xa phuong tran dac khu".split())


def placed(issuer: str, province: str) -> str:
    """A body named without its place ("UBND tỉnh", from a number's code) with it."""
    if issuer.endswith(" tỉnh"):
        stem = issuer[: -len(" tỉnh")]
        return f"{stem} {province}" if stem.endswith("ủy") else f"{stem} {full_name(province)}"
    return f"{issuer} {province}" if issuer in ("Tỉnh ủy", "Thành ủy") else issuer


def _local_issuer(short: str, province: str) -> str:
    """ "UBND tỉnh Đắk Lắk", "UBND Thành phố Hồ Chí Minh", "Tỉnh ủy Thanh Hóa"."""
    if short in ("Tỉnh ủy", "Thành ủy", "Đảng bộ"):
        return f"{short} {province}"
    return f"{short} {full_name(province)}"


def _cased(body: _Body) -> str:
    """A body's name from capitals, without its place: "SỞ GIÁO DỤC VÀ ĐÀO TẠO" → "Sở Giáo
    dục và Đào tạo" (as BODY_NAMES spells it when it lists the name)."""
    words = body.text.split()
    places = mentions(body.text)
    if places:  # the place is added back as the citation names it
        cut = len(body.text[: places[0].start].split())
        words = words[:cut]
        while words and fold(words[-1]) in ("tinh", "thanh", "pho", "tp", "tp."):
            words.pop()
    joined = " ".join(words)
    if fold(joined) in _KNOWN_NAMES:
        return _KNOWN_NAMES[fold(joined)]
    return " ".join(_cased_words(words, body.kind))


_KNOWN_NAMES = {fold(name): name for name in BODY_NAMES}


def _cased_words(words: list[str], kind: BodyKind) -> list[str]:
    """Sentence case with each part of a field capitalised: "Văn hóa, Thể thao và Du lịch"."""
    out: list[str] = []
    for i, word in enumerate(words):
        if word in ACRONYMS or any(ch.isdigit() for ch in word):
            out.append(word)
            continue
        lower = word.lower()
        previous = out[-1] if out else ""
        parts = kind.short in ("Sở", "Bộ")  # "Sở Văn hóa, Thể thao và Du lịch"
        joined = previous in ("và", "-") or previous.endswith(",")
        starts_part = i <= len(kind.short.split()) or (parts and joined)
        out.append(lower[:1].upper() + lower[1:] if starts_part else lower)
    return out


def _authority(pieces: Sequence[str], body: _Body) -> str | None:
    """ "Chủ tịch" when a decision is made by the head of the body ("CHỦ TỊCH ỦY BAN NHÂN DÂN
    TỈNH" between its title and its Căn cứ)."""
    for piece in pieces:
        for title, said in AUTHORITY_TITLES.items():
            rest = piece[len(title) :].strip()
            if piece.startswith(f"{title} ") and capitals(rest) and len(piece) < 100:
                kind = next((b for b in BODY_KINDS if re.match(b.pattern, fold(rest))), None)
                if kind is not None and kind.short == body.kind.short:
                    return said
    return None


def central(issuer: str | None) -> bool:
    """A national body (Thủ tướng, Chính phủ, a Bộ) has no province."""
    if not issuer:
        return False
    kind = next((b for b in BODY_KINDS if re.match(b.pattern + r"\b", fold(issuer))), None)
    return bool(kind and kind.central and not find_province(issuer))
