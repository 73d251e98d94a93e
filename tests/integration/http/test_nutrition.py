"""Nutrition over REST on every store: food search (typos, own foods first), logging in any unit
(grams from the food's measures, nutrients stored with the log), a day's totals against the targets
set on /me, saved meals, custom foods, what is refused (422) and that another lifter's records are
not found (404)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.conftest import Lifter, register

CHICKEN, RICE, EGG, WHEY, MILK = "usda-05064", "usda-20045", "usda-01123", "usda-14066", "usda-01077"


async def log(client: httpx.AsyncClient, who: Lifter, status: int = 201, **body: Any) -> dict[str, Any]:
    r = await client.post("/nutrition/logs", json=body, headers=who.headers)
    assert r.status_code == status, r.text
    return dict(r.json())


async def day(client: httpx.AsyncClient, who: Lifter, when: str) -> dict[str, Any]:
    r = await client.get(f"/nutrition/days/{when}", headers=who.headers)
    assert r.status_code == 200, r.text
    return dict(r.json())


async def test_search_finds_foods_through_typos_common_names_first(client: httpx.AsyncClient, lifter: Lifter) -> None:
    for query, expected in [
        ("chicken breast", CHICKEN),
        ("chiken brest", CHICKEN),
        ("white rice", RICE),
        ("rcie", RICE),
        ("eggs", EGG),
        ("protein shake", WHEY),
        ("whole milk", MILK),
    ]:
        r = await client.get("/foods", params={"q": query, "limit": 5}, headers=lifter.headers)
        assert r.status_code == 200, r.text
        data = r.json()["data"]
        assert data[0]["id"] == expected, (query, [d["name"] for d in data])
        assert data[0]["per_100g"]["energy_kcal"] > 0
    r = await client.get("/nutrition/foods", params={"search": "bananna"}, headers=lifter.headers)
    assert r.json()["data"][0]["id"] == "usda-09040"
    one = await client.get(f"/foods/{EGG}", headers=lifter.headers)
    assert one.status_code == 200
    assert {"amount": 1, "measure": "large", "grams": 50, "label": "large"} in one.json()["portions"]


async def test_logging_in_any_unit_and_the_day_against_targets(client: httpx.AsyncClient, lifter: Lifter) -> None:
    r = await client.patch(
        "/me", json={"nutrition_targets": {"energy_kcal": 2500, "protein_g": 180}}, headers=lifter.headers
    )
    assert r.status_code == 200, r.text
    assert r.json()["nutrition_targets"] == {"energy_kcal": 2500, "protein_g": 180}
    r = await client.patch(
        "/me", json={"nutrition_targets": {"fat_g": 70, "energy_kcal": None}}, headers=lifter.headers
    )
    assert r.json()["nutrition_targets"] == {"protein_g": 180, "fat_g": 70}  # merged; a null clears one
    when = "2025-03-01"
    chicken = await log(client, lifter, food_id=CHICKEN, amount=200, unit="grams", meal="lunch", day=when)
    row = chicken["data"][0]
    assert (row["grams"], row["energy_kcal"], row["protein_g"]) == (200, 330, 62.04)
    both = await log(
        client,
        lifter,
        meal="breakfast",
        day=when,
        entries=[
            {"food_id": EGG, "amount": 2},  # two large eggs: 100 g
            {"food_id": RICE, "amount": 1, "unit": "cup"},  # 158 g
            {"food_id": MILK, "amount": 8, "unit": "fl oz"},
            {"food_id": CHICKEN, "amount": 4, "unit": "oz"},
        ],
    )
    grams = [e["grams"] for e in both["data"]]
    assert grams[:2] == [100, 158] and 240 < grams[2] < 250 and grams[3] == pytest.approx(113.4, abs=0.1)
    assert len({e["batch_id"] for e in both["data"]}) == 1
    seen = await day(client, lifter, when)
    assert [m["meal"] for m in seen["meals"]] == ["breakfast", "lunch"]
    total = sum(e["energy_kcal"] for e in both["data"]) + 330
    assert seen["totals"]["energy_kcal"] == pytest.approx(total, abs=0.05)
    protein = seen["against"]["protein_g"]
    assert protein["target"] == 180 and protein["remaining"] == pytest.approx(180 - protein["total"], abs=0.01)
    assert seen["against"]["energy_kcal"]["target"] is None
    listed = await client.get("/nutrition/logs", params={"day": when, "meal": "lunch"}, headers=lifter.headers)
    assert [e["id"] for e in listed.json()["data"]] == [row["id"]]


async def test_a_log_changed_or_deleted_changes_the_day(client: httpx.AsyncClient, lifter: Lifter) -> None:
    when = "2025-04-02"
    row = (await log(client, lifter, food_id=RICE, amount=100, unit="g", day=when))["data"][0]
    r = await client.patch(f"/nutrition/logs/{row['id']}", json={"amount": 2, "unit": "cup"}, headers=lifter.headers)
    assert r.status_code == 200, r.text
    assert r.json()["grams"] == 316 and r.json()["energy_kcal"] == pytest.approx(410.8)
    r = await client.patch(f"/nutrition/logs/{row['id']}", json={"meal": "dinner"}, headers=lifter.headers)
    assert r.json()["meal"] == "dinner" and r.json()["grams"] == 316
    assert (await day(client, lifter, when))["totals"]["energy_kcal"] == pytest.approx(410.8)
    assert (await client.delete(f"/nutrition/logs/{row['id']}", headers=lifter.headers)).status_code == 204
    assert (await day(client, lifter, when))["totals"]["energy_kcal"] == 0


async def test_meal_left_out_follows_the_local_time(client: httpx.AsyncClient) -> None:
    who = await register(client, timezone="Europe/Berlin")
    at = datetime(2025, 5, 5, 5, 30, tzinfo=UTC)  # 07:30 in Berlin
    row = (await log(client, who, food_id=EGG, amount=1, eaten_at=at.isoformat()))["data"][0]
    assert (row["meal"], row["day"]) == ("breakfast", "2025-05-05")
    late = (await log(client, who, food_id=EGG, amount=1, eaten_at=(at + timedelta(hours=17)).isoformat()))["data"][0]
    assert (late["meal"], late["day"]) == ("snack", "2025-05-06")  # 00:30 the next local day


async def test_custom_foods_are_searched_first_and_logged_per_serving(
    client: httpx.AsyncClient, lifter: Lifter
) -> None:
    body = {
        "name": "Zorbo protein bar",
        "per_grams": 60,
        "energy_kcal": 200,
        "protein_g": 21,
        "carbs_g": 22,
        "fat_g": 8,
        "fibre_g": 14,
        "portions": [{"measure": "bar", "grams": 60}],
    }
    r = await client.post("/foods", json=body, headers=lifter.headers)
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["custom"] and made["per_100g"]["energy_kcal"] == pytest.approx(333.333, abs=0.01)
    found = await client.get("/foods", params={"q": "zorbo bar"}, headers=lifter.headers)
    assert found.json()["data"][0]["id"] == made["id"]
    row = (await log(client, lifter, food_id=made["id"], amount=1, unit="bar", day="2025-06-01"))["data"][0]
    assert (row["grams"], row["energy_kcal"], row["protein_g"]) == (60, 200, 21)
    r = await client.patch(f"/foods/{made['id']}", json={"energy_kcal": 150}, headers=lifter.headers)
    assert r.status_code == 200 and r.json()["per_100g"]["energy_kcal"] == 150
    assert (await day(client, lifter, "2025-06-01"))["totals"]["energy_kcal"] == 200  # as logged
    mine = await client.get("/foods", headers=lifter.headers)
    assert [f["id"] for f in mine.json()["data"]] == [made["id"]]
    assert (await client.patch(f"/foods/{CHICKEN}", json={"name": "x"}, headers=lifter.headers)).status_code == 403
    assert (await client.delete(f"/foods/{made['id']}", headers=lifter.headers)).status_code == 204
    assert (await day(client, lifter, "2025-06-01"))["totals"]["energy_kcal"] == 200  # logs stay


async def test_saved_meals_log_their_foods_again(client: httpx.AsyncClient, lifter: Lifter) -> None:
    items = [{"food_id": EGG, "amount": 3}, {"food_id": WHEY, "amount": 1, "unit": "scoop"}]
    r = await client.post(
        "/nutrition/meals", json={"name": "Usual", "meal": "breakfast", "items": items}, headers=lifter.headers
    )
    assert r.status_code == 201, r.text
    meal = r.json()
    r = await client.post(
        f"/nutrition/meals/{meal['id']}/log", json={"servings": 2, "day": "2025-07-01"}, headers=lifter.headers
    )
    assert r.status_code == 201, r.text
    rows = r.json()["data"]
    assert [(x["meal"], x["amount"], x["grams"]) for x in rows] == [("breakfast", 6, 300), ("breakfast", 2, 64)]
    r = await client.patch(f"/nutrition/meals/{meal['id']}", json={"name": "Big breakfast"}, headers=lifter.headers)
    assert r.json()["name"] == "Big breakfast" and len(r.json()["items"]) == 2
    listed = await client.get("/nutrition/meals", headers=lifter.headers)
    assert [m["id"] for m in listed.json()["data"]] == [meal["id"]]
    assert (await client.delete(f"/nutrition/meals/{meal['id']}", headers=lifter.headers)).status_code == 204


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"food_id": "usda-99999", "amount": 1}, "entries[0].food_id"),
        ({"food_id": CHICKEN, "amount": 2, "unit": "slice"}, "entries[0].unit"),  # no slice of chicken breast
        ({"food_id": "usda-05062", "amount": 1, "unit": "ml"}, "entries[0].unit"),  # no volume for raw chicken
        ({"food_id": CHICKEN, "amount": 0}, "amount"),
        ({"food_id": CHICKEN, "amount": 20, "unit": "kg"}, "entries[0].amount"),  # more than 10 kg
        ({"food_id": CHICKEN, "amount": 1, "meal": "brunch"}, "meal"),
        ({"food_id": CHICKEN, "amount": 1, "day": "2999-01-01"}, "day"),
        ({"food_id": CHICKEN, "amount": 1, "calories": 5}, "calories"),
        ({"food_id": CHICKEN}, "body"),
        ({"food_id": CHICKEN, "amount": 1, "entries": [{"food_id": RICE, "amount": 1}]}, "body"),
        ({"entries": []}, "entries"),
    ],
)
async def test_bad_logs_are_refused_and_nothing_is_written(
    client: httpx.AsyncClient, lifter: Lifter, body: dict[str, Any], field: str
) -> None:
    r = await client.post("/nutrition/logs", json=body, headers=lifter.headers)
    assert r.status_code == 422, r.text
    assert any(d["field"] == field or d["field"].endswith(field) for d in r.json()["error"]["details"]), r.text
    assert (await client.get("/nutrition/logs", headers=lifter.headers)).json()["meta"]["total"] == 0


@pytest.mark.parametrize(
    "body",
    [
        {"name": "x", "energy_kcal": 950},
        {"name": "x", "energy_kcal": 100, "protein_g": 60, "carbs_g": 50},
        {"name": " ", "energy_kcal": 100},
        {"name": "x"},
        {"name": "x", "energy_kcal": 100, "portions": [{"measure": "bar", "grams": 0}]},
    ],
)
async def test_bad_custom_foods_and_targets_are_refused(
    client: httpx.AsyncClient, lifter: Lifter, body: dict[str, Any]
) -> None:
    assert (await client.post("/foods", json=body, headers=lifter.headers)).status_code == 422
    r = await client.patch("/me", json={"nutrition_targets": {"protein_g": -1}}, headers=lifter.headers)
    assert r.status_code == 422
    r = await client.patch("/me", json={"nutrition_targets": {"sugar_g": 10}}, headers=lifter.headers)
    assert r.status_code == 422


async def test_another_lifters_nutrition_is_not_found(client: httpx.AsyncClient, lifter: Lifter, other: Lifter) -> None:
    food = (await client.post("/foods", json={"name": "Secret stew", "energy_kcal": 90}, headers=lifter.headers)).json()
    row = (await log(client, lifter, food_id=food["id"], amount=300, unit="g"))["data"][0]
    meal = (
        await client.post(
            "/nutrition/meals", json={"name": "m", "items": [{"food_id": EGG, "amount": 1}]}, headers=lifter.headers
        )
    ).json()
    h = other.headers
    for method, path, body in [
        ("GET", f"/foods/{food['id']}", None),
        ("PATCH", f"/foods/{food['id']}", {"name": "mine"}),
        ("DELETE", f"/foods/{food['id']}", None),
        ("GET", f"/nutrition/logs/{row['id']}", None),
        ("PATCH", f"/nutrition/logs/{row['id']}", {"amount": 1}),
        ("DELETE", f"/nutrition/logs/{row['id']}", None),
        ("GET", f"/nutrition/meals/{meal['id']}", None),
        ("POST", f"/nutrition/meals/{meal['id']}/log", {}),
        ("DELETE", f"/nutrition/meals/{meal['id']}", None),
    ]:
        r = await client.request(method, path, json=body, headers=h)
        assert r.status_code == 404, (method, path, r.text)
    r = await client.post("/nutrition/logs", json={"food_id": food["id"], "amount": 1}, headers=h)
    assert r.status_code == 422  # their food is no food of mine
    assert (await client.get("/foods", params={"q": "secret stew"}, headers=h)).json()["data"][:1] != [food]
    assert (await client.get("/nutrition/logs", headers=h)).json()["meta"]["total"] == 0
    assert (await client.get(f"/nutrition/logs/{row['id']}", headers=lifter.headers)).status_code == 200
