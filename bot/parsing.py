"""Clean text → Directive with Sections: the numbered items, bullets and paragraphs it holds.

Reads the outline a directive is written in (Nghị định 30/2020/NĐ-CP): Roman-numbered parts,
"Điều N." articles, numbered items "1.", "1.1.", lettered items "a)", dash bullets and "+"
sub-bullets, whose markers and cues are data in bot/vi/markers.py. On top of the outline:

- a plan's task keeps its field lines ("Cơ quan chủ trì: Sở X", "Thời gian thực hiện: Năm
  2026"), whatever marker they carry, in its own section, one field a line;
- every item under an agency's heading ("4. Sở Tài chính", "b) Giao Sở Nội vụ:") is read with
  that heading as its context, however deep it sits;
- paragraphs outside any item (căn cứ, introductions, closing boilerplate, the executive clause
  after the last Điều) are sections of their own, in document order, and never a heading.

A section is at most `MAX_SECTION_CHARS` long: a longer one is split at sentence ends (at
spaces, or anywhere, when a sentence is longer still) into consecutive parts with the same
heading, cited as "mục 2 (phần 1/3)", so that embedding it, quoting it and showing it stay
bounded however long the file. Pure: no I/O.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from bot.agencies import Gazetteer
from bot.cleaning import clean
from bot.metadata import read_header, read_signature
from bot.text import fold, one_line
from bot.types import Directive, ParsedFile, Role, Section
from bot.vi import markers

_ROMAN = re.compile(markers.ROMAN_PART)
_ANNEX = re.compile(markers.ANNEX)
_ARTICLE = re.compile(markers.ARTICLE)
_NUMBERED = re.compile(markers.NUMBERED)
_LETTER = re.compile(markers.LETTERED)
_BULLET = re.compile(markers.BULLET)
_SUB_BULLET = re.compile(markers.SUB_BULLET)
_INLINE_LETTER = re.compile(markers.INLINE_LETTER)
_FIELDS = {name: kind for kind, names in markers.FIELD_NAMES.items() for name in names}
_FIELD_HEAD = re.compile(r"^([^:]{2,40}?)\s*:\s*(.*)$")
_HEADER_LINE = re.compile(
    r"^(so\s*:|v/v|uy ban nhan dan|cong hoa xa hoi|doc lap|dang cong san|"
    r"[^,]{2,40},\s*ngay\s*\d*\s*thang)"
)
_DEADLINES = [re.compile(p, re.IGNORECASE) for p in markers.DEADLINE_PATTERNS]
_OCR_DIGIT_ONE = re.compile(markers.OCR_DIGIT_ONE)
_MIN_PARAGRAPH = 40
_MERGE_BODY_CHARS = 700
MAX_SECTION_CHARS = 1_500  # about 420 tokens: one window of the embedding model
_ATTACHED_WITHIN = 30  # lines after "Nơi nhận" where an attached document's title may stand
_OPENING_CHARS = 300  # of a split section's first part: whom its later parts belong to
_SENTENCE_END = re.compile(r"[.;!?…](?=\s)|\n")
_WORD = re.compile(r"\w")
_CLOSING_BLOCK = re.compile(markers.CLOSING_BLOCK)
_CITES_LETTER = re.compile(rf"\b({'|'.join(markers.CITATION_WORDS)})$", re.IGNORECASE)
_OCR_ONE = re.compile(markers.OCR_ONE)
_LONE_MARKER = re.compile(r"^(?:[IVXL]+\.|\d{1,2}(?:\.\d{1,2})*\.|[a-zđ]\))$")
_DATE_START = re.compile(r"^\d{1,2}([./-]\d{1,2}[./-]\d{2,4}|\s+tháng\s+\d{1,2}\b)", re.I)
_LEAD_IN_LEVEL, _LETTER_LEVEL, _BULLET_LEVEL, _SUB_BULLET_LEVEL = 9, 10, 11, 12
_LIST_ITEM_CHARS, _LIST_CHARS = 120, 1_000


@dataclass
class _Node:
    """An item of the directive's outline while it is being read."""

    level: int
    number: str
    label: str = ""
    body: list[str] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    kind: str = "item"
    fields: bool = False  # a plan's task with field lines: one section, details included
    lead: str = ""  # a lead-in paragraph's leading agencies, the context of what it introduces

    @property
    def is_bullet(self) -> bool:
        """A dash bullet or "+" sub-bullet (not a numbered or lettered item)."""
        return self.kind in ("bullet", "sub-bullet")


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
    root = _outline(_rejoin_broken_lines(_body_lines(lines)))
    emitter = _Emitter(directive, gazetteer)
    emitter.emit_children(root, prefix="", ctx=None)
    if directive.signer:
        emitter.add("người ký", "Người ký", f"{directive.signer_title}\n{directive.signer}", "")
    return ParsedFile(directive, tuple(emitter.sections))


