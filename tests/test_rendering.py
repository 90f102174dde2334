"""Telegram HTML parts: within the limit in code points and UTF-16 units, valid, complete."""

import html
import re

import pytest

from bot.messages import Messages
from bot.rendering import telegram_answer, telegram_directives, telegram_length, telegram_section
from bot.types import Answer, Citation, Directive, Section
from tests.fake_telegram import telegram_html_text

NASTY = 'Phạt <5 người> & hơn 1.000.000đ theo Nghị định 15/2020/NĐ-CP; "A" > B 😷'
DIRECTIVE = Directive(
    "cv <1>.docx",
    "h",
    "Công văn",
    "15/2020/NĐ-CP",
    "UBND tỉnh A & B",
    "Kon Tum",
    "2021-09-13",
    subject="V/v <phòng> & chống dịch",
)


def _section(n: int, text: str) -> Section:
    return Section(DIRECTIVE, str(n), "Sở Y tế & <Ban>", text, order=n)


def _visible(parts: list[str]) -> str:
    return "\n".join(telegram_html_text(p) for p in parts)


def _words(text: str) -> list[str]:
    return re.findall(r"\S+", text)


def test_a_long_answer_is_split_on_section_lines_each_part_valid(messages: Messages):
    sections = [_section(n, f"{n}. {NASTY} " * 4) for n in range(1, 16)]
    text = "Nhiệm vụ <của> Sở & Ban:\n\n" + "\n".join(
        f"• mục {s.path}: {s.text}" for s in sections
    )
    answer = Answer("q", True, text, tuple(Citation(s, 1.0) for s in sections[:10]))

    parts = telegram_answer(answer, messages)

    assert len(parts) == 2
    for part in parts:
        assert telegram_length(part) <= 4096
        assert len(part.encode("utf-16-le")) // 2 <= 4096
        telegram_html_text(part)  # raises on invalid HTML
    visible = _visible(parts)
    assert _words(visible)[: len(_words(text))] == _words(text)
    for n in range(1, 16):  # no item is cut between two messages
        assert sum(f"• mục {n}:" in telegram_html_text(p) for p in parts) == 1
    assert "[10] Công văn số 15/2020/NĐ-CP ngày 13/9/2021 của UBND tỉnh A & B, mục 10" in visible


def test_an_answer_too_long_for_two_messages_is_cut_with_a_note_and_keeps_its_sources(
    messages: Messages,
):
    sections = [_section(n, f"{n}. {NASTY} " * 12) for n in range(1, 41)]
    text = "Nhiệm vụ <của> Sở & Ban:\n\n" + "\n".join(
        f"• mục {s.path}: {s.text}" for s in sections
    )
    answer = Answer("q", True, text, tuple(Citation(s, 1.0) for s in sections[:10]))

    parts = telegram_answer(answer, messages)

    assert len(parts) == 2
    for part in parts:
        assert telegram_length(part) <= 4096
        telegram_html_text(part)
    visible = _visible(parts)
    note = telegram_html_text(messages.html("answer_continues"))
    shown, _, rest = visible.partition(note)
    assert rest, "the cut is said"
    assert _words(text)[: len(_words(shown))] == _words(shown)  # a prefix, whole items
    for n in range(1, 41):
        assert sum(f"• mục {n}:" in telegram_html_text(p) for p in parts) <= 1
    assert "[10] Công văn số 15/2020/NĐ-CP ngày 13/9/2021 của UBND tỉnh A & B, mục 10" in rest


def test_utf16_units_count_not_only_code_points(messages: Messages):
    emoji_line = "😷" * 1500  # 1500 code points, 3000 UTF-16 units
    answer = Answer("q", True, f"{emoji_line}\n{emoji_line}", ())
    parts = telegram_answer(answer, messages)
    assert len(parts) == 2
    assert all(len(p.encode("utf-16-le")) // 2 <= 4096 for p in parts)


def test_one_section_longer_than_a_message_is_cut_between_words_and_never_in_an_entity(
    messages: Messages,
):
    long_text = " ".join(["a&b<c>"] * 250) + " " + "x" * 1500
    section = _section(1, long_text)
    parts = telegram_section(section, messages)
    assert len(parts) == 2
    for part in parts:
        assert telegram_length(part) <= 4096
        telegram_html_text(part)
    assert _words(_visible(parts)).count("a&b<c>") == 250
    assert "x" * 1500 in _visible(parts)


def test_a_citation_card_is_at_most_two_messages_and_says_the_section_goes_on(
    messages: Messages,
):
    long_text = " ".join(f"câu{n} <a&b>." for n in range(20_000))  # about 290,000 characters
    parts = telegram_section(_section(1, long_text), messages)
    assert len(parts) == 2
    for part in parts:
        assert telegram_length(part) <= 4096
        telegram_html_text(part)
    visible = _visible(parts)
    assert visible.endswith(telegram_html_text(messages.html("card_continues")))
    shown = [w for w in _words(visible) if w.startswith("câu")]
    assert shown == [f"câu{n}" for n in range(len(shown))] and len(shown) > 150


def test_section_card_shows_the_directive_header_escaped(messages: Messages):
    part = telegram_section(_section(4, NASTY), messages)[0]
    assert part.startswith(
        "<b>Công văn số 15/2020/NĐ-CP ngày 13/9/2021 của UBND tỉnh A &amp; B</b>"
    )
    assert "Trích yếu: V/v &lt;phòng&gt; &amp; chống dịch" in part
    assert html.escape(NASTY, quote=False) in part


@pytest.mark.parametrize("page", [0, 1, 2, 99])
def test_directive_pages(messages: Messages, page: int):
    directives = [
        Directive(
            f"d{n}.txt",
            "h",
            "Công văn",
            f"{n}/UBND",
            "UBND <tỉnh>",
            None,
            f"2021-09-{n:02d}",
            subject="S & T",
        )
        for n in range(1, 13)
    ]
    text, shown_page, pages = telegram_directives(directives, page, 5, messages)
    assert pages == 3
    telegram_html_text(text)
    shown = min(page, 2)
    assert shown_page == shown
    assert f"trang {shown + 1}/3" in text
    newest = 12 - 5 * shown
    assert f"{5 * shown + 1}. Công văn số {newest}/UBND ngày {newest}/9/2021" in text
