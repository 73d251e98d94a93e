from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.conftest import Lifter


async def test_malformed_json_is_a_clear_422(client: httpx.AsyncClient, lifter: Lifter) -> None:
    r = await client.post(
        "/workouts/start", content=b'{"name": ', headers={**lifter.headers, "content-type": "application/json"}
    )
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "VALIDATION_ERROR" and err["details"][0]["message"].startswith("malformed JSON")


async def test_oversized_body_is_413_and_nothing_is_written(client: httpx.AsyncClient, lifter: Lifter) -> None:
    big = b'{"name": "' + b"x" * 2_000_000 + b'"}'
    r = await client.post(
        "/workouts/start", content=big, headers={**lifter.headers, "content-type": "application/json"}
    )
    assert r.status_code == 413 and r.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"

    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(40):
            yield b"x" * 65536

    r = await client.post(
        "/workouts/start", content=chunks(), headers={**lifter.headers, "content-type": "application/json"}
    )
    assert r.status_code == 413
    assert (await client.get("/workouts/active", headers=lifter.headers)).status_code == 404


async def test_request_id_is_echoed_and_in_error_bodies(client: httpx.AsyncClient) -> None:
    r = await client.get("/me", headers={"X-Request-ID": "trace-abc-123"})
    assert r.headers["x-request-id"] == "trace-abc-123"
    assert r.json()["meta"]["request_id"] == "trace-abc-123"
    made = await client.get("/healthz")
    assert len(made.headers["x-request-id"]) == 32


async def test_rate_limit_headers_on_every_response(client: httpx.AsyncClient, lifter: Lifter) -> None:
    r = await client.get("/me", headers=lifter.headers)
    assert int(r.headers["x-ratelimit-limit"]) > 0
    assert int(r.headers["x-ratelimit-remaining"]) >= 0 and int(r.headers["x-ratelimit-reset"]) > 0


async def test_idempotency_key_replays_and_rejects_other_bodies(client: httpx.AsyncClient, lifter: Lifter) -> None:
    h = {**lifter.headers, "Idempotency-Key": f"key-{uuid.uuid4()}"}
    body = {"status": "completed", "name": "Replayed", "sets": [{"exercise": "dip", "reps": 10}]}
    first = await client.post("/workouts", json=body, headers=h)
    second = await client.post("/workouts", json=body, headers=h)
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert second.headers.get("idempotent-replayed") == "true"
    other = await client.post("/workouts", json={**body, "name": "Different"}, headers=h)
    assert other.status_code == 409 and other.json()["error"]["code"] == "CONFLICT"
    listed = (await client.get("/workouts", headers=lifter.headers)).json()
    assert [w["name"] for w in listed["data"]].count("Replayed") == 1


async def test_idempotency_keys_are_per_user(client: httpx.AsyncClient, lifter: Lifter, other: Lifter) -> None:
    key = f"shared-{uuid.uuid4()}"
    a = await client.post("/workouts", json={"name": "A"}, headers={**lifter.headers, "Idempotency-Key": key})
    b = await client.post("/workouts", json={"name": "A"}, headers={**other.headers, "Idempotency-Key": key})
    assert a.status_code == b.status_code == 201 and a.json()["id"] != b.json()["id"]


async def test_failed_requests_are_not_replayed(client: httpx.AsyncClient, lifter: Lifter) -> None:
    h = {**lifter.headers, "Idempotency-Key": f"k-{uuid.uuid4()}"}
    unauth = await client.post("/workouts", json={"name": "x"}, headers={"Idempotency-Key": h["Idempotency-Key"]})
    assert unauth.status_code == 401
    ok = await client.post("/workouts", json={"name": "x"}, headers=h)
    assert ok.status_code == 201


async def test_health_ready_metrics_openapi(client: httpx.AsyncClient, app) -> None:  # type: ignore[no-untyped-def]
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["database"] is True
    root = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")
    async with root:
        metrics = (await root.get("/metrics")).text
        assert "http_requests_total" in metrics and "http_request_duration_seconds_bucket" in metrics
        spec = (await root.get("/openapi.json")).json()
        assert "/api/v1/workouts/start" in spec["paths"] and "/api/v1/auth/refresh" in spec["paths"]
        assert (await root.get("/healthz")).status_code == 200


async def test_unknown_routes_and_methods_use_the_envelope(client: httpx.AsyncClient) -> None:
    r = await client.get("/nowhere")
    assert r.status_code == 404 and r.json()["error"]["code"] == "NOT_FOUND"
    r = await client.put("/healthz")
    assert r.status_code == 405 and r.json()["error"]["code"] == "METHOD_NOT_ALLOWED"
    r = await client.delete("/workouts")
    assert r.status_code == 405 and r.headers["allow"] == "GET, POST"
    r = await client.options("/workouts/batch")  # a literal path beside /workouts/{id}: its own methods only
    assert r.status_code == 405 and r.headers["allow"] == "POST"


async def test_the_static_files_name_the_methods_they_answer(app: Any) -> None:
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as root:
        r = await root.post("/static/app.js")
    assert r.status_code == 405 and r.headers["allow"] == "GET, HEAD"


async def test_bad_path_ids_are_clear_errors(client: httpx.AsyncClient, lifter: Lifter) -> None:
    r = await client.get("/workouts/not-a-uuid", headers=lifter.headers)
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "workout_id"
    r = await client.get(f"/workouts/{uuid.uuid4()}", headers=lifter.headers)
    assert r.status_code == 404


async def test_a_refused_oversized_request_does_not_use_up_its_idempotency_key(
    client: httpx.AsyncClient, lifter: Lifter
) -> None:
    key = f"big-{uuid.uuid4()}"
    h = {**lifter.headers, "Idempotency-Key": key, "content-type": "application/json"}

    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(40):
            yield b"x" * 65536

    assert (await client.post("/workouts", content=chunks(), headers=h)).status_code == 413
    retry = await client.post("/workouts", json={"name": "small now"}, headers=h)
    assert retry.status_code == 201
