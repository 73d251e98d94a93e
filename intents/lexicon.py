"""Words the grammar knows. Extending the grammar usually means adding a word here."""

from __future__ import annotations

ONES = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "won": 1,
    "to": 2,
    "too": 2,
    "for": 4,
    "ate": 8,
}
# Homophones count only inside a spoken compound ("one twenty" yes, "squat for five" no).
HOMOPHONES = {"won", "to", "too", "for", "ate"}
TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
# "the sixties" = the 60 lb dumbbells.
PLURAL_TENS = {w + "s": v for w, v in TENS.items()} | {
    "twenties": 20,
    "thirties": 30,
    "forties": 40,
    "fifties": 50,
    "sixties": 60,
    "seventies": 70,
    "eighties": 80,
    "nineties": 90,
    "tens": 10,
    "fives": 5,
    "fifteens": 15,
    "twelves": 12,
}
SCALES = {"hundred": 100, "thousand": 1000}
OTHER_NUMBERS = {"couple": 2, "dozen": 12}

# Said before a command and meaning nothing to it.
WAKE_WORDS = ("hey spotter", "ok spotter", "okay spotter", "hi spotter", "spotter", "hey coach")
FILLERS = {
    "uh",
    "um",
    "umm",
    "uhm",
    "er",
    "erm",
    "hmm",
    "ah",
    "like",
    "please",
    "so",
    "okay",
    "ok",
    "alright",
    "right",
    "yeah",
    "yes",
    "well",
    "just",
    "basically",
    "literally",
    "hey",
    "log",
    "record",
    "add",
    "track",
    "note",
    "put",
    "gonna",
    "lets",
    "let",
    "me",
    "kindly",
    "quick",
    "quickly",
}
# Kept as words although filler-like, because they carry meaning for some families.
CONTRACTIONS = {
    "what's": "what is",
    "whats": "what is",
    "i'm": "i am",
    "im": "i am",
    "i've": "i have",
    "let's": "lets",
    "that's": "that is",
    "thats": "that is",
    "it's": "it is",
    "didn't": "did not",
    "i'd": "i would",
    "how's": "how is",
    "where's": "where is",
    "gimme": "give me",
    "wanna": "want to",
    "gotta": "got to",
    "what're": "what are",
}

