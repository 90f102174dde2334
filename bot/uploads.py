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
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

logger = logging.getLogger(__name__)

STAGING_PREFIX = ".upload-"

# Steps and outcomes, as stored.
STAGING, PLACED, SETTLED = "staging", "placed", "settled"
ADDED, FAILED, LOST = "added", "failed", "lost"


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

    def start(self, file: str, sent_as: str, digest: str, who: Uploader) -> Entry:
        """Record a new upload at its first step."""
        at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
        entry = Entry(uuid.uuid4().hex[:12], file, sent_as, digest, STAGING, at, **asdict(who))
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
