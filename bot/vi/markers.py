"""How Vietnamese directives lay out their text, as data (Nghị định 30/2020/NĐ-CP conventions).

List markers (I., Điều 1., 1.1., a), -, +), the field lines of a plan's task ("Cơ quan chủ trì:",
"Thời gian thực hiện:"), the cues of introductions and closing boilerplate, and the phrases
that give a deadline. Each table is read by generic code in bot/parsing.py and tested on its
own in tests/test_vi_markers.py. Cues are written diacritic-folded (see bot.text.fold).
"""

from __future__ import annotations

# ---- List markers, outermost first ----------------------------------------------------------

# Letters of a lettered list follow the Vietnamese alphabet: a) b) c) d) đ) e) g) h) i) k) ...
LIST_LETTERS = "abcdđeghiklmnopqrstuvxy"

ROMAN_PART = r"^([IVXL]+)[.)]\s+(.+)$"  # "II. NỘI DUNG"
ANNEX = r"^(PHỤ LỤC|Phụ lục)(\s+[IVXL\d]+)?\b\s*[.:]?\s*(.*)$"  # "Phụ lục I"
ARTICLE = r"^(Điều\s+\d+)\s*[.:]\s*(.*)$"  # "Điều 3. ...", not "Điều 35 Nghị định ..." wrapped
NUMBERED = r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?[)]?\s+(?=\S)(.+)$"  # "1.", "1.2.", "3.1.2"
LETTERED = rf"^([{LIST_LETTERS}])\)\s+(.+)$"  # "a) ...", "đ) ..."
BULLET = r"^([-–•*])\s*(.+)$"  # "- ...", "• ..."
SUB_BULLET = r"^([+])\s*(.+)$"  # "+ ..." under a dash bullet

# A lettered item written on the same line as its heading once wrapped lines are joined
# ("2. Về các nền tảng số a) Nhiệm vụ: ...", "1. Nhiệm vụ cụ thể b) Giao Sở Nội vụ:"): a letter
# after a heading with no sentence end, within this many characters.
INLINE_LETTER = rf"(?<=[^\s.;,])\s+([{LIST_LETTERS}]\)\s+\S)"
INLINE_HEADING_CHARS = 160
# Words after which "a)" is a citation, not an item ("theo điểm a) khoản 2 Điều 5").
CITATION_WORDS = ("điểm", "tiết", "khoản")

# A line that ends on one of these words (folded), or on a comma, goes on in the next line:
# the layout wrapped it ("Thực hiện Quyết định số" / "2138/QĐ-TTg ...", "Quý" / "IV năm 2025").
CONTINUATION_WORDS = frozenset(
    "va cua so ve tai theo voi cho cac nhung tu den trong la de hoac hay ngay thang nam quy "
    "the nhu sau khi tren duoi bang nham giua".split()
)

# The line that opens the list of addressees, which belongs to the header, not the body:
# "Kính gửi:" (folded start), "THỦ TƯỚNG CHÍNH PHỦ điện:" (folded end, a Công điện).
RECIPIENTS_START = ("kinh gui",)
RECIPIENTS_END = (" dien:",)

# ---- Field lines of a plan's task ------------------------------------------------------------

# "- Cơ quan chủ trì: Sở X", "b) Cơ quan thực hiện:", "c) Thời gian thực hiện: Năm 2026".
# A field line belongs to the task above it, whatever marker it carries.
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "task": ("nhiem vu", "noi dung", "noi dung cong viec", "noi dung thuc hien"),
    "lead": (
        "co quan chu tri",
        "don vi chu tri",
        "chu tri",
        "co quan chu tri thuc hien",
        "don vi chu tri thuc hien",
    ),
    "cooperating": (
        "co quan phoi hop",
        "don vi phoi hop",
        "phoi hop",
        "co quan phoi hop thuc hien",
    ),
    "agency": (
        "co quan thuc hien",
        "don vi thuc hien",
        "co quan, don vi thuc hien",
        "trach nhiem thuc hien",
        "co quan chiu trach nhiem",
        "don vi chiu trach nhiem",
    ),
    "time": (
        "thoi gian",
        "thoi gian thuc hien",
        "thoi gian hoan thanh",
        "thoi han",
        "thoi han hoan thanh",
        "tien do",
        "tien do thuc hien",
        "tien do hoan thanh",
    ),
    "product": ("san pham", "san pham dau ra", "ket qua", "ket qua dau ra"),
    "funding": ("kinh phi", "kinh phi thuc hien", "nguon kinh phi"),
}

# ---- Introductions and closing boilerplate ---------------------------------------------------

# Paragraphs that open a directive: they are facts, never an agency's task heading.
INTRO_CUES = (
    "can cu ",
    "thuc hien ",
    "theo de nghi",
    "xet de nghi",
    "xet to trinh",
    "trong thoi gian qua",
    "nham ",
    "de ",
)

