"""The event sockets on a real server (the app served on a loopback port), on SQLite and PostgreSQL:
sets logged through the assistant reach /live and /events, filters, resume with last_event_id,
rest timers, ownership (a trainer's grant included) and the auth message."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from channels.http.security import issue_access_token
from tests.conftest import Lifter
from tests.sockets import close_code, event_socket, next_of, quiet, ready, served


@pytest.fixture(scope="session")
async def base(app: Any) -> AsyncIterator[str]:
    async with served(app) as url:
        yield url


def auth(lifter: Lifter, **more: Any) -> dict[str, Any]:
    return {"type": "auth", "token": lifter.access, **more}


async def start(client: httpx.AsyncClient, lifter: Lifter) -> str:
    r = await client.post("/workouts/start", headers=lifter.headers, json={})
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def say(client: httpx.AsyncClient, lifter: Lifter, text: str) -> dict[str, Any]:
    r = await client.post("/assistant/messages", headers=lifter.headers, json={"text": text})
    assert r.status_code == 200, r.text
    return dict(r.json())


async def test_a_set_said_to_the_assistant_reaches_live_and_events(
    base: str, client: httpx.AsyncClient, lifter: Lifter
) -> None:
    workout = await start(client, lifter)
    async with (
        event_socket(base, f"/workouts/{workout}/live", auth(lifter)) as live,
        event_socket(base, "/events", auth(lifter)) as events,
    ):
        hello = await ready(live)
        assert hello["workout_id"] == workout and hello["heartbeat_s"] > 0
        await ready(events)
        opening = await next_of(live, "workout.stats")
        assert opening["data"]["set_count"] == 0
        await say(client, lifter, "bench 135 for 8")
        logged = await next_of(live, "set.logged")
        assert logged["workout_id"] == workout and logged["id"]
        assert (logged["data"]["exercise"], logged["data"]["reps"], logged["data"]["weight"]) == (
            "barbell-bench-press",
            8,
            135,
        )
        stats = await next_of(live, "workout.stats")
        assert stats["data"]["set_count"] == 1 and stats["data"]["volume_kg"] > 0
        heard = await next_of(events, "set.logged")
        assert heard["id"] == logged["id"] and heard["data"] == logged["data"]


async def test_live_shows_changes_removals_and_the_end_of_its_workout(
    base: str, client: httpx.AsyncClient, lifter: Lifter
) -> None:
    workout = await start(client, lifter)
    r = await client.post(f"/workouts/{workout}/sets", headers=lifter.headers, json={"exercise": "dip", "reps": 10})
    set_id = r.json()["data"][0]["id"]
    async with event_socket(base, f"/workouts/{workout}/live", auth(lifter)) as live:
        await ready(live)
        assert (await next_of(live, "workout.stats"))["data"]["set_count"] == 1
        await client.patch(f"/sets/{set_id}", headers=lifter.headers, json={"reps": 12})
        assert (await next_of(live, "set.updated"))["data"]["reps"] == 12
        await client.delete(f"/sets/{set_id}", headers=lifter.headers)
        gone = await next_of(live, "set.deleted")
        assert gone["data"]["id"] == set_id
        assert (await next_of(live, "workout.stats"))["data"]["set_count"] == 0
        await client.post(f"/workouts/{workout}/finish", headers=lifter.headers)
        finished = await next_of(live, "workout.finished")
        assert finished["data"]["status"] == "completed"


async def test_a_rest_timer_starts_and_ends_on_the_live_socket(
    base: str, client: httpx.AsyncClient, lifter: Lifter
) -> None:
    workout = await start(client, lifter)
    async with event_socket(base, f"/workouts/{workout}/live", auth(lifter)) as live:
        await ready(live)
        await say(client, lifter, "rest 1 second")
        started = await next_of(live, "rest.started")
        assert started["data"]["seconds"] == 1 and started["workout_id"] == workout
        ended = await next_of(live, "rest.ended", within=5)
        assert ended["data"]["reason"] == "done"


async def test_events_are_filtered_by_type(base: str, client: httpx.AsyncClient, lifter: Lifter) -> None:
    async with event_socket(base, "/events", auth(lifter, types=["workout.*", "metric.logged"])) as events:
        await ready(events)
        workout = await start(client, lifter)
        await client.post(f"/workouts/{workout}/sets", headers=lifter.headers, json={"exercise": "dip", "reps": 5})
        await client.post("/metrics", headers=lifter.headers, json={"metric": "body_weight", "value": 80, "unit": "kg"})
        await client.post(f"/workouts/{workout}/finish", headers=lifter.headers)
        seen = [m["type"] for m in await quiet(events, 1.0) if m["type"] != "ping"]
    assert seen == ["workout.started", "metric.logged", "workout.finished"]


async def test_a_reconnecting_client_resumes_after_its_last_event(
    base: str, client: httpx.AsyncClient, lifter: Lifter
) -> None:
    workout = await start(client, lifter)
    url = f"/workouts/{workout}/sets"
    async with event_socket(base, "/events", auth(lifter, types=["set.logged"])) as events:
        await ready(events)
        await client.post(url, headers=lifter.headers, json={"exercise": "dip", "reps": 1})
        last = (await next_of(events, "set.logged"))["id"]
    for reps in (2, 3):  # while the client is away
        await client.post(url, headers=lifter.headers, json={"exercise": "dip", "reps": reps})
    async with event_socket(base, "/events", auth(lifter, types=["set.logged"], last_event_id=last)) as events:
        hello = await ready(events)
        missed = [await next_of(events, "set.logged") for _ in range(2)]
        assert [m["data"]["reps"] for m in missed] == [2, 3]
        assert hello["last_event_id"] == missed[-1]["id"]
        await client.post(url, headers=lifter.headers, json={"exercise": "dip", "reps": 4})
        assert (await next_of(events, "set.logged"))["data"]["reps"] == 4


async def test_a_client_ping_is_answered(base: str, lifter: Lifter) -> None:
    async with event_socket(base, "/events", auth(lifter)) as events:
        await ready(events)
        await events.send('{"type": "ping"}')
        assert (await next_of(events, "pong"))["type"] == "pong"
        await events.send("hello")
        assert (await next_of(events, "error"))["code"] == "BAD_MESSAGE"


async def test_another_lifters_workout_is_not_found(
    base: str, client: httpx.AsyncClient, lifter: Lifter, other: Lifter
) -> None:
    workout = await start(client, other)
    for path in (f"/workouts/{workout}/live", f"/workouts/{uuid.uuid4()}/live", "/workouts/not-an-id/live"):
        async with event_socket(base, path, auth(lifter)) as live:
            assert await close_code(live) == 4404
    async with event_socket(base, f"/workouts/{workout}/live", auth(other)) as live:
        assert (await ready(live))["workout_id"] == workout


async def test_a_trainers_grant_opens_no_socket_on_the_clients_workouts(
    app: Any, base: str, client: httpx.AsyncClient, lifter: Lifter, other: Lifter
) -> None:
    """The ownership probe above for a trainer: a client's grant is read through /trainer routes only."""
    from tests.integration.http.test_trainers import coached, make_role

    await make_role(app, lifter, "trainer")
    await coached(client, other, lifter, write=True)
    workout = await start(client, other)
    async with event_socket(base, f"/workouts/{workout}/live", auth(lifter)) as live:
        assert await close_code(live) == 4404
    async with event_socket(base, "/events", auth(lifter)) as events:
        await ready(events)
        await client.post(f"/workouts/{workout}/sets", headers=other.headers, json={"exercise": "dip", "reps": 5})
        assert [m for m in await quiet(events, 0.5) if m["type"] != "ping"] == []


