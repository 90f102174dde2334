"""Static checks run with the suite, as CI runs only pytest: `ruff check .` and mypy (its
files and strictness are pyproject.toml's [tool.mypy]). Both come with the dev extra."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m tool args` from the checkout, with this interpreter (the venv's)."""
    if importlib.util.find_spec(tool) is None:
        pytest.fail(f'{tool} is not installed: `.venv/bin/pip install -e ".[dev]"`')
    return subprocess.run(
        [sys.executable, "-m", tool, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_ruff_finds_nothing() -> None:
    done = _run("ruff", "check", ".", "--no-cache", "--output-format", "concise")
    assert done.returncode == 0, f"ruff check . found:\n{done.stdout}{done.stderr}"


def test_mypy_finds_nothing() -> None:
    # The cache (.mypy_cache, git-ignored) makes a second run take seconds; a cold one ~20 s.
    done = _run("mypy")
    assert done.returncode == 0, f"mypy found:\n{done.stdout}{done.stderr}"
