"""bot/deadlines.py: deadline phrases resolved against a fixed directive date — every form of
issue 17, the phrases that name no day (never a made-up date), real phrases from the corpus,
and the recurring rules' next due day."""

from datetime import date, time

import pytest

from bot.deadlines import (
    Deadline,
    DeadlineKind,
    Every,
    Rule,
    issued_on,
    resolve,
    task_deadlines,
)
from bot.parsing import deadlines
from bot.types import Directive, Section

ISSUED = date(2021, 9, 13)  # Công văn 3262/UBND-KGVX of Kon Tum, a Monday
K = DeadlineKind


@pytest.mark.parametrize(
    ("phrase", "kind", "due"),
    [
        ("trước ngày 10/11/2021", K.DATE, date(2021, 11, 10)),
        ("trong quý II/2020", K.PERIOD, date(2020, 6, 30)),
        ("30 ngày kể từ ngày ký", K.RELATIVE, date(2021, 10, 13)),
        ("trước ngày 15/12", K.DATE, date(2021, 12, 15)),  # the directive's year
        ("trước ngày 5/9", K.DATE, date(2022, 9, 5)),  # before the directive: the next year
        ("năm 2026", K.YEAR, date(2026, 12, 31)),
        # More of the same forms.
        ("trước ngày 10 tháng 11 năm 2021", K.DATE, date(2021, 11, 10)),
        ("chậm nhất là ngày 30/01/2026", K.DATE, date(2026, 1, 30)),
        ("trong vòng 7 ngày", K.RELATIVE, date(2021, 9, 20)),
        (
            "trong vòng mười ngày kể từ ngày Kế hoạch này được ban hành",
            K.RELATIVE,
            date(2021, 9, 23),
        ),
        ("trong thời hạn 05 ngày làm việc kể từ ngày ban hành", K.RELATIVE, date(2021, 9, 20)),
        ("trong vòng 48 giờ", K.RELATIVE, date(2021, 9, 15)),
        ("trong 2 tháng kể từ ngày ký", K.RELATIVE, date(2021, 11, 13)),
        ("15 ngày kể từ ngày 01/10/2021", K.RELATIVE, date(2021, 10, 16)),
        ("trong quý IV", K.PERIOD, date(2021, 12, 31)),
        ("trong tháng 12/2025", K.PERIOD, date(2025, 12, 31)),
        ("6 tháng đầu năm 2022", K.PERIOD, date(2022, 6, 30)),
        ("sáu tháng cuối năm", K.PERIOD, date(2021, 12, 31)),
        ("trước quý III/2026", K.PERIOD, date(2026, 6, 30)),
        ("trước tháng 6/2026", K.PERIOD, date(2026, 5, 31)),
        ("trong tháng này", K.PERIOD, date(2021, 9, 30)),
        ("Hoàn thành trong năm 2025", K.YEAR, date(2025, 12, 31)),
        ("trước năm 2027", K.YEAR, date(2026, 12, 31)),
        ("cuối năm", K.YEAR, date(2021, 12, 31)),
        ("từ nay đến ngày 31/12/2021", K.DATE, date(2021, 12, 31)),
    ],
)
def test_a_phrase_resolves_to_its_due_day(phrase: str, kind: DeadlineKind, due: date) -> None:
    assert resolve(phrase, ISSUED) == Deadline(phrase, kind, due)


def test_an_hour_goes_with_its_day() -> None:
    assert resolve("trước 14 giờ 00 ngày 29/7/2020", ISSUED) == Deadline(
        "trước 14 giờ 00 ngày 29/7/2020", K.DATE, date(2020, 7, 29), time(14)
    )
    assert resolve("16h30 ngày 20/9", ISSUED).time == time(16, 30)


@pytest.mark.parametrize(
    ("phrase", "rule", "hour"),
    [
        ("trước 16 giờ hằng ngày", Rule(Every.DAY), time(16)),
        ("định kỳ hằng tháng trước ngày 20", Rule(Every.MONTH, day=20), None),
        ("trước ngày 20 hằng tháng", Rule(Every.MONTH, day=20), None),
        ("trước 16 giờ ngày thứ Sáu hằng tuần", Rule(Every.WEEK, weekday=4), time(16)),
        ("Trước 16 giờ hằng tuần", Rule(Every.WEEK), time(16)),
        ("định kỳ hàng quý", Rule(Every.QUARTER), None),
        ("định kỳ 6 tháng", Rule(Every.HALF), None),
        ("trước ngày 15/12 hằng năm", Rule(Every.YEAR, day=15, month=12), None),
        ("Định kỳ hằng năm", Rule(Every.YEAR), None),
    ],
)
def test_a_recurring_phrase_gives_a_rule(phrase: str, rule: Rule, hour: time | None) -> None:
    assert resolve(phrase, ISSUED) == Deadline(phrase, K.RECURRING, time=hour, rule=rule)


