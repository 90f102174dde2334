# ruff: noqa: E501  (questions and verdicts are data, one per line)
"""QA session (issue 14): 80+ realistic questions through the real bot, as a scored transcript.

    .venv/bin/python scripts/qa_session.py [--work DIR] [--out /tmp/qa/transcript.md]

Copies the five shipped directives and the sixteen real ones (tests/data/real/[ab]*) into a
work folder (a temporary one unless --work names one; a --work folder that already holds an
index is reused, so a second run takes seconds instead of a minute), starts the fake Bot API of
tests/fake_telegram.py on 127.0.0.1 and the real Application (build_application), then plays an
official in a private chat and a community COVID team in a group: formal questions, questions
without diacritics, abbreviations, typos and teen-code, long rambling ones, follow-ups, chatter,
an English question, questions the documents do not answer, "Xem thêm ›" and source buttons.

For every question it records the chat type, the visible text of the reply (page 1), its visible
characters (tests.fake_telegram.telegram_html_text), the number of messages the bot sent and the
buttons; it writes a Markdown transcript and a JSON file of the records. VERDICTS holds the
tester's own reading of each answer against the documents (for the run named in its comment);
the transcript prints the scorecard from it. Nothing leaves this machine; the repository is not
touched.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
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
from tests.fake_telegram import (  # noqa: E402
    BOT_USERNAME,
    FakeTelegram,
    callback,
    message,
    telegram_html_text,
)

OFFICIAL, MEMBER, GROUP = 111, 222, -1001
AT = f"@{BOT_USERNAME}"

# (id, chat, how, text, kind)
#   chat: "p" private (the official), "g" the group (the community team)
#   how: "plain" (private), "at" (@bot at the start), "at_end" (@bot at the end),
#        "reply" (a reply to the bot), "hoi" (/hoi ...)
#   kind: duty, fact, newest, summary, followup, chatter, english, none, long
QUESTIONS: list[tuple[str, str, str, str, str]] = [
    # --- the official, private chat, formal with diacritics ---
    ("p01", "p", "plain", "chào bot", "chatter"),
    ("p02", "p", "plain", "Sở Y tế phải làm gì?", "duty"),
    ("p03", "p", "plain", "còn hạn chót?", "followup"),
    ("p04", "p", "plain", "Sở GD&ĐT Đà Nẵng phải làm gì theo công văn 1906?", "duty"),
    ("p05", "p", "plain", "Văn bản nào mới nhất?", "newest"),
    ("p06", "p", "plain", "Văn bản 3262 nói gì?", "summary"),
    ("p07", "p", "plain", "văn bản đó do ai ký?", "followup"),
    ("p08", "p", "plain", "Sở Thông tin và Truyền thông có nhiệm vụ gì?", "duty"),
    ("p09", "p", "plain", "thế còn Sở Tài chính?", "followup"),
    ("p10", "p", "plain", "Thanh Hóa ưu tiên tiêm vắc xin cho những đối tượng nào?", "fact"),
    ("p11", "p", "plain", "văn bản đó số mấy?", "followup"),
    (
        "p12",
        "p",
        "plain",
        "Ai ký văn bản triển khai chỉ đạo phòng chống dịch của UBND tỉnh Sơn La?",
        "fact",
    ),
    ("p13", "p", "plain", "Nghị quyết 38/NQ-CP nói về vấn đề gì?", "fact"),
    ("p14", "p", "plain", "Khi phát hiện ca F0 trong cộng đồng thì phải xử lý thế nào?", "fact"),
    (
        "p15",
        "p",
        "plain",
        "Người tiêm đủ 2 mũi vắc xin rồi có còn phải thực hiện 5K không?",
        "fact",
    ),
    (
        "p16",
        "p",
        "plain",
        "Đơn vị nào chủ trì lập kế hoạch mua sắm sinh phẩm, vật tư y tế năm 2022?",
        "fact",
    ),
    ("p17", "p", "plain", "Ban Tuyên giáo Tỉnh ủy được đề nghị những gì?", "duty"),
    ("p18", "p", "plain", "Công an tỉnh phải làm gì trong phòng chống dịch?", "duty"),
    ("p19", "p", "plain", "Sở Lao động - Thương binh và Xã hội được giao nhiệm vụ gì?", "duty"),
    ("p20", "p", "plain", "Sơn La yêu cầu gì về công tác xét nghiệm?", "fact"),
    # real directives
    (
        "p21",
        "p",
        "plain",
        "Theo kế hoạch của Đắk Lắk sau lũ, Sở Y tế phải làm những việc gì?",
        "duty",
    ),
    ("p22", "p", "plain", "CDC Đắk Lắk cấp những hóa chất gì để xử lý môi trường sau lũ?", "fact"),
    ("p23", "p", "plain", "Sau khi nước rút, nước tù đọng phải xử lý trong bao lâu?", "fact"),
    ("p24", "p", "plain", "Ai ký kế hoạch 0130 của tỉnh Đắk Lắk?", "fact"),
    (
        "p25",
        "p",
        "plain",
        "Chỉ số AQI ở mức nào thì trường học Hà Nội được cho học sinh nghỉ?",
        "fact",
    ),
    (
        "p26",
        "p",
        "plain",
        "Sở Nội vụ TP.HCM phải làm gì về cơ sở dữ liệu cán bộ, công chức?",
        "duty",
    ),
    (
        "p27",
        "p",
        "plain",
        "hạn chót hoàn thành cập nhật lý lịch cán bộ vào CSDL quốc gia là khi nào?",
        "fact",
    ),
    (
        "p28",
        "p",
        "plain",
        "Nên cập nhật dữ liệu cán bộ vào khung giờ nào để hệ thống không bị quá tải?",
        "fact",
    ),
    (
        "p29",
        "p",
        "plain",
        "Chỉ thị 09 của Cần Thơ nghiêm cấm những hành vi nào về nước dưới đất?",
        "fact",
    ),
    ("p30", "p", "plain", "Sở Xây dựng Cần Thơ có trách nhiệm gì về nước dưới đất?", "duty"),
    (
        "p31",
        "p",
        "plain",
        "Sở Khoa học và Công nghệ Lai Châu phải làm gì để triển khai Luật Tiêu chuẩn và quy chuẩn kỹ thuật?",
        "duty",
    ),
    ("p32", "p", "plain", "thế còn Sở Tài chính?", "followup"),
    (
        "p33",
        "p",
        "plain",
        "Công an thành phố Hà Nội chủ trì những việc gì trong kế hoạch 308?",
        "duty",
    ),
    ("p34", "p", "plain", "hạn chót nộp báo cáo là khi nào?", "followup"),
    (
        "p35",
        "p",
        "plain",
        "Hà Tĩnh đặt mục tiêu tăng bao nhiêu phần trăm nhóm trẻ ở nơi có khu công nghiệp?",
        "fact",
    ),
    (
        "p36",
        "p",
        "plain",
        "Sở Xây dựng Hà Tĩnh làm gì cho trường mầm non ở khu công nghiệp?",
        "duty",
    ),
    (
        "p37",
        "p",
        "plain",
        "Công an tỉnh Đồng Tháp có nhiệm vụ gì trong chuyển đổi số kết cấu hạ tầng giao thông?",
        "duty",
    ),
    (
        "p38",
        "p",
        "plain",
        "Sở Tư pháp Sơn La làm gì trong kế hoạch bảo vệ bí mật nhà nước năm 2023?",
        "duty",
    ),
    (
        "p39",
        "p",
        "plain",
        "Hạn chót gửi kế hoạch bảo vệ bí mật nhà nước năm 2023 về UBND tỉnh Sơn La là ngày nào?",
        "fact",
    ),
    ("p40", "p", "plain", "Bộ Y tế phải làm gì theo Công điện 217 về mưa lũ?", "duty"),
    ("p41", "p", "plain", "Ngày 16/11/2025 nơi nào có lượng mưa lớn nhất?", "fact"),
    (
        "p42",
        "p",
        "plain",
        "Trưởng điểm thi tốt nghiệp THPT 2020 ở Đà Nẵng phải chuẩn bị những gì?",
        "duty",
    ),
    (
        "p43",
        "p",
        "plain",
        "Ai là Chủ tịch Hội đồng An toàn, vệ sinh lao động tỉnh Lâm Đồng?",
        "fact",
    ),
    ("p44", "p", "plain", "Kinh phí hoạt động của Hội đồng ATVSLĐ tỉnh lấy từ nguồn nào?", "fact"),
    (
        "p45",
        "p",
        "plain",
        "Tờ trình 3367 của Sở Nội vụ Bình Thuận đề xuất giải thể bao nhiêu hội?",
        "fact",
    ),
    (
        "p46",
        "p",
        "plain",
        "Sở Tư pháp Lâm Đồng phải làm gì để cải thiện các chỉ số PAR Index, PAPI, PCI?",
        "duty",
    ),
    (
        "p47",
        "p",
        "plain",
        "Lãnh đạo Sở Y tế lên chương trình Đối thoại về cải cách hành chính năm 2026 vào ngày nào?",
        "fact",
    ),
    (
        "p48",
        "p",
        "plain",
        "Hạn chót các sở, ngành ban hành kế hoạch tuyên truyền cải cách hành chính năm 2026 là ngày nào?",
        "fact",
    ),
    (
        "p49",
        "p",
        "plain",
        "Chào bot, tôi là chuyên viên phòng Y tế, đang phải tổng hợp báo cáo cho lãnh đạo về tình hình sau đợt mưa lũ vừa rồi, lãnh đạo hỏi là theo kế hoạch của tỉnh Đắk Lắk thì Ủy ban nhân dân các xã, phường phải làm những việc gì để khắc phục môi trường và phòng dịch bệnh sau lũ, nhờ bot tìm giúp với, cảm ơn nhiều",
        "long",
    ),
    ("p50", "p", "plain", "What must the Department of Health do to prevent COVID-19?", "english"),
    ("p51", "p", "plain", "Giá xăng RON 95 hôm nay là bao nhiêu?", "none"),
    (
        "p52",
        "p",
        "plain",
        "Đắk Lắk hỗ trợ bao nhiêu tiền cho mỗi hộ gia đình bị ngập nhà sau lũ?",
        "none",
    ),
    (
        "p53",
        "p",
        "plain",
        "Không đeo khẩu trang nơi công cộng ở Đà Nẵng bị phạt bao nhiêu tiền?",
        "none",
    ),
    ("p54", "p", "plain", "Sở Y tế Đà Nẵng được giao nhiệm vụ gì trong công văn 1906?", "none"),
    ("p55", "p", "plain", "cảm ơn bot nhé 👍", "chatter"),
    # --- the community COVID team, group chat ---
    ("g01", "g", "at", "chao bot", "chatter"),
    ("g02", "g", "at", "so y te phai lam gi", "duty"),
    ("g03", "g", "reply", "con han chot?", "followup"),
    ("g04", "g", "at", "cong an tinh lm j", "duty"),
    ("g05", "g", "at_end", "to covid cong dong co nhiem vu gi", "duty"),
    ("g06", "g", "at", "sở tt&tt cần làm gì ạ", "duty"),
    ("g07", "g", "reply", "the con so tai chinh?", "followup"),
    ("g08", "g", "at", "so ldtbxh phai lam gi", "duty"),
    ("g09", "g", "at", "ubnd xa phuong dak lak lam gi sau bao lu", "duty"),
    ("g10", "g", "at", "aqi bao nhieu thi cho hs nghi hoc o ha noi", "fact"),
    ("g11", "g", "at", "thanh hoa uu tien tiem vx cho ai", "fact"),
    ("g12", "g", "hoi", "phat hien ca f0 thi lam gi", "fact"),
    ("g13", "g", "at", "mam non da nang nghi hoc tu ngay nao", "fact"),
    ("g14", "g", "at", "ai ki cv 1906", "fact"),
    ("g15", "g", "at", "so gd&dt phai lm gi", "duty"),
    ("g16", "g", "at", "sở y tê daklak phải lam j sau lũ", "duty"),
    ("g17", "g", "at", "so nn&mt dak lak lam gi sau lu lut", "duty"),
    ("g18", "g", "at", "bo cong thuong dc giao gi trong cd 217", "duty"),
    ("g19", "g", "at", "han chot cap nhat ly lich can bo tphcm", "fact"),
    ("g20", "g", "at", "ubnd huyen phai lam j vs dich covid", "duty"),
    ("g21", "g", "at", "sở y tế cần lm j z ad", "duty"),
    ("g22", "g", "at", "ng tiem du 2 mui co can 5k ko", "fact"),
    ("g23", "g", "at", "cong an dong thap lam gi chuyen doi so giao thong", "duty"),
    ("g24", "g", "at", "so tu phap son la bao ve bmnn", "duty"),
    ("g25", "g", "at", "so noi vu co trach nhiem gi voi hoi dong atvsld", "duty"),
    ("g26", "g", "at", "SYT Cần Thơ làm gì vs nước ngầm", "duty"),
    ("g27", "g", "at", "can tho cam hanh vi gi ve nuoc duoi dat", "fact"),
    ("g28", "g", "at", "bao cao kh 308 ha noi truoc ngay may hang thang", "fact"),
    (
        "g29",
        "g",
        "at",
        "cac anh chi oi cho em hoi, to em la to covid cong dong o khu pho, dot nay dich lai bung phat, em muon biet theo cac van ban thi to covid cong dong phai lam nhung viec gi, co can di tung nha ko a",
        "long",
    ),
    ("g30", "g", "at", "gia ve may bay di ha noi bao nhieu", "none"),
    ("g31", "g", "at", "lich tiem mui 4 o phuong minh khi nao vay", "none"),
    ("g32", "g", "at", "so khcn lai chau lam gi luat tieu chuan", "duty"),
    ("g33", "g", "at", "sở gtvt phải làm gì", "duty"),
    ("g34", "g", "at", "ai ky cong dien 217", "fact"),
    ("g35", "g", "at", "cam on bot nhe 👍", "chatter"),
    # --- the official again, private: which agency leads a task; then telling the bot who
    # they are (/caidat), their own agency's duties and deadlines (answers now within the
    # profile's province)
    (
        "p60",
        "p",
        "plain",
        "Đơn vị nào chịu trách nhiệm bảo đảm an toàn hồ đập thủy điện khi mưa lũ?",
        "fact",
    ),
    ("p56", "p", "plain", "/caidat", "profile"),
    ("p57", "p", "plain", "nhiệm vụ của tôi", "mine"),
    ("p58", "p", "plain", "/hanchot", "deadlines"),
    ("p59", "p", "plain", "Sở Tư pháp có hạn nào trong tháng này?", "deadlines"),
]

# Buttons pressed after these answers: (question id, "more" | "source 1" | ...)
PRESSES: list[tuple[str, str]] = [
    ("p02", "more"),
    ("p02", "source 1"),
    ("p08", "more"),
    ("p21", "source 1"),
    ("p18", "more"),
    ("p40", "source 1"),
    ("p46", "source 3"),
    ("g02", "source 1"),
    ("p06", "button:📄 Tệp gốc"),
    ("p56", "button:Lâm Đồng"),
    ("p56", "button:Sở Tư pháp"),
]

# The tester's reading of each answer against the documents (see the docstring).
# right | hard (right but hard to use) | wrong | wrongly_refused | rightly_refused | chatter_ok
# | chatter_bad; with a reason for anything not "right".
VERDICTS: dict[str, tuple[str, str]] = {
    # Scored by reading run 9 (the commit in its JSON) against the documents.
    "p01": ("chatter_ok", ""),
    "p02": ("right", ""),
    "p03": ("right", ""),
    "p04": ("right", ""),
    "p05": ("right", ""),
    "p06": ("right", ""),
    "p07": ("rightly_refused", "the 3262 web article names no signer"),
    "p08": ("right", ""),
    "p09": ("right", ""),
    "p10": ("right", ""),
    "p11": ("right", ""),
    "p12": ("right", ""),
    "p13": ("right", ""),
    "p14": ("right", ""),
    "p15": ("right", ""),
    "p16": ("right", ""),
    "p17": ("right", ""),
    "p18": ("right", ""),
    "p19": ("right", ""),
    "p20": ("right", ""),
    "p21": ("right", ""),
    "p22": ("right", ""),
    "p23": ("right", ""),
    "p24": ("right", ""),
    "p25": ("right", ""),
    "p26": ("right", ""),
    "p27": ("right", ""),
    "p28": ("right", ""),
    "p29": ("right", ""),
    "p30": ("right", ""),
    "p31": ("right", ""),
    "p32": ("right", ""),
    "p33": ("right", ""),
    "p34": (
        "wrongly_refused",
        "not taken within KH 308 either: the closest 308 section (II.4.1) has no date, and III.2 ('trước ngày 15 hằng tháng') is only second",
    ),
    "p35": ("right", ""),
    "p36": ("right", ""),
    "p37": ("right", ""),
    "p38": ("right", ""),
    "p39": ("right", ""),
    "p40": ("right", ""),
    "p41": ("right", ""),
    "p42": ("right", ""),
    "p43": ("right", ""),
    "p44": ("right", ""),
    "p45": (
        "wrong",
        "quotes '05 hội' (what three departments proposed, 2.a.4); the Tờ trình itself proposes dissolving 06 hội (3.b)",
    ),
    "p46": (
        "hard",
        "the two tasks of the PAR Index letter (b03 I.3, II.2.đ) come after two of the 2026 CCHC plan (a TV slot, propaganda)",
    ),
    "p47": ("right", ""),
    "p48": ("right", ""),
    "p49": ("right", ""),
    "p50": (
        "rightly_refused",
        "an English question: the hint in Vietnamese and English, as the issue asks",
    ),
    "p51": ("rightly_refused", ""),
    "p52": ("rightly_refused", ""),
    "p53": ("rightly_refused", ""),
    "p54": ("rightly_refused", "1906 gives Sở Y tế no task"),
    "p55": ("chatter_ok", ""),
    "g01": ("chatter_ok", ""),
    "g02": ("right", ""),
    "g03": ("right", ""),
    "g04": ("right", ""),
    "g05": ("right", ""),
    "g06": ("right", ""),
    "g07": ("right", ""),
    "g08": ("right", ""),
    "g09": ("right", ""),
    "g10": ("right", ""),
    "g11": ("right", ""),
    "g12": ("right", ""),
    "g13": ("right", ""),
    "g14": ("right", ""),
    "g15": ("right", ""),
    "g16": ("right", ""),
    "g17": ("right", ""),
    "g18": (
        "hard",
        "[2] đoạn 3 is cut before the task it gives the ministries ('tập trung chỉ đạo khắc phục nhanh hậu quả…')",
    ),
    "g19": ("right", ""),
    "g20": ("right", ""),
    "g21": ("right", ""),
    "g22": ("right", ""),
    "g23": ("right", ""),
    "g24": (
        "hard",
        "no duty cue: a fact answer quoting one of Sở Tư pháp's two BMNN tasks (II.6); III.4 not shown",
    ),
    "g25": ("right", ""),
    "g26": ("right", ""),
    "g27": ("right", ""),
    "g28": (
        "hard",
        "gives the standing agency's report 'trước ngày 20 hằng tháng' (III.1.1), not the departments' 'trước ngày 15 hằng tháng' (III.2) a community member would mean",
    ),
    "g29": ("right", ""),
    "g30": ("rightly_refused", ""),
    "g31": ("rightly_refused", ""),
    "g32": ("right", ""),
    "g33": ("right", ""),
    "g34": ("right", ""),
    "g35": ("chatter_ok", ""),
    "p60": ("right", ""),
    "p56": ("right", ""),
    "p57": ("right", ""),
    "p58": ("right", ""),
    "p59": ("right", ""),
}


@dataclass
class Record:
    """One question and what the bot answered."""

    qid: str
    chat: str
    how: str
    kind: str
    question: str
    text: str = ""
    visible: int = 0
    messages: int = 0
    pages: int = 1
    buttons: list[str] = field(default_factory=list)
    seconds: float = 0.0
    presses: list[dict[str, Any]] = field(default_factory=list)


def _config(work: Path, api: FakeTelegram) -> Path:
    """The repository's config, its paths pointing into `work` and Telegram at the fake."""
    text = (REPO / "config.toml").read_text(encoding="utf-8")
    replace = {
        "documents": f'"{work / "documents"}"',
        "index": f'"{work / "index"}"',
        "prompts": f'"{REPO / "prompts"}"',
        "state": f'"{work / "qa_state.sqlite"}"',
        "archive": f'"{work / "archive"}"',
        "gold": f'"{REPO / "tests/data/real/gold.json"}"',
        "base_url": f'"{api.base_url}"',
        "base_file_url": f'"{api.base_file_url}"',
    }
    for key, value in replace.items():
        text = re.sub(rf"(?m)^{key} = .*$", f"{key} = {value}", text, count=1)  # [telegram] first
    path = work / "qa_config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _prepare(work: Path) -> None:
    docs = work / "documents"
    docs.mkdir(parents=True, exist_ok=True)
    sources = sorted((REPO / "documents").iterdir()) + sorted(
        p for p in (REPO / "tests/data/real").iterdir() if p.name[:1] in "ab"
    )
    for source in sources:
        target = docs / source.name
        if not target.exists() or target.read_bytes() != source.read_bytes():
            shutil.copy2(source, target)
    (work / "qa_state.sqlite").unlink(missing_ok=True)


