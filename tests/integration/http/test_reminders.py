"""Reminders through the API and out: CRUD (owner-only, validated), then the scheduler at chosen
moments sending by email to a real SMTP server on 127.0.0.1, by SMS to a fake Twilio API (Twilio's
own REST client), by push to the fake push service; a Berlin 07:30 across the March change; and two
schedulers (two spotters on one store) racing for one reminder: it goes out once."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from assistant.bootstrap import bootstrap
from assistant.jobs.arq_queue import worker
from assistant.jobs.registry import JOBS
from assistant.reminders import SEND_REMINDER, due_reminders
from channels.http.app import create_app
from domain import reminders as rules
from domain.models import ChannelAccount, Job, Reminder
from tests.conftest import REDIS_URL, Lifter, app_client, make_settings, register
from tests.fakes.push import FakePushService, push_service
from tests.fakes.smtp import FakeSmtp
from tests.fakes.twilio import FakeTwilio, twilio_api
from tests.integration.http.test_push import eventually, log, subscribe

UTC_ZONE = rules.zone("UTC")


@pytest.fixture(scope="module")
def smtp() -> Iterator[FakeSmtp]:
    server = FakeSmtp().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def twilio() -> Iterator[FakeTwilio]:
    with twilio_api() as fake:
        yield fake


@pytest.fixture(scope="module")
def pushes() -> Iterator[FakePushService]:
    with push_service() as fake:
        yield fake


def settings_for(database_url: str, smtp: FakeSmtp, twilio: FakeTwilio) -> Any:
    return make_settings(
        database_url,
        smtp_host="127.0.0.1",
        smtp_port=smtp.port,
        smtp_tls="none",
        mail_from="Spotter <no-reply@spotter.example>",
        public_base_url="https://spotter.example",
        twilio_account_sid=twilio.account_sid,
        twilio_auth_token=twilio.auth_token,
        twilio_from_number="+15550001111",
        twilio_api_url=twilio.base_url,
        reminder_check_s=3600,  # the app's own round: once at start; the tests pick their moments
        job_retry_base_s=0.05,
    )


@pytest.fixture(scope="module")
async def app(database_url: str, smtp: FakeSmtp, twilio: FakeTwilio) -> AsyncIterator[FastAPI]:
    application = create_app(settings_for(database_url, smtp, twilio))
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture(scope="module")
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://test/api/v1") as c:
        yield c


async def make(client: httpx.AsyncClient, who: Lifter, **body: Any) -> dict[str, Any]:
    r = await client.post("/reminders", headers=who.headers, json=body)
    assert r.status_code == 201, r.text
    return dict(r.json())


def later(hours: int = 3) -> str:
    """A time of day hours away, so that the app's own round never finds it due during a test."""
    return (datetime.now(UTC) + timedelta(hours=hours)).strftime("%H:%M")


def tomorrow_at(at: str) -> datetime:
    return rules.occurrence(at, datetime.now(UTC).date() + timedelta(days=1), UTC_ZONE) + timedelta(seconds=5)


async def test_crud_and_ownership(client: httpx.AsyncClient) -> None:
    who, other = await register(client), await register(client)
    made = await make(client, who, at="07:30", days=["fri", "mon"], channel="push")
    assert made["days"] == ["mon", "fri"] and made["enabled"] and made["timezone"] == "UTC" and made["next_at"]
    assert made["message"] is None
    path = f"/reminders/{made['id']}"
    assert (await client.get(path, headers=other.headers)).status_code == 404
    assert (await client.patch(path, headers=other.headers, json={"enabled": False})).status_code == 404
    assert (await client.delete(path, headers=other.headers)).status_code == 404
    assert (await client.get("/reminders", headers=other.headers)).json() == []
    r = await client.patch(path, headers=who.headers, json={"at": "18:00", "message": "Legs!", "enabled": False})
    assert r.status_code == 200 and r.json()["at"] == "18:00" and r.json()["message"] == "Legs!"
    assert r.json()["next_at"] is None
    assert await client.patch("/me", headers=who.headers, json={"timezone": "Europe/Berlin"})
    assert (await client.get(path, headers=who.headers)).json()["timezone"] == "Europe/Berlin"
    assert [x["id"] for x in (await client.get("/reminders", headers=who.headers)).json()] == [made["id"]]
    assert (await client.delete(path, headers=who.headers)).status_code == 204
    assert (await client.get(path, headers=who.headers)).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"at": "7:30", "days": ["mon"], "channel": "push"}, "at"),
        ({"at": "25:00", "days": ["mon"], "channel": "push"}, "at"),
        ({"at": "07:30", "days": [], "channel": "push"}, "days"),
        ({"at": "07:30", "days": ["someday"], "channel": "push"}, "days[0]"),
        ({"at": "07:30", "days": ["mon"], "channel": "pigeon"}, "channel"),
        ({"at": "07:30", "days": ["mon"], "channel": "sms"}, "channel"),  # no phone linked
        ({"at": "07:30", "days": ["mon"], "channel": "push", "message": "x" * 201}, "message"),
    ],
)
async def test_bad_reminders_are_422(client: httpx.AsyncClient, body: dict[str, Any], field: str) -> None:
    who = await register(client)
    r = await client.post("/reminders", headers=who.headers, json=body)
    assert r.status_code == 422, r.text
    assert any(d["field"] == field for d in r.json()["error"]["details"]), r.json()
    assert (await client.get("/reminders", headers=who.headers)).json() == []


