"""An upload as a journaled state machine, so that no interruption loses or hides a file.

Each step is recorded before it is taken, in <index>/uploads/<id>.json (written whole: temp
file, fsync, rename):

  staging   the bytes are being written to a hidden file in documents/ (.upload-<id>-<name>),
            which no build and no duplicate check counts as a document;
  placed    the file is in documents/ under its final name and a build is including it;
  settled   the outcome is known ("added", "failed" or "lost") and the administrator has yet
            to be told; the entry is removed once they have been.

`Library.recover` (at start-up) settles what an interrupted upload left: a half-written
staging file is removed and the administrator asked to send the file again; a placed file
that the current index does not list is indexed then (or taken out again if it no longer
reads); a placed file the index lists is reported as added. Cancellation (Ctrl-C, SIGTERM)
never removes a placed file: the build thread finishes and commits it, and the next start
tells the administrator.

A replacement is an upload that first archives the file it replaces (bot/archive.py) and takes
it out of documents/ once the copy is whole; if the new file does not make it into the index
(lost, or failed), the old one is put back from the archive. A retirement archives its file,
records the step, takes the file out and rebuilds; interrupted, it is finished at the next
start. At no step is a file's only copy removed.

The file helpers below (safe names, writing a file that appears whole or not at all) are
shared by the library's uploads and the archive.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import unicodedata
import uuid
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path, PureWindowsPath

from bot.errors import DocumentError
from bot.text import fold, sha256_bytes
from bot.types import Directive

logger = logging.getLogger(__name__)

STAGING_PREFIX = ".upload-"
_UNSAFE = re.compile(r"[^\w\-. ()]+")
_SLUG = re.compile(r"[^a-z0-9]+")
_MAX_NAME = 120

# Steps and outcomes, as stored.
STAGING, PLACED, SETTLED = "staging", "placed", "settled"
ADDED, FAILED, LOST = "added", "failed", "lost"
# What an entry does: add a file, add one in place of another (archived first), or take one
# out (archived first). For a retirement, "placed" means the file has left documents/.
UPLOAD, REPLACE, RETIRE = "upload", "replace", "retire"


@dataclass(frozen=True)
class Uploader:
    """Who sent a file, and where to tell them what became of it."""

    chat_id: int | None = None
    user_id: int | None = None
    username: str | None = None


@dataclass(frozen=True)
class Entry:
    """One upload's journal record."""

    id: str
    file: str  # the name it is saved under in documents/
    sent_as: str  # the name it was sent with
    digest: str  # sha256 of its bytes
    step: str
    at: str
    chat_id: int | None = None
    user_id: int | None = None
    username: str | None = None
    outcome: str | None = None  # once settled: ADDED, FAILED or LOST
    detail: str = ""  # the index version it went into, or why it failed
    action: str = UPLOAD  # UPLOAD, REPLACE or RETIRE
    replaces: str = ""  # REPLACE: the file it replaces
    archived: str = ""  # REPLACE, RETIRE: the archive entry holding the old file

    @property
    def staging(self) -> str:
        """The hidden name its bytes are written under before they become the file."""
        return f"{STAGING_PREFIX}{self.id}-{self.file}"

    @property
    def uploader(self) -> Uploader:
        """Who sent it."""
        return Uploader(self.chat_id, self.user_id, self.username)

    def settled(self, outcome: str, detail: str = "") -> Entry:
        """This entry with its outcome known."""
        return replace(self, step=SETTLED, outcome=outcome, detail=detail)


