from __future__ import annotations

import pytest

from domain.catalog import load_entries
from domain.planner import plan

ENTRIES = load_entries()


@pytest.mark.parametrize(
    ("focus", "muscles"),
    [
        ("legs", {"quadriceps", "hamstrings", "glutes", "calves"}),
        ("push", {"chest", "shoulders", "triceps"}),
        ("pull", {"lats", "middle back", "biceps"}),
        ("core", {"abdominals", "lower back"}),
    ],
)
def test_a_plan_trains_what_was_asked(focus: str, muscles: set[str]) -> None:
    made = plan(ENTRIES, 45, focus)
    assert 4 <= len(made.items) <= 8
    by_slug = {e.slug: e for e in ENTRIES}
    assert all(set(by_slug[i.slug].primary_muscles) & muscles for i in made.items)
    assert len({i.slug for i in made.items}) == len(made.items)


def test_equipment_and_time_limit_the_plan() -> None:
    made = plan(ENTRIES, 20, "full body", ["bodyweight"])
    by_slug = {e.slug: e for e in ENTRIES}
    assert len(made.items) == 3 and all(by_slug[i.slug].equipment == "body only" for i in made.items)
    assert plan(ENTRIES, 120, "upper body").items.__len__() == 8
    cardio = plan(ENTRIES, 30, "cardio")
    assert cardio.items and all(i.seconds for i in cardio.items)
