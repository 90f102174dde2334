"""Citation lines: how a directive and a section are named to the user.

"Công văn số 3262/UBND-KGVX ngày 13/9/2021 của UBND tỉnh Kon Tum, mục 4". Every answer,
rendering and prompt names sources through these, so a citation reads the same everywhere.
"""

from __future__ import annotations

import re

from bot.messages import Messages
from bot.types import Directive, Section

# A stored name the project made, not the file's own ("003_7fb4cec1c8990077.txt"): it tells a
# reader nothing.
_GENERATED_NAME = re.compile(r"^\d+_[0-9a-f]{12,}\.\w+$")


def citation_line(section: Section, messages: Messages) -> str:
    """ "Công văn số 3262/UBND-KGVX ngày 13/9/2021 của UBND tỉnh Kon Tum, mục 4"; the file's
    name only when the directive has neither number nor date (and the name is its own)."""
    d = section.directive
    line = f"{directive_line(d, messages)}, {section_label(section.path, messages)}"
    if not d.number and not d.date and not _GENERATED_NAME.match(d.source):
        line += " " + messages.get("citation_file", file=d.source)
    if d.ocr_confidence is not None:  # read from a scan: its words may be misread
        line += " " + messages.get("citation_ocr")
    return line


def directive_line(d: Directive, messages: Messages) -> str:
    """ "Công văn số 3262/UBND-KGVX ngày 13/9/2021 của UBND tỉnh Kon Tum"."""
    parts = [
        messages.get("citation_document", doc_type=d.doc_type or messages.get("default_doc_type"))
    ]
    if d.number:
        parts.append(messages.get("citation_number", number=d.number))
    if d.date:
        key = {10: "citation_day", 7: "citation_month"}.get(len(d.date), "citation_year")
        parts.append(messages.get(key, date=format_date(d.date)))
    if d.issuer:
        parts.append(messages.get("citation_issuer", issuer=d.issuer))
    if not d.number and not d.date and d.published:  # a web re-publication's own date
        parts.append(messages.get("citation_published", date=format_date(d.published)))
    return " ".join(parts)


def section_label(path: str, messages: Messages) -> str:
    """ "mục 4", "mục 5.2"; paths that name themselves ("đoạn 3", "Điều 2") stay as they are."""
    if path[:1].isdigit() or re.match(r"^[IVXL]+\b", path):
        return messages.get("citation_section", section=path)
    return path


def format_date(iso: str) -> str:
    """ "2021-09-13" → "13/9/2021"; "2021-11" → "11/2021"; "2025" → "2025"."""
    parts = [int(p) for p in iso.split("-")]
    return "/".join(str(p) for p in reversed(parts))
