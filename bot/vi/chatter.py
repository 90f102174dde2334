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


# Of the chatter words, those that greet (the reply says hello; to thanks, acknowledgements
# and goodbyes it says "glad to help").
GREETING_WORDS = frozenset({"hi", "hello", "chao", "xin chao", "alo"})
_GREETING = re.compile(rf"\b(?:{'|'.join(re.escape(w) for w in sorted(GREETING_WORDS))})\b")


def is_greeting(text: str) -> bool:
    """Whether a chatter message greets (rather than thanks or acknowledges)."""
    return _GREETING.search(" ".join(_NOT_WORDS.sub(" ", fold(text)).split())) is not None


# English words that no Vietnamese question typed without diacritics spells ("my" is "mỹ",
# "can" is "cần", "the" is "thế", "do" is "do"): two of them make a question English.
ENGLISH_WORDS = frozenset(
    "what who whom whose how when where which why does did must should would could is are "
    "was were please you your about agency department directive directives duties duty "
    "tasks task deadline signed sign".split()
)


def is_english(text: str) -> bool:
    """Whether a question is in English: two distinct words only English spells, and no
    Vietnamese diacritics on most of its words."""
    words = _NOT_WORDS.sub(" ", text.lower()).split()
    english = {w for w in words if w in ENGLISH_WORDS}
    marked = sum(1 for w in words if fold(w) != w)
    return len(english) >= 2 and marked * 2 < len(words)
