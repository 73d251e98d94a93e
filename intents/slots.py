"""Log phrases -> drafts: slot rules over number-merged tokens.

Each rule looks at the tokens from position i and returns how many it used and which slots
they fill. A slot said twice starts the next command ("3x8 at 135 and 2x5 at 155").
Bare numbers are placed once the whole command is known (see logs.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from intents.lexicon import (
    BAR_PHRASES,
    DISTANCE_WORDS,
    FILLERS,
    HOURS_WORDS,
    KG_WORDS,
    LB_WORDS,
    LOG_VERBS,
    MINUTES_WORDS,
    PLATE_EXTRAS_LB,
    PLATE_WORDS,
    REP_LINGO,
    REP_WORDS,
    RIR_PHRASES,
    RPE_WORDS,
    SECONDS_WORDS,
    SET_MODIFIERS,
    SET_TYPES,
    SET_WORDS,
    STOPWORDS,
    X_WORDS,
)
from intents.numbers import LIMB_WORDS, Tok

Assign = tuple[str, Any]
RuleResult = tuple[int, list[Assign]] | None

SIDE_PLATES_LB = {2.5, 5.0, 10.0, 25.0, 35.0}
# What a set is made of: the slots `Draft.only` looks at.
_SUBSTANCE = (
    "exercise",
    "sets",
    "reps",
    "weight",
    "plates",
    "bar",
    "bar_plus",
    "duration_s",
    "distance",
    "delta",
    "rpe",
    "rir",
    "bare",
    "again",
)
# Slots that, when said again, begin a new command.
EXCLUSIVE = {"exercise", "sets", "reps", "weight", "plates", "bar", "bar_plus", "duration_s", "distance"}
TIME_WORDS = SECONDS_WORDS | MINUTES_WORDS | HOURS_WORDS
UNIT_WORDS = LB_WORDS | KG_WORDS
_SHAPE = STOPWORDS | FILLERS | SET_WORDS | REP_WORDS | X_WORDS  # words that carry no data of a set


@dataclass
class Draft:
    exercise: str | None = None
    exercise_score: float = 1.0
    ambiguous: list[str] | None = None
    ambiguous_word: str | None = None
    sets: int | None = None
    reps: int | None = None
    weight: float | None = None
    weight_raw: str = ""
    unit: str | None = None
    plates: float | None = None
    plate_extra: float = 0.0
    bar: bool = False
    bar_plus: tuple[float, bool] | None = None  # "bar plus 25s": a load on top of the bar, and whether a side
    rpe: float | None = None
    rir: int | None = None
    duration_s: float | None = None
    seconds_or_size: float | None = None  # "80s": seconds, or (on a loaded lift) a dumbbell size
    distance: float | None = None
    distance_is_k: bool = False
    set_type: str | None = None
    added_weight: bool = False
    bodyweight_said: bool = False
    same_load: bool = False
    again: bool = False  # "another set", "one more at 235": the set before, changed where said
    delta: float | None = None  # "add 10 pounds", "drop 20": the last load, changed by this much
    more_reps: list[int] = field(default_factory=list)
    bare_before_reps: int | None = None  # how many bare numbers came before the reps were said
    bare_before_exercise: int | None = None  # how many came before the lift was named ("25 lunges")
    bare: list[Tok] = field(default_factory=list)
    evidence: int = 0  # things said that only a log would say
    verb: bool = False
    unread: list[str] = field(default_factory=list)  # words no rule had a use for ("rode", a lift not known)

    def has(self, slot: str) -> bool:
        if slot == "exercise":
            return self.exercise is not None or self.ambiguous is not None
        if slot in ("bar", "again"):
            return bool(getattr(self, slot))
        if slot == "bare":
            return bool(self.bare)
        return getattr(self, slot) is not None

    def only(self, *said: str) -> bool:
        """Whether nothing of a set was said but these slots (and at least one of them was)."""
        others = [name for name in _SUBSTANCE if name not in said]
        return any(self.has(name) for name in said) and not any(self.has(name) for name in others)

    def loaded(self) -> bool:
        return self.weight is not None or self.plates is not None or self.bar or self.bar_plus is not None

    def empty(self) -> bool:
        return not (self.has("exercise") or self.evidence or self.bare or self.unit)

    def apply(self, slot: str, value: Any) -> None:
        if slot == "exercise":
            slug, score, options, word = value
            self.exercise, self.exercise_score, self.ambiguous, self.ambiguous_word = slug, score, options, word
            self.bare_before_exercise = len(self.bare)
        elif slot == "weight":
            num, raw = value
            self.weight, self.weight_raw = num, raw
            self.evidence += 1
        elif slot == "plates":
            self.plates, self.plate_extra = value
            self.evidence += 1
        elif slot == "distance":
            self.distance, self.distance_is_k = value
            self.evidence += 1
        elif slot == "bare":
            self.bare.append(value)
        elif slot == "verb":
            self.verb = True
        else:
            setattr(self, slot, value)
            if slot == "reps" and self.bare_before_reps is None:
                self.bare_before_reps = len(self.bare)
            if slot not in ("unit",):
                self.evidence += 1


def _w(toks: list[Tok], i: int) -> str:
    return toks[i].text if 0 <= i < len(toks) and toks[i].num is None else ""


def _n(toks: list[Tok], i: int) -> float | None:
    return toks[i].num if 0 <= i < len(toks) else None


def _int(value: float | None) -> int | None:
    return int(value) if value is not None and float(value).is_integer() else None


def _phrase(toks: list[Tok], i: int, phrase: tuple[str, ...]) -> bool:
    return all(_w(toks, i + k) == p for k, p in enumerate(phrase))


def _unit_of(word: str) -> str | None:
    return "lb" if word in LB_WORDS else "kg" if word in KG_WORDS else None


def _weight(tok: Tok, toks: list[Tok], j: int) -> tuple[int, list[Assign]]:
    """A load at toks[j-1] = tok, with an optional unit word at toks[j]."""
    unit = _unit_of(_w(toks, j))
    out: list[Assign] = [("weight", (tok.num, tok.raw))]
    if unit:
        out.append(("unit", unit))
    return (1 if unit else 0), out


def _split_digits(toks: list[Tok], i: int) -> Tok | None:
    """Speech-to-text's "2 25" for two twenty five, read only where a load is expected."""
    a, b = (toks[i] if i < len(toks) else None), (toks[i + 1] if i + 1 < len(toks) else None)
    if not a or not b or a.spoken or b.spoken or not a.is_num or not b.is_num:
        return None
    one_and_tens = len(a.raw) == 1 and a.raw in "123456789" and len(b.raw) == 2 and b.raw.isdigit()  # "2 25"
    # "180 5" for one eighty five: the tens written whole, then the units
    tens_and_one = a.raw.isdigit() and int(a.raw) % 10 == 0 and int(a.raw) % 100 >= 20 and len(b.raw) == 1
    if not (one_and_tens or (tens_and_one and b.raw in "123456789")):
        return None
    before = _w(toks, i - 1) in ("at", "with")
    after = _w(toks, i + 2) in ({"for"} | UNIT_WORDS)
    if not (before or after):
        return None
    raw = a.raw + b.raw if one_and_tens else str(int(a.raw) + int(b.raw))
    return Tok(raw, float(raw), raw=raw)


