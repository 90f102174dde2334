"""`AsyncStore`: the state store for the event loop. Every call to the `StateStore` runs, in
order, in one dedicated thread that owns the store's connection; the loop only awaits.

Another process holding the write lock, or a full disk, costs the question log a row (logged),
never an answer: the log is written after the answer is sent, question ids are given out in
memory, and the citations of recent answers are kept in memory too, so their buttons work even
when the row is missing. Chat settings are read once into memory and written through. A
citation or a vote names its question, and is honoured only in the chat that asked it.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from bot.state.base import (
    AuditEntry,
    LoggedQuestion,
    Profile,
    StateStore,
    Stats,
    Subscription,
    Unavailable,
)
from bot.state.sqlite import SqliteStore
from bot.types import Section

logger = logging.getLogger(__name__)

T = TypeVar("T")

_BUSY_TIMEOUT = 0.5  # seconds a call waits for another process's lock before it fails
_REMEMBERED = 10_000  # answers whose citations are kept in memory
_MAX_PENDING = 1_000  # queued log writes; beyond it (database stuck) a row is dropped, logged
_LOAD_WAIT = 1.0  # seconds a question waits for the chat settings at start-up


@dataclass(frozen=True)
class _Logged:
    """An answer given, as its buttons need it."""

    chat_id: int
    cited: tuple[Section, ...]


class AsyncStore:
    """A `StateStore` for the event loop. `opener` opens the store; it is called in the worker
    thread (a Path opens SQLite there with a short busy timeout), again after a failure."""

    def __init__(self, opener: Callable[[], StateStore] | Path) -> None:
        if isinstance(opener, Path):
            opener = sqlite_opener(opener)
        self._opener = opener
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="state")
        self._store: StateStore | None = None  # opened in the worker thread
        self._wrapped: StateStore | None = None
        self._lock = threading.Lock()  # guards the in-memory parts below
        self._provinces: dict[int, str | None] = {}
        self._answers: OrderedDict[int, _Logged] = OrderedDict()
        self._last_id = 0
        self._pending = 0
        self._loaded: Future[None] = self._pool.submit(self._load)

    @classmethod
    def over(cls, store: StateStore) -> AsyncStore:
        """An AsyncStore for a store opened elsewhere, closed with it. SQLite gets its own
        connection to the same file, with the short busy timeout; another store is driven as it
        is, from the worker thread only."""
        if not isinstance(store, SqliteStore):
            return cls(lambda: store)
        state = cls(store.path)
        state._wrapped = store
        return state

    def close(self) -> None:
        """Finish the queued writes and close the store (blocking: call it off the loop)."""
        self._pool.submit(self._close_worker)
        self._pool.shutdown(wait=True)
        if self._wrapped is not None:
            self._wrapped.close()

    async def aclose(self) -> None:
        """`close`, awaited from the event loop."""
        await asyncio.to_thread(self.close)

    # Chat settings ------------------------------------------------------------------------

    async def province(self, chat_id: int) -> str | None:
        """The province a chat restricted its answers to: from memory once loaded (a question
        at start-up waits at most `_LOAD_WAIT` for the load, then goes unrestricted)."""
        loaded = self._loaded
        if loaded.done() and (loaded.cancelled() or loaded.exception() is not None):
            self._loaded = self._pool.submit(self._load)  # the database failed at start-up
        if not self._loaded.done():
            try:  # shielded: a timeout here must not cancel the load for everyone after
                await asyncio.wait_for(
                    asyncio.shield(asyncio.wrap_future(self._loaded)), _LOAD_WAIT
                )
            except (TimeoutError, Unavailable) as exc:
                logger.warning("chat settings not loaded (%r); chat %s unrestricted", exc, chat_id)
        with self._lock:
            return self._provinces.get(chat_id)

    def set_province(self, chat_id: int, province: str | None) -> None:
        """Set (None: lift) a chat's province: at once in memory, then stored behind."""
        with self._lock:
            self._provinces[chat_id] = province
        self._write("chat setting", lambda store: store.set_province(chat_id, province))

    # Profiles -------------------------------------------------------------------------------

    async def profile(self, user_id: int) -> Profile | None:
        """A user's profile, if they set one (read in the worker thread)."""
        return await self._call(lambda store: store.profile(user_id))

    async def set_profile(self, profile: Profile) -> None:
        """Store a user's profile (in the worker thread; awaited, so a next question sees
        it)."""
        await self._call(lambda store: store.set_profile(profile))

    # Subscriptions and the notices sent ------------------------------------------------------

    async def subscribe(self, subscription: Subscription) -> None:
        """Store a user's subscription (in the worker thread)."""
        await self._call(lambda store: store.subscribe(subscription))

    async def unsubscribe(self, user_id: int, agency: str | None = None) -> int:
        """Drop a user's subscription(s); how many (in the worker thread)."""
        return await self._call(lambda store: store.unsubscribe(user_id, agency))

    async def subscriptions(self, agency: str | None = None) -> list[Subscription]:
        """Every subscription, or those to the agency (in the worker thread)."""
        return await self._call(lambda store: store.subscriptions(agency))

    async def claim_notice(self, key: str) -> bool:
        """Record a notice as sent; False when it already was (in the worker thread)."""
        return await self._call(lambda store: store.claim_notice(key))

    async def release_notice(self, key: str) -> None:
        """Forget a claimed notice that could not be delivered (in the worker thread)."""
        await self._call(lambda store: store.release_notice(key))

    # Question log ---------------------------------------------------------------------------

    def log_question(
        self,
        chat_id: int,
        user_id: int | None,
        question: str,
        found: bool,
        index_version: str,
        cited: Iterable[Section],
    ) -> int:
        """Log a question and the sections its answer showed; returns its id at once. The row
        is written behind; its buttons work from memory meanwhile, or if it cannot be."""
        cited = tuple(cited)
        with self._lock:
            self._last_id = question_id = max(self._last_id + 1, time.time_ns() // 1_000_000)
            self._answers[question_id] = _Logged(chat_id, cited)
            if len(self._answers) > _REMEMBERED:
                self._answers.popitem(last=False)
        self._write(
            f"question {question_id}",
            lambda store: store.log_question(
                chat_id, user_id, question, found, index_version, cited, question_id
            ),
        )
        return question_id

    async def cited_section(self, question_id: int, n: int, chat_id: int) -> Section | None:
        """Citation n of an answer given in this chat; None for another chat's answer, or one
        neither remembered nor stored."""
        with self._lock:
            logged = self._answers.get(question_id)
        if logged is not None:
            ok = logged.chat_id == chat_id and 1 <= n <= len(logged.cited)
            return logged.cited[n - 1] if ok else None
        return await self._call(lambda store: store.cited_section(question_id, n, chat_id))

    async def vote(self, question_id: int, user_id: int, vote: int, chat_id: int) -> bool:
        """Store a vote on an answer given in this chat. False: no such answer in this chat;
        Unavailable: it could not be stored now."""
        with self._lock:
            logged = self._answers.get(question_id)
        if logged is not None and logged.chat_id != chat_id:
            return False
        stored = await self._call(lambda store: store.vote(question_id, user_id, vote, chat_id))
        if not stored and logged is not None:  # given in this chat, but its row was lost
            raise Unavailable(f"question {question_id} was not stored")
        return stored

    async def reason(self, question_id: int, user_id: int, reason: str, chat_id: int) -> bool:
        """Store why a 👎 was given (see `StateStore.reason`)."""
        return await self._call(lambda store: store.reason(question_id, user_id, reason, chat_id))

    async def index_versions(self) -> list[str]:
        """The index version of each logged question, oldest first."""
        return await self._call(lambda store: store.index_versions())

    async def questions(self) -> list[LoggedQuestion]:
        """The whole question log, oldest first."""
        return await self._call(lambda store: store.questions())

    async def stats(self, days: int = 14, unanswered: int = 10) -> Stats:
        """What /thongke shows."""
        return await self._call(lambda store: store.stats(days, unanswered))

    # Administration -------------------------------------------------------------------------

    async def audit(
        self,
        user_id: int | None,
        username: str | None,
        chat_id: int | None,
        action: str,
        target: str | None,
        result: str,
    ) -> None:
        """Append to the audit log; a failure is logged (with the entry), not raised."""
        try:
            await self._call(
                lambda store: store.audit(user_id, username, chat_id, action, target, result)
            )
        except Unavailable as exc:
            entry = f"{action} {target} by {user_id}: {result}"
            logger.error("audit entry not stored (%s): %s", exc, entry)

    async def audit_log(self, limit: int = 100) -> list[AuditEntry]:
        """The latest audit entries, newest first."""
        return await self._call(lambda store: store.audit_log(limit))

    # The worker thread ------------------------------------------------------------------------

    async def _call(self, work: Callable[[StateStore], T]) -> T:
        """Run work in the worker thread and wait for it there; Unavailable on a store error."""
        return await asyncio.wrap_future(self._pool.submit(self._run, work))

    def _write(self, what: str, work: Callable[[StateStore], Any]) -> None:
        """Queue a write without waiting for it; a failure is logged."""
        with self._lock:
            if self._pending >= _MAX_PENDING:
                logger.error("state database stuck: %s not stored", what)
                return
            self._pending += 1

        def done(future: Future) -> None:
            with self._lock:
                self._pending -= 1
            if future.exception() is not None:
                logger.error("%s not stored: %s", what, future.exception())

        self._pool.submit(self._run, work).add_done_callback(done)

    def _run(self, work: Callable[[StateStore], T]) -> T:
        if self._store is None:
            self._store = self._opener()
        return work(self._store)

    def _load(self) -> None:
        provinces, last = self._run(lambda store: (store.provinces(), store.last_question_id()))
        with self._lock:
            self._provinces = {**provinces, **self._provinces}  # a write may have come first
            self._last_id = max(self._last_id, last)

    def _close_worker(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def sqlite_opener(path: Path, busy_timeout: float = _BUSY_TIMEOUT) -> Callable[[], StateStore]:
    """Opens the SQLite store at path (in whichever thread calls it)."""
    return lambda: SqliteStore(path, busy_timeout)
