"""Asking for a workout: "make me a 45 minute upper body strength workout, no overhead pressing",
"what should I do today", "i have 20 minutes and only kettlebells".

Minutes, the focus (a muscle-group word), the equipment, the goal (strength, hypertrophy,
endurance) and the limitations (the clauses that say what not to do or what hurts, kept as said:
intents/limitations.py reads them against the catalog) are read; the focus only from what the
limitations leave ("bad back" is no back day). A question ("what should I do today") answers
without saving unless a save or a routine is asked for.
"""

from __future__ import annotations

import re

from intents.commands import Command, GenerateWorkout
from intents.limitations import CUE
from intents.numbers import Tok

NUM = r"(\d+(?:\.\d+)?)"
GEN_VERB = re.compile(
    r"\b(make|give|build|create|generate|generator|plan|design|suggest|program|write|need|want|recommend|get)\b"
)
GEN_NOUN = re.compile(r"\b(workout|routine|session|program|plan|circuit|wod|training)\b")
FOCUS = (
    ("full body|whole body|total body", "full body"),
    ("upper body|upper", "upper body"),
    ("lower body|lower", "lower body"),
    ("legs?|leg day|quads?|hamstrings?", "legs"),
    ("posterior chain", "posterior chain"),
    ("push", "push"),
    ("pull", "pull"),
    ("chest|pecs?", "chest"),
    ("back|lats?", "back"),
    ("arms?|biceps?|triceps?", "arms"),
    ("shoulders?|delts?", "shoulders"),
    ("core|abs?", "core"),
    ("glutes?|booty|butt", "glutes"),
    ("cardio|conditioning|hiit", "cardio"),
    ("mobility|stretch\\w*", "mobility"),
)
GOALS = (
    ("strength|strong(er)?|heavy|powerlifting", "strength"),
    ("hypertrophy|muscle|size|bodybuilding|pump|mass", "hypertrophy"),
    ("endurance|stamina|high reps?", "endurance"),
)
EQUIPMENT = (
    ("dumbbells?|dbs?", "dumbbell"),
    ("barbells?", "barbell"),
    ("kettlebells?|kbs?", "kettlebell"),
    ("bands?|resistance bands?", "band"),
    ("cables?", "cable"),
    ("machines?", "machine"),
    ("pull ?up bar", "pull-up bar"),
    ("bench", "bench"),
    ("no equipment|bodyweight|body weight|no weights", "bodyweight"),
)
QUESTION = re.compile(
    r"what should i (do|train)|what do i (do|train)|what('s| is) (my|the) (workout|plan) (for )?today"
)
SAVE = re.compile(r"\b(save|keep|store)\b|\bas a routine\b")


def generate(text: str, toks: list[Tok]) -> Command | None:
    if re.search(r"\b(start|begin|starting|beginning|next)\b", text):
        return None  # starting a workout, or the routine's next exercise
    asked = (
        (GEN_VERB.search(text) and GEN_NOUN.search(text))
        or re.search(
            r"^(a |quick |short |fast )*"
            + NUM
            + r" ?(minutes?|mins?|min) (\w+ ){0,2}(workout|routine|session|circuit)"
            + r"( (with|using|no|only|at home|for)( \w+){0,3})?$",
            text,
        )
        or re.search(r"what should i (do|train)( today| for)?|i have " + NUM + r" (minutes|mins|hours?)", text)
        or (
            GEN_VERB.search(text)
            and re.search(r"\b(something|some exercises|exercises|a few (exercises|moves))\b", text)
            and any(re.search(rf"\b({pattern})\b", text) for pattern, _ in FOCUS)
        )
    )
    if not asked:
        return None
    minutes = None
    m = re.search(NUM + r" ?(minutes?|mins?|min|hours?|hrs?|hr)\b", text)
    if m:
        minutes = round(float(m.group(1)) * (60 if m.group(2).startswith("h") else 1))
    equipment = [name for pattern, name in EQUIPMENT if re.search(rf"\b({pattern})\b", text)]
    rest, limits = split_limits(text)
    focus = next((name for pattern, name in FOCUS if re.search(rf"\b({pattern})\b", rest)), None)
    goal = next((name for pattern, name in GOALS if re.search(rf"\b({pattern})\b", rest)), None)
    save = not QUESTION.search(text) or bool(SAVE.search(text))
    return GenerateWorkout(minutes=minutes, focus=focus, equipment=equipment, goal=goal, limitations=limits, save=save)


LEAD = re.compile(r"((?:my|the|a|left|right|both|\w+) ){0,3}$")


def split_limits(text: str) -> tuple[str, str | None]:
    """The request and its limitations: from the first cue ("no", "avoid", "hurts", ...) on, with
    the few words before it that say what hurts ("my left knee hurts"). The text comes without
    punctuation, so the first cue splits it."""
    for cue in CUE.finditer(text):
        start = cue.start()
        if _only_equipment(text[start:]) and not CUE.search(text, cue.end()):
            continue
        before = LEAD.search(text[:start])
        if before and cue.group(0) in HURTS:
            start = before.start()
        return text[:start].strip(), text[start:].strip() or None
    return text, None


HURTS = {"hurts", "hurt", "hurting", "sore", "aching", "achy"} | {"injured", "tweaked", "strained", "sprained"}


def _only_equipment(clause: str) -> bool:
    """ "no equipment", "no weights": what the lifter has, not a limitation."""
    return bool(re.search(r"\bno (equipment|weights|gym)\b", clause)) and not re.search(
        r"\b(hurt|injur|sore|bad|pain|avoid)\w*", clause
    )
