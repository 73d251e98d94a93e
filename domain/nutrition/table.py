"""Foods: the table that ships with Spotter (USDA SR28, see build.py) and a lifter's own.

A food's nutrients are per 100 g; its portions say what a cup, a slice or a large one of it weighs
(domain/nutrition/portions.py). Shipped foods have ids `usda-<NDB number>`; a lifter's own foods
are rows of `custom_foods` with a UUID, read into the same shape.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from domain.catalog.normalize import words
from domain.nutrition.common import COMMON_NAMES
from domain.nutrition.portions import Portion, to_grams

TABLE_PATH = Path(__file__).with_name("foods.json.gz")
PREFIX = "usda-"
NUTRIENTS = ("energy_kcal", "protein_g", "carbs_g", "fat_g", "fibre_g")
DRINK_GROUPS = {"Beverages"}


@dataclass(frozen=True)
class Nutrients:
    energy_kcal: float = 0.0
    protein_g: float = 0.0
    carbs_g: float = 0.0
    fat_g: float = 0.0
    fibre_g: float = 0.0

    def scaled(self, factor: float) -> Nutrients:
        return Nutrients(*(round(getattr(self, n) * factor, 2) for n in NUTRIENTS))

    def plus(self, other: Nutrients) -> Nutrients:
        return Nutrients(*(round(getattr(self, n) + getattr(other, n), 2) for n in NUTRIENTS))

    def as_dict(self) -> dict[str, float]:
        return {n: getattr(self, n) for n in NUTRIENTS}


@dataclass(frozen=True)
class Food:
    id: str
    name: str
    per_100g: Nutrients
    portions: tuple[Portion, ...] = ()
    group: str = ""
    aliases: tuple[str, ...] = ()
    custom: bool = False
    name_words: frozenset[str] = field(default=frozenset(), compare=False)

    def grams(self, amount: float, unit: str | None) -> float:
        """Grams of `amount` `unit` of this food (portions.NoMeasure when it has no such measure)."""
        said = self.name_words | {w for a in self.aliases for w in words(a)}
        return to_grams(self.portions, amount, unit, said, drink=self.group in DRINK_GROUPS)

    def nutrients(self, grams: float) -> Nutrients:
        return self.per_100g.scaled(grams / 100.0)


def food(
    food_id: str,
    name: str,
    per_100g: Nutrients,
    portions: tuple[Portion, ...] = (),
    group: str = "",
    aliases: tuple[str, ...] = (),
    custom: bool = False,
) -> Food:
    return Food(food_id, name, per_100g, portions, group, aliases, custom, frozenset(words(name)))


def _row(row: list[Any]) -> Food:
    ndb, name, group, *values, portions = row
    return food(
        PREFIX + ndb,
        name,
        Nutrients(*(float(v) for v in values)),
        tuple(Portion(float(a), str(m), float(g)) for a, m, g in portions),
        group,
        COMMON_NAMES.get(ndb, ()),
    )


@dataclass
class FoodTable:
    foods: dict[str, Food]
    source: str = ""
    licence: str = ""

    def get(self, food_id: str) -> Food | None:
        return self.foods.get(food_id)


def load_table(path: Path = TABLE_PATH) -> FoodTable:
    data = json.loads(gzip.decompress(path.read_bytes()))
    foods = {f.id: f for f in map(_row, data["foods"])}
    return FoodTable(foods, data.get("source", ""), data.get("licence", ""))


@lru_cache(maxsize=1)
def default_table() -> FoodTable:
    """The shipped table, read once per process on first use (not at import)."""
    return load_table()
