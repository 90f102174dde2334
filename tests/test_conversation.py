"""Follow-ups in a chat: a question that opens like one or points back at the directive just
cited is asked as the chat's previous question completes it, says so, and only for a while
and only in that chat."""

from __future__ import annotations

import asyncio

import pytest

from bot.assistant import Assistant, Context
from bot.config import Settings
from bot.conversation import FOLLOW_UP_SECONDS, Conversations
from bot.indexing import Index
from bot.messages import Messages
from bot.types import Answer
from bot.vi import questions


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def chat(seed_index: Index, embedder, seed_settings: Settings, messages: Messages):  # type: ignore[no-untyped-def]
    clock = Clock()
    assistant = Assistant(seed_settings, messages, embedder, seed_index)
    assistant._conversations = Conversations(clock=clock)  # the test's clock

    def ask(question: str, chat_id: int = 1) -> Answer:
        return asyncio.run(assistant.ask(question, Context(chat_id=chat_id))).answer

    ask.clock = clock  # type: ignore[attr-defined]
    return ask


def test_openers_and_pointing_back_are_data() -> None:
    assert questions.follow_up("the con so tai chinh?") == (True, "so tai chinh?")
    assert questions.follow_up("van ban do so may?")[0]
    assert not questions.follow_up("so y te phai lam gi")[0]
    assert not questions.follow_up("con?")[0]  # nothing after the opener


def test_another_agency_gets_its_duties_on_the_same_topic(chat) -> None:  # type: ignore[no-untyped-def]
    first = chat("Sở Y tế phải làm gì về tiêm vắc xin?")
    assert first.found
    then = chat("thế còn Sở Tài chính?")
    assert then.text.startswith('(Hiểu là: "Sở Tài chính phải làm gì về tiêm vắc xin?")')
    assert then.question == "thế còn Sở Tài chính?"
    assert "Nhiệm vụ của Sở Tài chính" in then.text


def test_the_directive_just_cited_is_the_one_pointed_back_at(chat) -> None:  # type: ignore[no-untyped-def]
    first = chat("Công an tỉnh phải làm gì theo công văn 3262?")
    assert first.citations[0].section.directive.number == "3262/UBND-KGVX"
    then = chat("văn bản đó ký ngày nào?")
    assert "3262/UBND-KGVX" in then.text.split("\n")[0]
    assert then.found and then.citations[0].section.directive.number == "3262/UBND-KGVX"


def test_a_follow_up_stands_alone_later_or_in_another_chat(chat) -> None:  # type: ignore[no-untyped-def]
    chat("Sở Y tế phải làm gì về tiêm vắc xin?")
    assert "Hiểu là" not in chat("thế còn Sở Tài chính?", chat_id=2).text
    chat.clock.now += FOLLOW_UP_SECONDS + 1
    assert "Hiểu là" not in chat("thế còn Sở Tài chính?").text


def test_a_question_that_is_not_a_follow_up_is_asked_as_typed(chat) -> None:  # type: ignore[no-untyped-def]
    chat("Sở Y tế phải làm gì?")
    assert "Hiểu là" not in chat("Công an tỉnh phải làm gì?").text


def test_a_deadline_follow_up_lists_the_agencys_deadlines(chat) -> None:  # type: ignore[no-untyped-def]
    chat("Sở Y tế phải làm gì?")
    then = chat("còn hạn chót?")
    assert then.text.startswith('(Hiểu là: "hạn chót Sở Y tế?")')
    assert then.found and all(c.section.deadlines for c in then.citations)


def test_a_question_not_found_alone_is_asked_within_the_directive_just_named(chat) -> None:  # type: ignore[no-untyped-def]
    assert not chat("xét nghiệm định kỳ thế nào?", chat_id=5).found  # alone: not found
    chat("Văn bản 402 nói gì?")
    then = chat("xét nghiệm định kỳ thế nào?")
    assert then.found and then.text.startswith(
        '(Hiểu là: "xét nghiệm định kỳ thế nào 402-CV/TU?")'
    )
    assert all(c.section.directive.number == "402-CV/TU" for c in then.citations)
    chat.clock.now += FOLLOW_UP_SECONDS + 1  # later, it stands alone again
    assert not chat("xét nghiệm định kỳ thế nào?").found
