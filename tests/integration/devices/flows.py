"""Steps the cloud provider tests share: connect through the OAuth flow (the fake told the PKCE
challenge the authorize URL carries, as the provider's page would be), sync and read its log, and
read back what was stored."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import update

from domain import device_queries
from domain.models import DeviceConnection
from tests.conftest import Lifter, register
from tests.fakes.clouds import CODE
from tests.integration.devices.conftest import CloudsWorld, settle


async def authorize(world: CloudsWorld, who: Lifter, provider: str) -> tuple[dict[str, list[str]], str]:
    """The authorize URL's query and the state, from POST /devices/{provider}/connect."""
    r = await world.client.post(f"/devices/{provider}/connect", headers=who.headers)
    assert r.status_code == 200, r.text
    query = parse_qs(urlsplit(r.json()["authorize_url"]).query)
    assert query["state"] == [r.json()["state"]]
    if "code_challenge" in query:
        world.fakes[provider].challenge = query["code_challenge"][0]
    return query, str(r.json()["state"])


async def connected(world: CloudsWorld, provider: str, who: Lifter | None = None) -> Lifter:
    who = who or await register(world.client)
    _, state = await authorize(world, who, provider)
    r = await world.client.get(f"/devices/{provider}/callback", params={"code": CODE, "state": state})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "connected"
    await settle(world.app, who.id)  # the backfill job started on connecting
    return who


async def sync(world: CloudsWorld, who: Lifter, provider: str) -> dict[str, Any]:
    r = await world.client.post(f"/devices/{provider}/sync", headers=who.headers)
    assert r.status_code == 202, r.text
    await settle(world.app, who.id)  # the sync is a job
    logs = await world.client.get(f"/devices/{provider}/sync-logs", headers=who.headers)
    assert logs.status_code == 200, logs.text
    return dict(logs.json()["data"][0])


async def last_log(world: CloudsWorld, who: Lifter, provider: str) -> dict[str, Any]:
    logs = await world.client.get(f"/devices/{provider}/sync-logs", headers=who.headers)
    assert logs.status_code == 200, logs.text
    return dict(logs.json()["data"][0])


async def status(world: CloudsWorld, who: Lifter, provider: str) -> str:
    devices = (await world.client.get("/devices", headers=who.headers)).json()["data"]
    return str({d["provider"]: d for d in devices}[provider]["status"])


async def counts(world: CloudsWorld, who: Lifter, provider: str) -> tuple[int, int]:
    """Readings and workouts the provider's syncs stored for the lifter (once its sync jobs are done)."""
    await settle(world.app, who.id)
    async with world.app.state.spotter.reader() as uow:
        return await device_queries.synced_counts(uow, uuid.UUID(who.id), provider)


async def metrics(world: CloudsWorld, who: Lifter, kind: str) -> list[dict[str, Any]]:
    r = await world.client.get("/metrics", params={"type": kind, "limit": 100}, headers=who.headers)
    assert r.status_code == 200, r.text
    return list(r.json()["data"])


async def expire(world: CloudsWorld, who: Lifter, provider: str, when: datetime) -> None:
    async with world.app.state.spotter.uow() as uow:
        await uow.session.execute(
            update(DeviceConnection)
            .where(DeviceConnection.provider == provider, DeviceConnection.user_id == uuid.UUID(who.id))
            .values(expires_at=when)
        )
        await uow.commit()


async def external_id(world: CloudsWorld, who: Lifter, provider: str) -> str | None:
    async with world.app.state.spotter.reader() as uow:
        rows = await device_queries.connections(uow, uuid.UUID(who.id))
    return rows[provider].external_user_id
