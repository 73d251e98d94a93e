from __future__ import annotations

import httpx

from tests.conftest import Lifter


async def test_start_conflict_active_finish(client: httpx.AsyncClient, lifter: Lifter) -> None:
    h = lifter.headers
    assert (await client.get("/workouts/active", headers=h)).status_code == 404
    started = await client.post("/workouts/start", json={"name": "Push day"}, headers=h)
    assert started.status_code == 201
    w = started.json()
    assert w["status"] == "in_progress" and w["name"] == "Push day" and w["sets"] == []
    again = await client.post("/workouts/start", headers=h)
    assert again.status_code == 409
    assert again.json()["error"]["details"][0]["active_workout"]["id"] == w["id"]
    assert (await client.get("/workouts/active", headers=h)).json()["id"] == w["id"]
    done = await client.post(f"/workouts/{w['id']}/finish", headers=h)
    assert done.status_code == 200 and done.json()["status"] == "completed" and done.json()["completed_at"]
    assert (await client.post(f"/workouts/{w['id']}/finish", headers=h)).status_code == 409
    assert (await client.get("/workouts/active", headers=h)).status_code == 404


async def test_cancel_and_no_sets_into_a_cancelled_workout(client: httpx.AsyncClient, lifter: Lifter) -> None:
    h = lifter.headers
    w = (await client.post("/workouts/start", headers=h)).json()
    r = await client.post(f"/workouts/{w['id']}/cancel", headers=h)
    assert r.json()["status"] == "cancelled"
    r = await client.post(f"/workouts/{w['id']}/sets", json={"exercise": "dip", "reps": 10}, headers=h)
    assert r.status_code == 409


async def test_log_sets_in_user_units_with_normalised_kg(client: httpx.AsyncClient, lifter: Lifter) -> None:
    h = lifter.headers
    w = (await client.post("/workouts/start", headers=h)).json()
    r = await client.post(
        f"/workouts/{w['id']}/sets", json={"exercise": "bench", "sets": 3, "reps": 8, "weight": 135}, headers=h
    )
    assert r.status_code == 422  # "bench" is an alias for the parser, not an API slug
    r = await client.post(
        f"/workouts/{w['id']}/sets",
        json={"exercise": "barbell-bench-press", "sets": 3, "reps": 8, "weight": 135, "rpe": 8, "setType": "normal"},
        headers=h,
    )
    assert r.status_code == 201
    sets = r.json()["data"]
    assert [s["position"] for s in sets] == [1, 2, 3]
    assert all(s["unit"] == "lb" and abs(s["weight_kg"] - 61.235) < 0.01 for s in sets)
    listed = (await client.get(f"/workouts/{w['id']}/sets", params={"limit": 2}, headers=h)).json()
    assert listed["meta"] == {"page": 1, "limit": 2, "total": 3, "has_next": True}
    detail = (await client.get(f"/workouts/{w['id']}", headers=h)).json()
    assert detail["set_count"] == 3 and detail["volume_kg"] > 1400


async def test_set_validation_rejects_absurd_values_and_keeps_data(client: httpx.AsyncClient, lifter: Lifter) -> None:
    h = lifter.headers
    w = (await client.post("/workouts/start", headers=h)).json()
    ok = await client.post(
        f"/workouts/{w['id']}/sets", json={"exercise": "deadlift", "reps": 5, "weight": 180, "unit": "kg"}, headers=h
    )
    assert ok.status_code == 201
    bad = [
        {"reps": 1001},
        {"reps": -1},
        {"weight": -5},
        {"weight": 1600, "unit": "kg"},
        {"weight": 3400},
        {"rpe": 11},
        {"unit": "stone"},
        {"set_type": "mega"},
        {"sets": 0},
    ]
    for extra in bad:
        r = await client.post(f"/workouts/{w['id']}/sets", json={"exercise": "deadlift", "reps": 5, **extra}, headers=h)
        assert r.status_code == 422, extra
        assert r.json()["error"]["code"] == "VALIDATION_ERROR" and r.json()["error"]["details"]
    r = await client.post(f"/workouts/{w['id']}/sets", json={"exercise": "no-such-lift", "reps": 5}, headers=h)
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "exercise"
    assert (await client.get(f"/workouts/{w['id']}", headers=h)).json()["set_count"] == 1


