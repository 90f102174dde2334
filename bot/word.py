"""Word (.docx) → Blocks: paragraphs, tables and text boxes in reading order, numbering restored.

Word keeps automatic list numbers out of the text: a paragraph points (directly, or through its
paragraph style) at a numbering definition in numbering.xml, and Word draws "1.", "a)" or "-"
from that level's format and text pattern and its running counters. python-docx gives only
the text, so `Numbering` recomputes the markers the reader saw. Tables stay where they stand;
a task table's rows keep its header cells. Text boxes (w:txbxContent) follow their paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lxml import etree

from bot.blocks import HEADING, Block, is_header_row, table_row
from bot.layout import to_blocks

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table, _Cell, _Row
    from docx.text.paragraph import Paragraph

# An lxml element (python-docx's oxml classes are lxml elements); lxml ships no type stubs.
Element = Any

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": _W, "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"}
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_BULLET_FORMATS = frozenset({"bullet"})
_SILENT_FORMATS = frozenset({"none"})
_HEADING_STYLES = ("Heading", "Title")  # Word's built-in style names (English in the file)
_COLUMN_NUMBERS = re.compile(r"^\(?\d{1,2}\)?$")  # "(1) (2) (3)" under a table's header


def _attr(element: Element | None, name: str) -> str | None:
    return None if element is None else element.get(f"{{{_W}}}{name}")


def _xpath(element: Element | None, path: str) -> list[Element]:
    # lxml's own xpath: python-docx's override knows no "mc" prefix.
    return etree.XPath(path, namespaces=_NS)(element) if element is not None else []


def _child(element: Element | None, path: str) -> Element | None:
    found = _xpath(element, path)
    return found[0] if found else None


@dataclass(frozen=True)
class Level:
    """One level of a list definition: number format, text pattern ("%1.", "%2)"), start."""

    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class Numbering:
    """The list definitions of a document and the counters Word keeps while reading it."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # by abstractNumId
    nums: dict[str, str] = field(default_factory=dict)  # numId → abstractNumId
    styles: dict[str, tuple[str, int]] = field(default_factory=dict)  # styleId → numId, ilvl
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document: Document) -> Numbering:
        """The numbering of a python-docx Document (empty when it has none)."""
        numbering = cls()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            root = None
        if root is not None:
            numbering._read_definitions(root)
        numbering._read_styles(document.styles.element)
        return numbering

    def _read_definitions(self, root: Element) -> None:
        for abstract in _xpath(root, "w:abstractNum"):
            levels = {}
            for lvl in _xpath(abstract, "w:lvl"):
                start = _attr(_child(lvl, "w:start"), "val") or "1"
                levels[int(_attr(lvl, "ilvl") or 0)] = Level(
                    fmt=_attr(_child(lvl, "w:numFmt"), "val") or "decimal",
                    text=_attr(_child(lvl, "w:lvlText"), "val") or "",
                    start=int(start) if start.isdigit() else 1,
                )
            self.levels[_attr(abstract, "abstractNumId") or ""] = levels
        for num in _xpath(root, "w:num"):
            abstract_id = _attr(_child(num, "w:abstractNumId"), "val") or ""
            self.nums[_attr(num, "numId") or ""] = abstract_id

    def _read_styles(self, styles: Element) -> None:
        based: dict[str, str] = {}
        direct: dict[str, tuple[str | None, int | None]] = {}
        for style in _xpath(styles, "w:style"):
            style_id = _attr(style, "styleId") or ""
            num_pr = _child(style, "w:pPr/w:numPr")
            if num_pr is not None:
                ilvl = _attr(_child(num_pr, "w:ilvl"), "val")
                direct[style_id] = (
                    _attr(_child(num_pr, "w:numId"), "val"),
                    int(ilvl) if ilvl else None,
                )
            if parent := _attr(_child(style, "w:basedOn"), "val"):
                based[style_id] = parent
        for style_id in list(direct) + list(based):
            num_id, level = _inherited(style_id, direct, based)
            if num_id:
                self.styles[style_id] = (num_id, level or 0)

    def marker(self, p: Element) -> str:
        """The list marker Word shows before paragraph element `p` ("" when none)."""
        num_id, level = self._list_of(p)
        abstract_id = self.nums.get(num_id or "")
        if abstract_id is None:
            return ""
        levels = self.levels.get(abstract_id, {})
        counts = self.counters.setdefault(abstract_id, [0] * 9)
        level = min(max(level, 0), 8)
        counts[level] = counts[level] + 1 if counts[level] else levels.get(level, Level()).start
        counts[level + 1 :] = [0] * (8 - level)
        return _render(levels.get(level, Level()), levels, counts)

    def _list_of(self, p: Element) -> tuple[str | None, int]:
        num_pr = _child(p, "w:pPr/w:numPr")
        style_id = _attr(_child(p, "w:pPr/w:pStyle"), "val")
        style_num, style_level = self.styles.get(style_id or "", (None, 0))
        if num_pr is None:
            return style_num, style_level
        num_id = _attr(_child(num_pr, "w:numId"), "val") or style_num
        level = _attr(_child(num_pr, "w:ilvl"), "val")
        return (None if num_id == "0" else num_id), int(level) if level else style_level


