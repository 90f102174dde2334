"""Files in: an administrator sends a directive's file (or a photo); it is checked for size
before anything is downloaded, read, and saved at once — or first asked about (replace / keep
both / cancel) when it may be a new version of an indexed directive, has no directive header
or no Vietnamese text. The reply says what was read (the agencies named bounded); after a
restart, each administrator is told what became of an upload that was interrupted."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import date

from telegram import Bot, Update
from telegram.ext import ContextTypes

from bot.citations import directive_line
from bot.errors import BotError, DocumentError
from bot.library import Added, Duplicate, Upload
from bot.messages import shipped_text
from bot.telegram.curation import (
    LOCAL_TIME,
    Pending,
    chat_and_user,
    describe_changes,
    question_markup,
    question_text,
    relations_of,
    unread_buttons,
    unread_fields,
    uploader,
)
from bot.telegram.desk import Desk, printable, split_lines
from bot.telegram.sending import send_parts
from bot.uploads import ADDED, LOST, RETIRE, Entry, Uploader

logger = logging.getLogger(__name__)

_MB = 1024 * 1024
_MAX_AGENCIES = 30  # named in an upload's reply; the rest are counted


class Uploads:
    """Receive, ask about, save and report files."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.services = desk.services

    async def upload(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A file from an administrator becomes a directive (or is first asked about); the
        reply says what was read."""
        message = update.effective_message
        if message is None or message.document is None:
            return
        document = message.document
        name = document.file_name or "van-ban"
        await self._receive(update, context, document.file_id, name, document.file_size or 0)

    async def photo(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A photo from an administrator is read as an uploaded .jpg file."""
        message = update.effective_message
        if message is None or not message.photo:
            return
        largest = message.photo[-1]
        day = message.date.astimezone(LOCAL_TIME).date()
        name = f"anh-{day:%Y-%m-%d}.jpg"  # until it is read: then named from what it says
        size = largest.file_size or 0
        await self._receive(update, context, largest.file_id, name, size, photo_day=day)

    async def _receive(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        file_id: str,
        name: str,
        size: int,
        photo_day: date | None = None,
    ) -> None:
        """Check, download and read a file (a photo: sent that day); save it, or ask first
        when it may be a new version of an indexed directive, has no directive header or no
        Vietnamese text."""
        desk = self.desk
        if not await desk.admitted(update, context, "upload", name):
            return
        messages = self.services.messages
        limit = self.services.settings.telegram.max_upload_mb
        if size > limit * _MB:  # checked before anything is downloaded
            text = messages.html(
                "upload_too_big", name=name, size=f"{size / _MB:.1f}", limit=f"{limit:g}"
            )
            await desk.finish(update, context, "upload", name, "failed: too large", text)
            return
        await desk.reply(update, context, messages.html("upload_working", name=name))
        try:
            file = await context.bot.get_file(file_id)
            data = bytes(await file.download_as_bytearray())
            if len(data) > limit * _MB:  # the size Telegram announced was wrong
                raise DocumentError(name, shipped_text("upload_over_limit", limit=f"{limit:g}"))
            upload = await self.services.library.prepare(data, name, photo_day=photo_day)
        except Exception as exc:
            result, text = self.failure(name, exc)
            await desk.finish(update, context, "upload", name, result, text)
            await desk.alert_failure(update, context, name, exc)
            return
        chat_id, user_id = chat_and_user(update)
        awaited = desk.conversations.expected(chat_id, user_id, file=True)
        await self.decide(update, context, upload, awaited.file if awaited else None)

    async def decide(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        upload: Upload,
        replaces: str | None = None,
    ) -> None:
        """Save a read file at once, or hold it and ask (replace / keep both / cancel)."""
        if replaces is None and (upload.matches or upload.doubtful):
            chat_id, _ = chat_and_user(update)
            pending = Pending(upload, chat_id, uploader(update))
            pending_id = self.desk.conversations.hold(pending)
            why = ", ".join(
                [f"{how.replace('_', ' ')}: {d.source}" for d, how in relations_of(upload)]
                + ["no header"] * upload.headerless
                + ["not Vietnamese"] * upload.foreign
            )
            await self.desk.audit(update, _action(upload), upload.sent_as, f"asked: {why}")
            text = question_text(upload, self.services.messages)
            markup = question_markup(pending_id, upload, self.services.messages)
            await self.desk.reply(update, context, text, markup)
            return
        await self._save(update, context, upload, replaces)

    async def answered(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, pending_id: str, choice: str
    ) -> None:
        """Replace n / keep both (index anyway) / cancel, for a file held until answered."""
        desk, messages = self.desk, self.services.messages
        pending = desk.conversations.take(pending_id, chat_and_user(update)[0])
        if pending is None:
            await desk.reply(update, context, messages.html("pending_gone"))
            return
        name = pending.upload.sent_as
        if choice == "x":
            text = messages.html("upload_cancelled", name=name)
            await desk.finish(update, context, _action(pending.upload), name, "cancelled", text)
            return
        replaces = None
        if choice.startswith("r"):
            replaces = pending.upload.matches[int(choice[1:]) - 1].source
        await desk.reply(update, context, messages.html("upload_working", name=name))
        await self._save(update, context, pending.upload, replaces, pending.who)

    async def _save(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        upload: Upload,
        replaces: str | None,
        who: Uploader | None = None,
    ) -> None:
        """Save, index and report a file (replacing another one, archived first)."""
        desk = self.desk
        action = _action(upload, replaces)
        target = f"{replaces} <- {upload.sent_as}" if replaces else upload.sent_as
        library = self.services.library
        try:
            added = await library.save(upload, who or uploader(update), replaces)
        except Exception as exc:
            result, text = self.failure(upload.sent_as, exc)
            await desk.finish(update, context, action, target, result, text)
            await desk.alert_failure(update, context, upload.sent_as, exc)
            return
        text = self._describe(added, upload.sent_as, restored=bool(upload.restored_from))
        result = f"ok: saved as {added.file}, {added.report.version}"
        if upload.restored_from:
            result = (
                f"ok: from {upload.restored_from}, saved as {added.file}, {added.report.version}"
            )
        markup = None
        if unread := unread_fields(added.directive):
            messages = self.services.messages
            names = ", ".join(messages.get(f"field_{key}").lower() for key in unread)
            text += "\n" + messages.html("upload_unread", fields=names)
            markup = unread_buttons(added.directive, unread, messages)
        await desk.finish(update, context, action, target, result, text, markup)
        await asyncio.to_thread(library.reported, added.upload_id)
        await desk.check_disk(context.bot)

    def failure(self, name: str, exc: Exception) -> tuple[str, str]:
        """The audit log's result and the reply for a failed upload (or retire, restore)."""
        messages = self.services.messages
        if isinstance(exc, Duplicate):
            key = "upload_duplicate" if exc.indexed else "upload_duplicate_unindexed"
            return f"failed: duplicate of {exc.existing}", messages.html(key, file=exc.existing)
        if isinstance(exc, BotError):
            return f"failed: {exc}", messages.html("upload_failed", reason=str(exc))
        # download or build failed; the file was taken out again
        logger.error("upload of %s failed", printable(name), exc_info=exc)
        text = messages.html("upload_failed", reason=messages.get("upload_error"))
        return f"failed: {type(exc).__name__}: {exc}", text

    def _describe(self, added: Added, sent_as: str, restored: bool = False) -> str:
        """The reply to a saved file: what was added, or for a replacement what was replaced
        and what changed first, then the short description; then the notes (renamed, no
        header, OCR)."""
        messages = self.services.messages
        unknown = messages.get("unknown")

        def more_agencies(count: int) -> str:
            return messages.get("more_agencies", count=count)

        if added.replaced:
            text = describe_changes(added, messages)
        else:
            text = messages.html(
                "restore_done" if restored else "upload_done",
                version=added.report.version,
                directive=directive_line(added.directive, messages),
                subject=added.directive.subject or unknown,
                sections=added.sections,
                agencies=_listing(added.agencies, _MAX_AGENCIES, more_agencies) or unknown,
            )
        if added.renamed:
            text += "\n" + messages.html("upload_renamed", name=sent_as, file=added.file)
        if added.unstructured:
            text += "\n" + messages.html("upload_unstructured")
        if (confidence := added.directive.ocr_confidence) is not None:
            text += "\n" + messages.html("upload_ocr", confidence=f"{confidence:.0f}")
        return text

    async def report_recovered(self, bot: Bot) -> None:
        """After a restart: tell each administrator what became of an upload that was
        interrupted (by a crash, a kill or a shutdown), audit it, and forget it."""
        library, messages = self.services.library, self.services.messages
        for entry in await asyncio.to_thread(library.notices):
            key, result = _recovered(entry)
            text = messages.html(key, name=entry.sent_as, file=entry.file, detail=entry.detail)
            await self.services.store.audit(
                entry.user_id, entry.username, entry.chat_id, entry.action, entry.sent_as, result
            )
            logger.info("audit: upload %s: %s", printable(entry.sent_as), printable(result))
            try:
                if entry.chat_id is not None:
                    await send_parts(bot, entry.chat_id, split_lines(text), self.desk.retries)
            except Exception as exc:  # a chat gone or Telegram failing must not stop serving
                logger.warning("upload notice to %s not sent: %s", entry.chat_id, exc)
            # told or not, never again: it is in the audit log
            await asyncio.to_thread(library.reported, entry.id)


def _action(upload: Upload, replaces: str | None = None) -> str:
    """What saving this file is, in the audit log."""
    if upload.restored_from:
        return "restore"
    return "replace" if replaces else "upload"


def _recovered(entry: Entry) -> tuple[str, str]:
    """The message key and the audit result for an upload settled after a restart."""
    if entry.action == RETIRE:
        if entry.outcome == ADDED:
            return "retire_recovered", f"ok: retired after a restart, {entry.detail}"
        return "retire_recovered_failed", f"failed after a restart: {entry.detail}"
    if entry.outcome == ADDED:
        return "upload_recovered", f"ok: completed after a restart, {entry.detail}"
    if entry.outcome == LOST:
        return "upload_lost", "failed: interrupted before it was saved"
    return "upload_recovered_failed", f"failed after a restart: {entry.detail}"


def _listing(names: list[str], limit: int, more: Callable[[int], str]) -> str:
    """The first `limit` names, and how many more (`more` words the count)."""
    shown = ", ".join(names[:limit])
    if len(names) > limit:
        shown += " " + more(len(names) - limit)
    return shown