@pytest.mark.parametrize(
    ("rule", "after", "due"),
    [
        (Rule(Every.DAY), ISSUED, date(2021, 9, 14)),
        (Rule(Every.WEEK, weekday=4), ISSUED, date(2021, 9, 17)),  # Monday → Friday
        (Rule(Every.WEEK, weekday=4), date(2021, 9, 17), date(2021, 9, 24)),  # strictly after
        (Rule(Every.WEEK), ISSUED, date(2021, 9, 19)),  # no weekday: the week's end
        (Rule(Every.MONTH, day=20), ISSUED, date(2021, 9, 20)),
        (Rule(Every.MONTH, day=20), date(2021, 9, 20), date(2021, 10, 20)),
        (Rule(Every.MONTH, day=31), date(2022, 1, 31), date(2022, 2, 28)),
        (Rule(Every.MONTH), ISSUED, date(2021, 9, 30)),
        (Rule(Every.QUARTER), ISSUED, date(2021, 9, 30)),
        (Rule(Every.QUARTER), date(2021, 9, 30), date(2021, 12, 31)),
        (Rule(Every.HALF), ISSUED, date(2021, 12, 31)),
        (Rule(Every.YEAR, day=15, month=12), date(2021, 12, 15), date(2022, 12, 15)),
        (Rule(Every.YEAR), ISSUED, date(2021, 12, 31)),
    ],
)
def test_a_rule_s_next_due_day(rule: Rule, after: date, due: date) -> None:
    assert rule.next_due(after) == due


def test_a_deadline_s_next_due_day() -> None:
    daily = resolve("trước 16 giờ hằng ngày", ISSUED)
    assert daily.next_due(date(2021, 10, 1)) == date(2021, 10, 2)
    fixed = resolve("trước ngày 15/12", ISSUED)
    assert fixed.next_due(ISSUED) == date(2021, 12, 15)
    assert fixed.next_due(date(2021, 12, 15)) is None  # passed
    assert resolve("Thường xuyên", ISSUED).next_due(ISSUED) is None
    later = Deadline("x", K.RECURRING, start=date(2026, 1, 1), rule=Rule(Every.MONTH, day=5))
    assert later.next_due(ISSUED) == date(2026, 1, 5)


@pytest.mark.parametrize(
    ("phrase", "kind"),
    [
        ("Thường xuyên", K.ONGOING),
        ("Thực hiện thường xuyên", K.ONGOING),
        ("trong suốt thời gian triển khai", K.ONGOING),
        ("ngay", K.IMMEDIATE),
        ("Triển khai ngay", K.IMMEDIATE),
        ("khẩn trương", K.IMMEDIATE),
        ("trong vòng 07 ngày kể từ khi được phân bổ vắc xin", K.EVENT),
        ("trong 24-48 giờ sau khi nước rút", K.EVENT),
        ("trong thời hạn 05 ngày làm việc kể từ ngày nhận được văn bản", K.EVENT),
        ("Sau khi Nghị định quy định chi tiết thi hành một số điều của Luật ban hành", K.EVENT),
        ("Theo tiến độ xây dựng dự thảo văn bản của cơ quan chủ trì soạn thảo", K.EVENT),
        ("Triển khai đảm bảo theo lộ trình, hướng dẫn của Bộ, ngành", K.EVENT),
        ("định kỳ", K.RECURRING),  # recurs, how often unsaid
        ("đầu năm 2026", K.YEAR),  # some early day, none named
        ("trước 16 giờ 00’", K.UNKNOWN),  # an hour of no day
        ("trước ngày 31/02/2022", K.DATE),  # no such day
        ("sớm", K.UNKNOWN),
        ("", K.UNKNOWN),
    ],
)
def test_a_phrase_naming_no_day_keeps_due_none(phrase: str, kind: DeadlineKind) -> None:
    found = resolve(phrase, ISSUED)
    assert (found.kind, found.due, found.rule, found.resolved) == (kind, None, None, False)
    assert found.phrase == phrase


