"""Deadlines as data: a section's deadline phrase ("trước ngày 15/12", "định kỳ hằng tháng trước
ngày 20", "30 ngày kể từ ngày ký") read into the day it falls due, a period's last day or a
recurring rule, counted from its directive's date where it needs one.

A phrase that names no day ("thường xuyên", "sau khi … ban hành"), or needs a date the
directive does not give, keeps `due=None`: never a made-up date. A "trước ngày D" deadline is
due on D (the day the phrase names). The words are data in bot/vi/deadlines.py.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from bot.text import fold, nfc
from bot.types import Directive, Section
from bot.vi import deadlines as vi


class DeadlineKind(StrEnum):
    """What a deadline phrase says about when."""

    DATE = "date"  # a day: "trước ngày 10/11/2021", "trước 14 giờ ngày 29/7/2020"
    PERIOD = "period"  # a month, quarter or half year, due its last day: "trong quý II/2020"
    YEAR = "year"  # a year, due 31 December: "năm 2026", "cuối năm"
    RELATIVE = "relative"  # counted from the directive's day: "30 ngày kể từ ngày ký"
    RECURRING = "recurring"  # a rule: "trước 16 giờ hằng ngày", "định kỳ hằng tháng"
    SPAN = "span"  # from a day to a day: "từ ngày 16-20/11"
    START = "start"  # a start and no due day: "từ ngày 01/7/2025", "năm 2026 và các năm tiếp theo"
    EVENT = "event"  # after an event or on another schedule: "sau khi Nghị định … ban hành"
    ONGOING = "ongoing"  # "thường xuyên"
    IMMEDIATE = "immediate"  # "ngay", "khẩn trương"
    UNKNOWN = "unknown"  # none of these


class Every(StrEnum):
    """How often a recurring deadline falls due."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"


_MONTHS_APART = {Every.MONTH: 1, Every.QUARTER: 3, Every.HALF: 6, Every.YEAR: 12}


@dataclass(frozen=True, slots=True)
class Rule:
    """A recurring deadline: "hằng tuần vào thứ Sáu", "trước ngày 20 hằng tháng"."""

    every: Every
    day: int | None = None  # of the month it falls due in; None: that month's last day
    month: int | None = None  # of a yearly rule; None: December
    weekday: int | None = None  # of a weekly rule, Monday = 0; None: Sunday, the week's end

    def next_due(self, after: dt.date) -> dt.date:
        """The first day later than `after` on which the rule falls due."""
        if self.every is Every.DAY:
            return after + dt.timedelta(days=1)
        if self.every is Every.WEEK:
            weekday = 6 if self.weekday is None else self.weekday
            return after + dt.timedelta(days=(weekday - after.weekday() - 1) % 7 + 1)
        year, month = after.year, after.month
        while True:  # at most 13 months on
            if self._falls_in(month) and (due := _day_in(year, month, self.day)) > after:
                return due
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)

    def _falls_in(self, month: int) -> bool:
        if self.every is Every.YEAR:
            return month == (self.month or 12)
        return month % _MONTHS_APART[self.every] == 0


@dataclass(frozen=True, slots=True)
class Deadline:
    """A deadline phrase and what it resolves to: a due day, a rule, or nothing (due=None)."""

    phrase: str
    kind: DeadlineKind
    due: dt.date | None = None  # named, a period's last day, or counted from the directive
    time: dt.time | None = None  # the hour on the due day(s): "trước 16 giờ"
    start: dt.date | None = None  # of a span, a start, or a rule "từ tháng 01/2026"
    rule: Rule | None = None

    @property
    def resolved(self) -> bool:
        """True when it gives a due day or a rule."""
        return self.due is not None or self.rule is not None

    def next_due(self, after: dt.date) -> dt.date | None:
        """The first due day later than `after`: the rule's next (not before its start), or the
        due day while it is still ahead."""
        if self.rule is not None:
            if self.start is not None and after < self.start:
                after = self.start - dt.timedelta(days=1)
            return self.rule.next_due(after)
        return self.due if self.due is not None and self.due > after else None


def resolve(phrase: str, issued: dt.date | None, *, day_known: bool = True) -> Deadline:
    """What a deadline phrase resolves to, given its directive's date (`day_known=False`: only
    the month is known, so nothing is counted from the day)."""
    found = _Phrase(phrase, _prepare(phrase), issued, day_known and issued is not None)
    for read in _READERS:
        deadline = read(found)
        if deadline is not None:
            return deadline
    return Deadline(phrase, DeadlineKind.UNKNOWN, time=_clock(found.text))


