"""Lines of text → Blocks: paragraphs rebuilt from hard-wrapped lines, tables recognised.

Web crawls (html2text of a directive page) and PDF text layers break lines at a fixed width,
wherever a word ends: a heading may begin at the end of a line ("**4.\\nNguy cơ…**"), a name
may be split ("Sở Tài\\nchính"). A line continues the one before unless that one ended a
sentence, or the line opens a list item or an article, or the document was not hard-wrapped
at all (then only a line starting in lower case continues). Markdown emphasis is removed
after the lines are joined, so a bold span over several lines holds them together, and bold
around a number ("**1.****") leaves the number. Tables come two ways: markdown pipe tables,
and header tables that html2text flattened into cells between lone "|" lines.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from bot.blocks import Block, is_header_row, item, paragraph, table_row

# An item's marker at the start of a line: "1.", "1.2.", "1.2", "2)", "II.", "a)", "(1)", "-".
LIST_MARKER = re.compile(
    r"^(?P<marker>\d{1,2}(?:\.\d{1,2}){0,3}[.)]|\d{1,2}(?:\.\d{1,2}){1,3}(?=\s)"
    r"|[IVXL]{1,6}[.)]|[a-zđ]\)|\(\d{1,2}\)|[-–•+*](?=\s|$))(?:\s+|$)(?P<text>.*)$"
)
# Lines that open a part of the document whatever stands before them.
HEADING_START = re.compile(
    r"^(Điều\s+\d+\s*[.:]|Chương\s+[IVXL\d]+\b|PHỤ LỤC\b|Phụ lục\s+[IVXL\d]+\b|Mục\s+\d+[.:]"
    r"|Kính gửi\b|Nơi nhận\b|Căn cứ\b|Theo đề nghị\b|Xét đề nghị\b|V/v\b)"
)
_SENTENCE_END = re.compile(r"[.;:!?…]['\"”’)*_]*$")
_DECORATION = re.compile(r"^[-_=~.*\s]{3,}$")  # the rule under a header cell, "* * *"
_EMPHASIS = re.compile(r"\*+(?=\S)|(?<=\S)\*+|\*{2,}")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_LABEL = re.compile(r"^.{1,12}:$")  # "Số:", "Kính gửi:" left alone at a line end
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_TABLE_SEPARATOR = re.compile(r"^\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$")
_FLATTENED_LIST = re.compile(r"(?<=[;:]) (?=- )")
_WRAP_MIN, _WRAP_MAX = 50, 140  # widths a hard-wrapped text is set at
_CELL_LINES = 6
_SPACED_SHARE = 0.15  # blank lines per filled line in a text that spaces its paragraphs
_FULL_LINE = 0.75  # of the wrap width: a line this long stopped only because the width ran out
_EMPHASIS_REACH = 300  # an unclosed "**" holds lines together this far at most


@dataclass(frozen=True)
class Wrap:
    """How a text's lines were laid out. width: the width they were hard-wrapped at (0: each
    line is a paragraph, or a wrap is seen only from a lower-case start); spaced: blank lines
    separate paragraphs; short_first: a paragraph's first line may be short (html2text
    counts the first-line indent) while the next runs full."""

    width: int = 0
    spaced: bool = False
    short_first: bool = False


NOT_WRAPPED = Wrap()


def read_text(text: str) -> list[Block]:
    """The blocks of a plain-text or markdown document."""
    lines = [squash(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    wrap = Wrap(wrap_width(lines), _spaced(lines), short_first=True)
    blocks: list[Block] = []
    for kind, segment in _segments(lines):
        if kind == "pipe":
            blocks.extend(_pipe_table(segment))
        else:  # a short run between "|" lines is a cell of a header or signature table
            cell = sum(1 for line in segment if line) <= _CELL_LINES
            blocks.extend(to_blocks(rebuild(segment, NOT_WRAPPED if cell else wrap)))
    return blocks


def _spaced(lines: list[str]) -> bool:
    """Whether blank lines separate the paragraphs (so a line inside a run of lines goes on
    with the one before, even after a ";")."""
    filled = sum(1 for line in lines if line)
    return filled > 0 and (len(lines) - filled) >= _SPACED_SHARE * filled


def wrap_width(lines: list[str]) -> int:
    """The width the text was hard-wrapped at (most long lines end near it and hardly any runs
    past it), or 0 when its lines are paragraphs."""
    lengths = [len(line) for line in lines if len(line) >= 20 and not line.startswith("|")]
    if len(lengths) < 8:
        return 0
    width = statistics.quantiles(lengths, n=10)[-1]  # the 90th percentile
    if not _WRAP_MIN <= width <= _WRAP_MAX:
        return 0
    near = sum(n >= 0.7 * width for n in lengths) / len(lengths)
    beyond = sum(n > width + 20 for n in lengths) / len(lengths)
    return int(width) if near >= 0.2 and beyond <= 0.02 else 0


def squash(line: str) -> str:
    """A line with its spaces (nbsp and the like) folded and its ends trimmed."""
    return _SPACES.sub(" ", line).strip()


def _segments(lines: list[str]) -> Iterable[tuple[str, list[str]]]:
    """Runs of lines: "pipe" (a markdown table) or "text" (lines between lone "|" lines, the
    cell borders of a flattened table, or plain text)."""
    run: list[str] = []
    kind = "text"
    for i, line in enumerate(lines):
        if _is_pipe_row(line) and (kind == "pipe" or _starts_pipe_table(lines, i)):
            if kind != "pipe":
                yield kind, run
                run, kind = [], "pipe"
            run.append(line)
            continue
        if kind == "pipe" or line in ("|", "\\|"):
            yield kind, run
            run, kind = [], "text"
        if line not in ("|", "\\|"):
            run.append(line)
    yield kind, run


def _is_pipe_row(line: str) -> bool:
    return line.startswith("|") and line.endswith("|") and line.count("|") >= 3


def _starts_pipe_table(lines: list[str], at: int) -> bool:
    return at + 1 < len(lines) and bool(_TABLE_SEPARATOR.match(lines[at + 1]))


def rebuild(lines: list[str], wrap: Wrap = NOT_WRAPPED) -> list[str]:
    """The paragraphs of consecutive lines laid out as `wrap` says (blank lines always end
    paragraphs), markdown removed."""
    paragraphs: list[list[str]] = []
    for line in lines:
        line = _MD_HEADING.sub("", line)
        if _DECORATION.match(line) and not _is_marker_only(line):
            continue
        if paragraphs and paragraphs[-1] and line and _continues(paragraphs[-1], line, wrap):
            paragraphs[-1].append(line)
        elif line:
            paragraphs.append([line])
        elif paragraphs and paragraphs[-1]:
            paragraphs.append([])
    texts = (_strip_markdown(" ".join(p)) for p in paragraphs if p)
    return [t for t in texts if t]


def _continues(before: list[str], line: str, wrap: Wrap) -> bool:
    """Whether `line` goes on with the paragraph made of `before`."""
    previous, current = _plain(before[-1]), _plain(line)
    joined = " ".join(before)
    if _opens_block(current):
        return _is_marker_only(previous)
    if _is_marker_only(previous) or _is_label(previous):
        return True
    if _is_caps(previous) and current.isupper() and current.isalpha():
        return True  # the last word of a title in capitals ("THỦ TƯỚNG CHÍNH" / "PHỦ")
    if _is_caps(previous) or _is_caps(current):
        return _caps_continue(previous, current, wrap)
    if _open_emphasis(joined):
        return True
    if joined.startswith("**") and before[-1].endswith("**"):  # a bold heading just closed
        return False
    if wrap.spaced and wrap.width:  # a wrapped text whose paragraphs blank lines separate
        return True
    if not previous or _SENTENCE_END.search(previous):
        return False
    if line[:1].islower():
        return True
    return bool(wrap.width) and _wrapped_before(before, previous, current, wrap)


def _caps_continue(previous: str, current: str, wrap: Wrap) -> bool:
    """Lines in capitals are titles (a header's, the signer's): they stay apart, and apart
    from what follows, unless a numbered heading or a full wrapped line runs on."""
    if not (_is_caps(previous) and _is_caps(current)):
        return False
    return bool(LIST_MARKER.match(previous)) or (
        bool(wrap.width) and len(previous) >= _FULL_LINE * wrap.width
    )


def _is_caps(line: str) -> bool:
    """A line in capitals with at least two words (a title), not a code ("214/NQ-CP")."""
    words = [w.strip(',.;:()"“”') for w in line.split()]
    words = [w for w in words if len(w) > 1 and w.isalpha()]
    return line.isupper() and len(words) >= 2


def _wrapped_before(before: list[str], previous: str, line: str, wrap: Wrap) -> bool:
    """Whether a line starting with a capital continues a wrapped paragraph: the line before
    ran to the wrap width (or, opening the paragraph, was short only because the paragraph's
    first line is indented, the next one being full)."""
    full = _FULL_LINE * wrap.width
    indented = len(before) == 1 and (wrap.short_first or not LIST_MARKER.match(previous))
    return len(previous) >= full or (indented and len(line) >= full)


def _plain(line: str) -> str:
    return " ".join(_EMPHASIS.sub(" ", line).split())


def _opens_block(line: str) -> bool:
    return bool(line) and bool(LIST_MARKER.match(line) or HEADING_START.match(line))


def _is_marker_only(line: str) -> bool:
    match = LIST_MARKER.match(_plain(line))
    return match is not None and not match.group("text")


def _is_label(line: str) -> bool:
    """A field name alone at a line's end ("Số:"), its value on the next line."""
    return bool(_LABEL.match(line)) and not LIST_MARKER.match(line)


