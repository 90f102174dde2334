"""Two versions of a directive compared: is a new file another version of an indexed one, and
what changed between them (metadata, sections added, removed or changed, deadlines)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.text import fold
from bot.types import Directive, Section

# A new file whose section texts are at least this share of an indexed directive's (and the
# other way round) is a version of it, whatever its number says.
_SAME_CONTENT = 0.6
_META = ("doc_type", "number", "date", "issuer", "subject", "signer")

# How a new file stands to an indexed directive it matches (see `relation`).
NEWER, OLDER, SAME_NUMBER, SIMILAR = "newer", "older", "same_number", "similar"


@dataclass(frozen=True)
class Changes:
    """What a replacement changed."""

    metadata: tuple[tuple[str, str | None, str | None], ...]  # (attribute, old, new)
    added: tuple[str, ...]  # section paths
    removed: tuple[str, ...]
    changed: tuple[str, ...]
    deadlines: tuple[tuple[str, str, str], ...]  # (path, old deadlines, new deadlines)

    @property
    def none(self) -> bool:
        """Nothing a reader would notice changed."""
        return not (self.metadata or self.added or self.removed or self.changed)


def same_number(a: str | None, b: str | None) -> bool:
    """Whether two document numbers are the same ("1245/UBND-KGVX" ~ "1245 / ubnd-kgvx")."""
    if not a or not b:
        return False
    return _key(a) == _key(b)


def matches(
    directive: Directive,
    sections: Iterable[Section],
    indexed: list[Directive],
    indexed_sections: Iterable[Section],
) -> list[Directive]:
    """The indexed directives a new one may be a version of: the same number, or nearly the
    same section texts."""
    texts = {_key(s.text) for s in sections}
    by_source: dict[str, set[str]] = {}
    for section in indexed_sections:
        by_source.setdefault(section.directive.source, set()).add(_key(section.text))
    found = []
    for other in indexed:
        if other.source == directive.source and other.content_hash == directive.content_hash:
            continue
        theirs = by_source.get(other.source, set())
        shared = len(texts & theirs) / max(len(texts), len(theirs), 1)
        if same_number(directive.number, other.number) or shared >= _SAME_CONTENT:
            found.append(other)
    return found


def relation(new: Directive, old: Directive, superseded: bool = False) -> str:
    """Whether a new file is a NEWER or OLDER version of an indexed directive, by the
    directives' dates (a date without its day is compared on its month). When the dates are
    the same or unknown: OLDER if the file is an archived version that another one replaced
    (`superseded`), else SAME_NUMBER or SIMILAR (nearly the same content)."""
    order = _date_order(new.date, old.date)
    if order > 0:
        return NEWER
    if order < 0 or superseded:
        return OLDER
    return SAME_NUMBER if same_number(new.number, old.number) else SIMILAR


def _date_order(a: str | None, b: str | None) -> int:
    """1 if ISO date a is later than b, -1 if earlier, 0 if the same or unknown."""
    if not (a and b):
        return 0
    n = min(len(a), len(b))  # "2026-01" against "2026-01-15": the same month
    return (a[:n] > b[:n]) - (a[:n] < b[:n])


def compare(
    old: Directive, old_sections: list[Section], new: Directive, new_sections: list[Section]
) -> Changes:
    """What differs between an old and a new version, section by section (by path)."""
    metadata = tuple(
        (attr, getattr(old, attr), getattr(new, attr))
        for attr in _META
        if getattr(old, attr) != getattr(new, attr)
    )
    before = {s.path: s for s in old_sections}
    after = {s.path: s for s in new_sections}
    changed, deadlines = [], []
    for path in before.keys() & after.keys():
        a, b = before[path], after[path]
        if _key(a.text) != _key(b.text):
            changed.append(path)
        if a.deadlines != b.deadlines:
            deadlines.append((path, "; ".join(a.deadlines) or "-", "; ".join(b.deadlines) or "-"))
    order = {path: n for n, path in enumerate([*after, *before])}
    return Changes(
        metadata,
        tuple(p for p in after if p not in before),
        tuple(p for p in before if p not in after),
        tuple(sorted(changed, key=order.__getitem__)),
        tuple(sorted(deadlines, key=lambda d: order[d[0]])),
    )


def _key(text: str) -> str:
    return " ".join(fold(text).replace(" / ", "/").split())