async def run(work: Path) -> list[Record]:
    """Play the whole session; the records, in order."""
    _prepare(work)
    with FakeTelegram() as api:
        settings = load_settings(_config(work, api))
        embedder = make_embedder(settings.embeddings)
        messages = Messages.load(settings.path("prompts"))
        store = Store(settings.path("state"))
        started = time.monotonic()
        library = Library.open(settings, embedder)
        print(f"index ready in {time.monotonic() - started:.0f} s", file=sys.stderr)
        services = Services(settings, messages, embedder, library, AsyncStore.over(store))
        application = build_application(settings, services, "0:fake")
        updater = application.updater
        assert updater is not None
        async with application:
            await set_commands(application, services)
            await updater.start_polling(poll_interval=0, timeout=1)
            await application.start()
            records = await play(api)
            await updater.stop()
            await application.stop()
        store.close()
    return records


def _buttons(params: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (b["text"], b.get("callback_data") or b.get("url", ""))
        for row in params.get("reply_markup", {}).get("inline_keyboard", [])
        for b in row
    ]


async def _settle(api: FakeTelegram, chat: int, count: int) -> None:
    """Wait until the bot has stopped sending to `chat` for a moment."""
    last, quiet = -1, 0
    while quiet < 4:
        now = len(api.sent(chat)) - count
        quiet = quiet + 1 if now == last else 0
        last = now
        await asyncio.sleep(0.15)


