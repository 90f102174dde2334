"""The SQLite store: real files, reopened to prove what survives a restart."""

from pathlib import Path

import pytest

from bot.state import Store
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


def test_settings_questions_citations_and_votes_survive_a_restart(tmp_path: Path):
    store = Store(tmp_path / "state.sqlite")
    store.set_province(-100, "Kon Tum")
    qid = store.log_question(-100, 7, "Sở Y tế phải làm gì?", True, "v002", [SECTION])
    assert store.vote(qid, 7, 1, -100)
    assert store.vote(qid, 7, -1, -100)  # a second vote replaces the first
    assert store.vote(qid, 8, -1, -100)
    assert not store.vote(qid + 99, 7, 1, -100)
    assert not store.vote(qid, 7, 1, -200)  # another chat's answer
    store.close()

    store = Store(tmp_path / "state.sqlite")
    assert store.province(-100) == "Kon Tum"
    assert store.province(5) is None
    assert store.cited_section(qid, 1, -100) == SECTION
    assert store.cited_section(qid, 2, -100) is None
    assert store.cited_section(qid, 1, -200) is None  # another chat's answer
    assert store.index_versions() == ["v002"]
    stats = store.stats()
    assert (stats.thumbs_up, stats.thumbs_down) == (0, 2)
    store.set_province(-100, None)
    assert store.province(-100) is None


def test_stats_count_days_and_group_unanswered_questions(tmp_path: Path):
    store = Store(tmp_path / "s.sqlite")
    for question, found in [
        ("Số ca mắc?", False),
        ("số ca mắc?", False),
        ("Ai ký?", True),
        ("Giá vé xe buýt?", False),
    ]:
        store.log_question(1, 2, question, found, "v001", [])
    stats = store.stats()
    assert [(total, missing) for _, total, missing in stats.per_day] == [(4, 3)]
    assert stats.unanswered[0][1] == 2
    assert stats.unanswered[0][0].lower() == "số ca mắc?"
    assert stats.unanswered[1] == ("Giá vé xe buýt?", 1)


def test_audit_log_keeps_every_attempt_newest_first(tmp_path: Path):
    store = Store(tmp_path / "s.sqlite")
    store.audit(9, "mallory", 9, "reload", None, "refused: not an administrator")
    store.audit(1, "admin", 1, "upload", "cv.docx", "ok: v003")
    entries = store.audit_log()
    assert [(e.user_id, e.action, e.target, e.result) for e in entries] == [
        (1, "upload", "cv.docx", "ok: v003"),
        (9, "reload", None, "refused: not an administrator"),
    ]


async def test_the_async_store_answers_while_another_process_holds_the_write_lock(tmp_path):
    import sqlite3
    import time

    from bot.state import AsyncStore, Unavailable

    Store(tmp_path / "s.sqlite").set_province(-100, "Kon Tum")
    store = AsyncStore(tmp_path / "s.sqlite")
    holder = sqlite3.connect(tmp_path / "s.sqlite")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        assert await store.province(-100) == "Kon Tum"  # read once, then from memory
        qid = store.log_question(-100, 7, "Sở Y tế phải làm gì?", True, "v002", [SECTION])
        store.set_province(-200, "Lai Châu")
        assert await store.province(-200) == "Lai Châu"
        assert await store.cited_section(qid, 1, -100) == SECTION  # from memory
        assert await store.cited_section(qid, 1, -200) is None  # another chat's
        assert time.monotonic() - started < 1
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
