"""One user's input never costs another user's answer: the real python-telegram-bot
Application against the fake Bot API (tests/fake_telegram.py), each fault as reported.

- over-long questions are refused before they are embedded;
- a directive with a 145,000-character section is split into bounded sections, its answers
  and citation cards are at most two messages, and questions asked while it is being embedded
  are answered from the served index;
- a slow language model does not hold up extractive answers;
- a locked or full state database costs a log row, never an answer;
- a button names a question of its own chat only.

No assertion here is on a duration: "while a build runs" and "while the model hangs" are
states the tests hold (a gate in front of the embedder, a model reply that waits for the test)
and the answers must arrive inside them. The bot runs over the HashEmbedder copy of the seeds
(tests/conftest.py): what is tested is who waits for whom, not what the vectors mean.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
import threading
import time

import pytest

from bot.answering import DUTY_CHARS, answer
from bot.config import LlmSettings
from bot.embeddings import PriorityLock, model_id
from bot.indexing import build_index, load_index
from bot.parsing import MAX_SECTION_CHARS
from bot.prose import make_chat_model
from bot.rendering import telegram_answer, telegram_section
from bot.state import AsyncStore, Store
from bot.types import Role
from tests.conftest import make_settings
from tests.fake_embedder import GatedEmbedder, HashEmbedder
from tests.fake_llm import FakeLLM
from tests.fake_telegram import callback, message, telegram_html_text
from tests.test_telegram import ADMIN, USER, Bot, _buttons, _visible, running_bot

pytestmark = pytest.mark.slow

OTHER = 222


@pytest.fixture
def gate() -> GatedEmbedder:
    """The bot's embedder: HashEmbedder behind a gate the test may shut (open at first)."""
    return GatedEmbedder(HashEmbedder())


@pytest.fixture
def start(tmp_path, hash_seed_settings, hash_seed_index, gate, messages):
    """start(extra=..., documents=..., model=...) → the bot over a copy of the HashEmbedder
    seed index, embedding through `gate`."""
    return lambda **kw: running_bot(tmp_path, hash_seed_settings, gate, messages, **kw)