async def test_a_grant_is_told_to_both_and_a_revocation_ends_access_mid_session(
    app: Any, base: str, client: httpx.AsyncClient, lifter: Lifter, other: Lifter
) -> None:
    """Each step of a grant reaches both parties' sockets; the trainer, socket open and token in hand,
    hears `trainer.ended` and is refused from the very next request."""
    from tests.integration.http.test_trainers import make_role

    await make_role(app, lifter, "trainer")
    async with (
        event_socket(base, "/events", auth(other, types=["trainer.*"])) as mine,
        event_socket(base, "/events", auth(lifter)) as coach,
    ):
        await ready(mine)
        await ready(coach)
        r = await client.post("/me/trainers", json={"email": lifter.email}, headers=other.headers)
        grant = r.json()["id"]
        for ws in (mine, coach):
            told = await next_of(ws, "trainer.invited")
            assert told["data"]["id"] == grant and told["data"]["client_id"] == other.id
            assert told["data"]["trainer_id"] == lifter.id and told["data"]["status"] == "invited"
        assert (await client.post(f"/trainer/invitations/{grant}/accept", headers=lifter.headers)).status_code == 200
        for ws in (mine, coach):
            assert (await next_of(ws, "trainer.granted"))["data"]["status"] == "active"
        r = await client.patch(f"/me/trainers/{grant}", json={"can_write_routines": True}, headers=other.headers)
        assert (await next_of(coach, "trainer.access_changed"))["data"]["can_write_routines"] is True
        records = f"/trainer/clients/{other.id}/records"
        assert (await client.get(records, headers=lifter.headers)).status_code == 200
        assert (await client.delete(f"/me/trainers/{grant}", headers=other.headers)).status_code == 204
        ended = await next_of(coach, "trainer.ended")
        assert ended["data"]["by"] == "client" and ended["data"]["status"] == "ended"
        assert (await client.get(records, headers=lifter.headers)).status_code == 404
        assert (await next_of(mine, "trainer.ended"))["user_id"] == other.id
    r = await client.post(
        "/webhooks", json={"url": "https://example.com/h", "event_types": ["trainer.*"]}, headers=other.headers
    )
    assert r.status_code == 201, r.text


