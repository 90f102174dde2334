"""Wiring: the python-telegram-bot Application with its handlers, command menu and the one
error handler; and `run`, which serves it by long polling or behind a webhook."""

from __future__ import annotations

import logging
from urllib.parse import urlparse

from telegram import BotCommand, BotCommandScopeChat, BotCommandScopeDefault, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.config import Settings
from bot.errors import ConfigError
from bot.telegram.admin import AdminHandlers
from bot.telegram.handlers import UserHandlers
from bot.telegram.sending import Blocked, send_html
from bot.telegram.services import Services

logger = logging.getLogger(__name__)

_USER_COMMANDS = ("hoi", "nhiemvu", "vanban", "tinh", "help")
_ADMIN_COMMANDS = ("reload", "thongke")


_POOL = 16  # connections to the Bot API; httpx scans them all on every request


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
    private = filters.ChatType.PRIVATE
    groups = filters.ChatType.GROUPS
    application.add_handler(TypeHandler(Update, user.gate), group=-1)
    application.add_handlers(
        [
            CommandHandler("start", user.start),
            CommandHandler("help", user.help),
            CommandHandler("hoi", user.hoi),
            CommandHandler("nhiemvu", user.nhiemvu),
            CommandHandler("vanban", user.vanban),
            CommandHandler("tinh", user.tinh),
            CommandHandler("reload", admin.reload),
            CommandHandler("thongke", admin.thongke),
            MessageHandler(private & filters.Document.ALL, admin.upload),
            MessageHandler(private & filters.TEXT & ~filters.COMMAND, user.private_text),
            MessageHandler(groups & filters.TEXT & ~filters.COMMAND, user.group_text),
            CallbackQueryHandler(user.button),
        ]
    )
    application.add_error_handler(on_error)


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
    """Once connected: the command menus, then what became of uploads a restart interrupted."""
    await set_commands(application, services)
    await AdminHandlers(services).report_recovered(application.bot)


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


def run(application: Application, settings: Settings) -> None:
    """Serve until interrupted: long polling, or a webhook for deployments."""
    telegram = settings.telegram
    if telegram.mode == "polling":
        application.run_polling(allowed_updates=Update.ALL_TYPES)
        return
    if not telegram.webhook_url:
        raise ConfigError("Chế độ webhook cần [telegram] webhook_url hoặc TELEGRAM_WEBHOOK_URL.")
    application.run_webhook(
        listen=telegram.webhook_listen,
        port=telegram.webhook_port,
        url_path=urlparse(telegram.webhook_url).path.lstrip("/"),
        webhook_url=telegram.webhook_url,
        secret_token=telegram.webhook_secret or None,
        allowed_updates=Update.ALL_TYPES,
    )


class RedactToken(logging.Filter):
    """Replaces the bot token in any log record, whoever logs it."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self._token = token

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message without the token."""
        message = record.getMessage()
        if self._token in message:
            record.msg, record.args = message.replace(self._token, "<token>"), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = record.exc_text.replace(self._token, "<token>")
        return True


async def _close(services: Services) -> None:
    services.store.close()
