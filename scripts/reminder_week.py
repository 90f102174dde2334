"""A week of an agency follower's notices under a set clock (issue 17): what /theodoi sends,
day by day, from the directives of a folder's index, each item claimed once in a real SQLite
ledger (a second run the same day sends nothing).

    .venv/bin/python scripts/reminder_week.py --config WORK/config.toml --agency "Sở Nội vụ" \
        --province "Lâm Đồng" --start 2025-12-15 [--days 7] [--days-before 3]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.config import load_settings
from bot.embeddings import model_id
from bot.indexing import load_index
from bot.messages import Messages
from bot.notices import deliver, digests, reminders
from bot.rendering import render_text
from bot.state import SqliteStore, Subscription
from bot.types import Answer


class Printed:
    """A notifier printing each message, over a real SQLite ledger."""

    def __init__(self, store: SqliteStore, messages: Messages) -> None:
        self.store, self.messages, self.day = store, messages, dt.date.min

    async def claim(self, key: str) -> bool:
        return self.store.claim_notice(key)

    async def release(self, key: str) -> None:
        self.store.release_notice(key)

    async def send(self, chat_id: int, answer: Answer) -> None:
        print(f"→ chat {chat_id}:\n{render_text(answer, self.messages)}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--agency", required=True)
    parser.add_argument("--province")
    parser.add_argument("--start", type=dt.date.fromisoformat, required=True)
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--days-before", type=int, default=3)
    args = parser.parse_args()
    settings = load_settings(args.config)
    index = load_index(settings.path("index"), model_id(settings.embeddings))
    messages = Messages.load(settings.path("prompts"))
    follower = Subscription(
        1, 1, args.agency, args.province, args.days_before, digest_weekday=args.start.weekday()
    )
    with tempfile.TemporaryDirectory() as folder:
        store = SqliteStore(Path(folder) / "state.sqlite")
        notifier = Printed(store, messages)
        for n in range(args.days):
            day = args.start + dt.timedelta(days=n)
            print(f"=== {day:%A %d/%m/%Y} ===")
            for run in (1, 2):  # the job runs again the same day: nothing is repeated
                pending = reminders(index, [follower], day) + digests(index, [follower], day)
                sent = asyncio.run(deliver(pending, notifier, day, messages))
                print(f"(run {run}: {sent} message(s))")
        store.close()


if __name__ == "__main__":
    main()
