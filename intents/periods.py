"""Time ranges said in questions, as a `period` the handler resolves in the lifter's time zone.

The parser knows no clock: "last week" becomes the period `last_week`, and `bounds(period, today)`
turns it into local dates once the lifter's today is known. Periods:

- `today` ("today" itself is said as no period: the workout so far), `yesterday`
- `this_week`, `last_week` (weeks start on Monday), `this_month`, `last_month`, `this_year`, `last_year`
- `monday` ... `sunday`: the latest such day before today ("on Monday", "last Monday")
- `january` ... `december`: the latest such month, this one included ("in March")
- `past_<N>_days`, `past_<N>_weeks`, `past_<N>_months`: a window ending today ("in the last 2 weeks",
  "the past month", "over the last 30 days")
- `<N>_days_ago` (that day), `<N>_weeks_ago` (that calendar week), `<N>_months_ago` (that month)
"""

from __future__ import annotations

import re
from datetime import date, timedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_UNIT = r"(day|week|month)s?"
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(the )?day before yesterday\b"), "2_days_ago"),
    (re.compile(r"\byesterday\b"), "yesterday"),
    (re.compile(rf"\b(?:in |over |during |for )?(?:the )?(?:last|past) (\d+) {_UNIT}\b"), "past_{0}_{1}s"),
    (re.compile(rf"\b(?:in |over |during |for )?(?:the |this )past {_UNIT}\b"), "past_1_{0}s"),
    (re.compile(rf"\b(?:in |over |during )the last {_UNIT}\b"), "past_1_{0}s"),
    (re.compile(rf"\b(\d+|a|an|one) {_UNIT} ago\b"), "{0}_{1}s_ago"),
    (re.compile(r"\b(this|last|previous) (week|month|year)s?\b"), "{0}_{1}"),  # "last week's"
    (re.compile(rf"\b(?:on |last |this past )?({'|'.join(WEEKDAYS)})s?\b"), "{0}"),
    (re.compile(rf"\b(?:in|during|for|back in) ({'|'.join(MONTHS)})\b"), "{0}"),
)


def period_of(text: str) -> str | None:
    """The period a question names ("how much did I squat last week" -> "last_week"), if any."""
    found = find(text)
    return found[0] if found else None


def find(text: str) -> tuple[str, str] | None:
    """The period a question names and the question's words without it, if it names one."""
    for pattern, shape in _PATTERNS:
        m = pattern.search(text)
        if m:
            parts = [{"a": "1", "an": "1", "one": "1", "previous": "last"}.get(g, g) for g in m.groups() if g]
            return shape.format(*parts), (text[: m.start()] + text[m.end() :]).strip()
    return None


def _month_start(year: int, month: int) -> date:
    """The first of a month, with months outside 1..12 carried into the years around."""
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year, month, 1)


def bounds(period: str, today: date) -> tuple[date, date] | None:
    """The local dates a period covers: [start, end), or None for a period this module does not know."""
    day = timedelta(days=1)
    monday = today - timedelta(days=today.weekday())
    month = _month_start(today.year, today.month)
    simple = {
        "today": (today, today + day),
        "yesterday": (today - day, today),
        "this_week": (monday, today + day),
        "last_week": (monday - 7 * day, monday),
        "this_month": (month, today + day),
        "last_month": (_month_start(today.year, today.month - 1), month),
        "this_year": (date(today.year, 1, 1), today + day),
        "last_year": (date(today.year - 1, 1, 1), date(today.year, 1, 1)),
    }
    if period in simple:
        return simple[period]
    if period in WEEKDAYS:
        back = (today.weekday() - WEEKDAYS.index(period) - 1) % 7 + 1  # 1..7 days ago
        return today - back * day, today - (back - 1) * day
    if period in MONTHS:
        number = MONTHS.index(period) + 1
        year = today.year if number <= today.month else today.year - 1
        return date(year, number, 1), _month_start(year, number + 1)
    m = re.fullmatch(r"past_(\d+)_(day|week|month)s", period)
    if m:
        n, unit = int(m.group(1)), m.group(2)
        if unit == "month":
            return _month_start(today.year, today.month - n).replace(day=min(today.day, 28)), today + day
        return today - (n * (7 if unit == "week" else 1) - 1) * day, today + day
    m = re.fullmatch(r"(\d+)_(day|week|month)s_ago", period)
    if m:
        n, unit = int(m.group(1)), m.group(2)
        if unit == "day":
            return today - n * day, today - (n - 1) * day
        if unit == "week":
            return monday - 7 * n * day, monday - 7 * (n - 1) * day
        return _month_start(today.year, today.month - n), _month_start(today.year, today.month - n + 1)
    return None


def label(period: str) -> str:
    """How a reply says the period: "last week", "on Monday", "in the past 30 days", "in March"."""
    if period in WEEKDAYS:
        return f"on {period.title()}"
    if period in MONTHS:
        return f"in {period.title()}"
    m = re.fullmatch(r"past_(\d+)_(day|week|month)s", period)
    if m:
        n, unit = int(m.group(1)), m.group(2)
        return f"in the past {unit}" if n == 1 else f"in the past {n} {unit}s"
    m = re.fullmatch(r"(\d+)_(day|week|month)s_ago", period)
    if m:
        n, unit = int(m.group(1)), m.group(2)
        return f"a {unit} ago" if n == 1 else f"{n} {unit}s ago"
    return period.replace("_", " ")
