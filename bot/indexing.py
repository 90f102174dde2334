"""Build, save and load the versioned index: index/vNNN/ + an atomically replaced CURRENT.

A version folder holds the vectors (bot/vectors.py: vectors.faiss, an IndexFlatIP over
normalised vectors), sections.jsonl,
directives.json, lexical.json and manifest.json. It is written under a temporary name,
fsynced, renamed, and only then named by CURRENT, so readers never see half an index and a
failed build leaves the served one untouched. Embeddings are reused by content hash.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings
from tqdm import tqdm

from bot.agencies import Gazetteer
from bot.config import Settings
from bot.corpus import PARSER, Corpus, Previous, read_corpus
from bot.embeddings import as_matrix, model_id
from bot.errors import BotError, IndexStoreError
from bot.extract import Limits, Read
from bot.lexical import LexicalIndex
from bot.tables import VersionTables
from bot.text import DiacriticRestorer, sha256_text
from bot.types import Directive, ParsedFile, Section
from bot.vectors import FaissVectors, VectorIndex, load_vectors
from bot.vi import abbreviations

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1
CURRENT = "CURRENT"
_BATCH = 32


@dataclass
class Index:
    """A loaded index version: everything retrieval needs, in memory."""

    path: Path
    manifest: dict
    directives: list[Directive]
    sections: list[Section]
    vectors: VectorIndex
    lexical: LexicalIndex
    gazetteer: Gazetteer
    restorer: DiacriticRestorer
    tables: VersionTables = field(repr=False)  # lookups made once for this version
    keys: list[str] = field(default_factory=list, repr=False)  # each section's vector key

    @property
    def version(self) -> str:
        """The version folder's name, e.g. "v003"."""
        return self.path.name


@dataclass
class BuildReport:
    """What a build did."""

    version: str
    documents: int
    sections: int
    embedded: int
    reused: int
    errors: list[str]
    seconds: float
    files_reused: int  # files whose parse was taken from the previous version
    index: Index = field(repr=False)  # the version built, ready to serve


def passage_text(section: Section) -> str:
    """What gets embedded for a section: who issued it, its heading, its text."""
    context = " — ".join(p for p in (section.directive.issuer, section.heading) if p)
    return f"{context}\n{section.text}" if context else section.text


def lexical_text(section: Section) -> str:
    """What the lexical index sees for a section."""
    return abbreviations.expand(f"{section.heading}\n{section.text}")


def build_index(
    settings: Settings,
    embedder: Embeddings,
    progress: bool | None = None,
    before_commit: Callable[[Path], None] | None = None,
    previous: Index | None = None,
    ready: Iterable[Read] = (),
) -> BuildReport:
    """Build a new index version from the documents folder and make it CURRENT. New and
    changed files are read in child processes under [index] parse_timeout and
    parse_memory_mb (bot/extract.py), except those `ready` holds (read and parsed already:
    an upload). What the version before holds is reused: `previous`, when the caller has it
    in memory, else the CURRENT version read from disk."""
    started = time.monotonic()
    root = settings.path("index")
    root.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(root)
    model = model_id(settings.embeddings)
    before = _from_index(previous, model) if previous is not None else None
    if before is None:
        before = _previous(root, model)
    limits = Limits(settings.index.parse_timeout, settings.index.parse_memory_mb)
    folder, extensions = settings.path("documents"), settings.index.extensions
    corpus = read_corpus(folder, extensions, before.parse, limits, ready)
    parsed, errors = corpus.parsed, corpus.errors
    sections = [s for p in parsed for s in p.sections]
    if not sections:
        raise IndexStoreError("Không có văn bản nào đọc được trong thư mục tài liệu.")
    keys = [sha256_text(passage_text(s)) for s in sections]
    cache = before.vectors
    missing = [i for i, k in enumerate(keys) if k not in cache]
    fresh = _embed([passage_text(sections[i]) for i in missing], embedder, progress)
    cache.update({keys[i]: fresh[j] for j, i in enumerate(missing)})
    vectors = np.stack([cache[k] for k in keys]).astype(np.float32)
    version = _next_version(root)
    manifest = _manifest(settings, corpus, vectors.shape[1], len(sections))
    tmp = root / f".tmp-{version}-{os.getpid()}"
    lexical = _lexical(sections, before)
    try:
        flat = _write_version(tmp, manifest, parsed, sections, keys, vectors, lexical)
        if before_commit:
            before_commit(tmp)
        tmp.rename(root / version)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _point_current(root, version)
    _prune(root, settings.index.keep_versions)
    directives = [p.directive for p in parsed]
    index = _assemble(root / version, manifest, directives, sections, flat, lexical, keys)
    return BuildReport(
        version,
        len(parsed),
        len(sections),
        len(missing),
        len(sections) - len(missing),
        errors,
        time.monotonic() - started,
        corpus.reused,
        index,
    )