def r_exercise(toks: list[Tok], i: int, d: Draft) -> RuleResult:
    t = toks[i]
    if t.slug is not None or t.options:
        options = list(t.options) if t.options else None
        return 1, [("exercise", (t.slug, t.score, options, t.text))]
    return None


def r_set_type(toks: list[Tok], i: int, d: Draft) -> RuleResult:
    for phrase, kind in SET_TYPES.items():
        if _phrase(toks, i, phrase):
            return len(phrase), [("set_type", kind)]
    return None


def r_bar(toks: list[Tok], i: int, d: Draft) -> RuleResult:
    start = i + 1 if _w(toks, i) in ("with", "at") else i
    for phrase in BAR_PHRASES:
        if _phrase(toks, start, phrase):
            return start - i + len(phrase), [("bar", True)]
    return None


SIDE_WORDS = (("a", "side"), ("each", "side"), ("per", "side"), ("on", "each", "side"), ("on", "both", "sides"))


def r_bar_plus(toks: list[Tok], i: int, d: Draft) -> RuleResult:
    """ "bar plus 25s", "the bar and a 25 on each side", "bar plus 10 kg a side": the bar and a load on it."""
    j = i + 1 if _w(toks, i) in ("with", "at") else i
    j += 1 if _w(toks, j) in ("the", "a", "an", "empty") else 0
    if _w(toks, j) != "bar" or _w(toks, j + 1) not in ("plus", "and", "with"):
        return None
    k = j + 2
    one_plate = _w(toks, k) in ("a", "an", "one")  # "a 25": one plate, so one on each side
    k += 1 if one_plate else 0
    load = _n(toks, k)
    if load is None or _w(toks, k + 1) in (REP_WORDS | SET_WORDS | TIME_WORDS) - {"s"}:
        return None
    per_side, k = one_plate or toks[k].plural, k + 1
    if _w(toks, k) == "s":  # "25 s" as "25s" is written apart
        per_side, k = True, k + 1
    out: list[Assign] = []
    if _unit_of(_w(toks, k)):
        out.append(("unit", _unit_of(_w(toks, k))))
        k += 1
    for phrase in SIDE_WORDS:
        if _phrase(toks, k, phrase):
            per_side, k = True, k + len(phrase)
            break
    return k - i, [("bar_plus", (load, per_side)), *out]


