"""User-facing texts from prompts/*.toml, checked for their placeholders at start-up.

messages.toml holds the engine's plain-text answers; telegram.toml the bot's replies, which
are HTML: `Messages.html` escapes every value it puts into one; llm.toml the language model's
prompts (bot/prose.py).
"""

from __future__ import annotations

import html
import string
import tomllib
from pathlib import Path

from bot.errors import PromptError

NOT_FOUND_PHRASE = "Không tìm thấy"

# key → the placeholders its template must use, exactly.
REQUIRED: dict[str, set[str]] = {
    "not_found": set(),
    "not_found_province": {"place"},
    "closest": set(),
    "duty_intro": {"agency", "sections", "documents"},
    "duty_none": {"agency"},
    "duty_predecessors": {"agency", "predecessors"},
    "duty_group": set(),
    "duty_group_only": {"agency"},
    "duty_more": {"sections", "documents"},
    "duty_more_group": {"documents"},
    "role_lead": set(),
    "role_cooperating": set(),
    "role_group": set(),
    "role_mentioned": set(),
    "deadline": {"deadlines"},
    "fact_intro": {"citation"},
    "fact_sentence": {"sentence"},
    "fact_section": set(),
    "signer": {"citation", "signer", "title"},
    "newest_intro": {"documents"},
    "directive_subject": {"citation", "subject"},
    "directive_signer": {"signer", "title"},
    "citation_document": {"doc_type"},
    "citation_number": {"number"},
    "citation_day": {"date"},
    "citation_month": {"date"},
    "citation_issuer": {"issuer"},
    "citation_section": {"section"},
    "citation_file": {"file"},
    "default_doc_type": set(),
    "sources": set(),
    "generated_note": set(),
    "citation_ocr": set(),
    "upload_ocr": {"confidence"},
}
# The language model's prompts (prompts/llm.toml), used only when [llm] provider is set.
REQUIRED_LLM: dict[str, set[str]] = {
    "llm_system": {"not_found"},
    "llm_source": {"n", "citation", "text"},
    "llm_user": {"question", "sources"},
}
# The Telegram bot's templates (prompts/telegram.toml), HTML.
REQUIRED_TELEGRAM: dict[str, set[str]] = {
    **{
        key: set()
        for key in (
            "start help admin_help command_hoi command_nhiemvu command_vanban command_tinh "
            "command_help command_reload command_thongke ask_usage duty_usage answer_sources "
            "directives_empty directive_untitled button_previous button_next button_up "
            "button_down vote_thanks gone province_usage province_none province_cleared "
            "not_allowed admin_only error unknown stats_missing stats_empty upload_error "
            "upload_unstructured"
        ).split()
    },
    "duty_unknown": {"agency"},
    "answer_province": {"place"},
    "directives_header": {"count", "page", "pages"},
    "card_subject": {"subject"},
    "card_signer": {"signer"},
    "card_file": {"file"},
    "card_deadline": {"deadlines"},
    "province_current": {"place"},
    "province_set": {"place"},
    "province_set_empty": {"place"},
    "province_unknown": {"name"},
    "upload_too_big": {"name", "size", "limit"},
    "upload_type": {"name"},
    "upload_failed": {"reason"},
    "upload_working": {"name"},
    "upload_duplicate": {"file"},
    "upload_renamed": {"name", "file"},
    "upload_done": {"version", "directive", "subject", "sections", "agencies"},
    "reload_started": {"version"},
    "reload_done": {"version", "documents", "sections", "embedded", "reused"},
    "reload_skipped": {"reason"},
    "reload_failed": {"version", "reason"},
    "reload_skipped_more": {"count"},
    "reload_error": set(),
    "upload_duplicate_unindexed": {"file"},
    "more_agencies": {"count"},
    "upload_recovered": {"name", "file", "detail"},
    "upload_recovered_failed": {"name", "detail"},
    "upload_lost": {"name"},
    "stats_header": {"version", "documents"},
    "stats_day": {"day", "questions", "missing"},
    "stats_missing_item": {"question", "times"},
    "stats_votes": {"up", "down"},
    # Issue 15: replace, retire, restore, correct; doubtful uploads; 👎 reasons; alerts.
    **{
        key: set()
        for key in (
            "upload_matches_ask upload_headerless upload_foreign upload_confirm_ask "
            "pending_gone button_keep_both button_index_anyway button_cancel changes_none "
            "field_type field_number field_date field_issuer field_subject field_signer "
            "admin_pick button_original button_replace button_correct button_retire "
            "button_archive button_retire_confirm archive_header archive_empty "
            "archive_retired archive_replaced vote_reason_ask reason_wrong_document "
            "reason_wrong_agency reason_missing reason_hard reason_other reason_none "
            "stats_down "
        ).split()
    },
    "upload_matches": {"name"},
    "upload_match_item": {"directive", "file", "n"},
    "upload_doubt": {"name"},
    "upload_understood": {"directive", "subject"},
    "upload_head": {"head"},
    "upload_cancelled": {"name"},
    "upload_replace_waiting": {"directive"},
    "button_replace_n": {"n"},
    "upload_replaced": {"file", "old"},
    "changes_field": {"field", "new", "old"},
    "changes_added": {"paths"},
    "changes_removed": {"paths"},
    "changes_changed": {"paths"},
    "changes_deadline": {"new", "old", "path"},
    "admin_card": {"directive", "file", "sections", "subject"},
    "admin_card_corrected": {"fields"},
    "button_restore_n": {"n"},
    "retire_ask": {"directive"},
    "retire_done": {"directive", "file", "version"},
    "archive_item": {"action", "at", "directive", "n"},
    "correct_choose": {"directive"},
    "correct_ask": {"current", "field"},
    "correct_done": {"directive", "field", "version"},
    "action_failed": {"reason"},
    "retire_recovered": {"file", "detail"},
    "retire_recovered_failed": {"file", "detail"},
    "stats_down_item": {"question", "reason"},
    "stats_csv_caption": {"count"},
    "alert_upload_failed": {"name", "reason", "user"},
    "alert_reload_failed": {"reason", "user", "version"},
    "alert_disk": {"free", "limit", "path", "what"},
}
_FILES = {
    "messages.toml": REQUIRED,
    "telegram.toml": REQUIRED_TELEGRAM,
    "llm.toml": REQUIRED_LLM,
}


