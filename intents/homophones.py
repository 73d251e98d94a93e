"""Number homophones read as numbers only where the phrase leaves no other reading.

Speech-to-text writes "four by fifteen" as "for by 15", "two by five" as "to by 5" or "to my 5",
"did eight" as "did ate", "one set of ten" as "won set of 10". A homophone becomes its number
when the words around it are a number slot:

- beside a "by" / "x" between two counts: "for by 15", "to my 5", "5 by ate";
- before a set or rep word: "for sets of 8", "ate reps", "won set of 10";
- after "sets of": "3 sets of ate";
- as the count after a log verb, with nothing but a load, a unit or the sentence's end after it:
  "did ate", "I did for at 135";
- as the reps after a load and its "for": "135 for ate", "225 for for".

Anywhere else the word stays a word: "225 for 5" is a load for reps, "to failure" a set type.
"""

from __future__ import annotations

from intents.lexicon import (
    KG_WORDS,
    LB_WORDS,
    LOG_VERBS,
    ONES,
    REP_WORDS,
    SET_WORDS,
    TEENS,
    TENS,
    X_WORDS,
)

# What each homophone stands for, as the number word numberize reads.
SOUNDS_LIKE = {
    "for": "four",
    "fore": "four",
    "to": "two",
    "too": "two",
    "ate": "eight",
    "won": "one",
    "tree": "three",
    "free": "three",
}
# "my" heard for "by" between two counts ("to my 5").
BY_SOUNDS = {"my", "bye", "buy"}
_NUMBER_WORDS = (set(ONES) - set(SOUNDS_LIKE)) | set(TEENS) | set(TENS)
_AFTER_A_COUNT = {"", ",", ".", ";", "at", "with", "and", "then", "more"} | LB_WORDS | KG_WORDS | REP_WORDS | SET_WORDS
_AFTER_TWO = _AFTER_A_COUNT - {"", ",", ".", ";", "and", "then"}
_COUNT_NOUNS = SET_WORDS | REP_WORDS
_GOING = {"went", "go", "going", "goes"}
# Homophones that are numbers also as a bare count ("did ate"); "tree" and "free" only beside "by" or "sets".
_ALONE = {"for", "fore", "to", "too", "ate", "won"}


def _is_number(w: str) -> bool:
    return w in _NUMBER_WORDS or w.replace(".", "", 1).isdigit()


def _countish(w: str) -> bool:
    """A number, or a homophone that could be one (the other side of "by" decides)."""
    return _is_number(w) or w in SOUNDS_LIKE


def _at(ws: list[str], i: int) -> str:
    return ws[i] if 0 <= i < len(ws) else ""


def _is_count(ws: list[str], i: int) -> bool:
    """Whether the homophone at i stands in a number slot."""
    w, before, after = ws[i], _at(ws, i - 1), _at(ws, i + 1)
    if (after in X_WORDS or after in BY_SOUNDS) and _countish(_at(ws, i + 2)):
        return True  # "for by 15", "to my 5", "for by for"
    if (before in X_WORDS or before in BY_SOUNDS) and _is_number(_at(ws, i - 2)):
        return True  # "5 by ate"
    if after in _COUNT_NOUNS and not _is_number(before) and before not in _GOING:
        return True  # "ate reps", "for sets of 8" (but "135 for reps" and "went for reps" keep their "for")
    if before == "of" and _at(ws, i - 2) in SET_WORDS:
        return True  # "3 sets of ate"
    if w not in _ALONE:
        return False
    if before in LOG_VERBS - _GOING and after in (_AFTER_A_COUNT if w not in ("to", "too") else _AFTER_TWO):
        return True  # "did ate", "I did for at 135" ("went to the gym", "did too" stay words)
    return before == "for" and _is_number(_at(ws, i - 2)) and after in _AFTER_A_COUNT - {"more"}  # "135 for ate"


def resolve(ws: list[str]) -> list[str]:
    """The words with every homophone in a number slot replaced by its number word."""
    if not any(w in SOUNDS_LIKE or w in BY_SOUNDS for w in ws):
        return ws
    out = list(ws)
    for i, w in enumerate(ws):
        if w in SOUNDS_LIKE and _is_count(out, i):  # read left to right: "for by for" is 4 by 4
            out[i] = SOUNDS_LIKE[w]
            nxt = _at(ws, i + 1)
            if nxt in BY_SOUNDS:
                out[i + 1] = "by"
    for i, w in enumerate(out):  # "5 my 8": a "by" heard as "my" between two numbers
        if w in BY_SOUNDS and _is_number(_at(out, i - 1)) and _is_number(_at(out, i + 1)):
            out[i] = "by"
    return out
