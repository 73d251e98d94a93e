"""Device sync: connections per provider, OAuth connect and callback, syncs and their logs, and
the phone stores' pushes (channels/devices/ holds the providers)."""

from __future__ import annotations

import contextlib
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Body, Query, Request, Response, status
from fastapi.responses import RedirectResponse

from assistant.device_jobs import SYNC_DEVICE
from assistant.outage import DependencyDown
from channels.devices import health_connect as hc
from channels.devices import oauth
from channels.devices.registry import NEEDS, URL_NAMES
from channels.devices.sync import DeviceSync
from channels.http.deps import App, Limit, PageNo, Reader, Writer
from channels.http.errors import ApiError
from channels.http.openapi import errors
from channels.http.routers import Router, literal_paths_first
from channels.http.schemas import ErrorOut, ListOut, PageMeta
from channels.http.schemas.devices import (
    PUSH_EXAMPLES,
    ConnectOut,
    DeviceOut,
    DevicesOut,
    ProviderName,
    PushOut,
    SyncLogOut,
    SyncStarted,
)
from domain import commands as c
from domain import device_queries
from domain.devices import PUSHED
from domain.models import DeviceConnection

router = Router(prefix="/devices", tags=["devices"])
PROVIDER_DOWN: dict[int | str, dict[str, Any]] = {
    502: {"description": "The provider could not be reached or refused the exchange", "model": ErrorOut}
}


def syncs(request: Request) -> DeviceSync:
    found: DeviceSync = request.app.state.device_sync
    return found


def _device(url_name: str, row: DeviceConnection | None, available: bool) -> DeviceOut:
    name = URL_NAMES[url_name]
    return DeviceOut(
        provider=url_name,
        kind="push" if name in PUSHED else "oauth",
        available=available,
        status=row.status if row is not None else "disconnected",
        scopes=list(row.scopes) if row is not None else [],
        last_sync_at=row.last_sync_at if row is not None else None,
        connected_at=row.created_at if row is not None else None,
    )


def _public_base(request: Request, spotter: Any) -> str:
    return str(spotter.settings.public_base_url or str(request.base_url)).rstrip("/")


def _redirect_uri(request: Request, spotter: Any, provider: str) -> str:
    return f"{_public_base(request, spotter)}/api/v1/devices/{provider}/callback"


@router.get("")
async def list_devices(who: Reader, spotter: App, request: Request) -> DevicesOut:
    """Every provider: offered here or not, and this lifter's status with it."""
    async with spotter.reader() as uow:
        rows = await device_queries.connections(uow, who.user_id)
    clouds = syncs(request).clouds
    return DevicesOut(data=[_device(u, rows.get(n), n in PUSHED or n in clouds) for u, n in URL_NAMES.items()])


@router.post("/{provider}/connect", responses=PROVIDER_DOWN)
async def connect(provider: ProviderName, who: Writer, spotter: App, request: Request) -> ConnectOut:
    """A cloud: the URL where the lifter grants access (state signed, PKCE where taken); the callback
    finishes. A phone store: connected at once (the phone then pushes its records)."""
    name = URL_NAMES[provider]
    if name in PUSHED:
        await spotter.bus.handle(c.ConnectDevice(who.user_id, name))
        return ConnectOut(provider=provider, authorize_url=None)
    cloud = syncs(request).clouds.get(name)
    if cloud is None or (app := cloud.oauth()) is None:
        raise ApiError(404, f"{provider} is not configured on this server: set {NEEDS[name]}")
    state = oauth.make_state(spotter.settings.jwt_secret, who.user_id, name)
    url = await oauth.authorize_url(app, _redirect_uri(request, spotter, provider), state, spotter.settings.jwt_secret)
    return ConnectOut(provider=provider, authorize_url=url, state=state)


BROWSER_BACK: dict[int | str, dict[str, Any]] = {
    303: {
        "description": "A browser (asking for text/html) is sent back to the web app's devices page: "
        "`/?connected={provider}#devices`, or `/?device_error={message}#devices` when the connection failed"
    }
}


@router.get(
    "/{provider}/callback", response_model=DeviceOut, responses={**errors(403), **PROVIDER_DOWN, **BROWSER_BACK}
)
async def callback(
    provider: ProviderName,
    spotter: App,
    request: Request,
    state: Annotated[str, Query(min_length=1, max_length=2000)],
    code: Annotated[str | None, Query(max_length=2000)] = None,
    error: Annotated[str | None, Query(max_length=200)] = None,
) -> DeviceOut | RedirectResponse:
    """Where the provider sends the lifter back: the state must be one we signed (10 minutes), then
    the code is exchanged for tokens, kept encrypted. No sign-in: the state says who it is. A browser
    is sent back to the web app's devices page, which shows the status and the sync."""
    if "text/html" not in request.headers.get("accept", ""):
        return await _connected(provider, spotter, request, state, code, error)
    try:
        await _connected(provider, spotter, request, state, code, error)
    except ApiError as exc:
        return RedirectResponse(f"/?{urlencode({'device_error': exc.message})}#devices", status.HTTP_303_SEE_OTHER)
    return RedirectResponse(f"/?{urlencode({'connected': provider})}#devices", status.HTTP_303_SEE_OTHER)


