"""Old Word files (.doc, Word 97–2003) → .docx, by LibreOffice headless.

LibreOffice is a separate program (Debian: libreoffice-writer-nogui); `program()` finds it.
Each conversion runs with a profile of its own in a temporary folder, so two conversions, or a
desktop LibreOffice of the same user, never share (and lock) one, and the whole process group
is killed when it runs over its time.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from bot.errors import DocumentError
from bot.messages import shipped_text

PACKAGE = "libreoffice-writer-nogui"  # Debian's name, told to whoever must install
CONVERT_SECONDS = 120  # the extraction child's own time limit is usually shorter


def program() -> str | None:
    """The LibreOffice command, if it is installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(soffice: str, data: bytes, name: str) -> bytes:
    """A .doc's bytes → the .docx LibreOffice saves it as."""
    with tempfile.TemporaryDirectory(prefix="doc-") as folder:
        source = Path(folder) / "van-ban.doc"
        source.write_bytes(data)
        command = [
            soffice,
            f"-env:UserInstallation={Path(folder, 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
            folder,
            str(source),
        ]
        _run(command, folder, name)
        target = source.with_suffix(".docx")
        if not target.is_file():
            raise DocumentError(name, shipped_text("doc_broken"))
        return target.read_bytes()


def _run(command: list[str], home: str, name: str) -> None:
    """Run a converter in a process group of its own; kill the group when time is up (soffice
    is a script that starts the real program as its child). HOME is the temporary folder:
    the extraction child's environment has none."""
    with subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, "HOME": home},
    ) as process:
        try:
            process.wait(timeout=CONVERT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            reason = shipped_text("doc_timeout", seconds=CONVERT_SECONDS)
            raise DocumentError(name, reason) from None
