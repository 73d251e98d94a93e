"""Body and health readings, checked against what a human body can show."""

from __future__ import annotations

from domain import commands as c
from domain import events as ev
from domain.models import BodyMetric, utcnow
from domain.uow import UnitOfWork
from domain.validation import Checker

# metric -> (accepted units, low, high) in the first unit; other units converted first
METRICS: dict[str, tuple[tuple[str | None, ...], float, float]] = {
    "body_weight": (("kg", "lb", None), 20, 400),
    "body_fat": (("%", None), 2, 75),
    "resting_heart_rate": (("bpm", None), 20, 250),
    "sleep_hours": (("h", None), 0, 24),
    "water_ml": (("ml", None), 0, 20000),
    "steps": ((None,), 0, 200_000),
}


async def log_metric(cmd: c.LogMetric, uow: UnitOfWork) -> BodyMetric:
    check = Checker()
    spec = METRICS.get(cmd.metric)
    if spec is None:
        check.add("metric", f"must be one of {', '.join(METRICS)}")
        check.raise_if_any()
    assert spec is not None
    units, low, high = spec
    check.choice("unit", cmd.unit, tuple(u for u in units if u is not None))
    value = cmd.value * 0.45359237 if cmd.metric == "body_weight" and cmd.unit == "lb" else cmd.value
    check.range("value", value, low, high)
    check.raise_if_any()
    row = BodyMetric(
        user_id=cmd.user_id,
        metric=cmd.metric,
        value=cmd.value,
        unit=cmd.unit,
        recorded_at=cmd.recorded_at or utcnow(),
        source=cmd.source,
    )
    uow.session.add(row)
    await uow.session.flush()  # its id and times, for the event
    uow.add_event(ev.MetricLogged(cmd.user_id, ev.metric_data(row)))
    await uow.commit()
    return row
