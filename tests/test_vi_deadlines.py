"""The deadline tables of bot/vi/deadlines.py, each on its own: words → numbers, the spelling
rewrites, and every pattern with what it must and must not match (folded text)."""

import re

import pytest

from bot.deadlines import Every
from bot.text import fold
from bot.vi import deadlines as vi


def _normalised(text: str) -> str:
    text = fold(text)
    for pattern, replacement in vi.NORMALISE:
        text = re.sub(pattern, replacement, text)
    return text.strip()


def _groups(pattern: str, text: str) -> dict[str, str | None]:
    m = re.search(pattern, text)
    assert m is not None, (pattern, text)
    return m.groupdict()


def test_folded_tables_are_folded() -> None:
    for table in (vi.HALVES, vi.WEEKDAYS, vi.EVERY_UNITS, vi.SPAN_UNITS, vi.THIS_UNITS):
        assert all(fold(key) == key for key in table)


def test_number_words_are_accented_and_read_before_a_unit_only() -> None:
    # Accented on purpose: folded, "sáu" (six) is "sau" (after).
    assert vi.NUMBER_WORDS["sáu"] == 6 and vi.NUMBER_WORDS["mười lăm"] == 15
    assert len(set(vi.NUMBER_WORDS.values())) == len(vi.NUMBER_WORDS)
    words = [m.group(1) for m in re.finditer(vi.NUMBER_WORD, "trong mười lăm ngày, sáu tháng")]
    assert words == ["mười lăm", "sáu"]
    for text in ("thứ năm ngày 16/9", "một số điều", "sau tháng 6", "năm 2026"):
        assert re.search(vi.NUMBER_WORD, text) is None, text


def test_quarters_and_halves() -> None:
    assert [vi.QUARTERS[k] for k in ("i", "ii", "iii", "iv")] == [1, 2, 3, 4]
    assert all(vi.QUARTERS[str(n)] == n for n in range(1, 5))
    assert vi.HALVES == {"dau": 1, "cuoi": 2}
    assert _groups(vi.QUARTER, "trong quy ii/2020") == {"quarter": "ii", "year": "2020"}
    assert _groups(vi.QUARTER, "trong quy iv")["year"] is None
    assert _groups(vi.HALF, "6 thang dau nam 2026") == {"half": "dau", "year": "2026"}
    assert _groups(vi.HALF, "nua cuoi nam")["half"] == "cuoi"


def test_every_weekday_has_a_name_the_pattern_reads() -> None:
    assert sorted(set(vi.WEEKDAYS.values())) == list(range(7))
    assert vi.WEEKDAYS["thu sau"] == 4 and vi.WEEKDAYS["chu nhat"] == 6
    for name in vi.WEEKDAYS:
        assert _groups(vi.WEEKDAY, f"ngay {name} hang tuan")["weekday"] == name
    assert re.search(vi.WEEKDAY, "thu truong") is None


def test_every_unit_is_a_rule_and_reads_after_hang_or_moi() -> None:
    for word, every in vi.EVERY_UNITS.items():
        assert Every(every)
        assert _groups(vi.EVERY, f"dinh ky hang {word}")["unit"] == word
        assert _groups(vi.EVERY, f"moi {word}")["unit"] == word
    assert all(Every(v) for v in vi.PERIODIC_MONTHS.values())
    assert _groups(vi.PERIODIC, "dinh ky 6 thang")["months"] == "6"
    assert _groups(vi.PERIODIC, "dinh ky bao cao")["months"] is None
    assert re.search(vi.EVERY, "mat hang hoa") is None


def test_span_and_this_units() -> None:
    assert vi.SPAN_UNITS["gio"] == "hour" and vi.SPAN_UNITS["ngay"] == "day"
    assert set(vi.THIS_UNITS.values()) == {"week", "month", "quarter", "year"}
    assert _groups(vi.THIS_PERIOD, "trong nam nay")["unit"] == "nam"


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("trước 16 giờ 00’", "truoc 16 gio 00"),
        ("trước 16h30", "truoc 16 gio 30"),
        ("trước 14h ngày 29/7", "truoc 14 gio ngay 29/7"),
        ("trước ngày 10 tháng 11 năm 2021", "truoc ngay 10/11/2021"),
        ("ngày 23 tháng 1", "ngay 23/1"),
        ("trong tháng 12 năm 2025", "trong thang 12/2025"),
        ("Quý IV năm 2025", "quy iv/2025"),
        ("6 tháng đầu năm 2026", "6 thang dau nam 2026"),  # not a day of a month
        ("trong  vòng\t7 ngày", "trong vong 7 ngay"),
    ],
)
def test_normalise_gives_each_form_one_spelling(text: str, normalised: str) -> None:
    assert _normalised(text) == normalised


def test_date_reads_day_month_and_year() -> None:
    assert _groups(vi.DATE, "truoc ngay 10/11/2021") == {
        "day": "10",
        "month": "11",
        "year": "2021",
    }
    assert _groups(vi.DATE, "ngay 29-7-2020")["year"] == "2020"
    assert _groups(vi.DATE, "truoc ngay 15/12")["year"] is None
    assert _groups(vi.DATE, "ngay 5/9/21")["year"] == "21"


