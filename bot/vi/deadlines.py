"""How Vietnamese directives word a deadline, as data: dates ("trước ngày 10/11/2021"), hours
("16 giờ"), periods ("trong quý II/2020", "6 tháng đầu năm", "năm 2026"), recurring rules
("định kỳ hằng tháng trước ngày 20", "thứ Sáu hằng tuần"), spans of time counted from the
directive ("30 ngày kể từ ngày ký") and the words that set no date ("thường xuyên", "ngay").

bot/deadlines.py reads a phrase with these tables: it lower-cases it, writes number words as
digits (NUMBER_WORDS, before folding: "sáu" and "sau" fold alike), folds it (bot.text.fold),
rewrites it with NORMALISE, and then matches the patterns below. Everything but NUMBER_WORDS and
IMMEDIATE_ACCENTED is written folded. Each table is tested on its own in
tests/test_vi_deadlines.py.
"""

from __future__ import annotations

# ---- Words → numbers -------------------------------------------------------------------------

# Number words before a unit ("trong vòng mười ngày", "sáu tháng đầu năm"), accented: folded,
# "sáu" (six) is "sau" (after) and "năm" (five) is "năm" (year).
NUMBER_WORDS: dict[str, int] = {
    "một": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
    "mười lăm": 15,
    "hai mươi": 20,
    "ba mươi": 30,
}
# A number word counts only before a unit, and never after "thứ" ("thứ năm ngày" is a day).
NUMBER_WORD = (
    r"(?<!thứ )\b("
    + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))  # "mười lăm" before "mười"
    + r")\s+(?=(?:ngày|tuần|tháng|giờ)\b)"
)

# Quarters: "quý I" … "quý IV", "quý 1" … "quý 4".
QUARTERS: dict[str, int] = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# Half years: "6 tháng đầu năm", "6 tháng cuối năm", "nửa đầu năm".
HALVES: dict[str, int] = {"dau": 1, "cuoi": 2}
# Weekdays, Monday = 0 as in datetime.date.weekday(): "thứ Hai" … "thứ Bảy", "Chủ nhật".
WEEKDAYS: dict[str, int] = {
    "thu hai": 0,
    "thu 2": 0,
    "thu ba": 1,
    "thu 3": 1,
    "thu tu": 2,
    "thu 4": 2,
    "thu nam": 3,
    "thu 5": 3,
    "thu sau": 4,
    "thu 6": 4,
    "thu bay": 5,
    "thu 7": 5,
    "chu nhat": 6,
}
# "hằng/hàng/mỗi <unit>" (both fold to "hang"): how often a rule recurs (bot.deadlines.Every).
EVERY_UNITS: dict[str, str] = {
    "ngay": "day",
    "tuan": "week",
    "thang": "month",
    "quy": "quarter",
    "nam": "year",
}
# "định kỳ N tháng": every N months.
PERIODIC_MONTHS: dict[int, str] = {1: "month", 3: "quarter", 6: "half", 12: "year"}
# Units of a span counted from a day ("30 ngày", "24 giờ", "2 tuần", "3 tháng").
SPAN_UNITS: dict[str, str] = {"ngay": "day", "gio": "hour", "tuan": "week", "thang": "month"}
# Units of "this …" ("trong tháng này", "trong năm nay"): the period holding the directive's day.
THIS_UNITS: dict[str, str] = {"tuan": "week", "thang": "month", "quy": "quarter", "nam": "year"}

# ---- One spelling for each form (folded, applied in order) -----------------------------------

