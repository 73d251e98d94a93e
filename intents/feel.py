"""How a set felt: "felt heavy", "that was easy", "grinder", "smooth", "brutal", "crushed it".

Kept as a note on the set: trailing a log ("bench 135 for 8, felt heavy") it goes on that log;
on its own it is `note_last`, about the set logged just before. The note is the feeling as said,
without its lead-in ("felt", "that was", "a"): "felt really heavy" -> "really heavy".
A number ("felt like an 8") stays an RPE for the log grammar; this module reads words only.
"""

from __future__ import annotations

import re

from intents.lexicon import FEEL_NOUNS, FEEL_PLAIN, FEEL_WORDS, RPE_WORDS
from intents.numbers import Tok


def _alternatives(words: set[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_INTENSIFIERS = (
    r"(?:really|very|super|pretty|so|too|way too|kind of|kinda|sort of|a bit|a little|a little bit|quite|fairly"
    r"|surprisingly|extremely|real|damn|freaking|crazy|way|much|bit|little|somewhat|insanely|not too|not that)"
)
# Said alone they are a feeling ("grinder", "crushed it"); "off", "all out" need a lead-in ("felt off").
_DEEDS = (
    r"crushed it|nailed it|smoked it|owned it|killed it|flew up|moved well|moved fast|moved slow|went up fast"
    r"|went up easy|barely got it|barely made it|almost failed|nearly failed|struggled|ground it out"
    r"|form broke down|form was (?:good|bad|solid|off|sloppy|great|ugly|perfect)"
)
_NOUN = rf"(?:(?:a|an|such a|what a|total|real|bit of a|absolute) )*(?:{_alternatives(FEEL_NOUNS)})"
_BARE = rf"(?:{_INTENSIFIERS} )*(?:{_alternatives(FEEL_WORDS)})|{_NOUN}|{_DEEDS}"
_LED = rf"(?:{_INTENSIFIERS} )*(?:{_alternatives(FEEL_WORDS | FEEL_PLAIN)})|{_NOUN}|{_DEEDS}|off|all out|max effort"
_LEAD = (
    r"(?:(?:it|that|this|those|these|that one|this one|the last (?:set|one|1)|last (?:set|one|1)|the set"
    r"|the reps|the weight|weight|they|everything) )?"
    r"(?:(?:felt|feels|feel|feeling|was|were|is|are|went|looked|moved|seemed|seems) )+"
)
_TAIL = r"(?: (?:today|though|tho|man|dude|bro|honestly|for sure|for me|again|this time|on that|on that one))*"
FEELING = re.compile(rf"^(?:(?:and|but|which|so) )*(?:{_LEAD}(?P<led>{_LED})|(?P<bare>{_BARE})){_TAIL}$")
VOCABULARY = FEEL_WORDS | FEEL_PLAIN | FEEL_NOUNS | {"crushed", "nailed", "smoked", "flew", "barely", "struggled"}
VOCABULARY |= {"off", "form", "moved", "failed", "owned", "killed", "ground", "effort"}
# Words a feeling starts with: a comma before one is kept, as it parts the feeling from the set.
STARTS = VOCABULARY | {"felt", "feels", "that", "it", "those", "these", "pretty", "really", "super", "too", "way"}
STARTS |= {"what", "total", "kind", "kinda", "bit", "little", "so", "very", "quite"}


def feeling(text: str) -> str | None:
    """The note in words that are only a feeling ("that was really easy" -> "really easy"), else None."""
    m = FEELING.match(text)
    if m is None:
        return None
    note = m.group("led") or m.group("bare")
    return re.sub(r"^(?:(?:a|an|such a|what a|bit of a|total|real|absolute) )+", "", note)


def split(toks: list[Tok]) -> tuple[str | None, list[Tok]]:
    """A feeling said with the rest of a clause: (note, the rest without it).

    Anywhere a phrase can stand apart: at the start or end, between commas, before an effort
    ("bench 135 for 8, felt heavy, RPE 9", "squat 225 for 5 felt smooth", "felt heavy RPE 9").
    The longest wins; words with a number or a lift's name are never a feeling, and a feeling word
    inside a phrase ("3 light sets", "how heavy did I go") is not one either.
    """
    if not any(t.text in VOCABULARY for t in toks):
        return None, toks
    plain = [(t.num is None or _one_of(toks, k)) and not t.slug and not t.options for k, t in enumerate(toks)]
    n = len(toks)
    for i in range(n):
        if not (i == 0 or not plain[i - 1] or toks[i - 1].text in _JOINS or toks[i].text in _LEADS):
            continue
        for j in range(n, i, -1):
            if not all(plain[i:j]) or not (j == n or not plain[j] or toks[j].text in _JOINS | RPE_WORDS):
                continue
            note = feeling(_text(toks[i:j]))
            if note:
                return note, _trim(toks[:i]) + _trim(toks[j:])
    return None, toks


_JOINS = {",", "and", "but", "so", "which", "then", "."}
_LEADS = {"felt", "feels", "it", "that", "this", "those", "these", "the", "last"}  # "done, that was brutal"


def _one_of(toks: list[Tok], k: int) -> bool:
    """ "that one was easy": a spoken "one" that points at a set rather than counting."""
    return toks[k].raw == "one" and k > 0 and toks[k - 1].text in ("that", "this", "last", "the")


def _text(toks: list[Tok]) -> str:
    return " ".join(t.text for t in toks if t.text not in (",", ".", ";"))


def _trim(toks: list[Tok]) -> list[Tok]:
    """Without the joining words left at a cut ("bench 135 for 8 and" -> "bench 135 for 8")."""
    out = list(toks)
    while out and out[-1].num is None and out[-1].text in (",", "and", "but", "which", "so", "it"):
        out.pop()
    while out and out[0].num is None and out[0].text in (",", "and", "but", "so"):
        out.pop(0)
    return out
