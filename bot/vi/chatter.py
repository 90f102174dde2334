"""Messages that are not questions: greetings, thanks, acknowledgements ("cảm ơn bot", "ok",
"hi"), on folded text. /thongke leaves them out of the questions still unanswered."""

from __future__ import annotations

import re

from bot.text import fold

# Whole messages made only of these words (and punctuation, emoji) are chatter.
CHATTER_WORDS = (
    "cam on",
    "cam on ban",
    "cam on bot",
    "cam on nhieu",
    "thank",
    "thanks",
    "thank you",
    "tks",
    "thanks bot",
    "ok",
    "oke",
    "okay",
    "okie",
    "ok bot",
    "vang",
    "da",
    "duoc",
    "tot",
    "hay",
    "hi",
    "hello",
    "chao",
    "xin chao",
    "chao bot",
    "chao ban",
    "alo",
    "bye",
    "tam biet",
    "test",
    # fillers that follow them: "cảm ơn bot nhiều nhé", "hay quá ạ"
    "nhieu",
    "qua",
    "nhe",
    "nha",
    "a",
    "bot",
    "ban",
)
_WORDS = "|".join(sorted((re.escape(w) for w in CHATTER_WORDS), key=len, reverse=True))
_CHATTER = re.compile(rf"(?:(?:{_WORDS})\b\W*)+")
_NOT_WORDS = re.compile(r"[^\w\s]+")


def is_chatter(text: str) -> bool:
    """Whether a message is only a greeting, thanks or acknowledgement."""
    folded = " ".join(_NOT_WORDS.sub(" ", fold(text)).split())
    return not folded or _CHATTER.fullmatch(folded + " ") is not None