@pytest.mark.parametrize(
    "text", ["thang 12/2025", "so 1906/sgddt", "trong 24-48 gio", "nghi dinh 15/2020/nd-cp"]
)
def test_date_reads_no_month_year_number_or_span(text: str) -> None:
    assert re.search(vi.DATE, text) is None


def test_clock_reads_hour_and_minute() -> None:
    assert _groups(vi.CLOCK, "truoc 16 gio") == {"hour": "16", "minute": None}
    assert _groups(vi.CLOCK, "tu 20 gio 15 phut") == {"hour": "20", "minute": "15"}


def test_spans() -> None:
    days = _groups(vi.SPAN_DAYS, "tu ngay 16-20/11")
    assert (days["first"], days["day"], days["month"]) == ("16", "20", "11")
    dates = _groups(vi.SPAN_DATES, "tu ngay 20/01/2022 den ngay 31/3/2022")
    assert (dates["from_day"], dates["from_month"], dates["day"], dates["year"]) == (
        "20",
        "01",
        "31",
        "2022",
    )
    clocks = _groups(vi.SPAN_CLOCKS, "tu 20 gio 15 phut - 20 gio 45 phut ngay 23/1")
    assert (clocks["from_hour"], clocks["minute"], clocks["day"]) == ("20", "45", "23")


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("30 ngay ke tu ngay ky", {"count": "30", "unit": "ngay", "anchor": "ngay ky"}),
        ("trong vong 07 ngay", {"lead": "trong vong", "count": "07", "since": None}),
        ("trong thoi han 05 ngay lam viec", {"lead": "trong thoi han", "working": " lam viec"}),
        ("trong 24-48 gio sau khi nuoc rut", {"upto": "48", "since": "sau"}),
    ],
)
def test_relative_reads_count_unit_and_anchor(text: str, groups: dict[str, str]) -> None:
    found = _groups(vi.RELATIVE, text)
    assert {k: found[k] for k in groups} == groups


def test_relative_is_no_hour_of_the_day_nor_a_half_year() -> None:
    found = _groups(vi.RELATIVE, "truoc 16 gio ngay thu sau")
    assert found["lead"] is None and found["since"] is None  # the reader skips it
    assert re.search(vi.RELATIVE, "trong 6 thang dau nam") is None


@pytest.mark.parametrize(
    ("anchor", "issue"),
    [
        ("ngay ky", True),
        ("ngay ban hanh", True),
        ("ngay ky ban hanh", True),
        ("ngay ke hoach nay duoc ban hanh", True),
        ("khi duoc phan bo vac xin", False),
        ("ngay nhan duoc van ban", False),
        ("ngay hop dong duoc ky", False),
    ],
)
def test_issue_anchor_is_the_directive_s_own_day(anchor: str, issue: bool) -> None:
    assert bool(re.match(vi.ISSUE_ANCHOR, anchor)) is issue


def test_day_of_month_is_no_date() -> None:
    assert _groups(vi.DAY_OF_MONTH, "truoc ngay 20 hang thang")["day"] == "20"
    assert re.search(vi.DAY_OF_MONTH, "truoc ngay 20/12") is None


def test_periods() -> None:
    assert _groups(vi.MONTH, "trong thang 12/2025") == {"month": "12", "year": "2025"}
    assert _groups(vi.MONTH, "trong thang 11")["year"] is None
    assert _groups(vi.YEAR, "hoan thanh trong nam 2025")["year"] == "2025"
    assert re.search(vi.YEAR, "thu nam ngay 16/9") is None
    assert re.search(vi.YEAR_END, "truoc cuoi nam") and not re.search(vi.YEAR_END, "cuoi nam 2025")


@pytest.mark.parametrize(
    ("pattern", "matches", "misses"),
    [
        (vi.START, ["tu ngay 01/7/2025", "bat dau thuc hien tu thang 01/2026"], ["truoc ngay"]),
        (vi.ONWARD, ["nam 2026 va cac nam tiep theo", "tu nam 2026 tro di"], ["nam 2026"]),
        (vi.UNTIL, ["tu nay den ngay 31/12", "den het nam 2025"], ["tu ngay 1/7"]),
        (vi.BEFORE, ["truoc "], ["truoc ngay "]),
        (vi.EARLY, ["dau ", "giua "], ["cuoi "]),
        (vi.EVENT, ["sau khi nghi dinh ban hanh", "theo tien do xay dung"], ["truoc ngay 5/9"]),
        (vi.ONGOING, ["thuc hien thuong xuyen", "trong suot thoi gian"], ["hang ngay"]),
        (vi.IMMEDIATE, ["khan truong", "ngay lap tuc"], ["ngay 15"]),
    ],
)
def test_cue_patterns(pattern: str, matches: list[str], misses: list[str]) -> None:
    assert all(re.search(pattern, text) for text in matches)
    assert not any(re.search(pattern, text) for text in misses)


def test_immediate_ngay_is_told_from_ngay_by_its_accent() -> None:
    assert re.search(vi.IMMEDIATE_ACCENTED, "triển khai ngay")
    assert not re.search(vi.IMMEDIATE_ACCENTED, "trước ngày 15")
    assert not re.search(vi.IMMEDIATE_ACCENTED, "ngay sau khi")
