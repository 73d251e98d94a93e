"""The order a routine's sets are planned in: each item's sets in turn, superset groups alternating."""

from __future__ import annotations

from domain.handlers.plans import in_turns
from domain.models import RoutineItem


def items(*specs: tuple[str, int | None, int | None]) -> list[RoutineItem]:
    return [
        RoutineItem(exercise_id=None, position=i, target_sets=sets, superset_group=group, notes=name)
        for i, (name, sets, group) in enumerate(specs, start=1)
    ]


def names(found: list[RoutineItem]) -> list[str | None]:
    return [item.notes for item in found]


def test_straight_sets_one_item_after_the_other() -> None:
    assert names(in_turns(items(("A", 2, None), ("B", 1, None)))) == ["A", "A", "B"]


def test_an_item_without_a_set_count_is_one_set() -> None:
    assert names(in_turns(items(("A", None, None)))) == ["A"]


def test_a_superset_alternates_until_each_item_has_its_sets() -> None:
    planned = items(("A", 3, 1), ("B", 2, 1), ("C", 1, None))
    assert names(in_turns(planned)) == ["A", "B", "A", "B", "A", "C"]


def test_two_groups_side_by_side_stay_apart() -> None:
    planned = items(("A", 2, 1), ("B", 2, 1), ("C", 2, 2), ("D", 1, 2))
    assert names(in_turns(planned)) == ["A", "B", "A", "B", "C", "D", "C"]


def test_a_group_number_again_later_is_a_new_superset() -> None:
    planned = items(("A", 1, 1), ("B", 1, None), ("C", 2, 1))
    assert names(in_turns(planned)) == ["A", "B", "C", "C"]


def test_nothing_planned() -> None:
    assert in_turns([]) == []