def issued_on(directive: Directive) -> tuple[dt.date | None, bool]:
    """A directive's date and whether its day is known ("2021-11" gives 1 November, unknown)."""
    value = directive.date or ""
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value), True
        if len(value) == 7:
            return dt.date.fromisoformat(f"{value}-01"), False
    except ValueError:
        pass
    return None, False


def task_deadlines(section: Section) -> tuple[Deadline, ...]:
    """A section's deadline phrases, each resolved against its directive's date."""
    issued, day_known = issued_on(section.directive)
    return tuple(resolve(p, issued, day_known=day_known) for p in section.deadlines)


# ---- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Phrase:
    phrase: str  # as the directive words it
    text: str  # folded and normalised
    issued: dt.date | None
    day_known: bool


_NUMBER_WORD = re.compile(vi.NUMBER_WORD)
_NORMALISE = [(re.compile(p), r) for p, r in vi.NORMALISE]
_DATE, _CLOCK = re.compile(vi.DATE), re.compile(vi.CLOCK)
_SPAN_DAYS, _SPAN_DATES = re.compile(vi.SPAN_DAYS), re.compile(vi.SPAN_DATES)
_SPAN_CLOCKS, _RELATIVE = re.compile(vi.SPAN_CLOCKS), re.compile(vi.RELATIVE)
_ISSUE_ANCHOR, _EVERY = re.compile(vi.ISSUE_ANCHOR), re.compile(vi.EVERY)
_PERIODIC, _DAY_OF_MONTH = re.compile(vi.PERIODIC), re.compile(vi.DAY_OF_MONTH)
_WEEKDAY, _START, _ONWARD = re.compile(vi.WEEKDAY), re.compile(vi.START), re.compile(vi.ONWARD)
_UNTIL, _BEFORE, _EARLY = re.compile(vi.UNTIL), re.compile(vi.BEFORE), re.compile(vi.EARLY)
_THIS, _EVENT = re.compile(vi.THIS_PERIOD), re.compile(vi.EVENT)
_ONGOING, _IMMEDIATE = re.compile(vi.ONGOING), re.compile(vi.IMMEDIATE)
_IMMEDIATE_ACCENTED = re.compile(vi.IMMEDIATE_ACCENTED)


def _prepare(phrase: str) -> str:
    """Lower case, number words as digits, folded, in NORMALISE's spelling."""
    text = _NUMBER_WORD.sub(lambda m: f"{vi.NUMBER_WORDS[m.group(1)]} ", nfc(phrase).lower())
    text = fold(text)
    for pattern, replacement in _NORMALISE:
        text = pattern.sub(replacement, text)
    return text.strip()


def _relative(p: _Phrase) -> Deadline | None:
    """ "30 ngày kể từ ngày ký", "trong vòng 7 ngày": counted from the directive's day (or from
    the date the anchor names); from anything else, an event."""
    for m in _RELATIVE.finditer(p.text):
        if not (m["lead"] or m["since"]):
            continue  # "16 giờ" in "trước 16 giờ" is an hour, not a span
        anchor = (m["anchor"] or "").strip()
        base = p.issued if p.day_known else None
        if m["since"] and not _ISSUE_ANCHOR.match(anchor):
            named = _DATE.search(anchor)
            if named is None:
                return Deadline(p.phrase, DeadlineKind.EVENT)
            base = _day(named, p)
        count = int(m["upto"] or m["count"])
        unit, working = vi.SPAN_UNITS[m["unit"]], bool(m["working"])
        due = None if base is None else _after(base, count, unit, working)
        return Deadline(p.phrase, DeadlineKind.RELATIVE, due)
    return None


def _recurring(p: _Phrase) -> Deadline | None:
    """ "trước 16 giờ hằng ngày", "thứ Sáu hằng tuần", "trước ngày 20 hằng tháng"; "định kỳ"
    alone says it recurs, not how often."""
    every_m, periodic = _EVERY.search(p.text), _PERIODIC.search(p.text)
    months = int(periodic["months"]) if periodic and periodic["months"] else 0
    if every_m:
        every: Every | None = Every(vi.EVERY_UNITS[every_m["unit"]])
    elif periodic:
        every = Every(vi.PERIODIC_MONTHS[months]) if months in vi.PERIODIC_MONTHS else None
    else:
        return None
    rule = None if every is None else _rule(every, p.text)
    start = _starting(p) if _START.search(p.text) else None
    return Deadline(p.phrase, DeadlineKind.RECURRING, time=_clock(p.text), start=start, rule=rule)