class Journal:
    """The upload journal: one small JSON file per upload not yet reported."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def start(
        self,
        file: str,
        sent_as: str,
        digest: str,
        who: Uploader,
        *,
        action: str = UPLOAD,
        replaces: str = "",
        archived: str = "",
    ) -> Entry:
        """Record a new upload (or replacement, retirement: `action`) at its first step."""
        at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
        entry = Entry(
            uuid.uuid4().hex[:12],
            file,
            sent_as,
            digest,
            STAGING,
            at,
            who.chat_id,
            who.user_id,
            who.username,
            action=action,
            replaces=replaces,
            archived=archived,
        )
        self.save(entry)
        return entry

    def save(self, entry: Entry) -> Entry:
        """Write an entry whole (a crash leaves the old record or the new one)."""
        path = self.folder / f"{entry.id}.json"
        tmp = path.with_name(f".{entry.id}.json.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(asdict(entry), f, ensure_ascii=False)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except OSError:
            tmp.unlink(missing_ok=True)
            raise
        return entry

    def remove(self, entry_id: str) -> None:
        """Forget an upload (it has been reported, or it never reached documents/)."""
        (self.folder / f"{entry_id}.json").unlink(missing_ok=True)

    def entries(self) -> list[Entry]:
        """Every upload not yet reported, oldest first; unreadable records are dropped."""
        if not self.folder.is_dir():
            return []
        found = []
        for path in sorted(self.folder.glob("*.json")):
            try:
                found.append(Entry(**json.loads(path.read_text(encoding="utf-8"))))
            except (OSError, ValueError, TypeError) as exc:
                logger.error("upload journal %s unreadable (%s); removed", path.name, exc)
                path.unlink(missing_ok=True)
        return sorted(found, key=lambda e: e.at)

    def get(self, entry_id: str) -> Entry | None:
        """One entry by id."""
        return next((e for e in self.entries() if e.id == entry_id), None)


def safe_name(name: str, suffix: str) -> str:
    """A plain file name for documents/: no folders, no hidden names, the detected suffix."""
    base = PureWindowsPath(unicodedata.normalize("NFC", name)).name  # drops / and \ parts
    stem = _UNSAFE.sub("_", Path(base).stem).strip(" ._") or "van-ban"
    return stem[:_MAX_NAME] + suffix


def photo_name(directive: Directive, digest: str, day: date) -> str:
    """The name of a photo sent as a picture (which has none), from what was read:
    "cong-van-123-ubnd-vx.jpg", "thong-bao-2025-11-05.jpg"; with neither number nor date,
    "anh-<the day it was sent>-<the start of its hash>.jpg"."""
    read = directive.number or directive.date
    if read:
        stem = f"{directive.doc_type or 'van-ban'}-{read}"
    else:
        stem = f"anh-{day:%Y-%m-%d}-{digest[:6]}"
    return _SLUG.sub("-", fold(stem)).strip("-")[:_MAX_NAME] + ".jpg"


def same_file(folder: Path, data: bytes, extensions: tuple[str, ...]) -> str | None:
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


def free_path(folder: Path, name: str) -> Path:
    """folder/name, or folder/name-2, -3, … when the name is taken (by anything, a dangling
    link included)."""
    path = folder / name
    n = 1
    while os.path.lexists(path):
        n += 1
        path = folder / f"{Path(name).stem}-{n}{Path(name).suffix}"
    return path


def write_new(staging: Path, target: Path, data: bytes) -> Path:
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
                target = free_path(target.parent, target.name)
        fsync_dir(target.parent)
        return target
    except OSError as exc:
        reason = f"không ghi được vào thư mục văn bản ({exc.strerror})"
        raise DocumentError(target.name, reason) from None
    finally:
        staging.unlink(missing_ok=True)


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def low_disk(folders: dict[str, Path], min_free_mb: float) -> list[tuple[str, Path, float]]:
    """The disks holding these folders (by name) with less than `min_free_mb` free, one entry
    per disk: (the folders' names, the first folder, free MB)."""
    disks: dict[int, tuple[list[str], Path, float]] = {}
    for name, folder in folders.items():
        existing = folder if folder.exists() else folder.parent
        try:
            device, free = existing.stat().st_dev, shutil.disk_usage(existing).free
        except OSError:
            continue
        if free < min_free_mb * 1024 * 1024:
            disks.setdefault(device, ([], folder, free / 1024 / 1024))[0].append(name)
    return [(", ".join(names), folder, free) for names, folder, free in disks.values()]


def remove_orphans(folder: Path, journal: Journal) -> None:
    """Delete staging files no journal entry owns (left by a crash, or by older versions)."""
    owned = {e.staging for e in journal.entries()}
    for path in folder.glob(f"{STAGING_PREFIX}*"):
        if path.name not in owned:
            logger.warning("removing an interrupted upload's partial file %s", path.name)
            path.unlink(missing_ok=True)
