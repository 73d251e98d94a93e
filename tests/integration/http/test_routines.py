from __future__ import annotations

import httpx

from tests.conftest import Lifter

PUSH = {
    "name": "Push Day",
    "items": [
        {"exercise": "barbell-bench-press", "target_sets": 2, "target_reps": 5, "target_weight": 185},
        {
            "exercise": "overhead-press",
            "target_sets": 1,
            "target_reps": 8,
            "target_weight": 95,
            "unit": "lb",
            "rest_seconds": 120,
        },
    ],
}


async def test_crud_clone_and_privacy(client: httpx.AsyncClient, lifter: Lifter, other: Lifter) -> None:
    r = await client.post("/routines", json=PUSH, headers=lifter.headers)
    assert r.status_code == 201
    routine = r.json()
    assert [i["exercise"] for i in routine["items"]] == ["barbell-bench-press", "overhead-press"]
    assert (await client.get(f"/routines/{routine['id']}", headers=other.headers)).status_code == 404
    assert (await client.post(f"/routines/{routine['id']}/clone", headers=other.headers)).status_code == 404
    shared = await client.patch(f"/routines/{routine['id']}", json={"isPublic": True}, headers=lifter.headers)
    assert shared.json()["is_public"] is True and len(shared.json()["items"]) == 2
    assert (
        await client.patch(f"/routines/{routine['id']}", json={"name": "x"}, headers=other.headers)
    ).status_code == 404
    public = (await client.get("/routines", params={"public": True, "limit": 100}, headers=other.headers)).json()
    assert routine["id"] in [x["id"] for x in public["data"]]
    copy = (await client.post(f"/routines/{routine['id']}/clone", headers=other.headers)).json()
    assert copy["user_id"] == other.id and copy["is_public"] is False and len(copy["items"]) == 2
    mine = (await client.get("/routines", headers=other.headers)).json()
    assert [x["id"] for x in mine["data"]] == [copy["id"]]
    bad = await client.post("/routines", json={"name": "x", "items": [{"exercise": "nope"}]}, headers=lifter.headers)
    assert bad.status_code == 422 and bad.json()["error"]["details"][0]["field"] == "items[0].exercise"
    assert (await client.delete(f"/routines/{routine['id']}", headers=other.headers)).status_code == 404
    assert (await client.delete(f"/routines/{routine['id']}", headers=lifter.headers)).status_code == 204


async def test_start_by_voice_follows_the_routine(client: httpx.AsyncClient, lifter: Lifter) -> None:
    await client.post("/routines", json=PUSH, headers=lifter.headers)

    async def say(text: str) -> str:
        r = await client.post("/assistant/messages", json={"text": text}, headers=lifter.headers)
        return str(r.json()["reply"])

    started = await say("start push day")
    assert started == "Started Push Day. Next: Barbell Bench Press 2×5 at 185."
    await say("bench 185 for 5")
    assert await say("what's next") == "Next: Barbell Bench Press 2×5 at 185 (1 done)."
    await say("same again")
    assert await say("what's next") == "Next: Barbell Overhead Press 1×8 at 95 lb."
    await say("overhead press 95 for 8")
    assert (await say("next exercise")).startswith("That's everything in Push Day")