def _body_lines(lines: list[str]) -> list[str]:
    """The lines between the header block and the closing ("Nơi nhận", signature), and those
    of a document attached after the closing (the Kế hoạch a Quyết định issues)."""
    body: list[str] = []
    start = _header_end(lines)
    while start < len(lines):
        end = next(
            (i for i in range(start, len(lines)) if _CLOSING_BLOCK.match(fold(lines[i]))),
            len(lines),
        )
        segment = lines[start:end]
        if end == len(lines):  # no "Nơi nhận": drop a trailing signature block
            segment = _without_signature(segment)
        body.extend(segment)
        start = _attached_start(lines, end)
    return body


def _attached_start(lines: list[str], end: int) -> int:
    """Where a document attached after a closing starts (its title in capitals, or its
    "(Kèm theo Quyết định ...)" line), if one follows within a few lines; else the end."""
    for i in range(end, min(len(lines), end + _ATTACHED_WITHIN)):
        folded = fold(lines[i]).strip()
        title = lines[i].isupper() and folded.startswith(markers.ATTACHED_TITLES)
        if title or re.search(markers.ATTACHED_NOTE, folded):
            return i
    return len(lines)


def _header_end(lines: list[str]) -> int:
    """Where the body starts: after the header lines and the addressees ("Kính gửi:", "THỦ
    TƯỚNG CHÍNH PHỦ điện:" and the lines listing them, or dash lines right after the header
    when the "Kính gửi" cell was lost), before the first item or paragraph."""
    start, mode, previous = 0, "", ""
    for i, line in enumerate(lines[:40]):
        folded = fold(line).strip()
        if mode and _lists_addressee(line, previous, numbered=mode == "named"):
            start, previous = i + 1, line or previous
            continue
        is_header = _HEADER_LINE.match(folded) and (len(line) < 100 or folded.startswith("v/v"))
        if not is_header and (len(line) > 150 or _NUMBERED.match(line) or _ROMAN.match(line)):
            break
        named = folded.startswith(markers.RECIPIENTS_START) or (
            len(line) < 100 and folded.endswith(markers.RECIPIENTS_END)
        )
        mode = "named" if named else "header" if is_header else ""
        if mode:
            start, previous = i + 1, ""
    return start


def _lists_addressee(line: str, previous: str, numbered: bool) -> bool:
    """Whether a line goes on listing addressees: a dash line, a blank, or (after "Kính gửi:")
    a numbered line or one continuing a line cut after a comma."""
    if not line.strip() or line.lstrip().startswith(("-", "+", "•")):
        return True
    return numbered and (
        bool(_NUMBERED.match(line) and len(line) < 150) or previous.rstrip().endswith(",")
    )


def _without_signature(lines: list[str]) -> list[str]:
    """Drop the signature block (title lines and name), wherever it stands."""
    signer, title = read_signature(lines)
    at = max((i for i, line in enumerate(lines) if signer and line.strip() == signer), default=-1)
    if at < 0:  # no signer, or one named inside a line: nothing to drop
        return lines
    start = at
    while start > 0 and (not lines[start - 1] or lines[start - 1] in (title or "")):
        start -= 1
    return lines[:start] + lines[at + 1 :]


def _outline(lines: list[str]) -> _Node:
    """Build the item tree: parts > articles > numbered items > letters > bullets."""
    root = _Node(level=-1, number="")
    stack = [root]
    for line in (line for line in lines if _WORD.search(line)):
        if _is_title_line(line):
            if fold(line).strip().startswith(markers.ATTACHED_TITLES):
                del stack[1:]  # an attached document starts: its items are not the last Điều's
            continue
        for piece in _split_inline_letter(line.strip()):
            for part in _split_next_letter(piece, stack):
                _place(stack, part)
    return root


