"""Importing another app's workout history (Strong and Hevy CSV exports) and exporting ours.

`sniff(data)` tells an upload's format from its header (or refuses it: a 422 naming what is
missing), fast enough for the request; `read(text, ...)` reads every row (in the job); job.py maps
the exercise names to the catalog and writes the workouts through the domain's import command.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from assistant.importing import hevy, strong
from assistant.importing.rows import ParsedExport, bad_file, header_of, text_of
from domain.validation import check_set_values

FORMATS = ("strong", "hevy")


def sniff(data: bytes | str) -> tuple[str, str, str]:
    """(format, text, delimiter) of an upload, or Invalid (422) saying why it is not an export."""
    text = data if isinstance(data, str) else text_of(data)
    names, delimiter = header_of(text)
    if strong.is_strong(names):
        strong.check_header(names)
        return strong.FORMAT, text, delimiter
    if hevy.is_hevy(names):
        hevy.check_header(names)
        return hevy.FORMAT, text, delimiter
    shown = ", ".join(names[:8]) + (", ..." if len(names) > 8 else "")
    raise bad_file(
        "Not a Strong or Hevy CSV export: expected a header with 'Exercise Name' and 'Set Order' (Strong) "
        f"or 'exercise_title' and 'start_time' (Hevy); found: {shown}"
    )


def read(data: bytes | str, zone: ZoneInfo, default_unit: str) -> ParsedExport:
    """Every workout and set of an export; rows that cannot be imported are listed with the reason."""
    found, text, delimiter = sniff(data)
    reader = strong.read if found == strong.FORMAT else hevy.read
    parsed = reader(text, delimiter, zone, default_unit)
    settle(parsed)
    return parsed


def settle(parsed: ParsedExport) -> None:
    """Sets as the store takes them: a timed or distance set's 0 reps are no reps; a set with nothing
    in it, or a value the store refuses (reps over 1000, a load over 1500 kg), is left out and named."""
    for workout in parsed.workouts:
        kept = []
        for s in workout.sets:
            if s.reps == 0 and (s.duration_s or s.distance_m):
                s.reps = None
            if not s.reps and s.weight is None and not s.duration_s and not s.distance_m:
                parsed.skip(s.row, "an empty set (no reps, weight, time or distance)")
                continue
            values = {"reps": s.reps, "weight": s.weight, "unit": s.unit, "rpe": s.rpe, "set_type": s.set_type}
            values |= {"duration_s": s.duration_s, "distance_m": s.distance_m}
            problems = check_set_values(values).details
            if problems:
                parsed.skip(s.row, "; ".join(f"{p['field']} {p['message']}" for p in problems))
                continue
            kept.append(s)
        workout.sets = kept


__all__ = ["FORMATS", "ParsedExport", "read", "sniff"]
