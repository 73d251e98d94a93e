"""Programs: routines in days over weeks, one followed at a time, and what comes next."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import Lifter


async def routine(client: httpx.AsyncClient, lifter: Lifter, name: str, **extra: Any) -> str:
    body = {"name": name, "items": [{"exercise": "barbell-back-squat", "target_sets": 1, "target_reps": 5}], **extra}
    r = await client.post("/routines", json=body, headers=lifter.headers)
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def program(client: httpx.AsyncClient, lifter: Lifter, weeks: list[list[str]], **extra: Any) -> dict[str, Any]:
    body = {"name": "Block", "weeks": [{"days": [{"routine_id": r} for r in week]} for week in weeks], **extra}
    r = await client.post("/programs", json=body, headers=lifter.headers)
    assert r.status_code == 201, r.text
    return dict(r.json())


async def train(client: httpx.AsyncClient, lifter: Lifter, day_id: str) -> dict[str, Any]:
    started = await client.post("/workouts/start", json={"program_day_id": day_id}, headers=lifter.headers)
    assert started.status_code == 201, started.text
    done = await client.post(f"/workouts/{started.json()['id']}/finish", headers=lifter.headers)
    assert done.status_code == 200, done.text
    return dict(started.json())


async def test_crud_weeks_of_days_and_the_seed_names(client: httpx.AsyncClient, lifter: Lifter) -> None:
    a, b = await routine(client, lifter, "A"), await routine(client, lifter, "B")
    made = await program(client, lifter, [[a, b], [a]], notes="4 weeks")
    assert [(w["week"], [(d["day"], d["routine_name"]) for d in w["days"]]) for w in made["weeks"]] == [
        (1, [(1, "A"), (2, "B")]),
        (2, [(1, "A")]),
    ]
    assert (made["day_count"], made["is_active"], made["notes"]) == (3, False, "4 weeks")
    h = lifter.headers
    renamed = await client.patch(f"/programs/{made['id']}", json={"title": "Block 2", "description": "new"}, headers=h)
    assert renamed.status_code == 200 and (renamed.json()["name"], renamed.json()["notes"]) == ("Block 2", "new")
    listed = (await client.get("/programs", headers=h)).json()
    assert [p["id"] for p in listed["data"]] == [made["id"]] and listed["meta"]["total"] == 1
    assert (await client.get(f"/programs/{made['id']}", headers=h)).json()["day_count"] == 3
    assert (await client.delete(f"/programs/{made['id']}", headers=h)).status_code == 204
    assert (await client.get(f"/programs/{made['id']}", headers=h)).status_code == 404


async def test_bad_programs_are_refused_naming_the_field(client: httpx.AsyncClient, lifter: Lifter) -> None:
    h = lifter.headers
    a = await routine(client, lifter, "A")
    for body, field in [
        (
            {
                "name": "X",
                "weeks": [{"days": [{"routine_id": a}, {"routine_id": "6f1c2a52-0000-4000-8000-000000000001"}]}],
            },
            "weeks[0].days[1].routine_id",
        ),
        ({"name": "X", "weeks": [{"days": []}]}, "weeks[0].days"),
        ({"name": "X", "weeks": [{"days": [{"routine_id": a}] * 8}]}, "weeks[0].days"),
        ({"name": " "}, "name"),
        ({"name": "X", "weeks": [{"days": [{"routine_id": a, "rest": True}]}]}, "weeks[0].days[0].rest"),
        ({"name": "X", "title": "Y"}, "title"),
    ]:
        r = await client.post("/programs", json=body, headers=h)
        assert r.status_code == 422, (body, r.text)
        assert r.json()["error"]["details"][0]["field"] == field, r.json()
    assert (await client.get("/programs", headers=h)).json()["meta"]["total"] == 0
    made = await program(client, lifter, [[a]])
    nothing = await client.patch(f"/programs/{made['id']}", json={}, headers=h)
    assert nothing.status_code == 422
    null = await client.patch(f"/programs/{made['id']}", json={"is_active": None}, headers=h)
    assert null.status_code == 422


async def test_whats_next_follows_the_days_finished(client: httpx.AsyncClient, lifter: Lifter) -> None:
    a, b = await routine(client, lifter, "A"), await routine(client, lifter, "B")
    made = await program(client, lifter, [[a, b], [a]], is_active=True)
    h = lifter.headers
    first = (await client.get("/programs/next", headers=h)).json()
    assert (first["day"]["week"], first["day"]["day"], first["days_done"], first["complete"]) == (1, 1, 0, False)
    w = await train(client, lifter, first["day"]["id"])
    assert (w["routine_id"], w["program_day_id"], w["name"], w["planned_count"]) == (a, first["day"]["id"], "A", 1)
    second = (await client.get(f"/programs/{made['id']}/next", headers=h)).json()
    assert (second["day"]["week"], second["day"]["day"], second["day"]["routine_name"]) == (1, 2, "B")
    assert second["days_done"] == 1 and second["last_done_at"] is not None
    cancelled = await client.post("/workouts/start", json={"program_day_id": second["day"]["id"]}, headers=h)
    await client.post(f"/workouts/{cancelled.json()['id']}/cancel", headers=h)
    assert (await client.get("/programs/next", headers=h)).json()["day"]["id"] == second["day"]["id"]
    await train(client, lifter, second["day"]["id"])
    third = (await client.get("/programs/next", headers=h)).json()
    await train(client, lifter, third["day"]["id"])
    done = (await client.get("/programs/next", headers=h)).json()
    assert (done["complete"], done["day"], done["days_done"], done["days_total"]) == (True, None, 3, 3)


async def test_one_program_is_followed_at_a_time(client: httpx.AsyncClient, lifter: Lifter) -> None:
    h = lifter.headers
    assert (await client.get("/programs/next", headers=h)).status_code == 404
    a = await routine(client, lifter, "A")
    first = await program(client, lifter, [[a]], is_active=True)
    second = await program(client, lifter, [[a]], is_active=True)
    active = [p["id"] for p in (await client.get("/programs", headers=h)).json()["data"] if p["is_active"]]
    assert active == [second["id"]]
    await client.patch(f"/programs/{first['id']}", json={"is_active": True}, headers=h)
    assert (await client.get("/programs/next", headers=h)).json()["program_id"] == first["id"]


async def test_changing_the_days_keeps_the_progress_and_a_deleted_routine_is_passed_over(
    client: httpx.AsyncClient, lifter: Lifter
) -> None:
    h = lifter.headers
    a = await routine(client, lifter, "A")
    b = await routine(client, lifter, "B")
    c = await routine(client, lifter, "C")
    made = await program(client, lifter, [[a, b, c]])
    await train(client, lifter, made["weeks"][0]["days"][0]["id"])
    weeks = [{"days": [{"routine_id": a}, {"routine_id": c}, {"routine_id": b}]}]
    changed = await client.patch(f"/programs/{made['id']}", json={"weeks": weeks}, headers=h)
    assert (
        changed.status_code == 200 and changed.json()["weeks"][0]["days"][0]["id"] == made["weeks"][0]["days"][0]["id"]
    )
    assert (await client.get(f"/programs/{made['id']}/next", headers=h)).json()["day"]["routine_name"] == "C"
    assert (await client.delete(f"/routines/{c}", headers=h)).status_code == 204
    after = (await client.get(f"/programs/{made['id']}/next", headers=h)).json()
    assert (after["day"]["day"], after["day"]["routine_name"]) == (3, "B")
    gone = (await client.get(f"/programs/{made['id']}", headers=h)).json()["weeks"][0]["days"][1]
    assert (gone["routine_id"], gone["routine_name"]) == (None, None)
    r = await client.post("/workouts/start", json={"program_day_id": gone["id"]}, headers=h)
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "program_day_id"
    day = after["day"]
    r = await client.post("/workouts/start", json={"program_day_id": day["id"], "routine_id": a}, headers=h)
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "routine_id"


async def test_another_lifters_programs_are_not_found(client: httpx.AsyncClient, lifter: Lifter, other: Lifter) -> None:
    a = await routine(client, lifter, "A")
    made = await program(client, lifter, [[a]], is_active=True)
    theirs = other.headers
    day = made["weeks"][0]["days"][0]["id"]
    assert (await client.get(f"/programs/{made['id']}", headers=theirs)).status_code == 404
    assert (await client.get(f"/programs/{made['id']}/next", headers=theirs)).status_code == 404
    assert (await client.patch(f"/programs/{made['id']}", json={"name": "x"}, headers=theirs)).status_code == 404
    assert (await client.delete(f"/programs/{made['id']}", headers=theirs)).status_code == 404
    assert (await client.post("/workouts/start", json={"program_day_id": day}, headers=theirs)).status_code == 404
    assert (await client.get("/programs/next", headers=theirs)).status_code == 404
    # their private routine cannot be a day of mine; a public one can
    r = await client.post("/programs", json={"name": "X", "weeks": [{"days": [{"routine_id": a}]}]}, headers=theirs)
    assert r.status_code == 422
    await client.patch(f"/routines/{a}", json={"is_public": True}, headers=lifter.headers)
    r = await client.post("/programs", json={"name": "X", "weeks": [{"days": [{"routine_id": a}]}]}, headers=theirs)
    assert r.status_code == 201, r.text
    assert (await client.get(f"/programs/{made['id']}", headers=lifter.headers)).json()["name"] == "Block"


async def test_start_my_workout_by_voice_trains_the_next_day(client: httpx.AsyncClient, lifter: Lifter) -> None:
    a, b = await routine(client, lifter, "Legs A"), await routine(client, lifter, "Legs B")
    made = await program(client, lifter, [[a, b]], is_active=True)
    await train(client, lifter, made["weeks"][0]["days"][0]["id"])
    r = await client.post("/assistant/messages", json={"text": "start my workout"}, headers=lifter.headers)
    assert r.status_code == 200, r.text
    assert r.json()["reply"].startswith("Started Legs B, week 1 day 2 of Block. Next: Barbell Back Squat 1×5")
    active = (await client.get("/workouts/active", headers=lifter.headers)).json()
    assert (active["program_day_id"], active["routine_id"]) == (made["weeks"][0]["days"][1]["id"], b)


async def test_start_my_workout_without_a_program_is_a_free_workout(client: httpx.AsyncClient, lifter: Lifter) -> None:
    r = await client.post("/assistant/messages", json={"text": "start my workout"}, headers=lifter.headers)
    assert r.json()["reply"] == "Started your workout."
    active = (await client.get("/workouts/active", headers=lifter.headers)).json()
    assert (active["program_day_id"], active["routine_id"], active["set_count"]) == (None, None, 0)
