"""How people ask: the cues that tell what a question wants, on folded (accentless, lower
case) text, so "phải làm gì", "phai lam gi" and "PHẢI LÀM GÌ" read the same.

Each cue is a tuple of phrases; `cue(phrases)` turns one into a whole-word pattern. The unit
tests (tests/test_vi_questions.py) hold examples of each, typed as people type them.
"""

from __future__ import annotations

import re

from bot.text import fold
from bot.vi.headers import TYPE_CODES, TYPE_NAMES

# "Sở Y tế phải làm gì?", "SYT được giao việc gì", "nhiệm vụ của …": the agency's duties.
DUTY = (
    "phai lam gi",
    "lam gi",
    "lam j",
    "lam nhung gi",
    "lam nhung viec gi",
    "nhung viec gi",
    "viec gi",
    "nhiem vu",
    "trach nhiem",
    "duoc giao",
    "duoc de nghi",
    "duoc yeu cau",
    "can lam",
    "phai thuc hien",
    "vai tro",
    "cong viec",
    "phan cong",
    "phai lam",
    "chu tri",
)
# "bao nhiêu", "mấy": the answer is a number.
QUANTITY = ("bao nhieu", "may")
# "khi nào", "hạn chót": the answer is a time.
WHEN = (
    "khi nao",
    "ngay nao",
    "bao gio",
    "bao lau",
    "thoi han",
    "luc nao",
    "han chot",
    "hom nao",
    "han cuoi",
    "truoc ngay nao",
)
# "Đơn vị nào chủ trì …?", "cơ quan nào phụ trách …": the answer names the agency. COOPERATING
# among the words asks for the cooperating ones.
WHICH_AGENCY = (
    "don vi nao",
    "co quan nao",
    "so nao",
    "nganh nao",
    "ben nao",
    "ai chu tri",
    "ai phu trach",
    "ai chiu trach nhiem",
    "ai thuc hien",
    "ai lam",
)
COOPERATING = ("phoi hop",)
# "… phải chuẩn bị những gì?", "gồm những việc nào": the answer is a list, a short section
# whole rather than one sentence of it.
LIST = (
    "nhung gi",
    "nhung viec gi",
    "nhung viec nao",
    "gom nhung",
    "nhung noi dung",
    "nhung bien phap",
)
# "nhiệm vụ của tôi", "viec cua toi", "tôi phải làm gì": the duties of the user's own agency
# (the profile's, /caidat), a message opening so.
MY_DUTIES = (
    "nhiem vu cua toi",
    "nhiem vu cua minh",
    "nhiem vu cua don vi toi",
    "nhiem vu cua co quan toi",
    "viec cua toi",
    "viec cua minh",
    "cong viec cua toi",
    "toi phai lam gi",
    "toi can lam gi",
    "minh phai lam gi",
    "em phai lam gi",
)
# "Ai ký …?", "người ký": the directive's signer.
SIGNER = (
    "ai ky",
    "ai ki",
    "nguoi ky",
    "nguoi ki",
    "ky boi",
    "do ai ky",
    "ky ban hanh",
    "da ky",
    "ky van ban",
    "ky cong van",
)
# "Văn bản mới nhất?": the newest directives.
NEWEST = ("moi nhat", "gan day nhat", "moi ban hanh", "vua ban hanh", "moi ky")
# Words a "which is the newest" question may hold besides its cue and a place: it asks
# about the directives themselves, not about a topic ("chỉ đạo mới nhất về tiêm chủng").
DOCUMENT_WORDS = frozenset(
    "van ban cong chi thi ke hoach quyet dinh dien thong bao ket luan to trinh nao gi la cua "
    "ubnd tinh thanh pho so ban hanh huong dan chi dao cac nhung co".split()
)
# "… số mấy?", "… ban hành ngày nào?", "… nói gì?": a directive's number, date or subject.
DIRECTIVE = (
    "so may",
    "so hieu",
    "so bao nhieu",
    "ban hanh ngay nao",
    "ban hanh khi nao",
    "ky ngay nao",
    "ky khi nao",
    "ngay ban hanh",
    "trich yeu",
)
# "Văn bản 3262 nói gì?", "tóm tắt KH 597": what a directive says, as its card and the tasks
# it gives. A question naming a directive and nothing else asks it too ("cv 3262").
SUMMARY = (
    "noi gi",
    "noi ve gi",
    "noi ve viec gi",
    "noi dung",
    "noi dung chinh",
    "tom tat",
    "gom nhung gi",
    "co nhung gi",
    "quy dinh gi",
    "chi dao gi",
)
# Words of a duty question that say it asks for duties, not what they are about: removed
# before the question's topic is compared with the sections ("… phải làm gì về tiêm chủng").
DUTY_WORDS = frozenset(
    "phai lam gi j nhung viec nhiem vu trach duoc giao de nghi yeu cau can thuc hien vai tro "
    "cong phan co cua theo trong ve doi voi vs va cac la nao nay do".split()
)
# A place word that comes with a province's name ("tỉnh Lai Châu", "TP Cần Thơ").
PLACE_WORDS = frozenset("tinh thanh pho tp tx xa phuong".split())


