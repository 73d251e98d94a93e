"""Job state: queued -> running -> succeeded | failed (back to queued between tries), with progress;
a job still queued may be cancelled (it then never runs). A deferred job (a rest timer) is queued
with the time it is due (`run_at`), so a runner that starts again can queue it again for that time.

Kept in the database, not in Redis: the in-process runner (no Redis) and arq's workers (Redis) write
the same rows and every API replica reads them; the Redis of docker-compose.yml keeps nothing on
disk, so a restart there would lose what a lifter was told to poll; and a job belongs to a user like
any record (gone with the account, another user's id is not found). arq carries only the job's id.

Each step is one short transaction of its own, so progress is visible while the job's work goes on
in others. A job is claimed by one runner at a time: `claim` moves it from queued to running in one
statement, and a runner that finds it already taken leaves it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from domain.errors import NotFound
from domain.models import Job, utcnow
from domain.uow import UnitOfWork

STATUSES = ("queued", "running", "succeeded", "failed", "cancelled")
MESSAGE_MAX = 200  # the column's length


@dataclass(frozen=True)
class Claimed:
    """A job a runner took: what its function needs to run."""

    id: uuid.UUID
    user_id: uuid.UUID
    name: str
    args: dict[str, Any]
    payload: str | None
    attempts: int  # this try's number, from 1


@dataclass(frozen=True)
class Waiting:
    """A queued job as a runner starting up sees it: what to run, and when (None: at once)."""

    id: uuid.UUID
    name: str
    run_at: datetime | None


async def create(
    uow: UnitOfWork,
    user_id: uuid.UUID,
    name: str,
    args: dict[str, Any],
    payload: str | None = None,
    run_at: datetime | None = None,
) -> Job:
    job = Job(
        user_id=user_id, name=name, status="queued", progress=0.0, args=args, payload=payload, attempts=0, run_at=run_at
    )
    uow.session.add(job)
    await uow.commit()
    return job


async def create_many(
    uow: UnitOfWork, name: str, jobs: list[tuple[uuid.UUID, dict[str, Any], str | None]]
) -> list[Job]:
    """Queued jobs of `name`, one per (user_id, args, payload), in one transaction."""
    rows = [
        Job(user_id=user_id, name=name, status="queued", progress=0.0, args=args, payload=payload, attempts=0)
        for user_id, args, payload in jobs
    ]
    uow.session.add_all(rows)
    await uow.commit()
    return rows


async def claim(uow: UnitOfWork, job_id: uuid.UUID, *, take_over: bool = False) -> Claimed | None:
    """Take a queued job (running, one more try); None when it is not queued (taken, ended, gone).
    `take_over`: a running one too, when its runner is known to have died (arq runs it again)."""
    now = utcnow()
    taken = ("queued", "running") if take_over else ("queued",)
    row = (
        await uow.session.execute(
            update(Job)
            .where(Job.id == job_id, Job.status.in_(taken))
            .values(status="running", attempts=Job.attempts + 1, started_at=now, updated_at=now, message="started")
            .returning(Job.id, Job.user_id, Job.name, Job.args, Job.payload, Job.attempts)
        )
    ).one_or_none()
    await uow.commit()
    if row is None:
        return None
    return Claimed(row.id, row.user_id, row.name, dict(row.args or {}), row.payload, int(row.attempts))


async def report(uow: UnitOfWork, job_id: uuid.UUID, progress: float, message: str | None) -> None:
    """Progress (0..1) and what is being done, while the job runs."""
    await _set(uow, job_id, ("running",), progress=min(max(progress, 0.0), 1.0), message=_short(message))


async def succeed(uow: UnitOfWork, job_id: uuid.UUID, result: dict[str, Any], message: str = "done") -> None:
    await _set(
        uow,
        job_id,
        ("running",),
        status="succeeded",
        progress=1.0,
        message=_short(message),
        result=result,
        error=None,
        payload=None,
        finished_at=utcnow(),
    )


async def retry_later(uow: UnitOfWork, job_id: uuid.UUID, error: str, delay_s: float) -> None:
    """Back to the queue after a failed try; the error stays readable meanwhile."""
    message = f"try failed; retrying in {delay_s:g} s"
    await _set(uow, job_id, ("running",), status="queued", message=message, error=error)


async def fail(uow: UnitOfWork, job_id: uuid.UUID, error: str) -> None:
    """Ended without a result (no tries left, or an error no retry can mend)."""
    await _set(
        uow,
        job_id,
        ("queued", "running"),
        status="failed",
        message="failed",
        error=error,
        payload=None,
        finished_at=utcnow(),
    )


async def requeue(uow: UnitOfWork, job_id: uuid.UUID) -> None:
    """A try cut short by its runner stopping (not the job's fault): queued again, the try not counted."""
    await _set(
        uow, job_id, ("running",), status="queued", message="interrupted; queued again", attempts=Job.attempts - 1
    )


async def cancel(uow: UnitOfWork, job_id: uuid.UUID) -> bool:
    """A queued job will not run (a runner that takes it up finds it ended); False when it was no longer
    queued (running, ended, gone)."""
    now = utcnow()
    stmt = (
        update(Job)
        .where(Job.id == job_id, Job.status == "queued")
        .values(status="cancelled", message="cancelled", payload=None, finished_at=now, updated_at=now)
        .returning(Job.id)
    )
    cancelled = (await uow.session.execute(stmt)).one_or_none() is not None
    await uow.commit()
    return cancelled


async def queued(uow: UnitOfWork, names: list[str]) -> list[Waiting]:
    """Jobs of these names waiting to run, oldest first."""
    stmt = select(Job.id, Job.name, Job.run_at).where(Job.status == "queued", Job.name.in_(names))
    return [Waiting(r.id, r.name, r.run_at) for r in await uow.session.execute(stmt.order_by(Job.created_at))]


async def queued_for(uow: UnitOfWork, user_id: uuid.UUID, name: str) -> list[tuple[uuid.UUID, dict[str, Any]]]:
    """The id and arguments of every queued job of `name` of one lifter (a rest timer to replace)."""
    stmt = select(Job.id, Job.args).where(Job.user_id == user_id, Job.name == name, Job.status == "queued")
    return [(r.id, dict(r.args or {})) for r in await uow.session.execute(stmt)]


async def pending(uow: UnitOfWork, name: str) -> list[tuple[uuid.UUID, dict[str, Any]]]:
    """The lifter and arguments of every job of `name` not yet ended (queued or running)."""
    stmt = select(Job.user_id, Job.args).where(Job.name == name, Job.status.in_(("queued", "running")))
    return [(r.user_id, dict(r.args or {})) for r in await uow.session.execute(stmt)]


async def owned(uow: UnitOfWork, user_id: uuid.UUID, job_id: uuid.UUID) -> Job:
    job = await uow.session.scalar(select(Job).where(Job.id == job_id, Job.user_id == user_id))
    if job is None:
        raise NotFound("Job not found")
    return job


async def _set(uow: UnitOfWork, job_id: uuid.UUID, when: tuple[str, ...], **values: Any) -> None:
    stmt = update(Job).where(Job.id == job_id, Job.status.in_(when)).values(updated_at=utcnow(), **values)
    await uow.session.execute(stmt)
    await uow.commit()


def _short(message: str | None) -> str | None:
    return None if message is None else message[:MESSAGE_MAX]
