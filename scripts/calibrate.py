"""Calibrate the "not found" decision on gold sets, and check it by leaving one document out.

    .venv/bin/python scripts/calibrate.py --config WORK/config.toml GOLD.json [GOLD.json ...] \
        [--also OTHER/config.toml GOLD.json ...]

For every question (and variant) of the gold files it records what the decision sees (the top
hit's cosine similarity and topic coverage) and whether the question is answerable. It prints
precision and recall of `found` at the thresholds in config.toml, the thresholds that a grid
search picks on all questions, and the leave-one-document-out figure: for each document, the
thresholds are picked on the questions about the other documents and scored on its own.
Duty questions are decided by the roles the directives give, not by these thresholds; they
are listed but not used to pick them.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.config import RetrievalSettings, load_settings
from bot.embeddings import make_embedder
from bot.indexing import ensure_index
from bot.retrieval import analyse, decide, search
from bot.types import Kind, SearchResult

GRID = {
    "min_dense": [0.76, 0.78, 0.79, 0.80, 0.81, 0.82, 0.84],
    "min_coverage": [0.25, 0.34, 0.4, 0.5, 0.6],
    "strong_dense": [0.84, 0.86, 0.88, 0.90],
    "strong_dense_coverage": [0.0, 0.2, 0.34],
}


@dataclasses.dataclass
class Row:
    document: str
    question: str
    answerable: bool
    result: SearchResult


def document_of(item_id: str) -> str:
    """'a_d07_signer' → 'a07'; 'b_d03_x' → 'b03'; 'a_dxx_none…' and seed ids → a group."""
    if m := re.match(r"([ab])_d(\d\d)", item_id):
        return m.group(1) + m.group(2)
    return item_id.split("_")[0] if item_id.startswith(("a_", "b_")) else "seeds"


def collect(config: Path, golds: list[Path]) -> list[Row]:
    settings = load_settings(config)
    embedder = make_embedder(settings.embeddings)
    index = ensure_index(settings, embedder)
    rows = []
    for gold in golds:
        for item in json.loads(gold.read_text(encoding="utf-8"))["items"]:
            for q in [item["q"], *item.get("variants", [])]:
                result = search(analyse(q, index), index, embedder, settings.retrieval)
                rows.append(Row(document_of(item["id"]), q, item["kind"] != "none", result))
    return rows


def score(rows: list[Row], settings: RetrievalSettings) -> tuple[float, float, int, int]:
    """Precision and recall of found (answerable = positive); refused answerable; answered none."""
    tp = fp = fn = 0
    for row in rows:
        found = decide(row.result, settings)
        tp += found and row.answerable
        fp += found and not row.answerable
        fn += (not found) and row.answerable
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, fn, fp


def best(rows: list[Row], base: RetrievalSettings) -> RetrievalSettings:
    """The grid point with fewest errors, an answered unanswerable counting three times
    (a wrong answer is worse than none); ties go to the stricter thresholds."""
    def cost(s: RetrievalSettings) -> tuple[int, float]:
        _, _, fn, fp = score(rows, s)
        strictness = s.min_dense + s.min_coverage + s.strong_dense + s.strong_dense_coverage
        return (fn + 3 * fp, -strictness)

    points = (
        dataclasses.replace(
            base,
            min_dense=min_dense,
            min_coverage=min_coverage,
            strong_dense=strong_dense,
            strong_dense_coverage=strong_dense_coverage,
        )
        for min_dense, min_coverage, strong_dense, strong_dense_coverage in itertools.product(
            GRID["min_dense"],
            GRID["min_coverage"],
            GRID["strong_dense"],
            GRID["strong_dense_coverage"],
        )
    )
    return min(points, key=cost)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("gold", type=Path, nargs="+")
    parser.add_argument(
        "--also",
        nargs="+",
        action="append",
        default=[],
        metavar="CONFIG GOLD",
        help="another index (its config) and gold files asked of it, pooled with the first",
    )
    args = parser.parse_args()
    settings = load_settings(args.config).retrieval
    sets = [(args.config, args.gold)] + [(Path(c), [Path(g) for g in gs]) for c, *gs in args.also]
    rows = [
        r
        for config, golds in sets
        for r in collect(config, golds)
        if r.result.query.kind is not Kind.DUTY
    ]
    p, r, fn, fp = score(rows, settings)
    print(f"questions decided by thresholds: {len(rows)}")
    print(f"config thresholds: precision {p:.3f} recall {r:.3f} "
          f"(answerable refused {fn}, unanswerable answered {fp})")
    for row in rows:
        if decide(row.result, settings) != row.answerable:
            top = row.result.hits[0] if row.result.hits else None
            seen = f"cosine {top.similarity:.3f} coverage {top.coverage:.2f}" if top else "no hit"
            what = "refused" if row.answerable else "answered"
            print(f"  {what}: {row.question} ({seen})")
    chosen = best(rows, settings)
    p, r, fn, fp = score(rows, chosen)
    picked = {k: getattr(chosen, k) for k in GRID}
    print(f"grid on all: {picked}: precision {p:.3f} recall {r:.3f} (refused {fn}, answered {fp})")
    tp_all = fp_all = fn_all = 0
    for document in sorted({row.document for row in rows}):
        held = [row for row in rows if row.document == document]
        rest = [row for row in rows if row.document != document]
        s = best(rest, settings)
        for row in held:
            found = decide(row.result, s)
            tp_all += found and row.answerable
            fp_all += found and not row.answerable
            fn_all += (not found) and row.answerable
    precision = tp_all / (tp_all + fp_all) if tp_all + fp_all else 1.0
    recall = tp_all / (tp_all + fn_all) if tp_all + fn_all else 1.0
    print(f"leave one document out: precision {precision:.3f} recall {recall:.3f} "
          f"(refused {fn_all}, answered {fp_all})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
