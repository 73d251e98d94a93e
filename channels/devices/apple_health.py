"""Apple Health (HealthKit): the phone pushes samples in batches with the anchor it read from; an
`export.xml` upload is imported by a job (channels/devices/apple_export.py). Both map samples here.

Anchors: HealthKit's anchored queries hand the phone an opaque anchor; the phone sends the one its
read started from (none on a full read) and the next one, which we keep as the cursor. A push from
any other anchor (one we never kept, or left behind: a restored phone) is answered "full read
needed" and nothing is stored; the phone reads everything again and sends it with no anchor. A push
sent again (its answer lost: its next anchor is the one kept) is stored again, changing nothing.

Ids: export.xml carries no sample ids, so each record's id is made from what it is (kind, start and
end to the second, source name and value in our unit): the same sample pushed by the phone and
found later in an export is one record, however often either comes. Sources (the watch, the phone,
an app) are kept as the reading's `origin`: a day's steps count one source (domain/devices.py).
Types are named as HealthKit's identifiers, as in export.xml.

Deletions: HealthKit's anchored query hands the phone each deleted sample as its UUID alone
(HKDeletedObject). A pushed sample may carry its `uuid`, which is kept beside the record
(domain/models.py: DeviceAlias); a push's `deleted` UUIDs delete those records here. A UUID never
pushed with its sample (a sample only ever seen in an export) names nothing and is ignored.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, model_validator

from channels.devices.base import Batch
from channels.http.schemas import In, When
from domain import commands as c
from domain.devices import Cardio

NAME = "apple_health"
MAX_SAMPLES = 1000
MAX_SESSION_S = 86_400  # the longest a set may last (domain/validation.py)
EVENING_HOUR = 18  # sleep ending from this hour on (the sample's own clock) counts for the next day
Q = "HKQuantityTypeIdentifier"
# HealthKit type -> (metric, {HealthKit unit: (our unit, factor)})
QUANTITIES: dict[str, tuple[str, dict[str, tuple[str, float]]]] = {
    f"{Q}StepCount": ("steps", {"count": ("steps", 1.0)}),
    f"{Q}HeartRate": ("heart_rate", {"count/min": ("bpm", 1.0)}),
    f"{Q}RestingHeartRate": ("resting_heart_rate", {"count/min": ("bpm", 1.0)}),
    f"{Q}HeartRateVariabilitySDNN": ("hrv", {"ms": ("ms", 1.0)}),
    f"{Q}BodyMass": ("body_weight", {"kg": ("kg", 1.0), "lb": ("lb", 1.0), "g": ("kg", 0.001)}),
    f"{Q}BodyFatPercentage": ("body_fat", {"%": ("%", 100.0)}),  # HealthKit's percent is a fraction
    f"{Q}VO2Max": ("vo2_max", {"mL/min·kg": ("ml/kg/min", 1.0), "ml/(kg·min)": ("ml/kg/min", 1.0)}),
    f"{Q}ActiveEnergyBurned": ("calories_active", {"kcal": ("kcal", 1.0), "Cal": ("kcal", 1.0), "kJ": ("kJ", 1.0)}),
}
SYSTOLIC, DIASTOLIC = f"{Q}BloodPressureSystolic", f"{Q}BloodPressureDiastolic"
BLOOD_PRESSURE = "HKCorrelationTypeIdentifierBloodPressure"
SLEEP = "HKCategoryTypeIdentifierSleepAnalysis"
S = "HKCategoryValueSleepAnalysis"
SLEEP_STAGES: dict[str, str | None] = {  # stage -> the detail it adds to (None: asleep, stage unknown)
    f"{S}Asleep": None,
    f"{S}AsleepUnspecified": None,
    f"{S}AsleepCore": "light_min",
    f"{S}AsleepDeep": "deep_min",
    f"{S}AsleepREM": "rem_min",
    f"{S}Awake": "awake_min",
}
IN_BED = f"{S}InBed"  # overlaps the stages: not stored
WORKOUT = "HKWorkout"
W = "HKWorkoutActivityType"
SPORTS = {  # the activity types stored as cardio (domain/devices.py: SPORTS); others are skipped
    f"{W}Running": "running",
    f"{W}Walking": "walking",
    f"{W}Hiking": "hiking",
    f"{W}Cycling": "cycling",
    f"{W}Rowing": "rowing",
    f"{W}Elliptical": "elliptical",
    f"{W}StairClimbing": "stair_climbing",
    f"{W}Stairs": "stair_climbing",
}
METRES = {"m": 1.0, "km": 1000.0, "mi": 1609.344, "yd": 0.9144, "ft": 0.3048}
KCAL = {"kcal": 1.0, "Cal": 1.0, "kJ": 1 / 4.184}


def _utc(when: datetime) -> datetime:
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def record_id(kind: str, start: datetime, end: datetime, source: str, value: str) -> str:
    """A sample's id from what it is (export.xml has none; see the module)."""
    key = f"{kind}|{int(_utc(start).timestamp())}|{int(_utc(end).timestamp())}|{source}|{value}"
    return f"{kind}:{hashlib.sha256(key.encode()).hexdigest()[:40]}"


