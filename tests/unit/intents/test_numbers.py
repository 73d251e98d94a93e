"""Lifter numbers: one phrase family per test, many phrases."""

from __future__ import annotations

import pytest

from intents.normalize import words
from intents.numbers import numberize, render


def spoken(text: str) -> str:
    return render(numberize(words(text)))


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("one thirty five", "135"),
        ("two twenty five", "225"),
        ("three fifteen", "315"),
        ("four oh five", "405"),
        ("one oh five", "105"),
        ("a hundred", "100"),
        ("a hundred and five", "105"),
        ("two hundred five", "205"),
        ("one twenty", "120"),
        ("three hundred and fifteen", "315"),
        ("ninety five", "95"),
        ("forty", "40"),
        ("ten thousand", "10000"),
        ("five", "5"),
        ("nineteen", "19"),
        ("one ten", "110"),
        ("two eighty", "280"),
    ],
)
def test_spoken_loads(text: str, want: str) -> None:
    assert spoken(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("twenty two and a half", "22.5"),
        ("eight and a half", "8.5"),
        ("seventeen and a half", "17.5"),
        ("eighty two point five", "82.5"),
        ("twelve point five", "12.5"),
        ("22 and a half", "22.5"),
        ("one oh two point five", "102.5"),
    ],
)
def test_halves_and_decimals(text: str, want: str) -> None:
    assert spoken(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("three sets of ten", "3 sets of 10"),
        ("squat for five", "squat for 5"),
        ("for fifteen reps", "for 15 reps"),
        ("a couple sets of 8", "2 sets of 8"),
        ("one set of six", "1 set of 6"),
        ("to failure", "to failure"),
    ],
)
def test_counts_stay_counts(text: str, want: str) -> None:
    assert spoken(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("rest a minute and a half", "rest 1.5 minutes"),
        ("half an hour", "0.5 hours"),
        ("ran 25:30", "ran 1530 seconds"),
        ("3x8 @ 225lbs", "3 x 8 at 225 lbs"),
        ("5k", "5 k"),
        ("10,000 steps", "10000 steps"),
    ],
)
def test_written_forms(text: str, want: str) -> None:
    assert spoken(text) == want


def test_dumbbell_sizes_are_marked_plural() -> None:
    toks = numberize(words("with the sixties"))
    assert toks[-1].num == 60 and toks[-1].plural
    toks = numberize(words("with 35s"))
    assert toks[-1].num == 35 and toks[-1].plural


@pytest.mark.parametrize("text", ["", "   ", "uh um", "!!!", "9" * 400, "one " * 300, "and a half", "point"])
def test_odd_input_never_raises(text: str) -> None:
    numberize(words(text))
