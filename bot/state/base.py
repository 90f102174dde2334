"""What the bot needs from its state store: the records it reads back, the `StateStore`
protocol every backend implements (SQLite today; PostgreSQL for several replicas), and the
errors a backend raises."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from bot.errors import BotError
from bot.types import Section


class Unavailable(Exception):
    """The database could not do what was asked now (locked, full, unreadable)."""


class SchemaTooNew(BotError):
    """The database was migrated by a newer version of the bot than this one."""


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
class Profile:
    """Who a user is, as they told the bot (/caidat): their province and agency, if given."""

    user_id: int
    province: str | None = None
    agency: str | None = None


@dataclass(frozen=True)
class Subscription:
    """A user following an agency (/theodoi), in a province (None: every province): new
    tasks for it, reminders `days_before` a deadline and on the day, and a weekly digest on
    `digest_weekday` (0 Monday … 6 Sunday; None: no digest). Messages go to `chat_id`."""

    user_id: int
    chat_id: int
    agency: str
    province: str | None = None
    days_before: int = 3
    digest_weekday: int | None = 0


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


class StateStore(Protocol):
    """The bot's state, blocking: one connection, used from one thread at a time (the bot
    drives it from `AsyncStore`'s worker thread). Every method raises `Unavailable` when the
    database cannot do it now; opening one brings its schema up to date (migrations) or
    raises `SchemaTooNew`. Times are UTC; days are counted in Vietnam time (UTC+7)."""

    def close(self) -> None:
        """Close the connection."""
        ...

    def province(self, chat_id: int) -> str | None:
        """The province a chat restricted its answers to, if any."""
        ...

    def provinces(self) -> dict[int, str]:
        """Every chat's province restriction (one entry per chat that set one)."""
        ...

    def set_province(self, chat_id: int, province: str | None) -> None:
        """Restrict a chat's answers to one province (None lifts the restriction)."""
        ...

    def profile(self, user_id: int) -> Profile | None:
        """A user's profile, if they set one."""
        ...

    def set_profile(self, profile: Profile) -> None:
        """Store (replace) a user's profile."""
        ...

    def subscribe(self, subscription: Subscription) -> None:
        """Store (replace) a user's subscription to an agency."""
        ...

    def unsubscribe(self, user_id: int, agency: str | None = None) -> int:
        """Drop a user's subscription to the agency (to every agency when None); how many."""
        ...

    def subscriptions(self, agency: str | None = None) -> list[Subscription]:
        """Every subscription (to the agency, when given), by user and agency."""
        ...

    def claim_notice(self, key: str) -> bool:
        """Record that the notice with this key is sent; False when it already was (by this
        process or another, before a restart or after), so that no notice goes out twice."""
        ...

    def release_notice(self, key: str) -> None:
        """Forget a claimed notice that could not be delivered, so it is tried again."""
        ...

    def last_question_id(self) -> int:
        """The highest question id logged so far (0 when none)."""
        ...

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
        """Record a question, whether it was answered and the sections shown; its id (the
        one given, when the caller chose it)."""
        ...

    def cited_section(self, question_id: int, n: int, chat_id: int) -> Section | None:
        """Citation n of an answer given in this chat, exactly as shown; None for another
        chat's answer."""
        ...

    def index_versions(self) -> list[str]:
        """The index version each logged question was answered from, oldest first."""
        ...

    def vote(self, question_id: int, user_id: int, vote: int, chat_id: int) -> bool:
        """Store a 👍 (1) or 👎 (-1) on an answer given in this chat, replacing the user's
        earlier vote. False: no such answer in this chat."""
        ...

    def reason(self, question_id: int, user_id: int, reason: str, chat_id: int) -> bool:
        """Store why a user gave an answer in this chat a 👎. False: no such 👎."""
        ...

    def questions(self) -> list[LoggedQuestion]:
        """The whole question log, oldest first, with the latest vote and reason on each."""
        ...

    def stats(self, days: int = 14, unanswered: int = 10) -> Stats:
        """Questions per day, the most asked questions that found nothing, feedback counts
        and the latest 👎."""
        ...

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
        ...

    def audit_log(self, limit: int = 100) -> list[AuditEntry]:
        """The latest audit entries, newest first."""
        ...
