"""Lifter numbers: spoken and written numbers merged into tokens.

"one thirty five" -> 135, "two twenty five" -> 225, "four oh five" -> 405, "a hundred" -> 100,
"twenty two and a half" -> 22.5, "eighty two point five" -> 82.5, "the sixties" -> 60 (plural).
"""

from __future__ import annotations

from dataclasses import dataclass

from intents.lexicon import HOMOPHONES, ONES, OTHER_NUMBERS, PLURAL_TENS, SCALES, TEENS, TENS


@dataclass
class Tok:
    text: str
    num: float | None = None
    raw: str = ""  # how the number was written ("2.25", "two twenty five")
    spoken: bool = False
    plural: bool = False  # "60s", "the sixties": a dumbbell or plate size
    slug: str | None = None  # set when the token (span) names an exercise
    span: int = 1  # how many source words an exercise token covers
    score: float = 1.0
    options: tuple[str, ...] = ()  # an ambiguous name ("press"): the slugs it may mean

    @property
    def is_num(self) -> bool:
        return self.num is not None

    @property
    def is_int(self) -> bool:
        return self.num is not None and float(self.num).is_integer()

    def render(self) -> str:
        if self.num is None:
            return self.text
        return str(int(self.num)) if self.is_int else f"{self.num:g}"


def _is_digits(w: str) -> bool:
    if not w or w.count(".") > 1:
        return False
    return w.replace(".", "", 1).isdigit() and not w.startswith(".") and not w.endswith(".")


def _tens_group(ws: list[str], i: int) -> tuple[int, int] | None:
    """twenty | twenty five | fifteen | five -> (value, words used)."""
    if i >= len(ws):
        return None
    w = ws[i]
    if w in TENS:
        if i + 1 < len(ws) and ws[i + 1] in ONES and ws[i + 1] not in HOMOPHONES and ONES[ws[i + 1]] > 0:
            return TENS[w] + ONES[ws[i + 1]], 2
        return TENS[w], 1
    if w in TEENS:
        return TEENS[w], 1
    if w in ONES and w not in HOMOPHONES:
        return ONES[w], 1
    return None


def _standard(ws: list[str], i: int) -> tuple[float, int] | None:
    """English cardinal: "two hundred and five", "a hundred", "ten thousand", "twenty two"."""
    total, j = 0.0, i
    current: float | None = None
    if j < len(ws) and ws[j] in ("a", "an") and j + 1 < len(ws) and ws[j + 1] in SCALES:
        current, j = 1, j + 1
    else:
        g = _tens_group(ws, j)
        if g is None:
            return None
        current, j = g[0], j + g[1]
    while j < len(ws) and ws[j] in SCALES:
        scale = SCALES[ws[j]]
        current = (current or 1) * scale
        j += 1
        if scale == 1000:
            total += current
            current = 0
        k = j + 1 if j < len(ws) and ws[j] == "and" else j
        g = _tens_group(ws, k)
        if g is not None and (ws[k] not in ONES or True):
            current = (current or 0) + g[0]
            j = k + g[1]
    return total + (current or 0), j - i


def _lifter_compound(ws: list[str], i: int) -> tuple[float, int] | None:
    """ "one thirty five" = 135, "three fifteen" = 315, "four oh five" = 405."""
    w = ws[i]
    if w not in ONES or ONES[w] == 0 or i + 1 >= len(ws):
        return None
    nxt = ws[i + 1]
    if w in HOMOPHONES:  # "for fifteen" is reps, not 415
        return None
    if nxt in ("oh", "o", "zero") and i + 2 < len(ws) and ws[i + 2] in ONES and ws[i + 2] not in HOMOPHONES:
        return ONES[w] * 100 + ONES[ws[i + 2]], 3
    if nxt in TENS or nxt in TEENS:
        g = _tens_group(ws, i + 1)
        if g is not None:
            return ONES[w] * 100 + g[0], 1 + g[1]
    return None


