"""Android Health Connect: the phone reads its records (a full read, then changes from a changes
token) and pushes them here in batches with the token it read from and the next one.

Health Connect's changes tokens live 30 days: a push based on a token older than that, or on one
this server never handed out (no sync since connecting), is answered "full read needed" and nothing
is stored; the phone then reads everything again and sends it with no token (records already here
are updated, not duplicated). Record types are named as Health Connect's record classes.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag

from channels.devices.base import Batch
from channels.http.schemas import In, When
from domain import commands as c
from domain.devices import Cardio

NAME = "health_connect"
TOKEN_LIFETIME = timedelta(days=30)
MAX_RECORDS = 1000
MAX_SESSION_S = 86_400  # the longest a set may last (domain/validation.py)
READINGS: dict[str, tuple[str, str]] = {  # record type -> (metric, unit of `value`)
    "Steps": ("steps", "steps"),
    "HeartRate": ("heart_rate", "bpm"),
    "RestingHeartRate": ("resting_heart_rate", "bpm"),
    "HeartRateVariabilityRmssd": ("hrv", "ms"),
    "Weight": ("body_weight", "kg"),
    "BodyFat": ("body_fat", "%"),
    "Vo2Max": ("vo2_max", "ml/kg/min"),
    "ActiveCaloriesBurned": ("calories_active", "kcal"),
    "TotalCaloriesBurned": ("calories_total", "kcal"),
}
STAGE_KEYS = {"deep": "deep_min", "light": "light_min", "rem": "rem_min", "awake": "awake_min"}


class SleepStage(In):
    stage: Literal["deep", "light", "rem", "awake", "sleeping", "out_of_bed", "unknown"]
    start_time: When
    end_time: When


class _Record(In):
    id: str = Field(min_length=1, max_length=100, description="the record's metadata.id")
    start_time: When = Field(description="the record's time, or its start")


class ValueRecord(_Record):
    """A reading: `value` in the type's unit (count, bpm, ms, kg, %, ml/kg/min, kcal)."""

    type: Literal[
        "Steps",
        "HeartRate",
        "RestingHeartRate",
        "HeartRateVariabilityRmssd",
        "Weight",
        "BodyFat",
        "Vo2Max",
        "ActiveCaloriesBurned",
        "TotalCaloriesBurned",
    ]
    value: float = Field(ge=0, le=1_000_000)


class BloodPressureRecord(_Record):
    type: Literal["BloodPressure"]
    value: float = Field(ge=0, le=1000, description="the systolic pressure, mmHg")
    diastolic: float = Field(ge=0, le=1000, description="mmHg")


class SleepSessionRecord(_Record):
    """A night: its stages (minutes in each), or only its span. One ending before it starts is skipped."""

    type: Literal["SleepSession"]
    end_time: When
    stages: list[SleepStage] = Field(default_factory=list, max_length=200)


class ExerciseSessionRecord(_Record):
    """A run, ride or row: a cardio workout (one longer than a day, or ending before it starts, is skipped)."""

    type: Literal["ExerciseSession"]
    end_time: When
    exercise_type: str = Field(default="running", max_length=40, description="e.g. running, biking, rowing")
    distance_m: float | None = Field(default=None, ge=0, le=1_000_000)
    title: str | None = Field(default=None, max_length=200)


def _kind(record: Any) -> str | None:
    """Which shape a record is meant to be, by its type (a tag with ~ is left out of error fields)."""
    kind = record.get("type") if isinstance(record, dict) else getattr(record, "type", None)
    if kind in ("BloodPressure", "SleepSession", "ExerciseSession"):
        return f"~{kind}"
    return "~value" if isinstance(kind, str) else None


HealthConnectRecord = Annotated[
    Annotated[ValueRecord, Tag("~value")]
    | Annotated[BloodPressureRecord, Tag("~BloodPressure")]
    | Annotated[SleepSessionRecord, Tag("~SleepSession")]
    | Annotated[ExerciseSessionRecord, Tag("~ExerciseSession")],
    Discriminator(_kind),
]


class HealthConnectPush(In):
    changes_token: str | None = Field(
        default=None, max_length=500, description="the token these changes were read from; none for a full read"
    )
    next_changes_token: str = Field(min_length=1, max_length=500, description="where the next read starts")
    records: list[HealthConnectRecord] = Field(max_length=MAX_RECORDS)
    deleted_ids: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(
        default_factory=list,
        max_length=MAX_RECORDS,
        description="metadata.id of records deleted on the phone (the changes' DeletionChange.recordId): "
        "deleted here too; ids never sent are ignored",
    )


def full_read_needed(push: HealthConnectPush, cursor: str | None, last_sync: datetime | None) -> bool:
    """Whether the changes token the push was read from can no longer be trusted (see the module)."""
    if push.changes_token is None:
        return False
    if cursor is None or last_sync is None:
        return True
    return datetime.now(UTC) - last_sync > TOKEN_LIFETIME


def _minutes(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 60


def _sleep(record: SleepSessionRecord) -> c.MetricEntry | None:
    details: dict[str, float] = {}
    asleep = 0.0
    for stage in record.stages:
        minutes = _minutes(stage.start_time, stage.end_time)
        if minutes <= 0:
            continue
        if stage.stage in STAGE_KEYS:
            details[STAGE_KEYS[stage.stage]] = round(details.get(STAGE_KEYS[stage.stage], 0.0) + minutes, 1)
        if stage.stage in ("deep", "light", "rem", "sleeping"):
            asleep += minutes
    if not record.stages:
        asleep = _minutes(record.start_time, record.end_time)
    if asleep <= 0:
        return None
    return c.MetricEntry("sleep_hours", round(asleep / 60, 2), "h", record.end_time, details or None, record.id)


def normalise(records: list[HealthConnectRecord], deleted_ids: list[str] | None = None) -> Batch:
    """The records as readings and cardio sessions (what cannot be one is left out; the store also
    skips readings no body can show), and the ids of records deleted on the phone."""
    batch = Batch(deleted=list(deleted_ids or []))
    for r in records:
        if isinstance(r, SleepSessionRecord):
            sleep = _sleep(r)
            if sleep is not None:
                batch.readings.append(sleep)
        elif isinstance(r, ExerciseSessionRecord):
            seconds = int((r.end_time - r.start_time).total_seconds())
            if 0 < seconds <= MAX_SESSION_S:
                batch.cardio.append(Cardio(r.id, r.exercise_type, r.start_time, seconds, r.distance_m, r.title))
        elif isinstance(r, BloodPressureRecord):
            details = {"diastolic": r.diastolic}
            batch.readings.append(c.MetricEntry("blood_pressure", r.value, "mmHg", r.start_time, details, r.id))
        else:
            metric, unit = READINGS[r.type]
            batch.readings.append(c.MetricEntry(metric, r.value, unit, r.start_time, None, r.id))
    return batch
