"""What an agency must deliver, and when (issue 17): its tasks' deadlines resolved to days
(bot/deadlines.py), listed for `/hanchot` and planned as notices to the users who follow it
(/theodoi): a new directive tasking it, a reminder some days before a deadline and on the day,
a weekly digest.

Everything here is computed from an index and a day, never from the clock: the caller (the
Telegram job, the tests) says what day it is. Each notice item has a key; the state store
claims a key once (`claim_notice`), so a restart neither loses nor repeats a notice.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from bot.citations import directive_line, format_date, section_label
from bot.deadlines import Deadline, Every, issued_on, task_deadlines
from bot.indexing import Index
from bot.kinds.base import citations
from bot.kinds.duty import all_duties
from bot.messages import Messages
from bot.sentences import task_words
from bot.state import Subscription
from bot.types import Answer, Block, Directive, DirectiveGroup, Hit, Intro, Item, Note, Role

OVERDUE_DAYS = 30  # /hanchot lists deadlines passed this many days ago at most
AHEAD_DAYS = 60  # and those coming within this many days
DIGEST_DAYS = 7  # a digest covers the week ahead (and the week just passed, if overdue)
_MAX_OCCURRENCES = 400  # a rule's due days listed in one window at most
_MAX_ITEMS = 20  # lines in one answer or notice


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


@dataclass(frozen=True)
class Pending:
    """A notice to send if its items were not sent before: to whom, what kind, and its items
    (each claimed by its own key; a message lists those claimed now)."""

    subscription: Subscription
    kind: str  # "reminder", "today", "digest", "new"
    keys: tuple[str, ...]
    dues: tuple[Due, ...] = ()
    directive: Directive | None = None  # a new directive's notice
    hits: tuple[Hit, ...] = ()  # its tasks for the agency


def agency_dues(
    index: Index, agency: str, start: dt.date, end: dt.date, province: str | None = None
) -> list[Due]:
    """The agency's tasks (any role but mentioned; in the province's directives, when one is
    given) with a deadline falling due between start and end (both included), by day, then
    in document order."""
    dues = [
        Due(hit, deadline, day)
        for hit in _tasks(index, agency, province)
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


def _tasks(index: Index, agency: str, province: str | None = None) -> list[Hit]:
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
    passed = _once(agency_dues(index, agency, since, today - _DAY, province))
    coming = _once(agency_dues(index, agency, today, until, province))
    passed = [d for d in reversed(passed) if d.deadline.rule is None]  # a rule comes again
    question = messages.get("hanchot_question", agency=agency)
    if not passed and not coming:
        text = messages.get("hanchot_none", agency=agency, days=AHEAD_DAYS)
        return Answer(question, False, (Intro(text),), ())
    intro = messages.get("hanchot_intro", agency=agency, coming=len(coming), passed=len(passed))
    blocks: list[Block] = [Intro(intro)]
    numbered: list[Hit] = []
    for key, dues in (("hanchot_passed", passed), ("hanchot_coming", coming)):
        if items := _items(dues, today, messages, numbered):
            blocks.append(DirectiveGroup(messages.get(key), items))
    left = len(passed) + len(coming) - len(numbered)
    if left > 0:
        blocks.append(Note(messages.get("hanchot_more", sections=left)))
    return Answer(question, True, tuple(blocks), citations(numbered))


def _once(dues: list[Due]) -> list[Due]:
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


def _items(
    dues: Iterable[Due], today: dt.date, messages: Messages, numbered: list[Hit]
) -> tuple[Item, ...]:
    """One line per due task, numbered after those already listed (appended to numbered)."""
    items = []
    for due in dues:
        if len(numbered) >= _MAX_ITEMS:
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


# --- notices ----------------------------------------------------------------------------------


def reminders(
    index: Index, subscriptions: Iterable[Subscription], today: dt.date
) -> list[Pending]:
    """For each subscription, its agency's deadlines `days_before` days ahead and today's (a
    daily rule reminds no one: it is every day)."""
    out = []
    for sub in subscriptions:
        for kind, day in (("reminder", today + dt.timedelta(sub.days_before)), ("today", today)):
            dues = tuple(
                d
                for d in agency_dues(index, sub.agency, day, day, sub.province)
                if not _daily(d.deadline)
            )
            if dues:
                keys = tuple(f"{kind}:{sub.user_id}:{sub.agency}:{d.key}" for d in dues)
                out.append(Pending(sub, kind, keys, dues))
    return out


def digests(index: Index, subscriptions: Iterable[Subscription], today: dt.date) -> list[Pending]:
    """On each subscription's digest weekday: its agency's deadlines in the week ahead (each
    once), and those passed in the week before."""
    out = []
    for sub in subscriptions:
        if sub.digest_weekday is None or today.weekday() != sub.digest_weekday:
            continue
        start, end = today - dt.timedelta(DIGEST_DAYS), today + dt.timedelta(DIGEST_DAYS - 1)
        dues = tuple(_once(agency_dues(index, sub.agency, start, end, sub.province)))
        key = f"digest:{sub.user_id}:{sub.agency}:{today}"
        out.append(Pending(sub, "digest", (key,), dues))
    return out


def new_tasks(
    before: Index | None, after: Index, subscriptions: Iterable[Subscription]
) -> list[Pending]:
    """For each subscription, the directives in `after` but not in `before` (a new file or
    new content) that give its agency a task."""
    known = {d.content_hash for d in before.directives} if before is not None else set()
    fresh = {d.content_hash for d in after.directives} - known
    out = []
    for sub in subscriptions:
        by_directive: dict[Directive, list[Hit]] = {}
        for hit in _tasks(after, sub.agency, sub.province):
            if hit.section.directive.content_hash in fresh:
                by_directive.setdefault(hit.section.directive, []).append(hit)
        for directive, hits in by_directive.items():
            key = f"new:{sub.user_id}:{sub.agency}:{directive.content_hash}"
            ordered = tuple(sorted(hits, key=lambda h: h.section.order))
            out.append(Pending(sub, "new", (key,), directive=directive, hits=ordered))
    return out


def claimed(pending: Pending, claim: Callable[[str], bool]) -> Pending | None:
    """The pending notice with only the items whose key `claim` takes now (the state store's
    `claim_notice`: True the first time a key is claimed, ever); None when none is left."""
    if pending.dues and len(pending.keys) == len(pending.dues):
        kept = [(k, d) for k, d in zip(pending.keys, pending.dues, strict=True) if claim(k)]
        if not kept:
            return None
        keys, dues = zip(*kept, strict=True)
        return dataclasses.replace(pending, keys=tuple(keys), dues=tuple(dues))
    return pending if all([claim(k) for k in pending.keys]) else None


def _daily(deadline: Deadline) -> bool:
    return deadline.rule is not None and deadline.rule.every is Every.DAY


def notice_answer(pending: Pending, today: dt.date, messages: Messages) -> Answer:
    """The message a pending notice sends, as an answer's blocks with its sources."""
    agency = pending.subscription.agency
    numbered: list[Hit] = []
    if pending.kind == "new" and pending.directive is not None:
        title = messages.get("notice_new", agency=agency)
        line = directive_line(pending.directive, messages)
        tasks = []
        for hit in pending.hits[:_MAX_ITEMS]:
            numbered.append(hit)
            tasks.append(_new_item(hit, agency, messages, len(numbered)))
        blocks: list[Block] = [Intro(title), DirectiveGroup(line, tuple(tasks), pending.directive)]
        return Answer(title, True, tuple(blocks), citations(numbered))
    days = pending.subscription.days_before
    title = messages.get(_NOTICE_TITLE[pending.kind], agency=agency, days=days)
    if not pending.dues:
        return Answer(title, True, (Intro(title), Note(messages.get("notice_digest_none"))), ())
    dues = _items(pending.dues, today, messages, numbered)
    return Answer(title, True, (Intro(title), DirectiveGroup(None, dues)), citations(numbered))


_NOTICE_TITLE = {
    "reminder": "notice_reminder",
    "today": "notice_today",
    "digest": "notice_digest",
}


def _new_item(hit: Hit, agency: str, messages: Messages, number: int) -> Item:
    section = hit.section
    deadlines = "; ".join(section.deadlines)
    deadline = messages.get("deadline", deadlines=deadlines) if deadlines else None
    role = messages.get(f"role_{hit.role.value}") if hit.role else ""
    task = task_words(section, (agency,))
    return Item(
        section, section_label(section.path, messages), hit.role, role, deadline, number, task
    )
