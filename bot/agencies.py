"""Agencies: an alias table plus names found in the corpus, matched on folded syllables.

Matching works on syllable sequences, so punctuation and diacritics do not matter:
"Sở TT&TT", "So TT-TT" and "sở tt tt" are the same alias; "LĐ-TB&XH" and "LĐTBXH" are listed
both ways. A section's assignees are split into lead (heading or sentence subject, "X chủ trì",
"Giao X", "Đề nghị X") and cooperating ("phối hợp với X").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.text import fold, nfc
from bot.types import Assignee, Role

GROUP_DEPARTMENTS = "Các sở, ban, ngành"

# canonical name → aliases (the canonical name is always an alias of itself).
ALIASES: dict[str, tuple[str, ...]] = {
    "Sở Y tế": ("ngành Y tế", "Sở YT", "Sở Y tế tỉnh"),
    "Sở Tài chính": ("ngành Tài chính", "Sở TC"),
    "Sở Thông tin và Truyền thông": (
        "Sở Thông tin Truyền thông",
        "Sở TT&TT",
        "Sở TTTT",
        "Sở TT và TT",
        "Sở TTTTT",
        "ngành Thông tin và Truyền thông",
        "Sở Thông tin - Truyền thông",
    ),
    "Sở Lao động - Thương binh và Xã hội": (
        "Sở Lao động Thương binh Xã hội",
        "Sở LĐ-TB&XH",
        "Sở LĐTBXH",
        "Sở LĐTB&XH",
        "Sở LĐ-TBXH",
        "ngành Lao động - Thương binh và Xã hội",
        "Sở Lao động",
    ),
    "Sở Kế hoạch và Đầu tư": ("Sở Kế hoạch Đầu tư", "Sở KH&ĐT", "Sở KHĐT", "Sở KH-ĐT"),
    "Sở Giáo dục và Đào tạo": (
        "Sở Giáo dục Đào tạo",
        "Sở GD&ĐT",
        "Sở GDĐT",
        "Sở GD-ĐT",
        "ngành Giáo dục",
        "ngành Giáo dục và Đào tạo",
    ),
    "Sở Giao thông vận tải": ("Sở GTVT", "Sở Giao thông", "ngành Giao thông vận tải"),
    "Sở Công Thương": ("Sở CT", "ngành Công Thương"),
    "Sở Ngoại vụ": (),
    "Sở Nội vụ": ("ngành Nội vụ",),
    "Sở Tư pháp": ("ngành Tư pháp",),
    "Sở Xây dựng": ("ngành Xây dựng",),
    "Sở Tài nguyên và Môi trường": ("Sở TN&MT", "Sở TNMT", "Sở Tài nguyên Môi trường"),
    "Sở Nông nghiệp và Phát triển nông thôn": (
        "Sở NN&PTNT",
        "Sở NNPTNT",
        "Sở Nông nghiệp",
        "Sở Nông nghiệp và Môi trường",
    ),
    "Sở Văn hóa, Thể thao và Du lịch": (
        "Sở VHTTDL",
        "Sở VH-TT&DL",
        "Sở VHTT&DL",
        "Sở Văn hóa Thể thao Du lịch",
        "Sở Văn hóa và Thể thao",
    ),
    "Sở Du lịch": ("ngành Du lịch",),
    "Sở Khoa học và Công nghệ": ("Sở KH&CN", "Sở KHCN"),
    "Công an tỉnh": ("ngành Công an", "Công an tỉnh", "lực lượng Công an"),
    "Bộ Chỉ huy Quân sự tỉnh": ("Bộ CHQS tỉnh", "BCHQS tỉnh", "Bộ Chỉ huy Quân sự"),
    "Bộ Chỉ huy Bộ đội Biên phòng tỉnh": ("Bộ đội Biên phòng tỉnh", "BĐBP tỉnh", "Biên phòng"),
    "Ban Tuyên giáo Tỉnh ủy": ("Ban Tuyên giáo", "BTG Tỉnh ủy"),
    "Ban Dân vận Tỉnh ủy": ("Ban Dân vận",),
    "Ban Cán sự đảng UBND tỉnh": ("Ban Cán sự đảng Ủy ban nhân dân tỉnh",),
    "Ủy ban MTTQ Việt Nam tỉnh": (
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
        "Ủy ban MTTQ tỉnh",
        "Ủy ban MTTQ",
        "UBMTTQ",
        "MTTQ",
        "Mặt trận Tổ quốc",
        "Mặt trận Tổ quốc Việt Nam",
    ),
    "Các đoàn thể chính trị - xã hội": ("các đoàn thể", "các hội, đoàn thể", "đoàn thể"),
    "UBND tỉnh": ("Ủy ban nhân dân tỉnh",),
    "Văn phòng UBND tỉnh": ("Văn phòng Ủy ban nhân dân tỉnh", "VPUBND tỉnh", "VP UBND tỉnh"),
    "UBND các huyện, thành phố": (
        "Ủy ban nhân dân các huyện, thành phố",
        "UBND các huyện, thị xã, thành phố",
        "UBND cấp huyện",
        "Ủy ban nhân dân cấp huyện",
        "các huyện, thành phố",
        "UBND các huyện",
        "Ủy ban nhân dân các huyện",
        "các huyện, thị xã, thành phố",
        "UBND huyện",
        "Chủ tịch UBND cấp huyện",
    ),
    "UBND các xã, phường, thị trấn": (
        "UBND cấp xã",
        "Ủy ban nhân dân cấp xã",
        "các xã, phường, thị trấn",
        "chính quyền cơ sở",
    ),
    "Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh": (
        "Ban Chỉ đạo phòng, chống dịch Covid-19 tỉnh",
        "BCĐ phòng, chống dịch",
        "BCĐ tỉnh",
        "Ban Chỉ đạo tỉnh",
        "BCĐ",
        "Ban chỉ đạo",
        "các thành viên Ban Chỉ đạo",
        "Ban Chỉ đạo phòng, chống dịch bệnh Covid-19 tỉnh",
    ),
    "Ban Chỉ đạo Quốc gia phòng, chống dịch COVID-19": ("BCĐ Quốc gia", "Ban Chỉ đạo Quốc gia"),
    "Tổ COVID cộng đồng": (
        "Tổ COVID-19 cộng đồng",
        "Tổ Covid cộng đồng",
        "tổ COVID cộng đồng",
        "tổ covid",
        "Tổ COVID",
        "tổ an toàn COVID",
    ),
    "Bảo hiểm xã hội tỉnh": ("BHXH tỉnh",),
    "Đài Phát thanh và Truyền hình tỉnh": ("Đài PT-TH tỉnh", "Đài PTTH tỉnh", "Đài PT&TH tỉnh"),
    "Tỉnh đoàn": ("Đoàn Thanh niên", "Tỉnh Đoàn"),
    "Hội Liên hiệp Phụ nữ tỉnh": ("Hội LHPN tỉnh", "Hội Phụ nữ"),
    "Liên đoàn Lao động tỉnh": ("LĐLĐ tỉnh",),
    GROUP_DEPARTMENTS: (
        "các sở, ngành",
        "các ban, sở, ngành",
        "các Sở, ban, ngành",
        "các sở ban ngành",
        "các sở, ban, ngành, đoàn thể",
        "các sở, ngành, đơn vị liên quan",
        "các ngành",
    ),
}

# Non-Sở bodies that "các sở, ban, ngành" also addresses.
_DEPARTMENT_LIKE = {"Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "Bảo hiểm xã hội tỉnh"}

# Words that may precede a subject without changing who acts ("Giao Sở Y tế ...").
_LEADING_NOISE = {
    fold(w)
    for w in (
        "giao đề nghị yêu cầu thủ trưởng chủ tịch giám đốc chánh lãnh đạo các cơ quan thực hiện "
        "đơn vị chủ trì thành viên ban cán sự đảng chỉ đạo"
    ).split()
}
_JOINERS = {"va", "cung", "cac", "voi"}
# Heads of bodies named between agencies in a subject list ("..., Giám đốc Sở Y tế và ...").
_TITLES = {fold(w) for w in "thủ trưởng chủ tịch giám đốc chánh trưởng".split()}
_COOP = ("phoi hop", "cung voi", "co quan phoi hop", "don vi phoi hop")
_SYLLABLE = re.compile(r"[a-z0-9]+")
_CLAUSE_END = re.compile(r"[.;:!?\n]")

# Corpus discovery: "N. <name>" or "- <name> chủ trì/phối hợp/..." where <name> starts with a
# word that names a kind of body.
_BODY_WORDS = (
    "Sở|Ban|Công an|Bộ Chỉ huy|Ủy ban|UBND|Đài|Báo|Liên đoàn|Tỉnh đoàn|Văn phòng|"
    "Bảo hiểm|Cục|Chi cục|Trung tâm|Kho bạc|Ngân hàng|Bệnh viện|Quỹ|Viện"
)
_DISCOVER = re.compile(
    rf"^(?:[0-9IVX]+[.)]|[-+•])?\s*((?:{_BODY_WORDS})\s[^,;:.()\n]{{2,60}}?)"
    r"(?=\s*(?:$|:|,|\(| chủ trì| phối hợp| tiếp tục| khẩn trương| chủ động| có trách nhiệm))",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Mention:
    """An agency found at syllable positions [start, end) of a text."""

    agency: str
    start: int
    end: int


class Gazetteer:
    """Finds agencies in folded text by longest alias match."""

    def __init__(self, extra_names: Iterable[str] = ()) -> None:
        self._trie: dict[tuple[str, ...], str] = {}
        self._max_len = 1
        for canonical, aliases in ALIASES.items():
            for alias in (canonical, *aliases):
                self._add(alias, canonical)
        for name in extra_names:
            # A corpus name that contains a known agency ("Sở Y tế và UBND ...") is no new one.
            key = list(_SYLLABLE.findall(fold(name)))
            if key and tuple(key) not in self._trie and not self.mentions(key):
                self._add(name, nfc(name))

    @property
    def names(self) -> list[str]:
        """Every canonical agency name known."""
        return sorted(set(self._trie.values()))

    def _add(self, alias: str, canonical: str) -> None:
        key = tuple(_SYLLABLE.findall(fold(alias)))
        self._trie[key] = canonical
        self._max_len = max(self._max_len, len(key))

    def mentions(self, sylls: list[str]) -> list[Mention]:
        """Non-overlapping agency mentions, longest alias first at each position."""
        found, i = [], 0
        while i < len(sylls):
            m = self.match_at(sylls, i)
            if m:
                found.append(m)
                i = m.end
            else:
                i += 1
        return found

    def match_at(self, sylls: list[str], i: int) -> Mention | None:
        """The longest alias starting at syllable i."""
        for n in range(min(self._max_len, len(sylls) - i), 0, -1):
            name = self._trie.get(tuple(sylls[i : i + n]))
            if name:
                return Mention(name, i, i + n)
        return None

    def find(self, text: str) -> list[str]:
        """Agencies named in a text (e.g. a question), in order, without repeats."""
        seen: dict[str, None] = {}
        for m in self.mentions(_SYLLABLE.findall(fold(text))):
            seen.setdefault(m.agency)
        return list(seen)

    def assignees(self, heading: str, text: str) -> tuple[Assignee, ...]:
        """Agencies of a section with their roles; the heading's subject leads its children."""
        roles: dict[str, Role] = {}
        own_leads = self._clause_roles(text, roles)
        if not own_leads and heading:
            self._clause_roles(heading, roles, sentence_level=False)
        for m in self.mentions(_SYLLABLE.findall(fold(text))):
            roles.setdefault(m.agency, Role.MENTIONED)
        return tuple(Assignee(a, r) for a, r in _ordered(roles))

    def _clause_roles(
        self, text: str, roles: dict[str, Role], sentence_level: bool = True
    ) -> bool:
        """Record lead and cooperating agencies clause by clause; True if any lead."""
        any_lead = False
        clauses = _CLAUSE_END.split(fold(text)) if sentence_level else [fold(text)]
        for clause in clauses:
            sylls = _SYLLABLE.findall(clause)
            leads = self._leading_subject(sylls)
            for agency in leads:
                _promote(roles, agency, Role.LEAD)
                any_lead = True
            for m in self.mentions(sylls):
                if _follows(sylls, m.end, ("chu", "tri")):
                    _promote(roles, m.agency, Role.LEAD)
                    any_lead = True
                elif _after_coop(sylls, m.start) and m.agency not in leads:
                    _promote(roles, m.agency, Role.COOPERATING)
        return any_lead

    def _leading_subject(self, sylls: list[str]) -> list[str]:
        i = 0
        while i < len(sylls) and (sylls[i] in _LEADING_NOISE or sylls[i].isdigit()):
            if self.match_at(sylls, i):
                break
            i += 1
        leads: list[str] = []
        while i < len(sylls):
            m = self.match_at(sylls, i)
            if not m:
                break
            leads.append(m.agency)
            i = m.end
            while i < len(sylls) and (sylls[i] in _JOINERS or sylls[i] in _TITLES):
                i += 1
        return leads


