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
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from bot.changes import same_number
from bot.citations import directive_line, section_label
from bot.deadlines import Deadline, Every
from bot.indexing import Index
from bot.kinds.base import citations
from bot.kinds.deadlines import MAX_ITEMS, Due, agency_dues, agency_tasks, due_items, once
from bot.messages import Messages
from bot.sentences import task_words
from bot.state import Subscription
from bot.types import Answer, Block, Directive, DirectiveGroup, Hit, Intro, Item, Note

logger = logging.getLogger(__name__)

DIGEST_DAYS = 7  # a digest covers the week ahead (and the week just passed, if overdue)


@dataclass(frozen=True)
class Pending:
    """A notice to send if its items were not sent before: to whom, what kind, and its items
    (each claimed by its own key; a message lists those claimed now)."""

    subscription: Subscription
    kind: str  # "reminder", "today", "digest", "new", "changed"
    keys: tuple[str, ...]
    dues: tuple[Due, ...] = ()
    directive: Directive | None = None  # a new (or replacing) directive's notice
    hits: tuple[Hit, ...] = ()  # its tasks for the agency
    previous: tuple[str, ...] = ()  # a replacement's: each task's former deadlines


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
    new content) that give its agency a task. One that replaces a directive of the same
    number (gone from `after`) is told only where it changes the agency's deadlines, as one
    correction; retired directives are simply gone, and so are their reminders."""
    known = {d.content_hash for d in before.directives} if before is not None else set()
    fresh = {d.content_hash for d in after.directives} - known
    kept = {d.content_hash for d in after.directives}
    gone = [d for d in before.directives if d.content_hash not in kept] if before else []
    out = []
    for sub in subscriptions:
        by_directive: dict[Directive, list[Hit]] = {}
        for hit in agency_tasks(after, sub.agency, sub.province):
            if hit.section.directive.content_hash in fresh:
                by_directive.setdefault(hit.section.directive, []).append(hit)
        for directive, hits in by_directive.items():
            ordered = tuple(sorted(hits, key=lambda h: h.section.order))
            replaced = next((d for d in gone if same_number(d.number, directive.number)), None)
            if replaced is None:
                key = f"new:{sub.user_id}:{sub.agency}:{directive.content_hash}"
                out.append(Pending(sub, "new", (key,), directive=directive, hits=ordered))
            elif changed := _changed_deadlines(ordered, before, replaced):
                key = f"changed:{sub.user_id}:{sub.agency}:{directive.content_hash}"
                tasks, previous = tuple(h for h, _ in changed), tuple(p for _, p in changed)
                notice = Pending(sub, "changed", (key,), directive=directive, hits=tasks)
                out.append(dataclasses.replace(notice, previous=previous))
    return out


def _changed_deadlines(
    hits: tuple[Hit, ...], before: Index | None, replaced: Directive
) -> list[tuple[Hit, str]]:
    """The agency's tasks whose deadlines the replacing directive changes, each with the
    deadlines the replaced one gave the same section ("" when it gave none)."""
    if before is None:
        return []
    old = {s.path: s.deadlines for s in before.sections if s.directive == replaced}
    return [
        (hit, "; ".join(old.get(hit.section.path, ())))
        for hit in hits
        if old.get(hit.section.path, ()) != hit.section.deadlines
    ]


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


class Notifier(Protocol):
    """Where notices go, and the ledger of those sent (the Telegram job; tests)."""

    async def claim(self, key: str) -> bool:
        """Record a notice item as sent; False when it already was."""
        ...

    async def release(self, key: str) -> None:
        """Forget a claimed item whose message could not be delivered."""
        ...

    async def send(self, chat_id: int, answer: Answer) -> None:
        """Deliver one notice (raises when it cannot)."""
        ...


async def deliver(
    pendings: Iterable[Pending], notifier: Notifier, today: dt.date, messages: Messages
) -> int:
    """Send each pending notice's items not sent before, one message per notice; an item
    whose message fails is released, to go out on the next run (and the others still go).
    The messages sent."""
    sent = 0
    for pending in pendings:
        keys = [k for k in pending.keys if await notifier.claim(k)]
        if not keys:
            continue
        if pending.dues and len(pending.keys) == len(pending.dues):
            chosen = dict(zip(pending.keys, pending.dues, strict=True))
            pending = dataclasses.replace(
                pending, keys=tuple(keys), dues=tuple(chosen[k] for k in keys)
            )
        chat = pending.subscription.chat_id
        try:
            await notifier.send(chat, notice_answer(pending, today, messages))
        except Exception:  # one chat that cannot be reached holds up no other
            logger.warning("notice to chat %s not delivered; tried again next run", chat)
            for key in keys:
                await notifier.release(key)
            continue
        sent += 1
    return sent


def _daily(deadline: Deadline) -> bool:
    return deadline.rule is not None and deadline.rule.every is Every.DAY


def notice_answer(pending: Pending, today: dt.date, messages: Messages) -> Answer:
    """The message a pending notice sends, as an answer's blocks with its sources."""
    agency = pending.subscription.agency
    numbered: list[Hit] = []
    if pending.kind in ("new", "changed") and pending.directive is not None:
        key = "notice_new" if pending.kind == "new" else "notice_changed"
        title = messages.get(key, agency=agency)
        line = directive_line(pending.directive, messages)
        tasks = []
        for n, hit in enumerate(pending.hits[:MAX_ITEMS]):
            numbered.append(hit)
            before = pending.previous[n] if pending.previous else None
            tasks.append(_new_item(hit, agency, messages, len(numbered), before))
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


def _new_item(
    hit: Hit, agency: str, messages: Messages, number: int, before: str | None = None
) -> Item:
    """A new directive's task for the agency; a replacement's with its former deadlines."""
    section = hit.section
    deadlines = "; ".join(section.deadlines) or messages.get("notice_no_deadline")
    deadline: str | None = None
    if before is not None:
        was = before or messages.get("notice_no_deadline")
        deadline = messages.get("notice_deadline_changed", deadlines=deadlines, before=was)
    elif section.deadlines:
        deadline = messages.get("deadline", deadlines=deadlines)
    role = messages.get(f"role_{hit.role.value}") if hit.role else ""
    task = task_words(section, (agency,))
    label = section_label(section.path, messages)
    return Item(section, label, hit.role, role, deadline, number, task)
