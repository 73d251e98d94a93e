"""Words as heard: one round of a decoding loop, and each word's doubt."""

from __future__ import annotations

from speech.transcriber import Word, unloop


def words_of(text: str, p: float = 0.9) -> tuple[Word, ...]:
    return tuple(Word(w, p) for w in text.split())


def test_a_decoding_loop_is_said_once_and_doubted() -> None:
    looped = ", ".join(["leg extension 3x5 at 270 lbs"] * 7) + ", leg extension 3x5"
    text, words = unloop(looped, words_of(looped))
    assert text == "leg extension 3x5 at 270 lbs"
    assert [w.text for w in words] == ["leg", "extension", "3x5", "at", "270", "lbs,"]
    assert all(w.probability <= 0.1 for w in words)


def test_a_loop_of_two_clauses_keeps_both() -> None:
    looped = "bench 135 for 8, squat 225 for 5, " * 3
    assert unloop(looped, words_of(looped))[0] == "bench 135 for 8, squat 225 for 5"


def test_sets_said_one_after_another_are_not_a_loop() -> None:
    for said in ("squat 225 for 5, 5, 4", "8, 8, 6 at 185", "bench 135 for 8. bench 135 for 8.", "8, 8, 8, 8"):
        text, words = unloop(said, words_of(said))
        assert text == said and all(w.probability == 0.9 for w in words)
