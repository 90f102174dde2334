"""Administrators keep the library right from Telegram (issue 15): a new version is recognised
and replaces the old one (or is kept beside it, or cancelled); /vanban's cards give the
original, a correction, a retirement and, from the archive, a restore; a doubtful file is
confirmed first; a 👎 asks why; /thongke lists what the current index still cannot answer;
failures and a full disk are told to every administrator. Non-administrators change nothing.

Real Application against the fake Bot API (tests/test_telegram), over a copy of the
HashEmbedder index of the seeds: what is tested is the administrators' flows, not the answers'
quality (uploads and rebuilds embed with HashEmbedder too)."""

from __future__ import annotations

import itertools
import time
from dataclasses import replace
from datetime import datetime

import pytest

from bot import archive, corrections, ocr
from bot.library import file_key
from bot.telegram.curation import LOCAL_TIME, local_time
from tests import scans
from tests.documents import BEN_XE_LINES, directive_docx
from tests.fake_embedder import HashEmbedder
from tests.fake_telegram import callback, chat, document, message, telegram_html_text, user
from tests.test_telegram import ADMIN, USER, Bot, running_bot

pytestmark = pytest.mark.slow

OTHER_ADMIN = 43
V1 = directive_docx()
V2 = directive_docx([line.replace("10/10/2021", "15/10/2021") for line in BEN_XE_LINES])
_ids = itertools.count(900)


@pytest.fixture
def start(tmp_path, hash_seed_settings, hash_seed_index, messages):
    """start(extra=..., documents=...) → the bot over a copy of the HashEmbedder seed index."""
    return lambda **kw: running_bot(tmp_path, hash_seed_settings, HashEmbedder(), messages, **kw)


def _texts(bot: Bot, chat_id: int = ADMIN) -> list[str]:
    return [telegram_html_text(m["text"]) for m in bot.api.sent(chat_id)]


def _buttons(bot: Bot, chat_id: int = ADMIN) -> list[str]:
    """The button data of the last message with buttons."""
    last = [m for m in bot.api.sent(chat_id) if "reply_markup" in m][-1]
    return [b["callback_data"] for row in last["reply_markup"]["inline_keyboard"] for b in row]


async def _until(bot: Bot, expected: str, chat_id: int = ADMIN, since: int = 0) -> str:
    """Wait for a message containing `expected` (after the first `since`); its text."""
    await bot.api.wait_for(lambda: any(expected in t for t in _texts(bot, chat_id)[since:]), 60)
    return next(t for t in _texts(bot, chat_id)[since:] if expected in t)


async def _send(bot: Bot, data: bytes, name: str, expected: str, who: int = ADMIN) -> str:
    since = len(bot.api.sent(who))
    bot.api.push(document(who, who, bot.api.add_file(data), name, len(data)))
    return await _until(bot, expected, who, since)


async def _press(bot: Bot, data: str, expected: str, who: int = ADMIN) -> str:
    since = len(bot.api.sent(who))
    bot.api.push(callback(who, who, data))
    return await _until(bot, expected, who, since)


async def _say(bot: Bot, text: str, expected: str, who: int = ADMIN) -> str:
    since = len(bot.api.sent(who))
    bot.api.push(message(who, who, text))
    return await _until(bot, expected, who, since)


def _numbered(bot: Bot, number: str) -> list[str]:
    return [d.source for d in bot.services.library.index.directives if d.number == number]


def test_archive_times_are_shown_in_vietnam_time():
    assert local_time("2026-12-02 16:06:56") == "02/12/2026 23:06"
    assert local_time("2026-12-31 17:30:00") == "01/01/2027 00:30"  # the next day, and year
    assert local_time("hôm qua") == "hôm qua"


