"""The archive: where a replaced or retired directive's file goes. Nothing is ever deleted.

Each archived file gets its own folder, <archive>/<stamp>-<id>/, holding the file's bytes, its
corrections sidecar if it had one (bot/corrections.py), and about.json: what happened to it,
when, by whom, and the directive as it was served. The folder is written under a hidden
temporary name, fsynced and renamed, and the bytes are checked against their hash before the
original may leave documents/, so at every instant the file is whole in one place or both.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import uuid
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from bot.corrections import sidecar
from bot.errors import DocumentError
from bot.messages import shipped_text
from bot.text import sha256_bytes

logger = logging.getLogger(__name__)

RETIRED, REPLACED = "retired", "replaced"
_ABOUT = "about.json"


@dataclass(frozen=True)
class Archived:
    """One archived file and why it was archived."""

    id: str  # its folder under the archive
    file: str  # its name in documents/ when it was archived
    digest: str
    action: str  # RETIRED or REPLACED
    at: str
    user_id: int | None = None
    username: str | None = None
    replaced_by: str = ""  # the file that replaced it
    directive: dict = field(default_factory=dict)  # Directive.to_dict() as it was served
    restored_at: str = ""  # when it was put back into the library (UTC), if it was
    restored_as: str = ""  # the name it was put back under


def archive(
    root: Path,
    documents: Path,
    file: str,
    action: str,
    who: tuple[int | None, str | None] = (None, None),
    directive: dict | None = None,
    replaced_by: str = "",
) -> Archived:
    """Copy documents/file (and its sidecar) into a new archive folder, whole and checked;
    the original stays where it is (the caller removes it once this returns)."""
    source = documents / file
    data = source.read_bytes()
    at = datetime.now(UTC)
    entry = Archived(
        f"{at:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}",
        file,
        sha256_bytes(data),
        action,
        at.strftime("%Y-%m-%d %H:%M:%S"),
        *who,
        replaced_by=replaced_by,
        directive=directive or {},
    )
    tmp = root / f".tmp-{entry.id}"
    try:
        tmp.mkdir(parents=True)
        _write(tmp / file, data)
        extra = sidecar(documents, file)
        if extra.is_file():
            _write(tmp / extra.name, extra.read_bytes())
        _write(tmp / _ABOUT, json.dumps(asdict(entry), ensure_ascii=False, indent=1).encode())
        if sha256_bytes((tmp / file).read_bytes()) != entry.digest:
            raise OSError("archived copy differs from the original")
        os.rename(tmp, root / entry.id)
        _fsync(root)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise DocumentError(file, shipped_text("archive_failed", error=exc)) from None
    logger.info("archived %s as %s (%s)", file, entry.id, action)
    return entry


def entries(root: Path) -> list[Archived]:
    """Every archived file, newest first; unreadable folders are skipped (logged)."""
    if not root.is_dir():
        return []
    found = []
    for folder in root.iterdir():
        if folder.name.startswith(".") or not (folder / _ABOUT).is_file():
            continue
        try:
            found.append(Archived(**json.loads((folder / _ABOUT).read_text("utf-8"))))
        except (OSError, ValueError, TypeError) as exc:
            logger.error("archive entry %s unreadable: %s", folder.name, exc)
    return sorted(found, key=lambda e: e.id, reverse=True)


def find(root: Path, entry_id: str) -> Archived | None:
    """One archived file by its id."""
    return next((e for e in entries(root) if e.id == entry_id), None)


def read(root: Path, entry: Archived) -> bytes:
    """The archived bytes."""
    return (root / entry.id / entry.file).read_bytes()


def mark_restored(root: Path, entry: Archived, file: str) -> Archived:
    """Record in an entry's about.json that its file is back in the library (as `file`); the
    archived copy stays. Written whole: a crash leaves the old record or the new one."""
    at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    marked = replace(entry, restored_at=at, restored_as=file)
    path = root / entry.id / _ABOUT
    tmp = path.with_name(f".{_ABOUT}.tmp")
    tmp.unlink(missing_ok=True)
    _write(tmp, json.dumps(asdict(marked), ensure_ascii=False, indent=1).encode())
    os.replace(tmp, path)
    _fsync(path.parent)
    return marked


def put_back(root: Path, entry: Archived, documents: Path) -> None:
    """Return an archived file (and its sidecar) to documents/ under its old name, unless a
    file is there already. Used to undo a replacement or retirement that did not complete;
    the archived copy stays."""
    target = documents / entry.file
    if os.path.lexists(target):
        return
    folder = root / entry.id
    _copy_new(folder / entry.file, target)
    extra = sidecar(folder, entry.file)
    if extra.is_file() and not os.path.lexists(sidecar(documents, entry.file)):
        _copy_new(extra, sidecar(documents, entry.file))
    _fsync(documents)
    logger.warning("put %s back into documents/ from the archive", entry.file)


def _copy_new(source: Path, target: Path) -> None:
    """Copy a file so that target appears whole or not at all (a copy, not a link: an edit
    in documents/ must not change the archive)."""
    tmp = target.with_name(f".restore-{uuid.uuid4().hex[:6]}-{target.name}")
    try:
        _write(tmp, source.read_bytes())
        os.link(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _write(path: Path, data: bytes) -> None:
    with open(path, "xb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def _fsync(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