def _open_emphasis(text: str) -> bool:
    """Whether a bold or italic span is still open at the end of `text`."""
    if len(text) > _EMPHASIS_REACH:
        return False
    return text.count("**") % 2 == 1 or text.replace("**", "").count("*") % 2 == 1


def _strip_markdown(text: str) -> str:
    return " ".join(_EMPHASIS.sub("", text).replace("\\", "").split())


def to_blocks(paragraphs: Iterable[str]) -> list[Block]:
    """Paragraph texts as blocks: a leading list marker makes an item."""
    blocks = []
    for text in paragraphs:
        match = LIST_MARKER.match(text)
        if match and match.group("text"):
            marker = "-" if match.group("marker") in ("–", "*") else match.group("marker")
            blocks.append(item(marker, match.group("text")))
        elif not (match and not match.group("text")):  # a lone marker says nothing
            blocks.append(paragraph(text))
    return blocks


def _pipe_table(lines: list[str]) -> list[Block]:
    """A markdown table: a task table keeps its header; a layout table gives its cells."""
    rows = [_cells(line) for line in lines if not _TABLE_SEPARATOR.match(line)]
    rows = [row for row in rows if any(row)]
    if not rows:
        return []
    if len(rows) > 1 and is_header_row(tuple(rows[0])):
        return [table_row(row, rows[0]) for row in rows[1:]]
    return [table_row(_layout_lines(cell) for cell in row) for row in rows]


def _cells(line: str) -> list[str]:
    inner = line.strip()[1:-1]
    return [_strip_markdown(cell) for cell in re.split(r"(?<!\\)\|", inner)]


def _layout_lines(cell: str) -> str:
    """A flattened layout cell in its lines: the rule under a title dropped, a title in
    capitals apart from the name or motto after it, and a list after ":" or ";" one a line."""
    cell = re.sub(r"\s[-_=]{3,}(\s|$)", "\n", cell)
    cell = _FLATTENED_LIST.sub("\n", cell)
    lines = (part for line in cell.split("\n") for part in _split_title(line.split()))
    return "\n".join(lines)


def _split_title(words: list[str]) -> list[str]:
    """ "CHỦ TỊCH Hoàng Quốc Khánh" → ["CHỦ TỊCH", "Hoàng Quốc Khánh"]: a title in capitals
    ends where a capitalised word in lower case follows."""
    for i in range(2, len(words)):
        caps = all(w.isupper() for w in words[:i])
        if caps and words[i][:1].isupper() and not words[i].isupper() and words[i][1:].islower():
            return [" ".join(words[:i]), *_split_title(words[i:])]
    return [" ".join(words)] if words else []
