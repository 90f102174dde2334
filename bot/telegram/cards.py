"""A directive's card, opened from /vanban's numbered buttons, and what its buttons do: send
the original file, replace it with the next file sent, correct a field (the value is the
administrator's next message), retire it to the archive; and the archive, whose entries can be
restored (read again and saved as an upload is)."""

from __future__ import annotations

import asyncio

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.citations import directive_line, format_date
from bot.corrections import FIELDS
from bot.errors import BotError
from bot.library import AlreadyRestored
from bot.telegram.curation import (
    Awaited,
    button,
    card_buttons,
    card_text,
    chat_and_user,
    field_buttons,
    local_time,
    uploader,
)
from bot.telegram.desk import Desk
from bot.telegram.sending import deliver
from bot.telegram.uploads import Uploads
from bot.types import Directive

_ARCHIVE_SHOWN = 10  # archived files listed, newest first


class Cards:
    """Directive cards, their actions, the archive."""

    def __init__(self, desk: Desk, uploads: Uploads) -> None:
        self.desk = desk
        self.services = desk.services
        self.uploads = uploads

    async def card(self, update: Update, context: ContextTypes.DEFAULT_TYPE, key: str) -> None:
        """A directive's card with its buttons."""
        directive = await self.desk.directive(update, context, key)
        if directive is None:
            return
        library, messages = self.services.library, self.services.messages
        text = card_text(
            directive,
            len(library.sections_of(directive.source)),
            await asyncio.to_thread(library.corrections_of, directive.source),
            messages,
        )
        await self.desk.reply(update, context, text, card_buttons(key, messages))

    async def original(self, update: Update, context: ContextTypes.DEFAULT_TYPE, key: str) -> None:
        """The directive's file, as a document."""
        directive = await self.desk.directive(update, context, key)
        chat = update.effective_chat
        if directive is None or chat is None:
            return
        path = self.services.library.original(directive.source)
        data = await asyncio.to_thread(path.read_bytes)
        caption = directive_line(directive, self.services.messages)
        await deliver(
            lambda: context.bot.send_document(
                chat.id, data, filename=directive.source, caption=caption[:1024]
            ),
            self.desk.retries,
            "send original",
        )
        await self.desk.audit(update, "original", directive.source, "ok: sent")

    async def await_file(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, key: str
    ) -> None:
        """The administrator's next file replaces this directive."""
        directive = await self.desk.directive(update, context, key)
        if directive is None:
            return
        self.desk.conversations.expect(*chat_and_user(update), Awaited(directive.source))
        messages = self.services.messages
        line = directive_line(directive, messages)
        await self.desk.reply(
            update, context, messages.html("upload_replace_waiting", directive=line)
        )

    async def ask_retire(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, key: str
    ) -> None:
        """Retire this directive? (one confirming button)"""
        directive = await self.desk.directive(update, context, key)
        if directive is None:
            return
        messages = self.services.messages
        text = messages.html("retire_ask", directive=directive_line(directive, messages))
        markup = InlineKeyboardMarkup(
            [[button(messages.get("button_retire_confirm"), f"a:T:{key}")]]
        )
        await self.desk.reply(update, context, text, markup)

    async def retire(self, update: Update, context: ContextTypes.DEFAULT_TYPE, key: str) -> None:
        """Take the directive out of the library; its file goes to the archive."""
        desk = self.desk
        directive = await desk.directive(update, context, key)
        if directive is None:
            return
        messages, library = self.services.messages, self.services.library
        try:
            retired = await library.retire(directive.source, uploader(update))
        except Exception as exc:
            result, text = self.uploads.failure(directive.source, exc)
            await desk.finish(update, context, "retire", directive.source, result, text)
            return
        text = messages.html(
            "retire_done",
            directive=directive_line(directive, messages),
            version=retired.report.version,
            file=directive.source,
        )
        result = f"ok: archived as {retired.archived.id}, {retired.report.version}"
        await desk.finish(update, context, "retire", directive.source, result, text)
        await asyncio.to_thread(library.reported, retired.upload_id)

    async def choose_field(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, key: str
    ) -> None:
        """Which field to correct (one button each)."""
        directive = await self.desk.directive(update, context, key)
        if directive is None:
            return
        messages = self.services.messages
        text = messages.html("correct_choose", directive=directive_line(directive, messages))
        await self.desk.reply(update, context, text, field_buttons(key, messages))

    async def await_value(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, key: str, name: str
    ) -> None:
        """The administrator's next message is the field's new value."""
        directive = await self.desk.directive(update, context, key)
        if directive is None or name not in FIELDS:
            return
        self.desk.conversations.expect(*chat_and_user(update), Awaited(directive.source, name))
        messages = self.services.messages
        current = getattr(directive, FIELDS[name]) or messages.get("unknown")
        if name == "date" and directive.date:
            current = format_date(directive.date)
        text = messages.html("correct_ask", field=messages.get(f"field_{name}"), current=current)
        await self.desk.reply(update, context, text)

    async def value(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
        """An administrator's text that answers "send the new value": the correction is
        stored and applied. False when the text was not awaited (it is a question)."""
        desk = self.desk
        message = update.effective_message
        if not self.services.is_admin(update) or message is None or not message.text:
            return False
        awaited = desk.conversations.expected(*chat_and_user(update), file=False)
        if awaited is None:
            return False
        messages, library = self.services.messages, self.services.library
        target = f"{awaited.file} {awaited.key}"
        try:
            report = await library.correct(awaited.file, awaited.key, message.text)
        except BotError as exc:
            text = messages.html("action_failed", reason=str(exc))
            await desk.finish(update, context, "correct", target, f"failed: {exc}", text)
            return True
        directive = next(d for d in report.index.directives if d.source == awaited.file)
        text = messages.html(
            "correct_done",
            field=messages.get(f"field_{awaited.key}"),
            version=report.version,
            directive=directive_line(directive, messages),
        )
        result = f"ok: {awaited.key} = {message.text.strip()!r}, {report.version}"
        await desk.finish(update, context, "correct", target, result, text)
        return True

    async def archive(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The archived files that can be restored, newest first, a button each."""
        messages = self.services.messages
        kept = (await asyncio.to_thread(self.services.library.restorable))[:_ARCHIVE_SHOWN]
        if not kept:
            await self.desk.reply(update, context, messages.html("archive_empty"))
            return
        lines = [messages.html("archive_header")]
        buttons = []
        for n, entry in enumerate(kept, start=1):
            directive = Directive.from_dict(entry.directive) if entry.directive else None
            line = directive_line(directive, messages) if directive else entry.file
            action = messages.get(f"archive_{entry.action}")
            lines.append(
                messages.html(
                    "archive_item", n=n, directive=line, action=action, at=local_time(entry.at)
                )
            )
            buttons.append(button(messages.get("button_restore_n", n=n), f"a:R:{entry.id}"))
        rows = [buttons[i : i + 5] for i in range(0, len(buttons), 5)]
        await self.desk.reply(update, context, "\n".join(lines), InlineKeyboardMarkup(rows))

    async def restore(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, archive_id: str
    ) -> None:
        """Read an archived file again and save it (or ask first, as for an upload); audited
        once it is saved, asked about or cancelled."""
        desk = self.desk
        try:
            upload = await self.services.library.restore(archive_id)
        except AlreadyRestored as exc:
            text = self.services.messages.html("archive_restored", file=exc.entry.restored_as)
            result = f"failed: restored already as {exc.entry.restored_as}"
            await desk.finish(update, context, "restore", archive_id, result, text)
            return
        except Exception as exc:
            result, text = self.uploads.failure(archive_id, exc)
            await desk.finish(update, context, "restore", archive_id, result, text)
            return
        await self.uploads.decide(update, context, upload)
