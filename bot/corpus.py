"""The documents folder, parsed: every file read, the agency names it heads items with found,
and its directive and sections parsed with the corpus-wide gazetteer.

A rebuild after one upload or one edit must not redo this for a thousand unchanged files. So a
file whose bytes are unchanged since the previous version is neither read nor parsed again:
its names and its parse are taken from that version. The reuse holds only while the corpus's
agency names are the same as then (they shape every file's parse) and the parsing code is
the same (`PARSER` fingerprints it); otherwise every file is parsed again. An administrator's
corrections (bot/corrections.py) are applied to each parse; a file whose sidecar changed is
parsed again.

A build reads new and changed files as uploads are read: in a child process under a time and
memory limit (bot/extract.py), which parses them too, with the gazetteer the previous version
predicts. An upload has been read and parsed that way before it was saved; the build takes
that parse (`ready`) and reads the file no more.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from bot import agencies, cleaning, corrections, legacy, loaders, metadata, parsing, text
from bot.agencies import Gazetteer, discover
from bot.errors import DocumentError
from bot.extract import Limits, Read, read_isolated
from bot.loaders import load_document, read_file, text_of
from bot.messages import shipped_text
from bot.parsing import parse
from bot.text import sha256_bytes
from bot.types import ParsedFile

logger = logging.getLogger(__name__)

# The code that turns a file into sections; a parse made by other code is never reused.
_BOT = Path(__file__).resolve().parent
# Language data that only answering reads (bot/vi/deadlines.py: a deadline is resolved when it is
# shown): editing it must not parse every file again. Not abbreviations.py: the lexical index
# it tokenises with is rebuilt when PARSER changes. tests/test_parsing.py checks that nothing a
# build imports reads these.
QUERY_DATA = frozenset({"chatter", "deadlines", "questions", "tasks"})
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
    *sorted(p for p in (_BOT / "vi").glob("*.py") if p.stem not in QUERY_DATA),
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
    parsed: ParsedFile | None = None  # its parse, made in its child with the gazetteer of…
    agencies: tuple[str, ...] = ()  # …these names


def read_corpus(
    folder: Path,
    extensions: tuple[str, ...],
    previous: Previous | None = None,
    limits: Limits | None = None,
    ready: Iterable[Read] = (),
) -> Corpus:
    """Parse every document in a folder; unreadable files are reported and skipped.

    With `limits`, a file is read in a child process under them (bot/extract.py), several at
    once, and parsed there too with the gazetteer the previous version predicts (its parse is
    taken when the corpus's names come out as predicted); without, in this process. A file
    whose bytes one of `ready` holds (an upload, read and parsed before it was saved) is
    neither read nor parsed again."""
    errors: list[str] = []
    fixes = corrections.fingerprints(folder)
    handed = {r.digest: r for r in ready}
    paths = sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in extensions
    )
    known = {p.name: previous.discovered.get(p.name, []) for p in paths} if previous else None

    def read_one(path: Path) -> _File:
        _inside(path, folder)
        guess = neighbours(known, path.name) if known is not None and limits else None
        return _read(path, previous, fixes.get(path.name, ""), limits, handed, guess)

    files: list[_File] = []
    for read in _each(read_one, paths, limits):
        if isinstance(read, _File):
            files.append(read)
        elif isinstance(read, DocumentError):
            logger.warning("%s", read)
            errors.append(str(read))
        else:
            raise read
    names = list(dict.fromkeys(n for f in files for n in f.names))
    reuse = previous is not None and (previous.parser, previous.agencies) == (PARSER, names)
    gazetteer = Gazetteer(names)
    cached = previous.parsed if previous and reuse else {}

    def parse_one(f: _File) -> ParsedFile:
        if f.text is None and f.path.name in cached:
            return cached[f.path.name]
        try:
            one = _parse(f, names, gazetteer)
            return corrections.apply(one, corrections.read(folder, f.path.name))
        except DocumentError:  # vanished since it was hashed
            raise
        except Exception as exc:  # a parser bug must cost one file, not the whole build
            logger.exception("%s: parsing failed", f.path.name)
            raise DocumentError(
                f.path.name, shipped_text("parse_failed", error=repr(exc))
            ) from None

    parsed: list[ParsedFile] = []
    reused = 0
    for f, got in zip(files, _each(parse_one, files, None), strict=True):
        if isinstance(got, ParsedFile):
            parsed.append(got)
            reused += f.text is None and f.path.name in cached
        elif isinstance(got, DocumentError):
            logger.warning("%s", got)
            errors.append(str(got))
        else:
            raise got
    discovered = {f.path.name: f.names for f in files}
    kept = [p for p in parsed if p.sections]
    fixes = {f.path.name: fixes[f.path.name] for f in files if f.path.name in fixes}
    return Corpus(kept, errors, names, discovered, reused, PARSER, fixes)


def neighbours(discovered: Mapping[str, list[str]], name: str) -> tuple[list[str], list[str]]:
    """The agency names of the files that sort before a file named `name`, and after it: with
    its own names between them, the corpus's names (bot.extract.corpus_names)."""
    before = [n for f in sorted(discovered) if f < name for n in discovered[f]]
    after = [n for f in sorted(discovered) if f > name for n in discovered[f]]
    return before, after


_T = TypeVar("_T")
_R = TypeVar("_R")


def _each(
    work: Callable[[_T], _R], items: Sequence[_T], limits: Limits | None
) -> list[_R | Exception]:
    """work(item) for each item, in order, a failure as its exception (DocumentError for an
    unreadable file). With `limits` the work starts child processes: several run at once."""

    def one(item: _T) -> _R | Exception:
        try:
            return work(item)
        except Exception as exc:
            return exc

    workers = min(len(items), os.cpu_count() or 1) if limits else 1
    if workers <= 1:
        return [one(item) for item in items]
    with ThreadPoolExecutor(workers, thread_name_prefix="read") as pool:
        return list(pool.map(one, items))


def _parse(f: _File, names: list[str], gazetteer: Gazetteer) -> ParsedFile:
    """A file's parse with the corpus's gazetteer: the one made when it was read if that was
    made with the same names, else made now (an unchanged file is read again for it)."""
    if f.parsed is not None and list(f.agencies) == names:
        return _scanned(f.parsed, f.ocr)
    if f.text is not None:
        return _scanned(parse(f.text, f.path.name, f.digest, gazetteer), f.ocr)
    # Unchanged since the previous version read it whole (under the limits): read here, as a
    # child per file would cost a thousand-file corpus minutes whenever a name is added.
    text, scanned = _text(read_file(f.path), f.path.name)
    return _scanned(parse(text, f.path.name, f.digest, gazetteer), scanned)


def _inside(path: Path, folder: Path) -> None:
    """Refuse a link that leads out of the documents folder (it could serve any file the bot
    can read, /etc/passwd included, as a citation)."""
    if path.is_symlink() and not path.resolve().is_relative_to(folder.resolve()):
        raise DocumentError(path.name, "liên kết tới tệp ngoài thư mục văn bản, bỏ qua")


def _read(
    path: Path,
    previous: Previous | None,
    fix: str,
    limits: Limits | None,
    handed: Mapping[str, Read],
    guess: tuple[list[str], list[str]] | None,
) -> _File:
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
    read = handed.get(digest)
    if read is not None and Path(read.name).suffix.lower() == path.suffix.lower():
        read = read.named(path.name)
    elif limits is not None:
        before, after = guess or ([], [])
        read = read_isolated(data, path.name, limits, before, after, parse=guess is not None)
    else:
        text, scanned = _text(data, path.name)
        return _File(path, digest, text, discover([text]), scanned)
    return _File(path, digest, read.text, list(read.names), read.ocr, read.parsed, read.agencies)


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
