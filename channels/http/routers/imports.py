"""POST /import: a Strong or Hevy CSV export, uploaded, checked, and imported by a job (202)."""

from __future__ import annotations

from fastapi import HTTPException, Request, Response, status
from pydantic import ValidationError

from assistant import importing
from assistant.jobs.registry import IMPORT_WORKOUTS
from channels.http.deps import App, Writer
from channels.http.errors import ApiError
from channels.http.openapi import errors
from channels.http.routers import Router
from channels.http.schemas.jobs import JOB_EXAMPLE, ImportFields, JobOut, import_body
from domain.validation import check_timezone

router = Router(prefix="/import", tags=["import and export"])
DEFAULT_MAX_BYTES = 16_777_216  # MAX_IMPORT_BYTES's default, for the document (the route checks the setting)
QUEUED = {**JOB_EXAMPLE, "status": "queued", "progress": 0.0, "message": None, "attempts": 0, "result": None}
QUEUED |= {"started_at": None, "finished_at": None}


def _needs_file(message: str) -> ApiError:
    return ApiError(422, message, [{"field": "file", "message": "a multipart file field named 'file'"}])


async def _upload(request: Request, limit: int) -> tuple[bytes, ImportFields]:
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise _needs_file("Send the export as multipart/form-data, in a file field named 'file'")
    try:
        form = await request.form(max_files=1, max_fields=10)
    except HTTPException as exc:  # Starlette's answer to a body that is not multipart
        raise _needs_file(f"The upload is not readable multipart/form-data: {exc.detail}") from exc
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        raise _needs_file("Send the export in a multipart file field named 'file'")
    try:
        fields = ImportFields.model_validate({k: v for k, v in form.items() if k != "file"}, strict=False)
    except ValidationError as exc:
        from fastapi.exceptions import RequestValidationError

        raise RequestValidationError(exc.errors()) from exc
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise ApiError(413, f"The file is larger than {limit} bytes (MAX_IMPORT_BYTES)", [
            {"field": "file", "message": f"at most {limit} bytes"}
        ])  # fmt: skip
    if not data:
        raise ApiError(422, "The file is empty", [{"field": "file", "message": "empty"}])
    return data, fields


@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    responses={**errors(413), 202: {"content": {"application/json": {"example": QUEUED}}}},
    openapi_extra={"requestBody": import_body(DEFAULT_MAX_BYTES)},
)
async def import_workouts(request: Request, response: Response, who: Writer, spotter: App) -> JobOut:
    """Import a Strong or Hevy CSV export (multipart `file`): checked at once (422 when it is not one,
    naming what its header lacks; 413 past MAX_IMPORT_BYTES), then imported by a job: poll
    GET /jobs/{id} (also in `Location`). Importing the same file again changes nothing."""
    data, fields = await _upload(request, spotter.settings.max_import_bytes)
    found, text, _ = importing.sniff(data)
    if fields.timezone is not None:
        check_timezone(fields.timezone)
    job = await spotter.jobs.enqueue(
        IMPORT_WORKOUTS, who.user_id, payload=text, format=found, timezone=fields.timezone, unit=fields.unit
    )
    response.headers["Location"] = f"{request.scope.get('root_path', '')}/api/v1/jobs/{job.id}"
    return JobOut.model_validate(job)
