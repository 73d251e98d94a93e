"""The ownership probes, extended to trainer access and driven by the OpenAPI document (issue 23), on
SQLite and PostgreSQL. A trainer holding an active grant from a client:

- sends every operation of the lifter's own routes that names a record by id with the client's real
  ids: 404 for each (the grant is read through /trainer routes only), and the client's data stays;
- reads every /trainer/clients/{client_id}/... route: 200 for the client, each read an entry in the
  client's GET /me/audit; 404 for a lifter who is not a client and for an id no one has; 404 for
  all of them from the very next request after the client revokes, and nothing more is audited.

A new route with an id in its path is probed as soon as it is in the document; one whose record
this test does not know how to make fails the test until it is added to `MAKE` or `NOT_USER_DATA`."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx

from tests.conftest import Lifter, register
from tests.fakes.exports import history, strong_csv
from tests.integration.http.test_trainers import audit, coached, make_role, reads, trained
from tests.media_files import png

API = "/api/v1"
# The client's records, made from the document's own request examples: path parameter -> collection.
MAKE = {
    "routine_id": "/routines",
    "goal_id": "/goals",
    "program_id": "/programs",
    "food_id": "/foods",
    "meal_id": "/nutrition/meals",
    "webhook_id": "/webhooks",
    "reminder_id": "/reminders",
    "subscription_id": "/push/subscriptions",
}
# Path parameters that name no lifter's record, or not by id: probed elsewhere or not data of a lifter.
NOT_USER_DATA = {
    "provider",  # a device cloud or an OpenID provider by name (test_clouds, test_sign_in_with)
    "grant_id",  # the grant itself: its parties' only (test_trainers)
    "client_id",  # the trainer's routes: probed below
    "user_id",  # admin only (test_trainers)
    "day",  # a date in the caller's own diary
    "exercise",  # a catalog slug: the caller's own analytics
}


def spec_operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(p, m, op) for p, ops in spec["paths"].items() for m, op in ops.items() if p.startswith(API)]


def example_body(op: dict[str, Any], spec: dict[str, Any] | None = None) -> Any:
    """The operation's first request example; without one, a small body made from its schema."""
    content = op.get("requestBody", {}).get("content", {}).get("application/json", {})
    examples = content.get("examples") or {}
    if examples:
        return next(iter(examples.values()))["value"]
    if "example" in content or not op.get("requestBody"):
        return content.get("example")
    return made_up(content.get("schema", {}), spec or {})


