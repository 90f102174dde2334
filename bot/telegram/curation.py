"""Administrators keep the library right from Telegram: a file that may be a new version of an
indexed directive (or that has no directive header, or no Vietnamese text) is shown and asked
about before it is indexed; /vanban's numbered buttons open a directive's card, with its
original file, replace, correct and retire; the archive lists what can be restored.

The library does the work (bot/library.py); this module keeps what a conversation needs between
two messages — a file waiting for an answer, a directive waiting for its new file or a field
for its new value — in memory, per chat and administrator, for `_TTL` seconds. Nothing is saved
before the administrator answers, so a restart loses no file, only the question.

Button data ("a:<verb>:<arg>..."): u upload answer, d card, o original, s replace with the next
file, t/T retire (ask, confirmed), f/F correct (choose field, field chosen), h archive list,
R restore.
"""

from __future__ import annotations

import itertools
import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.changes import OLDER, Changes, relation
from bot.citations import directive_line, format_date
from bot.corrections import FIELDS
from bot.library import Added, Upload, file_key
from bot.messages import Messages
from bot.ranking import newest_first_key
from bot.types import Directive
from bot.uploads import Uploader

logger = logging.getLogger(__name__)

_TTL = 1800.0  # seconds a question about a file (or an awaited file or value) stays open
_MAX_PENDING = 20  # files waiting for an answer; the oldest is dropped beyond
_MAX_MATCHES = 3  # directives offered for replacement
_MAX_PATHS = 15  # section paths named in a change summary
_ARCHIVE_PAGE = 10
_ATTRIBUTE_FIELD = {attribute: key for key, attribute in FIELDS.items()}
_HEADER_FIELDS = ("type", "number", "date", "issuer", "subject")  # read from a directive's head
# Administrators read times in Vietnam's: UTC+7 all year (no daylight saving), so a fixed
# offset is exact and needs no time-zone database. Stored times stay in UTC.
LOCAL_TIME = timezone(timedelta(hours=7), "ICT")


@dataclass
class Pending:
    """A file read but not saved, waiting for the administrator's answer."""

    upload: Upload
    chat_id: int
    who: Uploader
    at: float = field(default_factory=time.monotonic)


@dataclass
class Awaited:
    """What an administrator's next message in a chat is for: a file replacing `file`, or the
    new value of `key` for `file`."""

    file: str
    key: str = ""  # "" : a replacement file
    at: float = field(default_factory=time.monotonic)


class Conversations:
    """Files waiting for an answer, and what each administrator's next message is for."""

    def __init__(self) -> None:
        self._pending: dict[str, Pending] = {}
        self._awaited: dict[tuple[int, int], Awaited] = {}
        self._ids = itertools.count(1)

    def hold(self, pending: Pending) -> str:
        """Keep a file until answered; its id for the buttons."""
        self._expire()
        while len(self._pending) >= _MAX_PENDING:
            self._pending.pop(next(iter(self._pending)))
        pending_id = str(next(self._ids))
        self._pending[pending_id] = pending
        return pending_id

    def take(self, pending_id: str, chat_id: int) -> Pending | None:
        """The file waiting under this id, asked about in this chat (and forget it)."""
        self._expire()
        pending = self._pending.get(pending_id)
        if pending is None or pending.chat_id != chat_id:
            return None
        return self._pending.pop(pending_id)

    def expect(self, chat_id: int, user_id: int, awaited: Awaited) -> None:
        """The administrator's next message in this chat is for `awaited`."""
        self._awaited[(chat_id, user_id)] = awaited

    def expected(self, chat_id: int, user_id: int, file: bool) -> Awaited | None:
        """What this message is for (a file, or a value), if anything; forgotten once used."""
        self._expire()
        awaited = self._awaited.get((chat_id, user_id))
        if awaited is None or (awaited.key == "") != file:
            return None
        return self._awaited.pop((chat_id, user_id))

    def _expire(self) -> None:
        now = time.monotonic()
        for token in [k for k, p in self._pending.items() if now - p.at > _TTL]:
            del self._pending[token]
        for chat_user in [k for k, a in self._awaited.items() if now - a.at > _TTL]:
            del self._awaited[chat_user]


