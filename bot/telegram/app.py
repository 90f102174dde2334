"""Wiring: the python-telegram-bot Application with its handlers, command menu and the one
error handler; and `run`, which serves it by long polling or behind a webhook.

`run` is PTB's run_polling/run_webhook made strict in three ways: Telegram refusing the bot
for good (401/404: the token or the Bot API address is wrong; 403) ends it with an error
instead of leaving the process alive and deaf; no wait Telegram asks for (429 retry_after)
delays a SIGINT/SIGTERM shutdown by more than a few seconds; and a webhook needs its secret.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import signal
from collections.abc import Awaitable, Iterable
from datetime import timedelta
from typing import Any
from urllib.parse import urlparse

from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeDefault, Update
from telegram.error import Conflict, Forbidden, InvalidToken, RetryAfter, TelegramError, TimedOut
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.config import Settings
from bot.errors import BotError, ConfigError
from bot.messages import shipped_text
from bot.telegram.admin import AdminHandlers
from bot.telegram.following import Following
from bot.telegram.handlers import UserHandlers
from bot.telegram.originals import Originals
from bot.telegram.sending import Blocked, retry_seconds, send_html
from bot.telegram.services import Services

logger = logging.getLogger(__name__)

_USER_COMMANDS = (
    "hoi",
    "nhiemvu",
    "hanchot",
    "theodoi",
    "huytheodoi",
    "caidat",
    "vanban",
    "tinh",
    "help",
)
_ADMIN_COMMANDS = ("reload", "thongke")


_POOL = 16  # connections to the Bot API; httpx scans them all on every request
_POLL = timedelta(seconds=10)  # one long poll of getUpdates (as run_polling)
_LONGEST_PAUSE = 30.0  # seconds between failed polls at most (network errors, 5xx, 409)
_SLACK = 0.5  # seconds added to Telegram's retry_after (as PTB does)
_GRACE = 5.0  # seconds a shutdown step may take; answers still running then are cancelled
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")  # what Telegram accepts as a webhook secret


def build_application(settings: Settings, services: Services, token: str) -> Application:
    """The bot, ready for `run` (or a test's own start/stop), talking to settings' Bot API."""
    telegram = settings.telegram
    timeout = telegram.request_timeout
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(telegram.base_url)
        .base_file_url(telegram.base_file_url)
        .connect_timeout(timeout)
        .read_timeout(timeout)
        .write_timeout(timeout)
        .pool_timeout(timeout)
        .concurrent_updates(True)  # a rebuild or a slow answer must not hold up the others
        .connection_pool_size(_POOL)
        .post_init(lambda app: _started(app, services))
        .post_shutdown(lambda app: _close(services))
        .build()
    )
    application.bot_data["services"] = services
    add_handlers(application, services)
    # httpx logs every request line at INFO, and the URL holds the token; the openai client's
    # httpx2 would log one line per question to the language model.
    for name in ("httpx", "httpx2"):
        logging.getLogger(name).setLevel(logging.WARNING)
    return application


def add_handlers(application: Application, services: Services) -> None:
    """Register every handler; the allow-list gate runs first."""
    user, admin = UserHandlers(services), AdminHandlers(services)
    following = Following(services, user.answers)
    profiles, originals = user.profiles, Originals(services)
    private = filters.ChatType.PRIVATE

    async def private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An administrator's awaited value (a correction), the agency /caidat asked for,
        else a question ("nhiệm vụ của tôi" too)."""
        if await admin.value(update, context):
            return
        if profiles.awaiting(update):
            await profiles.typed(update, context)
        else:
            await user.private_text(update, context)

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The greeting; the first time in a private chat, the profile's questions."""
        await user.start(update, context)
        await profiles.first_time(update, context)

    async def nhiemvu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/nhiemvu <cơ quan>; without one, the user's own agency's duties."""
        if context.args:
            await user.nhiemvu(update, context)
        else:
            await profiles.my_duties(update, context)

    groups = filters.ChatType.GROUPS
    application.add_handler(TypeHandler(Update, user.gate), group=-1)
    application.add_handlers(
        [
            CommandHandler("start", start),
            CommandHandler("help", user.help),
            CommandHandler("hoi", user.hoi),
            CommandHandler("nhiemvu", nhiemvu),
            CommandHandler("caidat", profiles.caidat),
            CommandHandler("vanban", user.listing.vanban),
            CommandHandler("tinh", user.places.tinh),
            CommandHandler("hanchot", following.hanchot),
            CommandHandler("theodoi", following.theodoi),
            CommandHandler("huytheodoi", following.huytheodoi),
            CommandHandler("reload", admin.reload),
            CommandHandler("thongke", admin.thongke),
            MessageHandler(private & filters.Document.ALL, admin.upload),
            MessageHandler(private & filters.PHOTO, admin.photo),
            MessageHandler(private & filters.TEXT & ~filters.COMMAND, private_text),
            MessageHandler(groups & filters.TEXT & ~filters.COMMAND, user.group_text),
            CallbackQueryHandler(admin.button, pattern=r"^a:"),
            CallbackQueryHandler(profiles.button, pattern=r"^pf:"),
            CallbackQueryHandler(originals.button, pattern=r"^f:"),
            CallbackQueryHandler(user.button),
            InlineQueryHandler(user.inline),
        ]
    )
    application.add_error_handler(on_error)
    following.start(application)  # the notice job (/theodoi)


async def set_commands(application: Application, services: Services) -> None:
    """The command menu: everyone's commands, plus the admin ones in admins' private chats."""
    messages = services.messages
    everyone = [BotCommand(c, messages.get(f"command_{c}")) for c in _USER_COMMANDS]
    admins = everyone + [BotCommand(c, messages.get(f"command_{c}")) for c in _ADMIN_COMMANDS]
    bot = application.bot
    try:
        await bot.set_my_commands(everyone, scope=BotCommandScopeDefault())
    except TelegramError as exc:
        logger.warning("command menu not set: %s", exc)
    for admin_id in services.settings.telegram.admins:
        try:
            await bot.set_my_commands(admins, scope=BotCommandScopeChat(admin_id))
        except TelegramError as exc:  # the admin has not opened a chat with the bot yet
            logger.info("admin menu not set for %s: %s", admin_id, exc)


async def _started(application: Application, services: Services) -> None:
    """Once connected: the command menus, what became of uploads a restart interrupted, and
    an alert if the disk is nearly full."""
    await set_commands(application, services)
    admin = AdminHandlers(services)
    await admin.report_recovered(application.bot)
    await admin.check_disk(application.bot)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the traceback, then tell the user briefly that something went wrong."""
    logger.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    services: Services = context.application.bot_data["services"]
    text = services.messages.html("error")
    try:
        await send_html(context.bot, update.effective_chat.id, text, retries=1)
    except (Blocked, TelegramError) as exc:
        logger.info("apology not sent: %s", exc)


def check_serving(settings: Settings) -> None:
    """Refuse, before anything is loaded, a mode that cannot be served safely."""
    telegram = settings.telegram
    if telegram.mode != "webhook":
        return
    if not telegram.webhook_url:
        raise ConfigError(shipped_text("webhook_url"))
    if not telegram.webhook_secret:
        raise ConfigError(shipped_text("webhook_secret"))
    if not _SECRET.fullmatch(telegram.webhook_secret):
        raise ConfigError(shipped_text("webhook_secret_chars"))


def run(application: Application, settings: Settings) -> None:
    """Serve until SIGINT/SIGTERM; BotError when Telegram refuses the bot (at start or later).

    Like run_polling/run_webhook, it calls the application's post_init once connected and its
    post_shutdown at the end, whatever happened."""
    check_serving(settings)
    asyncio.run(_serve(application, settings))


async def _serve(application: Application, settings: Settings) -> None:
    stop = _stop_on_signals()
    try:
        async with application:  # getMe: a rejected token or a wrong Bot API address ends here
            if application.post_init:
                await application.post_init(application)
            await _serve_until_stopped(application, settings, stop)
    except TelegramError as exc:
        raise BotError(refusal(exc)) from None
    finally:
        if application.post_shutdown:
            await application.post_shutdown(application)


async def _serve_until_stopped(
    application: Application, settings: Settings, stop: asyncio.Event
) -> None:
    """Updates in, answers out, until a signal or a refusal from Telegram; then stop."""
    poller = None
    source: asyncio.Task[object]  # ends with the updates: the poller, or the stop signal
    if settings.telegram.mode == "polling":
        await application.bot.delete_webhook()  # as PTB does before polling
        poller = _Poller(application, stop)
        source = asyncio.create_task(poller.run())
    else:
        assert application.updater is not None, "build_application gives it an updater"
        await application.updater.start_webhook(**_webhook_options(settings))
        source = asyncio.create_task(stop.wait())
    await application.start()
    failure = None
    try:
        failure = await _first_of(source, stop)
    finally:  # nothing to acknowledge to a Telegram that refused the bot
        await _stop(application, None if failure else poller)
    if failure:
        raise failure


def _webhook_options(settings: Settings) -> dict[str, Any]:
    telegram = settings.telegram
    return {
        "listen": telegram.webhook_listen,
        "port": telegram.webhook_port,
        "url_path": urlparse(telegram.webhook_url).path.lstrip("/"),
        "webhook_url": telegram.webhook_url,
        "secret_token": telegram.webhook_secret,
        "allowed_updates": Update.ALL_TYPES,
    }


def _stop_on_signals() -> asyncio.Event:
    """An event SIGINT and SIGTERM set (the loop removes the handlers when it closes)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    return stop


async def _first_of(source: asyncio.Task[object], stop: asyncio.Event) -> BaseException | None:
    """Wait for the stop signal or for the source of updates to end; its error, if any."""
    waiter = asyncio.create_task(stop.wait())
    await asyncio.wait({source, waiter}, return_when=asyncio.FIRST_COMPLETED)
    failure = source.exception() if source.done() and not source.cancelled() else None
    for task in (source, waiter):
        task.cancel()
    await asyncio.gather(source, waiter, return_exceptions=True)
    if stop.is_set():
        logger.info("stop signal received; stopping")
    return failure


async def _stop(application: Application, poller: _Poller | None) -> None:
    """Stop within seconds whatever Telegram asked us to wait: the webhook server, then the
    poll's last acknowledgement, then the answers under way (cancelled after _GRACE)."""
    if application.updater and application.updater.running:
        await _bounded(application.updater.stop(), "the webhook server")
    if poller:
        await _bounded(poller.acknowledge(), "acknowledging the last updates")
    if application.running:
        await _bounded(application.stop(), "answers under way")


async def _bounded(step: Awaitable[object], what: str) -> None:
    """Await one shutdown step for _GRACE seconds at most, then cancel it."""
    try:
        await asyncio.wait_for(step, _GRACE)
    except TimeoutError:
        logger.warning("shutdown: %s cancelled after %.0f s", what, _GRACE)
    except TelegramError as exc:
        logger.warning("shutdown: %s failed: %s", what, exc)


class _Poller:
    """Long polling of getUpdates into the application's queue: PTB's Updater loop, except that
    a refusal ends it (BotError) and every pause gives way at once to the stop event."""

    def __init__(self, application: Application, stop: asyncio.Event) -> None:
        self._application = application
        self._stop = stop
        self._offset: int | None = None

    async def run(self) -> None:
        """Poll until stopped; raise BotError when Telegram refuses the bot for good."""
        pause = 0.0
        while not self._stop.is_set():
            try:
                await self._poll(_POLL)
                pause = 0.0
            except TelegramError as exc:
                pause = pause_after(exc, pause)
            except Exception:  # an answer PTB could not read: logged, polled again later
                logger.exception("getUpdates answer not understood")
                pause = _longer(pause)
            if pause:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stop.wait(), pause)

    async def acknowledge(self) -> None:
        """Tell Telegram the updates fetched so far are taken (a restart won't see them again)."""
        if self._offset is not None:
            await self._poll(timedelta(0), queue=False)

    async def _poll(self, timeout: timedelta, queue: bool = True) -> None:
        application = self._application
        updates = await application.bot.get_updates(
            offset=self._offset, timeout=timeout, allowed_updates=Update.ALL_TYPES
        )
        for update in updates if queue else ():
            application.update_queue.put_nowait(update)
            self._offset = update.update_id + 1


