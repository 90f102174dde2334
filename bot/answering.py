"""Hits → Answer, extractively: the answer is built from the cited sections themselves, as
blocks (bot/types.py) worded from prompts/messages.toml, which the renderers walk.

- duty: an intro, then a directive group per directive, newest first, each item a section
  with the agency's role and any deadline; notes count what was left out;
- fact: the sentence that answers quoted under its citation, then the whole section;
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
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from langchain_core.embeddings import Embeddings
from langchain_core.language_models import BaseChatModel

from bot.agencies import predecessors
from bot.citations import citation_line, directive_line, section_label
from bot.config import Settings
from bot.embeddings import limit_marks
from bot.indexing import Index
from bot.messages import Messages
from bot.metadata import place_name
from bot.prose import write
from bot.retrieval import analyse, answer_sentence, newest_first_key, search
from bot.text import nfc, one_line
from bot.types import (
    Answer,
    Block,
    Citation,
    Directive,
    DirectiveGroup,
    DirectiveList,
    Entry,
    Hit,
    Intro,
    Item,
    Kind,
    Note,
    Passage,
    Prose,
    Quote,
    Reference,
    References,
    Role,
    SearchResult,
)

_CLOSEST = 3
MAX_QUESTION_CHARS = 500  # after NFC; a longer message is not a question to embed
DUTY_CHARS = 4_000  # a duty answer's items stop here (with the sources: two messages)
_GROUP_PATHS = 12  # section numbers listed per directive in the shared-duties summary


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
) -> Draft:
    """Search and answer extractively (no language model)."""
    query = analyse(question, index)
    if province and not query.province:
        query = dataclasses.replace(query, province=province)
    result = search(query, index, embedder, settings.retrieval)
    limit = settings.retrieval.max_citations
    refusal = _not_found(result, index, messages)
    if not result.found and result.query.kind is Kind.DUTY and result.hits:
        # No section gives the agency a task: say so, and quote the ones that name it.
        named = _duty_answer(result, messages, limit, settings.retrieval.duty_documents)
        refusal = dataclasses.replace(named, found=False)
    if not result.found:
        return Draft(result.query.text, refusal, refusal)
    if result.query.kind is Kind.DUTY:
        extractive = _duty_answer(result, messages, limit, settings.retrieval.duty_documents)
    elif result.query.kind is Kind.NEWEST:
        extractive = _newest_answer(result, messages, settings.retrieval.duty_documents)
    elif result.query.kind is Kind.DIRECTIVE:
        extractive = _directive_answer(result, messages, limit)
    else:
        extractive = _fact_answer(result, messages, limit)
    return Draft(result.query.text, extractive, refusal)


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
        self._answers: OrderedDict[tuple[str, str, str | None], Answer] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, index: Index, question: str, province: str | None) -> Answer | None:
        """The answer given before to this question over this version, if kept."""
        key = (str(index.path), one_line(nfc(question)), province)
        with self._lock:
            found = self._answers.get(key)
            if found is not None:
                self._answers.move_to_end(key)
            return found

    def put(self, index: Index, question: str, province: str | None, answer: Answer) -> None:
        """Keep an answer (the oldest is dropped beyond the size)."""
        key = (str(index.path), one_line(nfc(question)), province)
        with self._lock:
            self._answers[key] = answer
            if len(self._answers) > self._size:
                self._answers.popitem(last=False)


def _not_found(result: SearchResult, index: Index, messages: Messages) -> Answer:
    province = result.query.province
    if province and not any(d.province == province for d in index.directives):
        text = messages.get("not_found_province", place=place_name(province))
        return Answer(result.query.text, False, (Intro(text),), ())
    closest = result.hits[:_CLOSEST]
    blocks: list[Block] = [Intro(messages.get("not_found"))]
    if closest:
        offered = tuple(Reference(h.section, citation_line(h.section, messages)) for h in closest)
        blocks.append(References(messages.get("closest"), offered))
    return Answer(result.query.text, False, tuple(blocks), _citations(closest))


def _duty_answer(result: SearchResult, messages: Messages, limit: int, documents: int) -> Answer:
    """The agency's tasks, grouped by directive: the newest `documents` directives, their
    items quoted up to DUTY_CHARS; the rest counted (a question naming a number or a province,
    or a narrower one, reaches them)."""
    agency = result.query.agencies[0]
    hits = list(result.hits)
    assigned = [h for h in hits if h.role is not Role.MENTIONED]
    if not assigned:
        return _named_only(result, agency, messages, limit)
    direct = [h for h in assigned if h.role is not Role.GROUP]
    groups = _by_directive(direct, topical=result.topical)
    blocks: list[Block] = [_duty_intro(agency, direct, len(groups), messages)]
    shown = list(groups)[:documents]
    quoted = _Quoted(DUTY_CHARS)
    cut: set[Directive] = set()  # directives not quoted in full
    for directive in shown:
        members = sorted(groups[directive], key=lambda h: h.section.order)
        items = [quoted.take(_duty_item(h, messages)) for h in members]
        if any(items):
            title = directive_line(directive, messages)
            blocks.append(DirectiveGroup(title, tuple(filter(None, items)), directive))
        if not all(items):
            cut.add(directive)
    older = list(groups)[documents:]
    if cut:
        more = quoted.left + sum(len(groups[d]) for d in older)
        documents_left = len(cut) + len(older)
        blocks.append(
            Note(messages.get("duty_more_long", sections=more, documents=documents_left))
        )
    elif older:
        more = sum(len(groups[d]) for d in older)
        blocks.append(Note(messages.get("duty_more", sections=more, documents=len(older))))
    shared = _by_directive([h for h in assigned if h.role is Role.GROUP], result.topical)
    if shared:
        blocks.append(_group_summary(shared, documents, messages))
    listed = set(shown) | set(list(shared)[:documents])
    cited = [h for h in assigned if h.section.directive in listed]
    return Answer(result.query.text, True, tuple(blocks), _citations(cited[:limit]))


def _named_only(result: SearchResult, agency: str, messages: Messages, limit: int) -> Answer:
    """No section gives the agency a task: the sections naming it, quoted."""
    hits = list(result.hits[:limit])
    quoted = _Quoted(DUTY_CHARS)
    items = tuple(item for h in hits if (item := quoted.take(_duty_item(h, messages))))
    blocks: list[Block] = [
        Intro(messages.get("duty_none", agency=agency)),
        DirectiveGroup(None, items),
    ]
    if quoted.left:
        blocks.append(Note(messages.get("duty_more_long", sections=quoted.left, documents=1)))
    return Answer(result.query.text, True, tuple(blocks), _citations(hits))


def _duty_intro(agency: str, direct: list[Hit], documents: int, messages: Messages) -> Intro:
    """How many tasks in how many directives, and the merged agencies' former names they
    were given to; or that every task is shared by all departments."""
    if not direct:
        return Intro(messages.get("duty_group_only", agency=agency))
    title = messages.get("duty_intro", agency=agency, sections=len(direct), documents=documents)
    older = [
        p
        for p in predecessors(agency, whole_only=True)
        if any(h.section.role_of(p) not in (None, Role.MENTIONED) for h in direct)
    ]
    if not older:
        return Intro(title)
    names = ", ".join(older)
    return Intro(title, (messages.get("duty_predecessors", agency=agency, predecessors=names),))


class _Quoted:
    """The items a duty answer quotes: in order, until their lines would pass `chars`
    characters (the first is always quoted); the items after that are counted in `left`."""

    def __init__(self, chars: int) -> None:
        self._chars = self._room = chars
        self._full = False
        self.left = 0

    def take(self, item: Item) -> Item | None:
        """The item if it is quoted, else None (and it is counted)."""
        size = len(item.line())
        if self._full or (size > self._room and self._room < self._chars):
            self._full = True
            self.left += 1
            return None
        self._room -= size
        return item


def _by_directive(hits: list[Hit], topical: bool = False) -> dict[Directive, list[Hit]]:
    """Hits grouped by their directive: newest directive first, or, when the hits are ordered
    by the question's topic, in their order."""
    groups: dict[Directive, list[Hit]] = defaultdict(list)
    for hit in hits:
        groups[hit.section.directive].append(hit)
    if topical:
        return dict(groups)
    return {d: groups[d] for d in sorted(groups, key=newest_first_key)}


