import tomllib
from pathlib import Path

import pytest

from bot.errors import PromptError
from bot.messages import NOT_FOUND_PHRASE, Messages

PROMPTS = Path(__file__).resolve().parent.parent / "prompts"


def _templates() -> dict[str, str]:
    return tomllib.loads((PROMPTS / "messages.toml").read_text(encoding="utf-8"))


def test_shipped_templates_pass_the_startup_check():
    messages = Messages.load(PROMPTS)
    assert NOT_FOUND_PHRASE in messages.get("not_found")


def test_a_placeholder_typo_fails_at_load():
    templates = _templates() | {"duty_intro": "Nhiệm vụ của {agncy}: {sections} / {documents}"}
    with pytest.raises(PromptError, match="duty_intro"):
        Messages(templates)


def test_a_missing_template_fails_at_load():
    templates = _templates()
    del templates["sources"]
    with pytest.raises(PromptError, match="sources"):
        Messages(templates)
