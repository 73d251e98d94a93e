"""Android Health Connect: the phone reads its records (a full read, then changes from a changes
token) and pushes them here in batches with the token it read from and the next one.

Health Connect's changes tokens live 30 days: a push based on a token older than that, or on one
this server never handed out (no sync since connecting), is answered "full read needed" and nothing
is stored; the phone then reads everything again and sends it with no token (records already here
are updated, not duplicated). Record types are named as Health Connect's record classes.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Literal

from pydantic import Field, model_validator

from channels.devices.base import Batch
from channels.http.schemas import In, When
from domain import commands as c
from domain.devices import Cardio

NAME = "health_connect"
TOKEN_LIFETIME = timedelta(days=30)
MAX_RECORDS = 1000
RecordType = Literal[
    "Steps",
    "HeartRate",
    "RestingHeartRate",
    "HeartRateVariabilityRmssd",
    "SleepSession",
    "Weight",
    "BodyFat",
    "BloodPressure",
    "Vo2Max",
    "ActiveCaloriesBurned",
    "TotalCaloriesBurned",
    "ExerciseSession",
]
READINGS: dict[str, tuple[str, str]] = {  # record type -> (metric, unit of `value`)
    "Steps": ("steps", "steps"),
    "HeartRate": ("heart_rate", "bpm"),
    "RestingHeartRate": ("resting_heart_rate", "bpm"),
    "HeartRateVariabilityRmssd": ("hrv", "ms"),
    "Weight": ("body_weight", "kg"),
    "BodyFat": ("body_fat", "%"),
    "BloodPressure": ("blood_pressure", "mmHg"),
    "Vo2Max": ("vo2_max", "ml/kg/min"),
    "ActiveCaloriesBurned": ("calories_active", "kcal"),
    "TotalCaloriesBurned": ("calories_total", "kcal"),
}
STAGE_KEYS = {"deep": "deep_min", "light": "light_min", "rem": "rem_min", "awake": "awake_min"}


class SleepStage(In):
    stage: Literal["deep", "light", "rem", "awake", "sleeping", "out_of_bed", "unknown"]
    start_time: When
    end_time: When


class HealthConnectRecord(In):
    """One record: `value` in the type's unit (count, bpm, ms, kg, %, mmHg systolic, ml/kg/min, kcal)."""

    id: str = Field(min_length=1, max_length=100, description="the record's metadata.id")
    type: RecordType
    start_time: When = Field(description="the record's time, or its start")
    end_time: When | None = Field(default=None, description="the end (sleep and exercise sessions)")
    value: float | None = Field(default=None, ge=0, le=1_000_000)
    diastolic: float | None = Field(default=None, ge=0, le=1000, description="blood pressure")
    stages: list[SleepStage] | None = Field(default=None, max_length=200, description="sleep sessions")
    exercise_type: str | None = Field(default=None, max_length=40, description="e.g. running, biking")
    distance_m: float | None = Field(default=None, ge=0, le=1_000_000)
    title: str | None = Field(default=None, max_length=200)

    @model_validator(mode="after")
    def _complete(self) -> HealthConnectRecord:
        if self.type in ("SleepSession", "ExerciseSession"):
            if self.end_time is None or self.end_time <= self.start_time:
                raise ValueError(f"a {self.type} needs an end_time after its start_time")
        elif self.value is None:
            raise ValueError(f"a {self.type} record needs a value")
        if self.type == "BloodPressure" and self.diastolic is None:
            raise ValueError("a BloodPressure record needs its diastolic")
        return self


class HealthConnectPush(In):
    changes_token: str | None = Field(
        default=None, max_length=500, description="the token these changes were read from; none for a full read"
    )
    next_changes_token: str = Field(min_length=1, max_length=500, description="where the next read starts")
    records: list[HealthConnectRecord] = Field(max_length=MAX_RECORDS)


def full_read_needed(push: HealthConnectPush, cursor: str | None, last_sync: datetime | None) -> bool:
    """Whether the changes token the push was read from can no longer be trusted (see the module)."""
    if push.changes_token is None:
        return False
    if cursor is None or last_sync is None:
        return True
    return datetime.now(UTC) - last_sync > TOKEN_LIFETIME


def _minutes(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 60


def _sleep(record: HealthConnectRecord) -> c.MetricEntry:
    assert record.end_time is not None
    details: dict[str, float] = {}
    asleep = 0.0
    for stage in record.stages or []:
        minutes = _minutes(stage.start_time, stage.end_time)
        if stage.stage in STAGE_KEYS:
            details[STAGE_KEYS[stage.stage]] = round(details.get(STAGE_KEYS[stage.stage], 0.0) + minutes, 1)
        if stage.stage in ("deep", "light", "rem", "sleeping"):
            asleep += minutes
    if not record.stages:
        asleep = _minutes(record.start_time, record.end_time)
    return c.MetricEntry("sleep_hours", round(asleep / 60, 2), "h", record.end_time, details or None, record.id)


def normalise(records: list[HealthConnectRecord]) -> Batch:
    batch = Batch()
    for r in records:
        if r.type == "SleepSession":
            batch.readings.append(_sleep(r))
        elif r.type == "ExerciseSession":
            assert r.end_time is not None
            seconds = int((r.end_time - r.start_time).total_seconds())
            batch.cardio.append(
                Cardio(r.id, r.exercise_type or "running", r.start_time, seconds, r.distance_m, r.title)
            )
        else:
            metric, unit = READINGS[r.type]
            details = {"diastolic": r.diastolic} if r.diastolic is not None else None
            assert r.value is not None
            batch.readings.append(c.MetricEntry(metric, r.value, unit, r.start_time, details, r.id))
    return batch
