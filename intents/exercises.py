"""Exercise names in an utterance -> catalog slugs (exact aliases, then fuzzy, then "which one?")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from domain.catalog import AliasIndex, CatalogEntry
from domain.catalog.normalize import singular
from intents.lexicon import (
    DISTANCE_WORDS,
    FEEL_NOUNS,
    FEEL_PLAIN,
    FEEL_WORDS,
    FILLERS,
    KG_WORDS,
    LB_WORDS,
    REP_LINGO,
    REP_WORDS,
    RPE_WORDS,
    SET_WORDS,
    STOPWORDS,
    TIME_WORDS_ALL,
)
from intents.numbers import Tok

MAX_SPAN = 6
FUZZY_CUTOFF = 0.84
SINGLE_WORD_CUTOFF = 0.87  # one word is easier to match by accident ("dumbbells" ~ "db row")
EQUIPMENT_WORDS = {
    "dumbbell",
    "dumbbells",
    "barbell",
    "barbells",
    "kettlebell",
    "kettlebells",
    "cable",
    "cables",
    "machine",
    "machines",
    "band",
    "bands",
    "db",
    "dbs",
    "plate",
    "plates",
    "bench",
    "pound",
    "pounds",
}
_NOT_NAMES = (
    EQUIPMENT_WORDS - {"bench"}
    | STOPWORDS
    | LB_WORDS
    | KG_WORDS
    | SET_WORDS
    | REP_WORDS
    | RPE_WORDS
    | set(REP_LINGO)
    | set(DISTANCE_WORDS)
    | TIME_WORDS_ALL
    | FILLERS
    | FEEL_WORDS  # "that was brutal", "grinder": how a set felt, never a lift's name
    | FEEL_PLAIN
    | {noun for noun in FEEL_NOUNS if " " not in noun}
    | {",", ".", ";"}
)


@dataclass
class ExerciseResolver:
    """Tags exercise spans in tokens. A user's custom exercises sit in a small index of their own."""

    index: AliasIndex
    custom: AliasIndex | None = None

    @classmethod
    def with_custom(cls, index: AliasIndex, entries: Iterable[CatalogEntry]) -> ExerciseResolver:
        entries = list(entries)
        return cls(index, AliasIndex.build(entries) if entries else None)

    def kind(self, slug: str | None) -> str:
        if slug is None:
            return "unknown"
        entry = (self.custom and self.custom.get(slug)) or self.index.get(slug)
        return entry.kind if entry else "other"

    def name(self, slug: str) -> str:
        entry = (self.custom and self.custom.get(slug)) or self.index.get(slug)
        return entry.name if entry else slug

    def _exact(self, k: str) -> str | None:
        if self.custom is not None:
            found = self.custom.exact_key(k)
            if found:
                return found
        return self.index.exact_key(k)

    def tag(self, toks: list[Tok]) -> list[Tok]:
        """Replace every exercise-name span by one token carrying its slug."""
        keys = [singular(t.text) if t.num is None else t.raw.replace(".", "") for t in toks]
        out: list[Tok] = []
        i = 0
        while i < len(toks):
            found = None
            if toks[i].num is None or toks[i].raw.isdigit():
                for n in range(min(MAX_SPAN, len(toks) - i), 0, -1):
                    span = toks[i : i + n]
                    if any(t.num is not None and not t.raw.isdigit() for t in span):
                        continue
                    if n == 1 and (toks[i].num is not None or toks[i].text in STOPWORDS):
                        continue
                    slug = self._exact("".join(keys[i : i + n]))
                    if slug:
                        found = (slug, n)
                        break
            if found:
                text = " ".join(t.text for t in toks[i : i + found[1]])
                out.append(Tok(text, slug=found[0], span=found[1]))
                i += found[1]
            else:
                out.append(toks[i])
                i += 1
        return self._fuzzy(out)

    def _fuzzy(self, toks: list[Tok]) -> list[Tok]:
        """Name-like runs of words that matched nothing: ambiguous family words, then fuzzy."""
        out: list[Tok] = []
        i = 0
        while i < len(toks):
            t = toks[i]
            if t.num is not None or t.slug is not None or t.text in _NOT_NAMES:
                out.append(t)
                i += 1
                continue
            j = i
            while j < len(toks) and toks[j].num is None and toks[j].slug is None and toks[j].text not in _NOT_NAMES:
                j += 1
            out.extend(self._resolve_run(toks[i:j]))
            i = j
        return out

    def _resolve_run(self, run: list[Tok]) -> list[Tok]:
        n = len(run)
        if n > 5:
            return run
        for size in range(n, 0, -1):
            for start in range(0, n - size + 1):
                phrase = " ".join(t.text for t in run[start : start + size])
                cutoff = FUZZY_CUTOFF if size > 1 else SINGLE_WORD_CUTOFF
                options = self.index.ambiguous(phrase)
                if options:
                    tok = Tok(phrase, options=tuple(options))
                    return [*run[:start], tok, *run[start + size :]]
                match = None
                if self.custom is not None:
                    match = self.custom.fuzzy(phrase, cutoff)
                match = match or self.index.fuzzy(phrase, cutoff)
                if match:
                    tok = Tok(phrase, slug=match.slug, span=size, score=match.score)
                    return [*run[:start], tok, *self._resolve_run(run[start + size :])]
        return run
