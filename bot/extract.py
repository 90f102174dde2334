"""Reading a file in a child process with a time and memory limit: every file from outside,
whether an administrator uploads it or a build finds it new or changed in documents/.

A hostile or broken file can make a parser loop or eat memory (a PDF whose page stream unpacks
to millions of operators, say). Files are therefore read by `python -m bot.extract` in a child
process: it lowers its own address-space limit before importing any parser, reads a request
line (JSON) and the file's bytes from stdin, and writes what it read as JSON to stdout: the
text, the agency names that head its items (bot.agencies.discover) and, unless asked for the
text only, its parse (bot.parsing.parse: the Directive and its Sections) made with the
gazetteer the build will use; or {"error": ...}. The parent kills it when the time is up. The
bot keeps answering meanwhile. So a file is read and parsed once, under the limits, and the
build that indexes it takes that parse (`Read`) instead of reading it again.

Bytes too many to be one directive are refused before any child starts (`check_size`): a file
over loaders.MAX_FILE_BYTES, a text file over what loaders.MAX_CHARS characters can take.

The programs a scan or an old .doc needs (Tesseract, LibreOffice: bot/ocr.py, bot/office.py)
run as the child's own children: they inherit its memory limit, and the child runs in a
process group of its own that is killed whole when the time is up. A scan's recognised pages
come back with the text ({"scan": ...}) and are remembered (bot/ocr.py), and handed to any
later child reading the same bytes, so that a scan is recognised once per process.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bot import ocr
from bot.errors import DocumentError
from bot.messages import shipped_text
from bot.types import Directive, ParsedFile, Section

_SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # finds `bot`
# What the child may see of the bot's environment: enough to run Python, nothing secret (the
# bot token, the model's API key and the webhook secret stay with the parent).
_PASSED = (
    "PATH",
    "PYTHONPATH",
    "PYTHONHOME",
    "VIRTUAL_ENV",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "TMPDIR",
)


@dataclass(frozen=True)
class Limits:
    """What one child may spend reading one file."""

    seconds: float
    memory_mb: int


@dataclass(frozen=True)
class Read:
    """A file as its child read it: the text, the agency names that head its items, its OCR
    confidence when it was a scan, and its parse (None when only the text was asked for),
    made with the gazetteer of `agencies` (bot.agencies.Gazetteer, which depends on the
    names' order)."""

    name: str
    digest: str  # sha256 of its bytes
    text: str
    names: tuple[str, ...]
    agencies: tuple[str, ...] = ()
    parsed: ParsedFile | None = None
    ocr: float | None = None

    def named(self, name: str) -> Read:
        """The same read under another file name (its parse's directive and sections too)."""
        if name == self.name:
            return self
        parsed = resourced(self.parsed, name) if self.parsed else None
        return replace(self, name=name, parsed=parsed)


def resourced(parsed: ParsedFile, name: str) -> ParsedFile:
    """A parse under another file name: the parser uses the name for the source only."""
    directive = replace(parsed.directive, source=name)
    return ParsedFile(directive, tuple(replace(s, directive=directive) for s in parsed.sections))


def corpus_names(before: Sequence[str], names: Sequence[str], after: Sequence[str]) -> list[str]:
    """A corpus's agency names, in the order bot/corpus.py lists them: each file's names in
    file order, every name once."""
    return list(dict.fromkeys([*before, *names, *after]))


def check_size(data: bytes, name: str) -> None:
    """Refuse bytes too many to be one directive before anything reads them (the suffix of
    `name` says whether they are text): the same DocumentError the loaders give."""
    from bot import loaders  # not in the child before its limit: see `_main`

    if len(data) > loaders.MAX_FILE_BYTES:
        raise DocumentError(name, loaders.too_big(len(data)))
    text = Path(name).suffix.lower() in loaders._TEXT_TYPES
    if text and len(data) > 4 * loaders.MAX_CHARS:  # UTF-8 is at most 4 bytes a character
        raise loaders._too_long(name, len(data) // 4)


def child_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment an extraction child runs with (from os.environ by default)."""
    source = os.environ if environ is None else environ
    return {k: v for k, v in source.items() if k in _PASSED}


def extract_isolated(data: bytes, name: str, seconds: float, memory_mb: int) -> str:
    """The text of a file, read in a child process; DocumentError on any failure."""
    return read_isolated(data, name, Limits(seconds, memory_mb), parse=False).text


def read_isolated(
    data: bytes,
    name: str,
    limits: Limits,
    before: Sequence[str] = (),
    after: Sequence[str] = (),
    parse: bool = True,
) -> Read:
    """A file read (and, with `parse`, parsed) in a child process under `limits`; its
    gazetteer is made of the corpus's names in order: `before` (the names of the files that
    sort before it), its own, `after`. DocumentError on any failure, the size check's
    included (made here, before the child starts)."""
    check_size(data, name)
    seconds, memory_mb = limits.seconds, limits.memory_mb
    scan = ocr.recall(data)
    request: dict[str, Any] = {"before": list(before), "after": list(after), "parse": parse}
    if scan is not None:
        request["scan"] = scan.to_dict()
    header = json.dumps(request, ensure_ascii=True).encode("ascii") + b"\n"
    command = [sys.executable, "-m", "bot.extract", name, str(memory_mb)]
    with subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_environment(),
        cwd=_SOURCE_ROOT,
        start_new_session=True,  # its OCR or LibreOffice children die with it
    ) as child:
        try:
            stdout, _ = child.communicate(header + data, timeout=seconds)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.communicate()
            reason = shipped_text("extract_timeout", seconds=f"{seconds:g}")
            raise DocumentError(name, reason) from None
    try:
        result = json.loads(stdout)
    except ValueError:  # killed by the memory limit, or crashed in native code
        reason = shipped_text("extract_killed", memory_mb=memory_mb)
        raise DocumentError(name, reason) from None
    if (error := result.get("error")) is not None:
        raise DocumentError(name, error)
    if "scan" in result:
        ocr.remember(data, ocr.Scan.from_dict(result["scan"]))
    parsed = _parsed_from(result["parsed"]) if result.get("parsed") else None
    return Read(
        name,
        result["digest"],
        result["text"],
        tuple(result["names"]),
        tuple(result.get("agencies", ())),
        parsed,
        result.get("ocr"),
    )


def _parsed_to(parsed: ParsedFile) -> dict[str, Any]:
    return {
        "directive": parsed.directive.to_dict(),
        "sections": [s.to_dict() for s in parsed.sections],
    }


def _parsed_from(data: dict[str, Any]) -> ParsedFile:
    directive = Directive.from_dict(data["directive"])
    return ParsedFile(directive, tuple(Section.from_dict(s, directive) for s in data["sections"]))


def _main(name: str, memory_mb: str) -> None:
    limit = int(memory_mb) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    # Parsers are imported under the limit.
    from bot.agencies import Gazetteer, discover
    from bot.loaders import load_document, text_of
    from bot.parsing import parse

    request = json.loads(sys.stdin.buffer.readline())
    data = sys.stdin.buffer.read()
    result: dict[str, Any]  # what the parent reads back: what was read, or error
    out_of_memory = shipped_text("extract_memory", memory_mb=memory_mb)  # not made short of it
    try:
        if "scan" in request:  # recognised before, in this bot's process
            ocr.remember(data, ocr.Scan.from_dict(request["scan"]))
        loaded = load_document(data, name)
        text = text_of(loaded, data, name)
        digest = hashlib.sha256(data).hexdigest()
        names = discover([text])
        result = {"text": text, "digest": digest, "names": names}
        result["ocr"] = loaded.ocr.confidence if loaded.ocr else None
        if request.get("parse", True):
            agencies = corpus_names(request["before"], names, request["after"])
            try:
                parsed = parse(text, name, digest, Gazetteer(agencies))
            except MemoryError:
                raise
            except Exception as exc:  # a parser bug: as bot/corpus.py words it
                raise DocumentError(name, shipped_text("parse_failed", error=repr(exc))) from None
            result.update(agencies=agencies, parsed=_parsed_to(parsed))
        scan = ocr.recall(data) if loaded.ocr else None
        if scan is not None and "scan" not in request:
            result["scan"] = scan.to_dict()
    except DocumentError as exc:
        result = {"error": exc.reason}
    except MemoryError:
        result = {"error": out_of_memory}
    except Exception as exc:  # a parser's own bug on a malformed file: the file is refused
        result = {"error": shipped_text("reader_crashed", error=type(exc).__name__)}
    sys.stdout.write(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    _main(*sys.argv[1:3])
