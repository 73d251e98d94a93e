"""Business limits every channel shares: reps 0–1000, loads 0–1500 kg, and friends."""

from __future__ import annotations

import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from domain.errors import Invalid
from domain.units import to_kg

UNITS = ("lb", "kg")
SET_TYPES = ("normal", "warmup", "failure", "drop", "amrap")
WORKOUT_STATUSES = ("planned", "in_progress", "completed", "cancelled")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_SETS_PER_LOG = 50
MAX_REST_S = 3600
# Control characters (C0, DEL, C1) and lone surrogates: never text a lifter means, and PostgreSQL
# refuses NUL in text outright. Tab, line feed and carriage return are allowed where lines are.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_LINE_BREAKS = re.compile(r"[\t\n\r]")


class Checker:
    """Collects every problem before raising, so a client sees all of them at once."""

    def __init__(self) -> None:
        self.details: list[dict[str, Any]] = []

    def add(self, field: str, message: str) -> None:
        self.details.append({"field": field, "message": message})

    def range(self, field: str, value: float | None, low: float, high: float) -> None:
        if value is not None and not (low <= value <= high):
            self.add(field, f"must be between {low:g} and {high:g}")

    def choice(self, field: str, value: str | None, options: tuple[str, ...]) -> None:
        if value is not None and value not in options:
            self.add(field, f"must be one of {', '.join(options)}")

    def raise_if_any(self) -> None:
        if self.details:
            first = self.details[0]
            raise Invalid(f"{first['field']}: {first['message']}", self.details)


def check_not_null(changes: dict[str, Any], model: Any) -> None:
    """A null for a column `model`'s table keeps NOT NULL is refused here (a 422), not by the database
    (a 500), nor stored where the database takes it (a JSON list) to break every later read."""
    columns = model.__table__.columns
    check = Checker()
    for key, value in changes.items():
        if value is None and key in columns and not columns[key].nullable:
            check.add(key, "must not be null")
    check.raise_if_any()


def text_problem(value: str, *, lines: bool = False) -> str | None:
    """Why `value` is not acceptable text, or None: control characters anywhere, and tabs or line
    breaks unless the field holds `lines` (notes, messages)."""
    found = _CONTROL.search(value) or (None if lines else _LINE_BREAKS.search(value))
    if found is None:
        return None
    return f"must not contain control characters (found U+{ord(found.group()):04X})"


def check_set_values(values: dict[str, Any], prefix: str = "") -> Checker:
    c = Checker()
    c.range(prefix + "reps", values.get("reps"), 0, 1000)
    c.choice(prefix + "unit", values.get("unit"), UNITS)
    weight = values.get("weight")
    if weight is not None:
        kg = to_kg(weight, values.get("unit") or "kg")
        if kg is None or not (0 <= kg <= 1500):
            c.add(prefix + "weight", "must be between 0 and 1500 kg (3300 lb)")
    c.range(prefix + "rpe", values.get("rpe"), 1, 10)
    c.range(prefix + "rir", values.get("rir"), 0, 20)
    c.choice(prefix + "set_type", values.get("set_type"), SET_TYPES)
    c.range(prefix + "duration_s", values.get("duration_s"), 0, 86400)
    c.range(prefix + "distance_m", values.get("distance_m"), 0, 1_000_000)
    c.range(prefix + "target_reps", values.get("target_reps"), 0, 1000)
    target = values.get("target_weight")
    if target is not None:
        kg = to_kg(target, values.get("unit") or "kg")
        if kg is None or not (0 <= kg <= 1500):
            c.add(prefix + "target_weight", "must be between 0 and 1500 kg (3300 lb)")
    c.range(prefix + "target_rpe", values.get("target_rpe"), 1, 10)
    c.range(prefix + "rest_s", values.get("rest_s"), 0, MAX_REST_S)
    for name in ("set_type", "bodyweight", "added_weight", "completed"):  # kept NOT NULL by the store
        if name in values and values[name] is None:
            c.add(prefix + name, "must not be null")
    return c


def check_email(email: str) -> str:
    email = email.strip().lower()
    if not EMAIL.match(email) or len(email) > 320:
        raise Invalid.field("email", "is not a valid email address")
    return email


def check_password(password: str) -> None:
    if len(password) < 8:
        raise Invalid.field("password", "must be at least 8 characters")
    if len(password) > 256:
        raise Invalid.field("password", "must be at most 256 characters")


def check_timezone(tz: str) -> str:
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise Invalid.field("timezone", "is not a known IANA time zone") from exc
    return tz
