"""Prose answers from a language model ([llm]), with every citation checked. Optional.

The model gets the sections the extractive answer cites, numbered [1]..[n] with their citation
lines, inside <nguon> blocks the system prompt declares to be data, never instructions. Its
reply is checked sentence by sentence before anyone sees it (`check`, pure):

- a [n] naming no source that was given is removed;
- a sentence must then still cite a source, every number, date, document number and web
  address in it must appear in the sources it cites (text or citation line), as must any
  negation ("không", "chưa"), and most of its topic words must come from them; otherwise the
  sentence is removed. An uncited lead-in
  ending in ":" that states no fact may stay.
- when nothing cited is left, or more than half the sentences were removed, the answer falls
  back to the extractive one;
- markers are renumbered so that [1].. are exactly the sources the answer cites.

A timeout, an unreachable server or any other failure of the model also gives the extractive
answer; every fallback and removal is logged with its reason. The model's own "Không tìm thấy"
is respected: the answer becomes "not found".
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from bot.citations import citation_line
from bot.config import LlmSettings
from bot.errors import ConfigError
from bot.messages import NOT_FOUND_PHRASE, Messages, shipped_text
from bot.text import content_syllables, fold, nfc
from bot.types import Section

logger = logging.getLogger(__name__)

_MARKER = re.compile(r"\[(\d+(?:\s*[,;–-]\s*\d+)*)\]")
_THINKING = re.compile(r"<think>.*?</think>", re.DOTALL)
_URL = re.compile(
    r"(?:https?://|www\.)\S+|\b(?:[a-z0-9-]+\.)+(?:com|net|org|vn|gov|edu|info|io|me|xyz|top|"
    r"link|site|online|app)\b(?:/\S*)?",
    re.IGNORECASE,
)
# "ngày 10 tháng 11 năm 2021", "tháng 11/2021"
_DATE_WORDS = re.compile(
    r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?|tháng\s+(\d{1,2})\s+năm\s+(\d{4})",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[\w./-]*\d[\w./-]*")  # any run holding a digit
_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?")
_MONTH_YEAR = re.compile(r"(\d{1,2})[/.-](\d{4})")
_AMOUNT = re.compile(r"(\d+(?:\.\d+)*)[^\W\d_]{0,3}")  # "14", "1.000.000đ", "100m"
# A full stop after a lower-case word (not "TP." or "UBND.") and before the next sentence.
_SENTENCE_END = re.compile(r"(?<=[^\sA-ZĐ][.!?])\s+(?=[-•\w\"“(])")
_LIST_MARK = re.compile(r"^\s*(?:[-•*+]|\d{1,2}[.)])\s+")
_IGNORED = re.compile(r"^(?:covid|sars-cov)-?\d+$")  # disease names, not facts
_MAX_REMOVED_SHARE = 0.5
# A cited sentence must take at least this share of its topic words from the sources it cites;
# below it the model is saying something the sources do not (e.g. the wrong agency's task).
_MIN_SUPPORT = 0.6
_DATE_SYLLABLES = {"ngay", "thang", "nam"}
# Words that flip a duty ("không phải", "chưa cần"): one the cited sources lack is an invention.
_NEGATIONS = re.compile(r"\b(không|chưa|chẳng|đừng|khỏi|miễn)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Checked:
    """A model's answer after checking: the text to show and the sources it cites."""

    text: str  # markers renumbered 1..n in the order of `cited`
    cited: tuple[int, ...]  # 0-based indexes into the sources given, most relevant first
    removed: tuple[str, ...]  # why each removed sentence or marker went
    sentences: int  # sentences in the model's answer
    kept: int  # of those, the ones shown
    refused: bool = False  # the model said the sources do not answer

    @property
    def usable(self) -> bool:
        """Whether the checked answer may be shown instead of the extractive one."""
        if self.refused:
            return True
        dropped = self.sentences - self.kept
        return bool(self.cited) and dropped <= self.sentences * _MAX_REMOVED_SHARE


def make_chat_model(settings: LlmSettings) -> BaseChatModel | None:
    """The configured LangChain chat model, or None when [llm] provider is "none"."""
    if settings.provider == "none":
        return None
    try:
        if settings.provider == "openai":
            from langchain_openai import ChatOpenAI
            from pydantic import SecretStr

            return ChatOpenAI(
                model=settings.model,
                base_url=settings.base_url or None,
                api_key=SecretStr(settings.api_key or "not-needed"),  # local servers ignore it
                timeout=settings.timeout,
                max_retries=settings.retries,
                temperature=settings.temperature,
                # the `max_tokens` field, by the alias its type signature knows
                max_completion_tokens=settings.max_tokens,
            )
        from langchain_ollama import ChatOllama

        return ChatOllama(
            model=settings.model,
            base_url=settings.base_url or None,
            temperature=settings.temperature,
            num_predict=settings.max_tokens,
            client_kwargs={"timeout": settings.timeout},
        )
    except ImportError as exc:
        raise ConfigError(
            shipped_text("llm_package", provider=repr(settings.provider), package=exc.name)
        ) from None


