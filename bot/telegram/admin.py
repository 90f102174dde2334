"""What administrators can do: add a directive by sending its file (or a photo), replace,
retire, restore and correct one from /vanban's buttons, /reload the documents folder, read
/thongke. Every attempt, allowed or not, goes to the audit log; a refused one changes nothing
and downloads nothing. Replies that list things (agencies, skipped files, unanswered
questions) are bounded and split into messages that fit. A failed upload or reload, and a disk
running low, are told to every administrator in private."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Awaitable, Callable
from datetime import date

from telegram import Bot, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.answering import retrieve
from bot.citations import directive_line, format_date
from bot.corrections import FIELDS
from bot.errors import BotError, DocumentError
from bot.library import Added, AlreadyRestored, Duplicate, Upload
from bot.messages import shipped_text
from bot.rendering import TELEGRAM_LIMIT, telegram_length
from bot.statistics import questions_csv, still_unanswered
from bot.telegram.curation import (
    LOCAL_TIME,
    Awaited,
    Conversations,
    Pending,
    button,
    card_buttons,
    card_text,
    chat_and_user,
    describe_changes,
    field_buttons,
    local_time,
    question_markup,
    question_text,
    relations_of,
    unread_buttons,
    unread_fields,
    uploader,
)
from bot.telegram.sending import Blocked, deliver, send_parts
from bot.telegram.services import Services
from bot.types import Directive
from bot.uploads import ADDED, LOST, RETIRE, Entry, Uploader

logger = logging.getLogger(__name__)

_MB = 1024 * 1024
_MAX_AGENCIES = 30  # named in an upload's reply; the rest are counted
_MAX_SKIPPED = 10  # unreadable files named in a /reload reply; the rest are counted
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
_ARCHIVE_SHOWN = 10  # archived files listed, newest first
_CANDIDATES = 40  # logged "not found" questions re-checked against the current index
_UNANSWERED = 10  # still unanswered questions shown


class AdminHandlers:
    """Handlers that change or inspect what the bot answers from."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.conversations = Conversations()
        self._disk_alerted: set[str] = set()

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
        if not await self._admitted(update, context, "upload", name):
            return
        messages = self.services.messages
        limit = self.services.settings.telegram.max_upload_mb
        if size > limit * _MB:  # checked before anything is downloaded
            text = messages.html(
                "upload_too_big", name=name, size=f"{size / _MB:.1f}", limit=f"{limit:g}"
            )
            await self._finish(update, context, "upload", name, "failed: too large", text)
            return
        await self._reply(update, context, messages.html("upload_working", name=name))
        try:
            file = await context.bot.get_file(file_id)
            data = bytes(await file.download_as_bytearray())
            if len(data) > limit * _MB:  # the size Telegram announced was wrong
                raise DocumentError(name, shipped_text("upload_over_limit", limit=f"{limit:g}"))
            upload = await self.services.library.prepare(data, name, photo_day=photo_day)
        except Exception as exc:
            result, text = self._failure(name, exc)
            await self._finish(update, context, "upload", name, result, text)
            await self._alert_failure(update, context, name, exc)
            return
        chat_id, user_id = chat_and_user(update)
        awaited = self.conversations.expected(chat_id, user_id, file=True)
        await self._decide(update, context, upload, awaited.file if awaited else None)

    async def _decide(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        upload: Upload,
        replaces: str | None = None,
    ) -> None:
        """Save a read file at once, or hold it and ask (replace / keep both / cancel)."""
        if replaces is None and (upload.matches or upload.doubtful):
            chat_id, _ = chat_and_user(update)
            pending_id = self.conversations.hold(Pending(upload, chat_id, uploader(update)))
            why = ", ".join(
                [f"{how.replace('_', ' ')}: {d.source}" for d, how in relations_of(upload)]
                + ["no header"] * upload.headerless
                + ["not Vietnamese"] * upload.foreign
            )
            await self._audit(update, _action(upload), upload.sent_as, f"asked: {why}")
            text = question_text(upload, self.services.messages)
            markup = question_markup(pending_id, upload, self.services.messages)
            await self._reply(update, context, text, markup)
            return
        await self._save(update, context, upload, replaces)

    async def _save(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        upload: Upload,
        replaces: str | None,
        who: Uploader | None = None,
    ) -> None:
        """Save, index and report a file (replacing another one, archived first)."""
        action = _action(upload, replaces)
        target = f"{replaces} <- {upload.sent_as}" if replaces else upload.sent_as
        library = self.services.library
        try:
            added = await library.save(upload, who or uploader(update), replaces)
        except Exception as exc:
            result, text = self._failure(upload.sent_as, exc)
            await self._finish(update, context, action, target, result, text)
            await self._alert_failure(update, context, upload.sent_as, exc)
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
        await self._finish(update, context, action, target, result, text, markup)
        await asyncio.to_thread(library.reported, added.upload_id)
        await self.check_disk(context.bot)

    def _failure(self, name: str, exc: Exception) -> tuple[str, str]:
        """The audit log's result and the reply for a failed upload."""
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

    # Buttons and answers ----------------------------------------------------------------------

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Administrators' buttons: answers about a file, directive cards and their actions."""
        query = update.callback_query
        if query is None or not query.data:
            return
        verb, *args = query.data.split(":")[1:]
        with contextlib.suppress(TelegramError):
            await query.answer()
        if not await self._admitted(update, context, f"button {verb}"):
            return
        # each takes the update, the context and the button's own arguments (strings)
        actions: dict[str, Callable[..., Awaitable[None]]] = {
            "u": self._answered,
            "d": self._card,
            "o": self._original,
            "s": self._await_file,
            "t": self._ask_retire,
            "T": self._retire,
            "f": self._choose_field,
            "F": self._await_value,
            "h": self._archive,
            "R": self._restore,
        }
        if verb in actions:
            await actions[verb](update, context, *args)

    async def value(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
        """An administrator's text that answers "send the new value": the correction is
        stored and applied. False when the text was not awaited (it is a question)."""
        message = update.effective_message
        if not self.services.is_admin(update) or message is None or not message.text:
            return False
        awaited = self.conversations.expected(*chat_and_user(update), file=False)
        if awaited is None:
            return False
        messages, library = self.services.messages, self.services.library
        target = f"{awaited.file} {awaited.key}"
        try:
            report = await library.correct(awaited.file, awaited.key, message.text)
        except BotError as exc:
            text = messages.html("action_failed", reason=str(exc))
            await self._finish(update, context, "correct", target, f"failed: {exc}", text)
            return True
        directive = next(d for d in report.index.directives if d.source == awaited.file)
        text = messages.html(
            "correct_done",
            field=messages.get(f"field_{awaited.key}"),
            version=report.version,
            directive=directive_line(directive, messages),
        )
        result = f"ok: {awaited.key} = {message.text.strip()!r}, {report.version}"
        await self._finish(update, context, "correct", target, result, text)
        return True

    async def _answered(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, pending_id: str, choice: str
    ) -> None:
        """Replace n / keep both (index anyway) / cancel, for a file held until answered."""
        messages = self.services.messages
        pending = self.conversations.take(pending_id, chat_and_user(update)[0])
        if pending is None:
            await self._reply(update, context, messages.html("pending_gone"))
            return
        name = pending.upload.sent_as
        if choice == "x":
            text = messages.html("upload_cancelled", name=name)
            await self._finish(update, context, _action(pending.upload), name, "cancelled", text)
            return
        replaces = None
        if choice.startswith("r"):
            replaces = pending.upload.matches[int(choice[1:]) - 1].source
        await self._reply(update, context, messages.html("upload_working", name=name))
        await self._save(update, context, pending.upload, replaces, pending.who)

    async def _card(self, update: Update, context: ContextTypes.DEFAULT_TYPE, key: str) -> None:
        directive = await self._directive(update, context, key)
        if directive is None:
            return
        library, messages = self.services.library, self.services.messages
        text = card_text(
            directive,
            len(library.sections_of(directive.source)),
            await asyncio.to_thread(library.corrections_of, directive.source),
            messages,
        )
        await self._reply(update, context, text, card_buttons(key, messages))

    async def _original(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, key: str
    ) -> None:
        directive = await self._directive(update, context, key)
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
            self._retries,
            "send original",
        )
        await self._audit(update, "original", directive.source, "ok: sent")

    async def _await_file(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, key: str
    ) -> None:
        directive = await self._directive(update, context, key)
        if directive is None:
            return
        self.conversations.expect(*chat_and_user(update), Awaited(directive.source))
        messages = self.services.messages
        line = directive_line(directive, messages)
        await self._reply(update, context, messages.html("upload_replace_waiting", directive=line))

    async def _ask_retire(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, key: str
    ) -> None:
        directive = await self._directive(update, context, key)
        if directive is None:
            return
        messages = self.services.messages
        text = messages.html("retire_ask", directive=directive_line(directive, messages))
        markup = InlineKeyboardMarkup(
            [[button(messages.get("button_retire_confirm"), f"a:T:{key}")]]
        )
        await self._reply(update, context, text, markup)

    async def _retire(self, update: Update, context: ContextTypes.DEFAULT_TYPE, key: str) -> None:
        directive = await self._directive(update, context, key)
        if directive is None:
            return
        messages, library = self.services.messages, self.services.library
        try:
            retired = await library.retire(directive.source, uploader(update))
        except Exception as exc:
            result, text = self._failure(directive.source, exc)
            await self._finish(update, context, "retire", directive.source, result, text)
            return
        text = messages.html(
            "retire_done",
            directive=directive_line(directive, messages),
            version=retired.report.version,
            file=directive.source,
        )
        result = f"ok: archived as {retired.archived.id}, {retired.report.version}"
        await self._finish(update, context, "retire", directive.source, result, text)
        await asyncio.to_thread(library.reported, retired.upload_id)

    async def _choose_field(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, key: str
    ) -> None:
        directive = await self._directive(update, context, key)
        if directive is None:
            return
        messages = self.services.messages
        text = messages.html("correct_choose", directive=directive_line(directive, messages))
        await self._reply(update, context, text, field_buttons(key, messages))

    async def _await_value(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, key: str, name: str
    ) -> None:
        directive = await self._directive(update, context, key)
        if directive is None or name not in FIELDS:
            return
        self.conversations.expect(*chat_and_user(update), Awaited(directive.source, name))
        messages = self.services.messages
        current = getattr(directive, FIELDS[name]) or messages.get("unknown")
        if name == "date" and directive.date:
            current = format_date(directive.date)
        text = messages.html("correct_ask", field=messages.get(f"field_{name}"), current=current)
        await self._reply(update, context, text)

    async def _archive(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        messages = self.services.messages
        kept = (await asyncio.to_thread(self.services.library.restorable))[:_ARCHIVE_SHOWN]
        if not kept:
            await self._reply(update, context, messages.html("archive_empty"))
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
        await self._reply(update, context, "\n".join(lines), InlineKeyboardMarkup(rows))

    async def _restore(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, archive_id: str
    ) -> None:
        """Read an archived file again and save it (or ask first, as for an upload); audited
        once it is saved, asked about or cancelled."""
        try:
            upload = await self.services.library.restore(archive_id)
        except AlreadyRestored as exc:
            text = self.services.messages.html("archive_restored", file=exc.entry.restored_as)
            result = f"failed: restored already as {exc.entry.restored_as}"
            await self._finish(update, context, "restore", archive_id, result, text)
            return
        except Exception as exc:
            result, text = self._failure(archive_id, exc)
            await self._finish(update, context, "restore", archive_id, result, text)
            return
        await self._decide(update, context, upload)

    async def _directive(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, key: str
    ) -> Directive | None:
        """The served directive a button names; None (and the user told) when it is gone."""
        directive = self.services.library.find(key)
        if directive is None:
            await self._reply(update, context, self.services.messages.html("pending_gone"))
        return directive

    # Alerts ---------------------------------------------------------------------------------

    async def _alert_failure(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, name: str, exc: Exception
    ) -> None:
        """Tell the other administrators that an upload failed (not for a duplicate)."""
        if isinstance(exc, Duplicate):
            return
        messages = self.services.messages
        reason = str(exc) if isinstance(exc, BotError) else messages.get("upload_error")
        text = messages.html("alert_upload_failed", name=name, user=_user(update), reason=reason)
        await self.alert(context.bot, text, skip=chat_and_user(update)[0])

    async def alert(self, bot: Bot, text: str, skip: int | None = None) -> None:
        """A private message to every administrator (but the chat `skip`, told already)."""
        for admin_id in self.services.settings.telegram.admins:
            if admin_id == skip:
                continue
            try:
                await send_parts(bot, admin_id, split_lines(text), self._retries)
            except TelegramError as exc:  # an admin who never opened a chat with the bot
                logger.info("alert to %s not sent: %s", admin_id, exc)

    async def check_disk(self, bot: Bot) -> None:
        """Alert the administrators once when the disk holding documents/ or index/ runs low
        (again only after it has recovered)."""
        messages, settings = self.services.messages, self.services.settings
        limit = settings.telegram.alert_free_mb
        low_disks = await asyncio.to_thread(self.services.library.low_disk, limit)
        for what, path, free in low_disks:
            if str(path) in self._disk_alerted:
                continue
            self._disk_alerted.add(str(path))
            text = messages.html(
                "alert_disk", what=what, path=path, free=f"{free:.0f}", limit=f"{limit:g}"
            )
            await self.alert(bot, text)
        low = {str(path) for _, path, _ in low_disks}
        self._disk_alerted &= low

    async def reload(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Rebuild the index from documents/ while answering from the current one."""
        if not await self._admitted(update, context, "reload"):
            return
        messages, library = self.services.messages, self.services.library
        old = library.index.version
        await self._reply(update, context, messages.html("reload_started", version=old))
        try:
            report = await library.reload()
        except Exception as exc:  # a full or read-only index/ too: audited, the old one serves
            if not isinstance(exc, BotError):
                logger.exception("reload failed")
            reason = str(exc) if isinstance(exc, BotError) else messages.get("reload_error")
            text = messages.html("reload_failed", version=old, reason=reason)
            result = f"failed: {type(exc).__name__}: {exc}"
            await self._finish(update, context, "reload", None, result, text)
            alert = messages.html(
                "alert_reload_failed", user=_user(update), version=old, reason=reason
            )
            await self.alert(context.bot, alert, skip=chat_and_user(update)[0])
            await self.check_disk(context.bot)
            return
        done = messages.html(
            "reload_done",
            version=report.version,
            documents=report.documents,
            sections=report.sections,
            embedded=report.embedded,
            reused=report.reused,
        )
        skipped = [
            messages.html("reload_skipped", reason=error) for error in report.errors[:_MAX_SKIPPED]
        ]
        if len(report.errors) > _MAX_SKIPPED:
            more = len(report.errors) - _MAX_SKIPPED
            skipped.append(messages.html("reload_skipped_more", count=more))
        text = "\n".join([done, *skipped])
        await self._finish(update, context, "reload", None, f"ok: {old} -> {report.version}", text)
        await self.check_disk(context.bot)

    async def thongke(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Questions per day, the questions the current index still cannot answer, the latest
        👎 with their reason, the votes; `/thongke csv`: the question log as a file."""
        if not await self._admitted(update, context, "stats"):
            return
        if [a.lower() for a in context.args or []] == ["csv"]:
            await self._send_log(update, context)
            return
        services = self.services
        messages, index = services.messages, services.library.index
        stats = await services.store.stats(unanswered=_CANDIDATES)

        def answered(question: str) -> bool:
            try:
                args = (index, services.embedder, services.settings, messages)
                return retrieve(question, *args).found
            except Exception:  # a question the engine cannot read is still unanswered
                logger.exception("re-checking %r failed", printable(question))
                return False

        loop = asyncio.get_running_loop()
        unanswered = await loop.run_in_executor(
            services.retrieval, still_unanswered, stats.unanswered, answered, _UNANSWERED
        )
        lines = [
            messages.html("stats_header", version=index.version, documents=len(index.directives))
        ]
        if not stats.per_day:
            lines.append(messages.html("stats_empty"))
        lines += [
            messages.html("stats_day", day=day, questions=total, missing=missing)
            for day, total, missing in stats.per_day
        ]
        if unanswered:
            lines += ["", messages.html("stats_missing")]
            lines += [
                messages.html("stats_missing_item", question=_short(question), times=times)
                for question, times in unanswered
            ]
        if stats.downvoted:
            lines += ["", messages.html("stats_down")]
            lines += [
                messages.html("stats_down_item", question=_short(q), reason=self._reason(r))
                for q, r in stats.downvoted
            ]
        lines += ["", messages.html("stats_votes", up=stats.thumbs_up, down=stats.thumbs_down)]
        await self._finish(update, context, "stats", None, "ok", "\n".join(lines))

    def _reason(self, code: str | None) -> str:
        """A 👎 reason's label."""
        try:
            return self.services.messages.get(f"reason_{code or 'none'}")
        except KeyError:
            return code or ""

    async def _send_log(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The question log as a CSV file."""
        chat = update.effective_chat
        if chat is None:
            return
        rows = await self.services.store.questions()
        data = questions_csv(rows)
        caption = self.services.messages.get("stats_csv_caption", count=len(rows))
        with contextlib.suppress(Blocked):
            await deliver(
                lambda: context.bot.send_document(
                    chat.id, data, filename="cau-hoi.csv", caption=caption
                ),
                self._retries,
                "send question log",
            )
        await self._audit(update, "stats", "csv", f"ok: {len(rows)} questions")

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

    async def _admitted(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        action: str,
        target: str | None = None,
    ) -> bool:
        """Administrators pass; anyone else is refused politely and the attempt is logged."""
        if self.services.is_admin(update):
            return True
        await self._audit(update, action, target, "refused: not an administrator")
        await self._reply(update, context, self.services.messages.html("admin_only"))
        return False

    async def _finish(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        action: str,
        target: str | None,
        result: str,
        text: str,
        markup: InlineKeyboardMarkup | None = None,
    ) -> None:
        """Audit an action's outcome, then tell the administrator."""
        await self._audit(update, action, target, result)
        await self._reply(update, context, text, markup)

    async def _audit(self, update: Update, action: str, target: str | None, result: str) -> None:
        user, chat = update.effective_user, update.effective_chat
        await self.services.store.audit(
            user.id if user else None,
            user.username if user else None,
            chat.id if chat else None,
            action,
            target,
            result,
        )
        logger.info(
            "audit: %s %s by %s: %s",
            action,
            printable(target or ""),
            printable(_user(update)),
            printable(result),
        )

    async def _reply(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        text: str,
        markup: InlineKeyboardMarkup | None = None,
    ) -> None:
        """Reply with text split on line boundaries into messages Telegram accepts (the
        buttons, if any, on the last)."""
        chat, message = update.effective_chat, update.effective_message
        if chat:
            reply_to = message.message_id if message else None
            parts = split_lines(text)
            await send_parts(context.bot, chat.id, parts, self._retries, reply_to, markup)

    @property
    def _retries(self) -> int:
        return self.services.settings.telegram.send_retries

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
                    await send_parts(bot, entry.chat_id, split_lines(text), self._retries)
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


def split_lines(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """HTML text as messages within Telegram's limit, cut between lines (every line here is
    short: lists are bounded and questions shortened)."""
    parts: list[str] = []
    for line in text.split("\n"):
        if parts and telegram_length(parts[-1] + "\n" + line) <= limit:
            parts[-1] += "\n" + line
        else:
            parts.append(line)
    return [p for p in parts if p.strip()] or [text[:limit]]


def _listing(names: list[str], limit: int, more: Callable[[int], str]) -> str:
    """The first `limit` names, and how many more (`more` words the count)."""
    shown = ", ".join(names[:limit])
    if len(names) > limit:
        shown += " " + more(len(names) - limit)
    return shown


def printable(text: str) -> str:
    """Text for one log line: control characters (a newline in a file name, say) escaped, so
    nobody can forge a line in the log."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


def _username(update: Update) -> str | None:
    user = update.effective_user
    return user.username if user else None


def _user(update: Update) -> str:
    user = update.effective_user
    return f"{user.id} (@{user.username})" if user else "?"


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit].rstrip() + "…"
