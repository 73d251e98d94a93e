"""Loads from top sets: RPE-aware progression, holding after a grinder, a deload after a stall."""

from __future__ import annotations

from datetime import date, timedelta

from domain.progression import TopSet, estimate, load_for, prescribe, round_down, stalled

DAY = date(2026, 10, 5)


def tops(*sets: tuple[float, int, float | None]) -> list[TopSet]:
    return [TopSet(DAY + timedelta(days=7 * i), w, r, rpe) for i, (w, r, rpe) in enumerate(sets)]


def test_estimate_counts_reps_in_reserve_and_reads_back() -> None:
    assert estimate(TopSet(DAY, 100, 5, 10)) == 100 * (1 + 5 / 30)
    assert estimate(TopSet(DAY, 100, 5, 8)) == 100 * (1 + 7 / 30)
    assert round(load_for(estimate(TopSet(DAY, 100, 5, 8)), 5, 8), 6) == 100


def test_a_set_done_as_planned_goes_up_one_step_and_an_easy_one_more() -> None:
    assert prescribe(tops((100, 5, 8)), 5, 8).load_kg == 102.5
    assert prescribe(tops((100, 5, None)), 5, 8).load_kg == 102.5
    easy = prescribe(tops((100, 5, 6)), 5, 8)
    assert easy.load_kg is not None and easy.load_kg >= 105
    lb = prescribe(tops((102.058, 5, 8)), 5, 8, "lb")  # 225 lb
    assert lb.load_kg is not None and round(lb.load_kg / 0.45359237) == 230


def test_a_grinder_holds_and_a_stall_deloads() -> None:
    grind = prescribe(tops((100, 5, 10)), 5, 8)
    assert grind.status == "holding" and grind.load_kg is not None and grind.load_kg <= 100
    flat = tops((100, 5, 8), (100, 5, 8), (100, 5, 8.5), (100, 4, 8))
    assert stalled(flat)
    deload = prescribe(flat, 5, 8)
    assert deload.status == "stalled" and deload.target_rpe == 7 and deload.load_kg is not None
    assert deload.load_kg < 95
    rising = tops((100, 5, 8), (102.5, 5, 8), (105, 5, 8), (107.5, 5, 8))
    assert not stalled(rising) and prescribe(rising, 5, 8).status == "progressing"


def test_no_history_no_load_and_loads_round_down() -> None:
    assert prescribe([], 8, 8).load_kg is None
    assert round_down(101.9, "kg") == 100 and abs(round_down(101.9, "lb") / 0.45359237 - 220) < 1e-6
