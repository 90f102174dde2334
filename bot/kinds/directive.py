"""The directive kind: "Công văn về X số mấy / ngày nào / nói gì?" is answered by the
directive's card (number, date, issuer, subject and signer, from its header)."""

from __future__ import annotations

from bot.config import RetrievalSettings
from bot.indexing import Index
from bot.kinds.base import Composing, QuestionKind, Selection, citations, directive_summary
from bot.kinds.subject import by_subject
from bot.ranking import Ranking
from bot.types import Answer, Hit, Intro, Kind, Query, SearchResult
from bot.vi import questions

_CUE = questions.cue(questions.DIRECTIVE)
CARD_SOURCES = 3  # the card reads the header: its closest sections are enough to check it


class DirectiveCard(QuestionKind):
    """A directive's metadata."""

    kind = Kind.DIRECTIVE

    def detects(self, query: Query, index: Index) -> bool:
        return bool(_CUE.search(query.folded))

    def select(self, ranking: Ranking) -> Selection:
        return Selection(directive_hits(by_subject(ranking.query, ranking.ranked)))

    def answers(self, result: SearchResult, settings: RetrievalSettings) -> bool:
        # A directive named by its number is the one asked about.
        return bool(result.query.numbers) or super().answers(result, settings)

    def compose(self, result: SearchResult, composing: Composing) -> Answer:
        messages, directive = composing.messages, result.hits[0].section.directive
        lines: tuple[str, ...] = ()
        if directive.signer:
            signer = directive.signer
            lines = (
                messages.get("directive_signer", signer=signer, title=directive.signer_title),
            )
        intro = Intro(directive_summary(directive, messages), lines)
        cited = citations(result.hits[:CARD_SOURCES])
        return Answer(result.query.text, True, (intro,), cited, subject=directive)


def directive_hits(ranked: list[Hit]) -> list[Hit]:
    """The closest directive's sections, in the order they answer the question (the answer
    reads the directive's metadata)."""
    if not ranked:
        return []
    source = ranked[0].section.directive.source
    return [h for h in ranked if h.section.directive.source == source]


KIND = DirectiveCard()
