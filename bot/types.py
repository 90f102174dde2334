"""The data that flows through the pipeline, defined once.

file → Directive(meta, [Section]) → index; question → Query → [Hit] → Answer(Citation...).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Role(StrEnum):
    """How a section involves an agency."""

    LEAD = "lead"  # the doer: the section heading's agency, "X chủ trì", "Giao X ..."
    COOPERATING = "cooperating"  # "phối hợp với X"
    GROUP = "group"  # addressed to a group the agency belongs to ("các sở, ban, ngành")
    MENTIONED = "mentioned"  # named, but given no task


class Kind(StrEnum):
    """What a question asks for."""

    DUTY = "duty"  # "what must agency X do"
    FACT = "fact"  # one passage answers it
    SIGNER = "signer"  # "who signed ..."
    DIRECTIVE = "directive"  # "what number / which day / what does it say": the directive
    NEWEST = "newest"  # "which directives are the newest"
    SUMMARY = "summary"  # "what does directive 3262 say": its card and the tasks it gives
    DEADLINES = "deadlines"  # "which deadlines does agency X have"
    CHATTER = "chatter"  # "cảm ơn bot", "chào bot": not a question
    FOREIGN = "foreign"  # a question in another language


@dataclass(frozen=True, slots=True)
class Directive:
    """One directive file, with the metadata its header gives (None when it does not)."""

    source: str  # file name under documents/
    content_hash: str
    doc_type: str | None = None  # "Công văn", "Chỉ thị", "Quyết định", "Kế hoạch", ...
    number: str | None = None  # "3262/UBND-KGVX", "402-CV/TU"
    issuer: str | None = None  # "UBND tỉnh Kon Tum"
    province: str | None = None  # "Kon Tum"
    date: str | None = None  # "2021-09-13", or "2021-11" when the day is blank
    published: str | None = None  # date of the web page that re-published it, if any
    subject: str | None = None  # the "V/v ..." line
    recipients: tuple[str, ...] = ()
    signer: str | None = None
    signer_title: str | None = None
    ocr_confidence: float | None = None  # read from a scan by OCR: mean word confidence, 0–100

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able form."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Directive:
        """Inverse of to_dict."""
        return cls(**{**data, "recipients": tuple(data.get("recipients", ()))})


@dataclass(frozen=True, slots=True)
class Assignee:
    """An agency a section names, with its role there."""

    agency: str  # canonical name, e.g. "Sở Y tế"
    role: Role


@dataclass(frozen=True, slots=True)
class Section:
    """The unit of retrieval and citation: a numbered item, bullet or paragraph."""

    directive: Directive
    path: str  # "4", "5.2", "Điều 3", "đoạn 2", "người ký"
    heading: str  # the enclosing item's lead line, or the section's own agency
    text: str  # verbatim (whitespace normalised)
    assignees: tuple[Assignee, ...] = ()
    deadlines: tuple[str, ...] = ()
    order: int = 0  # position in the directive

    def role_of(self, agency: str) -> Role | None:
        """The strongest role the agency has in this section, if any."""
        roles = [a.role for a in self.assignees if a.agency == agency]
        for role in Role:
            if role in roles:
                return role
        return None

    def leads(self) -> list[str]:
        """Agencies this section tells to act."""
        return [a.agency for a in self.assignees if a.role is Role.LEAD]

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form without the directive (stored once per directive)."""
        return {
            "source": self.directive.source,
            "path": self.path,
            "heading": self.heading,
            "text": self.text,
            "assignees": [[a.agency, a.role.value] for a in self.assignees],
            "deadlines": list(self.deadlines),
            "order": self.order,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], directive: Directive) -> Section:
        """Inverse of to_dict, given the directive it belongs to."""
        return cls(
            directive=directive,
            path=data["path"],
            heading=data["heading"],
            text=data["text"],
            assignees=tuple(Assignee(a, Role(r)) for a, r in data["assignees"]),
            deadlines=tuple(data["deadlines"]),
            order=data["order"],
        )


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """A directive and its sections, as parsed from one file."""

    directive: Directive
    sections: tuple[Section, ...]