def _split_next_letter(line: str, stack: list[_Node]) -> list[str]:
    """A line that runs on into the next lettered item the outline expects ("... ngày 11
    tháng 12 b) Tổ chức ..." while under "a)"): the line, and that item apart."""
    letter = next((node.number for node in reversed(stack) if node.kind == "letter"), "")
    at = markers.LIST_LETTERS.find(letter) + 1 if letter else 0
    if not letter or at >= len(markers.LIST_LETTERS):
        return [line]
    following = markers.LIST_LETTERS[at]
    m = re.search(rf"(?<=[^\s(])\s+({following}\)\s+[A-ZĐÀ-Ỹ])", line)
    if not m or m.start() < 20 or _CITES_LETTER.search(line[: m.start()]):
        return [line]
    return [line[: m.start()].rstrip(), line[m.start(1) :]]


def _rejoin_broken_lines(lines: list[str]) -> list[str]:
    """Rejoin what the layout broke: a lone marker ("III." then "ĐÁNH GIÁ ..."), a capitals
    heading wrapped ("II. NỘI" then "DUNG KẾ HOẠCH"), a line cut after a word that cannot end
    one ("... Quyết định số" then "2138/QĐ-TTg ...") or after a hyphen ("NĐ-" then "CP")."""
    joined: list[str] = []
    for line in (_OCR_ONE.sub("1", line.strip()) for line in lines):
        previous = joined[-1] if joined else ""
        lone_marker = bool(previous and _LONE_MARKER.match(previous) and _WORD.search(line))
        wrapped_title = _is_title_line(line) and _ROMAN.match(previous) and previous.isupper()
        if lone_marker or wrapped_title:
            joined[-1] = f"{previous} {line}"
        elif line and previous and _goes_on(previous) and _classify(line) is None:
            glue = "" if previous.endswith("-") else " "
            joined[-1] = f"{previous}{glue}{line}"
        elif line or (previous and not _LONE_MARKER.match(previous)):
            joined.append(line)
    return joined


def _goes_on(line: str) -> bool:
    """Whether a line was cut mid-sentence: it ends on a comma, a hyphen or a function word."""
    if re.search(r"(,|\w-)$", line):
        return True
    words = fold(line).split()
    return len(words) > 1 and words[-1] in markers.CONTINUATION_WORDS


def _split_inline_letter(line: str) -> list[str]:
    """ "2. Về dữ liệu a) Nhiệm vụ: ..." → the heading and its first lettered item, apart; an
    unnumbered heading too, when it holds no punctuation ("Nguy cơ ... a) Các bệnh ...")."""
    marked = _NUMBERED.match(line) or _ROMAN.match(line) or _ARTICLE.match(line)
    start = marked.start(2) if marked else 0
    m = _INLINE_LETTER.search(line, start, markers.INLINE_HEADING_CHARS)
    plain = not marked and line[:1].isupper()
    if not m or not (marked or plain):
        return [line]
    heading = line[start : m.start()]
    if _CITES_LETTER.search(heading) or re.search(r"[.;]\s" if marked else r"[.;:,]", heading):
        return [line]
    return [line[: m.start()].rstrip(), line[m.start(1) :]]


def _place(stack: list[_Node], line: str) -> None:
    """Put one line into the tree: a field line, an item, or a paragraph."""
    if (field_line := _field_line(line)) is not None:
        _attach_field(stack, field_line, _marker_of(line))
        return
    node = _classify(line)
    owner = _task_owner(stack)
    if node is not None and node.is_bullet and owner.fields:
        _add_detail(owner, f"{'+' if node.kind == 'sub-bullet' else '-'} {node.label}")
        return
    if node is None:
        _attach_paragraph(stack, line)
        return
    while stack[-1].level >= node.level:
        stack.pop()
    stack[-1].children.append(node)
    stack.append(node)


