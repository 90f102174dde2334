"""The directives being served: the current index, and the two ways to change it while the bot
keeps answering — adding one uploaded file, and rebuilding from the documents folder.

Questions read `library.index` once and are answered from that version to the end. A change
builds a new version in a worker thread (only new sections are embedded), loads it, then
swaps the reference; one change runs at a time. An upload is checked (type by content, text
extracted in a child process under a time and memory limit, sections found) before it is
written, is never written over another file, and is removed again if the build fails, so a bad
file never reaches the served index.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

from langchain_core.embeddings import Embeddings

from bot.config import Settings
from bot.errors import DocumentError
from bot.extract import extract_isolated
from bot.indexing import BuildReport, Index, build_index, ensure_index
from bot.loaders import sniff
from bot.parsing import parse
from bot.text import sha256_bytes
from bot.types import Directive

logger = logging.getLogger(__name__)

_UNSAFE = re.compile(r"[^\w\-. ()]+")
_MAX_NAME = 120
_MAX_CHARS = 1_000_000  # about 300 pages; a longer upload is not one directive


class UnsupportedType(DocumentError):
    """The file's content is none of the formats the bot reads."""


class Duplicate(DocumentError):
    """The same bytes are already in the documents folder."""

    def __init__(self, name: str, existing: str) -> None:
        super().__init__(name, f"đã có trong thư mục văn bản (tệp '{existing}')")
        self.existing = existing


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


class Library:
    """The served index; `add` and `reload` replace it without stopping readers."""

    def __init__(self, settings: Settings, embedder: Embeddings, index: Index) -> None:
        self._settings = settings
        self._embedder = embedder
        self._index = index
        self._lock = asyncio.Lock()

    @classmethod
    def open(cls, settings: Settings, embedder: Embeddings) -> Library:
        """The library over the current index (built first if there is none)."""
        return cls(settings, embedder, ensure_index(settings, embedder))

    @property
    def index(self) -> Index:
        """The index answering questions now; keep the reference for a whole answer."""
        return self._index

    async def reload(self) -> BuildReport:
        """Rebuild from the documents folder (re-embedding only changed sections) and swap."""
        async with self._lock:
            return await self._rebuild()

    async def add(self, data: bytes, name: str) -> Added:
        """Check an uploaded file, save it into documents/, index it and swap the index in."""
        kind = sniff(data, name)
        if kind is None:
            raise UnsupportedType(name, "nội dung không phải .docx, .pdf, .txt, .md hoặc .html")
        wanted = safe_name(name, kind)
        limits = self._settings.index.parse_timeout, self._settings.index.parse_memory_mb
        text = await asyncio.to_thread(extract_isolated, data, wanted, *limits)
        if len(text) > _MAX_CHARS:
            raise DocumentError(
                name,
                f"văn bản quá dài ({len(text):,} ký tự, tối đa {_MAX_CHARS:,}): "
                "hãy gửi từng văn bản một".replace(",", "."),
            )
        digest = sha256_bytes(data)
        parsed = parse(text, wanted, digest, self._index.gazetteer)
        if not parsed.sections:
            raise DocumentError(name, "không tìm thấy nội dung văn bản")
        async with self._lock:
            folder = self._settings.path("documents")
            existing = _same_file(folder, data)
            if existing:
                raise Duplicate(name, existing)
            target = _free_path(folder, wanted)
            _write_new(target, data)
            try:
                report = await self._rebuild()
            except BaseException:
                target.unlink(missing_ok=True)
                raise
        return self._added(target.name, target.name != wanted, report)

    async def _rebuild(self) -> BuildReport:
        report = await asyncio.to_thread(
            build_index, self._settings, self._embedder, progress=False
        )
        self._index = report.index  # the version just written, already in memory
        logger.info("serving index %s (%d sections)", report.index.version, report.sections)
        return report

    def _added(self, file: str, renamed: bool, report: BuildReport) -> Added:
        index = self._index
        directive = next(d for d in index.directives if d.source == file)
        sections = [s for s in index.sections if s.directive.source == file]
        agencies = sorted({a.agency for s in sections for a in s.assignees})
        unstructured = not (directive.number or directive.date or directive.issuer)
        if unstructured:
            logger.warning("%s: no directive header found; indexed by paragraph", file)
        return Added(file, renamed, directive, len(sections), agencies, report, unstructured)


def safe_name(name: str, suffix: str) -> str:
    """A plain file name for documents/: no folders, no hidden names, the detected suffix."""
    base = PureWindowsPath(unicodedata.normalize("NFC", name)).name  # drops / and \ parts
    stem = _UNSAFE.sub("_", Path(base).stem).strip(" ._") or "van-ban"
    return stem[:_MAX_NAME] + suffix


def _same_file(folder: Path, data: bytes) -> str | None:
    """The name of a file in folder with exactly these bytes, if any."""
    digest = sha256_bytes(data)
    for path in folder.iterdir():
        same_size = path.is_file() and path.stat().st_size == len(data)
        if same_size and sha256_bytes(path.read_bytes()) == digest:
            return path.name
    return None


def _free_path(folder: Path, name: str) -> Path:
    """folder/name, or folder/name-2, -3, … when the name is taken."""
    path = folder / name
    n = 1
    while path.exists():
        n += 1
        path = folder / f"{Path(name).stem}-{n}{Path(name).suffix}"
    return path


def _write_new(path: Path, data: bytes) -> None:
    """Write a file that appears whole or not at all, and never replaces another."""
    tmp = path.with_name(f".upload-{os.getpid()}-{path.name}")
    tmp.write_bytes(data)
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.link(tmp, path)  # fails if path appeared meanwhile, unlike a rename
    tmp.unlink()