def _replied(api: FakeTelegram, update: dict[str, Any]) -> bool:
    return bool(api.replies_to(update))


async def play(api: FakeTelegram) -> list[Record]:
    records: list[Record] = []
    last_message: dict[str, tuple[int, dict[str, Any]]] = {}  # qid -> (message id, params)
    presses: dict[str, list[Any]] = {}
    for qid, what in PRESSES:
        presses.setdefault(qid, []).append(what)
    for qid, chat_kind, how, text, kind in QUESTIONS:
        chat, sender = (OFFICIAL, OFFICIAL) if chat_kind == "p" else (GROUP, MEMBER)
        sent = {"at": f"{AT} {text}", "at_end": f"{text} {AT}", "hoi": f"/hoi {text}"}.get(
            how, text
        )
        update = message(chat, sender, sent, reply_to_bot=how == "reply")
        before = len(api.sent(chat))
        started = time.monotonic()
        api.push(update)
        record = Record(qid, "private" if chat > 0 else "group", how, kind, sent)
        try:
            await api.wait_for(functools.partial(_replied, api, update), timeout=120)
        except AssertionError:
            record.text = "(no reply within 120 s)"
            records.append(record)
            print(f"{qid}: no reply", file=sys.stderr)
            continue
        record.seconds = round(time.monotonic() - started, 2)
        await _settle(api, chat, before)
        parts = api.sent(chat)[before:]
        record.messages = len(parts)
        first = parts[0]
        record.text = "\n\n—— next message ——\n\n".join(
            telegram_html_text(p["text"]) for p in parts
        )
        record.visible = len(telegram_html_text(first["text"]))
        buttons = _buttons(first)
        record.buttons = [label for label, _ in buttons]
        counter = re.search(r"Trang 1/(\d+)", telegram_html_text(first["text"]))
        record.pages = int(counter.group(1)) if counter else 1
        message_id = api.sent_message_id(first)
        last_message[qid] = (message_id, first)
        for what in presses.get(qid, []):
            pressed = await press(api, chat, sender, message_id, buttons, what)
            record.presses.append(pressed)
            if pressed.get("raw_buttons"):  # the next press is on what this one showed
                buttons, message_id = pressed.pop("raw_buttons"), pressed.pop("message_id")
        records.append(record)
        print(f"{qid}: {record.visible} chars, {record.messages} msg", file=sys.stderr)
    return records


