"""Reading an Apple Health export (`export.xml`, or the `export.zip` the phone makes) as a stream:
iterparse with every finished element cleared, so memory stays flat however large the file is.

`check` reads the whole file once without storing anything: a file cut short, garbage, or not an
export is refused (`Invalid`, naming where the XML broke) before a single record is written, and
the count it returns lets the import report progress. `batches` then yields the records mapped by
channels/devices/apple_health.py, a few thousand at a time. Records of types not taken are skipped
and counted. Blood pressure comes as systolic and diastolic records (inside a Correlation, or not):
the two of one time and source are paired. The stdlib parser is safe here: ElementTree fetches no
external entities and expat (2.4+) refuses entity expansion bombs.
"""

from __future__ import annotations

import contextlib
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, ParseError, iterparse

from channels.devices import apple_health as ah
from channels.devices.base import Batch
from domain import commands as c
from domain.errors import Invalid

BATCH = 2000
KINDS = ("Record", "Workout")
_BAD_ZIP = (zipfile.BadZipFile, zlib.error, EOFError)


@dataclass
class Counts:
    """What a read found: records seen (of the kinds read), mapped, and skipped by type."""

    seen: int = 0
    mapped: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, kind: str) -> None:
        self.skipped[kind] = self.skipped.get(kind, 0) + 1


def _time(text: str) -> datetime:
    """'2024-01-01 23:15:00 +0100' (export.xml's form)."""
    return datetime.fromisoformat(text[:19] + text[20:] if len(text) > 20 and text[19] == " " else text)


@contextlib.contextmanager
def _open(path: Path) -> Iterator[IO[bytes]]:
    """The export.xml inside a zip, or the file itself."""
    if not zipfile.is_zipfile(path):
        with path.open("rb") as plain:
            yield plain
        return
    try:
        archive = zipfile.ZipFile(path)
    except _BAD_ZIP as exc:
        raise Invalid.field("file", f"the zip cannot be read: {exc}") from exc
    with archive:
        names = [n for n in archive.namelist() if n.rsplit("/", 1)[-1] == "export.xml"]
        if not names:
            raise Invalid.field("file", "the zip holds no export.xml: upload the export.zip the Health app made")
        with archive.open(min(names, key=len)) as inner:
            yield inner


def _elements(path: Path) -> Iterator[Element]:
    """Every Record and Workout, finished; each top-level element is dropped once handled."""
    depth, root = 0, None
    with _open(path) as stream:
        try:
            for event, elem in iterparse(stream, events=("start", "end")):
                if event == "start":
                    depth += 1
                    if root is None:
                        root = elem
                        if elem.tag != "HealthData":
                            raise Invalid.field("file", "not an Apple Health export (its root is not HealthData)")
                    continue
                depth -= 1
                if elem.tag in KINDS:
                    yield elem
                if depth == 1 and root is not None:
                    root.clear()  # the element and what it held
        except ParseError as exc:
            line, column = exc.position
            raise Invalid.field(
                "file", f"export.xml is not well-formed at line {line}, column {column} (cut short?): export again"
            ) from exc
        except _BAD_ZIP as exc:
            raise Invalid.field("file", f"the zip is damaged ({exc}): export again") from exc
    if root is None:
        raise Invalid.field("file", "the file is empty")


def check(path: Path) -> int:
    """The number of records in a whole, well-formed export (Invalid otherwise); nothing stored."""
    return sum(1 for _ in _elements(path))


class _Mapper:
    def __init__(self, counts: Counts) -> None:
        self.counts = counts
        self.pressures: dict[tuple[str, str, str], dict[str, float]] = {}  # paired, then dropped

    def record(self, a: dict[str, str], batch: Batch) -> None:
        kind = a.get("type", "")
        try:
            start, end, source = _time(a["startDate"]), _time(a["endDate"]), a.get("sourceName", "")[:100]
            if kind in ah.QUANTITIES:
                found = ah.quantity(kind, start, end, source, float(a["value"]), a.get("unit", ""))
            elif kind == ah.SLEEP:
                found = ah.sleep(start, end, source, a.get("value", ""))
            elif kind in (ah.SYSTOLIC, ah.DIASTOLIC):
                found = self._pressure(a, kind, start, end, source)
            else:
                found = None
        except (KeyError, ValueError):
            found = None
        if found is None:
            if kind not in (ah.SYSTOLIC, ah.DIASTOLIC) and a.get("value") != ah.IN_BED:  # those are not lost
                self.counts.skip(kind)
            return
        batch.readings.append(found)
        self.counts.mapped += 1

    def _pressure(
        self, a: dict[str, str], kind: str, start: datetime, end: datetime, source: str
    ) -> c.MetricEntry | None:
        key = (a["startDate"], a["endDate"], source)
        pair = self.pressures.setdefault(key, {})
        pair[kind] = float(a["value"])
        if len(pair) < 2:
            return None
        del self.pressures[key]
        return ah.pressure(start, end, source, pair[ah.SYSTOLIC], pair[ah.DIASTOLIC])

    def workout(self, elem: Element, batch: Batch) -> None:
        a = elem.attrib
        activity = a.get("workoutActivityType", "")
        try:
            distance = _amount(a.get("totalDistance"), a.get("totalDistanceUnit"), ah.METRES)
            kcal = _amount(a.get("totalEnergyBurned"), a.get("totalEnergyBurnedUnit"), ah.KCAL)
            heart = None
            for stat in elem.iter("WorkoutStatistics"):  # iOS 16+: the totals are statistics
                s = stat.attrib
                kind = s.get("type", "")
                if kind.startswith(f"{ah.Q}Distance") and distance is None:
                    distance = _amount(s.get("sum"), s.get("unit"), ah.METRES)
                elif kind == f"{ah.Q}ActiveEnergyBurned" and kcal is None:
                    kcal = _amount(s.get("sum"), s.get("unit"), ah.KCAL)
                elif kind == f"{ah.Q}HeartRate":
                    heart = float(s["average"]) if s.get("average") else None
            found = ah.workout(
                activity,
                _time(a["startDate"]),
                _time(a["endDate"]),
                a.get("sourceName", "")[:100],
                distance,
                kcal,
                heart,
            )
        except (KeyError, ValueError):
            found = None
        if found is None:
            self.counts.skip(activity or "HKWorkout")
            return
        batch.cardio.append(found)
        self.counts.mapped += 1


def _amount(value: str | None, unit: str | None, factors: dict[str, float]) -> float | None:
    if not value or unit not in factors:
        return None
    return float(value) * factors[unit or ""]


def batches(path: Path, counts: Counts, size: int = BATCH) -> Iterator[Batch]:
    """The export's records, mapped, `size` at a time (`counts` kept up to date as they go)."""
    mapper, batch = _Mapper(counts), Batch()
    for elem in _elements(path):
        counts.seen += 1
        if elem.tag == "Workout":
            mapper.workout(elem, batch)
        else:
            mapper.record(elem.attrib, batch)
        if len(batch) >= size:
            yield batch
            batch = Batch()
    if len(batch):
        yield batch
