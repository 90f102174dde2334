"""Clean text → Directive with Sections: the numbered items, bullets and paragraphs it holds.

Handles items headed by an agency ("1. Sở Y tế" + bullets), Roman-numbered parts, "Điều N."
articles, "1.1." plan items followed by "Cơ quan thực hiện:" / "Thời gian thực hiện:" lines,
and news-style texts that are plain paragraphs. Pure: no I/O.

A section is at most `MAX_SECTION_CHARS` long: a longer one is split at sentence ends (at
spaces, or anywhere, when a sentence is longer still) into consecutive parts with the same
heading, cited as "mục 2 (phần 1/3)", so that embedding it, quoting it and showing it stay
bounded however long the file.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from bot.agencies import Gazetteer
from bot.cleaning import clean
from bot.metadata import read_header, read_signature
from bot.text import fold, one_line
from bot.types import Directive, ParsedFile, Section

_ROMAN = re.compile(r"^([IVXL]+)[.)]\s+(.+)$")
_ANNEX = re.compile(r"^(PHỤ LỤC|Phụ lục)(\s+[IVXL\d]+)?\b\s*[.:]?\s*(.*)$")
_ARTICLE = re.compile(r"^(Điều\s+\d+)\s*[.:]?\s*(.*)$")
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?[)]?\s+(?=\S)(.+)$")
_LETTER = re.compile(r"^([a-zđ])\)\s+(.+)$")
_BULLET = re.compile(r"^[-–•+*]\s*(.+)$")
_ATTACHED = re.compile(
    r"^(cơ quan (thực hiện|chủ trì|phối hợp)|đơn vị (thực hiện|chủ trì|phối hợp)|"
    r"thời gian( thực hiện| hoàn thành)?|thời hạn|sản phẩm|kinh phí|tiến độ)\s*:",
    re.IGNORECASE,
)
_HEADER_LINE = re.compile(
    r"^(so\s*:|v/v|kinh gui|uy ban nhan dan|cong hoa xa hoi|doc lap|dang cong san|"
    r"[^,]{2,40},\s*ngay\s*\d*\s*thang)"
)
_DEADLINE = re.compile(
    r"(?:trước|chậm nhất(?: là)?|hạn chót|xong trước|hoàn thành trước|trong thời hạn|"
    r"hoàn thành trong|trong vòng)\s+(?:ngày\s+)?"
    r"(?:\d{1,2}\s*[/-]\s*\d{1,2}(?:\s*[/-]\s*\d{2,4})?|"
    r"\d+\s+(?:ngày|tuần|tháng)(?:\s+làm việc)?(?:\s+kể từ[^,;.]*)?|"
    r"\d{1,2}\s*giờ(?:\s*\d{1,2}\s*(?:phút|['’]))?|tháng\s+\d{1,2}(?:/\d{4})?|"
    r"\d{1,2}\s+hằng\s+(?:tháng|tuần))",
    re.IGNORECASE,
)
_TIME_LINE = re.compile(
    r"^(thời gian( thực hiện| hoàn thành)?|thời hạn|tiến độ)\s*:\s*(.+)$", re.I
)
_MIN_PARAGRAPH = 40
_MERGE_BODY_CHARS = 700
MAX_SECTION_CHARS = 1_500  # about 420 tokens: one window of the embedding model
_OPENING_CHARS = 300  # of a split section's first part: whom its later parts belong to
_SENTENCE_END = re.compile(r"[.;!?…](?=\s)|\n")


@dataclass
class _Node:
    """An item of the directive's outline while it is being read."""

    level: int
    number: str
    label: str = ""
    body: list[str] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    kind: str = "item"


def parse(raw: str, source: str, content_hash: str, gazetteer: Gazetteer) -> ParsedFile:
    """Parse one directive's raw text into its metadata and sections."""
    lines = clean(raw).split("\n")
    head = read_header(lines, raw)
    directive = Directive(
        source=source,
        content_hash=content_hash,
        doc_type=head.doc_type,
        number=head.number,
        issuer=head.issuer,
        province=head.province,
        date=head.date,
        published=head.published,
        subject=head.subject,
        recipients=head.recipients,
        signer=head.signer,
        signer_title=head.signer_title,
    )
    root = _outline([line for line in _body_lines(lines) if not _is_title_line(line)])
    emitter = _Emitter(directive, gazetteer)
    emitter.emit_children(root, prefix="")
    if directive.signer:
        emitter.add("người ký", "Người ký", f"{directive.signer_title}\n{directive.signer}", "")
    return ParsedFile(directive, tuple(emitter.sections))


