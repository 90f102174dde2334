"""The sentence of a section that answers a question: for "how many / when", one holding what
is asked (a number with its unit, a date or time); otherwise the one sharing most topic words.
"""

from __future__ import annotations

import re

from bot.text import content_syllables, fold
from bot.types import Query, Section
from bot.vi import questions

QUANTITY = questions.cue(questions.QUANTITY)
WHEN = questions.cue(questions.WHEN)
# Digits that answer no "how many": disease names, document numbers; dates (for quantities).
_NOT_A_QUANTITY = re.compile(
    r"covid\s*-?\s*19|\d+\s*[/-]\s*[A-ZĐ][\w/-]*|\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{2,4}|"
    r"năm\s+\d{4}",
    re.IGNORECASE,
)
_NOT_A_TIME = re.compile(r"covid\s*-?\s*19|\d+\s*/\s*[A-ZĐ][\w/-]*", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-ZĐÀ-Ỹ“\"(])|\n")
_ANSWER_SENTENCES = 3  # sentences of the top section, closest first, that may hold it
_NUMBER = r"\d[\d.,]*"
_ANY_TIME = re.compile(rf"\d|\b(?:{'|'.join(re.escape(w) for w in questions.TIME_WORDS)})\b")


def asks_for_number(query: Query) -> bool:
    """Whether the question asks "how many" or "when"."""
    return bool(QUANTITY.search(query.folded) or WHEN.search(query.folded))


def answer_sentence(query: Query, section: Section) -> str:
    """The sentence of a section that answers the question: for "how many / when", the
    closest one holding what is asked; otherwise the one sharing most topic words."""
    return answering_sentence(query, section) or best_sentence(section.text, query.restored)


def answering_sentence(query: Query, section: Section) -> str | None:
    """For "how many / when", the closest sentence holding what is asked (None if none of
    the closest does); for any other question, the one sharing most topic words."""
    if QUANTITY.search(query.folded):
        noise, wanted = _NOT_A_QUANTITY, _quantity_pattern(query.folded)
    elif WHEN.search(query.folded):
        noise, wanted = _NOT_A_TIME, _time_pattern(query.folded)
    else:
        return best_sentence(section.text, query.restored)
    for sentence in ranked_sentences(section.text, query.restored)[:_ANSWER_SENTENCES]:
        if wanted.search(fold(noise.sub(" ", sentence))):
            return sentence
    return None


def _quantity_pattern(folded: str) -> re.Pattern[str]:
    """What the answer to a "bao nhiêu / mấy" question must hold."""
    after = re.search(r"\bbao nhieu\s+(\w+)(?:\s+(\w+))?", folded)
    if after and after.group(1) not in questions.NOT_UNITS:
        two = f"{after.group(1)} {after.group(2)}" if after.group(2) else ""
        forms = questions.UNIT_FORMS.get(two) or questions.UNIT_FORMS.get(after.group(1))
        forms = forms or (after.group(1),)
        alternatives = "|".join(re.escape(f) for f in forms)
        return re.compile(rf"{_NUMBER}\s*(?:\w+\s+){{0,2}}?(?:{alternatives})(?!\w)")
    return re.compile(r"\d")


def _time_pattern(folded: str) -> re.Pattern[str]:
    """What the answer to a "khi nào / tháng mấy / hạn chót" question must hold."""
    for asked, unit in questions.TIME_UNITS.items():
        if asked in folded:
            date = r"|\d{1,2}\s*/\s*\d{1,2}" if unit in ("thang", "ngay") else ""
            return re.compile(rf"\b{unit}\s*{_NUMBER}|{_NUMBER}\s*{unit}\b|{_NUMBER}\s*h\b{date}")
    return _ANY_TIME


def best_sentence(text: str, question: str) -> str:
    """The sentence of a section that shares most topic words with the question."""
    sentences = ranked_sentences(text, question)
    return sentences[0] if sentences else text


def ranked_sentences(text: str, question: str) -> list[str]:
    """The sentences of a section, those sharing most topic words with the question first
    (document order among equals)."""
    wanted = set(content_syllables(question))
    sentences = [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]
    return sorted(sentences, key=lambda s: -len(wanted & set(content_syllables(s))))
