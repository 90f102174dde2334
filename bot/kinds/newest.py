"""The newest kind: "Văn bản nào mới nhất?" lists the newest directives (of the province
asked, if any), one line each: how it is cited and what it is about."""

from __future__ import annotations

import numpy as np

from bot.config import RetrievalSettings
from bot.indexing import Index
from bot.kinds.base import Composing, QuestionKind, Selection, citations, directive_summary
from bot.metadata import find_province
from bot.ranking import Ranking, newest_first_key
from bot.tables import SIGNATURE_PATH
from bot.text import STOPWORDS, fold, syllables
from bot.types import Answer, DirectiveList, Entry, Hit, Kind, Query, SearchResult
from bot.vi import questions

_CUE = questions.cue(questions.NEWEST)


class Newest(QuestionKind):
    """The newest directives."""

    kind = Kind.NEWEST

    def detects(self, query: Query, index: Index) -> bool:
        return (
            bool(_CUE.search(query.folded))
            and not query.agencies
            and _only_about_documents(query.folded)
        )

    def select(self, ranking: Ranking) -> Selection:
        return Selection(newest_hits(ranking.index, ranking.allowed))

    def answers(self, result: SearchResult, settings: RetrievalSettings) -> bool:
        return True

    def compose(self, result: SearchResult, composing: Composing) -> Answer:
        messages = composing.messages
        hits = list(result.hits[: composing.documents])
        entries = tuple(
            Entry(h.section.directive, directive_summary(h.section.directive, messages))
            for h in hits
        )
        intro = messages.get("newest_intro", documents=len(result.hits))
        return Answer(result.query.text, True, (DirectiveList(intro, entries),), citations(hits))


def _only_about_documents(folded: str) -> bool:
    """Whether a question holds nothing but its cue, document words and a place."""
    rest = _CUE.sub(" ", folded)
    place = find_province(rest)
    words = set(syllables(rest)) - questions.DOCUMENT_WORDS - STOPWORDS
    if place:
        words -= set(syllables(fold(place)))
    return not words


def newest_hits(index: Index, allowed: np.ndarray) -> list[Hit]:
    """Each allowed directive's first section, newest directive first (by its date, else the
    page's; undated last)."""
    first: dict[str, int] = {}
    for i, section in enumerate(index.sections):
        if allowed[i] and section.path != SIGNATURE_PATH:
            first.setdefault(section.directive.source, i)
    ordered = sorted(first.values(), key=lambda i: newest_first_key(index.sections[i].directive))
    return [Hit(index.sections[i], 1.0, 1.0, None, 1.0) for i in ordered]


KIND = Newest()