def _group_summary(
    groups: dict[Directive, list[Hit]], documents: int, messages: Messages
) -> DirectiveList:
    """One line per directive: which of its sections task every department."""
    entries = []
    for directive in list(groups)[:documents]:
        sections = sorted((h.section for h in groups[directive]), key=lambda s: s.order)
        paths = ", ".join(s.path for s in sections[:_GROUP_PATHS])
        if len(sections) > _GROUP_PATHS:
            paths += ", …"
        text = f"{directive_line(directive, messages)}: {paths}"
        entries.append(Entry(directive, text, tuple(sections)))
    more = None
    if len(groups) > documents:
        more = messages.get("duty_more_group", documents=len(groups) - documents)
    return DirectiveList(messages.get("duty_group"), tuple(entries), more)


def _duty_item(hit: Hit, messages: Messages) -> Item:
    role = messages.get(f"role_{hit.role.value}") if hit.role else ""
    deadlines = hit.section.deadlines
    deadline = messages.get("deadline", deadlines="; ".join(deadlines)) if deadlines else None
    label = section_label(hit.section.path, messages)
    return Item(hit.section, label, hit.role, role, deadline)


def _newest_answer(result: SearchResult, messages: Messages, documents: int) -> Answer:
    """The newest directives, one line each: how it is cited, and what it is about."""
    hits = list(result.hits[:documents])
    entries = tuple(
        Entry(h.section.directive, _directive_summary(h.section.directive, messages)) for h in hits
    )
    listing = DirectiveList(messages.get("newest_intro", documents=len(result.hits)), entries)
    return Answer(result.query.text, True, (listing,), _citations(hits))


