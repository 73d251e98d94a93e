"""The local parser: text -> ParseResult, without any language model."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from domain.catalog import AliasIndex, CatalogEntry, default_index
from intents.commands import (
    Changes,
    Clarification,
    Command,
    CorrectLast,
    LogSets,
    NoteLast,
    ParseResult,
    PlanExercise,
    StartRest,
    Unknown,
)
from intents.corrections import parse_correction
from intents.exercises import ExerciseResolver
from intents.families import FAMILIES
from intents.feel import STARTS as FEELING_STARTS
from intents.feel import split as split_feeling
from intents.food import FoodResolver, read_log
from intents.food import query as food_query
from intents.goals import query_goal
from intents.homophones import resolve as read_homophones
from intents.lexicon import MINUTES_WORDS, ONES, SECONDS_WORDS, TEENS, TENS
from intents.logs import LOAD_KINDS, LogContext, finalize
from intents.normalize import words
from intents.numbers import Tok, numberize, render
from intents.slots import Draft, extract

log = logging.getLogger(__name__)

HARD_BOUNDARIES = {".", ";", "then", "afterwards", "also"}
TRIGGERS = {
    "start",
    "rest",
    "finish",
    "undo",
    "cancel",
    "what",
    "whats",
    "how",
    "end",
    "begin",
    "scratch",
    "delete",
    "remove",
    "make",
    "actually",
    "timer",
    "next",
    "same",
    "repeat",
}


@dataclass
class ParseContext:
    unit_pref: str | None = None
    bar_weight: float | None = None
    exercise: str | None = None
    last: dict[str, float] | None = None
    custom_exercises: list[CatalogEntry] = field(default_factory=list)
    custom_foods: list[dict[str, str]] = field(default_factory=list)  # {"id", "name"}: the lifter's own foods

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> ParseContext:
        data = data or {}
        custom = []
        for row in data.get("custom_exercises") or []:
            if isinstance(row, dict) and row.get("slug") and row.get("name"):
                custom.append(CatalogEntry.from_row(row))
        last = data.get("last") if isinstance(data.get("last"), dict) else None
        unit = data.get("unit_pref") or data.get("unit")
        bar = data.get("bar_weight")
        return cls(
            unit_pref=unit if unit in ("lb", "kg") else None,
            bar_weight=float(bar) if isinstance(bar, int | float) and bar > 0 else None,
            exercise=data.get("exercise") if isinstance(data.get("exercise"), str) else None,
            last=last,
            custom_exercises=custom,
            custom_foods=[f for f in data.get("custom_foods") or [] if isinstance(f, dict)][:2000],
        )


def split_clauses(toks: list[Tok]) -> list[list[Tok]]:
    """Cut at sentence ends and "then"; at "and" or "," only before another command's verb."""
    clauses: list[list[Tok]] = [[]]
    for i, tok in enumerate(toks):
        nxt = toks[i + 1].text if i + 1 < len(toks) and toks[i + 1].num is None else ""
        after = toks[i + 2].text if i + 2 < len(toks) and toks[i + 2].num is None else ""
        # "and rest 2 minutes"; also "and n rest ..." where speech-to-text left a stray letter
        soft = (
            tok.text in ("and", ",") and tok.num is None and (nxt in TRIGGERS or (len(nxt) == 1 and after in TRIGGERS))
        )
        after_that = tok.text == "after" and nxt == "that"
        if (tok.num is None and tok.slug is None and tok.text in HARD_BOUNDARIES) or soft or after_that:
            if clauses[-1]:
                clauses.append([])
            continue
        if tok.text == "that" and i > 0 and toks[i - 1].text == "after":
            continue
        if tok.text == "and" and tok.num is None and not clauses[-1]:
            continue
        clauses[-1].append(tok)
    return [c for c in clauses if c]


