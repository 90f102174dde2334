"""The directives being served: the current index, and the two ways to change it while the bot
keeps answering — adding one uploaded file, and rebuilding from the documents folder.

Questions read `library.index` once and are answered from that version to the end. A change
builds a new version in a worker thread (only new sections are embedded), loads it, then
swaps the reference; one change runs at a time. An upload is checked (type by content, text
extracted in a child process under a time and memory limit, sections found) before it is
written, is never written over another file, and is removed again if the build fails, so a bad
file never reaches the served index. Every step of an upload is journaled (bot/uploads.py), so
a crash or a shutdown mid-upload neither loses the file nor hides it: the next start settles
it and the administrator is told.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path, PureWindowsPath

from langchain_core.embeddings import Embeddings

from bot.config import Settings
from bot.errors import BotError, DocumentError
from bot.extract import extract_isolated
from bot.indexing import BuildReport, Index, build_index, current_version, ensure_index
from bot.loaders import sniff
from bot.parsing import parse
from bot.text import sha256_bytes
from bot.types import Directive
from bot.uploads import (
    ADDED,
    FAILED,
    LOST,
    PLACED,
    SETTLED,
    STAGING,
    STAGING_PREFIX,
    Entry,
    Journal,
    Uploader,
)

logger = logging.getLogger(__name__)

_UNSAFE = re.compile(r"[^\w\-. ()]+")
_MAX_NAME = 120


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


class Library:
    """The served index; `add` and `reload` replace it without stopping readers."""

    def __init__(self, settings: Settings, embedder: Embeddings, index: Index) -> None:
        self._settings = settings
        self._embedder = embedder
        self._index = index
        self._lock = asyncio.Lock()
        self.journal = Journal(settings.path("index") / "uploads")

    @classmethod
    def open(cls, settings: Settings, embedder: Embeddings) -> Library:
        """The library over the current index (built first if there is none), with what
        interrupted uploads left settled (see `recover`)."""
        library = cls(settings, embedder, ensure_index(settings, embedder))
        library.recover()
        return library

    @property
    def index(self) -> Index:
        """The index answering questions now; keep the reference for a whole answer."""
        return self._index

    async def reload(self) -> BuildReport:
        """Rebuild from the documents folder (re-embedding only changed sections) and swap."""
        async with self._lock:
            return await self._rebuild()

    async def add(self, data: bytes, name: str, who: Uploader | None = None) -> Added:
        """Check an uploaded file, save it into documents/, index it and swap the index in.
        Each step is journaled (bot/uploads.py); the caller reports the outcome, then calls
        `reported`."""
        kind = sniff(data, name)
        if kind is None:
            raise UnsupportedType(name, "nội dung không phải .docx, .pdf, .txt, .md hoặc .html")
        if kind not in self._settings.index.extensions:
            raise UnsupportedType(name, f"tệp {kind} không được lập chỉ mục ([index] extensions)")
        wanted = safe_name(name, kind)
        limits = self._settings.index.parse_timeout, self._settings.index.parse_memory_mb
        text = await asyncio.to_thread(extract_isolated, data, wanted, *limits)
        digest = sha256_bytes(data)
        parsed = await asyncio.to_thread(parse, text, wanted, digest, self._index.gazetteer)
        if not parsed.sections:
            raise DocumentError(name, "không tìm thấy nội dung văn bản")
        async with self._lock:  # hashing and writing a large file stay off the event loop
            await asyncio.to_thread(self._refuse_duplicate, data, name)
            entry = await asyncio.to_thread(
                self._place, data, name, wanted, digest, who or Uploader()
            )
            try:
                report = await self._rebuild()
            except asyncio.CancelledError:  # shutting down: the build thread still commits it
                logger.warning("upload %s interrupted; settled at the next start", entry.file)
                raise
            except BaseException:
                if self._settle(entry, None).outcome == FAILED:
                    self.journal.remove(entry.id)  # the sender is told by the exception
                raise
            entry = await asyncio.to_thread(self._settle, entry, report)
        return self._added(entry, report)

    def reported(self, upload_id: str) -> None:
        """The administrator has been told what became of an upload: forget it."""
        self.journal.remove(upload_id)

    def notices(self) -> list[Entry]:
        """Settled uploads whose administrator has not been told yet (after a restart)."""
        return [e for e in self.journal.entries() if e.step == SETTLED]

    def recover(self) -> list[Entry]:
        """Settle what interrupted uploads left (at start-up, before serving): half-written
        files are removed, placed files are indexed (or taken out if they no longer read).
        Returns every settled upload still to be reported."""
        _remove_orphans(self._folder, self.journal)
        pending = []
        for entry in self.journal.entries():
            if entry.step == STAGING:
                entry = self._unstage(entry)
            if entry.step == PLACED:
                if self._listed(entry, self._index):
                    entry = self.journal.save(entry.settled(ADDED, self._index.version))
                else:
                    pending.append(entry)
        if pending:
            self._finish(pending)
        return self.notices()

    def _finish(self, entries: list[Entry]) -> None:
        """Index placed files an interrupted build did not commit. If the build itself fails
        (a full disk, say), nothing is taken out: the files stay placed, the current index
        serves, and the next start or /reload settles them."""
        try:
            report = build_index(self._settings, self._embedder, progress=False)
        except Exception:
            logger.exception("finishing %d interrupted upload(s) failed; kept", len(entries))
            return
        self._index = report.index
        for entry in entries:
            self._settle(entry, report)

    @property
    def _folder(self) -> Path:
        return self._settings.path("documents")

    def _refuse_duplicate(self, data: bytes, name: str) -> None:
        existing = _same_file(self._folder, data, self._settings.index.extensions)
        if existing is None:
            return
        in_progress = any(e.file == existing for e in self.journal.entries())
        indexed = existing in self._index.manifest.get("documents", {})
        raise Duplicate(name, existing, indexed or in_progress)

    def _place(self, data: bytes, name: str, wanted: str, digest: str, who: Uploader) -> Entry:
        """Journal the upload, then write its bytes into documents/ under a free name."""
        target = _free_path(self._folder, wanted)
        try:
            entry = self.journal.start(target.name, name, digest, who)
        except OSError as exc:
            reason = f"không ghi được nhật ký tải lên ({exc.strerror})"
            raise DocumentError(name, reason) from None
        try:
            placed = _write_new(self._folder / entry.staging, target, data)
        except BaseException:
            self.journal.remove(entry.id)
            raise
        if placed.name != entry.file:
            entry = replace(entry, file=placed.name)
        return self.journal.save(replace(entry, step=PLACED))

    def _settle(self, entry: Entry, report: BuildReport | None, reason: str = "") -> Entry:
        """After a build: the upload is added if the version now current lists it; otherwise
        its file is taken out of documents/ again (nothing that version serves needs it)."""
        root = self._settings.path("index")
        listed = report is not None and self._listed(entry, report.index)
        if listed:
            assert report is not None
            return self.journal.save(entry.settled(ADDED, report.index.version))
        if report is None:
            committed = self._committed(entry)
            if committed is None:  # CURRENT unreadable just now: keep it, settle it later
                return entry
            if committed:  # the build failed after CURRENT named it
                return self.journal.save(entry.settled(ADDED, current_version(root) or ""))
        (self._folder / entry.file).unlink(missing_ok=True)
        if report is not None:
            reason = _error_for(entry.file, report.errors) or "không lập chỉ mục được tệp này"
        return self.journal.save(entry.settled(FAILED, reason))

    def _committed(self, entry: Entry) -> bool | None:
        """Whether the version CURRENT names lists this upload (read from disk); None when
        that cannot be read."""
        root = self._settings.path("index")
        try:
            version = current_version(root)
            if version is None:
                return False
            manifest = json.loads((root / version / "manifest.json").read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return manifest.get("documents", {}).get(entry.file) == entry.digest

    def _unstage(self, entry: Entry) -> Entry:
        """An upload interrupted while its bytes were written: placed if the file made it
        whole, else lost (the administrator is asked to send it again)."""
        (self._folder / entry.staging).unlink(missing_ok=True)
        target = self._folder / entry.file
        whole = target.is_file() and not target.is_symlink()
        if whole and sha256_bytes(target.read_bytes()) == entry.digest:
            return self.journal.save(replace(entry, step=PLACED))
        return self.journal.save(entry.settled(LOST))

    @staticmethod
    def _listed(entry: Entry, index: Index) -> bool:
        return index.manifest.get("documents", {}).get(entry.file) == entry.digest

    async def _rebuild(self) -> BuildReport:
        report = await asyncio.to_thread(
            build_index, self._settings, self._embedder, progress=False
        )
        self._index = report.index  # the version just written, already in memory
        logger.info("serving index %s (%d sections)", report.index.version, report.sections)
        return report

    def _added(self, entry: Entry, report: BuildReport) -> Added:
        if entry.outcome != ADDED:
            self.journal.remove(entry.id)  # told now, by the exception
            raise NotIndexed(entry.detail)
        file = entry.file
        index = report.index
        directive = next(d for d in index.directives if d.source == file)
        sections = [s for s in index.sections if s.directive.source == file]
        agencies = sorted({a.agency for s in sections for a in s.assignees})
        unstructured = not (directive.number or directive.date or directive.issuer)
        if unstructured:
            logger.warning("%s: no directive header found; indexed by paragraph", file)
        renamed = file != safe_name(entry.sent_as, Path(file).suffix)
        return Added(
            file, renamed, directive, len(sections), agencies, report, unstructured, entry.id
        )


def safe_name(name: str, suffix: str) -> str:
    """A plain file name for documents/: no folders, no hidden names, the detected suffix."""
    base = PureWindowsPath(unicodedata.normalize("NFC", name)).name  # drops / and \ parts
    stem = _UNSAFE.sub("_", Path(base).stem).strip(" ._") or "van-ban"
    return stem[:_MAX_NAME] + suffix


def _same_file(folder: Path, data: bytes, extensions: tuple[str, ...]) -> str | None:
    """The name of a document in folder with exactly these bytes, if any. Hidden files
    (an upload's staging bytes), links and other types are not documents."""
    digest = sha256_bytes(data)
    for path in folder.iterdir():
        if path.name.startswith(".") or path.suffix.lower() not in extensions:
            continue
        if path.is_symlink() or not path.is_file() or path.stat().st_size != len(data):
            continue
        if sha256_bytes(path.read_bytes()) == digest:
            return path.name
    return None


def _free_path(folder: Path, name: str) -> Path:
    """folder/name, or folder/name-2, -3, … when the name is taken (by anything, a dangling
    link included)."""
    path = folder / name
    n = 1
    while os.path.lexists(path):
        n += 1
        path = folder / f"{Path(name).stem}-{n}{Path(name).suffix}"
    return path


def _write_new(staging: Path, target: Path, data: bytes) -> Path:
    """Write a file that appears whole or not at all and never replaces another; returns
    where it landed (the next free name if target was taken meanwhile). The staging file is
    removed whatever happens; a full disk is reported in Vietnamese."""
    try:
        with open(staging, "xb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        while True:
            try:
                os.link(staging, target)  # fails if target exists, unlike a rename
                break
            except FileExistsError:
                target = _free_path(target.parent, target.name)
        _fsync_dir(target.parent)
        return target
    except OSError as exc:
        reason = f"không ghi được vào thư mục văn bản ({exc.strerror})"
        raise DocumentError(target.name, reason) from None
    finally:
        staging.unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_orphans(folder: Path, journal: Journal) -> None:
    """Delete staging files no journal entry owns (left by a crash, or by older versions)."""
    owned = {e.staging for e in journal.entries()}
    for path in folder.glob(f"{STAGING_PREFIX}*"):
        if path.name not in owned:
            logger.warning("removing an interrupted upload's partial file %s", path.name)
            path.unlink(missing_ok=True)


def _error_for(file: str, errors: list[str]) -> str:
    """The build's complaint about one file, if it made one."""
    return next((e for e in errors if f"'{file}'" in e), "")
