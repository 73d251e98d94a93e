"""One normalisation for exercise names, used by the alias index and the parser alike."""

from __future__ import annotations

import re
from functools import lru_cache

_SPLIT = re.compile(r"[^a-z0-9]+")
_KEEP_S = ("ss", "us", "is")  # press, bus, axis


@lru_cache(maxsize=8192)
def singular(word: str) -> str:
    """Fold an English plural to its singular, well enough for exercise names."""
    if len(word) <= 3:
        return word[:-1] if len(word) == 3 and word.endswith("s") and not word.endswith("ss") else word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if word.endswith("ves") and word[:-3] in ("cal", "hal"):
        return word[:-3] + "f"
    if word.endswith("s") and not word.endswith(_KEEP_S):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """Lower-cased singular words of a name: "Pull-Ups" -> ["pull", "up"]."""
    text = text.lower().replace("'", "").replace("’", "")
    return [singular(w) for w in _SPLIT.split(text) if w]


def key(text: str) -> str:
    """The spacing-free key used for exact alias lookups ("dead lift" == "deadlift")."""
    return "".join(words(text))


def slugify(text: str) -> str:
    return "-".join(w for w in _SPLIT.split(text.lower().replace("'", "")) if w)
