"""The in-memory exercise catalog and its alias index (exact, fuzzy and ranked search)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from domain.catalog.aliases import AMBIGUOUS, CORE_ALIASES, EXTRA_ALIASES
from domain.catalog.normalize import key, words

SEED_PATH = Path(__file__).with_name("exercises.json")


@dataclass(frozen=True)
class CatalogEntry:
    slug: str
    name: str
    kind: str = "other"
    core: bool = False
    aliases: tuple[str, ...] = ()
    category: str | None = None
    equipment: str | None = None
    level: str | None = None
    mechanic: str | None = None
    force: str | None = None
    primary_muscles: tuple[str, ...] = ()
    secondary_muscles: tuple[str, ...] = ()
    source_id: str | None = None

    @classmethod
    def from_row(cls, row: dict[str, object]) -> CatalogEntry:
        def tup(name: str) -> tuple[str, ...]:
            value = row.get(name) or ()
            return tuple(str(v) for v in value) if isinstance(value, list | tuple) else ()

        def opt(name: str) -> str | None:
            value = row.get(name)
            return None if value is None else str(value)

        return cls(
            slug=str(row["slug"]),
            name=str(row["name"]),
            kind=str(row.get("kind") or "other"),
            core=bool(row.get("core")),
            aliases=tup("aliases"),
            category=opt("category"),
            equipment=opt("equipment"),
            level=opt("level"),
            mechanic=opt("mechanic"),
            force=opt("force"),
            primary_muscles=tup("primary_muscles"),
            secondary_muscles=tup("secondary_muscles"),
            source_id=opt("source_id"),
        )


@dataclass(frozen=True)
class Match:
    slug: str
    score: float  # 0..1
    exact: bool


@dataclass
class AliasIndex:
    """Maps what people say to slugs: core aliases first, then names, then fuzzy matching."""

    entries: dict[str, CatalogEntry] = field(default_factory=dict)
    by_key: dict[str, str] = field(default_factory=dict)
    max_words: int = 1
    _fuzzy_keys: list[str] = field(default_factory=list)
    _fuzzy_slugs: list[str] = field(default_factory=list)
    _search_texts: list[str] = field(default_factory=list)
    _search_slugs: list[str] = field(default_factory=list)
    _search_cache: dict[tuple[str, int], list[Match]] = field(default_factory=dict)

    @classmethod
    def build(cls, entries: Iterable[CatalogEntry]) -> AliasIndex:
        index = cls()
        ordered = sorted(entries, key=lambda e: not e.core)  # core exercises win every tie
        for entry in ordered:
            index.add(entry)
        return index

    def add(self, entry: CatalogEntry, extra_aliases: Sequence[str] = ()) -> None:
        self._search_cache.clear()
        self.entries[entry.slug] = entry
        for text in (*entry.aliases, *extra_aliases, entry.name, entry.slug):
            k = key(text)
            if not k:
                continue
            self.max_words = max(self.max_words, len(words(text)))
            if k not in self.by_key:
                self.by_key[k] = entry.slug
                self._fuzzy_keys.append(k)
                self._fuzzy_slugs.append(entry.slug)
            self._search_texts.append(" ".join(words(text)))
            self._search_slugs.append(entry.slug)

    def get(self, slug: str) -> CatalogEntry | None:
        return self.entries.get(slug)

    def exact(self, phrase: str) -> str | None:
        return self.by_key.get(key(phrase))

    def exact_key(self, k: str) -> str | None:
        return self.by_key.get(k)

    @staticmethod
    def ambiguous(phrase: str) -> list[str] | None:
        return AMBIGUOUS.get(phrase.lower().strip())

    def fuzzy(self, phrase: str, cutoff: float = 0.84) -> Match | None:
        """Best single match for a misspelt or mis-heard name, or None below the cutoff."""
        k = key(phrase)
        slug = self.by_key.get(k)
        if slug:
            return Match(slug, 1.0, True)
        if len(k) < 5:
            return None
        found = process.extractOne(k, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=cutoff * 100)
        if not found:
            return None
        _, score, pos = found
        return Match(self._fuzzy_slugs[pos], score / 100.0, False)

    def search(self, query: str, limit: int = 20, allowed: set[str] | None = None) -> list[Match]:
        """Ranked, typo-tolerant search: "bech pres" puts Barbell Bench Press first (cached per query)."""
        q = " ".join(words(query))
        if not q:
            return []
        if allowed is None:
            key = (q, limit)
            found = self._search_cache.get(key)
            if found is None:
                if len(self._search_cache) >= 2048:
                    self._search_cache.clear()
                found = self._search_cache[key] = self._rank(q, limit, None)
            return list(found)
        return self._rank(q, limit, allowed)

    def _rank(self, q: str, limit: int, allowed: set[str] | None) -> list[Match]:
        best: dict[str, float] = {}
        hits = process.extract(q, self._search_texts, scorer=fuzz.WRatio, limit=limit * 12, score_cutoff=60)
        for _, score, pos in hits:
            slug = self._search_slugs[pos]
            if allowed is not None and slug not in allowed:
                continue
            entry = self.entries[slug]
            text = self._search_texts[pos]
            bonus = (6.0 if entry.core else 0.0) + (4.0 if text == q else 0.0) + (2.0 if text.startswith(q) else 0.0)
            # Whole-string similarity keeps "bench press" above "bench press with chains".
            total = score + bonus + fuzz.ratio(q, text) / 10.0
            if total > best.get(slug, 0.0):
                best[slug] = total
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], self.entries[kv[0]].name))
        return [Match(slug, min(score / 118.0, 1.0), False) for slug, score in ranked[:limit]]


def load_entries(path: Path = SEED_PATH) -> list[CatalogEntry]:
    """The seed's facts with the alias list of aliases.py (edited there, no rebuild needed)."""
    entries = []
    for row in json.loads(path.read_text()):
        extra = CORE_ALIASES.get(str(row["slug"])) or EXTRA_ALIASES.get(str(row["slug"]), [])
        row["aliases"] = list(dict.fromkeys([*extra, *(row.get("aliases") or [])]))
        entries.append(CatalogEntry.from_row(row))
    return entries


@lru_cache(maxsize=1)
def default_index() -> AliasIndex:
    """The seed catalog's index, built once per process on first use (not at import)."""
    return AliasIndex.build(load_entries())
