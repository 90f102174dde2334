"""The summary kind: "Văn bản 3262 nói gì?" (or a question naming a directive and nothing
else, "cv 3262") is answered by the directive's card — type, number, date, issuer, subject,
signer — and the tasks it gives by name, one line per section (the agencies, the task in a
few words), each numbered as its source; sections for everyone are counted."""

from __future__ import annotations

from bot.citations import section_label
from bot.config import RetrievalSettings
from bot.indexing import Index
from bot.kinds.base import Composing, QuestionKind, Selection, citations, directive_summary
from bot.kinds.directive import directive_hits
from bot.kinds.subject import by_subject
from bot.ranking import Ranking, left_over
from bot.sentences import task_words
from bot.tables import SIGNATURE_PATH
from bot.types import (
    Answer,
    Block,
    DirectiveGroup,
    Hit,
    Intro,
    Item,
    Kind,
    Note,
    Query,
    Role,
    SearchResult,
    Section,
)
from bot.vi import agencies as vi_agencies
from bot.vi import questions

_CUE = questions.cue(questions.SUMMARY)
_ASKING = questions.DOCUMENT_WORDS | {w for p in questions.SUMMARY for w in p.split()}
SUMMARY_CHARS = 3_000  # the task lines stop here; the rest are counted


class Summary(QuestionKind):
    """What a directive says."""

    kind = Kind.SUMMARY

    def detects(self, query: Query, index: Index) -> bool:
        if query.agencies:
            return False  # "văn bản 3262 nói gì về Sở Y tế": that agency's duties
        if _CUE.search(query.folded):
            return True
        return bool(query.numbers) and not left_over(query, index, frozenset(_ASKING))

    def select(self, ranking: Ranking) -> Selection:
        if ranking.query.numbers:  # the directive named: its sections, in document order
            index = ranking.index
            first = index.sections[int(ranking.allowed.argmax())].directive.source
            hits = [
                Hit(s, 1.0, 1.0, None, 1.0)
                for i, s in enumerate(index.sections)
                if ranking.allowed[i] and s.directive.source == first
            ]
            return Selection(hits)
        ranked = directive_hits(by_subject(ranking.query, ranking.ranked))
        return Selection(sorted(ranked, key=lambda h: h.section.order))

    def answers(self, result: SearchResult, settings: RetrievalSettings) -> bool:
        return bool(result.query.numbers) or super().answers(result, settings)

    def compose(self, result: SearchResult, composing: Composing) -> Answer:
        messages = composing.messages
        directive = result.hits[0].section.directive
        lines: tuple[str, ...] = ()
        if directive.signer:
            signer = messages.get(
                "directive_signer", signer=directive.signer, title=directive.signer_title
            )
            lines = (signer,)
        blocks: list[Block] = [Intro(directive_summary(directive, messages), lines)]
        sections = [h.section for h in result.hits if h.section.path != SIGNATURE_PATH]
        items: list[Item] = []
        room = SUMMARY_CHARS
        for section in sections:
            if not _named_leads(section):
                continue
            agencies = tuple(section.leads())  # a group it also tasks is named too
            task = task_words(section, agencies)
            label = section_label(section.path, messages)
            item = Item(section, label, Role.LEAD, ", ".join(agencies), None, len(items) + 1, task)
            if len(item.line()) > room and items:
                break
            room -= len(item.line())
            items.append(item)
        if items:
            blocks.append(DirectiveGroup(messages.get("summary_tasks"), tuple(items), directive))
        rest = len(sections) - len(items)
        if rest:
            blocks.append(Note(messages.get("summary_rest", sections=rest)))
        hits = [Hit(i.section, 1.0, 1.0, Role.LEAD, 1.0) for i in items] or list(result.hits[:1])
        return Answer(result.query.text, True, tuple(blocks), citations(hits), subject=directive)


def _named_leads(section: Section) -> tuple[str, ...]:
    """The agencies a section gives the lead by name (not a group like "các sở, ban, ngành")."""
    return tuple(a for a in section.leads() if a not in vi_agencies.GROUPS)


KIND = Summary()
