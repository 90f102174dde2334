"""The answer says which province filter it kept to (issue 14): Assistant.ask opens it with
one line naming the province and who set it (/tinh here, a group's /tinh, the profile,
/theodoi), unless the question named a province of its own. A deterministic embedder over
the seeds: no model is loaded."""

from __future__ import annotations

import pytest

from bot.assistant import Assistant, Context, filter_note
from bot.config import Settings
from bot.indexing import Index
from bot.messages import Messages
from bot.types import Intro
from tests.fake_embedder import HashEmbedder


@pytest.fixture
def assistant(hash_seed_settings: Settings, hash_seed_index: Index, messages: Messages):
    return Assistant(hash_seed_settings, messages, HashEmbedder(), hash_seed_index)


@pytest.mark.parametrize(
    ("set_by", "says"),
    [
        ("profile", "(hồ sơ của bạn · /caidat để đổi)"),
        ("chat", "(đặt bằng /tinh · /tinh bo để bỏ)"),
        ("group", "(/tinh của nhóm)"),
        ("follow", "(tỉnh bạn theo dõi · /theodoi để đổi)"),
    ],
)
async def test_an_answer_under_a_province_filter_opens_with_it(assistant, set_by, says):
    given = await assistant.ask("Sở Y tế phải làm gì?", Context("Kon Tum", None, None, set_by))
    first = given.answer.blocks[0]
    assert given.answer.found
    assert first == Intro(f"Chỉ tìm trong văn bản của tỉnh Kon Tum {says}")
    assert given.answer.text.startswith("Chỉ tìm trong văn bản của tỉnh Kon Tum")
    cited = {c.section.directive.province for c in given.answer.citations}
    assert cited == {"Kon Tum"}  # the filter did apply


async def test_no_line_when_the_question_names_its_province_or_nobody_set_one(assistant):
    named = await assistant.ask(
        "Sở Y tế tỉnh Sơn La phải làm gì?", Context("Kon Tum", None, None, "profile")
    )
    assert not named.answer.text.startswith("Chỉ tìm")
    assert {c.section.directive.province for c in named.answer.citations} == {"Sơn La"}
    plain = await assistant.ask("Sở Y tế phải làm gì?", Context("Kon Tum"))
    assert not plain.answer.text.startswith("Chỉ tìm")
    unfiltered = await assistant.ask("Sở Y tế phải làm gì?", Context(None, None, None, "chat"))
    assert not unfiltered.answer.text.startswith("Chỉ tìm")


async def test_the_line_comes_before_how_a_follow_up_was_understood(assistant, messages):
    where = Context("Kon Tum", 5, 1, "group")
    await assistant.ask("Sở Y tế phải làm gì?", where)
    follow_up = await assistant.ask("thế còn Sở Tài chính?", where)
    blocks = follow_up.answer.blocks
    assert blocks[0] == filter_note(messages, "Kon Tum", "group")
    assert isinstance(blocks[1], Intro) and blocks[1].title.startswith("(Hiểu là")


async def test_a_not_found_answer_under_a_filter_says_so_too(assistant):
    given = await assistant.ask(
        "Giá xăng hôm nay là bao nhiêu?", Context("Kon Tum", None, None, "profile")
    )
    assert not given.answer.found
    assert given.answer.text.startswith("Chỉ tìm trong văn bản của tỉnh Kon Tum (hồ sơ")
