"""The deadlines kind: "Sở Y tế có hạn chót nào?" (or the follow-up "còn hạn chót?" after its
duties) lists the agency's tasks that set a deadline, as a duty answer does. Only a question
holding nothing but the agency and deadline words is one: "hạn chót các quận báo cáo cho Sở Y
tế là ngày nào?" asks a fact. One naming days ("Sở Y tế có hạn nào trong tuần này?") lists the
deadlines falling due in them, as days (bot/notices.py)."""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from bot.citations import directive_line, format_date, section_label
from bot.config import RetrievalSettings
from bot.deadlines import Deadline, issued_on, task_deadlines
from bot.indexing import Index
from bot.kinds.base import Composing, QuestionKind, Selection, citations
from bot.kinds.duty import KIND as DUTY
from bot.kinds.duty import all_duties, duty_answer
from bot.messages import Messages
from bot.ranking import Ranking, left_over
from bot.sentences import task_words
from bot.types import (
    Answer,
    Block,
    Directive,
    DirectiveGroup,
    Hit,
    Intro,
    Item,
    Kind,
    Note,
    Query,
    Role,
    SearchResult,
)
from bot.vi import questions

_CUE = questions.cue(questions.DEADLINE)
OVERDUE_DAYS = 30  # /hanchot lists deadlines passed this many days ago at most
AHEAD_DAYS = 60  # and those coming within this many days
_MAX_OCCURRENCES = 400  # a rule's due days listed in one window at most
MAX_ITEMS = 20  # lines in one answer or notice


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
        if window := asked_window(result.query.folded, composing.today):
            return _within(result, composing, *window)
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


