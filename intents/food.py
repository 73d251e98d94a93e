"""Food said in words: "log 200 grams of chicken breast and a cup of rice", "had a protein shake",
"2 large eggs and toast for breakfast", "how much protein today", "calories left".

A food log is a clause with an eating word (had, ate, drank, log, ...) and no lift in it, or, with
no such word, foods whose every amount has a food measure ("200 g of chicken", "a cup of rice"):
never pounds or kilos alone, which are loads. Foods are split at "and", "with", "plus" and commas;
each is [amount] [measure] [of] food, or food then amount ("chicken breast, 200 grams"). The food
is found as search finds it (domain/nutrition/search.py), the lifter's own foods first. An amount
not said ("had rice") asks how much; a food not known asks which. The same check settles what the
language model returns (`settle`), so both read foods one way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from domain.nutrition.portions import UNITS, unit_of
from domain.nutrition.search import FoodIndex, Hit, default_index
from domain.nutrition.table import Food, Nutrients, default_table, food
from intents.commands import Clarification, FoodItem, LogFood, QueryNutrition
from intents.numbers import Tok, numberize
from intents.periods import find as find_period

# Eating words, not after "for" or a number ("135 for ate" is 8 reps), and words that only log:
# those need every food said to be one the table knows ("log that again" is no food).
EAT = re.compile(
    r"(?<!\bfor )(?<!\bdid )(?<!\bgot )(?<!\bby )(?<![0-9] )"
    r"\b(had|ate|eaten|eat|eating|drank|drunk|drink|drinking|snacked on|snacking on|consumed|grabbed"
    r"|i am having|im having)\b"
)
# A set, a body metric or the workout was said, not a meal.
SET_WORDS = re.compile(
    r"\b(reps?|sets?|x|times|rpe|plates?|warm ?up|pr|weight|weigh|weighed|bodyweight|body|sleep|slept|steps"
    r"|heart|hrv|blood|pressure|waist|workout|session|routine)\b"
)
LOG = re.compile(r"\b(log|logged|add|added|track|tracked|record|recorded)\b")
MEALS = {
    "breakfast": "breakfast",
    "brekkie": "breakfast",
    "lunch": "lunch",
    "dinner": "dinner",
    "supper": "dinner",
    "tea": None,  # a drink as often as a meal
    "snack": "snack",
    "snacks": "snack",
}
MEAL_PHRASE = re.compile(
    r"\b(?:for|at|with|as|during|in|from)?\s*(?:my |a |an |the |this |today s )?(breakfast|brekkie|lunch|dinner|supper"
    r"|snacks?)\b|\bthis morning\b|\btonight\b"
)
NUTRIENTS = {
    "calorie": "energy",
    "calories": "energy",
    "cals": "energy",
    "cal": "energy",
    "kcal": "energy",
    "kcals": "energy",
    "energy": "energy",
    "protein": "protein",
    "proteins": "protein",
    "carb": "carbs",
    "carbs": "carbs",
    "carbohydrate": "carbs",
    "carbohydrates": "carbs",
    "fat": "fat",
    "fats": "fat",
    "fibre": "fibre",
    "fiber": "fibre",
    "macros": None,
    "macro": None,
    "nutrition": None,
}
ASK = re.compile(
    r"^(how|what|whats|show|tell|check|give|am i|did i|have i|total|my|todays|today s|where)\b"
    r"|\b(so far|left|remaining|to go|on track|today|total|eaten|intake)\b"
)
NUTRIENT_WORD = re.compile(r"\b(" + "|".join(NUTRIENTS) + r")\b")
WHAT_ATE = re.compile(r"\bwhat (did|have) i (eat|eaten|had)\b|\bwhat i (ate|had|have eaten)\b")
NOT_A_DAY = re.compile(r"\bbody fat\b|\bin (a|an|one|the|\d)\b|\bper\b|\bshould\b|\bneed\b|\bburn")
SEPARATORS = {"and", ",", "with", "plus", "also", "then", ";", "."}
LEADING = {
    "i", "we", "me", "just", "also", "then", "already", "have", "has", "ve", "about", "around", "roughly",
    "approximately", "maybe", "like", "only", "another",
}  # fmt: skip
LOADS = {"lb", "kg"}  # loads of a lift; a food weighed in pounds has an eating word
VAGUE = {"some", "few", "bit", "lot", "bunch", "little", "several", "many", "much", "handful"}
# Measures beside the units (portions.UNITS): the words a food's own measures start with.
MEASURES = {
    "slice",
    "large",
    "medium",
    "small",
    "fillet",
    "bar",
    "can",
    "bottle",
    "glass",
    "bowl",
    "stick",
    "link",
    "patty",
    "cookie",
    "packet",
    "container",
    "jar",
    "tortilla",
    "pat",
    "leaf",
    "strip",
    "wedge",
    "drumstick",
    "thigh",
    "wing",
    "spear",
    "stalk",
    "ear",
}
ALIASED = {"glass": "cup", "bowl": "serving"}  # a glass is a cup; a bowl is one serving
FOOD_UNITS = (set(UNITS.values()) | MEASURES) - LOADS


@dataclass
class FoodResolver:
    """Food words to foods: the lifter's own (from the parse context) first, then the table."""

    table: FoodIndex = field(default_factory=default_index)
    own: FoodIndex | None = None

    @classmethod
    def with_own(cls, own: Sequence[dict[str, str]]) -> FoodResolver:
        foods = [
            food(str(o["id"]), str(o["name"]), Nutrients(), custom=True) for o in own if o.get("id") and o.get("name")
        ]
        return cls(own=FoodIndex.build(foods) if foods else None)

    def best(self, words: str) -> Hit | None:
        if self.own is not None:
            mine = self.own.best(words)
            if mine is not None and mine.score >= 0.8:
                return mine
        return self.table.best(words)

    def get(self, food_id: str) -> Food | None:
        if self.own is not None:
            found = next((e.food for e in self.own.entries if e.food.id == food_id), None)
            if found is not None:
                return found
        return default_table().get(food_id)


