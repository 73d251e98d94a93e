"""The LLM fallback against a loopback OpenAI-compatible server: only when the grammar gives up."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import app_client, make_settings, register
from tests.fakes.openai import FakeLlm
from tests.fakes.servers import serve

LIFT = {"commands": [{"intent": "log_sets", "exercise": "deadlift", "sets": 1, "reps": 3, "weight": None}]}
MOON = {"commands": [{"intent": "query_pr", "exercise": "moon-press"}]}


@pytest.fixture(scope="module")
def fake() -> Iterator[tuple[FakeLlm, str]]:
    llm = FakeLlm({"heavy thing off the floor": LIFT, "space lift": MOON})
    with serve(llm.app()) as url:
        yield llm, url


@pytest.fixture(scope="module")
async def client(
    fake: tuple[FakeLlm, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[httpx.AsyncClient]:
    db = tmp_path_factory.mktemp("llm") / "llm.db"
    settings = make_settings(f"sqlite+aiosqlite:///{db}", llm_base_url=fake[1] + "/v1", llm_model="fake")
    async with app_client(settings) as c:
        yield c


async def parse(client: httpx.AsyncClient, headers: dict[str, str], text: str) -> dict[str, Any]:
    r = await client.post("/assistant/parse", json={"text": text}, headers=headers)
    assert r.status_code == 200
    return dict(r.json())


async def test_the_model_reads_what_the_grammar_cannot(client: httpx.AsyncClient, fake: tuple[FakeLlm, str]) -> None:
    lifter = await register(client)
    asked = len(fake[0].prompts)
    result = await parse(client, lifter.headers, "I moved the heavy thing off the floor three times")
    assert result["source"] == "llm" and result["commands"][0]["exercise"] == "deadlift"
    assert result["commands"][0]["reps"] == 3 and len(fake[0].prompts) == asked + 1
    assert "deadlift" in fake[0].prompts[-1]  # the catalog's slugs are in the prompt


async def test_the_grammar_answers_first(client: httpx.AsyncClient, fake: tuple[FakeLlm, str]) -> None:
    lifter = await register(client)
    asked = len(fake[0].prompts)
    result = await parse(client, lifter.headers, "bench 135 for 8")
    assert result["source"] == "grammar" and len(fake[0].prompts) == asked


async def test_unknown_slugs_and_failures_fall_back_safely(client: httpx.AsyncClient) -> None:
    lifter = await register(client)
    moon = await parse(client, lifter.headers, "tell me about the space lift")
    assert moon["source"] == "llm" and moon["commands"][0]["exercise"] is None
    down = await parse(client, lifter.headers, "the weather is lovely today")  # the fake answers 500
    assert down["source"] == "grammar" and down["commands"] == [{"intent": "unknown"}]
    chat = await client.post(
        "/assistant/messages", json={"text": "I moved the heavy thing off the floor 3 times"}, headers=lifter.headers
    )
    assert chat.json()["reply"].startswith("Barbell Deadlift 3 reps.")  # executed like any grammar command
