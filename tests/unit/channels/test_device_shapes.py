"""The cloud providers' readers on odd input: what cannot be a record is left out, never raised;
values come out in the units the store takes; Garmin only reads callbacks on its own API."""

from __future__ import annotations

from datetime import UTC, datetime

from channels.devices import fitbit, garmin, oura, withings
from channels.devices.values import moment, number, windows


def test_values_read_what_providers_send() -> None:
    assert number("12.5") == 12.5 and number(0) is None and number(True) is None and number("x") is None
    assert moment(0) == datetime(1970, 1, 1, tzinfo=UTC)
    assert moment("2025-03-03T07:00:00.000") == datetime(2025, 3, 3, 7, tzinfo=UTC)  # naive: UTC
    assert moment("not a time") is None and moment(None) is None
    first, last = datetime(2025, 1, 1).date(), datetime(2025, 3, 1).date()
    cut = list(windows(first, last, 31))
    assert cut[0][0] == first and cut[-1][1] == last and all((b - a).days < 31 for a, b in cut)


def test_odd_items_are_left_out() -> None:
    junk = [None, 1, "x", {}, {"id": "a"}, {"id": "b", "day": "not-a-day", "steps": "many"}]
    assert len(oura.normalise("daily_activity", junk)) == 0
    assert len(oura.normalise("workout", [{"id": "w", "start_datetime": "2025-03-03T10:00:00+00:00",
                                           "end_datetime": "2025-03-03T09:00:00+00:00"}])) == 0  # fmt: skip
    assert len(withings.groups([{"grpid": 1, "date": 1741000000, "measures": [{"type": 1}]}, "x"])) == 0
    assert (
        len(garmin.summaries("activities", [{"summaryId": "a", "startTimeInSeconds": 1, "durationInSeconds": 0}])) == 0
    )
    assert len(fitbit.weights({"weight": [{"logId": 1, "date": "bad"}, "x"]})) == 0
    assert len(fitbit.series({"activities-steps": "nope"}, None)) == 0


def test_withings_values_carry_their_unit_exponent() -> None:
    group = {"grpid": 7, "date": 1741000000, "measures": [{"value": 72345, "type": 1, "unit": -3},
             {"value": 1205, "type": 10, "unit": -1}, {"value": 80, "type": 9, "unit": 0}]}  # fmt: skip
    found = {r.metric: r for r in withings.groups([group]).readings}
    assert found["body_weight"].value == 72.345 and found["body_weight"].external_id == "7:1"
    assert found["blood_pressure"].value == 120.5 and found["blood_pressure"].details == {"diastolic": 80.0}


def test_garmin_reads_callbacks_on_its_api_only() -> None:
    g = garmin.Garmin("https://apis.garmin.com", "https://connect.garmin.com", "https://t", "id", "secret")
    ok = "https://apis.garmin.com/wellness-api/rest/dailies?uploadStartTimeInSeconds=1&token=x"
    assert g.callback_path(ok) == "/wellness-api/rest/dailies?uploadStartTimeInSeconds=1&token=x"
    for elsewhere in (
        "https://apis.garmin.com.evil.example/wellness-api/rest/dailies",
        "http://apis.garmin.com/wellness-api/rest/dailies",
        "https://apis.garmin.com/oauth/token",
        "https://user@apis.garmin.com:444/wellness-api/rest/dailies",
    ):
        assert g.callback_path(elsewhere) is None, elsewhere


def test_signatures_are_the_providers() -> None:
    assert oura.signature("s", "1", b"{}") == oura.signature("s", "1", b"{}").upper()
    assert oura.signature("s", "1", b"{}") != oura.signature("s", "2", b"{}")
    assert fitbit.signature("s", b"{}") != fitbit.signature("t", b"{}")
