"""What /thongke reports beyond counts: the questions the current index still cannot answer
(greetings and thanks left out), and the question log as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable

from bot.state import LoggedQuestion
from bot.vi.chatter import is_chatter

CSV_FIELDS = (
    "id",
    "at",
    "chat_id",
    "user_id",
    "question",
    "found",
    "index_version",
    "vote",
    "reason",
)


def still_unanswered(
    asked: Iterable[tuple[str, int]],
    answers: Callable[[str], bool],
    limit: int,
) -> list[tuple[str, int]]:
    """The logged "not found" questions (question, times asked) that are real questions and
    that `answers` (the current index) still does not answer, at most `limit`, in order."""
    left = []
    for question, times in asked:
        if is_chatter(question) or answers(question):
            continue
        left.append((question, times))
        if len(left) >= limit:
            break
    return left


def questions_csv(rows: Iterable[LoggedQuestion]) -> bytes:
    """The question log as CSV (UTF-8 with a BOM, so that Excel reads Vietnamese right)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_FIELDS)
    for row in rows:
        writer.writerow([getattr(row, name) for name in CSV_FIELDS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
