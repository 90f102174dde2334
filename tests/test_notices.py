"""An agency's deadlines as days, and the notices its followers get (bot/notices.py), under a
clock the test sets: a real index (HashEmbedder vectors) over directives written here, and
the real SQLite state store claiming each notice once."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest

from bot.answering import retrieve
from bot.embeddings import model_id
from bot.indexing import Index, build_index, load_index
from bot.kinds.deadlines import agency_dues, deadlines_answer
from bot.messages import Messages
from bot.notices import (
    claimed,
    deliver,
    digests,
    new_tasks,
    notice_answer,
    reminders,
)
from bot.rendering import render_text
from bot.state import SqliteStore, Subscription
from tests.conftest import make_settings
from tests.fake_embedder import HashEmbedder

PLAN = """ỦY BAN NHÂN DÂN TỈNH SƠN LA
Số: 901/KH-UBND
Sơn La, ngày 01 tháng 12 năm 2025
KẾ HOẠCH
Phòng, chống dịch bệnh mùa đông năm 2025
1. Sở Y tế chủ trì tổng hợp kết quả tiêm chủng, báo cáo UBND tỉnh trước ngày 10/12/2025.
2. Sở Y tế báo cáo tình hình dịch bệnh định kỳ hằng tháng trước ngày 20.
3. Sở Y tế cập nhật số ca mắc trước 16 giờ hằng ngày.
4. Sở Y tế thường xuyên theo dõi diễn biến dịch bệnh.
5. Sở Tài chính bố trí kinh phí thực hiện Kế hoạch trong quý I/2026.
Nơi nhận:
- Như trên;
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Lê Văn A
"""

LETTER = """ỦY BAN NHÂN DÂN TỈNH SƠN LA
Số: 955/UBND-VX
Sơn La, ngày 15 tháng 12 năm 2025
V/v kiểm tra an toàn thực phẩm dịp Tết
1. Sở Công Thương chủ trì kiểm tra an toàn thực phẩm tại các chợ, hoàn thành trước ngày 25/01/2026.
2. Sở Y tế phối hợp với Sở Công Thương lấy mẫu kiểm nghiệm.
Nơi nhận:
- Như trên;
CHỦ TỊCH
Nguyễn Văn B
"""


def _index(root: Path, *texts: str) -> Index:
    documents = root / "documents"
    documents.mkdir(parents=True)
    for n, text in enumerate(texts):
        (documents / f"{n}.txt").write_text(text, encoding="utf-8")
    settings = make_settings(root, documents)
    build_index(settings, HashEmbedder(), progress=False)
    return load_index(settings.path("index"), model_id(settings.embeddings))


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Index:
    return _index(tmp_path_factory.mktemp("plan"), PLAN)


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Index:
    return _index(tmp_path_factory.mktemp("both"), PLAN, LETTER)


def _days(index: Index, agency: str, start: str, end: str) -> list[tuple[str, str]]:
    dues = agency_dues(index, agency, dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    return [(d.on.isoformat(), d.deadline.phrase) for d in dues]


def test_an_agencys_deadlines_fall_on_days_and_vague_ones_on_none(plan: Index):
    days = _days(plan, "Sở Y tế", "2025-12-01", "2026-01-31")
    dated = [d for d in days if "hằng ngày" not in d[1]]
    assert dated == [
        ("2025-12-10", "trước ngày 10/12/2025"),
        ("2025-12-20", "định kỳ hằng tháng trước ngày 20"),
        ("2026-01-20", "định kỳ hằng tháng trước ngày 20"),
    ]
    daily = [d for d in days if "hằng ngày" in d[1]]
    assert daily[0][0] == "2025-12-01" and len(daily) == 62  # every day, from the plan's day
    assert not any("thường xuyên" in phrase.lower() for _, phrase in days)  # no made-up day
    assert _days(plan, "Sở Tài chính", "2025-12-01", "2026-06-30") == [
        ("2026-03-31", "trong quý I/2026")
    ]


def test_hanchot_lists_passed_then_coming_each_once(plan: Index, messages: Messages):
    answer = deadlines_answer(plan, "Sở Y tế", dt.date(2025, 12, 12), messages)
    text = render_text(answer, messages)
    passed, coming = text.index("Vừa quá hạn"), text.index("Sắp đến hạn")
    assert passed < text.index("10/12/2025, đã qua 2 ngày") < coming
    assert coming < text.index("20/12/2025, còn 8 ngày")
    assert text.count("(định kỳ hằng tháng trước ngày 20)") == 1  # a rule once, its next day
    assert text.count("(trước 16 giờ hằng ngày)") == 1
    assert len(answer.citations) == 3
    none = deadlines_answer(plan, "Sở Y tế", dt.date(2025, 12, 12), messages, province="Kon Tum")
    assert not none.found


def test_a_reminder_comes_days_before_and_on_the_day_and_once(plan: Index, tmp_path: Path):
    follower = Subscription(7, 7, "Sở Y tế", "Sơn La", days_before=3, digest_weekday=None)
    other = Subscription(8, 8, "Sở Tư pháp")
    store = SqliteStore(tmp_path / "state.sqlite")
    sent: list[tuple[str, dt.date, str]] = []

    def run(day: dt.date) -> None:
        for pending in reminders(plan, [follower, other], day):
            if got := claimed(pending, store.claim_notice):
                sent.extend((got.kind, d.on, d.deadline.phrase) for d in got.dues)

    day = dt.date(2025, 12, 1)
    while day <= dt.date(2025, 12, 21):
        run(day)
        run(day)  # the job runs again the same day (or after a restart): nothing new
        day += dt.timedelta(days=1)
    store.close()
    assert sent == [
        ("reminder", dt.date(2025, 12, 10), "trước ngày 10/12/2025"),
        ("today", dt.date(2025, 12, 10), "trước ngày 10/12/2025"),
        ("reminder", dt.date(2025, 12, 20), "định kỳ hằng tháng trước ngày 20"),
        ("today", dt.date(2025, 12, 20), "định kỳ hằng tháng trước ngày 20"),
    ]


def test_a_digest_on_its_weekday_lists_the_week(plan: Index, messages: Messages):
    monday = dt.date(2025, 12, 15)
    follower = Subscription(7, 7, "Sở Y tế", digest_weekday=monday.weekday())
    assert digests(plan, [follower], monday + dt.timedelta(days=1)) == []
    (digest,) = digests(plan, [follower], monday)
    phrases = {d.deadline.phrase: d.on for d in digest.dues}
    assert phrases["trước ngày 10/12/2025"] == dt.date(2025, 12, 10)  # the week just passed
    assert phrases["định kỳ hằng tháng trước ngày 20"] == dt.date(2025, 12, 20)
    assert len(digest.dues) == 3  # and the daily report, once
    text = render_text(notice_answer(digest, monday, messages), messages)
    assert text.startswith("Tổng hợp tuần: hạn chót của Sở Y tế")


def test_a_new_directive_is_told_to_its_agencys_followers_only(
    plan: Index, both: Index, messages: Messages
):
    followers = [
        Subscription(7, 7, "Sở Công Thương"),
        Subscription(8, 8, "Sở Y tế"),
        Subscription(9, 9, "Sở Tài chính"),
        Subscription(10, 10, "Sở Công Thương", "Kon Tum"),  # another province
    ]
    pending = new_tasks(plan, both, followers)
    assert [(p.subscription.user_id, len(p.hits)) for p in pending] == [(7, 2), (8, 1)]
    assert new_tasks(both, both, followers) == []  # nothing new
    text = render_text(notice_answer(pending[0], dt.date(2025, 12, 15), messages), messages)
    assert text.startswith("Văn bản mới giao việc cho Sở Công Thương:")
    assert "955/UBND-VX" in text and "trước ngày 25/01/2026" in text


@pytest.mark.parametrize(
    ("question", "phrases"),
    [
        (
            "Sở Y tế có hạn nào trong tuần này?",
            ["trước ngày 10/12/2025", "trước 16 giờ hằng ngày"],
        ),
        (
            "so y te co han chot nao tuan sau",
            ["trước 16 giờ hằng ngày", "định kỳ hằng tháng trước ngày 20"],
        ),
        ("Sở Tài chính có hạn nào trong tuần này?", []),
    ],
)
def test_a_deadline_question_naming_days_lists_what_falls_due_in_them(
    plan: Index, messages: Messages, tmp_path: Path, question: str, phrases: list[str]
):
    settings = make_settings(tmp_path, tmp_path)  # settings only: the index is `plan`
    monday = dt.date(2025, 12, 8)
    draft = retrieve(question, plan, HashEmbedder(), settings, messages, today=monday)
    answer = draft.extractive
    assert answer.question == question and answer.found is bool(phrases)
    text = render_text(answer, messages)
    assert [p for p in phrases if f"({p})" in text] == phrases
    assert len(answer.citations) == len(phrases)
    if "trước ngày 10/12/2025" in phrases:  # days counted from the day asked
        assert "10/12/2025, còn 2 ngày" in text


def test_a_replacement_tells_only_the_deadlines_it_changes_once(
    plan: Index, tmp_path: Path, messages: Messages
):
    revised = _index(tmp_path, PLAN.replace("trước ngày 10/12/2025", "trước ngày 12/12/2025"))
    followers = [Subscription(8, 8, "Sở Y tế"), Subscription(9, 9, "Sở Tài chính")]
    (changed,) = new_tasks(plan, revised, followers)  # Sở Tài chính's deadline is unchanged
    assert changed.kind == "changed" and changed.subscription.user_id == 8
    assert [h.section.path for h in changed.hits] == ["1"]
    assert changed.previous == ("trước ngày 10/12/2025",)
    text = render_text(notice_answer(changed, dt.date(2025, 12, 5), messages), messages)
    assert "Hạn mới: trước ngày 12/12/2025 (trước đây: trước ngày 10/12/2025)" in text
    # The old deadline's reminder is gone with its directive; the new one reminds instead.
    follower = Subscription(8, 8, "Sở Y tế", days_before=3, digest_weekday=None)
    assert reminders(revised, [follower], dt.date(2025, 12, 7)) == []
    (reminder,) = reminders(revised, [follower], dt.date(2025, 12, 9))
    assert [d.on for d in reminder.dues] == [dt.date(2025, 12, 12)]


class Chats:
    """A notifier over the real SQLite ledger; chat 13 cannot be reached until it can."""

    def __init__(self, store: SqliteStore) -> None:
        self.store, self.sent, self.blocked = store, [], {13}

    async def claim(self, key: str) -> bool:
        return self.store.claim_notice(key)

    async def release(self, key: str) -> None:
        self.store.release_notice(key)

    async def send(self, chat_id: int, answer) -> None:  # type: ignore[no-untyped-def]
        if chat_id in self.blocked:
            raise ConnectionError("chat unreachable")
        self.sent.append((chat_id, answer.question))


def test_delivery_sends_each_notice_once_and_retries_one_that_failed(
    plan: Index, tmp_path: Path, messages: Messages
):
    followers = [
        Subscription(7, 7, "Sở Y tế", days_before=3, digest_weekday=None),
        Subscription(13, 13, "Sở Y tế", days_before=3, digest_weekday=None),
    ]
    day = dt.date(2025, 12, 7)
    chats = Chats(SqliteStore(tmp_path / "state.sqlite"))
    assert asyncio.run(deliver(reminders(plan, followers, day), chats, day, messages)) == 1
    assert asyncio.run(deliver(reminders(plan, followers, day), chats, day, messages)) == 0
    chats.blocked.clear()  # chat 13 is back: its reminder goes now, and only it
    assert asyncio.run(deliver(reminders(plan, followers, day), chats, day, messages)) == 1
    assert [chat for chat, _ in chats.sent] == [7, 13]
    chats.store.close()