def _classify(line: str) -> _Node | None:
    if m := _ROMAN.match(line):
        return _Node(0, m.group(1), m.group(2), kind="part")
    if (m := _ANNEX.match(line)) and len(line) < 80:
        return _Node(0, one_line(f"Phụ lục{m.group(2) or ''}"), m.group(3), kind="annex")
    if m := _ARTICLE.match(line):
        return _Node(1, m.group(1), m.group(2), kind="article")
    if (m := _NUMBERED.match(line)) and not _looks_like_date(line) and not m.group(2)[0].islower():
        return _Node(1 + m.group(1).count(".") + 1, m.group(1), m.group(2))
    if m := _LETTER.match(line):
        return _Node(_LETTER_LEVEL, m.group(1), m.group(2), kind="letter")
    if (m := _BULLET.match(line)) and m.group(2).strip():
        return _Node(_BULLET_LEVEL, "", m.group(2), kind="bullet")
    if (m := _SUB_BULLET.match(line)) and m.group(2).strip():
        return _Node(_SUB_BULLET_LEVEL, "", m.group(2), kind="sub-bullet")
    return None


def _looks_like_date(line: str) -> bool:
    return bool(_DATE_START.match(line))


def field_kind(line: str) -> str | None:
    """The kind of field a task's field line gives ("lead" for "- Cơ quan chủ trì: Sở X")."""
    text = _field_line(line)
    m = _FIELD_HEAD.match(text) if text else None
    return _FIELDS.get(_field_name(m.group(1))) if m else None


def _field_line(line: str) -> str | None:
    """A field line without its marker ("b) Cơ quan thực hiện:" → "Cơ quan thực hiện:")."""
    text = line
    for marker in (_LETTER, _BULLET, _SUB_BULLET):
        if m := marker.match(line):
            text = m.group(2)
            break
    m = _FIELD_HEAD.match(text)
    if m and _field_name(m.group(1)) in _FIELDS:
        return one_line(text)
    return None


def _field_name(head: str) -> str:
    """ "Thời gian (Năm 2026)" → "thoi gian": a field's name, folded, without its note."""
    return fold(re.sub(r"\([^)]*\)", "", head)).strip()


def _marker_of(line: str) -> str:
    """ "letter", "bullet" or "" (an unmarked line)."""
    if _LETTER.match(line):
        return "letter"
    return "bullet" if _BULLET.match(line) or _SUB_BULLET.match(line) else ""


def _task_owner(stack: list[_Node], marker: str = "bullet") -> _Node:
    """The task a field line belongs to. A field marked like its siblings belongs to the item
    above them: "b) Cơ quan thực hiện:" to the task above "a) Nhiệm vụ:", "- Cơ quan chủ trì:"
    to the item above the task's bullets (or to the bullet right under a part, a task written
    as a bullet). An unmarked field line goes on the line above it, whatever that is (a task
    table's row: "- Nội dung" then "Trách nhiệm thực hiện: ...")."""
    if not marker:
        return stack[-1]
    top = _LETTER_LEVEL if marker == "letter" else _BULLET_LEVEL
    owner = next(node for node in reversed(stack) if node.level < top)
    if owner.level <= 0 and stack[-1].is_bullet and not owner.body:
        return stack[-1]
    return owner


def _attach_field(stack: list[_Node], text: str, marker: str) -> None:
    """A field line joins its task, which from now on also takes the bullets that follow."""
    owner = _task_owner(stack, marker)
    while stack[-1] is not owner:
        stack.pop()
    if owner.level <= 0 and owner.body:  # a part's paragraph is the task
        owner.body[-1] = f"{owner.body[-1]}\n{text}"
    elif owner.level <= 0:
        owner.body.append(text)
    else:
        _absorb_bullets(owner)
        owner.body.append(text)
    owner.fields = True


def _add_detail(owner: _Node, text: str) -> None:
    """A bullet under a task with field lines: a line of that task's text."""
    if owner.level <= 0 and owner.body:
        owner.body[-1] = f"{owner.body[-1]}\n{text}"
    else:
        owner.body.append(text)


def _absorb_bullets(node: _Node) -> None:
    """Move a task's bullets (and their sub-bullets) into its own text, in order."""
    kept = []
    for child in node.children:
        if child.is_bullet:
            node.body.extend(_bullet_lines(child))
        else:
            kept.append(child)
    node.children = kept


