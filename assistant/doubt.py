"""When a write rests on a word the recogniser doubted, and how to ask about it.

Whisper scores every token it writes. A number, a unit or a lift name it was unsure of, or a word
the grammar has no use for (where a number or a lift may have been misheard), makes the reading
doubtful; words that only give a phrase its shape ("sets", "of", "log") do not. A doubtful
reading that would write is read back for a yes first. The thresholds are measured on recordings
(benchmarks/README.md, "The voice loop stores only what was said").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from domain.catalog import AliasIndex
from intents import commands as ic
from intents.commands import ParseResult
from intents.lexicon import FILLERS, LOG_VERBS, REP_WORDS, SET_WORDS, STOPWORDS, X_WORDS
from speech.transcriber import Transcript, Word

THRESHOLD = 0.4
SHAPE_SHARE = 0.75
UNSURE_THRESHOLD = 0.7
SURE_PARSE = 0.9  # ParseResult.confidence from which the grammar counts as sure
UNLIKELY_REPS = 25
SHAPE_WORDS = STOPWORDS | FILLERS | LOG_VERBS | REP_WORDS | SET_WORDS | X_WORDS | {"log", "rest", "timer", "start"}
JOINED_DIGITS = re.compile(r"\d[-\u2013]\d")  # "2-243", "1-2": how Whisper writes a run of numbers it misheard
FOR_MERGED = re.compile(r"^\d+4[,.]?$")  # "150 for 7" heard as "154, 7": the "for" became the load's last digit
NUMBER = re.compile(r"^\d+(\.\d+)?[,.]?$")
WRITES = (ic.LogSets, ic.CorrectLast, ic.LogMetric, ic.RepeatLast, ic.NoteLast)


def doubtful(words: Iterable[Word], threshold: float = THRESHOLD, grammar_sure: bool = True) -> list[str]:
    """The words a write could rest on that the recogniser was unsure of. Words that only shape a
    phrase count when much less sure (below SHAPE_SHARE of the threshold): "2 more deadlift" was
    "sumo deadlift", "set some 7" was "sets of 7". When the grammar itself was unsure (a word it had
    no use for, a lift matched loosely: "255 keels", "pack squat"), words below UNSURE_THRESHOLD count too.
    Digits joined by a dash are always doubted, however sure Whisper was: "two twenty for three" came
    out as "2-243" and "log 2 sets" as "1-2 sets", and no reading of them is certain. So is a number of
    two digits or more ending in 4 said right before another number: "for" (four) is how a load and
    its reps are joined, and Whisper folds it into the load ("150 for 7" heard as "154, 7")."""
    if not grammar_sure:
        threshold = max(threshold, UNSURE_THRESHOLD)
    words = list(words)
    following = [w.text for w in words[1:]] + [""]
    return [
        w.text
        for w, after in zip(words, following, strict=True)
        if JOINED_DIGITS.search(w.text)
        or (len(w.text.strip(",.")) >= 2 and FOR_MERGED.match(w.text) and NUMBER.match(after))
        or w.probability < (threshold if _carries_data(w.text) else threshold * SHAPE_SHARE)
    ]


def _carries_data(word: str) -> bool:
    bare = word.lower().strip(".,!?;:'\"-")
    return bool(bare) and (any(c.isdigit() for c in bare) or bare not in SHAPE_WORDS)


def writes(commands: Iterable[ic.Command]) -> bool:
    return any(isinstance(c, WRITES) for c in commands)


def reads_well(parsed: ParseResult) -> bool:
    """A reading the grammar is sure of that would write, and needs no question of its own."""
    return parsed.clarification is None and parsed.confidence >= SURE_PARSE and writes(parsed.commands)


def offer_other(heard: Transcript, first: ParseResult, other: ParseResult, threshold: float) -> bool:
    """Whether to read back the recogniser's other reading (Transcript.alternative) instead of the first:
    only when the first is doubted and the grammar was unsure of it, and the other reads well."""
    sure = first.confidence >= SURE_PARSE
    return not sure and reads_well(other) and bool(doubtful(heard.words, threshold, sure))


def unlikely(commands: Iterable[ic.Command]) -> bool:
    """A heard set no lifter would do: many reps under a load is how "thirteen" heard as "thirty"
    (or "fourteen" as "forty") looks, and the recogniser is often sure of it."""
    return any(
        isinstance(c, ic.LogSets) and c.weight is not None and not c.added_weight and (c.reps or 0) >= UNLIKELY_REPS
        for c in commands
    )


def read_back(commands: Iterable[ic.Command], index: AliasIndex) -> str:
    """ "Face pull 2×15 at 25 lb?": what would be written, for a yes or a no."""
    said = [_describe(c, index) for c in commands if isinstance(c, WRITES)]
    return "Did you say " + " and ".join(said) + "?"


def _describe(cmd: ic.Command, index: AliasIndex) -> str:
    if isinstance(cmd, ic.LogSets):
        entry = index.entries.get(cmd.exercise or "")
        text = entry.name.split(" (")[0] if entry else "a set"
        if cmd.reps is not None:
            text += f" {cmd.sets}×{cmd.reps}" if cmd.sets > 1 else f" {cmd.reps} reps"
        if cmd.distance_m is not None:
            text += f" {cmd.distance_m / 1000:g} km"
        if cmd.duration_s is not None:
            text += f" in {cmd.duration_s // 60}:{cmd.duration_s % 60:02d}"
        if cmd.weight is not None:
            text += f" at {cmd.weight:g}" + (f" {cmd.unit}" if cmd.unit else "")
        return text
    if isinstance(cmd, ic.CorrectLast):
        changes = cmd.changes.model_dump(exclude_none=True)
        return "change the last set to " + ", ".join(f"{k} {v}" for k, v in changes.items())
    if isinstance(cmd, ic.LogMetric):
        return f"{cmd.metric.replace('_', ' ')} {cmd.value:g}" + (f" {cmd.unit}" if cmd.unit else "")
    if isinstance(cmd, ic.NoteLast):
        said = [
            x
            for x in (
                cmd.note,
                cmd.rpe is not None and f"RPE {cmd.rpe:g}",
                cmd.rir is not None and f"{cmd.rir} in reserve",
            )
            if x
        ]
        return "a note on the last set: " + ", ".join(str(x) for x in said)
    if isinstance(cmd, ic.RepeatLast):
        return "the same again" + (f" {cmd.count} times" if cmd.count > 1 else "")
    return str(getattr(cmd, "intent", "that")).replace("_", " ")
