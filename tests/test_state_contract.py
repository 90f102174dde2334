"""What every StateStore backend must do, run against each one in BACKENDS.

A backend is a function of a fresh temporary folder returning an opener: each call of the
opener opens the same, initially empty, database again (a restart). PostgreSQL joins by
adding its opener to BACKENDS (skipped without a server), nothing else.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.state import AsyncStore, Profile, SqliteStore, StateStore, Subscription
from bot.types import Assignee, Directive, Role, Section

Opener = Callable[[], StateStore]


def _sqlite(folder: Path) -> Opener:
    return lambda: SqliteStore(folder / "state.sqlite")


BACKENDS: dict[str, Callable[[Path], Opener]] = {"sqlite": _sqlite}

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
OTHER = Section(DIRECTIVE, "5", "Sở GD&ĐT", "Sở Giáo dục và Đào tạo phối hợp.", (), (), 4)


@pytest.fixture(params=sorted(BACKENDS))
def opener(request: pytest.FixtureRequest, tmp_path: Path) -> Opener:
    """Opens one backend's database (the same one each time)."""
    return BACKENDS[request.param](tmp_path)


@pytest.fixture
def store(opener: Opener) -> Iterator[StateStore]:
    """The backend, open."""
    opened = opener()
    yield opened
    opened.close()


_METHODS = {
    name: method
    for name, method in inspect.getmembers(StateStore, inspect.isfunction)
    if not name.startswith("_")
}


def test_the_backend_has_every_method_of_the_protocol(store: StateStore):
    assert len(_METHODS) == 21
    for name, method in _METHODS.items():
        wanted = inspect.signature(method)
        assert inspect.signature(getattr(store, name)) == wanted.replace(
            parameters=list(wanted.parameters.values())[1:]
        ), name


def test_a_chats_province_is_set_changed_lifted_and_listed(store: StateStore):
    assert store.province(-100) is None and store.provinces() == {}
    store.set_province(-100, "Kon Tum")
    store.set_province(-200, "Lai Châu")
    store.set_province(-100, "Sơn La")
    assert store.province(-100) == "Sơn La"
    store.set_province(-200, None)
    assert store.province(-200) is None
    assert store.provinces() == {-100: "Sơn La"}


def test_question_ids_are_given_or_chosen_and_the_highest_is_known(store: StateStore):
    assert store.last_question_id() == 0
    first = store.log_question(-100, 7, "Sở Y tế phải làm gì?", True, "v001", [SECTION])
    second = store.log_question(-100, None, "Ai ký?", False, "v002", [])
    assert second > first > 0
    chosen = store.log_question(-100, 7, "Số ca?", False, "v002", [], question_id=second + 1000)
    assert chosen == second + 1000 == store.last_question_id()
    assert store.index_versions() == ["v001", "v002", "v002"]


def test_citations_come_back_as_shown_and_only_in_their_chat(store: StateStore):
    qid = store.log_question(-100, 7, "Sở Y tế phải làm gì?", True, "v002", [SECTION, OTHER])
    assert store.cited_section(qid, 1, -100) == SECTION
    assert store.cited_section(qid, 2, -100) == OTHER
    assert store.cited_section(qid, 3, -100) is None
    assert store.cited_section(qid, 1, -200) is None  # another chat's answer
    assert store.cited_section(qid + 1, 1, -100) is None


def test_a_vote_replaces_the_users_earlier_one_and_needs_the_asking_chat(store: StateStore):
    qid = store.log_question(-100, 7, "Sở Y tế phải làm gì?", True, "v002", [SECTION])
    assert store.vote(qid, 7, 1, -100)
    assert store.vote(qid, 7, -1, -100)  # replaces the 👍
    assert store.vote(qid, 8, 1, -100)
    assert not store.vote(qid + 99, 7, 1, -100)  # no such answer
    assert not store.vote(qid, 9, 1, -200)  # another chat's answer
    stats = store.stats()
    assert (stats.thumbs_up, stats.thumbs_down) == (1, 1)


