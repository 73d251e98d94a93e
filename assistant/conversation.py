"""The conversation: one lifter on one channel, across turns.

Answers to questions complete the command that asked them ("bench 135" / "How many reps?" /
"eight"), sweeping commands wait for a "yes", rest timers remember when they end. The same
facts reach every channel because all of them come through `Conversation.handle`.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from assistant.executor import Outcome, Turn, execute
from assistant.state import State, StateStore
from assistant.understanding import Reader, context_for, with_fallback
from domain.bus import MessageBus
from domain.catalog import AliasIndex
from intents import Parser
from intents import commands as ic
from intents.commands import ParseResult
from intents.llm import LlmFallback

log = logging.getLogger(__name__)

YES = re.compile(r"^(yes|yeah|yep|yup|sure|confirm(ed)?|do it|go ahead|correct|y|ok(ay)?( do it)?)[.!]*$", re.I)
NO = re.compile(r"^(no|nope|nah|don'?t|keep it|never ?mind|n|stop)[.!]*$", re.I)
CONFIRM_TTL_S = 120
PENDING_TTL_S = 300
Notifier = Callable[[uuid.UUID, str, str], Awaitable[None]]


@dataclass
class Reply:
    text: str
    commands: list[dict[str, Any]] = field(default_factory=list)
    results: list[dict[str, Any]] = field(default_factory=list)
    clarification: dict[str, Any] | None = None


class Conversation:
    def __init__(
        self,
        store: StateStore,
        bus: MessageBus,
        reader: Reader,
        index: AliasIndex,
        parser: Parser,
        llm: LlmFallback | None = None,
    ) -> None:
        self.store, self.bus, self.reader, self.index = store, bus, reader, index
        self.parser, self.llm = parser, llm
        self._notifiers: dict[str, Notifier] = {}
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def on_notify(self, channel: str, notifier: Notifier) -> None:
        """A channel that can push messages (a rest timer ending) registers how."""
        self._notifiers[channel] = notifier

    async def handle(self, user_id: uuid.UUID, text: str, channel: str = "api") -> Reply:
        key = f"{user_id}:{channel}"
        state = await self.store.get(key)
        now = time.time()
        reply = await self._confirmation(user_id, text, channel, state, now)
        if reply is None:
            parsed = await self._parse(user_id, text, state, now)
            reply = await self._act(user_id, parsed, channel, state)
        state.updated = now
        await self.store.put(key, state)
        return reply

    async def _confirmation(
        self, user_id: uuid.UUID, text: str, channel: str, state: State, now: float
    ) -> Reply | None:
        pending = state.confirm
        if not pending or pending.get("expires", 0) < now:
            state.confirm = None
            return None
        state.confirm = None
        if YES.match(text.strip()):
            parsed = ParseResult(commands=[ic.CancelWorkout()])
            outcome = await execute(self._turn(user_id, channel, confirmed=True), parsed)
            return self._reply(parsed, outcome)
        if NO.match(text.strip()):
            return Reply("Okay, I left it as it was.", results=[{"intent": pending["intent"], "status": "declined"}])
        return None  # something else entirely: drop the question and handle the new words

    async def _parse(self, user_id: uuid.UUID, text: str, state: State, now: float) -> ParseResult:
        context = await context_for(self.reader, user_id)
        pending = state.pending
        state.pending = None
        if not pending or pending.get("expires", 0) < now:
            return await with_fallback(self.llm, text, self.parser.parse(text, context))
        # an answer names a lift only if the lifter says one: no current exercise filled in
        answer = self.parser.parse(text, {k: v for k, v in context.items() if k != "exercise"})
        merged = complete(pending, answer)
        if merged is not None:
            return merged
        return await with_fallback(self.llm, text, self.parser.parse(text, context))

    async def _act(self, user_id: uuid.UUID, parsed: ParseResult, channel: str, state: State) -> Reply:
        if any(isinstance(c, ic.CancelWorkout) for c in parsed.commands):
            state.confirm = {"intent": "cancel_workout", "expires": time.time() + CONFIRM_TTL_S}
            return Reply(
                "Cancel today's workout and everything in it? Say yes to confirm.",
                [c.model_dump(mode="json") for c in parsed.commands],
                [{"intent": "cancel_workout", "status": "needs_confirmation"}],
            )
        outcome = await execute(self._turn(user_id, channel), parsed)
        if parsed.clarification is not None:
            first = next((c for c in parsed.commands if isinstance(c, ic.LogSets)), None)
            if first is not None:
                state.pending = {
                    "command": first.model_dump(mode="json"),
                    "missing": parsed.clarification.missing,
                    "expires": time.time() + PENDING_TTL_S,
                }
        for cmd in parsed.commands:
            if isinstance(cmd, ic.StartRest):
                state.rest_until = time.time() + cmd.seconds
                self._schedule_rest(user_id, channel, cmd.seconds)
        return self._reply(parsed, outcome)

    def _turn(self, user_id: uuid.UUID, channel: str, confirmed: bool = False) -> Turn:
        return Turn(self.bus, self.reader, self.index, user_id, channel, confirmed)

    @staticmethod
    def _reply(parsed: ParseResult, outcome: Outcome) -> Reply:
        data = parsed.to_json_dict()
        return Reply(outcome.reply, data["commands"], outcome.results, data["clarification"])

    def _schedule_rest(self, user_id: uuid.UUID, channel: str, seconds: int) -> None:
        key = f"{user_id}:{channel}"
        old = self._timers.pop(key, None)
        if old is not None:
            old.cancel()
        notifier = self._notifiers.get(channel)
        if notifier is None:
            return
        loop = asyncio.get_running_loop()

        async def notice() -> None:
            try:
                await notifier(user_id, channel, "Rest's up. Next set!")
            except Exception:  # a failed push must not take the conversation down
                log.warning("rest notice to %s failed", channel, exc_info=True)

        def fire() -> None:
            self._timers.pop(key, None)
            self._tasks.add(task := loop.create_task(notice()))
            task.add_done_callback(self._tasks.discard)

        self._timers[key] = loop.call_later(seconds, fire)

    def close(self) -> None:
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()


def complete(pending: dict[str, Any], answer: ParseResult) -> ParseResult | None:
    """Fill what the pending command lacked from the answer; None when the answer is a new request."""
    cmd = ic.LogSets.model_validate(pending["command"])
    missing = pending.get("missing") or []
    said = answer.commands[0] if len(answer.commands) == 1 else None
    if not isinstance(said, ic.LogSets):
        return None
    if said.exercise is not None and "exercise" not in missing and said.exercise != cmd.exercise:
        return None  # a different lift: a new log, not an answer
    updates: dict[str, Any] = {}
    if "reps" in missing and said.reps is not None:
        updates["reps"] = said.reps
    if "exercise" in missing and said.exercise is not None:
        updates["exercise"] = said.exercise
    if "weight" in missing and (said.weight is not None or said.reps is not None):
        updates["weight"] = said.weight if said.weight is not None else float(said.reps or 0)
        updates["unit"] = said.unit or cmd.unit
    for name in ("weight", "unit", "rpe", "rir"):
        if name not in updates and getattr(said, name) is not None and getattr(cmd, name) is None:
            updates[name] = getattr(said, name)
    if not updates:
        return None
    filled = cmd.model_copy(update=updates)
    still = [m for m in missing if m not in updates]
    question = None
    if "reps" in still or (filled.reps is None and filled.duration_s is None and filled.distance_m is None):
        question = ic.Clarification(question="How many reps?", missing=["reps"])
    return ParseResult(commands=[filled], clarification=question, confidence=answer.confidence)
