"""Abbreviations people type and directives write for what they are about ("CCHC", "ATVSLĐ",
"BMNN"), spelled out so that a question typed "SYT lên truyền hình đối thoại CCHC hôm nào"
meets a section that writes "cải cách hành chính", and the other way round.

Agencies' abbreviations (SYT, UBND, Sở TT&TT) are not here: bot/vi/agencies.py has them. Only
abbreviations with one reading in directives are listed; an ambiguous one ("CT": chỉ thị or
chủ tịch, "HĐ": hội đồng or hợp đồng) only in the pairs that settle it. Keys are folded.
"""

from __future__ import annotations

import itertools
import re

from bot.text import fold

ABBREVIATIONS: dict[tuple[str, ...], str] = {
    ("cchc",): "cải cách hành chính",
    ("tthc",): "thủ tục hành chính",
    ("dvc",): "dịch vụ công",
    ("vbqppl",): "văn bản quy phạm pháp luật",
    ("qppl",): "quy phạm pháp luật",
    ("csdl",): "cơ sở dữ liệu",
    ("cds",): "chuyển đổi số",
    ("atvsld",): "an toàn, vệ sinh lao động",
    ("bmnn",): "bí mật nhà nước",
    ("pccc",): "phòng cháy, chữa cháy",
    ("pctt",): "phòng, chống thiên tai",
    ("tkcn",): "tìm kiếm cứu nạn",
    ("attp",): "an toàn thực phẩm",
    ("atgt",): "an toàn giao thông",
    ("antt",): "an ninh, trật tự",
    ("gpmb",): "giải phóng mặt bằng",
    ("ktxh",): "kinh tế - xã hội",
    ("kt", "xh"): "kinh tế - xã hội",
    ("bhyt",): "bảo hiểm y tế",
    ("ncl",): "ngoài công lập",
    ("hssv",): "học sinh, sinh viên",
    ("ct", "hd"): "chủ tịch hội đồng",
    ("pct", "hd"): "phó chủ tịch hội đồng",
    ("hd", "atvsld"): "hội đồng an toàn, vệ sinh lao động",
    ("dh", "ncl"): "đại học ngoài công lập",
    ("truong", "dh"): "trường đại học",
}

_TOKEN = re.compile(r"[^\W_]+")
_LONGEST = max(len(key) for key in ABBREVIATIONS)


def expand(text: str) -> str:
    """The text with each abbreviation of the table spelled out (longest match first)."""
    tokens = list(_TOKEN.finditer(text))
    folded = [fold(t.group()) for t in tokens]
    out, pos, i = [], 0, 0
    while i < len(tokens):
        for n in range(min(_LONGEST, len(tokens) - i), 0, -1):
            spelled = ABBREVIATIONS.get(tuple(folded[i : i + n]))
            if spelled and _joined(text, tokens[i : i + n]):
                out.append(text[pos : tokens[i].start()] + spelled)
                pos, i = tokens[i + n - 1].end(), i + n
                break
        else:
            i += 1
    return "".join(out) + text[pos:]


def _joined(text: str, tokens: list[re.Match[str]]) -> bool:
    """Whether the tokens of a pair stand next to each other (a space or a hyphen apart)."""
    return all(text[a.end() : b.start()] in (" ", "-", "") for a, b in itertools.pairwise(tokens))


# Chat shorthand ("teen-code") a phone user types for everyday words: "cong an tinh lm j",
# "sở y tế cần lm j z ad", "bo cong thuong dc giao gi". Whole words only, matched folded; a
# question typed without diacritics gets them without diacritics, so that they are restored
# with the rest. An empty spelling drops the word ("ad": the admin addressed).
CHAT_WORDS: dict[str, str] = {
    "lm": "làm",
    "j": "gì",
    "ji": "gì",
    "dc": "được",
    "ko": "không",
    "hok": "không",
    "kh0": "không",
    "z": "vậy",
    "ad": "",
    "vs": "với",
    "ntn": "như thế nào",
    "bn": "bao nhiêu",
    "nv": "nhiệm vụ",
    "cq": "cơ quan",
    "hs": "học sinh",
    "mn": "mọi người",
}


def chat_words(text: str) -> str:
    """The text with chat shorthand spelled out (with diacritics only if the text has any)."""
    accented = fold(text) != text.lower()

    def spelled(match: re.Match[str]) -> str:
        word = CHAT_WORDS.get(fold(match.group()))
        if word is None:
            return match.group()
        return word if accented else fold(word)

    return " ".join(_TOKEN.sub(spelled, text).split())