def prompt(question: str, sources: list[Section], messages: Messages) -> list:
    """The chat messages for a question and its numbered sources."""
    blocks = [
        messages.get(
            "llm_source",
            n=n,
            citation=citation_line(section, messages),
            text=_as_data(section.text),
        )
        for n, section in enumerate(sources, start=1)
    ]
    system = messages.get("llm_system", not_found=messages.get("not_found"))
    user = messages.get("llm_user", question=question, sources="\n\n".join(blocks))
    return [SystemMessage(system), HumanMessage(user)]


def write(
    question: str, sources: list[Section], model: BaseChatModel, messages: Messages
) -> Checked | None:
    """The model's checked answer, or None (logged) when the extractive answer should be used."""
    try:
        reply = model.invoke(prompt(question, sources, messages))
    except Exception as exc:  # any failure of the model falls back; the user is not told
        logger.warning(
            "language model failed (%s: %s); extractive answer", type(exc).__name__, exc
        )
        return None
    references = [f"{citation_line(s, messages)}\n{s.text}" for s in sources]
    checked = check(reply.text, references)
    for reason in checked.removed:
        logger.info("prose answer: removed %s", reason)
    if not checked.usable:
        logger.warning(
            "prose answer rejected (%d of %d sentences removed, %d sources cited); extractive",
            checked.sentences - checked.kept,
            checked.sentences,
            len(checked.cited),
        )
        return None
    return checked


def check(answer: str, sources: list[str]) -> Checked:
    """Check a model's answer against the numbered sources it was given (texts with their
    citation lines). Pure: the same answer and sources always give the same result."""
    text = nfc(_THINKING.sub("", answer)).strip()
    facts = [_facts(source) for source in sources]
    words = [set(content_syllables(source)) for source in sources]
    kept: list[tuple[int, str, list[int]]] = []
    removed: list[str] = []
    sentences = _sentences(text)
    for line, sentence in sentences:
        cited, bad = _markers(sentence, len(sources))
        removed += [f"marker [{n}]: no such source" for n in bad]
        plain = _MARKER.sub(" ", _LIST_MARK.sub("", sentence))
        claims = _facts(plain)
        if not cited:
            if claims or not sentence.rstrip().endswith(":"):
                removed.append(f"uncited sentence: {sentence!r}")
            else:
                kept.append((line, sentence, []))
            continue
        known = set().union(*(facts[i] for i in cited))
        unknown = sorted(claims - known)
        if unknown:
            removed.append(f"{', '.join(unknown)} not in [{', '.join(str(i + 1) for i in cited)}]")
            continue
        negations = {w.lower() for w in _NEGATIONS.findall(plain)}
        flipped = {w for w in negations if not any(w in sources[i].lower() for i in cited)}
        if flipped:
            removed.append(f"negation {', '.join(sorted(flipped))!r} not in the sources")
            continue
        support, missing = _support(plain, set().union(*(words[i] for i in cited)))
        if support < _MIN_SUPPORT:
            removed.append(f"unsupported ({support:.2f}): {' '.join(missing)} not in the sources")
            continue
        kept.append((line, sentence, cited))
    order = sorted({i for _, _, cited in kept for i in cited})
    if not order and fold(NOT_FOUND_PHRASE) in fold(text):
        return Checked("", (), tuple(removed), len(sentences), 0, refused=True)
    number = {old: new for new, old in enumerate(order, start=1)}
    lines: dict[int, list[str]] = {}
    for line, sentence, _ in kept:
        renumbered = _MARKER.sub(lambda m: _renumber(m, number, len(sources)), sentence)
        lines.setdefault(line, []).append(re.sub(r"\s+([.,;:])", r"\1", renumbered).strip())
    shown = "\n".join(" ".join(parts) for parts in lines.values())
    return Checked(shown, tuple(order), tuple(removed), len(sentences), len(kept))


def _as_data(text: str) -> str:
    """Section text that cannot close its <nguon> block early."""
    return re.sub(r"</?\s*nguon\b", "‹nguon", text, flags=re.IGNORECASE)


