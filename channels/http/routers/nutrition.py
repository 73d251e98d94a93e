"""What a lifter eats: food logs per meal, a day's totals against the targets set on /me, saved
meals, and the contract's path to food search (GET /nutrition/foods?search=)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import Body, Query, status

from channels.http.deps import App, Limit, PageNo, Reader, Writer
from channels.http.errors import ApiError
from channels.http.openapi import errors
from channels.http.routers import Router, literal_paths_first
from channels.http.routers.foods import SearchText, search_foods
from channels.http.schemas import Day, ListOut, PageMeta
from channels.http.schemas.nutrition import (
    LOG_EXAMPLES,
    SAVED_EXAMPLES,
    DayOut,
    FoodEntryIn,
    FoodLogIn,
    FoodLogOut,
    FoodLogPatch,
    FoodOut,
    FoodsLoggedOut,
    LogSavedMealIn,
    Meal,
    SavedMealIn,
    SavedMealOut,
    SavedMealPatch,
)
from domain import commands as c
from domain import queries
from domain.handlers.nutrition import FoodsLogged
from domain.models import SavedMeal
from domain.nutrition import days
from domain.queries import Page

router = Router(prefix="/nutrition", tags=["nutrition"])


def _entries(items: list[FoodEntryIn]) -> tuple[c.FoodEntry, ...]:
    return tuple(c.FoodEntry(e.food_id, e.amount, e.unit) for e in items)


def _logged(done: FoodsLogged) -> FoodsLoggedOut:
    return FoodsLoggedOut(data=[FoodLogOut.model_validate(r) for r in done.rows], batch_id=done.batch_id)


@router.get("/foods")
async def nutrition_foods(
    who: Reader, spotter: App, limit: Limit, page: PageNo = 1, search: SearchText = None
) -> ListOut[FoodOut]:
    """The same as GET /foods?q= (the contract's path and name for it)."""
    return await search_foods(who, spotter, limit, page, search)


@router.get("/logs")
async def list_logs(
    who: Reader,
    spotter: App,
    limit: Limit,
    page: PageNo = 1,
    day: Annotated[date | None, Query(description="one local day (YYYY-MM-DD)")] = None,
    first: Annotated[date | None, Query(alias="from", description="from this local day")] = None,
    last: Annotated[date | None, Query(alias="to", description="up to this local day, included")] = None,
    meal: Meal | None = None,
) -> ListOut[FoodLogOut]:
    """Your food logs, newest first."""
    if day is not None and (first is not None or last is not None):
        raise ApiError(422, "Give `day`, or `from` and `to`", [{"field": "day", "message": "not with from or to"}])
    async with spotter.reader() as uow:
        found: Page = await days.logs_page(
            uow, who.user_id, first=day or first, last=day or last, meal=meal, page=page, limit=limit
        )
    return ListOut[FoodLogOut](
        data=[FoodLogOut.model_validate(r) for r in found.items],
        meta=PageMeta(page=page, limit=limit, total=found.total, has_next=found.has_next),
    )


@router.post("/logs", status_code=status.HTTP_201_CREATED)
async def log_food(
    body: Annotated[FoodLogIn, Body(openapi_examples=LOG_EXAMPLES)], who: Writer, spotter: App
) -> FoodsLoggedOut:
    """Log what you ate: one food or several at one meal, each amount in grams, ounces, millilitres,
    cups, spoons, servings or a measure the food lists (`GET /foods/{id}` shows them). Each is
    stored with its grams and the energy and macros of those grams."""
    entries = _entries(body.all_entries())
    done = await spotter.bus.handle(c.LogFoods(who.user_id, entries, body.meal, body.day, body.eaten_at))
    return _logged(done)


@router.get("/logs/{log_id}", responses=errors(404))
async def get_log(log_id: uuid.UUID, who: Reader, spotter: App) -> FoodLogOut:
    async with spotter.reader() as uow:
        row = await days.food_log(uow, who.user_id, log_id)
    if row is None:
        raise ApiError(404, "Food log not found")
    return FoodLogOut.model_validate(row)


@router.patch("/logs/{log_id}", responses=errors(404))
async def update_log(log_id: uuid.UUID, body: FoodLogPatch, who: Writer, spotter: App) -> FoodLogOut:
    """Change the amount, unit or food (measured again), the meal, or the day or time."""
    changes = body.given()
    if not changes:
        raise ApiError(422, "Nothing to change", [{"field": "body", "message": "give at least one field"}])
    return FoodLogOut.model_validate(await spotter.bus.handle(c.UpdateFoodLog(who.user_id, log_id, changes)))


@router.delete("/logs/{log_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(404))
async def delete_log(log_id: uuid.UUID, who: Writer, spotter: App) -> None:
    await spotter.bus.handle(c.DeleteFoodLog(who.user_id, log_id))


@router.get("/days/{day}")
async def get_day(day: Day, who: Reader, spotter: App) -> DayOut:
    """A local day: what you ate per meal, the day's energy and macros, and each against your daily
    target (PATCH /me `nutrition_targets`): the total, the target, what remains and the percent."""
    async with spotter.reader() as uow:
        user = await queries.user(uow, who.user_id)
        if user is None:
            raise ApiError(404, "User not found")
        view = await days.day_view(uow, user, day)
    return DayOut.of(view)


@router.get("/meals")
async def list_meals(who: Reader, spotter: App, limit: Limit, page: PageNo = 1) -> ListOut[SavedMealOut]:
    """Your saved meals, newest first."""
    async with spotter.reader() as uow:
        found: Page[SavedMeal] = await days.saved_meals_page(uow, who.user_id, page, limit)
    return ListOut[SavedMealOut](
        data=[SavedMealOut.model_validate(m) for m in found.items],
        meta=PageMeta(page=page, limit=limit, total=found.total, has_next=found.has_next),
    )


@router.post("/meals", status_code=status.HTTP_201_CREATED)
async def create_meal(
    body: Annotated[SavedMealIn, Body(openapi_examples=SAVED_EXAMPLES)], who: Writer, spotter: App
) -> SavedMealOut:
    """Save foods you eat together, to log them again in one go (POST /nutrition/meals/{id}/log)."""
    row = await spotter.bus.handle(c.CreateSavedMeal(who.user_id, body.name, _entries(body.items), body.meal))
    return SavedMealOut.model_validate(row)


@router.get("/meals/{meal_id}", responses=errors(404))
async def get_meal(meal_id: uuid.UUID, who: Reader, spotter: App) -> SavedMealOut:
    async with spotter.reader() as uow:
        row = await days.saved_meal(uow, who.user_id, meal_id)
    if row is None:
        raise ApiError(404, "Saved meal not found")
    return SavedMealOut.model_validate(row)


@router.patch("/meals/{meal_id}", responses=errors(404))
async def update_meal(meal_id: uuid.UUID, body: SavedMealPatch, who: Writer, spotter: App) -> SavedMealOut:
    changes = body.given()
    if not changes:
        raise ApiError(422, "Nothing to change", [{"field": "body", "message": "give at least one field"}])
    if body.items is not None:
        changes["items"] = _entries(body.items)
    return SavedMealOut.model_validate(await spotter.bus.handle(c.UpdateSavedMeal(who.user_id, meal_id, changes)))


@router.delete("/meals/{meal_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(404))
async def delete_meal(meal_id: uuid.UUID, who: Writer, spotter: App) -> None:
    await spotter.bus.handle(c.DeleteSavedMeal(who.user_id, meal_id))


@router.post("/meals/{meal_id}/log", status_code=status.HTTP_201_CREATED, responses=errors(404))
async def log_meal(meal_id: uuid.UUID, body: LogSavedMealIn, who: Writer, spotter: App) -> FoodsLoggedOut:
    """Log a saved meal's foods as eaten now (or at `eaten_at`, on `day`), `servings` times each amount."""
    done = await spotter.bus.handle(
        c.LogSavedMeal(who.user_id, meal_id, body.servings, body.meal, body.day, body.eaten_at)
    )
    return _logged(done)


literal_paths_first(router)