# Paragraphs that close a directive or a part: kept as sections, never a task heading.
CLOSING_CUES = (
    "trong qua trinh thuc hien",
    "trong qua trinh trien khai",
    "qua trinh thuc hien neu",
    "yeu cau cac",
    "de nghi cac",
    "tren day la",
    "nhan duoc van ban nay",
    "uy ban nhan dan tinh yeu cau",
    "ubnd tinh yeu cau",
    "chu tich uy ban nhan dan tinh yeu cau",
    "quyet dinh nay co hieu luc",
    "ke hoach nay thay the",
)
CLOSING_END = "./."  # the directive's last sentence ends so
# "Nơi nhận:" (folded), which ends the body; loose enough for an OCR'd "Noi nhQn:".
CLOSING_BLOCK = r"^no\S?i\s+nh\S{1,2}n\s*:?"

# A document attached after the closing (a Quyết định issues a Kế hoạch, a Quy chế...): its
# title in capitals (folded start) or its note "(Ban hành kèm theo Quyết định số ...)".
ATTACHED_TITLES = (
    "ke hoach",
    "quy che",
    "quy dinh",
    "phuong an",
    "chuong trinh",
    "de an",
    "huong dan",
    "phu luc",
    "danh muc",
    "dieu le",
)
ATTACHED_NOTE = r"\((?:ban hanh )?kem theo (?:quyet dinh|ke hoach|van ban|cong van)"

# OCR reads an item's "1." as "l." (a lower-case L).
OCR_ONE = r"^l(?=\.\s)"

# ---- Deadlines -------------------------------------------------------------------------------

# A run of days in one month, read whole ("16-20/11/2025", "16 - 20 tháng 11 năm 2025"), before
# a single day, lest "16-20/11" read as day 16 of month 20 and "/2025" be lost.
_DAYS = (
    r"\d{1,2}\s*-\s*\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{2,4})?(?!\d)"
    r"|\d{1,2}\s*-\s*\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?"
)
# A dot parts a date only unspaced ("15.12.2025"): "trước ngày 20. 3. Sở …" ends a sentence.
_DATE_SEP = r"(?:\s*[/-]\s*|\.)"
_DATE = (
    rf"{_DAYS}"
    rf"|\d{{1,2}}{_DATE_SEP}\d{{1,2}}(?:{_DATE_SEP}\d{{2,4}})?"
    r"|\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?"
)
_CLOCK = r"\d{1,2}\s*(?:giờ|h)(?:\s*\d{1,2}(?:\s*phút|['’])?)?"
_WEEKDAY = r"thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ\s+nhật"
_EVERY = r"(?:hằng|hàng)\s+(?:ngày|tuần|tháng|quý|năm)"
_YEARS = r"(?:\s*/\s*\d{4}|\s+năm\s+\d{4})"
_MONTH = rf"tháng\s+\d{{1,2}}{_YEARS}?"
_Q = r"(?:IV|I{1,3}|[1-4])\b"
_QUARTER = rf"quý\s+{_Q}{_YEARS}?"
# A list of months or quarters that one year may close: "tháng 11, tháng 12 năm 2025", "tháng
# 11 - 12/2025", "tháng 11, 12/2025", "quý III, IV năm 2025". A quarter named again ("quý III
# và quý IV năm 2026") is found on its own, with its year, by the bare "Quý IV năm 2025" pattern.
_LIST_AND = r"\s*(?:,|và|hoặc)\s*"
_LIST_TO = r"\s*(?:-|–|đến)\s*"
_MONTHS = (
    rf"{_MONTH}(?:{_LIST_AND}{_MONTH}|{_LIST_TO}(?:tháng\s+)?\d{{1,2}}(?!\d){_YEARS}?"
    rf"|{_LIST_AND}\d{{1,2}}{_YEARS})*"
)
_QUARTERS = (
    rf"{_QUARTER}(?:(?:{_LIST_AND}|{_LIST_TO})(?:(?:IV|I{{1,3}})\b{_YEARS}?|[1-4]{_YEARS}))*"
)
_BEFORE = r"(?:trước|chậm nhất(?:\s+là)?(?:\s+trước)?|hạn chót|hạn cuối|xong trước)"
# The day a recurring rule falls due: an hour (and weekday), a weekday, a day of the month, or
# a day and month of a yearly rule; never a dated day ("trước 16 giờ ngày 20/12/2025" is once).
_RULE_DUE = (
    rf"(?:{_CLOCK})(?:\s*,?\s*(?:ngày\s+)?(?:{_WEEKDAY}))?"
    rf"|ngày\s+\d{{1,2}}(?:\s*/\s*\d{{1,2}}|\s+tháng\s+\d{{1,2}})?"
    rf"|(?:ngày\s+)?(?:{_WEEKDAY})"
)
_NO_DATE_AFTER = r"(?!\s*\d|\s*[/-]\s*\d|\.\d|\s+năm\s+\d|\s*,?\s*ngày\s+\d)"
# Words between a recurrence and its due time in one clause ("hàng ngày báo cáo kết quả cho
# Công an tỉnh trước 16 giờ"): at most this many characters, no clause end, no other recurrence.
RULE_GAP_CHARS = 80
_RULE_GAP = rf"(?:(?!{_EVERY})[^.;:!?()\n]){{0,{RULE_GAP_CHARS}}}?"
# The words a start follows: "bắt đầu (thực hiện) từ tháng 01/2026", "triển khai từ ngày 01/12".
# A bare "từ ngày …" is most often background ("đã kết thúc từ ngày 28/12/2023", "Từ ngày
# 01/7/2025, sau khi thành lập tỉnh …") or a forecast ("Từ ngày 16-20/11/2025, … có lũ").
START_VERBS = ("thực hiện", "triển khai", "áp dụng")
_START = (
    rf"(?:bắt đầu\s+(?:(?:{'|'.join(START_VERBS)})\s+)?"
    + "".join(f"|(?<={verb} )" for verb in START_VERBS)
    + r")"
)

