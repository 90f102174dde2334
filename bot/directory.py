"""The directory of indexed directives as data: one JSON record each (shared/EVAL.md, "Directive
metadata"), and how records score against the metadata a set of documents states."""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from bot.types import Directive, Section

# The fields a record has, in order, and the Directive attribute each comes from.
FIELDS: tuple[tuple[str, str], ...] = (
    ("type", "doc_type"),
    ("number", "number"),
    ("date", "date"),
    ("issuer", "issuer"),
    ("province", "province"),
    ("signer", "signer"),
    ("subject", "subject"),
)
SCORED = ("type", "number", "date", "issuer", "province", "signer")
# A text layer whose words are this rarely accented is not Vietnamese one can read (a scan's
# garbled OCR layer: "Ldm D6ng", "nhiQm vg").
_MIN_ACCENTED = 0.15


def directive_record(directive: Directive, sections: int) -> dict:
    """One directive's record: document, its metadata (None where unknown), section count."""
    record: dict = {"document": directive.source}
    record.update({key: getattr(directive, attr) for key, attr in FIELDS})
    record["sections"] = sections
    return record


def render_directives_json(directives: Iterable[Directive], sections: Iterable[Section]) -> str:
    """One JSON object per directive, one per line, in the order given."""
    counts = Counter(s.directive.source for s in sections)
    return "\n".join(
        json.dumps(directive_record(d, counts[d.source]), ensure_ascii=False) for d in directives
    )


def readable(text: str) -> bool:
    """Whether a text layer reads as Vietnamese (enough of its words carry diacritics)."""
    words = [w for w in text.split() if any(ch.isalpha() for ch in w)]
    if not words:
        return False
    accented = sum(1 for w in words if _accented(w))
    return accented / len(words) >= _MIN_ACCENTED


def _accented(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word)
    return "đ" in word.lower() or any(unicodedata.combining(ch) for ch in decomposed)


@dataclass(frozen=True)
class Mismatch:
    """One field of one document that differs from what the document states."""

    document: str
    field: str
    expected: str | None
    got: str | None


@dataclass(frozen=True)
class MetadataScore:
    """Per-field accuracy and the share of documents with every field right."""

    documents: int
    right: dict[str, int]
    all_right: int
    mismatches: tuple[Mismatch, ...] = field(default_factory=tuple)
    skipped: tuple[str, ...] = ()

    def accuracy(self, name: str) -> float:
        """Share of the scored documents whose field `name` is right."""
        return self.right[name] / self.documents if self.documents else 0.0

    @property
    def overall(self) -> float:
        """Share of the scored documents with every field right."""
        return self.all_right / self.documents if self.documents else 0.0

    @property
    def worst(self) -> float:
        """The lowest per-field accuracy."""
        return min(self.accuracy(name) for name in self.right) if self.right else 0.0

    def render(self) -> str:
        """A report: per-field accuracy, the overall share, then every mismatch."""
        lines = [f"documents scored: {self.documents} (skipped: {', '.join(self.skipped) or '-'})"]
        lines += [f"  {name:<9} {self.accuracy(name):6.1%}" for name in self.right]
        lines.append(f"  {'all':<9} {self.overall:6.1%}")
        for m in self.mismatches:
            lines.append(
                f"MISMATCH {m.document} {m.field}: expected {m.expected!r}, got {m.got!r}"
            )
        return "\n".join(lines)


def score_metadata(
    expected: Mapping[str, Mapping[str, str | None]],
    records: Mapping[str, Mapping[str, str | None]],
    skipped: Iterable[str] = (),
) -> MetadataScore:
    """Compare records (by document name) with the expected metadata, field by field; the
    documents skipped (unreadable) and those without a record are not scored."""
    skipped = tuple(skipped)
    names = [n for n in expected if n not in skipped and n in records]
    missing = tuple(n for n in expected if n not in skipped and n not in records)
    right = {name: 0 for name in SCORED}
    mismatches, all_right = [], 0
    for doc in names:
        wrong = [
            f for f in SCORED if f in expected[doc] and records[doc].get(f) != expected[doc][f]
        ]
        for f in SCORED:
            right[f] += f not in wrong
        all_right += not wrong
        mismatches += [Mismatch(doc, f, expected[doc][f], records[doc].get(f)) for f in wrong]
    return MetadataScore(len(names), right, all_right, tuple(mismatches), skipped + missing)
