"""Who the user is (issue 14), through the real bot against the fake Bot API: /start asks for
a province and an agency with buttons, a typed agency with a typo gets "Ý bạn là …?", the
profile is stored in real SQLite, "nhiem vu cua toi" answers that agency's duties within that
province (and says which filter it used), /tinh overrides it, and the 📄 button under an
answer about one directive sends its original file."""

from __future__ import annotations

import pytest

from bot.state import Profile, SqliteStore
from tests.fake_telegram import BOT_USERNAME, callback, message, telegram_html_text
from tests.test_telegram import GROUP, USER, _visible, running_bot

pytestmark = pytest.mark.slow


@pytest.fixture
def start(tmp_path, seed_settings, seed_index, embedder, messages):  # type: ignore[no-untyped-def]
    """start() → the bot over a copy of the seed index, as in test_telegram.py."""
    return lambda **kw: running_bot(tmp_path, seed_settings, embedder, messages, **kw)


def _buttons(part: dict) -> list[tuple[str, str]]:
    rows = part.get("reply_markup", {}).get("inline_keyboard", [])
    return [(b["text"], b.get("callback_data", "")) for row in rows for b in row]


async def _press(bot, data: str, expected: str, message_id: int = 1) -> str:  # type: ignore[no-untyped-def]
    """Press a button and wait for a message (or an edit) holding `expected`."""
    calls = len(bot.api.calls)
    bot.api.push(callback(USER, USER, data, message_id))

    def seen() -> str | None:
        for call in bot.api.calls[calls:]:
            if call.method in ("sendMessage", "editMessageText"):
                text = telegram_html_text(call.params.get("text", ""))
                if expected in text:
                    return text
        return None

    await bot.api.wait_for(lambda: seen() is not None)
    return seen() or ""


async def _step(bot, data: str, expected: str, chat_id: int = USER) -> dict:  # type: ignore[no-untyped-def]
    """Press `data` on the bot's last message in the chat; the parameters of the message
    (sent, or edited in place) holding `expected`."""
    calls = len(bot.api.calls)
    message_id = bot.api.sent_message_id(bot.api.sent(chat_id)[-1])
    bot.api.push(callback(chat_id, USER, data, message_id))

    def seen() -> dict | None:
        for call in bot.api.calls[calls:]:
            text = telegram_html_text(call.params.get("text", ""))
            if call.method in ("sendMessage", "editMessageText") and expected in text:
                return call.params
        return None

    await bot.api.wait_for(lambda: seen() is not None)
    return seen() or {}


def _short(*parts: dict) -> bool:
    """Whether every button's callback data fits Telegram's 64 bytes."""
    return all(len(data.encode()) <= 64 for part in parts for _, data in _buttons(part))


async def test_caidat_shows_the_profile_and_changes_it_by_buttons(start):
    async with start() as bot:
        await bot.services.store.set_profile(Profile(USER, "Sơn La", None))
        update = message(USER, USER, "/caidat")
        bot.api.push(update)
        await bot.api.wait_for(lambda: bot.api.replies_to(update))
        shown = bot.api.replies_to(update)[0]
        assert telegram_html_text(shown["text"]) == (
            "Hồ sơ của bạn: tỉnh Sơn La, cơ quan: chưa chọn."
        )
        ((label, change),) = _buttons(shown)
        assert label == "✏️ Đổi tỉnh, cơ quan"

        asking = await _step(bot, change, "tỉnh, thành phố nào")
        provinces = dict(_buttons(asking))
        assert {"Kon Tum", "Sơn La", "Tất cả tỉnh"} <= set(provinces)
        choosing = await _step(bot, provinces["Kon Tum"], "Cơ quan của bạn")
        agencies = dict(_buttons(choosing))
        assert "Sở Y tế" in agencies and "Bỏ qua" in agencies
        assert "Các sở, ban, ngành" not in agencies  # a group is no one's agency
        saved = await _step(bot, agencies["Sở Y tế"], "Đã lưu")
        assert "Đã lưu: tỉnh Kon Tum, cơ quan: Sở Y tế." in telegram_html_text(saved["text"])
        assert _short(shown, asking, choosing)
        # Stored in the real SQLite file, as another process would read it.
        stored = SqliteStore(bot.services.settings.path("state"))
        try:
            assert stored.profile(USER) == Profile(USER, "Kon Tum", "Sở Y tế")
        finally:
            stored.close()

        # Every province, no agency: both skipped, and said so.
        again = message(USER, USER, "/caidat")
        bot.api.push(again)
        await bot.api.wait_for(lambda: bot.api.replies_to(again))
        asking = await _step(bot, change, "tỉnh, thành phố nào")
        choosing = await _step(bot, dict(_buttons(asking))["Tất cả tỉnh"], "Cơ quan của bạn")
        saved = await _step(bot, dict(_buttons(choosing))["Bỏ qua"], "Đã lưu")
        assert "Đã lưu: mọi tỉnh, cơ quan: chưa chọn." in telegram_html_text(saved["text"])
        assert await bot.services.store.profile(USER) == Profile(USER, None, None)