def button(label: str, data: str) -> InlineKeyboardButton:
    """An inline button."""
    return InlineKeyboardButton(label, callback_data=data)


def ordered(directives: list[Directive]) -> list[Directive]:
    """Directives in /vanban's order (newest first)."""
    return sorted(directives, key=newest_first_key)


def page_buttons(directives: list[Directive], page: int, size: int) -> list[InlineKeyboardButton]:
    """One numbered button per directive on a /vanban page, opening its card."""
    shown = ordered(directives)[page * size : (page + 1) * size]
    return [
        button(str(n), f"a:d:{file_key(d.source)}")
        for n, d in enumerate(shown, start=page * size + 1)
    ]


def card_buttons(key: str, messages: Messages) -> InlineKeyboardMarkup:
    """A directive card's actions."""
    return InlineKeyboardMarkup(
        [
            [
                button(messages.get("button_original"), f"a:o:{key}"),
                button(messages.get("button_replace"), f"a:s:{key}"),
            ],
            [
                button(messages.get("button_correct"), f"a:f:{key}"),
                button(messages.get("button_retire"), f"a:t:{key}"),
            ],
        ]
    )


def field_buttons(key: str, messages: Messages) -> InlineKeyboardMarkup:
    """One button per correctable field."""
    labels = [button(messages.get(f"field_{name}"), f"a:F:{key}:{name}") for name in FIELDS]
    return InlineKeyboardMarkup([labels[i : i + 3] for i in range(0, len(labels), 3)])


def question_markup(pending_id: str, upload: Upload, messages: Messages) -> InlineKeyboardMarkup:
    """Replace n / keep both (or: index anyway) / cancel."""
    rows = []
    replace_row = [
        button(messages.get("button_replace_n", n=n), f"a:u:{pending_id}:r{n}")
        for n in range(1, len(upload.matches[:_MAX_MATCHES]) + 1)
    ]
    if replace_row:
        rows.append(replace_row)
    keep = "button_keep_both" if upload.matches else "button_index_anyway"
    rows.append(
        [
            button(messages.get(keep), f"a:u:{pending_id}:k"),
            button(messages.get("button_cancel"), f"a:u:{pending_id}:x"),
        ]
    )
    return InlineKeyboardMarkup(rows)


def question_text(upload: Upload, messages: Messages) -> str:
    """What was understood of a file, and what is asked about it."""
    lines = []
    if upload.doubtful:
        lines.append(messages.html("upload_doubt", name=upload.sent_as))
        if upload.headerless:
            lines.append(messages.html("upload_headerless"))
        if upload.foreign:
            lines.append(messages.html("upload_foreign"))
        d = upload.parsed.directive
        lines.append(
            messages.html(
                "upload_understood",
                directive=directive_line(d, messages),
                subject=d.subject or messages.get("unknown"),
            )
        )
        lines.append(messages.html("upload_head", head=upload.head[:600]))
    if upload.matches:
        new = upload.parsed.directive
        line = directive_line(new, messages)
        lines.append(messages.html("upload_matches", name=upload.sent_as, directive=line))
        relations = relations_of(upload)
        lines += [
            messages.html(
                f"upload_match_{how}", n=n, directive=directive_line(d, messages), file=d.source
            )
            for n, (d, how) in enumerate(relations, start=1)
        ]
        if OLDER in (how for _, how in relations):
            lines.append(messages.html("upload_older_warning"))
        lines.append(messages.html("upload_matches_ask"))
    else:
        lines.append(messages.html("upload_confirm_ask"))
    return "\n".join(lines)


def unread_fields(directive: Directive) -> list[str]:
    """The header fields (keys of FIELDS) not read from a directive whose number or date was
    not read (a scan whose header OCR could not make out, say); none when both were. A date
    without its month counts as not read."""
    dated = len(directive.date or "") >= len("2025-11")
    if directive.number and dated:
        return []
    return [
        key
        for key in _HEADER_FIELDS
        if not (dated if key == "date" else getattr(directive, FIELDS[key]))
    ]


