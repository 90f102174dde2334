"""The agency tables of bot/vi/agencies.py, each checked on its own."""

from __future__ import annotations

import re
import unicodedata

import pytest

from bot.agencies import Gazetteer, Mention, canonical_names
from bot.text import COMMON_WORDS, STOPWORDS, fold
from bot.types import Role
from bot.vi import agencies as vi
from bot.vi import markers

_SYLLABLE = re.compile(r"[a-z0-9]+")
TABLES = {
    "NAMES": vi.NAMES,
    "ABBREVIATIONS": vi.ABBREVIATIONS,
    "MINISTRIES": vi.MINISTRIES,
    "ADDRESSEES": vi.ADDRESSEES,
    "GROUPS": vi.GROUPS,
}
CANONICAL = set(canonical_names())
ALIASES = [(c, alias) for c, aliases in canonical_names().items() for alias in aliases]


def key(text: str) -> tuple[str, ...]:
    return tuple(_SYLLABLE.findall(fold(text)))


def test_canonical_tables_do_not_overlap():
    """A canonical name is defined once: names, ministries, addressees and groups are apart."""
    defining = [vi.NAMES, vi.MINISTRIES, vi.ADDRESSEES, vi.GROUPS]
    seen: dict[str, int] = {}
    for table in defining:
        for canonical in table:
            seen[canonical] = seen.get(canonical, 0) + 1
    assert [c for c, n in seen.items() if n > 1] == []


def test_abbreviations_belong_to_a_named_agency():
    assert set(vi.ABBREVIATIONS) <= set(vi.NAMES)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer()


@pytest.mark.parametrize(("canonical", "alias"), ALIASES)
def test_every_alias_reads_as_exactly_its_canonical(gazetteer, canonical: str, alias: str):
    """An alias is matched whole and to its own canonical: no other alias shadows it."""
    sylls = list(key(alias))
    assert gazetteer.mentions(sylls) == [Mention(canonical, 0, len(sylls))]


def test_no_alias_is_claimed_by_two_canonicals():
    owners: dict[tuple[str, ...], set[str]] = {}
    for canonical, aliases in canonical_names().items():
        for alias in (canonical, *aliases):
            owners.setdefault(key(alias), set()).add(canonical)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_one_syllable_abbreviations_are_no_everyday_word():
    """ "CA tỉnh" would read "cá tính", "CAT" "cát": one-word aliases must not be words."""
    everyday = set(fold(COMMON_WORDS).split()) | set(STOPWORDS)
    one_word = [a for _, a in ALIASES if len(key(a)) == 1]
    assert one_word and [a for a in one_word if key(a)[0] in everyday] == []


def test_names_are_nfc_and_trimmed():
    for canonical, alias in [*ALIASES, *((c, c) for c in CANONICAL)]:
        for text in (canonical, alias):
            assert text == unicodedata.normalize("NFC", text) == text.strip()


def test_succession_names_known_agencies_and_never_itself():
    for step in vi.REFORM_2025:
        assert step.old in CANONICAL and step.new in CANONICAL
        assert step.old != step.new and step.functions


def test_succession_is_acyclic():
    edges: dict[str, set[str]] = {}
    for step in vi.REFORM_2025:
        edges.setdefault(step.old, set()).add(step.new)

    def reaches(start: str, goal: str, seen: frozenset[str] = frozenset()) -> bool:
        return any(
            nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt}))
            for nxt in edges.get(start, ())
        )

    assert [name for name in edges if reaches(name, name)] == []


def test_a_body_that_ended_whole_has_one_successor():
    wholes: dict[str, list[str]] = {}
    for step in vi.REFORM_2025:
        if step.whole:
            wholes.setdefault(step.old, []).append(step.new)
    assert {old: new for old, new in wholes.items() if len(new) > 1} == {}