async def press(
    api: FakeTelegram,
    chat: int,
    sender: int,
    message_id: int,
    buttons: list[tuple[str, str]],
    what: str,
) -> dict[str, Any]:
    """Press a button of an answer; what the bot sent or edited because of it."""
    if what == "more":
        wanted = [data for label, data in buttons if label.startswith("Xem thêm")]
    elif what.startswith("button:"):
        wanted = [data for label, data in buttons if label == what.partition(":")[2]]
    else:
        number = what.split()[1]
        wanted = [data for label, data in buttons if label.strip("[] ") == number]
    if not wanted:
        return {"pressed": what, "result": "(no such button)", "buttons": [b for b, _ in buttons]}
    before_sent = len(api.sent(chat))
    before_edits = len(api.edits(chat, message_id))
    before_answers = len(api.calls_to("answerCallbackQuery"))
    before_documents = len(api.calls_to("sendDocument"))
    api.push(callback(chat, sender, wanted[0], message_id))
    await api.wait_for(lambda: len(api.calls_to("answerCallbackQuery")) > before_answers)
    await _settle(api, chat, before_sent)
    await asyncio.sleep(0.3)
    popup = api.calls_to("answerCallbackQuery")[-1].params.get("text")
    new = api.sent(chat)[before_sent:]
    edits = api.edits(chat, message_id)[before_edits:]
    shown = new or edits
    text = "\n\n—— next message ——\n\n".join(telegram_html_text(p["text"]) for p in shown)
    documents = [c.params for c in api.calls_to("sendDocument")[before_documents:]]
    if documents:
        named = ", ".join(
            f"{d['document']['filename']} ({len(d['document']['data'])} bytes)" for d in documents
        )
        text = (text + "\n\n" if text else "") + f"(tệp gửi kèm: {named})"
    result: dict[str, Any] = {
        "pressed": what,
        "popup": popup,
        "new_messages": len(new),
        "edited": len(edits),
        "visible": len(telegram_html_text(shown[0]["text"])) if shown else 0,
        "text": text,
        "buttons": [label for label, _ in _buttons(shown[0])] if shown else [],
    }
    if shown and _buttons(shown[0]):
        result["raw_buttons"] = _buttons(shown[0])
        result["message_id"] = api.sent_message_id(new[0]) if new else message_id
    return result