def test_a_reason_needs_the_users_thumbs_down_in_that_chat(store: StateStore):
    qid = store.log_question(-100, 7, "Sở Y tế phải làm gì?", True, "v002", [SECTION])
    assert not store.reason(qid, 7, "wrong_agency", -100)  # no vote yet
    store.vote(qid, 7, 1, -100)
    assert not store.reason(qid, 7, "wrong_agency", -100)  # a 👍
    store.vote(qid, 7, -1, -100)
    assert not store.reason(qid, 7, "wrong_agency", -200)  # another chat
    assert store.reason(qid, 7, "wrong_document", -100)
    assert store.reason(qid, 7, "wrong_agency", -100)  # the later reason replaces it
    assert store.stats().downvoted == [("Sở Y tế phải làm gì?", "wrong_agency")]


def test_the_question_log_carries_the_latest_vote_and_reason(store: StateStore):
    first = store.log_question(-100, 7, "Sở Y tế phải làm gì?", True, "v002", [SECTION])
    second = store.log_question(-200, None, "Giá vé?", False, "v002", [])
    store.vote(first, 7, -1, -100)
    store.reason(first, 7, "missing", -100)
    rows = store.questions()
    assert [(r.id, r.chat_id, r.user_id, r.question, r.found, r.index_version) for r in rows] == [
        (first, -100, 7, "Sở Y tế phải làm gì?", True, "v002"),
        (second, -200, None, "Giá vé?", False, "v002"),
    ]
    assert [(r.vote, r.reason) for r in rows] == [(-1, "missing"), (None, None)]
    assert all(len(r.at) == len("2025-07-01 08:00:00") for r in rows)


def test_stats_count_days_and_group_unanswered_questions(store: StateStore):
    for question, found in [
        ("Số ca mắc?", False),
        ("số ca mắc?", False),
        ("Ai ký?", True),
        ("Giá vé xe buýt?", False),
    ]:
        store.log_question(1, 2, question, found, "v001", [])
    stats = store.stats()
    assert [(total, missing) for _, total, missing in stats.per_day] == [(4, 3)]
    assert stats.unanswered[0][0].lower() == "số ca mắc?" and stats.unanswered[0][1] == 2
    assert stats.unanswered[1] == ("Giá vé xe buýt?", 1)
    assert store.stats(unanswered=1).unanswered == stats.unanswered[:1]
    assert (stats.thumbs_up, stats.thumbs_down, stats.downvoted) == (0, 0, [])


def test_the_audit_log_is_newest_first_and_limited(store: StateStore):
    store.audit(9, "mallory", 9, "reload", None, "refused: not an administrator")
    store.audit(1, "admin", 1, "upload", "cv.docx", "ok: v003")
    entries = store.audit_log()
    assert [(e.user_id, e.username, e.action, e.target, e.result) for e in entries] == [
        (1, "admin", "upload", "cv.docx", "ok: v003"),
        (9, "mallory", "reload", None, "refused: not an administrator"),
    ]
    assert store.audit_log(limit=1) == entries[:1]


def test_everything_survives_reopening(opener: Opener):
    store = opener()
    store.set_province(-100, "Kon Tum")
    qid = store.log_question(-100, 7, "Sở Y tế phải làm gì?", True, "v002", [SECTION])
    store.vote(qid, 7, -1, -100)
    store.reason(qid, 7, "missing", -100)
    store.audit(1, "admin", 1, "reload", None, "ok: v003")
    before = (store.questions(), store.stats(), store.audit_log())
    store.close()
    store = opener()
    try:
        assert store.province(-100) == "Kon Tum"
        assert store.cited_section(qid, 1, -100) == SECTION
        assert (store.questions(), store.stats(), store.audit_log()) == before
    finally:
        store.close()


class _OffLoop:
    """A store that records, for each call, whether it ran on a thread with an event loop."""

    def __init__(self, store: StateStore, seen: dict[str, bool]) -> None:
        self._store, self._seen = store, seen

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._store, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                asyncio.get_running_loop()
                self._seen[name] = False
            except RuntimeError:  # no loop in this thread: off the event loop
                self._seen.setdefault(name, threading.current_thread().name.startswith("state"))
            return method(*args, **kwargs)

        return call