def r_plates(toks: list[Tok], i: int, d: Draft) -> RuleResult:
    start = i + 1 if _w(toks, i) in ("with", "at") else i
    count = _n(toks, start) if _w(toks, start) not in ("a", "an") else 1.0
    if count is None or _w(toks, start + 1) not in PLATE_WORDS:
        return None
    j, extra = start + 2, 0.0
    # "and a 25", "plus a 25", and speech-to-text's "in a 25"
    joined = _w(toks, j) in ("and", "plus") or (_w(toks, j) == "in" and _w(toks, j + 1) in ("a", "an"))
    if joined and _w(toks, j + 1) in ("a", "an") and _w(toks, j + 2) in PLATE_EXTRAS_LB:
        extra, j = PLATE_EXTRAS_LB[_w(toks, j + 2)], j + 3
    elif joined and _n(toks, j + 1) is not None and _w(toks, j + 2) in PLATE_EXTRAS_LB:
        extra, j = (_n(toks, j + 1) or 0) * PLATE_EXTRAS_LB[_w(toks, j + 2)], j + 3
    elif joined and _w(toks, j + 1) in ("a", "an") and _n(toks, j + 2) in SIDE_PLATES_LB:
        extra, j = _n(toks, j + 2) or 0.0, j + 3  # "two plates and a 25": a 25 lb plate a side
    if _w(toks, j) in ("a", "each", "per") and _w(toks, j + 1) == "side":
        j += 2
    unit = _unit_of(_w(toks, j + 1)) if _w(toks, j) == "in" else None
    out: list[Assign] = [("plates", (count, extra))]
    if unit:
        out.append(("unit", unit))
        j += 2
    return j - i, out


def r_rep_lingo(toks: list[Tok], i: int, d: Draft) -> RuleResult:
    count = _n(toks, i)
    j = i + 1 if count is not None or _w(toks, i) in ("a", "an", "for") else i
    if _w(toks, j) == "a":
        j += 1
    word = _w(toks, j)
    if word not in REP_LINGO or _w(toks, j + 1).split(" ")[0] in LIMB_WORDS:  # "single leg rdl": a name
        return None
    out: list[Assign] = [("reps", REP_LINGO[word])]
    if count is not None and word.endswith("s"):
        out.insert(0, ("sets", _int(count) or 1))
    return j - i + 1, out


