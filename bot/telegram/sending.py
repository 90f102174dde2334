"""Every message the bot sends goes through here, so that Telegram's failures are handled once:

- 429 "retry after N": wait N seconds and try again (up to `retries` times); a message that
  would have to wait more than a minute is dropped instead (logged);
- a timeout: not sent again — the message may well have arrived, and a second copy is worse
  than a lost one; the rest of a long answer still goes out;
- 403 (the user blocked the bot, or it left the group): logged, nothing else is sent;
- 400 "can't parse entities": sent once more as plain text.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import re
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from typing import TypeVar

from telegram import Bot, InlineKeyboardMarkup, Message, ReplyParameters, Update
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.warnings import PTBDeprecationWarning

logger = logging.getLogger(__name__)

T = TypeVar("T")
_TAG = re.compile(r"<[^>]+>")
_TYPING_EVERY = 4.5  # seconds; Telegram shows "typing…" for about 5
_TYPING_AFTER = 0.5  # seconds; an answer ready sooner needs no indicator (and no API call)
_LONGEST_WAIT = 60.0  # seconds; a message Telegram asks to hold back longer is dropped
_RECONNECT_WAIT = 0.5  # seconds before sending again over a new connection


class Blocked(Exception):
    """The chat refuses messages from the bot (403)."""


async def deliver(call: Callable[[], Awaitable[T]], retries: int, what: str) -> T | None:
    """Run one Bot API call, waiting out 429s and sending again when the connection dropped;
    None when it timed out or gave up."""
    for attempt in range(retries + 1):
        try:
            return await call()
        except RetryAfter as exc:
            wait = retry_seconds(exc)
            if wait > _LONGEST_WAIT:
                logger.error("%s: flood control asks to wait %.0f s, dropped", what, wait)
                return None
            logger.warning("%s: flood control, retrying in %.1f s (%d)", what, wait, attempt + 1)
            await asyncio.sleep(wait)
        except TimedOut:
            logger.warning("%s: timed out; not repeated, it may have been delivered", what)
            return None
        except Forbidden as exc:
            raise Blocked(str(exc)) from exc
        except BadRequest:  # a NetworkError too, but the request itself is wrong
            raise
        except NetworkError as exc:  # the connection dropped before an answer: send again
            logger.warning("%s: %s, retrying (%d)", what, exc, attempt + 1)
            await asyncio.sleep(_RECONNECT_WAIT)
    logger.error("%s: not delivered after %d retries, dropped", what, retries)
    return None


async def send_parts(
    bot: Bot,
    chat_id: int,
    parts: list[str],
    retries: int,
    reply_to: int | None = None,
    markup: InlineKeyboardMarkup | None = None,
) -> list[Message]:
    """Send HTML messages in order (the first as a reply, the markup on the last)."""
    sent = []
    try:
        for n, part in enumerate(parts):
            last = n == len(parts) - 1
            message = await send_html(
                bot, chat_id, part, retries, reply_to if n == 0 else None, markup if last else None
            )
            if message:
                sent.append(message)
    except Blocked as exc:
        logger.info("chat %s does not accept messages (%s)", chat_id, exc)
    return sent


async def reply(
    update: Update,
    bot: Bot,
    text: str,
    retries: int,
    markup: InlineKeyboardMarkup | None = None,
) -> None:
    """One HTML message into the update's chat, as a reply to its message."""
    chat, message = update.effective_chat, update.effective_message
    if chat:
        reply_to = message.message_id if message else None
        await send_parts(bot, chat.id, [text], retries, reply_to, markup)


async def send_html(
    bot: Bot,
    chat_id: int,
    text: str,
    retries: int,
    reply_to: int | None = None,
    markup: InlineKeyboardMarkup | None = None,
) -> Message | None:
    """One HTML message; falls back to plain text once if Telegram cannot parse it."""
    reply = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None

    def call(body: str, mode: str | None) -> Callable[[], Awaitable[Message]]:
        return lambda: bot.send_message(
            chat_id, body, parse_mode=mode, reply_markup=markup, reply_parameters=reply
        )

    try:
        return await deliver(call(text, ParseMode.HTML), retries, f"send to {chat_id}")
    except BadRequest as exc:
        if "parse" not in str(exc).lower():
            raise
        logger.warning("send to %s: %s; sending as plain text", chat_id, exc)
        return await deliver(call(plain_text(text), None), retries, f"send to {chat_id}")


def plain_text(text: str) -> str:
    """Telegram HTML without its tags and entities."""
    return html.unescape(_TAG.sub("", text))


def retry_seconds(exc: RetryAfter) -> float:
    """RetryAfter's wait in seconds (PTB 22 returns an int or a timedelta, and warns)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


@contextlib.asynccontextmanager
async def typing(bot: Bot, chat_id: int) -> AsyncIterator[None]:
    """Show "typing…" in the chat from half a second in until the block ends."""

    async def keep_typing() -> None:
        await asyncio.sleep(_TYPING_AFTER)
        while True:
            with contextlib.suppress(Exception):  # a missing indicator must not fail an answer
                await bot.send_chat_action(chat_id, ChatAction.TYPING)
            await asyncio.sleep(_TYPING_EVERY)

    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def edit_html(
    bot: Bot,
    chat_id: int,
    message_id: int,
    text: str,
    retries: int,
    markup: InlineKeyboardMarkup | None = None,
) -> bool:
    """Replace a message's text and buttons; False when it could not be edited (gone, too
    old, the chat refuses the bot). Falls back to plain text once, like send_html."""

    def call(body: str, mode: str | None) -> Callable[[], Awaitable[object]]:
        return lambda: bot.edit_message_text(
            body, chat_id=chat_id, message_id=message_id, parse_mode=mode, reply_markup=markup
        )

    what = f"edit {chat_id}/{message_id}"
    try:
        try:
            return await deliver(call(text, ParseMode.HTML), retries, what) is not None
        except BadRequest as exc:
            if "not modified" in str(exc).lower():
                return True
            if "parse" not in str(exc).lower():
                raise
            logger.warning("%s: %s; sending as plain text", what, exc)
            return await deliver(call(plain_text(text), None), retries, what) is not None
    except BadRequest as exc:  # deleted, or too old to edit
        logger.info("%s: %s", what, exc)
    except Blocked as exc:
        logger.info("chat %s does not accept messages (%s)", chat_id, exc)
    return False
