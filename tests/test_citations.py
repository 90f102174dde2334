"""Citation lines name a directive as a person can check it: number, issuer, date, section;
a file name only when the directive has neither number nor date, and never a stored name the
project generated."""

from __future__ import annotations

from bot.citations import citation_line
from bot.messages import Messages
from bot.types import Directive, Section


def _line(messages: Messages, **fields: str) -> str:
    source = fields.pop("source", "cong-van.docx")
    directive = Directive(source, "h", doc_type="Công văn", issuer="UBND tỉnh Kon Tum", **fields)
    return citation_line(Section(directive, "4", "", "…"), messages)


def test_a_numbered_dated_directive_is_cited_without_its_file(messages: Messages) -> None:
    line = _line(messages, number="3262/UBND-KGVX", date="2021-09-13")
    assert line == "Công văn số 3262/UBND-KGVX ngày 13/9/2021 của UBND tỉnh Kon Tum, mục 4"
    assert "tệp" not in _line(messages, date="2022-12")  # a month is enough to find it


def test_a_directive_with_neither_number_nor_date_names_its_own_file(messages: Messages) -> None:
    assert _line(messages).endswith("mục 4 (tệp cong-van.docx)")
    assert "tệp" not in _line(messages, source="003_7fb4cec1c8990077.txt")


def test_a_web_republication_without_number_or_date_gives_the_page_date(
    messages: Messages,
) -> None:
    line = _line(messages, source="003_7fb4cec1c8990077.txt", published="2022-09-22")
    assert line == "Công văn của UBND tỉnh Kon Tum (đăng ngày 22/9/2022), mục 4"
    dated = _line(messages, date="2022-09-20", published="2022-09-22")
    assert "đăng ngày" not in dated  # its own date is what a person looks it up by
