"""The account as a whole: everything in one download, erasure after the password, the audit log."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlalchemy import func, select

from domain import account
from domain.models import AuditEntry, IdempotencyRecord, User
from tests.conftest import Lifter, register


async def fill(client: httpx.AsyncClient, lifter: Lifter) -> dict[str, Any]:
    """A lifter with something in most tables: sets (and so records), a metric, a routine, an own
    exercise, an API key, a link code, a kept idempotent answer."""
    h = lifter.headers
    w = (await client.post("/workouts", json={"name": "Push"}, headers=h)).json()
    sets = {"exercise": "barbell-bench-press", "sets": 2, "reps": 5, "weight": 100, "unit": "kg"}
    await client.post(f"/workouts/{w['id']}/sets", json=sets, headers={**h, "Idempotency-Key": uuid.uuid4().hex})
    await client.post("/metrics", json={"metric": "body_weight", "value": 82.5, "unit": "kg"}, headers=h)
    own = (await client.post("/exercises", json={"name": "Sled Push Deluxe"}, headers=h)).json()
    routine = {"name": "Day A", "items": [{"exercise": own["id"], "targetSets": 3, "targetReps": 8}]}
    assert (await client.post("/routines", json=routine, headers=h)).status_code == 201
    key = (await client.post("/me/api-keys", json={"name": "watch"}, headers=h)).json()["key"]
    assert (await client.get("/workouts", headers={"X-API-Key": key})).status_code == 200
    assert (await client.post("/me/link-codes", headers=h)).status_code == 201
    return {"workout": w, "key": key}


async def test_the_download_holds_everything_but_secrets(client: httpx.AsyncClient, lifter: Lifter) -> None:
    made = await fill(client, lifter)
    r = await client.get("/me/export", headers=lifter.headers)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    assert "attachment" in r.headers["content-disposition"]
    tables = r.json()["tables"]
    assert tables["users"][0]["email"] == lifter.email and "password_hash" not in tables["users"][0]
    assert [s["reps"] for s in tables["sets"]] == [5, 5] and tables["workouts"][0]["id"] == made["workout"]["id"]
    assert {"body_metrics", "routines", "routine_items", "exercises", "personal_records", "api_keys"} <= set(tables)
    assert all(not k.endswith("_hash") for rows in tables.values() for row in rows for k in row)
    assert made["key"] not in r.text
    audit = (await client.get("/me/audit", headers=lifter.headers)).json()["data"]
    assert audit[0]["action"] == "user.exported"


async def test_the_download_is_only_the_signed_in_users(
    client: httpx.AsyncClient, lifter: Lifter, other: Lifter
) -> None:
    await fill(client, other)
    r = await client.get("/me/export", headers=lifter.headers)
    tables = r.json()["tables"]
    assert [u["id"] for u in tables["users"]] == [lifter.id] and "sets" not in tables
    key = (await client.post("/me/api-keys", json={"name": "k"}, headers=lifter.headers)).json()["key"]
    assert (await client.get("/me/export", headers={"X-API-Key": key})).status_code in (401, 403)
    assert (await client.get("/me/export")).status_code == 401


async def rows_of(app: Any, user_id: uuid.UUID) -> dict[str, int]:
    found: dict[str, int] = {}
    async with app.state.spotter.reader() as uow:
        for owned in account.owned_tables():
            count = select(func.count()).select_from(owned.table).where(owned.rows_of(user_id))
            found[owned.table.name] = int(await uow.session.scalar(count) or 0)
        found["users"] = int(await uow.session.scalar(select(func.count()).where(User.id == user_id)) or 0)
    return found


async def test_a_wrong_password_erases_nothing(app: Any, client: httpx.AsyncClient, lifter: Lifter) -> None:
    await fill(client, lifter)
    before = await rows_of(app, uuid.UUID(lifter.id))
    r = await client.request("DELETE", "/me", json={"password": "not my password"}, headers=lifter.headers)
    assert r.status_code == 403 and r.json()["error"]["code"] == "FORBIDDEN"
    assert await rows_of(app, uuid.UUID(lifter.id)) == before and before["sets"] == 2
    # No proof, or a code in place of the password an account has: refused, saying what would do.
    for body in ({}, None, {"code": "123456"}):
        r = await client.request("DELETE", "/me", json=body, headers=lifter.headers)
        assert r.status_code == 403 and r.json()["error"]["code"] == "REAUTH_REQUIRED", body
        assert "password" in r.json()["error"]["message"]
    for bad in ({"password": None}, {"code": "not a code!"}, {"password": "x", "extra": 1}):
        r = await client.request("DELETE", "/me", json=bad, headers=lifter.headers)
        assert r.status_code == 422, bad
    assert await rows_of(app, uuid.UUID(lifter.id)) == before
    assert (await client.get("/me", headers=lifter.headers)).status_code == 200


async def test_erasure_leaves_nothing_personal(
    app: Any, client: httpx.AsyncClient, lifter: Lifter, other: Lifter
) -> None:
    made = await fill(client, lifter)
    await fill(client, other)
    others_before = await rows_of(app, uuid.UUID(other.id))
    r = await client.request("DELETE", "/me", json={"password": lifter.password}, headers=lifter.headers)
    assert r.status_code == 200 and r.json()["erased"] is True and r.json()["rows"]["sets"] == 2
    who = uuid.UUID(lifter.id)
    left = {table: n for table, n in (await rows_of(app, who)).items() if n}
    assert left == {"audit_log": 1}  # nothing but the entry that says the account was erased
    async with app.state.spotter.reader() as uow:
        kept = (await uow.session.scalars(select(AuditEntry).where(AuditEntry.user_id == who))).all()
        assert [(e.action, set(e.data)) for e in kept] == [("user.erased", {"rows"})]
        kept_answers = select(IdempotencyRecord).where(IdempotencyRecord.scope == f"u:{who}")
        assert not (await uow.session.scalars(kept_answers)).all()
    assert (await client.get("/me", headers=lifter.headers)).status_code == 401
    assert (await client.get("/workouts", headers={"X-API-Key": made["key"]})).status_code == 401
    login = {"email": lifter.email, "password": lifter.password}
    assert (await client.post("/auth/login", json=login)).status_code == 401
    assert await rows_of(app, uuid.UUID(other.id)) == others_before
    again = await register(client)
    assert again.id != lifter.id


async def test_the_audit_log_is_the_users_own(client: httpx.AsyncClient, lifter: Lifter, other: Lifter) -> None:
    login = {"email": lifter.email, "password": lifter.password}
    assert (await client.post("/auth/login", json=login)).status_code == 200
    key = (await client.post("/me/api-keys", json={"name": "k"}, headers=lifter.headers)).json()
    assert (await client.get("/workouts", headers={"X-API-Key": key["key"]})).status_code == 200
    r = await client.get("/me/audit", headers=lifter.headers, params={"limit": 2})
    assert r.status_code == 200 and r.json()["meta"]["total"] == 4 and r.json()["meta"]["has_next"]
    actions = [e["action"] for e in r.json()["data"]]
    assert actions == ["api_key.used", "user.logged_in"] and r.json()["data"][0]["entity_id"] == key["id"]
    theirs = (await client.get("/me/audit", headers=other.headers)).json()["data"]
    assert [e["action"] for e in theirs][-1] == "user.registered" and "api_key.used" not in str(theirs)
    assert (await client.get("/me/audit", headers={"X-API-Key": key["key"]})).status_code in (401, 403)