def _inherited(
    style_id: str, direct: dict[str, tuple[str | None, int | None]], based: dict[str, str]
) -> tuple[str | None, int | None]:
    seen = set()
    while style_id and style_id not in seen:
        seen.add(style_id)
        if style_id in direct:
            return direct[style_id]
        style_id = based.get(style_id, "")
    return None, None


def _render(level: Level, levels: dict[int, Level], counts: list[int]) -> str:
    """ "%1.%2." with the counters of levels 1 and 2, each in its level's number format."""
    if level.fmt in _BULLET_FORMATS:
        return "-"
    if level.fmt in _SILENT_FORMATS or not level.text:
        return ""

    def value(match: re.Match[str]) -> str:
        k = int(match.group(1)) - 1
        return format_number(max(counts[k], 1), levels.get(k, Level()).fmt)

    return re.sub(r"%([1-9])", value, level.text).strip()


def format_number(n: int, fmt: str) -> str:
    """A counter in a Word number format: decimal, decimalZero, lower/upper letter or roman."""
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(n)
        return roman.lower() if fmt == "lowerRoman" else roman
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        count, n = divmod(n, value)
        out += letters * count
    return out


def tidy(text: str) -> str:
    """A Word text as one NFC string with single spaces (nbsp and long space runs folded)."""
    import unicodedata

    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return unicodedata.normalize("NFC", "\n".join(line for line in lines if line))


def read_document(document: Document) -> list[Block]:
    """The blocks of a python-docx Document, in reading order."""
    from docx.table import Table

    numbering = Numbering.of(document)
    blocks: list[Block] = []
    for content in document.iter_inner_content():
        if isinstance(content, Table):
            blocks.extend(table_blocks(content))
        else:
            blocks.extend(paragraph_blocks(content, numbering))
    return blocks


def paragraph_blocks(paragraph: Paragraph, numbering: Numbering) -> list[Block]:
    """A paragraph as an item (numbered by Word or by hand) or paragraphs, then its text boxes."""
    text = tidy(paragraph.text)
    marker = numbering.marker(paragraph._p)
    lines = text.split("\n") if text else []
    if marker and lines:
        lines[0] = f"{marker} {lines[0]}"
    elif lines and _style_name(paragraph).startswith(_HEADING_STYLES):
        return [Block(HEADING, line) for line in lines] + _text_boxes(paragraph)
    return to_blocks(lines) + _text_boxes(paragraph)


def _style_name(paragraph: Paragraph) -> str:
    try:
        style = paragraph.style
        return (style.name or "") if style is not None else ""
    except (KeyError, AttributeError, ValueError):
        return ""


def _text_boxes(paragraph: Paragraph) -> list[Block]:
    from docx.text.paragraph import Paragraph

    # A drawing's text box is stored twice: as DrawingML and as a VML fallback.
    found = _xpath(paragraph._p, ".//w:txbxContent[not(ancestor::mc:Fallback)]//w:p")
    lines = [tidy(Paragraph(p, paragraph._parent).text) for p in found]
    return to_blocks(line for line in lines if line)


def table_blocks(table: Table) -> list[Block]:
    """A table's rows: with the header cells when its first row names the columns."""
    rows = [_row_texts(row) for row in table.rows]
    rows = [row for row in rows if any(row)]
    if len(rows) > 1 and is_header_row(tuple(rows[0])):
        body = rows[1:]
        if body and all(_COLUMN_NUMBERS.match(c) for c in body[0] if c):
            body = body[1:]
        return [table_row(row, rows[0]) for row in body]
    return [table_row(row) for row in rows]


def _row_texts(row: _Row) -> list[str]:
    """A row's cell texts, one per grid column; a merged cell's later columns empty."""
    texts: list[str] = []
    previous = None
    for cell in row.cells:
        texts.append("" if cell._tc is previous else _cell_text(cell))
        previous = cell._tc
    return texts


def _cell_text(cell: _Cell) -> str:
    parts = [tidy(p.text) for p in cell.paragraphs]
    for inner in cell.tables:
        parts.extend("\n".join(row) for row in (_row_texts(r) for r in inner.rows))
    return "\n".join(p for p in parts if p)