NORMALISE: tuple[tuple[str, str], ...] = (
    (r"[’'`‘]", " "),  # "16 giờ 00’"
    (r"(\d{1,2})\s*h\s*(\d{1,2})\b", r"\1 gio \2"),  # "16h30" → "16 gio 30"
    (r"(\d{1,2})\s*h\b", r"\1 gio"),  # "14h" → "14 gio"
    # "10 tháng 11 năm 2021" → "10/11/2021"; "23 tháng 1" → "23/1"
    (r"(?<![\d/])(\d{1,2})\s+thang\s+(\d{1,2})\s*(?:nam|/)\s*(\d{4})", r"\1/\2/\3"),
    (r"(?<![\d/])(\d{1,2})\s+thang\s+(\d{1,2})\b", r"\1/\2"),
    # "tháng 12 năm 2025" → "thang 12/2025"; "quý IV năm 2025" → "quy iv/2025"
    (r"\b(thang\s+\d{1,2}|quy\s+(?:iv|i{1,3}|[1-4]))\s+nam\s+(\d{4})", r"\1/\2"),
    (r"\s+", " "),
)

# ---- Patterns (folded, after NORMALISE) ------------------------------------------------------


def _date(prefix: str = "") -> str:
    """A day and month, with a year or not: "10/11/2021", "15/12", "29-7-2020"; never a month
    after "tháng" ("tháng 11 - 12/2025" is two months, not 11 December)."""
    return (
        rf"(?<![\d/.])(?<!thang )(?<!quy )(?P<{prefix}day>0?[1-9]|[12]\d|3[01])\s*[/.-]\s*"
        rf"(?P<{prefix}month>0?[1-9]|1[0-2])"
        rf"(?:\s*[/.-]\s*(?P<{prefix}year>\d{{4}}|\d{{2}})(?!\d))?(?![\d/])"
    )


def _clock(prefix: str = "") -> str:
    """An hour of the day: "16 gio", "16 gio 30", "20 gio 15 phut"."""
    return (
        rf"(?<!\d)(?P<{prefix}hour>\d{{1,2}})\s*gio"
        rf"(?:\s*(?P<{prefix}minute>\d{{1,2}})(?:\s*phut)?)?"
    )


DATE = _date()
CLOCK = _clock()
# "từ ngày 16-20/11": a run of days in one month.
SPAN_DAYS = rf"\btu\s+(?:ngay\s+)?(?P<first>\d{{1,2}})\s*-\s*{DATE}"
# "từ ngày 20/01/2022 đến ngày 31/3/2022".
SPAN_DATES = rf"{_date('from_')}\s*(?:-|den|toi)\s*(?:het\s+)?(?:ngay\s+)?{DATE}"
# "Từ 20 giờ 15 phút - 20 giờ 45 phút ngày 23 tháng 1": hours of one day.
SPAN_CLOCKS = rf"{_clock('from_')}\s*(?:-|den)\s*{CLOCK}\s*,?\s*(?:ngay\s+)?{DATE}"

# "30 ngày kể từ ngày ký", "trong vòng 7 ngày", "trong thời hạn 05 ngày làm việc", "sau 24
# giờ": a count of units after a day. It needs a lead word or an anchor ("kể từ …"), lest
# "trước 16 giờ" read as sixteen hours; "6 tháng đầu năm" is a half year, not six months.
RELATIVE = (
    r"(?:\b(?P<lead>trong\s+thoi\s+han|trong\s+vong|trong|sau|cham\s+nhat(?:\s+la)?"
    r"|khong\s+qua|toi\s+da)\s+)?"
    r"(?<![\d/])(?P<count>\d+)(?:\s*-\s*(?P<upto>\d+))?\s*(?P<unit>ngay|gio|tuan|thang)\b"
    r"(?P<working>\s+lam\s+viec)?(?!\s+(?:dau|cuoi)\s+nam)"
    r"(?:\s*,?\s*(?P<since>ke\s+tu|tinh\s+tu|sau)\s+(?P<anchor>[^,;.]*))?"
)
# What a span counts from when it counts from the directive itself: "ngày ký", "ngày ban
# hành", "ngày Kế hoạch này được ban hành", "ngày ký ban hành văn bản".
ISSUE_ANCHOR = (
    r"^ngay\s+(?:(?:van\s+ban|ke\s+hoach|chi\s+thi|cong\s+van|cong\s+dien|quyet\s+dinh"
    r"|thong\s+bao)\s+(?:nay\s+)?)?(?:duoc\s+)?(?:ky|ban\s+hanh)\b"
)

