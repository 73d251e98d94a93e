"""The optional language-model fallback: only for what the grammar could not read.

Any OpenAI-compatible server (LLM_BASE_URL) answers through instructor into the same command
models the grammar produces, so the rest of the system cannot tell the difference but for
`source: "llm"`. Off by default; nothing here runs without configuration.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable

import instructor
from openai import AsyncOpenAI
from pydantic import BaseModel, Field

from intents.commands import AnyCommand, LogSets, ParseResult, QueryGoal, QueryLast, QueryPr, Unknown
from prompts import render

log = logging.getLogger(__name__)


class LlmCommands(BaseModel):
    commands: list[AnyCommand] = Field(min_length=1, max_length=10)


class LlmFallback:
    def __init__(self, base_url: str, model: str, api_key: str, slugs: Iterable[str], timeout_s: float = 8.0) -> None:
        client = AsyncOpenAI(base_url=base_url, api_key=api_key, timeout=timeout_s, max_retries=0)
        self._client = instructor.from_openai(client, mode=instructor.Mode.JSON)
        self._model = model
        self._known = set(slugs)
        self._slugs = ", ".join(sorted(self._known))

    async def parse(self, text: str) -> ParseResult | None:
        """Commands from the model, or None when it fails (the grammar's answer then stands)."""
        started = time.perf_counter()
        try:
            answer = await self._client.chat.completions.create(
                model=self._model,
                response_model=LlmCommands,
                max_retries=1,
                temperature=0,
                messages=[{"role": "user", "content": render("parse", text=text[:500], exercises=self._slugs)}],
            )
        except Exception:  # a model that is down or talks nonsense must not break logging a set
            log.warning("LLM fallback failed", exc_info=True)
            return None
        commands = [c for c in answer.commands if not isinstance(c, Unknown)] or [Unknown()]
        for cmd in commands:  # a slug the catalog does not have is no exercise at all
            if isinstance(cmd, LogSets | QueryPr | QueryLast | QueryGoal) and cmd.exercise not in self._known:
                cmd.exercise = None
        return ParseResult(
            commands=commands, source="llm", confidence=0.7, elapsed_ms=round((time.perf_counter() - started) * 1000, 3)
        )


def needs_fallback(result: ParseResult) -> bool:
    return all(isinstance(c, Unknown) for c in result.commands)