def pause_after(exc: TelegramError, previous: float) -> float:
    """Seconds to wait before polling again after exc (previous: the last pause); BotError
    when polling cannot recover (the token or the Bot API address is refused)."""
    if isinstance(exc, InvalidToken | Forbidden):
        raise BotError(refusal(exc)) from None
    if isinstance(exc, RetryAfter):
        pause = retry_seconds(exc) + _SLACK
        logger.warning("getUpdates: flood control, polling again in %.0f s", pause)
        return pause
    if isinstance(exc, TimedOut):
        return 0.0  # as PTB: a poll that timed out is repeated at once
    pause = _longer(previous)
    if isinstance(exc, Conflict):  # a deployment overlapping the old one, or a webhook set
        logger.warning(
            "getUpdates: %s (another process polls with this token, or a webhook is set); "
            "polling again in %.0f s",
            exc,
            pause,
        )
    else:
        logger.warning("getUpdates failed: %s; polling again in %.0f s", exc, pause)
    return pause


def _longer(previous: float) -> float:
    return min(_LONGEST_PAUSE, max(1.0, previous * 1.5))


def refusal(exc: TelegramError) -> str:
    """The Vietnamese sentence for a Telegram error that stops the bot; what the server said
    is in it, so the caller must redact it (PTB puts the token in a rejected getMe's text)."""
    cause = exc.__cause__
    said = cause.message if isinstance(cause, TelegramError) else exc.message
    if isinstance(exc, InvalidToken):
        return shipped_text("telegram_token_refused", said=said)
    if isinstance(exc, Forbidden):
        return shipped_text("telegram_forbidden", said=said)
    return shipped_text("telegram_failed", error=type(exc).__name__, said=said)


def redact(text: str, secrets: Iterable[str]) -> str:
    """text on one line, without any of the secrets."""
    return " ".join(_without(text, secrets).split())


def _without(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        if secret:  # an empty one is no secret (and would be found everywhere)
            text = text.replace(secret, shipped_text("secret_hidden"))
    return text


class RedactSecrets(logging.Filter):
    """Replaces the secrets (bot token, webhook secret, API key) in any log record, whoever
    logs it."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = [secret for secret in secrets if secret]

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message and traceback without the secrets."""
        message = record.getMessage()
        if any(secret in message for secret in self._secrets):
            record.msg, record.args = _without(message, self._secrets), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = _without(record.exc_text, self._secrets)
        return True


async def _close(services: Services) -> None:
    await services.store.aclose()  # waits for the queued log rows, off the event loop
    services.retrieval.shutdown(wait=False, cancel_futures=True)
    services.writing.shutdown(wait=False, cancel_futures=True)  # a hung model call is let go
