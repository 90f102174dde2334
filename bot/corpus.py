"""The documents folder, parsed: every file read, the agency names it heads items with found,
and its directive and sections parsed with the corpus-wide gazetteer.

A rebuild after one upload or one edit must not redo this for a thousand unchanged files. So a
file whose bytes are unchanged since the previous version is neither read nor parsed again:
its names and its parse are taken from that version. The reuse holds only while the corpus's
agency names are the same as then (they shape every file's parse) and the parsing code is
the same (`PARSER` fingerprints it); otherwise every file is parsed again. An administrator's
corrections (bot/corrections.py) are applied to each parse; a file whose sidecar changed is
parsed again.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path

from bot import agencies, cleaning, corrections, legacy, loaders, metadata, parsing, text
from bot.agencies import Gazetteer, discover
from bot.errors import DocumentError
from bot.loaders import load_document, read_file, text_of
from bot.parsing import parse
from bot.text import sha256_bytes
from bot.types import ParsedFile

logger = logging.getLogger(__name__)

# The code that turns a file into sections; a parse made by other code is never reused.
_BOT = Path(__file__).resolve().parent
# Every module that turns a file into sections, and the language data they read.
_PARSING_CODE = [
    *(
        Path(m.__file__)
        for m in (agencies, cleaning, corrections, legacy, loaders, metadata, parsing, text)
        if m.__file__
    ),
    *(
        _BOT / f"{name}.py"
        for name in ("blocks", "word", "layout", "pages", "issuer", "signature", "ocr", "office")
    ),
    *sorted((_BOT / "vi").glob("*.py")),
]
PARSER = hashlib.sha256(
    b"".join(p.read_bytes() for p in _PARSING_CODE if p.is_file())
).hexdigest()[:16]


@dataclass
class Previous:
    """What the version before this build knew about each file, by file name."""

    hashes: dict[str, str]  # content hash
    discovered: dict[str, list[str]]  # agency names the file contributed
    parsed: dict[str, ParsedFile]
    agencies: list[str]
    parser: str
    corrections: dict[str, str] = field(default_factory=dict)  # sidecar fingerprints


@dataclass
class Corpus:
    """The parsed documents of a folder, the files skipped, and the agency names found."""

    parsed: list[ParsedFile]
    errors: list[str]
    agencies: list[str]
    discovered: dict[str, list[str]] = field(default_factory=dict)
    reused: int = 0  # files whose parse came from the previous version
    parser: str = ""  # the PARSER that made it
    corrections: dict[str, str] = field(default_factory=dict)  # sidecar fingerprints, by file


@dataclass
class _File:
    path: Path
    digest: str
    text: str | None  # None: unchanged, not read
    names: list[str]
    ocr: float | None = None  # read from a scan: the OCR's mean word confidence


def read_corpus(
    folder: Path, extensions: tuple[str, ...], previous: Previous | None = None
) -> Corpus:
    """Parse every document in a folder; unreadable files are reported and skipped."""
    files: list[_File] = []
    errors: list[str] = []
    fixes = corrections.fingerprints(folder)
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        if path.suffix.lower() not in extensions:
            continue
        try:
            _inside(path, folder)
            files.append(_read(path, previous, fixes.get(path.name, "")))
        except DocumentError as exc:
            logger.warning("%s", exc)
            errors.append(str(exc))
    names = list(dict.fromkeys(n for f in files for n in f.names))
    reuse = previous is not None and (previous.parser, previous.agencies) == (PARSER, names)
    gazetteer = Gazetteer(names)
    cached = previous.parsed if previous and reuse else {}
    parsed, reused = [], 0
    for f in files:
        if f.text is None and f.path.name in cached:
            parsed.append(cached[f.path.name])
            reused += 1
            continue
        try:
            text, scanned = (f.text, f.ocr) if f.text is not None else _load(f.path)
        except DocumentError as exc:  # vanished since it was hashed
            logger.warning("%s", exc)
            errors.append(str(exc))
            continue
        try:
            fixed = corrections.read(folder, f.path.name)
            one = _scanned(parse(text, f.path.name, f.digest, gazetteer), scanned)
            parsed.append(corrections.apply(one, fixed))
        except Exception as exc:  # a parser bug must cost one file, not the whole build
            logger.exception("%s: parsing failed", f.path.name)
            errors.append(str(DocumentError(f.path.name, f"lỗi khi phân tích ({exc!r})")))
    discovered = {f.path.name: f.names for f in files}
    kept = [p for p in parsed if p.sections]
    fixes = {f.path.name: fixes[f.path.name] for f in files if f.path.name in fixes}
    return Corpus(kept, errors, names, discovered, reused, PARSER, fixes)


def _inside(path: Path, folder: Path) -> None:
    """Refuse a link that leads out of the documents folder (it could serve any file the bot
    can read, /etc/passwd included, as a citation)."""
    if path.is_symlink() and not path.resolve().is_relative_to(folder.resolve()):
        raise DocumentError(path.name, "liên kết tới tệp ngoài thư mục văn bản, bỏ qua")


def _read(path: Path, previous: Previous | None, fix: str) -> _File:
    data = read_file(path)
    digest = sha256_bytes(data)
    if (
        previous
        and previous.parser == PARSER  # other parsing code may find other names
        and previous.hashes.get(path.name) == digest
        and path.name in previous.discovered
        and previous.corrections.get(path.name, "") == fix
    ):
        return _File(path, digest, None, previous.discovered[path.name])
    text, scanned = _text(data, path.name)
    return _File(path, digest, text, discover([text]), scanned)


def _load(path: Path) -> tuple[str, float | None]:
    return _text(read_file(path), path.name)


def _text(data: bytes, name: str) -> tuple[str, float | None]:
    """A file's text, and its OCR confidence when it was read from a scan."""
    loaded = load_document(data, name)
    return text_of(loaded, data, name), loaded.ocr.confidence if loaded.ocr else None


def _scanned(parsed: ParsedFile, confidence: float | None) -> ParsedFile:
    """The parse with its directive marked as read by OCR, so that citations say so."""
    if confidence is None:
        return parsed
    directive = replace(parsed.directive, ocr_confidence=confidence)
    return ParsedFile(directive, tuple(replace(s, directive=directive) for s in parsed.sections))
