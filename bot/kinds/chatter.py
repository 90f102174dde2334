"""Messages that are not questions about the directives: thanks and greetings ("cảm ơn bot
nhé 👍", "chào bot") get a short reply and no sources; a question in English gets a hint in
Vietnamese and English. Nothing is searched (bot/vi/chatter.py holds the words)."""

from __future__ import annotations

from bot.indexing import Index
from bot.kinds.base import Composing, QuestionKind, Selection
from bot.ranking import Ranking
from bot.types import Answer, Intro, Kind, Query, SearchResult
from bot.vi import chatter


class Chatter(QuestionKind):
    """Thanks, greetings, acknowledgements."""

    kind = Kind.CHATTER

    def detects(self, query: Query, index: Index) -> bool:
        return chatter.is_chatter(query.text)

    def select(self, ranking: Ranking) -> Selection:
        return Selection([])

    def refuse(self, result: SearchResult, composing: Composing) -> Answer:
        key = "chatter_greeting" if chatter.is_greeting(result.query.text) else "chatter_thanks"
        return Answer(result.query.text, False, (Intro(composing.messages.get(key)),))


class Foreign(QuestionKind):
    """A question in another language than Vietnamese."""

    kind = Kind.FOREIGN

    def detects(self, query: Query, index: Index) -> bool:
        return chatter.is_english(query.text)

    def select(self, ranking: Ranking) -> Selection:
        return Selection([])

    def refuse(self, result: SearchResult, composing: Composing) -> Answer:
        return Answer(result.query.text, False, (Intro(composing.messages.get("foreign")),))


CHATTER = Chatter()
FOREIGN = Foreign()