def _bullet_lines(node: _Node) -> list[str]:
    mark = "+" if node.kind == "sub-bullet" else "-"
    lines = [f"{mark} {node.label}", *node.body]
    for child in node.children:
        lines.extend(_bullet_lines(child))
    return lines


def _attach_paragraph(stack: list[_Node], line: str) -> None:
    """An unmarked paragraph belongs to the current item, unless it closes the directive."""
    if _is_byline(line):
        return
    if is_closing(line) and len(stack) > 1:
        del stack[1:]
    current = stack[-1]
    if current.level < 0 and line.endswith(":") and not is_closing(line):
        # "... đề nghị các đơn vị, trường học thực hiện một số nội dung sau:" introduces what
        # follows: its bullets and paragraphs are read under it.
        lead_in = _Node(_LEAD_IN_LEVEL, "", line, kind="lead-in")
        current.children.append(lead_in)
        stack.append(lead_in)
    elif current.level < 0:  # outside any item: a paragraph of its own, in order
        current.children.append(_Node(_BULLET_LEVEL, "", line, kind="paragraph"))
    else:
        current.body.append(line)


def is_closing(paragraph: str) -> bool:
    """Closing boilerplate ("Trong quá trình thực hiện, nếu có khó khăn…", "…./.")."""
    text = paragraph.strip()
    if text.endswith(markers.CLOSING_END):
        return True
    return fold(text).startswith(markers.CLOSING_CUES) and not text.endswith(":")


def is_intro(paragraph: str) -> bool:
    """An introduction or căn cứ ("Căn cứ …", "Thực hiện Quyết định số …")."""
    return fold(paragraph.strip()).startswith(markers.INTRO_CUES)


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
            self.sections.append(
                Section(
                    self.directive,
                    where,
                    heading,
                    part,
                    assignees,
                    deadlines(part),
                    len(self.sections),
                )
            )

    def emit_children(self, node: _Node, prefix: str, ctx: _Node | None) -> None:
        """Emit a node's body paragraphs (top level) and its child items."""
        if self._leads(node):
            ctx = node
        bullets = 0
        for child in node.children:
            if child.kind == "paragraph":
                self._top_paragraph(child.label)
                continue
            if child.kind == "lead-in":
                self._lead_in(child, prefix, ctx)
                continue
            if child.is_bullet:
                bullets += 1
                path = f"{prefix}.{bullets}" if prefix else f"{bullets}"
            else:
                path = _child_path(node, child, prefix)
            self.emit(child, path, node, ctx)

    def emit(self, node: _Node, path: str, parent: _Node, ctx: _Node | None) -> None:
        """Emit one item as its section(s), then its children."""
        label = one_line(node.label.split("\n")[0])
        heading = _heading_of(ctx or parent) if (ctx or parent.level >= 0) else ""
        if (ctx or parent).kind == "lead-in":  # a paragraph is no heading
            heading = ""
        context = _context(parent, ctx)
        is_heading = _is_heading(node.label)
        lead_in = label if label.endswith(":") else ""
        if (node.fields and node.level > 0) or _is_list(node):
            self.add(path, heading, "\n".join(_unit_lines(node)), context)
            node.children = [c for c in node.children if not c.is_bullet]
        elif is_heading and not node.children and len(node.body) > 0 and _fits(node.body):
            own = _context(node, ctx)
            text = "\n".join([*([lead_in] if lead_in else []), *node.body])
            self.add(path, label.rstrip(":"), text, own)
        elif is_heading:
            for k, paragraph in enumerate(node.body, start=1):
                text = f"{lead_in}\n{paragraph}" if lead_in else paragraph
                self.add(f"{path} (đoạn {k})", label.rstrip(":"), text, _context(node, ctx))
            if not node.body and not node.children:
                self.add(path, heading, node.label, context)
        else:
            self._content_item(node, path, heading, (context, _context(node, ctx)))
        self.emit_children(node, path, ctx)

    def _lead_in(self, node: _Node, prefix: str, ctx: _Node | None) -> None:
        """A paragraph that introduces bullets or paragraphs (it ends with ":"): itself, then
        what it introduces, read under the agencies it addresses."""
        self._top_paragraph(node.label)
        leads = [a.agency for a in self.gazetteer.assignees("", node.label) if a.role is Role.LEAD]
        node.lead = ", ".join(leads)
        context = node.lead
        for paragraph in node.body:
            self._top_paragraph(paragraph, context)
        self.emit_children(node, prefix, node if context else ctx)

    def _leads(self, node: _Node) -> bool:
        """Whether an item's lead line names an agency that leads what it holds."""
        if node.level < 0 or node.kind in ("paragraph", "lead-in") or not node.children:
            return False
        first = node.label.split("\n")[0]
        if is_closing(first) or is_intro(first):
            return False
        return any(a.role is Role.LEAD for a in self.gazetteer.assignees(first, ""))

    def _content_item(
        self, node: _Node, path: str, heading: str, contexts: tuple[str, str]
    ) -> None:
        """An item that is content: one section, or its line and then each paragraph (read
        under the item) when together they are too long to cite as one."""
        outer, own = contexts
        if _fits([node.label, *node.body]):
            self.add(path, heading, "\n".join([node.label, *node.body]), outer)
            return
        self.add(path, heading, node.label, outer)
        for k, paragraph in enumerate(node.body, start=2):
            self.add(f"{path} (đoạn {k})", heading, paragraph, own)

    def _top_paragraph(self, paragraph: str, context: str = "") -> None:
        if len(paragraph) < _MIN_PARAGRAPH or paragraph.isupper() or _is_title(paragraph):
            return
        self._paragraphs += 1
        self.add(f"đoạn {self._paragraphs}", "", paragraph, context)


