"""Corrections of the previous command: "make that 140", "actually it was ten reps", "no, kilos"."""

from __future__ import annotations

import re

from intents.commands import Changes, CorrectLast
from intents.exercises import ExerciseResolver
from intents.logs import LogContext, _plates_weight
from intents.numbers import Tok
from intents.slots import extract

PREFIX = re.compile(
    r"^((no|nope|wait|sorry|oops|whoops|oh|hold on|my bad|correction|wrong( (exercise|lift|weight|one))?)( ,)?( |$))*"
    r"(make (that|it)( to)?|actually( it was| that was| it is| that is| make (that|it)| i did| i meant| it should be)?"
    r"|correction|i meant( to say)?|change (that|it)( to)?|that (was|should be|should have been|is)"
    r"|it (was|should be|should have been|is)|should (be|have been)|(fix|update|edit|set) (that|it)( to)?"
    r"|(it|that) was actually|(the )?last (set|one|1) was( actually| really)?"
    r"|(change|update|set|fix) (the )?(weight|load|reps|last set|last one|last 1)( to| is)?"
    r"|(the )?(weight|load|reps) (was|were|should be|should have been)|no)?( only| just)?\b( ,)?"
)


def parse_correction(
    text: str, toks: list[Tok], resolver: ExerciseResolver, ctx: LogContext, last: dict[str, float] | None
) -> CorrectLast | None:
    m = PREFIX.search(text)
    if not m or not m.group(0).strip():
        return None
    used = len(m.group(0).split())
    rest = toks[used:]
    cut = next((k for k, t in enumerate(rest) if t.text in ("not", "instead")), None)
    if cut is not None:  # "185 not 175": what follows "not" is the mistake
        rest = rest[:cut]
    if not rest:
        return None
    drafts = extract(rest)
    if not drafts:
        return None
    d = drafts[0]
    kind = resolver.kind(d.exercise or ctx.exercise)
    changes = Changes(exercise=d.exercise, reps=d.reps, unit=d.unit, rpe=d.rpe, rir=d.rir)
    weight = d.weight
    if weight is None and d.plates is not None:
        weight = _plates_weight(d, kind, ctx)
    said = m.group(0)
    for tok in d.bare:
        value = tok.num or 0.0
        if changes.reps is None and weight is None:
            if re.search(r"\b(weight|load)\b", said):
                weight = value
            elif (re.search(r"\breps\b", said) and float(value).is_integer()) or _looks_like_reps(value, last):
                changes.reps = int(value)
            else:
                weight = value
        elif weight is None:
            weight = value
        elif changes.reps is None and float(value).is_integer():
            changes.reps = int(value)
    changes.weight = weight
    if not any(v is not None for v in changes.model_dump().values()):
        return None
    return CorrectLast(changes=changes)


def _looks_like_reps(value: float, last: dict[str, float] | None) -> bool:
    if not float(value).is_integer():
        return False
    if last and last.get("reps") and last.get("weight"):
        reps, weight = float(last["reps"]), float(last["weight"])
        return abs(value - reps) / max(reps, 1) < abs(value - weight) / max(weight, 1)
    return value <= 15