def _drop_commas_inside_names(ws: list[str]) -> list[str]:
    """Speech-to-text scatters commas ("bulgarian splits, squat"); between two words they mean nothing."""
    return [
        w
        for i, w in enumerate(ws)
        if not (
            w == ","
            and 0 < i < len(ws) - 1
            and ws[i - 1].isalpha()
            and ws[i + 1].isalpha()
            and ws[i + 1] not in _TRIGGER_WORDS
            and ws[i + 1] not in FEELING_STARTS  # "for a single, grinder": the set, then how it felt
            and not (ws[i - 1] in _NUMBER_WORDS and ws[i + 1] in _NUMBER_WORDS)  # "eight, nine, ten": a list
        )
    ]


_NUMBER_WORDS = set(ONES) | set(TEENS) | set(TENS)
_TRIGGER_WORDS = {"then", "and", "start", "rest", "finish", "undo", "cancel", "what", "next"}


def _only_effort(d: Draft) -> bool:
    """An effort rating and nothing else of a set."""
    return d.only("rpe", "rir")


# What an utterance that is only a time ("90 seconds", "2 minutes", "1 minute 30") may hold.
_TIME_ONLY = SECONDS_WORDS | MINUTES_WORDS | {"and", ",", ".", "a", "an", "half", "for"}


REST_RANGE_S = (10, 600)  # a time said alone between sets is a rest within this; "12 minutes" is something done


def _only_a_time(d: Draft) -> bool:
    """A time and nothing else: no lift, count, load or distance."""
    return d.only("duration_s") and REST_RANGE_S[0] <= (d.duration_s or 0) <= REST_RANGE_S[1]


def _whole(d: Draft) -> bool:
    """A set with its lift and its count (reps, a time or a distance) said."""
    counted = d.reps is not None or d.duration_s is not None or d.distance is not None or bool(d.bare)
    return bool(d.exercise or d.ambiguous) and counted


def _accept(d: Draft, clause: list[Tok]) -> bool:
    if d.exercise or d.ambiguous:
        return True
    strong = (
        d.sets is not None
        or d.reps is not None
        or d.rpe is not None
        or d.rir is not None
        or d.verb
        or d.plates is not None
        or d.bar
        or d.set_type is not None
        or d.duration_s is not None
        or d.again
        or d.delta is not None
    )
    only_numbers = all(t.num is not None or t.text in (",", "and") for t in clause)
    loadless = not d.loaded() and d.delta is None and not d.again and d.sets is None and d.duration_s is None
    if loadless and not d.same_load and d.rpe is None and d.rir is None and d.set_type is None and len(clause) > 4:
        return False  # "set an alarm for 7 am": a number in other words is not a set
    return strong or only_numbers


def _effort_alone(clause: list[Tok]) -> Draft | None:
    """What is left beside a feeling when it says nothing of a new set: nothing, an effort ("RPE 9")
    or only the lift's name ("deadlift felt heavy"); None when the words are a set of their own."""
    drafts = extract(clause)
    if not drafts:
        return Draft()
    if len(drafts) == 1 and (_only_effort(drafts[0]) or drafts[0].only("exercise")):
        return drafts[0]
    return None


def _note_on(commands: list[Command], where: list[int], note: str, effort: Draft) -> None:
    """The feeling (and an effort said with it, where the log has none) on the logs at `where`."""
    for k in where:
        log = commands[k]
        if isinstance(log, LogSets):
            update: dict[str, Any] = {"note": note}
            if log.rpe is None and effort.rpe is not None:
                update["rpe"] = effort.rpe
            if log.rir is None and effort.rir is not None:
                update["rir"] = effort.rir
            commands[k] = log.model_copy(update=update)


def _which_one(toks: list[Tok], resolver: ExerciseResolver) -> Clarification | None:
    """The question for a family word ("rows") named without a set: which lift of the family."""
    tok = next((t for t in toks if t.options), None)
    if tok is None:
        return None
    names = [resolver.name(s) for s in tok.options]
    question = f"Which {tok.text}: {', '.join(names[:-1])} or {names[-1]}?"
    return Clarification(question=question, missing=["exercise"], options=list(tok.options))