def r_rir(toks: list[Tok], i: int, d: Draft) -> RuleResult:
    if _w(toks, i) == "rir" and _n(toks, i + 1) is not None:
        return 2, [("rir", _int(_n(toks, i + 1)))]
    start = i
    if _w(toks, i) == "with" and _n(toks, i + 1) is not None:  # "with 3 left in the tank"
        i += 1
    value = _n(toks, i)
    if value is None or value > 10:
        return None
    j = i + 1 + (1 if _w(toks, i + 1) in REP_WORDS and _w(toks, i + 2) in ("in", "left") else 0)
    for phrase in RIR_PHRASES:
        if _phrase(toks, j, phrase) and (phrase != ("left",) or j > i + 1 or d.reps is not None):
            return j - start + len(phrase), [("rir", _int(value))]
    # "could have done 2 more (reps)", "had 2 more": what was left
    if _w(toks, i - 1) in RESERVE_BEFORE and _w(toks, i + 1) == "more" and _w(toks, i + 2) not in SET_WORDS:
        return 2 + (1 if _w(toks, i + 2) in REP_WORDS else 0), [("rir", _int(value))]
    return None


def r_rpe(toks: list[Tok], i: int, d: Draft) -> RuleResult:
    w = _w(toks, i)
    j = i + 1 if w == "at" else i
    if _w(toks, j) in RPE_WORDS:
        k = j + 1 + (1 if _w(toks, j + 1) in ("of", "at", "a", "an") else 0)
        if _n(toks, k) is not None and (_n(toks, k) or 0) <= 10:
            return k - i + 1, [("rpe", _n(toks, k))]
    if _n(toks, i) is not None and _w(toks, i + 1) in RPE_WORDS and (_n(toks, i) or 0) <= 10:
        return 2, [("rpe", _n(toks, i))]
    if w == "at" and _w(toks, i + 1) in ("a", "an") and _n(toks, i + 2) is not None:
        value = _n(toks, i + 2) or 0
        if value <= 10 and _w(toks, i + 3) not in UNIT_WORDS:
            return 3, [("rpe", value)]
    if w in ("felt", "feels", "feel"):  # "felt like an 8" ("like" is dropped as a filler)
        k = i + 1 + (1 if _w(toks, i + 1) == "like" else 0)
        k += 1 if _w(toks, k) in ("a", "an") else 0
        felt = _n(toks, k)
        if felt is not None and 5 <= felt <= 10 and _w(toks, k + 1) not in UNIT_WORDS | REP_WORDS:
            return k - i + 1, [("rpe", felt)]
    return None


def r_sets_by_reps(toks: list[Tok], i: int, d: Draft) -> RuleResult:
    a, b = _n(toks, i), _n(toks, i + 2)
    if a is None or b is None or _w(toks, i + 1) not in X_WORDS | {"times"}:
        return None
    used = 3 + (1 if _w(toks, i + 3) in REP_WORDS else 0)
    if a > 10 and _int(b) is not None:  # "225 x 5", "135 times 8": load by reps
        unit_used, out = _weight(toks[i], toks, i + 3)
        out.append(("reps", _int(b)))
        k = i + used + unit_used
        sets = _int(_n(toks, k + 1)) if _w(toks, k) in X_WORDS | {"times"} else None
        if sets is not None and 1 <= sets <= 10:  # "225 x 5 x 3": and three such sets
            out.append(("sets", sets))
            unit_used += 2 + (1 if _w(toks, k + 2) in SET_WORDS else 0)
        return used + unit_used, out
    if _int(a) is None or _int(b) is None:
        return None
    merged = _merged_reps_and_load(toks[i + 2].raw) if b > 60 else None
    if merged is not None:  # speech-to-text's "2x3 20" written as "2x320"
        reps, load = merged
        return used, [("sets", _int(a)), ("reps", reps), ("weight", (float(load), load))]
    return used, [("sets", _int(a)), ("reps", _int(b))]


def _merged_reps_and_load(raw: str) -> tuple[int, str] | None:
    if not raw.isdigit():
        return None
    options = [(int(raw[:k]), raw[k:]) for k in (1, 2)]
    options = [(r, rest) for r, rest in options if 1 <= r <= 30 and 2 <= len(rest) <= 3 and rest[0] != "0"]
    # "1525" is 15 reps at 25 rather than a single at 525: sets of one rep are rare
    options.sort(key=lambda o: o[0] < 2)
    return options[0] if options else None


