"""Deadlines and subscriptions in Telegram (issue 17): `/hanchot [cơ quan]` lists an agency's
deadlines as days, `/theodoi [cơ quan]` and `/huytheodoi [cơ quan]` follow an agency (by
default the user's own, from /caidat), and a job on PTB's JobQueue sends the followers what
bot/notices.py plans: a new directive tasking the agency, reminders, the weekly digest.

The job runs every `notice_interval` seconds; every item it sends is claimed once in the state
store, so it may run as often as it likes, and a restart neither loses nor repeats a notice.
Reminders and digests wait for `notice_hour`. A new directive is told on the first run after
the index version that brought it is served.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from typing import Any

from telegram import Update
from telegram.ext import Application, ContextTypes

from bot.answering import MAX_QUESTION_CHARS, prepare_question
from bot.assistant import Answered, filter_note
from bot.indexing import Index
from bot.kinds.deadlines import deadlines_answer
from bot.notices import deliver, digests, new_tasks, reminders
from bot.state import Subscription
from bot.telegram.answers import Answers, Asked
from bot.telegram.sending import reply
from bot.telegram.services import Services
from bot.text import fold
from bot.types import Answer

logger = logging.getLogger(__name__)

_ALL = ("tat ca", "het", "all")  # "/huytheodoi tất cả": every agency the user follows


class Following:
    """/hanchot, /theodoi, /huytheodoi and the notice job, sharing the answers' pages."""

    def __init__(self, services: Services, answers: Answers) -> None:
        self.services = services
        self.answers = answers
        self._seen: Index | None = None  # the index version last looked at for new directives

    # Commands ---------------------------------------------------------------------------

    async def hanchot(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/hanchot [cơ quan]: the agency's deadlines (default: the user's own)."""
        chat = update.effective_chat
        found = await self._agency(update, context, "hanchot_usage")
        if chat is None or found is None:
            return
        agency, province, set_by = found
        index, messages = self.services.library.index, self.services.messages
        answer = deadlines_answer(index, agency, self._today(), messages, province)
        if province and set_by:
            note = filter_note(messages, province, set_by)
            answer = dataclasses.replace(answer, blocks=(note, *answer.blocks))
        await self._give(update, context, chat.id, answer, province)

    async def theodoi(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/theodoi [cơ quan]: follow the agency (default: the user's own) in this chat."""
        chat, user = update.effective_chat, update.effective_user
        found = await self._agency(update, context, "follow_usage")
        if chat is None or user is None or found is None:
            return
        agency, province, _ = found
        await self.services.store.subscribe(Subscription(user.id, chat.id, agency, province))
        place = province or self.services.messages.get("follow_every_province")
        text = self.services.messages.html("follow_done", agency=agency, place=place)
        await reply(update, context.bot, text, self.services.settings.telegram.send_retries)

    async def huytheodoi(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/huytheodoi [cơ quan | tất cả]: stop following it (default: every agency)."""
        user = update.effective_user
        if user is None:
            return
        name = prepare_question(" ".join(context.args or []))
        store, messages = self.services.store, self.services.messages
        agency = None
        if name and fold(name).strip() not in _ALL:
            index = self.services.library.index
            found = index.gazetteer.find(name) or index.gazetteer.find(
                index.restorer.restore(name)
            )
            agency = found[0] if found else name
        dropped = await store.unsubscribe(user.id, agency)
        text = (
            messages.html("unfollow_done", count=dropped)
            if dropped
            else messages.html("unfollow_none")
        )
        await reply(update, context.bot, text, self.services.settings.telegram.send_retries)

    async def _agency(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, usage: str
    ) -> tuple[str, str | None, str | None] | None:
        """The agency a command names (else the user's profile agency, else the one they
        follow), the province of the user's profile (of the subscription, for the agency
        followed) and which of the two it is (Context.province_from); None, after saying
        why, when there is none."""
        user = update.effective_user
        profile = await self.services.store.profile(user.id) if user else None
        province = profile.province if profile else None
        name = prepare_question(" ".join(context.args or []))
        retries = self.services.settings.telegram.send_retries
        messages = self.services.messages
        if not name:
            if profile and profile.agency:
                return profile.agency, province, "profile"
            followed = [
                s
                for s in await self.services.store.subscriptions()
                if user and s.user_id == user.id
            ]
            if followed:  # no profile: the agency the user follows
                return followed[0].agency, followed[0].province, "follow"
            await reply(update, context.bot, messages.html(usage), retries)
            return None
        index = self.services.library.index
        found = None
        if len(name) <= MAX_QUESTION_CHARS:
            found = index.gazetteer.find(name) or index.gazetteer.find(
                index.restorer.restore(name)
            )
        if not found:
            await reply(update, context.bot, messages.html("duty_unknown", agency=name), retries)
            return None
        return found[0], province, "profile"

    async def _give(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        chat_id: int,
        answer: Answer,
        province: str | None,
    ) -> None:
        message = update.effective_message
        cited = [c.section for c in answer.citations]
        version = self.services.library.index.version
        user = update.effective_user
        question_id = self.services.store.log_question(
            chat_id, user.id if user else None, answer.question, answer.found, version, cited
        )
        given = Answered(answer, question_id)
        group = update.effective_chat is not None and update.effective_chat.type != "private"
        reply_to = message.message_id if message else 0
        await self.answers.give(context.bot, chat_id, reply_to, given, Asked("", province), group)

    # The job ----------------------------------------------------------------------------

    async def run(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Send what is due: new directives' tasks since the last run, and (from notice_hour)
        today's reminders and the weekly digests. Safe to run any number of times."""
        services = self.services
        now = services.clock()
        today, index = now.date(), services.library.index
        subscriptions = await services.store.subscriptions()
        pending = []
        if self._seen is not None and self._seen.version != index.version:
            pending += new_tasks(self._seen, index, subscriptions)
        self._seen = index
        if now.hour >= services.settings.telegram.notice_hour:
            pending += reminders(index, subscriptions, today) + digests(
                index, subscriptions, today
            )
        if pending:
            notifier = _Notifier(self, context)
            sent = await deliver(pending, notifier, today, services.messages)
            logger.info("notices: %s sent of %s planned", sent, len(pending))

    def start(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Run the job on the application's JobQueue (first soon after start)."""
        interval = self.services.settings.telegram.notice_interval
        self._seen = self.services.library.index  # what is served at start is not news
        if application.job_queue is None:
            logger.warning("no JobQueue (python-telegram-bot[job-queue]): no notices are sent")
            return
        application.job_queue.run_repeating(self.run, interval=interval, first=1.0)

    def _today(self) -> dt.date:
        return self.services.clock().date()


class _Notifier:
    """Notices through the bot: claimed in the state store, sent as answers with sources."""

    def __init__(self, following: Following, context: ContextTypes.DEFAULT_TYPE) -> None:
        self._following, self._context = following, context

    async def claim(self, key: str) -> bool:
        return await self._following.services.store.claim_notice(key)

    async def release(self, key: str) -> None:
        await self._following.services.store.release_notice(key)

    async def send(self, chat_id: int, answer: Answer) -> None:
        services = self._following.services
        cited = [c.section for c in answer.citations]
        version = services.library.index.version
        question_id = services.store.log_question(
            chat_id, None, answer.question, True, version, cited
        )
        given = Answered(answer, question_id)
        bot = self._context.bot
        if not await self._following.answers.post(bot, chat_id, given):
            raise ConnectionError(f"notice not delivered to chat {chat_id}")
