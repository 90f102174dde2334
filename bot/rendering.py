"""Answer → terminal text or a JSON line (shared/EVAL.md). Pure."""

from __future__ import annotations

import json

from bot.answering import citation_line
from bot.messages import Messages
from bot.types import Answer, Directive


def render_text(answer: Answer, messages: Messages) -> str:
    """The answer as a person reads it in a terminal: text, then numbered sources."""
    lines = [answer.text]
    if answer.found and answer.citations:
        lines += ["", messages.get("sources")]
        lines += [
            f"[{n}] {citation_line(c.section, messages)}"
            for n, c in enumerate(answer.citations, start=1)
        ]
    return "\n".join(lines)


def render_json(answer: Answer) -> str:
    """One JSON object on one line."""
    return json.dumps(answer.to_json(), ensure_ascii=False)


def render_directives(directives: list[Directive]) -> str:
    """The indexed directives, one block each, newest first."""
    blocks = []
    for d in sorted(directives, key=lambda d: d.date or d.published or "", reverse=True):
        fields = [
            ("Tệp", d.source),
            ("Loại", d.doc_type),
            ("Số", d.number),
            ("Ngày", d.date),
            ("Cơ quan ban hành", d.issuer),
            ("Tỉnh", d.province),
            ("Trích yếu", d.subject),
            ("Người ký", d.signer),
        ]
        blocks.append("\n".join(f"{k}: {v if v else '—'}" for k, v in fields))
    return "\n\n".join(blocks)