async def test_a_new_version_is_asked_about_then_replaced_kept_or_cancelled(start):
    async with start() as bot:
        started = time.monotonic()
        await _send(bot, V1, "ben-xe.docx", "Đã thêm văn bản")
        asked = await _send(bot, V2, "ben-xe.docx", "có thể là")
        assert "1. văn bản cùng số với Công văn số 77/UBND-VX ngày 5/10/2021" in asked
        assert "ben-xe.docx" in asked and "cũ hơn" not in asked
        pending = _buttons(bot)
        assert [b.rsplit(":", 1)[1] for b in pending] == ["r1", "k", "x"]

        # Not an administrator: refused, nothing changes.
        await _press(bot, pending[0], "chỉ quản trị viên", who=USER)
        assert (bot.documents / "ben-xe.docx").read_bytes() == V1

        done = await _press(bot, pending[0], "Đã thay")
        replaced = time.monotonic() - started
        store = bot.services.store
        # What was replaced and what changed come first, then the short description.
        assert done.startswith("Đã thay Công văn số 77/UBND-VX ngày 5/10/2021")
        assert '"ben-xe.docx" → "ben-xe.docx"' in done
        assert done.index("Thời hạn mục 1") < done.index("Trích yếu") < done.index("Số mục")
        assert "Đã thêm văn bản" not in done and "Cơ quan được nhắc đến" not in done
        assert "Thời hạn mục 1: trước ngày 10/10/2021 → trước ngày 15/10/2021" in done
        assert "Mục sửa: 1" in done
        assert (bot.documents / "ben-xe.docx").read_bytes() == V2
        (kept,) = bot.services.library.archived()
        assert archive.read(bot.settings.path("archive"), kept) == V1
        assert _numbered(bot, "77/UBND-VX") == ["ben-xe.docx"]
        audit = await bot.services.store.audit_log()
        assert audit[0].action == "replace" and audit[0].user_id == ADMIN
        assert audit[0].target == "ben-xe.docx <- ben-xe.docx" and audit[0].result.startswith("ok")

        # Restoring the replaced version: it is older; audited as asked, then as cancelled,
        # never as done; it stays in the archive list.
        asked = await _press(bot, f"a:R:{kept.id}", "có thể là")
        assert "bản cũ hơn của Công văn số 77/UBND-VX" in asked
        audit = (await store.audit_log())[0]
        assert (audit.action, audit.result) == ("restore", "asked: older: ben-xe.docx")
        await _press(bot, _buttons(bot)[-1], "Đã hủy")
        audit = (await store.audit_log())[0]
        assert (audit.action, audit.result) == ("restore", "cancelled")
        assert not [e for e in await store.audit_log() if e.result.startswith("ok: from")]
        await _press(bot, "a:h", "đã được thay")
        assert _buttons(bot) == [f"a:R:{kept.id}"]

        v3 = directive_docx(
            [*BEN_XE_LINES[:7], "3. Sở Y tế bố trí cán bộ y tế.", *BEN_XE_LINES[7:]]
        )
        await _send(bot, v3, "ban-3.docx", "có thể là")
        await _press(bot, _buttons(bot)[-1], "Đã hủy")
        assert not (bot.documents / "ban-3.docx").exists()
        await _press(bot, _buttons(bot)[-1], "hết hạn")  # pressed twice: nothing more

        await _send(bot, v3, "ban-3.docx", "có thể là")
        await _press(bot, _buttons(bot)[-2], "Đã thêm văn bản")  # keep both
        assert sorted(_numbered(bot, "77/UBND-VX")) == ["ban-3.docx", "ben-xe.docx"]

        # An older or a newer version (by the directive's date) is called so; an older one
        # is warned about before it replaces a newer one.
        for day, said in (("1", "bản cũ hơn của"), ("20", "bản mới hơn của")):
            dated = [line.replace("ngày 5 tháng", f"ngày {day} tháng") for line in BEN_XE_LINES]
            asked = await _send(bot, directive_docx(dated), f"ngay-{day}.docx", "có thể là")
            assert f"{said} Công văn số 77/UBND-VX ngày 5/10/2021" in asked
            assert ("Tệp này cũ hơn văn bản đang dùng" in asked) == (day == "1")
            assert "Thay văn bản đang dùng" in asked  # not "the old one": it may be newer
            await _press(bot, _buttons(bot)[-1], "Đã hủy")

        # From the card: the next file sent replaces this directive, without a question.
        await _press(bot, f"a:s:{file_key('ben-xe.docx')}", "tệp tiếp theo bạn gửi")
        back = await _send(bot, V1, "ban-goc.docx", "Đã thay")
        assert "15/10/2021 → trước ngày 10/10/2021" in back
        assert (bot.documents / "ban-goc.docx").read_bytes() == V1
        assert not (bot.documents / "ben-xe.docx").exists()
        assert len(bot.services.library.archived()) == 2
    print(f"\nreplace flow: upload, question, replacement in {replaced:.1f} s")