def _body_lines(lines: list[str]) -> list[str]:
    """The lines between the header block and the closing ("Nơi nhận", signature)."""
    start, in_recipients = 0, False
    for i, line in enumerate(lines[:40]):
        folded = fold(line)
        if len(line) > 150 or _NUMBERED.match(line) or _ROMAN.match(line):
            break
        if _HEADER_LINE.match(folded) and len(line) < 100:
            start, in_recipients = i + 1, folded.startswith("kinh gui")
        elif in_recipients and (not line or line.startswith(("-", "+", "•"))):
            start = i + 1
        else:
            in_recipients = False
    end = next(
        (i for i in range(start, len(lines)) if fold(lines[i]).startswith("noi nhan")),
        len(lines),
    )
    body = lines[start:end]
    if end == len(lines):  # no "Nơi nhận": drop a trailing signature block
        body = _without_signature(body)
    return body


def _without_signature(lines: list[str]) -> list[str]:
    """Drop the signature block (title lines and name), wherever it stands."""
    signer, title = read_signature(lines)
    if not signer:
        return lines
    at = max(i for i, line in enumerate(lines) if line == signer)
    start = at
    while start > 0 and (not lines[start - 1] or lines[start - 1] in (title or "")):
        start -= 1
    return lines[:start] + lines[at + 1 :]


def _outline(lines: list[str]) -> _Node:
    """Build the item tree: parts > articles > numbered items > letters > bullets."""
    root = _Node(level=-1, number="")
    stack = [root]
    for line in (line for line in lines if line):
        node = _classify(line)
        if node is None:
            _attach_paragraph(stack, line)
            continue
        while stack[-1].level >= node.level:
            stack.pop()
        stack[-1].children.append(node)
        stack.append(node)
    return root


def _classify(line: str) -> _Node | None:
    if m := _ROMAN.match(line):
        return _Node(0, m.group(1), m.group(2), kind="part")
    if (m := _ANNEX.match(line)) and len(line) < 80:
        return _Node(0, one_line(f"Phụ lục{m.group(2) or ''}"), m.group(3), kind="annex")
    if m := _ARTICLE.match(line):
        return _Node(1, m.group(1), m.group(2), kind="article")
    if (m := _NUMBERED.match(line)) and not _looks_like_date(line):
        return _Node(1 + m.group(1).count(".") + 1, m.group(1), m.group(2))
    if m := _LETTER.match(line):
        return _Node(10, m.group(1), m.group(2), kind="letter")
    if m := _BULLET.match(line):
        return _Node(11, "", m.group(1), kind="bullet")
    return None


def _looks_like_date(line: str) -> bool:
    return bool(re.match(r"^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}", line))


def _attach_paragraph(stack: list[_Node], line: str) -> None:
    """An unmarked paragraph belongs to the current item, unless it closes the directive."""
    current = stack[-1]
    if _ATTACHED.match(line) and current.body:  # "Thời gian thực hiện: ..." under a paragraph
        current.body[-1] = f"{current.body[-1]}\n{line}"
        return
    if _ATTACHED.match(line) and current.label:  # ... or under the item line itself
        current.label = f"{current.label}\n{line}"
        return
    if _is_byline(line):
        return
    if line.endswith("./.") and len(stack) > 1:
        stack[0].body.append(line)
        return
    current.body.append(line)


class _Emitter:
    """Turns the item tree into Sections with paths, headings and assignees."""

    def __init__(self, directive: Directive, gazetteer: Gazetteer) -> None:
        self.directive = directive
        self.gazetteer = gazetteer
        self.sections: list[Section] = []
        self._paragraphs = 0

    def add(self, path: str, heading: str, text: str, context: str) -> None:
        """One section, or its consecutive parts when it is longer than MAX_SECTION_CHARS."""
        text = "\n".join(one_line(part) for part in text.split("\n") if part.strip())
        parts = split_text(text, MAX_SECTION_CHARS)
        # A later part is led by whom the section's opening leads, unless it names its own.
        opening = "\n".join(p for p in (context, parts[0][:_OPENING_CHARS]) if p)
        for k, part in enumerate(parts, start=1):
            where = part_path(path, k, len(parts)) if len(parts) > 1 else path
            assignees = self.gazetteer.assignees(context if k == 1 else opening, part)
            deadlines = _unique(_deadlines(part))
            self.sections.append(
                Section(
                    self.directive, where, heading, part, assignees, deadlines, len(self.sections)
                )
            )

    def emit_children(self, node: _Node, prefix: str) -> None:
        """Emit a node's body paragraphs (top level) and its child items."""
        if node.level < 0:
            for paragraph in node.body:
                self._top_paragraph(paragraph)
        bullets = 0
        for child in node.children:
            if child.kind == "bullet":
                bullets += 1
                path = f"{prefix}.{bullets}" if prefix else f"{bullets}"
            else:
                path = _child_path(node, child, prefix)
            self.emit(child, path, node)

    def emit(self, node: _Node, path: str, parent: _Node) -> None:
        label = one_line(node.label.split("\n")[0])
        heading = _heading_of(parent) if parent.level >= 0 else ""
        context = parent.label if parent.level >= 0 else ""
        is_heading = _is_heading(node.label)
        lead_in = label if label.endswith(":") else ""
        if is_heading and not node.children and len(node.body) > 0 and _fits(node.body):
            self.add(path, label, "\n".join([*([lead_in] if lead_in else []), *node.body]), label)
        elif is_heading:
            for k, paragraph in enumerate(node.body, start=1):
                text = f"{lead_in}\n{paragraph}" if lead_in else paragraph
                self.add(f"{path} (đoạn {k})", label.rstrip(":"), text, node.label)
            if not node.body and not node.children:
                self.add(path, heading, node.label, context)
        else:
            self._content_item(node, path, heading, context)
        self.emit_children(node, path)

    def _content_item(self, node: _Node, path: str, heading: str, context: str) -> None:
        if _fits([node.label, *node.body]):
            self.add(path, heading, "\n".join([node.label, *node.body]), context)
            return
        self.add(path, heading, node.label, context)
        for k, paragraph in enumerate(node.body, start=2):
            self.add(f"{path} (đoạn {k})", heading, paragraph, node.label)

    def _top_paragraph(self, paragraph: str) -> None:
        if len(paragraph) < _MIN_PARAGRAPH or paragraph.isupper() or _is_title(paragraph):
            return
        self._paragraphs += 1
        self.add(f"đoạn {self._paragraphs}", "", paragraph, "")


