"""The duty kind: "Sở Y tế phải làm gì?" lists every section giving the agency a task,
grouped by directive, newest first, each with the agency's role and any deadline.

Selection tiers: the agency alone leads and is named up front (heading or first clause);
leads with others; leads further into the text, or cooperates in a section headed with its
name; cooperates; is addressed as one of "các sở, ban, ngành"; is only mentioned. Within a
tier, newest directive first, document order inside.
A question with a topic ("… phải làm gì về tiêm chủng") lists only the directives about it
(their sections hold the topic's words), the agency's tasks in the others counted in a note;
it keeps lead before cooperating before group, but within each puts the directives, and the
sections, that hold the topic first.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

import numpy as np

from bot.agencies import local_name, predecessors
from bot.citations import directive_line, section_label
from bot.config import RetrievalSettings
from bot.indexing import Index
from bot.kinds.base import Composing, QuestionKind, Selection, citations, not_found
from bot.messages import Messages
from bot.ranking import Ranking, left_over, metadata_words, newest_first_key
from bot.sentences import mention_words, task_words
from bot.tables import ROLE_RANK, SIGNATURE_PATH, Duty
from bot.types import (
    Answer,
    Block,
    Directive,
    DirectiveGroup,
    DirectiveList,
    Entry,
    Hit,
    Intro,
    Item,
    Kind,
    Note,
    Query,
    Role,
    SearchResult,
)
from bot.vi import questions, tasks

_CUE = questions.cue(questions.DUTY)
DUTY_CHARS = 4_000  # a duty answer's lines stop here (a front end pages them)
_GROUP_PATHS = 12  # section numbers listed per directive in the shared-duties summary
_GROUP_SOURCES = 6  # of them, about this many numbered as sources (a button each)
# Departments merged from 1 March 2025: a directive before then names the predecessors.
REFORM_2025 = "2025-03-01"
_MENTION_TIER = 5
# Tiers that a topic may reorder among themselves: leads, cooperating, group, mentioned.
_BUCKET = {0: 0, 1: 0, 2: 0, 3: 1, 4: 2, 5: 3}
# A directive is about the question's topic when some section of it (with its metadata) holds
# at least CLOSE_TO_MOST of the most any directive holds, and that most is ON_TOPIC or more
# (lexical coverage, bot/lexical.py); the agency's tasks in the others are counted, not listed.
ON_TOPIC = 0.5
CLOSE_TO_MOST = 0.75


class AgencyDuty(QuestionKind):
    """What an agency must do."""

    kind = Kind.DUTY

    def detects(self, query: Query, index: Index) -> bool:
        # A duty cue, or nothing but an agency, a place and a directive ("so nn&mt dong thap
        # kh 597").
        if not query.agencies:
            return False
        return bool(_CUE.search(query.folded)) or not left_over(query, index, frozenset())

    def select(self, ranking: Ranking) -> Selection:
        query, index, allowed = ranking.query, ranking.index, ranking.allowed
        wanted = np.zeros(len(allowed), dtype=bool)
        wanted[[duty.position for duty in all_duties(index, query.agencies)]] = True
        fused = ranking.fused(wanted & allowed)
        return duty_hits(query, index, fused, allowed)

    def answers(self, result: SearchResult, settings: RetrievalSettings) -> bool:
        # A section that gives the agency a task, not one that only names it.
        return any(hit.role not in (None, Role.MENTIONED) for hit in result.hits)

    def compose(self, result: SearchResult, composing: Composing) -> Answer:
        return duty_answer(result, composing)

    def refuse(self, result: SearchResult, composing: Composing) -> Answer:
        if not result.hits:
            return not_found(result, composing)
        # No section gives the agency a task: say so, and quote the ones that name it.
        named = self.compose(result, composing)
        return dataclasses.replace(named, found=False)


# --- selection ---------------------------------------------------------------------------


def duty_hits(query: Query, index: Index, fused: np.ndarray, allowed: np.ndarray) -> Selection:
    """Every section giving the agency a task, whether they are ordered by the question's
    topic, and those set aside as off the topic (see the module's docstring)."""
    # A province or a number drops whole directives: the order of the rest holds.
    listed = [(tier, i, hit) for tier, i, hit in all_duties(index, query.agencies) if allowed[i]]
    if listed and min(tier for tier, _, _ in listed) >= _MENTION_TIER:
        # document order… (a duty always has its role)
        rows = sorted((tier, i, hit.role) for tier, i, hit in listed if hit.role is not None)
        rows = sorted(rows, key=lambda r: -fused[r[1]])[:10]  # …then most relevant
        return Selection(
            [_duty_hit(index, tier, i, role) for tier, i, role in _spread(rows, index)]
        )
    topic = topic_of(query, index)
    if not topic or not listed:
        return Selection([hit for _, _, hit in listed])
    positions = [i for _, i, _ in listed]
    extras = [metadata_words(index, index.sections[i].directive) for i in positions]
    coverage = dict(zip(positions, index.lexical.coverage(topic, positions, extras), strict=True))
    relevance = {i: 0.5 * float(fused[i]) + 0.5 * coverage[i] for i in positions}
    by_directive: dict[str, float] = defaultdict(float)
    held: dict[str, float] = defaultdict(float)  # how much of the topic a directive holds
    for i in positions:
        source = index.sections[i].directive.source
        by_directive[source] = max(by_directive[source], relevance[i])
        held[source] = max(held[source], coverage[i])
    on_topic = _on_topic(held)

    def key(row: tuple[int, int, Hit]) -> tuple[int, float, float, int]:
        tier, i, _ = row
        source = index.sections[i].directive.source
        return (_BUCKET[min(tier, _MENTION_TIER)], -by_directive[source], -relevance[i], i)

    ordered = sorted(listed, key=key)
    kept = [hit for _, i, hit in ordered if index.sections[i].directive.source in on_topic]
    if not any(hit.role not in (Role.GROUP, Role.MENTIONED) for hit in kept):
        return Selection([hit for _, _, hit in ordered], True)  # the topic tells nothing apart
    aside = tuple(hit for hit in (h for _, _, h in ordered) if hit not in kept)
    return Selection(kept, True, aside)


def _on_topic(held: dict[str, float]) -> set[str]:
    """The directives about the question's topic: those holding nearly as much of it as the
    one holding most (all of them when none holds much)."""
    most = max(held.values())
    if most < ON_TOPIC:
        return set(held)
    return {source for source, share in held.items() if share >= CLOSE_TO_MOST * most}


def topic_of(query: Query, index: Index) -> str:
    """What a duty question is about, folded: the question without the agencies it names,
    its duty words, its province and its document numbers ("" when nothing is left)."""
    return left_over(query, index, questions.DUTY_WORDS)


def all_duties(index: Index, agencies: tuple[str, ...]) -> list[Duty]:
    """(tier, position, hit) of every section giving the agencies a role, in answer order;
    made once per index version and agency."""
    cache = index.tables.duties
    if agencies not in cache:
        roles, named = _roles(index, agencies), agencies
        older = tuple(p for a in agencies for p in predecessors(a, whole_only=True))
        for i, role in _roles(index, older).items():  # "Sở NN&MT" in a 2021 directive
            if i not in roles and _before_reform(index.sections[i].directive):
                roles[i], named = role, agencies + older
        rows = [
            (_tier(i, role, named, index), i, role)
            for i, role in sorted(roles.items())
            if index.sections[i].path != SIGNATURE_PATH
        ]
        cache[agencies] = [
            Duty(tier, i, _duty_hit(index, tier, i, role))
            for tier, i, role in _spread(rows, index)
        ]
    return cache[agencies]


def _before_reform(directive: Directive) -> bool:
    issued = directive.date or directive.published
    return issued is not None and issued < REFORM_2025


def _duty_hit(index: Index, tier: int, i: int, role: Role) -> Hit:
    return Hit(index.sections[i], round(1.0 - tier * 0.1, 2), 0.0, role)


def _roles(index: Index, agencies: tuple[str, ...]) -> dict[int, Role]:
    """Every section that gives one of the agencies a role, by position: its strongest."""
    merged: dict[int, Role] = {}
    for agency in agencies:
        for i, role in index.tables.roles(agency).items():
            if i not in merged or ROLE_RANK[role] < ROLE_RANK[merged[i]]:
                merged[i] = role
    return merged


def _tier(i: int, role: Role, agencies: tuple[str, ...], index: Index) -> int:
    section = index.sections[i]
    if role is Role.LEAD:
        if not index.tables.up_front[i] & set(agencies):
            return 2
        return 0 if len(section.leads()) == 1 else 1
    if role is Role.COOPERATING and index.tables.labelled[i] & set(agencies):
        return 2  # its own section ("Sở Nội vụ" over "Phối hợp với Sở GD&ĐT kiểm tra …")
    return {Role.COOPERATING: 3, Role.GROUP: 4}.get(role, _MENTION_TIER)


def _spread(rows: list[tuple[int, int, Role]], index: Index) -> list[tuple[int, int, Role]]:
    """Order by tier, then round-robin over directives, newest first, document order within."""

    def newest_first(row: tuple[int, int, Role]) -> tuple[str, int]:
        return (newest_first_key(index.sections[row[1]].directive), row[1])

    ordered = []
    for tier in sorted({r[0] for r in rows}):
        queues: dict[str, list[tuple[int, int, Role]]] = defaultdict(list)
        for row in sorted((r for r in rows if r[0] == tier), key=newest_first):
            queues[index.sections[row[1]].directive.source].append(row)
        while any(queues.values()):
            for queue in queues.values():
                if queue:
                    ordered.append(queue.pop(0))
    return ordered


# --- the answer --------------------------------------------------------------------------


def duty_answer(result: SearchResult, composing: Composing) -> Answer:
    """The agency's tasks, one line each, grouped by directive: the `documents` directives
    where it leads (newest first) or closest to the question's topic, each first with its
    closest few tasks, then with the rest; lines up to DUTY_CHARS, the rest counted (a question
    naming a number or a province, or a narrower one, reaches them). Each line carries its source's
    [n], the sources in the same order."""
    messages, documents = composing.messages, composing.documents
    agency = result.query.agencies[0]
    assigned = [h for h in result.hits if h.role is not Role.MENTIONED]
    if not assigned:
        return _named_only(result, agency, composing)
    direct = [h for h in assigned if h.role is not Role.GROUP]
    # Directives as their closest task ranks them: where the agency alone leads up front
    # first, newest first among equals (or closest to the question's topic first).
    groups = _by_directive(direct, topical=True)
    key = "duty_intro_topic" if result.aside else "duty_intro"
    named = local_name(agency, result.query.province)  # "Công an thành phố" in Hà Nội
    blocks: list[Block] = [_duty_intro(key, agency, named, direct, len(groups), messages)]
    lines = _Lines(result.query, _topic(result, composing), messages, len(direct))
    shown = list(groups)[:documents]
    ordered = {d: _answer_order(groups[d], result.topical) for d in shown}
    # First the closest tasks of each directive (an overview across them, about one screen),
    # then the rest of each, under its title again.
    first = max(1, composing.limit // max(1, len(shown)))
    for directive in shown:
        items = lines.take_all(ordered[directive][:first])
        if items:
            title = directive_line(directive, messages)
            blocks.append(DirectiveGroup(title, items, directive))
    for directive in shown:
        items = lines.take_all(ordered[directive][first:])
        if items:
            title = messages.get("duty_continued", citation=directive_line(directive, messages))
            blocks.append(DirectiveGroup(title, items, directive))
    cut = {d for d in shown if any(h not in lines.numbered for h in groups[d])}
    older = list(groups)[documents:]
    if cut:
        more = lines.left + sum(len(groups[d]) for d in older)
        documents_left = len(cut) + len(older)
        blocks.append(
            Note(messages.get("duty_more_long", sections=more, documents=documents_left))
        )
    elif older:
        more = sum(len(groups[d]) for d in older)
        blocks.append(Note(messages.get("duty_more", sections=more, documents=len(older))))
    aside = [h for h in result.aside if h.role not in (Role.GROUP, Role.MENTIONED)]
    if aside:
        others = len({h.section.directive for h in aside})
        blocks.append(Note(messages.get("duty_aside", sections=len(aside), documents=others)))
    shared = _by_directive([h for h in assigned if h.role is Role.GROUP], result.topical)
    if shared:
        blocks.append(_group_summary(shared, documents, messages, lines.numbered))
    return Answer(result.query.text, True, tuple(blocks), citations(lines.numbered))


def _named_only(result: SearchResult, agency: str, composing: Composing) -> Answer:
    """No section gives the agency a task: the sections naming it, one line each."""
    lines = _Lines(result.query, "", composing.messages)
    blocks: list[Block] = [Intro(composing.messages.get("duty_none", agency=agency))]
    for directive, hits in _by_directive(list(result.hits[: composing.limit])).items():
        if items := lines.take_all(hits):
            title = directive_line(directive, composing.messages)
            blocks.append(DirectiveGroup(title, items, directive))
    if lines.left:
        more = composing.messages.get("duty_more_long", sections=lines.left, documents=1)
        blocks.append(Note(more))
    return Answer(result.query.text, True, tuple(blocks), citations(lines.numbered))


def _topic(result: SearchResult, composing: Composing) -> str:
    """What the question asks about the agency, when its hits are ordered by it."""
    return topic_of(result.query, composing.index) if result.topical else ""


def _answer_order(hits: list[Hit], topical: bool) -> list[Hit]:
    """A directive's hits as its group lists them: closest to the topic first when ordered
    by it; else by tier (where the agency alone leads, up front, first), then in document
    order."""
    if topical:
        return hits
    return sorted(hits, key=lambda h: (-h.score, h.section.order))


def _duty_intro(
    key: str, agency: str, named: str, direct: list[Hit], documents: int, messages: Messages
) -> Intro:
    """How many tasks in how many directives, and the merged agencies' former names they
    were given to; or that every task is shared by all departments."""
    if not direct:
        return Intro(messages.get("duty_group_only", agency=named))
    title = messages.get(key, agency=named, sections=len(direct), documents=documents)
    older = [
        p
        for p in predecessors(agency, whole_only=True)
        if any(h.section.role_of(p) not in (None, Role.MENTIONED) for h in direct)
    ]
    if not older:
        return Intro(title)
    names = ", ".join(older)
    return Intro(title, (messages.get("duty_predecessors", agency=named, predecessors=names),))


class _Lines:
    """The lines a duty answer lists, numbered as its sources: in order, until they would
    pass DUTY_CHARS characters (the first is always listed); those after are counted."""

    def __init__(self, query: Query, topic: str, messages: Messages, listed: int = 0) -> None:
        self._query, self._topic, self._messages = query, topic, messages
        # Few tasks listed: each line says more of its task.
        roomier = (chars for most, chars in tasks.ROOMIER_TASKS if 0 < listed <= most)
        self._chars = next(roomier, tasks.TASK_CHARS)
        self._room = DUTY_CHARS
        self._full = False
        self.numbered: list[Hit] = []  # the hits listed, in order: the answer's sources
        self.left = 0

    def take_all(self, hits: list[Hit]) -> tuple[Item, ...]:
        """The items listed of these hits (the rest are counted in `left`)."""
        return tuple(item for hit in hits if (item := self.take(hit)))

    def take(self, hit: Hit) -> Item | None:
        """The hit's item, numbered, if it is listed; else None (and it is counted)."""
        named = hit.role is Role.COOPERATING  # the clause that says with whom
        if hit.role is Role.MENTIONED:
            task = mention_words(hit.section, self._query.agencies)
        else:
            task = task_words(hit.section, self._query.agencies, self._topic, named, self._chars)
        item = _duty_item(hit, self._messages, len(self.numbered) + 1, task)
        size = len(item.line())
        if self._full or (size > self._room and self._room < DUTY_CHARS):
            self._full = True
            self.left += 1
            return None
        self._room -= size
        self.numbered.append(hit)
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
    groups: dict[Directive, list[Hit]], documents: int, messages: Messages, numbered: list[Hit]
) -> DirectiveList:
    """One line per directive: which of its sections task every department, the first few of
    each (about _GROUP_SOURCES in all) numbered as sources (appended to `numbered`)."""
    entries, shown = [], list(groups)[:documents]
    each = max(1, _GROUP_SOURCES // len(shown))  # numbered per directive
    for directive in shown:
        hits = sorted(groups[directive], key=lambda h: h.section.order)
        paths = []
        for n, hit in enumerate(hits[:_GROUP_PATHS]):
            if n >= each:  # listed, without a source button
                paths.append(hit.section.path)
                continue
            numbered.append(hit)
            paths.append(f"{hit.section.path} [{len(numbered)}]")
        listed = ", ".join(paths) + (", …" if len(hits) > _GROUP_PATHS else "")
        text = f"{directive_line(directive, messages)}: {listed}"
        entries.append(Entry(directive, text, tuple(h.section for h in hits)))
    more = None
    if len(groups) > documents:
        more = messages.get("duty_more_group", documents=len(groups) - documents)
    return DirectiveList(messages.get("duty_group"), tuple(entries), more)


def _duty_item(hit: Hit, messages: Messages, number: int, task: str) -> Item:
    role = messages.get(f"role_{hit.role.value}") if hit.role else ""
    deadlines = hit.section.deadlines
    deadline = messages.get("deadline", deadlines="; ".join(deadlines)) if deadlines else None
    label = section_label(hit.section.path, messages)
    return Item(hit.section, label, hit.role, role, deadline, number, task)


KIND = AgencyDuty()
