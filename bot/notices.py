"""What an agency's followers are told, and when (issue 17, /theodoi): a new directive tasking
it, a reminder some days before a deadline and on the day, a weekly digest. The agency's
deadlines as days come from bot/kinds/deadlines.py (which also answers /hanchot).

Everything here is computed from an index and a day, never from the clock: the caller (the
Telegram job, the tests) says what day it is. Each notice item has a key; the state store
claims a key once (`claim_notice`), so a restart neither loses nor repeats a notice.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.citations import directive_line, section_label
from bot.deadlines import Deadline, Every
from bot.indexing import Index
from bot.kinds.base import citations
from bot.kinds.deadlines import MAX_ITEMS, Due, agency_dues, agency_tasks, due_items, once
from bot.messages import Messages
from bot.sentences import task_words
from bot.state import Subscription
from bot.types import Answer, Block, Directive, DirectiveGroup, Hit, Intro, Item, Note

DIGEST_DAYS = 7  # a digest covers the week ahead (and the week just passed, if overdue)


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
        dues = tuple(once(agency_dues(index, sub.agency, start, end, sub.province)))
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
        for hit in agency_tasks(after, sub.agency, sub.province):
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
        for hit in pending.hits[:MAX_ITEMS]:
            numbered.append(hit)
            tasks.append(_new_item(hit, agency, messages, len(numbered)))
        blocks: list[Block] = [Intro(title), DirectiveGroup(line, tuple(tasks), pending.directive)]
        return Answer(title, True, tuple(blocks), citations(numbered))
    days = pending.subscription.days_before
    title = messages.get(_NOTICE_TITLE[pending.kind], agency=agency, days=days)
    if not pending.dues:
        return Answer(title, True, (Intro(title), Note(messages.get("notice_digest_none"))), ())
    dues = due_items(pending.dues, today, messages, numbered)
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
