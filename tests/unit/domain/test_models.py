"""Models filled as if read from the store (`loaded`): the values, and no change for the ORM to write."""

from __future__ import annotations

import uuid

from sqlalchemy import inspect

from domain.models import Exercise, WorkoutSet, loaded, utcnow


def test_loaded_holds_the_values_without_change_history() -> None:
    ex = loaded(Exercise, {"id": uuid.uuid4(), "slug": "dip", "name": "Dip", "kind": "reps"})
    row = loaded(WorkoutSet, {"id": uuid.uuid4(), "reps": 8, "weight": None, "completed_at": utcnow(), "exercise": ex})
    assert (ex.slug, ex.name, row.reps, row.exercise) == ("dip", "Dip", 8, ex)
    state = inspect(row)
    assert state.transient and not state.modified
    assert state.attrs.reps.history.added == () and state.attrs.reps.history.unchanged == [8]


def test_loaded_leaves_what_it_was_not_given_unset() -> None:
    ex = loaded(Exercise, {"slug": "dip"})
    assert ex.slug == "dip" and ex.aliases is None and ex.name is None  # not the constructor's defaults
    ex.name = "Dip"  # a later change is a change like any other
    assert inspect(ex).attrs.name.history.added == ["Dip"]
