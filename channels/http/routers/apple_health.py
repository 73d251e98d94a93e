"""Apple Health: the phone's pushes of HealthKit samples, and an export uploaded to be imported by a
job (channels/devices/apple_health.py, apple_export.py)."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import uuid
from pathlib import Path
from typing import IO, Annotated

from fastapi import Body, HTTPException, Request, Response, status

from assistant.device_jobs import IMPORT_APPLE_HEALTH, upload_path
from channels.devices import apple_health as ah
from channels.http.deps import App, Writer
from channels.http.errors import ApiError
from channels.http.openapi import errors
from channels.http.routers import Router
from channels.http.routers.devices import syncs
from channels.http.schemas.devices import APPLE_PUSH_EXAMPLES, ApplePushOut, export_body
from channels.http.schemas.jobs import JOB_EXAMPLE, JobOut
from domain import device_queries

router = Router(prefix="/devices/apple-health", tags=["devices"])
DEFAULT_MAX_BYTES = 1_073_741_824  # MAX_EXPORT_BYTES's default, for the document
QUEUED = {**JOB_EXAMPLE, "name": IMPORT_APPLE_HEALTH, "status": "queued", "progress": 0.0, "message": None}
QUEUED |= {"attempts": 0, "result": None, "started_at": None, "finished_at": None}
LOOKS_LIKE = (b"PK\x03\x04", b"<?xml", b"<", b"\xef\xbb\xbf<")  # a zip, or XML (with a byte order mark)


@router.post("/records", responses=errors(409))
async def push(
    body: Annotated[ah.ApplePush, Body(openapi_examples=APPLE_PUSH_EXAMPLES)],
    who: Writer,
    spotter: App,
    request: Request,
) -> ApplePushOut:
    """HealthKit samples the phone read with an anchored query, with the anchor it read from (none on
    a full read) and the next one. An anchor this server did not keep is a 409 `full read needed`:
    nothing is stored, the phone reads everything again. Sending a push again changes nothing; a
    sample also found in an uploaded export is the same record. 409 also while an import runs
    (after waiting up to 10 s): send it again later."""
    runner = syncs(request)
    async with spotter.reader() as uow:
        linked = await device_queries.connection(uow, runner.box, who.user_id, ah.NAME)
    if ah.full_read_needed(body, linked.cursor if linked else None):
        raise ApiError(
            409,
            "full read needed: the anchor is not the one this server kept; read all samples, send them with no anchor",
            [{"field": "anchor", "message": "full read needed"}],
        )
    outcome = await runner.push(who.user_id, ah.NAME, ah.normalise(body.samples, body.deleted), body.next_anchor)
    assert outcome.log_id is not None
    return ApplePushOut(
        received=len(body.samples), stored=outcome.stored, next_anchor=body.next_anchor, sync_log_id=outcome.log_id
    )


def _save(source: IO[bytes], target: Path) -> int:
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        shutil.copyfileobj(source, out, 1 << 20)
        return out.tell()


@router.post(
    "/export",
    status_code=status.HTTP_202_ACCEPTED,
    responses={**errors(413), 202: {"content": {"application/json": {"example": QUEUED}}}},
    openapi_extra={"requestBody": export_body(DEFAULT_MAX_BYTES)},
)
async def upload_export(request: Request, response: Response, who: Writer, spotter: App) -> JobOut:
    """Import an Apple Health export (multipart `file`: export.zip from Health > profile > Export All
    Health Data, or its export.xml), by a job: poll GET /jobs/{id} (also in `Location`). The job
    reads the file as a stream, refuses one cut short or not an export before storing anything
    (the job fails saying where), then stores workouts and readings with progress. Importing the
    same export again changes nothing. 413 past MAX_EXPORT_BYTES."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise ApiError(422, "Send the export as multipart/form-data, in a file field named 'file'", [_FILE])
    try:
        form = await request.form(max_files=1, max_fields=5)
    except HTTPException as exc:
        raise ApiError(422, f"The upload is not readable multipart/form-data: {exc.detail}", [_FILE]) from exc
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        raise ApiError(422, "Send the export in a multipart file field named 'file'", [_FILE])
    head = await upload.read(8)
    if not head.startswith(LOOKS_LIKE):
        raise ApiError(422, "The file is neither a zip nor XML: upload export.zip or export.xml", [_FILE])
    await upload.seek(0)
    name = f"{uuid.uuid4().hex}.upload"
    target = upload_path(spotter, name)
    await asyncio.to_thread(_save, upload.file, target)
    try:
        job = await spotter.jobs.enqueue(IMPORT_APPLE_HEALTH, who.user_id, upload=name)
    except BaseException:
        with contextlib.suppress(OSError):
            target.unlink()
        raise
    response.headers["Location"] = f"{request.scope.get('root_path', '')}/api/v1/jobs/{job.id}"
    return JobOut.model_validate(job)


_FILE = {"field": "file", "message": "a multipart file field named 'file': export.zip or export.xml"}
