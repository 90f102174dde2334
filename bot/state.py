"""What the bot remembers between messages, in SQLite: chat settings, the question log with
the citations each answer showed, 👍/👎 feedback, and the audit log of administrative actions.

Everything goes through `Store`, so that a deployment with several replicas can put another
database behind the same methods. Times are stored in UTC; days are counted in Vietnam time.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.types import Directive, Section

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
    action: str  # "upload", "reload", "stats"
    target: str | None  # the file name, for uploads
    result: str  # "ok: ...", "refused: not an administrator", "failed: ..."


@dataclass(frozen=True)
class Stats:
    """What /thongke shows."""

    per_day: list[tuple[str, int, int]]  # (day, questions, not found), newest first
    unanswered: list[tuple[str, int]]  # (question, times asked), most asked first
    thumbs_up: int
    thumbs_down: int


class Store:
    """The bot's SQLite database. Use from one thread (the bot's event loop)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path)
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
    ) -> int:
        """Record a question, whether it was answered, and the sections shown; returns its id."""
        with self._db:
            cursor = self._db.execute(
                "INSERT INTO questions (at, chat_id, user_id, question, found, index_version) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (_now(), chat_id, user_id, question, int(found), index_version),
            )
            question_id = int(cursor.lastrowid or 0)
            self._db.executemany(
                "INSERT INTO citations (question_id, n, section) VALUES (?, ?, ?)",
                [(question_id, n, _dump(s)) for n, s in enumerate(cited, start=1)],
            )
        return question_id

    def cited_section(self, question_id: int, n: int) -> Section | None:
        """Citation n of an answer, exactly as it was shown (even after a reload)."""
        row = self._db.execute(
            "SELECT section FROM citations WHERE question_id = ? AND n = ?", (question_id, n)
        ).fetchone()
        return _load(row[0]) if row else None

    def index_versions(self) -> list[str]:
        """The index version each logged question was answered from, oldest first."""
        rows = self._db.execute("SELECT index_version FROM questions ORDER BY id").fetchall()
        return [r[0] for r in rows]

    def vote(self, question_id: int, user_id: int, vote: int) -> bool:
        """Store a 👍 (1) or 👎 (-1); a second vote replaces the first. False: no such answer."""
        exists = self._db.execute("SELECT 1 FROM questions WHERE id = ?", (question_id,))
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

    def stats(self, days: int = 14, unanswered: int = 10) -> Stats:
        """Questions per day, the most asked questions that found nothing, feedback counts."""
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
        return Stats([tuple(r) for r in per_day], [tuple(r) for r in missing], up, down)


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
