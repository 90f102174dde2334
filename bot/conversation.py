"""Follow-ups: a question that opens like one ("còn hạn chót?", "thế còn Sở Tài chính?") or
points back at the directive just cited ("văn bản đó số mấy?") is read in the context of the
chat's previous question, for a limited time; the answer says how it was understood. A
question that stands alone but is not found is tried once more within the directive the
previous question named.

The previous question's agencies and the directive its answer cited first are what a
follow-up lacks: "còn hạn chót?" after "Sở Y tế phải làm gì theo 3262?" is asked as "hạn chót
Sở Y tế 3262/UBND-KGVX"; "thế còn Sở Tài chính?" after a duty question asks that agency's
duties on the same topic.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from bot.indexing import Index
from bot.kinds.duty import topic_of
from bot.retrieval import analyse
from bot.text import fold
from bot.types import Answer, Kind
from bot.vi import questions

FOLLOW_UP_SECONDS = 10 * 60  # a follow-up more than this after its question stands alone
_CHATS = 4096  # chats remembered at most (the least recent forgotten)


@dataclass(frozen=True)
class Asked:
    """What a chat asked last: its question, agencies and topic, and the directive cited."""

    question: str
    agencies: tuple[str, ...]
    topic: str
    kind: Kind
    number: str | None  # the number of the directive the answer cited first
    at: float
    named: bool = False  # the question named that directive (else it asked across them all)


class Conversations:
    """The last question of each chat, kept FOLLOW_UP_SECONDS."""

    def __init__(self, seconds: float = FOLLOW_UP_SECONDS, clock=time.monotonic) -> None:  # type: ignore[no-untyped-def]
        self._seconds, self._clock = seconds, clock
        self._last: OrderedDict[int, Asked] = OrderedDict()
        self._lock = threading.Lock()

    def understood(self, chat_id: int | None, question: str, index: Index) -> str | None:
        """The question as the chat's previous one completes it; None when it stands alone."""
        previous = self._previous(chat_id)
        is_follow_up, rest = questions.follow_up(fold(question))
        if previous is None or not is_follow_up:
            return None
        query = analyse(question, index)
        if query.kind in (Kind.CHATTER, Kind.FOREIGN) or query.numbers:
            return None
        if query.agencies:  # "thế còn Sở Tài chính?": its duties, on the same topic
            if previous.kind is not Kind.DUTY:
                return None
            about = index.restorer.restore(previous.topic) if previous.topic else ""
            within = previous.number if previous.named else None
            return questions.duty_question(query.agencies[0], about, within)
        kept = question.split()[len(question.split()) - len(rest.split()) :]  # as typed
        parts = [" ".join(kept).strip(" ?"), *previous.agencies[:1]]
        if previous.number and (previous.named or questions.points_back(fold(question))):
            parts.append(previous.number)
        return " ".join(parts) + "?"

    def within_previous(self, chat_id: int | None, question: str, index: Index) -> str | None:
        """A question that stands alone but was not found, asked within the directive the
        chat's previous question named ("hạn chót nộp báo cáo là khi nào?" right after a
        question about Kế hoạch 308); None when there is no such directive, or the question
        names a directive, province or agency of its own."""
        previous = self._previous(chat_id)
        if previous is None or not previous.named or not previous.number:
            return None
        query = analyse(question, index)
        if query.kind is not Kind.FACT or query.numbers or query.province or query.agencies:
            return None
        return f"{question.strip().rstrip('?').strip()} {previous.number}?"

    def remember(self, chat_id: int | None, question: str, answer: Answer, index: Index) -> None:
        """Keep a chat's question (one that was answered) for its follow-ups."""
        if chat_id is None or not answer.found:
            return
        query = analyse(question, index)
        topic = topic_of(query, index) if query.kind is Kind.DUTY else ""
        cited = answer.citations[0].section.directive.number if answer.citations else None
        named = bool(query.numbers)
        asked = Asked(question, query.agencies, topic, query.kind, cited, self._clock(), named)
        with self._lock:
            self._last[chat_id] = asked
            self._last.move_to_end(chat_id)
            while len(self._last) > _CHATS:
                self._last.popitem(last=False)

    def _previous(self, chat_id: int | None) -> Asked | None:
        if chat_id is None:
            return None
        with self._lock:
            asked = self._last.get(chat_id)
        if asked is None or self._clock() - asked.at > self._seconds:
            return None
        return asked
