"""The executor's registry: every command the parser can give has a handler; replies without the store."""

from __future__ import annotations

import uuid
from typing import Literal, get_args

from assistant.executor import HANDLERS, Turn, execute
from domain.bus import MessageBus
from domain.catalog import AliasIndex
from domain.uow import UnitOfWork
from intents import commands as ic
from intents.commands import ParseResult


def no_store() -> UnitOfWork:
    raise AssertionError("this command needs no store")


NO_DEPENDENCIES = dict.fromkeys(
    ("passwords", "refresh_ttl", "keys", "verify_ttl", "reset_ttl", "reauth_window", "token_box", "files")
)
TURN = Turn(MessageBus(no_store, NO_DEPENDENCIES), no_store, AliasIndex(), uuid.uuid4(), "api")


class Dance(ic.Command):
    intent: Literal["dance"] = "dance"


def test_every_command_the_parser_gives_has_a_handler() -> None:
    union = get_args(ic.AnyCommand)[0]
    assert set(get_args(union)) == set(HANDLERS)


async def test_replies_that_need_no_store() -> None:
    parsed = ParseResult(commands=[ic.Help(), ic.StartRest(seconds=120), ic.Unknown()])
    outcome = await execute(TURN, parsed)
    assert [r["intent"] for r in outcome.results] == ["help", "start_rest", "unknown"]
    assert [r["status"] for r in outcome.results] == ["ok", "ok", "not_understood"]
    assert outcome.results[1]["seconds"] == 120


async def test_a_sweeping_command_waits_for_a_yes() -> None:
    outcome = await execute(TURN, ParseResult(commands=[ic.CancelWorkout()]))
    assert outcome.results == [{"intent": "cancel_workout", "status": "needs_confirmation"}]


async def test_a_question_is_asked_before_anything_runs() -> None:
    asked = ic.Clarification(question="How many reps?", missing=["reps"])
    outcome = await execute(
        TURN, ParseResult(commands=[ic.LogSets(exercise="barbell-bench-press")], clarification=asked)
    )
    assert outcome.reply == "How many reps?" and outcome.results[0]["status"] == "needs_clarification"


async def test_a_command_without_a_handler_is_not_supported() -> None:
    outcome = await execute(TURN, ParseResult.model_construct(commands=[Dance()], clarification=None))
    assert outcome.results == [{"intent": "dance", "status": "not_supported"}]