async def test_other_users_ids_are_not_found(client: httpx.AsyncClient, lifter: Lifter, other: Lifter) -> None:
    w = (await client.post("/workouts/start", headers=lifter.headers)).json()
    s = (
        await client.post(f"/workouts/{w['id']}/sets", json={"exercise": "dip", "reps": 10}, headers=lifter.headers)
    ).json()["data"][0]
    oh = other.headers
    assert (await client.get(f"/workouts/{w['id']}", headers=oh)).status_code == 404
    assert (await client.get(f"/workouts/{w['id']}/sets", headers=oh)).status_code == 404
    assert (await client.patch(f"/workouts/{w['id']}", json={"name": "x"}, headers=oh)).status_code == 404
    assert (await client.post(f"/workouts/{w['id']}/finish", headers=oh)).status_code == 404
    assert (
        await client.post(f"/workouts/{w['id']}/sets", json={"exercise": "dip", "reps": 1}, headers=oh)
    ).status_code == 404
    assert (await client.patch(f"/sets/{s['id']}", json={"reps": 99}, headers=oh)).status_code == 404
    assert (await client.delete(f"/sets/{s['id']}", headers=oh)).status_code == 404
    assert (await client.delete(f"/workouts/{w['id']}", headers=oh)).status_code == 404
    mine = (await client.get(f"/workouts/{w['id']}", headers=lifter.headers)).json()
    assert mine["sets"][0]["reps"] == 10


async def test_update_and_delete_sets(client: httpx.AsyncClient, lifter: Lifter) -> None:
    h = lifter.headers
    w = (await client.post("/workouts/start", headers=h)).json()
    s = (
        await client.post(
            f"/workouts/{w['id']}/sets",
            json={"exercise": "barbell-back-squat", "reps": 5, "weight": 100, "unit": "kg"},
            headers=h,
        )
    ).json()["data"][0]
    r = await client.patch(f"/sets/{s['id']}", json={"weight": 225, "unit": "lb", "exercise": "front-squat"}, headers=h)
    assert r.status_code == 200
    assert r.json()["exercise"] == "front-squat" and abs(r.json()["weight_kg"] - 102.058) < 0.01
    assert (await client.patch(f"/sets/{s['id']}", json={"reps": 5000}, headers=h)).status_code == 422
    assert (await client.patch(f"/sets/{s['id']}", json={}, headers=h)).status_code == 422
    assert (await client.delete(f"/sets/{s['id']}", headers=h)).status_code == 204
    assert (await client.delete(f"/sets/{s['id']}", headers=h)).status_code == 404


async def test_client_id_retry_updates_instead_of_duplicating(client: httpx.AsyncClient, lifter: Lifter) -> None:
    h = lifter.headers
    w = (await client.post("/workouts/start", headers=h)).json()
    body = {"exercise": "dip", "reps": 10, "client_id": "watch-123"}
    first = (await client.post(f"/workouts/{w['id']}/sets", json=body, headers=h)).json()["data"][0]
    second = (await client.post(f"/workouts/{w['id']}/sets", json={**body, "reps": 12}, headers=h)).json()["data"][0]
    assert first["id"] == second["id"] and second["reps"] == 12
    assert (await client.get(f"/workouts/{w['id']}", headers=h)).json()["set_count"] == 1


