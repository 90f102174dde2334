"""A whole bot session against the test suite's fake Telegram, printed as a transcript.

    .venv/bin/python scripts/fake_session.py

Copies the shipped documents to a temporary folder, starts the fake Bot API on 127.0.0.1 and
the real Application, then plays an official, a community team in a group and an
administrator (questions, a citation button, an upload, a reload, the statistics). Nothing
leaves this machine; the repository is not touched.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.config import load_settings  # noqa: E402
from bot.embeddings import make_embedder  # noqa: E402
from bot.library import Library  # noqa: E402
from bot.messages import Messages  # noqa: E402
from bot.state import AsyncStore, Store  # noqa: E402
from bot.telegram.app import build_application, set_commands  # noqa: E402
from bot.telegram.services import Services  # noqa: E402
from tests.documents import directive_docx  # noqa: E402
from tests.fake_telegram import (  # noqa: E402
    BOT_USERNAME,
    FakeTelegram,
    callback,
    document,
    message,
    telegram_html_text,
)

ADMIN, OFFICIAL, MEMBER, GROUP = 42, 111, 222, -1001
SHOWN = 700  # characters of each reply printed


async def main() -> None:
    """Play the session and print it."""
    with tempfile.TemporaryDirectory() as tmp, FakeTelegram() as api:
        root = Path(tmp)
        shutil.copytree(REPO / "documents", root / "documents")
        (root / "config.toml").write_text(
            f'[paths]\nprompts = "{REPO / "prompts"}"\n[telegram]\nadmins = [{ADMIN}]\n'
            f'base_url = "{api.base_url}"\nbase_file_url = "{api.base_file_url}"\n',
            encoding="utf-8",
        )
        settings = load_settings(root / "config.toml")
        embedder = make_embedder(settings.embeddings)
        messages = Messages.load(settings.path("prompts"))
        store = Store(settings.path("state"))
        library = Library.open(settings, embedder)
        services = Services(settings, messages, embedder, library, AsyncStore.over(store))
        application = build_application(settings, services, "0:fake")
        updater = application.updater
        assert updater is not None, "build_application gives it an updater"
        async with application:
            await set_commands(application, services)
            await updater.start_polling(poll_interval=0, timeout=1)
            await application.start()
            await play(api)
            await updater.stop()
            await application.stop()
        store.close()


async def play(api: FakeTelegram) -> None:
    """The session itself."""
    say = Session(api)
    await say(OFFICIAL, OFFICIAL, "/start")
    await say(OFFICIAL, OFFICIAL, "Sở Thông tin và Truyền thông phải làm gì?")
    await say.press(OFFICIAL, "c:1:1", "citation button [1]")
    await say.press(OFFICIAL, "v:1:1", "👍")
    await say(GROUP, MEMBER, "Tổ COVID cộng đồng phải làm gì?", expect_reply=False)
    await say(GROUP, MEMBER, f"@{BOT_USERNAME} to covid cong dong co nhiem vu gi")
    await say(GROUP, MEMBER, "/hoi Giá vé máy bay đi Hà Nội là bao nhiêu?")
    await say(OFFICIAL, OFFICIAL, "/reload")
    await say.upload(ADMIN, "cv-ben-xe.docx", directive_docx())
    await say(OFFICIAL, OFFICIAL, "Sở Giao thông vận tải phải làm gì?")
    await say(ADMIN, ADMIN, "/reload")
    await say(ADMIN, ADMIN, "/thongke")


class Session:
    """Sends updates and prints what the bot answered."""

    def __init__(self, api: FakeTelegram) -> None:
        self.api = api
        self.started = time.monotonic()

    async def __call__(self, chat: int, user: int, text: str, expect_reply: bool = True) -> None:
        print(f"\n» [{_who(chat, user)}] {text}")
        await self._exchange(message(chat, user, text), chat, expect_reply)

    async def press(self, chat: int, data: str, label: str) -> None:
        print(f"\n» [{_who(chat, chat)}] presses {label}")
        before = len(self.api.calls_to("answerCallbackQuery"))
        sent = len(self.api.sent(chat))
        self.api.push(callback(chat, chat, data))
        await self.api.wait_for(lambda: len(self.api.calls_to("answerCallbackQuery")) > before)
        await asyncio.sleep(0.3)
        answered = self.api.calls_to("answerCallbackQuery")[-1].params.get("text")
        if answered:
            print(f"« (popup) {answered}")
        self._print(self.api.sent(chat)[sent:])

    async def upload(self, chat: int, name: str, data: bytes) -> None:
        print(f"\n» [{_who(chat, chat)}] sends the file {name} ({len(data)} bytes)")
        file_id = self.api.add_file(data)
        sent = len(self.api.sent(chat))
        self.api.push(document(chat, chat, file_id, name, len(data)))
        await self.api.wait_for(lambda: len(self.api.sent(chat)) >= sent + 2, timeout=120)
        self._print(self.api.sent(chat)[sent:])

    async def _exchange(self, update: dict[str, Any], chat: int, expect_reply: bool) -> None:
        sent = len(self.api.sent(chat))
        self.api.push(update)
        if not expect_reply:
            await asyncio.sleep(1.5)
            print("« (no reply: a group message that does not address the bot)")
            return
        await self.api.wait_for(lambda: bool(self.api.replies_to(update)), timeout=120)
        sender = update["message"]["from"]["id"]
        if (
            update["message"]["text"] == "/reload" and sender == ADMIN
        ):  # the second reply says it is done
            await self.api.wait_for(lambda: len(self.api.sent(chat)) >= sent + 2, timeout=120)
        await asyncio.sleep(0.3)
        self._print(self.api.sent(chat)[sent:])

    def _print(self, parts: list[dict[str, Any]]) -> None:
        for part in parts:
            text = telegram_html_text(part["text"])
            more = f" … (+{len(text) - SHOWN} characters)" if len(text) > SHOWN else ""
            print("« " + text[:SHOWN].replace("\n", "\n  ") + more)
            buttons = [
                b["text"]
                for row in part.get("reply_markup", {}).get("inline_keyboard", [])
                for b in row
            ]
            if buttons:
                print(f"  buttons: {' '.join(buttons)}")


def _who(chat: int, user: int) -> str:
    names = {ADMIN: "admin", OFFICIAL: "official", MEMBER: "team member"}
    return f"{names[user]} in the group" if chat < 0 else names[user]


if __name__ == "__main__":
    asyncio.run(main())
