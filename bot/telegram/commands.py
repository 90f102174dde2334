"""The administrators' commands: /reload rebuilds the index from the documents folder while
the current one keeps answering (the files it skipped named, bounded); /thongke reports the
questions per day, those the current index still cannot answer, the latest 👎 and the votes,
and `/thongke csv` sends the question log."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.answering import retrieve
from bot.errors import BotError
from bot.statistics import questions_csv, still_unanswered
from bot.telegram.curation import chat_and_user
from bot.telegram.desk import Desk, printable, user_label
from bot.telegram.sending import Blocked, deliver

logger = logging.getLogger(__name__)

_MAX_SKIPPED = 10  # unreadable files named in a /reload reply; the rest are counted
_CANDIDATES = 40  # logged "not found" questions re-checked against the current index
_UNANSWERED = 10  # still unanswered questions shown


class Commands:
    """/reload and /thongke."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.services = desk.services

    async def reload(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Rebuild the index from documents/ while answering from the current one."""
        desk = self.desk
        if not await desk.admitted(update, context, "reload"):
            return
        messages, library = self.services.messages, self.services.library
        old = library.index.version
        await desk.reply(update, context, messages.html("reload_started", version=old))
        try:
            report = await library.reload()
        except Exception as exc:  # a full or read-only index/ too: audited, the old one serves
            if not isinstance(exc, BotError):
                logger.exception("reload failed")
            reason = str(exc) if isinstance(exc, BotError) else messages.get("reload_error")
            text = messages.html("reload_failed", version=old, reason=reason)
            result = f"failed: {type(exc).__name__}: {exc}"
            await desk.finish(update, context, "reload", None, result, text)
            alert = messages.html(
                "alert_reload_failed", user=user_label(update), version=old, reason=reason
            )
            await desk.alert(context.bot, alert, skip=chat_and_user(update)[0])
            await desk.check_disk(context.bot)
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
        await desk.finish(update, context, "reload", None, f"ok: {old} -> {report.version}", text)
        await desk.check_disk(context.bot)

    async def thongke(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Questions per day, the questions the current index still cannot answer, the latest
        👎 with their reason, the votes; `/thongke csv`: the question log as a file."""
        if not await self.desk.admitted(update, context, "stats"):
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
        await self.desk.finish(update, context, "stats", None, "ok", "\n".join(lines))

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
                self.desk.retries,
                "send question log",
            )
        await self.desk.audit(update, "stats", "csv", f"ok: {len(rows)} questions")


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit].rstrip() + "…"