def test_a_start_is_no_due_day() -> None:
    assert resolve("từ ngày 01/7/2025", ISSUED) == Deadline(
        "từ ngày 01/7/2025", K.START, start=date(2025, 7, 1)
    )
    onward = resolve("Quý IV năm 2025 và các năm tiếp theo", ISSUED)
    assert (onward.kind, onward.due, onward.start) == (K.START, None, date(2025, 10, 1))
    begins = resolve("bắt đầu thực hiện từ tháng 01/2026", ISSUED)
    assert (begins.kind, begins.due, begins.start) == (K.START, None, date(2026, 1, 1))


def test_spans_start_and_end() -> None:
    days = resolve("Từ ngày 16-20/11", date(2025, 11, 16))
    assert (days.kind, days.start, days.due) == (K.SPAN, date(2025, 11, 16), date(2025, 11, 20))
    dates = resolve("từ ngày 20/01/2022 đến ngày 31/3/2022", ISSUED)
    assert (dates.start, dates.due) == (date(2022, 1, 20), date(2022, 3, 31))
    slot = resolve("Từ 20 giờ 15 phút - 20 giờ 45 phút ngày 23 tháng 1", date(2026, 1, 1))
    assert (slot.start, slot.due, slot.time) == (
        date(2026, 1, 23),
        date(2026, 1, 23),
        time(20, 45),
    )


def test_without_the_directive_s_date_only_a_named_year_resolves() -> None:
    assert resolve("trước ngày 15/12", None).due is None
    assert resolve("30 ngày kể từ ngày ký", None).due is None
    assert resolve("trong tháng 11", None).due is None
    assert resolve("trước ngày 20/11/2025", None).due == date(2025, 11, 20)
    assert resolve("hoàn thành trong tháng 11/2025", None).due == date(2025, 11, 30)


def test_with_only_the_month_known_nothing_is_counted_from_the_day() -> None:
    november = date(2021, 11, 1)
    assert resolve("30 ngày kể từ ngày ký", november, day_known=False).due is None
    assert resolve("trước ngày 10/11", november, day_known=False).due == date(2021, 11, 10)
    assert resolve("trong tuần này", november, day_known=False).due is None


def test_matching_ignores_accents_and_case() -> None:
    for accented, bare in [
        ("trước ngày 15/12", "truoc ngay 15/12"),
        ("TRONG QUÝ II/2020", "trong quy II/2020"),
        ("định kỳ hằng tháng trước ngày 20", "dinh ky hang thang truoc ngay 20"),
        ("trước 16 giờ ngày thứ Sáu hằng tuần", "truoc 16 gio ngay thu sau hang tuan"),
    ]:
        a, b = resolve(accented, ISSUED), resolve(bare, ISSUED)
        assert (a.kind, a.due, a.time, a.rule) == (b.kind, b.due, b.time, b.rule)


# Real phrases, as bot/parsing.py finds them in tests/data/real and the seeds, with their
# directive's date, and what a reader of the section takes them to mean.
REAL = [
    ("trước ngày 06 tháng 12 năm 2025", "2025-11-28", K.DATE, date(2025, 12, 6)),
    ("trước ngày 31/12/2025", "2025-11-18", K.DATE, date(2025, 12, 31)),
    ("trước ngày 30 tháng 11", "2025-11-27", K.DATE, date(2025, 11, 30)),
    ("trước 10 giờ 00 ngày 04/8/2020", "2020-07-26", K.DATE, date(2020, 8, 4)),
    ("hoàn thành trong tháng 12/2025", "2025-12", K.PERIOD, date(2025, 12, 31)),
    ("Quý IV/2024", "2024-11-28", K.PERIOD, date(2024, 12, 31)),
    ("trong quý IV", "2021-09-30", K.PERIOD, date(2021, 12, 31)),
    ("trong quý I năm 2022", "2022-01-07", K.PERIOD, date(2022, 3, 31)),
    ("Hoàn thành trong năm 2025", "2025-11-17", K.YEAR, date(2025, 12, 31)),
    ("trước ngày 10/11/2021", "2021-11", K.DATE, date(2021, 11, 10)),
    ("Từ 20 giờ 15 phút - 20 giờ 45 phút ngày 08 tháng 5", "2026-01", K.SPAN, date(2026, 5, 8)),
    ("trước ngày 25 hằng tháng", "2021-09-20", K.RECURRING, None),
    ("Năm 2026 và các năm tiếp theo", "2025-11-19", K.START, None),
    ("thường xuyên", "2022-01-07", K.ONGOING, None),
]


