"""The documents folder, parsed: every file read, the agency names it heads items with found,
and its directive and sections parsed with the corpus-wide gazetteer.

A rebuild after one upload or one edit must not redo this for a thousand unchanged files. So a
file whose bytes are unchanged since the previous version is neither read nor parsed again:
its names and its parse are taken from that version. The reuse holds only while the corpus's
agency names are the same as then (they shape every file's parse) and the parsing code is
the same (`PARSER` fingerprints it); otherwise every file is parsed again.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from bot import agencies, cleaning, legacy, loaders, metadata, parsing, text
from bot.agencies import Gazetteer, discover
from bot.errors import DocumentError
from bot.loaders import load_bytes, load_file, read_file
from bot.parsing import parse
from bot.text import sha256_bytes
from bot.types import ParsedFile

logger = logging.getLogger(__name__)

# The code that turns a file into sections; a parse made by other code is never reused.
_BOT = Path(__file__).resolve().parent
# Every module that turns a file into sections, and the language data they read.
_PARSING_CODE = [
    *(Path(m.__file__) for m in (agencies, cleaning, legacy, loaders, metadata, parsing, text)
      if m.__file__),
    *(_BOT / f"{name}.py" for name in ("blocks", "word", "layout", "pages", "issuer", "signature")),
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


@dataclass
class Corpus:
    """The parsed documents of a folder, the files skipped, and the agency names found."""

    parsed: list[ParsedFile]
    errors: list[str]
    agencies: list[str]
    discovered: dict[str, list[str]] = field(default_factory=dict)
    reused: int = 0  # files whose parse came from the previous version
    parser: str = ""  # the PARSER that made it


@dataclass
class _File:
    path: Path
    digest: str
    text: str | None  # None: unchanged, not read
    names: list[str]


def read_corpus(
    folder: Path, extensions: tuple[str, ...], previous: Previous | None = None
) -> Corpus:
    """Parse every document in a folder; unreadable files are reported and skipped."""
    files: list[_File] = []
    errors: list[str] = []
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        if path.suffix.lower() not in extensions:
            continue
        try:
            _inside(path, folder)
            files.append(_read(path, previous))
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
            text = f.text if f.text is not None else load_file(f.path)
        except DocumentError as exc:  # vanished since it was hashed
            logger.warning("%s", exc)
            errors.append(str(exc))
            continue
        try:
            parsed.append(parse(text, f.path.name, f.digest, gazetteer))
        except Exception as exc:  # a parser bug must cost one file, not the whole build
            logger.exception("%s: parsing failed", f.path.name)
            errors.append(str(DocumentError(f.path.name, f"lỗi khi phân tích ({exc!r})")))
    discovered = {f.path.name: f.names for f in files}
    return Corpus([p for p in parsed if p.sections], errors, names, discovered, reused, PARSER)


def _inside(path: Path, folder: Path) -> None:
    """Refuse a link that leads out of the documents folder (it could serve any file the bot
    can read, /etc/passwd included, as a citation)."""
    if path.is_symlink() and not path.resolve().is_relative_to(folder.resolve()):
        raise DocumentError(path.name, "liên kết tới tệp ngoài thư mục văn bản, bỏ qua")


def _read(path: Path, previous: Previous | None) -> _File:
    data = read_file(path)
    digest = sha256_bytes(data)
    if previous and previous.hashes.get(path.name) == digest and path.name in previous.discovered:
        return _File(path, digest, None, previous.discovered[path.name])
    text = load_bytes(data, path.name)
    return _File(path, digest, text, discover([text]))
