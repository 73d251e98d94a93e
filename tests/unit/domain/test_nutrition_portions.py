"""Amounts to grams through a food's measures (domain/nutrition/portions.py), on the shipped table."""

from __future__ import annotations

import pytest

from domain.nutrition.portions import NoMeasure, unit_of
from domain.nutrition.table import default_table


def grams(food_id: str, amount: float, unit: str | None) -> float:
    found = default_table().get(food_id)
    assert found is not None
    return round(found.grams(amount, unit), 1)


@pytest.mark.parametrize(
    ("food_id", "amount", "unit", "want"),
    [
        ("usda-05064", 200, "g", 200),
        ("usda-05064", 1, "kg", 1000),
        ("usda-05064", 4, "oz", 113.4),
        ("usda-05064", 1, "lb", 453.6),
        ("usda-05064", 1, None, 172),  # one breast (USDA lists half a breast, 86 g)
        ("usda-20045", 1, "cup", 158),
        ("usda-20045", 2, "tbsp", 19.8),  # a cup is 16 tablespoons
        ("usda-20045", 1, "serving", 158),  # the first measure, as listed
        ("usda-01123", 2, None, 100),  # two large eggs
        ("usda-01123", 1, "medium", 44),
        ("usda-01123", 1, "jumbo", 63),
        ("usda-09040", 1, None, 118),  # a medium banana
        ("usda-09040", 1, "large", 136),
        ("usda-18069", 2, "slices", 58),
        ("usda-14066", 1, None, 32),  # a protein shake: the scoop USDA lists (a third of a cup)
        ("usda-14066", 1, "scoop", 32),
        ("usda-01077", 250, "ml", 257.7),  # milk through its cup: 244 g a cup
        ("usda-01077", 8, "fl oz", 244),
        ("usda-14411", 500, "ml", 500.4),  # water through its litre (1000.8 g)
        ("usda-14148", 355, "ml", 368.5),  # cola through its fl oz
    ],
)
def test_amounts_in_grams(food_id: str, amount: float, unit: str | None, want: float) -> None:
    assert grams(food_id, amount, unit) == pytest.approx(want, abs=0.2)


@pytest.mark.parametrize(("food_id", "unit"), [("usda-05064", "slice"), ("usda-05062", "cup"), ("usda-05062", "ml")])
def test_a_measure_the_food_has_not_is_refused(food_id: str, unit: str) -> None:
    with pytest.raises(NoMeasure):
        grams(food_id, 1, unit)


@pytest.mark.parametrize(
    ("said", "unit"),
    [("grams", "g"), ("Tablespoons", "tbsp"), ("fl. oz", "fl oz"), ("slices", "slice"), ("kilos", "kg"), (None, None)],
)
def test_units_as_written(said: str | None, unit: str | None) -> None:
    assert unit_of(said) == unit
