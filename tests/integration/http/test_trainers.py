"""Trainers and clients (issue 23), on SQLite and PostgreSQL: roles as data (checked on every request),
a lifter inviting a trainer and a trainer asking a lifter, reads of a client's workouts, records,
metrics and routines (each in the client's audit log), routines assigned only when allowed, access
ended at once by a revocation mid-session or by the role taken away, and a trainer probing ids that
are not a client's: 404, as for anyone."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from domain import commands as c
from tests.conftest import Lifter, register


async def make_role(app: Any, lifter: Lifter, role: str) -> None:
    await app.state.spotter.bus.handle(c.SetRole(None, uuid.UUID(lifter.id), role))


@pytest.fixture
async def trainer(app: Any, client: httpx.AsyncClient) -> Lifter:
    coach = await register(client, display_name="Coach Kim")
    await make_role(app, coach, "trainer")
    return coach


async def coached(client: httpx.AsyncClient, lifter: Lifter, trainer: Lifter, *, write: bool = False) -> str:
    """An active grant from `lifter` to `trainer` (invited, then accepted); its id."""
    r = await client.post(
        "/me/trainers", json={"email": trainer.email, "can_write_routines": write}, headers=lifter.headers
    )
    assert r.status_code == 201, r.text
    grant = r.json()
    assert grant["status"] == "invited" and grant["trainer"]["email"] == trainer.email
    r = await client.post(f"/trainer/invitations/{grant['id']}/accept", headers=trainer.headers)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "active" and r.json()["client"]["id"] == lifter.id
    return str(grant["id"])


async def trained(client: httpx.AsyncClient, lifter: Lifter) -> dict[str, Any]:
    """A finished workout with a set, a body weight reading: something for a trainer to read."""
    w = (await client.post("/workouts/start", headers=lifter.headers, json={})).json()
    r = await client.post(
        f"/workouts/{w['id']}/sets",
        json={"exercise": "barbell-back-squat", "reps": 5, "weight": 100, "unit": "kg"},
        headers=lifter.headers,
    )
    assert r.status_code == 201, r.text
    assert (await client.post(f"/workouts/{w['id']}/finish", headers=lifter.headers, json={})).status_code == 200
    r = await client.post("/metrics", json={"metric": "body_weight", "value": 80, "unit": "kg"}, headers=lifter.headers)
    assert r.status_code == 201, r.text
    return dict(w)


async def audit(client: httpx.AsyncClient, lifter: Lifter) -> list[dict[str, Any]]:
    r = await client.get("/me/audit", params={"limit": 100}, headers=lifter.headers)
    assert r.status_code == 200
    return list(r.json()["data"])


def reads(entries: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
    return [(e["entity"], e["entity_id"]) for e in entries if e["action"] == "trainer.read"]


def client_paths(client_id: str, workout_id: str) -> list[str]:
    base = f"/trainer/clients/{client_id}"
    return [
        f"{base}/workouts",
        f"{base}/workouts/{workout_id}",
        f"{base}/records",
        f"{base}/metrics",
        f"{base}/routines",
    ]


async def test_roles_are_data_checked_on_every_request(
    app: Any, client: httpx.AsyncClient, lifter: Lifter, other: Lifter
) -> None:
    assert (await client.get("/me", headers=lifter.headers)).json()["role"] == "user"
    r = await client.get("/trainer/clients", headers=lifter.headers)
    assert r.status_code == 403 and r.json()["error"]["code"] == "FORBIDDEN"
    r = await client.put(f"/admin/users/{other.id}/role", json={"role": "trainer"}, headers=lifter.headers)
    assert r.status_code == 403
    await make_role(app, lifter, "admin")
    r = await client.put(f"/admin/users/{other.id}/role", json={"role": "trainer"}, headers=lifter.headers)
    assert r.status_code == 200 and r.json()["role"] == "trainer"
    assert (await client.get("/trainer/clients", headers=other.headers)).status_code == 200  # same token, new role
    assert (await client.get("/trainer/clients", headers=lifter.headers)).status_code == 200  # an admin may coach
    for bad in ({"role": "owner"}, {"role": "trainer", "extra": 1}, {}):
        r = await client.put(f"/admin/users/{other.id}/role", json=bad, headers=lifter.headers)
        assert r.status_code == 422, bad
    r = await client.put(f"/admin/users/{uuid.uuid4()}/role", json={"role": "trainer"}, headers=lifter.headers)
    assert r.status_code == 404
    assert [e["data"]["to"] for e in await audit(client, other) if e["action"] == "user.role_changed"] == ["trainer"]
    r = await client.put(f"/admin/users/{other.id}/role", json={"role": "user"}, headers=lifter.headers)
    assert r.status_code == 200
    assert (await client.get("/trainer/clients", headers=other.headers)).status_code == 403  # taken away at once


async def test_a_lifter_invites_a_trainer_who_reads_and_every_read_is_audited(
    client: httpx.AsyncClient, lifter: Lifter, trainer: Lifter
) -> None:
    w = await trained(client, lifter)
    r = await client.post("/me/trainers", json={"email": "nobody@example.com"}, headers=lifter.headers)
    assert r.status_code == 404
    someone = await register(client)  # an account, but not a trainer
    r = await client.post("/me/trainers", json={"email": someone.email}, headers=lifter.headers)
    assert r.status_code == 404
    r = await client.get(f"/trainer/clients/{lifter.id}/workouts", headers=trainer.headers)
    assert r.status_code == 404  # invited is not granted yet
    r = await client.post("/me/trainers", json={"email": trainer.email}, headers=lifter.headers)
    grant = r.json()["id"]
    pending = (await client.get("/trainer/clients", params={"status": "invited"}, headers=trainer.headers)).json()
    assert [g["id"] for g in pending["data"]] == [grant] and pending["data"][0]["client"]["email"] == lifter.email
    assert (await client.get(f"/trainer/clients/{lifter.id}/records", headers=trainer.headers)).status_code == 404
    assert (await client.post(f"/trainer/invitations/{grant}/accept", headers=trainer.headers)).status_code == 200
    r = await client.post(f"/trainer/invitations/{grant}/accept", headers=trainer.headers)
    assert r.status_code == 409
    r = await client.post("/me/trainers", json={"email": trainer.email}, headers=lifter.headers)
    assert r.status_code == 409  # coaches already

    mine = (await client.get("/trainer/clients", headers=trainer.headers)).json()
    assert [g["client"]["id"] for g in mine["data"]] == [lifter.id] and mine["meta"]["total"] == 1
    workouts = (await client.get(f"/trainer/clients/{lifter.id}/workouts", headers=trainer.headers)).json()
    assert [x["id"] for x in workouts["data"]] == [w["id"]]
    one = (await client.get(f"/trainer/clients/{lifter.id}/workouts/{w['id']}", headers=trainer.headers)).json()
    assert one["sets"][0]["reps"] == 5 and one["sets"][0]["exercise"] == "barbell-back-squat"
    records = (await client.get(f"/trainer/clients/{lifter.id}/records", headers=trainer.headers)).json()
    assert records["data"][0]["exercise"] == "barbell-back-squat"
    metrics = (await client.get(f"/trainer/clients/{lifter.id}/metrics", headers=trainer.headers)).json()
    assert [m["value"] for m in metrics["data"]] == [80]
    r = await client.get(f"/trainer/clients/{lifter.id}/routines", headers=trainer.headers)
    assert r.status_code == 200 and r.json()["data"] == []

    entries = await audit(client, lifter)
    assert reads(entries) == [
        ("routines", None),
        ("metrics", None),
        ("records", None),
        ("workout", w["id"]),
        ("workouts", None),
    ]
    assert {e["data"]["trainer_id"] for e in entries if e["action"].startswith("trainer.")} == {trainer.id}
    assert {"trainer.invited", "trainer.accepted"} <= {e["action"] for e in entries}
    assert reads(await audit(client, trainer)) == []  # the client's log, not the trainer's


async def test_routines_are_assigned_only_when_the_client_allows_it(
    client: httpx.AsyncClient, lifter: Lifter, trainer: Lifter
) -> None:
    grant = await coached(client, lifter, trainer)
    plan = {"name": "Squat focus", "items": [{"exercise": "barbell-back-squat", "target_sets": 5, "target_reps": 5}]}
    r = await client.post(f"/trainer/clients/{lifter.id}/routines", json=plan, headers=trainer.headers)
    assert r.status_code == 403 and "routines" in r.json()["error"]["message"]
    r = await client.patch(f"/me/trainers/{grant}", json={"can_write_routines": True}, headers=lifter.headers)
    assert r.status_code == 200 and r.json()["can_write_routines"] is True
    r = await client.post(f"/trainer/clients/{lifter.id}/routines", json=plan, headers=trainer.headers)
    assert r.status_code == 201, r.text
    routine = r.json()
    mine = (await client.get(f"/routines/{routine['id']}", headers=lifter.headers)).json()
    assert mine["name"] == "Squat focus" and mine["items"][0]["target_sets"] == 5
    assert (await client.get(f"/routines/{routine['id']}", headers=trainer.headers)).status_code == 404  # not theirs
    bad = {"name": "x", "items": [{"exercise": "no-such-lift"}]}
    r = await client.post(f"/trainer/clients/{lifter.id}/routines", json=bad, headers=trainer.headers)
    assert r.status_code == 422
    r = await client.post(
        f"/trainer/clients/{lifter.id}/routines", json={**plan, "is_secret": True}, headers=trainer.headers
    )
    assert r.status_code == 422
    assigned = [e for e in await audit(client, lifter) if e["action"] == "trainer.routine_assigned"]
    assert [(e["entity_id"], e["data"]["trainer_id"]) for e in assigned] == [(routine["id"], trainer.id)]
    r = await client.patch(f"/me/trainers/{grant}", json={"can_write_routines": False}, headers=lifter.headers)
    r = await client.post(f"/trainer/clients/{lifter.id}/routines", json=plan, headers=trainer.headers)
    assert r.status_code == 403


async def test_a_trainer_asks_and_the_lifter_accepts(
    client: httpx.AsyncClient, lifter: Lifter, trainer: Lifter
) -> None:
    r = await client.post("/trainer/requests", json={"email": "nobody@example.com"}, headers=trainer.headers)
    assert r.status_code == 404
    r = await client.post("/trainer/requests", json={"email": trainer.email}, headers=trainer.headers)
    assert r.status_code == 422  # not your own client
    r = await client.post("/trainer/requests", json={"email": lifter.email.upper()}, headers=trainer.headers)
    assert r.status_code == 201 and r.json()["status"] == "requested"
    grant = r.json()["id"]
    assert (
        await client.post("/trainer/requests", json={"email": lifter.email}, headers=trainer.headers)
    ).status_code == 409
    assert (await client.post(f"/trainer/invitations/{grant}/accept", headers=trainer.headers)).status_code == 409
    asked = (await client.get("/me/trainers", params={"status": "requested"}, headers=lifter.headers)).json()["data"]
    assert [(g["id"], g["trainer"]["display_name"]) for g in asked] == [(grant, "Coach Kim")]
    assert (await client.get(f"/trainer/clients/{lifter.id}/metrics", headers=trainer.headers)).status_code == 404
    r = await client.post(f"/me/trainers/{grant}/accept", json={"can_write_routines": True}, headers=lifter.headers)
    assert r.status_code == 200 and r.json()["status"] == "active" and r.json()["can_write_routines"] is True
    assert (await client.post(f"/me/trainers/{grant}/accept", headers=lifter.headers)).status_code == 409
    assert (await client.get(f"/trainer/clients/{lifter.id}/metrics", headers=trainer.headers)).status_code == 200
    # An invitation to a trainer who had asked is agreed by both: active at once.
    again = await register(client)
    await client.post("/trainer/requests", json={"email": again.email}, headers=trainer.headers)
    r = await client.post("/me/trainers", json={"email": trainer.email}, headers=again.headers)
    assert r.status_code == 201 and r.json()["status"] == "active"


async def test_revoking_ends_access_at_once_mid_session(
    client: httpx.AsyncClient, lifter: Lifter, trainer: Lifter
) -> None:
    w = await trained(client, lifter)
    grant = await coached(client, lifter, trainer, write=True)
    paths = client_paths(lifter.id, w["id"])
    r = await client.post("/me/api-keys", json={"name": "coach app", "scopes": ["read"]}, headers=trainer.headers)
    key = {"X-API-Key": r.json()["key"]}
    for path in paths:
        assert (await client.get(path, headers=trainer.headers)).status_code == 200, path
    assert (await client.get(paths[0], headers=key)).status_code == 200
    before = len(reads(await audit(client, lifter)))
    assert (await client.delete(f"/me/trainers/{grant}", headers=lifter.headers)).status_code == 204
    for path in paths:  # the same access token (and API key), the very next request
        for held in (trainer.headers, key):
            r = await client.get(path, headers=held)
            assert r.status_code == 404 and r.json()["error"]["code"] == "NOT_FOUND", path
    r = await client.post(f"/trainer/clients/{lifter.id}/routines", json={"name": "x"}, headers=trainer.headers)
    assert r.status_code == 404
    assert len(reads(await audit(client, lifter))) == before  # nothing more was shown
    assert (await client.get("/trainer/clients", headers=trainer.headers)).json()["data"] == []
    ended = (await client.get("/me/trainers", headers=lifter.headers)).json()["data"][0]
    assert ended["status"] == "ended" and ended["ended_at"]
    assert (await client.delete(f"/me/trainers/{grant}", headers=lifter.headers)).status_code == 404
    # Asking again needs the lifter's yes again.
    r = await client.post("/trainer/requests", json={"email": lifter.email}, headers=trainer.headers)
    assert r.status_code == 201 and r.json()["status"] == "requested" and r.json()["can_write_routines"] is False
    assert (await client.get(paths[0], headers=trainer.headers)).status_code == 404


async def test_the_trainer_can_end_it_too(client: httpx.AsyncClient, lifter: Lifter, trainer: Lifter) -> None:
    await coached(client, lifter, trainer)
    assert (await client.delete(f"/trainer/clients/{lifter.id}", headers=lifter.headers)).status_code == 403  # no role
    assert (await client.delete(f"/trainer/clients/{uuid.uuid4()}", headers=trainer.headers)).status_code == 404
    assert (await client.delete(f"/trainer/clients/{lifter.id}", headers=trainer.headers)).status_code == 204
    assert (await client.delete(f"/trainer/clients/{lifter.id}", headers=trainer.headers)).status_code == 404
    assert (await client.get(f"/trainer/clients/{lifter.id}/records", headers=trainer.headers)).status_code == 404
    ends = [e for e in await audit(client, lifter) if e["action"] == "trainer.ended"]
    assert [e["data"]["by"] for e in ends] == ["trainer"]


async def test_a_trainer_probing_ids_that_are_not_a_clients_gets_404(
    client: httpx.AsyncClient, lifter: Lifter, other: Lifter, trainer: Lifter
) -> None:
    """The ownership probes (test_workouts: another user's ids are not found), for a trainer's access."""
    mine = await trained(client, lifter)
    theirs = await trained(client, other)  # `other` is not the trainer's client
    await coached(client, lifter, trainer, write=True)
    th = trainer.headers
    for path in client_paths(other.id, theirs["id"]) + client_paths(str(uuid.uuid4()), theirs["id"]):
        r = await client.get(path, headers=th)
        assert r.status_code == 404 and r.json()["error"]["code"] == "NOT_FOUND", path
    # A client's path with another lifter's workout, or none at all.
    for workout in (theirs["id"], str(uuid.uuid4())):
        assert (await client.get(f"/trainer/clients/{lifter.id}/workouts/{workout}", headers=th)).status_code == 404
    assert (
        await client.post(f"/trainer/clients/{other.id}/routines", json={"name": "x"}, headers=th)
    ).status_code == 404
    # The lifter's own routes know nothing of trainers: a client's ids there are a stranger's.
    s = (await client.get(f"/workouts/{mine['id']}", headers=lifter.headers)).json()["sets"][0]
    assert (await client.get(f"/workouts/{mine['id']}", headers=th)).status_code == 404
    assert (await client.get(f"/workouts/{mine['id']}/sets", headers=th)).status_code == 404
    assert (await client.patch(f"/workouts/{mine['id']}", json={"name": "x"}, headers=th)).status_code == 404
    assert (await client.patch(f"/sets/{s['id']}", json={"reps": 99}, headers=th)).status_code == 404
    assert (await client.delete(f"/sets/{s['id']}", headers=th)).status_code == 404
    assert (await client.delete(f"/workouts/{mine['id']}", headers=th)).status_code == 404
    # Grants are their parties' only.
    theirs_grant = (await client.post("/trainer/requests", json={"email": other.email}, headers=th)).json()["id"]
    assert (await client.post(f"/me/trainers/{theirs_grant}/accept", headers=lifter.headers)).status_code == 404
    assert (await client.delete(f"/me/trainers/{theirs_grant}", headers=lifter.headers)).status_code == 404
    r = await client.patch(f"/me/trainers/{theirs_grant}", json={"can_write_routines": True}, headers=lifter.headers)
    assert r.status_code == 404
    coach2 = await register(client)
    assert (await client.delete(f"/me/trainers/{uuid.uuid4()}", headers=lifter.headers)).status_code == 404
    assert (await client.get("/trainer/clients", headers=coach2.headers)).status_code == 403
    assert (await client.get(f"/workouts/{mine['id']}", headers=lifter.headers)).json()["sets"][0]["reps"] == 5


async def test_granting_takes_a_signed_in_session_not_an_api_key(
    client: httpx.AsyncClient, lifter: Lifter, trainer: Lifter
) -> None:
    r = await client.post("/me/api-keys", json={"name": "bot", "scopes": ["read", "write"]}, headers=lifter.headers)
    key = {"X-API-Key": r.json()["key"]}
    r = await client.post("/me/trainers", json={"email": trainer.email}, headers=key)
    assert r.status_code == 403
    assert (await client.get("/me/trainers", headers=key)).status_code == 200


async def test_taking_the_trainer_role_away_ends_its_grants(
    app: Any, client: httpx.AsyncClient, lifter: Lifter, trainer: Lifter
) -> None:
    await coached(client, lifter, trainer)
    await make_role(app, trainer, "user")
    await make_role(app, trainer, "trainer")  # given back: the grant does not come back with it
    assert (await client.get(f"/trainer/clients/{lifter.id}/records", headers=trainer.headers)).status_code == 404
    (grant,) = (await client.get("/me/trainers", headers=lifter.headers)).json()["data"]
    assert grant["status"] == "ended"
    ends = [e["data"]["by"] for e in await audit(client, lifter) if e["action"] == "trainer.ended"]
    assert ends == ["role_removed"]
