"""👍/👎 under an answer, and why a 👎 (a second row of buttons): stored in the question log
by the question's id, only from the chat the answer was given in.

Callback data: `v:<question id>:<1|-1>`, `r:<question id>:<reason code>`.
"""

from __future__ import annotations

import logging

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.state import Unavailable
from bot.telegram.sending import Blocked, deliver, send_parts
from bot.telegram.services import Services

logger = logging.getLogger(__name__)

# Why an answer got a 👎 (stored as these codes; labels in prompts/telegram.toml reason_*).
REASONS = ("wrong_document", "wrong_agency", "missing", "hard", "other")


class Votes:
    """The 👍/👎 buttons and the 👎 reasons."""

    def __init__(self, services: Services) -> None:
        self.services = services

    async def vote(
        self, query: CallbackQuery, context: ContextTypes.DEFAULT_TYPE, data: str
    ) -> None:
        """v:<question>:<±1>: the vote stored (thanked), and after a 👎 the reasons asked."""
        question_id, vote = (int(x) for x in data.split(":"))
        if query.message is None:
            return
        chat_id, user_id = query.message.chat.id, query.from_user.id
        try:
            stored = await self.services.store.vote(
                question_id, user_id, 1 if vote > 0 else -1, chat_id
            )
            key = "vote_thanks" if stored else "gone"
        except Unavailable as exc:
            logger.error("vote on question %s not stored: %s", question_id, exc)
            key = "vote_failed"
        messages = self.services.messages
        await acknowledge(query, self._retries, messages.get(key))
        if key == "vote_thanks" and vote < 0:
            text = messages.html("vote_reason_ask")
            await send_parts(
                context.bot,
                chat_id,
                [text],
                self._retries,
                query.message.message_id,
                self._reason_buttons(question_id),
            )

    async def reason(self, query: CallbackQuery, data: str) -> None:
        """r:<question>:<reason>: why the 👎, stored with the vote."""
        question_id, _, reason = data.partition(":")
        if query.message is None or reason not in REASONS:
            return
        chat_id, user_id = query.message.chat.id, query.from_user.id
        try:
            stored = await self.services.store.reason(int(question_id), user_id, reason, chat_id)
            key = "vote_thanks" if stored else "gone"
        except Unavailable as exc:
            logger.error("reason on question %s not stored: %s", question_id, exc)
            key = "vote_failed"
        await acknowledge(query, self._retries, self.services.messages.get(key))

    def _reason_buttons(self, question_id: int) -> InlineKeyboardMarkup:
        messages = self.services.messages
        buttons = [
            InlineKeyboardButton(messages.get(f"reason_{r}"), callback_data=f"r:{question_id}:{r}")
            for r in REASONS
        ]
        return InlineKeyboardMarkup([buttons[:3], buttons[3:]])

    @property
    def _retries(self) -> int:
        return self.services.settings.telegram.send_retries


async def acknowledge(query: CallbackQuery, retries: int, text: str | None = None) -> None:
    """Stop a button's spinner (with a short note, if any); an old press is let go."""
    try:
        await deliver(lambda: query.answer(text), retries, "answer button")
    except (Blocked, BadRequest) as exc:  # a press older than Telegram keeps them
        logger.info("button not answered: %s", exc)