def huge_directive(section_chars: int = 145_000, items: int = 1) -> str:
    """A công văn whose item 1 (Sở Y tế) is one paragraph of `section_chars` characters of
    distinct sentences, followed by `items - 1` short items for Sở Y tế."""
    sentences, size, n = [], 0, 0
    while size < section_chars:
        n += 1
        sentence = (
            f"Kiểm tra cơ sở khám bệnh số {n} tại xã {n % 97 + 1}, lập biên bản và gửi kết quả "
            f"về Văn phòng trước ngày {n % 28 + 1}/12/2021."
        )
        sentences.append(sentence)
        size += len(sentence) + 1
    lines = [
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG BÌNH",
        "Số: 901/UBND-VX",
        "Quảng Bình, ngày 3 tháng 12 năm 2021",
        "V/v kiểm tra các cơ sở khám bệnh, chữa bệnh",
        "Ủy ban nhân dân tỉnh yêu cầu:",
        "1. Sở Y tế chủ trì kiểm tra toàn bộ cơ sở khám bệnh, chữa bệnh: " + " ".join(sentences),
    ]
    lines += [
        f"{k}. Sở Y tế chủ trì rà soát danh sách nhân viên y tế tại trạm y tế xã số {k}, "
        f"báo cáo trước ngày {k % 28 + 1}/12/2021."
        for k in range(2, items + 1)
    ]
    lines += ["Nơi nhận:", "- Như trên;", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Tuấn"]
    return "\n".join(lines)


async def _reply(bot: Bot, update: dict, timeout: float = 30) -> str:
    """Push a message; the visible text of the first reply to it."""
    bot.api.push(update)
    await bot.api.wait_for(lambda: bot.api.replies_to(update), timeout)
    return telegram_html_text(bot.api.replies_to(update)[0]["text"])


# 1. Over-long questions ------------------------------------------------------------------


async def test_six_huge_messages_are_refused_unembedded_and_others_are_answered(start, gate):
    async with start() as bot:
        floods = [message(OTHER, OTHER, "😷" * 4096) for _ in range(3)]
        floods += [message(OTHER, OTHER, "Sở Y tế" + "\u0301" * 4089) for _ in range(3)]
        for flood in floods:
            bot.api.push(flood)
        parts = await bot.ask(message(USER, USER, "Sở Y tế phải làm gì?"))
        assert "Nhiệm vụ của Sở Y tế" in _visible(parts)

        await bot.api.wait_for(lambda: all(bot.api.replies_to(f) for f in floods))
        texts = [telegram_html_text(bot.api.replies_to(f)[0]["text"]) for f in floods]
        assert all("Câu hỏi dài quá (4096 ký tự, tối đa 500)" in t for t in texts[:3])
        # Combining marks beyond two a letter are dropped: what is left is a short question.
        assert not any("dài quá" in t for t in texts[3:])
        # The refused ones are not questions; every other one is logged.
        assert len(await bot.services.store.index_versions()) == 4
        # Nothing long ever reached the embedder: the emoji floods not at all, the marks
        # dropped before the question was embedded.
        assert gate.queries and max(len(q) for q in gate.queries) <= 500
        assert not any("😷" in q for q in gate.queries)


# 2. A huge directive ---------------------------------------------------------------------


def test_a_huge_section_is_split_into_bounded_parts_in_order():
    from bot.agencies import Gazetteer
    from bot.parsing import parse

    parsed = parse(huge_directive(), "hue.txt", "h", Gazetteer(["Sở Y tế"]))
    parts = [s for s in parsed.sections if s.path.startswith("1 (")]
    assert len(parts) > 90 and all(len(s.text) <= MAX_SECTION_CHARS for s in parsed.sections)
    assert [s.path for s in parts[:2]] == [f"1 (phần 1/{len(parts)})", f"1 (phần 2/{len(parts)})"]
    assert {s.heading for s in parts} == {parts[0].heading}
    assert all(s.role_of("Sở Y tế") is Role.LEAD for s in parts)  # each part is its duty
    assert all(s.text.endswith(".") for s in parts)  # cut at sentence ends
    whole = " ".join(s.text for s in parts)
    assert whole.startswith("Sở Y tế chủ trì kiểm tra") and "số 1300 tại xã" in whole
    assert [s.order for s in parsed.sections] == list(range(len(parsed.sections)))


def test_a_300_item_duty_answer_is_bounded_and_counts_the_rest(tmp_path, messages):
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "ba_tram.txt").write_text(huge_directive(3_000, items=300), encoding="utf-8")
    settings = make_settings(tmp_path, documents=documents)
    build_index(settings, HashEmbedder(), progress=False)
    index = load_index(settings.path("index"), model_id(settings.embeddings))

    result = answer("Sở Y tế phải làm gì?", index, HashEmbedder(), settings, messages)

    assert len(result.text) < DUTY_CHARS + 1_000
    assert "mục trong 1 văn bản chưa trích" in result.text
    total = int(result.text.split("Sở Y tế: ")[1].split(" mục")[0])
    shown = len(re.findall(r"^(?:• |\[\d+\] )", result.text, re.M))  # a quoted item a line
    left = int(result.text.split("Còn ")[1].split(" mục")[0])
    assert total >= 300 and shown + left == total  # none lost: quoted or counted
    parts = telegram_answer(result, messages)
    assert len(parts) <= 2
    print(f"\n300-item duty answer: {len(parts)} message(s), {shown} items quoted, {left} counted")


async def test_a_huge_section_is_bounded_and_questions_are_answered_while_it_is_embedded(
    start, gate
):
    async with start() as bot:
        old = bot.version
        (bot.documents / "kiem_tra.txt").write_text(huge_directive(), encoding="utf-8")
        gate.shut()  # the build will wait at its embedding step until the gate opens
        reload = message(ADMIN, ADMIN, "/reload")
        bot.api.push(reload)
        await bot.api.wait_for(lambda: bot.api.replies_to(reload))
        await bot.api.wait_for(gate.reached.is_set, timeout=120)  # parsed, now embedding
        topics = ["tiêm vắc xin", "xét nghiệm", "cách ly", "truy vết"]
        for n, topic in enumerate(topics):
            parts = await bot.ask(message(USER, USER, f"Sở Y tế phải làm gì về {topic} lần {n}?"))
            assert parts and "Nhiệm vụ của Sở Y tế" in _visible(parts)
            assert bot.version == old and not gate.passages  # still held, old index served
        assert not any("Đã cập nhật chỉ mục" in p["text"] for p in bot.api.sent(ADMIN))
        gate.open()
        await bot.api.wait_for(
            lambda: any("Đã cập nhật chỉ mục" in p["text"] for p in bot.api.sent(ADMIN)),
            timeout=120,
        )
        assert bot.version != old
        # Only the new file's parts were embedded, each bounded.
        assert len(gate.passages) > 90

        index = bot.services.library.index
        sections = [s for s in index.sections if s.directive.source == "kiem_tra.txt"]
        assert len(sections) > 90
        assert all(len(s.text) <= MAX_SECTION_CHARS for s in sections)

        bot.api.push(message(USER, USER, "/tinh Quảng Bình"))
        await asyncio.sleep(0.5)
        parts = await bot.ask(message(USER, USER, "Cơ sở khám bệnh số 1207 tại xã nào?"))
        assert len(parts) <= 2
        qid = int(_buttons(parts[-1])[0].split(":")[1])
        card = await _card(bot, USER, qid)
        assert 1 <= len(card) <= 2
        duty = await bot.ask(message(USER, USER, "Sở Y tế phải làm gì?"))
        # One message, a page of the 100 duties; the rest paged in place ("Xem thêm ›").
        assert len(duty) == 1 and len(_visible(duty)) < 2_000
        labels = [b["text"] for row in duty[0]["reply_markup"]["inline_keyboard"] for b in row]
        assert "Xem thêm ›" in labels