def _directive_answer(result: SearchResult, messages: Messages, limit: int) -> Answer:
    """A directive's card: number, date, issuer, subject and signer, from its header."""
    directive = result.hits[0].section.directive
    lines: tuple[str, ...] = ()
    if directive.signer:
        signer = directive.signer
        lines = (messages.get("directive_signer", signer=signer, title=directive.signer_title),)
    intro = Intro(_directive_summary(directive, messages), lines)
    return Answer(result.query.text, True, (intro,), _citations(result.hits[:limit]))


def _directive_summary(directive: Directive, messages: Messages) -> str:
    line = directive_line(directive, messages)
    if directive.subject:
        return messages.get("directive_subject", citation=line, subject=directive.subject)
    return line


def _fact_answer(result: SearchResult, messages: Messages, limit: int) -> Answer:
    top = result.hits[0]
    if result.query.kind is Kind.SIGNER:
        d = top.section.directive
        text = messages.get(
            "signer", citation=directive_line(d, messages), signer=d.signer, title=d.signer_title
        )
        return Answer(result.query.text, True, (Intro(text),), _citations(result.hits[:limit]))
    sentence = answer_sentence(result.query, top.section)
    title = messages.get("fact_intro", citation=citation_line(top.section, messages))
    line = messages.get("fact_sentence", sentence=sentence)
    blocks: list[Block] = [Quote(title, top.section, sentence, line)]
    if sentence != top.section.text:
        blocks.append(Passage(messages.get("fact_section"), top.section))
    cites = _citations(result.hits[:limit], quote=sentence)
    return Answer(result.query.text, True, tuple(blocks), cites)


def _citations(hits: Sequence[Hit], quote: str | None = None) -> tuple[Citation, ...]:
    return tuple(
        Citation(h.section, h.score, h.role, quote if i == 0 else None) for i, h in enumerate(hits)
    )
