"""Local days of instants (domain/analytics.py: LocalDays) are the zone's own, whatever its offset."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.analytics import LocalDays, streaks


@pytest.mark.parametrize(
    "zone", ["Europe/Berlin", "Asia/Kolkata", "Asia/Kathmandu", "Australia/Lord_Howe", "America/St_Johns"]
)
def test_local_days_agree_with_the_zone_every_seven_minutes_of_a_year(zone: str) -> None:
    tz, local = ZoneInfo(zone), LocalDays(ZoneInfo(zone))
    instant = datetime(2026, 1, 1, tzinfo=UTC)
    while instant.year == 2026:
        assert local(instant) == instant.astimezone(tz).date(), instant
        instant += timedelta(minutes=7 * 60 + 7)


def test_a_streak_holds_until_a_whole_day_or_week_passes_without_training() -> None:
    day = datetime(2026, 3, 11).date()  # a Wednesday
    trained = [day - timedelta(days=n) for n in (1, 2, 3, 9, 16)]
    assert streaks(trained, day) == (3, 3)  # yesterday back to Sunday; this week, the two before
    assert streaks([*trained, day], day) == (4, 3)
    assert streaks([day - timedelta(days=2)], day) == (0, 1)
    assert streaks([], day) == (0, 0)
