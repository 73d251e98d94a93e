"""Time ranges in questions: the period the parser gives, and the local dates it covers."""

from __future__ import annotations

from datetime import date

import pytest

from intents import Parser
from intents.periods import bounds, label
from tests.unit.intents.conftest import only, subset


@pytest.mark.parametrize(
    ("text", "intent", "exercise", "period"),
    [
        ("how much did I squat last week", "query_last", "barbell-back-squat", "last_week"),
        ("what did I bench yesterday", "query_last", "barbell-bench-press", "yesterday"),
        ("what did I do on bench on Monday", "query_last", "barbell-bench-press", "monday"),
        ("how heavy did I go on squats last Tuesday", "query_last", "barbell-back-squat", "tuesday"),
        ("what did I bench this month", "query_last", "barbell-bench-press", "this_month"),
        ("what did I lift yesterday", "query_last", None, "yesterday"),
        ("what did I do the day before yesterday", "query_last", None, "2_days_ago"),
        ("show me last week's workouts", "query_last", None, "last_week"),
        ("how many sets did I do this week", "query_last", None, "this_week"),
        ("what did I squat 3 days ago", "query_last", "barbell-back-squat", "3_days_ago"),
        ("what was my bench a week ago", "query_last", "barbell-bench-press", "1_weeks_ago"),
        ("how much did I deadlift in the last 2 weeks", "query_last", "deadlift", "past_2_weeks"),
        ("what did I squat over the past month", "query_last", "barbell-back-squat", "past_1_months"),
        ("what did I bench in March", "query_last", "barbell-bench-press", "march"),
        ("what's my squat PR this month", "query_pr", "barbell-back-squat", "this_month"),
        ("what was my heaviest deadlift last month", "query_pr", "deadlift", "last_month"),
        ("what's my best bench in the past 30 days", "query_pr", "barbell-bench-press", "past_30_days"),
        ("my bench PR this year", "query_pr", "barbell-bench-press", "this_year"),
        ("best squat last year", "query_pr", "barbell-back-squat", "last_year"),
    ],
)
def test_questions_with_a_time_range(parser: Parser, text: str, intent: str, exercise: str | None, period: str) -> None:
    subset(only(parser, text), intent=intent, exercise=exercise, period=period)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("what did I do on bench last time", "query_last"),
        ("what's my squat PR", "query_pr"),
        ("what did I squat last session", "query_last"),
    ],
)
def test_questions_without_a_range_have_none(parser: Parser, text: str, intent: str) -> None:
    subset(only(parser, text), intent=intent, period=None)


def test_a_log_is_not_a_question_about_a_period(parser: Parser) -> None:
    subset(only(parser, "bench 135 for 8 last week"), intent="log_sets", reps=8, weight=135)


WED = date(2026, 3, 11)  # a Wednesday


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        ("today", date(2026, 3, 11), date(2026, 3, 12)),
        ("yesterday", date(2026, 3, 10), date(2026, 3, 11)),
        ("this_week", date(2026, 3, 9), date(2026, 3, 12)),
        ("last_week", date(2026, 3, 2), date(2026, 3, 9)),
        ("this_month", date(2026, 3, 1), date(2026, 3, 12)),
        ("last_month", date(2026, 2, 1), date(2026, 3, 1)),
        ("this_year", date(2026, 1, 1), date(2026, 3, 12)),
        ("last_year", date(2025, 1, 1), date(2026, 1, 1)),
        ("monday", date(2026, 3, 9), date(2026, 3, 10)),
        ("wednesday", date(2026, 3, 4), date(2026, 3, 5)),  # today is Wednesday: the one before
        ("thursday", date(2026, 3, 5), date(2026, 3, 6)),
        ("march", date(2026, 3, 1), date(2026, 4, 1)),
        ("december", date(2025, 12, 1), date(2026, 1, 1)),
        ("past_7_days", date(2026, 3, 5), date(2026, 3, 12)),
        ("past_2_weeks", date(2026, 2, 26), date(2026, 3, 12)),
        ("past_1_months", date(2026, 2, 11), date(2026, 3, 12)),
        ("3_days_ago", date(2026, 3, 8), date(2026, 3, 9)),
        ("1_weeks_ago", date(2026, 3, 2), date(2026, 3, 9)),
        ("2_months_ago", date(2026, 1, 1), date(2026, 2, 1)),
    ],
)
def test_bounds_in_local_dates(period: str, start: date, end: date) -> None:
    assert bounds(period, WED) == (start, end)


def test_months_back_cross_the_year() -> None:
    assert bounds("last_month", date(2026, 1, 15)) == (date(2025, 12, 1), date(2026, 1, 1))
    assert bounds("2_months_ago", date(2026, 1, 15)) == (date(2025, 11, 1), date(2025, 12, 1))


def test_an_unknown_period_has_no_bounds() -> None:
    assert bounds("fortnight", WED) is None


@pytest.mark.parametrize(
    ("period", "said"),
    [
        ("last_week", "last week"),
        ("monday", "on Monday"),
        ("past_30_days", "in the past 30 days"),
        ("march", "in March"),
    ],
)
def test_labels(period: str, said: str) -> None:
    assert label(period) == said