@dataclass(frozen=True, slots=True)
class Query:
    """A question after analysis."""

    text: str  # NFC, as asked
    restored: str  # with diacritics restored when the question had none
    folded: str  # diacritic-folded, lower case
    agencies: tuple[str, ...] = ()
    province: str | None = None
    kind: Kind = Kind.FACT
    # Document numbers the question names ("402-CV/TU"); None: it names one no directive has.
    numbers: tuple[str, ...] | None = ()


@dataclass(frozen=True, slots=True)
class Hit:
    """A retrieved section with its score and, for duty questions, the agency's role."""

    section: Section
    score: float
    coverage: float = 0.0  # share of the question's content words the section holds
    role: Role | None = None
    similarity: float = 0.0  # cosine between question and section vectors


@dataclass(frozen=True, slots=True)
class Citation:
    """A cited section, with everything needed to check it in ten seconds."""

    section: Section
    score: float
    role: Role | None = None
    quote: str | None = None  # the sentence that answers, for fact questions

    def to_json(self) -> dict[str, Any]:
        """The citation object of shared/EVAL.md."""
        d = self.section.directive
        return {
            "document": d.source,
            "number": d.number,
            "issuer": d.issuer,
            "date": d.date,
            "section": self.section.path,
            "heading": self.section.heading,
            "text": self.section.text,
            "score": round(self.score, 4),
        }


# An answer's blocks. The composer (bot/answering.py) words them from prompts/messages.toml;
# each block is one paragraph: an optional title and its lines (`body`), laid out as plain text
# (the EVAL.md "answer"); the renderers (bot/rendering.py) walk them and never parse text back.


@dataclass(frozen=True, slots=True)
class Intro:
    """The answer's opening: what it is about ("Nhiệm vụ của Sở Y tế: …"), and lines that
    qualify it (a merged agency's former names, a directive's signer)."""

    title: str
    lines: tuple[str, ...] = ()

    def body(self) -> tuple[str, ...]:
        """The lines under the title."""
        return self.lines


@dataclass(frozen=True, slots=True)
class Item:
    """One section an answer lists, on a line: a duty, with the agency's role and deadlines;
    the task in a few words when the answer says which of its sources it is (`number`, its
    [n]: the answer's citations[number - 1]), else the section whole."""

    section: Section
    label: str  # "mục 4", "Điều 3"
    role: Role | None = None
    role_label: str = ""  # the role as the answer words it ("chủ trì")
    deadline: str | None = None  # "Thời hạn: trước ngày 25/01/2022", when the section sets one
    number: int = 0  # its source's [n]; 0 when the answer does not number its sources
    task: str = ""  # what the section asks, in a few words taken from it

    def line(self) -> str:
        """ "[1] mục 4 (chủ trì): task" (or "• mục 4 [chủ trì]: text"), the deadline on an
        indented line of its own."""
        if self.number:
            role = f" ({self.role_label})" if self.role_label else ""
            line = f"[{self.number}] {self.label}{role}: {self.task}"
        else:
            role = f" [{self.role_label}]" if self.role_label else ""
            line = f"• {self.label}{role}: {self.section.text.replace(chr(10), ' ')}"
        return f"{line}\n  {self.deadline}" if self.deadline else line


@dataclass(frozen=True, slots=True)
class DirectiveGroup:
    """Items of one directive under its citation line; without a directive, items of several
    (each named in the sources)."""

    title: str | None
    items: tuple[Item, ...]
    directive: Directive | None = None

    def body(self) -> tuple[str, ...]:
        """One line per item."""
        return tuple(item.line() for item in self.items)


@dataclass(frozen=True, slots=True)
class Quote:
    """The sentence that answers, verbatim, under the citation it comes from."""

    title: str  # "Theo Công văn số … , mục 4:"
    section: Section
    sentence: str  # verbatim from the section
    line: str  # the sentence as the answer words it ("» …")

    def body(self) -> tuple[str, ...]:
        """The worded sentence."""
        return (self.line,)