def _fraction(ws: list[str], j: int) -> tuple[float, int]:
    """ "and a half" / "point five" after a number -> (added value, words used)."""
    if j + 2 < len(ws) and ws[j] == "and" and ws[j + 1] in ("a", "one") and ws[j + 2] == "half":
        return 0.5, 3
    if j + 1 < len(ws) and ws[j] == "and" and ws[j + 1] == "half":
        return 0.5, 2
    if j + 2 < len(ws) and ws[j] == "in" and ws[j + 1] == "a" and ws[j + 2] == "half":  # as often transcribed
        return 0.5, 3
    if j + 1 < len(ws) and ws[j] == "point":
        digits, k = "", j + 1
        while k < len(ws) and (
            (ws[k] in ONES and ws[k] not in HOMOPHONES) or ws[k] in ("oh", "o") or (ws[k].isdigit() and not digits)
        ):
            digits += str(ONES.get(ws[k], 0)) if not ws[k].isdigit() else ws[k]
            k += 1
        if digits:
            return float("0." + digits), k - j
    return 0.0, 0


LIMB_WORDS = {"arm", "arms", "armed", "leg", "legs", "legged", "hand", "hands", "handed", "side", "sided"}


def numberize(ws: list[str]) -> list[Tok]:
    """Turn a word list into tokens with spoken and written numbers merged."""
    out: list[Tok] = []
    i = 0
    while i < len(ws):
        w = ws[i]
        if w in ("one", "1", "single") and i + 1 < len(ws) and ws[i + 1] in LIMB_WORDS:
            out.append(Tok("one" if w == "1" else w))  # "one arm dumbbell row": part of a name
            i += 1
            continue
        if _is_digits(w) and i + 1 < len(ws) and ws[i + 1] in ("hundred", "thousand") and float(w) < 100:
            scaled = float(w) * (100 if ws[i + 1] == "hundred" else 1000)  # "4 hundred", "2 thousand"
            j = i + 2 + (1 if i + 2 < len(ws) and ws[i + 2] == "and" else 0)
            if j < len(ws) and _is_digits(ws[j]) and float(ws[j]) < 100:  # "4 hundred and 50"
                scaled, i = scaled + float(ws[j]), j - 1
            out.append(Tok(w, scaled, raw=str(int(scaled)) if scaled.is_integer() else str(scaled)))
            i += 2
            continue
        if _is_digits(w):
            value = float(w)
            frac, used = _fraction(ws, i + 1)
            # "with the 60s", "with 35s each": dumbbell sizes, not seconds
            plural = i + 1 < len(ws) and ws[i + 1] == "s" and i > 0 and ws[i - 1] in ("the", "with", "using")
            out.append(Tok(w, value + frac, raw=w, plural=plural))
            i += 1 + used + (1 if plural else 0)
            continue
        if w in PLURAL_TENS:
            out.append(Tok(w, float(PLURAL_TENS[w]), raw=w, spoken=True, plural=True))
            i += 1
            continue
        if w in OTHER_NUMBERS and i > 0 and ws[i - 1] in ("a", "an"):
            out[-1:] = []
            out.append(Tok(w, float(OTHER_NUMBERS[w]), raw=w, spoken=True))
            i += 1 + (1 if i + 1 < len(ws) and ws[i + 1] == "of" else 0)
            continue
        parsed = _lifter_compound(ws, i) or _standard(ws, i)
        if parsed is not None:
            value, used = parsed
            frac, more = _fraction(ws, i + used)
            raw = " ".join(ws[i : i + used + more])
            out.append(Tok(raw, value + frac, raw=raw, spoken=True))
            i += used + more
            continue
        out.append(Tok(w))
        i += 1
    return out


def render(toks: list[Tok]) -> str:
    """Tokens back to text with numbers as digits: the form the intent patterns read."""
    return " ".join(t.render() for t in toks)
