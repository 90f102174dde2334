"""Answer → terminal text, a JSON line (shared/EVAL.md) or Telegram HTML messages. Pure.

Each walks the answer's blocks (bot/types.py): the plain text lays each out as a paragraph
(the EVAL.md "answer"); Telegram bolds a block's title, escapes every line and never splits
an item (a section with its deadline) between two messages. Nothing is parsed back from text.

Telegram messages are at most 4096 characters, counted both in code points and in UTF-16
units, after NFC. A long answer is split between its lines (one line per section), never
inside one; a single section longer than a message is split between words. Every part is
valid HTML on its own: document text is escaped and tags never span two lines. An answer and
a citation card are at most MAX_PARTS messages: what does not fit is cut, with a note saying
so (an answer keeps its numbered sources, which its buttons open). The bot itself sends an
answer a page at a time (bot/telegram/paging.py, over HtmlLine and html_lines); the
citation card is still split here.
"""

from __future__ import annotations

import html
import json
import unicodedata
from dataclasses import dataclass

from bot.citations import citation_line, directive_line, section_label
from bot.messages import Messages, shipped_text
from bot.metadata import place_name
from bot.retrieval import newest_first_key
from bot.types import Answer, Block, Directive, Section

TELEGRAM_LIMIT = 4096
MAX_PARTS = 2  # messages per answer and per citation card
_SUBJECT_CHARS = 300  # a /vanban entry shows at most this much of the subject


def render_text(answer: Answer, messages: Messages) -> str:
    """The answer as a person reads it in a terminal: text, then numbered sources."""
    lines = [answer.text]
    if answer.generated:
        lines += ["", messages.get("generated_note")]
    if answer.found and answer.citations:
        lines += ["", messages.get("sources")]
        lines += [
            f"[{n}] {citation_line(c.section, messages)}"
            for n, c in enumerate(answer.citations, start=1)
        ]
    return "\n".join(lines)


def render_json(answer: Answer) -> str:
    """One JSON object on one line."""
    return json.dumps(answer.to_json(), ensure_ascii=False)


def render_directives(directives: list[Directive]) -> str:
    """The indexed directives (`python -m bot docs`), one block each, newest first."""
    blocks = []
    for d in sorted(directives, key=lambda d: d.date or d.published or "", reverse=True):
        fields = {
            "file": d.source,
            "doc_type": d.doc_type,
            "number": d.number,
            "date": d.date,
            "issuer": d.issuer,
            "province": d.province,
            "subject": d.subject,
            "signer": d.signer,
        }
        values = {key: value if value else "—" for key, value in fields.items()}
        blocks.append(shipped_text("docs_directive", **values))
    return "\n\n".join(blocks)


@dataclass(frozen=True)
class HtmlLine:
    """One line of a Telegram message, as HTML, and whether a blank line goes before it."""

    html: str
    new_block: bool = False