async def _card(bot: Bot, chat_id: int, question_id: int, n: int = 1) -> list[dict]:
    """Press citation n of an answer in chat_id; the card's parts."""
    before = len(bot.api.sent(chat_id))
    message_id = 900 + question_id % 1000
    bot.api.push(callback(chat_id, chat_id, f"c:{question_id}:{n}", message_id=message_id))
    await bot.api.wait_for(lambda: len(bot.api.sent(chat_id)) > before)
    await asyncio.sleep(0.3)
    return bot.api.sent(chat_id)[before:]


def _until(predicate) -> None:
    """Wait until predicate() holds (a failing test ends at 60 s rather than hanging)."""
    deadline = time.monotonic() + 60
    while not predicate():
        assert time.monotonic() < deadline, "never happened"
        time.sleep(0.001)


def test_passages_wait_for_questions_at_the_embedder():
    lock, order = PriorityLock(), []
    release = threading.Event()

    def passages(name: str) -> None:
        with lock.passages():
            order.append(name)
            if name == "batch 1":
                release.wait(60)

    def question() -> None:
        with lock.question():
            order.append("question")

    first = threading.Thread(target=passages, args=("batch 1",))
    first.start()
    _until(lambda: order == ["batch 1"])  # batch 1 holds the lock
    second = threading.Thread(target=passages, args=("batch 2",))
    second.start()
    _until(lambda: lock._passages == 1)  # batch 2 waits for it …
    asked = threading.Thread(target=question)
    asked.start()
    _until(lambda: lock._questions == 1)  # … and so does the question, which came later
    release.set()
    for thread in (first, second, asked):
        thread.join()
    assert order == ["batch 1", "question", "batch 2"]


# 3. A slow language model ----------------------------------------------------------------


async def test_a_slow_model_does_not_hold_up_extractive_answers(start):
    release = threading.Event()

    def held(prompt) -> str:  # the model answers only when the test lets it
        release.wait(60)
        return "Trả lời muộn [1]."

    with FakeLLM() as llm:
        llm.script(*[held] * 8)
        model = make_chat_model(
            LlmSettings(provider="openai", base_url=llm.base_url, model="m", timeout=120)
        )
        async with start(model=model) as bot:
            slow = [message(3000 + k, 3000 + k, f"Sở Y tế phải làm gì? ({k})") for k in range(8)]
            try:
                for update in slow:
                    bot.api.push(update)
                await bot.api.wait_for(lambda: len(llm.requests) == 8)  # all eight hanging
                question = message(USER, USER, "Giá vé máy bay đi Hà Nội là bao nhiêu?")
                assert await _reply(bot, question)
                listing = await _reply(bot, message(OTHER, OTHER, "/vanban"))
                assert "Văn bản đang dùng" in listing
                # Both were answered while every model call still hung.
                assert not any(bot.api.replies_to(u) for u in slow)
            finally:
                release.set()
            await bot.api.wait_for(lambda: all(bot.api.replies_to(u) for u in slow), timeout=60)
            assert all(len(bot.api.replies_to(u)) >= 1 for u in slow)  # none lost


# 4. A locked or full state database ------------------------------------------------------


