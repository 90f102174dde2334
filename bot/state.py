"""What the bot remembers between messages, in SQLite: chat settings, the question log with
the citations each answer showed, 👍/👎 feedback (a 👎 with the reason chosen), and the audit
log of administrative actions.

Everything goes through `Store`, so that a deployment with several replicas can put another
database behind the same methods. Times are stored in UTC; days are counted in Vietnam time.

The bot reaches it through `AsyncStore`, which never blocks the event loop: every call runs in
one dedicated thread with its own connection and a short busy timeout. Another process holding
the write lock, or a full disk, costs the question log a row (logged), never an answer: the log
is written after the answer is sent, question ids are given out in memory, and the citations
of recent answers are kept in memory too, so their buttons work even when the row is missing.
A citation or a vote names its question, and is honoured only in the chat that asked it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from bot.types import Directive, Section

logger = logging.getLogger(__name__)

T = TypeVar("T")

_LOCAL_DAY = "date(at, '+7 hours')"  # Asia/Ho_Chi_Minh has no daylight saving time

_SCHEMA = """
CREATE TABLE IF NOT EXISTS chat_settings (
    chat_id INTEGER PRIMARY KEY,
    province TEXT
);
CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    chat_id INTEGER NOT NULL,
    user_id INTEGER,
    question TEXT NOT NULL,
    found INTEGER NOT NULL,
    index_version TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS citations (
    question_id INTEGER NOT NULL REFERENCES questions(id),
    n INTEGER NOT NULL,
    section TEXT NOT NULL,
    PRIMARY KEY (question_id, n)
);
CREATE TABLE IF NOT EXISTS feedback (
    question_id INTEGER NOT NULL REFERENCES questions(id),
    user_id INTEGER NOT NULL,
    vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    at TEXT NOT NULL,
    PRIMARY KEY (question_id, user_id)
);
CREATE TABLE IF NOT EXISTS feedback_reasons (
    question_id INTEGER NOT NULL REFERENCES questions(id),
    user_id INTEGER NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (question_id, user_id)
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id INTEGER,
    username TEXT,
    chat_id INTEGER,
    action TEXT NOT NULL,
    target TEXT,
    result TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class AuditEntry:
    """One administrative action or attempt."""

    at: str
    user_id: int | None
    username: str | None
    chat_id: int | None
    action: str  # "upload", "replace", "retire", "restore", "correct", "reload", "stats", ...
    target: str | None  # the file name, for uploads and changes to a directive
    result: str  # "ok: ...", "refused: not an administrator", "failed: ..."


@dataclass(frozen=True)
class Stats:
    """What /thongke shows."""

    per_day: list[tuple[str, int, int]]  # (day, questions, not found), newest first
    unanswered: list[tuple[str, int]]  # (question, times asked), most asked first
    thumbs_up: int
    thumbs_down: int
    # The latest 👎: (question, reason or None), newest first.
    downvoted: list[tuple[str, str | None]] = field(default_factory=list)


@dataclass(frozen=True)
class LoggedQuestion:
    """One row of the question log, as /thongke csv exports it."""

    id: int
    at: str
    chat_id: int
    user_id: int | None
    question: str
    found: bool
    index_version: str
    vote: int | None  # the latest 👍 (1) / 👎 (-1) on it, if any
    reason: str | None  # the reason given with a 👎


class Store:
    """The bot's SQLite database, blocking. Use from one thread: the bot uses it through
    `AsyncStore`, whose worker thread owns one."""

    def __init__(self, path: Path, busy_timeout: float = 5.0) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, timeout=busy_timeout)
        self._db.execute("PRAGMA journal_mode=WAL")
        # WAL's recommended setting: commits do not wait for the disk (a power cut may lose the
        # last few log rows, never corrupt the file), so logging a question does not stall
        # the event loop on fsync.
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def province(self, chat_id: int) -> str | None:
        """The province a chat restricted its answers to, if any."""
        row = self._db.execute(
            "SELECT province FROM chat_settings WHERE chat_id = ?", (chat_id,)
        ).fetchone()
        return row[0] if row else None

    def provinces(self) -> dict[int, str]:
        """Every chat's province restriction (one row per chat that set one)."""
        rows = self._db.execute(
            "SELECT chat_id, province FROM chat_settings WHERE province IS NOT NULL"
        ).fetchall()
        return {int(chat_id): province for chat_id, province in rows}

    def last_question_id(self) -> int:
        """The highest question id logged so far (0 when none)."""
        return int(self._db.execute("SELECT COALESCE(MAX(id), 0) FROM questions").fetchone()[0])

    def set_province(self, chat_id: int, province: str | None) -> None:
        """Restrict a chat's answers to one province (None lifts the restriction)."""
        with self._db:
            self._db.execute(
                "INSERT INTO chat_settings (chat_id, province) VALUES (?, ?) "
                "ON CONFLICT (chat_id) DO UPDATE SET province = excluded.province",
                (chat_id, province),
            )

    def log_question(
        self,
        chat_id: int,
        user_id: int | None,
        question: str,
        found: bool,
        index_version: str,
        cited: Iterable[Section],
        question_id: int | None = None,
    ) -> int:
        """Record a question, whether it was answered, and the sections shown; returns its id
        (the one given, when the caller chose it)."""
        with self._db:
            cursor = self._db.execute(
                "INSERT INTO questions (id, at, chat_id, user_id, question, found, index_version) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (question_id, _now(), chat_id, user_id, question, int(found), index_version),
            )
            question_id = int(cursor.lastrowid or 0)
            self._db.executemany(
                "INSERT INTO citations (question_id, n, section) VALUES (?, ?, ?)",
                [(question_id, n, _dump(s)) for n, s in enumerate(cited, start=1)],
            )
        return question_id

    def cited_section(self, question_id: int, n: int, chat_id: int) -> Section | None:
        """Citation n of an answer given in this chat, exactly as it was shown (even after a
        reload); None for another chat's answer."""
        row = self._db.execute(
            "SELECT c.section FROM citations c JOIN questions q ON q.id = c.question_id "
            "WHERE c.question_id = ? AND c.n = ? AND q.chat_id = ?",
            (question_id, n, chat_id),
        ).fetchone()
        return _load(row[0]) if row else None

    def index_versions(self) -> list[str]:
        """The index version each logged question was answered from, oldest first."""
        rows = self._db.execute("SELECT index_version FROM questions ORDER BY id").fetchall()
        return [r[0] for r in rows]

    def vote(self, question_id: int, user_id: int, vote: int, chat_id: int) -> bool:
        """Store a 👍 (1) or 👎 (-1) on an answer given in this chat; a second vote replaces the
        first. False: no such answer in this chat."""
        exists = self._db.execute(
            "SELECT 1 FROM questions WHERE id = ? AND chat_id = ?", (question_id, chat_id)
        )
        if exists.fetchone() is None:
            return False
        with self._db:
            self._db.execute(
                "INSERT INTO feedback (question_id, user_id, vote, at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (question_id, user_id) DO UPDATE "
                "SET vote = excluded.vote, at = excluded.at",
                (question_id, user_id, vote, _now()),
            )
        return True

    def audit(
        self,
        user_id: int | None,
        username: str | None,
        chat_id: int | None,
        action: str,
        target: str | None,
        result: str,
    ) -> None:
        """Append one administrative action (or refused attempt) to the audit log."""
        with self._db:
            self._db.execute(
                "INSERT INTO audit (at, user_id, username, chat_id, action, target, result) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (_now(), user_id, username, chat_id, action, target, result),
            )

    def audit_log(self, limit: int = 100) -> list[AuditEntry]:
        """The latest audit entries, newest first."""
        rows = self._db.execute(
            "SELECT at, user_id, username, chat_id, action, target, result FROM audit "
            "ORDER BY id DESC LIMIT ?",
            (limit,),
        ).fetchall()
        return [AuditEntry(*row) for row in rows]

    def reason(self, question_id: int, user_id: int, reason: str, chat_id: int) -> bool:
        """Store why a user gave an answer in this chat a 👎. False: no such vote."""
        exists = self._db.execute(
            "SELECT 1 FROM feedback f JOIN questions q ON q.id = f.question_id "
            "WHERE f.question_id = ? AND f.user_id = ? AND f.vote = -1 AND q.chat_id = ?",
            (question_id, user_id, chat_id),
        )
        if exists.fetchone() is None:
            return False
        with self._db:
            self._db.execute(
                "INSERT INTO feedback_reasons (question_id, user_id, reason, at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (question_id, user_id) DO UPDATE "
                "SET reason = excluded.reason, at = excluded.at",
                (question_id, user_id, reason, _now()),
            )
        return True

    def questions(self) -> list[LoggedQuestion]:
        """The whole question log, oldest first, with the latest vote and reason on each."""
        rows = self._db.execute(
            "SELECT q.id, q.at, q.chat_id, q.user_id, q.question, q.found, q.index_version, "
            "(SELECT f.vote FROM feedback f WHERE f.question_id = q.id "
            " ORDER BY f.at DESC LIMIT 1), "
            "(SELECT r.reason FROM feedback_reasons r WHERE r.question_id = q.id "
            " ORDER BY r.at DESC LIMIT 1) "
            "FROM questions q ORDER BY q.id"
        ).fetchall()
        return [LoggedQuestion(*row[:5], bool(row[5]), *row[6:]) for row in rows]

    def stats(self, days: int = 14, unanswered: int = 10) -> Stats:
        """Questions per day, the most asked questions that found nothing (with the index
        version each was last asked against), feedback counts and the latest 👎."""
        per_day = self._db.execute(
            f"SELECT {_LOCAL_DAY} AS day, COUNT(*), SUM(1 - found) FROM questions "
            "GROUP BY day ORDER BY day DESC LIMIT ?",
            (days,),
        ).fetchall()
        missing = self._db.execute(
            "SELECT question, COUNT(*) AS times FROM questions WHERE found = 0 "
            "GROUP BY lower(question) ORDER BY times DESC, MAX(id) DESC LIMIT ?",
            (unanswered,),
        ).fetchall()
        up, down = self._db.execute(
            "SELECT COALESCE(SUM(vote = 1), 0), COALESCE(SUM(vote = -1), 0) FROM feedback"
        ).fetchone()
        downvoted = self._db.execute(
            "SELECT q.question, r.reason FROM feedback f JOIN questions q ON q.id = f.question_id "
            "LEFT JOIN feedback_reasons r "
            "ON r.question_id = f.question_id AND r.user_id = f.user_id "
            "WHERE f.vote = -1 ORDER BY f.at DESC, f.question_id DESC LIMIT ?",
            (unanswered,),
        ).fetchall()
        return Stats(
            [tuple(r) for r in per_day],
            [tuple(r) for r in missing],
            up,
            down,
            [tuple(r) for r in downvoted],
        )


