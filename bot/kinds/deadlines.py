"""The deadlines kind: "Sở Y tế có hạn chót nào?" (or the follow-up "còn hạn chót?" after its
duties) lists the agency's tasks that set a deadline, as a duty answer does. Only a question
holding nothing but the agency and deadline words is one: "hạn chót các quận báo cáo cho Sở Y
tế là ngày nào?" asks a fact."""

from __future__ import annotations

import dataclasses

from bot.config import RetrievalSettings
from bot.indexing import Index
from bot.kinds.base import Composing, QuestionKind, Selection
from bot.kinds.duty import KIND as DUTY
from bot.kinds.duty import duty_answer
from bot.ranking import Ranking, left_over
from bot.types import Answer, DirectiveGroup, Intro, Kind, Query, Role, SearchResult
from bot.vi import questions

_CUE = questions.cue(questions.DEADLINE)


class Deadlines(QuestionKind):
    """An agency's deadlines."""

    kind = Kind.DEADLINES

    def detects(self, query: Query, index: Index) -> bool:
        if not query.agencies or not _CUE.search(query.folded):
            return False
        return not left_over(query, index, questions.DEADLINE_WORDS)

    def select(self, ranking: Ranking) -> Selection:
        selected = DUTY.select(ranking)
        due = [h for h in selected.hits if h.section.deadlines and h.role is not Role.MENTIONED]
        aside = tuple(h for h in selected.aside if h.section.deadlines)
        return Selection(due, selected.topical, aside)

    def answers(self, result: SearchResult, settings: RetrievalSettings) -> bool:
        return bool(result.hits)

    def compose(self, result: SearchResult, composing: Composing) -> Answer:
        answer = duty_answer(result, composing)
        tasks = [i for b in answer.blocks if isinstance(b, DirectiveGroup) for i in b.items]
        documents = len({i.section.directive.source for i in tasks})
        intro = composing.messages.get(
            "deadlines_intro",
            agency=result.query.agencies[0],
            sections=len(tasks),
            documents=documents,
        )
        return dataclasses.replace(answer, blocks=(Intro(intro), *answer.blocks[1:]))

    def refuse(self, result: SearchResult, composing: Composing) -> Answer:
        agency = result.query.agencies[0]
        text = composing.messages.get("deadlines_none", agency=agency)
        return Answer(result.query.text, False, (Intro(text),))


KIND = Deadlines()
