"""Body and health readings (domain/health.py: types, units, ranges, details) and body measurements."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from channels.http.schemas import In, Out, When, _document

Girth = Literal[
    "neck",
    "shoulders",
    "chest",
    "waist",
    "hips",
    "biceps_left",
    "biceps_right",
    "forearm_left",
    "forearm_right",
    "thigh_left",
    "thigh_right",
    "calf_left",
    "calf_right",
]
Metric = Literal[
    "body_weight",
    "body_fat",
    "heart_rate",
    "resting_heart_rate",
    "hrv",
    "vo2_max",
    "blood_pressure",
    "steps",
    "sleep_hours",
    "calories_active",
    "calories_total",
    "water_ml",
    Girth,
]
UNITS = "kg, lb, %, bpm, ms, ml/kg/min, mmHg, steps, h, min, kcal, kJ, ml, l, oz, cm, in"
MAX_BATCH = 500
UNITS_SAID = (
    f"The unit the value is in ({UNITS}, as the type takes); left out: the type's own, or the lifter's for"
    " body weight (lb or kg) and girths (in or cm). GET /metrics/types lists each type's units and range."
)


class DetailsIn(In):
    """What one number cannot say: sleep stages (minutes; deep, light and REM add up to no more than the
    time asleep), the diastolic pressure of a blood pressure reading (required there, below the systolic)."""

    deep_min: float | None = Field(default=None, ge=0, le=1440)
    light_min: float | None = Field(default=None, ge=0, le=1440)
    rem_min: float | None = Field(default=None, ge=0, le=1440)
    awake_min: float | None = Field(default=None, ge=0, le=1440)
    diastolic: float | None = Field(default=None, ge=0, le=1000)


class MetricIn(In):
    metric: Metric = Field(description="the type; `type` in queries")
    value: float = Field(ge=0, le=1_000_000, description="the reading; a blood pressure's systolic")
    unit: str | None = Field(default=None, max_length=16, description=UNITS_SAID)
    recorded_at: When | None = Field(default=None, description="when it was measured; now if left out")
    details: DetailsIn | None = None

    def detail_values(self) -> dict[str, float] | None:
        return None if self.details is None else self.details.model_dump(exclude_none=True) or None


class MetricsIn(In):
    data: list[MetricIn] = Field(min_length=1, max_length=MAX_BATCH, description=f"1 to {MAX_BATCH} readings")


def _shape(body: Any) -> str:
    return "~batch" if isinstance(body, dict) and "data" in body else "~one"


# One reading, or a batch under `data`: told apart by that key, so a bad body is reported against
# the shape it was meant to be, not against both (a tag starting with ~ is left out of error fields).
MetricsBody = Annotated[Annotated[MetricIn, Tag("~one")] | Annotated[MetricsIn, Tag("~batch")], Discriminator(_shape)]


class MetricOut(Out):
    id: uuid.UUID
    metric: str
    value: float
    unit: str | None
    details: dict[str, float] | None = None
    recorded_at: datetime
    source: str


class MetricsOut(BaseModel):
    data: list[MetricOut]


class StatsOut(BaseModel):
    avg: float | None
    min: float | None
    max: float | None
    sum: float | None = Field(description="totals only (steps, calories, water, sleep); null for levels")


class BucketOut(StatsOut):
    start: date = Field(description="the local day, or the Monday of the week")
    count: int = Field(description="readings in the bucket")
    details: dict[str, StatsOut] = Field(description="the same for each detail (sleep stages, diastolic)")


class SeriesOut(BaseModel):
    """A metric per local day or week: totals give the sum and the mean, lowest and highest day;
    levels the mean, lowest and highest reading. Only buckets with readings are listed."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "metric": "steps",
                    "bucket": "week",
                    "unit": "steps",
                    "timezone": "Europe/Berlin",
                    "start": "2025-03-03",
                    "end": "2025-03-16",
                    "data": [
                        {
                            "start": "2025-03-03",
                            "count": 9,
                            "sum": 61200,
                            "avg": 8742.86,
                            "min": 4100,
                            "max": 12800,
                            "details": {},
                        },
                        {
                            "start": "2025-03-10",
                            "count": 4,
                            "sum": 30150,
                            "avg": 7537.5,
                            "min": 5200,
                            "max": 9900,
                            "details": {},
                        },
                    ],
                }
            ]
        }
    )

    metric: str
    bucket: Literal["day", "week"]
    unit: str
    timezone: str
    start: date
    end: date
    data: list[BucketOut]