def _rule(every: Every, text: str) -> Rule:
    """The rule's day: a weekday for a weekly one, a day of the month, a date for a yearly."""
    weekday, day_m = _WEEKDAY.search(text), _DAY_OF_MONTH.search(text)
    if every is Every.WEEK:
        key = " ".join(weekday["weekday"].split()) if weekday else ""
        return Rule(every, weekday=vi.WEEKDAYS.get(key))
    date_m = _DATE.search(text)
    if every is Every.YEAR and date_m and 1 <= int(date_m["month"]) <= 12:
        return Rule(every, day=_valid_day(int(date_m["day"])), month=int(date_m["month"]))
    if every is not Every.DAY and day_m:
        return Rule(every, day=_valid_day(int(day_m["day"])))
    return Rule(every)


def _span(p: _Phrase) -> Deadline | None:
    """ "Từ 20 giờ 15 - 20 giờ 45 ngày 23/1", "từ ngày 20/01/2022 đến ngày 31/3/2022",
    "từ ngày 16-20/11": a start and an end."""
    if m := _SPAN_CLOCKS.search(p.text):
        day = _day(m, p)
        return Deadline(p.phrase, DeadlineKind.SPAN, day, _time(m["hour"], m["minute"]), day)
    if m := _SPAN_DATES.search(p.text):
        due = _day(m, p)
        start = _day(m, p, "from_", due.year if due and m["year"] else None)
        return Deadline(p.phrase, DeadlineKind.SPAN, due, start=start)
    if m := _SPAN_DAYS.search(p.text):
        due = _day(m, p)
        start = _date(due.year, due.month, int(m["first"])) if due else None
        return Deadline(p.phrase, DeadlineKind.SPAN, due, start=start)
    return None


def _start(p: _Phrase) -> Deadline | None:
    """ "từ ngày 01/7/2025", "bắt đầu thực hiện từ tháng 01/2026", "… và các năm tiếp theo";
    not "từ nay đến ngày 31/12" (an end)."""
    opens = _START.search(p.text) and not _UNTIL.search(p.text)
    if not (opens or _ONWARD.search(p.text)):
        return None
    return Deadline(p.phrase, DeadlineKind.START, start=_starting(p))


def _starting(p: _Phrase) -> dt.date | None:
    if m := _DATE.search(p.text):
        return _day(m, p)
    found = _period(p)
    return found[1] if found else None


def _dated(p: _Phrase) -> Deadline | None:
    """ "trước ngày 10/11/2021", "chậm nhất ngày 15/12", "trước 14 giờ ngày 29/7/2020"."""
    m = _DATE.search(p.text)
    if m is None:
        return None
    return Deadline(p.phrase, DeadlineKind.DATE, _day(m, p), _clock(p.text))


def _in_period(p: _Phrase) -> Deadline | None:
    """ "trong quý II/2020", "trong tháng 12", "6 tháng đầu năm", "năm 2026", "trước quý III"."""
    found = _period(p)
    if found is None:
        return None
    kind, first, last, before = found
    if first is not None and _BEFORE.search(before):
        last = first - dt.timedelta(days=1)
    elif _EARLY.search(before):
        last = None  # "đầu năm 2026": some early day, none named
    return Deadline(p.phrase, kind, last)


# (pattern, kind, its first month, the months it lasts), tried in this order.
_PERIODS: tuple[tuple[re.Pattern[str], DeadlineKind, Callable[[re.Match[str]], int], int], ...] = (
    (re.compile(vi.HALF), DeadlineKind.PERIOD, lambda m: 6 * vi.HALVES[m["half"]] - 5, 6),
    (re.compile(vi.QUARTER), DeadlineKind.PERIOD, lambda m: 3 * vi.QUARTERS[m["quarter"]] - 2, 3),
    (re.compile(vi.MONTH), DeadlineKind.PERIOD, lambda m: int(m["month"]), 1),
    (re.compile(vi.YEAR), DeadlineKind.YEAR, lambda m: 1, 12),
    (re.compile(vi.YEAR_END), DeadlineKind.YEAR, lambda m: 1, 12),
)


def _period(p: _Phrase) -> tuple[DeadlineKind, dt.date | None, dt.date | None, str] | None:
    """The last period the phrase names (a list is due with its last): its kind, first and
    last days (None when its year is unknown), and the text before it."""
    for pattern, kind, first_month, length in _PERIODS:
        found = list(pattern.finditer(p.text))
        if m := (found[-1] if found else None):  # a list's last: "tháng 11, tháng 12 năm 2025"
            month = first_month(m)
            if not 1 <= month <= 12:
                return None
            first, last = _bounds(
                m["year"] if "year" in m.re.groupindex else None, month, length, p
            )
            return kind, first, last, p.text[: m.start()]
    if m := _THIS.search(p.text):
        first, last = _this(vi.THIS_UNITS[m["unit"]], p)
        kind = DeadlineKind.YEAR if m["unit"] == "nam" else DeadlineKind.PERIOD
        return kind, first, last, p.text[: m.start()]
    return None


