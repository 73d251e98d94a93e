"""Media: progress photos and form-check videos (assistant/media does the checking and storing).

POST /media takes a multipart upload, GET /media lists, GET /media/{id} answers with a short-lived
signed link, GET /media/{id}/file serves the file to whoever holds a valid link, DELETE removes it.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import HTTPException, Query, Request, Response, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, StreamingResponse
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from assistant.media import MediaError, MediaLibrary, Missing, NewMedia, S3Files
from channels.http.deps import App, Limit, PageNo, Reader, Writer
from channels.http.errors import ApiError
from channels.http.routers import Router, literal_paths_first
from channels.http.schemas import Id, ListOut, PageMeta
from channels.http.schemas.media import DEFAULT_MAX_BYTES, MEDIA_EXAMPLE, MediaFields, MediaOut, UsageOut, upload_body
from domain import media
from domain.models import MediaFile

router = Router(prefix="/media", tags=["media"])
ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
UPLOAD_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "The workout, set or reading to link to is not one of yours", "content": ERROR},
    413: {
        "description": "Larger than MEDIA_MAX_BYTES, more pixels than MEDIA_MAX_PIXELS, longer than "
        "MEDIA_MAX_VIDEO_S, or over your quota (MEDIA_QUOTA_BYTES); nothing is kept",
        "content": ERROR,
    },
    415: {
        "description": "The bytes are not a JPEG, PNG or WebP photo or an MP4, QuickTime or WebM video "
        "(whatever the file's name or part content type says)",
        "content": ERROR,
    },
    422: {
        "description": "A field is not valid, or the file does not decode (truncated or corrupt)",
        "content": ERROR,
    },
}
BINARY = {"schema": {"type": "string", "format": "binary"}}
FILE_ANSWERS: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The file",
        "content": {t: BINARY for t in ("image/jpeg", "image/png", "image/webp", "video/mp4", "video/webm")},
    },
    206: {"description": "The part a `Range` header asked for"},
    403: {"description": "The link's signature does not match, or the link has expired", "content": ERROR},
    404: {"description": "No such file (deleted since the link was made)", "content": ERROR},
}


def _library(spotter: Any) -> MediaLibrary:
    library: MediaLibrary | None = spotter.media
    assert library is not None  # set by assistant/bootstrap.py
    return library


def _out(request: Request, spotter: Any, row: MediaFile) -> MediaOut:
    expires, signature = _library(spotter).signer.link(row.id)
    base = (spotter.settings.public_base_url or str(request.base_url)).rstrip("/")
    query = urlencode({"expires": expires, "signature": signature})
    return MediaOut.model_validate(
        {
            **{k: getattr(row, k) for k in MediaOut.model_fields if hasattr(row, k)},
            "url": f"{base}/api/v1/media/{row.id}/file?{query}",
            "url_expires_at": datetime.fromtimestamp(expires, UTC),
        }
    )


def _needs_file(message: str) -> ApiError:
    return ApiError(422, message, [{"field": "file", "message": "a multipart file field named 'file'"}])


def _fields(form: Any) -> MediaFields:
    try:
        return MediaFields.model_validate({k: v for k, v in form.multi_items() if k != "file"}, strict=False)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from exc


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={**UPLOAD_ERRORS, 201: {"content": {"application/json": {"example": MEDIA_EXAMPLE}}}},
    openapi_extra={"requestBody": upload_body(DEFAULT_MAX_BYTES)},
)
async def upload(request: Request, who: Writer, spotter: App) -> MediaOut:
    """Upload a progress photo or form-check video (multipart `file`, optionally linked to one of your
    workouts, sets or readings). Its type is read from its bytes; photos are re-encoded without
    metadata (EXIF GPS and all) and turned upright, videos are remuxed without metadata and their
    length checked. The answer carries a link that serves the file for a few minutes."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise _needs_file("Send the file as multipart/form-data, in a file field named 'file'")
    try:
        form = await request.form(max_files=1, max_fields=10)
    except HTTPException as exc:  # Starlette's answer to a body that is not multipart
        raise _needs_file(f"The upload is not readable multipart/form-data: {exc.detail}") from exc
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise _needs_file("Send the file in a multipart file field named 'file'")
        fields = _fields(form)
        new = NewMedia(
            fields.kind, fields.note, fields.workout_id, fields.set_id, fields.measurement_id, fields.taken_at
        )
        try:
            row = await _library(spotter).add(who.user_id, upload.file, upload.size or 0, new)
        except MediaError as exc:
            raise ApiError(exc.status, exc.message, [{"field": "file", "message": exc.message}]) from exc
    finally:
        await form.close()
    return _out(request, spotter, row)