def _support(sentence: str, known: set[str]) -> tuple[float, list[str]]:
    """The share of a sentence's topic words found in its sources, and the missing ones."""
    topic = [w for w in content_syllables(sentence) if w not in _DATE_SYLLABLES]
    missing = [w for w in topic if w not in known]
    return (1 - len(missing) / len(topic) if topic else 1.0), missing


def _sentences(text: str) -> list[tuple[int, str]]:
    """(line number, sentence): lines cut after ".", "!" or "?" when a capital or a list mark
    follows. A marker written after the full stop ("… dịch. [1]") stays with its sentence."""
    text = re.sub(r"([.!?])((?:\s*" + _MARKER.pattern + r")+)", r"\2\1", text)
    sentences = []
    for n, line in enumerate(text.split("\n")):
        start = 0
        for match in _SENTENCE_END.finditer(line):
            following = line[match.end()]
            if following.isupper() or not following.isalnum():
                sentences.append((n, line[start : match.start()]))
                start = match.end()
        sentences.append((n, line[start:]))
    return [(n, s.strip()) for n, s in sentences if s.strip()]


def _markers(sentence: str, count: int) -> tuple[list[int], list[int]]:
    """The 0-based sources a sentence cites, and the 1-based numbers it cites that do not exist."""
    good: list[int] = []
    bad: list[int] = []
    for match in _MARKER.finditer(sentence):
        for n in _numbers(match.group(1)):
            (good if 1 <= n <= count else bad).append(n)
    return sorted({n - 1 for n in good}), sorted(set(bad))


def _numbers(inside: str) -> list[int]:
    """ "1, 3" → [1, 3]; "2-4" → [2, 3, 4] (a range is expanded only when short)."""
    numbers: list[int] = []
    for part in re.split(r"\s*[,;]\s*", inside):
        bounds = [int(x) for x in re.split(r"\s*[–-]\s*", part)]
        if len(bounds) == 2 and 0 < bounds[1] - bounds[0] < 20:
            numbers += range(bounds[0], bounds[1] + 1)
        else:
            numbers += bounds
    return numbers


def _renumber(match: re.Match, number: dict[int, int], count: int) -> str:
    cited = sorted({number[n - 1] for n in _numbers(match.group(1)) if 1 <= n <= count})
    return "".join(f"[{n}]" for n in cited)


def _facts(text: str) -> set[str]:
    """The checkable facts of a text, normalised: dates, numbers, document numbers, addresses.

    A date becomes "d/m/y" with its "d/m" and "m/y" (so "trước 10/11" matches a source's
    "10/11/2021"), and its parts as numbers; a number is its digits ("1.000.000đ" → 1000000);
    any other token holding a digit ("3262/UBND-KGVX", "17h00") is its folded form, and the
    numbers inside it."""
    text = nfc(text)
    facts: set[str] = {"url:" + u.rstrip(".,;)").lower() for u in _URL.findall(text)}
    text = _URL.sub(" ", text)
    for m in _DATE_WORDS.finditer(text):
        if m.group(1):
            facts |= _date_keys(m.group(1), m.group(2), m.group(3))
        else:
            facts |= _date_keys(None, m.group(4), m.group(5))
    text = _DATE_WORDS.sub(" ", text)
    for token in _TOKEN.findall(text):
        token = token.strip("./-")
        if _IGNORED.match(fold(token)):
            continue
        if (date := _DATE.fullmatch(token)) and _plausible(*date.groups()):
            facts |= _date_keys(*date.groups())
        elif (month := _MONTH_YEAR.fullmatch(token)) and _plausible("1", *month.groups()):
            facts |= _date_keys(None, *month.groups())
        elif number := _AMOUNT.fullmatch(token):
            facts.add("n:" + re.sub(r"\D", "", number.group(1)))
        else:
            facts.add("id:" + fold(token))
            facts |= {"n:" + str(int(n)) for n in re.findall(r"\d+", token)}
    return facts


def _plausible(day: str, month: str, year: str | None) -> bool:
    return 1 <= int(day) <= 31 and 1 <= int(month) <= 12 and (year is None or len(year) in (2, 4))


def _date_keys(day: str | None, month: str, year: str | None) -> set[str]:
    m = int(month)
    y = None if year is None else int(year) + (2000 if len(year) == 2 else 0)
    keys = {f"n:{m}"}
    if y is not None:
        keys |= {f"date:{m}/{y}", f"n:{y}"}
    if day is not None:
        d = int(day)
        keys |= {f"date:{d}/{m}", f"n:{d}"}
        if y is not None:
            keys.add(f"date:{d}/{m}/{y}")
    return keys
