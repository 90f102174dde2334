"""Text extraction in a child process with a time and memory limit, for files from outside.

A hostile or broken file can make a parser loop or eat memory (a PDF whose page stream unpacks
to millions of operators, say). Uploads are therefore read by `python -m bot.extract` in a
child process: it lowers its own address-space limit before importing any parser, reads the
file's bytes from stdin and writes {"text": ...} or {"error": ...} as JSON to stdout. The
parent kills it when the time is up. The bot keeps answering meanwhile.

The programs a scan or an old .doc needs (Tesseract, LibreOffice: bot/ocr.py, bot/office.py)
run as the child's own children: they inherit its memory limit, and the child runs in a
process group of its own that is killed whole when the time is up. A scan's recognised pages
come back with the text ({"scan": ...}) and are remembered (bot/ocr.py), so the build that
indexes the upload next does not read it again.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Mapping

from bot import ocr
from bot.errors import DocumentError

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


def child_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment an extraction child runs with (from os.environ by default)."""
    source = os.environ if environ is None else environ
    return {k: v for k, v in source.items() if k in _PASSED}


def extract_isolated(data: bytes, name: str, seconds: float, memory_mb: int) -> str:
    """The text of a file, read in a child process; DocumentError on any failure."""
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
            stdout, _ = child.communicate(data, timeout=seconds)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.communicate()
            raise DocumentError(
                name, f"đọc tệp quá {seconds:g} giây nên đã dừng (tệp có thể hỏng)"
            ) from None
    try:
        result = json.loads(stdout)
    except ValueError:  # killed by the memory limit, or crashed in native code
        raise DocumentError(
            name, f"đọc tệp vượt giới hạn {memory_mb} MB bộ nhớ hoặc bị lỗi nên đã dừng"
        ) from None
    if "error" in result:
        raise DocumentError(name, result["error"])
    if "scan" in result:
        ocr.remember(data, ocr.Scan.from_dict(result["scan"]))
    return result["text"]


def _main(name: str, memory_mb: str) -> None:
    limit = int(memory_mb) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from bot.loaders import load_document, text_of  # parsers are imported under the limit

    data = sys.stdin.buffer.read()
    result: dict[str, object]  # what the parent reads back: text (and scan), or error
    try:
        loaded = load_document(data, name)
        result = {"text": text_of(loaded, data, name)}
        scan = ocr.recall(data) if loaded.ocr else None
        if scan is not None:
            result["scan"] = scan.to_dict()
    except DocumentError as exc:
        result = {"error": exc.reason}
    except MemoryError:
        result = {"error": f"đọc tệp vượt giới hạn {memory_mb} MB bộ nhớ nên đã dừng"}
    except Exception as exc:  # a parser's own bug on a malformed file: the file is refused
        result = {"error": f"tệp hỏng, trình đọc gặp lỗi {type(exc).__name__}"}
    sys.stdout.write(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    _main(*sys.argv[1:3])
