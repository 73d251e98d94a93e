from __future__ import annotations

import httpx

from tests.conftest import Lifter


async def test_generate_from_fields_or_a_prompt(client: httpx.AsyncClient, lifter: Lifter) -> None:
    r = await client.post("/workouts/generate", json={"minutes": 30, "focus": "legs"}, headers=lifter.headers)
    assert r.status_code == 200
    plan = r.json()
    assert plan["name"] == "Legs workout" and 3 <= len(plan["items"]) <= 4 and plan["routine_id"] is None
    assert plan["items"][0]["exercise"] == "barbell-back-squat"
    r = await client.post(
        "/workouts/generate", json={"prompt": "45 minute push session with dumbbells only"}, headers=lifter.headers
    )
    items = r.json()["items"]
    assert r.json()["focus"] == "push" and items and all("Dumbbell" in i["name"] for i in items)
    saved = await client.post("/workouts/generate", json={"focus": "core", "save": True}, headers=lifter.headers)
    routine = await client.get(f"/routines/{saved.json()['routine_id']}", headers=lifter.headers)
    assert routine.json()["name"] == "Core workout" and len(routine.json()["items"]) >= 3


async def test_generate_by_voice_then_start_it(client: httpx.AsyncClient, lifter: Lifter) -> None:
    async def say(text: str) -> str:
        r = await client.post("/assistant/messages", json={"text": text}, headers=lifter.headers)
        return str(r.json()["reply"])

    made = await say("make me a 30 minute leg workout")
    assert made.startswith("Legs workout (30 min): Barbell Back Squat 3×10") and "start legs workout" in made
    started = await say("start legs workout")
    assert started.startswith("Started Legs workout. Next: Barbell Back Squat 3×10")
