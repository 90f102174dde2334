"""Who signed a directive: the signature block's title ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH") and name.

The block is found wherever the loader left it: at the end, in a table cell ("| CHỦ TỊCH
Hoàng Quốc Khánh |"), split over lines, between a decision and the plan it issues, or
interleaved with "Nơi nhận" ("Nơi nhận: GIÁM ĐỐC" ... "UBND thành phố; Lê Thị Bích Thuận").
A name is taken only after a title in capitals; without one the signer stays None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.text import nfc, one_line
from bot.vi.headers import NOT_NAME_STARTS, SIGNED_NOTES, SIGNER_TITLES, SURNAMES
from bot.vi.places import mentions

_TITLE = re.compile(
    r"(?<![^\W\d_])(?:" + "|".join(re.escape(t) for t in SIGNER_TITLES) + r")(?![^\W\d_])"
)
_CELL = re.compile(r"\s*\|\s*")
_SEPARATOR = re.compile(r"^[-_=*\s.|]*$")
_LOOKAHEAD = 8  # pieces after a title where its name may stand (Nơi nhận interleaved)
_NEAR = 2  # a name this close to its title needs no known family name
_LONG = 100  # a piece this long is body text: the block has ended


@dataclass(frozen=True)
class Signature:
    """A signature block: the signer's name, the title above it, and the line the name is on."""

    name: str
    title: str
    line: int  # index in the lines given


def read_signature(lines: list[str]) -> tuple[str | None, str | None]:
    """(signer name, signer title) of the last signature block, or (None, None)."""
    found = find_signature(lines)
    return (found.name, found.title) if found else (None, None)


def find_signature(lines: list[str]) -> Signature | None:
    """The last signature block: a title in capitals and, after it, a person's name."""
    pieces = _pieces(lines)
    texts = [piece for _, piece in pieces]
    found = None
    for i, (line, piece) in enumerate(pieces):
        titled = _title_in(piece)
        if titled is None:
            continue
        title, rest = titled
        name, at = _name_in(rest, near=True), line
        for j in range(i + 1, min(i + 1 + _LOOKAHEAD, len(pieces))):
            if name or len(texts[j]) > _LONG:
                break
            name, at = _name_in(texts[j], near=j - i <= _NEAR), pieces[j][0]
        if name:
            found = Signature(name, _title_chain(texts, i, title), at)
    return found


def _pieces(lines: list[str]) -> list[tuple[int, str]]:
    """Non-empty lines split at table cells, markdown emphasis removed, with their line."""
    out = []
    for n, line in enumerate(lines):
        for cell in _CELL.split(nfc(line).replace("*", " ")):
            if not _SEPARATOR.match(cell):
                out.append((n, one_line(cell)))
    return out


def _title_in(piece: str) -> tuple[str, str] | None:
    """(the title in capitals, what follows it) for the last signature title in a piece."""
    matches = list(_TITLE.finditer(piece))
    if not matches:
        return None
    end = matches[-1].end()
    words = piece[:end].split()
    kept: list[str] = []
    for word in reversed(words):
        if not _capitals(word):
            break
        kept.insert(0, word)
    return " ".join(kept), piece[end:]


def _title_chain(pieces: list[str], i: int, title: str) -> str:
    """The title with the capital lines just above it: "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH"."""
    chain = [title]
    for piece in reversed(pieces[max(0, i - 4) : i]):
        if not _capitals(piece) or len(piece) > 40:
            break
        chain.insert(0, piece)
    return " ".join(chain)


def _capitals(text: str) -> bool:
    return text.upper() == text and any(ch.isalpha() for ch in text)


def _name_in(text: str, near: bool) -> str | None:
    """A person's name standing alone in a piece, or in one of its ";"-separated parts."""
    for part in reversed(re.split(r"[;|]", SIGNED_NOTES.sub(" ", text))):
        name = part.strip(" .,:-_()")
        if near and _capitals(name) and name.split()[0].capitalize() in SURNAMES:
            name = " ".join(w.capitalize() for w in name.split())  # "NGUYỄN VĂN AN"
        if _is_name(name, near):
            return name
    return None


def _is_name(text: str, near: bool) -> bool:
    """ "Hồ Thị Nguyên Thảo": two to six capitalised words, not a body nor a place."""
    words = text.split()
    if not 2 <= len(words) <= 6 or words[0] in NOT_NAME_STARTS:
        return False
    if not all(_name_word(w) for w in words) or not (near or words[0] in SURNAMES):
        return False
    places = mentions(text)
    return not (places and places[0].start == 0 and places[-1].end == len(text))


def _name_word(word: str) -> bool:
    letters = word.replace("'", "")
    return letters.isalpha() and word[0].isupper() and word[1:] == word[1:].lower()
