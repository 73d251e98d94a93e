"""Write a seeded set of lifter utterances, in the style of ../shared/eval, to measure the voice loop on.

The shared dev recordings are few (30) and the product is judged on others like them, so
decisions such as when to confirm a doubtful number are measured on a larger set made here:
templates of how lifters log, with lifts and numbers drawn at random. Speak it with the shared
generator and stream it with the shared scorer:

    python benchmarks/voice_set.py 120 7 > /tmp/voice-set.jsonl
    .venv/bin/python ../shared/eval/gen_audio.py /tmp/voice-set.jsonl /tmp/voice-set 120 7
    .venv/bin/python ../shared/eval/score_stream.py --python .venv/bin/python --dir /tmp/voice-set --speed 2

Spoken numbers are written out as words in half the utterances (as a lifter says them).
"""

from __future__ import annotations

import json
import random
import sys

ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

# (slug, how lifters say it, kind)
LIFTS = [
    ("barbell-bench-press", "bench press", "barbell"),
    ("barbell-bench-press", "bench", "barbell"),
    ("incline-barbell-bench-press", "incline bench", "barbell"),
    ("dumbbell-bench-press", "dumbbell bench press", "dumbbell"),
    ("overhead-press", "overhead press", "barbell"),
    ("dumbbell-shoulder-press", "dumbbell shoulder press", "dumbbell"),
    ("barbell-back-squat", "squat", "barbell"),
    ("barbell-back-squat", "back squat", "barbell"),
    ("front-squat", "front squat", "barbell"),
    ("goblet-squat", "goblet squat", "dumbbell"),
    ("hack-squat", "hack squat", "machine"),
    ("deadlift", "deadlift", "barbell"),
    ("romanian-deadlift", "romanian deadlift", "barbell"),
    ("barbell-row", "barbell row", "barbell"),
    ("dumbbell-row", "dumbbell row", "dumbbell"),
    ("seated-cable-row", "seated cable row", "cable"),
    ("lat-pulldown", "lat pulldown", "cable"),
    ("barbell-curl", "barbell curl", "barbell"),
    ("hammer-curl", "hammer curl", "dumbbell"),
    ("tricep-pushdown", "tricep pushdown", "cable"),
    ("lateral-raise", "lateral raise", "dumbbell"),
    ("face-pull", "face pull", "cable"),
    ("leg-press", "leg press", "machine"),
    ("leg-extension", "leg extension", "machine"),
    ("leg-curl", "leg curl", "machine"),
    ("hip-thrust", "hip thrust", "barbell"),
    ("calf-raise", "calf raise", "machine"),
]
BODYWEIGHT = [("pull-up", "pull ups"), ("chin-up", "chin ups"), ("dip", "dips"), ("push-up", "push ups")]
LOADS = {"barbell": (45, 405, 5), "dumbbell": (10, 100, 5), "cable": (20, 160, 5), "machine": (50, 400, 10)}


def spoken(n: int) -> str:
    """A number as a lifter says it: 135 -> "one thirty five", 60 -> "sixty"."""
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("" if n % 10 == 0 else " " + ONES[n % 10])
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        return ONES[hundreds] + " hundred"
    if rest < 10:
        return f"{ONES[hundreds]} oh {ONES[rest]}"
    return f"{ONES[hundreds]} {spoken(rest)}"


def log(rng: random.Random) -> tuple[str, dict[str, object]]:
    slug, name, kind = rng.choice(LIFTS)
    low, high, step = LOADS[kind]
    weight = rng.randrange(low, high + 1, step)
    reps, sets = rng.randint(3, 15), rng.choice([2, 3, 4])
    unit = rng.choice([None, None, "lb", "kg"])
    words = rng.random() < 0.5
    w, r, s = (spoken(weight), spoken(reps), spoken(sets)) if words else (str(weight), str(reps), str(sets))
    u = {None: "", "lb": rng.choice([" pounds", " lbs"]), "kg": rng.choice([" kilos", " kg"])}[unit]
    forms = [
        f"{name} {w}{u} for {r}",
        f"{name} {w}{u} for {r} reps",
        f"{s} sets of {r} {name} at {w}{u}",
        f"{name} {s} by {r} at {w}{u}",
        f"I did {r} reps on {name} at {w}{u}",
        f"log {s} sets of {name}, {r} reps, {w}{u}",
        f"{r} reps of {name} with {w}{u}",
        f"{name}, {w}{u}, {r} reps",
    ]
    form = rng.randrange(len(forms))
    if form not in (2, 3, 5):
        sets = 1
    return forms[form], {
        "intent": "log_sets",
        "sets": sets,
        "unit": unit,
        "exercise": slug,
        "reps": reps,
        "weight": weight,
    }


def bodyweight(rng: random.Random) -> tuple[str, dict[str, object]]:
    slug, name = rng.choice(BODYWEIGHT)
    reps, sets = rng.randint(5, 20), rng.choice([1, 2, 3])
    r, s = (spoken(reps), spoken(sets)) if rng.random() < 0.5 else (str(reps), str(sets))
    if sets == 1:
        text = rng.choice([f"{r} {name}", f"did {r} {name}"])
    else:
        text = rng.choice([f"{s} sets of {r} {name}", f"{name} {s} by {r}"])
    return text, {
        "intent": "log_sets",
        "sets": sets,
        "unit": None,
        "exercise": slug,
        "reps": reps,
        "weight": None,
        "bodyweight": True,
    }


def cardio(rng: random.Random) -> tuple[str, dict[str, object]]:
    km, minutes = rng.choice([2, 3, 5, 8, 10]), rng.randint(12, 60)
    slug, verb = rng.choice([("running", "ran"), ("cycling", "rode")])
    text = rng.choice([f"{verb} {spoken(km)} k in {spoken(minutes)} minutes", f"{verb} {km}k in {minutes} minutes"])
    return text, {"intent": "log_sets", "exercise": slug, "distance_m": km * 1000, "duration_s": minutes * 60}


def other(rng: random.Random) -> tuple[str, dict[str, object]]:
    choices: list[tuple[str, dict[str, object]]] = [
        (f"rest {spoken(n)} minutes", {"intent": "start_rest", "seconds": n * 60}) for n in (2, 3)
    ] + [
        ("same again", {"intent": "repeat_last", "count": 1}),
        ("what's my best squat", {"intent": "query_pr", "exercise": "barbell-back-squat"}),
        ("what did I bench last time", {"intent": "query_last", "exercise": "barbell-bench-press"}),
        ("what's next", {"intent": "next_exercise"}),
        (
            f"body weight {spoken(w := rng.randint(150, 220))}",
            {"intent": "log_metric", "metric": "body_weight", "value": w},
        ),
    ]
    return rng.choice(choices)


def main() -> None:
    n, seed = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    makers = [log] * 6 + [bodyweight, cardio, other]
    for k in range(n):
        text, command = rng.choice(makers)(rng)
        print(json.dumps({"id": f"v{seed}-{k:03d}", "text": text, "expect": {"commands": [command]}}))


if __name__ == "__main__":
    main()
