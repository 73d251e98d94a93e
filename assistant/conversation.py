"""The conversation: one lifter on one channel, across turns.

Answers fill only what was asked ("bench 135" / "How many reps?" / "eight"); a whole command said
instead is a new command. Sweeping commands, and writes that rest on a word the recogniser
doubted, wait for a "yes". Undo, repeat and correct act on what the assistant wrote for the lifter
(on any channel: the watch's set can be undone in the chat), for a while; never on sets that came
in another way (the REST API, sync). Rest timers are jobs that outlive the process
(assistant/rest_timer.py), announced as events (`rest.started`, `rest.ended`: domain/events.py) to the
lifter's sockets, and to the channel that asked when they end. Every channel comes through
`Conversation.handle`.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant import doubt, nutrition
from assistant.executor import Outcome, Turn, execute
from assistant.generation import Generator
from assistant.rest_timer import Notifier, RestTimers
from assistant.state import State, StateStore
from assistant.understanding import Reader, context_for, with_fallback
from domain.bus import MessageBus
from domain.catalog import AliasIndex
from intents import Parser
from intents import commands as ic
from intents.commands import ParseResult
from intents.llm import LlmFallback, needs_fallback

log = logging.getLogger(__name__)

YES = re.compile(r"^(yes|yeah|yep|yup|sure|confirm(ed)?|do it|go ahead|correct|y|ok(ay)?( do it)?)[.!]*$", re.I)
NO = re.compile(r"^(no|nope|nah|don'?t|keep it|never ?mind|n|stop)[.!]*$", re.I)
CONFIRM_TTL_S = 120
PENDING_TTL_S = 300
WROTE_TTL_S = 2 * 3600  # undo, repeat and correct reach back this far into what the conversation wrote
WROTE_KEPT = 20
WROTE_KEY = "wrote"  # the batches the assistant wrote are the lifter's, whichever channel they spoke on


@dataclass
class Reading:
    """One turn's words as this conversation reads them, before anything is done."""

    user_id: uuid.UUID
    channel: str
    state: State
    parsed: ParseResult | None  # None: a "no" to the question asked
    confirmed: bool = False  # a "yes": `parsed` is what waited for it
    declined: str | None = None  # a "no": the intent that waited

    @property
    def understood(self) -> bool:
        return self.parsed is None or self.confirmed or not needs_fallback(self.parsed)


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
        generator: Generator | None = None,
        rest: RestTimers | None = None,
    ) -> None:
        self.store, self.bus, self.reader, self.index = store, bus, reader, index
        self.parser, self.llm, self.generator = parser, llm, generator
        self.rest = rest

    def on_notify(self, channel: str, notifier: Notifier, *, once: bool = False) -> None:
        """A channel that can push messages (a rest timer ending) registers how; `once`: a message
        that one replica sends for all (a chat), not each to its own sockets (assistant/rest_timer.py)."""
        if self.rest is not None:
            self.rest.on_notify(channel, notifier, once=once)

    async def handle(
        self, user_id: uuid.UUID, text: str, channel: str = "api", doubtful: Sequence[str] | None = None
    ) -> Reply:
        """One turn. `doubtful`: for spoken words, those the recogniser was unsure of (assistant/doubt.py);
        None for typed text."""
        return await self.act(await self.read(user_id, text, channel), doubtful)

    async def forget(self, user_id: uuid.UUID) -> None:
        """Everything this conversation remembers of the user, on every channel (an erased account)."""
        await self.store.forget(f"{user_id}:")

    async def read(self, user_id: uuid.UUID, text: str, channel: str = "api") -> Reading:
        """What the words mean in this conversation (an answer to its question, or a command of their
        own), parsed once; nothing is written or remembered until `act`."""
        key = f"{user_id}:{channel}"
        state = await self.store.get(key)
        now = time.time()
        wrote = (await self.store.get(f"{user_id}:{WROTE_KEY}")).wrote  # what the assistant wrote, on any channel
        state.wrote = [w for w in wrote if w.get("at", 0) >= now - WROTE_TTL_S]
        confirm, state.confirm = state.confirm, None
        if confirm and confirm.get("expires", 0) >= now:
            if YES.match(text.strip()):
                return Reading(user_id, channel, state, ParseResult.model_validate(confirm["parsed"]), confirmed=True)
            if NO.match(text.strip()):
                return Reading(user_id, channel, state, None, declined=confirm["intent"])
        # something else entirely: the question is dropped and the new words are read
        return Reading(user_id, channel, state, await self._parse(user_id, text, state, now))

    async def act(self, reading: Reading, doubtful: Sequence[str] | None = None) -> Reply:
        """Do what was read (or ask first), and remember what this conversation wrote."""
        state, user_id, channel = reading.state, reading.user_id, reading.channel
        if reading.declined is not None:
            said = "Okay, I left it as it was." if reading.declined == "cancel_workout" else "Okay, not logged."
            reply = Reply(said, results=[{"intent": reading.declined, "status": "declined"}])
        elif reading.confirmed:
            assert reading.parsed is not None
            outcome = await execute(self._turn(user_id, channel, state, confirmed=True), reading.parsed)
            self._remember(state, outcome)
            reply = self._reply(reading.parsed, outcome)
        else:
            assert reading.parsed is not None
            reply = await self._act(user_id, reading.parsed, channel, state, doubtful)
        state.updated = time.time()
        await self.store.put(f"{user_id}:{channel}", state)
        await self.store.put(f"{user_id}:{WROTE_KEY}", State(wrote=state.wrote))
        return reply

    async def _parse(self, user_id: uuid.UUID, text: str, state: State, now: float) -> ParseResult:
        context = await context_for(self.reader, user_id)
        if state.planned and state.planned.get("at", 0) >= now - PENDING_TTL_S:
            context = {k: v for k, v in context.items() if k != "last"} | {"exercise": state.planned["exercise"]}
        pending = state.pending
        state.pending = None
        if not pending or pending.get("expires", 0) < now:
            return await with_fallback(self.llm, text, self.parser.parse(text, context), self.parser, context)
        if pending["command"].get("intent") == "log_food":  # "How much rice?" / "a cup"
            eaten = nutrition.answer(pending, text, self.parser, context)
            if eaten is not None:
                return eaten
            return await with_fallback(self.llm, text, self.parser.parse(text, context), self.parser, context)
        # an answer names a lift only if the lifter says one: no current exercise filled in
        answer = self.parser.parse(text, {k: v for k, v in context.items() if k != "exercise"})
        merged = complete(pending, answer)
        if merged is not None:
            return merged
        return await with_fallback(self.llm, text, self.parser.parse(text, context), self.parser, context)

    async def _act(
        self, user_id: uuid.UUID, parsed: ParseResult, channel: str, state: State, doubtful: Sequence[str] | None
    ) -> Reply:
        if any(isinstance(c, ic.CancelWorkout) for c in parsed.commands):
            cancel = ParseResult(commands=[ic.CancelWorkout()])
            return self._ask(
                state, cancel, "cancel_workout", "Cancel today's workout and everything in it? Say yes to confirm."
            )
        heard_wrong = doubtful is not None and (bool(doubtful) or doubt.unlikely(parsed.commands))
        if heard_wrong and parsed.clarification is None and doubt.writes(parsed.commands):
            intent = next(c.intent for c in parsed.commands if isinstance(c, doubt.WRITES))
            return self._ask(state, parsed, intent, doubt.read_back(parsed.commands, self.index))
        outcome = await execute(self._turn(user_id, channel, state), parsed)
        self._remember(state, outcome)
        missing = parsed.clarification.missing if parsed.clarification is not None else ["exercise"]
        first = next((c for c in parsed.commands if isinstance(c, ic.LogSets | ic.PlanExercise | ic.LogFood)), None)
        if isinstance(first, ic.LogFood):  # "How much rice?": the log waits for its amount (or food)
            if parsed.clarification is not None:
                state.pending = {
                    "command": first.model_dump(mode="json"),
                    "missing": parsed.clarification.missing,
                    "expires": time.time() + PENDING_TTL_S,
                }
        elif first is not None and (parsed.clarification is not None or first.exercise is None):
            state.pending = {  # the question asked (by the grammar, or "Which exercise was that?")
                "command": first.model_dump(mode="json"),
                "missing": missing,
                "expires": time.time() + PENDING_TTL_S,
            }
        for cmd in parsed.commands:
            if isinstance(cmd, ic.StartRest):
                state.rest_until = time.time() + cmd.seconds
                await self._start_rest(user_id, channel, cmd.seconds)
        return self._reply(parsed, outcome)

    @staticmethod
    def _ask(state: State, parsed: ParseResult, intent: str, question: str) -> Reply:
        """Nothing is written until a yes: the reading waits in the state for it."""
        state.confirm = {"intent": intent, "parsed": parsed.to_json_dict(), "expires": time.time() + CONFIRM_TTL_S}
        return Reply(
            question,
            [c.model_dump(mode="json") for c in parsed.commands],
            [{"intent": intent, "status": "needs_confirmation"}],
        )

    @staticmethod
    def _remember(state: State, outcome: Outcome) -> None:
        """The batches this conversation wrote, latest last: what undo, repeat and correct act on; and
        the lift planned next ("squats next"), which the following sets are of until one is logged."""
        for result in outcome.results:
            if result.get("intent") == "plan_exercise" and result.get("status") == "ok":
                state.planned = {"exercise": result["exercise"], "at": time.time()}
            if result.get("status") == "ok" and result.get("batch_id"):
                kind = result.get("kind", "sets")  # sets, or foods eaten
                state.planned = None if kind == "sets" else state.planned
                wrote = {"batch_id": result["batch_id"], "at": time.time(), "kind": kind}
                state.wrote = [*state.wrote, wrote][-WROTE_KEPT:]
            elif result.get("intent") == "undo_last" and result.get("status") == "ok":
                state.wrote = state.wrote[:-1]

    def _turn(self, user_id: uuid.UUID, channel: str, state: State, confirmed: bool = False) -> Turn:
        wrote = uuid.UUID(state.wrote[-1]["batch_id"]) if state.wrote else None
        kind = state.wrote[-1].get("kind", "sets") if state.wrote else "sets"
        return Turn(
            self.bus,
            self.reader,
            self.index,
            user_id,
            channel,
            confirmed,
            scoped=True,
            wrote=wrote,
            generator=self.generator,
            wrote_kind=kind,
        )

    @staticmethod
    def _reply(parsed: ParseResult, outcome: Outcome) -> Reply:
        data = parsed.to_json_dict()
        return Reply(outcome.reply, data["commands"], outcome.results, data["clarification"])

    async def _start_rest(self, user_id: uuid.UUID, channel: str, seconds: int) -> None:
        if self.rest is None:
            return
        try:
            await self.rest.start(user_id, channel, seconds)
        except Exception:  # the words are answered (and what they logged kept) even if the timer is lost
            log.warning("rest timer on %s not started", channel, exc_info=True)

    def close(self) -> None:
        if self.rest is not None:
            self.rest.close()