async def test_email_sms_and_push_go_out_once(
    app: FastAPI, client: httpx.AsyncClient, smtp: FakeSmtp, twilio: FakeTwilio, pushes: FakePushService
) -> None:
    spotter = app.state.spotter
    who, number = await register(client), f"+1555{uuid.uuid4().int % 10**7:07d}"  # the fake is the module's
    async with spotter.uow() as uow:  # as texting a link code from the phone does (domain/handlers/links.py)
        uow.session.add(ChannelAccount(user_id=uuid.UUID(who.id), channel="sms", external_id=number))
        await uow.commit()
    sub = pushes.subscribe()
    await subscribe(client, who, sub)
    at = later()
    every = list(rules.DAYS)
    await make(client, who, at=at, days=every, channel="email", message="Squats at six")
    await make(client, who, at=at, days=every, channel="sms", message="Bench night")
    await make(client, who, at=at, days=every, channel="push")
    now = tomorrow_at(at)
    assert await due_reminders(spotter, now) >= 3
    (mail,) = await smtp.wait_for(who.email)
    assert mail.message["Subject"] == "Workout reminder" and "Squats at six" in mail.body
    assert "https://spotter.example/#settings" in mail.body
    await eventually(lambda: any(s["to"] == number for s in twilio.sent))
    (sms,) = [s for s in twilio.sent if s["to"] == number]
    assert sms == {"to": number, "from": "+15550001111", "body": "Bench night"}
    await eventually(lambda: len(pushes.to(sub)) == 1)
    (pushed,) = pushes.to(sub)
    assert pushed.message["type"] == "reminder" and pushed.message["body"] == rules.DEFAULT_MESSAGE
    assert pushed.ttl == 3600 and not pushes.refused
    assert await due_reminders(spotter, now + timedelta(minutes=1)) == 0  # the day is claimed
    await asyncio.sleep(0.2)
    assert len(smtp.to(who.email)) == 1 and len(pushes.to(sub)) == 1


async def sms_reminder_job(
    app: FastAPI, client: httpx.AsyncClient, twilio: FakeTwilio, message: str, *, refused: bool = False
) -> tuple[str, Job]:
    """An SMS reminder sent to a fresh linked number (one Twilio refuses for good, if `refused`), and
    its job once it has ended."""
    spotter = app.state.spotter
    who, number = await register(client), f"+1555{uuid.uuid4().int % 10**7:07d}"
    if refused:
        twilio.refused.add(number)
    async with spotter.uow() as uow:
        uow.session.add(ChannelAccount(user_id=uuid.UUID(who.id), channel="sms", external_id=number))
        await uow.commit()
    at = later(4)
    await make(client, who, at=at, days=list(rules.DAYS), channel="sms", message=message)
    assert await due_reminders(spotter, tomorrow_at(at)) >= 1
    for _ in range(200):
        async with spotter.reader() as uow:
            stmt = select(Job).where(Job.name == SEND_REMINDER, Job.user_id == uuid.UUID(who.id))
            job = await uow.session.scalar(stmt)
        if job is not None and job.status in ("succeeded", "failed"):
            return number, job
        await asyncio.sleep(0.05)
    raise AssertionError("the reminder's job never ended")


async def test_an_sms_twilio_refuses_for_good_fails_at_once(
    app: FastAPI, client: httpx.AsyncClient, twilio: FakeTwilio
) -> None:
    to, job = await sms_reminder_job(app, client, twilio, "Leg day", refused=True)
    assert job.status == "failed" and job.attempts == 1, (job.status, job.attempts, job.error)
    assert job.error is not None and "21211" in job.error
    assert twilio.tries.count(to) == 1  # not sent again: no retry mends a bad number
    assert not any(s["to"] == to for s in twilio.sent)


