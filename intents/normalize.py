"""Text -> plain lower-case words: contractions expanded, wake words and fillers dropped."""

from __future__ import annotations

import re

from intents.lexicon import ASR_PHRASES, ASR_UTTERANCES, ASR_WORDS_BEFORE_A_NUMBER, CONTRACTIONS, FILLERS, WAKE_WORDS

_CLOCK = re.compile(r"\b(\d{1,2}):([0-5]\d)\b")
_NUM_ALPHA = re.compile(r"(\d)([a-z×])")
_ALPHA_NUM = re.compile(r"([a-z×])(\d)")
_THOUSANDS = re.compile(r"(\d),(\d{3})\b")
_PUNCT = re.compile(r"[^a-z0-9.,;:×' ]+")
_SENTENCE_DOT = re.compile(r"\.(?!\d)")
_SPACES = re.compile(r"\s+")
# "R.D.L.s", "O.H.P.", "P.R.": letters written with dots are one word, not sentence ends
_DOTTED = re.compile(r"\b(?:[a-z]\.){2,}(?:s\b)?|\b[a-z]\.[a-z]\b")
# Spoken durations and distances that hide their number: "a minute and a half" -> "1.5 minutes".
_TIME_PHRASES = (
    # a pace first ("3.5 miles an hour"), so that "an hour" is not read as a time
    (re.compile(r"\b(?:miles?|kilometers?|kilometres?|km|kms) (?:an|a|per) hour\b|\bkm ?/ ?h\b|\bkph\b"), "mph"),
    (re.compile(r"\b(?:a|an|one) (minute|hour|mile)s? and a half\b"), r"1.5 \1s"),
    (re.compile(r"\b(\d+) (minute|hour|mile)s? and a half\b"), r"\1.5 \2s"),
    (re.compile(r"\bhalf (?:an|a) (hour|minute|mile)\b"), r"0.5 \1s"),
    (re.compile(r"\b(?:a|an) (minute|hour|mile)\b"), r"1 \1"),
    (re.compile(r"\b(?:a|one) half marathon\b"), "21.1 km"),
    (re.compile(r"\b(?:a|one) (liter|litre|gallon|glass|cup|bottle)\b"), r"1 \1"),
)
_WAKE = re.compile(r"^(?:" + "|".join(re.escape(w) for w in WAKE_WORDS) + r")\b[ ,]*")


_LOAD_BEFORE = re.compile(r"(?:\b(?:at|with|using|of)|,)\s*$")
_LOAD_AFTER = re.compile(
    r"^\s*(?:(?:for|x|times) \d+(?! ?(?:sets?|rounds?|minutes?|mins?|seconds?|secs?))"
    r"|reps?\b|pounds?\b|lbs?\b|kgs?\b|kilos?\b)"
)
_TIME_BEFORE = re.compile(
    r"\b(?:in|for|held|hold|rest|resting|timer|plank|ran|run|rowed|row|biked|bike|cycled|walked|swam|jogged)\s*$"
)


def _clock(m: re.Match[str]) -> str:
    """ "1:35" is a time ("rowed 2k in 7:30"), or speech-to-text's way of writing a load said "one
    thirty five" ("bench at 1:35", "squat 2:25 for 5"): a load when what surrounds it says so."""
    hours, minutes = int(m.group(1)), int(m.group(2))
    before, after = m.string[: m.start()], m.string[m.end() :]
    if hours <= 9 and not _TIME_BEFORE.search(before) and (_LOAD_BEFORE.search(before) or _LOAD_AFTER.match(after)):
        return f" {hours}{minutes:02d} "
    return f" {hours * 60 + minutes} seconds "


def clean(text: str) -> str:
    """Lower-case, spell out symbols, split digits from letters ("3x8" -> "3 x 8")."""
    t = text.lower().strip()
    t = t.replace("’", "'").replace("@", " at ").replace("%", " percent ").replace("&", " and ")
    t = t.replace("#", " ").replace("+", " plus ").replace("½", " and a half")
    t = _THOUSANDS.sub(r"\1\2", t)
    for pattern, repl in _TIME_PHRASES:
        t = pattern.sub(repl, t)
    t = _CLOCK.sub(_clock, t)
    t = _DOTTED.sub(lambda m: m.group(0).replace(".", "") + " ", t)
    for _ in range(2):
        t = _NUM_ALPHA.sub(r"\1 \2", t)
        t = _ALPHA_NUM.sub(r"\1 \2", t)
    t = t.replace("-", " ").replace("/", " ")
    t = _PUNCT.sub(" ", t)
    t = _SENTENCE_DOT.sub(" . ", t)
    t = t.replace(",", " , ").replace(";", " ; ").replace(":", " ")
    return _SPACES.sub(" ", t).strip()


def words(text: str) -> list[str]:
    """The words that matter, in order; punctuation kept as its own token (',', '.', ';')."""
    t = clean(text)
    t = _WAKE.sub("", t)
    out: list[str] = []
    raws = [r for r in t.split(" ") if r]
    for i, raw in enumerate(raws):
        expanded = CONTRACTIONS.get(raw)
        if expanded:
            out.extend(w for w in expanded.split() if w not in FILLERS)
            continue
        w = raw.replace("'", "")
        if w and (w not in FILLERS or _adds_a_load(raws, i)):
            out.append(w)
    said = " ".join(w for w in out if w not in {",", ".", ";"})
    if said in ASR_UTTERANCES:
        return ASR_UTTERANCES[said].split()
    out = _fix_asr(out)
    # Trailing and leading punctuation carries nothing.
    while out and out[0] in {",", ".", ";"}:
        out.pop(0)
    while out and out[-1] in {",", ".", ";"}:
        out.pop()
    return out


_LOAD_UNITS = {"pound", "pounds", "lb", "lbs", "kilo", "kilos", "kg", "kgs", "kilogram", "kilograms"}


def _adds_a_load(raws: list[str], i: int) -> bool:
    """ "add 10 pounds": "add" as a change of load, not the filler of "add a set of 10"."""
    nxt = raws[i + 1 : i + 3]
    return raws[i] == "add" and len(nxt) == 2 and nxt[0].replace(".", "", 1).isdigit() and nxt[1] in _LOAD_UNITS


def _fix_asr(ws: list[str]) -> list[str]:
    for i in range(len(ws) - 1):
        fixed = ASR_PHRASES.get((ws[i], ws[i + 1]))
        if fixed:
            ws[i], ws[i + 1] = fixed
    out: list[str] = []
    for i, w in enumerate(ws):
        two = ASR_WORDS_BEFORE_A_NUMBER.get(w)
        after = ws[i + 1] if i + 1 < len(ws) else ""
        if two and (after.isdigit() or after == "of"):
            out.extend(two)
            continue
        out.append(w)
    return out