async def test_vanban_cards_original_correction_retirement_and_restore(start):
    async with start() as bot:
        listing = await _say(bot, "/vanban", "bấm số để mở")
        buttons = _buttons(bot)
        assert buttons[-1] == "a:h" and buttons[0].startswith("a:d:")
        cards = [bot.services.library.find(b.split(":")[2]) for b in buttons[:-1]]
        directive = next(d for d in cards if d.number)
        key, file = file_key(directive.source), directive.source
        assert directive.number in listing

        # Not an administrator: no card, no file, no correction, no retirement.
        downloads = len(bot.api.calls_to("sendDocument"))
        for data in (f"a:d:{key}", f"a:o:{key}", f"a:F:{key}:number", f"a:T:{key}", "a:h"):
            await _press(bot, data, "chỉ quản trị viên", who=USER)
        assert len(bot.api.calls_to("sendDocument")) == downloads
        assert (bot.documents / file).exists() and bot.services.library.find(key)
        user_listing = await _say(bot, "/vanban", "Văn bản đang dùng", who=USER)
        assert "bấm số" not in user_listing

        card = await _press(bot, f"a:d:{key}", "Số mục")
        assert file in card
        bot.api.push(callback(ADMIN, ADMIN, f"a:o:{key}"))
        await bot.api.wait_for(lambda: len(bot.api.calls_to("sendDocument")) > downloads)
        sent = bot.api.calls_to("sendDocument")[-1].params
        assert directive.number in sent["caption"]
        assert sent["document"]["data"] == (bot.documents / file).read_bytes()

        started = time.monotonic()
        await _press(bot, f"a:f:{key}", "Sửa trường nào")
        assert _buttons(bot)[1] == f"a:F:{key}:number"
        await _press(bot, f"a:F:{key}:number", "Gửi giá trị mới")
        done = await _say(bot, "9999/UBND-SUA", "Đã sửa")
        corrected = time.monotonic() - started
        assert "số 9999/UBND-SUA" in done
        assert corrections.read(bot.documents, file) == {"number": "9999/UBND-SUA"}
        assert bot.services.library.find(key).number == "9999/UBND-SUA"
        audit = (await bot.services.store.audit_log())[0]
        assert (audit.action, audit.target, audit.user_id) == ("correct", f"{file} number", ADMIN)

        started = time.monotonic()
        await _press(bot, f"a:t:{key}", "khỏi thư viện?")
        assert _buttons(bot) == [f"a:T:{key}"]
        await _press(bot, f"a:T:{key}", "Đã gỡ")
        retired = time.monotonic() - started
        assert not (bot.documents / file).exists()
        assert not corrections.sidecar(bot.documents, file).exists()
        (kept,) = bot.services.library.archived()
        assert (
            kept.action == "retired" and (bot.settings.path("archive") / kept.id / file).is_file()
        )
        assert bot.services.library.find(key) is None

        listing = await _press(bot, "a:h", "đã gỡ")
        assert f"đã gỡ lúc {local_time(kept.at)}" in listing and "UTC" not in listing
        assert _buttons(bot) == [f"a:R:{kept.id}"]
        restored = await _press(bot, f"a:R:{kept.id}", "Đã khôi phục văn bản")
        assert "Đã thêm văn bản" not in restored
        assert bot.services.library.find(key).number == "9999/UBND-SUA"  # its correction too
        audit = await bot.services.store.audit_log()
        assert (audit[0].action, audit[0].target) == ("restore", file)
        assert audit[0].result.startswith(f"ok: from {kept.id}, saved as {file}")
        assert {"original", "correct", "retire", "restore"} <= {e.action for e in audit}
        # Restored, it leaves the archive list; its old button says so and changes nothing.
        await _press(bot, "a:h", "không có văn bản nào để khôi phục")
        await _press(bot, f"a:R:{kept.id}", f'đã được khôi phục (tệp "{file}")')
        assert bot.services.library.archived()[0].restored_as == file
    print(f"\ncorrection in {corrected:.1f} s, retirement in {retired:.1f} s")