# Set types said between a count and "sets": "two warm up sets", "2 drop sets", "3 amrap sets"
_TYPE_BEFORE_SETS = {p: kind for p, kind in SET_TYPES.items() if not set(p) & SET_WORDS} | {("drop",): "drop"}


def r_sets(toks: list[Tok], i: int, d: Draft) -> RuleResult:
    count = _n(toks, i)
    if count is None and _w(toks, i) in ("a", "an", "another"):
        count = 1.0
    j = i + 1 if count is not None else i
    kind: list[Assign] = []
    while count is not None and _w(toks, j) not in SET_WORDS and j - i <= 3:  # "two warm up sets", "3 working sets"
        said = next((p for p in (*_TYPE_BEFORE_SETS, *SET_MODIFIERS) if _phrase(toks, j, p)), None)
        if said is None:
            return None
        kind += [("set_type", _TYPE_BEFORE_SETS[said])] if said in _TYPE_BEFORE_SETS else []
        j += len(said)
    if _w(toks, j) not in SET_WORDS:
        return None
    out: list[Assign] = [("sets", _int(count) or 1), *kind] if count is not None else []
    j += 1
    if _w(toks, j) in ("of", "on") and _n(toks, j + 1) is not None and _w(toks, j + 2) not in UNIT_WORDS | TIME_WORDS:
        if _w(toks, j + 2) != "for" and _int(_n(toks, j + 1)) is not None:
            out.append(("reps", _int(_n(toks, j + 1))))
            j += 2 + (1 if _w(toks, j + 2) in REP_WORDS else 0)
    elif _w(toks, j) == "of":
        j += 1
    return (j - i, out) if out or count is None else None


def r_reps(toks: list[Tok], i: int, d: Draft) -> RuleResult:
    if _n(toks, i) is not None and _w(toks, i + 1) in REP_WORDS and _int(_n(toks, i)) is not None:
        return 2, [("reps", _int(_n(toks, i)))]
    return None


def _seconds(toks: list[Tok], i: int) -> tuple[int, float] | None:
    value, unit = _n(toks, i), _w(toks, i + 1)
    if value is None or unit not in TIME_WORDS:
        return None
    factor = 1 if unit in SECONDS_WORDS else 60 if unit in MINUTES_WORDS else 3600
    return 2, value * factor


def r_duration(toks: list[Tok], i: int, d: Draft) -> RuleResult:
    first = _seconds(toks, i)
    if first is None:
        return None
    used, total = first
    j = i + used + (1 if _w(toks, i + used) == "and" else 0)
    more = _seconds(toks, j)
    if more is not None:
        used, total = j - i + more[0], total + more[1]
        return used, [("duration_s", total)]
    out: list[Assign] = [("duration_s", total)]
    if _w(toks, i + 1) == "s" and _w(toks, i - 1) not in ("for", "in", "of", "hold", "held"):
        out.append(("seconds_or_size", total))  # "curls 30s for 12": the 30-pound dumbbells
    return used, out


RESERVE_BEFORE = {"done", "gotten", "got", "squeezed", "had", "have"}  # "could have done 2 more"
UP_WORDS = {"add", "adding", "added", "up", "another"}
DOWN_WORDS = {"down", "drop", "dropped", "dropping", "minus", "strip", "stripped"}


def r_again(toks: list[Tok], i: int, d: Draft) -> RuleResult:
    """ "another set at 235", "one more at 245 for 3", "2 more sets of 5": the set before, again."""
    if _w(toks, i) == "another":
        if _n(toks, i + 1) == 1 and _w(toks, i + 2) not in REP_WORDS:
            return 2, [("again", True)]  # "another 1 at 235": "another one", as numbers are written
        return (2 if _w(toks, i + 1) == "round" else 1), [("again", True)]  # "another 8": the 8 are reps
    count = _int(_n(toks, i))
    after = _w(toks, i + 2)
    in_reserve = (_w(toks, i - 1) in RESERVE_BEFORE and after not in SET_WORDS) or after in ("in", "left")
    if count is not None and 1 <= count <= 10 and _w(toks, i + 1) == "more" and _unit_of(_w(toks, i + 2)) is None:
        if in_reserve:
            return None
        if count > 1 and _w(toks, i + 2) in SET_WORDS:
            return 3, [("sets", count), ("again", True)]
        if count > 1 and _w(toks, i + 2) not in REP_WORDS:  # "2 more at 225", "2 more deadlift": sets
            return 2, [("sets", count), ("again", True)]
        return 2, [("again", True)]
    return None


