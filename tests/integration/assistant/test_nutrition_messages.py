"""Food through the assistant on every store: logged by the same handler as the REST API, asked
about when the amount (or the food) is missing and completed by the answer, undone by "scratch
that", and the day read back against the targets; the LLM fallback's foods settled as the grammar's.
Also: a lifter's nutrition is in their export and goes with their account."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from domain import account
from tests.conftest import Lifter, app_client, make_settings, register
from tests.fakes.openai import FakeLlm
from tests.fakes.servers import serve
from tests.integration.http.test_account import rows_of


async def say(client: httpx.AsyncClient, who: Lifter, text: str) -> dict[str, Any]:
    r = await client.post("/assistant/messages", json={"text": text}, headers=who.headers)
    assert r.status_code == 200, r.text
    return dict(r.json())


async def today(client: httpx.AsyncClient, who: Lifter) -> dict[str, Any]:
    logs = (await client.get("/nutrition/logs", headers=who.headers)).json()["data"]
    when = logs[0]["day"] if logs else "2025-01-01"
    return dict((await client.get(f"/nutrition/days/{when}", headers=who.headers)).json())


async def test_a_spoken_meal_is_logged_and_the_day_answered(client: httpx.AsyncClient, lifter: Lifter) -> None:
    await client.patch("/me", json={"nutrition_targets": {"protein_g": 180}}, headers=lifter.headers)
    out = await say(client, lifter, "log 200 grams of chicken breast and a cup of rice for lunch")
    assert out["results"][0]["status"] == "ok", out
    assert out["reply"].startswith("Logged 200g chicken breast (330 kcal) and 1 cup rice (205 kcal) for lunch.")
    assert "66 g protein of 180 (114 to go)" in out["reply"]
    day = await today(client, lifter)
    assert [e["food_id"] for e in day["meals"][0]["entries"]] == ["usda-05064", "usda-20045"]
    out = await say(client, lifter, "how much protein today")
    assert out["reply"] == "Today: 66 g protein of 180 (114 to go).", out
    out = await say(client, lifter, "had a protein shake")
    assert out["results"][0]["status"] == "ok" and "protein shake" in out["reply"]
    out = await say(client, lifter, "scratch that")
    assert out["results"][0] == {"intent": "undo_last", "status": "ok", "removed": 1, "kind": "food"}
    assert len((await today(client, lifter))["meals"][0]["entries"]) == 2


async def test_a_missing_amount_is_asked_and_the_answer_completes_it(client: httpx.AsyncClient) -> None:
    who = await register(client)
    out = await say(client, who, "had rice for dinner")
    assert out["reply"] == "How much rice?" and out["results"][0]["status"] == "needs_clarification"
    assert (await client.get("/nutrition/logs", headers=who.headers)).json()["meta"]["total"] == 0
    out = await say(client, who, "a cup and a half")
    assert out["results"][0]["status"] == "ok", out
    row = (await client.get("/nutrition/logs", headers=who.headers)).json()["data"][0]
    assert (row["meal"], row["amount"], row["unit"], row["grams"]) == ("dinner", 1.5, "cup", 237)
    out = await say(client, who, "ate some almonds")
    assert out["reply"] == "How many almonds?"
    out = await say(client, who, "bench 135 for 8")  # a command of its own, not an answer
    assert out["results"][0]["intent"] == "log_sets"
    out = await say(client, who, "had 2 slices of chicken breast")  # no slice measure: ask for grams
    assert out["results"][0]["status"] == "needs_clarification" and "grams" in out["reply"]


async def test_the_lifters_own_food_is_understood(client: httpx.AsyncClient) -> None:
    who = await register(client)
    body = {
        "name": "Zorbo bar",
        "per_grams": 60,
        "energy_kcal": 200,
        "protein_g": 20,
        "portions": [{"measure": "bar", "grams": 60}],
    }
    made = (await client.post("/foods", json=body, headers=who.headers)).json()
    out = await say(client, who, "I ate a zorbo bar")
    assert out["results"][0]["status"] == "ok", out
    assert out["commands"][0]["items"][0]["food_id"] == made["id"]
    assert out["results"][0]["energy_kcal"] == 200


async def test_nutrition_is_exported_and_erased_with_the_account(app: Any, client: httpx.AsyncClient) -> None:
    who = await register(client)
    await client.patch("/me", json={"nutrition_targets": {"energy_kcal": 2400}}, headers=who.headers)
    await client.post("/foods", json={"name": "Stew", "energy_kcal": 90}, headers=who.headers)
    await say(client, who, "had 2 eggs and a banana")
    items = [{"food_id": "usda-01123", "amount": 1}]
    await client.post("/nutrition/meals", json={"name": "Egg", "items": items}, headers=who.headers)
    names = {o.table.name for o in account.owned_tables()}
    assert {"custom_foods", "food_logs", "saved_meals"} <= names
    export = (await client.get("/me/export", headers=who.headers)).json()["tables"]
    assert len(export["food_logs"]) == 2 and len(export["custom_foods"]) == 1 and len(export["saved_meals"]) == 1
    assert export["users"][0]["nutrition_targets"] == {"energy_kcal": 2400}
    r = await client.request("DELETE", "/me", json={"password": who.password}, headers=who.headers)
    assert r.status_code == 200 and r.json()["rows"]["food_logs"] == 2
    left = {t: n for t, n in (await rows_of(app, uuid.UUID(who.id))).items() if n}
    assert left == {"audit_log": 1}


SHAKE = {
    "commands": [{"intent": "log_food", "items": [{"food": "protien shake", "food_id": "usda-00000", "amount": 1}]}]
}
VAGUE = {
    "commands": [{"intent": "log_food", "items": [{"food": "rice", "amount": None, "unit": None}], "meal": "lunch"}]
}


@pytest.fixture(scope="module")
def fake() -> Iterator[tuple[FakeLlm, str]]:
    llm = FakeLlm({"slurped down those whey things": SHAKE, "polished off that white grain stuff": VAGUE})
    with serve(llm.app()) as url:
        yield llm, url


@pytest.fixture(scope="module")
async def llm_client(
    fake: tuple[FakeLlm, str], tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[httpx.AsyncClient]:
    db = tmp_path_factory.mktemp("llm-food") / "food.db"
    settings = make_settings(f"sqlite+aiosqlite:///{db}", llm_base_url=fake[1] + "/v1", llm_model="fake")
    async with app_client(settings) as c:
        yield c


async def test_the_language_models_foods_are_checked_as_the_grammars(llm_client: httpx.AsyncClient) -> None:
    who = await register(llm_client)
    out = await say(llm_client, who, "slurped down those whey things")
    assert out["commands"][0]["items"][0]["food_id"] == "usda-14066"  # found again from its words
    assert out["results"][0]["status"] == "ok"
    out = await say(llm_client, who, "polished off that white grain stuff")
    assert out["reply"] == "How much rice?"
    out = await say(llm_client, who, "200 grams")
    assert out["results"][0]["status"] == "ok"
    rows = (await llm_client.get("/nutrition/logs", headers=who.headers)).json()["data"]
    assert (rows[0]["food_id"], rows[0]["grams"], rows[0]["meal"]) == ("usda-20045", 200, "lunch")
