"""Apple Health samples and exports, no I/O but temp files: the export read as a stream into the
records the phone's pushes make (the same ids), blood pressure paired, sleep counted for the night's
day, types not taken skipped and counted, a file cut short or not an export refused before anything
is yielded."""

from __future__ import annotations

import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from channels.devices import apple_export as ax
from channels.devices import apple_health as ah
from domain.errors import Invalid
from tests.fakes.apple_health import PER_DAY, PHONE, TZ, WATCH, export_file, pushed

FIRST = datetime(2024, 1, 1, tzinfo=TZ)


def read(path: Path) -> tuple[ax.Counts, list[ah.c.MetricEntry], list[ah.Cardio]]:
    counts = ax.Counts()
    readings, cardio = [], []
    for batch in ax.batches(path, counts, size=25):
        assert len(batch) <= 25
        readings += batch.readings
        cardio += batch.cardio
    return counts, readings, cardio


def test_an_export_becomes_the_records_a_push_makes(tmp_path: Path) -> None:
    path = export_file(tmp_path / "export.xml", 2 * PER_DAY)
    assert ax.check(path) == 2 * PER_DAY
    counts, readings, cardio = read(path)
    assert counts.seen == 2 * PER_DAY and counts.mapped == 80
    assert counts.skipped == {"HKQuantityTypeIdentifierBasalEnergyBurned": 2}  # in-bed spans are not lost
    by = {m: [r for r in readings if r.metric == m] for m in {r.metric for r in readings}}
    assert {r.origin for r in by["steps"]} == {WATCH, PHONE} and len(by["steps"]) == 48
    assert by["body_fat"][0].value == 18.2 and by["body_weight"][0].unit == "kg"
    assert by["vo2_max"][0].unit == "ml/kg/min" and by["hrv"][0].value == 48.5
    (bp, _) = by["blood_pressure"]
    assert (bp.value, bp.details, bp.unit) == (121, {"diastolic": 79}, "mmHg")
    assert len(cardio) == 2 and cardio[0].sport == "running" and cardio[0].duration_s == 31 * 60
    assert (cardio[0].distance_m, cardio[0].calories, cardio[0].avg_heart_rate) == (5200, 410, 152)
    batch = ah.normalise(ah.ApplePush.model_validate({"next_anchor": "a", "samples": pushed(FIRST)}).samples)
    ids = {r.external_id for r in readings} | {w.record_id for w in cardio}
    assert {r.external_id for r in batch.readings} | {w.record_id for w in batch.cardio} <= ids
    # the same export read again gives the same ids
    assert [r.external_id for r in read(path)[1]] == [r.external_id for r in readings]


def test_sleep_counts_for_the_day_the_night_ends() -> None:
    bed = FIRST - timedelta(hours=1)  # 23:00
    before = ah.sleep(bed, bed + timedelta(minutes=30), WATCH, "HKCategoryValueSleepAnalysisAsleepDeep")
    after = ah.sleep(
        FIRST + timedelta(hours=2), FIRST + timedelta(hours=3), WATCH, "HKCategoryValueSleepAnalysisAsleepREM"
    )
    awake = ah.sleep(FIRST, FIRST + timedelta(minutes=5), WATCH, "HKCategoryValueSleepAnalysisAwake")
    assert before and after and awake
    assert before.recorded_at == FIRST and before.details == {"deep_min": 30.0} and before.value == 0.5
    assert after.recorded_at.date() == FIRST.date() and after.details == {"rem_min": 60.0}
    assert awake.value == 0 and awake.details == {"awake_min": 5.0}
    assert ah.sleep(FIRST, FIRST, WATCH, "HKCategoryValueSleepAnalysisAsleepREM") is None
    assert ah.sleep(FIRST, FIRST + timedelta(hours=8), PHONE, "HKCategoryValueSleepAnalysisInBed") is None


def test_units_are_converted_and_unknown_ones_refused() -> None:
    pounds = ah.quantity(f"{ah.Q}BodyMass", FIRST, FIRST, "Scale", 176.4, "lb")
    grams = ah.quantity(f"{ah.Q}BodyMass", FIRST, FIRST, "Scale", 80_000, "g")
    assert pounds and (pounds.value, pounds.unit) == (176.4, "lb")
    assert grams and (grams.value, grams.unit) == (80, "kg")
    assert ah.quantity(f"{ah.Q}BodyMass", FIRST, FIRST, "Scale", 80, "st") is None
    sample = {"type": f"{ah.Q}StepCount", "start": FIRST.isoformat(), "end": FIRST.isoformat(), "source": "x"}
    with pytest.raises(ValidationError, match="unit must be one of count"):
        ah.ApplePush.model_validate({"next_anchor": "a", "samples": [{**sample, "value": 5, "unit": "kg"}]})
    with pytest.raises(ValidationError):
        ah.ApplePush.model_validate({"next_anchor": "a", "samples": [{**sample, "value": 5, "unit": "count", "x": 1}]})


def test_a_workout_not_cardio_is_skipped() -> None:
    end = FIRST + timedelta(hours=1)
    assert ah.workout("HKWorkoutActivityTypeTraditionalStrengthTraining", FIRST, end, WATCH) is None
    assert ah.workout("HKWorkoutActivityTypeRunning", end, FIRST, WATCH) is None
    found = ah.workout("HKWorkoutActivityTypeCycling", FIRST, end, WATCH, 20_000)
    assert found and found.sport == "cycling" and found.distance_m == 20_000


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "not well-formed at line"),  # cut short
        ("this is not xml at all", "not well-formed at line 1"),
        ('<?xml version="1.0"?><Workouts><Workout/></Workouts>', "not an Apple Health export"),
        ("", "not well-formed"),
    ],
)
def test_a_broken_file_is_refused_before_anything_is_read(tmp_path: Path, content: str | None, says: str) -> None:
    path = tmp_path / "export.xml"
    if content is None:
        export_file(path, 5 * PER_DAY, cut=True)
    else:
        path.write_text(content)
    with pytest.raises(Invalid) as refused:
        ax.check(path)
    assert says in refused.value.details[0]["message"]


def test_a_zip_is_read_and_a_zip_without_an_export_refused(tmp_path: Path) -> None:
    path = export_file(tmp_path / "export.zip", PER_DAY, zipped=True)
    assert ax.check(path) == PER_DAY and read(path)[0].mapped == 40
    with zipfile.ZipFile(tmp_path / "other.zip", "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(Invalid, match=r"holds no export\.xml"):
        ax.check(tmp_path / "other.zip")
    cut = export_file(tmp_path / "cut.zip", 3 * PER_DAY, zipped=True, cut=True)
    with pytest.raises(Invalid):
        ax.check(cut)


def test_anchors() -> None:
    def push(anchor: str | None, nxt: str) -> ah.ApplePush:
        return ah.ApplePush.model_validate({"anchor": anchor, "next_anchor": nxt, "samples": []})

    assert not ah.full_read_needed(push(None, "a1"), None)  # a full read
    assert ah.full_read_needed(push("a1", "a2"), None)  # an anchor never kept
    assert not ah.full_read_needed(push("a1", "a2"), "a1")  # from the anchor kept
    assert not ah.full_read_needed(push("a1", "a2"), "a2")  # sent again (its answer was lost)
    assert ah.full_read_needed(push("a0", "a9"), "a2")  # a restored phone's old anchor
