"""Who the user is (issue 14): `/start` (the first time, in a private chat) asks for the
user's province and agency with buttons, or the agency typed (typo-tolerant: "Ý bạn là …?"),
and stores them; `/caidat` shows them with a button to change them. "nhiệm vụ của tôi" then
asks the duties of that agency in that province, and a private chat with no /tinh answers
within that province (places.py).

Callback data stays under Telegram's 64 bytes by naming a province or an agency by its place
in a list (`pf:p:3`, `pf:a:17`; `-` skips the step), `pf:c:-` changing the profile.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.answering import MAX_QUESTION_CHARS, prepare_question
from bot.metadata import place_name
from bot.state import Profile
from bot.telegram.sending import edit_html, reply, send_html
from bot.telegram.services import Services
from bot.telegram.votes import acknowledge
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
    """/caidat, the profile buttons and "nhiệm vụ của tôi"."""

    def __init__(self, services: Services, ask: Ask) -> None:
        self.services = services
        self._ask = ask  # the user handlers' ask(update, context, question, province, set_by)
        self._typing: set[int] = set()  # users whose next private message is their agency

    # Asking ---------------------------------------------------------------------------

    async def caidat(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/caidat: the profile as stored, with a button to change it; without one, its first
        question (the province). In a group: where to set it."""
        chat, user = update.effective_chat, update.effective_user
        if chat is None or user is None:
            return
        if chat.type != ChatType.PRIVATE:  # the agency may be typed: only in a private chat
            text = self.services.messages.html("profile_in_private")
            await reply(update, context.bot, text, self._retries)
            return
        profile = await self.services.store.profile(user.id)
        if profile is None or not (profile.province or profile.agency):
            await self.ask_province(update, context)
            return
        province, agency = self._shown(profile)
        text = self.services.messages.html("profile_current", province=province, agency=agency)
        change = InlineKeyboardButton(self._text("profile_change"), callback_data="pf:c:-")
        await reply(update, context.bot, text, self._retries, InlineKeyboardMarkup([[change]]))

    async def first_time(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """After /start in a private chat: ask for the profile if there is none yet."""
        chat, user = update.effective_chat, update.effective_user
        if chat is None or user is None or chat.type != ChatType.PRIVATE or context.args:
            return
        if await self.services.store.profile(user.id) is None:
            await self.ask_province(update, context)

    async def ask_province(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The profile's first question: the province, a button for each with directives."""
        text, markup = self._province_question()
        await reply(update, context.bot, text, self._retries, markup)

    def _province_question(self) -> tuple[str, InlineKeyboardMarkup]:
        provinces = self._provinces()
        rows = _rows(
            [InlineKeyboardButton(p, callback_data=f"pf:p:{n}") for n, p in enumerate(provinces)]
        )
        every = self._text("profile_every_province")
        rows.append([InlineKeyboardButton(every, callback_data="pf:p:-")])
        return self.services.messages.html("profile_ask_province"), InlineKeyboardMarkup(rows)

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
        """pf:c the profile to change (its first question), pf:p:<n> a province chosen (then
        the agency is asked), pf:a:<n> an agency chosen."""
        query, user = update.callback_query, update.effective_user
        if query is None or user is None or not query.data:
            return
        await self._acknowledge(query)
        parts = query.data.split(":", 2)
        if len(parts) != 3:
            return
        _, what, value = parts
        if what == "c":
            await self._edit(query, *self._province_question())
            return
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
        province, shown = self._shown(Profile(user_id, profile.province, agency))
        text = self.services.messages.html("profile_saved", province=province, agency=shown)
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

    def _shown(self, profile: Profile) -> tuple[str, str]:
        """The profile's province and agency as a sentence names them (or says none)."""
        province = (
            place_name(profile.province) if profile.province else self._text("profile_no_province")
        )
        return province, profile.agency or self._text("profile_no_agency")

    def _text(self, key: str) -> str:
        return self.services.messages.get(key)

    @property
    def _retries(self) -> int:
        return self.services.settings.telegram.send_retries

    async def _acknowledge(self, query: CallbackQuery) -> None:
        await acknowledge(query, self._retries)

    async def _edit(
        self, query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None
    ) -> None:
        """The question's message becomes the next step (sent anew when too old to edit)."""
        message = query.message
        if message is None:
            return
        bot, chat_id = query.get_bot(), message.chat.id
        if not await edit_html(bot, chat_id, message.message_id, text, self._retries, markup):
            await send_html(bot, chat_id, text, self._retries, None, markup)


def _rows(buttons: list[InlineKeyboardButton]) -> list[list[InlineKeyboardButton]]:
    return [buttons[n : n + _PER_ROW] for n in range(0, len(buttons), _PER_ROW)]
