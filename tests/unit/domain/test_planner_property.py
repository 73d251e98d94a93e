"""Every plan meets every hard constraint, for random requests and histories: catalog slugs, the
equipment, the level, the limitations (exercises, movement patterns, body parts), no muscle worked
hard in the last 48 h as a primary target, the goal's reps and rest, the minutes within 10% (under
only when even the longest rest cannot fill them). The checks here are written from the
definitions, beside domain/plan_check.py's (which must agree).

1,000 examples locally (the issue's bar), 100 in CI (CI is set): PLANNER_EXAMPLES=N chooses.
"""

from __future__ import annotations

import os
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.catalog import load_entries
from domain.movements import BODY_PARTS, PATTERNS, Limits, patterns
from domain.plan_check import violations
from domain.planner import EQUIPMENT, GOALS, HARD_SETS, LEVELS, MUSCLES, TARGET_WORDS, History, Request, plan
from domain.progression import TopSet, estimate

EXAMPLES = int(os.environ.get("PLANNER_EXAMPLES") or (100 if os.environ.get("CI") else 1000))
ENTRIES = load_entries()
BY_SLUG = {e.slug: e for e in ENTRIES}
SLUGS = sorted(BY_SLUG)
LIFTED = sorted(e.slug for e in ENTRIES if e.category in ("strength", "powerlifting") and e.equipment != "body only")
DAY = date(2026, 11, 30)

top_set = st.builds(
    TopSet,
    st.just(DAY),
    st.sampled_from([0.0, 10.0, 20.0, 42.5, 60.0, 100.0, 142.5, 200.0]),
    st.integers(1, 20),
    st.sampled_from([None, 6.0, 7.5, 8.0, 9.0, 9.5, 10.0]),
)


@st.composite
def histories(draw: st.DrawFn) -> History:
    lifts = draw(st.lists(st.sampled_from(LIFTED), max_size=10, unique=True))
    tops = {}
    for slug in lifts:
        sets = draw(st.lists(top_set, min_size=1, max_size=6))
        tops[slug] = tuple(
            TopSet(DAY - timedelta(days=7 * (len(sets) - i)), s.weight_kg, s.reps, s.rpe) for i, s in enumerate(sets)
        )
    recent = draw(st.dictionaries(st.sampled_from(sorted(MUSCLES)), st.integers(0, 20), max_size=6))
    return History(tops, recent, draw(st.sampled_from(["kg", "lb"])))


requests = st.builds(
    Request,
    minutes=st.integers(10, 120),
    targets=st.lists(st.sampled_from(sorted(TARGET_WORDS)), max_size=3, unique=True).map(tuple),
    equipment=st.lists(st.sampled_from(sorted(EQUIPMENT)), max_size=4, unique=True).map(tuple),
    goal=st.sampled_from(sorted(GOALS)),
    level=st.sampled_from(sorted(LEVELS)),
    limits=st.builds(
        Limits,
        st.frozensets(st.sampled_from(SLUGS), max_size=8),
        st.frozensets(st.sampled_from(PATTERNS), max_size=3),
        st.frozensets(st.sampled_from(sorted(BODY_PARTS)), max_size=2),
    ),
)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(request=requests, history=histories())
def test_every_plan_meets_every_hard_constraint(request: Request, history: History) -> None:
    if "cardio" in request.targets and len(request.targets) > 1:
        request = Request(request.minutes, ("cardio",), request.equipment, request.goal, request.level, request.limits)
    made = plan(ENTRIES, request, history)
    assert violations(made, request, history, BY_SLUG) == []
    tired = {m for m, n in history.recent_sets.items() if n >= HARD_SETS}
    ruled_patterns = set(request.limits.patterns)
    ruled_muscles: set[str] = set()
    for part in request.limits.parts:
        ruled_patterns |= BODY_PARTS[part][0]
        ruled_muscles |= BODY_PARTS[part][1]
    goal = GOALS[request.goal]
    for item in made.items:
        entry = BY_SLUG[item.slug]  # a catalog slug
        assert item.slug not in request.limits.exercises
        assert not patterns(entry) & ruled_patterns, (item.slug, patterns(entry) & ruled_patterns)
        assert not set(entry.primary_muscles) & (ruled_muscles | tired)
        assert (entry.level or "beginner") in LEVELS[request.level]
        if request.equipment:
            assert entry.equipment == "body only" or any(entry.equipment in EQUIPMENT[e] for e in request.equipment)
        else:
            assert entry.equipment not in (None, "other", "foam roll")
        if item.reps is not None:
            assert goal.reps[0] <= item.reps <= goal.reps[1]
        tops = history.top_sets.get(item.slug, ())
        if item.load_kg is not None and tops:
            assert 0 < item.load_kg <= max(estimate(t, goal.rpe) for t in tops)
    budget = request.minutes * 60
    assert made.seconds <= budget * 1.1
    if made.seconds < budget * 0.9:
        # only when even the longest rest cannot fill the minutes: too few exercises fit
        assert made.short and all(i.rest_seconds == goal.rest[1] for i in made.items if request.targets != ("cardio",))