def telegram_length(text: str) -> int:
    """Telegram's length of a text: the larger of its code points and UTF-16 units."""
    return max(len(text), len(text.encode("utf-16-le")) // 2)


def telegram_answer(
    answer: Answer, messages: Messages, province: str | None = None, limit: int = TELEGRAM_LIMIT
) -> list[str]:
    """The answer as HTML messages: its blocks (titles bold), then the numbered sources its
    buttons open."""
    note = province and messages.html("answer_province", place=place_name(province))
    lines = [HtmlLine(note)] if note else []
    for block in answer.blocks:
        lines += _paragraph(block, limit // 2, new_block=bool(lines))
    if answer.generated:
        generated = html_lines(messages.get("generated_note"), limit)
        lines += [
            HtmlLine(f"<i>{line.html}</i>", new_block=n == 0) for n, line in enumerate(generated)
        ]
    sources: list[HtmlLine] = []
    if answer.found and answer.citations:
        sources.append(HtmlLine(messages.get("answer_sources"), new_block=True))
        for n, citation in enumerate(answer.citations, start=1):
            sources += html_lines(f"[{n}] {citation_line(citation.section, messages)}", limit)
    cut = HtmlLine(messages.html("answer_continues"), new_block=True)
    return _pack_at_most(lines, sources, limit, cut)


def telegram_section(
    section: Section, messages: Messages, limit: int = TELEGRAM_LIMIT
) -> list[str]:
    """A cited section in full, under its directive's header."""
    d = section.directive
    lines = html_lines(directive_line(d, messages), limit, bold=True)
    if d.subject:
        lines += html_lines(messages.get("card_subject", subject=d.subject), limit)
    if d.signer:
        signer = f"{d.signer} ({d.signer_title})" if d.signer_title else d.signer
        lines += html_lines(messages.get("card_signer", signer=signer), limit)
    lines += html_lines(messages.get("card_file", file=d.source), limit)
    title = section_label(section.path, messages)
    if section.heading and section.heading not in section.text[: len(section.heading) + 5]:
        title += f" — {section.heading}"
    lines += _block(title, limit, new_block=True, bold_first=True)
    for text_line in section.text.split("\n"):
        lines += html_lines(text_line, limit // 2)  # half messages: a cut keeps half of one
    if section.deadlines:
        deadlines = "; ".join(section.deadlines)
        lines += html_lines(messages.get("card_deadline", deadlines=deadlines), limit)
    cut = HtmlLine(messages.html("card_continues"), new_block=True)
    return _pack_at_most(lines, [], limit, cut)


def telegram_directives(
    directives: list[Directive], page: int, size: int, messages: Messages
) -> tuple[str, int, int]:
    """One page of the indexed directives, newest first: (text, the page shown, pages).
    Pages count from 0; a page out of range shows the nearest one."""
    if not directives:
        return messages.html("directives_empty"), 0, 1
    ordered = sorted(directives, key=newest_first_key)
    pages = -(-len(ordered) // size)
    page = min(max(page, 0), pages - 1)
    header = messages.html("directives_header", count=len(ordered), page=page + 1, pages=pages)
    entries = []
    for n, d in enumerate(ordered[page * size : (page + 1) * size], start=page * size + 1):
        subject = d.subject or messages.get("directive_untitled")
        if len(subject) > _SUBJECT_CHARS:
            subject = subject[:_SUBJECT_CHARS].rsplit(" ", 1)[0] + "…"
        title = html.escape(f"{n}. {directive_line(d, messages)}", quote=False)
        entries.append(f"<b>{title}</b>\n{html.escape(subject, quote=False)}")
    return "\n\n".join([header, *entries]), page, pages


def _paragraph(block: Block, limit: int, new_block: bool) -> list[HtmlLine]:
    """A block as escaped lines: its title in bold, then its body, one line per item (an item
    is never split between two messages unless it is longer than one)."""
    lines = html_lines(block.title, limit, bold=True) if block.title is not None else []
    for line in block.body():
        lines += html_lines(line, limit)
    if lines and new_block:
        lines[0] = HtmlLine(lines[0].html, new_block=True)
    return lines


def _block(text: str, limit: int, new_block: bool, bold_first: bool) -> list[HtmlLine]:
    """A title (bold if asked) and its lines; an indented line stays with the one before."""
    items: list[str] = []
    for line in text.split("\n"):
        if items and line[:1].isspace():
            items[-1] += "\n" + line
        else:
            items.append(line)
    lines = []
    for n, item in enumerate(items):
        lines += html_lines(item, limit, bold=bold_first and n == 0)
    if lines and new_block:
        lines[0] = HtmlLine(lines[0].html, new_block=True)
    return lines


def html_lines(text: str, limit: int, bold: bool = False) -> list[HtmlLine]:
    """Plain text as escaped HTML lines, cut between words when longer than a message."""
    text = unicodedata.normalize("NFC", text)
    escaped = html.escape(text, quote=False)
    if bold and telegram_length(escaped) + 7 <= limit:
        return [HtmlLine(f"<b>{escaped}</b>")]
    if telegram_length(escaped) <= limit:
        return [HtmlLine(escaped)]
    return [HtmlLine(html.escape(piece, quote=False)) for piece in _cut(text, limit)]


def _cut(text: str, limit: int) -> list[str]:
    """Pieces of text, each escaping to at most limit characters, cut after a space if any."""
    pieces = []
    while text:
        end = _longest_prefix(text, limit)
        space = text.rfind(" ", 0, end)
        if end < len(text) and space > end // 2:
            end = space + 1
        pieces.append(text[:end].rstrip())
        text = text[end:].lstrip()
    return [p for p in pieces if p]


def _longest_prefix(text: str, limit: int) -> int:
    """The longest prefix length whose escaped form fits in limit (binary search)."""
    low, high = 1, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if telegram_length(html.escape(text[:middle], quote=False)) <= limit:
            low = middle
        else:
            high = middle - 1
    return low


def _pack_at_most(
    head: list[HtmlLine], tail: list[HtmlLine], limit: int, cut: HtmlLine
) -> list[str]:
    """head then tail in at most MAX_PARTS messages: when they do not fit, the most of head
    that fits with the `cut` note and the whole tail."""
    packed = _pack(head + tail, limit)
    if len(packed) <= MAX_PARTS:
        return packed

    def fits(k: int) -> bool:
        return len(_pack([*head[:k], cut, *tail], limit)) <= MAX_PARTS

    low, high = 0, len(head)  # the largest k that fits (fewer lines never need more parts)
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return _pack([*head[:low], cut, *tail], limit)[:MAX_PARTS]


def _pack(lines: list[HtmlLine], limit: int) -> list[str]:
    """Lines into as few messages as fit, each within the limit; blank lines kept inside."""
    parts: list[str] = []
    current = ""
    for line in lines:
        joined = (
            current + ("\n\n" if line.new_block else "\n") + line.html if current else line.html
        )
        if telegram_length(joined) <= limit:
            current = joined
        else:
            parts.append(current)
            current = line.html
    if current:
        parts.append(current)
    return parts