# ---------------------------------------------------------------- report

LABELS = {
    "right": "right and usable",
    "hard": "right but hard to use",
    "wrong": "wrong",
    "wrongly_refused": "wrongly refused",
    "rightly_refused": "rightly refused",
}


def report(records: list[Record], commit: str) -> str:
    lines = [
        "# QA session (issue 14): the real bot over 5 seeds + 16 real directives",
        "",
        f"Commit `{commit}`, {len(records)} messages to the bot "
        f"({sum(r.chat == 'private' for r in records)} private, "
        f"{sum(r.chat == 'group' for r in records)} group). "
        "Generated by `scripts/qa_session.py`.",
        "",
    ]
    scored = [r for r in records if r.qid in VERDICTS]
    if scored:
        lines += _scorecard(records)
    lines += ["", "## Transcript", ""]
    for r in records:
        verdict = VERDICTS.get(r.qid)
        lines.append(f"### {r.qid} · {r.chat} · {r.kind}")
        lines.append(f"» `{r.question}`")
        lines.append("")
        lines.append(
            f"{r.visible} visible characters on page 1 · {r.messages} message(s) · "
            f"{r.pages} page(s) · {r.seconds} s · buttons: {' '.join(r.buttons) or '—'}"
        )
        if verdict:
            lines.append(
                f"**Verdict: {LABELS.get(verdict[0], verdict[0])}**"
                + (f" — {verdict[1]}" if verdict[1] else "")
            )
        lines.append("")
        lines.append("```text")
        lines.append(r.text)
        lines.append("```")
        for p in r.presses:
            lines.append(
                f"Pressed **{p['pressed']}** → popup {p.get('popup')!r}, "
                f"{p.get('new_messages', 0)} new message(s), {p.get('edited', 0)} edit(s), "
                f"{p.get('visible', 0)} visible characters, buttons: "
                f"{' '.join(p.get('buttons', [])) or '—'}"
            )
            lines.append("```text")
            lines.append(p.get("text") or p.get("result", ""))
            lines.append("```")
        lines.append("")
    return "\n".join(lines)


