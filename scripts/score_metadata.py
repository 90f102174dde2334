"""Score directive metadata against what the documents state (tests/data/real/metadata.json).

    .venv/bin/python scripts/score_metadata.py                 # parse the real files directly
    .venv/bin/python scripts/score_metadata.py --docs-json -   # score `python -m bot docs --json`
    bash scripts/real_eval.sh /tmp/hb docs > docs.jsonl
    .venv/bin/python scripts/score_metadata.py --docs-json docs.jsonl

Prints per-field accuracy, the share of documents with every field right, and each mismatch.
A document whose text layer is unreadable (a scan's garbled OCR) or that fails to load is
skipped and named. Exits 1 when a field is right on fewer than --goal of the scored documents.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.agencies import Gazetteer  # noqa: E402
from bot.directory import directive_record, readable, score_metadata  # noqa: E402
from bot.errors import BotError  # noqa: E402
from bot.loaders import load_file  # noqa: E402
from bot.parsing import parse  # noqa: E402

REAL = REPO / "tests" / "data" / "real"


def main(argv: list[str] | None = None) -> int:
    """Score and print; the exit code says whether the goal is met."""
    args = _parser().parse_args(argv)
    folder = Path(args.folder)
    expected = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    skipped = [name for name in expected if not _readable(folder / name)]
    if args.docs_json:
        records = _read_records(args.docs_json)
    else:
        records = {n: _parsed_record(folder / n) for n in expected if n not in skipped}
    score = score_metadata(expected, records, skipped)
    print(score.render())
    return 0 if score.worst >= args.goal else 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs-json", help="output of `python -m bot docs --json` (- = stdin)")
    parser.add_argument("--folder", default=str(REAL), help="documents and their metadata.json")
    parser.add_argument("--goal", type=float, default=0.95, help="least accuracy of each field")
    return parser


def _readable(path: Path) -> bool:
    try:
        return readable(load_file(path))
    except (BotError, OSError):
        return False


def _parsed_record(path: Path) -> dict[str, Any]:
    parsed = parse(load_file(path), path.name, "score", Gazetteer())
    return directive_record(parsed.directive, len(parsed.sections))


def _read_records(source: str) -> dict[str, dict[str, Any]]:
    """Records by document from JSON lines (other lines, such as log lines, are skipped)."""
    text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    records = {}
    for line in text.splitlines():
        if line.strip().startswith("{"):
            record = json.loads(line)
            records[record["document"]] = record
    return records


if __name__ == "__main__":
    sys.exit(main())
