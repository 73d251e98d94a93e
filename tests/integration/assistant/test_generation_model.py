"""Workout generation with a language model (a loopback OpenAI-compatible server, scripted): a good
draft is used; unknown slugs and forbidden exercises are repaired once, then replaced by the
planner's plan; malformed JSON, timeouts and 500s fall back; the breaker stops calling a failing
model; metrics count calls and tokens. On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from domain.catalog import load_entries
from domain.movements import patterns
from tests.conftest import app_client, make_settings, register
from tests.fakes.openai import FakeLlm
from tests.fakes.servers import serve

BY_SLUG = {e.slug: e for e in load_entries()}


def item(slug: str, sets: int = 3, reps: int | None = 8) -> dict[str, Any]:
    return {"exercise": slug, "sets": sets, "reps": reps, "seconds": None}


LEGS = {
    "name": "Model legs",
    "items": [
        item("barbell-back-squat"),
        item("romanian-deadlift"),
        item("leg-press"),
        item("leg-curl", reps=12),
        item("calf-raise", reps=12),
    ],
}
MOON = {"name": "Moon", "items": [item("moon-press"), *LEGS["items"][1:]]}
KNEE_SAFE = {
    "name": "Knee-safe legs",
    "items": [item("romanian-deadlift", 4), item("leg-curl", 4, 12), item("calf-raise", 4, 12)],
}
SCRIPT: dict[str, Any] = {
    "GOOD": LEGS,
    "MOONY": [MOON, LEGS],  # an unknown slug, then a repaired draft
    "FORBIDDEN": [LEGS, LEGS],  # squats and leg presses for a bad knee, twice: the planner's plan
    "REPAIRED KNEE": [LEGS, KNEE_SAFE],
    "GARBLED": "{not json at all",
    "SLOW": {"$sleep": 3},
    "BROKEN": {"$status": 500},
}


@pytest.fixture(scope="module")
def fake() -> Iterator[tuple[FakeLlm, str]]:
    llm = FakeLlm(dict(SCRIPT))
    with serve(llm.app()) as url:
        yield llm, url


def settings_for(database_url: str, url: str, **extra: Any) -> Any:
    values = {"llm_base_url": url + "/v1", "llm_model": "fake", "llm_generate_timeout_s": 0.5}
    return make_settings(database_url, **(values | {"llm_breaker_failures": 100} | extra))


@pytest.fixture(scope="module")
async def client(fake: tuple[FakeLlm, str], database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with app_client(settings_for(database_url, fake[1])) as c:
        yield c


async def generate(client: httpx.AsyncClient, headers: dict[str, str], prompt: str, **body: Any) -> dict[str, Any]:
    fields = {"minutes": 30, "focus": "legs", "goal": "hypertrophy"} | body
    r = await client.post("/workouts/generate", json={"prompt": prompt, **fields}, headers=headers)
    assert r.status_code == 200, r.text
    return dict(r.json())


async def test_a_good_draft_is_used_and_says_so(client: httpx.AsyncClient, fake: tuple[FakeLlm, str]) -> None:
    lifter = await register(client)
    plan = await generate(client, lifter.headers, "GOOD")
    assert plan["source"] == "llm" and plan["fallback_reason"] is None and plan["prompt_version"] == "workout.v1"
    assert plan["name"] == "Model legs" and plan["items"][0]["exercise"] == "barbell-back-squat"
    assert abs(plan["estimated_minutes"] - 30) <= 3 and all(60 <= i["rest_seconds"] <= 150 for i in plan["items"])
    prompt = next(p for p in reversed(fake[0].prompts) if "GOOD" in p)
    assert "barbell-back-squat: quadriceps" in prompt and "30 minutes" in prompt  # the catalog slugs and the budget


async def test_an_unknown_slug_is_repaired_once(client: httpx.AsyncClient, fake: tuple[FakeLlm, str]) -> None:
    lifter = await register(client)
    plan = await generate(client, lifter.headers, "MOONY")
    assert plan["source"] == "llm" and "moon-press" not in {i["exercise"] for i in plan["items"]}
    assert fake[0].calls["MOONY"] == 2
    repair = [p for p in fake[0].prompts if "MOONY" in p][-1]
    assert "moon-press is not an exercise in the catalog" in repair  # the model is told what to fix


async def test_forbidden_exercises_fall_back_to_the_planner(client: httpx.AsyncClient) -> None:
    lifter = await register(client)
    plan = await generate(client, lifter.headers, "FORBIDDEN", limitations="bad knee")
    assert plan["source"] == "planner" and plan["fallback_reason"].startswith("invalid answer")
    assert plan["limits"]["spare"] == ["knee"] and plan["items"]
    for i in plan["items"]:
        entry = BY_SLUG[i["exercise"]]
        assert "deep_knee_flexion" not in patterns(entry) and "quadriceps" not in entry.primary_muscles
    fixed = await generate(client, lifter.headers, "REPAIRED KNEE", limitations="bad knee")
    assert fixed["source"] == "llm" and fixed["name"] == "Knee-safe legs"


@pytest.mark.parametrize(
    ("prompt", "reason"), [("GARBLED", "invalid answer"), ("SLOW", "timeout"), ("BROKEN", "server error 500")]
)
async def test_failures_fall_back_to_the_planner(client: httpx.AsyncClient, prompt: str, reason: str) -> None:
    lifter = await register(client)
    plan = await generate(client, lifter.headers, prompt)
    assert plan["source"] == "planner" and plan["fallback_reason"].startswith(reason)
    assert plan["items"] and plan["name"] == "Legs hypertrophy workout"


async def test_metrics_count_calls_outcomes_and_tokens(client: httpx.AsyncClient) -> None:
    lifter = await register(client)
    await generate(client, lifter.headers, "GOOD")
    text = (await client.get("http://test/metrics")).text
    assert 'llm_requests_total{outcome="ok",purpose="workout"}' in text
    assert 'llm_tokens_total{kind="prompt",purpose="workout"}' in text
    assert "llm_request_duration_seconds_bucket" in text


async def test_the_assistant_uses_the_same_service(client: httpx.AsyncClient, fake: tuple[FakeLlm, str]) -> None:
    lifter = await register(client)
    lifts = ("barbell-back-squat", "barbell-bench-press", "barbell-row", "romanian-deadlift", "lat-pulldown")
    fake[0].replies["a workout for today"] = {"name": "Model full body", "items": [item(s) for s in lifts]}
    r = await client.post("/assistant/messages", json={"text": "what should I do today"}, headers=lifter.headers)
    body = r.json()
    assert body["reply"].startswith("Model full body (45 min)") and "save today's workout" in body["reply"]
    assert body["results"][0]["source"] == "llm" and body["results"][0]["routine_id"] is None


async def test_the_breaker_leaves_a_failing_model_alone(fake: tuple[FakeLlm, str], database_url: str) -> None:
    async with app_client(settings_for(database_url, fake[1], llm_breaker_failures=2)) as c:
        lifter = await register(c)
        before = fake[0].calls.get("BROKEN", 0)
        reasons = [(await generate(c, lifter.headers, "BROKEN"))["fallback_reason"] for _ in range(4)]
        assert (
            reasons[:2] == ["server error 500"] * 2 and reasons[2:] == ["circuit open: the model failed repeatedly"] * 2
        )
        assert fake[0].calls["BROKEN"] == before + 2  # the open circuit did not call the model
        good = await generate(c, lifter.headers, "GOOD")
        assert good["source"] == "planner"  # still open (30 s)
