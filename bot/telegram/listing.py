"""`/vanban`: the indexed directives, a page at a time, turned in place by « » (`p:<page>`);
for administrators also a numbered button opening each directive's card (curation.py) and
the archive."""

from __future__ import annotations

import logging

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.rendering import telegram_directives
from bot.telegram.curation import page_buttons
from bot.telegram.sending import Blocked, deliver, reply
from bot.telegram.services import Services
from bot.telegram.votes import acknowledge

logger = logging.getLogger(__name__)

_PER_ROW = 5


class Listing:
    """/vanban and its page buttons."""

    def __init__(self, services: Services) -> None:
        self.services = services

    async def vanban(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/vanban: the indexed directives, a page at a time (for administrators, with a
        numbered button opening each directive's card, and the archive)."""
        text, markup = self.page(0, self.services.is_admin(update))
        await reply(update, context.bot, text, self._retries, markup)

    async def turn(self, query: CallbackQuery, data: str, admin: bool) -> None:
        """p:<page>: that page, in the same message."""
        await acknowledge(query, self._retries)
        text, markup = self.page(int(data), admin)
        try:
            await deliver(
                lambda: query.edit_message_text(text, parse_mode="HTML", reply_markup=markup),
                self._retries,
                "edit page",
            )
        except BadRequest as exc:  # pressing the same page twice: "message is not modified"
            logger.info("page not turned: %s", exc)
        except Blocked:
            pass

    def page(self, page: int, admin: bool = False) -> tuple[str, InlineKeyboardMarkup | None]:
        """Page `page` (from 0, kept in range) and its buttons."""
        services = self.services
        size = services.settings.telegram.page_size
        directives = services.library.index.directives
        text, page, pages = telegram_directives(directives, page, size, services.messages)
        rows = []
        if admin:  # a card per directive (view, original, replace, correct, retire); archive
            numbers = page_buttons(directives, page, size)
            rows = [numbers[i : i + _PER_ROW] for i in range(0, len(numbers), _PER_ROW)]
            text += "\n\n" + services.messages.html("admin_pick")
        buttons = []
        if page > 0:
            label = services.messages.get("button_previous")
            buttons.append(InlineKeyboardButton(label, callback_data=f"p:{page - 1}"))
        if page < pages - 1:
            label = services.messages.get("button_next")
            buttons.append(InlineKeyboardButton(label, callback_data=f"p:{page + 1}"))
        if admin:
            label = services.messages.get("button_archive")
            buttons.append(InlineKeyboardButton(label, callback_data="a:h"))
        rows += [buttons] if buttons else []
        return text, InlineKeyboardMarkup(rows) if rows else None

    @property
    def _retries(self) -> int:
        return self.services.settings.telegram.send_retries