async def test_an_sms_twilio_fails_to_take_is_sent_again(
    app: FastAPI, client: httpx.AsyncClient, twilio: FakeTwilio
) -> None:
    twilio.failing = 1  # one 500, then accepted
    to, job = await sms_reminder_job(app, client, twilio, "Pull day")
    assert job.status == "succeeded" and job.attempts == 2, (job.status, job.attempts, job.error)
    assert twilio.tries.count(to) == 2
    assert [s["body"] for s in twilio.sent if s["to"] == to] == ["Pull day"]


async def test_a_berlin_morning_across_the_march_change(app: FastAPI, client: httpx.AsyncClient) -> None:
    spotter = app.state.spotter
    who = await register(client)
    assert (await client.patch("/me", headers=who.headers, json={"timezone": "Europe/Berlin"})).status_code == 200
    made = await make(client, who, at="07:30", days=list(rules.DAYS), channel="push")

    async def fired_on() -> date | None:
        async with spotter.reader() as uow:
            row = await uow.session.get(Reminder, uuid.UUID(made["id"]))
            await uow.session.refresh(row)
            return row.fired_on if row else None

    def at(text: str) -> datetime:
        return datetime.fromisoformat(text).replace(tzinfo=UTC)

    # winter: 07:30 CET is 06:30 UTC
    await due_reminders(spotter, at("2027-03-27T06:29"))
    assert await fired_on() is None
    await due_reminders(spotter, at("2027-03-27T06:30"))
    assert await fired_on() == date(2027, 3, 27)
    # the change: 07:30 CEST is 05:30 UTC; an hour early or late by the old clock is wrong
    await due_reminders(spotter, at("2027-03-28T04:30"))
    assert await fired_on() == date(2027, 3, 27)
    await due_reminders(spotter, at("2027-03-28T05:30"))
    assert await fired_on() == date(2027, 3, 28)
    await due_reminders(spotter, at("2027-03-28T06:30"))  # 07:30 by the old offset: no second go
    assert await fired_on() == date(2027, 3, 28)


async def test_two_schedulers_claim_one_reminder_once(
    app: FastAPI, client: httpx.AsyncClient, database_url: str, smtp: FakeSmtp, twilio: FakeTwilio
) -> None:
    first = app.state.spotter
    second = await bootstrap(settings_for(database_url, smtp, twilio).model_copy(update={"auto_migrate": False}))
    try:
        who = await register(client)
        at = later(5)
        made = await make(client, who, at=at, days=list(rules.DAYS), channel="push")
        now = tomorrow_at(at)
        for _ in range(3):  # three rounds, both schedulers each time
            await asyncio.gather(due_reminders(first, now), due_reminders(second, now))
        async with first.reader() as uow:
            jobs = await uow.session.scalar(
                select(func.count()).select_from(Job).where(Job.name == SEND_REMINDER, Job.user_id == uuid.UUID(who.id))
            )
        assert jobs == 1 and made["id"]
    finally:
        await second.aclose()


@pytest.mark.redis
@pytest.mark.skipif(not REDIS_URL, reason="needs TEST_REDIS_URL")
async def test_on_redis_the_worker_sends_records_and_reminders(database_url: str, pushes: FakePushService) -> None:
    """With REDIS_URL the API only enqueues (arq); the worker's cron finds the reminder due and the
    worker runs the push jobs, the record's and the reminder's."""
    queue = f"spotter:test-push:{uuid.uuid4().hex}"
    settings = make_settings(database_url, redis_url=REDIS_URL, job_queue=queue, job_retry_base_s=0.02)
    async with app_client(settings) as client:
        who = await register(client)
        sub = pushes.subscribe()
        await subscribe(client, who, sub)
        at = later(7)
        await make(client, who, at=at, days=list(rules.DAYS), channel="push", message="Deadlift day")
        await log(client, who, exercise="deadlift", reps=3, weight=300)
        await log(client, who, exercise="deadlift", reps=3, weight=350)  # a record
        await asyncio.sleep(0.2)
        assert pushes.to(sub) == []  # nothing is sent in the API's process
        scheduler = await bootstrap(settings.model_copy(update={"auto_migrate": False}))
        try:
            assert await due_reminders(scheduler, tomorrow_at(at)) >= 1  # as the worker's cron does
        finally:
            await scheduler.aclose()
        arq_worker = worker(settings, JOBS, lambda: bootstrap(settings), burst=True, poll_delay_s=0.02)
        try:
            await arq_worker.main()
        finally:
            await arq_worker.close()
        kinds = sorted(p.message["type"] for p in pushes.to(sub))
        assert kinds == ["pr.set", "reminder"], kinds
        assert [p.message["body"] for p in pushes.to(sub) if p.message["type"] == "reminder"] == ["Deadlift day"]
