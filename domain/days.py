"""A lifter's own days: instants read in the time zone of their profile, weeks from Monday, and the
streaks training days make (shared by analytics and goals)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from domain.models import User


def zone(name: str | None) -> ZoneInfo:
    """The lifter's time zone; UTC when none is set or the name is unknown."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def today(user: User, now: datetime | None = None) -> date:
    return (now or datetime.now(UTC)).astimezone(zone(user.timezone)).date()


def midnight(day: date, tz: ZoneInfo) -> datetime:
    """The instant (UTC) a local day begins."""
    return datetime.combine(day, time(), tzinfo=tz).astimezone(UTC)


class LocalDays:
    """Local days of instants, the zone's offset looked up once per quarter hour of UTC (zones change
    offsets on quarter hours): thousands of sets cost a little arithmetic, not zone calculations."""

    _EPOCH = date(1970, 1, 1).toordinal()

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz
        self._offsets: dict[int, float] = {}

    def __call__(self, instant: datetime) -> date:
        seconds = instant.timestamp()
        quarter = int(seconds // 900)
        offset = self._offsets.get(quarter)
        if offset is None:
            at = datetime.fromtimestamp(quarter * 900, UTC).astimezone(self.tz)
            offset = self._offsets[quarter] = (at.utcoffset() or timedelta()).total_seconds()
        return date.fromordinal(self._EPOCH + int((seconds + offset) // 86400))


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def period_days(period: str, day: date) -> tuple[date, date]:
    """The week (Monday to Sunday) or month holding `day`: its first and last day."""
    if period == "week":
        return monday(day), monday(day) + timedelta(days=6)
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def streaks(days: Iterable[date], as_of: date) -> tuple[int, int]:
    """Consecutive training days, and weeks (Monday to Sunday) with one, up to `as_of`; a streak
    holds until a whole day (week) passes without training, so it may end the day (week) before."""
    trained = set(days)
    weeks = {monday(d) for d in trained}

    def run(start: date, step: timedelta, held: set[date]) -> int:
        if start not in held:
            start -= step
        count = 0
        while start in held:
            count, start = count + 1, start - step
        return count

    return run(as_of, timedelta(days=1), trained), run(monday(as_of), timedelta(days=7), weeks)