def _meal(text: str) -> tuple[str | None, str]:
    """The meal said ("for breakfast", "this morning"), and the text without it."""
    for m in MEAL_PHRASE.finditer(text):
        said = m.group(1)
        meal = MEALS.get(said) if said else ("breakfast" if "morning" in m.group(0) else "dinner")
        if meal is not None:
            return meal, (text[: m.start()] + " " + text[m.end() :]).strip()
    return None, text


def query(text: str) -> QueryNutrition | None:
    """ "How much protein today", "calories left", "what did I eat yesterday", "my macros"."""
    if NOT_A_DAY.search(text):
        return None
    nutrient = NUTRIENT_WORD.search(text)
    if not ((nutrient and ASK.search(text)) or WHAT_ATE.search(text)):
        return None
    found = find_period(text)
    period = found[0] if found else None
    return QueryNutrition(nutrient=NUTRIENTS[nutrient.group(1)] if nutrient else None, period=period)


def _split(toks: list[Tok]) -> list[list[Tok]]:
    items: list[list[Tok]] = [[]]
    for t in toks:
        if t.num is None and t.text in SEPARATORS:
            if items[-1]:
                items.append([])
            continue
        items[-1].append(t)
    return [i for i in items if i]


def _unit_at(toks: list[Tok], i: int) -> tuple[str | None, int]:
    """The measure at toks[i] (and how many tokens it takes), if one is there."""
    if i >= len(toks) or toks[i].num is not None:
        return None, 0
    two = " ".join(t.text for t in toks[i : i + 2])
    if two in ("fl oz", "fluid ounce", "fluid ounces"):
        return "fl oz", 2
    unit = unit_of(toks[i].text)
    if unit in FOOD_UNITS or unit in LOADS:
        return ALIASED.get(unit, unit), 1
    return None, 0


@dataclass
class Said:
    """One food as said: its words, amount and measure (None when not said), and whether it was vague."""

    words: str
    amount: float | None
    unit: str | None
    vague: bool = False


def _item(toks: list[Tok]) -> Said | None:
    i = 0
    while i < len(toks) and toks[i].num is None and toks[i].text in LEADING:
        i += 1
    amount: float | None = None
    vague = False
    if i < len(toks) and toks[i].num is None and toks[i].text == "half":
        amount, i = 0.5, i + 1
        if i < len(toks) and toks[i].num is not None:
            amount, i = 0.5 * (toks[i].num or 1), i + 1
    elif i < len(toks) and toks[i].num is not None:
        amount, i = toks[i].num, i + 1
    elif i < len(toks) and toks[i].text in ("a", "an", "one", "my", "the"):
        amount, i = 1.0, i + 1
        if i < len(toks) and toks[i].num is not None:  # "a 12 ounce steak"
            amount, i = toks[i].num, i + 1
    while i < len(toks) and toks[i].num is None and toks[i].text in VAGUE | {"a", "of"}:
        vague, i = vague or toks[i].text in VAGUE, i + 1
    unit, used = _unit_at(toks, i)
    i += used
    if i < len(toks) and toks[i].text == "of":
        i += 1
    rest = toks[i:]
    if amount is None and len(rest) >= 2:  # "chicken breast 200 grams", "rice, one cup"
        k = next((j for j, t in enumerate(rest) if t.num is not None), None)
        if k is not None and k > 0:
            after, used = _unit_at(rest, k + 1)
            amount, unit, rest = rest[k].num, after or unit, rest[:k] + rest[k + 1 + used :]
    name = " ".join(t.text for t in rest if t.num is None and t.text not in ("a", "an", "of"))
    if not name:
        return None
    return Said(name, None if vague else amount, unit, vague)


