"""Every user-facing text lives in prompts/ (issue 13): no module below writes one in Python.

A string literal (or the literal part of an f-string) with a Vietnamese letter is a text for
people, except a docstring, what is logged for the operator, language data (a regular
expression, a single letter, the tables of letters in TABLES), and the few listed in ALLOWED. A message given to a BotError, a line printed and an
argparse help are texts in any language, so there no literal with a word in it may appear.
"""

import ast
import re
from pathlib import Path

BOT = Path(__file__).resolve().parent.parent / "bot"

# The modules whose texts are all in prompts/. bot/messages.py is not among them: its
# PromptError texts say that the texts themselves are broken, so they cannot come from them.
CHECKED = sorted(
    [
        *(BOT / "telegram").glob("*.py"),
        *(
            BOT / f"{name}.py"
            for name in (
                "__main__",
                "archive",
                "changes",
                "citations",
                "config",
                "corrections",
                "errors",
                "extract",
                "legacy",
                "loaders",
                "ocr",
                "office",
                "prose",
                "rendering",
                "statistics",
            )
        ),
    ]
)
# (file, literal): Vietnamese that is language data, not a text for people.
ALLOWED: set[tuple[str, str]] = set()
# (file, name): module-level tables of letters (language data, however many letters they hold).
TABLES = {
    ("legacy.py", "_TCVN3_HIGH"),  # TCVN3 bytes → Unicode letters
    ("legacy.py", "_LETTERS"),  # the letters of Vietnamese syllables
}
_VIETNAMESE = re.compile(
    "[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE
)
_WORD = re.compile(r"[^\W\d_]{2,}")
_ERRORS = {"BotError", "ConfigError", "DocumentError", "IndexStoreError", "CorrectionError"}
_LOGGING = {"debug", "info", "warning", "error", "exception", "critical", "log"}


def _literals(node: ast.AST) -> list[str]:
    """The literal strings in an expression (an f-string's literal parts too), but not the
    keys of the templates it fills in."""
    if isinstance(node, ast.Call) and _is_template(node):
        return []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    return [text for child in ast.iter_child_nodes(node) for text in _literals(child)]


def _is_template(call: ast.Call) -> bool:
    """shipped_text(key, ...), messages.get(key, ...), messages.html(key, ...)."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id == "shipped_text"
    return (
        isinstance(func, ast.Attribute)
        and func.attr in ("get", "html")
        and ast.unparse(func.value).endswith("messages")
    )


def _skipped(tree: ast.Module, name: str) -> set[int]:
    """ids of the constants that are no text for people: docstrings, logged messages, regular
    expressions and the module's TABLES."""
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign) and node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and (name, t.id) in TABLES for t in targets):
                skipped |= {id(n) for n in ast.walk(node)}
        body = getattr(node, "body", None)
        if (
            isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
        ):
            skipped.add(id(body[0].value))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = ast.unparse(node.func.value)
            logged = node.func.attr in _LOGGING and owner.endswith("logger")
            if logged or owner == "re":
                skipped |= {id(n) for arg in node.args for n in ast.walk(arg)}
    return skipped


def vietnamese_literals(path: Path) -> list[tuple[int, str]]:
    """(line, literal) of every Vietnamese string literal that is a text for people."""
    tree = ast.parse(path.read_text("utf-8"))
    skipped = _skipped(tree, path.name)
    return sorted(
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skipped
        and _VIETNAMESE.search(node.value)
        and len(node.value) > 1  # a letter, not a text
        and (path.name, node.value) not in ALLOWED
    )


def worded_messages(path: Path) -> list[tuple[int, str]]:
    """(line, literal) of a word written into an error's message, a printed line or a --help."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = ast.unparse(node.func)
        values: list[ast.expr] = []
        if name in _ERRORS or name == "print":
            values = list(node.args)
        values += [k.value for k in node.keywords if k.arg == "help"]
        found += [
            (node.lineno, text) for v in values for text in _literals(v) if _WORD.search(text)
        ]
    return sorted(found)


def test_the_checked_modules_exist():
    assert all(path.is_file() for path in CHECKED)
    assert len([p for p in CHECKED if p.parent.name == "telegram"]) >= 6


def test_no_vietnamese_text_for_people_is_written_in_python():
    found = [(p.name, *hit) for p in CHECKED for hit in vietnamese_literals(p)]
    assert found == [], "move these texts to prompts/ (bot/messages.py)"


def test_no_error_message_printed_line_or_help_is_written_in_python():
    found = [(p.name, *hit) for p in CHECKED for hit in worded_messages(p)]
    assert found == [], "move these texts to prompts/ (bot/messages.py)"


def test_the_scan_finds_what_it_is_for(tmp_path: Path):
    code = tmp_path / "sample.py"
    code.write_text(
        '"""Mô-đun: docstring."""\n'
        "import logging, re\n"
        "logger = logging.getLogger(__name__)\n"
        'PATTERN = re.compile(r"ngày (\\d+)")\n'
        'def f(x):\n    """Hàm."""\n    logger.info("đã xong %s", x)\n'
        '    print(f"Xong: {x}")\n'
        '    raise ConfigError(f"Khóa sai: {x}")\n'
        'def g(parser):\n    parser.add_argument("--x", help="the x")\n'
        '    print(shipped_text("cli_error", error=x))\n'
        '    return "Đã thêm"\n',
        encoding="utf-8",
    )
    assert [line for line, _ in vietnamese_literals(code)] == [9, 13]
    assert [line for line, _ in worded_messages(code)] == [8, 9, 11]


def test_language_data_is_told_from_texts(tmp_path: Path):
    code = tmp_path / "legacy.py"  # its _LETTERS is one of TABLES
    code.write_text(
        '_LETTERS = frozenset("ăâđ") | frozenset("bcdđ")\n'
        '_SOUNDS = "ăâđ"\n'
        'def fold(word):\n    return word.replace("đ", "d")\n'
        'def f():\n    _LETTERS = "Lỗi"\n',
        encoding="utf-8",
    )
    assert [line for line, _ in vietnamese_literals(code)] == [2, 6]
