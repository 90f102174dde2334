"""What every user can do: ask, list an agency's duties, browse the directives, pick a
province, open a citation (👍/👎 are in votes.py, the profile in profile.py). Each handler
parses the update, calls one core function and sends what rendering made of it.

Nothing here blocks the event loop: the assistant (bot/assistant.py) answers in its worker
pools, the state store runs in its own thread; a question longer than
MAX_QUESTION_CHARS is refused before anything is embedded. An answer is sent before its log
row is written, and a failed row costs nothing but the row (its buttons work from memory).
"""

from __future__ import annotations

import logging
import re

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultsButton,
    MessageEntity,
    Update,
)
from telegram.constants import ChatType
from telegram.error import BadRequest
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.answering import MAX_QUESTION_CHARS, prepare_question
from bot.assistant import Assistant, Context, Pools
from bot.metadata import find_province, place_name
from bot.rendering import telegram_directives, telegram_section
from bot.telegram.answers import Answers, Asked
from bot.telegram.curation import page_buttons
from bot.telegram.sending import Blocked, deliver, reply, send_parts, typing
from bot.telegram.services import Services
from bot.telegram.votes import Votes, acknowledge
from bot.text import fold
from bot.vi.questions import duty_question

logger = logging.getLogger(__name__)

_CLEAR = {"bo", "tat", "het", "tat ca", "moi tinh", "all", "none"}
_PER_ROW = 5
_HINT = "hint"  # the /start payload of inline mode's hint button


