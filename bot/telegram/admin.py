"""What administrators can do: add a directive by sending its file, /reload the documents
folder, read /thongke. Every attempt, allowed or not, goes to the audit log; a refused one
changes nothing and downloads nothing."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.citations import directive_line
from bot.errors import BotError, DocumentError
from bot.library import Added, Duplicate
from bot.telegram.sending import reply
from bot.telegram.services import Services

logger = logging.getLogger(__name__)

_MB = 1024 * 1024


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
        result, text = await self._add(context, document.file_id, name, limit)
        await self._finish(update, context, "upload", name, result, text)

    async def _add(
        self, context: ContextTypes.DEFAULT_TYPE, file_id: str, name: str, limit: float
    ) -> tuple[str, str]:
        """Download and add a file: (the audit log's result, the reply)."""
        messages = self.services.messages
        try:
            file = await context.bot.get_file(file_id)
            data = bytes(await file.download_as_bytearray())
            if len(data) > limit * _MB:  # the size Telegram announced was wrong
                raise DocumentError(name, f"tệp lớn hơn giới hạn {limit:g} MB")
            added = await self.services.library.add(data, name)
        except Duplicate as exc:
            text = messages.html("upload_duplicate", file=exc.existing)
            return f"failed: duplicate of {exc.existing}", text
        except BotError as exc:
            return f"failed: {exc}", messages.html("upload_failed", reason=str(exc))
        except Exception as exc:  # download or build failed; the file was taken out again
            logger.exception("upload of %s failed", name)
            reason = messages.get("upload_error")
            text = messages.html("upload_failed", reason=reason)
            return f"failed: {type(exc).__name__}: {exc}", text
        return f"ok: saved as {added.file}, {added.report.version}", self._describe(added, name)

    async def reload(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Rebuild the index from documents/ while answering from the current one."""
        if not await self._admitted(update, context, "reload"):
            return
        messages, library = self.services.messages, self.services.library
        old = library.index.version
        await self._reply(update, context, messages.html("reload_started", version=old))
        try:
            report = await library.reload()
        except BotError as exc:
            text = messages.html("reload_failed", version=old, reason=str(exc))
            await self._finish(update, context, "reload", None, f"failed: {exc}", text)
            return
        done = messages.html(
            "reload_done",
            version=report.version,
            documents=report.documents,
            sections=report.sections,
            embedded=report.embedded,
            reused=report.reused,
        )
        skipped = [messages.html("reload_skipped", reason=error) for error in report.errors]
        text = "\n".join([done, *skipped])
        await self._finish(update, context, "reload", None, f"ok: {old} -> {report.version}", text)

    async def thongke(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Questions per day, the questions that found nothing, and the votes."""
        if not await self._admitted(update, context, "stats"):
            return
        messages, index = self.services.messages, self.services.library.index
        stats = self.services.store.stats()
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
        text = messages.html(
            "upload_done",
            version=added.report.version,
            directive=directive_line(added.directive, messages),
            subject=added.directive.subject or unknown,
            sections=added.sections,
            agencies=", ".join(added.agencies) or unknown,
        )
        if added.renamed:
            text += "\n" + messages.html("upload_renamed", name=sent_as, file=added.file)
        if added.unstructured:
            text += "\n" + messages.html("upload_unstructured")
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
        self._audit(update, action, target, "refused: not an administrator")
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
        self._audit(update, action, target, result)
        await self._reply(update, context, text)

    def _audit(self, update: Update, action: str, target: str | None, result: str) -> None:
        user, chat = update.effective_user, update.effective_chat
        self.services.store.audit(
            user.id if user else None,
            user.username if user else None,
            chat.id if chat else None,
            action,
            target,
            result,
        )
        logger.info("audit: %s %s by %s: %s", action, target or "", _user(update), result)

    async def _reply(self, update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
        await reply(update, context.bot, text, self.services.settings.telegram.send_retries)


def _user(update: Update) -> str:
    user = update.effective_user
    return f"{user.id} (@{user.username})" if user else "?"


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit].rstrip() + "…"