class MetricTypeOut(BaseModel):
    metric: str
    units: list[str] = Field(description="the first is the type's standard unit")
    low: float = Field(description="in the standard unit")
    high: float
    adds_up: bool = Field(description="readings of a day add up (steps); otherwise each is a level")
    details: list[str]
    required_details: list[str]
    girth: bool = Field(description="a body measurement (also under /body-measurements)")


GIRTHS: tuple[str, ...] = get_args(Girth)


def _some_site(schema: dict[str, Any], model: type[BaseModel]) -> None:
    _document(schema, model)
    schema["anyOf"] = [{"required": [site]} for site in GIRTHS]


class MeasurementsIn(In):
    """Girths taken together: each site given is stored as a reading of that type (at least one)."""

    model_config = ConfigDict(json_schema_extra=_some_site)
    unit: Literal["cm", "in"] | None = Field(default=None, description="for every site; the lifter's if left out")
    recorded_at: When | None = Field(default=None, description="when they were taken; now if left out")
    neck: float | None = Field(default=None, ge=0, le=1000)
    shoulders: float | None = Field(default=None, ge=0, le=1000)
    chest: float | None = Field(default=None, ge=0, le=1000)
    waist: float | None = Field(default=None, ge=0, le=1000)
    hips: float | None = Field(default=None, ge=0, le=1000)
    biceps_left: float | None = Field(default=None, ge=0, le=1000)
    biceps_right: float | None = Field(default=None, ge=0, le=1000)
    forearm_left: float | None = Field(default=None, ge=0, le=1000)
    forearm_right: float | None = Field(default=None, ge=0, le=1000)
    thigh_left: float | None = Field(default=None, ge=0, le=1000)
    thigh_right: float | None = Field(default=None, ge=0, le=1000)
    calf_left: float | None = Field(default=None, ge=0, le=1000)
    calf_right: float | None = Field(default=None, ge=0, le=1000)

    @model_validator(mode="after")
    def _some(self) -> MeasurementsIn:
        if not self.sites():
            raise ValueError(f"give at least one site: {', '.join(GIRTHS)}")
        return self

    def sites(self) -> dict[str, float]:
        return {site: value for site in GIRTHS if (value := getattr(self, site)) is not None}


METRIC_EXAMPLES = {
    "weight": {"summary": "A weigh-in", "value": {"metric": "body_weight", "value": 82.5, "unit": "kg"}},
    "sleep": {
        "summary": "A night's sleep with its stages",
        "value": {
            "metric": "sleep_hours",
            "value": 7.5,
            "unit": "h",
            "recorded_at": "2025-03-02T06:45:00Z",
            "details": {"deep_min": 90, "light_min": 250, "rem_min": 110, "awake_min": 25},
        },
    },
    "pressure": {
        "summary": "Blood pressure: the value is the systolic",
        "value": {"metric": "blood_pressure", "value": 118, "unit": "mmHg", "details": {"diastolic": 76}},
    },
    "batch": {
        "summary": "Several readings (all stored, or none)",
        "value": {"data": [{"metric": "steps", "value": 9000}, {"metric": "water_ml", "value": 2, "unit": "l"}]},
    },
}
BATCH_EXAMPLES = {
    "day": {
        "summary": "A watch's day",
        "value": {
            "data": [
                {"metric": "resting_heart_rate", "value": 52, "recorded_at": "2025-03-02T07:00:00Z"},
                {"metric": "hrv", "value": 64, "unit": "ms", "recorded_at": "2025-03-02T07:00:00Z"},
                {"metric": "steps", "value": 11250, "recorded_at": "2025-03-02T21:00:00Z"},
                {"metric": "calories_active", "value": 640, "unit": "kcal", "recorded_at": "2025-03-02T21:00:00Z"},
                {"metric": "vo2_max", "value": 47.5, "recorded_at": "2025-03-02T21:00:00Z"},
            ]
        },
    }
}
MEASUREMENT_EXAMPLES = {
    "tape": {
        "summary": "A monthly tape measure",
        "value": {"unit": "cm", "neck": 39, "chest": 104, "waist": 84, "biceps_left": 37.5, "biceps_right": 38},
    }
}
