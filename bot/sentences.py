"""The sentence of a section that answers a question: for "how many / when", one holding what
is asked (a number with its unit, a date or time); otherwise the one sharing most topic words.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from bot.agencies import canonical_names
from bot.text import content_syllables, fold
from bot.types import Query, Section
from bot.vi import questions, tasks

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
Weight = Callable[[str], float]  # how much a shared (folded) syllable counts


def _one(syllable: str) -> float:
    return 1.0


_ANY_TIME = re.compile(rf"\d|\b(?:{'|'.join(re.escape(w) for w in questions.TIME_WORDS)})\b")


def asks_for_number(query: Query) -> bool:
    """Whether the question asks "how many" or "when"."""
    return bool(QUANTITY.search(query.folded) or WHEN.search(query.folded))


def answer_sentence(query: Query, section: Section, weight: Weight = _one) -> str:
    """The sentence of a section that answers the question: for "how many / when", the
    closest one holding what is asked; otherwise the one sharing most topic words (each word
    counting its weight: a rare word, as the index's IDF weighs it, tells more)."""
    return answering_sentence(query, section, weight) or best_sentence(
        section.text, query.restored, weight
    )


def answering_sentence(query: Query, section: Section, weight: Weight = _one) -> str | None:
    """For "how many / when", the closest sentence holding what is asked (None if none of
    the closest does); for any other question, the one sharing most topic words."""
    if QUANTITY.search(query.folded):
        noise, wanted = _NOT_A_QUANTITY, _quantity_pattern(query.folded)
    elif WHEN.search(query.folded):
        noise, wanted = _NOT_A_TIME, _time_pattern(query.folded)
    else:
        return best_sentence(section.text, query.restored, weight)
    for sentence in ranked_sentences(section.text, query.restored, weight)[:_ANSWER_SENTENCES]:
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


def best_sentence(text: str, question: str, weight: Weight = _one) -> str:
    """The sentence of a section that shares most topic words with the question."""
    sentences = ranked_sentences(text, question, weight)
    return sentences[0] if sentences else text


def ranked_sentences(text: str, question: str, weight: Weight = _one) -> list[str]:
    """The sentences of a section, those sharing most topic words with the question first,
    each word counting its weight (document order among equals)."""
    wanted = set(content_syllables(question))
    sentences = [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]

    def shared(sentence: str) -> float:
        return sum(weight(w) for w in wanted & set(content_syllables(sentence)))

    return sorted(sentences, key=lambda s: -shared(s))


_CLAUSE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ“\"(])|(?<=:)\s*\n|\n")
_TRIM = " \t;:.,-–—"
_ASIDE = re.compile(r"^\([^)]*\)\s*")  # "(Cơ quan Thường trực …) theo dõi …"
_FEW_WORDS = 3  # a clause this short once the agency is dropped names, it does not task
_WORD = re.compile(r"[^\W_]+")


def task_words(
    section: Section,
    agencies: tuple[str, ...],
    topic: str = "",
    named: bool = False,
    chars: int = tasks.TASK_CHARS,
) -> str:
    """What a section asks of an agency, in a few words: its first sentence naming the agency
    (or, with a topic, the one sharing most of its words; else its first), without the lead-in
    it shares with its siblings ("Sở Y tế chủ trì, …:"), without the agency's name up front
    ("Giao Sở Y tế …"), never a bare addressee line; cut at a word boundary, "…" when more
    follows (after `chars` characters). `named` also looks in the lead-in ("Sở TT&TT phối hợp
    với ngành Y tế:")."""
    every = [c for c in (c.strip(_TRIM) for c in _CLAUSE_END.split(section.text)) if c]
    lead_in = fold(section.heading).strip(_TRIM)
    clauses = [c for c in every if not (lead_in and fold(c) == lead_in)]
    if not clauses:
        return _cut(section.text.strip(_TRIM), chars, False)
    naming = [c for c in (every if named else clauses) if any(_names(c, a) for a in agencies)]
    said = [c for c in clauses if _says_a_task(c, agencies)]
    clause = naming[0] if naming else (said or clauses)[0]
    if topic and not named:
        wanted = set(content_syllables(topic))
        best = max(clauses, key=lambda c: len(wanted & set(content_syllables(c))))
        clause = best if wanted & set(content_syllables(best)) else clause
    words = _past_mandate(_without_agency(clause, agencies) or clause)
    if _addresses_only(words, agencies) and said:  # "Đơn vị chủ trì: Công an"
        words = _without_agency(said[0], agencies)
    if _task_heading(section.heading, agencies) and any(
        _addresses_only(c, agencies) for c in clauses
    ):  # a plan's table row: the heading says the task, the text its object and who does it
        words = f"{section.heading.strip(_TRIM)}: {words}"
    more = len(every) > 1  # the section says more than this sentence
    return _cut(words[:1].upper() + words[1:], chars, more)


