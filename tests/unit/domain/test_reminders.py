"""When a reminder is due: the lifter's wall clock across daylight-saving changes, the days chosen,
once per local day, not after GRACE, not before it was made; and the rules for what is accepted."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from domain import reminders as rules
from domain.errors import Invalid
from domain.models import Reminder

BERLIN = ZoneInfo("Europe/Berlin")
EVERY_DAY = list(rules.DAYS)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_a_berlin_0730_follows_the_march_change() -> None:
    """2027-03-28 (a Sunday) clocks go from 02:00 CET to 03:00 CEST: 07:30 moves from 06:30 to 05:30 UTC."""
    assert rules.occurrence("07:30", date(2027, 3, 27), BERLIN) == utc("2027-03-27T06:30")
    assert rules.occurrence("07:30", date(2027, 3, 28), BERLIN) == utc("2027-03-28T05:30")
    due = [
        ("2027-03-27T06:29", None),
        ("2027-03-27T06:30", date(2027, 3, 27)),
        ("2027-03-28T05:29", None),
        ("2027-03-28T05:30", date(2027, 3, 28)),
        ("2027-03-28T06:29", date(2027, 3, 28)),  # still within the hour's grace
        ("2027-03-28T06:30", None),  # an hour late: skipped (the old 07:30 CET would have been now)
        ("2027-03-29T05:30", date(2027, 3, 29)),
    ]
    for now, day in due:
        assert rules.due_day("07:30", EVERY_DAY, BERLIN, None, utc(now)) == day, now


def test_the_october_change_and_a_skipped_time() -> None:
    assert rules.occurrence("07:30", date(2027, 10, 30), BERLIN) == utc("2027-10-30T05:30")
    assert rules.occurrence("07:30", date(2027, 10, 31), BERLIN) == utc("2027-10-31T06:30")
    # 02:30 does not exist on 2027-03-28 in Berlin: read with the winter offset, it is 01:30 UTC (03:30 CEST)
    assert rules.occurrence("02:30", date(2027, 3, 28), BERLIN) == utc("2027-03-28T01:30")
    # 02:30 happens twice on 2027-10-31: the first (summer time, 00:30 UTC)
    assert rules.occurrence("02:30", date(2027, 10, 31), BERLIN) == utc("2027-10-31T00:30")


def test_once_per_local_day_on_the_days_chosen() -> None:
    now = utc("2027-03-27T06:45")  # Saturday 07:45 in Berlin
    assert rules.due_day("07:30", ["sat"], BERLIN, None, now) == date(2027, 3, 27)
    assert rules.due_day("07:30", ["sat"], BERLIN, date(2027, 3, 27), now) is None  # claimed today
    assert rules.due_day("07:30", ["sat"], BERLIN, date(2027, 3, 20), now) == date(2027, 3, 27)
    assert rules.due_day("07:30", ["mon", "sun"], BERLIN, None, now) is None
    assert rules.due_day("07:30", ["sat"], BERLIN, None, now, made_at=utc("2027-03-27T06:40")) is None


def test_just_before_midnight_is_still_due_just_after() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    now = datetime(2027, 1, 5, 0, 10, tzinfo=tokyo)  # Tuesday 00:10: Monday's 23:50 is 20 minutes ago
    assert rules.due_day("23:50", ["mon"], tokyo, None, now) == date(2027, 1, 4)


def test_next_at() -> None:
    row = Reminder(at="07:30", days=["mon"], channel="push", enabled=True, fired_on=None)
    now = utc("2027-03-27T12:00")  # Saturday
    assert rules.next_at(row, BERLIN, now) == utc("2027-03-29T05:30")  # Monday, summer time
    row.enabled = False
    assert rules.next_at(row, BERLIN, now) is None


@pytest.mark.parametrize("at", ["7:30", "24:00", "07:60", "0730", "07:30:00", ""])
def test_bad_times(at: str) -> None:
    with pytest.raises(Invalid):
        rules.check_at(at)


def test_days_and_channels() -> None:
    assert rules.check_days(["FRI", "mon", "mon"]) == ["mon", "fri"]
    for bad in ([], ["funday"]):
        with pytest.raises(Invalid):
            rules.check_days(bad)
    with pytest.raises(Invalid):
        rules.check_channel("pigeon")
    assert rules.zone("Not/AZone").key == "UTC"


def test_the_prefilter_window_wraps_at_midnight() -> None:
    noon = str(rules.window(BERLIN, utc("2027-03-27T11:00")).compile(compile_kwargs={"literal_binds": True}))
    assert "BETWEEN '10:00' AND '13:00'" in noon
    late = str(rules.window(BERLIN, utc("2027-03-27T23:10")).compile(compile_kwargs={"literal_binds": True}))
    # 00:10 in Berlin: from 22:10 the evening before to 01:10
    assert "reminders.at >= '22:10'" in late and "reminders.at <= '01:10'" in late and " OR " in late