LB_WORDS = {"lb", "lbs", "pound", "pounds", "pounder", "pounders", "lb.", "lbs."}
KG_WORDS = {"kg", "kgs", "kilo", "kilos", "kilogram", "kilograms", "kilogramme", "kilogrammes", "kilo's"}
SET_WORDS = {"set", "sets", "round", "rounds"}
REP_WORDS = {"rep", "reps", "repetition", "repetitions", "rips", "raps"}
X_WORDS = {"x", "by", "×"}
SECONDS_WORDS = {"s", "sec", "secs", "second", "seconds"}
MINUTES_WORDS = {"min", "mins", "minute", "minutes", "m"}
HOURS_WORDS = {"h", "hr", "hrs", "hour", "hours"}
TIME_WORDS_ALL = SECONDS_WORDS | MINUTES_WORDS | HOURS_WORDS
DISTANCE_WORDS = {
    "k": 1000.0,
    "km": 1000.0,
    "kms": 1000.0,
    "kilometer": 1000.0,
    "kilometers": 1000.0,
    "kilometre": 1000.0,
    "kilometres": 1000.0,
    "mile": 1609.344,
    "miles": 1609.344,
    "mi": 1609.344,
    "meter": 1.0,
    "meters": 1.0,
    "metre": 1.0,
    "metres": 1.0,
    "yard": 0.9144,
    "yards": 0.9144,
    "yd": 0.9144,
    "yds": 0.9144,
}
RPE_WORDS = {"rpe", "rp", "rpes", "rpm", "arpy", "rate"}
RIR_PHRASES = (
    ("in", "the", "tank"),
    ("in", "reserve"),
    ("reps", "in", "reserve"),
    ("rir",),
    ("left", "in", "the", "tank"),
    ("left",),
    ("reps", "left"),
    ("in", "tank"),
    ("more", "in", "me"),  # "had two more in me"
    ("more", "reps", "in", "me"),
    ("more", "in", "the", "tank"),
    ("in", "me"),
    ("more", "in"),  # "two more in me", with "me" dropped as a filler
)
REP_LINGO = {"single": 1, "double": 2, "triple": 3, "singles": 1, "doubles": 2, "triples": 3}
SET_TYPES = {
    ("warm", "up"): "warmup",
    ("warm", "ups"): "warmup",
    ("warmup",): "warmup",
    ("warmups",): "warmup",
    ("warming", "up"): "warmup",
    ("to", "failure"): "failure",
    ("till", "failure"): "failure",
    ("until", "failure"): "failure",
    ("failure",): "failure",
    ("drop", "set"): "drop",
    ("dropset",): "drop",
    ("drop", "sets"): "drop",
    ("amrap",): "amrap",
    ("as", "many", "as", "possible"): "amrap",
    ("as", "many", "reps", "as", "possible"): "amrap",
    ("max", "reps"): "amrap",
}
# Words between a count and "sets" that say which sets, not how they are logged: "3 working sets".
SET_MODIFIERS = (
    ("working",),
    ("work",),
    ("top",),
    ("back", "off"),
    ("backoff",),
    ("back", "down"),
    ("heavy",),
    ("light",),
    ("straight",),
    ("hard",),
    ("main",),
)
PLATE_WORDS = {"plate", "plates", "wheel", "wheels"}
PLATE_EXTRAS_LB = {"quarter": 25.0, "quarters": 25.0, "dime": 10.0, "dimes": 10.0, "nickel": 5.0, "nickels": 5.0}
BAR_PHRASES = (
    ("just", "the", "bar"),
    ("the", "empty", "bar"),
    ("empty", "bar"),
    ("the", "bar"),
    ("bar", "only"),
    ("only", "the", "bar"),
    ("an", "empty", "bar"),
    ("a", "bar"),
)
LOG_VERBS = {"did", "done", "do", "got", "hit", "made", "completed", "finished", "performed", "went"}
# Words that never start an exercise name (used to cut phrases for fuzzy matching).
STOPWORDS = {
    "i",
    "a",
    "an",
    "the",
    "of",
    "on",
    "at",
    "for",
    "with",
    "and",
    "then",
    "my",
    "some",
    "did",
    "do",
    "done",
    "got",
    "hit",
    "in",
    "to",
    "is",
    "it",
    "was",
    "that",
    "this",
    "set",
    "sets",
    "rep",
    "reps",
    "x",
    "by",
    "times",
    "each",
    "side",
    "per",
    "hand",
    "arm",
    "again",
    "more",
    "another",
    "today",
    "now",
    "also",
    "plus",
    "after",
    "next",
    "rpe",
    "rir",
    "tank",
    "reserve",
    "left",
    "bar",
    "plate",
    "plates",
    "about",
    "around",
    "roughly",
    "total",
    "all",
    "up",
    "pretty",
    "heavy",
    "light",
    "easy",
    "hard",
    "weight",
    "weights",
    "workout",
    "am",
    "are",
    "be",
    "been",
    "have",
    "had",
    "just",
    "were",
    "we",
    "you",
    "your",
    "me",
    "what",
    "felt",
    "good",
    "great",
    "nice",
    "tough",
}

# How speech-to-text mishears lifters, phrase by phrase; applied before anything else reads the words.
# What speech-to-text writes for a one-word command said on its own (matched on whole utterances only).
ASR_UTTERANCES = {
    "and do": "undo",
    "and due": "undo",
    "undue": "undo",
    "and you": "undo",
    "on do": "undo",
    "un do": "undo",
    "in do": "undo",
    "andu": "undo",
    "and do that": "undo that",
    "and do it": "undo it",
    "in session": "end session",
    "in workout": "end workout",
    "and workout": "end workout",
}
# One word heard for two ("three sets" as "preset"), replaced when a number follows it.
ASR_WORDS_BEFORE_A_NUMBER = {"preset": ("three", "sets"), "presets": ("three", "sets")}
ASR_PHRASES = {
    ("pre", "set"): ("three", "sets"),  # "three sets" heard as "pre-set", "preset"
    ("free", "sets"): ("three", "sets"),
    ("free", "by"): ("three", "by"),
    ("free", "reps"): ("three", "reps"),
    ("free", "plates"): ("three", "plates"),
}