ANSWERS = {"exercise": {"exercise"}, "reps": {"reps", "sets"}, "weight": {"weight", "unit", "reps"}, "sets": {"sets"}}
ALONG = {"weight", "unit", "rpe", "rir", "set_type"}  # may come with an answer when the question's command lacks them


def said(cmd: ic.LogSets) -> set[str]:
    """The fields of a log that the words gave (defaults are not said)."""
    defaults = {"sets": 1, "set_type": "normal", "added_weight": False}
    fields = ("exercise", "sets", "reps", "weight", "unit", "rpe", "rir", "duration_s", "distance_m", "set_type")
    return {f for f in (*fields, "added_weight") if getattr(cmd, f) not in (None, defaults.get(f))}


def complete(pending: dict[str, Any], answer: ParseResult) -> ParseResult | None:
    """Fill what the pending command lacked from the answer; None when the words are not an answer.

    An answer gives what was asked (and a unit, effort or load the question's command lacks);
    words that bring anything else (another lift, their own reps or load) are a new command.
    """
    if pending["command"].get("intent") == "plan_exercise":  # "Which rows?" / "barbell rows"
        reply = answer.commands[0] if len(answer.commands) == 1 else None
        lift = reply.exercise if isinstance(reply, ic.LogSets | ic.PlanExercise) else None
        if lift is None or (isinstance(reply, ic.LogSets) and said(reply) != {"exercise"}):
            return None
        return ParseResult(commands=[ic.PlanExercise(exercise=lift)], confidence=answer.confidence)
    cmd = ic.LogSets.model_validate(pending["command"])
    missing = pending.get("missing") or []
    reply = answer.commands[0] if len(answer.commands) == 1 else None
    if not isinstance(reply, ic.LogSets):
        return None
    given = said(reply)
    asked = set().union(*(ANSWERS.get(m, {m}) for m in missing))
    if reply.exercise == cmd.exercise:
        given.discard("exercise")
    extra = given - asked
    if not given & asked or any(f not in ALONG or getattr(cmd, f) not in (None, "normal") for f in extra):
        return None
    updates: dict[str, Any] = {}
    if "reps" in missing and reply.reps is not None:
        updates["reps"] = reply.reps
        if reply.sets != 1 and cmd.sets == 1:
            updates["sets"] = reply.sets
    if "exercise" in missing and reply.exercise is not None:
        updates["exercise"] = reply.exercise
    if "weight" in missing and (reply.weight is not None or reply.reps is not None):
        updates["weight"] = reply.weight if reply.weight is not None else float(reply.reps or 0)
        updates["unit"] = reply.unit or cmd.unit
    for name in ("weight", "unit", "rpe", "rir"):
        if name not in updates and getattr(reply, name) is not None and getattr(cmd, name) is None:
            updates[name] = getattr(reply, name)
    if reply.set_type != "normal" and cmd.set_type == "normal":
        updates["set_type"] = reply.set_type
    if not updates:
        return None
    filled = cmd.model_copy(update=updates)
    still = [m for m in missing if m not in updates]
    question = None
    if "reps" in still or (filled.reps is None and filled.duration_s is None and filled.distance_m is None):
        question = ic.Clarification(question="How many reps?", missing=["reps"])
    return ParseResult(commands=[filled], clarification=question, confidence=answer.confidence)