SCAN_WITHOUT_NUMBER = "\n".join(
    [
        "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG",
        "Số:      /TB-UBND",
        "Lâm Đồng, ngày      tháng      năm 2025",
        "THÔNG BÁO",
        "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về chỉ số cải cách hành chính",
        "1. Sở Nội vụ chủ trì tổng hợp, báo cáo UBND tỉnh trước ngày 20/11/2025.",
        "2. Các sở, ban, ngành tự đánh giá kết quả, gửi Sở Nội vụ trước ngày 15/11/2025.",
    ]
).encode()


async def test_header_fields_not_read_are_named_with_a_button_to_correct_each(start):
    async with start() as bot:
        done = await _send(bot, SCAN_WITHOUT_NUMBER, "tb-493.txt", "Đã thêm văn bản")
        assert "Không đọc được số, ngày trong phần đầu văn bản" in done
        key = file_key("tb-493.txt")
        assert _buttons(bot) == [f"a:F:{key}:number", f"a:F:{key}:date"]
        await _press(bot, f"a:F:{key}:number", "Gửi giá trị mới cho Số")
        fixed = await _say(bot, "493/TB-UBND", "Đã sửa")
        assert "Thông báo số 493/TB-UBND" in fixed


async def test_a_headerless_file_is_confirmed_or_declined(start):
    invitation = "Kính mời đồng chí dự họp giao ban lúc 8 giờ thứ Hai tại phòng họp số 2.\n"
    other = "Đề nghị các đơn vị gửi danh sách cán bộ dự tập huấn về phòng họp số 3.\n"
    async with start() as bot:
        asked = await _send(bot, invitation.encode(), "giay-moi.txt", "Cần xác nhận")
        assert "Không thấy phần đầu" in asked and "Kính mời đồng chí" in asked
        await _press(bot, _buttons(bot)[-1], "Đã hủy")
        assert not (bot.documents / "giay-moi.txt").exists()
        await _send(bot, other.encode(), "tap-huan.txt", "Cần xác nhận")
        await _press(bot, _buttons(bot)[0], "Đã thêm văn bản")  # index anyway
        assert (bot.documents / "tap-huan.txt").exists()


async def test_thumbs_down_reasons_and_stats_of_what_is_still_unanswered(start):
    async with start() as bot:
        for text in ("cảm ơn bot", "ok", "zxqv câu hỏi vô nghĩa qwrt"):
            await bot.ask(message(USER, USER, text))
        parts = await bot.ask(message(USER, USER, "Sở Y tế phải làm gì?"))
        data = [
            b["callback_data"] for row in parts[-1]["reply_markup"]["inline_keyboard"] for b in row
        ]
        await _press(bot, data[-1], "điểm nào", who=USER)
        reasons = _buttons(bot, USER)
        assert [r.rsplit(":", 1)[1] for r in reasons] == [
            "wrong_document",
            "wrong_agency",
            "missing",
            "hard",
            "other",
        ]
        bot.api.push(callback(USER, USER, reasons[2]))
        await bot.api.wait_for(lambda: len(bot.api.calls_to("answerCallbackQuery")) == 2)

        stats = await _say(bot, "/thongke", "Góp ý")
        assert "zxqv câu hỏi vô nghĩa qwrt" in stats
        assert "cảm ơn bot" not in stats and "• ok" not in stats
        assert "Sở Y tế phải làm gì? — Thiếu" in stats

        bot.api.push(message(ADMIN, ADMIN, "/thongke csv"))
        await bot.api.wait_for(lambda: bot.api.calls_to("sendDocument"))
        sent = bot.api.calls_to("sendDocument")[-1].params["document"]
        log = sent["data"].decode("utf-8-sig")
        assert sent["filename"] == "cau-hoi.csv" and log.startswith("id,at,chat_id")
        assert "Sở Y tế phải làm gì?" in log and ",-1,missing" in log


