"""Real recordings through the one voice pipeline (POST /voice/process): sure words are written at
once, a write resting on a doubted word is read back first, and a spoken yes or no settles it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from tests.conftest import Lifter, app_client, make_settings, register

AUDIO = Path(__file__).resolve().parents[2] / "fixtures" / "audio"


async def speak(client: httpx.AsyncClient, lifter: Lifter, name: str) -> dict[str, Any]:
    files = {"audio": (name, (AUDIO / name).read_bytes(), "audio/wav")}
    r = await client.post("/voice/process", files=files, headers=lifter.headers)
    assert r.status_code == 200, r.text
    return dict(r.json())


async def sets(client: httpx.AsyncClient, lifter: Lifter) -> list[tuple[str, float | None, int | None]]:
    r = await client.get("/workouts/active", headers=lifter.headers)
    if r.status_code == 404:
        return []
    return [(s["exercise"], s["weight"], s["reps"]) for s in r.json()["sets"]]


async def test_sure_words_are_written_at_once(client: httpx.AsyncClient, lifter: Lifter) -> None:
    done = await speak(client, lifter, "bench_135_for_10.wav")
    assert done["results"][0]["status"] == "ok"
    assert await sets(client, lifter) == [("barbell-bench-press", 135, 10)]


async def test_a_doubted_lift_name_is_read_back_and_a_spoken_yes_writes_it(
    client: httpx.AsyncClient, lifter: Lifter
) -> None:
    asked = await speak(client, lifter, "doubt_barbell_row_120_for_9.wav")
    assert asked["results"] == [{"intent": "log_sets", "status": "needs_confirmation"}]
    assert asked["reply"].startswith("Did you say Barbell Bent-Over Row 9 reps at 120")
    assert await sets(client, lifter) == []
    done = await speak(client, lifter, "yes.wav")
    assert done["transcript"].lower().startswith("yes") and done["results"][0]["status"] == "ok"
    assert await sets(client, lifter) == [("barbell-row", 120, 9)]


async def test_a_misheard_load_is_read_back_and_never_written_unasked(database_url: str) -> None:
    # The recogniser's scores move a few hundredths between CPUs: this recording's "255" scores 0.425
    # on an AMD EPYC and under 0.4 on the machine the threshold was measured on. What is tested here is
    # what happens to a doubted number, so the threshold is set clear of that edge.
    async with app_client(make_settings(database_url, doubt_threshold=0.5)) as client:
        lifter = await register(client)
        asked = await speak(client, lifter, "doubt_bench_2_by_13_at_225.wav")  # said: 225
        # Some CPUs hear this recording right, and surely: then whatever is written is what was said.
        if asked["results"][0]["status"] == "ok":
            assert {weight for _, weight, _ in await sets(client, lifter)} == {225}
            return
        assert asked["transcript"] in ("bench 2x13 at 255", "bench 2x13 at 225")
        assert asked["results"][0]["status"] == "needs_confirmation"
        declined = await client.post("/voice/command", json={"text": "no"}, headers=lifter.headers)
        assert declined.json()["results"][0]["status"] == "declined"
        assert await sets(client, lifter) == []
