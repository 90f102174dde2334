"""The structure a loader reads from a file, and the canonical text the parser is given.

A loader turns a file into `Block`s: headings, paragraphs, list items with their number or
marker ("1.", "a)", "-"), and table rows with their table's header cells. `to_text` writes them
as the one text every format shares: one paragraph per line, an item as "1. text", a task-table
row as one item followed by "Field: value" lines named by the row's own header cells, and the
cells of a layout table (a header, a signature block) each on its own line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from bot.text import fold

HEADING = "heading"
PARAGRAPH = "paragraph"
ITEM = "item"
TABLE_ROW = "table_row"


@dataclass(frozen=True)
class Block:
    """One unit of a document's structure.

    kind: HEADING, PARAGRAPH, ITEM or TABLE_ROW. text: the paragraph's or item's text (without
    its marker). marker: an item's number or bullet as written ("1.", "1.2.", "a)", "II.",
    "-"). header, cells: a table row's header cells (empty for a layout table) and its cells.
    """

    kind: str
    text: str = ""
    marker: str = ""
    header: tuple[str, ...] = ()
    cells: tuple[str, ...] = ()


def paragraph(text: str) -> Block:
    """A plain paragraph."""
    return Block(PARAGRAPH, text)


def item(marker: str, text: str) -> Block:
    """A list item with its number or bullet."""
    return Block(ITEM, text, marker=marker)


def table_row(cells: Iterable[str], header: Iterable[str] = ()) -> Block:
    """A table row; `header` is its table's header row when the table has one."""
    return Block(TABLE_ROW, header=tuple(header), cells=tuple(cells))


def map_text(blocks: Iterable[Block], convert: Callable[[str], str]) -> list[Block]:
    """The blocks with every text in them converted (e.g. from a legacy font encoding)."""
    return [
        replace(
            b,
            text=convert(b.text),
            marker=convert(b.marker),
            header=tuple(map(convert, b.header)),
            cells=tuple(map(convert, b.cells)),
        )
        for b in blocks
    ]


# Column titles of the task tables directives attach ("STT | Nội dung | Cơ quan chủ trì | ..."),
# folded. A table whose first row holds one of these has a header row; others lay out a page.
NUMBER_COLUMNS = frozenset({"stt", "tt", "so tt", "so thu tu"})
CONTENT_COLUMNS = (
    "noi dung",
    "nhiem vu",
    "ten nhiem vu",
    "cong viec",
    "hoat dong",
    "giai phap",
    "ten de an",
    "ho va ten",
    "ho ten",
)
FIELD_COLUMNS = (
    "co quan",
    "don vi",
    "chu tri",
    "phoi hop",
    "trach nhiem",
    "thoi gian",
    "thoi han",
    "tien do",
    "san pham",
    "ket qua",
    "kinh phi",
    "ghi chu",
    "chuc vu",
    "lanh dao",
)
_ROW_NUMBER = re.compile(r"^(\d{1,3}(?:\.\d{1,2})*|[IVXL]{1,5}|[a-zđ])[.)]?$")


def is_header_row(cells: tuple[str, ...]) -> bool:
    """Whether a table's first row names its columns (a task table), not page layout."""
    names = [_column_key(c) for c in cells if c.strip()]
    if len(names) < 2 or any(len(n) > 60 for n in names):
        return False
    known = sum(
        n in NUMBER_COLUMNS or n.startswith(CONTENT_COLUMNS + FIELD_COLUMNS) for n in names
    )
    return known >= 2


def _column_key(cell: str) -> str:
    return " ".join(fold(cell).replace(".", " ").split())


def to_text(blocks: Iterable[Block]) -> str:
    """The canonical text of a document's blocks (what bot.parsing reads)."""
    lines: list[str] = []
    nested = False  # an item came before: a task table belongs to it
    for block in blocks:
        if block.kind == TABLE_ROW:
            lines.extend(_row_lines(block, nested))
            continue
        if block.kind == ITEM:
            nested = True
            lines.append(f"{block.marker} {block.text}".strip())
        else:
            lines.append(block.text)
    return "\n".join(lines)


def _row_lines(row: Block, nested: bool) -> list[str]:
    """A task-table row as one item and its field lines; a layout row as its cells' lines."""
    if not row.header:
        return [line for cell in row.cells for line in cell.split("\n") if line.strip()]
    pairs = [(_one_line(h), _one_line(c)) for h, c in zip(row.header, row.cells, strict=False)]
    number = next((c for h, c in pairs if _column_key(h) in NUMBER_COLUMNS), "")
    fields = [(h, c) for h, c in pairs if c and _column_key(h) not in NUMBER_COLUMNS]
    if not fields:
        return []
    content_at = next(
        (i for i, (h, _) in enumerate(fields) if _column_key(h).startswith(CONTENT_COLUMNS)), 0
    )
    content = fields[content_at][1]
    rest = [f"{h}: {c}" if h else c for i, (h, c) in enumerate(fields) if i != content_at]
    return [f"{_row_marker(number, nested)} {content}", *rest]


def _row_marker(number: str, nested: bool) -> str:
    """The row's own number as an item marker; a bullet when the table sits inside an item,
    so that its rows stay below that item rather than becoming items beside it."""
    match = _ROW_NUMBER.match(number.strip())
    if nested or not match:
        return "-"
    return f"{match.group(1)}."


def _one_line(text: str) -> str:
    return " ".join(text.split())
