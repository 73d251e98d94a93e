"""Reading what a lifter ate: a day's foods per meal, its totals against their targets, totals of a
range of days, and pages of logs. Totals are sums of the stored columns (one indexed read)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select

from domain.models import FoodLog, SavedMeal, User
from domain.nutrition.checks import MEALS
from domain.nutrition.table import NUTRIENTS, Nutrients
from domain.queries import Page, page_of
from domain.uow import UnitOfWork


@dataclass(frozen=True)
class Against:
    """One nutrient's total against its target (None when no target is set)."""

    total: float
    target: float | None

    @property
    def remaining(self) -> float | None:
        return None if self.target is None else round(max(self.target - self.total, 0.0), 2)

    @property
    def percent(self) -> float | None:
        if self.target is None:
            return None
        return round(100.0 * self.total / self.target, 1) if self.target > 0 else 100.0


@dataclass(frozen=True)
class MealView:
    meal: str
    totals: Nutrients
    entries: list[FoodLog] = field(default_factory=list)


@dataclass(frozen=True)
class DayView:
    day: date
    totals: Nutrients
    meals: list[MealView]
    targets: dict[str, float]

    def against(self) -> dict[str, Against]:
        return {n: Against(getattr(self.totals, n), self.targets.get(n)) for n in NUTRIENTS}


def _sum(rows: list[FoodLog]) -> Nutrients:
    total = Nutrients()
    for r in rows:
        total = total.plus(Nutrients(*(getattr(r, n) for n in NUTRIENTS)))
    return total


def targets_of(user: User) -> dict[str, float]:
    return {k: float(v) for k, v in (user.nutrition_targets or {}).items() if v is not None}


async def day_view(uow: UnitOfWork, user: User, day: date) -> DayView:
    rows = list(
        await uow.session.scalars(
            select(FoodLog)
            .where(FoodLog.user_id == user.id, FoodLog.day == day)
            .order_by(FoodLog.eaten_at, FoodLog.created_at, FoodLog.id)
        )
    )
    meals = [MealView(m, _sum(got), got) for m in MEALS if (got := [r for r in rows if r.meal == m])]
    return DayView(day, _sum(rows), meals, targets_of(user))


@dataclass(frozen=True)
class RangeTotals:
    first: date
    last: date
    totals: Nutrients
    days_logged: int

    @property
    def per_day(self) -> Nutrients:
        """The mean of the days with anything logged."""
        return self.totals.scaled(1.0 / self.days_logged) if self.days_logged else Nutrients()


async def range_totals(uow: UnitOfWork, user_id: uuid.UUID, first: date, last: date) -> RangeTotals:
    columns = [func.coalesce(func.sum(getattr(FoodLog, n)), 0.0) for n in NUTRIENTS]
    row = (
        await uow.session.execute(
            select(*columns, func.count(func.distinct(FoodLog.day))).where(
                FoodLog.user_id == user_id, FoodLog.day >= first, FoodLog.day <= last
            )
        )
    ).one()
    totals = Nutrients(*(round(float(v), 2) for v in row[: len(NUTRIENTS)]))
    return RangeTotals(first, last, totals, int(row[-1]))


async def logs_page(
    uow: UnitOfWork,
    user_id: uuid.UUID,
    *,
    first: date | None = None,
    last: date | None = None,
    meal: str | None = None,
    page: int = 1,
    limit: int = 20,
) -> Page[FoodLog]:
    """The lifter's food logs, newest first."""
    stmt: Select[Any] = select(FoodLog).where(FoodLog.user_id == user_id)
    if first is not None:
        stmt = stmt.where(FoodLog.day >= first)
    if last is not None:
        stmt = stmt.where(FoodLog.day <= last)
    if meal is not None:
        stmt = stmt.where(FoodLog.meal == meal)
    stmt = stmt.order_by(FoodLog.day.desc(), FoodLog.eaten_at.desc(), FoodLog.id)
    found: Page[FoodLog] = await page_of(uow, stmt, page, limit)
    return found


async def food_log(uow: UnitOfWork, user_id: uuid.UUID, log_id: uuid.UUID) -> FoodLog | None:
    return await uow.session.scalar(select(FoodLog).where(FoodLog.id == log_id, FoodLog.user_id == user_id))


async def saved_meals_page(uow: UnitOfWork, user_id: uuid.UUID, page: int, limit: int) -> Page[SavedMeal]:
    stmt = select(SavedMeal).where(SavedMeal.user_id == user_id).order_by(SavedMeal.created_at.desc(), SavedMeal.id)
    found: Page[SavedMeal] = await page_of(uow, stmt, page, limit)
    return found


async def saved_meal(uow: UnitOfWork, user_id: uuid.UUID, meal_id: uuid.UUID) -> SavedMeal | None:
    return await uow.session.scalar(select(SavedMeal).where(SavedMeal.id == meal_id, SavedMeal.user_id == user_id))
