"""Vietnamese typed in the legacy font encodings, detected and converted to Unicode.

Offices still keep files typed with TCVN3 (ABC, the .VnTime fonts) or VNI (VNI-Times). Their
bytes read as Windows-1252 are mojibake: "Së Tµi chÝnh" (TCVN3) and "Sôû Taøi chính" (VNI)
for "Sở Tài chính". A .docx typed in those fonts holds the same mojibake as Unicode, and a
UTF-8 file read as Windows-1252 gives "Sá»Ÿ". `repair` tries each reading and keeps the one
whose words are Vietnamese syllables; text that is mojibake whichever way it is read is
refused rather than indexed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from bot.errors import DocumentError
from bot.messages import shipped_text

# TCVN 5712 (TCVN3/ABC): bytes 0xA1..0xFF, as produced by glibc's TCVN5712-1 table. Bytes
# 0xB0..0xB4 are combining tone marks; NFC composes them.
_TCVN3_HIGH = (
    "\u0102\xc2\xca\xd4\u01a0\u01af\u0110\u0103\xe2\xea\xf4\u01a1\u01b0\u0111\u1eb0\u0300\u0309"
    "\u0303\u0301\u0323\xe0\u1ea3\xe3\xe1\u1ea1\u1eb2\u1eb1\u1eb3\u1eb5\u1eaf\u1eb4\u1eae\u1ea6"
    "\u1ea8\u1eaa\u1ea4\u1ec0\u1eb7\u1ea7\u1ea9\u1eab\u1ea5\u1ead\xe8\u1ec2\u1ebb\u1ebd\xe9\u1eb9"
    "\u1ec1\u1ec3\u1ec5\u1ebf\u1ec7\xec\u1ec9\u1ec4\u1ebe\u1ed2\u0129\xed\u1ecb\xf2\u1ed4\u1ecf"
    "\xf5\xf3\u1ecd\u1ed3\u1ed5\u1ed7\u1ed1\u1ed9\u1edd\u1edf\u1ee1\u1edb\u1ee3\xf9\u1ed6\u1ee7"
    "\u0169\xfa\u1ee5\u1eeb\u1eed\u1eef\u1ee9\u1ef1\u1ef3\u1ef7\u1ef9\xfd\u1ef5\u1ed0"
)
_TCVN3 = {chr(0xA1 + i): c for i, c in enumerate(_TCVN3_HIGH)}

_TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")  # -, sắc, huyền, hỏi, ngã, nặng
# VNI: a base letter followed by a mark character, per tone in _TONES order.
_VNI_PLAIN = ("", "ù", "ø", "û", "õ", "ï")
_VNI_HAT = ("â", "á", "à", "å", "ã", "ä")  # â ê ô
_VNI_BREVE = ("ê", "é", "è", "ú", "ü", "ë")  # ă
_VNI_I = ("i", "í", "ì", "æ", "ó", "ò")  # i takes one character per tone


def _vni_table() -> dict[str, str]:
    """VNI sequence → Unicode letter, lower and upper case."""
    table: dict[str, str] = {}
    for n, tone in enumerate(_TONES):
        pairs = [
            *((v, v + _VNI_PLAIN[n]) for v in "aeouy"),
            *((v + "\u0302", v + _VNI_HAT[n]) for v in "aeo"),
            ("a\u0306", "a" + _VNI_BREVE[n]),
            ("o\u031b", "ô" + _VNI_PLAIN[n]),
            ("u\u031b", "ö" + _VNI_PLAIN[n]),
            ("i", _VNI_I[n]),
        ]
        for letters, vni in pairs:
            if not vni or vni == letters:
                continue
            lower = unicodedata.normalize("NFC", letters + tone)
            table[vni] = lower
            table[vni.upper()] = lower.upper()
            table[vni[0].upper() + vni[1:]] = lower.upper()  # "Aù": capital, small mark
    table["î"], table["Î"] = "ỵ", "Ỵ"
    table["ñ"], table["Ñ"] = "đ", "Đ"
    return table


_VNI = _vni_table()
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, _VNI), key=len, reverse=True)))

_LETTERS = frozenset(
    unicodedata.normalize("NFC", base + tone)
    for base in ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")
    for tone in _TONES
) | frozenset("bcdđfghjklmnpqrstvwxz")
_TONED = frozenset(
    c for c in _LETTERS if any(m in unicodedata.normalize("NFD", c) for m in _TONES[1:])
)
_WORD = re.compile(r"[^\W\d_]+")
_MIN_WORDS = 5  # fewer words holding non-ASCII letters than this: too little to judge
_MAX_BAD_SHARE = 0.3


def from_tcvn3(text: str) -> str:
    """Text typed in TCVN3 and read as Windows-1252 (or Latin-1), in Unicode."""
    return unicodedata.normalize("NFC", "".join(_TCVN3.get(c, c) for c in text))


def from_vni(text: str) -> str:
    """Text typed in VNI and read as Windows-1252, in Unicode."""
    return _VNI_PATTERN.sub(lambda m: _VNI[m.group()], text)


def from_misread_utf8(text: str) -> str:
    """UTF-8 that was read as Windows-1252 ("Sá»Ÿ" → "Sở"); unchanged when it is not that."""
    data = bytearray()
    for c in text:
        try:
            data += c.encode("cp1252")
        except UnicodeEncodeError:
            if ord(c) > 0xFF:
                return text
            data.append(ord(c))  # bytes Windows-1252 leaves undefined, read as Latin-1
    try:
        return unicodedata.normalize("NFC", data.decode("utf-8"))
    except UnicodeDecodeError:
        return text


def score(text: str) -> tuple[int, int]:
    """(words that are Vietnamese syllables, words that are not), over the words holding a
    non-ASCII letter (plain ASCII words read the same in every encoding)."""
    good = bad = 0
    for word in _WORD.findall(unicodedata.normalize("NFC", text)):
        if word.isascii():
            continue
        lower = word.lower()
        toned = sum(c in _TONED for c in lower)
        if all(c in _LETTERS for c in lower) and toned <= 1:
            good += 1
        else:
            bad += 1
    return good, bad


def is_clean(text: str) -> bool:
    """Whether (nearly) every word with a non-ASCII letter is a Vietnamese syllable."""
    good, bad = score(text)
    return bad <= (good + bad) * 0.02


def _unchanged(text: str) -> str:
    return text


CONVERTERS: tuple[Callable[[str], str], ...] = (
    _unchanged,
    from_tcvn3,
    from_vni,
    from_misread_utf8,
)


def repair(text: str, name: str, others: tuple[str, ...] = ()) -> str:
    """Text as Unicode Vietnamese: as it is, or converted from TCVN3, VNI or misread UTF-8, or
    one of the other readings given, whichever reads best. DocumentError when every reading
    is still mojibake."""
    if is_clean(text):
        return text
    readings = [convert(text) for convert in CONVERTERS] + list(others)
    best = max(readings, key=lambda t: _quality(score(t)))
    _refuse_mojibake(best, name)
    return best


def converter(text: str, name: str) -> Callable[[str], str]:
    """The conversion (none, TCVN3, VNI, misread UTF-8) under which `text` reads best, to apply
    to each piece of a document; DocumentError when every reading is still mojibake."""
    if is_clean(text):
        return _unchanged
    best = max(CONVERTERS, key=lambda convert: _quality(score(convert(text))))
    _refuse_mojibake(best(text), name)
    return best


def _refuse_mojibake(text: str, name: str) -> None:
    good, bad = score(text)
    if good + bad >= _MIN_WORDS and bad > (good + bad) * _MAX_BAD_SHARE:
        raise DocumentError(name, shipped_text("mojibake"))


# A Vietnamese syllable with its diacritics folded away: initial consonant, vowels, final.
_SYLLABLE = re.compile(
    r"^(ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(ng|nh|ch|[cmnpt])?$"
)
_TOKEN = re.compile(r"[^\W_]+")
_MIN_TOKENS = 50


def legibility(text: str) -> float:
    """The share of words (runs of letters and digits, numbers aside) that are Vietnamese
    syllables once folded: near 1 for Vietnamese with or without diacritics, low for the
    OCR garbage of a scan's text layer ("Ldm D6ng", "nhiQm vg"). 1.0 for too short a text."""
    tokens = [t for t in _TOKEN.findall(text) if not t.isdigit()]
    if len(tokens) < _MIN_TOKENS:
        return 1.0
    good = sum(bool(_SYLLABLE.match(_fold(t))) for t in tokens)
    return good / len(tokens)


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _quality(counts: tuple[int, int]) -> int:
    good, bad = counts
    return good - 2 * bad
