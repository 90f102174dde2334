"""The directives being served: the current index, and the two ways to change it while the bot
keeps answering — adding one uploaded file, and rebuilding from the documents folder.

Questions read `library.index` once and are answered from that version to the end. A change
builds a new version in a worker thread (only new sections are embedded), loads it, then
swaps the reference; one change runs at a time. An upload is checked (type by content, size,
then read and parsed once, in a child process under a time and memory limit, sections found)
before it is written; the build takes that parse and the version in memory. It is never
written over another file, and is removed again if the build fails, so a bad file never
reaches the served index. Every step of an upload is journaled (bot/uploads.py), so
a crash or a shutdown mid-upload neither loses the file nor hides it: the next start settles
it and the administrator is told.

Administrators also replace a directive with a new version, retire one and restore one; the
old file always goes to the archive first (bot/archive.py), and each of these is journaled like
an upload. A correction of a directive's metadata is written beside its file
(bot/corrections.py) and applied by the rebuild that follows.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from dataclasses import replace
from datetime import date
from pathlib import Path

from langchain_core.embeddings import Embeddings

from bot import archive, corrections
from bot.archive import REPLACED, RETIRED, Archived
from bot.changes import matches
from bot.config import Settings
from bot.corpus import neighbours
from bot.directory import readable
from bot.errors import DocumentError
from bot.extract import Limits, Read, check_size, read_isolated
from bot.indexing import BuildReport, Index, build_index, current_version, ensure_index
from bot.loaders import sniff
from bot.outcomes import (
    Added,
    AlreadyRestored,
    Duplicate,
    NotIndexed,
    NotInLibrary,
    Retired,
    UnsupportedType,
    Upload,
    added,
)
from bot.text import sha256_bytes
from bot.types import Directive, ParsedFile, Section
from bot.uploads import (
    ADDED,
    FAILED,
    LOST,
    PLACED,
    REPLACE,
    RETIRE,
    SETTLED,
    STAGING,
    Entry,
    Journal,
    Uploader,
    free_path,
    low_disk,
    photo_name,
    remove_orphans,
    safe_name,
    same_file,
    write_new,
)

# Callers import what the library gives back and refuses with from here (bot/outcomes.py).
__all__ = [
    "Added",
    "AlreadyRestored",
    "Duplicate",
    "Library",
    "NotInLibrary",
    "NotIndexed",
    "Retired",
    "UnsupportedType",
    "Upload",
    "file_key",
]

logger = logging.getLogger(__name__)

_HEAD_LINES = 5  # lines of text shown when an upload is doubtful


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
        return await self.save(await self.prepare(data, name), who)

    async def prepare(
        self,
        data: bytes,
        name: str,
        restored_from: str = "",
        superseded: bool = False,
        photo_day: date | None = None,
    ) -> Upload:
        """Read and parse a file (in a child process) without saving it; Duplicate when the
        same bytes are in documents/ already. A photo sent as a picture (`photo_day`: the day
        it was sent) is named from what was read (bot.uploads.photo_name), not `name`."""
        kind = sniff(data, name)
        if kind is None:
            raise UnsupportedType(name, "nội dung không phải .docx, .pdf, .txt, .md hoặc .html")
        if kind not in self._settings.index.extensions:
            raise UnsupportedType(name, f"tệp {kind} không được lập chỉ mục ([index] extensions)")
        wanted = safe_name(name, kind)
        check_size(data, wanted)  # before any child starts: a huge file is refused at once
        index = self._index
        limits = Limits(self._settings.index.parse_timeout, self._settings.index.parse_memory_mb)
        # Read and parsed once, in a child, with the gazetteer the build will use; the build
        # takes this parse (Upload.read) and reads the file no more.
        around = neighbours(index.manifest.get("discovered", {}), wanted)
        read = await asyncio.to_thread(read_isolated, data, wanted, limits, *around)
        if photo_day is not None:  # named from what was read: its sections carry the name
            name = photo_name(_parsed(read).directive, read.digest, photo_day)
            wanted = safe_name(name, kind)
            read = read.named(wanted)
        parsed = _parsed(read)
        text = read.text
        if not parsed.sections:
            raise DocumentError(name, "không tìm thấy nội dung văn bản")
        await asyncio.to_thread(self._refuse_duplicate, data, name)
        d = parsed.directive
        found = matches(d, parsed.sections, index.directives, index.sections)
        head = "\n".join([line for line in text.split("\n") if line.strip()][:_HEAD_LINES])
        return Upload(
            data,
            name,
            wanted,
            parsed,
            tuple(found),
            headerless=not (d.number or d.doc_type),
            foreign=not readable(text),
            head=head,
            restored_from=restored_from,
            superseded=superseded,
            read=read,
        )

    async def save(
        self, upload: Upload, who: Uploader | None = None, replaces: str | None = None
    ) -> Added:
        """Save a prepared file into documents/ (archiving the file it `replaces` first), index
        it and swap the index in. If it does not make it into the index, the replaced file is
        put back."""
        who = who or Uploader()
        async with self._lock:  # hashing and writing a large file stay off the event loop
            await asyncio.to_thread(self._refuse_duplicate, upload.data, upload.sent_as)
            old = self._served(replaces) if replaces else None
            before = self.sections_of(replaces) if replaces else []
            entry = await asyncio.to_thread(self._place, upload, who, old)
            try:
                report = await self._rebuild(upload.read)
            except asyncio.CancelledError:  # shutting down: the build thread still commits it
                logger.warning("upload %s interrupted; settled at the next start", entry.file)
                raise
            except BaseException:
                if self._settle(entry, None).outcome == FAILED:
                    self.journal.remove(entry.id)  # the sender is told by the exception
                raise
            entry = await asyncio.to_thread(self._settle, entry, report)
            if entry.outcome == FAILED and old is not None:
                report = await self._rebuild()  # the old file is back: serve it again
            if entry.outcome == ADDED and upload.restored_from:
                await asyncio.to_thread(self._mark_restored, upload.restored_from, entry.file)
        return self._added(entry, report, old, before)

    async def retire(self, file: str, who: Uploader | None = None) -> Retired:
        """Take a directive out of the library: its file goes to the archive, the index is
        rebuilt without it. If the build fails, the file is put back."""
        async with self._lock:
            old = self._served(file)
            entry = await asyncio.to_thread(self._take_out, old, who or Uploader())
            try:
                report = await self._rebuild()
            except asyncio.CancelledError:
                logger.warning("retirement of %s interrupted; finished at the next start", file)
                raise
            except BaseException:
                if self._settle(entry, None).outcome == FAILED:
                    self.journal.remove(entry.id)
                raise
            entry = await asyncio.to_thread(self._settle, entry, report)
        found = archive.find(self._archive, entry.archived)
        assert found is not None
        return Retired(found, report, entry.id)

    async def restore(self, archive_id: str) -> Upload:
        """An archived file, prepared to be saved again (as `prepare`)."""
        entry = archive.find(self._archive, archive_id)
        if entry is None:
            raise NotInLibrary(f"Không còn bản lưu trữ '{archive_id}'.")
        if entry.restored_at:
            raise AlreadyRestored(entry)
        data = await asyncio.to_thread(archive.read, self._archive, entry)
        return await self.prepare(data, entry.file, entry.id, entry.action == REPLACED)

    def archived(self) -> list[Archived]:
        """Every archived file, newest first."""
        return archive.entries(self._archive)

    def restorable(self) -> list[Archived]:
        """The archived files that can be restored, newest first: not restored already, and
        whose bytes the current index does not serve (sent again, or restored before
        restorations were recorded)."""
        served = set(self._index.manifest.get("documents", {}).values())
        return [e for e in self.archived() if not e.restored_at and e.digest not in served]

    async def correct(self, file: str, key: str, value: str) -> BuildReport:
        """Correct one metadata field of a directive (an empty value or "-" clears the
        correction), beside its file, and rebuild so that citations use it."""
        checked = corrections.checked(key, value)
        async with self._lock:
            self._served(file)
            await asyncio.to_thread(corrections.write, self._folder, file, key, checked)
            return await self._rebuild()

    def corrections_of(self, file: str) -> dict[str, str]:
        """A directive's stored corrections."""
        return corrections.read(self._folder, file)

    def original(self, file: str) -> Path:
        """The path of a served directive's file."""
        self._served(file)
        return self._folder / file

    def low_disk(self, min_free_mb: float) -> list[tuple[str, Path, float]]:
        """The disks holding documents/, index/ or archive/ with less than `min_free_mb` free,
        one entry per disk: (the folders' names, the first folder, free MB)."""
        folders = {n: self._settings.path(n) for n in ("documents", "index", "archive")}
        return low_disk(folders, min_free_mb)

    def find(self, key: str) -> Directive | None:
        """A served directive by `file_key` of its file name."""
        return next((d for d in self._index.directives if file_key(d.source) == key), None)

    def sections_of(self, file: str) -> list[Section]:
        """A served directive's sections, in order."""
        return [s for s in self._index.sections if s.directive.source == file]

    def reported(self, upload_id: str) -> None:
        """The administrator has been told what became of an upload: forget it."""
        self.journal.remove(upload_id)

    def notices(self) -> list[Entry]:
        """Settled uploads whose administrator has not been told yet (after a restart)."""
        return [e for e in self.journal.entries() if e.step == SETTLED]

    def recover(self) -> list[Entry]:
        """Settle what interrupted uploads, replacements and retirements left (at start-up,
        before serving): half-written files are removed, placed files are indexed (or taken
        out if they no longer read), replaced files whose successor is gone are put back.
        Returns every settled entry still to be reported."""
        remove_orphans(self._folder, self.journal)
        pending = []
        for entry in self.journal.entries():
            if entry.step == STAGING:
                entry = self._unstage(entry)
            if entry.step == PLACED:
                if self._done(entry, self._index.manifest):
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
            report = self._build()
        except Exception:
            logger.exception("finishing %d interrupted upload(s) failed; kept", len(entries))
            return
        self._index = report.index
        settled = [self._settle(entry, report) for entry in entries]
        if any(e.outcome == FAILED and e.replaces for e in settled):
            self._index = self._build().index

    @property
    def _folder(self) -> Path:
        return self._settings.path("documents")

    @property
    def _archive(self) -> Path:
        return self._settings.path("archive")

    def _served(self, file: str) -> Directive:
        """The directive a file holds, if it is served and still in documents/."""
        directive = next((d for d in self._index.directives if d.source == file), None)
        if directive is None or not (self._folder / file).is_file():
            raise NotInLibrary(f"Văn bản (tệp '{file}') không còn trong thư viện.")
        return directive

    def _refuse_duplicate(self, data: bytes, name: str) -> None:
        existing = same_file(self._folder, data, self._settings.index.extensions)
        if existing is None:
            return
        in_progress = any(e.file == existing for e in self.journal.entries())
        indexed = existing in self._index.manifest.get("documents", {})
        raise Duplicate(name, existing, indexed or in_progress)

    def _place(self, upload: Upload, who: Uploader, old: Directive | None) -> Entry:
        """Journal the upload, archive and take out the file it replaces, then write its bytes
        into documents/ under a free name."""
        more = {}
        if old is not None:
            kept = self._archive_file(old, REPLACED, who, replaced_by=upload.file)
            more = {"action": REPLACE, "replaces": old.source, "archived": kept.id}
        try:
            entry = self.journal.start(upload.file, upload.sent_as, upload.digest, who, **more)
        except OSError as exc:
            reason = f"không ghi được nhật ký tải lên ({exc.strerror})"
            raise DocumentError(upload.sent_as, reason) from None
        try:
            if old is not None:
                _unlink_with_sidecar(self._folder, old.source)  # whole in the archive
            target = free_path(self._folder, upload.file)
            if target.name != entry.file:
                entry = self.journal.save(replace(entry, file=target.name))
            placed = write_new(self._folder / entry.staging, target, upload.data)
            self._bring_corrections(upload, placed.name)
        except BaseException:
            self._put_back(entry)
            self.journal.remove(entry.id)
            raise
        if placed.name != entry.file:
            entry = replace(entry, file=placed.name)
        return self.journal.save(replace(entry, step=PLACED))

    def _take_out(self, old: Directive, who: Uploader) -> Entry:
        """Archive a file, journal its retirement, then take it out of documents/."""
        kept = self._archive_file(old, RETIRED, who)
        entry = self.journal.start(
            old.source, old.source, kept.digest, who, action=RETIRE, archived=kept.id
        )
        _unlink_with_sidecar(self._folder, old.source)
        return self.journal.save(replace(entry, step=PLACED))

    def _archive_file(
        self, old: Directive, action: str, who: Uploader, replaced_by: str = ""
    ) -> Archived:
        return archive.archive(
            self._archive,
            self._folder,
            old.source,
            action,
            (who.user_id, who.username),
            old.to_dict(),
            replaced_by,
        )

    def _bring_corrections(self, upload: Upload, file: str) -> None:
        """A restored file gets back the corrections it had when it was archived."""
        entry = archive.find(self._archive, upload.restored_from) if upload.restored_from else None
        if entry is None:
            return
        for key, value in corrections.read(self._archive / entry.id, entry.file).items():
            corrections.write(self._folder, file, key, value)

    def _mark_restored(self, archive_id: str, file: str) -> None:
        """The archive entry a restored file came from no longer offers it. A failure is
        logged only: the file is back, and `restorable` leaves out what is served anyway."""
        entry = archive.find(self._archive, archive_id)
        if entry is None:
            return
        try:
            archive.mark_restored(self._archive, entry, file)
        except OSError as exc:
            logger.error("archive entry %s not marked restored: %s", archive_id, exc)

    def _put_back(self, entry: Entry) -> None:
        """Undo what a replacement or retirement that did not complete took out."""
        kept = archive.find(self._archive, entry.archived) if entry.archived else None
        if kept is not None:
            archive.put_back(self._archive, kept, self._folder)

    def _settle(self, entry: Entry, report: BuildReport | None, reason: str = "") -> Entry:
        """After a build: the entry is done if the version now current shows it (lists the
        upload, or no longer lists the retired file). Otherwise it is undone: an upload's file
        is taken out of documents/ again, a replaced or retired file is put back."""
        root = self._settings.path("index")
        if report is not None and self._done(entry, report.index.manifest):
            return self.journal.save(entry.settled(ADDED, report.index.version))
        if report is None:
            committed = self._committed(entry)
            if committed is None:  # CURRENT unreadable just now: keep it, settle it later
                return entry
            if committed:  # the build failed after CURRENT named it
                return self.journal.save(entry.settled(ADDED, current_version(root) or ""))
        if entry.action != RETIRE:
            (self._folder / entry.file).unlink(missing_ok=True)
        self._put_back(entry)
        if report is not None:
            reason = _error_for(entry.file, report.errors) or "không lập chỉ mục được tệp này"
        return self.journal.save(entry.settled(FAILED, reason))

    def _committed(self, entry: Entry) -> bool | None:
        """Whether the version CURRENT names shows this entry done (read from disk); None
        when that cannot be read."""
        root = self._settings.path("index")
        try:
            version = current_version(root)
            if version is None:
                return False
            manifest = json.loads((root / version / "manifest.json").read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return self._done(entry, manifest)

    def _unstage(self, entry: Entry) -> Entry:
        """An entry interrupted at its first step. An upload: placed if its file made it
        whole, else lost (the administrator is asked to send it again; a replaced file is put
        back). A retirement: under way if its file has left documents/, else nothing changed."""
        target = self._folder / entry.file
        if entry.action == RETIRE:
            if target.exists():
                return self.journal.save(entry.settled(FAILED, "bị ngắt trước khi gỡ; chưa gỡ"))
            return self.journal.save(replace(entry, step=PLACED))
        (self._folder / entry.staging).unlink(missing_ok=True)
        whole = target.is_file() and not target.is_symlink()
        if whole and sha256_bytes(target.read_bytes()) == entry.digest:
            return self.journal.save(replace(entry, step=PLACED))
        self._put_back(entry)
        return self.journal.save(entry.settled(LOST))

    @staticmethod
    def _done(entry: Entry, manifest: dict) -> bool:
        """Whether an index (its manifest) shows the entry done."""
        listed = manifest.get("documents", {}).get(entry.file) == entry.digest
        return not listed if entry.action == RETIRE else listed

    def _build(self, ready: Read | None = None) -> BuildReport:
        """A new version, reusing the one served (in memory) and an upload's `ready` parse."""
        given = (ready,) if ready is not None else ()
        return build_index(
            self._settings, self._embedder, progress=False, previous=self._index, ready=given
        )

    async def _rebuild(self, ready: Read | None = None) -> BuildReport:
        report = await asyncio.to_thread(self._build, ready)
        self._index = report.index  # the version just written, already in memory
        logger.info("serving index %s (%d sections)", report.index.version, report.sections)
        return report

    def _added(
        self,
        entry: Entry,
        report: BuildReport,
        old: Directive | None = None,
        before: list[Section] | None = None,
    ) -> Added:
        if entry.outcome != ADDED:
            self.journal.remove(entry.id)  # told now, by the exception
            raise NotIndexed(entry.detail)
        return added(entry.file, entry.sent_as, entry.id, report, old, before or [])


def _parsed(read: Read) -> ParsedFile:
    assert read.parsed is not None  # read_isolated parses unless told not to
    return read.parsed


def _error_for(file: str, errors: list[str]) -> str:
    """The build's complaint about one file, if it made one."""
    return next((e for e in errors if f"'{file}'" in e), "")


def file_key(file: str) -> str:
    """A short key naming a file in button data (which Telegram limits to 64 bytes)."""
    return hashlib.sha256(file.encode("utf-8")).hexdigest()[:10]


def _unlink_with_sidecar(folder: Path, file: str) -> None:
    """Take a file and its corrections out of documents/ (both are in the archive)."""
    (folder / file).unlink(missing_ok=True)
    corrections.sidecar(folder, file).unlink(missing_ok=True)