def asked_window(folded: str, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The days a question asks about ("tuần này": this Monday to Sunday), if it names some."""
    for phrase, (unit, ahead) in questions.DEADLINE_WINDOWS.items():
        if re.search(rf"\b{phrase}\b", folded):
            return _window(unit, ahead, today)
    return None


def _window(unit: str, ahead: int, today: dt.date) -> tuple[dt.date, dt.date]:
    if unit == "day":
        day = today + dt.timedelta(days=ahead)
        return day, day
    if unit == "week":
        monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=ahead)
        return monday, monday + dt.timedelta(days=6)
    month = today.month - 1 + ahead
    first = dt.date(today.year + month // 12, month % 12 + 1, 1)
    last = dt.date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
    return first, last


def _within(result: SearchResult, composing: Composing, start: dt.date, end: dt.date) -> Answer:
    """The agency's deadlines falling due between start and end, as days."""
    agency, province = result.query.agencies[0], result.query.province
    window, today = (start, end), composing.today
    answer = dues_answer(composing.index, agency, window, today, composing.messages, province)
    return dataclasses.replace(answer, question=result.query.text)


@dataclass(frozen=True)
class Due:
    """One of an agency's tasks falling due on a day: the section with the agency's role, the
    deadline as the directive words it and resolves it, and the day."""

    hit: Hit
    deadline: Deadline
    on: dt.date

    @property
    def key(self) -> str:
        """Names this task's deadline on this day, alike across processes and restarts."""
        section = self.hit.section
        return f"{section.directive.content_hash}:{section.path}:{self.deadline.phrase}:{self.on}"


def agency_dues(
    index: Index, agency: str, start: dt.date, end: dt.date, province: str | None = None
) -> list[Due]:
    """The agency's tasks (any role but mentioned; in the province's directives, when one is
    given) with a deadline falling due between start and end (both included), by day, then
    in document order."""
    dues = [
        Due(hit, deadline, day)
        for hit in agency_tasks(index, agency, province)
        for deadline in task_deadlines(hit.section)
        for day in occurrences(deadline, _from(hit.section.directive, start), end)
    ]
    return sorted(dues, key=lambda d: (d.on, d.hit.section.directive.source, d.hit.section.order))


def occurrences(deadline: Deadline, start: dt.date, end: dt.date) -> Iterator[dt.date]:
    """The days between start and end (both included) the deadline falls due on."""
    if deadline.rule is not None:
        day = deadline.next_due(start - dt.timedelta(days=1))
        for _ in range(_MAX_OCCURRENCES):
            if day is None or day > end:
                return
            yield day
            day = deadline.next_due(day)
    elif deadline.due is not None and start <= deadline.due <= end:
        yield deadline.due


def _from(directive: Directive, start: dt.date) -> dt.date:
    """No task falls due before its directive was signed ("định kỳ hằng tháng" in a December
    letter is first due in December)."""
    issued, _ = issued_on(directive)
    return max(start, issued) if issued is not None else start


def agency_tasks(index: Index, agency: str, province: str | None = None) -> list[Hit]:
    """The agency's tasks (any role but mentioned), in the province's directives if given."""
    return [
        hit
        for _, _, hit in all_duties(index, (agency,))
        if hit.role is not Role.MENTIONED
        and (province is None or hit.section.directive.province == province)
    ]


# --- /hanchot ---------------------------------------------------------------------------------


def deadlines_answer(
    index: Index, agency: str, today: dt.date, messages: Messages, province: str | None = None
) -> Answer:
    """The agency's deadlines: those passed within OVERDUE_DAYS first (most recent first),
    then those coming within AHEAD_DAYS (soonest first); a recurring one once, on its next
    day. Each line has its task, directive, role and day, and a source button."""
    since, until = today - dt.timedelta(OVERDUE_DAYS), today + dt.timedelta(AHEAD_DAYS)
    passed = once(agency_dues(index, agency, since, today - _DAY, province))
    coming = once(agency_dues(index, agency, today, until, province))
    passed = [d for d in reversed(passed) if d.deadline.rule is None]  # a rule comes again
    question = messages.get("hanchot_question", agency=agency)
    if not passed and not coming:
        text = messages.get("hanchot_none", agency=agency, days=AHEAD_DAYS)
        return Answer(question, False, (Intro(text),), ())
    intro = messages.get("hanchot_intro", agency=agency, coming=len(coming), passed=len(passed))
    blocks: list[Block] = [Intro(intro)]
    numbered: list[Hit] = []
    for key, dues in (("hanchot_passed", passed), ("hanchot_coming", coming)):
        if items := due_items(dues, today, messages, numbered):
            blocks.append(DirectiveGroup(messages.get(key), items))
    left = len(passed) + len(coming) - len(numbered)
    if left > 0:
        blocks.append(Note(messages.get("hanchot_more", sections=left)))
    return Answer(question, True, tuple(blocks), citations(numbered))


def dues_answer(
    index: Index,
    agency: str,
    window: tuple[dt.date, dt.date],
    today: dt.date,
    messages: Messages,
    province: str | None = None,
) -> Answer:
    """The agency's deadlines falling due between start and end ("trong tuần này"), soonest
    first, a rule once."""
    start, end = window
    dues = once(agency_dues(index, agency, start, end, province))
    span = {"start": format_date(start.isoformat()), "end": format_date(end.isoformat())}
    question = messages.get("hanchot_question", agency=agency)
    if not dues:
        text = messages.get("hanchot_none_between", agency=agency, **span)
        return Answer(question, False, (Intro(text),), ())
    numbered: list[Hit] = []
    items = due_items(dues, today, messages, numbered)
    intro = messages.get("hanchot_between", agency=agency, sections=len(dues), **span)
    blocks: list[Block] = [Intro(intro), DirectiveGroup(None, items)]
    if len(dues) > len(numbered):
        blocks.append(Note(messages.get("hanchot_more", sections=len(dues) - len(numbered))))
    return Answer(question, True, tuple(blocks), citations(numbered))


def once(dues: list[Due]) -> list[Due]:
    """Each task's deadline once: its first day in the window."""
    seen: set[tuple[str, str, str]] = set()
    out = []
    for due in dues:
        section = due.hit.section
        name = (section.directive.source, section.path, due.deadline.phrase)
        if name not in seen:
            seen.add(name)
            out.append(due)
    return out


_DAY = dt.timedelta(days=1)


def due_items(
    dues: Iterable[Due], today: dt.date, messages: Messages, numbered: list[Hit]
) -> tuple[Item, ...]:
    """One line per due task, numbered after those already listed (appended to numbered)."""
    items = []
    for due in dues:
        if len(numbered) >= MAX_ITEMS:
            break
        numbered.append(due.hit)
        items.append(_item(due, today, messages, len(numbered)))
    return tuple(items)


def _item(due: Due, today: dt.date, messages: Messages, number: int) -> Item:
    hit, section = due.hit, due.hit.section
    agency_names = tuple(a.agency for a in section.assignees if a.role is hit.role)
    task = task_words(section, agency_names)
    label = messages.get(
        "hanchot_label",
        directive=section.directive.number or directive_line(section.directive, messages),
        section=section_label(section.path, messages),
    )
    role = messages.get(f"role_{hit.role.value}") if hit.role else ""
    days = (due.on - today).days
    when = messages.get(
        _WHEN[max(-1, min(days, 1))], date=format_date(due.on.isoformat()), days=abs(days)
    )
    deadline = messages.get("hanchot_deadline", when=when, phrase=due.deadline.phrase)
    return Item(section, label, hit.role, role, deadline, number, task)


_WHEN = {-1: "hanchot_when_passed", 0: "hanchot_when_today", 1: "hanchot_when_coming"}


KIND = Deadlines()
