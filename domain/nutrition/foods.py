"""Finding foods for one lifter: the shipped table and their own foods, by id or by words."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select

from domain.models import CustomFood
from domain.nutrition.portions import Portion
from domain.nutrition.search import FoodIndex, Hit, default_index
from domain.nutrition.table import PREFIX, Food, Nutrients, default_table, food
from domain.uow import UnitOfWork

MAX_OWN_SEARCHED = 2000  # a lifter's own foods searched beside the table (newest first)


def own_food(row: CustomFood) -> Food:
    """A lifter's food in the shipped table's shape."""
    portions = tuple(Portion(float(p["amount"]), str(p["measure"]), float(p["grams"])) for p in row.portions or [])
    values = Nutrients(row.energy_kcal, row.protein_g, row.carbs_g, row.fat_g, row.fibre_g)
    name = f"{row.name} ({row.brand})" if row.brand else row.name
    return food(str(row.id), name, values, portions, "custom", custom=True)


def as_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


async def custom_row(uow: UnitOfWork, user_id: uuid.UUID, food_id: str | uuid.UUID) -> CustomFood | None:
    key = food_id if isinstance(food_id, uuid.UUID) else as_uuid(food_id)
    if key is None:
        return None
    return await uow.session.scalar(select(CustomFood).where(CustomFood.id == key, CustomFood.user_id == user_id))


async def find_food(uow: UnitOfWork, user_id: uuid.UUID, food_id: str) -> Food | None:
    """A shipped food (`usda-<NDB>`) or one of the lifter's own; None for anything else (another
    lifter's food is not found)."""
    if food_id.startswith(PREFIX):
        return default_table().get(food_id)
    row = await custom_row(uow, user_id, food_id)
    return own_food(row) if row is not None else None


async def find_foods(uow: UnitOfWork, user_id: uuid.UUID, ids: Sequence[str]) -> dict[str, Food]:
    """Several foods by id, in one read of the lifter's own."""
    table = default_table()
    found = {i: f for i in ids if i.startswith(PREFIX) and (f := table.get(i)) is not None}
    own = {k for i in ids if not i.startswith(PREFIX) and (k := as_uuid(i)) is not None}
    if own:
        rows = await uow.session.scalars(
            select(CustomFood).where(CustomFood.user_id == user_id, CustomFood.id.in_(own))
        )
        found.update({str(r.id): own_food(r) for r in rows})
    return found


async def own_foods(uow: UnitOfWork, user_id: uuid.UUID) -> list[Food]:
    rows = await uow.session.scalars(
        select(CustomFood)
        .where(CustomFood.user_id == user_id)
        .order_by(CustomFood.created_at.desc())
        .limit(MAX_OWN_SEARCHED)
    )
    return [own_food(r) for r in rows]


def search(query: str, own: Sequence[Food], limit: int = 20) -> list[Hit]:
    """The lifter's own foods that match well first (they named them), then the table's, then their
    own that match less well."""
    table = default_index().search(query, limit)
    if not own:
        return table
    mine = FoodIndex.build(own).search(query, limit)
    good = [h for h in mine if h.score >= 0.8]
    return (good + table + [h for h in mine if h.score < 0.8])[:limit]