class Messages:
    """The message templates; `messages.get(key, **values)` fills one in."""

    def __init__(self, templates: dict[str, str]) -> None:
        for required in _FILES.values():
            _check(templates, required)
        self._templates = templates

    @classmethod
    def load(cls, folder: Path) -> Messages:
        """Read prompts/messages.toml, telegram.toml and llm.toml."""
        templates: dict[str, str] = {}
        for name in _FILES:
            part = _read(folder / name)
            for key in part.keys() & templates.keys():
                raise PromptError(f"Mẫu tin nhắn '{key}' có ở hai tệp trong '{folder}'.")
            templates.update(part)
        return cls(templates)

    def get(self, key: str, **values: object) -> str:
        """The template for key with its placeholders filled."""
        return self._templates[key].format(**values)

    def html(self, key: str, **values: object) -> str:
        """An HTML template (telegram.toml) filled with HTML-escaped values."""
        escaped = {k: html.escape(str(v), quote=False) for k, v in values.items()}
        return self._templates[key].format(**escaped)


def _read(path: Path) -> dict[str, str]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PromptError(f"Thiếu tệp mẫu tin nhắn '{path}'.") from None
    except tomllib.TOMLDecodeError as exc:
        raise PromptError(f"Tệp mẫu tin nhắn '{path}' sai cú pháp: {exc}") from None


def _check(templates: dict[str, str], required: dict[str, set[str]]) -> None:
    for key, wanted in required.items():
        if key not in templates:
            raise PromptError(f"Thiếu mẫu tin nhắn '{key}'.")
        used = {name for _, name, _, _ in string.Formatter().parse(templates[key]) if name}
        if used != wanted:
            raise PromptError(
                f"Mẫu tin nhắn '{key}' cần đúng các chỗ trống {sorted(wanted)}, có {sorted(used)}."
            )
    if NOT_FOUND_PHRASE not in templates["not_found"]:
        raise PromptError(f"Mẫu 'not_found' phải chứa cụm '{NOT_FOUND_PHRASE}'.")
