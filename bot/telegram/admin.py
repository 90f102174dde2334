"""What administrators can do: add a directive by sending its file, /reload the documents
folder, read /thongke. Every attempt, allowed or not, goes to the audit log; a refused one
changes nothing and downloads nothing. Replies that list things (agencies, skipped files,
unanswered questions) are bounded and split into messages that fit."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from telegram import Bot, Update
from telegram.ext import ContextTypes

from bot.citations import directive_line
from bot.errors import BotError, DocumentError
from bot.library import Added, Duplicate
from bot.rendering import TELEGRAM_LIMIT, telegram_length
from bot.telegram.sending import send_parts
from bot.telegram.services import Services
from bot.uploads import ADDED, LOST, Entry, Uploader

logger = logging.getLogger(__name__)

_MB = 1024 * 1024
_MAX_AGENCIES = 30  # named in an upload's reply; the rest are counted
_MAX_SKIPPED = 10  # unreadable files named in a /reload reply; the rest are counted
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


class AdminHandlers:
    """Handlers that change or inspect what the bot answers from."""

    def __init__(self, services: Services) -> None:
        self.services = services

    async def upload(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A file from an administrator becomes a directive; the reply says what was read."""
        message = update.effective_message
        if message is None or message.document is None:
            return
        document = message.document
        name = document.file_name or "van-ban"
        if not await self._admitted(update, context, "upload", name):
            return
        messages = self.services.messages
        limit = self.services.settings.telegram.max_upload_mb
        size = document.file_size or 0
        if size > limit * _MB:  # checked before anything is downloaded
            text = messages.html(
                "upload_too_big", name=name, size=f"{size / _MB:.1f}", limit=f"{limit:g}"
            )
            await self._finish(update, context, "upload", name, "failed: too large", text)
            return
        await self._reply(update, context, messages.html("upload_working", name=name))
        result, text, added = await self._add(update, context, document.file_id, name, limit)
        await self._finish(update, context, "upload", name, result, text)
        if added:
            self.services.library.reported(added.upload_id)

    async def _add(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        file_id: str,
        name: str,
        limit: float,
    ) -> tuple[str, str, Added | None]:
        """Download and add a file: (the audit log's result, the reply, what it became)."""
        messages = self.services.messages
        user, chat = update.effective_user, update.effective_chat
        who = Uploader(chat.id if chat else None, user.id if user else None, _username(update))
        try:
            file = await context.bot.get_file(file_id)
            data = bytes(await file.download_as_bytearray())
            if len(data) > limit * _MB:  # the size Telegram announced was wrong
                raise DocumentError(name, f"tệp lớn hơn giới hạn {limit:g} MB")
            added = await self.services.library.add(data, name, who)
        except Duplicate as exc:
            key = "upload_duplicate" if exc.indexed else "upload_duplicate_unindexed"
            return (
                f"failed: duplicate of {exc.existing}",
                messages.html(key, file=exc.existing),
                None,
            )
        except BotError as exc:
            return f"failed: {exc}", messages.html("upload_failed", reason=str(exc)), None
        except Exception as exc:  # download or build failed; the file was taken out again
            logger.exception("upload of %s failed", printable(name))
            reason = messages.get("upload_error")
            text = messages.html("upload_failed", reason=reason)
            return f"failed: {type(exc).__name__}: {exc}", text, None
        result = f"ok: saved as {added.file}, {added.report.version}"
        return result, self._describe(added, name), added

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

    async def thongke(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Questions per day, the questions that found nothing, and the votes."""
        if not await self._admitted(update, context, "stats"):
            return
        messages, index = self.services.messages, self.services.library.index
        stats = await self.services.store.stats()
        lines = [
            messages.html("stats_header", version=index.version, documents=len(index.directives))
        ]
        if not stats.per_day:
            lines.append(messages.html("stats_empty"))
        lines += [
            messages.html("stats_day", day=day, questions=total, missing=missing)
            for day, total, missing in stats.per_day
        ]
        if stats.unanswered:
            lines += ["", messages.html("stats_missing")]
            lines += [
                messages.html("stats_missing_item", question=_short(question), times=times)
                for question, times in stats.unanswered
            ]
        lines += ["", messages.html("stats_votes", up=stats.thumbs_up, down=stats.thumbs_down)]
        await self._finish(update, context, "stats", None, "ok", "\n".join(lines))

    def _describe(self, added: Added, sent_as: str) -> str:
        messages = self.services.messages
        unknown = messages.get("unknown")

        def more_agencies(count: int) -> str:
            return messages.get("more_agencies", count=count)

        text = messages.html(
            "upload_done",
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
    ) -> None:
        """Audit an action's outcome, then tell the administrator."""
        await self._audit(update, action, target, result)
        await self._reply(update, context, text)

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

    async def _reply(self, update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
        """Reply with text split on line boundaries into messages Telegram accepts."""
        chat, message = update.effective_chat, update.effective_message
        if chat:
            reply_to = message.message_id if message else None
            await send_parts(context.bot, chat.id, split_lines(text), self._retries, reply_to)

    @property
    def _retries(self) -> int:
        return self.services.settings.telegram.send_retries

    async def report_recovered(self, bot: Bot) -> None:
        """After a restart: tell each administrator what became of an upload that was
        interrupted (by a crash, a kill or a shutdown), audit it, and forget it."""
        library, messages = self.services.library, self.services.messages
        for entry in library.notices():
            key, result = _recovered(entry)
            text = messages.html(key, name=entry.sent_as, file=entry.file, detail=entry.detail)
            await self.services.store.audit(
                entry.user_id, entry.username, entry.chat_id, "upload", entry.sent_as, result
            )
            logger.info("audit: upload %s: %s", printable(entry.sent_as), printable(result))
            try:
                if entry.chat_id is not None:
                    await send_parts(bot, entry.chat_id, split_lines(text), self._retries)
            except Exception as exc:  # a chat gone or Telegram failing must not stop serving
                logger.warning("upload notice to %s not sent: %s", entry.chat_id, exc)
            library.reported(entry.id)  # told or not, never again: it is in the audit log


def _recovered(entry: Entry) -> tuple[str, str]:
    """The message key and the audit result for an upload settled after a restart."""
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