def test_renamed_departments_are_distinct_agencies():
    """The merged departments are their own agencies, not aliases of an old one."""
    new = (
        "Sở Nông nghiệp và Môi trường",
        "Sở Dân tộc và Tôn giáo",
        "Bộ Nông nghiệp và Môi trường",
    )
    assert set(new) <= CANONICAL
    assert "Sở Nông nghiệp và Môi trường" not in vi.NAMES["Sở Nông nghiệp và Phát triển nông thôn"]


def test_groups_and_department_like_bodies_are_canonical():
    assert vi.DEPARTMENT_LIKE <= CANONICAL
    assert {vi.GROUP_DEPARTMENTS, vi.GROUP_MINISTRIES} == set(vi.GROUPS)


def test_word_tables_are_written_folded():
    words = [
        *vi.LEADING_WORDS,
        *vi.JOINERS,
        *vi.TITLES,
        *vi.LEAD_AFTER,
        *vi.COOPERATION_CUES,
        *vi.CLOSING_CUES,
        *vi.CONDITION_OPENERS,
        *(w for filler in vi.LIST_FILLERS for w in filler),
        *(w for cue in vi.ASSIGNING_CUES for w in cue),
        *vi.COOPERATING_PREDICATE,
        *(w for adverb in vi.COOPERATING_ADVERBS for w in adverb),
        *vi.SECTOR_WORDS,
    ]
    assert [w for w in words if fold(w) != w] == []


def test_partners_leaving_the_subject_leading_are_canonical_prefixes():
    for prefix in vi.PARTNERS_NOT_LEADING:
        assert any(name.startswith(prefix) for name in CANONICAL)
    assert vi.PROVINCE_WORD.strip() == "tỉnh" and vi.CITY_WORD.strip() == "thành phố"


def test_field_roles_name_fields_the_parser_knows():
    assert set(vi.FIELD_ROLES) <= set(markers.FIELD_NAMES)
    assert set(vi.FIELD_ROLES.values()) == {Role.LEAD, Role.COOPERATING}


def test_contractions_fold_to_one_syllable():
    for long, short in vi.CONTRACTIONS.items():
        assert len(key(short)) == 1 and len(key(long)) > 1


@pytest.mark.parametrize(
    ("line", "closing"),
    [
        ("Yêu cầu các sở, ban, ngành khẩn trương triển khai thực hiện./.", True),
        ("Sở Giáo dục và Đào tạo đề nghị Thủ trưởng các đơn vị nghiêm túc thực hiện./.", True),
        ("Các cơ quan, đơn vị tổ chức thực hiện Kế hoạch này./.", True),
        ("Đề nghị Ủy ban MTTQ Việt Nam tỉnh phối hợp tuyên truyền, vận động Nhân dân./.", False),
        ("Chánh Văn phòng UBND tỉnh chịu trách nhiệm thi hành Quyết định này./.", False),
    ],
)
def test_the_closing_order_is_the_bare_order_to_carry_out(line: str, closing: bool):
    assert bool(re.search(vi.CLOSING_ORDER, fold(line))) is closing


@pytest.mark.parametrize(
    ("sentence", "narrative"),
    [
        ("Ngày 21/10/2024, Sở Nội vụ có Công văn đề nghị các sở đôn đốc.", True),
        ("Thời gian qua, công tác quản lý còn hạn chế.", True),
        ("Sở Nội vụ đôn đốc các hội tổ chức đại hội trước ngày 31/12/2024.", False),
    ],
)
def test_narrative_openers_tell_what_happened(sentence: str, narrative: bool):
    assert bool(re.match(vi.NARRATIVE_OPENERS, fold(sentence))) is narrative


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("Công văn số 4869/UBND-SYT ngày 26/7/2020", "Công văn số # ngày 26/7/2020"),
        ("Nghị định số 45/2025/NĐ-CP", "Nghị định số #"),
        ("Tờ trình 3367/TTr-SNV.", "Tờ trình #"),
    ],
)
def test_document_numbers_are_found_and_dates_are_not(text: str, left: str):
    assert re.sub(vi.DOCUMENT_NUMBER, "#", text) == left