def r_relative(toks: list[Tok], i: int, d: Draft) -> RuleResult:
    """A load said against the last one: "add 10 pounds", "up 10", "drop 20", "10 more kilos"."""
    sign = 1.0 if _w(toks, i) in UP_WORDS else -1.0 if _w(toks, i) in DOWN_WORDS else 0.0
    j = i + 1
    if sign and _w(toks, j) == "off":  # "strip off 20"
        j += 1
    if sign and 0 < (_n(toks, j) or 0) <= 100 and _w(toks, j + 1) not in REP_WORDS | SET_WORDS | TIME_WORDS:
        if _w(toks, i) == "another" and _unit_of(_w(toks, j + 1)) is None:
            return None  # "another 8": reps, not a load
        unit = _unit_of(_w(toks, j + 1))
        return j - i + 1 + (1 if unit else 0), [
            ("delta", sign * (_n(toks, j) or 0)),
            *([("unit", unit)] if unit else []),
        ]
    n, word, unit = _n(toks, i), _w(toks, i + 1), _unit_of(_w(toks, i + 2))
    if n is not None and word in ("more", "extra", "less", "fewer") and unit:  # "10 more pounds"
        return 3, [("delta", n if word in ("more", "extra") else -n), ("unit", unit)]
    return None


def r_speed(toks: list[Tok], i: int, d: Draft) -> RuleResult:
    """ "at 3.5 miles an hour", "8 mph": a pace, which no set records (and neither a load nor a distance)."""
    j = i + 1 if _w(toks, i) in ("at", "with") else i
    if _n(toks, j) is not None and _w(toks, j + 1) == "mph":
        return j - i + 2, []
    return None


def r_distance(toks: list[Tok], i: int, d: Draft) -> RuleResult:
    value, unit = _n(toks, i), _w(toks, i + 1)
    if value is None or unit not in DISTANCE_WORDS:
        return None
    return 2, [("distance", (value * DISTANCE_WORDS[unit], unit == "k"))]


def r_weight_unit(toks: list[Tok], i: int, d: Draft) -> RuleResult:
    merged = _split_digits(toks, i)
    tok = merged or toks[i]
    j = i + (2 if merged else 1)
    if tok.num is None or _unit_of(_w(toks, j)) is None:
        return None
    used, out = _weight(tok, toks, j)
    return j - i + used, out


def r_num_for(toks: list[Tok], i: int, d: Draft) -> RuleResult:
    merged = _split_digits(toks, i)
    tok = merged or toks[i]
    j = i + (2 if merged else 1)
    reps = _n(toks, j + 1)
    if tok.num is None or _w(toks, j) != "for" or reps is None or _int(reps) is None:
        return None
    if _w(toks, j + 2) in TIME_WORDS | set(DISTANCE_WORDS) | SET_WORDS:
        return None
    used = j - i + 2 + (1 if _w(toks, j + 2) in REP_WORDS else 0)
    return used, [("weight", (tok.num, tok.raw)), ("reps", _int(reps))]


def r_num_at(toks: list[Tok], i: int, d: Draft) -> RuleResult:
    reps = _n(toks, i)
    if reps is None or _int(reps) is None or _w(toks, i + 1) not in ("at", "with"):
        return None
    merged = _split_digits(toks, i + 2)
    load = merged or (toks[i + 2] if i + 2 < len(toks) else None)
    if load is None or load.num is None or _w(toks, i + 3) in RPE_WORDS | TIME_WORDS:
        return None
    if (reps or 0) > 100:
        return None
    k = i + (4 if merged else 3)
    used, out = _weight(load, toks, k)
    return k - i + used, [("reps", _int(reps)), *out]