def _remove_abandoned(root: Path) -> None:
    """Delete the temporary folders of builds whose process is gone (killed mid-build)."""
    for tmp in root.glob(".tmp-v*-*"):
        pid = tmp.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(tmp, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _embed(texts: list[str], embedder: Embeddings, progress: bool | None) -> np.ndarray:
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    show = sys.stderr.isatty() if progress is None else progress
    batches = range(0, len(texts), _BATCH)
    parts = [
        as_matrix(embedder.embed_documents(texts[i : i + _BATCH]))
        for i in tqdm(batches, desc="Nhúng các mục", unit="lô", disable=not show)
    ]
    return np.vstack(parts)


def _manifest(settings: Settings, corpus: Corpus, dim: int, count: int) -> dict:
    return {
        "format_version": FORMAT_VERSION,
        "embedding_model": model_id(settings.embeddings),
        "dimension": int(dim),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "documents": {p.directive.source: p.directive.content_hash for p in corpus.parsed},
        "sections": count,
        "skipped": corpus.errors,
        # Names found in the corpus, so that questions use the gazetteer parsing used.
        "agencies": corpus.agencies,
        # What lets the next build skip unchanged files (bot/corpus.py).
        "parser": corpus.parser,
        "discovered": corpus.discovered,
        # Fingerprints of the administrators' corrections (bot/corrections.py), by file.
        "corrections": corpus.corrections,
    }


def _lexical(sections: list[Section], before: _Before) -> LexicalIndex:
    """The lexical index of the sections, carrying over the postings of unchanged ones."""
    texts = [lexical_text(s) for s in sections]
    if before.lexical is None:
        return LexicalIndex.build(texts)
    old: dict[str, int] = {}
    for doc, text in enumerate(before.texts):
        old.setdefault(text, doc)
    return before.lexical.updated(texts, [old.get(t) for t in texts])


def _write_version(
    folder: Path,
    manifest: dict,
    parsed: list[ParsedFile],
    sections: list[Section],
    keys: list[str],
    vectors: np.ndarray,
    lexical: LexicalIndex,
) -> VectorIndex:
    folder.mkdir(parents=True)
    store = FaissVectors.of(vectors)
    store.save(folder)
    lines = [
        json.dumps({**s.to_dict(), "key": k}, ensure_ascii=False)
        for s, k in zip(sections, keys, strict=True)
    ]
    _write(folder / "sections.jsonl", "\n".join(lines) + "\n")
    directives = [p.directive.to_dict() for p in parsed]
    _write(folder / "directives.json", json.dumps(directives, ensure_ascii=False, indent=1))
    _write(folder / "lexical.json", json.dumps(lexical.to_json(), ensure_ascii=False))
    _write(folder / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
    for path in folder.iterdir():
        _fsync(path)
    _fsync(folder)
    return store


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _point_current(root: Path, version: str) -> None:
    tmp = root / f".{CURRENT}.{os.getpid()}"
    tmp.write_text(version + "\n", encoding="utf-8")
    _fsync(tmp)
    os.replace(tmp, root / CURRENT)
    _fsync(root)


def _versions(root: Path) -> list[Path]:
    return sorted(p for p in root.glob("v[0-9][0-9][0-9]*") if p.is_dir())


def _next_version(root: Path) -> str:
    existing = [int(p.name[1:]) for p in _versions(root) if p.name[1:].isdigit()]
    return f"v{max(existing, default=0) + 1:03d}"


def _prune(root: Path, keep: int) -> None:
    current = current_version(root)
    for old in _versions(root)[: -max(keep, 1)]:
        if old.name != current:
            shutil.rmtree(old, ignore_errors=True)


def current_version(root: Path) -> str | None:
    """The version CURRENT names, or None when there is no index yet."""
    try:
        return (root / CURRENT).read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


@dataclass
class _Before:
    """What a build can reuse from the current version (nothing when there is none)."""

    parse: Previous | None = None
    vectors: dict[str, np.ndarray] = field(default_factory=dict)  # by content key
    lexical: LexicalIndex | None = None
    texts: list[str] = field(default_factory=list)  # lexical text of each of its sections


def _previous(root: Path, model: str) -> _Before:
    """The current version's parse, vectors (when built with the same model) and lexical
    postings; nothing when there is none or it does not load."""
    try:
        folder, manifest = _current_manifest(root, model)
        directives, sections, keys = _read_sections(folder)
        vectors = load_vectors(folder)
        lexical = LexicalIndex.from_json(
            json.loads((folder / "lexical.json").read_text(encoding="utf-8"))
        )
    except (BotError, OSError, ValueError, KeyError, TypeError, RuntimeError):
        return _Before()
    return _reusable(manifest, directives, sections, keys, vectors, lexical)


def _from_index(index: Index, model: str) -> _Before | None:
    """What a build can reuse from a version already in memory; None when it was made by
    another model or format, or lacks its vector keys (then the disk's CURRENT is read)."""
    manifest = index.manifest
    if manifest.get("format_version") != FORMAT_VERSION or (
        manifest.get("embedding_model") != model
    ):
        return None
    if not index.keys or len(index.keys) != len(index.sections):
        return None
    return _reusable(
        manifest, index.directives, index.sections, index.keys, index.vectors, index.lexical
    )


def _reusable(
    manifest: dict,
    directives: list[Directive],
    sections: list[Section],
    keys: list[str],
    vectors: VectorIndex,
    lexical: LexicalIndex,
) -> _Before:
    """A version's parse, vectors by key and lexical postings, as the next build reuses them."""
    if vectors.size != len(keys) or lexical.size != len(sections):
        return _Before()
    by_source: dict[str, list[Section]] = {d.source: [] for d in directives}
    for section in sections:
        by_source[section.directive.source].append(section)
    parse = Previous(
        hashes=manifest.get("documents", {}),
        discovered=manifest.get("discovered", {}),
        parsed={d.source: ParsedFile(d, tuple(by_source[d.source])) for d in directives},
        agencies=manifest.get("agencies", []),
        parser=manifest.get("parser", ""),
        corrections=manifest.get("corrections", {}),
    )
    stored = dict(zip(keys, vectors.vectors(), strict=True))
    if parse.parser != PARSER:  # the language data that tokenises changed: re-tokenise all
        return _Before(parse, stored)
    return _Before(parse, stored, lexical, [lexical_text(s) for s in sections])


def _read_sections(folder: Path) -> tuple[list[Directive], list[Section], list[str]]:
    """A version's directives, its sections and each section's content key."""
    directives = [
        Directive.from_dict(d)
        for d in json.loads((folder / "directives.json").read_text(encoding="utf-8"))
    ]
    by_source = {d.source: d for d in directives}
    with open(folder / "sections.jsonl", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    sections = [Section.from_dict(r, by_source[r["source"]]) for r in rows]
    return directives, sections, [r["key"] for r in rows]


def load_index(root: Path, model: str) -> Index:
    """Load the CURRENT version. One that is damaged, inconsistent or built with another model
    or format is refused with the reason logged, and the newest older version that loads is
    used instead; IndexStoreError (the CURRENT's reason) when none does."""
    version = current_version(root)
    if version is None:
        raise IndexStoreError("Chưa có chỉ mục: chạy `python -m bot index`.")
    try:
        return _load_version(root, version, model)
    except IndexStoreError as refused:
        for older in reversed(_versions(root)):
            if older.name == version:
                continue
            try:
                index = _load_version(root, older.name, model)
            except IndexStoreError:
                continue
            logger.error("%s; serving the previous version %s instead", refused, older.name)
            return index
        raise


def _load_version(root: Path, version: str, model: str) -> Index:
    folder, manifest = _checked_manifest(root, version, model)
    try:
        return _read_version(folder, manifest)
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:  # RuntimeError: FAISS
        raise IndexStoreError(f"Chỉ mục {version} hỏng: {exc}") from None


def _current_manifest(root: Path, model: str) -> tuple[Path, dict]:
    """The CURRENT version's folder and manifest, checked against the model and format."""
    version = current_version(root)
    if version is None:
        raise IndexStoreError("Chưa có chỉ mục: chạy `python -m bot index`.")
    return _checked_manifest(root, version, model)


def _checked_manifest(root: Path, version: str, model: str) -> tuple[Path, dict]:
    folder = root / version
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexStoreError(f"Chỉ mục {version} hỏng: {exc}") from None
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexStoreError(f"Chỉ mục {version} có định dạng cũ: chạy `python -m bot index`.")
    if manifest.get("embedding_model") != model:
        raise IndexStoreError(
            f"Chỉ mục {version} được tạo bằng mô hình {manifest.get('embedding_model')}, "
            f"khác cấu hình hiện tại ({model}): chạy `python -m bot index` để tạo lại."
        )
    return folder, manifest


def _read_version(folder: Path, manifest: dict) -> Index:
    directives, sections, keys = _read_sections(folder)
    vectors = load_vectors(folder)
    if vectors.size != len(sections) or vectors.dimension != manifest["dimension"]:
        raise IndexStoreError(
            f"Chỉ mục {folder.name} không nhất quán "
            f"({vectors.size} vectơ {vectors.dimension} chiều, "
            f"{len(sections)} mục, manifest {manifest['dimension']} chiều): "
            "chạy `python -m bot index`."
        )
    lexical = LexicalIndex.from_json(
        json.loads((folder / "lexical.json").read_text(encoding="utf-8"))
    )
    return _assemble(folder, manifest, directives, sections, vectors, lexical, keys)


def _assemble(
    folder: Path,
    manifest: dict,
    directives: list[Directive],
    sections: list[Section],
    vectors: VectorIndex,
    lexical: LexicalIndex,
    keys: list[str],
) -> Index:
    gazetteer = Gazetteer(manifest.get("agencies", []))
    restorer = DiacriticRestorer(lexical_text(s) for s in sections)
    tables = VersionTables(directives, sections, gazetteer)
    return Index(
        folder, manifest, directives, sections, vectors, lexical, gazetteer, restorer, tables, keys
    )


def ensure_index(settings: Settings, embedder: Embeddings) -> Index:
    """Load the current index, building it first when there is none."""
    root = settings.path("index")
    if current_version(root) is None:
        report = build_index(settings, embedder)
        logger.info("built index %s (%d sections)", report.version, report.sections)
    return load_index(root, model_id(settings.embeddings))