async def test_other_lifters_events_are_not_heard(
    base: str, client: httpx.AsyncClient, lifter: Lifter, other: Lifter
) -> None:
    async with event_socket(base, "/events", auth(lifter)) as events:
        await ready(events)
        workout = await start(client, other)
        await client.post(f"/workouts/{workout}/sets", headers=other.headers, json={"exercise": "dip", "reps": 5})
        assert [m for m in await quiet(events, 0.5) if m["type"] != "ping"] == []


@pytest.mark.parametrize(
    ("first", "code"),
    [
        ({"type": "auth", "token": "not-a-token"}, 4401),
        ({"type": "auth", "token": issue_access_token(uuid.uuid4(), "test-secret-" + "x" * 32, 600)}, 4401),
        ({"type": "auth"}, 4400),
        ({"type": "start", "token": "x"}, 4400),
        ({"type": "auth", "token": "x", "channel": "web"}, 4400),
        ({"type": "auth", "token": "x", "types": ["set.lifted"]}, 4400),
        ({"type": "auth", "token": "x", "last_event_id": "yesterday"}, 4400),
    ],
)
async def test_the_first_message_must_be_a_valid_auth(base: str, first: dict[str, Any], code: int) -> None:
    async with event_socket(base, "/events", first) as events:
        assert await close_code(events) == code


async def test_an_api_key_with_the_read_scope_may_listen(base: str, client: httpx.AsyncClient, lifter: Lifter) -> None:
    r = await client.post("/me/api-keys", headers=lifter.headers, json={"name": "feed", "scopes": ["read"]})
    assert r.status_code == 201, r.text
    async with event_socket(base, "/events", {"type": "auth", "api_key": r.json()["key"]}) as events:
        await ready(events)
        await start(client, lifter)
        assert (await next_of(events, "workout.started"))["type"] == "workout.started"
