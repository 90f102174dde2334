"""What every kind of question does, and the defaults most kinds keep.

A kind detects its questions, selects the hits that answer one from a `Ranking`, decides
whether they do, and composes the answer's blocks. The registry (bot/kinds/__init__.py) asks
the kinds in order; the first that detects a question owns it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.citations import citation_line, directive_line
from bot.config import RetrievalSettings
from bot.indexing import Index
from bot.messages import Messages
from bot.metadata import place_name
from bot.ranking import Ranking, confident
from bot.sentences import answering_sentence
from bot.types import (
    Answer,
    Block,
    Citation,
    Directive,
    Hit,
    Intro,
    Kind,
    Query,
    Reference,
    References,
    SearchResult,
)

CLOSEST = 3  # sections a "not found" answer offers


@dataclass(frozen=True)
class Selection:
    """The hits a kind selected, whether they are ordered by the question's topic, and the
    hits it set aside (counted, not listed)."""

    hits: list[Hit]
    topical: bool = False
    aside: tuple[Hit, ...] = ()


@dataclass(frozen=True)
class Composing:
    """What composing an answer reads besides the result: the texts, the index it came from,
    how much to cite, and the day it is asked."""

    messages: Messages
    index: Index
    settings: RetrievalSettings
    today: dt.date = field(default_factory=dt.date.today)  # what "tuần này" is relative to

    @property
    def limit(self) -> int:
        """Citations an answer lists at most."""
        return self.settings.max_citations

    @property
    def documents(self) -> int:
        """Directives a listing quotes at most."""
        return self.settings.duty_documents


class QuestionKind:
    """A kind of question. Subclasses set `kind` and override `detects`, `select` and
    `compose`; `answers` and `refuse` have defaults."""

    kind: Kind

    def detects(self, query: Query, index: Index) -> bool:
        """Whether the question (analysed, its kind not yet set) is of this kind."""
        raise NotImplementedError

    def select(self, ranking: Ranking) -> Selection:
        """The hits that answer the question, best first."""
        raise NotImplementedError

    def answers(self, result: SearchResult, settings: RetrievalSettings) -> bool:
        """Whether the (non-empty) hits answer the question: the top one is close enough
        and covers enough of its topic, and holds a number or a time when one is asked."""
        top = result.hits[0]
        return (
            confident(top, settings) and answering_sentence(result.query, top.section) is not None
        )

    def compose(self, result: SearchResult, composing: Composing) -> Answer:
        """The answer, as blocks, from hits that answer the question."""
        raise NotImplementedError

    def refuse(self, result: SearchResult, composing: Composing) -> Answer:
        """The answer when the hits do not answer the question: "Không tìm thấy", and the
        closest sections."""
        return not_found(result, composing)


def not_found(result: SearchResult, composing: Composing) -> Answer:
    """Says "Không tìm thấy" (or that no directive of the province named is indexed), and the
    closest sections."""
    messages, province = composing.messages, result.query.province
    if province and not any(d.province == province for d in composing.index.directives):
        text = messages.get("not_found_province", place=place_name(province))
        return Answer(result.query.text, False, (Intro(text),), ())
    closest = result.hits[:CLOSEST]
    blocks: list[Block] = [Intro(messages.get("not_found"))]
    if closest:
        offered = tuple(Reference(h.section, citation_line(h.section, messages)) for h in closest)
        blocks.append(References(messages.get("closest"), offered))
    return Answer(result.query.text, False, tuple(blocks), citations(closest))


def citations(hits: Sequence[Hit], quote: str | None = None) -> tuple[Citation, ...]:
    """The hits as citations; the first carries the quoted sentence, if any."""
    return tuple(
        Citation(h.section, h.score, h.role, quote if i == 0 else None) for i, h in enumerate(hits)
    )


def directive_summary(directive: Directive, messages: Messages) -> str:
    """How a directive is cited, and what it is about."""
    line = directive_line(directive, messages)
    if directive.subject:
        return messages.get("directive_subject", citation=line, subject=directive.subject)
    return line
