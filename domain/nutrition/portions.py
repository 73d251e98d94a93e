"""Amounts in any unit to grams: masses directly, volumes and counts through a food's measures.

A food's measures are USDA's household measures (amount, measure, grams: "1 cup, chopped" is 140 g,
"0.5 breast, bone and skin removed" is 86 g) or a custom food's own. A mass (g, kg, oz, lb) needs
none; a volume (ml, cup, tbsp, ...) goes through the food's volume measure (its grams per ml), or
1 g/ml for a drink that has none; a count ("2 eggs", "a slice", "a serving") through the measure
of that name or, with no name, the food's usual one (its medium or large size, the measure its name
says, its serving, else its first measure as listed).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from domain.catalog.normalize import singular

MASS_G = {"g": 1.0, "kg": 1000.0, "mg": 0.001, "oz": 28.3495, "lb": 453.592}
VOLUME_ML = {
    "ml": 1.0,
    "l": 1000.0,
    "tsp": 4.92892,
    "tbsp": 14.7868,
    "fl oz": 29.5735,
    "cup": 236.588,
    "pint": 473.176,
    "quart": 946.353,
}
# What people write for each unit (lower-case, singular as domain.catalog.normalize makes it).
UNIT_NAMES = {
    "g": ("g", "gram", "gramme", "gr", "gm", "grm"),
    "kg": ("kg", "kilo", "kilogram", "kilogramme"),
    "mg": ("mg", "milligram"),
    "oz": ("oz", "ounce", "onz"),
    "lb": ("lb", "pound"),
    "ml": ("ml", "milliliter", "millilitre", "mil", "cc"),
    "l": ("l", "liter", "litre"),
    "tsp": ("tsp", "teaspoon", "t"),
    "tbsp": ("tbsp", "tablespoon", "tb", "tbs", "tbl"),
    "fl oz": ("fl oz", "fluid ounce", "floz", "fl. oz"),
    "cup": ("cup", "c"),
    "pint": ("pint", "pt"),
    "quart": ("quart", "qt"),
    "serving": ("serving", "portion", "helping", "serve"),
    "piece": ("piece", "pc", "item", "each", "whole", "unit"),
    "scoop": ("scoop",),
}
UNITS = {name: unit for unit, names in UNIT_NAMES.items() for name in names}
COUNTS = ("serving", "piece", "scoop")  # a count the food's usual portion answers when it has none of that name
# Words of a measure that say nothing of its size (not a name to count by).
_VAGUE = {"nlea", "yield", "yields"}
_SIZES = ("medium", "large")
_WORD = re.compile(r"[a-z]+")


class NoMeasure(ValueError):
    """The food has no measure for the unit said (no volume for "a cup", no "slice" for a slice)."""


@dataclass(frozen=True)
class Portion:
    amount: float  # as listed: 0.5 (breast), 1 (cup)
    measure: str  # "cup, chopped or diced", "large", "slice"
    grams: float  # of `amount` measures

    @property
    def unit(self) -> str:
        """The unit of the measure: a mass or volume unit ("cup", "fl oz"), else its first word ("slice")."""
        text = self.measure.lower()
        if re.match(r"fl\.? ?oz\b|fluid ounce", text):
            return "fl oz"
        first = _WORD.match(text)
        word = singular(first.group(0)) if first else ""
        return UNITS.get(word, word)

    @property
    def kind(self) -> str:
        unit = self.unit
        return "mass" if unit in MASS_G else "volume" if unit in VOLUME_ML else "count"

    @property
    def per_one(self) -> float:
        """Grams of one measure (amount 1)."""
        return self.grams / self.amount

    @property
    def label(self) -> str:
        amount = f"{self.amount:g}"
        return self.measure if amount == "1" else f"{amount} {self.measure}"

    def words(self) -> list[str]:
        return [singular(w) for w in _WORD.findall(self.measure.lower())]


def unit_of(said: str | None) -> str | None:
    """The unit a word names ("grams" -> "g", "tablespoons" -> "tbsp"), else the word itself, singular
    ("slices" -> "slice"); None for nothing said."""
    if said is None or not said.strip():
        return None
    text = " ".join(said.lower().replace(".", " ").split())
    if text in UNITS:
        return UNITS[text]
    word = " ".join(singular(w) for w in text.split())
    return UNITS.get(word, word)


def usual(portions: tuple[Portion, ...], name_words: Collection[str]) -> Portion | None:
    """The portion one of the food is, when no measure is said ("an egg", "a banana", "a shake")."""
    counted = [p for p in portions if p.kind == "count" and not _VAGUE & set(p.words())]

    def rank(p: Portion) -> int:
        first = p.words()[0] if p.words() else ""
        if first in name_words:
            return 0  # "breast" of a chicken breast
        if first in _SIZES:
            return 1
        return 2 if p.unit in COUNTS else 3

    if counted:
        return min(counted, key=rank)  # min keeps the earliest of a rank: USDA lists the usual first
    return portions[0] if portions else None


def to_grams(
    portions: tuple[Portion, ...],
    amount: float,
    unit: str | None,
    name_words: Collection[str] = (),
    drink: bool = False,
) -> float:
    """Grams of `amount` `unit` of a food with these measures. Raises NoMeasure when the food has no
    measure for the unit, or (a count) none at all."""
    unit = unit_of(unit)
    if unit in MASS_G:
        return amount * MASS_G[unit]
    if unit in VOLUME_ML:
        ml = amount * VOLUME_ML[unit]
        same = next((p for p in portions if p.unit == unit), None)
        if same is not None:
            return amount * same.per_one
        volume = next((p for p in portions if p.kind == "volume"), None)
        if volume is not None:
            return ml * volume.per_one / VOLUME_ML[volume.unit]
        if drink:
            return ml  # water-like: 1 g per ml
        raise NoMeasure(f"no volume measure for this food: say grams or ounces ({_listed(portions)})")
    if unit is None or unit in COUNTS:
        named = next((p for p in portions if unit is not None and p.unit == unit), None)
        found = named or usual(portions, name_words)
        if found is None:
            raise NoMeasure("this food has no serving size: say grams or ounces")
        return amount * (found.per_one if found.kind == "count" else found.grams)
    named = next((p for p in portions if p.unit == unit), None) or next(
        (p for p in portions if unit in p.words()), None
    )
    if named is None:
        raise NoMeasure(f"no '{unit}' measure for this food ({_listed(portions)})")
    return amount * named.per_one


def _listed(portions: tuple[Portion, ...]) -> str:
    shown = [p.label for p in portions[:6]]
    return "measures: " + ", ".join(["g", "oz", *shown]) if shown else "grams or ounces only"
