"""Foods: typo-tolerant search over the shipped table (USDA SR28) and your own foods, and your own
foods made, changed and removed."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Body, Path, Query, status

from channels.http.deps import App, Limit, PageNo, Reader, Writer
from channels.http.errors import ApiError
from channels.http.openapi import errors
from channels.http.routers import Router
from channels.http.schemas import ListOut, OneLine, PageMeta
from channels.http.schemas.nutrition import CUSTOM_EXAMPLES, FOOD_ID_SAID, CustomFoodIn, CustomFoodPatch, FoodOut
from domain import commands as c
from domain.nutrition import foods as lookups
from domain.nutrition.foods import own_food
from domain.nutrition.table import PREFIX

router = Router(prefix="/foods", tags=["nutrition"])
FoodRef = Annotated[str, Path(min_length=1, max_length=64, description=FOOD_ID_SAID), OneLine]

SearchText = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=100,
        description="words of the food's name, typos and all (`chiken brest`); left out: your own foods, newest first",
    ),
    OneLine,
]


async def search_foods(who: Reader, spotter: App, limit: int, page: int, q: str | None) -> ListOut[FoodOut]:
    """The search both paths answer (GET /foods?q= and the contract's GET /nutrition/foods?search=)."""
    async with spotter.reader() as uow:
        own = await lookups.own_foods(uow, who.user_id)
    if q is None:
        shown = own[(page - 1) * limit : page * limit]
        meta = PageMeta(page=page, limit=limit, total=len(own), has_next=page * limit < len(own))
        return ListOut[FoodOut](data=[FoodOut.of(f) for f in shown], meta=meta)
    hits = lookups.search(q, own, limit) if page == 1 else []
    return ListOut[FoodOut](
        data=[FoodOut.hit(h) for h in hits], meta=PageMeta(page=page, limit=limit, total=len(hits), has_next=False)
    )


@router.get("")
async def list_foods(
    who: Reader, spotter: App, limit: Limit, page: PageNo = 1, q: SearchText = None
) -> ListOut[FoodOut]:
    """Foods whose names match `q` best first: your own foods that match well, then the shipped
    table's (common names such as "chicken breast" or "protein shake" first), each with its values
    per 100 g and its household measures (what a cup, a slice or a large one weighs). One page of
    at most `limit`; without `q`, your own foods."""
    return await search_foods(who, spotter, limit, page, q)


@router.get("/{food_id}", responses=errors(404))
async def get_food(food_id: FoodRef, who: Reader, spotter: App) -> FoodOut:
    """A shipped food (`usda-05064`) or one of your own."""
    async with spotter.reader() as uow:
        found = await lookups.find_food(uow, who.user_id, food_id)
    if found is None:
        raise ApiError(404, "Food not found")
    return FoodOut.of(found)


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_food(
    body: Annotated[CustomFoodIn, Body(openapi_examples=CUSTOM_EXAMPLES)], who: Writer, spotter: App
) -> FoodOut:
    """A food of your own, from its label: values for `per_grams` grams (stored per 100 g), and its
    measures (a bar, a scoop). Search finds it beside the shipped foods; logs refer to it by id."""
    row = await spotter.bus.handle(c.CreateCustomFood(who.user_id, body.model_dump()))
    return FoodOut.of(own_food(row))


def _own_id(food_id: str) -> uuid.UUID:
    if food_id.startswith(PREFIX):
        raise ApiError(403, "The shipped table's foods cannot be changed: make a food of your own (POST /foods)")
    key = lookups.as_uuid(food_id)
    if key is None:
        raise ApiError(404, "Food not found")
    return key


@router.patch("/{food_id}", responses=errors(403, 404))
async def update_food(food_id: FoodRef, body: CustomFoodPatch, who: Writer, spotter: App) -> FoodOut:
    """Change one of your own foods (what was logged before keeps the values it was logged with)."""
    changes = body.given()
    if not changes:
        raise ApiError(422, "Nothing to change", [{"field": "body", "message": "give at least one field"}])
    row = await spotter.bus.handle(c.UpdateCustomFood(who.user_id, _own_id(food_id), changes))
    return FoodOut.of(own_food(row))


@router.delete("/{food_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(403, 404))
async def delete_food(food_id: FoodRef, who: Writer, spotter: App) -> None:
    """Remove one of your own foods; what was logged of it stays."""
    await spotter.bus.handle(c.DeleteCustomFood(who.user_id, _own_id(food_id)))
