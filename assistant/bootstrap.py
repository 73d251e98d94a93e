"""The app factory's core: the only place concrete adapters are chosen and wired.

Channels call `bootstrap(settings)` at startup and get one `Spotter` holding the store, the
command bus, the catalog index and the parser, ready to use; `aclose()` releases them.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import logging
from datetime import timedelta

from prometheus_client import CollectorRegistry

from assistant.conversation import Conversation
from assistant.events import EventBus, LocalEventBus
from assistant.generation import Generator, WorkoutModel
from assistant.jobs import make_jobs
from assistant.media import Files, Limits, MediaLibrary, Signer, make_files
from assistant.outage import FallbackStateStore, Outages
from assistant.push import Push
from assistant.rest_timer import RestTimers
from assistant.secret_file import load_or_create_secret
from assistant.settings import Settings
from assistant.speech_setup import make_speech
from assistant.spotter import Spotter
from assistant.state import MemoryStateStore, RedisStateStore, StateStore
from assistant.webhooks import Webhooks
from domain import migrate
from domain.bus import MessageBus
from domain.catalog import store as catalog_store
from domain.crypto import Keys
from domain.db import create_engine, is_sqlite, session_factory, store_engines
from domain.devices import TokenBox
from domain.nutrition.search import default_index as food_index
from domain.security import Passwords
from domain.uow import UnitOfWork
from intents import Parser
from intents.llm import LlmFallback
from intents.model import Breaker, ModelClient, ModelMetrics

log = logging.getLogger(__name__)


async def prepare_store(settings: Settings) -> None:
    """Create or migrate the schema (Alembic runs synchronously, so in a thread) and seed the catalog,
    one process at a time: workers starting together on a fresh store take turns."""
    with migrate.migration_lock(settings.database_url):
        await asyncio.to_thread(migrate.upgrade, settings.database_url, lock=False)
        engine = create_engine(settings.database_url)
        try:
            async with UnitOfWork(session_factory(engine)) as uow:
                added, _ = await catalog_store.seed(uow)
            if added:
                log.info("catalog: seeded %d exercises", added)
        finally:
            await engine.dispose()


def device_token_box(settings: Settings) -> TokenBox:
    """Device tokens are sealed under DEVICE_TOKEN_KEY, or a key made once under ./var/ (as the JWT
    secret is): any secret of 32+ characters, stretched to Fernet's key by SHA-256."""
    secret = settings.device_token_key or load_or_create_secret(settings.device_token_key_file)
    return TokenBox(base64.urlsafe_b64encode(hashlib.sha256(secret.encode()).digest()))


