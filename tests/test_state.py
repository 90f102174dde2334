"""The SQLite store: its migrations, a database written before them, the write lock held
by another process; what every backend does is in test_state_contract.py."""

import sqlite3
from pathlib import Path

import pytest

from bot.state import SchemaTooNew, Store, Unavailable
from bot.state.migrations import MIGRATIONS, Migration, migrate, schema_version
from bot.statistics import CSV_FIELDS, questions_csv, still_unanswered
from bot.types import Assignee, Directive, Role, Section
from bot.vi.chatter import is_chatter

DIRECTIVE = Directive("a.docx", "h", "Công văn", "12/UBND-VX", "UBND tỉnh Kon Tum", "Kon Tum")
SECTION = Section(
    DIRECTIVE,
    "4",
    "Sở Y tế",
    "Sở Y tế chủ trì <xét nghiệm> & báo cáo.",
    (Assignee("Sở Y tế", Role.LEAD),),
    ("trước ngày 15/9/2021",),
    3,
)


# The schema as the bot wrote it before migrations (issue 15's state.py), with a row of each.
_BEFORE_MIGRATIONS = """
CREATE TABLE chat_settings (chat_id INTEGER PRIMARY KEY, province TEXT);
CREATE TABLE questions (id INTEGER PRIMARY KEY, at TEXT NOT NULL, chat_id INTEGER NOT NULL,
    user_id INTEGER, question TEXT NOT NULL, found INTEGER NOT NULL, index_version TEXT NOT NULL);
CREATE TABLE citations (question_id INTEGER NOT NULL REFERENCES questions(id),
    n INTEGER NOT NULL, section TEXT NOT NULL, PRIMARY KEY (question_id, n));
CREATE TABLE feedback (question_id INTEGER NOT NULL REFERENCES questions(id),
    user_id INTEGER NOT NULL, vote INTEGER NOT NULL CHECK (vote IN (-1, 1)), at TEXT NOT NULL,
    PRIMARY KEY (question_id, user_id));
CREATE TABLE audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, user_id INTEGER, username TEXT,
    chat_id INTEGER, action TEXT NOT NULL, target TEXT, result TEXT NOT NULL);
INSERT INTO chat_settings VALUES (-100, 'Kon Tum');
INSERT INTO questions VALUES (5, '2025-07-01 01:00:00', -100, 7, 'Ai ký?', 0, 'v001');
INSERT INTO feedback VALUES (5, 7, -1, '2025-07-01 01:01:00');
INSERT INTO audit VALUES (1, '2025-07-01 00:00:00', 1, 'admin', 1, 'reload', NULL, 'ok: v001');
"""


def _old_database(path: Path) -> Path:
    db = sqlite3.connect(path)
    db.executescript(_BEFORE_MIGRATIONS)  # no feedback_reasons yet: written before issue 15
    db.close()
    return path


def _versions(path: Path) -> list[int]:
    db = sqlite3.connect(path)
    try:
        return [v for (v,) in db.execute("SELECT version FROM schema_migrations ORDER BY 1")]
    finally:
        db.close()


def test_a_database_written_before_migrations_is_upgraded_in_place(tmp_path: Path):
    path = _old_database(tmp_path / "state.sqlite")
    store = Store(path)
    assert store.province(-100) == "Kon Tum"
    assert [(q.id, q.question, q.vote) for q in store.questions()] == [(5, "Ai ký?", -1)]
    assert store.reason(5, 7, "missing", -100)  # the table migration 1 added
    assert [e.result for e in store.audit_log()] == ["ok: v001"]
    assert store.last_question_id() == 5
    store.close()
    assert _versions(path) == [m.version for m in MIGRATIONS]
    Store(path).close()  # opened again: nothing left to apply
    assert _versions(path) == [m.version for m in MIGRATIONS]


def test_migrations_run_in_order_once_and_a_failed_one_leaves_nothing(tmp_path: Path):
    path = tmp_path / "s.sqlite"
    shipped = [m.version for m in MIGRATIONS]
    column = Migration(shipped[-1] + 1, "a column", ("ALTER TABLE audit ADD COLUMN note TEXT",))
    broken = Migration(
        column.version + 1, "broken", ("CREATE TABLE half (x)", "INSERT INTO nowhere VALUES (1)")
    )
    db = sqlite3.connect(path)
    assert migrate(db, path, (*MIGRATIONS, column)) == [*shipped, column.version]
    assert migrate(db, path, (*MIGRATIONS, column)) == []
    with pytest.raises(sqlite3.OperationalError, match="nowhere"):
        migrate(db, path, (*MIGRATIONS, column, broken))
    assert schema_version(db) == column.version
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    assert "half" not in tables and "audit" in tables
    db.close()


def test_a_database_from_a_newer_bot_is_refused(tmp_path: Path):
    path = tmp_path / "s.sqlite"
    Store(path).close()
    db = sqlite3.connect(path)
    with db:
        db.execute("INSERT INTO schema_migrations VALUES (99, 'future', '2030-01-01')")
    db.close()
    with pytest.raises(SchemaTooNew, match="phiên bản 99"):
        Store(path)


