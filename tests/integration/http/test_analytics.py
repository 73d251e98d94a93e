"""/analytics: records, summary, progress, weekly load and calendar, on every store: what each answers,
what it refuses (422), and that another lifter's exercises and sets stay out (404, or not counted)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.conftest import Lifter, register


async def lifter_in(client: httpx.AsyncClient, unit: str = "kg", timezone: str = "UTC") -> Lifter:
    who = await register(client)
    r = await client.patch("/me", json={"unit_pref": unit, "timezone": timezone}, headers=who.headers)
    assert r.status_code == 200, r.text
    return who


async def workout(client: httpx.AsyncClient, who: Lifter, at: datetime, *sets: dict[str, Any]) -> dict[str, Any]:
    """A finished workout started at `at`, its sets done then (unless they say otherwise)."""
    body = {
        "status": "completed",
        "started_at": at.isoformat(),
        "completed_at": (at + timedelta(hours=1)).isoformat(),
        "sets": [{"completed_at": at.isoformat(), **s} for s in sets],
    }
    r = await client.post("/workouts", json=body, headers=who.headers)
    assert r.status_code == 201, r.text
    return dict(r.json())


def squat(weight: float, reps: int, **more: Any) -> dict[str, Any]:
    return {"exercise": "barbell-back-squat", "weight": weight, "reps": reps, **more}


DAY = datetime(2026, 3, 2, 10, tzinfo=UTC)


# Records ------------------------------------------------------------------------------------------


async def test_prs_list_each_kind_of_record_and_leave_warm_ups_out(client: httpx.AsyncClient) -> None:
    who = await lifter_in(client)
    await workout(client, who, DAY, squat(100, 5), squat(140, 1, set_type="warmup"), squat(110, 3))
    await workout(client, who, DAY + timedelta(days=2), squat(100, 8), {"exercise": "plank", "duration_s": 60})
    r = await client.get("/analytics/prs", headers=who.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["unit"] == "kg" and body["e1rm_formula"] == "epley"
    [squats] = body["data"]  # a plank has no load: no records
    assert squats["exercise"] == "barbell-back-squat"
    assert (squats["heaviest"]["value"], squats["heaviest"]["reps"]) == (110, 3)
    assert squats["e1rm"]["value"] == pytest.approx(126.67, abs=0.01)  # 100 x (1 + 8/30)
    assert squats["e1rm"]["brzycki"] == pytest.approx(124.14, abs=0.01)  # 100 x 36 / 29
    assert squats["set_volume"]["value"] == 800
    assert squats["session_volume"]["value"] == 830  # 500 + 330 on the first day
    assert [(x["weight"], x["value"]) for x in squats["reps_by_weight"]] == [(100, 8), (110, 3)]


async def test_prs_are_in_the_lifters_unit_and_follow_edits_and_deletions(client: httpx.AsyncClient) -> None:
    who = await lifter_in(client, unit="lb")
    made = await workout(client, who, DAY, squat(225, 5, unit="lb"), squat(315, 1, unit="lb"))
    heaviest = (await client.get("/analytics/prs", headers=who.headers)).json()["data"][0]["heaviest"]
    assert (heaviest["value"], heaviest["value_kg"]) == (315, pytest.approx(142.88, abs=0.01))
    top = made["sets"][1]["id"]
    assert (await client.patch(f"/sets/{top}", json={"weight": 205}, headers=who.headers)).status_code == 200
    heaviest = (await client.get("/analytics/prs", headers=who.headers)).json()["data"][0]["heaviest"]
    assert heaviest["value"] == 225 and heaviest["set_id"] == made["sets"][0]["id"]
    assert (await client.delete(f"/sets/{made['sets'][0]['id']}", headers=who.headers)).status_code == 204
    heaviest = (await client.get("/analytics/prs", headers=who.headers)).json()["data"][0]["heaviest"]
    assert heaviest["value"] == 205 and heaviest["set_id"] == top


async def test_an_exercises_history_lists_each_record_when_and_by_which_set(client: httpx.AsyncClient) -> None:
    who = await lifter_in(client)
    first = await workout(client, who, DAY, squat(100, 5))
    second = await workout(client, who, DAY + timedelta(days=3), squat(90, 5), squat(120, 2))
    r = await client.get("/analytics/prs/barbell-back-squat", headers=who.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    weights = [(h["value"], h["set_id"], h["achieved_at"][:10]) for h in body["history"] if h["kind"] == "weight"]
    assert weights == [(100, first["sets"][0]["id"], "2026-03-02"), (120, second["sets"][1]["id"], "2026-03-05")]
    assert body["records"]["heaviest"]["value"] == 120
    by_id = await client.get(f"/analytics/prs/{body['records']['exercise_id']}", headers=who.headers)
    assert by_id.json()["history"] == body["history"]


async def test_an_exercise_never_logged_has_no_records_yet(client: httpx.AsyncClient, lifter: Lifter) -> None:
    r = await client.get("/analytics/prs/deadlift", headers=lifter.headers)
    assert r.status_code == 200, r.text
    assert r.json()["history"] == [] and r.json()["records"]["heaviest"] is None


async def test_records_are_the_lifters_own(client: httpx.AsyncClient, lifter: Lifter, other: Lifter) -> None:
    mine = await client.post("/exercises", json={"name": "Zercher hold"}, headers=lifter.headers)
    slug, ex_id = mine.json()["slug"], mine.json()["id"]
    await workout(client, lifter, DAY, {"exercise": slug, "weight": 80, "reps": 5}, squat(100, 5))
    assert (await client.get("/analytics/prs", headers=other.headers)).json()["data"] == []
    for ref in (slug, ex_id):
        r = await client.get(f"/analytics/prs/{ref}", headers=other.headers)
        assert r.status_code == 404 and r.json()["error"]["code"] == "NOT_FOUND"
    assert (await client.get("/analytics/prs/barbell-back-squat", headers=other.headers)).json()["history"] == []


async def test_records_need_a_caller_and_a_known_exercise(client: httpx.AsyncClient, lifter: Lifter) -> None:
    assert (await client.get("/analytics/prs")).status_code == 401
    assert (await client.get("/analytics/prs/moon-squat", headers=lifter.headers)).status_code == 404
    assert (await client.get("/analytics/prs/a%01b", headers=lifter.headers)).status_code == 422


# Summary ------------------------------------------------------------------------------------------


async def test_a_set_at_2330_utc_counts_on_the_berlin_day(client: httpx.AsyncClient) -> None:
    who = await lifter_in(client, timezone="Europe/Berlin")
    late = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)  # Monday 2 March, 00:30 in Berlin
    await workout(client, who, late, squat(100, 5))
    week = await client.get("/analytics/summary?period=week&date=2026-03-02", headers=who.headers)
    assert week.status_code == 200, week.text
    body = week.json()
    assert (body["start"], body["end"], body["timezone"]) == ("2026-03-02", "2026-03-08", "Europe/Berlin")
    assert (body["workouts"], body["sets"], body["reps"], body["volume_kg"]) == (1, 1, 5, 500)
    before = (await client.get("/analytics/summary?period=week&date=2026-03-01", headers=who.headers)).json()
    assert (before["workouts"], before["sets"]) == (0, 0)
    month = (await client.get("/analytics/summary?period=month&date=2026-02-15", headers=who.headers)).json()
    assert (month["start"], month["end"], month["sets"]) == ("2026-02-01", "2026-02-28", 0)


async def test_a_summary_counts_working_sets_by_muscle_with_streak_and_consistency(client: httpx.AsyncClient) -> None:
    who = await lifter_in(client)
    now = datetime.now(UTC).replace(microsecond=0)
    bench = {"exercise": "barbell-bench-press", "weight": 60, "reps": 10}
    await workout(client, who, now - timedelta(days=1), squat(100, 5), squat(60, 5, set_type="warmup"), bench)
    await workout(client, who, now - timedelta(minutes=5), squat(100, 5))
    r = await client.get("/analytics/summary", headers=who.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["period"] == "week" and body["streak"]["days"] == 2 and body["streak"]["weeks"] >= 1
    today = now.date()
    this_week = today - timedelta(days=today.weekday())
    days_in = [d for d in (today - timedelta(days=1), today) if d >= this_week]
    assert body["workouts"] == len(days_in) and body["consistency"]["days_trained"] == len(days_in)
    assert body["consistency"]["days_elapsed"] == today.weekday() + 1
    muscles = {m["muscle"]: m for m in body["muscle_groups"]}
    if len(days_in) == 2:
        assert body["sets"] == 3 and body["volume_kg"] == 1600
        assert muscles["quadriceps"]["volume_kg"] == 1000 and muscles["chest"]["sets"] == 1


@pytest.mark.parametrize("query", ["period=year", "date=2026-02-30", "date=soon"])
async def test_a_summary_refuses_what_it_cannot_read(client: httpx.AsyncClient, lifter: Lifter, query: str) -> None:
    r = await client.get(f"/analytics/summary?{query}", headers=lifter.headers)
    assert r.status_code == 422 and r.json()["error"]["code"] == "VALIDATION_ERROR"


async def test_a_summary_counts_only_the_lifters_own_sets(client: httpx.AsyncClient, other: Lifter) -> None:
    who = await lifter_in(client)
    await workout(client, who, DAY, squat(100, 5))
    theirs = (await client.get("/analytics/summary?date=2026-03-02", headers=other.headers)).json()
    assert (theirs["workouts"], theirs["sets"], theirs["volume_kg"]) == (0, 0, 0)
    assert (await client.get("/analytics/summary")).status_code == 401


# Progress, load, calendar ---------------------------------------------------------------------------


async def test_progress_per_day_and_per_week(client: httpx.AsyncClient) -> None:
    who = await lifter_in(client)
    await workout(client, who, DAY, squat(100, 5), squat(100, 6))
    await workout(client, who, DAY + timedelta(days=2), squat(110, 3))
    query = "/analytics/progress?exercise=barbell-back-squat&from=2026-03-01&to=2026-03-31"
    days = (await client.get(query, headers=who.headers)).json()
    assert [(p["date"], p["top_set"]["weight"], p["top_set"]["reps"], p["volume_kg"]) for p in days["data"]] == [
        ("2026-03-02", 100, 6, 1100),
        ("2026-03-04", 110, 3, 330),
    ]
    assert days["data"][0]["best_e1rm_kg"] == 120  # 100 x (1 + 6/30)
    weeks = (await client.get(query + "&period=week", headers=who.headers)).json()
    assert [(p["date"], p["sets"], p["top_set"]["weight"]) for p in weeks["data"]] == [("2026-03-02", 3, 110)]


async def test_reps_of_sets_without_a_load_per_day_and_per_week(client: httpx.AsyncClient) -> None:
    who = await lifter_in(client)
    pull = {"exercise": "pull-up"}
    await workout(client, who, DAY, pull | {"reps": 8}, pull | {"reps": 10}, pull | {"reps": 6, "set_type": "warmup"})
    await workout(client, who, DAY + timedelta(days=2), pull | {"reps": 12}, pull | {"reps": 5, "weight": 10})
    query = "/analytics/reps?exercise=pull-up&from=2026-03-01&to=2026-03-31"
    days = (await client.get(query, headers=who.headers)).json()
    assert (days["exercise"], days["name"], days["period"]) == ("pull-up", "Pull-Up", "day")
    # the warm-up and the set with a load are not counted here (/progress counts the loaded one)
    assert [(p["date"], p["best_reps"], p["reps"], p["sets"]) for p in days["data"]] == [
        ("2026-03-02", 10, 18, 2),
        ("2026-03-04", 12, 12, 1),
    ]
    weeks = (await client.get(query + "&period=week", headers=who.headers)).json()
    assert [(p["date"], p["best_reps"], p["reps"]) for p in weeks["data"]] == [("2026-03-02", 12, 30)]
    loaded = (await client.get(query.replace("/reps", "/progress"), headers=who.headers)).json()
    assert [(p["date"], p["top_set"]["reps"]) for p in loaded["data"]] == [("2026-03-04", 5)]
    theirs = (await client.get(query, headers=(await register(client)).headers)).json()
    assert theirs["data"] == []
    bad = await client.get("/analytics/reps?exercise=pull-up&from=2026-03-05&to=2026-03-01", headers=who.headers)
    assert bad.status_code == 422
    assert (await client.get("/analytics/reps?exercise=moon-squat", headers=who.headers)).status_code == 404


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("exercise=barbell-back-squat&from=2026-03-05&to=2026-03-01", 422),
        ("exercise=barbell-back-squat&period=month", 422),
        ("", 422),
        ("exercise=moon-squat", 404),
    ],
)
async def test_progress_refuses_bad_queries(client: httpx.AsyncClient, lifter: Lifter, query: str, status: int) -> None:
    assert (await client.get(f"/analytics/progress?{query}", headers=lifter.headers)).status_code == status


async def test_progress_of_another_lifters_exercise_is_not_found(
    client: httpx.AsyncClient, lifter: Lifter, other: Lifter
) -> None:
    mine = (await client.post("/exercises", json={"name": "Belt squat"}, headers=lifter.headers)).json()
    r = await client.get(f"/analytics/progress?exercise={mine['id']}", headers=other.headers)
    assert r.status_code == 404


async def test_weekly_load_lists_every_week_with_its_trend(client: httpx.AsyncClient) -> None:
    who = await lifter_in(client)
    now = datetime.now(UTC)
    for weeks_ago, weight in ((3, 100), (2, 110), (1, 120)):
        await workout(client, who, now - timedelta(weeks=weeks_ago), squat(weight, 10))
    r = await client.get("/analytics/load?weeks=4", headers=who.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert [w["volume_kg"] for w in body["weeks"]] == [1000, 1100, 1200, 0]
    assert body["weeks"][-1]["start"] == (now.date() - timedelta(days=now.weekday())).isoformat()
    assert body["trend"]["direction"] == "rising" and body["trend"]["slope_kg_per_week"] == 100
    assert body["trend"]["acute_chronic"] == pytest.approx(1200 / 1100, abs=0.01)
    theirs = (await client.get("/analytics/load?weeks=4", headers=(await register(client)).headers)).json()
    assert [w["volume_kg"] for w in theirs["weeks"]] == [0, 0, 0, 0]


@pytest.mark.parametrize("query", ["weeks=1", "weeks=105", "weeks=x"])
async def test_weekly_load_refuses_a_bad_span(client: httpx.AsyncClient, lifter: Lifter, query: str) -> None:
    assert (await client.get(f"/analytics/load?{query}", headers=lifter.headers)).status_code == 422


async def test_the_calendar_shows_the_days_trained_in_a_month(client: httpx.AsyncClient) -> None:
    who = await lifter_in(client, timezone="America/New_York")
    await workout(client, who, datetime(2026, 3, 1, 3, 0, tzinfo=UTC), squat(100, 5))  # 28 Feb in New York
    await workout(client, who, DAY, squat(100, 5), squat(100, 5))
    march = (await client.get("/analytics/calendar?month=2026-03", headers=who.headers)).json()
    assert march["days_trained"] == 1
    assert [(d["date"], d["workouts"], d["sets"], d["volume_kg"]) for d in march["days"]] == [
        ("2026-03-02", 1, 2, 1000)
    ]
    february = (await client.get("/analytics/calendar?month=2026-02", headers=who.headers)).json()
    assert [d["date"] for d in february["days"]] == ["2026-02-28"]
    assert date.fromisoformat(february["days"][0]["date"]).month == 2


@pytest.mark.parametrize("month", ["2026-13", "2026-3", "march"])
async def test_the_calendar_refuses_a_month_it_cannot_read(
    client: httpx.AsyncClient, lifter: Lifter, month: str
) -> None:
    assert (await client.get(f"/analytics/calendar?month={month}", headers=lifter.headers)).status_code == 422


@pytest.mark.parametrize(
    "url",
    [
        "/analytics/calendar?month=0000-01",
        "/analytics/calendar?month=0001-12",
        "/analytics/summary?period=week&date=0001-01-01",
        "/analytics/summary?period=month&date=9999-12-31",
        "/analytics/progress?exercise=deadlift&from=0001-01-01",
        "/analytics/progress?exercise=deadlift&to=9999-12-31",
        "/analytics/summary?period=week&date=-1.757743016311499e-201",  # a number is not read as seconds
        "/analytics/summary?period=week&date=1700000000",
        "/analytics/progress?exercise=deadlift&from=0",
    ],
)
async def test_days_far_from_any_training_are_a_422_not_a_500(
    client: httpx.AsyncClient, lifter: Lifter, url: str
) -> None:
    r = await client.get(url, headers=lifter.headers)
    assert r.status_code == 422, r.text