async def bootstrap(
    settings: Settings, outages: Outages | None = None, registry: CollectorRegistry | None = None
) -> Spotter:
    """`outages` decides what happens while Redis is down (the app passes one whose metric it serves);
    `registry` is where the language model's metrics go (the app's /metrics)."""
    if settings.auto_migrate:
        await prepare_store(settings)
    engine, writer = store_engines(settings.database_url, pool_size=settings.db_pool_size)
    sessions, read_sessions = session_factory(writer), session_factory(engine)
    turns = asyncio.Lock() if is_sqlite(settings.database_url) else None  # one writer at a time, in turn
    passwords = Passwords(
        time_cost=settings.argon2_time_cost,
        memory_kib=settings.argon2_memory_kib,
        threads=settings.password_hash_threads,
    )
    token_box = device_token_box(settings)
    files = make_files(settings)  # media: local disk, or a bucket with MEDIA_S3_BUCKET
    deps = {
        "passwords": passwords,
        "refresh_ttl": timedelta(days=settings.refresh_token_ttl_days),
        "keys": Keys(settings.encryption_key or settings.jwt_secret),
        "verify_ttl": timedelta(hours=settings.email_verify_ttl_hours),
        "reset_ttl": timedelta(minutes=settings.password_reset_ttl_minutes),
        "reauth_window": timedelta(seconds=settings.reauth_window_s),
        "token_box": token_box,
        "files": files,
    }
    async with UnitOfWork(read_sessions) as uow:
        index, catalog = await catalog_store.load_catalog(uow)
    await asyncio.to_thread(food_index)  # the shipped food table, read and indexed once per process
    redis = None
    if settings.redis_url:
        from redis.asyncio import Redis

        redis = Redis.from_url(
            settings.redis_url, socket_connect_timeout=settings.redis_timeout_s, socket_timeout=settings.redis_timeout_s
        )
    events = event_bus(settings, redis)
    await events.start()
    bus = MessageBus(lambda: spotter.uow(), deps)  # its units publish through Spotter.publish
    speech = make_speech(settings, index)
    if settings.speech_preload:
        await speech.warm()
    spotter = Spotter(
        settings=settings,
        engine=engine,
        writer=writer,
        sessions=sessions,
        read_sessions=read_sessions,
        turns=turns,
        bus=bus,
        index=index,
        parser=Parser(index),
        catalog=catalog,
        speech=speech,
        redis=redis,
        token_box=token_box,
        events=events,
    )
    spotter.media = media_library(settings, spotter, files)
    spotter.generator = Generator(spotter.reader, index)
    if settings.llm_base_url:
        metrics, breaker = (
            ModelMetrics(registry),
            Breaker(settings.llm_breaker_failures, settings.llm_breaker_cooldown_s),
        )

        def model(purpose: str, timeout_s: float) -> ModelClient:
            assert settings.llm_base_url is not None
            return ModelClient(
                settings.llm_base_url,
                settings.llm_model,
                settings.llm_api_key,
                purpose=purpose,
                timeout_s=timeout_s,
                metrics=metrics,
                breaker=breaker,
            )

        core = [e.slug for e in index.entries.values() if e.core]
        spotter.llm = LlmFallback(model("parse", settings.llm_timeout_s), core)
        spotter.generator.model = WorkoutModel(model("workout", settings.llm_generate_timeout_s))
    store: StateStore = MemoryStateStore()
    if redis is not None:
        store = FallbackStateStore(RedisStateStore(redis), store, outages or Outages(settings.redis_outage))
    spotter.conversation = Conversation(
        store,
        bus,
        spotter.reader,
        index,
        spotter.parser,
        spotter.llm,
        generator=spotter.generator,
        rest=RestTimers(spotter),
    )
    spotter.jobs = make_jobs(spotter)  # started by whoever runs them (the app's lifespan), not here
    spotter.webhooks = Webhooks(spotter)
    spotter.push = Push(spotter)  # the VAPID key: VAPID_PRIVATE_KEY, or made once under ./var/
    return spotter


def media_library(settings: Settings, spotter: Spotter, files: Files) -> MediaLibrary:
    limits = Limits(
        max_pixels=settings.media_max_pixels, max_side=settings.media_max_side, max_video_s=settings.media_max_video_s
    )
    return MediaLibrary(
        spotter.bus,
        spotter.reader,
        files,
        Signer(settings.jwt_secret, settings.media_url_ttl_s),
        limits,
        max_bytes=settings.media_max_bytes,
        quota_bytes=settings.media_quota_bytes,
        workers=settings.media_workers,
    )


def event_bus(settings: Settings, redis: object | None) -> EventBus:
    """Where committed events go: Redis pub/sub and streams when REDIS_URL is set (every replica hears
    every event), else this process."""
    if redis is None or not settings.redis_url:
        return LocalEventBus(kept=settings.events_kept)
    from redis.asyncio import Redis

    from assistant.redis_events import RedisEventBus

    assert isinstance(redis, Redis)
    listener = Redis.from_url(
        settings.redis_url, socket_connect_timeout=settings.redis_timeout_s, health_check_interval=30
    )
    return RedisEventBus(redis, listener, kept=settings.events_kept, ttl_s=settings.events_kept_s)