def r_for(toks: list[Tok], i: int, d: Draft) -> RuleResult:
    if _w(toks, i) != "for":
        return None
    value = _n(toks, i + 1)
    if value is None or _w(toks, i + 2) in TIME_WORDS | set(DISTANCE_WORDS) | UNIT_WORDS | SET_WORDS:
        return 1, []
    if _int(value) is None or (d.reps is not None and d.loaded()):
        return 1, []
    return 2 + (1 if _w(toks, i + 2) in REP_WORDS else 0), [("reps", _int(value))]


def r_at(toks: list[Tok], i: int, d: Draft) -> RuleResult:
    if _w(toks, i) not in ("at", "with", "using"):
        return None
    if _w(toks, i + 1) in ("bodyweight",) or _phrase(toks, i + 1, ("body", "weight")):
        return 2 + (1 if _w(toks, i + 1) == "body" else 0), [("bodyweight_said", True)]
    j = i + 1 + (1 if _w(toks, i + 1) == "the" else 0)
    merged = _split_digits(toks, j)
    load = merged or (toks[j] if j < len(toks) else None)
    if load is None or load.num is None:
        return None
    k = j + (2 if merged else 1)
    if _w(toks, k) in TIME_WORDS | set(DISTANCE_WORDS) | REP_WORDS | SET_WORDS:
        return None
    if d.loaded() and (load.num or 0) <= 10 and _unit_of(_w(toks, k)) is None:
        return k - i, [("rpe", load.num)]
    used, out = _weight(load, toks, k)
    if _w(toks, k + used) == "s":  # "with the 60 s"
        used += 1
    return k - i + used, out


def r_unit(toks: list[Tok], i: int, d: Draft) -> RuleResult:
    j = i + 1 if _w(toks, i) == "in" else i
    unit = _unit_of(_w(toks, j))
    return (j - i + 1, [("unit", unit)]) if unit else None


def r_words(toks: list[Tok], i: int, d: Draft) -> RuleResult:
    w = _w(toks, i)
    if w in ("bodyweight",) or _phrase(toks, i, ("body", "weight")):
        return (2 if w == "body" else 1), [("bodyweight_said", True)]
    if w == "weighted":
        return 1, [("added_weight", True)]
    if w == "same" and _w(toks, i + 1) in ("weight", "load", "again"):
        return 2, [("same_load", True)]
    if w in LOG_VERBS:
        return 1, [("verb", True)]
    return None


def r_number(toks: list[Tok], i: int, d: Draft) -> RuleResult:
    t = toks[i]
    if t.num is None:
        return None
    if t.plural:
        return 1 + (1 if _w(toks, i + 1) == "s" else 0), [("weight", (t.num, t.raw))]
    merged = _split_digits(toks, i)
    if merged:
        return 2, [("weight", (merged.num, merged.raw))]
    return 1, [("bare", t)]


RULES: list[Callable[[list[Tok], int, Draft], RuleResult]] = [
    r_exercise,
    r_set_type,
    r_speed,
    r_relative,
    r_again,
    r_bar_plus,
    r_bar,
    r_plates,
    r_rep_lingo,
    r_rir,
    r_rpe,
    r_sets_by_reps,
    r_sets,
    r_reps,
    r_duration,
    r_distance,
    r_weight_unit,
    r_num_for,
    r_num_at,
    r_for,
    r_at,
    r_unit,
    r_words,
    r_number,
]


def extract(toks: list[Tok]) -> list[Draft]:
    """Fill drafts left to right; a slot said twice starts the next draft."""
    drafts = [Draft()]
    i = 0
    while i < len(toks):
        if toks[i].text in (",", "and", "then", ".", ";"):
            i += 1
            continue
        used, assigns = 1, list[Assign]()
        for rule in RULES:
            result = rule(toks, i, drafts[-1])
            if result is not None:
                used, assigns = result
                break
        else:
            if toks[i].num is None and toks[i].text.isalpha() and toks[i].text not in _SHAPE:
                drafts[-1].unread.append(toks[i].text)
        for slot, value in assigns:
            if slot in EXCLUSIVE and drafts[-1].has(slot):
                drafts.append(Draft())
            drafts[-1].apply(slot, value)
        i += max(used, 1)
    return [d for d in drafts if not d.empty()]
