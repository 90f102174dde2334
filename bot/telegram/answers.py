"""Answers as the chats have them: one message a page, turned in place by its buttons.

A private chat gets the answer's first page with a button per source on it, "‹ Trước" /
"Xem thêm ›" when there is more, and 👍/👎; a group gets a shorter first page and a link that
opens the whole answer in a private chat (t.me/<bot>?start=<token>). An edited question edits
the answer it had. What a page button or a link needs is kept here in memory, a bounded number
of answers (least recently used first out): after a restart, or once forgotten, they say so.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Generic, TypeVar

from telegram import (
    Bot,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.assistant import Answered
from bot.messages import Messages
from bot.telegram.paging import GROUP_CHARS, PAGE_CHARS, Page, answer_pages
from bot.telegram.sending import Blocked, deliver, edit_html, plain_text, send_html

logger = logging.getLogger(__name__)

KEPT = 2048  # answers whose pages and links are kept
PER_ROW = 6  # source buttons on a row
_COUNTER_CHARS = 20  # room kept on a page for its "Trang 1/3"
_TITLE_CHARS = 64  # an inline result's title and description are cut to about this

K = TypeVar("K")
V = TypeVar("V")


class Recent(Generic[K, V]):
    """A mapping that keeps its `size` most recently used entries."""

    def __init__(self, size: int = KEPT) -> None:
        self._size = size
        self._items: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        """The value, now the most recently used; None when unknown or forgotten."""
        if key not in self._items:
            return None
        self._items.move_to_end(key)
        return self._items[key]

    def put(self, key: K, value: V) -> None:
        """Keep the value, forgetting the least recently used beyond the size."""
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self._size:
            self._items.popitem(last=False)


@dataclass(frozen=True)
class Asked:
    """A question as it was asked, to be asked again (a deep link into a private chat)."""

    question: str
    province: str | None
    set_by: str | None = None  # who set the province (Context.province_from)


@dataclass(frozen=True)
class Shown:
    """An answer in a chat: its pages, its id in the question log, and its link (group)."""

    pages: tuple[Page, ...]
    question_id: int | None
    link: str | None = None  # the t.me deep link to the whole answer
    original: bool = False  # about one directive: a button sends its original file


class Answers:
    """Sends, edits and turns the pages of answers; keeps what their buttons need."""

    def __init__(self, messages: Messages, retries: int, size: int = KEPT) -> None:
        self.messages = messages
        self.retries = retries
        self._shown: Recent[tuple[int, int], Shown] = Recent(size)  # (chat, message) →
        self._replies: Recent[tuple[int, int], int] = Recent(size)  # (chat, question) → answer
        self._asked: Recent[str, Asked] = Recent(size)  # deep-link token → question
        self._tokens = itertools.count(time.time_ns() // 1_000_000)

    async def give(
        self, bot: Bot, chat_id: int, reply_to: int, given: Answered, asked: Asked, group: bool
    ) -> None:
        """The answer's first page as a reply to the question, or in place of the answer the
        question had before it was edited."""
        chars = GROUP_CHARS if group else PAGE_CHARS - _COUNTER_CHARS
        pages = answer_pages(given.answer, self.messages, chars)
        link = self.link(bot, asked) if group and len(pages) > 1 else None
        original = given.answer.subject is not None
        shown = Shown(tuple(pages), given.question_id, link, original)
        text, markup = self.page(shown, 0)
        earlier = self._replies.get((chat_id, reply_to))
        if earlier and await edit_html(bot, chat_id, earlier, text, self.retries, markup):
            self._shown.put((chat_id, earlier), shown)
            return
        try:
            sent = await send_html(bot, chat_id, text, self.retries, reply_to, markup)
        except Blocked as exc:
            logger.info("chat %s does not accept messages (%s)", chat_id, exc)
            return
        if sent:
            self._replies.put((chat_id, reply_to), sent.message_id)
            self._shown.put((chat_id, sent.message_id), shown)

    async def post(self, bot: Bot, chat_id: int, given: Answered) -> bool:
        """An answer nobody asked for just now (a notice): its first page, with its buttons;
        whether it was delivered."""
        pages = answer_pages(given.answer, self.messages, PAGE_CHARS - _COUNTER_CHARS)
        shown = Shown(tuple(pages), given.question_id)
        text, markup = self.page(shown, 0)
        try:
            sent = await send_html(bot, chat_id, text, self.retries, None, markup)
        except Blocked as exc:
            logger.info("chat %s does not accept messages (%s)", chat_id, exc)
            return False
        if sent:
            self._shown.put((chat_id, sent.message_id), shown)
        return sent is not None

    async def turn(self, bot: Bot, query: CallbackQuery, data: str) -> None:
        """ "Xem thêm ›" / "‹ Trước": the answer's page `data`, in the same message."""
        message = query.message
        shown = self._shown.get((message.chat.id, message.message_id)) if message else None
        if message is None or shown is None:
            await self.acknowledge(query, self.messages.get("answer_expired"))
            return
        await self.acknowledge(query)
        page = min(max(int(data), 0), len(shown.pages) - 1)
        text, markup = self.page(shown, page)
        await edit_html(bot, message.chat.id, message.message_id, text, self.retries, markup)

    def asked(self, token: str) -> Asked | None:
        """The question behind a deep link; None when forgotten (a restart, or long ago)."""
        return self._asked.get(token)

    def link(self, bot: Bot, asked: Asked) -> str:
        """A t.me link that asks the question again in a private chat with the bot."""
        token = _base36(next(self._tokens))
        self._asked.put(token, asked)
        return f"https://t.me/{bot.username}?start={token}"

    def page(self, shown: Shown, page: int) -> tuple[str, InlineKeyboardMarkup | None]:
        """Page `page` of an answer (from 0), with its buttons."""
        text = shown.pages[page].html
        paged = len(shown.pages) > 1 and not shown.link
        if paged:
            counter = self.messages.html("page_of", page=page + 1, pages=len(shown.pages))
            text += "\n\n" + counter
        rows = self._source_rows(shown, page)
        turns = []
        if paged and page > 0:
            label = self.messages.get("button_back")
            turns.append(InlineKeyboardButton(label, callback_data=f"n:{page - 1}"))
        if paged and page < len(shown.pages) - 1:
            label = self.messages.get("button_more")
            turns.append(InlineKeyboardButton(label, callback_data=f"n:{page + 1}"))
        rows += [turns] if turns else []
        if shown.link:
            rows.append([InlineKeyboardButton(self.messages.get("button_full"), url=shown.link)])
        if shown.original and shown.question_id is not None:
            label = self.messages.get("button_original")
            rows.append([InlineKeyboardButton(label, callback_data=f"f:{shown.question_id}")])
        rows += self._vote_rows(shown.question_id)
        return text, InlineKeyboardMarkup(rows) if rows else None

    def article(self, bot: Bot, given: Answered, asked: Asked) -> InlineQueryResultArticle:
        """The answer's first page, to share from any chat (inline mode), with a link to
        the whole answer."""
        page = answer_pages(given.answer, self.messages)[0]
        link = self.link(bot, asked)
        button = InlineKeyboardButton(self.messages.get("button_full"), url=link)
        description = plain_text(page.html).split("\n")[0]
        return InlineQueryResultArticle(
            id=link.rsplit("=", 1)[1],
            title=_cut(asked.question),
            description=_cut(description),
            input_message_content=InputTextMessageContent(page.html, parse_mode=ParseMode.HTML),
            reply_markup=InlineKeyboardMarkup([[button]]),
        )

    async def acknowledge(self, query: CallbackQuery, text: str | None = None) -> None:
        """Stop the button's spinner (with a short note, if any)."""
        try:
            await deliver(lambda: query.answer(text), self.retries, "answer button")
        except (Blocked, BadRequest) as exc:  # a press older than Telegram keeps them
            logger.info("button not answered: %s", exc)

    def _source_rows(self, shown: Shown, page: int) -> list[list[InlineKeyboardButton]]:
        """A button per source the page names, in its order (none for an unlogged answer)."""
        if shown.question_id is None:
            return []
        numbers = [
            InlineKeyboardButton(str(n), callback_data=f"c:{shown.question_id}:{n}")
            for n in shown.pages[page].sources
        ]
        return [numbers[i : i + PER_ROW] for i in range(0, len(numbers), PER_ROW)]

    def _vote_rows(self, question_id: int | None) -> list[list[InlineKeyboardButton]]:
        if question_id is None:
            return []
        up, down = self.messages.get("button_up"), self.messages.get("button_down")
        return [
            [
                InlineKeyboardButton(up, callback_data=f"v:{question_id}:1"),
                InlineKeyboardButton(down, callback_data=f"v:{question_id}:-1"),
            ]
        ]


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while number:
        number, digit = divmod(number, 36)
        text = digits[digit] + text
    return text or "0"


def _cut(text: str) -> str:
    return text if len(text) <= _TITLE_CHARS else text[: _TITLE_CHARS - 1].rstrip() + "…"
