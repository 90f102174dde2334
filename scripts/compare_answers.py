"""Record every gold question's answer, and compare two recordings (before / after a change).

    .venv/bin/python scripts/compare_answers.py record --config WORK/config.toml \
        GOLD.json [GOLD.json ...] > before.jsonl
    ... change the code ...
    .venv/bin/python scripts/compare_answers.py record ... > after.jsonl
    .venv/bin/python scripts/compare_answers.py diff before.jsonl after.jsonl

A recording is one JSON object per question (and variant): the EVAL.md answer object
(`python -m bot ask --json`). `diff` prints how many answers, citations and found flags are
identical, and each question where one differs, with what differs. Exit 1 when any does.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.answering import answer
from bot.config import load_settings
from bot.embeddings import make_embedder
from bot.indexing import ensure_index
from bot.messages import Messages


def record(config: Path, golds: list[Path]) -> None:
    """Print the answer object of every question of the gold files."""
    settings = load_settings(config)
    messages = Messages.load(settings.path("prompts"))
    embedder = make_embedder(settings.embeddings)
    index = ensure_index(settings, embedder)
    for gold in golds:
        for item in json.loads(gold.read_text(encoding="utf-8"))["items"]:
            for question in [item["q"], *item.get("variants", [])]:
                result = answer(question, index, embedder, settings, messages)
                print(json.dumps(result.to_json(), ensure_ascii=False), flush=True)


def _read(path: Path) -> dict[str, dict[str, Any]]:
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line)
    return {row["question"]: row for row in rows}


def _citations(row: dict[str, Any]) -> list[Any]:
    citations: list[Any] = row.get("citations", [])
    return citations


def diff(before: Path, after: Path) -> int:
    """Print what differs between two recordings; 1 when anything does."""
    old, new = _read(before), _read(after)
    common = [q for q in old if q in new]
    same = {"answer": 0, "citations": 0, "found": 0}
    changed = []
    for question in common:
        a, b = old[question], new[question]
        what = []
        for key, value in (
            ("found", (a["found"], b["found"])),
            ("citations", (_citations(a), _citations(b))),
            ("answer", (a["answer"], b["answer"])),
        ):
            if value[0] == value[1]:
                same[key] += 1
            else:
                what.append(key)
        if what:
            changed.append((question, what, a, b))
    print(f"questions: {len(common)} (only before: {len(old) - len(common)}, "
          f"only after: {len(new) - len(common)})")
    for key, count in same.items():
        print(f"identical {key}: {count} of {len(common)}")
    for question, what, a, b in changed:
        print(f"\n≠ {question}  [{', '.join(what)}]")
        if "found" in what:
            print(f"    found: {a['found']} → {b['found']}")
        if "citations" in what:
            print(f"    citations: {len(_citations(a))} → {len(_citations(b))}")
    return 1 if changed or len(common) != len(old) or len(common) != len(new) else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record", help="print every gold question's answer object")
    rec.add_argument("--config", type=Path, required=True)
    rec.add_argument("gold", type=Path, nargs="+")
    dif = sub.add_parser("diff", help="compare two recordings")
    dif.add_argument("before", type=Path)
    dif.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "record":
        record(args.config, args.gold)
        return 0
    return diff(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
