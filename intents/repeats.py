"""Repeating the last set, with how many times: "same again", "one more like that", "repeat that
twice", "two more of those", "do that again three times", "another two like that".

A repeat is a reference to the set before ("that", "it", "the same", "those", "like that") with a
count said as a number before "more", as "N times" / "twice" / "x3" after it, or as "another".
Numbers reach this module as digits ("one more" is "1 more"); "like" is a filler and is gone.
`count` is how many more sets: "one more like that" is 1, "repeat that twice" is 2.
"""

from __future__ import annotations

import re

from intents.commands import Command, RepeatLast
from intents.numbers import Tok

_WORD_COUNTS = {"once": 1, "twice": 2, "thrice": 3}
_LEAD = r"(?:(?:and|then|i|will|ll|ill|am|going to|gonna|did|do|doing|give|can) )*"
_THAT = r"(?:that|it|this|those|them|these|the same(?: thing| set| one)?|the last(?: set| one| 1)?|last(?: set| one)?)"
_LIKE = rf"(?: (?:of )?(?:{_THAT}|the same)| as (?:before|last(?: time| set)?)| again)"
_UNIT = r"(?: (?:sets?|rounds?|ones?|1s))"
# "N times", "N more times", "twice (more)", "x 3", "for 2 more sets": after the reference
_TIMES = (
    r"(?: (?:\d+(?: more)? times?|(?:once|twice|thrice)(?: more)?|x ?\d+"
    r"|(?:for )?\d+ more(?: sets?| rounds?| times?)?))"
)
_FORMS = (
    # "repeat that twice", "redo it", "repeat the last set 3 times"
    rf"(?:repeat|redo|copy|duplicate)(?: {_THAT})?(?: again)?{_TIMES}?",
    # "do that again three times", "log it again", "go again", "run it back"
    rf"(?:do|did|log|go|run|doing)(?: {_THAT})?(?: again| back){_TIMES}?",
    rf"(?:do|did|log|doing) {_THAT}{_TIMES}",  # "do the same 2 more times", "do it twice"
    rf"(?:that|it) again{_TIMES}?",  # "(log) that again", "add it again": "log" and "add" are fillers
    # "same again", "same thing twice", "same set 2 more times", "same as before x3"
    rf"same(?: thing| set| weight| again| as (?:before|last(?: time| set)?))+{_TIMES}?",
    # "one more like that", "two more of those", "3 more sets", "a couple more of the same"
    rf"\d+ more{_UNIT}?{_LIKE}*",
    # "another one", "another two like that", "another set of the same", "another round"
    # ("another 8" alone is 8 reps: a count after "another" needs "sets" or "like that")
    rf"another(?:(?: 1)?{_UNIT}?{_LIKE}*{_TIMES}?| \d+(?:{_UNIT}{_LIKE}*|{_LIKE}+))",
    # "again", "again twice", "once more", "one more time", "ditto"
    rf"(?:again|ditto|once more|1 more time|encore){_TIMES}?",
    r"(?:\d+|twice|thrice) more(?: times?)?",
)
REPEAT = re.compile(rf"^{_LEAD}(?:{'|'.join(f'(?:{form})' for form in _FORMS)})$")
_NUMBER = re.compile(r"\b(\d+)\b|\b(once|twice|thrice)\b")


def _count(text: str) -> int:
    """The one count a repeat says (a digit, or once / twice / thrice); 1 when none is said."""
    m = _NUMBER.search(text)
    if m is None:
        return 1
    return int(m.group(1)) if m.group(1) else _WORD_COUNTS[m.group(2)]


def repeat(text: str, toks: list[Tok]) -> Command | None:
    if not REPEAT.search(text):
        return None
    count = _count(text)
    return RepeatLast(count=count) if 1 <= count <= 20 else None