def _bounds(
    named: str | None, first_month: int, length: int, p: _Phrase
) -> tuple[dt.date | None, dt.date | None]:
    """A period's first and last days; without a year, the directive's (the next one if the
    period ended before the directive)."""
    if named is not None:
        year = int(named)
    elif p.issued is not None:
        year = p.issued.year
        if _day_in(year, first_month + length - 1, None) < p.issued:
            year += 1
    else:
        return None, None
    return dt.date(year, first_month, 1), _day_in(year, first_month + length - 1, None)


def _this(unit: str, p: _Phrase) -> tuple[dt.date | None, dt.date | None]:
    """ "tuần này", "tháng này", "quý này", "năm nay": the period holding the directive's day."""
    issued = p.issued
    if issued is None or (unit == "week" and not p.day_known):
        return None, None
    if unit == "week":
        monday = issued - dt.timedelta(days=issued.weekday())
        return monday, monday + dt.timedelta(days=6)
    length = {"month": 1, "quarter": 3, "year": 12}[unit]
    first_month = (issued.month - 1) // length * length + 1
    return dt.date(issued.year, first_month, 1), _day_in(
        issued.year, first_month + length - 1, None
    )


def _event(p: _Phrase) -> Deadline | None:
    """ "sau khi Nghị định … ban hành", "theo tiến độ …": no day of its own."""
    return Deadline(p.phrase, DeadlineKind.EVENT) if _EVENT.search(p.text) else None


def _vague(p: _Phrase) -> Deadline | None:
    """ "thường xuyên"; "ngay", "khẩn trương"."""
    if _ONGOING.search(p.text):
        return Deadline(p.phrase, DeadlineKind.ONGOING)
    if _IMMEDIATE.search(p.text) or _IMMEDIATE_ACCENTED.search(nfc(p.phrase).lower()):
        return Deadline(p.phrase, DeadlineKind.IMMEDIATE)
    return None


# In this order: a count before a date it counts from, a rule before the day it names, a span
# and a start before their dates, a day before the period it falls in.
_READERS: tuple[Callable[[_Phrase], Deadline | None], ...] = (
    _relative,
    _recurring,
    _span,
    _start,
    _dated,
    _in_period,
    _event,
    _vague,
)


# ---- days ------------------------------------------------------------------------------------


def _day(
    m: re.Match[str], p: _Phrase, prefix: str = "", year: int | None = None
) -> dt.date | None:
    """The day a DATE match names. Without a year: `year` if given, else the directive's (the
    next one if the day would fall before the directive); None when neither is known."""
    day, month, named = (m[f"{prefix}{g}"] for g in ("day", "month", "year"))
    if named:
        return _date(int(named) + (2000 if len(named) == 2 else 0), int(month), int(day))
    if year is not None:
        return _date(year, int(month), int(day))
    if p.issued is None:
        return None
    found = _date(p.issued.year, int(month), int(day))
    if found is not None and found < p.issued:
        found = _date(p.issued.year + 1, int(month), int(day))
    return found


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _day_in(year: int, month: int, day: int | None) -> dt.date:
    """That day of the month (its last day when None, or when the month is shorter)."""
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day or last, last))


def _valid_day(day: int) -> int | None:
    return day if 1 <= day <= 31 else None


def _clock(text: str) -> dt.time | None:
    m = _CLOCK.search(text)
    return _time(m["hour"], m["minute"]) if m else None


def _time(hour: str, minute: str | None) -> dt.time | None:
    h, mi = int(hour), int(minute or 0)
    return dt.time(h, mi) if h < 24 and mi < 60 else None


def _after(base: dt.date, count: int, unit: str, working: bool) -> dt.date:
    """`count` units after `base`; working days skip Saturdays and Sundays (public holidays
    are not known)."""
    if unit == "hour":
        return base + dt.timedelta(days=math.ceil(count / 24))
    if unit == "week":
        return base + dt.timedelta(weeks=count)
    if unit == "month":
        return _day_in(base.year, base.month + count, base.day)
    if not working:
        return base + dt.timedelta(days=count)
    day = base
    while count:
        day += dt.timedelta(days=1)
        count -= day.weekday() < 5
    return day
