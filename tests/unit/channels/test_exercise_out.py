"""Exercise output: a catalog row's is built once; a lifter's own exercise is read afresh each time."""

from __future__ import annotations

import uuid

from channels.http.schemas.exercises import ExerciseOut
from domain.models import Exercise, utcnow


def exercise(owner: uuid.UUID | None) -> Exercise:
    return Exercise(
        id=uuid.uuid4(),
        slug="zercher-squat",
        name="Zercher Squat",
        aliases=["zerchers"],
        kind="barbell",
        category="strength",
        primary_muscles=["quadriceps"],
        secondary_muscles=[],
        instructions=[],
        owner_id=owner,
        is_custom=owner is not None,
        level=None,
        equipment=None,
        mechanic=None,
        force=None,
        created_at=utcnow(),
    )


def test_a_catalog_row_is_serialised_once() -> None:
    row = exercise(owner=None)
    first = ExerciseOut.of(row)
    assert ExerciseOut.of(row) is first
    assert first.slug == "zercher-squat" and first.is_custom is False
    assert ExerciseOut.of(exercise(owner=None)) is not first  # another loaded row, its own output


def test_an_own_exercise_reflects_its_changes() -> None:
    row = exercise(owner=uuid.uuid4())
    assert ExerciseOut.of(row).name == "Zercher Squat"
    row.name = "Zercher Box Squat"
    assert ExerciseOut.of(row).name == "Zercher Box Squat"
