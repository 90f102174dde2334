"""What every administrators' handler shares: the gate (administrators only; every attempt,
allowed or not, goes to the audit log, and a refused one changes nothing), the audit log,
replies split into messages that fit, the conversations under way, and the private alerts to
every administrator (a failed upload or reload, a disk running low)."""

from __future__ import annotations

import asyncio
import logging
import re

from telegram import Bot, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.errors import BotError
from bot.library import Duplicate
from bot.rendering import TELEGRAM_LIMIT, telegram_length
from bot.telegram.curation import Conversations, chat_and_user
from bot.telegram.sending import send_parts
from bot.telegram.services import Services
from bot.types import Directive

logger = logging.getLogger(__name__)

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


class Desk:
    """The services, the conversations under way, and how administrators are let in, audited,
    answered and alerted."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.conversations = Conversations()
        self._disk_alerted: set[str] = set()

    async def admitted(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        action: str,
        target: str | None = None,
    ) -> bool:
        """Administrators pass; anyone else is refused politely and the attempt is logged."""
        if self.services.is_admin(update):
            return True
        await self.audit(update, action, target, "refused: not an administrator")
        await self.reply(update, context, self.services.messages.html("admin_only"))
        return False

    async def finish(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        action: str,
        target: str | None,
        result: str,
        text: str,
        markup: InlineKeyboardMarkup | None = None,
    ) -> None:
        """Audit an action's outcome, then tell the administrator."""
        await self.audit(update, action, target, result)
        await self.reply(update, context, text, markup)

    async def audit(self, update: Update, action: str, target: str | None, result: str) -> None:
        """One row of the audit log (and one log line)."""
        user, chat = update.effective_user, update.effective_chat
        await self.services.store.audit(
            user.id if user else None,
            user.username if user else None,
            chat.id if chat else None,
            action,
            target,
            result,
        )
        logger.info(
            "audit: %s %s by %s: %s",
            action,
            printable(target or ""),
            printable(user_label(update)),
            printable(result),
        )

    async def reply(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        text: str,
        markup: InlineKeyboardMarkup | None = None,
    ) -> None:
        """Reply with text split on line boundaries into messages Telegram accepts (the
        buttons, if any, on the last)."""
        chat, message = update.effective_chat, update.effective_message
        if chat:
            reply_to = message.message_id if message else None
            parts = split_lines(text)
            await send_parts(context.bot, chat.id, parts, self.retries, reply_to, markup)

    @property
    def retries(self) -> int:
        """How often a message Telegram rate-limits is sent again."""
        return self.services.settings.telegram.send_retries

    async def directive(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, key: str
    ) -> Directive | None:
        """The served directive a button names; None (and the user told) when it is gone."""
        directive = self.services.library.find(key)
        if directive is None:
            await self.reply(update, context, self.services.messages.html("pending_gone"))
        return directive

    # Alerts ---------------------------------------------------------------------------------

    async def alert_failure(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, name: str, exc: Exception
    ) -> None:
        """Tell the other administrators that an upload failed (not for a duplicate)."""
        if isinstance(exc, Duplicate):
            return
        messages = self.services.messages
        reason = str(exc) if isinstance(exc, BotError) else messages.get("upload_error")
        text = messages.html(
            "alert_upload_failed", name=name, user=user_label(update), reason=reason
        )
        await self.alert(context.bot, text, skip=chat_and_user(update)[0])

    async def alert(self, bot: Bot, text: str, skip: int | None = None) -> None:
        """A private message to every administrator (but the chat `skip`, told already)."""
        for admin_id in self.services.settings.telegram.admins:
            if admin_id == skip:
                continue
            try:
                await send_parts(bot, admin_id, split_lines(text), self.retries)
            except TelegramError as exc:  # an admin who never opened a chat with the bot
                logger.info("alert to %s not sent: %s", admin_id, exc)

    async def check_disk(self, bot: Bot) -> None:
        """Alert the administrators once when the disk holding documents/ or index/ runs low
        (again only after it has recovered)."""
        messages, settings = self.services.messages, self.services.settings
        limit = settings.telegram.alert_free_mb
        low_disks = await asyncio.to_thread(self.services.library.low_disk, limit)
        for what, path, free in low_disks:
            if str(path) in self._disk_alerted:
                continue
            self._disk_alerted.add(str(path))
            text = messages.html(
                "alert_disk", what=what, path=path, free=f"{free:.0f}", limit=f"{limit:g}"
            )
            await self.alert(bot, text)
        low = {str(path) for _, path, _ in low_disks}
        self._disk_alerted &= low


def split_lines(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """HTML text as messages within Telegram's limit, cut between lines (every line here is
    short: lists are bounded and questions shortened)."""
    parts: list[str] = []
    for line in text.split("\n"):
        if parts and telegram_length(parts[-1] + "\n" + line) <= limit:
            parts[-1] += "\n" + line
        else:
            parts.append(line)
    return [p for p in parts if p.strip()] or [text[:limit]]


def printable(text: str) -> str:
    """Text for one log line: control characters (a newline in a file name, say) escaped, so
    nobody can forge a line in the log."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


def user_label(update: Update) -> str:
    """Who sent an update, for the audit log and the alerts: "42 (@name)"."""
    user = update.effective_user
    return f"{user.id} (@{user.username})" if user else "?"
