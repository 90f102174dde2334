"""PDF text layer → Blocks: page furniture dropped, paragraphs rebuilt across lines and pages.

A PDF's text layer breaks every line at the text width and runs the page number, the running
header and the footnotes into the text: a sentence that goes on over a page break reads
"... Nghị định này xử / 2 / lý vi phạm ...", and a footnote lands between the two halves. Here
the page numbers and running lines are dropped, a footnote is taken out of the sentence (and
its reference mark off the word) and put after the paragraph, and the lines are rebuilt into
paragraphs as bot/layout.py does for web crawls.
"""

from __future__ import annotations

import re

from bot.blocks import Block
from bot.layout import Wrap, rebuild, squash, to_blocks, wrap_width

# Page furniture of a PDF text layer: a page number alone on a line ("2", "- 2 -", "Trang 2").
_PAGE_NUMBER = re.compile(r"^(?:trang\s*)?[-–]?\s*\d{1,3}\s*[-–]?(?:\s*/\s*\d{1,3})?$", re.I)
_FOOTNOTE = re.compile(r"^(\d{1,2})\s+\S")
_RUNNING_MIN_PAGES = 3


def read_pages(pages: list[str]) -> list[Block]:
    """The blocks of a PDF's pages: page numbers and running headers and footers dropped,
    footnotes moved out of the sentence they interrupt to after its paragraph."""
    page_lines = [[squash(line) for line in page.split("\n")] for page in pages]
    running = _running_lines(page_lines)
    body: list[str] = []
    notes: list[tuple[str, list[str]]] = []  # (the body line before, the footnote's lines)
    for lines in page_lines:
        lines = _trim([line for line in lines if _furniture_key(line) not in running])
        lines = _trim(_drop_page_number(lines))
        text, footnotes = _split_footnotes(lines)
        body.extend(text)
        notes.extend((text[-1] if text else "", note) for note in footnotes)
    paragraphs = rebuild(body, Wrap(wrap_width(body) or _default_width(body)))
    return to_blocks(_place_notes(paragraphs, notes))


def _trim(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start]:
        start += 1
    while end > start and not lines[end - 1]:
        end -= 1
    return lines[start:end]


def _furniture_key(line: str) -> str:
    return re.sub(r"\d+", "#", line.lower())


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Lines standing first or last on most pages (a running header or footer)."""
    if len(pages) < _RUNNING_MIN_PAGES:
        return set()
    counts: dict[str, int] = {}
    for lines in pages:
        edge = _trim(lines)
        for key in {_furniture_key(line) for line in edge[:2] + edge[-2:] if line}:
            counts[key] = counts.get(key, 0) + 1
    return {key for key, n in counts.items() if n >= max(_RUNNING_MIN_PAGES, len(pages) / 2)}


def _drop_page_number(lines: list[str]) -> list[str]:
    if lines and _PAGE_NUMBER.match(lines[0]):
        lines = lines[1:]
    if lines and _PAGE_NUMBER.match(lines[-1]):
        lines = lines[:-1]
    return lines


def _split_footnotes(lines: list[str]) -> tuple[list[str], list[list[str]]]:
    """A page's body lines and its footnotes: the lines after the page's last blank line
    when they open with a number the body carries as a reference mark ("thống nhất1.")."""
    if "" not in lines:
        return lines, []
    cut = len(lines) - lines[::-1].index("")
    tail, body = lines[cut:], lines[: cut - 1]
    first = _FOOTNOTE.match(tail[0]) if tail else None
    if not first or len(tail) > len(body):
        return lines, []
    marks = [(i, m) for i, line in enumerate(body) for m in _marks(line, first.group(1))]
    if not marks:
        return lines, []
    at, mark = marks[-1]
    body[at] = body[at][: mark.start()] + body[at][mark.end() :]
    return body, [tail]


def _marks(line: str, number: str) -> list[re.Match[str]]:
    """Footnote reference marks in a line: the number glued to a word in lower case
    ("thống nhất1."), not a code such as "F1" or "COVID-19"."""
    found = re.finditer(rf"(?<=\w){number}(?=[.,;:)”\s]|$)", line)
    return [m for m in found if line[m.start() - 1].islower()]


def _place_notes(paragraphs: list[str], notes: list[tuple[str, list[str]]]) -> list[str]:
    """The paragraphs with each footnote after the paragraph its page's text ended in."""
    out = list(paragraphs)
    for anchor, lines in notes:
        note = " ".join(lines)
        at = next((i for i, p in enumerate(out) if anchor and anchor in p), len(out) - 1)
        out.insert(at + 1, note)
    return out


def _default_width(lines: list[str]) -> int:
    """A PDF's lines are always broken at the text width: the longest usual line."""
    lengths = sorted(len(line) for line in lines if line)
    return lengths[int(len(lengths) * 0.9)] if lengths else 0