def split_text(text: str, limit: int) -> list[str]:
    """Text in consecutive parts of at most `limit` characters, cut after a sentence end (or a
    line end) where one falls in the second half of a part, else at a space, else anywhere."""
    if len(text) <= limit:
        return [text]
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    parts, start = [], 0
    while len(text) - start > limit:
        cut = _cut(text, ends, start, limit)
        parts.append(text[start:cut].strip())
        start = cut
        while start < len(text) and text[start].isspace():
            start += 1
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def _cut(text: str, ends: list[int], start: int, limit: int) -> int:
    """Where the part starting at `start` ends: the last sentence end, else space, within
    limit and past its middle; else at the limit."""
    stop, middle = start + limit, start + limit // 2
    at = bisect.bisect_right(ends, stop) - 1
    if at >= 0 and ends[at] > middle:
        return ends[at]
    space = text.rfind(" ", middle, stop)
    return space if space > middle else stop


def part_path(path: str, k: int, n: int) -> str:
    """ "2" → "2 (phần 1/3)"; "2 (đoạn 3)" → "2 (đoạn 3, phần 1/3)"."""
    if path.endswith(")"):
        return f"{path[:-1]}, phần {k}/{n})"
    return f"{path} (phần {k}/{n})"


def _child_path(parent: _Node, child: _Node, prefix: str) -> str:
    """ "II.1.1" under a part, "Điều 3, khoản 1", "Phụ lục, mục 2", "2.a" for letters."""
    if parent.kind == "article":
        return f"{prefix}, khoản {child.number}"
    if parent.kind == "annex":
        return f"{prefix}, mục {child.number}"
    if prefix and child.kind != "article" and not child.number.startswith(prefix):
        return f"{prefix}.{child.number}"
    return child.number


def _is_heading(label: str) -> bool:
    """A short lead line ("Sở Y tế", "Sở Y tế chủ trì, phối hợp với ...:") rather than content."""
    first = label.split("\n")[0].strip()
    return len(first) <= 120 and (first.endswith(":") or not first.endswith((".", ";", "./.")))


def _heading_of(node: _Node) -> str:
    label = one_line(node.label.split("\n")[0]).rstrip(":")
    if len(label) <= 120:
        return label
    return re.split(r"[:;,]", label, maxsplit=1)[0][:120]


def _fits(parts: list[str]) -> bool:
    return sum(len(p) for p in parts) <= _MERGE_BODY_CHARS or len(parts) == 1


def _is_title_line(line: str) -> bool:
    """An all-capitals title ("PHỤ LỤC", "QUY ĐỊNH HOẠT ĐỘNG ..."), not content."""
    structural = _ANNEX.match(line) or _ROMAN.match(line) or _NUMBERED.match(line)
    return line.isupper() and len(line) < 150 and not structural


def _is_title(paragraph: str) -> bool:
    return len(paragraph) < 100 and not re.search(r"[.;:!?…]$", paragraph)


def _is_byline(paragraph: str) -> bool:
    folded = fold(paragraph)
    return folded.startswith(("theo ", "dang luc", "nguon:")) and len(paragraph) < 160


def _unique(found: list[str]) -> tuple[str, ...]:
    """Deadlines without repeats, nor one that another already contains."""
    cleaned = [f.rstrip(" .;,") for f in found]
    kept = [f for f in dict.fromkeys(cleaned) if not any(f != o and f in o for o in cleaned)]
    return tuple(kept)


def _deadlines(text: str) -> list[str]:
    found = [one_line(m.group(0)) for m in _DEADLINE.finditer(text)]
    for line in text.split("\n"):
        if m := _TIME_LINE.match(line):
            found.append(one_line(m.group(3)))
    return found
