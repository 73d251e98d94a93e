"""Which heard words make a write doubtful, and how the reading is read back."""

from __future__ import annotations

import pytest

from assistant.doubt import doubtful, read_back, unlikely, writes
from domain.catalog import default_index
from intents import Parser
from speech.transcriber import Word


def heard(*pairs: tuple[str, float]) -> list[Word]:
    return [Word(text, p) for text, p in pairs]


@pytest.mark.parametrize(
    "words, doubted",
    [
        (heard(("bench", 0.98), ("135", 0.2), ("for", 0.9), ("8", 0.95)), ["135"]),
        (heard(("face", 0.9), ("pull", 0.97), ("2", 0.7), ("x", 0.9), ("lifting", 0.25), ("25", 0.9)), ["lifting"]),
        (heard(("squat", 0.2), ("225", 0.9)), ["squat"]),
        (heard(("bench", 0.9), ("225", 0.9), ("keel", 0.3)), ["keel"]),  # a unit misheard
    ],
)
def test_numbers_lifts_and_words_the_grammar_has_no_use_for_can_be_doubted(
    words: list[Word], doubted: list[str]
) -> None:
    assert doubtful(words, 0.35) == doubted


def test_words_that_only_shape_a_phrase_are_doubted_only_when_much_less_sure() -> None:
    words = heard(("log", 0.32), ("3", 0.9), ("sets", 0.31), ("of", 0.33), ("8", 0.9), ("reps", 0.32), ("squat", 0.9))
    assert doubtful(words, 0.4) == []
    assert doubtful(heard(("2", 0.7), ("more", 0.25), ("deadlift", 0.9)), 0.4) == ["more"]


def test_sure_words_are_not_doubted() -> None:
    assert doubtful(heard(("bench", 0.36), ("135", 0.9)), 0.35) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("bench 240 kg for 30", True),  # "thirteen" heard as "thirty"
        ("back squat 160 for 40 reps", True),
        ("bench 135 for 8", False),
        ("30 push ups", False),  # bodyweight: many reps are normal
        ("pull ups with 25 for 30", False),  # weight on top of bodyweight
    ],
)
def test_many_reps_under_a_load_is_unlikely(text: str, expected: bool) -> None:
    assert unlikely(Parser().parse(text).commands) is expected


def test_a_doubtful_reading_is_read_back_whole() -> None:
    parsed = Parser().parse("face pull 2 by 15 at 25 lb")
    assert writes(parsed.commands)
    assert read_back(parsed.commands, default_index()) == "Did you say Face Pull 2×15 at 25 lb?"


def test_questions_do_not_write() -> None:
    assert not writes(Parser().parse("what's my squat PR").commands)


def test_when_the_grammar_was_unsure_less_doubtful_words_count() -> None:
    words = heard(("barbell", 0.98), ("row", 0.94), ("255", 0.88), ("keels", 0.42))
    assert doubtful(words, 0.4) == []
    assert doubtful(words, 0.4, grammar_sure=False) == ["keels"]


def test_words_the_grammar_has_no_use_for_make_a_log_less_sure() -> None:
    assert (
        Parser().parse("barbell row 255 keels for 9").confidence
        < Parser().parse("barbell row 255 kilos for 9").confidence
    )


@pytest.mark.parametrize(
    "said, joined",
    [
        ("incline bench 2-243", "2-243"),  # "two twenty for three"
        ("1-2 sets of hack squat, 8 reps, 400", "1-2"),  # "log 2 sets"
        ("squat 2-25 for 5", "2-25"),
        ("bench 1-35 for 8", "1-35"),
        ("deadlift 3\u20131-5 for 5", "3\u20131-5"),  # an en dash too
    ],
)
def test_digits_joined_by_a_dash_are_doubted_however_sure_the_recogniser_was(said: str, joined: str) -> None:
    words = [Word(w, 0.99) for w in said.split()]
    assert doubtful(words, 0.4) == [joined]


@pytest.mark.parametrize("said", ["push-ups 20", "pull-ups with 25 for 6", "bench 135 for 8", "3x8 at 225"])
def test_dashes_between_letters_and_sure_digits_are_not_doubted(said: str) -> None:
    assert doubtful([Word(w, 0.99) for w in said.split()], 0.4) == []


@pytest.mark.parametrize(
    "said, merged",
    [
        ("calf raise 154, 7 reps", "154,"),  # "150 for 7"
        ("bench 134 8", "134"),  # "130 for 8"
        ("squat 224 5 reps", "224"),  # "220 for 5"
        ("curl 24, 12", "24,"),  # "20 for 12"
    ],
)
def test_a_load_ending_in_four_right_before_a_number_is_doubted_for_a_folded_for(said: str, merged: str) -> None:
    assert doubtful([Word(w, 0.99) for w in said.split()], 0.4) == [merged]


@pytest.mark.parametrize("said", ["bench 135, 8 reps", "dumbbell row 24 kg for 10", "4 sets of 5", "squat 225 for 4"])
def test_fours_that_are_not_before_a_number_are_not_doubted(said: str) -> None:
    assert doubtful([Word(w, 0.99) for w in said.split()], 0.4) == []
