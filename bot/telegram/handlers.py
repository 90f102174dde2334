"""What every user can do: ask, list an agency's duties, open a citation (👍/👎 are in
votes.py, /tinh and the province an answer keeps to in places.py, /vanban in listing.py, the
profile in profile.py). Each handler parses the update, calls one core function and sends what
rendering made of it.

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
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.answering import MAX_QUESTION_CHARS, prepare_question
from bot.assistant import Assistant, Context, Pools
from bot.rendering import telegram_section
from bot.telegram.answers import Answers, Asked
from bot.telegram.listing import Listing
from bot.telegram.places import Places
from bot.telegram.profile import Profiles
from bot.telegram.sending import deliver, reply, send_parts, typing
from bot.telegram.services import Services
from bot.telegram.votes import Votes, acknowledge
from bot.vi.questions import duty_question

logger = logging.getLogger(__name__)

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
        self.places = Places(services)  # /tinh, and the province each answer keeps to
        self.listing = Listing(services)  # /vanban
        self.profiles = Profiles(services, self.ask)  # /caidat, "nhiệm vụ của tôi"
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
            await self.listing.turn(query, rest, self.services.is_admin(update))
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
        if set_by is None and self.profiles.asks_my_duties(question):  # private chat or group
            await self.profiles.my_duties(update, context)
            return
        if province is None:
            province, set_by = await self.places.filter(update)
        asked = Asked(question, province, set_by)
        where = Context(province, chat.id, _user_id(update), set_by)
        async with typing(context.bot, chat.id):
            given = await self.assistant.ask(question, where)
        group = chat.type != ChatType.PRIVATE
        await self.answers.give(context.bot, chat.id, message.message_id, given, asked, group)

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
