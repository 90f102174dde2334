"""Question → Answer, extractively: the answer is built from the cited sections themselves,
as blocks (bot/types.py) worded from prompts/messages.toml, which the renderers walk. The
question's kind (bot/kinds/) composes them:

- duty: an intro, then a directive group per directive, newest first, each item a section
  with the agency's role and any deadline; notes count what was left out;
- fact: the sentence that answers quoted under its citation, then the whole section;
- signer, directive, newest: the directive's card or a list of directives;
- not found: the shared "Không tìm thấy" text and the closest sections.

With a language model (bot/prose.py), the sections the extractive answer cites become its
sources, and its checked prose replaces the blocks; the model is never asked when retrieval
found nothing, and any failure of it leaves the extractive answer. The two steps are separate
(`retrieve`, then `rewrite`) so that the assistant (bot/assistant.py) runs them in separate
worker pools: a slow model never holds up an extractive answer.

Answers are bounded: a question is at most `MAX_QUESTION_CHARS` (the bot refuses longer ones
before anything is embedded), and a duty answer quotes items up to `DUTY_CHARS`, counting the
rest in one "Còn N mục…" line.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass

from langchain_core.embeddings import Embeddings
from langchain_core.language_models import BaseChatModel

from bot import kinds
from bot.config import Settings
from bot.embeddings import limit_marks
from bot.indexing import Index
from bot.kinds.base import Composing, not_found
from bot.kinds.duty import DUTY_CHARS as DUTY_CHARS  # re-exported: the bound tests check
from bot.messages import Messages
from bot.prose import write
from bot.retrieval import analyse, search
from bot.text import nfc, one_line
from bot.types import Answer, Prose

MAX_QUESTION_CHARS = 500  # after NFC; a longer message is not a question to embed


def prepare_question(text: str) -> str:
    """A question as the bot reads it: NFC, runs of combining marks cut to what Vietnamese
    needs, spaces collapsed. Compare its length to MAX_QUESTION_CHARS."""
    return one_line(limit_marks(text))


@dataclass(frozen=True)
class Draft:
    """Retrieval's answer to a question: the extractive answer, and for a model the question
    and the answer to give if it says the sources do not answer."""

    question: str
    extractive: Answer
    refusal: Answer  # the "not found" answer over the same hits

    @property
    def found(self) -> bool:
        """Whether retrieval answered (only then is a model asked)."""
        return self.extractive.found


def answer(
    question: str,
    index: Index,
    embedder: Embeddings,
    settings: Settings,
    messages: Messages,
    province: str | None = None,
    model: BaseChatModel | None = None,
) -> Answer:
    """Answer one question from the index, with citations; province (a chat's setting)
    restricts the search unless the question names a province itself. With a model, the
    answer is its checked prose over the same citations (or the extractive one)."""
    draft = retrieve(question, index, embedder, settings, messages, province)
    if model is None or not draft.found:
        return draft.extractive
    return rewrite(draft, model, settings, messages)


def retrieve(
    question: str,
    index: Index,
    embedder: Embeddings,
    settings: Settings,
    messages: Messages,
    province: str | None = None,
    today: dt.date | None = None,
) -> Draft:
    """Search and answer extractively (no language model); today (default: the machine's)
    is what "tuần này" is relative to."""
    query = analyse(question, index)
    if province and not query.province:
        query = dataclasses.replace(query, province=province)
    result = search(query, index, embedder, settings.retrieval)
    kind = kinds.of(query.kind)
    composing = Composing(messages, index, settings.retrieval, today or dt.date.today())
    if not result.found:
        refusal = kind.refuse(result, composing)
        return Draft(result.query.text, refusal, refusal)
    return Draft(result.query.text, kind.compose(result, composing), not_found(result, composing))


def rewrite(draft: Draft, model: BaseChatModel, settings: Settings, messages: Messages) -> Answer:
    """The model's checked prose over the draft's citations; the extractive answer when the
    model fails or its prose does not pass the checks."""
    citations = draft.extractive.citations[: settings.llm.max_sources]
    prose = write(draft.question, [c.section for c in citations], model, messages)
    if prose is None:
        return draft.extractive
    if prose.refused:
        return draft.refusal
    cited = tuple(citations[i] for i in prose.cited)
    return Answer(draft.question, True, (Prose(prose.text),), cited, generated=True)


class RecentAnswers:
    """The last `size` extractive answers, by question, province and index version.

    When a directive lands, many people ask the same thing: a repeated question is answered
    from here without searching again. A reload starts a new version, so nothing stale is
    served; prose answers are not kept (the model is asked each time).
    """

    def __init__(self, size: int = 1024) -> None:
        self._size = size
        # (index, question, province, day): a deadline answer depends on the day asked
        self._answers: OrderedDict[tuple[str, str, str | None, dt.date], Answer] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, index: Index, question: str, province: str | None) -> Answer | None:
        """The answer given before to this question over this version, if kept."""
        key = (str(index.path), one_line(nfc(question)), province, dt.date.today())
        with self._lock:
            found = self._answers.get(key)
            if found is not None:
                self._answers.move_to_end(key)
            return found

    def put(self, index: Index, question: str, province: str | None, answer: Answer) -> None:
        """Keep an answer (the oldest is dropped beyond the size)."""
        key = (str(index.path), one_line(nfc(question)), province, dt.date.today())
        with self._lock:
            self._answers[key] = answer
            if len(self._answers) > self._size:
                self._answers.popitem(last=False)
