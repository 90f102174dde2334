"""Who the user is (issue 14): `/caidat` (and `/start`, the first time, in a private chat)
asks for the user's province and agency with buttons, or the agency typed (typo-tolerant:
"Ý bạn là …?"), and stores them; "nhiệm vụ của tôi" then asks the duties of that agency in
that province, and a private chat with no /tinh answers within that province. The 📄 button
under an answer about one directive sends its original file.

Callback data stays under Telegram's 64 bytes by naming a province or an agency by its place
in a list (`pf:p:3`, `pf:a:17`) and a directive by the question whose answer cited it (`f:12`).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.answering import MAX_QUESTION_CHARS, prepare_question
from bot.citations import directive_line
from bot.metadata import place_name
from bot.outcomes import NotInLibrary
from bot.state import Profile
from bot.telegram.sending import deliver, reply, send_html
from bot.telegram.services import Services
from bot.text import fold
from bot.vi import questions
from bot.vi.agencies import GROUPS
from bot.vi.questions import duty_question

logger = logging.getLogger(__name__)

_MY_DUTIES = re.compile(rf"^\s*(?:{'|'.join(questions.MY_DUTIES)})\b")
_AGENCY_BUTTONS = 12  # agencies offered by button, those the directives task most
_AGENCY_CHARS = 80  # a typed agency name is no longer than this
_PER_ROW = 2

Ask = Callable[[Update, ContextTypes.DEFAULT_TYPE, str, str | None, str], Awaitable[None]]


class Profiles:
    """/caidat, the profile buttons, "nhiệm vụ của tôi" and the original-file button."""

    def __init__(self, services: Services, ask: Ask) -> None:
        self.services = services
        self._ask = ask  # the user handlers' ask(update, context, question, province, set_by)
        self._typing: set[int] = set()  # users whose next private message is their agency

    # Asking ---------------------------------------------------------------------------

    async def caidat(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/caidat: the profile as stored, then its first question (the province)."""
        user = update.effective_user
        if user is None:
            return
        profile = await self.services.store.profile(user.id)
        messages = self.services.messages
        if profile and (profile.province or profile.agency):
            text = messages.html(
                "profile_current",
                province=profile.province or messages.get("profile_any"),
                agency=profile.agency or messages.get("profile_any"),
            )
            await reply(update, context.bot, text, self._retries)
        await self.ask_province(update, context)

    async def first_time(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """After /start in a private chat: ask for the profile if there is none yet."""
        chat, user = update.effective_chat, update.effective_user
        if chat is None or user is None or chat.type != ChatType.PRIVATE or context.args:
            return
        if await self.services.store.profile(user.id) is None:
            await self.ask_province(update, context)

    async def ask_province(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        provinces = self._provinces()
        rows = _rows(
            [InlineKeyboardButton(p, callback_data=f"pf:p:{n}") for n, p in enumerate(provinces)]
        )
        rows.append([InlineKeyboardButton(self._text("profile_any"), callback_data="pf:p:-")])
        text = self.services.messages.html("profile_ask_province")
        await reply(update, context.bot, text, self._retries, InlineKeyboardMarkup(rows))

    async def _ask_agency(self, query: CallbackQuery, user_id: int, province: str | None) -> None:
        names = self.services.library.index.gazetteer.names
        buttons = [
            InlineKeyboardButton(a, callback_data=f"pf:a:{names.index(a)}")
            for a in self._busiest_agencies(province)
        ]
        rows = _rows(buttons)
        rows.append([InlineKeyboardButton(self._text("profile_any"), callback_data="pf:a:-")])
        self._typing.add(user_id)
        text = self.services.messages.html("profile_ask_agency")
        await self._edit(query, text, InlineKeyboardMarkup(rows))

    # Answers ----------------------------------------------------------------------------

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """pf:p:<n> a province chosen (then the agency is asked), pf:a:<n> an agency chosen."""
        query, user = update.callback_query, update.effective_user
        if query is None or user is None or not query.data:
            return
        await self._acknowledge(query)
        _, what, value = query.data.split(":", 2)
        store = self.services.store
        profile = await store.profile(user.id) or Profile(user.id)
        if what == "p":
            provinces = self._provinces()
            province = (
                provinces[int(value)] if value.isdigit() and int(value) < len(provinces) else None
            )
            await store.set_profile(Profile(user.id, province, profile.agency))
            await self._ask_agency(query, user.id, province)
            return
        names = self.services.library.index.gazetteer.names
        agency = names[int(value)] if value.isdigit() and int(value) < len(names) else None
        await self._save_agency(update, context, profile, agency, query)

    def awaiting(self, update: Update) -> bool:
        """Whether the user's private message is the agency /caidat asked them to type: the
        next message after the question, unless it asks something ("…?", "nhiệm vụ của
        tôi"), which drops the question."""
        user, message = update.effective_user, update.effective_message
        if user is None or user.id not in self._typing:
            return False
        self._typing.discard(user.id)  # one message answers it, whatever it is
        text = message.text if message and message.text else ""
        return not ("?" in text or self.asks_my_duties(text) or len(text) > _AGENCY_CHARS)

    async def typed(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The agency typed after /caidat asked: stored when known, else "Ý bạn là …?"."""
        user, message = update.effective_user, update.effective_message
        if user is None or message is None or not message.text:
            return
        name = prepare_question(message.text)[:MAX_QUESTION_CHARS]
        index = self.services.library.index
        found = index.gazetteer.find(name) or index.gazetteer.find(index.restorer.restore(name))
        profile = await self.services.store.profile(user.id) or Profile(user.id)
        if found:
            await self._save_agency(update, context, profile, found[0])
            return
        names = index.gazetteer.names
        offered = index.gazetteer.suggest(name)
        rows = [[InlineKeyboardButton(a, callback_data=f"pf:a:{names.index(a)}")] for a in offered]
        rows.append([InlineKeyboardButton(self._text("profile_any"), callback_data="pf:a:-")])
        self._typing.add(user.id)  # they may type it again instead of pressing
        key = "profile_did_you_mean" if offered else "profile_unknown_agency"
        text = self.services.messages.html(key, agency=name)
        await reply(update, context.bot, text, self._retries, InlineKeyboardMarkup(rows))

    async def _save_agency(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        profile: Profile,
        agency: str | None,
        query: CallbackQuery | None = None,
    ) -> None:
        user_id = profile.user_id
        self._typing.discard(user_id)
        await self.services.store.set_profile(Profile(user_id, profile.province, agency))
        messages = self.services.messages
        text = messages.html(
            "profile_saved",
            province=place_name(profile.province)
            if profile.province
            else messages.get("profile_any"),
            agency=agency or messages.get("profile_any"),
        )
        if query is not None:
            await self._edit(query, text, None)
        else:
            await reply(update, context.bot, text, self._retries)

    # Using it ---------------------------------------------------------------------------

    def asks_my_duties(self, text: str) -> bool:
        """Whether a message asks the duties of the user's own agency."""
        return bool(_MY_DUTIES.search(fold(text)))

    async def my_duties(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """ "nhiệm vụ của tôi": the profile agency's duties in its province (or how to set it)."""
        user = update.effective_user
        profile = await self.services.store.profile(user.id) if user else None
        if profile is None or not profile.agency:
            await reply(
                update, context.bot, self.services.messages.html("profile_needed"), self._retries
            )
            return
        question = duty_question(profile.agency)
        await self._ask(update, context, question, profile.province, "profile")

    async def original(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """f:<question id>: the original file of the directive that answer was about."""
        query = update.callback_query
        if query is None or query.message is None or not query.data:
            return
        await self._acknowledge(query)
        chat_id = query.message.chat.id  # a button opens only what was cited in its own chat
        question_id = query.data.partition(":")[2]
        section = None
        if question_id.isdigit():
            section = await self.services.store.cited_section(int(question_id), 1, chat_id)
        try:
            path = self.services.library.original(section.directive.source) if section else None
        except NotInLibrary:  # replaced or retired since
            path = None
        if section is None or path is None:
            text = self.services.messages.html("original_gone")
            await send_html(context.bot, chat_id, text, self._retries)
            return
        data = await asyncio.to_thread(path.read_bytes)
        caption = directive_line(section.directive, self.services.messages)[:1024]
        name = section.directive.source
        await deliver(
            lambda: context.bot.send_document(chat_id, data, filename=name, caption=caption),
            self._retries,
            "send original",
        )

    # Helpers ----------------------------------------------------------------------------

    def _provinces(self) -> list[str]:
        """The provinces with indexed directives, alphabetically."""
        directives = self.services.library.index.directives
        return sorted({d.province for d in directives if d.province})

    def _busiest_agencies(self, province: str | None) -> list[str]:
        """The agencies the province's directives (all, when None) task most by name (not a
        group such as "các sở, ban, ngành"), most first."""
        counts: dict[str, int] = {}
        for section in self.services.library.index.sections:
            if province and section.directive.province not in (province, None):
                continue
            for agency in section.leads():
                if agency not in GROUPS:
                    counts[agency] = counts.get(agency, 0) + 1
        names = set(self.services.library.index.gazetteer.names)
        ranked = sorted((a for a in counts if a in names), key=lambda a: (-counts[a], a))
        return ranked[:_AGENCY_BUTTONS]

    def _text(self, key: str) -> str:
        return self.services.messages.get(key)

    @property
    def _retries(self) -> int:
        return self.services.settings.telegram.send_retries

    async def _acknowledge(self, query: CallbackQuery) -> None:
        try:
            await query.answer()
        except Exception as exc:  # an old button: nothing to acknowledge
            logger.info("button not acknowledged: %s", exc)

    async def _edit(
        self, query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None
    ) -> None:
        try:
            await query.edit_message_text(text, parse_mode="HTML", reply_markup=markup)
        except Exception as exc:  # the message is too old to edit: send anew
            logger.info("profile message not edited: %s", exc)
            if query.message is not None:
                await query.get_bot().send_message(
                    query.message.chat.id, text, parse_mode="HTML", reply_markup=markup
                )


def _rows(buttons: list[InlineKeyboardButton]) -> list[list[InlineKeyboardButton]]:
    return [buttons[n : n + _PER_ROW] for n in range(0, len(buttons), _PER_ROW)]