async def test_the_async_store_calls_every_method_off_the_event_loop(opener: Opener):
    seen: dict[str, bool] = {}
    state = AsyncStore(lambda: _OffLoop(opener(), seen))  # type: ignore[arg-type, return-value]
    state.set_province(-100, "Kon Tum")
    assert await state.province(-100) == "Kon Tum"
    qid = state.log_question(-100, 7, "Sở Y tế phải làm gì?", True, "v002", [SECTION])
    assert await state.vote(qid, 7, -1, -100)
    assert await state.reason(qid, 7, "missing", -100)
    await state.audit(1, "admin", 1, "reload", None, "ok")
    assert [e.action for e in await state.audit_log()] == ["reload"]
    assert (await state.stats()).thumbs_down == 1
    assert [q.id for q in await state.questions()] == [qid]
    assert await state.index_versions() == ["v002"]
    await state.set_profile(Profile(7, "Kon Tum", "Sở Y tế"))
    assert await state.profile(7) == Profile(7, "Kon Tum", "Sở Y tế")
    await state.subscribe(Subscription(7, 7, "Sở Y tế"))
    assert [s.agency for s in await state.subscriptions()] == ["Sở Y tế"]
    assert await state.claim_notice("k") and not await state.claim_notice("k")
    await state.release_notice("k")
    assert await state.unsubscribe(7) == 1
    state._answers.clear()  # forget the in-memory citations: ask the store
    assert await state.cited_section(qid, 1, -100) == SECTION
    await state.aclose()
    assert seen.keys() == set(_METHODS) - {"province"}  # read once, as provinces(), then memory
    assert all(seen.values()), seen


def test_a_users_profile_is_stored_replaced_and_kept_per_user(store: StateStore):
    assert store.profile(7) is None
    store.set_profile(Profile(7, "Lâm Đồng", "Sở Y tế"))
    store.set_profile(Profile(8, None, "Công an tỉnh"))
    store.set_profile(Profile(7, "Đà Nẵng", "Sở Giáo dục và Đào tạo"))
    assert store.profile(7) == Profile(7, "Đà Nẵng", "Sở Giáo dục và Đào tạo")
    assert store.profile(8) == Profile(8, None, "Công an tỉnh")


def test_subscriptions_are_stored_replaced_listed_and_dropped(store: StateStore):
    assert store.subscriptions() == []
    store.subscribe(Subscription(7, 7, "Sở Y tế"))
    store.subscribe(Subscription(8, -100, "Sở Y tế", days_before=5, digest_weekday=None))
    store.subscribe(Subscription(7, 7, "Công an tỉnh", "Sơn La", digest_weekday=4))
    store.subscribe(Subscription(7, 7, "Sở Y tế", days_before=1))  # replaces the first
    assert store.subscriptions("Sở Y tế") == [
        Subscription(7, 7, "Sở Y tế", days_before=1),
        Subscription(8, -100, "Sở Y tế", days_before=5, digest_weekday=None),
    ]
    assert [(s.user_id, s.agency, s.province) for s in store.subscriptions()] == [
        (7, "Công an tỉnh", "Sơn La"),
        (7, "Sở Y tế", None),
        (8, "Sở Y tế", None),
    ]
    assert store.unsubscribe(7, "Sở Y tế") == 1 and store.unsubscribe(7, "Sở Y tế") == 0
    assert store.unsubscribe(7) == 1
    assert [s.user_id for s in store.subscriptions()] == [8]


def test_a_notice_is_claimed_once_even_after_reopening(opener: Opener):
    store = opener()
    try:
        assert store.claim_notice("reminder:7:abc:2025-12-06")
        assert not store.claim_notice("reminder:7:abc:2025-12-06")
        assert store.claim_notice("reminder:8:abc:2025-12-06")  # another user's
        store.claim_notice("digest:7:2025-W49")
        store.release_notice("digest:7:2025-W49")  # not delivered: to be tried again
    finally:
        store.close()
    again = opener()
    try:
        assert not again.claim_notice("reminder:7:abc:2025-12-06")  # a restart repeats nothing
        assert again.claim_notice("digest:7:2025-W49")
    finally:
        again.close()
