"""Administrators keep the library right (issue 15): replace, retire, restore and correct a
directive, and no step loses a file — not even a process killed between two steps.

A tiny documents folder and the deterministic fake embedder keep these quick; the crash cases
run the step in a child process that dies at a chosen point, then open the library again."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from bot import archive, corrections
from bot.changes import NEWER, OLDER, SAME_NUMBER, SIMILAR, relation
from bot.citations import citation_line
from bot.config import Settings
from bot.directory import render_directives_json
from bot.errors import DocumentError
from bot.indexing import build_index
from bot.library import AlreadyRestored, Library
from bot.messages import Messages
from bot.text import sha256_bytes
from bot.types import Directive
from bot.uploads import photo_name
from tests.conftest import REPO, make_settings
from tests.fake_embedder import HashEmbedder


def directive(deadline: str = "25/3/2025", extra: str = "", number: str = "1245") -> bytes:
    """A short Quảng Trị công văn; `deadline` and `extra` make a later version of it."""
    lines = [
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ",
        f"Số: {number}/UBND-KGVX",
        "Quảng Trị, ngày 10 tháng 3 năm 2025",
        "V/v kiểm tra an toàn thực phẩm tại chợ đầu mối",
        "Ủy ban nhân dân tỉnh yêu cầu:",
        f"1. Sở Y tế chủ trì kiểm tra các chợ đầu mối, báo cáo trước ngày {deadline}.",
        "2. Công an tỉnh phối hợp với Sở Y tế xử lý vi phạm về an toàn thực phẩm.",
        "3. Sở Công Thương kiểm tra nguồn gốc hàng hóa nhập vào chợ đầu mối.",
        *([extra] if extra else []),
        "Nơi nhận:",
        "- Như trên;",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Hoàng Nam",
    ]
    return "\n".join(lines).encode("utf-8")


OTHER = "\n".join(
    [
        "ỦY BAN NHÂN DÂN TỈNH KON TUM",
        "Số: 88/UBND-VX",
        "Kon Tum, ngày 2 tháng 4 năm 2025",
        "V/v tiêm vắc xin cho học sinh",
        "1. Sở Giáo dục và Đào tạo phối hợp với Sở Y tế tổ chức tiêm cho học sinh.",
        "2. Ủy ban nhân dân các huyện bố trí điểm tiêm tại trường học.",
    ]
).encode("utf-8")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "cv-1245.txt").write_bytes(directive())
    (folder / "kon-tum.txt").write_bytes(OTHER)
    return make_settings(tmp_path, documents=folder)


@pytest.fixture
def library(settings: Settings) -> Library:
    return Library.open(settings, HashEmbedder())


def _files(settings: Settings) -> dict[str, bytes]:
    folder = settings.path("documents")
    return {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.startswith(".")}


async def test_a_new_version_is_recognised_and_replaces_the_old_one(library, settings):
    upload = await library.prepare(
        directive("28/3/2025", "4. Sở Tài chính bố trí kinh phí."), "sua.txt"
    )
    assert [d.source for d in upload.matches] == ["cv-1245.txt"]
    assert not upload.doubtful

    added = await library.save(upload, replaces="cv-1245.txt")

    files = _files(settings)
    assert "cv-1245.txt" not in files and files["sua.txt"] == upload.data
    (kept,) = library.archived()
    assert kept.file == "cv-1245.txt" and kept.action == archive.REPLACED
    assert archive.read(settings.path("archive"), kept) == directive()
    assert [d.source for d in library.index.directives] == ["kon-tum.txt", "sua.txt"]
    changes = added.changes
    assert added.replaced == "cv-1245.txt" and changes is not None
    assert changes.added == ("4",) and changes.removed == () and changes.changed == ("1",)
    assert changes.deadlines == (("1", "trước ngày 25/3/2025", "trước ngày 28/3/2025"),)


def test_a_version_is_newer_or_older_by_the_directives_dates():
    def version(date: str | None, number: str | None = "1245/UBND-KGVX") -> Directive:
        return Directive("x.txt", "h", number=number, date=date)

    indexed = version("2025-03-10")
    assert relation(version("2025-03-12"), indexed) == NEWER
    assert relation(version("2025-02-28"), indexed) == OLDER
    assert relation(version("2025-03"), indexed) == SAME_NUMBER  # no day: the same month
    assert relation(version(None), indexed) == SAME_NUMBER
    assert relation(version("2025-03-10", number=None), indexed) == SIMILAR
    assert relation(version("2025-03-10"), indexed, superseded=True) == OLDER
    assert relation(version("2025-04-01"), indexed, superseded=True) == NEWER


async def test_a_replaced_version_restored_from_the_archive_is_known_as_superseded(library):
    added = await library.save(
        await library.prepare(directive("28/3/2025"), "sua.txt"), replaces="cv-1245.txt"
    )
    (kept,) = library.archived()
    upload = await library.restore(kept.id)
    assert upload.superseded and [d.source for d in upload.matches] == [added.file]
    new, (old,) = upload.parsed.directive, upload.matches
    assert relation(new, old, upload.superseded) == OLDER


def test_a_photo_is_named_from_what_was_read_without_telegram_ids():
    day = date(2026, 12, 2)
    cong_van = Directive("x", "ab12cd34", doc_type="Công văn", number="123/UBND-VX")
    assert photo_name(cong_van, "ab12cd34ef", day) == "cong-van-123-ubnd-vx.jpg"
    dated = Directive("x", "h", doc_type="Thông báo", date="2025-11-05")
    assert photo_name(dated, "ab12cd34ef", day) == "thong-bao-2025-11-05.jpg"
    assert photo_name(Directive("x", "h", number="88/QĐ"), "ab", day) == "van-ban-88-qd.jpg"
    assert photo_name(Directive("x", "h"), "ab12cd34ef", day) == "anh-2026-12-02-ab12cd.jpg"


async def test_a_photo_is_prepared_under_the_name_of_what_it_says(library):
    upload = await library.prepare(
        directive(number="77"), "anh-2026-12-02.txt", photo_day=date(2026, 12, 2)
    )
    assert (upload.sent_as, upload.file) == (
        "cong-van-77-ubnd-kgvx.jpg",
        "cong-van-77-ubnd-kgvx.txt",
    )
    assert {s.directive.source for s in upload.parsed.sections} == {upload.file}
    added = await library.save(upload)
    assert added.file == "cong-van-77-ubnd-kgvx.txt" and not added.renamed


async def test_the_same_number_with_other_content_still_matches_and_keep_both_works(library):
    upload = await library.prepare(directive(extra="4. Nội dung khác hẳn."), "ban-khac.txt")
    assert [d.source for d in upload.matches] == ["cv-1245.txt"]
    await library.save(upload)  # keep both: two directives
    assert {d.source for d in library.index.directives} == {
        "cv-1245.txt",
        "kon-tum.txt",
        "ban-khac.txt",
    }


async def test_a_headerless_or_foreign_file_is_doubtful(library):
    invitation = "Kính mời các đồng chí dự họp lúc 8 giờ thứ Hai tại phòng họp số 2."
    upload = await library.prepare(invitation.encode(), "moi-hop.txt")
    assert upload.headerless and upload.doubtful and "Kính mời" in upload.head
    garbage = "Ldm D6ng nhiQm vg cua So Y te la kiem tra cho dau moi trong tinh " * 3
    assert (await library.prepare(garbage.encode(), "scan.txt")).foreign


async def test_retire_then_restore_keeps_every_byte(library, settings):
    retired = await library.retire("kon-tum.txt")
    assert "kon-tum.txt" not in _files(settings)
    assert archive.read(settings.path("archive"), retired.archived) == OTHER
    assert [d.source for d in library.index.directives] == ["cv-1245.txt"]

    assert library.restorable() == [retired.archived]
    upload = await library.restore(retired.archived.id)
    await library.save(upload)
    assert _files(settings)["kon-tum.txt"] == OTHER
    assert len(library.index.directives) == 2
    (kept,) = library.archived()  # the archive keeps its copy, marked restored
    assert kept.id == retired.archived.id and kept.restored_as == "kon-tum.txt"
    assert library.restorable() == []
    with pytest.raises(AlreadyRestored):
        await library.restore(kept.id)


async def test_an_archived_file_served_again_is_not_offered_for_restoring(library, settings):
    retired = await library.retire("kon-tum.txt")
    await library.add(OTHER, "gui-lai.txt")  # the same bytes sent again, not restored
    assert not library.archived()[0].restored_at
    assert library.restorable() == []
    assert retired.archived.digest == sha256_bytes(OTHER)


async def test_a_failed_write_during_a_replacement_puts_the_old_file_back(
    library, settings, monkeypatch
):
    from bot import library as module

    def full(*args: object) -> None:
        raise DocumentError("sua.txt", "ổ đĩa đầy")

    upload = await library.prepare(directive("28/3/2025"), "cv-1245.txt")
    monkeypatch.setattr(module, "write_new", full)
    with pytest.raises(DocumentError):
        await library.save(upload, replaces="cv-1245.txt")
    assert _files(settings)["cv-1245.txt"] == directive()
    assert library.journal.entries() == []


async def test_corrections_survive_a_rebuild_from_scratch_and_reach_citations(
    library, settings, messages: Messages
):
    await library.correct("cv-1245.txt", "number", "1254/UBND-KGVX")
    report = await library.correct("cv-1245.txt", "date", "11/3/2025")
    sidecar = corrections.sidecar(settings.path("documents"), "cv-1245.txt")
    assert "1254/UBND-KGVX" in sidecar.read_text("utf-8")
    assert (
        report.errors == [] and "cv-1245.txt.meta.toml" not in report.index.manifest["documents"]
    )

    shutil.rmtree(settings.path("index"))
    index = build_index(settings, HashEmbedder(), progress=False).index
    section = next(s for s in index.sections if s.directive.source == "cv-1245.txt")
    assert citation_line(section, messages).startswith(
        "Công văn số 1254/UBND-KGVX ngày 11/3/2025 của UBND tỉnh Quảng Trị"
    )
    record = json.loads(
        render_directives_json(index.directives[:1], index.sections).split("\n")[0]
    )
    assert record["number"] == "1254/UBND-KGVX" and record["date"] == "2025-03-11"

    report = await library.correct("cv-1245.txt", "number", "-")  # cleared: the file's value
    d = next(d for d in report.index.directives if d.source == "cv-1245.txt")
    assert d.number == "1245/UBND-KGVX" and d.date == "2025-03-11"


# A process killed between two steps --------------------------------------------------------

_CHILD = textwrap.dedent(
    """
    import asyncio, os, sys
    from pathlib import Path
    from bot import library as module
    from bot.config import load_settings
    from bot.library import AlreadyRestored, Library
    from tests.fake_embedder import HashEmbedder

    config, action, point = sys.argv[1:4]
    library = Library.open(load_settings(Path(config)), HashEmbedder())

    def die(*args, **kwargs):
        os._exit(9)

    setattr(module, point, die)
    if action == "replace":
        data = open(sys.argv[4], "rb").read()
        upload = asyncio.run(library.prepare(data, "cv-1245.txt"))
        asyncio.run(library.save(upload, replaces="cv-1245.txt"))
    else:
        asyncio.run(library.retire("cv-1245.txt"))
    """
)


def _killed(settings: Settings, action: str, point: str, new: Path | None = None) -> None:
    command = [sys.executable, "-c", _CHILD, str(settings.root / "config.toml"), action, point]
    done = subprocess.run([*command, *([str(new)] if new else [])], cwd=REPO, timeout=120)
    assert done.returncode == 9


@pytest.mark.parametrize("point", ["write_new", "build_index"])
def test_a_replacement_killed_midway_loses_no_file(library, settings, tmp_path, point):
    new = tmp_path / "new.txt"
    new.write_bytes(directive("28/3/2025"))
    _killed(settings, "replace", point, new)

    again = Library.open(settings, HashEmbedder())  # loads, and settles what was left
    files = _files(settings)
    (kept,) = again.archived()
    assert archive.read(settings.path("archive"), kept) == directive()
    if point == "write_new":  # the new bytes never landed: the old file is back
        assert files["cv-1245.txt"] == directive()
    else:  # the new file was placed: the build is finished at start-up
        assert files["cv-1245.txt"] == new.read_bytes()
    served = {d.source: d.content_hash for d in again.index.directives}
    assert served["cv-1245.txt"] == sha256_bytes(files["cv-1245.txt"])
    assert [e.outcome for e in again.notices()] == ["lost" if point == "write_new" else "added"]


def test_a_retirement_killed_before_its_build_is_finished_at_start_up(library, settings):
    _killed(settings, "retire", "build_index")
    again = Library.open(settings, HashEmbedder())
    assert "cv-1245.txt" not in _files(settings)
    assert archive.read(settings.path("archive"), again.archived()[0]) == directive()
    assert [d.source for d in again.index.directives] == ["kon-tum.txt"]
    (notice,) = again.notices()
    assert notice.action == "retire" and notice.outcome == "added"
