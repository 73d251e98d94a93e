"""One normalisation for exercise names, used by the alias index and the parser alike."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_SPLIT = re.compile(r"[\W_]+")  # letters and digits of any script; for ASCII text, [^a-z0-9]+ once lower-cased
SLUG_MAX = 120  # the store's slug column
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


def _fold(text: str) -> str:
    """Lower-cased, composed (NFC: "й" is one letter however it was typed), apostrophes dropped."""
    return unicodedata.normalize("NFC", text).lower().replace("'", "").replace("’", "")


def words(text: str) -> list[str]:
    """Lower-cased singular words of a name: "Pull-Ups" -> ["pull", "up"]; any script's letters count."""
    text = _fold(text)
    return [singular(w) for w in _SPLIT.split(text) if w]


def key(text: str) -> str:
    """The spacing-free key used for exact alias lookups ("dead lift" == "deadlift")."""
    return "".join(words(text))


def slugify(text: str, limit: int = SLUG_MAX) -> str:
    """ "Barbell Bench Press" -> "barbell-bench-press"; "Жим лёжа" -> "жим-лёжа". At most `limit`
    characters: a longer one is cut and ends in a hash of the whole, so that long names that differ
    only near their end still get slugs of their own."""
    slug = "-".join(w for w in _SPLIT.split(_fold(text)) if w)
    if len(slug) <= limit:
        return slug
    tag = hashlib.sha256(slug.encode()).hexdigest()[:8]
    return f"{slug[: limit - len(tag) - 1].rstrip('-')}-{tag}"
