from __future__ import annotations

from assistant.replies import for_speech, in_unit, load, number


def test_numbers_read_as_spoken() -> None:
    assert number(135.0) == "135" and number(102.5) == "102.5" and load(135, "lb") == "135 lb"
    assert in_unit(100, "lb") == "220.5 lb" and in_unit(100, "kg") == "100 kg"


def test_replies_worded_for_a_voice() -> None:
    said = for_speech("Barbell Bench Press 3×8 at 135 lb, RPE 8. Squat best: 140 kg × 5 (e1RM 163.5 kg).")
    assert "3 by 8" in said and "135 pounds" in said and "140 kilos" in said and "estimated max" in said
