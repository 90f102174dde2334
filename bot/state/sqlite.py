"""The state store in one SQLite file (WAL): the default, for one bot process and the CLI."""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from bot.state.base import (
    AuditEntry,
    LoggedQuestion,
    Profile,
    Stats,
    Subscription,
    Unavailable,
)
from bot.state.migrations import migrate
from bot.types import Directive, Section

P = ParamSpec("P")
T = TypeVar("T")

_LOCAL_DAY = "date(at, '+7 hours')"  # Asia/Ho_Chi_Minh has no daylight saving time


def _guarded(
    method: Callable[Concatenate[SqliteStore, P], T],
) -> Callable[Concatenate[SqliteStore, P], T]:
    """The method, raising Unavailable (the protocol's error) for any SQLite error."""

    def guarded(self: SqliteStore, /, *args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise Unavailable(f"{type(exc).__name__}: {exc}") from exc

    functools.update_wrapper(guarded, method)  # its name and docstring
    return guarded


class SqliteStore:
    """`StateStore` in SQLite. Opening it applies the migrations the file lacks."""

    def __init__(self, path: Path, busy_timeout: float = 5.0) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        try:
            self._db = _connect(path, busy_timeout)
        except sqlite3.Error as exc:
            raise Unavailable(f"{type(exc).__name__}: {exc}") from exc

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    @_guarded
    def province(self, chat_id: int) -> str | None:
        """The province a chat restricted its answers to, if any."""
        row = self._db.execute(
            "SELECT province FROM chat_settings WHERE chat_id = ?", (chat_id,)
        ).fetchone()
        return row[0] if row else None

    @_guarded
    def provinces(self) -> dict[int, str]:
        """Every chat's province restriction (one row per chat that set one)."""
        rows = self._db.execute(
            "SELECT chat_id, province FROM chat_settings WHERE province IS NOT NULL"
        ).fetchall()
        return {int(chat_id): province for chat_id, province in rows}

    @_guarded
    def set_province(self, chat_id: int, province: str | None) -> None:
        """Restrict a chat's answers to one province (None lifts the restriction)."""
        with self._db:
            self._db.execute(
                "INSERT INTO chat_settings (chat_id, province) VALUES (?, ?) "
                "ON CONFLICT (chat_id) DO UPDATE SET province = excluded.province",
                (chat_id, province),
            )

    @_guarded
    def profile(self, user_id: int) -> Profile | None:
        """A user's profile, if they set one."""
        row = self._db.execute(
            "SELECT province, agency FROM profiles WHERE user_id = ?", (user_id,)
        ).fetchone()
        return Profile(user_id, row[0], row[1]) if row else None

    @_guarded
    def set_profile(self, profile: Profile) -> None:
        """Store (replace) a user's profile."""
        with self._db:
            self._db.execute(
                "INSERT INTO profiles (user_id, province, agency, at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (user_id) DO UPDATE SET province = excluded.province, "
                "agency = excluded.agency, at = excluded.at",
                (profile.user_id, profile.province, profile.agency, _now()),
            )

    @_guarded
    def subscribe(self, subscription: Subscription) -> None:
        """Store (replace) a user's subscription to an agency."""
        sub = subscription
        row = (sub.user_id, sub.chat_id, sub.agency, sub.province, sub.days_before)
        with self._db:
            self._db.execute(
                "INSERT INTO subscriptions (user_id, chat_id, agency, province, days_before, "
                "digest_weekday, at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (user_id, agency) DO UPDATE SET chat_id = excluded.chat_id, "
                "province = excluded.province, days_before = excluded.days_before, "
                "digest_weekday = excluded.digest_weekday, at = excluded.at",
                (*row, sub.digest_weekday, _now()),
            )

    @_guarded
    def unsubscribe(self, user_id: int, agency: str | None = None) -> int:
        """Drop a user's subscription to the agency (to every agency when None); how many."""
        with self._db:
            if agency is None:
                cursor = self._db.execute(
                    "DELETE FROM subscriptions WHERE user_id = ?", (user_id,)
                )
            else:
                cursor = self._db.execute(
                    "DELETE FROM subscriptions WHERE user_id = ? AND agency = ?", (user_id, agency)
                )
        return cursor.rowcount

    @_guarded
    def subscriptions(self, agency: str | None = None) -> list[Subscription]:
        """Every subscription (to the agency, when given), by user and agency."""
        sql = (
            "SELECT user_id, chat_id, agency, province, days_before, digest_weekday "
            "FROM subscriptions"
        )
        rows = (
            self._db.execute(sql + " WHERE agency = ? ORDER BY user_id", (agency,))
            if agency is not None
            else self._db.execute(sql + " ORDER BY user_id, agency")
        )
        return [Subscription(*row) for row in rows]

    @_guarded
    def claim_notice(self, key: str) -> bool:
        """Record the notice as sent; False when it already was."""
        with self._db:
            cursor = self._db.execute(
                "INSERT OR IGNORE INTO notices_sent (key, at) VALUES (?, ?)", (key, _now())
            )
        return cursor.rowcount == 1

    @_guarded
    def release_notice(self, key: str) -> None:
        """Forget a claimed notice that could not be delivered."""
        with self._db:
            self._db.execute("DELETE FROM notices_sent WHERE key = ?", (key,))

    @_guarded
    def last_question_id(self) -> int:
        """The highest question id logged so far (0 when none)."""
        return int(self._db.execute("SELECT COALESCE(MAX(id), 0) FROM questions").fetchone()[0])

    @_guarded
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

    @_guarded
    def cited_section(self, question_id: int, n: int, chat_id: int) -> Section | None:
        """Citation n of an answer given in this chat, exactly as it was shown (even after a
        reload); None for another chat's answer."""
        row = self._db.execute(
            "SELECT c.section FROM citations c JOIN questions q ON q.id = c.question_id "
            "WHERE c.question_id = ? AND c.n = ? AND q.chat_id = ?",
            (question_id, n, chat_id),
        ).fetchone()
        return _load(row[0]) if row else None

    @_guarded
    def index_versions(self) -> list[str]:
        """The index version each logged question was answered from, oldest first."""
        rows = self._db.execute("SELECT index_version FROM questions ORDER BY id").fetchall()
        return [r[0] for r in rows]

    @_guarded
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

    @_guarded
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

    @_guarded
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
        return [
            LoggedQuestion(id_, at, chat_id, user_id, question, bool(found), version, vote, reason)
            for id_, at, chat_id, user_id, question, found, version, vote, reason in rows
        ]

    @_guarded
    def stats(self, days: int = 14, unanswered: int = 10) -> Stats:
        """Questions per day, the most asked questions that found nothing, feedback counts and
        the latest 👎."""
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

    @_guarded
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

    @_guarded
    def audit_log(self, limit: int = 100) -> list[AuditEntry]:
        """The latest audit entries, newest first."""
        rows = self._db.execute(
            "SELECT at, user_id, username, chat_id, action, target, result FROM audit "
            "ORDER BY id DESC LIMIT ?",
            (limit,),
        ).fetchall()
        return [AuditEntry(*row) for row in rows]


def _connect(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """A connection to the file, its schema migrated."""
    # Used by one thread at a time, not always the one that opened it (AsyncStore's worker).
    db = sqlite3.connect(path, timeout=busy_timeout, check_same_thread=False)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        # WAL's recommended setting: commits do not wait for the disk (a power cut may lose the
        # last few log rows, never corrupt the file).
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        migrate(db, path)
    except BaseException:
        db.close()
        raise
    return db


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
