"""A question one passage answers ("Thanh Hóa ưu tiên tiêm vắc xin cho đối tượng nào?"): the
sentence that answers, quoted under its citation (its source [1] opens the whole section).
The kind asked
last: every question no other kind detects is one.
"""

from __future__ import annotations

from bot.citations import citation_line
from bot.indexing import Index
from bot.kinds.base import Composing, QuestionKind, Selection, citations
from bot.ranking import Ranking
from bot.sentences import answer_sentence, answering_sentence, asks_for_number
from bot.types import Answer, Block, Hit, Intro, Kind, Query, Quote, Role, SearchResult, Section
from bot.vi import questions

_ANSWER_WINDOW = 5  # of this many closest hits, those holding what is asked come first
_WHICH_AGENCY = questions.cue(questions.WHICH_AGENCY)
_COOPERATING = questions.cue(questions.COOPERATING)
_LIST = questions.cue(questions.LIST)
_AGENCY_LINE = {Role.LEAD: "fact_agency_lead", Role.COOPERATING: "fact_agency_cooperating"}
WHOLE_SECTION_CHARS = 700  # a section this short answers "những gì" whole


class Fact(QuestionKind):
    """Any other question: the closest passage."""

    kind = Kind.FACT

    def detects(self, query: Query, index: Index) -> bool:
        return True

    def select(self, ranking: Ranking) -> Selection:
        return Selection(answer_first(ranking.query, ranking.ranked))

    def compose(self, result: SearchResult, composing: Composing) -> Answer:
        messages, top = composing.messages, result.hits[0]
        sentence = _quoted(result.query, top.section, composing)
        title = messages.get("fact_intro", citation=citation_line(top.section, messages))
        line = messages.get("fact_sentence", sentence=sentence)
        blocks: list[Block] = [Quote(title, top.section, sentence, line)]
        if named := agency_named(result.query, top.section, composing):
            blocks.insert(0, named)
        cites = citations(result.hits[: composing.limit], quote=sentence)
        return Answer(result.query.text, True, tuple(blocks), cites)


def _quoted(query: Query, section: Section, composing: Composing) -> str:
    """What the answer quotes: the answering sentence; a short section whole when the question
    asks for a list ("… phải chuẩn bị những gì?")."""
    if _LIST.search(query.folded) and len(section.text) <= WHOLE_SECTION_CHARS:
        return "\n".join(
            line.strip() for line in section.text.strip().splitlines() if line.strip()
        )
    return answer_sentence(query, section, composing.index.lexical.idf)


def agency_named(query: Query, section: Section, composing: Composing) -> Intro | None:
    """For "Đơn vị nào chủ trì …?": the agencies the quoted section gives that role (but
    those the question itself names), before the quote; any other it tasks when none has that
    role ("Cơ quan nào phối hợp với Công an tỉnh …?"); None when the question does not ask
    which agency, or the section tasks none."""
    if not _WHICH_AGENCY.search(query.folded):
        return None
    role = Role.COOPERATING if _COOPERATING.search(query.folded) else Role.LEAD
    others = [a for a in section.assignees if a.agency not in query.agencies]
    key, named = _AGENCY_LINE[role], [a.agency for a in others if a.role is role]
    if not named:
        tasked = (Role.LEAD, Role.COOPERATING)
        key, named = "fact_agency_tasked", [a.agency for a in others if a.role in tasked]
    if not named:
        return None
    return Intro(composing.messages.get(key, agencies=", ".join(named)))


def answer_first(query: Query, hits: list[Hit]) -> list[Hit]:
    """For "how many / when": of the closest hits, those with a sentence holding what is
    asked (a number with its unit, a date) come first, in their order."""
    if not asks_for_number(query):
        return hits
    head = hits[:_ANSWER_WINDOW]
    holds = [answering_sentence(query, hit.section) is not None for hit in head]
    first = [hit for hit, held in zip(head, holds, strict=True) if held]
    rest = [hit for hit, held in zip(head, holds, strict=True) if not held]
    return first + rest + hits[_ANSWER_WINDOW:]


KIND = Fact()