def _context(parent: _Node, ctx: _Node | None) -> str:
    """What a child item is read under: the agency heading above it, then its parent's line."""
    labels = [n.lead or n.label for n in (ctx, parent) if n is not None and n.level >= 0]
    return "\n".join(dict.fromkeys(labels))


def _is_list(node: _Node) -> bool:
    """An item whose bullets are a list to cite with it as one unit: "+" sub-bullets under a
    bullet, or short lines (the members of a council, the diseases to watch)."""
    subs = node.children
    if not subs or not all(c.is_bullet and not c.children and not c.body for c in subs):
        return False
    if node.kind == "bullet":
        return _fits([node.label, *node.body, *(c.label for c in subs)])
    lead_in = node.label.rstrip().endswith(":") and not node.body
    short = all(len(c.label) <= _LIST_ITEM_CHARS for c in subs)
    return lead_in and short and sum(len(c.label) for c in subs) <= _LIST_CHARS


def _unit_lines(node: _Node) -> list[str]:
    """A task's text with its own details, bullets and field lines, one a line."""
    lines = [node.label, *node.body]
    for child in node.children:
        if child.is_bullet:
            lines.extend(_bullet_lines(child))
    return lines


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
    if (
        parent.number
        and prefix.endswith(parent.number)
        and child.number.startswith(f"{parent.number}.")
    ):  # "1.1" under "II.1" is "II.1.1"
        return f"{prefix[: len(prefix) - len(parent.number)]}{child.number}"
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
    byline = folded.startswith(("theo ", "dang luc", "nguon:")) and len(paragraph) < 100
    return byline and not is_intro(paragraph)


def _unique(found: list[str]) -> tuple[str, ...]:
    """Deadlines without repeats, nor one that another already contains."""
    cleaned = [f.rstrip(" .;,") for f in found]
    cleaned = [f for f in cleaned if f]
    by_case = {f.casefold(): f for f in reversed(cleaned)}
    keys = list(dict.fromkeys(f.casefold() for f in cleaned))
    kept = [by_case[k] for k in keys if not any(k != o and k in o for o in keys)]
    return tuple(kept)


def deadlines(text: str) -> tuple[str, ...]:
    """The deadline phrases of a section: a time field's value, then the phrases in order (an
    OCR'd "l6 giờ" read as "16 giờ")."""
    text = _OCR_DIGIT_ONE.sub("1", text)
    found = []
    for line in text.split("\n"):
        if field_kind(line) == markers.TIME_FIELD:
            found.append(one_line(line.split(":", 1)[1]))
    spans = sorted((m.start(), m.group(0)) for p in _DEADLINES for m in p.finditer(text))
    found.extend(one_line(phrase) for _, phrase in spans)
    return _unique(found)
