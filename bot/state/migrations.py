"""The SQLite schema as numbered migrations, applied in order, each once, each in its own
transaction, recorded in `schema_migrations`.

Append a migration to change the schema; never edit one that has shipped. Migration 1 is the
schema as it stood before migrations (its tables are created only if missing), so a database
written by an earlier version adopts the numbering in place. A database whose latest
migration is newer than this code is refused rather than misread.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.state.base import SchemaTooNew


@dataclass(frozen=True)
class Migration:
    """One step of the schema: its number, what it does, and its SQL statements."""

    version: int
    name: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "chat settings, question log with citations, feedback with reasons, audit log",
        (
            "CREATE TABLE IF NOT EXISTS chat_settings "
            "(chat_id INTEGER PRIMARY KEY, province TEXT)",
            "CREATE TABLE IF NOT EXISTS questions (id INTEGER PRIMARY KEY, at TEXT NOT NULL, "
            "chat_id INTEGER NOT NULL, user_id INTEGER, question TEXT NOT NULL, "
            "found INTEGER NOT NULL, index_version TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS citations ("
            "question_id INTEGER NOT NULL REFERENCES questions(id), n INTEGER NOT NULL, "
            "section TEXT NOT NULL, PRIMARY KEY (question_id, n))",
            "CREATE TABLE IF NOT EXISTS feedback ("
            "question_id INTEGER NOT NULL REFERENCES questions(id), user_id INTEGER NOT NULL, "
            "vote INTEGER NOT NULL CHECK (vote IN (-1, 1)), at TEXT NOT NULL, "
            "PRIMARY KEY (question_id, user_id))",
            "CREATE TABLE IF NOT EXISTS feedback_reasons ("
            "question_id INTEGER NOT NULL REFERENCES questions(id), user_id INTEGER NOT NULL, "
            "reason TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (question_id, user_id))",
            "CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, "
            "user_id INTEGER, username TEXT, chat_id INTEGER, action TEXT NOT NULL, "
            "target TEXT, result TEXT NOT NULL)",
        ),
    ),
    Migration(
        2,
        "user profiles: each user's province and agency (/caidat)",
        (
            "CREATE TABLE profiles (user_id INTEGER PRIMARY KEY, province TEXT, agency TEXT, "
            "at TEXT NOT NULL)",
        ),
    ),
    Migration(
        3,
        "subscriptions to an agency's tasks and deadlines (/theodoi), and the notices sent",
        (
            "CREATE TABLE subscriptions (user_id INTEGER NOT NULL, chat_id INTEGER NOT NULL, "
            "agency TEXT NOT NULL, province TEXT, days_before INTEGER NOT NULL, "
            "digest_weekday INTEGER, "
            "at TEXT NOT NULL, PRIMARY KEY (user_id, agency))",
            "CREATE TABLE notices_sent (key TEXT PRIMARY KEY, at TEXT NOT NULL)",
        ),
    ),
)

_LEDGER = (
    "CREATE TABLE IF NOT EXISTS schema_migrations "
    "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
)


def schema_version(db: sqlite3.Connection) -> int:
    """The latest migration applied (0: none)."""
    db.execute(_LEDGER)
    return int(db.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0])


def migrate(
    db: sqlite3.Connection, path: Path, migrations: tuple[Migration, ...] = MIGRATIONS
) -> list[int]:
    """Apply the migrations the database lacks, in order; the numbers applied. Each runs under
    the write lock, after checking again that no other process applied it meanwhile."""
    known, current = (migrations[-1].version if migrations else 0), schema_version(db)
    if current > known:
        raise SchemaTooNew(
            f"Cơ sở dữ liệu trạng thái '{path}' ở phiên bản {current}, mới hơn "
            f"chương trình này ({known}); hãy cập nhật bot."
        )
    applied = []
    for migration in migrations:
        if migration.version <= schema_version(db) or not _apply(db, migration):
            continue
        applied.append(migration.version)
    return applied


def _apply(db: sqlite3.Connection, migration: Migration) -> bool:
    """Run one migration in a transaction; False if another process ran it first."""
    db.execute("BEGIN IMMEDIATE")
    try:
        if schema_version(db) >= migration.version:
            db.rollback()
            return False
        for statement in migration.statements:
            db.execute(statement)
        db.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
            (migration.version, migration.name, datetime.now(UTC).isoformat(timespec="seconds")),
        )
        db.commit()
    except BaseException:
        db.rollback()
        raise
    return True
