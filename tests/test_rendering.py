"""Telegram HTML parts: within the limit in code points and UTF-16 units, valid, complete."""

import html
import json
import re

import pytest

from bot.messages import Messages
from bot.rendering import (
    render_json,
    render_text,
    telegram_answer,
    telegram_directives,
    telegram_length,
    telegram_section,
)
from bot.types import (
    Answer,
    Citation,
    Directive,
    DirectiveGroup,
    DirectiveList,
    Entry,
    Intro,
    Item,
    Note,
    Passage,
    Prose,
    Quote,
    Reference,
    References,
    Role,
    Section,
)
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


def _duties(sections: list[Section]) -> Answer:
    """A duty answer of the sections: a title, then one item each."""
    items = tuple(Item(s, f"mục {s.path}") for s in sections)
    blocks = (Intro("Nhiệm vụ <của> Sở & Ban:"), DirectiveGroup(None, items))
    return Answer("q", True, blocks, tuple(Citation(s, 1.0) for s in sections[:10]))


def test_a_long_answer_is_split_on_section_lines_each_part_valid(messages: Messages):
    sections = [_section(n, f"{n}. {NASTY} " * 4) for n in range(1, 16)]
    answer = _duties(sections)
    text = answer.text
    assert text == "Nhiệm vụ <của> Sở & Ban:\n\n" + "\n".join(
        f"• mục {s.path}: {s.text}" for s in sections
    )

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
    answer = _duties(sections)
    text = answer.text

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
    answer = Answer("q", True, (Prose(f"{emoji_line}\n{emoji_line}"),), ())
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


# An answer of every block, built by hand: each renderer walks the blocks, none parses text.
LEAD = Section(DIRECTIVE, "4", "Sở Y tế", "Sở Y tế chủ trì <xét nghiệm>\nhằng ngày.")
DUE = Section(DIRECTIVE, "5", "Sở Y tế", "Báo cáo & tổng hợp.", deadlines=("trước 10/11",))
EVERY_BLOCK = (
    Intro("Nhiệm vụ của Sở Y tế: 2 mục trong 1 văn bản.", ("Gồm cả <Sở cũ>.",)),
    DirectiveGroup(
        "Công văn số 15/2020/NĐ-CP",
        (
            Item(LEAD, "mục 4", Role.LEAD, "chủ trì"),
            Item(DUE, "mục 5", Role.COOPERATING, "phối hợp", "Thời hạn: trước 10/11"),
        ),
        DIRECTIVE,
    ),
    Quote("Theo mục 4:", LEAD, "xét nghiệm", "» xét nghiệm"),
    Passage("Toàn văn mục:", Section(DIRECTIVE, "4", "", "dòng 1\n  tiếp\ndòng 2")),
    DirectiveList(
        "Các văn bản:", (Entry(DIRECTIVE, "Công văn số 15: V/v <phòng>"),), "• … và 2 văn bản."
    ),
    References("Các mục gần nhất:", (Reference(DUE, "Công văn, mục 5"),)),
    Note("Còn 3 mục <cũ hơn>."),
)
EVERY_TEXT = """Nhiệm vụ của Sở Y tế: 2 mục trong 1 văn bản.
Gồm cả <Sở cũ>.

Công văn số 15/2020/NĐ-CP
• mục 4 [chủ trì]: Sở Y tế chủ trì <xét nghiệm> hằng ngày.
• mục 5 [phối hợp]: Báo cáo & tổng hợp.
  Thời hạn: trước 10/11

Theo mục 4:
» xét nghiệm

Toàn văn mục:
dòng 1
  tiếp
dòng 2

Các văn bản:
• Công văn số 15: V/v <phòng>
• … và 2 văn bản.

Các mục gần nhất:
- Công văn, mục 5

Còn 3 mục <cũ hơn>."""


def test_the_plain_answer_lays_out_each_block_as_a_paragraph():
    answer = Answer("q", True, EVERY_BLOCK, (Citation(LEAD, 0.5),))
    assert answer.text == EVERY_TEXT