_BUSY_TIMEOUT = 0.5  # seconds a call waits for another process's lock before it fails
_REMEMBERED = 10_000  # answers whose citations are kept in memory
_MAX_PENDING = 1_000  # queued log writes; beyond it (database stuck) a row is dropped, logged
_LOAD_WAIT = 1.0  # seconds a question waits for the chat settings at start-up


class Unavailable(Exception):
    """The database could not do what was asked now (locked, full, unreadable)."""


@dataclass(frozen=True)
class _Logged:
    """An answer given, as its buttons need it."""

    chat_id: int
    cited: tuple[Section, ...]


class AsyncStore:
    """`Store` for the event loop: each call runs, in order, in one dedicated thread that owns
    its own connection (busy timeout `busy_timeout`), and is awaited there, never on the loop.

    Chat settings are read once into memory and written through; the question log is written
    behind the answer (`log_question` returns the id at once); citations of the last
    `_REMEMBERED` answers are served from memory.
    """

    def __init__(self, path: Path, busy_timeout: float = _BUSY_TIMEOUT) -> None:
        self.path = path
        self._busy_timeout = busy_timeout
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="state")
        self._store: Store | None = None  # opened in the worker thread
        self._wrapped: Store | None = None
        self._lock = threading.Lock()  # guards the in-memory parts below
        self._provinces: dict[int, str | None] = {}
        self._answers: OrderedDict[int, _Logged] = OrderedDict()
        self._last_id = 0
        self._pending = 0
        self._loaded: Future[None] = self._pool.submit(self._load)

    @classmethod
    def over(cls, store: Store) -> AsyncStore:
        """An AsyncStore on the same file as a Store opened elsewhere (closed with it)."""
        state = cls(store.path)
        state._wrapped = store
        return state

    def close(self) -> None:
        """Finish the queued writes and close the connections."""
        self._pool.submit(self._close_worker)
        self._pool.shutdown(wait=True)
        if self._wrapped is not None:
            self._wrapped.close()

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
            except (TimeoutError, sqlite3.Error) as exc:
                logger.warning("chat settings not loaded (%r); chat %s unrestricted", exc, chat_id)
        with self._lock:
            return self._provinces.get(chat_id)

    def set_province(self, chat_id: int, province: str | None) -> None:
        """Set (None: lift) a chat's province: at once in memory, then stored behind."""
        with self._lock:
            self._provinces[chat_id] = province
        self._write("chat setting", lambda store: store.set_province(chat_id, province))

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

    async def index_versions(self) -> list[str]:
        """The index version of each logged question, oldest first."""
        return await self._call(lambda store: store.index_versions())

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
            logger.error(
                "audit entry not stored (%s): %s %s by %s: %s",
                exc,
                action,
                target,
                user_id,
                result,
            )

    async def audit_log(self, limit: int = 100) -> list[AuditEntry]:
        """The latest audit entries, newest first."""
        return await self._call(lambda store: store.audit_log(limit))

    async def stats(self, days: int = 14, unanswered: int = 10) -> Stats:
        """What /thongke shows."""
        return await self._call(lambda store: store.stats(days, unanswered))

    async def reason(self, question_id: int, user_id: int, reason: str, chat_id: int) -> bool:
        """Store why a 👎 was given (see `Store.reason`)."""
        return await self._call(lambda store: store.reason(question_id, user_id, reason, chat_id))

    async def questions(self) -> list[LoggedQuestion]:
        """The whole question log, oldest first."""
        return await self._call(lambda store: store.questions())

    # The worker thread ------------------------------------------------------------------------

    async def _call(self, work: Callable[[Store], T]) -> T:
        """Run work in the worker thread and wait for it there; Unavailable on any SQLite
        error."""
        return await asyncio.wrap_future(self._pool.submit(self._run, work))

    def _write(self, what: str, work: Callable[[Store], Any]) -> None:
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

    def _run(self, work: Callable[[Store], T]) -> T:
        try:
            return work(self._open())
        except sqlite3.Error as exc:
            raise Unavailable(f"{type(exc).__name__}: {exc}") from exc

    def _open(self) -> Store:
        if self._store is None:
            self._store = Store(self.path, self._busy_timeout)
        return self._store

    def _load(self) -> None:
        store = self._open()
        provinces, last = store.provinces(), store.last_question_id()
        with self._lock:
            self._provinces = {**provinces, **self._provinces}  # a write may have come first
            self._last_id = max(self._last_id, last)

    def _close_worker(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")


def _dump(section: Section) -> str:
    return json.dumps(
        {"section": section.to_dict(), "directive": section.directive.to_dict()},
        ensure_ascii=False,
    )


def _load(text: str) -> Section:
    data = json.loads(text)
    return Section.from_dict(data["section"], Directive.from_dict(data["directive"]))
