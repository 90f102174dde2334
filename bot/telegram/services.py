"""What the handlers share, built once at start-up by `python -m bot serve` (or a test)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from langchain_core.embeddings import Embeddings
from langchain_core.language_models import BaseChatModel
from telegram import Update

from bot.answering import RecentAnswers
from bot.config import Settings
from bot.library import Library
from bot.messages import Messages
from bot.state import AsyncStore, StateStore

RETRIEVAL_WORKERS = 2  # questions searched at once (the embedding model serves one at a time)
MODEL_WORKERS = 8  # language-model calls waiting at once; more queue behind them


def _pool(workers: int, name: str) -> ThreadPoolExecutor:
    return ThreadPoolExecutor(workers, thread_name_prefix=name)


@dataclass
class Services:
    """Settings, texts, the embedding model, the served directives, the state store and the
    optional language model (None: extractive answers).

    A StateStore given is used through an AsyncStore, so that no handler waits for the
    database on the event loop. Retrieval and the language model run in separate worker pools,
    so that a slow model never holds up an extractive answer.
    """

    settings: Settings
    messages: Messages
    embedder: Embeddings
    library: Library
    store: AsyncStore  # a StateStore given is wrapped in one
    model: BaseChatModel | None = None
    recent: RecentAnswers = field(default_factory=RecentAnswers)  # repeated questions
    retrieval: ThreadPoolExecutor = field(
        default_factory=lambda: _pool(RETRIEVAL_WORKERS, "retrieval")
    )
    writing: ThreadPoolExecutor = field(default_factory=lambda: _pool(MODEL_WORKERS, "model"))
    clock: Callable[[], dt.datetime] = dt.datetime.now  # local time: what is due today

    def __post_init__(self) -> None:
        store: AsyncStore | StateStore = self.store
        if not isinstance(store, AsyncStore):
            self.store = AsyncStore.over(store)

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
