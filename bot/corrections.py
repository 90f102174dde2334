"""Metadata corrections an administrator made: stored beside the document, applied at every build.

A directive's file `documents/x.docx` may have a sidecar `documents/x.docx.meta.toml`:

    # Sửa thông tin văn bản "x.docx" (từ bot; xóa một dòng để trở lại giá trị đọc từ tệp).
    number = "1245/UBND-KGVX"
    date = "2025-03-28"

Each key replaces what the parser read from the file. The sidecar is not a document (no
indexed extension ends in .toml), travels with its file into the archive, and is part of the
file's fingerprint in the parse cache (bot/corpus.py), so a build notices a changed correction.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import os
import re
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.errors import BotError
from bot.messages import shipped_text
from bot.types import ParsedFile

logger = logging.getLogger(__name__)

SUFFIX = ".meta.toml"
# What an administrator may correct: the key in the sidecar (and in `docs --json`) → the
# Directive attribute it sets.
FIELDS: dict[str, str] = {
    "type": "doc_type",
    "number": "number",
    "date": "date",
    "issuer": "issuer",
    "subject": "subject",
    "signer": "signer",
}
_MAX_VALUE = 300
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_MY = re.compile(r"(\d{1,2})[/.-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")


class CorrectionError(BotError):
    """A correction that cannot be stored as given (its message says why, in Vietnamese)."""


def sidecar(folder: Path, file: str) -> Path:
    """Where a document's corrections live."""
    return folder / f"{file}{SUFFIX}"


def read(folder: Path, file: str) -> dict[str, str]:
    """A document's corrections (empty when it has none); a damaged sidecar is ignored with
    an error logged, so that one bad file never stops a build."""
    path = sidecar(folder, file)
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeError, tomllib.TOMLDecodeError) as exc:
        logger.error("%s unreadable, ignored: %s", path.name, exc)
        return {}
    found = {}
    for key, value in data.items():
        if key in FIELDS and isinstance(value, str) and value.strip():
            found[key] = value.strip()
        else:
            logger.error("%s: %s = %r ignored", path.name, key, value)
    return found


def fingerprint(folder: Path, file: str) -> str:
    """A short hash of a document's sidecar ("" when none): the parse cache's key for it."""
    path = sidecar(folder, file)
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except OSError:
        return ""


def fingerprints(folder: Path) -> dict[str, str]:
    """The fingerprint of every sidecar in a folder, by the document it corrects."""
    return {
        path.name[: -len(SUFFIX)]: fingerprint(folder, path.name[: -len(SUFFIX)])
        for path in folder.glob(f"*{SUFFIX}")
    }


def checked(field: str, value: str) -> str | None:
    """The value as stored (a date as ISO "2025-03-28" or "2025-03"); None clears the
    correction ("-" or empty); CorrectionError names what is wrong."""
    if field not in FIELDS:
        raise CorrectionError(
            shipped_text("correction_field", field=field, fields=", ".join(FIELDS))
        )
    value = " ".join(value.split())
    if value in ("", "-"):
        return None
    if len(value) > _MAX_VALUE:
        raise CorrectionError(
            shipped_text("correction_too_long", length=len(value), limit=_MAX_VALUE)
        )
    if field == "date":
        return _date(value)
    return value


def write(folder: Path, file: str, field: str, value: str | None) -> dict[str, str]:
    """Set (None: clear) one correction of a document; returns all its corrections. The
    sidecar is replaced whole (temp file, fsync, rename); none is left when it would be
    empty."""
    current = read(folder, file)
    if value is None:
        current.pop(field, None)
    else:
        current[field] = value
    path = sidecar(folder, file)
    if not current:
        path.unlink(missing_ok=True)
        return current
    lines = [shipped_text("corrections_header", file=file)]
    lines += [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in sorted_fields(current)]
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    return current


def sorted_fields(values: dict[str, str]) -> list[tuple[str, str]]:
    """Corrections in the order of FIELDS."""
    return [(key, values[key]) for key in FIELDS if key in values]


def apply(parsed: ParsedFile, corrections: dict[str, str]) -> ParsedFile:
    """The parse with its directive's corrected fields, in every section too."""
    if not corrections:
        return parsed
    # FIELDS names only Directive's `str | None` attributes, which mypy cannot see through
    # a computed keyword; Any lets the dict reach replace() unchecked.
    changed: dict[str, Any] = {FIELDS[key]: value for key, value in corrections.items()}
    directive = replace(parsed.directive, **changed)
    sections = tuple(replace(s, directive=directive) for s in parsed.sections)
    return ParsedFile(directive, sections)


def _date(value: str) -> str:
    if m := _ISO.fullmatch(value):
        parts = [int(p) for p in m.groups() if p]
    elif m := _DMY.fullmatch(value):
        parts = [int(m.group(3)), int(m.group(2)), int(m.group(1))]
    elif m := _MY.fullmatch(value):
        parts = [int(m.group(2)), int(m.group(1))]
    else:
        raise CorrectionError(shipped_text("correction_date_unknown", value=value))
    try:
        datetime.date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)
    except ValueError:
        raise CorrectionError(shipped_text("correction_date_impossible", value=value)) from None
    return "-".join(f"{p:02d}" for p in parts)