@router.get("")
async def list_media(
    request: Request,
    who: Reader,
    spotter: App,
    limit: Limit,
    page: PageNo = 1,
    kind: Literal["photo", "video"] | None = None,
    workout_id: Annotated[Id | None, Query(description="of this workout (its sets' too)")] = None,
    set_id: Id | None = None,
    measurement_id: Id | None = None,
) -> ListOut[MediaOut]:
    """Your photos and videos, newest first (by when taken), each with a fresh signed link."""
    async with spotter.reader() as uow:
        found = await media.listed(
            uow, who.user_id, kind=kind, workout_id=workout_id, set_id=set_id, measurement_id=measurement_id,
            page=page, limit=limit,
        )  # fmt: skip
    return ListOut[MediaOut](
        data=[_out(request, spotter, row) for row in found.items],
        meta=PageMeta(page=page, limit=limit, total=found.total, has_next=found.has_next),
    )


@router.get("/usage")
async def usage(who: Reader, spotter: App) -> UsageOut:
    """How much of your media quota your files take."""
    async with spotter.reader() as uow:
        used = await media.usage(uow, who.user_id)
    return UsageOut(files=used.files, bytes=used.bytes, quota_bytes=_library(spotter).quota_bytes)


@router.get("/{media_id}", responses={200: {"content": {"application/json": {"example": MEDIA_EXAMPLE}}}})
async def get_media(media_id: uuid.UUID, request: Request, who: Reader, spotter: App) -> MediaOut:
    """One of your photos or videos, with a link (`url`) that serves it until `url_expires_at`
    (MEDIA_URL_TTL_S, 5 minutes by default); ask again for a fresh one."""
    async with spotter.reader() as uow:
        row = await media.owned(uow, who.user_id, media_id)
    if row is None:
        raise ApiError(404, "Media not found")
    return _out(request, spotter, row)


@router.delete("/{media_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_media(media_id: uuid.UUID, who: Writer, spotter: App) -> None:
    """Delete a photo or video: its row and its file (links made before stop working)."""
    await _library(spotter).delete(who.user_id, media_id)


@router.get("/{media_id}/file", response_class=Response, responses=FILE_ANSWERS)
async def media_file(
    media_id: uuid.UUID,
    request: Request,
    spotter: App,
    expires: Annotated[int, Query(ge=0, le=2**40, description="from the link: when it stops working (Unix time)")],
    signature: Annotated[str, Query(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")],
) -> Response:
    """The file behind a signed link (from GET /media/{id}); the link is the permission, so no sign-in
    is needed. Range requests are answered (a video player seeks)."""
    library = _library(spotter)
    verdict = library.signer.check(media_id, expires, signature)
    if verdict == "forged":
        raise ApiError(403, "This link's signature does not match it")
    if verdict == "expired":
        raise ApiError(403, "This link has expired; GET /media/{id} gives a fresh one")
    async with spotter.reader() as uow:
        row = await media.by_id(uow, media_id)
    if row is None:
        raise ApiError(404, "Media not found")
    headers = {
        "Cache-Control": f"private, max-age={max(0, expires - int(datetime.now(UTC).timestamp()))}",
        "X-Content-Type-Options": "nosniff",
        "Content-Disposition": f'inline; filename="{row.id}.{row.storage_key.rsplit(".", 1)[-1]}"',
    }
    path = library.files.local_path(row.storage_key)
    if path is not None:
        return FileResponse(path, media_type=row.content_type, headers=headers)
    if not isinstance(library.files, S3Files):
        raise ApiError(404, "The file is missing from the store")
    try:
        got = await library.files.download(row.storage_key, request.headers.get("range"))
    except Missing as exc:
        raise ApiError(404, "The file is missing from the store") from exc
    headers |= {"Content-Length": str(got.length), "Accept-Ranges": "bytes"}
    if got.content_range:
        headers["Content-Range"] = got.content_range
    code = status.HTTP_206_PARTIAL_CONTENT if got.content_range else status.HTTP_200_OK
    return StreamingResponse(got.chunks, status_code=code, media_type=row.content_type, headers=headers)


literal_paths_first(router)
