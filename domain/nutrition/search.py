"""Typo-tolerant food search over the shipped table and a lifter's own foods.

Words, not whole strings: USDA's names are long lists ("Chicken, broilers or fryers, breast, meat
only, cooked, roasted"), so a whole-string score would favour short odd names. Each word of the
query is matched to the table's vocabulary (exactly, by prefix for the word being typed, or within
a few letters with rapidfuzz), and a food ranks by how many of the query's words it has and how
well, rare words counting more than "raw" or "cooked"; then by a common name that is the query
itself ("chicken breast": domain/nutrition/common.py), the food's own foods first, and names with
few other words and the matched words early (USDA puts the food first: "Rice, white, ...").
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from domain.catalog.normalize import words
from domain.nutrition.table import Food, default_table

FILLER = {"of", "a", "an", "the", "some", "with", "my", "and", "in"}
CACHE_SIZE = 2048
SHORTLIST = 300  # entries ranked in full per query


@dataclass(frozen=True)
class Hit:
    food: Food
    score: float  # 0..1: how well the words matched
    exact: bool  # the query is one of the food's names (a common name, or its own)


@dataclass(frozen=True)
class _Entry:
    food: Food
    words: tuple[str, ...]
    common: bool  # a common name, not USDA's description


@dataclass
class FoodIndex:
    entries: list[_Entry] = field(default_factory=list)
    postings: dict[str, list[int]] = field(default_factory=dict)  # word -> entries having it
    _vocab: list[str] = field(default_factory=list)
    _cache: dict[tuple[str, int], list[Hit]] = field(default_factory=dict)

    @classmethod
    def build(cls, foods: Iterable[Food]) -> FoodIndex:
        index = cls()
        for f in foods:
            index.add(f)
        return index

    def add(self, f: Food) -> None:
        self._cache.clear()
        for text, common in ((f.name, f.custom), *((a, True) for a in f.aliases)):
            ws = tuple(words(text))
            if not ws:
                continue
            pos = len(self.entries)
            self.entries.append(_Entry(f, ws, common))
            for w in set(ws):
                found = self.postings.get(w)
                if found is None:
                    self.postings[w] = found = []
                    self._vocab.append(w)
                found.append(pos)

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        q = [w for w in words(query) if w not in FILLER] or words(query)
        if not q:
            return []
        key = (" ".join(q), limit)
        found = self._cache.get(key)
        if found is None:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            found = self._cache[key] = self._rank(q, limit)
        return list(found)

    def best(self, phrase: str) -> Hit | None:
        """The food a phrase names, if one matches every word of it well."""
        hits = self.search(phrase, limit=1)
        return hits[0] if hits and hits[0].score >= 0.7 else None

    def _alternatives(self, w: str, last: bool) -> dict[str, float]:
        """Vocabulary words that `w` may be, with how alike (1.0: the same)."""
        out: dict[str, float] = {}
        if w in self.postings:
            out[w] = 1.0
        if len(w) >= 3:  # one slip in three letters, about one in four beyond (a swap is one: "rcie")
            cutoff = 0.66 if len(w) == 3 else 0.75
            found = process.extract(w, self._vocab, scorer=OSA.normalized_similarity, score_cutoff=cutoff, limit=4)
            for v, score, _ in found:
                out[v] = max(out.get(v, 0.0), score * 0.95)
            if last:  # the word being typed: "chick" is the start of "chicken"
                for v in self._vocab:
                    if v.startswith(w) and v != w:
                        out[v] = max(out.get(v, 0.0), 0.85)
        return out

    def _rank(self, q: list[str], limit: int) -> list[Hit]:
        n = max(len(self.entries), 1)
        matched: dict[int, dict[int, float]] = {}  # entry -> query word -> similarity x weight
        weights = []
        for i, w in enumerate(q):
            alts = self._alternatives(w, last=i == len(q) - 1)
            df = max((len(self.postings[v]) for v in alts), default=1)
            weight = 1.0 + math.log(n / df)
            weights.append(weight)
            for v, sim in alts.items():
                for pos in self.postings[v]:
                    slot = matched.setdefault(pos, {})
                    if sim * weight > slot.get(i, 0.0):
                        slot[i] = sim * weight
        total = sum(weights)
        phrase = " ".join(q)
        # Only the best-matching few hundred are ranked in full (on a tie: common names, then short
        # names): the rest cannot reach the top.
        entries = self.entries
        scored = heapq.nlargest(
            SHORTLIST,
            ((sum(got.values()), entries[pos].common, -len(entries[pos].words), pos) for pos, got in matched.items()),
        )
        best: dict[str, tuple[float, float, bool]] = {}
        for raw, _, _, pos in scored:
            entry, got = self.entries[pos], matched[pos]
            score = raw / total
            exact = " ".join(entry.words) == phrase
            extra = max(len(entry.words) - len(got), 0)
            whole = exact or (extra == 0 and len(got) == len(q) and score >= 0.8)
            first = min((entry.words.index(v) for v in q if v in entry.words), default=len(entry.words))
            rank = (
                score * 100
                + (30 if whole and entry.common else 12 if whole else 0)
                + (6 if entry.common else 0)
                + (4 if entry.food.custom else 0)
                - min(extra, 12) * 0.8
                - min(first, 5) * 1.5
            )
            if rank > best.get(entry.food.id, (-1e9, 0.0, False))[0]:
                best[entry.food.id] = (rank, score, exact or best.get(entry.food.id, (0, 0, False))[2])
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))[:limit]
        foods = {entries[p].food.id: entries[p].food for *_, p in scored}
        return [Hit(foods[fid], round(min(score, 1.0), 3), exact) for fid, (_, score, exact) in ranked]


@lru_cache(maxsize=1)
def default_index() -> FoodIndex:
    """The shipped table's index, built once per process on first use."""
    return FoodIndex.build(default_table().foods.values())
