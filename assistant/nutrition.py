"""What the assistant does with food: "had 200 g of chicken and a cup of rice" is logged through the
same handler as POST /nutrition/logs, and answered with what it came to and where the day stands;
"how much protein today" reads the day (or a period) against the lifter's targets."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from assistant.handlers import Said, Turn
from domain import commands as dc
from domain import queries
from domain.days import today
from domain.errors import Invalid
from domain.handlers.nutrition import FoodsLogged
from domain.nutrition import days
from domain.nutrition.days import DayView
from intents import ParseContext, Parser
from intents import commands as ic
from intents.commands import ParseResult
from intents.food import clarify, read_amount
from intents.normalize import words
from intents.periods import bounds, label

UNITS_SHOWN = {"g": "g", "ml": "ml", "oz": "oz", "lb": "lb", "kg": "kg", "l": "l", "fl oz": "fl oz"}
NAMES = {"energy": "energy_kcal", "protein": "protein_g", "carbs": "carbs_g", "fat": "fat_g", "fibre": "fibre_g"}


def _n(value: float) -> str:
    return f"{round(value):,}" if value >= 10 else f"{value:.1f}".rstrip("0").rstrip(".")


def _amount(item: ic.FoodItem) -> str:
    amount = f"{item.amount:g}" if item.amount is not None else ""
    if item.unit is None:
        return f"{amount} {item.food}"
    unit = UNITS_SHOWN.get(item.unit, item.unit)
    return f"{amount}{unit} {item.food}" if unit in ("g", "ml") else f"{amount} {unit} {item.food}"


def _nutrient(key: str, value: float, target: float | None) -> str:
    unit = " kcal" if key == "energy_kcal" else " g"
    name = "" if key == "energy_kcal" else " " + key.removesuffix("_g")
    text = f"{_n(value)}{unit}{name}"
    if target:
        left = target - value
        text += f" of {_n(target)}" + (f" ({_n(left)} to go)" if left > 0 else " (target met)")
    return text


def _standing(view: DayView, only: str | None = None) -> str:
    keys = [only] if only else ["energy_kcal", "protein_g", "carbs_g", "fat_g"]
    return ", ".join(_nutrient(k, getattr(view.totals, k), view.targets.get(k)) for k in keys)


async def log_food(cmd: ic.LogFood, turn: Turn) -> Said:
    asked = clarify(cmd)
    if asked is not None:
        return asked.question, {"status": "needs_clarification", "missing": asked.missing}
    entries = tuple(dc.FoodEntry(i.food_id or "", i.amount or 0, i.unit) for i in cmd.items)
    try:
        done: FoodsLogged = await turn.bus.handle(dc.LogFoods(turn.user_id, entries, cmd.meal, source=turn.source))
    except Invalid as exc:  # a measure the food has not ("a slice of chicken breast")
        detail = next((d for d in exc.details if d["field"].endswith(".unit")), None)
        if detail is None:
            raise
        k = int(detail["field"].split("[")[1].split("]")[0])
        item = cmd.items[k]
        text = f"I don't know what {_amount(item)} weighs: say it in grams or ounces."
        return text, {"status": "needs_clarification", "missing": ["amount"]}
    async with turn.reader() as uow:
        user = await queries.user(uow, turn.user_id)
        view = await days.day_view(uow, user, done.rows[0].day) if user is not None else None
    eaten = " and ".join(f"{_amount(i)} ({_n(r.energy_kcal)} kcal)" for i, r in zip(cmd.items, done.rows, strict=True))
    text = f"Logged {eaten} for {done.rows[0].meal}."
    if view is not None:
        text += f" Today: {_standing(view)}."
    data = {
        "status": "ok",
        "kind": "food",
        "food_log_ids": [str(r.id) for r in done.rows],
        "batch_id": str(done.batch_id),
        "energy_kcal": round(sum(r.energy_kcal for r in done.rows), 2),
        "protein_g": round(sum(r.protein_g for r in done.rows), 2),
    }
    return text, data


async def query_nutrition(cmd: ic.QueryNutrition, turn: Turn) -> Said:
    key = NAMES.get(cmd.nutrient or "")
    async with turn.reader() as uow:
        user = await queries.user(uow, turn.user_id)
        if user is None:
            return "No such lifter.", {"status": "error"}
        day = today(user)
        span = bounds(cmd.period, day) if cmd.period else None  # [first, after last)
        first, last = (span[0], span[1] - timedelta(days=1)) if span is not None else (day, day)
        if first == last:
            on = first
            view = await days.day_view(uow, user, on)
            when = "Today" if on == day else "Yesterday" if on == day - timedelta(days=1) else on.isoformat()
            if not view.meals:
                return f"{when}: nothing logged yet.", {"status": "ok", "day": on.isoformat(), "found": False}
            text = f"{when}: {_standing(view, key)}."
            return text, {"status": "ok", "day": on.isoformat(), "totals": view.totals.as_dict()}
        found = await days.range_totals(uow, user.id, first, min(last, day))
    name = label(cmd.period or "")
    if not found.days_logged:
        return f"Nothing logged {name}.", {"status": "ok", "found": False}
    mean = found.per_day
    keys = [key] if key else ["energy_kcal", "protein_g", "carbs_g", "fat_g"]
    per = ", ".join(_nutrient(k, getattr(mean, k), None) for k in keys)
    text = (
        f"{name.capitalize()}: {per} a day, over {found.days_logged} day{'s' if found.days_logged > 1 else ''} logged."
    )
    return text, {"status": "ok", "from": first.isoformat(), "to": last.isoformat(), "per_day": mean.as_dict()}


def answer(pending: dict[str, Any], text: str, parser: Parser, context: dict[str, Any]) -> ParseResult | None:
    """The food log waiting for an amount ("How much rice?" / "a cup") or a food ("What was it?" /
    "lentil soup") completed by the answer; None when the words are not such an answer."""
    cmd = ic.LogFood.model_validate(pending["command"])
    missing = pending.get("missing") or []
    ws = words(text)
    if "amount" in missing:
        said = read_amount(ws)
        k = next((k for k, i in enumerate(cmd.items) if i.amount is None), None)
        if said is None or k is None:
            return None
        cmd.items[k] = cmd.items[k].model_copy(update={"amount": said[0], "unit": said[1]})
    elif "food" in missing:
        k = next((k for k, i in enumerate(cmd.items) if i.food_id is None), None)
        again = parser.parse(text, context)
        if k is None or not ws or len(ws) > 6 or any(not isinstance(c, ic.Unknown) for c in again.commands):
            return None  # a command of its own
        hit = parser.foods(ParseContext.from_dict(context)).best(" ".join(ws))
        if hit is None:
            return None
        cmd.items[k] = cmd.items[k].model_copy(update={"food": " ".join(ws), "food_id": hit.food.id})
    else:
        return None
    return ParseResult(commands=[cmd], clarification=clarify(cmd), confidence=0.9)