def _ordered(roles: dict[str, Role]) -> list[tuple[str, Role]]:
    rank = list(Role)
    return sorted(roles.items(), key=lambda item: rank.index(item[1]))


def _promote(roles: dict[str, Role], agency: str, role: Role) -> None:
    rank = list(Role)
    if agency not in roles or rank.index(role) < rank.index(roles[agency]):
        roles[agency] = role


def _follows(sylls: list[str], i: int, words: tuple[str, ...]) -> bool:
    return tuple(sylls[i : i + len(words)]) == words


def _after_coop(sylls: list[str], start: int) -> bool:
    """True when the mention sits in a "phối hợp (với) ..." list."""
    window = " ".join(sylls[max(0, start - 14) : start])
    for marker in _COOP:
        pos = window.rfind(marker)
        if pos >= 0:
            return True
    return False


def applies_to(agency: str, assignees: Iterable[Assignee]) -> bool:
    """True when a section tells "các sở, ban, ngành" to act, and that includes this agency."""
    group_leads = any(a.agency == GROUP_DEPARTMENTS and a.role is Role.LEAD for a in assignees)
    return group_leads and (agency.startswith("Sở ") or agency in _DEPARTMENT_LIKE)


def discover(texts: Iterable[str]) -> list[str]:
    """Agency names that head items in the corpus (for bodies the alias table lacks)."""
    found: dict[str, None] = {}
    for text in texts:
        for match in _DISCOVER.finditer(text):
            name = " ".join(match.group(1).split())
            if 2 <= len(name.split()) <= 7:
                found.setdefault(name)
    return list(found)
