"""Questions about goals: "how close am I to a 315 squat", "how far from a 405 deadlift", "how
close to benching 225", "how close am I to 20 pull-ups", "how close am I to running 10k", and
"how are my goals", "goal progress".

A distance question ("how close", "how far off", "am I close to", "how much more for", "what's
left till") that is not about the past ("how far did I run") nor advice ("how far should I run")
and names a lift, a load or a goal is one; so is a question naming goals ("how are my goals", "my
squat goal") with no number in it. The lift, load and unit are read as a log reads them (plates
and bars included: "three plates on bench" is 315), so "a 315 squat" and "squatting 140 kilos"
give the same fields a set would.
"""

from __future__ import annotations

import re

from intents.commands import QueryGoal
from intents.exercises import ExerciseResolver
from intents.logs import LogContext, finalize
from intents.numbers import Tok
from intents.slots import extract

CLOSE = re.compile(
    r"\b(how (close|far|near)|am i (getting )?(close|closer|near|far)|how much (more|further|farther|left|to go)"
    r"|how many more|how many (pounds|lbs|kilos|kgs?|kilograms|reps) (to go|left|away|off|more|until|till|to|from"
    r"|short)|(what is|whats) left (to|till|until|for|before)|distance (to|from))\b"
)
# the past ("how far did I run") and advice ("how far should I run") are other questions
NOT_A_GOAL = re.compile(r"\b(did|have|had|was|were|went|ran|walked|rode|biked|cycled|swam|should|could|would)\b")
GOAL = re.compile(r"\bgoals?\b")
ASKING = re.compile(r"^(how|what|whats|show|list|check|tell|give|where|any|are|am|is|my|goal|goals|progress|status)\b")
LOAD_WORDS = re.compile(r"\b(plates?|bar)\b")


def query_goal(text: str, toks: list[Tok], resolver: ExerciseResolver, ctx: LogContext) -> QueryGoal | None:
    """The goal question the clause asks, if it is one."""
    named = any(t.slug for t in toks)
    said_number = any(t.num is not None for t in toks) or bool(LOAD_WORDS.search(text))
    close = CLOSE.search(text) and not NOT_A_GOAL.search(text)
    if close and (named or said_number or GOAL.search(text)):
        return _asked(toks, resolver, ctx)
    if GOAL.search(text) and ASKING.search(text) and not said_number:
        return QueryGoal(exercise=next((t.slug for t in toks if t.slug), None))
    return None


def _asked(toks: list[Tok], resolver: ExerciseResolver, ctx: LogContext) -> QueryGoal:
    """The lift, load (or reps) and unit said, read as a log would read them."""
    drafts = [d for d in extract(toks) if d.has("exercise") or d.loaded() or d.bare or d.reps is not None]
    if not drafts:
        return QueryGoal()
    done = finalize(drafts[0], None, resolver, ctx).command
    if done.exercise is None and ctx.exercise is not None:  # "how close am I to 315", between sets of squats
        done = finalize(drafts[0], ctx.exercise, resolver, ctx).command
    if done.distance_m is not None:  # "how close am I to running 10k"
        return QueryGoal(exercise=done.exercise, distance_m=done.distance_m)
    if done.bodyweight:  # "how close am I to 20 pull-ups"
        return QueryGoal(exercise=done.exercise, reps=done.reps)
    # "225 for 5": reps at a load; "a 315 squat": a load
    return QueryGoal(exercise=done.exercise, weight=done.weight, unit=done.unit, reps=done.reps)
