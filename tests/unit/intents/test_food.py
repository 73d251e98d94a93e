"""Food in words (intents/food.py): one phrase family per test, many phrasings, several not in any
example in the code; and what must stay a set, a metric or another command."""

from __future__ import annotations

from typing import Any

import pytest

from intents import Parser
from intents.commands import FoodItem, LogFood, ParseResult, QueryNutrition
from intents.food import FoodResolver, read_amount, settle
from intents.normalize import words

CHICKEN, RICE, EGG, WHEY, OATS, BANANA = (
    "usda-05064",
    "usda-20045",
    "usda-01123",
    "usda-14066",
    "usda-08120",
    "usda-09040",
)


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser()


def food_of(result: ParseResult) -> LogFood:
    assert len(result.commands) == 1, result
    cmd = result.commands[0]
    assert isinstance(cmd, LogFood), result
    return cmd


def items(result: ParseResult) -> list[tuple[Any, ...]]:
    return [(i.food_id, i.amount, i.unit) for i in food_of(result).items]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("log 200 grams of chicken breast and a cup of rice", [(CHICKEN, 200, "g"), (RICE, 1, "cup")]),
        ("200g chicken breast, 1 cup rice", [(CHICKEN, 200, "g"), (RICE, 1, "cup")]),
        ("I ate two hundred grams of chicken", [(CHICKEN, 200, "g")]),
        ("just had 7 oz of grilled chicken", [(CHICKEN, 7, "oz")]),
        ("chicken breast, 200 grams", [(CHICKEN, 200, "g")]),
        ("had rice, one cup, and 2 eggs", [(RICE, 1, "cup"), (EGG, 2, None)]),
        ("ate 1.5 cups of white rice", [(RICE, 1.5, "cup")]),
        ("i had half a cup of oats with a banana", [(OATS, 0.5, "cup"), (BANANA, 1, None)]),
        ("had two large eggs", [(EGG, 2, "large")]),
        ("add 50 grams of whey", [(WHEY, 50, "g")]),
        ("had 2 scoops of whey protein", [(WHEY, 2, "scoop")]),
        ("i've had a couple of eggs", [(EGG, 2, None)]),
        ("drank a glass of orange juice", [("usda-09206", 1, "cup")]),
        ("drank 500 ml of milk", [("usda-01077", 500, "ml")]),
        ("snacked on 30g of almonds", [("usda-12061", 30, "g")]),
        ("ate a medium banana", [(BANANA, 1, "medium")]),
        ("had 3 slices of bread", [("usda-18069", 3, "slice")]),
        ("one and a half scoops of whey", [(WHEY, 1.5, "scoop")]),
        ("i had 150 grams of chiken brest", [(CHICKEN, 150, "g")]),
        ("had 2 tablespoons of peanut butter", [("usda-16098", 2, "tbsp")]),
        ("ate a 12 ounce steak", [("usda-13455", 12, "oz")]),
        ("i had 4 ounces of salmon and some broccoli", [("usda-15209", 4, "oz"), ("usda-11091", None, None)]),
    ],
)
def test_foods_with_amounts_and_measures(parser: Parser, text: str, want: list[tuple[Any, ...]]) -> None:
    assert items(parser.parse(text)) == want


@pytest.mark.parametrize(
    "text",
    [
        "had a protein shake",
        "drank a protein shake",
        "just had my protein shake",
        "i had a shake",
        "grabbed a protein shake",
    ],
)
def test_a_protein_shake_is_one_serving(parser: Parser, text: str) -> None:
    result = parser.parse(text)
    assert items(result) == [(WHEY, 1, None)] and result.clarification is None


