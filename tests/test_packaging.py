"""A wheel carries what a non-editable install needs to answer from another folder: the
default config, the prompts and the seed documents (setup.py copies them into bot/shipped/)."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from bot.config import SHIPPED, load_settings
from bot.messages import Messages

REPO = Path(__file__).resolve().parent.parent
_SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "config.toml")


def _tracked(folder: str, pattern: str) -> list[str]:
    return sorted(p.name for p in (REPO / folder).glob(pattern))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """A wheel built from a copy of the sources (the checkout's build/ is left alone)."""
    tree = tmp_path_factory.mktemp("tree")
    for name in _SOURCES:
        shutil.copy(REPO / name, tree / name)
    ignore = shutil.ignore_patterns("__pycache__", "shipped")
    for folder in ("bot", "prompts", "documents"):
        shutil.copytree(REPO / folder, tree / folder, ignore=ignore)
    build = "from setuptools import build_meta as b; print(b.build_wheel('dist'))"
    result = subprocess.run(
        [sys.executable, "-c", build], cwd=tree, capture_output=True, text=True, check=True
    )
    return zipfile.ZipFile(tree / "dist" / result.stdout.strip().splitlines()[-1])


def test_the_wheel_ships_config_prompts_and_seed_documents(wheel: zipfile.ZipFile):
    names = set(wheel.namelist())
    assert "bot/__init__.py" in names
    assert "bot/telegram/__init__.py" in names
    assert "bot/shipped/config.toml" in names
    prompts = {n.removeprefix("bot/shipped/prompts/") for n in names if "/prompts/" in n}
    assert prompts == set(_tracked("prompts", "*.toml"))
    documents = {n.removeprefix("bot/shipped/documents/") for n in names if "/documents/" in n}
    assert documents == set(_tracked("documents", "*.txt")) and len(documents) == 5
    assert wheel.read("bot/shipped/config.toml") == (REPO / "config.toml").read_bytes()
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "directive-bot = bot.__main__:main" in wheel.read(entry_points).decode()


def test_the_shipped_config_keeps_its_data_in_the_users_data_home(
    wheel: zipfile.ZipFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    site = tmp_path / "site"
    wheel.extractall(site, [n for n in wheel.namelist() if n.startswith("bot/shipped/")])
    monkeypatch.setattr("bot.config.SHIPPED", site / "bot" / "shipped")
    home = tmp_path / "data"
    settings = load_settings(
        site / "bot" / "shipped" / "config.toml", {"XDG_DATA_HOME": str(home)}
    )
    assert settings.path("prompts") == site / "bot" / "shipped" / "prompts"
    Messages.load(settings.path("prompts"))  # the shipped templates pass the start-up check
    for name in ("documents", "index", "state", "archive"):
        assert settings.path(name).is_relative_to(home / "directive-bot"), name
    assert sorted(p.name for p in settings.path("documents").iterdir()) == _tracked(
        "documents", "*.txt"
    )


def test_a_checkout_reads_its_own_config_not_a_shipped_copy():
    assert load_settings().root == REPO
    assert not SHIPPED.exists()  # only a build creates it
