from __future__ import annotations

import base64
from pathlib import Path

import httpx

from tests.conftest import Lifter

AUDIO = Path(__file__).resolve().parents[2] / "fixtures" / "audio"


async def test_upload_transcribes_and_logs(client: httpx.AsyncClient, lifter: Lifter) -> None:
    files = {"audio": ("set.wav", (AUDIO / "bench_135_for_10.wav").read_bytes(), "audio/wav")}
    r = await client.post("/voice/process", files=files, headers=lifter.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["commands"][0]["exercise"] == "barbell-bench-press" and body["results"][0]["status"] == "ok"
    assert "135" in body["reply"]
    active = (await client.get("/workouts/active", headers=lifter.headers)).json()
    assert active["sets"][0]["weight"] == 135 and active["sets"][0]["reps"] == 10


async def test_dry_run_parses_only(client: httpx.AsyncClient, lifter: Lifter) -> None:
    audio = base64.b64encode((AUDIO / "three_sets_of_ten_dips.ogg").read_bytes()).decode()
    r = await client.post("/voice/process", json={"audio_base64": audio, "dry_run": True}, headers=lifter.headers)
    assert r.status_code == 200
    assert r.json()["commands"][0]["sets"] == 3 and r.json()["dry_run"] is True
    assert (await client.get("/workouts/active", headers=lifter.headers)).status_code == 404


async def test_bad_uploads_are_clear_errors(client: httpx.AsyncClient, lifter: Lifter) -> None:
    h = lifter.headers
    r = await client.post(
        "/voice/process", files={"audio": ("x.wav", b"definitely not audio" * 50, "audio/wav")}, headers=h
    )
    assert r.status_code == 422 and r.json()["error"]["code"] == "VALIDATION_ERROR"
    r = await client.post("/voice/process", json={"audio_base64": "%%%"}, headers=h)
    assert r.status_code == 422
    r = await client.post("/voice/process", files={"other": ("x", b"1", "text/plain")}, headers=h)
    assert r.status_code == 422
    r = await client.post("/voice/process", json={"audio_base64": ""}, headers=h)
    assert r.status_code == 422
    assert (await client.post("/voice/process", json={"audio_base64": "AAAA"})).status_code == 401


async def test_messages_log_undo_repeat_correct(client: httpx.AsyncClient, lifter: Lifter) -> None:
    async def say(text: str) -> dict[str, object]:
        r = await client.post("/assistant/messages", json={"text": text}, headers=lifter.headers)
        assert r.status_code == 200, r.text
        return dict(r.json())

    first = await say("bench 3 sets of 5 at 185")
    assert first["reply"] and "Workout started" in str(first["reply"])
    assert (await client.get("/workouts/active", headers=lifter.headers)).json()["set_count"] == 3
    await say("scratch that")
    assert (await client.get("/workouts/active", headers=lifter.headers)).json()["set_count"] == 0
    await say("squat 225 for 5")
    again = await say("same again")
    assert "Squat" in str(again["reply"])
    fixed = await say("make that 235")
    assert "235" in str(fixed["reply"])
    sets = (await client.get("/workouts/active", headers=lifter.headers)).json()["sets"]
    assert [(s["exercise"], s["weight"]) for s in sets] == [("barbell-back-squat", 225), ("barbell-back-squat", 235)]
    another = await say("another set of 3")  # the current exercise comes from the workout
    assert another["commands"][0]["exercise"] == "barbell-back-squat"  # type: ignore[index]
    pr = await say("what's my squat PR")
    assert "235" in str(pr["reply"])
    ask = await say("bench 135")
    assert ask["reply"] == "How many reps?" and ask["results"][0]["status"] == "needs_clarification"  # type: ignore[index]
    done = await say("finish workout")
    assert done["reply"] == "Workout done: 3 sets, 3005 lb moved."  # "another set of 3" kept the 235
