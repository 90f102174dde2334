"""How well the citation checker of bot/prose.py does on the scripted answers of
tests/prose_cases.py: the share of bad answers whose invented text is kept from the user, the
share of faithful answers passed untouched, and what a check costs.

    .venv/bin/python scripts/prose_checks.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.prose import check
from tests.prose_cases import BAD, GOOD, SOURCES, caught


def main() -> None:
    missed = [
        reply for reply, invented in BAD if not caught(reply, invented, check(reply, SOURCES))
    ]
    harmed = [reply for reply in GOOD if check(reply, SOURCES).removed]
    print(f"bad answers caught:     {len(BAD) - len(missed)}/{len(BAD)}")
    print(f"good answers untouched: {len(GOOD) - len(harmed)}/{len(GOOD)}")
    for reply in missed:
        print(f"  missed: {reply}")
    for reply in harmed:
        print(f"  harmed: {reply}")
    for reply, _ in BAD[:3]:
        print(f"  e.g. {reply!r}\n    → {check(reply, SOURCES).removed}")
    replies = [r for r, _ in BAD] + GOOD
    rounds = 200
    start = time.perf_counter()
    for _ in range(rounds):
        for reply in replies:
            check(reply, SOURCES)
    per_check = (time.perf_counter() - start) / (rounds * len(replies))
    print(f"one check: {per_check * 1e6:.0f} µs (4 sources)")


if __name__ == "__main__":
    main()
