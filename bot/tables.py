"""What an index version knows before any question: lookups made once per version, typed.

Each table is made on first use and then kept with the version it describes (a new version
gets new tables), so a question reads attributes instead of scanning every section.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

import numpy as np

from bot.agencies import GROUP_DEPARTMENTS, Gazetteer, applies_to
from bot.text import fold, syllables
from bot.types import Directive, Hit, Role, Section

SIGNATURE_PATH = "người ký"  # the section path of a directive's signature block
ROLE_RANK = {Role.LEAD: 0, Role.COOPERATING: 1, Role.GROUP: 2, Role.MENTIONED: 3}
_LABEL_WORDS = 12  # a text opening "X:" labels the section with X when X is this short


class Duty(NamedTuple):
    """A section giving an agency a task, with its tier in a duty answer."""

    tier: int
    position: int
    hit: Hit


@dataclass(frozen=True, eq=False)
class VersionTables:
    """Lookups over one version's directives and sections."""

    directives: Sequence[Directive]
    sections: Sequence[Section]
    gazetteer: Gazetteer
    # Duty listings by the agencies asked about, in answer order (bot/retrieval.py fills it).
    duties: dict[tuple[str, ...], list[Duty]] = field(default_factory=dict, repr=False)
    _roles: dict[str, dict[int, Role]] = field(default_factory=dict, repr=False)

    @cached_property
    def numbers(self) -> dict[str, str]:
        """Each directive number, folded (to find it in a question)."""
        return {d.number: fold(d.number) for d in self.directives if d.number}

    @cached_property
    def folded_texts(self) -> tuple[str, ...]:
        """Each section's text, folded, without spaces (to find a quoted document number)."""
        return tuple(re.sub(r"\s+", "", fold(s.text)) for s in self.sections)

    @cached_property
    def metadata_words(self) -> dict[str, frozenset[str]]:
        """By source: a directive's type, province, issuer and number, as words a section of
        it holds."""
        words = {}
        for directive in {s.directive.source: s.directive for s in self.sections}.values():
            parts = (directive.doc_type, directive.province, directive.issuer, directive.number)
            words[directive.source] = frozenset(syllables(" ".join(p for p in parts if p)))
        return words

    @cached_property
    def signatures(self) -> dict[str, Section]:
        """By source: the directive's signature block."""
        return {s.directive.source: s for s in self.sections if s.path == SIGNATURE_PATH}

    @cached_property
    def numbers_of_sections(self) -> tuple[str | None, ...]:
        """Each section's directive number (to filter by the numbers a question names)."""
        return tuple(s.directive.number for s in self.sections)

    @cached_property
    def provinces(self) -> np.ndarray:
        """Each section's directive province (None when it names none), as an object array."""
        return np.array([s.directive.province for s in self.sections], dtype=object)

    @cached_property
    def naming(self) -> dict[str, tuple[int, ...]]:
        """Agency → positions of the sections that name it."""
        named: dict[str, list[int]] = defaultdict(list)
        for i, section in enumerate(self.sections):
            for agency in {a.agency for a in section.assignees}:
                named[agency].append(i)
        return {agency: tuple(positions) for agency, positions in named.items()}

    @cached_property
    def up_front(self) -> tuple[frozenset[str], ...]:
        """Per section, the agencies it names in its heading or its first clause."""
        return tuple(self._named_up_front(s) for s in self.sections)

    def _named_up_front(self, section: Section) -> frozenset[str]:
        first_clause = re.split(r"[,:;.]", section.text, maxsplit=1)[0]
        found = self.gazetteer.find(section.heading) + self.gazetteer.find(first_clause)
        return frozenset(found)

    @cached_property
    def labelled(self) -> tuple[frozenset[str], ...]:
        """Per section, the agencies it is headed with: named by its heading, or as the label
        its text opens with ("Sở Tư pháp: Phối hợp với …"). A task there is theirs, in
        whatever role."""
        return tuple(self._labelled(s) for s in self.sections)

    def _labelled(self, section: Section) -> frozenset[str]:
        label, colon, _ = section.text.partition(":")
        opened = self.gazetteer.find(label) if colon and len(label.split()) <= _LABEL_WORDS else []
        return frozenset(self.gazetteer.find(section.heading) + opened)

    def roles(self, agency: str) -> dict[int, Role]:
        """Every section giving the agency a role, by position (made once per agency)."""
        if agency not in self._roles:
            # A role needs the agency named, or "các sở, ban, ngành" leading (bot/agencies.py).
            named = self.naming
            candidates = sorted({*named.get(agency, ()), *named.get(GROUP_DEPARTMENTS, ())})
            roles = ((i, role_in(self.sections[i], (agency,))) for i in candidates)
            self._roles[agency] = {i: role for i, role in roles if role is not None}
        return self._roles[agency]


def role_in(section: Section, agencies: tuple[str, ...]) -> Role | None:
    """The strongest role any of the agencies has in the section, as doer or as one of a
    group it addresses."""
    roles = []
    for agency in agencies:
        role = section.role_of(agency)
        if role is None and applies_to(agency, section.assignees):
            role = Role.GROUP
        if role is not None:
            roles.append(role)
    return min(roles, key=ROLE_RANK.__getitem__) if roles else None
