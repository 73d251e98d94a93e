"""What lifters call the core exercises: the project's own alias list.

Adding an alias is one line here (and a phrase in tests/unit/intents/test_exercises.py).
Aliases are matched after normalisation (lower case, hyphens as spaces, plurals folded,
spaces ignored), so "pull ups", "pull-ups" and "pullups" need one entry between them.
"""

from __future__ import annotations

CORE_ALIASES: dict[str, list[str]] = {
    "barbell-bench-press": [
        "bench", "bench press", "flat bench", "flat bench press", "barbell bench", "bp",
        "barbell bench press", "flat barbell bench", "bench pressing", "benching", "benched",
        "chest press barbell", "flat barbell bench press", "bench presses", "bench pres",
    ],
    "incline-barbell-bench-press": [
        "incline bench", "incline bench press", "incline barbell", "incline barbell press",
        "incline barbell bench", "incline press", "incline bp",
    ],
    "dumbbell-bench-press": [
        "dumbbell bench", "db bench", "dumbbell press", "db press", "flat dumbbell press",
        "dumbbell chest press", "flat db press", "dumbbell bench press", "db bench press",
        "dumbbell flat bench",
    ],
    "incline-dumbbell-bench-press": [
        "incline dumbbell press", "incline db press", "incline dumbbell bench", "incline db bench",
        "incline dumbbell", "incline dumbbells", "incline dumbbell bench press",
    ],
    "overhead-press": [
        "ohp", "overhead press", "military press", "standing press", "shoulder press barbell",
        "barbell overhead press", "strict press", "barbell shoulder press", "press overhead",
        "overhead", "standing overhead press", "o h p",
    ],
    "dumbbell-shoulder-press": [
        "dumbbell shoulder press", "db shoulder press", "seated dumbbell press",
        "dumbbell overhead press", "db overhead press", "shoulder press", "seated shoulder press",
    ],
    "barbell-back-squat": [
        "squat", "back squat", "barbell squat", "high bar squat", "low bar squat", "squatted",
        "squatting", "back squats", "barbell back squat", "squad", "squats",
    ],
    "front-squat": ["front squat", "barbell front squat", "front squats", "front squad"],
    "goblet-squat": ["goblet squat", "goblet", "goblets", "kettlebell goblet squat", "dumbbell goblet squat"],
    "hack-squat": ["hack squat", "hack squat machine", "machine hack squat", "hacks"],
    "deadlift": [
        "deadlift", "dead lift", "conventional deadlift", "barbell deadlift", "deadlifted",
        "deadlifting", "dl", "dead lifts", "conventional",
    ],
    "sumo-deadlift": ["sumo deadlift", "sumo", "sumo dead lift", "sumo dl", "sumos"],
    "romanian-deadlift": [
        "romanian deadlift", "rdl", "r d l", "romanian dead lift", "stiff leg deadlift",
        "stiff legged deadlift", "sldl", "romanian", "romanians", "barbell rdl",
    ],
    "barbell-row": [
        "barbell row", "bent over row", "bent over barbell row", "bb row", "pendlay row",
        "bent row", "barbell bent over row", "rows barbell", "yates row",
    ],
    "dumbbell-row": [
        "dumbbell row", "db row", "one arm row", "1 arm row", "1 arm dumbbell row", "one arm dumbbell row", "single arm row",
        "single arm dumbbell row", "kroc row", "bent over dumbbell row",
    ],
    "seated-cable-row": [
        "cable row", "seated row", "seated cable row", "low row", "cable rows", "seated cable rows",
        "machine row",
    ],
    "lat-pulldown": [
        "lat pulldown", "lat pull down", "pulldown", "pull down", "lat pull", "lat pulls",
        "wide grip pulldown", "lat machine", "pulldowns",
    ],
    "pull-up": ["pull up", "pullup", "pull ups", "wide grip pull up", "weighted pull up", "pullups"],
    "chin-up": ["chin up", "chinup", "chin ups", "weighted chin up"],
    "dip": ["dip", "dips", "parallel bar dip", "weighted dip", "tricep dip", "triceps dip", "chest dip"],
    "push-up": ["push up", "pushup", "press up", "pressup", "push ups"],
    "barbell-curl": ["barbell curl", "bb curl", "straight bar curl", "ez bar curl", "standing barbell curl"],
    "dumbbell-curl": [
        "dumbbell curl", "db curl", "bicep curl", "biceps curl", "curl", "curls", "dumbbell bicep curl",
        "dumbbell biceps curl", "bicep", "biceps", "arm curl",
    ],
    "hammer-curl": ["hammer curl", "hammer curls", "hammers", "dumbbell hammer curl"],
    "tricep-pushdown": [
        "tricep pushdown", "triceps pushdown", "pushdown", "push down", "tricep push down",
        "rope pushdown", "cable pushdown", "tricep extension cable", "triceps push down", "pressdown",
        "tricep pressdown",
    ],
    "skull-crusher": [
        "skull crusher", "skullcrusher", "lying tricep extension", "lying triceps extension",
        "ez bar skull crusher", "french press", "skull crushers", "skullcrushers",
    ],
    "lateral-raise": [
        "lateral raise", "side raise", "side lateral raise", "lat raise", "laterals", "side laterals",
        "dumbbell lateral raise", "lateral raises", "lateral",
    ],
    "face-pull": ["face pull", "facepull", "face pulls", "rope face pull", "cable face pull"],
    "cable-fly": [
        "cable fly", "cable flye", "cable crossover", "cable chest fly", "crossover", "crossovers",
        "cable flies", "pec fly", "chest fly", "fly", "flies", "flyes",
    ],
    "leg-press": ["leg press", "leg pressed", "sled press", "leg press machine"],
    "leg-extension": ["leg extension", "leg extensions", "quad extension", "knee extension", "leg ext"],
    "leg-curl": [
        "leg curl", "lying leg curl", "hamstring curl", "ham curl", "seated leg curl", "leg curls",
        "hamstring curls",
    ],
    "walking-lunge": [
        "walking lunge", "lunge", "lunges", "walking lunges", "dumbbell lunge", "db lunge",
        "dumbbell walking lunge",
    ],
    "bulgarian-split-squat": [
        "bulgarian split squat", "bulgarian", "bulgarians", "split squat", "bss", "rear foot elevated split squat",
        "bulgarian split squats", "bulgarian squat",
    ],
    "hip-thrust": ["hip thrust", "barbell hip thrust", "hip thrusts", "glute bridge", "hip thruster", "thrust"],
    "calf-raise": [
        "calf raise", "calf raises", "standing calf raise", "calves", "calf", "calf press",
        "seated calf raise", "calf raises machine",
    ],
    "plank": ["plank", "planks", "front plank", "planked", "forearm plank"],
    "hanging-leg-raise": [
        "hanging leg raise", "leg raise", "leg raises", "hanging knee raise", "knee raise",
        "toes to bar", "hanging leg raises",
    ],
    "power-clean": ["power clean", "clean", "cleans", "power cleans", "hang clean"],
    "kettlebell-swing": [
        "kettlebell swing", "kb swing", "swing", "swings", "kettle bell swing", "russian swing",
        "kettlebell swings",
    ],
    "farmers-walk": ["farmers walk", "farmer walk", "farmer's walk", "farmers carry", "farmer carry", "loaded carry"],
    "running": ["running", "run", "ran", "jog", "jogging", "jogged", "treadmill", "runs", "sprint", "sprints"],
    "cycling": [
        "cycling", "bike", "biking", "cycle", "cycled", "bicycle", "stationary bike", "spin bike",
        "spinning", "biked", "bike ride", "rode the bike", "peloton", "assault bike", "air bike",
    ],
    "rowing-machine": ["rowing machine", "rower", "rowing", "row machine", "erg", "rowed", "concept 2", "ergometer"],
    "jump-rope": ["jump rope", "skipping", "skipping rope", "jumping rope", "skip rope", "jump roping", "skipped rope"],
}