def quantity(kind: str, start: datetime, end: datetime, source: str, value: float, unit: str) -> c.MetricEntry | None:
    """A quantity sample as a reading (None for a type or unit not taken), at the sample's start."""
    found = QUANTITIES.get(kind)
    if found is None or unit not in found[1]:
        return None
    metric, (ours, factor) = found[0], found[1][unit]
    amount = round(value * factor, 4)
    rid = record_id(metric, start, end, source, f"{amount:.4f}")
    return c.MetricEntry(metric, amount, ours, _utc(start), None, rid, source[:100])


def pressure(start: datetime, end: datetime, source: str, systolic: float, diastolic: float) -> c.MetricEntry:
    rid = record_id("blood_pressure", start, end, source, f"{systolic:.1f}/{diastolic:.1f}")
    return c.MetricEntry("blood_pressure", systolic, "mmHg", _utc(start), {"diastolic": diastolic}, rid, source[:100])


def night_of(end: datetime) -> datetime:
    """When a sleep sample is counted: at its end, or, ending in the evening (its own clock), at the
    next midnight, so that a night's stages before and after midnight count for the same day."""
    if end.hour >= EVENING_HOUR:
        return (end + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return end


def sleep(start: datetime, end: datetime, source: str, stage: str) -> c.MetricEntry | None:
    """A sleep sample as a reading: hours asleep, with the minutes in its stage (awake: 0 h)."""
    if stage not in SLEEP_STAGES or end <= start:
        return None
    minutes = round((end - start).total_seconds() / 60, 1)
    detail = SLEEP_STAGES[stage]
    hours = 0.0 if detail == "awake_min" else round(minutes / 60, 3)
    details = {detail: minutes} if detail else None
    rid = record_id("sleep", start, end, source, stage)
    return c.MetricEntry("sleep_hours", hours, "h", _utc(night_of(end)), details, rid, source[:100])


def workout(
    activity: str,
    start: datetime,
    end: datetime,
    source: str,
    distance_m: float | None = None,
    kcal: float | None = None,
    heart_rate: float | None = None,
) -> Cardio | None:
    """A run, walk, ride or row as a cardio session (other activity types, and sessions longer than
    a day or ending before they start, are skipped)."""
    sport = SPORTS.get(activity)
    seconds = int((end - start).total_seconds())
    if sport is None or not 0 < seconds <= MAX_SESSION_S:
        return None
    rid = record_id("workout", start, end, source, activity)
    distance = min(distance_m, 1_000_000) if distance_m else None
    return Cardio(rid, sport, _utc(start), seconds, distance, None, heart_rate or None, kcal or None)


class _Sample(In):
    start: When = Field(description="startDate, with the phone's offset (sleep is counted by the phone's clock)")
    end: When = Field(description="endDate")
    source: str = Field(min_length=1, max_length=100, description="the source's name (HKSource.name): a watch, a phone")
    uuid: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        description="the sample's HKObject.uuid: a later push names the sample by it when it is deleted",
    )