def mention_words(section: Section, agencies: tuple[str, ...]) -> str:
    """Where a section names an agency it gives no task, in a few words: its first clause
    naming it, from a few words before the name when the name lies past the cut ("…hỗ trợ
    kinh phí hoạt động cho Tổ Covid cộng đồng")."""
    clauses = [c for c in (c.strip(_TRIM) for c in _CLAUSE_END.split(section.text)) if c]
    names = [name for a in agencies for name in _spelled(a)]
    for clause in clauses:
        words = clause.split()
        folded = " ".join(fold(w) for w in words)
        at = min((folded.find(n) for n in names if n in folded), default=-1)
        if at < 0:
            continue
        if at + max(map(len, names)) <= tasks.TASK_CHARS:
            return _cut(clause, tasks.TASK_CHARS, len(clauses) > 1)
        first = len(folded[: max(0, at - tasks.MENTION_BEFORE)].split())  # whole words before
        return "…" + _cut(" ".join(words[first:]), tasks.TASK_CHARS, len(clauses) > 1)
    return _cut(clauses[0] if clauses else section.text.strip(), tasks.TASK_CHARS, True)


@functools.cache
def _spelled(agency: str) -> tuple[str, ...]:
    """The agency's name and aliases, folded, longest first."""
    names = {fold(agency), *(fold(a) for a in canonical_names().get(agency, ()))}
    return tuple(sorted(names, key=len, reverse=True))


def _past_mandate(clause: str) -> str:
    """The clause after the addressees a mandate phrase closes ("Các Bộ: …, Y tế, … theo chức
    năng, nhiệm vụ, thẩm quyền chủ động phối hợp …" → "chủ động phối hợp …")."""
    words = clause.split()
    folded = [fold(w).strip(",;:.") for w in words]
    for start in range(min(len(words), tasks.MANDATE_WITHIN)):
        end = _phrase_at(folded, start, tasks.MANDATE_PHRASES)
        if end > start:
            return " ".join(words[end:]).strip(_TRIM) or clause
    return clause


def _names(clause: str, agency: str) -> bool:
    """Whether a clause names the agency, also inside a list after its kind ("Giao các sở:
    Giao thông vận tải, Xây dựng …" names Sở Xây dựng)."""
    folded, name = fold(clause), fold(agency)
    if name in folded:
        return True
    kind, _, rest = name.partition(" ")
    listed = re.search(rf"\bcac {kind}\b", folded)
    return bool(rest and listed and re.search(rf"\b{re.escape(rest)}\b", folded[listed.end() :]))


def _task_heading(heading: str, agencies: tuple[str, ...]) -> bool:
    """Whether a section's heading says a task ("Tham gia góp ý dự thảo các văn bản …"):
    not a title in capitals, a topic ("Về …"), a bare label or the agency's own name."""
    words = fold(heading).split()
    if len(words) < _FEW_WORDS or heading.isupper() or words[0] in tasks.TOPIC_LINE_OPENERS:
        return False
    return not any(_names(heading, a) for a in agencies)


def _says_a_task(clause: str, agencies: tuple[str, ...]) -> bool:
    """Whether a clause says a task: not a line naming who acts, a field label ("Nhiệm vụ")
    or the topic of the lines under it ("Về đảm bảo an toàn thông tin")."""
    words = fold(clause).split()
    if len(words) < _FEW_WORDS or words[0] in tasks.TOPIC_LINE_OPENERS:
        return False
    return not _addresses_only(clause, agencies)


def _addresses_only(clause: str, agencies: tuple[str, ...]) -> bool:
    """Whether a clause only names who acts ("Đơn vị chủ trì: Công an tỉnh")."""
    named = {w for a in agencies for w in fold(a).split()}
    left = set(_WORD.findall(fold(clause))) - named - tasks.ADDRESSEE_WORDS
    return len(left) < _FEW_WORDS - 1


def _without_agency(clause: str, agencies: tuple[str, ...]) -> str:
    """The clause without an opener and the agency's name at its start (kept whole when the
    name is one of several: "Sở Y tế và UBND các huyện …")."""
    words = clause.split()
    folded = [fold(w) for w in words]
    start = _phrase_at(folded, 0, tasks.OPENERS)
    end = _phrase_at(folded, start, agencies)
    if end == start:
        return clause if start == 0 else " ".join(words[start:])
    if folded[end - 1].endswith(",") or (end < len(words) and folded[end] in tasks.JOINERS):
        return clause
    return _ASIDE.sub("", " ".join(words[end:])).strip(_TRIM)


def _phrase_at(folded: list[str], start: int, phrases: tuple[str, ...]) -> int:
    """Where the longest of the phrases found at `start` ends (start when none is)."""
    for phrase in sorted(phrases, key=len, reverse=True):
        wanted = fold(phrase).split()
        got = [w.rstrip(",") for w in folded[start : start + len(wanted)]]
        if got == wanted:
            return start + len(wanted)
    return start


def _cut(text: str, chars: int, more: bool) -> str:
    """The text up to chars characters, cut after a word, with "…" when cut or when `more`
    of the section follows."""
    if len(text) <= chars:
        return text + ("…" if more else "")
    return text[:chars].rsplit(" ", 1)[0].rstrip(_TRIM) + "…"
