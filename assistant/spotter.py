"""Spotter: the store, the command bus, the catalog index and the parser, wired once at startup
(assistant/bootstrap.py) and handed to every channel."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from assistant.events import EventBus
from assistant.media import MediaLibrary
from assistant.settings import Settings
from domain.bus import MessageBus
from domain.catalog import AliasIndex
from domain.devices import TokenBox
from domain.events import Event
from domain.models import Exercise
from domain.uow import UnitOfWork
from intents import Parser
from intents.llm import LlmFallback
from speech import SpeechService

log = logging.getLogger("assistant.bootstrap")


@dataclass
class Spotter:
    settings: Settings
    engine: AsyncEngine  # reads (domain/db.py: store_engines)
    writer: AsyncEngine  # units of work that write
    sessions: async_sessionmaker[AsyncSession]
    bus: MessageBus
    index: AliasIndex
    parser: Parser
    catalog: dict[str, Exercise] = field(default_factory=dict)
    read_sessions: async_sessionmaker[AsyncSession] | None = None  # reads that never take SQLite's write lock
    turns: asyncio.Lock | None = None  # SQLite: units that write take turns in the order they came
    speech: SpeechService | None = None  # loads its model on first use (or at startup with SPEECH_PRELOAD)
    conversation: Any = None  # assistant.conversation.Conversation, set once the rest exists
    llm: LlmFallback | None = None  # only with LLM_BASE_URL
    generator: Any = None  # assistant.generation.Generator: workouts and coaching (a model only with LLM_BASE_URL)
    redis: Any = None  # redis.asyncio.Redis when REDIS_URL is set
    token_box: TokenBox | None = None  # seals and opens device tokens (domain/devices.py)
    jobs: Any = None  # assistant.jobs.Jobs: background work (started by the app's lifespan)
    events: EventBus | None = None  # where committed domain events go (assistant/events.py)
    media: MediaLibrary | None = None  # progress photos and form-check videos (assistant/media)
    webhooks: Any = None  # assistant.webhooks.Webhooks: committed events to delivery jobs
    devices: Any = None  # assistant.device_jobs.DeviceService: device syncs for jobs (attached by channels)
    push: Any = None  # assistant.push.Push: committed events to web push jobs, and one push
    outbox: Any = None  # assistant.reminders.Outbox: mail and SMS for reminders (attached by channels)

    def uow(self) -> UnitOfWork:
        """A unit of work that writes (on SQLite it holds the write lock from its first statement)."""
        return UnitOfWork(self.sessions, self.turns, self.publish)

    async def publish(self, events: Sequence[Event]) -> None:
        """Committed events: to the event bus (sockets, and every subscriber of it), then, here where they
        were committed (once, however many replicas hear them), to the outgoing webhooks and the web
        push subscriptions that want them."""
        if self.events is not None:
            await self.events.publish(events)  # never raises for a failed delivery (assistant/events.py)
        if self.webhooks is not None:
            try:
                await self.webhooks.dispatch(events)
            except Exception:  # the change is committed and announced: a lost delivery must not fail it
                log.warning("webhook deliveries of %d events not queued", len(events), exc_info=True)
        if self.push is not None:
            try:
                await self.push.dispatch(events)
            except Exception:  # as above: a lost notification must not fail a committed change
                log.warning("web pushes of %d events not queued", len(events), exc_info=True)

    def reader(self) -> UnitOfWork:
        """A unit of work for reads only: never commit in it."""
        return UnitOfWork(self.read_sessions or self.sessions)

    async def ready(self) -> bool:
        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
            return True
        except Exception:  # readiness reports, it does not raise
            log.warning("database not reachable", exc_info=True)
            return False

    async def aclose(self) -> None:
        if self.jobs is not None:
            await self.jobs.aclose()
        if self.webhooks is not None:
            await self.webhooks.aclose()
        if self.push is not None:
            await self.push.aclose()
        if self.events is not None:
            await self.events.aclose()
        if self.redis is not None:
            await self.redis.aclose()
        if self.speech is not None:
            self.speech.close()
        if self.conversation is not None:
            self.conversation.close()
        await self.writer.dispose()
        if self.engine.sync_engine.pool is not self.writer.sync_engine.pool:
            await self.engine.dispose()
