"""What a lifter must not do, read from their words: "no overhead pressing", "bad knee", "avoid
deadlifts", "my shoulder hurts", "nothing that loads the lower back".

Clauses (split at commas, semicolons, "and", "but") that carry a cue ("no", "avoid", "without",
"hurt", "injured", "bad", ...) name movement patterns, body parts to spare or exercises: an
exercise word rules out every catalog lift with that word in its slug ("no deadlifts": all
deadlifts, "no lunges": all lunges), a name the alias index knows rules out that lift. In the
`limitations` field of a request every clause counts, cue or not. The result is domain/movements.py's
`Limits`, which generation treats as hard constraints.
"""

from __future__ import annotations

import re

from domain.catalog import AliasIndex
from domain.catalog.normalize import singular
from domain.movements import Limits

CUE = re.compile(
    r"\b(no|not|avoid\w*|without|skip\w*|nothing|never|except|can'?t|cannot|don'?t|hurts?|hurting|injur\w*|"
    r"sore|bad|pain\w*|tweak\w*|strain\w*|spar\w*|easy on|recover\w*|bum|dodgy|sprain\w*|rehab\w*|aching|achy)\b"
)
PATTERNS: dict[str, str] = {
    "overhead_press": r"overhead( press\w*| work| lifting)?|(shoulder|military) press\w*|press\w* overhead|"
    r"over ?head|above (my |the )?head",
    "deep_knee_flexion": r"deep (knee|squat)\w*( \w+)?|knee (bend|flexion)\w*|squat\w*|lunge\w*|deep bend\w*",
    "hip_hinge": r"hing\w*|bending over",
    "spinal_loading": r"spin(e|al) (load|compression)\w*|axial\w*|load\w* (on )?the (spine|back)|heavy back",
    "jumping": r"jump\w*|plyo\w*|impact|bounding|hopping",
    "hanging": r"hang\w*",
    "dip": r"dips?|dipping",
    "upright_row": r"upright rows?",
}
PARTS: dict[str, str] = {
    "shoulder": r"shoulders?|rotator cuffs?|delts?",
    "knee": r"knees?|acl|meniscus|patella\w*",
    "lower back": r"(lower |low )?back|spine|lumbar|disc|sciatica",
    "hip": r"hips?|groin",
    "elbow": r"elbows?",
    "wrist": r"wrists?",
    "ankle": r"ankles?|achilles",
    "neck": r"neck",
}
INJURY = re.compile(r"\b(hurt|injur|sore|bad|pain|tweak|strain|spar|easy on|recover|bum|dodgy|sprain|rehab|ach)")
SPLIT = re.compile(r"\s*(?:[,;.]|\bbut\b|\bplus\b)\s*")
JOIN = re.compile(r"\b(and|or|nor|also|too|my|left|right|is|are|a|an|really|very|bit|little|that|which|loads?)\b")
_PATTERNS = {p: re.compile(rf"\b({rx})\b") for p, rx in PATTERNS.items()}
_PARTS = {p: re.compile(rf"\b({rx})\b") for p, rx in PARTS.items()}
WORD = re.compile(r"[a-z][a-z-]+")
_NOT_LIFTS = "no not avoid without skip nothing heavy any the my with please exercise movement that which load work"
NOT_LIFTS = frozenset(_NOT_LIFTS.split())


def clauses(text: str) -> list[str]:
    return [c for c in SPLIT.split(text.lower()) if c.strip()]


def read(text: str, index: AliasIndex, *, cued: bool = True) -> Limits:
    """The limits the words name; with `cued`, only in clauses that say not to (a free prompt)."""
    exercises: set[str] = set()
    pats: set[str] = set()
    parts: set[str] = set()
    for clause in clauses(text):
        if cued and not CUE.search(clause):
            continue
        named = {p for p, rx in _PATTERNS.items() if rx.search(clause)}
        if _names_lifts(clause):
            named.discard("deep_knee_flexion")
        spared = {p for p, rx in _PARTS.items() if rx.search(clause)}
        if spared and (INJURY.search(clause) or not named):
            parts |= spared
        pats |= named
        exercises |= _lifts(clause, index)
    return Limits(frozenset(exercises), frozenset(pats), frozenset(parts))


def _names_lifts(clause: str) -> bool:
    """ "no squats" names lifts (every squat), not deep knee bends in general."""
    return bool(re.search(r"\b(squat|lunge)s?\b", clause)) and not re.search(r"\bdeep\b|\bknee", clause)


def _lifts(clause: str, index: AliasIndex) -> set[str]:
    """Lifts named in a clause (what its patterns, body parts and cues leave): a lift word rules out
    every slug with it ("no squats or lunges"), else a name the index knows exactly."""
    rest = CUE.sub(" ", clause)
    for name, rx in (*_PATTERNS.items(), *_PARTS.items()):
        if not (name == "deep_knee_flexion" and _names_lifts(clause)):
            rest = rx.sub(" ", rest)
    rest = JOIN.sub(" ", rest)
    found: set[str] = set()
    phrase = " ".join(rest.split())
    if len(phrase.split()) > 1:
        slug = index.exact(phrase)
        if slug is not None:
            return {slug}
    family = index.ambiguous(phrase) if phrase else None
    if family:
        return set(family)
    for word in WORD.findall(rest):
        stem = singular(word)
        if stem in NOT_LIFTS or len(stem) < 4 or any(rx.search(word) for rx in _PARTS.values()):
            continue
        matches = {s for s in index.entries if stem in s.split("-")}
        if matches and len(matches) < 60:  # a lift word, not "dumbbell" or "press"
            found |= matches
        elif index.exact(word):
            found.add(str(index.exact(word)))
    return found