def cue(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern matching any of the phrases as whole words of folded text."""
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b")


# What a "bao nhiêu X" question counts, when X is one of these: the forms an answer writes
# it in after its number (folded). Any other X must itself follow a number ("06 hội").
UNIT_FORMS: dict[str, tuple[str, ...]] = {
    "tien": ("dong", "trieu", "ty", "nghin", "ngan", "vnd", "usd"),
    "phan tram": ("%", "phan tram"),
    "ty": ("ty",),
    "ty dong": ("ty",),
    "trieu": ("trieu",),
    "trieu dong": ("trieu",),
    "lan": ("lan",),
}
# Syllables after "bao nhiêu" that are not what it counts ("bao nhiêu thì …").
NOT_UNITS = frozenset("thi la de va con duoc se".split())
# A time an answer may give without a digit: "hằng tháng", "thường xuyên", "quý IV".
TIME_WORDS = (
    "hang ngay",
    "hang tuan",
    "hang thang",
    "hang quy",
    "hang nam",
    "thuong xuyen",
    "dinh ky",
    "quy i",
    "quy ii",
    "quy iii",
    "quy iv",
    "gio hanh chinh",
    "ngoai gio",
    "buoi sang",
    "buoi chieu",
    "buoi toi",
    "cuoi tuan",
)
# "tháng mấy", "mấy giờ", "năm nào": the time asked is this unit, written beside a number.
# "ngày nào" / "hôm nào" ask for a day: "16 giờ hằng ngày" does not answer them, "ngày 10/11" does.
TIME_UNITS = {
    "thang may": "thang",
    "may gio": "gio",
    "nam nao": "nam",
    "may ngay": "ngay",
    "ngay nao": "ngay",
    "ngay may": "ngay",
    "hom nao": "ngay",
}


# "KH 597", "công văn 1906", "CĐ số 217": a directive named by its type (name or the code its
# number carries) and the leading digits of its number.
# "văn bản 3262", "vb 3262": a directive of any type.
ANY_TYPE = {"van ban": "Văn bản", "vb": "Văn bản"}
_TYPE_WORDS = (
    {fold(name): name for name in TYPE_NAMES}
    | {fold(code): name for code, name in TYPE_CODES.items()}
    | ANY_TYPE
)
REFERENCE = re.compile(
    rf"\b({'|'.join(sorted(map(re.escape, _TYPE_WORDS), key=len, reverse=True))})"
    r"\s*(?:so\s*)?(\d+)\b(?!\s*/)"
)


def references(folded: str) -> list[tuple[str, str]]:
    """(type name, number's digits) of each directive a folded question names by type and
    number without the rest of its number: "theo kh 597" → [("Kế hoạch", "597")]."""
    return [(_TYPE_WORDS[m.group(1)], m.group(2).lstrip("0")) for m in REFERENCE.finditer(folded)]


_TYPE_NAMED = re.compile(
    rf"\b({'|'.join(sorted((re.escape(fold(n)) for n in TYPE_NAMES), key=len, reverse=True))})\b"
)


def types_named(folded: str) -> set[str]:
    """The document types a folded question names in full ("ai ký công văn …" → Công văn)."""
    return {_TYPE_WORDS[m.group(1)] for m in _TYPE_NAMED.finditer(folded)}


# A follow-up to the chat's previous question: it opens with one of these ("còn hạn chót?",
# "thế còn Sở Tài chính?") or points back at the directive just cited ("văn bản đó số mấy?").
FOLLOW_UP_OPENERS = ("con", "the con", "vay con", "con ve", "the thi", "vay thi", "con voi")
POINTING_BACK = (
    "van ban do",
    "van ban nay",
    "van ban tren",
    "cong van do",
    "cong van nay",
    "ke hoach do",
    "ke hoach nay",
    "chi thi do",
    "quyet dinh do",
    "vb do",
    "cv do",
)
_OPENER = re.compile(rf"^(?:{'|'.join(sorted(FOLLOW_UP_OPENERS, key=len, reverse=True))})\b\s*")
_BACK = re.compile(rf"\b(?:{'|'.join(sorted(POINTING_BACK, key=len, reverse=True))})\b")


def points_back(folded: str) -> bool:
    """Whether a folded question points back at the directive just cited ("văn bản đó")."""
    return _BACK.search(folded) is not None


def follow_up(folded: str) -> tuple[bool, str]:
    """Whether a folded question follows up the previous one, and the question without its
    opener ("the con so tai chinh?" → (True, "so tai chinh?"))."""
    if _BACK.search(folded):
        return True, folded
    rest = _OPENER.sub("", folded, count=1)
    return rest != folded and bool(rest.strip(" ?")), rest


def duty_question(agency: str, about: str = "", within: str | None = None) -> str:
    """The question the bot asks for an agency's duties (/nhiemvu, an "Ý bạn là …?" button, a
    follow-up naming another agency): "Sở Y tế phải làm gì về tiêm vắc xin theo văn bản 3262?"."""
    topic = f" về {about}" if about else ""
    directive = f" theo văn bản {within}" if within else ""
    return f"{agency} phải làm gì{topic}{directive}?"


# "Sở Y tế có hạn chót nào?", "hạn chót Sở Y tế?": an agency's deadlines. Words such a question
# holds besides the agency (folded).
DEADLINE = ("han chot", "thoi han", "han nop", "han cuoi", "co han", "han nao")
DEADLINE_WORDS = frozenset(
    "han chot thoi nop cuoi nao gi co nhung cac cua phai khi bao gio la ngay may trong "
    "tuan thang nam nay sau toi hom mai".split()
)
# "… có hạn nào trong tuần này?": the days a deadline question asks about, as (unit, how many
# units from this one): "day", "week" (Monday to Sunday) or "month".
DEADLINE_WINDOWS = {
    "hom nay": ("day", 0),
    "ngay mai": ("day", 1),
    "tuan nay": ("week", 0),
    "tuan sau": ("week", 1),
    "tuan toi": ("week", 1),
    "thang nay": ("month", 0),
    "thang sau": ("month", 1),
    "thang toi": ("month", 1),
}
