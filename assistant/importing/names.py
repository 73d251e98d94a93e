"""An export's exercise names, mapped to the catalog through its alias index.

Strong and Hevy name a lift "Bench Press (Barbell)": the movement, then the implement. A name is
tried as written, then as "Barbell Bench Press", then as the movement alone; the lifter's own
exercises (by name) come first, so a name imported before as their own finds it again. The movement
alone is not taken when it is a lift for another free weight ("Bicep Curl (Barbell)" is not the
catalog's dumbbell curl): then the catalog's lifts for that implement are searched, closely. A name
left unmatched is reported and its sets imported under an exercise of the lifter's own, named as in
the file: a lifter moving apps expects all their history to come along, and can rename or merge
that exercise later; skipping the sets would lose it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.catalog import AliasIndex
from domain.catalog.normalize import key

_NAMED = re.compile(r"^(?P<base>.*?)\s*\((?P<tool>[^()]*)\)\s*$")
# An export's implement word -> the catalog's equipment, for the free weights that tell lifts apart.
FREE_WEIGHTS = {"barbell": "barbell", "dumbbell": "dumbbell", "kettlebell": "kettlebells", "ez bar": "e-z curl bar"}
FAMILY = {"barbell": "bar", "e-z curl bar": "bar", "dumbbell": "dumbbell", "kettlebells": "kettlebell"}
FILLER = {"bicep", "biceps", "tricep", "triceps"}  # "Bicep Curl (Barbell)" is the catalog's Barbell Curl
KINDS = {
    "barbell": "barbell",
    "dumbbell": "dumbbell",
    "kettlebell": "kettlebell",
    "machine": "machine",
    "cable": "cable",
    "band": "band",
    "bodyweight": "bodyweight",
    "assisted": "bodyweight",
    "weighted": "bodyweight",
    "smith machine": "machine",
    "ez bar": "barbell",
}
OTHER_LOAD = {"assisted"}  # its weight is help, not load: never the plain lift (its records would be wrong)
SEARCH_FLOOR = 0.9  # a search hit for the implement's lifts is taken only this close


@dataclass(frozen=True)
class Mapped:
    slug: str | None  # None: not in the catalog nor the lifter's own
    own: bool = False  # one of the lifter's own exercises


def split(name: str) -> tuple[str, str | None]:
    """("Bench Press", "barbell") from "Bench Press (Barbell)"; the implement before any " - "."""
    found = _NAMED.match(name)
    if not found or not found.group("base"):
        return name, None
    tool = found.group("tool").split(" - ")[0].strip().lower()
    return found.group("base"), tool or None


def kind_of(name: str, timed: bool) -> str:
    """The kind of a new own exercise: from its implement, else cardio for timed or distance sets."""
    tool = split(name)[1]
    if tool in KINDS:
        return KINDS[tool]
    return "cardio" if timed else "other"


class Matcher:
    def __init__(self, index: AliasIndex, own: dict[str, str]) -> None:
        """`own`: the lifter's own exercises, {key(name): slug}."""
        self.index, self.own = index, own
        self._seen: dict[str, Mapped] = {}

    def match(self, name: str) -> Mapped:
        found = self._seen.get(name)
        if found is None:
            found = self._seen[name] = self._match(name)
        return found

    def _match(self, name: str) -> Mapped:
        mine = self.own.get(key(name))
        if mine:
            return Mapped(mine, own=True)
        base, tool = split(name)
        for phrase in (name, *self._with_tool(base, tool)):
            slug = self.index.exact(phrase)
            if slug:
                return Mapped(slug)
        if tool in OTHER_LOAD:
            return Mapped(None)
        slug = self.index.exact(base)
        wanted = FREE_WEIGHTS.get(tool or "")
        if slug and not self._other_free_weight(slug, wanted):
            return Mapped(slug)
        if wanted:
            allowed = {s for s, e in self.index.entries.items() if (e.equipment or "") == wanted}
            hits = self.index.search(f"{tool} {base}", limit=1, allowed=allowed)
            if hits and hits[0].score >= SEARCH_FLOOR:
                return Mapped(hits[0].slug)
        return Mapped(None)

    @staticmethod
    def _with_tool(base: str, tool: str | None) -> list[str]:
        """The implement put at each place in the name ("Incline Dumbbell Bench Press" too), and the
        same without a muscle word."""
        if not tool:
            return []
        words = base.split()
        plain = [w for w in words if w.lower() not in FILLER]
        out = []
        for parts in (words, plain) if plain != words else (words,):
            out += [" ".join([*parts[:i], tool, *parts[i:]]) for i in range(len(parts) + 1)]
        return out

    def _other_free_weight(self, slug: str, wanted: str | None) -> bool:
        entry = self.index.get(slug)
        have = (entry.equipment or "") if entry else ""
        return bool(wanted) and have in FAMILY and FAMILY[have] != FAMILY.get(wanted or "")
