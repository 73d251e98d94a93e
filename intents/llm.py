"""The optional language-model fallback: only for what the grammar could not read.

Any OpenAI-compatible server (LLM_BASE_URL) answers through instructor (intents/model.py: timeouts,
circuit breaker, metrics) into the same command models the grammar produces, so the rest of the
system cannot tell the difference but for `source: "llm"`. Its answer is validated as a workout
plan is: an exercise that is not a catalog slug is no exercise. Off by default; nothing here runs
without configuration.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, Field

from intents.commands import AnyCommand, LogSets, ParseResult, QueryGoal, QueryLast, QueryPr, Unknown
from intents.model import ModelClient, ModelFailed
from prompts import render

log = logging.getLogger(__name__)


class LlmCommands(BaseModel):
    commands: list[AnyCommand] = Field(min_length=1, max_length=10)


class LlmFallback:
    def __init__(self, client: ModelClient, slugs: Iterable[str]) -> None:
        self._client = client
        self._known = set(slugs)
        self._slugs = ", ".join(sorted(self._known))

    async def parse(self, text: str) -> ParseResult | None:
        """Commands from the model, or None when it fails (the grammar's answer then stands)."""
        started = time.perf_counter()
        try:
            prompt = render("parse", text=text[:500], exercises=self._slugs)
            answer = await self._client.ask(LlmCommands, prompt, repairs=1)
        except ModelFailed as exc:  # a model that is down or talks nonsense must not break logging a set
            log.warning("LLM fallback failed: %s", exc.reason)
            return None
        commands: list[Any] = [c for c in answer.commands if not isinstance(c, Unknown)] or [Unknown()]
        for cmd in commands:  # a slug the catalog does not have is no exercise at all
            if isinstance(cmd, LogSets | QueryPr | QueryLast | QueryGoal) and cmd.exercise not in self._known:
                cmd.exercise = None
        return ParseResult(
            commands=commands, source="llm", confidence=0.7, elapsed_ms=round((time.perf_counter() - started) * 1000, 3)
        )


def needs_fallback(result: ParseResult) -> bool:
    return all(isinstance(c, Unknown) for c in result.commands)
