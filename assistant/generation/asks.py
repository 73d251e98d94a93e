"""A generation request from what was asked: fields of the REST body or of the spoken command,
words for muscles ("upper", "push", "posterior chain") and limitations as text or as lists."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from domain.catalog import AliasIndex
from domain.movements import BODY_PARTS, PATTERNS, Limits
from domain.planner import EQUIPMENT, GOALS, LEVELS, TARGET_WORDS, Request
from intents import limitations

ALIASES = {"leg": "legs", "arm": "arms", "shoulder": "shoulders", "ab": "abs", "whole body": "full body"}


class BadRequest(ValueError):
    """A field that names nothing the planner knows: (field, message)."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field_name, message


@dataclass
class Asked:
    """What was asked, as said; None and empty: not said."""

    minutes: int | None = None
    focus: str | None = None
    muscles: list[str] = field(default_factory=list)
    equipment: list[str] = field(default_factory=list)
    goal: str | None = None
    level: str | None = None
    limitations: str | None = None
    avoid_exercises: list[str] = field(default_factory=list)
    avoid_patterns: list[str] = field(default_factory=list)
    spare: list[str] = field(default_factory=list)


def target_words(text: str | None, strict: bool) -> tuple[str, ...]:
    """ "upper body and core" -> ("upper body", "core"); an unknown word is a BadRequest when strict."""
    if not text:
        return ()
    found = []
    for part in re.split(r"\s*(?:,|\band\b|&|\+|/)\s*", text.lower().strip()):
        word = ALIASES.get(part.strip(), part.strip())
        if not word:
            continue
        if word in TARGET_WORDS:
            found.append(word)
        elif strict:
            known = ", ".join(sorted(w for w in TARGET_WORDS if " " in w or w in ("upper", "push", "pull", "legs")))
            raise BadRequest("focus", f"{part!r} is no muscle group; say muscles or one of: {known}")
    return tuple(dict.fromkeys(found))


def request_from(asked: Asked, index: AliasIndex, *, strict: bool = True) -> Request:
    """The planner's request; with `strict` (the REST API) a word it does not know is a BadRequest."""
    targets = target_words(asked.focus, strict) + tuple(_known(asked.muscles, TARGET_WORDS, "muscles", strict))
    equipment = tuple(_known(asked.equipment, EQUIPMENT, "equipment", strict))
    said = limitations.read(asked.limitations, index, cued=False) if asked.limitations else Limits()
    slugs = set()
    for ref in asked.avoid_exercises:
        slug = ref if index.get(ref) else index.exact(ref)
        if slug is None:
            if strict:
                raise BadRequest("avoid_exercises", f"{ref!r} is not an exercise in the catalog")
            continue
        slugs.add(slug)
    listed = Limits(
        frozenset(slugs),
        frozenset(_known(asked.avoid_patterns, PATTERNS, "avoid_patterns", strict)),
        frozenset(_known(asked.spare, BODY_PARTS, "spare", strict)),
    )
    if "cardio" in targets and len(targets) > 1:
        targets = tuple(t for t in targets if t != "cardio")
    return Request(
        minutes=max(10, min(asked.minutes or 45, 120)),
        targets=tuple(dict.fromkeys(targets)),
        equipment=equipment,
        goal=asked.goal if asked.goal in GOALS else "hypertrophy",
        level=asked.level if asked.level in LEVELS else "intermediate",
        limits=said.merged(listed),
    )


def _known(words: Iterable[str], vocabulary: Iterable[str], name: str, strict: bool) -> list[str]:
    known = set(vocabulary)
    out = []
    for w in words:
        word = ALIASES.get(w.lower().strip(), w.lower().strip())
        if word in known:
            out.append(word)
        elif strict:
            raise BadRequest(name, f"{w!r} is not one of: {', '.join(sorted(known))}")
    return out