class Parser:
    """Parses utterances against a catalog index; one instance is shared by a process."""

    def __init__(self, index: AliasIndex | None = None) -> None:
        self.index = index or default_index()
        self.resolver = ExerciseResolver(self.index)
        self._foods: FoodResolver | None = None  # the food table's index, built on the first food said

    def foods(self, ctx: ParseContext) -> FoodResolver:
        """Food words to foods: the lifter's own foods (from the context), then the shipped table."""
        if ctx.custom_foods:
            return FoodResolver.with_own(ctx.custom_foods)
        if self._foods is None:
            self._foods = FoodResolver()
        return self._foods

    def _food(self, text: str, ws: list[str], toks: list[Tok], ctx: ParseContext) -> ParseResult | None:
        """What was eaten, or a question about it ("how much protein today"), if the words are that."""
        said = " ".join(ws)
        asked = food_query(said)
        if asked is not None:
            return ParseResult(commands=[asked], confidence=0.95)
        has_lift = any(t.slug or t.options for t in toks)
        reading = read_log(said, text, self.foods(ctx), has_lift)
        if reading is None:
            return None
        return ParseResult(
            commands=[reading.command], clarification=reading.clarification, confidence=0.95 if reading.sure else 0.85
        )

    def parse(self, text: str, context: dict[str, Any] | None = None) -> ParseResult:
        started = time.perf_counter()
        try:
            result = self._parse(text or "", ParseContext.from_dict(context))
        except Exception:  # a parser bug must never reach a lifter as an error
            log.exception("parse failed for %r", text)
            result = ParseResult(commands=[Unknown()], confidence=0.0)
        result.elapsed_ms = round((time.perf_counter() - started) * 1000, 3)
        return result

    @staticmethod
    def _other_command(
        plain: list[Tok], resolver: ExerciseResolver, log_ctx: LogContext, ctx: ParseContext
    ) -> Command | None:
        """A correction or another family's command (anything but a log), if the clause is one."""
        clause_text = render(plain)
        found: Command | None = parse_correction(clause_text, plain, resolver, log_ctx, ctx.last)
        if found is None:
            found = query_goal(clause_text, plain, resolver, log_ctx)  # reads a load as a log does
        if found is None:
            found = next((c for family in FAMILIES if (c := family(clause_text, plain)) is not None), None)
        return found

    def _join_fragments(
        self, clauses: list[list[Tok]], resolver: ExerciseResolver, log_ctx: LogContext, ctx: ParseContext
    ) -> list[list[Tok]]:
        """Speech-to-text ends a sentence at every pause: "Deadlift. 405. 1 rep." is one set. Pieces
        of a log next to each other (a lift without numbers, numbers or a load without a lift) are
        read as one clause when together they still make exactly one set."""
        if len(clauses) < 2:
            return clauses
        joined: list[list[Tok]] = []
        last: bool | None = None  # the last joined clause: None (not a set), True (a whole set), False (a piece)
        for clause in clauses:
            this = self._set_state(clause, resolver, log_ctx, ctx)
            if joined and last is not None and this is not None and not (last and this):
                both = joined[-1] + clause
                drafts = [d for d in extract(both) if _accept(d, both)]
                if len(drafts) == 1:
                    joined[-1], last = both, _whole(drafts[0])
                    continue
            joined.append(clause)
            last = this
        return joined

    def _set_state(
        self, clause: list[Tok], resolver: ExerciseResolver, log_ctx: LogContext, ctx: ParseContext
    ) -> bool | None:
        """None when the clause is another command or not a single set; else whether the set is whole."""
        if self._other_command([t for t in clause if t.text != ","], resolver, log_ctx, ctx) is not None:
            return None
        drafts = extract(clause)
        if len(drafts) != 1:
            return None
        d = drafts[0]
        if not _accept(d, clause) and not (d.loaded() and len(clause) <= 4):  # "At 185.", "30 pounds."
            return None
        return _whole(d)

    def _parse(self, text: str, ctx: ParseContext) -> ParseResult:
        resolver = (
            ExerciseResolver.with_custom(self.index, ctx.custom_exercises) if ctx.custom_exercises else self.resolver
        )
        ws = words(text[:2000])
        if not ws:
            return ParseResult(commands=[Unknown()], confidence=0.3)
        toks = resolver.tag(numberize(read_homophones(_drop_commas_inside_names(ws))))
        food = self._food(text, ws, toks, ctx)
        if food is not None:
            return food
        log_ctx = LogContext(unit_pref=ctx.unit_pref, bar_weight=ctx.bar_weight, exercise=ctx.exercise, last=ctx.last)
        commands: list[Command] = []
        clarification: Clarification | None = None
        confidence = 1.0
        carried: str | None = None
        last_logs: list[int] = []  # where the commands of the latest log clause sit in `commands`
        for clause in self._join_fragments(split_clauses(toks), resolver, log_ctx, ctx):
            note, clause = split_feeling(clause)  # "felt heavy": how the set felt, kept as a note
            plain = [t for t in clause if t.text != ","]
            found = self._other_command(plain, resolver, log_ctx, ctx) if plain else None
            effort = _effort_alone(clause) if note is not None and found is None else None
            if note is not None and (found is not None or effort is not None):
                effort = effort or Draft()
                if last_logs:  # "Bench 135 for 8. Felt heavy.": on the log just said
                    _note_on(commands, last_logs, note, effort)
                else:  # on its own: the set logged before
                    commands.append(NoteLast(note=note, rpe=effort.rpe, rir=effort.rir))
            if found is not None:
                if isinstance(found, PlanExercise) and found.exercise is None:  # "rows next": which rows?
                    clarification = clarification or _which_one(plain, resolver)
                commands.append(found)
                confidence = min(confidence, 0.95)
                last_logs = []
                continue
            if note is not None and effort is not None:
                continue
            start = len(commands)
            for draft in extract(clause):
                if _only_effort(draft):  # "RPE 9 on that", "2 reps in reserve": about the set before
                    commands.append(CorrectLast(changes=Changes(rpe=draft.rpe, rir=draft.rir)))
                    continue
                between_sets = resolver.kind(carried or ctx.exercise) in LOAD_KINDS | {"unknown"}
                if (
                    _only_a_time(draft)
                    and between_sets
                    and all(t.num is not None or t.text in _TIME_ONLY for t in clause)
                ):
                    commands.append(StartRest(seconds=round(draft.duration_s or 0)))  # "90 seconds", between sets
                    continue
                if not _accept(draft, clause):
                    continue
                done = finalize(draft, carried, resolver, log_ctx)
                carried = done.command.exercise or carried
                commands.append(done.command)
                commands.extend(done.command.model_copy(update={"reps": reps, "sets": 1}) for reps in done.more_reps)
                clarification = clarification or done.clarification
                confidence = min(confidence, done.confidence)
            last_logs = [k for k in range(start, len(commands)) if isinstance(commands[k], LogSets)]
            if note is not None:
                _note_on(commands, last_logs, note, Draft())
        if not commands:
            return ParseResult(commands=[Unknown()], confidence=0.3)
        if any(isinstance(c, LogSets) for c in commands) and len(commands) > 1:
            commands = [c for c in commands if not isinstance(c, Unknown)]
        # "done with bench, what's next": one request said twice is one command (sets are never merged)
        commands = [c for k, c in enumerate(commands) if k == 0 or isinstance(c, LogSets) or c != commands[k - 1]]
        return ParseResult(commands=commands, clarification=clarification, confidence=round(confidence, 3))