async def test_failures_and_a_full_disk_alert_every_administrator(start):
    async with start(extra="alert_free_mb = 100000000.0\n") as bot:
        settings = bot.services.settings
        telegram = replace(settings.telegram, admins=(ADMIN, OTHER_ADMIN))
        bot.services.settings = replace(settings, telegram=telegram)

        await _send(bot, b"\x00\x01 not a document", "hong.docx", "Chưa thêm văn bản")
        alert = await _until(bot, "thất bại", OTHER_ADMIN)
        assert "hong.docx" in alert and "@u42" in alert
        assert not any("⚠️" in t for t in _texts(bot, ADMIN))  # told once, by the reply

        await _say(bot, "/reload", "Đã cập nhật chỉ mục")
        for admin in (ADMIN, OTHER_ADMIN):
            await _until(bot, "sắp đầy", admin)
        alerts = sum("sắp đầy" in t for t in _texts(bot, OTHER_ADMIN))
        await _say(bot, "/reload", "Đã cập nhật chỉ mục")
        assert sum("sắp đầy" in t for t in _texts(bot, OTHER_ADMIN)) == alerts  # once only


def _photo(chat_id: int, user_id: int, file_id: str, size: int) -> dict:
    """A message carrying a photo (sent as a picture, not as a file)."""
    sizes = [
        {"file_id": f"{file_id}-small", "file_unique_id": "s", "width": 90, "height": 90},
        {
            "file_id": file_id,
            "file_unique_id": "big",
            "width": 900,
            "height": 900,
            "file_size": size,
        },
    ]
    return {
        "message": {
            "message_id": next(_ids),
            "date": int(time.time()),
            "chat": chat(chat_id),
            "from": user(user_id),
            "photo": sizes,
        }
    }


async def test_a_photo_goes_into_the_upload_flow_and_a_stranger_downloads_nothing(start):
    async with start() as bot:
        file_id = bot.api.add_file(b"\xff\xd8\xff\xe0 not really a jpeg")
        bot.api.push(_photo(USER, USER, file_id, 30))
        await _until(bot, "chỉ quản trị viên", USER)
        assert bot.api.file_downloads == 0
        bot.api.push(_photo(ADMIN, ADMIN, file_id, 30))
        await _until(bot, "Chưa thêm văn bản")
        assert bot.api.file_downloads == 1
        audit = (await bot.services.store.audit_log())[0]
        day = datetime.now(LOCAL_TIME).date()  # the photo was sent now
        assert audit.action == "upload" and audit.target == f"anh-{day:%Y-%m-%d}.jpg"

        # A photo that reads is named from what it says, never from Telegram's ids.
        font = scans.font_path()
        if font is None or ocr.missing():
            pytest.skip("Tesseract with Vietnamese, or a font to draw the photo, is missing")
        data = scans.image_bytes(font, "JPEG")
        bot.api.push(_photo(ADMIN, ADMIN, bot.api.add_file(data), len(data)))
        done = await _until(bot, "Đã thêm văn bản")
        assert (bot.documents / "cong-van-123-ubnd-vx.jpg").read_bytes() == data
        assert "Công văn số 123/UBND-VX" in done and not any("big" in t for t in _texts(bot))