async def test_caidat_in_a_group_points_to_the_private_chat(start):
    async with start() as bot:
        update = message(GROUP, USER, "/caidat")
        bot.api.push(update)
        await bot.api.wait_for(lambda: bot.api.replies_to(update))
        reply = bot.api.replies_to(update)[0]
        assert "chat riêng" in telegram_html_text(reply["text"]) and not _buttons(reply)


async def test_start_asks_the_profile_and_my_duties_follow_it(start):
    async with start() as bot:
        update = message(USER, USER, "/start")
        bot.api.push(update)
        await bot.api.wait_for(
            lambda: any("tỉnh, thành phố nào" in p["text"] for p in bot.api.sent(USER))
        )
        asking = next(p for p in bot.api.sent(USER) if "tỉnh, thành phố nào" in p["text"])
        provinces = dict(_buttons(asking))
        assert "Kon Tum" in provinces and "Sơn La" in provinces  # the seeds' provinces

        agencies = await _press(bot, provinces["Kon Tum"], "Cơ quan của bạn")
        assert agencies
        # Typed, with a typo: "Ý bạn là …?" offers the agency; pressing it stores the profile.
        typed = message(USER, USER, "so thong tin truyn thog")
        bot.api.push(typed)
        await bot.api.wait_for(lambda: bot.api.replies_to(typed))
        reply = bot.api.replies_to(typed)[0]
        assert "Ý bạn là" in reply["text"] and await bot.services.store.profile(USER) == Profile(
            USER, "Kon Tum", None
        )
        offered = dict(_buttons(reply))
        await _press(bot, offered["Sở Thông tin và Truyền thông"], "Đã lưu")
        profile = await bot.services.store.profile(USER)
        assert profile == Profile(USER, "Kon Tum", "Sở Thông tin và Truyền thông")

        parts = await bot.ask(message(USER, USER, "nhiem vu cua toi"))
        text = _visible(parts)
        assert "Nhiệm vụ của Sở Thông tin và Truyền thông" in text
        # The first line says which filter it used, and who set it.
        assert text.startswith("Chỉ tìm trong văn bản của tỉnh Kon Tum (hồ sơ của bạn · /caidat")
        assert "Sơn La" not in text and "3262/UBND-KGVX" in text

        # A question in the private chat answers within the profile's province, too…
        parts = await bot.ask(message(USER, USER, "Sở Y tế phải làm gì?"))
        assert "Chỉ tìm trong văn bản của tỉnh Kon Tum" in _visible(parts)
        # …unless /tinh says otherwise.
        setting = message(USER, USER, "/tinh Sơn La")
        bot.api.push(setting)
        await bot.api.wait_for(lambda: bot.api.replies_to(setting))
        parts = await bot.ask(message(USER, USER, "Sở Y tế phải làm gì?"))
        assert _visible(parts).startswith("Chỉ tìm trong văn bản của tỉnh Sơn La (đặt bằng /tinh")


async def test_a_group_keeps_to_its_own_tinh_not_a_members_profile(start):
    async with start() as bot:
        await bot.services.store.set_profile(Profile(USER, "Sơn La", None))
        parts = await bot.ask(message(GROUP, USER, "/hoi Sở Y tế phải làm gì?"))
        assert _visible(parts).startswith("Nhiệm vụ của Sở Y tế:")  # no filter line
        setting = message(GROUP, USER, "/tinh Kon Tum")
        bot.api.push(setting)
        await bot.api.wait_for(lambda: bot.api.replies_to(setting))
        parts = await bot.ask(message(GROUP, USER, "/hoi Sở Y tế phải làm gì?"))
        text = _visible(parts)
        assert text.startswith("Chỉ tìm trong văn bản của tỉnh Kon Tum (/tinh của nhóm)")
        assert "Sơn La" not in text