class UserHandlers:
    """Handlers for everyone, sharing the services built at start-up."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.assistant = Assistant(
            services.settings,
            services.messages,
            services.embedder,
            services.library,
            services.model,
            log=services.store,
            pools=Pools(services.retrieval, services.writing),
        )
        self.answers = Answers(services.messages, services.settings.telegram.send_retries)
        self.votes = Votes(services)
        self._refused_chats: set[int] = set()

    # Access ---------------------------------------------------------------------------

    async def gate(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Chats and users outside the allow-list get one refusal, then silence."""
        if self.services.allowed(update):
            return
        chat = update.effective_chat
        if chat and chat.id not in self._refused_chats:
            self._refused_chats.add(chat.id)
            logger.info("refused chat %s (user %s)", chat.id, _user_id(update))
            text = self.services.messages.html("not_allowed")
            await send_parts(context.bot, chat.id, [text], self._retries)
        raise ApplicationHandlerStop

    # Commands -------------------------------------------------------------------------

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A greeting, what the bot can do and three example questions; opened from a
        group's link (/start <token>), the whole answer it links to."""
        messages = self.services.messages
        chat = update.effective_chat
        if context.args and chat and chat.type == ChatType.PRIVATE:
            asked = self.answers.asked(context.args[0])
            if asked:
                await self.ask(update, context, asked.question, asked.province, asked.set_by)
                return
            if context.args[0] != _HINT:  # a link the bot no longer remembers
                await self._reply(update, context, messages.html("answer_expired"))
                return
        await self._reply(update, context, f"{messages.html('start')}\n\n{self._help(update)}")

    async def help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The commands and three example questions."""
        await self._reply(update, context, self._help(update))

    async def hoi(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/hoi <câu hỏi>: the answer, with citations."""
        question = " ".join(context.args or [])
        if not question:
            await self._reply(update, context, self.services.messages.html("ask_usage"))
            return
        await self.ask(update, context, question)

    async def private_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """In a private chat every message is a question."""
        if update.effective_message and update.effective_message.text:
            await self.ask(update, context, update.effective_message.text)

    async def group_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """In a group, only messages that mention the bot or reply to it are questions."""
        message = update.effective_message
        if not message or not message.text:
            return
        username = context.bot.username
        mentioned = any(
            text.lstrip("@").lower() == username.lower()
            for text in message.parse_entities([MessageEntity.MENTION]).values()
        )
        replied = message.reply_to_message and message.reply_to_message.from_user
        if not mentioned and not (replied and replied.id == context.bot.id):
            return
        question = re.sub(rf"@{re.escape(username)}\b", " ", message.text, flags=re.I).strip()
        if question:
            await self.ask(update, context, question)
        else:
            await self._reply(update, context, self._help(update))

    async def nhiemvu(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/nhiemvu <cơ quan>: every duty the directives give that agency."""
        name = " ".join(context.args or [])
        messages = self.services.messages
        if not name:
            await self._reply(update, context, messages.html("duty_usage"))
            return
        name = prepare_question(name)
        if len(name) > MAX_QUESTION_CHARS:
            await self._too_long(update, context, name)
            return
        index = self.services.library.index
        found = index.gazetteer.find(name) or index.gazetteer.find(index.restorer.restore(name))
        if found:
            await self.ask(update, context, duty_question(found[0]))
            return
        names = index.gazetteer.names
        offered = index.gazetteer.suggest(name)
        if not offered:
            await self._reply(update, context, messages.html("duty_unknown", agency=name))
            return
        rows = [[InlineKeyboardButton(a, callback_data=f"s:{names.index(a)}")] for a in offered]
        text = messages.html("duty_did_you_mean", agency=name)
        await self._reply(update, context, text, InlineKeyboardMarkup(rows))

    async def _suggested(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, query: CallbackQuery, data: str
    ) -> None:
        """An "Ý bạn là …?" button: that agency's duties."""
        await self._answer_button(query)
        names = self.services.library.index.gazetteer.names
        if data.isdigit() and int(data) < len(names):
            await self.ask(update, context, duty_question(names[int(data)]))

    async def vanban(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/vanban: the indexed directives, a page at a time (for administrators, with a
        numbered button opening each directive's card, and the archive)."""
        text, markup = self._directive_page(0, self.services.is_admin(update))
        await self._reply(update, context, text, markup)

    async def tinh(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/tinh [tỉnh | bo]: show, set or lift this chat's province restriction."""
        chat_id = update.effective_chat.id if update.effective_chat else 0
        messages, store = self.services.messages, self.services.store
        name = prepare_question(" ".join(context.args or []))
        if len(name) > MAX_QUESTION_CHARS:
            await self._too_long(update, context, name)
            return
        if not name:
            current = await store.province(chat_id)
            text = (
                messages.html("province_current", place=place_name(current))
                if current
                else messages.html("province_none")
            )
            await self._reply(update, context, f"{text}\n{messages.html('province_usage')}")
            return
        if fold(name) in _CLEAR:
            store.set_province(chat_id, None)
            await self._reply(update, context, messages.html("province_cleared"))
            return
        province = find_province(name)
        if province is None:
            await self._reply(update, context, messages.html("province_unknown", name=name))
            return
        store.set_province(chat_id, province)
        indexed = any(d.province == province for d in self.services.library.index.directives)
        key = "province_set" if indexed else "province_set_empty"
        await self._reply(update, context, messages.html(key, place=place_name(province)))

    # Buttons --------------------------------------------------------------------------

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A citation opens its section; 👍/👎 are stored (a 👎 asks why); « » turn /vanban
        pages."""
        query = update.callback_query
        if query is None or not query.data:
            return
        kind, _, rest = query.data.partition(":")
        if kind == "c":
            await self._show_citation(query, context, rest)
        elif kind == "v":
            await self.votes.vote(query, context, rest)
        elif kind == "r":
            await self.votes.reason(query, rest)
        elif kind == "p":
            await self._turn_page(query, rest, self.services.is_admin(update))
        elif kind == "n":
            await self.answers.turn(context.bot, query, rest)
        elif kind == "s":
            await self._suggested(update, context, query, rest)
        else:
            await self._answer_button(query)

    async def _show_citation(
        self, query: CallbackQuery, context: ContextTypes.DEFAULT_TYPE, data: str
    ) -> None:
        question_id, n = (int(x) for x in data.split(":"))
        await self._answer_button(query)
        if query.message is None:
            return
        chat_id = query.message.chat.id  # a button opens only what was cited in its own chat
        section = await self.services.store.cited_section(question_id, n, chat_id)
        messages = self.services.messages
        parts = telegram_section(section, messages) if section else [messages.html("gone")]
        await send_parts(
            context.bot, chat_id, parts, self._retries, reply_to=query.message.message_id
        )

    async def _turn_page(self, query: CallbackQuery, data: str, admin: bool) -> None:
        await self._answer_button(query)
        text, markup = self._directive_page(int(data), admin)
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

    async def _answer_button(self, query: CallbackQuery) -> None:
        await acknowledge(query, self._retries)

    # Answering ------------------------------------------------------------------------

    async def ask(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        question: str,
        province: str | None = None,
        set_by: str | None = None,
    ) -> None:
        """The answer's first page, with a button per source on it, more pages (in a group,
        a link to the whole answer) and 👍/👎; an edited question edits its answer. Without
        a province (and who set it, Context.province_from), the chat's filter applies."""
        chat, message = update.effective_chat, update.effective_message
        if chat is None or message is None:
            return
        question = prepare_question(question)
        if len(question) > MAX_QUESTION_CHARS:
            await self._too_long(update, context, question)
            return
        if province is None:
            province, set_by = await self._filter(update)
        asked = Asked(question, province, set_by)
        where = Context(province, chat.id, _user_id(update), set_by)
        async with typing(context.bot, chat.id):
            given = await self.assistant.ask(question, where)
        group = chat.type != ChatType.PRIVATE
        await self.answers.give(context.bot, chat.id, message.message_id, given, asked, group)

    async def _filter(self, update: Update) -> tuple[str | None, str | None]:
        """The province this chat's answers keep to, and who set it: the chat's /tinh, else
        in a private chat the user's profile (/caidat); (None, None) when neither."""
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

    async def inline(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """@bot câu hỏi in any chat: the answer's first page, to share; a hint when empty."""
        query = update.inline_query
        if query is None:
            return
        question = prepare_question(query.query)
        if not question or len(question) > MAX_QUESTION_CHARS:
            hint = InlineQueryResultsButton(
                text=self.services.messages.get("inline_hint"), start_parameter=_HINT
            )
            await deliver(lambda: query.answer([], button=hint), self._retries, "inline hint")
            return
        given = await self.assistant.ask(question, Context(None, None, query.from_user.id))
        article = self.answers.article(context.bot, given, Asked(question, None))
        await deliver(
            lambda: query.answer([article], cache_time=60, is_personal=False),
            self._retries,
            "inline answer",
        )

    async def _too_long(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, question: str
    ) -> None:
        text = self.services.messages.html(
            "question_too_long", length=len(question), limit=MAX_QUESTION_CHARS
        )
        await self._reply(update, context, text)

    def _directive_page(
        self, page: int, admin: bool = False
    ) -> tuple[str, InlineKeyboardMarkup | None]:
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

    # Helpers --------------------------------------------------------------------------

    @property
    def _retries(self) -> int:
        return self.services.settings.telegram.send_retries

    def _help(self, update: Update) -> str:
        messages = self.services.messages
        text = messages.html("help")
        if self.services.is_admin(update):
            text += "\n\n" + messages.html("admin_help")
        return text

    async def _reply(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        text: str,
        markup: InlineKeyboardMarkup | None = None,
    ) -> None:
        await reply(update, context.bot, text, self._retries, markup)


def _user_id(update: Update) -> int | None:
    return update.effective_user.id if update.effective_user else None
