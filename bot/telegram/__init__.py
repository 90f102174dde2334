"""The Telegram bot: application, handlers, administration and sending (python-telegram-bot)."""