async def test_create_historic_workout_list_filter_patch_delete(client: httpx.AsyncClient, lifter: Lifter) -> None:
    h = lifter.headers
    body = {
        "name": "Old legs",
        "status": "completed",
        "startedAt": "2026-01-05T10:00:00Z",
        "completedAt": "2026-01-05T11:00:00+00:00",
        "sets": [
            {"exercise": "barbell-back-squat", "sets": 2, "reps": 5, "weight": 140, "unit": "kg"},
            {"exercise": "leg-press", "reps": 12, "weight": 400},
        ],
    }
    r = await client.post("/workouts", json=body, headers=h)
    assert r.status_code == 201
    w = r.json()
    assert w["set_count"] == 3 and w["sets"][2]["unit"] == "lb" and w["started_at"].startswith("2026-01-05T10:00")
    listed = (
        await client.get(
            "/workouts",
            params={"status": "completed", "from": "2026-01-01T00:00:00Z", "to": "2026-02-01T00:00:00Z"},
            headers=h,
        )
    ).json()
    assert [x["id"] for x in listed["data"]] == [w["id"]] and listed["meta"]["total"] == 1
    stale = await client.patch(f"/workouts/{w['id']}", json={"name": "x", "version": w["version"] + 5}, headers=h)
    assert stale.status_code == 409
    ok = await client.patch(f"/workouts/{w['id']}", json={"notes": "felt strong", "version": w["version"]}, headers=h)
    assert ok.status_code == 200 and ok.json()["version"] == w["version"] + 1
    bad_times = await client.post(
        "/workouts", json={"startedAt": "2026-01-05T10:00:00Z", "completedAt": "2026-01-04T10:00:00Z"}, headers=h
    )
    assert bad_times.status_code == 422
    assert (await client.delete(f"/workouts/{w['id']}", headers=h)).status_code == 204
    assert (await client.get(f"/workouts/{w['id']}", headers=h)).status_code == 404


async def test_batch_sync_is_idempotent_by_client_id(client: httpx.AsyncClient, lifter: Lifter) -> None:
    h = lifter.headers
    batch = {
        "workouts": [
            {
                "clientId": "phone-w1",
                "name": "Offline pull",
                "startedAt": "2026-03-01T08:00:00Z",
                "completedAt": "2026-03-01T09:00:00Z",
                "sets": [
                    {"exercise": "pull-up", "reps": 8, "clientId": "s1"},
                    {"exercise": "barbell-row", "reps": 8, "weight": 135},
                ],
            }
        ]
    }
    first = (await client.post("/workouts/batch", json=batch, headers=h)).json()
    assert first["created"] == 1 and first["sets_created"] == 2
    again = (await client.post("/workouts/batch", json=batch, headers=h)).json()
    assert again["created"] == 0 and again["updated"] == 1 and again["sets_created"] == 0 and again["sets_updated"] == 2
    assert again["data"][0]["id"] == first["data"][0]["id"] and again["data"][0]["set_count"] == 2
    batch["workouts"][0]["sets"][0]["reps"] = 9
    changed = (await client.post("/workouts/batch", json=batch, headers=h)).json()
    assert changed["data"][0]["sets"][0]["reps"] == 9
    bad = await client.post("/workouts/batch", json={"workouts": [{"name": "no id"}]}, headers=h)
    assert bad.status_code == 422
    unknown = await client.post(
        "/workouts/batch",
        json={"workouts": [{"clientId": "w2", "sets": [{"exercise": "not-a-lift", "reps": 1}]}]},
        headers=h,
    )
    assert unknown.status_code == 422
    assert (await client.get("/workouts", params={"limit": 100}, headers=h)).json()["meta"]["total"] == 1


