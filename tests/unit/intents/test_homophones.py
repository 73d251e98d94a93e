"""Number homophones (for/four, to/two, ate/eight, won/one, tree/three) read only in number slots."""

from __future__ import annotations

import pytest

from intents import Parser
from intents.homophones import resolve
from tests.unit.intents.conftest import only, subset


@pytest.mark.parametrize(
    ("text", "sets", "reps"),
    [
        ("for by 15", 4, 15),
        ("for x 12", 4, 12),
        ("to by 5", 2, 5),
        ("too by 8", 2, 8),
        ("to my 5", 2, 5),
        ("for my 10", 4, 10),
        ("5 by ate", 5, 8),
        ("3 my 5", 3, 5),
        ("tree by 5", 3, 5),
        ("for by for", 4, 4),
        ("three sets of ate", 3, 8),
        ("3 sets of for", 3, 4),
        ("for sets of 8", 4, 8),
        ("to sets of 12", 2, 12),
        ("won set of 10", 1, 10),
        ("free sets of 6", 3, 6),
    ],
)
def test_sets_by_reps(parser: Parser, text: str, sets: int, reps: int) -> None:
    subset(only(parser, f"squat {text} at 225"), exercise="barbell-back-squat", sets=sets, reps=reps, weight=225)
    subset(only(parser, text), intent="log_sets", sets=sets, reps=reps)


@pytest.mark.parametrize(
    ("text", "reps", "weight"),
    [
        ("did ate", 8, None),
        ("I did ate reps", 8, None),
        ("ate reps at 135", 8, 135),
        ("I did for at 135", 4, 135),
        ("got ate with 60", 8, 60),
        ("hit won at 405", 1, 405),
        ("135 for ate", 8, 135),
        ("225 for for", 4, 225),
        ("315 for to", 2, 315),
        ("185 for ate reps", 8, 185),
    ],
)
def test_counts_after_a_verb_or_a_load(parser: Parser, text: str, reps: int, weight: float | None) -> None:
    subset(only(parser, text), intent="log_sets", reps=reps, weight=weight)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("225 for 5", {"weight": 225, "reps": 5}),
        ("squat 315 for 3", {"weight": 315, "reps": 3}),
        ("bench 185 for 8 to failure", {"weight": 185, "reps": 8, "set_type": "failure"}),
        ("went to failure at 135 for 10", {"weight": 135, "reps": 10, "set_type": "failure"}),
        ("rest for 2 minutes", {"intent": "start_rest", "seconds": 120}),
        ("go to the next exercise", {"intent": "next_exercise"}),
    ],
)
def test_words_outside_number_slots_stay_words(parser: Parser, text: str, want: dict[str, object]) -> None:
    subset(only(parser, text), **want)


@pytest.mark.parametrize(
    "words",
    [
        ["went", "for", "reps", "at", "225"],  # a way of saying "as many as I could"
        ["i", "did", "too"],
        ["went", "to", "the", "gym"],
        ["ate", "a", "banana"],
        ["i", "won"],
        ["free", "weights"],
        ["squat", "my", "max"],
    ],
)
def test_plain_english_is_left_alone(words: list[str]) -> None:
    assert resolve(words) == words