def _scorecard(records: list[Record]) -> list[str]:
    questions = [r for r in records if r.kind != "chatter"]
    counts: dict[str, int] = {}
    for r in questions:
        label = VERDICTS.get(r.qid, ("unscored", ""))[0]
        counts[label] = counts.get(label, 0) + 1
    total = len(questions)
    lines = ["## Scorecard", "", f"{total} questions (chatter apart):", ""]
    lines += ["| verdict | count | share |", "| --- | ---: | ---: |"]
    for key in [*LABELS, "unscored"]:
        if counts.get(key):
            lines.append(
                f"| {LABELS.get(key, key)} | {counts[key]} | {100 * counts[key] / total:.0f} % |"
            )
    chatter = [r for r in records if r.kind == "chatter"]
    ok = sum(VERDICTS.get(r.qid, ("",))[0] == "chatter_ok" for r in chatter)
    lines += ["", f"Chatter: {ok}/{len(chatter)} answered as chatter should be.", ""]
    # duty answers: the replies that list an agency's duties ("Nhiệm vụ của …"), refusals apart
    duty = [r for r in records if 0 <= r.text.find("Nhiệm vụ của") < 80]
    if duty:
        sizes = [r.visible for r in duty]
        lines.append(
            f"Duty answers ({len(duty)}, refusals apart): page 1 median {statistics.median(sizes):.0f}, "
            f"max {max(sizes)} visible characters; "
            f"{sum(r.messages == 1 for r in duty)} of {len(duty)} in one message; "
            f"{sum(r.visible < 1500 for r in duty)} under 1,500 characters."
        )
    lines += [
        "",
        "### Not right and usable",
        "",
        "| id | chat | question | verdict | why |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in records:
        verdict = VERDICTS.get(r.qid)
        if verdict and verdict[0] not in {"right", "chatter_ok", "rightly_refused"}:
            question = r.question.replace("|", "/")
            lines.append(f"| {r.qid} | {r.chat} | {question} | {verdict[0]} | {verdict[1]} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--work", type=Path, help="work folder (kept; its index is reused)")
    parser.add_argument("--out", type=Path, default=Path("/tmp/qa/transcript.md"))
    parser.add_argument("--json", type=Path, help="also write the records here")
    parser.add_argument("--from-json", type=Path, help="only re-render a saved run's records")
    args = parser.parse_args()
    import subprocess

    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    if args.from_json:
        saved = json.loads(args.from_json.read_text(encoding="utf-8"))
        records = [Record(**r) for r in saved["records"]]
        commit = saved.get("commit", commit)
    elif args.work:
        records = asyncio.run(run(args.work))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            records = asyncio.run(run(Path(tmp)))
    if args.json and not args.from_json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {"commit": commit, "records": [asdict(r) for r in records]},
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report(records, commit), encoding="utf-8")
    print(f"{len(records)} exchanges written to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