async def test_my_duties_in_a_group_are_the_askers_own(start):
    async with start() as bot:
        await bot.services.store.set_profile(Profile(USER, "Kon Tum", "Sở Y tế"))
        parts = await bot.ask(message(GROUP, USER, "/hoi nhiem vu cua toi"))
        text = _visible(parts)
        assert text.startswith("Chỉ tìm trong văn bản của tỉnh Kon Tum (hồ sơ của bạn")
        assert "Nhiệm vụ của Sở Y tế" in text
        other = message(GROUP, USER + 1, f"@{BOT_USERNAME} việc của tôi")
        bot.api.push(other)
        await bot.api.wait_for(lambda: bot.api.replies_to(other))
        assert "/caidat" in telegram_html_text(bot.api.replies_to(other)[0]["text"])


async def test_hanchot_says_it_keeps_to_the_profiles_province(start):
    async with start() as bot:
        await bot.services.store.set_profile(Profile(USER, "Kon Tum", "Sở Y tế"))
        parts = await bot.ask(message(USER, USER, "/hanchot"))
        assert _visible(parts).startswith(
            "Chỉ tìm trong văn bản của tỉnh Kon Tum (hồ sơ của bạn · /caidat để đổi)"
        )


async def test_my_duties_without_a_profile_points_to_caidat(start):
    async with start() as bot:
        update = message(USER, USER, "việc của tôi")
        bot.api.push(update)
        await bot.api.wait_for(lambda: bot.api.replies_to(update))
        assert "/caidat" in telegram_html_text(bot.api.replies_to(update)[0]["text"])


async def test_an_answer_about_one_directive_sends_its_original_file(start):
    async with start() as bot:
        parts = await bot.ask(message(USER, USER, "Văn bản 3262 nói gì?"))
        buttons = dict(_buttons(parts[-1]))
        assert "📄 Tệp gốc" in buttons
        answered = parts[0].get("message_id", 1)
        bot.api.push(callback(USER, USER, buttons["📄 Tệp gốc"], answered))
        await bot.api.wait_for(lambda: bot.api.calls_to("sendDocument"))
        sent = bot.api.calls_to("sendDocument")[0].params
        original = (bot.documents / sent["document"]["filename"]).read_bytes()
        assert sent["document"]["data"] == original
        assert "3262/UBND-KGVX" in sent["caption"]
        # A duty answer across directives has no such button.
        duty = await bot.ask(message(USER, USER, "Sở Y tế phải làm gì?"))
        assert "📄 Tệp gốc" not in dict(_buttons(duty[-1]))
        # The file gone from the library: a clear message, no document.
        (bot.documents / sent["document"]["filename"]).unlink()
        bot.api.push(callback(USER, USER, buttons["📄 Tệp gốc"], answered))
        await bot.api.wait_for(
            lambda: any("không còn trong thư viện" in p["text"] for p in bot.api.sent(USER))
        )
        assert len(bot.api.calls_to("sendDocument")) == 1


async def test_the_original_file_button_works_in_a_group(start):
    async with start() as bot:
        parts = await bot.ask(message(GROUP, USER, "/hoi cv 3262"))
        buttons = dict(_buttons(parts[-1]))
        assert _short(*parts)
        bot.api.push(callback(GROUP, USER, buttons["📄 Tệp gốc"], 1))
        await bot.api.wait_for(lambda: bot.api.calls_to("sendDocument"))
        sent = bot.api.calls_to("sendDocument")[0].params
        assert int(sent["chat_id"]) == GROUP
        assert (
            sent["document"]["data"] == (bot.documents / sent["document"]["filename"]).read_bytes()
        )
        # Pressed in another chat, the same button opens nothing there.
        bot.api.push(callback(USER, USER, buttons["📄 Tệp gốc"], 1))
        await bot.api.wait_for(
            lambda: any("không còn trong thư viện" in p["text"] for p in bot.api.sent(USER))
        )
        assert len(bot.api.calls_to("sendDocument")) == 1