@dataclass(frozen=True, slots=True)
class Passage:
    """A section in full, its lines as the document has them."""

    title: str  # "Toàn văn mục:"
    section: Section

    def body(self) -> tuple[str, ...]:
        """The section's lines; an indented line stays with the one before it."""
        lines: list[str] = []
        for line in self.section.text.split("\n"):
            if lines and line[:1].isspace():
                lines[-1] += "\n" + line
            else:
                lines.append(line)
        return tuple(lines)


@dataclass(frozen=True, slots=True)
class Entry:
    """A directive in a list, as the answer words it, and the sections it points to."""

    directive: Directive
    text: str  # "Kế hoạch số … : subject", "Công văn số … : 2, 3, 5"
    sections: tuple[Section, ...] = ()


@dataclass(frozen=True, slots=True)
class DirectiveList:
    """Directives one line each: the newest ones, or those tasking every department."""

    title: str
    entries: tuple[Entry, ...]
    more: str | None = None  # the line counting directives left out

    def body(self) -> tuple[str, ...]:
        """ "• entry" lines, then the count of the rest."""
        lines = tuple(f"• {e.text}" for e in self.entries)
        return (*lines, self.more) if self.more else lines


@dataclass(frozen=True, slots=True)
class Reference:
    """A section named by its citation line."""

    section: Section
    text: str  # "Công văn số 3262/UBND-KGVX ngày 13/9/2021 của UBND tỉnh Kon Tum, mục 4"


@dataclass(frozen=True, slots=True)
class References:
    """Sections offered without being quoted: the closest ones when nothing answers."""

    title: str
    references: tuple[Reference, ...]

    def body(self) -> tuple[str, ...]:
        """ "- citation" lines."""
        return tuple(f"- {r.text}" for r in self.references)


@dataclass(frozen=True, slots=True)
class Note:
    """A remark after the body: what was left out, and how to reach it."""

    title: str

    def body(self) -> tuple[str, ...]:
        """Nothing under it."""
        return ()


@dataclass(frozen=True, slots=True)
class Prose:
    """Text a language model wrote over the answer's sources, its [n] markers checked."""

    text: str
    title = None  # prose has no title line

    def body(self) -> tuple[str, ...]:
        """Its lines."""
        return tuple(self.text.split("\n"))


Block = Intro | DirectiveGroup | Quote | Passage | DirectiveList | References | Note | Prose


def block_lines(block: Block) -> list[str]:
    """A block's lines as plain text: its title (if any), then its body."""
    return [block.title, *block.body()] if block.title is not None else list(block.body())


JSON_CITATIONS = 10  # an answer object lists at most this many citations (shared/EVAL.md)


@dataclass(frozen=True, slots=True)
class Answer:
    """What the user gets: the blocks of a readable answer and the citations behind it (its
    sources, most relevant first)."""

    question: str
    found: bool
    blocks: tuple[Block, ...]
    citations: tuple[Citation, ...] = field(default_factory=tuple)
    generated: bool = False  # prose written by the language model, its citations checked
    subject: Directive | None = None  # the one directive it is about (a summary, a card)

    @property
    def text(self) -> str:
        """The answer as plain text: its blocks, a blank line between two."""
        return "\n\n".join("\n".join(block_lines(b)) for b in self.blocks)

    def to_json(self) -> dict[str, Any]:
        """The answer object of shared/EVAL.md."""
        return {
            "question": self.question,
            "found": self.found,
            "answer": self.text,
            "citations": [c.to_json() for c in self.citations[:JSON_CITATIONS]],
        }


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Ranked hits for a query, and whether they answer it."""

    query: Query
    hits: tuple[Hit, ...]
    found: bool
    # A duty answer's hits ordered by the question's topic (its directives in that order),
    # rather than newest directive first.
    topical: bool = False
    # Hits set aside: the agency's tasks in directives about something else than the
    # question's topic, counted in the answer but not listed.
    aside: tuple[Hit, ...] = ()
