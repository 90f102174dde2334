import ast
import re
import tomllib
from pathlib import Path

import pytest

from bot.errors import PromptError
from bot.messages import (
    FILES,
    NOT_FOUND_PHRASE,
    PROGRAM_FILES,
    Messages,
    program_texts,
    read_templates,
    schema_of,
    shipped_schema,
    shipped_text,
)

PROMPTS = Path(__file__).resolve().parent.parent / "prompts"


def _templates() -> dict[str, str]:
    return {
        k: v for f in FILES for k, v in tomllib.loads((PROMPTS / f).read_text("utf-8")).items()
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


def _own_copy(tmp_path: Path) -> Path:
    for name in FILES:
        (tmp_path / name).write_text((PROMPTS / name).read_text("utf-8"), encoding="utf-8")
    return tmp_path


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_own_prompts_folder_is_checked_against_the_shipped_templates(tmp_path: Path):
    folder = _own_copy(tmp_path)
    _edit(folder, "telegram.toml", "{limit}", "{limt}")
    with pytest.raises(PromptError, match=r"'upload_too_big'.*\['limit', 'name', 'size'\]"):
        Messages.load(folder)
    _edit(folder, "telegram.toml", "{limt}", "{limit}")
    _edit(folder, "messages.toml", 'sources = "Nguồn:"\n', "")
    with pytest.raises(PromptError, match="Thiếu mẫu tin nhắn 'sources'"):
        Messages.load(folder)
    _edit(
        folder, "messages.toml", "closest =", 'sources = "Nguồn:"\nclosest_typo = "x"\nclosest ='
    )
    with pytest.raises(PromptError, match="'closest_typo' không có trong các mẫu gốc"):
        Messages.load(folder)


def test_a_reworded_own_template_with_the_same_placeholders_is_used(tmp_path: Path):
    folder = _own_copy(tmp_path)
    _edit(
        folder, "telegram.toml", "\nduty_unknown = ", '\nduty_unknown = "Không rõ {agency}."\nx = '
    )
    _edit(folder, "telegram.toml", "\nx = ", "\n# was: ")
    assert Messages.load(folder).html("duty_unknown", agency="A&B") == "Không rõ A&amp;B."


def test_a_lone_brace_is_refused_naming_the_template():
    templates = _templates() | {"closest": "Các mục gần nhất {"}
    with pytest.raises(PromptError, match="'closest' sai cú pháp"):
        Messages(templates)


def _template_calls() -> list[tuple[str, ast.Call]]:
    """Every `….messages.get(...)` / `messages.html(...)` / `shipped_text(...)` in bot/, with
    its file."""
    calls = []
    for path in sorted((PROMPTS.parent / "bot").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr in ("get", "html")
                and ast.unparse(func.value).endswith("messages")
            ) or (isinstance(func, ast.Name) and func.id == "shipped_text"):
                calls.append((path.name, node))
    return calls


def _all_schema() -> dict[str, frozenset[str]]:
    """The placeholders of every shipped template: prompts of one's own and program texts."""
    return shipped_schema() | schema_of(program_texts())


def test_the_code_fills_each_template_with_exactly_its_placeholders():
    schema = _all_schema()
    checked = 0
    for where, call in _template_calls():
        key, names = call.args[0], {k.arg for k in call.keywords}
        if None in names:  # **values: checked where they are built
            continue
        if isinstance(key, ast.Constant) and key.value in schema:
            assert names == schema[key.value], (where, key.value)
            checked += 1
        elif isinstance(key, ast.JoinedStr) and isinstance(key.values[0], ast.Constant):
            family = [k for k in schema if k.startswith(key.values[0].value)]
            assert family, (where, ast.unparse(key))
            assert any(schema[k] == names for k in family), (where, ast.unparse(key))
    assert checked > 150


def test_every_shipped_template_is_used_by_the_code():
    code = "\n".join(p.read_text("utf-8") for p in (PROMPTS.parent / "bot").rglob("*.py"))
    literals = set(re.findall(r"[\"']([a-z0-9_]+)[\"']", code))
    words = set(re.findall(r"[a-z0-9_]+", code))
    prefixes = {ast.unparse(c.args[0])[2:].split("{")[0] for _, c in _template_calls()}
    unused = [
        key
        for key in _all_schema()
        if key not in literals
        and key not in words  # keys listed in a string ("start help ...".split())
        and not any(p and key.startswith(p) for p in prefixes)
    ]
    assert unused == []


def test_program_texts_are_the_shipped_errors_and_program_files():
    keys = read_templates(PROMPTS, PROGRAM_FILES).keys()
    assert program_texts().keys() == keys
    assert not keys & shipped_schema().keys()
    assert shipped_text("cli_error", error="x") == "Lỗi: x"


def test_a_program_text_in_another_prompts_file_too_is_refused(tmp_path: Path):
    for name in FILES + PROGRAM_FILES:
        (tmp_path / name).write_text((PROMPTS / name).read_text("utf-8"), encoding="utf-8")
    with open(tmp_path / "program.toml", "a", encoding="utf-8") as f:
        f.write('closest = "x"\n')
    with pytest.raises(PromptError, match="closest"):
        read_templates(tmp_path, FILES + PROGRAM_FILES)
