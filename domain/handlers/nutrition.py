"""Logging what a lifter eats, their own foods and saved meals (domain/nutrition/ holds the rest).

Every food log goes through `_write`: the foods are found (the shipped table's or the lifter's own;
another lifter's food is not found), each amount is turned into grams through the food's measures,
and the nutrients of those grams are stored with the row, in one transaction, with a `food.logged`
event per food. Everything wrong with a request is reported at once (`entries[2].unit`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from domain import commands as c
from domain import events as ev
from domain.days import today, zone
from domain.errors import NotFound
from domain.models import CustomFood, FoodLog, SavedMeal, User, utcnow
from domain.nutrition.checks import MEALS, check_amount, check_food_values, check_name, meal_at
from domain.nutrition.foods import custom_row, find_foods
from domain.nutrition.portions import NoMeasure
from domain.nutrition.table import NUTRIENTS, Food
from domain.uow import UnitOfWork
from domain.validation import Checker

MAX_FOODS_PER_LOG = 50
MAX_GRAMS = 10_000  # one food, one log: 10 kg (ten litres of water)
DAYS_BACK = 3660


@dataclass(frozen=True)
class FoodsLogged:
    rows: list[FoodLog]
    batch_id: uuid.UUID


async def _user(uow: UnitOfWork, user_id: uuid.UUID) -> User:
    user = await uow.session.get(User, user_id)
    if user is None:
        raise NotFound("User not found")
    return user


def _when(check: Checker, user: User, day: date | None, eaten_at: datetime | None) -> tuple[date, datetime]:
    """The local day and the instant of a meal: from `eaten_at` (now), or noon of `day` when only a day
    is given (a day of the past logged afterwards)."""
    tz, now = zone(user.timezone), utcnow()
    if eaten_at is not None and not 1900 <= eaten_at.year <= 2999:
        check.add("eaten_at", "must be in the years 1900-2999")
        eaten_at = None
    elif eaten_at is not None and eaten_at > now + timedelta(days=1):
        check.add("eaten_at", "must not be more than a day ahead")
    if day is None:
        at = eaten_at or now
        day = at.astimezone(tz).date()
    else:
        at = eaten_at or (now if day == today(user) else datetime.combine(day, time(12), tzinfo=tz))
    current = today(user)
    if not current - timedelta(days=DAYS_BACK) <= day <= current + timedelta(days=1):
        check.add("day", "must be within the last ten years and not after tomorrow")
    return day, at


def _measured(
    check: Checker, foods: dict[str, Food], entries: Sequence[c.FoodEntry], where: Callable[[int, str], str]
) -> list[tuple[c.FoodEntry, Food, float]]:
    """Each entry with its food and grams; problems go to `check`."""
    out = []
    if not 1 <= len(entries) <= MAX_FOODS_PER_LOG:
        check.add(where(-1, "entries"), f"must hold 1 to {MAX_FOODS_PER_LOG} foods")
    for i, e in enumerate(entries[:MAX_FOODS_PER_LOG]):
        f = foods.get(e.food_id)
        if f is None:
            check.add(where(i, "food_id"), "no such food (a shipped food's usda-... id, or one of your own)")
        if not check_amount(check, where(i, "amount"), e.amount) or f is None:
            continue
        try:
            grams = round(f.grams(e.amount, e.unit), 2)
        except NoMeasure as exc:
            check.add(where(i, "unit"), str(exc))
            continue
        if not 0 < grams <= MAX_GRAMS:
            check.add(where(i, "amount"), f"comes to {grams:g} g; one food of one log is at most {MAX_GRAMS} g")
            continue
        out.append((e, f, grams))
    return out


def _row(entry: c.FoodEntry, f: Food, grams: float, log: FoodLog) -> FoodLog:
    log.food_id, log.food_name = f.id, f.name[:200]
    log.amount, log.unit, log.grams = entry.amount, entry.unit, grams
    for name, value in f.nutrients(grams).as_dict().items():
        setattr(log, name, value)
    return log


def _in_batch(i: int, name: str) -> str:
    return "entries" if i < 0 else f"entries[{i}].{name}"


async def _write(
    uow: UnitOfWork,
    user: User,
    entries: Sequence[c.FoodEntry],
    meal: str | None,
    day: date | None,
    eaten_at: datetime | None,
    source: str,
    where: Callable[[int, str], str] = _in_batch,
) -> FoodsLogged:
    check = Checker()
    check.choice("meal", meal, MEALS)
    day, at = _when(check, user, day, eaten_at)
    foods = await find_foods(uow, user.id, [e.food_id for e in entries])
    measured = _measured(check, foods, entries, where)
    check.raise_if_any()
    batch, now = uuid.uuid4(), utcnow()
    meal = meal or meal_at(at.astimezone(zone(user.timezone)))
    rows = [
        _row(e, f, grams, FoodLog(user_id=user.id, day=day, meal=meal, eaten_at=at, batch_id=batch, source=source))
        for e, f, grams in measured
    ]
    for k, row in enumerate(rows):  # a microsecond apart: a day reads them in the order said
        row.created_at = row.updated_at = now + timedelta(microseconds=k)
    uow.session.add_all(rows)
    await uow.session.flush()
    uow.add_event(*(ev.FoodLogged(user.id, ev.food_log_data(r)) for r in rows))
    await uow.commit()
    return FoodsLogged(rows, batch)


async def log_foods(cmd: c.LogFoods, uow: UnitOfWork) -> FoodsLogged:
    user = await _user(uow, cmd.user_id)
    return await _write(uow, user, cmd.entries, cmd.meal, cmd.day, cmd.eaten_at, cmd.source)


async def _owned_log(uow: UnitOfWork, user_id: uuid.UUID, log_id: uuid.UUID) -> FoodLog:
    row = await uow.session.scalar(select(FoodLog).where(FoodLog.id == log_id, FoodLog.user_id == user_id))
    if row is None:
        raise NotFound("Food log not found")
    return row


async def update_food_log(cmd: c.UpdateFoodLog, uow: UnitOfWork) -> FoodLog:
    """A new amount, unit or food is measured again; a new day, time or meal moves the entry."""
    user = await _user(uow, cmd.user_id)
    row = await _owned_log(uow, user.id, cmd.log_id)
    ch = cmd.changes
    check = Checker()
    check.choice("meal", ch.get("meal"), MEALS)
    if "day" in ch or "eaten_at" in ch:
        row.day, row.eaten_at = _when(
            check, user, ch.get("day"), ch.get("eaten_at") or (None if "day" in ch else row.eaten_at)
        )
    if {"amount", "unit", "food_id"} & ch.keys():
        entry = c.FoodEntry(ch.get("food_id", row.food_id), ch.get("amount", row.amount), ch.get("unit", row.unit))
        foods = await find_foods(uow, user.id, [entry.food_id])
        measured = _measured(check, foods, [entry], lambda i, name: "body" if i < 0 else name)
        if measured:
            _row(*measured[0], row)
    check.raise_if_any()
    if ch.get("meal") is not None:
        row.meal = ch["meal"]
    row.updated_at = utcnow()
    uow.add_event(ev.FoodLogUpdated(user.id, ev.food_log_data(row)))
    await uow.commit()
    return row


async def delete_food_log(cmd: c.DeleteFoodLog, uow: UnitOfWork) -> None:
    row = await _owned_log(uow, cmd.user_id, cmd.log_id)
    await uow.session.delete(row)
    uow.add_event(ev.FoodLogDeleted(cmd.user_id, {"id": str(row.id), "day": row.day.isoformat()}))
    await uow.commit()


async def delete_food_batch(cmd: c.DeleteFoodBatch, uow: UnitOfWork) -> list[FoodLog]:
    rows = list(
        await uow.session.scalars(
            select(FoodLog).where(FoodLog.user_id == cmd.user_id, FoodLog.batch_id == cmd.batch_id)
        )
    )
    for row in rows:
        await uow.session.delete(row)
    uow.add_event(*(ev.FoodLogDeleted(cmd.user_id, {"id": str(r.id), "day": r.day.isoformat()}) for r in rows))
    await uow.commit()
    return rows


# A lifter's own foods ---------------------------------------------------------------------------


async def create_custom_food(cmd: c.CreateCustomFood, uow: UnitOfWork) -> CustomFood:
    values = check_food_values(cmd.values, whole=True)
    now = utcnow()
    row = CustomFood(user_id=cmd.user_id, created_at=now, updated_at=now, **values)
    uow.session.add(row)
    await uow.commit()
    return row


async def _own(uow: UnitOfWork, user_id: uuid.UUID, food_id: uuid.UUID) -> CustomFood:
    row = await custom_row(uow, user_id, food_id)
    if row is None:
        raise NotFound("Food not found")
    return row


async def update_custom_food(cmd: c.UpdateCustomFood, uow: UnitOfWork) -> CustomFood:
    """What was logged before keeps the nutrients it was logged with."""
    row = await _own(uow, cmd.user_id, cmd.food_id)
    changes = dict(cmd.changes)
    per = changes.pop("per_grams", None) or 100.0
    for name in NUTRIENTS:  # values given for `per_grams` grams; those kept are per 100 g already
        if changes.get(name) is not None:
            changes[name] = changes[name] * 100.0 / per
    current = {n: getattr(row, n) for n in ("name", "brand", *NUTRIENTS)}
    values = check_food_values({**current, "portions": row.portions, **changes}, whole=False)
    for name, value in values.items():
        setattr(row, name, value)
    row.updated_at = utcnow()
    await uow.commit()
    return row


async def delete_custom_food(cmd: c.DeleteCustomFood, uow: UnitOfWork) -> None:
    """Logs of it stay (with its name and nutrients as logged); saved meals with it cannot be logged
    until it is taken out of them."""
    row = await _own(uow, cmd.user_id, cmd.food_id)
    await uow.session.delete(row)
    await uow.commit()


# Saved meals ------------------------------------------------------------------------------------

MAX_ITEMS = 30


def _items(entries: Sequence[c.FoodEntry]) -> list[dict[str, Any]]:
    return [{"food_id": e.food_id, "amount": e.amount, "unit": e.unit} for e in entries]


def _entries(meal: SavedMeal) -> tuple[c.FoodEntry, ...]:
    return tuple(c.FoodEntry(str(i["food_id"]), float(i["amount"]), i.get("unit")) for i in meal.items or [])


def _in_items(i: int, name: str) -> str:
    return "items" if i < 0 else f"items[{i}].{name}"


async def _check_meal(
    uow: UnitOfWork, user_id: uuid.UUID, name: str | None, meal: str | None, items: Sequence[c.FoodEntry] | None
) -> None:
    check = Checker()
    if name is not None:
        check_name(check, "name", name)
    check.choice("meal", meal, MEALS)
    if items is not None:
        if len(items) > MAX_ITEMS:
            check.add("items", f"must hold 1 to {MAX_ITEMS} foods")
        foods = await find_foods(uow, user_id, [e.food_id for e in items])
        _measured(check, foods, items, _in_items)
    check.raise_if_any()


async def create_saved_meal(cmd: c.CreateSavedMeal, uow: UnitOfWork) -> SavedMeal:
    await _check_meal(uow, cmd.user_id, cmd.name, cmd.meal, cmd.items)
    now = utcnow()
    row = SavedMeal(user_id=cmd.user_id, name=cmd.name.strip(), meal=cmd.meal, items=_items(cmd.items))
    row.created_at = row.updated_at = now
    uow.session.add(row)
    await uow.commit()
    return row


async def _owned_meal(uow: UnitOfWork, user_id: uuid.UUID, meal_id: uuid.UUID) -> SavedMeal:
    row = await uow.session.scalar(select(SavedMeal).where(SavedMeal.id == meal_id, SavedMeal.user_id == user_id))
    if row is None:
        raise NotFound("Saved meal not found")
    return row


async def update_saved_meal(cmd: c.UpdateSavedMeal, uow: UnitOfWork) -> SavedMeal:
    row = await _owned_meal(uow, cmd.user_id, cmd.meal_id)
    ch = cmd.changes
    await _check_meal(uow, cmd.user_id, ch.get("name"), ch.get("meal"), ch.get("items"))
    if ch.get("name") is not None:
        row.name = ch["name"].strip()
    if "meal" in ch:
        row.meal = ch["meal"]
    if ch.get("items") is not None:
        row.items = _items(ch["items"])
    row.updated_at = utcnow()
    await uow.commit()
    return row


async def delete_saved_meal(cmd: c.DeleteSavedMeal, uow: UnitOfWork) -> None:
    row = await _owned_meal(uow, cmd.user_id, cmd.meal_id)
    await uow.session.delete(row)
    await uow.commit()


async def log_saved_meal(cmd: c.LogSavedMeal, uow: UnitOfWork) -> FoodsLogged:
    user = await _user(uow, cmd.user_id)
    saved = await _owned_meal(uow, user.id, cmd.meal_id)
    check = Checker()
    check.range("servings", cmd.servings, 0.05, 20)
    check.raise_if_any()
    entries = [c.FoodEntry(e.food_id, round(e.amount * cmd.servings, 3), e.unit) for e in _entries(saved)]
    meal = cmd.meal or saved.meal
    return await _write(uow, user, entries, meal, cmd.day, cmd.eaten_at, cmd.source, _in_items)
