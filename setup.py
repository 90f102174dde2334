"""Ships the repository's config.toml, prompts/ and seed documents/ inside the package.

They stay where they are, the one copy in git; building (a wheel, or `pip install .`) copies
them into `bot/shipped/`, which bot/config.py reads when no checkout is around. Everything
else is declared in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
# What a non-editable install carries (folder in the repository → files copied).
SHIPPED = {"": ["config.toml"], "prompts": ["*.toml"], "documents": ["*.txt", "*.md"]}


class BuildWithData(build_py):
    """build_py, plus the shipped data copied into the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):  # an editable install reads the checkout
            return
        target = Path(self.build_lib) / "bot" / "shipped"
        shutil.rmtree(target, ignore_errors=True)  # a file deleted since the last build goes
        for folder, patterns in SHIPPED.items():
            for pattern in patterns:
                for source in sorted((ROOT / folder).glob(pattern)):
                    destination = target / folder / source.name
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(source, destination)


setup(cmdclass={"build_py": BuildWithData})
