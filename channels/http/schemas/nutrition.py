"""Foods, food logs per meal, saved meals, days against targets (domain/nutrition/)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, model_validator

from channels.http.schemas import Day, In, NotNull, Out, When
from domain.nutrition.days import DayView, MealView
from domain.nutrition.search import Hit
from domain.nutrition.table import Food, Nutrients

Meal = Literal["breakfast", "lunch", "dinner", "snack"]
FOOD_ID_SAID = "a shipped food's id (`usda-` and its USDA NDB number, as search shows it) or one of your own foods' ids"
FoodId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9-]+$", description=FOOD_ID_SAID)]
UNIT_SAID = (
    "g, kg, oz, lb, ml, l, tsp, tbsp, fl oz, cup, pint, serving, piece, scoop, or a measure the food lists"
    " (slice, large, medium, fillet, bar, ...); left out: one of the food's usual portion (a large egg, a"
    " medium banana). Volumes go through the food's own cup or spoon measure."
)
MEAL_SAID = "breakfast, lunch, dinner or snack; left out: by the local time it was eaten"


class FoodEntryIn(In):
    food_id: FoodId
    amount: float = Field(gt=0, le=100_000, description="in `unit`")
    unit: str | None = Field(default=None, min_length=1, max_length=40, description=UNIT_SAID)


class FoodLogIn(In):
    """One food (`food_id`, `amount`, `unit`) or several eaten together (`entries`)."""

    ONE_OF = ("food_id", "entries")
    food_id: NotNull[FoodId] = None
    amount: NotNull[float] = Field(default=None, gt=0, le=100_000)
    unit: str | None = Field(default=None, min_length=1, max_length=40, description=UNIT_SAID)
    entries: NotNull[list[FoodEntryIn]] = Field(default=None, min_length=1, max_length=50)
    meal: Meal | None = Field(default=None, description=MEAL_SAID)
    day: Day | None = Field(default=None, description="your local day of the meal; left out: that of `eaten_at`")
    eaten_at: When | None = Field(default=None, description="left out: now (or noon of `day`)")

    @model_validator(mode="after")
    def _one_way(self) -> FoodLogIn:
        single = self.food_id is not None or self.amount is not None or self.unit is not None
        if self.entries is not None and single:
            raise ValueError("give `entries`, or `food_id` and `amount`, not both")
        if self.entries is None and (self.food_id is None or self.amount is None):
            raise ValueError("give `food_id` and `amount` (and a `unit`), or `entries`")
        return self

    def all_entries(self) -> list[FoodEntryIn]:
        if self.entries is not None:
            return self.entries
        assert self.food_id is not None and self.amount is not None
        return [FoodEntryIn.model_construct(food_id=self.food_id, amount=self.amount, unit=self.unit)]


class FoodLogPatch(In):
    CHANGES = True
    food_id: NotNull[FoodId] = None
    amount: NotNull[float] = Field(default=None, gt=0, le=100_000)
    unit: str | None = Field(default=None, min_length=1, max_length=40, description=UNIT_SAID)
    meal: NotNull[Meal] = None
    day: NotNull[Day] = None
    eaten_at: NotNull[When] = None


class NutrientsOut(BaseModel):
    energy_kcal: float
    protein_g: float
    carbs_g: float
    fat_g: float
    fibre_g: float

    @classmethod
    def of(cls, n: Nutrients) -> NutrientsOut:
        return cls(**n.as_dict())


class FoodLogOut(Out):
    id: uuid.UUID
    day: date
    meal: str
    eaten_at: datetime
    food_id: str
    food_name: str
    amount: float
    unit: str | None
    grams: float = Field(description="what the amount came to")
    energy_kcal: float = Field(description="of these grams, as logged")
    protein_g: float
    carbs_g: float
    fat_g: float
    fibre_g: float
    batch_id: uuid.UUID = Field(description="shared by the foods logged together")
    source: str
    created_at: datetime
    updated_at: datetime


LOG_EXAMPLE: dict[str, JsonValue] = {
    "id": "3f6c1a52-8f43-4bb4-9f0a-7e41d0f4f1a0",
    "day": "2025-03-01",
    "meal": "lunch",
    "eaten_at": "2025-03-01T12:30:00Z",
    "food_id": "usda-05064",
    "food_name": "Chicken, broilers or fryers, breast, meat only, cooked, roasted",
    "amount": 200,
    "unit": "g",
    "grams": 200,
    "energy_kcal": 330,
    "protein_g": 62.04,
    "carbs_g": 0,
    "fat_g": 7.14,
    "fibre_g": 0,
    "batch_id": "9d1f5a61-3c3a-4f0e-8f7c-21d4e7f3b2aa",
    "source": "api",
    "created_at": "2025-03-01T12:31:00Z",
    "updated_at": "2025-03-01T12:31:00Z",
}


class FoodsLoggedOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"data": [LOG_EXAMPLE], "batch_id": LOG_EXAMPLE["batch_id"]}]}
    )
    data: list[FoodLogOut]
    batch_id: uuid.UUID


LOG_EXAMPLES = {
    "one": {
        "summary": "200 g of chicken breast at lunch",
        "value": {"food_id": "usda-05064", "amount": 200, "unit": "g", "meal": "lunch"},
    },
    "several": {
        "summary": "Two large eggs and a slice of toast",
        "value": {
            "meal": "breakfast",
            "entries": [
                {"food_id": "usda-01123", "amount": 2, "unit": "large"},
                {"food_id": "usda-18070", "amount": 1, "unit": "slice"},
            ],
        },
    },
}


class PortionIn(In):
    amount: float = Field(default=1.0, gt=0, le=1000)
    measure: str = Field(min_length=1, max_length=80, description="bar, scoop, slice, cup, ...")
    grams: float = Field(gt=0, le=5000, description="of `amount` measures")


class PortionOut(BaseModel):
    amount: float
    measure: str
    grams: float
    label: str = Field(description="amount and measure as one text (`0.5 breast, bone and skin removed`)")


class FoodOut(BaseModel):
    id: str = Field(description=FOOD_ID_SAID)
    name: str
    custom: bool = Field(description="one of your own foods")
    group: str = Field(description="the USDA food group; `custom` for your own")
    common_names: list[str] = Field(description="what people call it (search finds it by these)")
    per_100g: NutrientsOut
    portions: list[PortionOut] = Field(description="household measures and their weight")
    match: float | None = Field(default=None, description="search: how well the words matched (0-1)")

    @classmethod
    def of(cls, f: Food, match: float | None = None) -> FoodOut:
        portions = [PortionOut(amount=p.amount, measure=p.measure, grams=p.grams, label=p.label) for p in f.portions]
        return cls(
            id=f.id,
            name=f.name,
            custom=f.custom,
            group=f.group,
            common_names=list(f.aliases),
            per_100g=NutrientsOut.of(f.per_100g),
            portions=portions,
            match=match,
        )

    @classmethod
    def hit(cls, h: Hit) -> FoodOut:
        return cls.of(h.food, h.score)


FOOD_EXAMPLE: dict[str, JsonValue] = {
    "id": "usda-05064",
    "name": "Chicken, broilers or fryers, breast, meat only, cooked, roasted",
    "custom": False,
    "group": "Poultry Products",
    "common_names": ["chicken breast", "chicken", "grilled chicken"],
    "per_100g": {"energy_kcal": 165, "protein_g": 31.02, "carbs_g": 0, "fat_g": 3.57, "fibre_g": 0},
    "portions": [
        {"amount": 1, "measure": "cup, chopped or diced", "grams": 140, "label": "cup, chopped or diced"},
        {
            "amount": 0.5,
            "measure": "breast, bone and skin removed",
            "grams": 86,
            "label": "0.5 breast, bone and skin removed",
        },
    ],
    "match": 1.0,
}
FoodOut.model_config["json_schema_extra"] = {"examples": [FOOD_EXAMPLE]}


class FoodsOut(BaseModel):
    data: list[FoodOut]


class CustomFoodIn(In):
    """Your own food. Values are for `per_grams` grams (100 unless given: a label's serving works too)."""

    name: str = Field(min_length=1, max_length=200)
    brand: str | None = Field(default=None, max_length=100)
    per_grams: float = Field(default=100.0, ge=1, le=5000, description="the grams the values below are for")
    energy_kcal: float = Field(ge=0, le=100_000)
    protein_g: float = Field(default=0.0, ge=0, le=5000)
    carbs_g: float = Field(default=0.0, ge=0, le=5000)
    fat_g: float = Field(default=0.0, ge=0, le=5000)
    fibre_g: float = Field(default=0.0, ge=0, le=5000)
    portions: list[PortionIn] = Field(default_factory=list, max_length=20)


class CustomFoodPatch(In):
    CHANGES = True
    name: NotNull[str] = Field(default=None, min_length=1, max_length=200)
    brand: str | None = Field(default=None, max_length=100)
    per_grams: NotNull[float] = Field(default=None, ge=1, le=5000, description="the grams the values given are for")
    energy_kcal: NotNull[float] = Field(default=None, ge=0, le=100_000)
    protein_g: NotNull[float] = Field(default=None, ge=0, le=5000)
    carbs_g: NotNull[float] = Field(default=None, ge=0, le=5000)
    fat_g: NotNull[float] = Field(default=None, ge=0, le=5000)
    fibre_g: NotNull[float] = Field(default=None, ge=0, le=5000)
    portions: NotNull[list[PortionIn]] = Field(default=None, max_length=20)


CUSTOM_EXAMPLES = {
    "bar": {
        "summary": "A protein bar, from its label (one 60 g bar)",
        "value": {
            "name": "Protein bar, cookie dough",
            "brand": "Acme",
            "per_grams": 60,
            "energy_kcal": 200,
            "protein_g": 21,
            "carbs_g": 22,
            "fat_g": 8,
            "fibre_g": 14,
            "portions": [{"measure": "bar", "grams": 60}],
        },
    }
}


class SavedMealIn(In):
    name: str = Field(min_length=1, max_length=200)
    meal: Meal | None = Field(default=None, description="the meal it is usually eaten at")
    items: list[FoodEntryIn] = Field(min_length=1, max_length=30)


class SavedMealPatch(In):
    CHANGES = True
    name: NotNull[str] = Field(default=None, min_length=1, max_length=200)
    meal: Meal | None = None
    items: NotNull[list[FoodEntryIn]] = Field(default=None, min_length=1, max_length=30)


class SavedItemOut(BaseModel):
    food_id: str
    amount: float
    unit: str | None


class SavedMealOut(Out):
    id: uuid.UUID
    name: str
    meal: str | None
    items: list[SavedItemOut]
    created_at: datetime
    updated_at: datetime


SAVED_EXAMPLES = {
    "breakfast": {
        "summary": "The usual breakfast",
        "value": {
            "name": "Usual breakfast",
            "meal": "breakfast",
            "items": [
                {"food_id": "usda-08120", "amount": 80, "unit": "g"},
                {"food_id": "usda-14066", "amount": 1, "unit": "scoop"},
                {"food_id": "usda-09040", "amount": 1},
            ],
        },
    }
}


class LogSavedMealIn(In):
    servings: float = Field(default=1.0, ge=0.05, le=20, description="each item's amount times this")
    meal: Meal | None = Field(default=None, description="left out: the saved meal's, else by the time")
    day: Day | None = None
    eaten_at: When | None = None


class AgainstOut(BaseModel):
    total: float
    target: float | None
    remaining: float | None = Field(description="to go, never below 0; null without a target")
    percent: float | None = Field(description="of the target; null without a target")


class MealOut(BaseModel):
    meal: str
    totals: NutrientsOut
    entries: list[FoodLogOut]

    @classmethod
    def of(cls, m: MealView) -> MealOut:
        return cls(
            meal=m.meal, totals=NutrientsOut.of(m.totals), entries=[FoodLogOut.model_validate(r) for r in m.entries]
        )


class DayOut(BaseModel):
    day: date
    totals: NutrientsOut
    targets: dict[str, float] = Field(description="your daily targets (PATCH /me `nutrition_targets`)")
    against: dict[str, AgainstOut] = Field(description="each nutrient's total against its target")
    meals: list[MealOut] = Field(description="breakfast, lunch, dinner, snack: those with something logged")

    @classmethod
    def of(cls, v: DayView) -> DayOut:
        against = {
            n: AgainstOut(total=a.total, target=a.target, remaining=a.remaining, percent=a.percent)
            for n, a in v.against().items()
        }
        return cls(
            day=v.day,
            totals=NutrientsOut.of(v.totals),
            targets=v.targets,
            against=against,
            meals=[MealOut.of(m) for m in v.meals],
        )


class NutritionTargetsIn(In):
    """Daily targets; a target left out stays as it was, a null clears it."""

    energy_kcal: float | None = Field(default=None, ge=0, le=20_000)
    protein_g: float | None = Field(default=None, ge=0, le=1000)
    carbs_g: float | None = Field(default=None, ge=0, le=2000)
    fat_g: float | None = Field(default=None, ge=0, le=1000)
    fibre_g: float | None = Field(default=None, ge=0, le=300)
