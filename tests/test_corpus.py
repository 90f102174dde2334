"""Rebuilds reuse the previous version's parse of unchanged files, and the result is exactly
what a build from scratch gives (bot/corpus.py, bot/indexing.py)."""

from pathlib import Path

import numpy as np
import pytest

from bench import corpus as synthetic
from bot import corpus
from bot.indexing import build_index
from tests.conftest import make_settings
from tests.fake_embedder import HashEmbedder

QUESTIONS = ["Sở Y tế phải làm gì?", "so giao thong van tai", "tiêm vắc xin cho học sinh"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The seeds plus twelve generated directives."""
    settings = make_settings(tmp_path / "first")
    synthetic.write(settings.path("documents"), 12, seed=3)
    return settings.path("documents")


def _build(root: Path, documents: Path, embedder: HashEmbedder | None = None):
    root.mkdir(exist_ok=True)
    settings = make_settings(root, documents=documents)
    return build_index(settings, embedder or HashEmbedder(), progress=False)


def _same(a, b) -> None:
    """Two built versions hold the same directives, sections and lexical index."""
    assert a.index.directives == b.index.directives
    assert [s.to_dict() for s in a.index.sections] == [s.to_dict() for s in b.index.sections]
    assert a.index.manifest["agencies"] == b.index.manifest["agencies"]
    for question in QUESTIONS:
        assert np.array_equal(a.index.lexical.scores(question), b.index.lexical.scores(question))


def test_an_edit_reparses_one_file_and_matches_a_build_from_scratch(tmp_path, folder):
    first = _build(tmp_path / "first", folder)
    assert first.files_reused == 0
    edited = sorted(folder.glob("0005_*.txt"))[0]
    edited.write_text(edited.read_text("utf-8").replace("\n1. ", "\n1. Khẩn trương, ", 1), "utf-8")
    embedder = HashEmbedder()
    second = _build(tmp_path / "first", folder, embedder)
    assert second.files_reused == first.documents - 1
    assert 0 < embedder.embedded < 4  # the edited item (and its parent) only
    _same(second, _build(tmp_path / "scratch", folder))


def test_a_new_agency_name_reparses_every_file(tmp_path, folder):
    _build(tmp_path / "first", folder)
    (folder / "new.txt").write_text(
        "ỦY BAN NHÂN DÂN\nTỈNH KON TUM\n\nSố: 77/UBND-KGVX\n\nKon Tum, ngày 3 tháng 3 năm 2022\n\n"
        "1. Ban Quản lý Khu kinh tế tỉnh chủ trì kiểm soát người ra vào khu công nghiệp.\n\n"
        "2. Sở Y tế hướng dẫn xét nghiệm cho công nhân.\n",
        "utf-8",
    )
    second = _build(tmp_path / "first", folder)
    assert "Ban Quản lý Khu kinh tế tỉnh" in second.index.manifest["agencies"]
    assert second.files_reused == 0
    _same(second, _build(tmp_path / "scratch", folder))


def test_a_parse_made_by_other_code_is_not_reused(tmp_path, folder, monkeypatch):
    _build(tmp_path / "first", folder)
    monkeypatch.setattr(corpus, "PARSER", "another-parser")
    assert _build(tmp_path / "first", folder).files_reused == 0
    assert _build(tmp_path / "first", folder).files_reused == 17