class QuantitySample(_Sample):
    """A quantity sample: `value` in `unit`, HealthKit's unit string as export.xml writes it."""

    type: Literal[tuple(QUANTITIES)]  # type: ignore[valid-type]  # the HealthKit identifiers taken
    value: float = Field(ge=0, le=1_000_000)
    unit: str = Field(max_length=20, description="count, count/min, ms, kg, lb, g, % (a fraction), mL/min·kg, kcal")

    @model_validator(mode="after")
    def _known_unit(self) -> QuantitySample:
        units = QUANTITIES[self.type][1]
        if self.unit not in units:
            raise ValueError(f"unit must be one of {', '.join(units)} for {self.type}")
        return self


class SleepSample(_Sample):
    type: Literal["HKCategoryTypeIdentifierSleepAnalysis"]
    value: Literal[tuple([IN_BED, *SLEEP_STAGES])]  # type: ignore[valid-type]  # HKCategoryValueSleepAnalysis


class BloodPressureSample(_Sample):
    """A blood pressure correlation: both pressures, mmHg."""

    type: Literal["HKCorrelationTypeIdentifierBloodPressure"]
    systolic: float = Field(ge=0, le=1000)
    diastolic: float = Field(ge=0, le=1000)


class WorkoutSample(_Sample):
    """An HKWorkout: runs, walks, hikes, rides, rows, elliptical and stairs are stored."""

    type: Literal["HKWorkout"]
    activity_type: str = Field(max_length=80, description="e.g. HKWorkoutActivityTypeRunning")
    distance_m: float | None = Field(default=None, ge=0, le=1_000_000)
    energy_kcal: float | None = Field(default=None, ge=0, le=20_000)
    avg_heart_rate: float | None = Field(default=None, ge=0, le=300)


def _kind(sample: Any) -> str | None:
    kind = sample.get("type") if isinstance(sample, dict) else getattr(sample, "type", None)
    if kind in (SLEEP, BLOOD_PRESSURE, WORKOUT):
        return f"~{kind}"
    return "~quantity" if isinstance(kind, str) else None


AppleSample = Annotated[
    Annotated[QuantitySample, Tag("~quantity")]
    | Annotated[SleepSample, Tag(f"~{SLEEP}")]
    | Annotated[BloodPressureSample, Tag(f"~{BLOOD_PRESSURE}")]
    | Annotated[WorkoutSample, Tag(f"~{WORKOUT}")],
    Discriminator(_kind),
]


class ApplePush(In):
    anchor: str | None = Field(
        default=None, max_length=2000, description="the anchor this read began at; none: full read"
    )
    next_anchor: str = Field(min_length=1, max_length=2000, description="the anchor the next read begins at")
    samples: list[AppleSample] = Field(max_length=MAX_SAMPLES)
    deleted: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(
        default_factory=list,
        max_length=MAX_SAMPLES,
        description="UUIDs of samples deleted on the phone (the query's HKDeletedObject.uuid): deleted here too; "
        "UUIDs of samples never pushed with their uuid are ignored",
    )


def full_read_needed(push: ApplePush, cursor: str | None) -> bool:
    """Whether the push was read from an anchor this server cannot vouch for (see the module)."""
    if push.anchor is None:
        return False
    return cursor is None or cursor not in (push.anchor, push.next_anchor)


def normalise(samples: list[AppleSample], deleted: list[str] | None = None) -> Batch:
    """The samples as records (with their UUIDs as aliases), and the deleted samples' UUIDs."""
    batch = Batch(deleted_aliases=list(deleted or []))
    for s in samples:
        if isinstance(s, WorkoutSample):
            found = workout(s.activity_type, s.start, s.end, s.source, s.distance_m, s.energy_kcal, s.avg_heart_rate)
            if found is not None:
                batch.cardio.append(found)
                if s.uuid:
                    batch.aliases[s.uuid] = found.record_id
            continue
        if isinstance(s, SleepSample):
            reading = sleep(s.start, s.end, s.source, s.value)
        elif isinstance(s, BloodPressureSample):
            reading = pressure(s.start, s.end, s.source, s.systolic, s.diastolic)
        else:
            reading = quantity(s.type, s.start, s.end, s.source, s.value, s.unit)
        if reading is not None:
            batch.readings.append(reading)
            if s.uuid and reading.external_id:
                batch.aliases[s.uuid] = reading.external_id
    return batch
