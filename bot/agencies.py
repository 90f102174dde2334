"""Agencies: the names in bot/vi/agencies.py plus names found in the corpus, matched on folded
syllables, and the role a section gives each.

Matching works on syllable sequences, so punctuation and diacritics do not matter: "Sở TT&TT",
"So TT-TT" and "sở tt tt" are the same alias, and "Ủy ban nhân dân"/"UBND" are read alike.
A section's roles come from, in order of authority:

- its field lines ("Cơ quan chủ trì: X" → lead, "Cơ quan phối hợp: Y" → cooperating);
- its sentences: the subject ("Sở Y tế ...", "Giao X ...", "Đề nghị X ..."), "X chủ trì" → lead,
  "phối hợp với Y" → cooperating; sentences that report or close ("Trong quá trình thực hiện,
  nếu có khó khăn, báo cáo UBND tỉnh (qua Sở Nội vụ)") name agencies without tasking them;
- the heading's subject, when the section names no lead of its own.

"Các Sở: Tài chính, Công Thương" and "Các Bộ: Quốc phòng, Y tế" give each named body the role.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from bot.text import fold, nfc
from bot.types import Assignee, Role
from bot.vi import agencies as vi
from bot.vi import markers, places
from bot.vi.agencies import GROUP_DEPARTMENTS, GROUP_MINISTRIES, Succession

__all__ = [
    "GROUP_DEPARTMENTS",
    "GROUP_MINISTRIES",
    "Gazetteer",
    "Mention",
    "applies_to",
    "canonical_names",
    "discover",
    "predecessors",
    "successors",
]

_SYLLABLE = re.compile(r"[a-z0-9]+")
_WORD = re.compile(r"[^\W_]+")
_CLAUSE_END = re.compile(r"[.;:!?\n]")
_RANK = list(Role)


def _field_pattern() -> re.Pattern[str]:
    """A folded line that starts with a field label that names agencies: its role (the group
    named after it) and its value."""
    alternatives: dict[Role, list[str]] = {}
    for name, role in vi.FIELD_ROLES.items():
        alternatives.setdefault(role, []).extend(markers.FIELD_NAMES[name])
    groups = []
    for role, labels in alternatives.items():
        words = sorted(labels, key=len, reverse=True)
        alts = "|".join(r"[\s/,]+".join(map(re.escape, label.split())) for label in words)
        groups.append(f"(?P<{role.value}>{alts})")
    either = r"(?:(?:co quan|don vi)\s*[/,]\s*)?"
    return re.compile(
        rf"^[\W\d_]*(?:[a-z]\)\s*)?{either}(?:{'|'.join(groups)})\s*:\s*(?P<value>[^|]*)"
    )


_FIELD = _field_pattern()
# A second field on the same line, after ";" or "|".
_NEXT_FIELD = re.compile(
    r"[;|]\s*(?=(?:(?:co quan|don vi)\s*[/,]?\s*)?(?:co quan|don vi|chu tri|phoi hop|trach nhiem)"
    r"[a-z ,/]{0,30}:)"
)


@dataclass(frozen=True)
class Mention:
    """An agency found at syllable positions [start, end) of a text."""

    agency: str
    start: int
    end: int


def canonical_names() -> dict[str, tuple[str, ...]]:
    """Every canonical agency with all its aliases (names, abbreviations, group phrases)."""
    tables = (vi.NAMES, vi.ABBREVIATIONS, vi.MINISTRIES, vi.ADDRESSEES, vi.GROUPS)
    merged: dict[str, tuple[str, ...]] = {}
    for table in tables:
        for canonical, aliases in table.items():
            merged[canonical] = (*merged.get(canonical, ()), *aliases)
    return merged


def _spellings(alias: str) -> Iterator[tuple[str, ...]]:
    """The folded syllables of an alias, with each contraction both spelled out and short."""
    key = tuple(_SYLLABLE.findall(fold(alias)))
    pairs = [
        (tuple(_SYLLABLE.findall(fold(long))), tuple(_SYLLABLE.findall(fold(short))))
        for long, short in vi.CONTRACTIONS.items()
    ]
    forms = {key}
    for long, short in pairs:
        for form in list(forms):
            forms |= {_replace(form, long, short), _replace(form, short, long)}
    yield from forms


def _replace(key: tuple[str, ...], old: tuple[str, ...], new: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    i = 0
    while i < len(key):
        if key[i : i + len(old)] == old:
            out.extend(new)
            i += len(old)
        else:
            out.append(key[i])
            i += 1
    return tuple(out)


_SUGGEST_SCORE = 0.75  # how close a loosely typed name must come to an alias to be offered


def _in_order(typed: list[str], key: tuple[str, ...]) -> bool:
    """Whether the alias holds every typed syllable, in order."""
    rest = iter(key)
    return all(any(word == have for have in rest) for word in typed)


class Gazetteer:
    """Finds agencies in folded text by longest alias match, and their roles in a section."""

    def __init__(self, extra_names: Iterable[str] = ()) -> None:
        self._trie: dict[tuple[str, ...], str] = {}
        self._max_len = 1
        # Each folded syllable of the aliases → how the aliases spell it with diacritics.
        self._accented: dict[str, set[str]] = {}
        for spelling in (*vi.CONTRACTIONS, *vi.CONTRACTIONS.values()):
            self._note_accents(spelling)
        for canonical, aliases in canonical_names().items():
            for alias in (canonical, *aliases):
                self._add(alias, canonical)
        for name in extra_names:
            # A corpus name that contains a known agency ("Sở Y tế và UBND ...") is no new one.
            key = list(_SYLLABLE.findall(fold(name)))
            if key and tuple(key) not in self._trie and not self.mentions(key):
                self._add(name, nfc(name))

    @property
    def names(self) -> list[str]:
        """Every canonical agency name known."""
        return sorted(set(self._trie.values()))

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """The known agencies a name typed loosely may mean ("cong an" → Công an tỉnh; "so y
        teh" → Sở Y tế), closest first: every alias compared folded, an alias holding all the
        typed words in order counting as close as a near spelling."""
        typed = _SYLLABLE.findall(fold(name))
        if not typed:
            return []
        wanted = " ".join(typed)
        best: dict[str, float] = {}
        for key, canonical in self._trie.items():
            alias = " ".join(key)
            score = difflib.SequenceMatcher(None, wanted, alias).ratio()
            if _in_order(typed, key):
                score = max(score, 0.8 + 0.2 * len(typed) / len(key))
            best[canonical] = max(best.get(canonical, 0.0), score)
        ranked = sorted(
            (c for c in best if best[c] >= _SUGGEST_SCORE), key=lambda c: (-best[c], len(c))
        )
        return ranked[:limit]

    def _note_accents(self, alias: str) -> None:
        for word in _WORD.findall(nfc(alias).lower()):
            self._accented.setdefault(fold(word), set()).add(word)

    def _accent_clash(self, word: str) -> bool:
        """Whether a word typed with diacritics is no alias's spelling of its folded form:
        "bản" in "văn bản chỉ đạo" is not the "Ban" of "Ban Chỉ đạo"."""
        word = word.lower()
        spelled = self._accented.get(fold(word), set())
        return word != fold(word) and bool(spelled) and word not in spelled

    def _add(self, alias: str, canonical: str) -> None:
        self._note_accents(alias)
        for key in _spellings(alias):
            if key:
                self._trie.setdefault(key, canonical)
                self._max_len = max(self._max_len, len(key))

    def mentions(self, sylls: list[str]) -> list[Mention]:
        """Non-overlapping agency mentions, longest alias first at each position."""
        found, i = [], 0
        while i < len(sylls):
            m = self.match_at(sylls, i)
            if m:
                found.append(m)
                i = m.end
            else:
                i += 1
        return found

    def match_at(self, sylls: list[str], i: int) -> Mention | None:
        """The longest alias starting at syllable i."""
        for n in range(min(self._max_len, len(sylls) - i), 0, -1):
            name = self._trie.get(tuple(sylls[i : i + n]))
            if name:
                return Mention(name, i, i + n)
        return None

    def find(self, text: str) -> list[str]:
        """Agencies named in a text (e.g. a question), in order, without repeats."""
        seen: dict[str, None] = {}
        for m in self._spelled_mentions(self._prepared(text)):
            seen.setdefault(m.agency)
        return list(seen)

    def _spelled_mentions(self, prepared: str) -> list[Mention]:
        """Mentions in a prepared text, but for those whose first word is spelled with other
        diacritics than any alias has ("văn bản chỉ đạo" names no Ban Chỉ đạo)."""
        folded = fold(prepared)
        spans = [m.span() for m in _SYLLABLE.finditer(folded)]
        aligned = len(folded) == len(prepared)  # folding kept every character in place
        return [
            m
            for m in self.mentions([folded[a:b] for a, b in spans])
            if not (aligned and self._accent_clash(prepared[slice(*spans[m.start])]))
        ]

    def _syllables(self, text: str) -> list[str]:
        """Folded syllables of a text, with "các Sở: A, B" read as "Sở A, Sở B"."""
        return _SYLLABLE.findall(fold(self._prepared(text)))

    def _prepared(self, text: str) -> str:
        """The text as agencies are read in it: document numbers dropped ("4869/UBND-SYT"
        names no Sở Y tế) and listed names said in full ("Các Bộ: Quốc phòng, Công an" →
        "Bộ Quốc phòng, Bộ Công an") when each is a known agency with the kind word before it."""
        text = _DOCUMENT_NUMBER.sub(" ", nfc(text))
        out, pos = [], 0
        for head in _LIST_HEAD.finditer(text):
            if head.start() < pos:
                continue
            kind = _kind(head.group("listed") or head.group("labelled"))
            expanded, used = self._list_items(kind, text[head.end() :])
            if used:
                out.append(text[pos : head.start()] + expanded)  # "các Sở:" said by each
                pos = head.end() + used
        return "".join(out) + text[pos:] if out else text

    def _list_items(self, kind: str, rest: str) -> tuple[str, int]:
        """The list of bare names at the start of rest with the kind word put before each,
        and how many characters of rest it covers (0 when no name is known)."""
        folded = fold(rest)
        spans = [m.span() for m in _SYLLABLE.finditer(folded)]
        words = [folded[a:b] for a, b in spans]
        prefix = _SYLLABLE.findall(fold(kind))
        out, pos, k = [], 0, 0
        while k < len(spans) and rest[spans[k][0]].isupper():
            m = self.match_at(words, k)
            own = bool(m) and words[k] == prefix[0]
            if not own:
                m = self.match_at(prefix + words[k:], 0)
                if m is None or m.end <= len(prefix):
                    break
                m = Mention(m.agency, k, k + m.end - len(prefix))
            assert m is not None
            start, end = spans[k][0], spans[m.end - 1][1]
            out.append(rest[pos:start] + ("" if own else f"{kind} ") + rest[start:end])
            pos, k = end, m.end
            following = _next_item(rest, spans, words, k)
            if following is None:
                break
            k = following
        return "".join(out), pos

    def assignees(self, heading: str, text: str) -> tuple[Assignee, ...]:
        """Agencies of a section with their roles; the heading's subject leads its children."""
        roles: dict[str, Role] = {}
        fields: dict[str, Role] = {}
        own_leads = False
        for line in _field_lines(self._prepared(text)):
            field = _FIELD.match(fold(line))
            if field:
                own_leads |= self._field_roles(field, fields)
            elif _is_closing(line):
                self._closing_roles(line, roles)
            else:
                own_leads |= self._clause_roles(line, roles)
        if not own_leads and heading:
            named: dict[str, Role] = {}
            self._clause_roles(self._prepared(heading), named, sentence_level=False)
            if self._cooperates(_SYLLABLE.findall(fold(text))):  # "Phối hợp với Sở X …"
                named = {a: Role.COOPERATING if r is Role.LEAD else r for a, r in named.items()}
            for agency, role in named.items():
                _promote(roles, agency, role)
        roles.update(fields)  # a field line says outright what a sentence only implies
        for m in self._spelled_mentions(self._prepared(text)):
            roles.setdefault(m.agency, Role.MENTIONED)
        return tuple(Assignee(a, r) for a, r in _ordered(roles))

    def _field_roles(self, field: re.Match[str], roles: dict[str, Role]) -> bool:
        """Roles from one field line's value; True if it names a lead. A cooperating field
        lists its agencies; a lead field may be a sentence ("Cơ quan thực hiện: Sở Y tế chủ
        trì, phối hợp với ...; các sở ... gửi kết quả về Sở X"), read as one."""
        value = field.group("value")
        if field.group(Role.COOPERATING.value):
            for m in self.mentions(_SYLLABLE.findall(value)):
                _promote(roles, m.agency, Role.COOPERATING)
            return False
        return self._clause_roles(value, roles)

    def _clause_roles(
        self, text: str, roles: dict[str, Role], sentence_level: bool = True
    ) -> bool:
        """Record lead and cooperating agencies clause by clause; True if any lead."""
        any_lead = False
        clauses = _CLAUSE_END.split(fold(text)) if sentence_level else [fold(text)]
        for n, clause in enumerate(clauses):
            if clause.strip().startswith(vi.CLOSING_CUES) or _NARRATIVE.match(clause):
                continue  # reports, refers or tells: what it names is only mentioned
            sylls = _SYLLABLE.findall(clause)
            leads = self._doers(sylls) or self._after_condition(clause)
            subject, end = self._leading_subject(sylls)
            label = leads == subject and end == len(sylls) and n + 1 < len(clauses)
            if label and self._cooperates(_SYLLABLE.findall(clauses[n + 1])):
                for agency in leads:  # "Sở Tư pháp: Phối hợp với Công an tỉnh kiểm tra …"
                    _promote(roles, agency, Role.COOPERATING)
                leads = []
            for agency in leads:
                _promote(roles, agency, Role.LEAD)
                any_lead = True
            for m in self.mentions(sylls):
                if _follows(sylls, m.end, vi.LEAD_AFTER):
                    _promote(roles, m.agency, Role.LEAD)
                    any_lead = True
                elif _after_coop(sylls, m.start) and m.agency not in leads:
                    _promote(roles, m.agency, Role.COOPERATING)
        return any_lead

    def _cooperates(self, predicate: list[str]) -> bool:
        """True when a predicate that follows its subject as a label (a heading, "Sở Tư pháp:")
        makes it cooperate with a named agency ("Phối hợp với Công an tỉnh kiểm tra …"); one
        with "các đơn vị liên quan", the local governments or a sector ("ngành Y tế") leaves
        it leading."""
        start = partner_at(predicate)
        partner = self.match_at(predicate, start) if start is not None else None
        if partner is None or partner.agency in vi.GROUPS:
            return False
        if predicate[partner.start] in vi.SECTOR_WORDS:
            return False
        return not partner.agency.startswith(vi.PARTNERS_NOT_LEADING)

    def _after_condition(self, clause: str) -> list[str]:
        """The subject after a condition ("Trường hợp ô nhiễm nghiêm trọng, các trường học
        chủ động ...")."""
        if not clause.strip().startswith(vi.CONDITION_OPENERS):
            return []
        for comma in (m.end() for m in re.finditer(",", clause)):
            if leads := self._doers(_SYLLABLE.findall(clause[comma:])):
                return leads
        return []

    def _closing_roles(self, line: str, roles: dict[str, Role]) -> None:
        """A closing line ("Yêu cầu các sở, ban, ngành ... triển khai thực hiện./.") addresses
        everyone: a group it tasks leads as a group; a body it names is one of everyone."""
        for clause in _CLAUSE_END.split(fold(line)):
            for agency in self._doers(_SYLLABLE.findall(clause)):
                _promote(roles, agency, Role.LEAD if agency in vi.GROUPS else Role.GROUP)

    def _doers(self, sylls: list[str]) -> list[str]:
        """Who a clause tasks: its subject, unless the subject hands the task to other agencies
        ("UBND tỉnh giao Sở Y tế ...", "Thủ tướng yêu cầu Chủ tịch UBND các tỉnh ...")."""
        subject, end = self._leading_subject(sylls)
        assigned: list[str] = []
        for i in range(1, len(sylls)):
            if cue := _cue_at(sylls, i):
                assigned += self._leading_subject(sylls[i + cue :])[0]
        if subject and assigned and _cue_at(sylls, end):
            subject = []
        return subject + assigned

    def _leading_subject(self, sylls: list[str]) -> tuple[list[str], int]:
        """The agencies a clause opens with (after "Giao", "Đề nghị", titles), and where the
        subject ends."""
        i = 0
        while i < len(sylls) and (sylls[i] in vi.LEADING_WORDS or sylls[i].isdigit()):
            if self.match_at(sylls, i):
                break
            i += 1
        leads: list[str] = []
        end = i
        while i < len(sylls):
            m = self.match_at(sylls, i)
            if not m:
                break
            leads.append(m.agency)
            i = end = m.end
            i = self._past_joiners(sylls, i)
        return leads, end

    def _past_joiners(self, sylls: list[str], i: int) -> int:
        """Where the next listed agency starts after joining words, titles and fillers."""
        while i < len(sylls) and not self.match_at(sylls, i):
            step = _joiner_at(sylls, i)
            if not step:
                break
            i += step
        return i


def _joiner_at(sylls: list[str], i: int) -> int:
    """The length of the joining word, title or filler at syllable i, else 0."""
    if sylls[i] in vi.JOINERS or sylls[i] in vi.TITLES:
        return 1
    return next((len(f) for f in vi.LIST_FILLERS if tuple(sylls[i : i + len(f)]) == f), 0)


def _field_lines(text: str) -> list[str]:
    """The lines of a text, with fields that share a line ("Chủ trì: Sở X; Phối hợp: Sở Y")
    apart."""
    lines = []
    for line in text.split("\n"):
        cuts = [0, *(m.start() + 1 for m in _NEXT_FIELD.finditer(fold(line))), len(line)]
        lines += [line[a:b].strip(" ;") for a, b in itertools.pairwise(cuts)]
    return lines


def _cue_at(sylls: list[str], i: int) -> int:
    """The length of the assigning word at syllable i ("giao", "yêu cầu"), else 0."""
    for cue in sorted(vi.ASSIGNING_CUES, key=len, reverse=True):
        if tuple(sylls[i : i + len(cue)]) == cue:
            return len(cue)
    return 0


def _is_closing(line: str) -> bool:
    """A closing line: it reports back ("Trong quá trình thực hiện, nếu có khó khăn…") or ends
    the directive with a bare order to carry it out ("… khẩn trương triển khai thực hiện./.")."""
    text = fold(line.strip()).lstrip("-+*• ")
    return text.startswith(vi.CLOSING_CUES) or bool(_CLOSING_ORDER.search(text))


_CLOSING_ORDER = re.compile(vi.CLOSING_ORDER)
_DOCUMENT_NUMBER = re.compile(vi.DOCUMENT_NUMBER)
_NARRATIVE = re.compile(vi.NARRATIVE_OPENERS)


# "các Sở: A, B và C", "Các Bộ: A, B", "Sở: A, B": the kind word, then capitalised names.
_KINDS = "|".join(vi.LIST_KINDS)
_LIST_HEAD = re.compile(
    rf"\b(?:(?:[Cc]ác|CÁC)\s+(?P<listed>{_KINDS})\s*:?|(?P<labelled>{_KINDS})\s*:)\s*",
    re.IGNORECASE,
)


def _kind(word: str) -> str:
    """The kind word as a name starts with it ("sở" → "Sở")."""
    return next(k for k in vi.LIST_KINDS if fold(k) == fold(word))


def _next_item(rest: str, spans: list[tuple[int, int]], words: list[str], k: int) -> int | None:
    """Where the next name of a list starts (after ",", ";" or "và"), or None at its end."""
    if k >= len(spans):
        return None
    gap = rest[spans[k - 1][1] : spans[k][0]]
    if gap.strip() in (",", ";"):
        return k
    if gap.strip() == "" and words[k] == "va" and k + 1 < len(spans):
        return k + 1
    if gap.strip() == "," and words[k] == "va":
        return k + 1 if k + 1 < len(spans) else None
    return None


def _ordered(roles: dict[str, Role]) -> list[tuple[str, Role]]:
    return sorted(roles.items(), key=lambda item: _RANK.index(item[1]))


def _promote(roles: dict[str, Role], agency: str, role: Role) -> None:
    if agency not in roles or _RANK.index(role) < _RANK.index(roles[agency]):
        roles[agency] = role


def _follows(sylls: list[str], i: int, words: tuple[str, ...]) -> bool:
    return tuple(sylls[i : i + len(words)]) == words


def partner_at(predicate: list[str]) -> int | None:
    """Where the partner starts when a predicate (folded syllables) opens with "phối hợp
    (với)", after any adverb ("tiếp tục phối hợp với ..."); else None."""
    i = 0
    for adverb in vi.COOPERATING_ADVERBS:
        if tuple(predicate[i : i + len(adverb)]) == adverb:
            i += len(adverb)
            break
    if tuple(predicate[i : i + 2]) != vi.COOPERATING_PREDICATE:
        return None
    return i + 2 + (predicate[i + 2 : i + 3] == ["voi"])


def _after_coop(sylls: list[str], start: int) -> bool:
    """True when the mention sits in a "phối hợp (với) ..." list."""
    window = " ".join(sylls[max(0, start - 14) : start])
    return any(window.rfind(marker) >= 0 for marker in vi.COOPERATION_CUES)


def applies_to(agency: str, assignees: Iterable[Assignee]) -> bool:
    """True when a section tells a group ("các sở, ban, ngành") that includes the agency to act."""
    leading = {a.agency for a in assignees if a.role is Role.LEAD}
    if GROUP_DEPARTMENTS in leading and (agency.startswith("Sở ") or agency in vi.DEPARTMENT_LIKE):
        return True
    return GROUP_MINISTRIES in leading and agency in vi.MINISTRIES


def successors(agency: str, whole_only: bool = False) -> tuple[str, ...]:
    """Agencies that took over this one's functions in the 2025 reform (transitively)."""
    return _walk(agency, lambda s: s.old, lambda s: s.new, whole_only)


def local_name(agency: str, province: str | None) -> str:
    """The agency as a province names it: "Công an tỉnh" is "Công an thành phố" in a
    centrally-run city ("UBND tỉnh" → "UBND thành phố")."""
    if province and places.is_city(province) and agency.endswith(vi.PROVINCE_WORD):
        return agency.removesuffix(vi.PROVINCE_WORD) + vi.CITY_WORD
    return agency


def predecessors(agency: str, whole_only: bool = False) -> tuple[str, ...]:
    """Agencies whose functions this one took over; their duties in older directives may
    now be this agency's (all of them when whole_only, else some)."""
    return _walk(agency, lambda s: s.new, lambda s: s.old, whole_only)


def _walk(
    agency: str,
    source: Callable[[Succession], str],
    target: Callable[[Succession], str],
    whole_only: bool,
) -> tuple[str, ...]:
    """Agencies reached from this one through reform steps, in the given direction."""
    found: dict[str, None] = {}
    frontier = [agency]
    while frontier:
        current = frontier.pop()
        for step in vi.REFORM_2025:
            if source(step) != current or not (step.whole or not whole_only):
                continue
            if target(step) not in found and target(step) != agency:
                found[target(step)] = None
                frontier.append(target(step))
    return tuple(found)


def reform_steps(agency: str) -> tuple[Succession, ...]:
    """The reform steps that name this agency, old or new."""
    return tuple(s for s in vi.REFORM_2025 if agency in (s.old, s.new))


_DISCOVER = re.compile(
    rf"^(?:[0-9IVX]+[.)]|[-+•])?\s*((?:{'|'.join(vi.BODY_WORDS)})\s[^,;:.()\n]{{2,60}}?)"
    r"(?=\s*(?:$|:|,|\(| chủ trì| phối hợp| tiếp tục| khẩn trương| chủ động| có trách nhiệm))",
    re.MULTILINE,
)


_NOT_BODIES = re.compile(rf"(?:{'|'.join(fold(n) for n in vi.NOT_BODIES)})\b")


def _ordinary(name: str) -> bool:
    """Whether a name found heading an item is an ordinary phrase ("Báo cáo tổng hợp")."""
    return bool(_NOT_BODIES.match(fold(name)))


def discover(texts: Iterable[str]) -> list[str]:
    """Agency names that head items in the corpus (for bodies the alias table lacks)."""
    found: dict[str, None] = {}
    for text in texts:
        for match in _DISCOVER.finditer(text):
            name = " ".join(match.group(1).split())
            if 2 <= len(name.split()) <= 7 and not _ordinary(name):
                found.setdefault(name)
    return list(found)