async def test_a_locked_state_database_costs_no_answer(start, caplog):
    caplog.set_level(logging.WARNING)
    async with start() as bot:
        await bot.ask(message(USER, USER, "Sở Y tế phải làm gì?"))  # loaded, logged
        holder = sqlite3.connect(bot.settings.path("state"), timeout=0)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            for k, question in enumerate(
                [
                    "Sở Giao thông vận tải phải làm gì?",
                    "Tổ COVID cộng đồng có nhiệm vụ gì?",
                    "Ai ký công văn của UBND tỉnh Lai Châu?",
                    "Sở Giáo dục và Đào tạo phải làm gì?",
                ]
            ):
                parts = await bot.ask(message(4000 + k, 4000 + k, question))
                buttons = _buttons(parts[-1])
                assert buttons[0].startswith("c:")
            assert await _reply(bot, message(OTHER, OTHER, "/tinh Kon Tum"))
            assert "Văn bản đang dùng" in await _reply(bot, message(OTHER, OTHER, "/vanban"))
            # A button of an answer whose row is not written works from memory.
            qid = int(buttons[0].split(":")[1])
            card = await _card(bot, 4003, qid)
            assert "Tệp:" in _visible(card)
        finally:
            holder.rollback()
            holder.close()
        assert await bot.services.store.province(OTHER) == "Kon Tum"
        assert "not stored" in caplog.text and "locked" in caplog.text
        await bot.ask(message(USER, USER, "Công an tỉnh phải làm gì?"))  # unlocked: logged again
        assert len(await bot.services.store.index_versions()) >= 2


async def test_a_full_disk_under_the_state_file_costs_no_answer(start, monkeypatch, caplog):
    caplog.set_level(logging.WARNING)

    def full(*args: object, **kwargs: object) -> int:
        raise sqlite3.OperationalError("database or disk is full")

    async with start() as bot:
        monkeypatch.setattr(Store, "log_question", full)
        parts = await bot.ask(message(USER, USER, "Sở Y tế phải làm gì?"))
        assert "Nhiệm vụ của Sở Y tế" in _visible(parts)
        assert "Xin lỗi" not in _visible(parts)
        qid = int(_buttons(parts[-1])[0].split(":")[1])
        assert "Tệp:" in _visible(await _card(bot, USER, qid))
        pressed = len(bot.api.calls_to("answerCallbackQuery"))
        bot.api.push(callback(USER, USER, f"v:{qid}:1"))
        await bot.api.wait_for(lambda: len(bot.api.calls_to("answerCallbackQuery")) > pressed)
        said = bot.api.calls_to("answerCallbackQuery")[-1].params.get("text")
        assert said == bot.services.messages.get("vote_failed")
        assert "database or disk is full" in caplog.text


# 5. Forged callback data -----------------------------------------------------------------


async def test_a_button_names_a_question_of_its_own_chat_only(start):
    async with start() as bot:
        parts = await bot.ask(message(USER, USER, "Sở Y tế phải làm gì?"))
        qid = int(_buttons(parts[-1])[0].split(":")[1])
        card = await _card(bot, OTHER, qid)
        gone = telegram_html_text(bot.services.messages.html("gone"))
        assert _visible(card) == gone

        bot.api.push(callback(OTHER, OTHER, f"v:{qid}:1"))
        await bot.api.wait_for(lambda: len(bot.api.calls_to("answerCallbackQuery")) == 2)
        said = bot.api.calls_to("answerCallbackQuery")[-1].params.get("text")
        assert said == bot.services.messages.get("gone")
        assert (await bot.services.store.stats()).thumbs_up == 0

        # After a restart (nothing in memory) the database says whose question it was.
        restarted = AsyncStore(bot.settings.path("state"))
        try:
            assert await restarted.cited_section(qid, 1, OTHER) is None
            assert await restarted.cited_section(qid, 1, USER) is not None
            assert not await restarted.vote(qid, OTHER, 1, OTHER)
        finally:
            restarted.close()
        assert "Tệp:" in _visible(await _card(bot, USER, qid))


def test_section_and_answer_renderings_stay_bounded_for_a_stored_huge_section(messages):
    from bot.types import Directive, Section

    directive = Directive("cu.txt", "h", "Công văn", "1/UBND", "UBND tỉnh A", "Kon Tum")
    huge = Section(directive, "1", "Sở Y tế", huge_directive(), order=0)
    assert len(telegram_section(huge, messages)) == 2
