"""What an export file says, read into plain values: workouts with their sets, and what was left out.

Both readers (strong.py, hevy.py) fill these; the job (job.py) maps names and writes. Shared here:
reading a CSV text whatever its delimiter, numbers as apps write them ("72,5" in a semicolon file),
durations ("3480", "1h 5m", "1:02:03"), and local times read in the lifter's time zone.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from domain.errors import Invalid

KM, MILE = 1000.0, 1609.344
MAX_ISSUES = 100  # rows named in a report; the rest are counted


@dataclass
class ImportedSet:
    row: int  # the file's line, for the report
    exercise: str  # the name as the file has it
    ordinal: int  # this set's place among the exercise's sets in its workout (the client id's part)
    set_type: str = "normal"
    reps: int | None = None
    weight: float | None = None
    unit: str | None = None
    rpe: float | None = None
    duration_s: int | None = None
    distance_m: float | None = None
    notes: str | None = None


@dataclass
class ImportedWorkout:
    key: str  # what identifies it in the file (its local start and name)
    name: str | None
    started_at: datetime  # UTC
    ended_at: datetime | None
    notes: str | None = None
    sets: list[ImportedSet] = field(default_factory=list)


@dataclass
class Issue:
    row: int
    message: str


@dataclass
class ParsedExport:
    format: str  # strong or hevy
    rows: int = 0
    rest_rows: int = 0
    workouts: list[ImportedWorkout] = field(default_factory=list)
    skipped: list[Issue] = field(default_factory=list)  # rows not imported, and why
    notes: list[Issue] = field(default_factory=list)  # rows imported with something left out
    skipped_count: int = 0

    def skip(self, row: int, message: str) -> None:
        self.skipped_count += 1
        if len(self.skipped) < MAX_ISSUES:
            self.skipped.append(Issue(row, message))

    def note(self, row: int, message: str) -> None:
        if len(self.notes) < MAX_ISSUES:
            self.notes.append(Issue(row, message))


def bad_file(message: str, field_name: str = "file") -> Invalid:
    return Invalid(message, [{"field": field_name, "message": message}])


def text_of(data: bytes) -> str:
    """The file as text: UTF-8 (a byte-order mark is dropped); anything else is not an export."""
    if b"\x00" in data[:65536]:
        raise bad_file("This is not a CSV export: the file holds binary data")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise bad_file(f"The file is not UTF-8 text (byte {exc.start}): save the export as UTF-8 CSV") from exc


def header_of(text: str) -> tuple[list[str], str]:
    """The first line's column names (trimmed, as written) and the delimiter: ';' or ','."""
    first = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    if not first.strip():
        raise bad_file("The file is empty or its first line is blank (expected a header row)")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return [name.strip() for name in next(csv.reader([first], delimiter=delimiter))], delimiter


# Control characters (C0 but tab and line breaks, DEL, C1) and lone surrogates: never meant, and the
# store refuses some (PostgreSQL: NUL in text).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def records(text: str, delimiter: str) -> Iterator[tuple[int, dict[str, str]]]:
    """Each data row as {column (lower case): value, trimmed, without control characters}, with its line number."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
    try:
        names = [n.strip().lower() for n in next(reader)]
    except StopIteration:
        return
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            cells = [_CONTROL.sub("", cell).strip() for cell in row]
            yield reader.line_num, {n: (cells[i] if i < len(cells) else "") for i, n in enumerate(names)}
    except csv.Error as exc:
        raise bad_file(f"The CSV is malformed near line {reader.line_num}: {exc}") from exc


_COMMA_DECIMAL = re.compile(r"^-?\d+,\d+$")


def number(text: str) -> float | None:
    """A number as an app writes it, or None for an empty cell; ValueError if it is not one."""
    text = text.strip()
    if not text:
        return None
    if _COMMA_DECIMAL.match(text):
        text = text.replace(",", ".")
    value = float(text)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("not a finite number")
    return value


def whole(text: str) -> int | None:
    value = number(text)
    if value is None:
        return None
    if not value.is_integer():
        raise ValueError("not a whole number")
    return int(value)


_HMS = re.compile(r"^(\d+):(\d{1,2})(?::(\d{1,2}))?$")
_UNITS = re.compile(r"(\d+(?:\.\d+)?)\s*(h|hr|hrs|hours?|m|min|mins|minutes?|s|sec|secs|seconds?)\b", re.I)


def seconds(text: str) -> int | None:
    """A duration: plain seconds ("3480"), "1h 5m", "35m", "45s" or "1:02:03"; None if empty or unread."""
    text = text.strip()
    if not text:
        return None
    try:
        value = number(text)
        return None if value is None else round(value)
    except ValueError:
        pass
    clock = _HMS.match(text)
    if clock:
        h, m, s = clock.group(1), clock.group(2), clock.group(3)
        return int(h) * 3600 + int(m) * 60 + int(s) if s is not None else int(h) * 60 + int(m)
    parts = _UNITS.findall(text)
    if not parts:
        return None
    scale = {"h": 3600, "m": 60, "s": 1}
    return round(sum(float(n) * scale[u[0].lower()] for n, u in parts))


def local_time(text: str, formats: tuple[str, ...], zone: ZoneInfo) -> datetime | None:
    """A wall-clock time in the lifter's zone, as UTC (an ISO time with its own offset keeps it)."""
    text = text.strip().replace("\u202f", " ").replace("\u00a0", " ")
    if not text:
        return None
    for fmt in formats:
        try:
            found = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return found.replace(tzinfo=zone).astimezone(UTC)
    try:
        found = datetime.fromisoformat(text)
    except ValueError:
        return None
    if found.tzinfo is None:
        found = found.replace(tzinfo=zone)
    return found.astimezone(UTC)


def ended(started: datetime, duration_s: int | None) -> datetime | None:
    return started + timedelta(seconds=duration_s) if duration_s and duration_s > 0 else None


def distance_in_m(value: float | None, unit: str) -> float | None:
    """Metres from a distance in `unit` (m, km, mi); None for none or zero."""
    if not value:
        return None
    u = unit.strip().lower()
    if u.startswith(("km", "kilo")):
        return round(value * KM, 3)
    if u.startswith(("mi", "mile")):
        return round(value * MILE, 3)
    if u.startswith(("ft", "feet", "foot")):
        return round(value * 0.3048, 3)
    if u.startswith(("yd", "yard")):
        return round(value * 0.9144, 3)
    return round(value, 3)