@dataclass
class FoodReading:
    command: LogFood
    clarification: Clarification | None
    sure: bool  # every food found and measured in food units: a log even with no eating word


def read_log(text: str, said: str, resolver: FoodResolver, has_lift: bool) -> FoodReading | None:
    """The foods of an utterance (`text`: its words, as the parser normalised them; `said`: as typed or
    heard, where "log" and "add" are still there), if it is a food log."""
    eating = bool(EAT.search(said.lower()))
    logging = not eating and bool(LOG.search(said.lower()))
    if has_lift or SET_WORDS.search(text):
        return None
    meal, rest = _meal(text)
    toks = numberize(LOG.sub(" ", EAT.sub(" ", rest)).split())
    if not eating and not logging and not any(t.num is not None for t in toks):
        return None
    parts: list[Said] = []
    for part in _split(toks):
        found = _item(part)
        if found is not None:
            parts.append(found)
            continue
        amount = _amount(part)  # "chicken breast, 200 grams": the amount of the food before
        if amount is not None and parts and parts[-1].amount is None and not parts[-1].vague:
            parts[-1].amount, parts[-1].unit = amount
    if not parts or all(p.words == "water" for p in parts):  # water is a body metric (water_ml)
        return None
    items = []
    for s in parts:
        hit = resolver.best(s.words)
        items.append(FoodItem(food=s.words, food_id=hit.food.id if hit else None, amount=s.amount, unit=s.unit))
    sure = all(i.food_id and i.amount and i.unit in FOOD_UNITS for i in items)
    if not eating and not sure and not (logging and all(i.food_id for i in items)):
        return None
    cmd = LogFood(items=items, meal=meal)
    return FoodReading(cmd, clarify(cmd), sure)


def clarify(cmd: LogFood) -> Clarification | None:
    """The question a food log needs answered before it can be written, if any."""
    unknown = next((i for i in cmd.items if i.food_id is None), None)
    if unknown is not None:
        return Clarification(question=f"I don't know the food '{unknown.food}'. What was it?", missing=["food"])
    vague = next((i for i in cmd.items if i.amount is None), None)
    if vague is not None:
        many = vague.food.endswith("s") and not vague.food.endswith("ss")  # "How many eggs?"
        return Clarification(question=f"How {'many' if many else 'much'} {vague.food}?", missing=["amount"])
    return None


def _amount(toks: list[Tok]) -> tuple[float, str | None] | None:
    """An amount said alone ("200 grams", "a cup", "two")."""
    found = _item([*toks, Tok("x")])  # a stand-in food, so that an amount alone reads as one
    if found is None or found.amount is None or found.words != "x":
        return None
    return found.amount, found.unit


def read_amount(words: Sequence[str]) -> tuple[float, str | None] | None:
    """An answer to "How much rice?": "200 grams", "a cup", "two", "about 150 g", "a cup and a half"."""
    ws = list(words)
    half = ws[-3:] == ["and", "a", "half"]
    found = _amount(numberize([w for w in (ws[:-3] if half else ws) if w not in SEPARATORS]))
    return (found[0] + 0.5, found[1]) if found is not None and half else found


def settle(cmd: LogFood, resolver: FoodResolver) -> LogFood:
    """A food log from elsewhere (the language model) checked as the grammar's are: each food found
    again from its words (an id the lifter cannot see is dropped), amounts kept only when they can be
    eaten, units read as the grammar reads them."""
    items = []
    for i in cmd.items[:20]:
        hit = resolver.best(i.food) if i.food else None
        known = i.food_id if i.food_id and resolver.get(i.food_id) is not None else None
        amount = i.amount if i.amount is not None and 0 < i.amount <= 100_000 else None
        unit = ALIASED.get(unit_of(i.unit) or "", unit_of(i.unit)) if i.unit else None
        items.append(FoodItem(food=i.food[:200], food_id=hit.food.id if hit else known, amount=amount, unit=unit))
    return LogFood(items=items, meal=cmd.meal)