@pytest.mark.parametrize(
    ("text", "meal"),
    [
        ("I ate 3 eggs for breakfast", "breakfast"),
        ("for lunch I had 200 g of rice", "lunch"),
        ("had a banana as a snack", "snack"),
        ("ate 300 grams of potatoes for supper", "dinner"),
        ("had 2 eggs this morning", "breakfast"),
        ("I just had four hundred grams of potatoes tonight", "dinner"),
        ("had 2 eggs", None),
    ],
)
def test_the_meal_said(parser: Parser, text: str, meal: str | None) -> None:
    assert food_of(parser.parse(text)).meal == meal


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("log chicken breast", "How much chicken breast?"),
        ("had rice for dinner", "How much rice?"),
        ("ate some chicken", "How much chicken?"),
        ("had eggs", "How many eggs?"),
        ("I had a bit of oatmeal", "How much oatmeal?"),
    ],
)
def test_an_amount_not_said_is_asked(parser: Parser, text: str, question: str) -> None:
    result = parser.parse(text)
    assert result.clarification is not None and result.clarification.question == question
    assert result.clarification.missing == ["amount"]
    assert food_of(result).items[0].amount is None


def test_a_food_not_known_is_asked(parser: Parser) -> None:
    result = parser.parse("had a bowl of xyzzy")
    assert result.clarification is not None and result.clarification.missing == ["food"]
    assert food_of(result).items[0].food_id is None


@pytest.mark.parametrize(
    ("text", "nutrient", "period"),
    [
        ("how much protein today", "protein", None),
        ("how much protein have I had", "protein", None),
        ("how many calories have I eaten today", "energy", None),
        ("calories left", "energy", None),
        ("what are my macros", None, None),
        ("how many carbs so far", "carbs", None),
        ("am I on track with my fibre", "fibre", None),
        ("how much fat did I eat yesterday", "fat", "yesterday"),
        ("what did I eat yesterday", None, "yesterday"),
        ("how much protein did I get last week", "protein", "last_week"),
        ("total kcal this week", "energy", "this_week"),
    ],
)
def test_questions_about_the_day(parser: Parser, text: str, nutrient: str | None, period: str | None) -> None:
    result = parser.parse(text)
    assert result.commands == [QueryNutrition(nutrient=nutrient, period=period)], result  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("bench 135 for 8", "log_sets"),
        ("squat 2 plates for 5", "log_sets"),
        ("135 for ate", "log_sets"),
        ("5 by ate", "log_sets"),
        ("add 10 pounds, 5 reps", "log_sets"),
        ("had 3 sets of bench", "log_sets"),
        ("log that again", "repeat_last"),
        ("log my weight 81.3 kg", "log_metric"),
        ("drank 2 liters of water", "log_metric"),
        ("how much did I squat last week", "query_last"),
        ("how much body fat do I have", "unknown"),
        ("rest 90 seconds", "start_rest"),
    ],
)
def test_what_is_not_food_stays_what_it_was(parser: Parser, text: str, intent: str) -> None:
    assert parser.parse(text).commands[0].intent == intent


def test_own_foods_come_first(parser: Parser) -> None:
    own = [{"id": "7d4c7f1e-4a4b-4e52-9f0a-0b0c0d0e0f10", "name": "Zorbo protein bar"}]
    result = parser.parse("had a zorbo bar", {"custom_foods": own})
    assert items(result) == [(own[0]["id"], 1, None)]


@pytest.mark.parametrize(
    ("said", "want"),
    [("200 grams", (200, "g")), ("a cup", (1, "cup")), ("two", (2, None)), ("about 150 g", (150, "g")), ("rice", None)],
)
def test_an_answer_to_how_much(said: str, want: tuple[float, str | None] | None) -> None:
    assert read_amount(words(said)) == want


def test_the_language_models_foods_are_settled_as_the_grammars() -> None:
    said = LogFood(
        items=[
            FoodItem(food="chicken breast", food_id="usda-99999", amount=200, unit="grams"),
            FoodItem(food="rice", food_id=None, amount=-3, unit="cups"),
            FoodItem(food="moon rocks", food_id="someone-elses", amount=1),
        ]
    )
    got = settle(said, FoodResolver())
    assert [(i.food_id, i.amount, i.unit) for i in got.items] == [
        (CHICKEN, 200, "g"),
        (RICE, None, "cup"),
        (None, 1, None),
    ]