def _resolved(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    for option in [] if "properties" in schema else schema.get("anyOf", []):
        if option.get("type") != "null":
            return _resolved(option, spec)
    return schema


def made_up(schema: dict[str, Any], spec: dict[str, Any]) -> Any:
    """A value that fits a schema well enough to get past validation: the required fields, or one
    simple field of a body whose fields are all optional (a PATCH)."""
    schema = _resolved(schema, spec)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        wanted = schema.get("required") or [
            next(k for k, v in props.items() if _resolved(v, spec).get("type") in ("string", "integer", "number"))
        ]
        return {k: made_up(props[k], spec) for k in wanted}
    if kind == "array":
        return []
    return {"string": "probe", "integer": 1, "number": 1, "boolean": True}.get(kind or "string", "probe")


async def made(client: httpx.AsyncClient, spec: dict[str, Any], lifter: Lifter) -> dict[str, str]:
    """One record of each kind for `lifter`, by path parameter."""
    ids: dict[str, str] = {}
    w = await trained(client, lifter)
    ids["workout_id"] = w["id"]
    ids["set_id"] = (await client.get(f"/workouts/{w['id']}", headers=lifter.headers)).json()["sets"][0]["id"]
    for param, collection in MAKE.items():
        body = example_body(spec["paths"][API + collection]["post"])
        r = await client.post(collection, json=body, headers=lifter.headers)
        assert r.status_code == 201, (collection, r.text)
        ids[param] = r.json()["id"]
    r = await client.post("/exercises", json={"name": f"Probe Curl {uuid.uuid4().hex[:6]}"}, headers=lifter.headers)
    ids["ref"] = r.json()["id"]
    body = example_body(spec["paths"][API + "/nutrition/logs"]["post"])
    r = await client.post("/nutrition/logs", json=body, headers=lifter.headers)
    assert r.status_code == 201, r.text
    logged = r.json()
    ids["log_id"] = (logged["data"][0] if "data" in logged else logged)["id"]
    key = await client.post("/me/api-keys", json={"name": "probe", "scopes": ["read"]}, headers=lifter.headers)
    ids["key_id"] = key.json()["id"]
    ids["session_id"] = (await client.get("/me/sessions", headers=lifter.headers)).json()["data"][0]["id"]
    r = await client.post("/media", files={"file": ("p.png", png(), "image/png")}, headers=lifter.headers)
    assert r.status_code == 201, r.text
    ids["media_id"] = r.json()["id"]
    csv = strong_csv(history(0.01)).encode()
    r = await client.post("/import", files={"file": ("export.csv", csv, "text/csv")}, headers=lifter.headers)
    assert r.status_code == 202, r.text
    ids["job_id"] = r.json()["id"]
    return ids


async def test_a_trainer_gets_404_for_a_clients_ids_on_every_lifter_route(
    app: Any, client: httpx.AsyncClient, lifter: Lifter
) -> None:
    spec = (await client.get("http://test/openapi.json")).json()
    trainer = await register(client)
    await make_role(app, trainer, "trainer")
    ids = await made(client, spec, lifter)
    await coached(client, lifter, trainer, write=True)
    probed, unknown = [], set()
    for path, method, op in spec_operations(spec):
        params = re.findall(r"\{(\w+)\}", path)
        if not params or "/trainer/" in path or set(params) & NOT_USER_DATA or not op.get("security"):
            continue
        if set(params) - ids.keys():
            unknown |= set(params) - ids.keys()
            continue
        url = path.removeprefix(API).format(**ids)
        r = await client.request(method, url, json=example_body(op, spec), headers=trainer.headers)
        probed.append(f"{method.upper()} {path}")
        assert r.status_code == 404 and r.json()["error"]["code"] == "NOT_FOUND", (method, path, r.status_code, r.text)
    assert not unknown, f"path parameters with no record made to probe: {unknown} (add them to MAKE)"
    assert len(probed) >= 40, probed
    # Nothing of the client's was touched.
    for url in (f"/workouts/{ids['workout_id']}", f"/routines/{ids['routine_id']}", f"/goals/{ids['goal_id']}"):
        assert (await client.get(url, headers=lifter.headers)).status_code == 200, url
    sets = (await client.get(f"/workouts/{ids['workout_id']}", headers=lifter.headers)).json()["sets"]
    assert [s["reps"] for s in sets] == [5]


async def test_trainer_routes_read_a_client_with_the_grant_only_and_each_read_is_audited(
    app: Any, client: httpx.AsyncClient, lifter: Lifter, other: Lifter
) -> None:
    spec = (await client.get("http://test/openapi.json")).json()
    trainer = await register(client)
    await make_role(app, trainer, "trainer")
    mine, theirs = await trained(client, lifter), await trained(client, other)
    grant = await coached(client, lifter, trainer)
    reads_of_client = [
        path.removeprefix(API)
        for path, method, _ in spec_operations(spec)
        if method == "get" and path.startswith(API + "/trainer/clients/{client_id}/")
    ]
    assert len(reads_of_client) >= 5, reads_of_client

    def urls(client_id: str, workout_id: str) -> list[str]:
        return [p.format(client_id=client_id, workout_id=workout_id) for p in reads_of_client]

    before = len(reads(await audit(client, lifter)))
    for url in urls(lifter.id, mine["id"]):
        r = await client.get(url, headers=trainer.headers)
        assert r.status_code == 200, (url, r.text)
    assert len(reads(await audit(client, lifter))) == before + len(reads_of_client)  # each read, once
    for url in urls(other.id, theirs["id"]) + urls(str(uuid.uuid4()), mine["id"]) + urls(lifter.id, theirs["id"])[1:2]:
        r = await client.get(url, headers=trainer.headers)
        assert r.status_code == 404 and r.json()["error"]["code"] == "NOT_FOUND", url
    assert reads(await audit(client, other)) == []
    assert len(reads(await audit(client, lifter))) == before + len(reads_of_client)  # a 404 is no read

    assert (await client.delete(f"/me/trainers/{grant}", headers=lifter.headers)).status_code == 204
    for url in urls(lifter.id, mine["id"]):  # the same token, the very next request
        r = await client.get(url, headers=trainer.headers)
        assert r.status_code == 404 and r.json()["error"]["code"] == "NOT_FOUND", url
    assert len(reads(await audit(client, lifter))) == before + len(reads_of_client)
