"""Workout generation and coaching: one service for the REST API and the assistant.

The deterministic planner (domain/planner.py) always answers; with LLM_BASE_URL a language model
drafts instead (model.py), checked by the same validator (domain/plan_check.py), repaired once,
and replaced by the planner's plan when it still fails. The answer says which made it.
"""

from assistant.generation.asks import Asked, BadRequest, request_from
from assistant.generation.model import PROMPT, WorkoutModel
from assistant.generation.service import Generated, Generator, describe, save
from domain.planner import TARGET_WORDS

__all__ = [
    "PROMPT",
    "TARGET_WORDS",
    "Asked",
    "BadRequest",
    "Generated",
    "Generator",
    "WorkoutModel",
    "describe",
    "request_from",
    "save",
]