# Each pattern finds one deadline phrase; longer finds swallow the shorter ones they contain.
DEADLINE_PATTERNS: tuple[str, ...] = (
    # "trước ngày 06/12/2025", "chậm nhất ngày 28/2", "trước ngày 10 tháng 11 năm 2023"
    rf"{_BEFORE}\s+(?:ngày\s+)?(?:{_DATE})",
    # "trước ngày 15 hằng tháng", "trước ngày 20 hàng tháng"
    rf"{_BEFORE}\s+ngày\s+\d{{1,2}}\s+{_EVERY}",
    # "trước 16 giờ ngày thứ Sáu hằng tuần", "trước 14h ngày 29/7", "trước 16 giờ hằng tuần"
    rf"{_BEFORE}\s+{_CLOCK}(?:\s*,?\s*(?:ngày\s+)?(?:{_WEEKDAY}|{_DATE}))?(?:\s+{_EVERY})?",
    # "trước tháng 6/2026", "trước quý III/2026", "trước năm 2027"
    rf"{_BEFORE}\s+(?:{_MONTH}|{_QUARTER}|năm\s+\d{{4}})",
    # A recurrence and its due time in one clause: "hằng tháng, trước ngày 15", "Định kỳ hằng
    # tuần (trước 16 giờ ngày thứ sáu)", "Định kỳ hằng năm (trước ngày 30 tháng 11)", "hàng
    # ngày báo cáo kết quả cho Công an tỉnh trước 16 giờ 00’", "định kỳ hằng tuần, vào thứ Sáu"
    rf"(?:định kỳ\s+)?{_EVERY}(?:\s*,?\s*(?P<paren>\()?\s*|\s*,?\s+{_RULE_GAP}\s)"
    rf"(?:{_BEFORE}|vào)\s+(?:{_RULE_DUE}){_NO_DATE_AFTER}(?(paren)\s*\))",
    # "định kỳ hằng tháng"
    rf"định kỳ\s+{_EVERY}",
    # "trong tháng 12/2025", "trong quý I/2026", "trong tháng 11, tháng 12 năm 2025"
    rf"(?:hoàn thành\s+)?trong\s+(?:{_MONTHS}|{_QUARTERS})",
    r"(?:hoàn thành|xong|thực hiện)\s+trong\s+năm\s+\d{4}",
    # "Quý I/2026", "quý IV năm 2025"
    rf"quý\s+(?:IV|I{{1,3}}|[1-4]){_YEARS}",
    # "trong thời hạn 05 ngày làm việc kể từ ...", "trong vòng 24 giờ", "trong 24-48 giờ sau khi"
    r"(?:trong thời hạn|trong vòng|trong|chậm nhất(?:\s+là)?|sau)\s+\d+(?:\s*-\s*\d+)?\s+"
    r"(?:ngày|giờ|tuần|tháng)(?:\s+làm việc)?(?:\s+(?:kể từ|sau khi)[^,;.\n]*)?",
    # "bắt đầu thực hiện từ tháng 01/2026", "triển khai từ ngày 01/12 đến ngày 31/12/2025"
    rf"{_START}từ\s+(?:ngày\s+(?:{_DATE})(?:\s*(?:đến|-|–)\s*(?:hết\s+)?(?:ngày\s+)?(?:{_DATE}))?"
    rf"|{_MONTH}|{_QUARTER}|năm\s+\d{{4}})",
)

# OCR reads the "1" that opens a number as a lower-case L ("trước l6 giờ", "ngày l5/11"): an
# "l" alone before a digit, not inside a word.
OCR_DIGIT_ONE = r"(?<![^\W\d_])l(?=\d)"

# A field line that gives the time: its whole value is the deadline ("Năm 2026", "Thường xuyên").
TIME_FIELD = "time"
