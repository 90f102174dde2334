import tomllib
from pathlib import Path

import pytest

from bot.errors import PromptError
from bot.messages import NOT_FOUND_PHRASE, Messages

PROMPTS = Path(__file__).resolve().parent.parent / "prompts"


def _templates() -> dict[str, str]:
    files = ("messages.toml", "telegram.toml")
    return {
        k: v for f in files for k, v in tomllib.loads((PROMPTS / f).read_text("utf-8")).items()
    }


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


def test_html_templates_escape_the_values_they_are_given():
    messages = Messages.load(PROMPTS)
    text = messages.html("duty_unknown", agency='<Sở> & "Ban"')
    assert '&lt;Sở&gt; &amp; "Ban"' in text
    assert "<" not in text.replace("&lt;", "")


def test_a_key_in_two_files_is_refused(tmp_path: Path):
    for name in ("messages.toml", "telegram.toml"):
        (tmp_path / name).write_text((PROMPTS / name).read_text("utf-8"), encoding="utf-8")
    with open(tmp_path / "telegram.toml", "a", encoding="utf-8") as f:
        f.write('closest = "x"\n')
    with pytest.raises(PromptError, match="closest"):
        Messages.load(tmp_path)
