"""Apple Health exports as the Health app writes them (export.xml: a DTD, `Me`, Records, Correlations,
Workouts with WorkoutStatistics), written as a stream so a million samples need no memory, and the
same samples as the phone would push them (POST /devices/apple-health/records)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import IO, Any

TZ = timezone(timedelta(hours=1))
WATCH, PHONE = "Ana’s Apple Watch", "Ana’s iPhone"
HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
<!ATTLIST HealthData locale CDATA #REQUIRED>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record type CDATA #REQUIRED unit CDATA #IMPLIED value CDATA #IMPLIED sourceName CDATA #REQUIRED>
]>
<HealthData locale="en_GB">
 <ExportDate value="2025-03-10 09:00:00 +0100"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="1990-01-01"
  HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale"/>
"""
Q = "HKQuantityTypeIdentifier"
STAGE = "HKCategoryValueSleepAnalysis"


def t(when: datetime) -> str:
    return when.astimezone(TZ).strftime("%Y-%m-%d %H:%M:%S %z")


def record(kind: str, start: datetime, end: datetime, source: str, value: Any, unit: str | None = None) -> str:
    unit_part = f' unit="{unit}"' if unit else ""
    return (
        f' <Record type="{kind}" sourceName="{source}" sourceVersion="17.2"{unit_part} '
        f'creationDate="{t(end)}" startDate="{t(start)}" endDate="{t(end)}" value="{value}"/>\n'
    )


def pressure(at: datetime, systolic: int, diastolic: int) -> str:
    inner = record(f"{Q}BloodPressureSystolic", at, at, "Withings", systolic, "mmHg") + record(
        f"{Q}BloodPressureDiastolic", at, at, "Withings", diastolic, "mmHg"
    )
    return (
        f' <Correlation type="HKCorrelationTypeIdentifierBloodPressure" sourceName="Withings" '
        f'creationDate="{t(at)}" startDate="{t(at)}" endDate="{t(at)}">\n{inner} </Correlation>\n'
    )


def workout(start: datetime, minutes: int, km: float, kcal: int, hr: int, kind: str = "Running") -> str:
    end = start + timedelta(minutes=minutes)
    return (
        f' <Workout workoutActivityType="HKWorkoutActivityType{kind}" duration="{minutes}" durationUnit="min" '
        f'sourceName="{WATCH}" creationDate="{t(end)}" startDate="{t(start)}" endDate="{t(end)}">\n'
        f'  <WorkoutEvent type="HKWorkoutEventTypeSegment" date="{t(start)}" duration="5" durationUnit="min"/>\n'
        f'  <WorkoutStatistics type="{Q}DistanceWalkingRunning" startDate="{t(start)}" endDate="{t(end)}" '
        f'sum="{km}" unit="km"/>\n'
        f'  <WorkoutStatistics type="{Q}ActiveEnergyBurned" startDate="{t(start)}" endDate="{t(end)}" '
        f'sum="{kcal}" unit="kcal"/>\n'
        f'  <WorkoutStatistics type="{Q}HeartRate" startDate="{t(start)}" endDate="{t(end)}" '
        f'average="{hr}" minimum="{hr - 30}" maximum="{hr + 20}" unit="count/min"/>\n'
        f" </Workout>\n"
    )


def day(first: datetime) -> Iterator[str]:
    """One day of a lifter with a watch and a phone: 40 records and a blood pressure, one run."""
    for i in range(12):  # steps, each hour from 8: the watch counts 500, the phone the same walk as 400
        start = first + timedelta(hours=8 + i)
        yield record(f"{Q}StepCount", start, start + timedelta(minutes=10), WATCH, 500, "count")
        yield record(f"{Q}StepCount", start, start + timedelta(minutes=10), PHONE, 400, "count")
    for i in range(4):
        at = first + timedelta(hours=9 + 3 * i)
        yield record(f"{Q}HeartRate", at, at, WATCH, 70 + i, "count/min")
    yield record(f"{Q}RestingHeartRate", first + timedelta(hours=7), first + timedelta(hours=7), WATCH, 52, "count/min")
    at = first + timedelta(hours=7, minutes=5)
    yield record(f"{Q}HeartRateVariabilitySDNN", at, at, WATCH, 48.5, "ms")
    yield record(f"{Q}BodyMass", at, at, "Withings", 80.2, "kg")
    yield record(f"{Q}BodyFatPercentage", at, at, "Withings", 0.182, "%")
    yield record(f"{Q}VO2Max", at, at, WATCH, 44.1, "mL/min·kg")
    bed = first - timedelta(hours=1)  # 23:00 the evening before, to 06:30
    yield record("HKCategoryTypeIdentifierSleepAnalysis", bed, bed + timedelta(hours=7.5), PHONE, f"{STAGE}InBed")
    stages = (("AsleepCore", 60), ("AsleepDeep", 90), ("AsleepREM", 60), ("Awake", 15), ("AsleepCore", 225))
    start = bed
    for stage, minutes in stages:
        end = start + timedelta(minutes=minutes)
        yield record("HKCategoryTypeIdentifierSleepAnalysis", start, end, WATCH, f"{STAGE}{stage}")
        start = end
    yield record(f"{Q}BasalEnergyBurned", at, at, WATCH, 1500, "kcal")  # a type not taken: skipped
    yield pressure(first + timedelta(hours=7, minutes=30), 121, 79)
    yield workout(first + timedelta(hours=18), 31, 5.2, 410, 152)


PER_DAY = 43  # elements read a day: 40 Records, the 2 inside the Correlation, a Workout


def write_export(out: IO[str], samples: int, first: datetime | None = None, cut: bool = False) -> int:
    """An export.xml of about `samples` records (whole days); `cut`: the file stops mid-element."""
    first = first or datetime(2024, 1, 1, tzinfo=TZ)
    out.write(HEAD)
    days = max(1, samples // PER_DAY)
    for d in range(days):
        out.write("".join(day(first + timedelta(days=d))))
    if cut:
        out.write(' <Record type="HKQuantityTypeIdentifierStepCount" sourceName="x" startDa')
        return days
    out.write("</HealthData>\n")
    return days


def export_file(path: Path, samples: int = PER_DAY, *, cut: bool = False, zipped: bool = False) -> Path:
    if zipped:
        with (
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
            archive.open("apple_health_export/export.xml", "w") as raw,
            io.TextIOWrapper(raw, "utf-8") as text,
        ):
            write_export(text, samples, cut=cut)
        return path
    with path.open("w", encoding="utf-8") as out:
        write_export(out, samples, cut=cut)
    return path


def pushed(first: datetime, source: str = WATCH) -> list[dict[str, Any]]:
    """A few of `day(first)`'s samples as the phone pushes them (the same records)."""
    step = first + timedelta(hours=8)
    bed = first - timedelta(hours=1)
    return [
        {
            "type": f"{Q}StepCount",
            "start": step.isoformat(),
            "end": (step + timedelta(minutes=10)).isoformat(),
            "value": 500,
            "unit": "count",
            "source": source,
        },
        {
            "type": "HKCategoryTypeIdentifierSleepAnalysis",
            "start": bed.isoformat(),
            "end": (bed + timedelta(minutes=60)).isoformat(),
            "value": f"{STAGE}AsleepCore",
            "source": source,
        },
        {
            "type": "HKWorkout",
            "activity_type": "HKWorkoutActivityTypeRunning",
            "start": (first + timedelta(hours=18)).isoformat(),
            "end": (first + timedelta(hours=18, minutes=31)).isoformat(),
            "distance_m": 5200,
            "energy_kcal": 410,
            "avg_heart_rate": 152,
            "source": source,
        },
    ]
