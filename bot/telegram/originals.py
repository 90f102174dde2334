"""The "📄 Tệp gốc" button under an answer about one directive (its summary, its card): the
file in documents/ the directive was read from, sent as a document, in private chats and
groups alike; a clear message when it is no longer in the library (replaced, retired, moved).

Callback data `f:<question id>` stays under Telegram's 64 bytes: the directive is the one the
answer logged under that id cited first, read back from the question log of the same chat.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from telegram import Update
from telegram.ext import ContextTypes

from bot.citations import directive_line
from bot.outcomes import NotInLibrary
from bot.telegram.sending import Blocked, deliver, send_html
from bot.telegram.services import Services
from bot.telegram.votes import acknowledge
from bot.types import Directive

logger = logging.getLogger(__name__)

_CAPTION = 1024  # Telegram's longest caption


class Originals:
    """Sends a directive's original file when its button is pressed."""

    def __init__(self, services: Services) -> None:
        self.services = services

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """f:<question id>: the original file of the directive that answer was about."""
        query = update.callback_query
        if query is None or query.message is None or not query.data:
            return
        retries = self.services.settings.telegram.send_retries
        await acknowledge(query, retries)
        chat_id = query.message.chat.id  # a button opens only what was cited in its own chat
        question_id = query.data.partition(":")[2]
        section = None
        if question_id.isdigit():
            section = await self.services.store.cited_section(int(question_id), 1, chat_id)
        data = await self._read(section.directive) if section else None
        if section is None or data is None:
            text = self.services.messages.html("original_gone")
            await send_html(context.bot, chat_id, text, retries, query.message.message_id)
            return
        directive = section.directive
        caption = directive_line(directive, self.services.messages)[:_CAPTION]
        try:
            await deliver(
                lambda: context.bot.send_document(
                    chat_id, data, filename=Path(directive.source).name, caption=caption
                ),
                retries,
                "send original",
            )
        except Blocked as exc:
            logger.info("chat %s does not accept documents (%s)", chat_id, exc)

    async def _read(self, directive: Directive) -> bytes | None:
        """The file's bytes; None when the library no longer serves it or it is gone."""
        try:
            path = self.services.library.original(directive.source)
            return await asyncio.to_thread(path.read_bytes)
        except (NotInLibrary, OSError) as exc:  # replaced or retired since; removed by hand
            logger.info("original of %s not sent: %s", directive.source, exc)
            return None
