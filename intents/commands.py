"""The commands of contracts/commands.md as typed models, and the parse result around them."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer

Unit = Literal["lb", "kg"]
SetType = Literal["normal", "warmup", "failure", "drop", "amrap"]
Meal = Literal["breakfast", "lunch", "dinner", "snack"]
Nutrient = Literal["energy", "protein", "carbs", "fat", "fibre"]
Metric = Literal["body_weight", "body_fat", "resting_heart_rate", "sleep_hours", "water_ml", "steps"]


def _compact(value: float | None) -> float | int | None:
    """135.0 -> 135, so replies and JSON read as spoken."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 3)


class Command(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LogSets(Command):
    intent: Literal["log_sets"] = "log_sets"
    exercise: str | None = None
    sets: int = 1
    reps: int | None = None
    weight: float | None = None
    unit: Unit | None = None
    rpe: float | None = None
    rir: int | None = None
    duration_s: int | None = None
    distance_m: float | None = None
    set_type: SetType = "normal"
    bodyweight: bool = False
    added_weight: bool = False
    note: str | None = None  # how the set felt, as said ("heavy", "grinder"); beyond the contract, optional

    @field_serializer("weight", "rpe", "distance_m")
    def _numbers(self, value: float | None) -> float | int | None:
        return _compact(value)


class StartWorkout(Command):
    intent: Literal["start_workout"] = "start_workout"
    name: str | None = None


class FinishWorkout(Command):
    intent: Literal["finish_workout"] = "finish_workout"


class CancelWorkout(Command):
    intent: Literal["cancel_workout"] = "cancel_workout"


class UndoLast(Command):
    intent: Literal["undo_last"] = "undo_last"


class RepeatLast(Command):
    intent: Literal["repeat_last"] = "repeat_last"
    count: int = 1


class Changes(BaseModel):
    model_config = ConfigDict(extra="forbid")
    weight: float | None = None
    unit: Unit | None = None
    reps: int | None = None
    rpe: float | None = None
    rir: int | None = None
    exercise: str | None = None

    @field_serializer("weight", "rpe")
    def _numbers(self, value: float | None) -> float | int | None:
        return _compact(value)


class CorrectLast(Command):
    intent: Literal["correct_last"] = "correct_last"
    changes: Changes = Field(default_factory=Changes)


class StartRest(Command):
    intent: Literal["start_rest"] = "start_rest"
    seconds: int = 90


class NextExercise(Command):
    intent: Literal["next_exercise"] = "next_exercise"


class QueryPr(Command):
    intent: Literal["query_pr"] = "query_pr"
    exercise: str | None = None
    period: str | None = None  # a time range said with the question (intents/periods.py); null: all time


class QueryLast(Command):
    intent: Literal["query_last"] = "query_last"
    exercise: str | None = None
    period: str | None = None  # null: the last session (or the workout so far)


class QueryGoal(Command):
    """ "How close am I to a 315 squat": the lift's records against a load (or reps, or a distance) and
    the goal set on it; with nothing named ("how are my goals"), every open goal's progress."""

    intent: Literal["query_goal"] = "query_goal"
    exercise: str | None = None
    weight: float | None = None
    unit: Unit | None = None
    reps: int | None = None
    distance_m: float | None = None

    @field_serializer("weight", "distance_m")
    def _numbers(self, value: float | None) -> float | int | None:
        return _compact(value)


class NoteLast(Command):
    """How the set just done felt ("felt heavy", "grinder", "felt like a 9"): kept on that set."""

    intent: Literal["note_last"] = "note_last"
    note: str | None = None
    rpe: float | None = None
    rir: int | None = None

    @field_serializer("rpe")
    def _numbers(self, value: float | None) -> float | int | None:
        return _compact(value)


class CompleteSet(Command):
    """ "Mark this set complete": the next planned set(s) of the workout's routine, done as planned."""

    intent: Literal["complete_set"] = "complete_set"
    count: int = 1


class PlanExercise(Command):
    """ "Add bench press to my workout", "squats next": the lift the next sets are of; nothing logged."""

    intent: Literal["plan_exercise"] = "plan_exercise"
    exercise: str | None = None


class LogMetric(Command):
    intent: Literal["log_metric"] = "log_metric"
    metric: Metric
    value: float
    unit: str | None = None

    @field_serializer("value")
    def _numbers(self, value: float) -> float | int | None:
        return _compact(value)


class FoodItem(BaseModel):
    """One food said: its words, the food they name (a shipped `usda-...` id or one of the lifter's own
    foods' ids; null: not known), and how much (null: not said) in what (null: the food's usual portion)."""

    model_config = ConfigDict(extra="forbid")
    food: str = Field(max_length=200)
    food_id: str | None = Field(default=None, max_length=64)
    amount: float | None = None
    unit: str | None = Field(default=None, max_length=40)

    @field_serializer("amount")
    def _numbers(self, value: float | None) -> float | int | None:
        return _compact(value)


class LogFood(Command):
    """ "Log 200 grams of chicken breast and a cup of rice", "had a protein shake": foods eaten at a meal
    (null: by the time of day)."""

    intent: Literal["log_food"] = "log_food"
    items: list[FoodItem] = Field(default_factory=list, max_length=20)
    meal: Meal | None = None


class QueryNutrition(Command):
    """ "How much protein today", "calories left", "what did I eat yesterday": a day's (or a period's)
    totals against the daily targets."""

    intent: Literal["query_nutrition"] = "query_nutrition"
    nutrient: Nutrient | None = None  # null: energy and every macro
    period: str | None = None  # intents/periods.py; null: today


class GenerateWorkout(Command):
    intent: Literal["generate_workout"] = "generate_workout"
    minutes: int | None = None
    focus: str | None = None
    equipment: list[str] = Field(default_factory=list)
    goal: Literal["strength", "hypertrophy", "endurance"] | None = None
    limitations: str | None = None  # what not to do or what hurts, as said ("no overhead pressing; bad knee")
    save: bool = True  # "what should I do today" answers without saving a routine


class Help(Command):
    intent: Literal["help"] = "help"


class Unknown(Command):
    intent: Literal["unknown"] = "unknown"


AnyCommand = Annotated[
    LogSets
    | StartWorkout
    | FinishWorkout
    | CancelWorkout
    | UndoLast
    | RepeatLast
    | CorrectLast
    | StartRest
    | NextExercise
    | QueryPr
    | QueryLast
    | QueryGoal
    | NoteLast
    | CompleteSet
    | PlanExercise
    | LogMetric
    | LogFood
    | QueryNutrition
    | GenerateWorkout
    | Help
    | Unknown,
    Field(discriminator="intent"),
]


class Clarification(BaseModel):
    question: str
    missing: list[str]
    options: list[str] = Field(default_factory=list)


class ParseResult(BaseModel):
    commands: list[AnyCommand]
    clarification: Clarification | None = None
    source: Literal["grammar", "llm"] = "grammar"
    confidence: float = 1.0
    elapsed_ms: float = 0.0

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")
