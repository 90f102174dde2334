"""What administrators can do: add a directive by sending its file (or a photo), replace,
retire, restore and correct one from /vanban's buttons, /reload the documents folder, read
/thongke. Every attempt, allowed or not, goes to the audit log; a refused one changes nothing
and downloads nothing. Replies that list things (agencies, skipped files, unanswered
questions) are bounded and split into messages that fit. A failed upload or reload, and a disk
running low, are told to every administrator in private.

`AdminHandlers` is what bot/telegram/app.py registers; the work is done by nouns:
desk.py (gate, audit log, replies, alerts), uploads.py (files in, asked about, saved),
cards.py (a directive's card and its actions, the archive), commands.py (/reload, /thongke).
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable

from telegram import Bot, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.telegram.cards import Cards
from bot.telegram.commands import Commands
from bot.telegram.desk import Desk, printable, split_lines
from bot.telegram.services import Services
from bot.telegram.uploads import Uploads

__all__ = ["AdminHandlers", "printable", "split_lines"]


class AdminHandlers:
    """Handlers that change or inspect what the bot answers from."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.desk = Desk(services)
        self.conversations = self.desk.conversations
        self.uploads = Uploads(self.desk)
        self.cards = Cards(self.desk, self.uploads)
        self.commands = Commands(self.desk)
        self.upload = self.uploads.upload
        self.photo = self.uploads.photo
        self.value = self.cards.value
        self.reload = self.commands.reload
        self.thongke = self.commands.thongke

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Administrators' buttons: answers about a file, directive cards and their actions."""
        query = update.callback_query
        if query is None or not query.data:
            return
        verb, *args = query.data.split(":")[1:]
        with contextlib.suppress(TelegramError):
            await query.answer()
        if not await self.desk.admitted(update, context, f"button {verb}"):
            return
        cards = self.cards
        # each takes the update, the context and the button's own arguments (strings)
        actions: dict[str, Callable[..., Awaitable[None]]] = {
            "u": self.uploads.answered,
            "d": cards.card,
            "o": cards.original,
            "s": cards.await_file,
            "t": cards.ask_retire,
            "T": cards.retire,
            "f": cards.choose_field,
            "F": cards.await_value,
            "h": cards.archive,
            "R": cards.restore,
        }
        if verb in actions:
            await actions[verb](update, context, *args)

    async def alert(self, bot: Bot, text: str, skip: int | None = None) -> None:
        """A private message to every administrator (but the chat `skip`, told already)."""
        await self.desk.alert(bot, text, skip)

    async def check_disk(self, bot: Bot) -> None:
        """Alert the administrators once when a disk runs low (Desk.check_disk)."""
        await self.desk.check_disk(bot)

    async def report_recovered(self, bot: Bot) -> None:
        """After a restart: what became of uploads a restart interrupted (Uploads)."""
        await self.uploads.report_recovered(bot)