@pytest.mark.parametrize(("phrase", "issued", "kind", "due"), REAL)
def test_real_phrases(phrase: str, issued: str, kind: DeadlineKind, due: date | None) -> None:
    section = Section(Directive("a.txt", "h", date=issued), "1", "", phrase, deadlines=(phrase,))
    (found,) = task_deadlines(section)
    assert (found.phrase, found.kind, found.due) == (phrase, kind, due)


def test_issued_on_reads_the_directive_s_date() -> None:
    assert issued_on(Directive("a", "h", date="2021-09-13")) == (ISSUED, True)
    assert issued_on(Directive("a", "h", date="2021-11")) == (date(2021, 11, 1), False)
    assert issued_on(Directive("a", "h")) == (None, False)
    assert issued_on(Directive("a", "h", date="2021-13-45")) == (None, False)


def test_task_deadlines_resolves_each_phrase_of_a_section() -> None:
    directive = Directive("a.txt", "h", date="2021-09-13")
    section = Section(directive, "4", "", "…", deadlines=("trước ngày 15/12", "thường xuyên"))
    assert task_deadlines(section) == (
        Deadline("trước ngày 15/12", K.DATE, date(2021, 12, 15)),
        Deadline("thường xuyên", K.ONGOING),
    )
    assert task_deadlines(Section(directive, "5", "", "…")) == ()


@pytest.mark.parametrize(
    ("text", "kind", "rule", "hour", "start"),
    [
        # seed 003, TB 493 of Lâm Đồng (an OCR'd "l6"), 597/KH-UBND of Đồng Tháp
        (
            "hàng ngày báo cáo kết quả cho Công an tỉnh trước 16 giờ 00’ để tổng hợp",
            K.RECURRING,
            Rule(Every.DAY),
            time(16),
            None,
        ),
        (
            "Định kỳ hằng tuần (trước l6 giờ ngày thứ sáu), báo cáo lãnh đạo UBND tỉnh",
            K.RECURRING,
            Rule(Every.WEEK, weekday=4),
            time(16),
            None,
        ),
        (
            "Định kỳ hằng năm (trước ngày 30 tháng 11) báo cáo kết quả thực hiện về Sở Xây dựng",
            K.RECURRING,
            Rule(Every.YEAR, day=30, month=11),
            None,
            None,
        ),
        (
            "Hằng quý, các đơn vị gửi báo cáo về Sở Nội vụ trước ngày 20.",
            K.RECURRING,
            Rule(Every.QUARTER, day=20),
            None,
            None,
        ),
        (
            "Kế hoạch này được triển khai từ ngày 15/12/2025.",
            K.START,
            None,
            None,
            date(2025, 12, 15),
        ),
    ],
)
def test_a_parsed_phrase_resolves_as_the_directive_sets_it(
    text: str, kind: DeadlineKind, rule: Rule | None, hour: time | None, start: date | None
) -> None:
    (phrase,) = deadlines(text)
    found = resolve(phrase, ISSUED)
    assert (found.kind, found.rule, found.time, found.start) == (kind, rule, hour, start)


@pytest.mark.parametrize(
    "text",
    [
        "Từ ngày 01/7/2025, sau khi thành lập tỉnh Lâm Đồng mới, công tác cải cách hành chính",
        "Nhiệm kỳ III (2018-2023) của Hiệp hội Nhà thầu xây dựng đã kết thúc từ ngày 28/12/2023.",
        "Từ ngày 16-20/11/2025, trên các sông từ Hà Tĩnh đến Khánh Hòa xuất hiện một đợt lũ.",
    ],
)
def test_background_and_forecasts_give_no_deadline(text: str) -> None:
    assert deadlines(text) == ()


def test_a_list_of_months_is_due_with_its_last_and_a_month_range_is_no_day() -> None:
    issued = date(2025, 10, 1)
    assert resolve("trong tháng 11, tháng 12 năm 2025", issued).due == date(2025, 12, 31)
    months = resolve("tháng 11 - 12/2025", issued)
    assert months.kind is not DeadlineKind.DATE and months.due != date(2025, 12, 11)
