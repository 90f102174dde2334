"""An answer as pages for a phone: each page one Telegram message of about PAGE_CHARS visible
characters, turned in place. Pure.

The answer's blocks are cut into chunks (a block's title, one item with its deadline, one
source line) that a page never splits; a title stays on the page of its first line. Each page
knows the sources ([n]) its lines name, in the body's order, so that its buttons open exactly
those. When the body names none of its citations (a prose answer, a signer's), they are listed
after it under "Nguồn:", one line each; an answer that names some of its sources (a quote's)
shows no others (they ranked it, they do not answer it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.citations import citation_line
from bot.messages import Messages
from bot.rendering import TELEGRAM_LIMIT, HtmlLine, html_lines, telegram_length
from bot.telegram.sending import plain_text
from bot.types import (
    Answer,
    Block,
    DirectiveGroup,
    DirectiveList,
    Passage,
    Quote,
    References,
    Section,
)

PAGE_CHARS = 1500  # visible characters a page aims at: about one phone screen and a half
GROUP_CHARS = 1000  # a group gets one short page, and a link to the rest


@dataclass(frozen=True)
class Page:
    """One message of an answer: its HTML and the sources its lines name, in order."""

    html: str
    sources: tuple[int, ...] = ()

    @property
    def visible(self) -> int:
        """The characters a reader sees (Telegram's count)."""
        return telegram_length(plain_text(self.html))


@dataclass(frozen=True)
class _Chunk:
    """Lines a page never splits; `glue`: kept on the page of the chunk after it."""

    lines: tuple[HtmlLine, ...]
    sources: tuple[int, ...] = ()
    glue: bool = False


def answer_pages(
    answer: Answer,
    messages: Messages,
    chars: int = PAGE_CHARS,
    limit: int = TELEGRAM_LIMIT,
) -> list[Page]:
    """The answer's pages, in order; at least one. (A province filter is told by the
    answer's own first block: bot.assistant.filter_note.)"""
    chunks = _chunks(answer, messages, limit)
    return [_page(group) for group in _pack(chunks, chars, limit)] or [
        Page(messages.html("error"))
    ]


def _chunks(answer: Answer, messages: Messages, limit: int) -> list[_Chunk]:
    chunks: list[_Chunk] = []
    numbers = _numbers(answer)
    for block in answer.blocks:
        chunks += _block_chunks(block, numbers, limit // 2, new_block=bool(chunks))
    if answer.generated:
        lines = html_lines(messages.get("generated_note"), limit // 2)
        italic = [HtmlLine(f"<i>{line.html}</i>") for line in lines]
        chunks.append(_Chunk(_first_new((*italic,))))
    if answer.found and answer.citations and not any(chunk.sources for chunk in chunks):
        title = HtmlLine(messages.html("answer_sources"), new_block=True)
        chunks.append(_Chunk((title,), glue=True))
        for n in range(1, len(answer.citations) + 1):
            line = f"[{n}] {citation_line(answer.citations[n - 1].section, messages)}"
            chunks.append(_Chunk(tuple(html_lines(line, limit // 2)), (n,)))
    return chunks


def _numbers(answer: Answer) -> dict[Section, int]:
    """Each cited section's [n] (its first citation)."""
    numbers: dict[Section, int] = {}
    for n, citation in enumerate(answer.citations, start=1):
        numbers.setdefault(citation.section, n)
    return numbers


def _block_chunks(
    block: Block, numbers: dict[Section, int], limit: int, new_block: bool
) -> list[_Chunk]:
    """A block's title (bold, glued to its first line), then a chunk per body line."""
    chunks = []
    if block.title is not None:
        own = _sources(numbers, _block_sections(block))
        chunks.append(_Chunk(tuple(html_lines(block.title, limit, bold=True)), own, glue=True))
    for line, cited in zip(block.body(), _line_sections(block), strict=False):
        pieces = html_lines(line, limit)
        sources = (cited,) if isinstance(cited, int) else _sources(numbers, cited)
        chunks += [_Chunk((p,), sources if k == 0 else ()) for k, p in enumerate(pieces)]
    for line in block.body()[len(_line_sections(block)) :]:  # lines naming no section
        chunks += [_Chunk((p,)) for p in html_lines(line, limit)]
    if chunks and new_block:
        chunks[0] = _Chunk(_first_new(chunks[0].lines), chunks[0].sources, chunks[0].glue)
    return chunks


def _block_sections(block: Block) -> tuple[Section, ...]:
    """The sections a block names as a whole (a quote's, a passage's)."""
    return (block.section,) if isinstance(block, Quote | Passage) else ()


def _line_sections(block: Block) -> list[tuple[Section, ...] | int]:
    """What each body line names: an item's [n], or the sections of an entry or reference."""
    if isinstance(block, DirectiveGroup):
        return [item.number or (item.section,) for item in block.items]
    if isinstance(block, DirectiveList):
        return [entry.sections for entry in block.entries]
    if isinstance(block, References):
        return [(r.section,) for r in block.references]
    return [() for _ in block.body()]


def _sources(numbers: dict[Section, int], sections: Iterable[Section]) -> tuple[int, ...]:
    found = (numbers.get(s) for s in sections)
    return tuple(n for n in found if n)


def _first_new(lines: tuple[HtmlLine, ...]) -> tuple[HtmlLine, ...]:
    """The lines, a blank line before the first."""
    if not lines:
        return lines
    return (HtmlLine(lines[0].html, new_block=True), *lines[1:])


def _pack(chunks: list[_Chunk], chars: int, limit: int) -> list[list[_Chunk]]:
    """Chunks onto pages of about `chars` visible characters (at most `limit` of HTML); a
    glued chunk goes with the one after it, and a page holds at least one group."""
    pages: list[list[_Chunk]] = []
    current: list[_Chunk] = []
    start = 0
    while start < len(chunks):
        end = start + 1
        while chunks[end - 1].glue and end < len(chunks):
            end += 1
        group = chunks[start:end]
        if current and (
            _visible(current + group) > chars or telegram_length(_html(current + group)) > limit
        ):
            pages.append(current)
            current = []
        current += group
        start = end
    if current:
        pages.append(current)
    return pages


def _page(chunks: list[_Chunk]) -> Page:
    sources = dict.fromkeys(n for chunk in chunks for n in chunk.sources)
    return Page(_html(chunks), tuple(sources))


def _html(chunks: list[_Chunk]) -> str:
    """The chunks' lines as one message; the page's first line never opens with a blank."""
    text = ""
    for line in (line for chunk in chunks for line in chunk.lines):
        text += ("\n\n" if line.new_block else "\n") + line.html if text else line.html
    return text


def _visible(chunks: list[_Chunk]) -> int:
    return telegram_length(plain_text(_html(chunks)))
