"""The HTTP app factory: middleware, error envelope and routers around the bootstrapped services."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from assistant import logs
from assistant.bootstrap import bootstrap
from assistant.device_jobs import Schedule
from assistant.outage import Outages
from assistant.reminders import ReminderSchedule
from assistant.settings import Settings
from assistant.spotter import Spotter
from channels import outbox
from channels.devices import service as device_service
from channels.http import errors, openapi
from channels.http.idempotency import Idempotency
from channels.http.login_limit import CodeFailures, LoginFailures, MailsSent
from channels.http.middleware import BodyLimit, Metrics, RequestContext
from channels.http.ratelimit import EXEMPT, Counters, RateLimit, make_storage
from channels.http.revocation import RevokedSessions
from channels.http.routers import (
    admin,
    analytics,
    apple_health,
    assistant,
    auth,
    body_measurements,
    coaching,
    credentials,
    devices,
    email_links,
    events,
    exercises,
    exports,
    fitbit,
    foods,
    garmin,
    goals,
    health,
    imports,
    jobs,
    me,
    media,
    metrics,
    nutrition,
    oauth,
    oura,
    programs,
    push,
    reminders,
    routines,
    serve_under,
    sessions,
    sets,
    strava,
    sync,
    telegram,
    trainers,
    twilio_sms,
    twilio_voice,
    two_factor,
    unconfigured,
    voice,
    webhooks,
    withings,
    workouts,
)
from channels.http.security import KnownUsers, api_key_user
from channels.http.voice_session import LiveStreams
from channels.mail import Mailer
from channels.signin import OpenIdSignIn, providers
from channels.telegram import bot as telegram_bot
from channels.web import STATIC

API_PREFIX = "/api/v1"
MULTIPART_OVERHEAD = 65536  # an upload's form fields and part headers beside its file


def mailer(settings: Settings) -> Mailer | None:
    """The account mails' sender, when SMTP_HOST is set (settings check MAIL_FROM and PUBLIC_BASE_URL)."""
    config = outbox.smtp_config(settings)
    return Mailer(config) if config is not None else None


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    logs.configure(settings.log_level, settings.log_format)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        spotter = app.state.spotter = await bootstrap(settings, app.state.outages, app.state.metrics.registry)
        app.state.device_sync = device_service.attach(spotter)
        await spotter.jobs.start()  # without Redis, jobs run in this process (assistant/jobs)
        outbox.attach(spotter)  # reminders by mail and SMS
        schedule, reminder_schedule = Schedule(spotter), ReminderSchedule(spotter)
        if not settings.redis_url:
            schedule.start()  # device syncs by schedule (with Redis: the worker's cron)
            reminder_schedule.start()  # reminders due (with Redis: the worker's cron, every minute)
        app.state.voice_streams = LiveStreams()
        spotter.conversation.on_notify("voice", app.state.voice_streams.notify)
        bot = None
        if settings.telegram_bot_token:
            bot = app.state.telegram = telegram_bot.build(settings)  # fed by the webhook route
            await bot.initialize()
            await telegram_bot.start(bot, spotter)
        # The catalog index, parser, models and libraries live as long as the process: keep them out
        # of the collector's full passes, which otherwise stall requests now and then (benchmarks/README.md).
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            await schedule.aclose()
            await reminder_schedule.aclose()
            if bot is not None:
                await bot.shutdown()
            if app.state.mailer is not None:
                await app.state.mailer.aclose()
            await spotter.aclose()
            gc.unfreeze()  # what this app held may now be collected (tests start many apps)

    app = FastAPIOffline(  # /docs: Swagger UI from the package, no CDN
        title="Spotter API",
        redoc_url=None,  # ReDoc's bundle shows a logo fetched from its CDN
        version="1.0.0",
        lifespan=lifespan,
        description="Voice-first workout logging: workouts, sets, exercises and the assistant.",
        # Metrics are our own (Prometheus, /metrics); FastAPI's OpenTelemetry hooks would only cost
        # checks on every request.
        telemetry={"tracing": False, "metrics": False, "logs": False, "operation_spans": False},
        swagger_ui_parameters={"validatorUrl": None, "persistAuthorization": True},  # no call to a validator
    )
    app.state.settings = settings
    app.state.metrics = Metrics()
    app.state.outages = Outages(settings.redis_outage, app.state.metrics.registry)
    counters = Counters(make_storage(settings.redis_url, settings.redis_timeout_s), app.state.outages)
    app.state.login_failures = LoginFailures(counters, settings.login_failure_limit)
    app.state.known_users = KnownUsers()  # deps: a token's account is checked once a minute, not per request
    app.state.code_failures = CodeFailures(counters, settings.two_factor_failure_limit)
    app.state.mails_sent = MailsSent(counters, settings.mail_rate_limit)
    app.state.mailer = mailer(settings)
    app.state.sign_in = OpenIdSignIn(providers(settings), settings.sign_in_http_timeout_s)  # Google, Apple
    errors.install(app)

    # Busiest first, each straight on the app: routes are matched in order, level by level.
    mounted = unconfigured.configured(settings)  # channels without their settings are not mounted
    served: list[openapi.Served] = []
    for module in (
        workouts,
        exercises,
        sets,
        auth,
        oauth,
        me,
        trainers,
        sessions,
        credentials,
        two_factor,
        email_links,
        routines,
        programs,
        metrics,
        body_measurements,
        goals,
        media,
        foods,
        nutrition,
        devices,
        apple_health,
        analytics,
        coaching,
        admin,
        jobs,
        webhooks,
        push,
        reminders,
        imports,
        exports,
        assistant,
        sync,
        events,
        voice,
        *((twilio_sms, twilio_voice) if mounted["twilio"] else ()),
        *((telegram,) if mounted["telegram"] else ()),
        *((strava,) if mounted["strava"] else ()),
        *((oura,) if mounted["oura"] else ()),
        *((withings,) if mounted["withings"] else ()),
        *((garmin,) if mounted["garmin"] else ()),
        *((fitbit,) if mounted["fitbit"] else ()),
    ):
        app.include_router(serve_under(module.router, API_PREFIX), prefix=API_PREFIX)
        served.append((API_PREFIX, module.router))
    app.include_router(unconfigured.router_for([c for c, on in mounted.items() if not on]), prefix=API_PREFIX)
    app.include_router(health.router, prefix=API_PREFIX)
    app.include_router(health.router)
    app.include_router(health.prometheus)
    served += [(API_PREFIX, health.router), ("", health.router), ("", health.prometheus)]

    @app.get("/", include_in_schema=False)
    async def root() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/account", include_in_schema=False)
    async def account_page() -> FileResponse:
        """Where mailed links lead (the token after `#`): verifies the address or sets a new password."""
        return FileResponse(STATIC / "account.html", media_type="text/html")

    @app.get("/sw.js", include_in_schema=False)
    async def service_worker() -> FileResponse:
        """The web push service worker, served at the root so that its scope is the whole app."""
        headers = {"Service-Worker-Allowed": "/", "Cache-Control": "no-cache"}
        return FileResponse(STATIC / "sw.js", media_type="text/javascript", headers=headers)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    openapi.install(app, served, rate_exempt=EXEMPT)

    def spotter() -> Spotter:
        found: Spotter = app.state.spotter
        return found

    app.state.revoked_sessions = RevokedSessions(
        spotter, keep_s=settings.access_token_ttl_s, poll_s=settings.session_revocation_poll_s
    )

    # Added innermost first: the request passes RequestContext, BodyLimit, RateLimit, Idempotency.
    app.add_middleware(
        Idempotency, spotter=spotter, secret=settings.jwt_secret, ttl_hours=settings.idempotency_ttl_hours
    )
    app.add_middleware(
        RateLimit,
        counters=counters,
        default=settings.rate_limit,
        auth=settings.auth_rate_limit,
        secret=settings.jwt_secret,
        key_owner=lambda key: api_key_user(spotter, key),
    )
    app.add_middleware(
        BodyLimit,
        max_bytes=settings.max_body_bytes,
        overrides={
            API_PREFIX + "/voice/process": settings.max_audio_upload_bytes * 2,
            API_PREFIX + "/import": settings.max_import_bytes + MULTIPART_OVERHEAD,
            API_PREFIX + "/media": settings.media_max_bytes + MULTIPART_OVERHEAD,
            API_PREFIX + "/devices/apple-health/export": settings.max_export_bytes + MULTIPART_OVERHEAD,
        },
    )
    app.add_middleware(RequestContext, metrics=app.state.metrics)
    origins = settings.cors_origin_list
    if origins:  # outermost: a browser's preflight is answered before limits and auth
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "X-API-Key", "Idempotency-Key", "X-Request-ID"],
            expose_headers=[*RATE_HEADERS, "Retry-After", "X-Request-ID"],
            max_age=600,
        )
    return app


RATE_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")