async def _connected(
    provider: str, spotter: Any, request: Request, state: str, code: str | None, error: str | None
) -> DeviceOut:
    name = URL_NAMES[provider]
    cloud = syncs(request).clouds.get(name)
    if cloud is None or (app := cloud.oauth()) is None:
        raise ApiError(404, f"{provider} is not configured on this server")
    secret = spotter.settings.jwt_secret
    user_id = oauth.read_state(secret, state, name)
    if user_id is None:
        raise ApiError(403, "The state is not one this server issued, or it expired: connect again")
    if error or not code:
        raise ApiError(403, f"Access was not granted ({error or 'no code'})")
    try:
        token = await oauth.exchange(
            app, _redirect_uri(request, spotter, provider), code, state, secret, spotter.settings.device_http_timeout_s
        )
    except oauth.NeedsReauth as exc:
        raise ApiError(403, f"The provider refused the code: {exc}") from exc
    except oauth.ProviderDown as exc:
        raise ApiError(502, f"The provider could not be reached: {exc}") from exc
    try:  # the provider's user id where the token does not say it; the lifter's webhook subscription
        external = await syncs(request).link(name, token, _public_base(request, spotter))
    except oauth.NeedsReauth as exc:
        raise ApiError(403, f"The provider refused the new token: {exc}") from exc
    except oauth.ProviderDown as exc:
        raise ApiError(502, f"The provider could not be reached: {exc}") from exc
    scopes = tuple(s for s in str(token.get("scope") or ",".join(app.scopes)).replace(" ", ",").split(",") if s)
    row = await spotter.bus.handle(c.ConnectDevice(user_id, name, token, scopes, oauth.expires_at(token), external))
    out = _device(provider, row, True)
    with contextlib.suppress(DependencyDown):  # the backfill (within the provider's limits); queue down: the schedule
        out.sync_job_id = (await spotter.jobs.enqueue(SYNC_DEVICE, user_id, provider=name, trigger="backfill")).id
    return out


@router.delete("/{provider}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(404))
async def disconnect(
    provider: ProviderName,
    who: Writer,
    spotter: App,
    request: Request,
    keep_data: Annotated[bool, Query(description="keep what was synced (false: delete it)")] = True,
) -> None:
    """Forget the connection (its tokens too), keeping or deleting what was synced. A provider that
    can be told is told first (token revoked, webhook subscription removed); if it cannot be
    reached the lifter is disconnected here all the same."""
    name = URL_NAMES[provider]
    async with spotter.reader() as uow:
        if name not in await device_queries.connections(uow, who.user_id):
            raise ApiError(404, f"{provider} is not connected")
    await syncs(request).revoke(who.user_id, name, _public_base(request, spotter))
    await spotter.bus.handle(c.DisconnectDevice(who.user_id, name, keep_data))


@router.get("/{provider}/sync-logs", responses=errors(404))
async def sync_logs(
    provider: ProviderName, who: Reader, spotter: App, limit: Limit, page: PageNo = 1
) -> ListOut[SyncLogOut]:
    """This lifter's syncs of the provider, newest first."""
    name = URL_NAMES[provider]
    async with spotter.reader() as uow:
        if name not in await device_queries.connections(uow, who.user_id):
            raise ApiError(404, f"{provider} is not connected")
        found = await device_queries.sync_logs(uow, who.user_id, name, page, limit)
    return ListOut[SyncLogOut](
        data=[SyncLogOut.model_validate(r) for r in found.items],
        meta=PageMeta(page=page, limit=limit, total=found.total, has_next=found.has_next),
    )


@router.post("/{provider}/sync", status_code=status.HTTP_202_ACCEPTED, responses=errors(404, 409))
async def start_sync(
    provider: ProviderName, who: Writer, spotter: App, request: Request, response: Response
) -> SyncStarted:
    """Read the provider from where the last sync stopped, as a job (poll GET /jobs/{id}, also in
    `Location`; the sync logs tell how each went). A phone store cannot be pulled: its phone
    pushes. 409 while a sync of it is running (one per lifter and provider at a time)."""
    name = URL_NAMES[provider]
    if name in PUSHED:
        raise ApiError(409, f"{provider} is pushed by the phone: POST its records instead")
    runner = syncs(request)
    if name not in runner.clouds:
        raise ApiError(404, f"{provider} is not configured on this server: set {NEEDS[name]}")
    async with spotter.reader() as uow:
        linked = await device_queries.connection(uow, runner.box, who.user_id, name)
    if linked is None:
        raise ApiError(404, f"{provider} is not connected")
    if await runner.running(who.user_id, name):
        raise ApiError(409, f"A sync of {provider} is already running")
    job = await spotter.jobs.enqueue(SYNC_DEVICE, who.user_id, provider=name, trigger="manual")
    response.headers["Location"] = f"{request.scope.get('root_path', '')}/api/v1/jobs/{job.id}"
    return SyncStarted(provider=provider, job_id=job.id)


@router.post("/health-connect/records")
async def push_health_connect(
    body: Annotated[hc.HealthConnectPush, Body(openapi_examples=PUSH_EXAMPLES)],
    who: Writer,
    spotter: App,
    request: Request,
) -> PushOut:
    """Records the phone read from Health Connect, with the changes token it read from (none on a
    full read) and the next one. A token this server cannot trust (older than 30 days, or never
    seen) is a 409 `full read needed`: nothing is stored, the phone reads everything again."""
    runner = syncs(request)
    async with spotter.reader() as uow:
        linked = await device_queries.connection(uow, runner.box, who.user_id, hc.NAME)
    if hc.full_read_needed(body, linked.cursor if linked else None, linked.last_sync_at if linked else None):
        raise ApiError(
            409,
            "full read needed: the changes token expired or is unknown; read all records and send them with no token",
            [{"field": "changes_token", "message": "full read needed"}],
        )
    outcome = await runner.push(
        who.user_id, hc.NAME, hc.normalise(body.records, body.deleted_ids), body.next_changes_token
    )
    assert outcome.log_id is not None
    return PushOut(
        received=len(body.records),
        stored=outcome.stored,
        next_changes_token=body.next_changes_token,
        sync_log_id=outcome.log_id,
    )


literal_paths_first(router)