# Words that name a family, not one lift: the parser asks which one is meant.
AMBIGUOUS: dict[str, list[str]] = {
    "press": ["barbell-bench-press", "overhead-press", "leg-press"],
    "row": ["barbell-row", "dumbbell-row", "seated-cable-row"],
    "rows": ["barbell-row", "dumbbell-row", "seated-cable-row"],
    "raise": ["lateral-raise", "calf-raise", "hanging-leg-raise"],
    "raises": ["lateral-raise", "calf-raise", "hanging-leg-raise"],
    "extension": ["leg-extension", "skull-crusher"],
    "extensions": ["leg-extension", "skull-crusher"],
}

# The public-domain data set's entry that describes each core exercise (its facts seed ours).
CORE_SOURCE_IDS: dict[str, str] = {
    "barbell-bench-press": "Barbell_Bench_Press_-_Medium_Grip",
    "incline-barbell-bench-press": "Barbell_Incline_Bench_Press_-_Medium_Grip",
    "dumbbell-bench-press": "Dumbbell_Bench_Press",
    "incline-dumbbell-bench-press": "Incline_Dumbbell_Press",
    "overhead-press": "Standing_Military_Press",
    "dumbbell-shoulder-press": "Dumbbell_Shoulder_Press",
    "barbell-back-squat": "Barbell_Squat",
    "front-squat": "Front_Barbell_Squat",
    "goblet-squat": "Goblet_Squat",
    "hack-squat": "Hack_Squat",
    "deadlift": "Barbell_Deadlift",
    "sumo-deadlift": "Sumo_Deadlift",
    "romanian-deadlift": "Romanian_Deadlift",
    "barbell-row": "Bent_Over_Barbell_Row",
    "dumbbell-row": "One-Arm_Dumbbell_Row",
    "seated-cable-row": "Seated_Cable_Rows",
    "lat-pulldown": "Wide-Grip_Lat_Pulldown",
    "pull-up": "Pullups",
    "chin-up": "Chin-Up",
    "dip": "Dips_-_Triceps_Version",
    "push-up": "Pushups",
    "barbell-curl": "Barbell_Curl",
    "dumbbell-curl": "Dumbbell_Bicep_Curl",
    "hammer-curl": "Hammer_Curls",
    "tricep-pushdown": "Triceps_Pushdown",
    "skull-crusher": "EZ-Bar_Skullcrusher",
    "lateral-raise": "Side_Lateral_Raise",
    "face-pull": "Face_Pull",
    "cable-fly": "Cable_Crossover",
    "leg-press": "Leg_Press",
    "leg-extension": "Leg_Extensions",
    "leg-curl": "Lying_Leg_Curls",
    "walking-lunge": "Dumbbell_Lunges",
    "bulgarian-split-squat": "Split_Squat_with_Dumbbells",
    "hip-thrust": "Barbell_Hip_Thrust",
    "calf-raise": "Standing_Calf_Raises",
    "plank": "Plank",
    "hanging-leg-raise": "Hanging_Leg_Raise",
    "power-clean": "Power_Clean",
    "kettlebell-swing": "One-Arm_Kettlebell_Swings",
    "farmers-walk": "Farmers_Walk",
    "running": "Running_Treadmill",
    "cycling": "Bicycling",
    "rowing-machine": "Rowing_Stationary",
    "jump-rope": "Rope_Jumping",
}
