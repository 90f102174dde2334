"""What the library's changes (bot/library.py) give back, and the refusals they raise."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from bot.archive import Archived
from bot.changes import Changes, compare
from bot.errors import BotError, DocumentError
from bot.extract import Read
from bot.indexing import BuildReport
from bot.types import Directive, ParsedFile, Section
from bot.uploads import safe_name

logger = logging.getLogger(__name__)


class UnsupportedType(DocumentError):
    """The file's content is none of the formats the bot reads (or indexes)."""


class NotIndexed(BotError):
    """The file was saved but the build could not index it; it was taken out again."""


class Duplicate(DocumentError):
    """The same bytes are already in the documents folder."""

    def __init__(self, name: str, existing: str, indexed: bool = True) -> None:
        super().__init__(name, f"đã có trong thư mục văn bản (tệp '{existing}')")
        self.existing = existing
        self.indexed = indexed  # False: the file is there but no index version lists it


class NotInLibrary(BotError):
    """The directive asked for is no longer in the documents folder (or was never indexed)."""


class AlreadyRestored(BotError):
    """An archived file that is back in the library already."""

    def __init__(self, entry: Archived) -> None:
        super().__init__(f"Bản lưu trữ '{entry.id}' đã được khôi phục ('{entry.restored_as}').")
        self.entry = entry


@dataclass(frozen=True)
class Upload:
    """A file read and parsed, not saved yet: what it was understood as, and whether to ask
    before saving it (a version of an indexed directive, no header, not Vietnamese)."""

    data: bytes = field(repr=False)
    sent_as: str
    file: str  # the name it would be saved under
    parsed: ParsedFile
    matches: tuple[Directive, ...] = ()  # indexed directives it may be a new version of
    headerless: bool = False  # no number and no document type found
    foreign: bool = False  # its text does not read as Vietnamese
    head: str = ""  # its first lines
    restored_from: str = ""  # an archive entry: its corrections come back with it
    superseded: bool = False  # restored from the archive, where another version replaced it
    read: Read | None = field(default=None, repr=False)  # as its child read and parsed it

    @property
    def digest(self) -> str:
        """sha256 of its bytes."""
        return self.parsed.directive.content_hash

    @property
    def doubtful(self) -> bool:
        """Whether an administrator should confirm it before it is indexed."""
        return self.headerless or self.foreign


@dataclass(frozen=True)
class Retired:
    """A directive taken out of the library (its file archived)."""

    archived: Archived
    report: BuildReport
    upload_id: str  # its journal entry: `Library.reported` once the administrator is told


@dataclass(frozen=True)
class Added:
    """What an upload became."""

    file: str  # the name it was saved under in documents/
    renamed: bool  # another file already had the name it was sent with
    directive: Directive
    sections: int
    agencies: list[str]
    report: BuildReport
    unstructured: bool = False  # no header found: indexed by paragraph, cited by file name
    upload_id: str = ""  # its journal entry: `Library.reported` once the sender is told
    replaced: str = ""  # the file it replaced (archived)
    changes: Changes | None = None  # what differs from the directive it replaced


def added(
    file: str,
    sent_as: str,
    upload_id: str,
    report: BuildReport,
    old: Directive | None,
    before: list[Section],
) -> Added:
    """What an upload saved as `file` became in the version `report` built (which lists it);
    `old`, with its sections `before`, is the directive it replaced."""
    index = report.index
    directive = next(d for d in index.directives if d.source == file)
    sections = [s for s in index.sections if s.directive.source == file]
    agencies = sorted({a.agency for s in sections for a in s.assignees})
    unstructured = not (directive.number or directive.date or directive.issuer)
    if unstructured:
        logger.warning("%s: no directive header found; indexed by paragraph", file)
    renamed = file != safe_name(sent_as, Path(file).suffix)
    changes = compare(old, before, directive, sections) if old is not None else None
    return Added(
        file,
        renamed,
        directive,
        len(sections),
        agencies,
        report,
        unstructured,
        upload_id,
        old.source if old else "",
        changes,
    )