async def test_set_pages_match_what_was_logged(client: httpx.AsyncClient, lifter: Lifter, other: Lifter) -> None:
    h = lifter.headers
    w = (await client.post("/workouts/start", headers=h)).json()
    empty = (await client.get(f"/workouts/{w['id']}/sets", headers=h)).json()
    assert empty == {"data": [], "meta": {"page": 1, "limit": 20, "total": 0, "has_next": False}}
    logged: list[dict[str, object]] = []
    versions = [w["version"]]
    for body in (
        {"exercise": "barbell-back-squat", "sets": 2, "reps": 5, "weight": 100, "unit": "kg", "rpe": 8},
        {"exercise": "pull-up", "reps": 10, "bodyweight": True, "notes": "strict"},
        {"exercise": "plank", "duration_s": 60, "set_type": "warmup"},
    ):
        r = await client.post(f"/workouts/{w['id']}/sets", json=body, headers=h)
        assert r.status_code == 201, r.text
        logged += r.json()["data"]
        versions.append(r.json()["workout"]["version"])
    first = (await client.get(f"/workouts/{w['id']}/sets", params={"limit": 3}, headers=h)).json()
    second = (await client.get(f"/workouts/{w['id']}/sets", params={"limit": 3, "page": 2}, headers=h)).json()
    beyond = (await client.get(f"/workouts/{w['id']}/sets", params={"limit": 3, "page": 5}, headers=h)).json()
    assert first["data"] + second["data"] == logged  # every field, as the log answered it, in order
    assert first["meta"] == {"page": 1, "limit": 3, "total": 4, "has_next": True}
    assert second["meta"] == {"page": 2, "limit": 3, "total": 4, "has_next": False}
    assert beyond == {"data": [], "meta": {"page": 5, "limit": 3, "total": 4, "has_next": False}}
    assert [s["exercise"] for s in logged] == ["barbell-back-squat", "barbell-back-squat", "pull-up", "plank"]
    assert versions == [versions[0] + i for i in range(4)]  # each log bumps the workout's version once
    assert (await client.get(f"/workouts/{w['id']}", headers=h)).json()["version"] == versions[-1]
    assert (await client.get(f"/workouts/{w['id']}/sets", headers=other.headers)).status_code == 404


async def test_a_set_names_its_exercise_by_slug_or_id_and_the_lifters_own_comes_first(
    client: httpx.AsyncClient, lifter: Lifter, other: Lifter
) -> None:
    h = lifter.headers
    w = (await client.post("/workouts/start", headers=h)).json()
    bad = await client.post(f"/workouts/{w['id']}/sets", json={"exercise": "moon-squat", "reps": 5}, headers=h)
    assert bad.status_code == 422 and bad.json()["error"]["details"][0]["field"] == "exercise"
    dip = (await client.get("/exercises/dip", headers=h)).json()
    by_id = await client.post(f"/workouts/{w['id']}/sets", json={"exercise": dip["id"], "reps": 8}, headers=h)
    assert by_id.status_code == 201 and by_id.json()["data"][0]["exercise"] == "dip"
    theirs = await client.post("/exercises", json={"name": "Moon Squat"}, headers=other.headers)
    stolen = await client.post(
        f"/workouts/{w['id']}/sets", json={"exercise": theirs.json()["id"], "reps": 1}, headers=h
    )
    assert stolen.status_code == 422  # another lifter's exercise is unknown here
    mine = (await client.post("/exercises", json={"name": "Moon Squat"}, headers=h)).json()
    ok = await client.post(f"/workouts/{w['id']}/sets", json={"exercise": "moon-squat", "reps": 5}, headers=h)
    assert ok.status_code == 201 and ok.json()["data"][0]["exercise_id"] == mine["id"]
    listed = (await client.get(f"/workouts/{w['id']}/sets", headers=h)).json()["data"]
    assert [s["exercise"] for s in listed] == ["dip", "moon-squat"]  # the refused ones left nothing


async def test_a_batch_of_new_workouts_while_one_is_in_progress(client: httpx.AsyncClient, lifter: Lifter) -> None:
    """New workouts without sets, beside a live one: each is written (a new one is not 'the active one')."""
    h = lifter.headers
    live = (await client.post("/workouts/start", headers=h)).json()
    body = {"workouts": [{"client_id": "new-1", "name": "A"}, {"client_id": "new-2"}]}
    r = await client.post("/workouts/batch", json=body, headers=h)
    assert r.status_code == 200, r.text
    assert [w["client_id"] for w in r.json()["data"]] == ["new-1", "new-2"] and r.json()["created"] == 2
    cloned = await client.post(f"/workouts/{r.json()['data'][0]['id']}/clone", headers=h)
    assert cloned.status_code == 201 and cloned.json()["status"] == "planned"
    still = (await client.get("/workouts/active", headers=h)).json()
    assert (still["id"], still["version"]) == (live["id"], live["version"])  # neither touched the live one