def unread_buttons(
    directive: Directive, unread: list[str], messages: Messages
) -> InlineKeyboardMarkup:
    """One ✏️ button per field not read, each opening its correction (as on the card)."""
    key = file_key(directive.source)
    labels = [
        button(
            messages.get("button_correct_field", field=messages.get(f"field_{name}")),
            f"a:F:{key}:{name}",
        )
        for name in unread
    ]
    return InlineKeyboardMarkup([labels[i : i + 3] for i in range(0, len(labels), 3)])


def relations_of(upload: Upload) -> list[tuple[Directive, str]]:
    """The directives a file may replace (the first few), each with how the file stands to
    it: newer, older, the same number, nearly the same content (bot.changes.relation)."""
    new = upload.parsed.directive
    return [(d, relation(new, d, upload.superseded)) for d in upload.matches[:_MAX_MATCHES]]


def describe_changes(added: Added, messages: Messages) -> str:
    """A replacement's reply: what was replaced, what changed (one line each), then the
    directive's subject and size."""
    lines = [
        messages.html(
            "upload_replaced",
            directive=directive_line(added.directive, messages),
            version=added.report.version,
            old=added.replaced,
            file=added.file,
        ),
        *_change_lines(added.changes, messages),
        messages.html(
            "upload_replaced_about",
            subject=added.directive.subject or messages.get("unknown"),
            sections=added.sections,
        ),
    ]
    return "\n".join(lines)


def _change_lines(changes: Changes | None, messages: Messages) -> list[str]:
    """What a replacement changed: fields, sections added, removed, changed, deadlines."""
    if changes is None or (changes.none and not changes.deadlines):
        return [messages.html("changes_none")]
    lines = []
    for attribute, old, new in changes.metadata:
        key = _ATTRIBUTE_FIELD.get(attribute)
        if key is None:
            continue
        if key == "date":
            old, new = (format_date(v) if v else v for v in (old, new))
        unknown = messages.get("unknown")
        lines.append(
            messages.html(
                "changes_field",
                field=messages.get(f"field_{key}"),
                old=old or unknown,
                new=new or unknown,
            )
        )
    for name, paths in (
        ("changes_added", changes.added),
        ("changes_removed", changes.removed),
        ("changes_changed", changes.changed),
    ):
        if paths:
            lines.append(messages.html(name, paths=_paths(paths)))
    lines += [
        messages.html("changes_deadline", path=path, old=old, new=new)
        for path, old, new in changes.deadlines
    ]
    return lines


def card_text(
    directive: Directive, sections: int, fixed: dict[str, str], messages: Messages
) -> str:
    """A directive's card for administrators."""
    text = messages.html(
        "admin_card",
        directive=directive_line(directive, messages),
        subject=directive.subject or messages.get("unknown"),
        file=directive.source,
        sections=sections,
    )
    if fixed:
        names = ", ".join(messages.get(f"field_{key}") for key in FIELDS if key in fixed)
        text += "\n" + messages.html("admin_card_corrected", fields=names)
    return text


def local_time(utc: str) -> str:
    """A stored UTC time ("2026-12-02 16:06:56") as Vietnam reads it ("02/12/2026 23:06");
    a value that is no such time is shown as it is."""
    try:
        at = datetime.strptime(utc, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return utc
    return f"{at.astimezone(LOCAL_TIME):%d/%m/%Y %H:%M}"


def chat_and_user(update: Update) -> tuple[int, int]:
    """The update's chat and user ids (0 when absent)."""
    chat, user = update.effective_chat, update.effective_user
    return (chat.id if chat else 0, user.id if user else 0)


def uploader(update: Update) -> Uploader:
    """Who sent an update."""
    chat, user = update.effective_chat, update.effective_user
    return Uploader(
        chat.id if chat else None, user.id if user else None, user.username if user else None
    )


def _paths(paths: tuple[str, ...]) -> str:
    shown = ", ".join(paths[:_MAX_PATHS])
    return shown + (f", … (+{len(paths) - _MAX_PATHS})" if len(paths) > _MAX_PATHS else "")