def test_an_unreadable_database_is_unavailable_not_a_crash(tmp_path: Path):
    path = tmp_path / "s.sqlite"
    path.write_bytes(b"not a database" * 100)
    with pytest.raises(Unavailable):
        Store(path)


async def test_the_async_store_answers_while_another_process_holds_the_write_lock(tmp_path):
    from bot.state import AsyncStore

    Store(tmp_path / "s.sqlite").set_province(-100, "Kon Tum")
    store = AsyncStore(tmp_path / "s.sqlite")
    holder = sqlite3.connect(tmp_path / "s.sqlite")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert await store.province(-100) == "Kon Tum"  # read once, then from memory
        qid = store.log_question(-100, 7, "Sở Y tế phải làm gì?", True, "v002", [SECTION])
        store.set_province(-200, "Lai Châu")
        assert await store.province(-200) == "Lai Châu"
        assert await store.cited_section(qid, 1, -100) == SECTION  # from memory
        assert await store.cited_section(qid, 1, -200) is None  # another chat's
        with pytest.raises(Unavailable, match="not stored"):
            await store.vote(qid, 7, 1, -100)  # behind the failed log row: not stored
    finally:
        holder.rollback()
        holder.close()
    qid = store.log_question(-100, 7, "Ai ký?", True, "v002", [SECTION])
    assert await store.vote(qid, 7, 1, -100)
    assert await store.index_versions() == ["v002"]  # the row written under the lock is lost
    store.close()
    assert Store(tmp_path / "s.sqlite").cited_section(qid, 1, -100) == SECTION


async def test_the_async_store_never_waits_for_a_write_in_progress(tmp_path):
    """Chat settings and buttons are answered from memory while the store's one worker is
    stuck in a write (held here until the test lets it go): no answer waits for the disk."""
    import asyncio
    import threading

    from bot.state import AsyncStore
    from bot.state.sqlite import SqliteStore

    release, writing = threading.Event(), threading.Event()

    class Stuck(SqliteStore):
        def set_province(self, chat_id: int, province: str | None) -> None:
            writing.set()
            release.wait(60)
            super().set_province(chat_id, province)

    Store(tmp_path / "s.sqlite").set_province(-100, "Kon Tum")
    store = AsyncStore(lambda: Stuck(tmp_path / "s.sqlite"))
    try:
        assert await store.province(-100) == "Kon Tum"  # loaded before the write below
        store.set_province(-200, "Lai Châu")
        await asyncio.to_thread(writing.wait, 60)  # the worker is in the write now
        qid = store.log_question(-100, 7, "Sở Y tế phải làm gì?", True, "v002", [SECTION])
        within = lambda call: asyncio.wait_for(call, 30)  # noqa: E731 - a stuck call fails
        assert await within(store.province(-200)) == "Lai Châu"
        assert await within(store.province(-100)) == "Kon Tum"
        assert await within(store.cited_section(qid, 1, -100)) == SECTION
        assert await within(store.cited_section(qid, 1, -200)) is None
        assert not release.is_set()  # all of it while the write was still held
    finally:
        release.set()
    store.close()
    assert Store(tmp_path / "s.sqlite").province(-200) == "Lai Châu"  # written behind
    assert Store(tmp_path / "s.sqlite").cited_section(qid, 1, -100) == SECTION


def test_a_thumbs_down_keeps_its_reason_and_the_log_exports(tmp_path: Path):
    store = Store(tmp_path / "state.sqlite")
    asked = store.log_question(1, 7, "Sở Y tế phải làm gì?", True, "v001", [])
    store.log_question(1, 7, "cảm ơn bot", False, "v001", [])
    assert not store.reason(asked, 7, "missing", 1)  # no 👎 yet
    store.vote(asked, 7, -1, 1)
    assert not store.reason(asked, 7, "missing", 2)  # another chat
    assert store.reason(asked, 7, "missing", 1)
    assert store.stats().downvoted == [("Sở Y tế phải làm gì?", "missing")]
    rows = store.questions()
    assert [(r.question, r.vote, r.reason) for r in rows] == [
        ("Sở Y tế phải làm gì?", -1, "missing"),
        ("cảm ơn bot", None, None),
    ]
    log = questions_csv(rows).decode("utf-8-sig").splitlines()
    assert log[0] == ",".join(CSV_FIELDS) and log[1].endswith(",True,v001,-1,missing")
    store.close()


def test_only_real_questions_the_index_still_misses_are_listed():
    asked = [("cảm ơn bot nhiều!", 5), ("OK", 3), ("bến xe phải làm gì", 2), ("zxqv", 1)]
    answered_now = {"bến xe phải làm gì"}
    left = still_unanswered(asked, lambda q: q in answered_now, limit=10)
    assert left == [("zxqv", 1)]
    assert [is_chatter(t) for t in ("xin chào", "Thanks bot 🙏", "ok sở y tế làm gì")] == [
        True,
        True,
        False,
    ]