def test_render_text_adds_the_numbered_sources_only_when_found(messages: Messages):
    found = Answer("q", True, EVERY_BLOCK[:1], (Citation(LEAD, 0.5), Citation(DUE, 0.4)))
    assert render_text(found, messages) == "\n".join(
        [
            *EVERY_TEXT.split("\n")[:2],
            "",
            "Nguồn:",
            "[1] Công văn số 15/2020/NĐ-CP ngày 13/9/2021 của UBND tỉnh A & B, mục 4",
            "[2] Công văn số 15/2020/NĐ-CP ngày 13/9/2021 của UBND tỉnh A & B, mục 5",
        ]
    )
    refused = Answer("q", False, (Intro("Không tìm thấy."),), (Citation(LEAD, 0.5),))
    assert render_text(refused, messages) == "Không tìm thấy."


def test_render_json_is_the_eval_object_with_the_plain_text():
    answer = Answer("câu hỏi", True, EVERY_BLOCK, (Citation(LEAD, 0.123456, Role.LEAD),))
    assert json.loads(render_json(answer)) == {
        "question": "câu hỏi",
        "found": True,
        "answer": EVERY_TEXT,
        "citations": [
            {
                "document": "cv <1>.docx",
                "number": "15/2020/NĐ-CP",
                "issuer": "UBND tỉnh A & B",
                "date": "2021-09-13",
                "section": "4",
                "heading": "Sở Y tế",
                "text": LEAD.text,
                "score": 0.1235,
            }
        ],
    }


def test_telegram_bolds_titles_escapes_everything_and_keeps_items_whole(messages: Messages):
    answer = Answer("q", True, EVERY_BLOCK, (Citation(LEAD, 0.5),))
    (part,) = telegram_answer(answer, messages)
    telegram_html_text(part)
    paragraphs = part.split("\n\n")
    assert paragraphs[0] == (
        "<b>Nhiệm vụ của Sở Y tế: 2 mục trong 1 văn bản.</b>\nGồm cả &lt;Sở cũ&gt;."
    )
    assert paragraphs[1].split("\n") == [
        "<b>Công văn số 15/2020/NĐ-CP</b>",
        "• mục 4 [chủ trì]: Sở Y tế chủ trì &lt;xét nghiệm&gt; hằng ngày.",
        "• mục 5 [phối hợp]: Báo cáo &amp; tổng hợp.",
        "  Thời hạn: trước 10/11",
    ]
    assert paragraphs[2] == "<b>Theo mục 4:</b>\n» xét nghiệm"
    assert paragraphs[5].startswith("<b>Các mục gần nhất:</b>\n- Công văn")
    assert paragraphs[6] == "<b>Còn 3 mục &lt;cũ hơn&gt;.</b>"
    assert paragraphs[7].startswith(messages.get("answer_sources") + "\n[1] Công văn số")


def test_telegram_prose_has_no_bold_and_its_note_in_italics(messages: Messages):
    answer = Answer("q", True, (Prose("Sở Y tế <chủ trì> [1]."),), (Citation(LEAD, 0.5),), True)
    (part,) = telegram_answer(answer, messages, province="Kon Tum")
    lines = part.split("\n")
    assert lines[0] == messages.html("answer_province", place="tỉnh Kon Tum")
    assert lines[2] == "Sở Y tế &lt;chủ trì&gt; [1]."
    assert lines[4].startswith("<i>") and lines[4].endswith("</i>")


def test_a_deadline_item_is_never_split_from_its_deadline(messages: Messages):
    items = tuple(
        Item(_section(n, f"{n}. {NASTY} " * 3), f"mục {n}", Role.LEAD, "chủ trì", "Thời hạn: x")
        for n in range(1, 30)
    )
    answer = Answer("q", True, (Intro("T"), DirectiveGroup(None, items)), ())
    for part in telegram_answer(answer, messages, limit=1000):
        assert not part.startswith("  Thời hạn")
        assert part.count("• mục") == part.count("Thời hạn: x")


@pytest.mark.parametrize(
    ("date", "said"),
    [("2021-09-13", "ngày 13/9/2021"), ("2021-11", "tháng 11/2021"), ("2025", "năm 2025")],
)
def test_a_directive_is_dated_as_precisely_as_it_says(messages, date, said):
    from bot.citations import directive_line
    from bot.types import Directive

    line = directive_line(
        Directive("x.txt", "h", "Thông báo", None, "UBND tỉnh Lâm Đồng", date=date), messages
    )
    assert line == f"Thông báo {said} của UBND tỉnh Lâm Đồng"
