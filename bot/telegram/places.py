"""Which province a chat's answers keep to: `/tinh [tỉnh | bo]` sets, lifts or shows the
chat's own (stored), and a private chat without one keeps to the user's profile province
(/caidat). The answer then says which, and who set it (bot.assistant.filter_note)."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.answering import MAX_QUESTION_CHARS, prepare_question
from bot.metadata import find_province, place_name
from bot.telegram.sending import reply
from bot.telegram.services import Services
from bot.text import fold

_CLEAR = {"bo", "tat", "het", "tat ca", "moi tinh", "all", "none"}


class Places:
    """/tinh, and the province filter each question is asked under."""

    def __init__(self, services: Services) -> None:
        self.services = services

    async def tinh(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/tinh [tỉnh | bo]: show, set or lift this chat's province restriction."""
        chat_id = update.effective_chat.id if update.effective_chat else 0
        messages, store = self.services.messages, self.services.store
        name = prepare_question(" ".join(context.args or []))
        if len(name) > MAX_QUESTION_CHARS:
            text = messages.html("question_too_long", length=len(name), limit=MAX_QUESTION_CHARS)
        elif not name:
            current = await store.province(chat_id)
            text = (
                messages.html("province_current", place=place_name(current))
                if current
                else messages.html("province_none")
            )
            text += "\n" + messages.html("province_usage")
        elif fold(name) in _CLEAR:
            store.set_province(chat_id, None)
            text = messages.html("province_cleared")
        else:
            text = self._set(chat_id, name)
        await reply(update, context.bot, text, self.services.settings.telegram.send_retries)

    async def filter(self, update: Update) -> tuple[str | None, str | None]:
        """The province this chat's answers keep to, and who set it (Context.province_from):
        the chat's /tinh, else in a private chat the user's profile; (None, None) when
        neither."""
        chat, user, store = update.effective_chat, update.effective_user, self.services.store
        if chat is None:
            return None, None
        private = chat.type == ChatType.PRIVATE
        province = await store.province(chat.id)
        if province:
            return province, "chat" if private else "group"
        profile = await store.profile(user.id) if private and user else None
        if profile and profile.province:
            return profile.province, "profile"
        return None, None

    def _set(self, chat_id: int, name: str) -> str:
        """Store the province a name gives (the reply says whether any directive is from it)."""
        messages = self.services.messages
        province = find_province(name)
        if province is None:
            return messages.html("province_unknown", name=name)
        self.services.store.set_province(chat_id, province)
        indexed = any(d.province == province for d in self.services.library.index.directives)
        key = "province_set" if indexed else "province_set_empty"
        return messages.html(key, place=place_name(province))
