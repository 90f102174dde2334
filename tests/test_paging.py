"""An answer's pages for Telegram (bot/telegram/paging.py): about a screen each, valid HTML,
an item never split, each page knowing the sources it names in the body's order."""

from __future__ import annotations

import dataclasses
import re

from bot.assistant import filter_note
from bot.messages import Messages
from bot.telegram.paging import Page, answer_pages
from bot.types import (
    Answer,
    Citation,
    Directive,
    DirectiveGroup,
    Intro,
    Item,
    Prose,
    Quote,
    Role,
    Section,
)
from tests.fake_telegram import telegram_html_text

DIRECTIVE = Directive("cv.docx", "h", "Công văn", "15/UBND-VX", "UBND tỉnh A & B", "Kon Tum")
TASK = 'kiểm tra giá <kit {n}> & "mẫu" không vượt 1.000.000đ/bộ, xử phạt theo Nghị định 15'


def _duties(count: int, deadlines: bool = True) -> Answer:
    """A compact duty answer: items [1]..[count] in two directive groups."""
    sections = [Section(DIRECTIVE, str(n), "", f"Sở Y tế {n}", order=n) for n in range(count)]
    items = [
        Item(
            s,
            f"mục {s.path}",
            Role.LEAD,
            "chủ trì",
            f"Thời hạn: trước ngày {n + 1}/11/2021" if deadlines else None,
            n + 1,
            TASK.format(n=n + 1),
        )
        for n, s in enumerate(sections)
    ]
    half = count // 2
    blocks = (
        Intro("Nhiệm vụ của Sở Y tế <& Ban>:"),
        DirectiveGroup("Công văn số 15/UBND-VX", tuple(items[:half]), DIRECTIVE),
        DirectiveGroup("Công văn số 15/UBND-VX (tiếp)", tuple(items[half:]), DIRECTIVE),
    )
    return Answer("q", True, blocks, tuple(Citation(s, 1.0) for s in sections))


def _visible(page: Page) -> str:
    return telegram_html_text(page.html)


def test_pages_are_about_a_screen_valid_and_never_split_an_item(messages: Messages):
    pages = answer_pages(_duties(40), messages)

    assert len(pages) >= 3
    for page in pages:
        text = _visible(page)  # valid Telegram HTML
        assert page.visible == len(text) <= 1500
        # every item on the page is whole: its task, then its deadline on the next line
        numbers = [int(n) for n in re.findall(r"^\[(\d+)\] ", text, re.M)]
        for n in numbers:
            assert f"[{n}] mục {n - 1} (chủ trì): {TASK.format(n=n)}\n  Thời hạn" in text
        assert list(page.sources) == numbers
    every = [n for page in pages for n in page.sources]
    assert every == list(range(1, 41))  # nothing lost, in the body's order


def test_a_title_stays_with_its_first_item(messages: Messages):
    for page in answer_pages(_duties(40), messages, chars=600):
        lines = _visible(page).split("\n")
        assert not lines[-1].startswith("Công văn"), lines


def test_a_short_answer_is_one_page_and_a_group_page_is_shorter(messages: Messages):
    (page,) = answer_pages(_duties(4), messages)
    assert page.sources == (1, 2, 3, 4)
    group = answer_pages(_duties(40), messages, chars=1000)
    assert group[0].visible <= 1000 < answer_pages(_duties(40), messages)[0].visible


def test_a_quote_names_only_its_own_source_and_prose_lists_them_all(messages: Messages):
    sections = [Section(DIRECTIVE, str(n), "", f"câu {n}", order=n) for n in range(3)]
    citations = tuple(Citation(s, 1.0) for s in sections)
    quote = Quote("Theo Công văn số 15/UBND-VX, mục 1:", sections[0], "câu 0", "» câu 0")
    (page,) = answer_pages(Answer("q", True, (quote,), citations), messages)
    assert page.sources == (1,) and "Nguồn:" not in _visible(page)

    prose = Prose("Sở Y tế tiêm vắc xin [1] & xét nghiệm [3].")
    (page,) = answer_pages(Answer("q", True, (prose,), citations, generated=True), messages)
    assert page.sources == (1, 2, 3)
    assert re.findall(r"^\[(\d)\] ", _visible(page), re.M) == ["1", "2", "3"]


def test_the_province_filter_line_opens_the_first_page_only(messages: Messages):
    answer = _duties(40)
    noted = dataclasses.replace(
        answer, blocks=(filter_note(messages, "Kon Tum", "profile"), *answer.blocks)
    )
    pages = answer_pages(noted, messages)
    assert _visible(pages[0]).startswith("Chỉ tìm trong văn bản của tỉnh Kon Tum (hồ sơ của bạn")
    assert len(pages) > 1 and not any("Chỉ tìm" in _visible(p) for p in pages[1:])
