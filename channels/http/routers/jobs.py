"""GET /jobs/{id}: a background job's state, progress and result (its owner's only)."""

from __future__ import annotations

import uuid

from channels.http.deps import App, Reader
from channels.http.routers import Router
from channels.http.schemas.jobs import JOB_EXAMPLE, JobOut
from domain import jobs

router = Router(prefix="/jobs", tags=["jobs"])


@router.get("/{job_id}", responses={200: {"content": {"application/json": {"example": JOB_EXAMPLE}}}})
async def get_job(job_id: uuid.UUID, who: Reader, spotter: App) -> JobOut:
    """Poll until `status` is succeeded or failed; `progress` and `message` say how far it is.
    Another user's job is not found."""
    async with spotter.reader() as uow:
        job = await jobs.owned(uow, who.user_id, job_id)
    return JobOut.model_validate(job)
