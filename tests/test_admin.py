"""Administrators' replies that can grow stay within what Telegram accepts, and a failed
action is still audited (issue 12, item 14). Real Application, fake Bot API, over a copy of
the HashEmbedder index of the seeds: what is tested is the plumbing, not the answers' quality
(uploads and reloads build with HashEmbedder too)."""

from __future__ import annotations

import errno
import re
from pathlib import Path

import pytest

from bot import indexing
from bot.rendering import telegram_length
from bot.telegram.admin import printable, split_lines
from tests.documents import BEN_XE_LINES, directive_docx
from tests.fake_embedder import HashEmbedder
from tests.fake_telegram import document, message, telegram_html_text
from tests.test_telegram import ADMIN, USER, Bot, running_bot

pytestmark = pytest.mark.slow


def _texts(bot: Bot, chat_id: int) -> list[str]:
    return [telegram_html_text(m["text"]) for m in bot.api.sent(chat_id)]


async def _command(bot: Bot, text: str, expected: str) -> list[str]:
    """Send an admin command and wait for the reply containing `expected`; every part of
    the replies since."""
    before = len(bot.api.sent(ADMIN))
    bot.api.push(message(ADMIN, ADMIN, text))
    await bot.api.wait_for(lambda: any(expected in t for t in _texts(bot, ADMIN)[before:]), 60)
    return _texts(bot, ADMIN)[before:]


@pytest.fixture
def start(tmp_path, hash_seed_settings, hash_seed_index, messages):
    """start(extra=..., documents=...) → the bot over a copy of the HashEmbedder seed index."""
    return lambda **kw: running_bot(tmp_path, hash_seed_settings, HashEmbedder(), messages, **kw)


async def test_stats_with_long_unanswered_questions_arrive_whole(start):
    async with start() as bot:
        # 200 characters each, which HTML-escaping makes 600 and more
        questions = [f"q{n} zxqv " + "<&>🙂" * 48 for n in range(10)]
        for question in questions:
            update = message(USER, USER, question)
            bot.api.push(update)
            await bot.api.wait_for(lambda u=update: bot.api.replies_to(u))
        parts = await _command(bot, "/thongke", "Góp ý")
    stats = [p for p in parts if "Thống kê" in p or "zxqv" in p or "Góp ý" in p]
    assert len(stats) >= 2  # too long for one message: split, not refused by Telegram
    assert all(telegram_length(p) <= 4096 for p in stats)
    shown = "\n".join(stats)
    assert all(f"q{n} zxqv" in shown for n in range(10))
    assert "Xin lỗi" not in shown


async def test_reload_names_ten_unreadable_files_and_counts_the_rest(start):
    async with start() as bot:
        broken = "\ufeff" + "\n".join(BEN_XE_LINES)
        for n in range(14):  # each read in its own child process: a few over ten suffice
            (bot.documents / f"hong-{n:02d}.txt").write_bytes(broken.encode("utf-16-le")[:-1])
        parts = await _command(bot, "/reload", "Đã cập nhật chỉ mục")
    done = next(p for p in parts if "Đã cập nhật" in p)
    assert done.count("Bỏ qua:") == 10 and "và 4 tệp khác" in done
    assert telegram_length(done) <= 4096


async def test_a_reload_that_cannot_write_is_audited_and_the_old_index_serves(
    start,
    monkeypatch,
):
    async with start() as bot:
        version = bot.services.library.index.version
        (bot.documents / "ben-xe.docx").write_bytes(directive_docx())

        def full(path: Path, text: str) -> None:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))

        monkeypatch.setattr(indexing, "_write", full)
        parts = await _command(bot, "/reload", "Cập nhật thất bại")
        audit = await bot.services.store.audit_log()
    assert any("ổ đĩa đầy" in p for p in parts)
    assert audit[0].action == "reload" and audit[0].result.startswith("failed: OSError")
    assert bot.services.library.index.version == version


async def test_an_upload_naming_hundreds_of_agencies_gets_one_bounded_reply(start):
    items = [f"{n}. Sở Phụ trách Việc {n} chủ trì kiểm tra bến xe số {n}." for n in range(300)]
    data = directive_docx([*BEN_XE_LINES[:5], *items, *BEN_XE_LINES[-4:]])
    async with start() as bot:
        update = document(ADMIN, ADMIN, bot.api.add_file(data), "nhieu.docx", len(data))
        bot.api.push(update)
        await bot.api.wait_for(
            lambda: any("Đã thêm" in t for t in _texts(bot, ADMIN)), timeout=120
        )
    done = next(t for t in _texts(bot, ADMIN) if "Đã thêm" in t)
    assert telegram_length(done) <= 4096
    named = re.search(r"Cơ quan được nhắc đến: (.*) và (\d+) cơ quan khác", done)
    assert named and named.group(1).count(", ") == 29 and int(named.group(2)) >= 270


def test_split_lines_keeps_every_line_and_fits():
    lines = [f"• {'ư' * 300} {n}" for n in range(40)]
    parts = split_lines("\n".join(lines), limit=4096)
    assert all(telegram_length(p) <= 4096 for p in parts) and len(parts) > 1
    assert "\n".join(parts).split("\n") == lines


def test_printable_escapes_what_could_forge_a_log_line():
    assert printable("ten\n2026-12-02 INFO audit: reload") == "ten\\n2026-12-02 INFO audit: reload"
    assert "\n" not in printable("a\r\nb\u2028c\x1b[31m")
    assert printable("Bến xe.docx") == "Bến xe.docx"
