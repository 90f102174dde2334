"""User-facing texts from prompts/messages.toml, checked for their placeholders at start-up."""

from __future__ import annotations

import string
import tomllib
from pathlib import Path

from bot.errors import PromptError

NOT_FOUND_PHRASE = "Không tìm thấy"

# key → the placeholders its template must use, exactly.
REQUIRED: dict[str, set[str]] = {
    "not_found": set(),
    "not_found_province": {"province"},
    "closest": set(),
    "duty_intro": {"agency", "sections", "documents"},
    "duty_none": {"agency"},
    "duty_group": set(),
    "duty_group_only": {"agency"},
    "role_lead": set(),
    "role_cooperating": set(),
    "role_group": set(),
    "role_mentioned": set(),
    "deadline": {"deadlines"},
    "fact_intro": {"citation"},
    "fact_sentence": {"sentence"},
    "fact_section": set(),
    "signer": {"citation", "signer", "title"},
    "citation_document": {"doc_type"},
    "citation_number": {"number"},
    "citation_day": {"date"},
    "citation_month": {"date"},
    "citation_issuer": {"issuer"},
    "citation_section": {"section"},
    "citation_file": {"file"},
    "default_doc_type": set(),
    "sources": set(),
}


class Messages:
    """The message templates; `messages.get(key, **values)` fills one in."""

    def __init__(self, templates: dict[str, str]) -> None:
        _check(templates)
        self._templates = templates

    @classmethod
    def load(cls, folder: Path) -> Messages:
        """Read prompts/messages.toml."""
        path = folder / "messages.toml"
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise PromptError(f"Thiếu tệp mẫu tin nhắn '{path}'.") from None
        except tomllib.TOMLDecodeError as exc:
            raise PromptError(f"Tệp mẫu tin nhắn '{path}' sai cú pháp: {exc}") from None
        return cls(data)

    def get(self, key: str, **values: object) -> str:
        """The template for key with its placeholders filled."""
        return self._templates[key].format(**values)


def _check(templates: dict[str, str]) -> None:
    for key, wanted in REQUIRED.items():
        if key not in templates:
            raise PromptError(f"Thiếu mẫu tin nhắn '{key}'.")
        used = {name for _, name, _, _ in string.Formatter().parse(templates[key]) if name}
        if used != wanted:
            raise PromptError(
                f"Mẫu tin nhắn '{key}' cần đúng các chỗ trống {sorted(wanted)}, có {sorted(used)}."
            )
    if NOT_FOUND_PHRASE not in templates["not_found"]:
        raise PromptError(f"Mẫu 'not_found' phải chứa cụm '{NOT_FOUND_PHRASE}'.")
