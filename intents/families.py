"""Phrase families other than logging: one small function per intent, tried in order.

Each reads the clause as text with numbers already written as digits ("rest 2 minutes"),
plus the tagged tokens (for exercise names), and returns a command or None.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from intents.commands import (
    CancelWorkout,
    Command,
    FinishWorkout,
    Help,
    LogMetric,
    NextExercise,
    QueryLast,
    QueryPr,
    StartRest,
    StartWorkout,
    UndoLast,
)
from intents.generating import generate
from intents.numbers import Tok
from intents.periods import find as find_period
from intents.planning import complete_set, plan_exercise
from intents.repeats import repeat

NUM = r"(\d+(?:\.\d+)?)"
Family = Callable[[str, list[Tok]], Command | None]


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _slug(toks: list[Tok]) -> str | None:
    return next((t.slug for t in toks if t.slug), None)


def _has_slug(toks: list[Tok]) -> bool:
    return any(t.slug or t.options for t in toks)


HELP = _re(
    r"^(help( me)?|what (can|do) (you|i) (do|say)|what are (your|the) commands|how (does|do) (this|it|you) work"
    r"|how do i use (this|it|you|spotter)|commands|what can i ask|what do you understand|menu|options"
    r"|what can you help (me )?with|how can you help( me)?|what (do|can) you know)$"
)


def help_(text: str, toks: list[Tok]) -> Command | None:
    return Help() if HELP.search(text) else None


UNDO = _re(
    r"\b(undo|scratch that|scrap that|scratch (it|the last( one| 1| set)?|last set)$"
    r"|delete (that|it|this|the last( one| 1| set| entry)?|last (one|1|set))$"
    r"|remove (that|it|the last( one| 1| set)?|last (one|1|set))$|never ?mind( that)?$|forget (that|it)$"
    r"|cancel (that|the last( one| set)?|last set)$|take (that|it) back|that was a mistake|erase (that|it|the last)"
    r"|delete last|remove last|undo that)\b"
)


def undo(text: str, toks: list[Tok]) -> Command | None:
    return UndoLast() if UNDO.search(text) else None


CANCEL = _re(
    r"\b(cancel|abort|discard|scrap|trash|throw (away|out)|delete|ditch|kill)( the| this| my| today s"
    r"| current| todays)? (workout|session|training|lifting session|gym session)\b|^cancel( it| everything)?$"
)


def cancel(text: str, toks: list[Tok]) -> Command | None:
    if re.search(r"\b(all|every)\b", text):  # sweeping deletions are not a voice command
        return None
    return CancelWorkout() if CANCEL.search(text) else None


FINISH = _re(
    r"\b(finish|finished|end|ending|stop|complete|completed|wrap up|wrapping up|close|closing|save|done with|log off"
    r"|finishing)( the| this| my| a| today s| todays| current)? (workout|session|training|lifting|gym)\b"
    r"|^(i am |we are |i m )?(all |totally )?(done|finished|through)( for (today|the day|now|tonight|this session))?$"
    r"|\b(that is|thats) (it|all|a wrap)( for (today|the day|now|tonight))?$|call it a day|\bwrap it up\b"
    r"|^(workout|session) (is )?(done|over|complete|completed|finished)$|\bend (of )?(the )?session\b"
    r"|^(finish|finish up|end it|end|stop|call it|i am out|im out|i am out of here|out of here)$"
    r"|^(i am |im )?(done|finished) (for|with) (today|the day|the gym|my workout|this workout|the workout|lifting)"
)


def finish(text: str, toks: list[Tok]) -> Command | None:
    return FinishWorkout() if FINISH.search(text) else None


REST = _re(r"\b(rest|resting|timer|break|breather|recover|recovery|countdown)\b")
REST_NOT = _re(r"\b(rest day|rest pause|rest of)\b|\b(pause|stop|cancel|end) (the |my )?(rest|timer)\b")


def rest(text: str, toks: list[Tok]) -> Command | None:
    asked = REST.search(text) or re.search(r"^give( me)? \d+(\.\d+)? ?(seconds?|secs?|minutes?|mins?)$", text)
    if not asked or REST_NOT.search(text) or _has_slug(toks):
        return None
    seconds = 0.0
    for value, unit in re.findall(NUM + r" ?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?)\b", text):
        factor = 1 if unit.startswith("s") else 3600 if unit.startswith("h") else 60
        seconds += float(value) * factor
    if not seconds:
        bare = next((t for t in toks if t.num is not None), None)
        if bare is not None:
            seconds = _rest_length(bare)
    return StartRest(seconds=round(seconds) if seconds else 90)


def _rest_length(tok: Tok) -> float:
    """A rest said without a unit: "rest 3" is minutes, "rest 90" seconds, "rest one thirty" / "1.30" is 1:30."""
    value = tok.num or 0.0
    if re.fullmatch(r"\d\.\d\d", tok.raw) and int(tok.raw[2:]) < 60:
        return int(tok.raw[0]) * 60 + int(tok.raw[2:])
    if tok.spoken and 100 <= value < 1000 and value % 100 < 60:
        return (value // 100) * 60 + value % 100
    return value * 60 if value <= 10 else value


START = _re(
    r"^(go |lets go |alright |okay )?(i am going to |going to |i want to |i will |i ll |about to )?"
    r"(start|begin|starting|beginning|commence|kick off|kicking off|open|new|lets do|time for"
    r"|time to do|i am starting|i am doing|doing|let us start)( up)?(?P<name>( \S+)*?)$"
)
START_ONLY = _re(
    r"^(time to (lift|train|work out|workout)|lets (lift|train|go)|i am at the gym|at the gym"
    r"|starting|begin|start)$"
)
GENERIC = {
    "a",
    "an",
    "my",
    "the",
    "new",
    "todays",
    "today",
    "s",
    "workout",
    "session",
    "training",
    "routine",
    "now",
    "it",
    "up",
    "of",
    "off",
    "for",
}


def start(text: str, toks: list[Tok]) -> Command | None:
    if START_ONLY.search(text):
        return StartWorkout()
    m = START.search(text)
    if not m:
        return None
    words = m.group("name").split()
    if not any(w in ("workout", "session", "training", "day", "routine", "lifting") for w in words) and (
        _has_slug(toks) or len(words) > 3 or any(ch.isdigit() for ch in text)
    ):
        return None
    while words and words[0] in GENERIC:
        words.pop(0)
    while words and words[-1] in GENERIC:
        words.pop()
    if words and words[0] in ("called", "named"):
        words.pop(0)
    return StartWorkout(name=" ".join(words) or None)


NEXT = _re(
    r"^(what is |whats )?(up )?next( exercise| lift| movement| one| up| thing)?$|what (is|comes|s) (up )?next"
    r"|what (should|do) i do next|next (exercise|lift|movement)|^move on|moving on|what is after (this|that)"
    r"|^skip( (this|it|that)( exercise| one| lift)?)?$|go to the next|what now$|where am i in the routine"
    r"|what (exercise|lift|movement) is next|what (do i have|is) left|whats left"
    r"|how many (sets|exercises|lifts|movements)( do i have| are| is)? (left|remaining|to go)"
    r"|^(i am |im )?(done|finished|through) with (the |my |those |these )?"
    r"(?!workout|session|training|gym|today|the day)\S+( now| for now)?$"
)


def next_(text: str, toks: list[Tok]) -> Command | None:
    return NextExercise() if NEXT.search(text) else None


PR = _re(r"\b(pr|prs|p r|personal (record|best)s?|pb|pbs|max|maxes|1 ?rm|one rep max|best|heaviest|record|e1rm)\b")
LAST = _re(
    r"\b(last (time|session|week|workout|one)|previous(ly)?|before|the other day|most recent|last|yesterday"
    r"|on (monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b"
)
ASK = _re(r"^(what|whats|how|when|show|tell|did|do|check|give|list|remind)\b|\?$|\bwhat\b")


LAST_SESSION = _re(r"\blast (time|session|workout|one)\b")
TODAY = _re(r"\b(today|(so )?far|this (workout|session)|tonight|this morning)\b")
DONE = _re(
    r"\b(how many sets|what (have|did) i (do|done|lift|log|logged)|what i (did|have done)|my (sets|workout|session))\b"
)


def query(text: str, toks: list[Tok]) -> Command | None:
    slug = _slug(toks)
    found = find_period(text)  # "last week", "yesterday", "on Monday": the range the answer comes from
    period, rest = found if found else (None, text)
    # a lift and a few words, no numbers but the period's: "heaviest deadlift in the last 3 months"
    said = len(toks) - (len(text.split()) - len(rest.split()))  # tokens said beside the period
    bare_question = slug is not None and not re.search(r"\d", rest) and said <= 6
    if not ASK.search(text) and not bare_question:
        return None
    left = re.search(r"\b(left|remaining|to go)\b", text)
    if (
        DONE.search(text)
        and not left
        and (TODAY.search(text) or LAST.search(text) or period or text.startswith(("how many", "show")))
    ):
        return QueryLast(exercise=slug, period=period)  # "how many sets have I done today?": so far
    if period and PR.search(text) and not LAST_SESSION.search(text):
        return QueryPr(exercise=slug, period=period)  # "my heaviest deadlift last month"
    if LAST.search(text) and (bare_question or re.search(r"\b(did i|do i|i did|i do|i lift|i use|was my)\b", text)):
        return QueryLast(exercise=slug, period=period)
    if period and re.search(r"^(what|show|list|how|tell|give)\b|\b(did i|do i|i did|have i)\b", text):
        return QueryLast(exercise=slug, period=period)  # "what did I bench this month"
    if PR.search(text) or re.search(r"\bhow (much|heavy) can i\b", text):
        return QueryPr(exercise=slug)
    if slug is not None and not any(t.num is not None for t in toks) and re.search(r"^(how|show|what)", text):
        return QueryPr(exercise=slug)  # "how is my squat going": a question about a lift, not a set to log
    return None


_METRIC_UNIT = (
    r"(?: ?(kg|kgs|kilos?|kilograms?|lbs?|pounds?|percent|bpm|hours?|hrs?|h|minutes?|mins?|ml"
    r"|milliliters?|l|liters?|litres?|oz|ounces?|glass(?:es)?|cups?|bottles?|k|thousand))?"
)


def _metric_value(text: str, keyword: str) -> tuple[float, str] | None:
    """The number said after the keyword ("slept 7 hours"), else the one before it ("7 hours of sleep")."""
    key = re.search(keyword, text)
    if not key:
        return None
    m = re.compile(r"\D{0,24}?" + NUM + _METRIC_UNIT).match(text, key.end())
    if not m:
        before = list(re.finditer(NUM + _METRIC_UNIT, text[: key.start()]))
        m = before[-1] if before else None
    return (float(m.group(1)), m.group(2) or "") if m else None


UNITS = {
    "kg": "kg",
    "kgs": "kg",
    "kilo": "kg",
    "kilos": "kg",
    "kilogram": "kg",
    "kilograms": "kg",
    "lb": "lb",
    "lbs": "lb",
    "pound": "lb",
    "pounds": "lb",
}
WATER_ML = {
    "ml": 1,
    "milliliter": 1,
    "milliliters": 1,
    "l": 1000,
    "liter": 1000,
    "liters": 1000,
    "litre": 1000,
    "litres": 1000,
    "oz": 29.5735,
    "ounce": 29.5735,
    "ounces": 29.5735,
    "glass": 250,
    "glasses": 250,
    "cup": 240,
    "cups": 240,
    "bottle": 500,  # a usual water bottle
    "bottles": 500,
}


def metric(text: str, toks: list[Tok]) -> Command | None:
    if _has_slug(toks) and not re.search(r"\b(my body ?weight|i weigh|weighed in|weigh in)\b", text):
        return None  # "20 bodyweight squats" is a set, not a weigh-in
    if got := _metric_value(text, r"\b(body ?fat|bf|fat percentage|body fat percentage)\b"):
        return LogMetric(metric="body_fat", value=got[0], unit="%")
    if got := _metric_value(text, r"\b(resting (heart rate|hr|pulse)|rhr|resting heartrate|heart rate|pulse)\b"):
        return LogMetric(metric="resting_heart_rate", value=got[0], unit="bpm")
    # "slip 7 hours": how speech-to-text often writes "slept"
    # speech-to-text writes "slept" as "slip", "slap", "slp": an sl..p word before "N hours"
    slept = re.search(r"\b(slept|sleep|sleeping)\b", text) or re.search(r"\bsl[a-z]{0,3}p\b.{0,12}\bhours?\b", text)
    if slept and (got := _metric_value(text, r"\b(slept|sleep|sleeping|sl[a-z]{0,3}p|got)\b")):
        value, unit = got
        hours = value / 60 if unit.startswith("min") else value
        return LogMetric(metric="sleep_hours", value=round(hours, 2), unit="h")
    if re.search(r"\b(water|drank|hydration)\b", text) and (got := _metric_value(text, r"\b(drank|drink|water|had)\b")):
        value, unit = got
        factor = WATER_ML.get(unit, 1000 if value < 10 else 1)
        return LogMetric(metric="water_ml", value=round(value * factor), unit="ml")
    if re.search(r"\bsteps?\b", text) and (got := _metric_value(text, r"\b(walked|did|steps?|got|took|hit|made)\b")):
        value, unit = got
        factor = 1000 if unit in ("k", "thousand") else 1
        return LogMetric(metric="steps", value=value * factor, unit=None)
    weigh = (
        r"\b(body ?weight|bw|weigh(ed)?( in)?|i weight|weight is|my weight was|scale (says|said|shows)"
        r"|my weight|morning weight|weight today|weight this morning)\b"
        r"|^(weight|i am)(?= \d+(\.\d+)? ?(kg|kgs|kilos?|kilograms?|lbs?|pounds?)\b)"
        r"|^(weight|weighed|weighing)"
        r"(?= \d+(\.\d+)?( ?(kg|kgs|kilos?|kilograms?|lbs?|pounds?))?( today| this morning| now)?$)"
    )
    if re.search(weigh, text) and (got := _metric_value(text, weigh)):
        value, unit = got
        if (unit in UNITS or unit == "") and 20 <= value <= 1000:  # "weight 5" is no weigh-in
            return LogMetric(metric="body_weight", value=value, unit=UNITS.get(unit))
    return None


FAMILIES: list[Family] = [
    help_,
    undo,
    cancel,
    finish,
    metric,
    rest,
    generate,
    start,
    complete_set,
    plan_exercise,
    next_,
    query,
    repeat,
]
