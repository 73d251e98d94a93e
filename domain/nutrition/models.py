"""The nutrition tables: a lifter's own foods, what they ate (per meal), and meals saved to log again.

A food log keeps what was eaten as it was said (amount and unit), the grams that came to, and the
energy and macros of those grams, worked out when it was logged: a day's totals are a sum of
columns, and changing or deleting a food later does not rewrite what was eaten. `day` is the
lifter's local day of the meal (their time zone when it was logged), so a day's read is one
indexed range. Imported by domain/models.py, so these tables are in `Base.metadata` (and in a
lifter's export and erasure: domain/account.py) wherever the models are.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, Float, ForeignKey, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from domain.models import Base, new_id, utcnow


class CustomFood(Base):
    """A food of the lifter's own (a protein bar, a recipe), per 100 g like the shipped table."""

    __tablename__ = "custom_foods"
    __table_args__ = (Index("ix_custom_foods_user_created", "user_id", "created_at"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    brand: Mapped[str | None] = mapped_column(String(100))
    energy_kcal: Mapped[float] = mapped_column(Float)
    protein_g: Mapped[float] = mapped_column(Float, default=0.0)
    carbs_g: Mapped[float] = mapped_column(Float, default=0.0)
    fat_g: Mapped[float] = mapped_column(Float, default=0.0)
    fibre_g: Mapped[float] = mapped_column(Float, default=0.0)
    portions: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{"amount", "measure", "grams"}]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class FoodLog(Base):
    """One food eaten: the amount said, its grams, and their nutrients (not per 100 g)."""

    __tablename__ = "food_logs"
    __table_args__ = (
        Index("ix_food_logs_user_day", "user_id", "day"),
        Index("ix_food_logs_user_batch", "user_id", "batch_id"),
    )
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    meal: Mapped[str] = mapped_column(String(16))  # breakfast, lunch, dinner, snack
    eaten_at: Mapped[datetime] = mapped_column(default=utcnow)
    food_id: Mapped[str] = mapped_column(String(64))  # usda-NDB, or a custom food's id
    food_name: Mapped[str] = mapped_column(String(200))
    amount: Mapped[float] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(40))
    grams: Mapped[float] = mapped_column(Float)
    energy_kcal: Mapped[float] = mapped_column(Float)
    protein_g: Mapped[float] = mapped_column(Float)
    carbs_g: Mapped[float] = mapped_column(Float)
    fat_g: Mapped[float] = mapped_column(Float)
    fibre_g: Mapped[float] = mapped_column(Float)
    batch_id: Mapped[uuid.UUID] = mapped_column(Uuid, default=new_id)  # the foods logged together
    source: Mapped[str] = mapped_column(String(32), default="api")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SavedMeal(Base):
    """Foods eaten together often ("my usual breakfast"), logged again in one go."""

    __tablename__ = "saved_meals"
    __table_args__ = (Index("ix_saved_meals_user_created", "user_id", "created_at"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    meal: Mapped[str | None] = mapped_column(String(16))  # the meal it is usually eaten at
    items: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{"food_id", "amount", "unit"}]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
