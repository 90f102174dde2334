"""One entry point to the engine: a question and its context in, an `Answer` out.

The command line (`python -m bot ask`, `eval`), the Telegram handlers and the benchmarks all
ask an `Assistant`, so that they answer alike. It holds what an answer needs: the settings,
the texts, the embedding model with the vectors of recent questions, the served index (a
library's current version, read once per answer), the optional language model, the recent
answers and the question log.

`answer` runs in the caller's thread; `ask` (the bot's) runs retrieval and the language model
in their own worker pools, so that neither blocks the event loop and a slow model never holds
up an extractive answer, and logs the question.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Protocol, TypeVar

from langchain_core.embeddings import Embeddings
from langchain_core.language_models import BaseChatModel

from bot.answering import Draft, RecentAnswers, retrieve, rewrite
from bot.config import Settings
from bot.conversation import Conversations
from bot.embeddings import CachedQueries
from bot.indexing import Index
from bot.messages import Messages
from bot.metadata import find_province, place_name
from bot.types import Answer, Intro, Section

T = TypeVar("T")
RECENT_ANSWERS = 1024  # answers kept for repeated questions
RECENT_VECTORS = 4096  # question vectors kept


@dataclass(frozen=True)
class Context:
    """Who asks, and where: what an answer depends on besides the question."""

    province: str | None = None  # the chat's province (a question naming one overrides it)
    chat_id: int | None = None  # the Telegram chat; None: the question is not logged
    user_id: int | None = None
    # Who set the province, for the line the answer opens with (prompts filter_*): "chat"
    # (/tinh in this private chat), "group" (the group's /tinh), "profile" (/caidat),
    # "follow" (/theodoi); None: no such line.
    province_from: str | None = None


@dataclass(frozen=True)
class Answered:
    """An answer given in a chat, and its id in the question log (None: not logged)."""

    answer: Answer
    question_id: int | None = None


class Served(Protocol):
    """What serves the current index version: bot.library.Library, or a fixed index."""

    @property
    def index(self) -> Index:
        """The version to answer from."""
        ...


class QuestionLog(Protocol):
    """Where questions asked in a chat are logged (bot.state.AsyncStore)."""

    def log_question(
        self,
        chat_id: int,
        user_id: int | None,
        question: str,
        found: bool,
        index_version: str,
        cited: Iterable[Section],
    ) -> int:
        """Log a question and the sections its answer cited; returns its id."""
        ...


@dataclass(frozen=True)
class Fixed:
    """One index version, served for good (the command line, benchmarks, tests)."""

    index: Index


@dataclass(frozen=True)
class Pools:
    """Where `ask` runs retrieval and the language model (None: the loop's default)."""

    retrieval: Executor | None = None
    writing: Executor | None = None


class Assistant:
    """Answers questions from the served index, alike for every front end."""

    def __init__(
        self,
        settings: Settings,
        messages: Messages,
        embedder: Embeddings,
        served: Served | Index,
        model: BaseChatModel | None = None,
        log: QuestionLog | None = None,
        pools: Pools = Pools(),
        answers: int = RECENT_ANSWERS,
        vectors: int = RECENT_VECTORS,
    ) -> None:
        self.settings = settings
        self.messages = messages
        self.model = model  # None: extractive answers
        self.embedder = _with_recent_vectors(embedder, vectors)
        self._served = Fixed(served) if isinstance(served, Index) else served
        self._log = log
        self._pools = pools
        self._recent = RecentAnswers(answers) if answers and model is None else None
        self._conversations = Conversations()

    @property
    def index(self) -> Index:
        """The index version answers come from now."""
        return self._served.index

    def answer(self, question: str, context: Context = Context()) -> Answer:
        """The answer, computed in this thread (or recalled); not logged."""
        index = self.index  # this answer uses this version throughout
        result = self._recalled(index, question, context)
        if result is None:
            draft = self._retrieve(question, index, context)
            result = draft.extractive
            if self.model is not None and draft.found:
                result = rewrite(draft, self.model, self.settings, self.messages)
            self._keep(index, question, context, result)
        return result

    async def ask(self, question: str, context: Context = Context()) -> Answered:
        """The answer, computed in the worker pools (or recalled), logged when asked in a
        chat; a follow-up in a chat is asked as its previous question completes it, and a
        question not found alone is tried within the directive the previous one named."""
        index = self.index
        pool = self._pools.retrieval
        chat = context.chat_id
        understood = await _run_in(pool, self._conversations.understood, chat, question, index)
        asked = understood or question
        result = self._recalled(index, asked, context)
        if result is None:
            draft = await _run_in(pool, self._retrieve, asked, index, context)
            result = draft.extractive
            if self.model is not None and draft.found:
                args = (draft, self.model, self.settings, self.messages)
                result = await _run_in(self._pools.writing, rewrite, *args)
            self._keep(index, asked, context, result)
        if not result.found and not understood:  # alone, not found: within the last directive?
            within = await _run_in(
                pool, self._conversations.within_previous, chat, question, index
            )
            if within is not None:
                retried = await _run_in(pool, self._retrieve, within, index, context)
                if retried.found:
                    understood, asked, result = within, within, retried.extractive
        result = self._noted(result, question, asked, understood, context)
        await _run_in(pool, self._conversations.remember, chat, asked, result, index)
        return Answered(result, self._logged(index, question, context, result))

    def _noted(
        self, answer: Answer, question: str, asked: str, understood: str | None, context: Context
    ) -> Answer:
        """The answer opening with the province filter it kept to (unless the question named
        a province) and, for a follow-up, how it was understood."""
        notes = []
        if context.province and context.province_from and not find_province(asked):
            notes.append(filter_note(self.messages, context.province, context.province_from))
        if understood:
            notes.append(Intro(self.messages.get("understood", question=understood)))
        if not notes:
            return answer
        return dataclasses.replace(answer, question=question, blocks=(*notes, *answer.blocks))

    def _retrieve(self, question: str, index: Index, context: Context) -> Draft:
        args = (self.embedder, self.settings, self.messages, context.province)
        return retrieve(question, index, *args)

    def _recalled(self, index: Index, question: str, context: Context) -> Answer | None:
        if self._recent is None:
            return None
        return self._recent.get(index, question, context.province)

    def _keep(self, index: Index, question: str, context: Context, answer: Answer) -> None:
        if self._recent is not None:  # prose answers are not kept: the model is asked again
            self._recent.put(index, question, context.province, answer)

    def _logged(self, index: Index, question: str, context: Context, answer: Answer) -> int | None:
        if self._log is None or context.chat_id is None:
            return None
        cited = [c.section for c in answer.citations]
        return self._log.log_question(
            context.chat_id, context.user_id, question, answer.found, index.version, cited
        )


def filter_note(messages: Messages, province: str, province_from: str) -> Intro:
    """The line an answer opens with when a province the question did not name restricted
    it: which one, who set it and how to change it."""
    return Intro(messages.get(f"filter_{province_from}", place=place_name(province)))


def _with_recent_vectors(embedder: Embeddings, size: int) -> Embeddings:
    """The embedder behind a cache of recent question vectors (one cache, not two)."""
    inner = embedder.inner if isinstance(embedder, CachedQueries) else embedder
    return CachedQueries(inner, size) if size else inner


async def _run_in(pool: Executor | None, work: Callable[..., T], *args: object) -> T:
    """work(*args) in a worker pool, awaited without blocking the event loop."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(pool, functools.partial(work, *args))
