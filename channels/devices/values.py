"""Small readers shared by the cloud providers: numbers that may be missing or wrong, times in the
shapes providers send them, and date windows no longer than a provider takes in one call."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

MAX_SESSION_S = 86_400  # the longest a set may last (domain/validation.py)


def number(value: Any) -> float | None:
    """A positive number, or None (missing, zero, a string, a bool)."""
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return None
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) and value > 0 else None


def moment(value: Any) -> datetime | None:
    """An ISO 8601 time (a naive one is taken as UTC) or Unix seconds, as an aware datetime."""
    try:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return datetime.fromtimestamp(value, UTC)
        found = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except (TypeError, ValueError, OverflowError, OSError):
        return None
    return found if found.tzinfo else found.replace(tzinfo=UTC)


def day_start(value: Any) -> datetime | None:
    """Noon UTC of a calendar date ("2025-03-03"): a day's total read at a time inside the day."""
    try:
        found = date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
    return datetime(found.year, found.month, found.day, 12, tzinfo=UTC)


def windows(start: date, end: date, days: int) -> Iterator[tuple[date, date]]:
    """[start, end] cut into windows of at most `days` days, oldest first."""
    while start <= end:
        last = min(end, start + timedelta(days=days - 1))
        yield start, last
        start = last + timedelta(days=1)


def start_day(cursor: str | None, backfill_from: int) -> date:
    """Where a date-cursored sync starts: the day before the cursor's (a day's totals grow during
    the day; a repeat updates), or the backfill's first day."""
    if cursor:
        try:
            return date.fromisoformat(cursor) - timedelta(days=1)
        except ValueError:
            pass
    return datetime.fromtimestamp(backfill_from, UTC).date()
