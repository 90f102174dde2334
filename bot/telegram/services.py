"""What the handlers share, built once at start-up by `python -m bot serve` (or a test)."""

from __future__ import annotations

from dataclasses import dataclass, field

from langchain_core.embeddings import Embeddings
from langchain_core.language_models import BaseChatModel
from telegram import Update

from bot.answering import RecentAnswers
from bot.config import Settings
from bot.library import Library
from bot.messages import Messages
from bot.state import Store


@dataclass
class Services:
    """Settings, texts, the embedding model, the served directives, the state store and the
    optional language model (None: extractive answers)."""

    settings: Settings
    messages: Messages
    embedder: Embeddings
    library: Library
    store: Store
    model: BaseChatModel | None = None
    recent: RecentAnswers = field(default_factory=RecentAnswers)  # repeated questions

    def is_admin(self, update: Update) -> bool:
        """Whether the update comes from a user listed in [telegram] admins."""
        user = update.effective_user
        return user is not None and user.id in self.settings.telegram.admins

    def allowed(self, update: Update) -> bool:
        """Whether the allow-list (if any) admits the update's chat or user."""
        telegram = self.settings.telegram
        if not telegram.allowed_chats and not telegram.allowed_users:
            return True
        chat, user = update.effective_chat, update.effective_user
        return (
            self.is_admin(update)
            or (chat is not None and chat.id in telegram.allowed_chats)
            or (user is not None and user.id in telegram.allowed_users)
        )
