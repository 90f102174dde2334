"""User-facing texts from prompts/*.toml, checked for their placeholders at start-up.

messages.toml holds the engine's plain-text answers; telegram.toml the bot's replies, which
are HTML: `Messages.html` escapes every value it puts into one; llm.toml the language model's
prompts (bot/prose.py). errors.toml and program.toml hold the program's own texts: error
messages (bot/errors.py) and what the command line prints; they are always read from the
shipped prompts, with `shipped_text` (an error can be raised before any prompts folder is
read, deep in code that has no `Messages` at hand).

The templates that ship with the code are the schema: each key is declared once, by its
template there, and its placeholders are the ones that template uses. A prompts folder of
one's own ([paths] prompts) is checked against them at start-up: a key missing or unknown, or
a placeholder missing or extra, is refused, naming the key. Adding a text is adding one line
to a file in prompts/; the test suite checks that the code fills in each template with exactly
its placeholders (tests/test_messages.py).

The texts of PromptError, below, stay here: they say that the texts themselves are broken.
"""

from __future__ import annotations

import html
import string
import tomllib
from functools import cache
from pathlib import Path

from bot.errors import PromptError

NOT_FOUND_PHRASE = "Không tìm thấy"

FILES = ("messages.toml", "telegram.toml", "llm.toml")  # a prompts folder of one's own
PROGRAM_FILES = ("errors.toml", "program.toml")  # the shipped ones, always

Schema = dict[str, frozenset[str]]  # key → the placeholders its template uses, exactly


def schema_folder() -> Path:
    """The prompts that ship with the code (the checkout's, or the installed package's)."""
    from bot.config import default_config  # imported here: bot.config raises shipped texts

    return default_config().parent / "prompts"


@cache
def shipped_schema() -> Schema:
    """The keys and placeholders of the shipped templates."""
    return schema_of(read_templates(schema_folder()))


def schema_of(templates: dict[str, str]) -> Schema:
    """Each template's placeholders; PromptError names a template that is no format string."""
    return {key: placeholders(key, text) for key, text in templates.items()}


def placeholders(key: str, template: str) -> frozenset[str]:
    """The {names} a template uses."""
    try:
        return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)
    except ValueError as exc:  # a lone "{" or "}"
        raise PromptError(
            f"Mẫu tin nhắn '{key}' sai cú pháp ({exc}); viết {{{{ cho dấu {{."
        ) from None
    except TypeError:
        raise PromptError(f"Mẫu tin nhắn '{key}' phải là một chuỗi.") from None


@cache
def program_texts() -> dict[str, str]:
    """The shipped errors.toml and program.toml (checked: each a format string, no key also
    in another prompts file)."""
    templates = read_templates(schema_folder(), FILES + PROGRAM_FILES)
    program = {key: text for key, text in templates.items() if key not in shipped_schema()}
    schema_of(program)
    return program


def shipped_text(key: str, /, **values: object) -> str:
    """A template of errors.toml or program.toml with its placeholders filled."""
    return program_texts()[key].format(**values)


def read_templates(folder: Path, files: tuple[str, ...] = FILES) -> dict[str, str]:
    """Every template of the prompts files; a key in two files is refused."""
    templates: dict[str, str] = {}
    for name in files:
        part = _read(folder / name)
        for key in part.keys() & templates.keys():
            raise PromptError(f"Mẫu tin nhắn '{key}' có ở hai tệp trong '{folder}'.")
        templates.update(part)
    return templates


class Messages:
    """The message templates; `messages.get(key, **values)` fills one in."""

    def __init__(self, templates: dict[str, str], schema: Schema | None = None) -> None:
        check(templates, shipped_schema() if schema is None else schema)
        self._templates = templates

    @classmethod
    def load(cls, folder: Path) -> Messages:
        """Read prompts/messages.toml, telegram.toml and llm.toml, checked against the
        shipped templates."""
        return cls(read_templates(folder))

    def get(self, key: str, **values: object) -> str:
        """The template for key with its placeholders filled."""
        return self._templates[key].format(**values)

    def html(self, key: str, **values: object) -> str:
        """An HTML template (telegram.toml) filled with HTML-escaped values."""
        escaped = {k: html.escape(str(v), quote=False) for k, v in values.items()}
        return self._templates[key].format(**escaped)


def check(templates: dict[str, str], schema: Schema) -> None:
    """Refuse templates whose keys or placeholders differ from the schema, naming the first."""
    for key in sorted(schema.keys() - templates.keys()):
        raise PromptError(f"Thiếu mẫu tin nhắn '{key}'.")
    for key in sorted(templates.keys() - schema.keys()):
        raise PromptError(f"Mẫu tin nhắn '{key}' không có trong các mẫu gốc ({schema_folder()}).")
    for key, text in templates.items():
        used, wanted = placeholders(key, text), schema[key]
        if used != wanted:
            raise PromptError(
                f"Mẫu tin nhắn '{key}' cần đúng các chỗ trống {sorted(wanted)}, có {sorted(used)}."
            )
    if NOT_FOUND_PHRASE not in templates["not_found"]:
        raise PromptError(f"Mẫu 'not_found' phải chứa cụm '{NOT_FOUND_PHRASE}'.")


def _read(path: Path) -> dict[str, str]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PromptError(f"Thiếu tệp mẫu tin nhắn '{path}'.") from None
    except tomllib.TOMLDecodeError as exc:
        raise PromptError(f"Tệp mẫu tin nhắn '{path}' sai cú pháp: {exc}") from None