# Recurring rules: "hằng ngày", "hàng tuần", "mỗi tháng", "định kỳ 6 tháng".
EVERY = r"\b(?:hang|moi)\s+(?P<unit>ngay|tuan|thang|quy|nam)\b"
PERIODIC = r"\bdinh\s+ky\b(?:\s+(?P<months>\d{1,2})\s+thang)?"
# The day of the month a monthly rule falls due: "trước ngày 20 hằng tháng".
DAY_OF_MONTH = r"\bngay\s+(?P<day>\d{1,2})\b(?!\s*[/.-]\s*\d)"
WEEKDAY = r"\b(?P<weekday>thu\s+(?:hai|ba|tu|nam|sau|bay|[2-7])|chu\s+nhat)\b"

# A start, not a due day: "từ ngày 01/7/2025", "bắt đầu thực hiện từ tháng 01/2026",
# "Quý IV năm 2025 và các năm tiếp theo", "từ năm 2026 trở đi".
START = r"^(?:bat\s+dau\s+(?:(?:thuc\s+hien|trien\s+khai|ap\s+dung)\s+)?)?(?:ke\s+)?tu\s+"
ONWARD = r"\b(?:tro\s+di|(?:va\s+)?cac\s+(?:nam|thang|quy)\s+tiep\s+theo)\b"

# Periods, due on their last day: "trong quý II/2020", "trong tháng 12/2025", "6 tháng đầu năm
# 2026", "năm 2026", "cuối năm", "trong năm nay".
HALF = r"\b(?:6\s+thang|nua)\s+(?P<half>dau|cuoi)\s+nam\b(?:\s*/?\s*(?P<year>\d{4}))?"
QUARTER = r"\bquy\s+(?P<quarter>iv|i{1,3}|[1-4])\b(?:\s*/\s*(?P<year>\d{4}))?"
MONTH = r"\bthang\s+(?P<month>\d{1,2})\b(?:\s*/\s*(?P<year>\d{4}))?(?!\s*/)"
YEAR = r"\bnam\s+(?P<year>\d{4})\b"
YEAR_END = r"\b(?:truoc\s+)?cuoi\s+nam\b(?!\s*\d)"  # "trước cuối năm": by its end
THIS_PERIOD = r"\b(?P<unit>tuan|thang|quy|nam)\s+(?:nay|hien\s+tai)\b"
# Words just before a period. "trước quý III/2026", "trước tháng 6/2026", "trước năm 2027": due
# the day before it starts. "đầu năm 2026", "giữa tháng 6": some day in it, none named.
BEFORE = r"\btruoc\s*$"
EARLY = r"\b(?:dau|giua)\s*$"
# "từ nay đến ngày 31/12/2025", "đến hết năm 2025": an end, though the phrase opens with "từ".
UNTIL = r"\b(?:den|toi)\s+(?:het\s+)?(?:ngay\s+)?(?:\d|thang|quy|nam)"

# Neither a date nor a rule: tied to an event or another body's schedule ("sau khi Nghị định …
# ban hành", "theo tiến độ …"), ongoing ("thường xuyên"), or at once ("khẩn trương", "ngay").
EVENT = (
    r"^(?:[a-z]+\s+){0,3}?(?:sau\s+khi|ke\s+tu\s+khi|ngay\s+khi|khi)\b"
    r"|\btheo\s+(?:tien\s+do|lo\s+trinh|ke\s+hoach|huong\s+dan|yeu\s+cau)\b"
)
ONGOING = r"\b(?:thuong\s+xuyen|lien\s+tuc|trong\s+suot|suot\s+thoi\s+gian|dai\s+han)\b"
IMMEDIATE = r"\b(?:khan\s+truong|lap\s+tuc|tuc\s+thi|som\s+nhat|cap\s+bach|khan\s+cap)\b"
IMMEDIATE_ACCENTED = r"\bngay\b(?!\s*(?:\d|sau|khi))"  # "ngay", not "ngày" (both fold to "ngay")
